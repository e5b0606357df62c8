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
    /// Outlet manager (stored as `admin`): the outlet's staff, settings and KPIs.
    Admin,
    /// 区域经理: a region's outlets; reads everything there and acts as their outlet manager.
    RegionalManager,
    /// 总部管理员: the whole group: policies, regions, outlets, every KPI.
    HqAdmin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 7] = [
        Self::ServiceAdvisor,
        Self::Technician,
        Self::QualityInspector,
        Self::CustomerServiceManager,
        Self::Admin,
        Self::RegionalManager,
        Self::HqAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ServiceAdvisor => "service_advisor",
            Self::Technician => "technician",
            Self::QualityInspector => "quality_inspector",
            Self::CustomerServiceManager => "customer_service_manager",
            Self::Admin => "admin",
            Self::RegionalManager => "regional_manager",
            Self::HqAdmin => "hq_admin",
        }
    }

    /// Who closes the loop with customers: complaints and follow-up calls (the customer-service
    /// manager, and the managers for what they reach).
    pub fn closes_the_loop(self) -> bool {
        match self {
            Self::CustomerServiceManager | Self::Admin | Self::RegionalManager | Self::HqAdmin => {
                true
            }
            Self::ServiceAdvisor | Self::Technician | Self::QualityInspector => false,
        }
    }

    /// Who runs the reception desk: sees the day's bookings, records arrivals, books for callers.
    /// Regional and headquarters managers act as outlet managers where they work.
    pub fn works_reception(self) -> bool {
        match self {
            Self::ServiceAdvisor | Self::Admin | Self::RegionalManager | Self::HqAdmin => true,
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
    /// The portal reads only a member of staff's name (the phone's bundle carries no code to
    /// read the rest, which the console alone uses).
    Staff {
        name: String,
        username: String,
        #[cfg_attr(feature = "portal", serde(skip_deserializing))]
        roles: super::organisation::Roles,
        /// The outlet whose boards they work; `None` for a region without outlets.
        #[cfg_attr(feature = "portal", serde(skip_deserializing))]
        outlet: Option<WorkPlace>,
        /// The outlets a regional or headquarters person may switch to (empty for outlet staff).
        #[cfg_attr(feature = "portal", serde(skip_deserializing))]
        outlets: Vec<WorkPlace>,
        /// A manager set their password: the console asks for their own first.
        #[cfg_attr(feature = "portal", serde(skip_deserializing))]
        must_change_password: bool,
    },
}

/// An outlet someone works in, as the console's switcher names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPlace {
    pub id: super::ids::OutletId,
    pub name: Localized,
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
    fn only_advisors_and_managers_work_the_reception_desk() {
        let desk: Vec<_> = StaffRole::ALL
            .into_iter()
            .filter(|r| r.works_reception())
            .collect();
        assert_eq!(
            desk,
            [
                StaffRole::ServiceAdvisor,
                StaffRole::Admin,
                StaffRole::RegionalManager,
                StaffRole::HqAdmin
            ]
        );
    }
}
