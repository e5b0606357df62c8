//! Accounts: the staff roles and what the browser learns about who is signed in.

use super::catalog::Localized;
use super::vehicle::Car;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A staff member's role. Checked on the server in every server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffRole {
    /// 服务专员 / 业务接待: reception, bookings, work orders.
    ServiceAdvisor,
    /// 服务工程师: diagnosis and repair.
    Technician,
    /// 质量检验员: completion inspection and certificate.
    QualityInspector,
    /// 客户服务经理: complaints, follow-up visits, surveys.
    CustomerServiceManager,
    /// Outlet manager / administrator: staff, policies, KPIs.
    Admin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        Self::ServiceAdvisor,
        Self::Technician,
        Self::QualityInspector,
        Self::CustomerServiceManager,
        Self::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ServiceAdvisor => "service_advisor",
            Self::Technician => "technician",
            Self::QualityInspector => "quality_inspector",
            Self::CustomerServiceManager => "customer_service_manager",
            Self::Admin => "admin",
        }
    }

    /// Who closes the loop with customers: complaints and follow-up calls (the customer-service
    /// manager, and the outlet manager for their outlet).
    pub fn closes_the_loop(self) -> bool {
        match self {
            Self::CustomerServiceManager | Self::Admin => true,
            Self::ServiceAdvisor | Self::Technician | Self::QualityInspector => false,
        }
    }

    /// Who runs the reception desk: sees the day's bookings, records arrivals, books for callers.
    pub fn works_reception(self) -> bool {
        match self {
            Self::ServiceAdvisor | Self::Admin => true,
            Self::Technician | Self::QualityInspector | Self::CustomerServiceManager => false,
        }
    }
}

impl FromStr for StaffRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?}"))
    }
}

/// Who is signed in, as the browser may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Me {
    Customer {
        name: String,
        phone_masked: String,
    },
    Staff {
        name: String,
        username: String,
        role: StaffRole,
        outlet_name: Localized,
    },
}

/// A customer as the advisor finds them by phone at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCard {
    pub name: String,
    pub phone_masked: String,
    /// False for records made at the desk whose owner has not registered on the portal.
    pub has_portal_account: bool,
    pub cars: Vec<Car>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_stored_name() {
        for role in StaffRole::ALL {
            assert_eq!(role.as_str().parse::<StaffRole>(), Ok(role));
        }
    }

    #[test]
    fn only_advisors_and_admins_work_the_reception_desk() {
        let desk: Vec<_> = StaffRole::ALL
            .into_iter()
            .filter(|r| r.works_reception())
            .collect();
        assert_eq!(desk, [StaffRole::ServiceAdvisor, StaffRole::Admin]);
    }
}
