//! Who may do what: the one place for access rules. Server functions, the photo routes and the
//! live-update routes all ask here.
//!
//! Two questions, always both:
//! - **the role**: may this kind of staff do this kind of work (`Duty`, a table tested role by
//!   role), or must the caller be a customer (`customer`)? Nobody signed in is "unauthorized",
//!   the wrong kind of account "forbidden". What each role may do *to a work order* is decided
//!   step by step by `domain::work_order::may_do`.
//! - **the scope**: may this person reach this record? A customer their own bookings, orders and
//!   complaints; staff what their placement covers (`domain::organisation`: an outlet, a
//!   region's outlets, or the whole group), their boards showing the outlet they work in; a
//!   link's holder the one record of the link, until it expires. Anything out of scope is "not
//!   found", exactly like a record that does not exist.
//!
//! Nothing here trusts an id or a role from the browser: the caller comes from the session,
//! loaded from the database for each request.

use super::auth::{AuthSession, SessionUser};
use super::db::{BookingRecord, ComplaintRecord, CustomerRecord, StaffRecord, WorkOrderRecord};
use super::services::catalog;
use super::{AppState, OrInternal};
use crate::domain::account::StaffRole;
use crate::domain::booking::BookingNumber;
use crate::domain::catalog::Outlet;
use crate::domain::complaint::{ComplaintKey, ComplaintNumber};
use crate::domain::ids::{LinkToken, OutletId};
use crate::domain::organisation::Placement;
use crate::domain::work_order::{WorkOrderEvent, WorkOrderNumber, WorkOrderStatus};
use crate::domain::AppError;

/// A kind of work, and which staff roles do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Working on orders: every role (each step is checked by `may_do`).
    WorkOrders,
    /// The reception desk: the day's bookings, arrivals, desk bookings, check-in, the dispatch
    /// board and the outbox.
    Reception,
    /// Closing the loop: complaints and follow-up calls.
    ClosingTheLoop,
    /// Running the outlet: its settings (policy numbers, hours, bays, closures).
    OutletSettings,
    /// The people they manage: accounts, roles, placement, passwords, certificates.
    People,
    /// The organisation itself: regions and outlets (headquarters).
    Organisation,
}

impl Duty {
    pub const ALL: [Duty; 6] = [
        Duty::WorkOrders,
        Duty::Reception,
        Duty::ClosingTheLoop,
        Duty::OutletSettings,
        Duty::People,
        Duty::Organisation,
    ];

    pub fn allows(self, role: StaffRole) -> bool {
        match self {
            Duty::WorkOrders => true,
            Duty::Reception => role.works_reception(),
            Duty::ClosingTheLoop => role.closes_the_loop(),
            Duty::OutletSettings | Duty::People => role.authority() >= 1,
            Duty::Organisation => role == StaffRole::HqAdmin,
        }
    }
}

/// The signed-in customer; `Unauthorized` when nobody is signed in, `Forbidden` for staff
/// (the portal's functions are for customers).
pub fn customer(auth: &AuthSession) -> Result<&CustomerRecord, AppError> {
    match &auth.user {
        Some(SessionUser::Customer(c)) => Ok(c),
        Some(SessionUser::Staff(_)) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}

/// The signed-in member of staff, if one of their roles does `duty`. Someone whose password a
/// manager set does nothing until they choose their own (`signed_in_staff` lets them).
pub fn staff(auth: &AuthSession, duty: Duty) -> Result<&StaffRecord, AppError> {
    let staff = signed_in_staff(auth)?;
    if staff.must_change_password {
        Err(AppError::PasswordChangeRequired)
    } else if staff.holds(|role| duty.allows(role)) {
        Ok(staff)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in member of staff, whatever their roles and password state.
pub fn signed_in_staff(auth: &AuthSession) -> Result<&StaffRecord, AppError> {
    match &auth.user {
        Some(SessionUser::Staff(s)) => Ok(s),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}

// ---------- Scope: the organisation ----------

/// The outlets this person reaches: their outlet, their region's, or the whole group's.
pub async fn outlets_reached(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<Outlet>, AppError> {
    Ok(catalog::outlets(state)
        .await?
        .into_iter()
        .filter(|o| o.group == staff.group_id && staff.placement.reaches_outlet(o.id, o.region))
        .collect())
}

/// Whether this person manages (an outlet's manager or above): they see their outlets'
/// people's scorecards, not only their own.
pub fn manages(staff: &StaffRecord) -> bool {
    staff.holds(|role| Duty::OutletSettings.allows(role))
}

/// Whether this person sets the group's own policies and targets (headquarters).
pub fn sets_group_policy(staff: &StaffRecord) -> bool {
    staff.holds(|role| Duty::Organisation.allows(role))
}

/// Whether this person reaches the outlet's records.
pub async fn reaches_outlet(
    state: &AppState,
    staff: &StaffRecord,
    outlet: OutletId,
) -> Result<bool, AppError> {
    // Outlet staff (most requests, and every live re-read of an order) need no outlet list.
    if let Placement::Outlet(own) = staff.placement {
        return Ok(own == outlet);
    }
    Ok(outlets_reached(state, staff)
        .await?
        .iter()
        .any(|o| o.id == outlet))
}

// ---------- Scope: work orders ----------

/// The order with this number if `visible` to the caller; anything else is "not found".
pub async fn order_where(
    state: &AppState,
    number: &WorkOrderNumber,
    visible: impl FnOnce(&WorkOrderRecord) -> bool,
) -> Result<WorkOrderRecord, AppError> {
    state
        .repo()
        .work_order_by_number(number)
        .await
        .or_internal()?
        .filter(visible)
        .ok_or(AppError::NotFound)
}

/// An order of an outlet the staff member reaches.
pub async fn order_here(
    state: &AppState,
    staff: &StaffRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderRecord, AppError> {
    let order = order_where(state, number, |_| true).await?;
    match reaches_outlet(state, staff, order.outlet_id).await? {
        true => Ok(order),
        false => Err(AppError::NotFound),
    }
}

/// The customer's own order.
pub async fn order_of_customer(
    state: &AppState,
    customer: &CustomerRecord,
    number: &WorkOrderNumber,
) -> Result<WorkOrderRecord, AppError> {
    order_where(state, number, |o| o.customer_id == customer.id).await
}

/// The order as whoever is signed in may see it: its owner, or staff of its outlet. Anyone
/// else (and a number that does not exist) gets "not found"; nobody signed in, "unauthorized".
pub async fn order_for_viewer(
    state: &AppState,
    viewer: Option<&SessionUser>,
    number: &WorkOrderNumber,
) -> Result<WorkOrderRecord, AppError> {
    match viewer {
        Some(SessionUser::Customer(customer)) => order_of_customer(state, customer, number).await,
        Some(SessionUser::Staff(staff)) if staff.must_change_password => {
            Err(AppError::PasswordChangeRequired)
        }
        Some(SessionUser::Staff(staff)) => order_here(state, staff, number).await,
        None => Err(AppError::Unauthorized),
    }
}

/// The order a tracking link names.
pub async fn order_by_token(
    state: &AppState,
    token: &LinkToken,
) -> Result<WorkOrderRecord, AppError> {
    let repo = state.repo();
    let order = state
        .views
        .order_with_token(state, token)
        .await?
        .ok_or(AppError::NotFound)?;
    // The link stops working the outlet's number of days after delivery: an expired link is
    // one that leads nowhere.
    if order.status == WorkOrderStatus::Delivered {
        let days = repo
            .repair_policy(order.outlet_id)
            .await
            .or_internal()?
            .tracking_link_days;
        let delivered_at = repo
            .work_order_events(order.id)
            .await
            .or_internal()?
            .iter()
            .rev()
            .find(|e| e.event == Some(WorkOrderEvent::Deliver))
            .map(|e| e.at);
        if delivered_at
            .is_some_and(|at| state.clock.now() > at + chrono::Duration::days(i64::from(days)))
        {
            return Err(AppError::NotFound);
        }
    }
    Ok(order)
}

// ---------- Scope: bookings ----------

/// A booking by the number the caller sent, if `visible` to the caller; a malformed number,
/// a booking that does not exist and one the caller may not see all answer "not found".
pub async fn booking_for(
    state: &AppState,
    number: &BookingNumber,
    visible: impl Fn(&BookingRecord) -> bool,
) -> Result<BookingRecord, AppError> {
    state
        .repo()
        .booking_by_number(number)
        .await
        .or_internal()?
        .filter(visible)
        .ok_or(AppError::NotFound)
}

/// The customer's own booking by number.
pub async fn own_booking(
    state: &AppState,
    customer: &CustomerRecord,
    number: &BookingNumber,
) -> Result<BookingRecord, AppError> {
    booking_for(state, number, |b| b.customer_id == customer.id).await
}

// ---------- Scope: complaints ----------

/// The complaint a customer names: their own by number (signed in), or the link's.
pub async fn customer_complaint(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
) -> Result<ComplaintRecord, AppError> {
    let repo = state.repo();
    match key {
        ComplaintKey::Token(token) => repo
            .complaint_by_token(LinkToken::parse(token)?.as_str())
            .await
            .or_internal()?
            .ok_or(AppError::NotFound),
        ComplaintKey::Number(number) => {
            let customer = match caller {
                Some(SessionUser::Customer(c)) => c,
                Some(SessionUser::Staff(_)) => return Err(AppError::Forbidden),
                None => return Err(AppError::Unauthorized),
            };
            repo.complaint_by_number(&ComplaintNumber::parse(number)?)
                .await
                .or_internal()?
                .filter(|c| c.customer_id == customer.id)
                .ok_or(AppError::NotFound)
        }
    }
}

/// The outlets whose complaints and follow-up calls a handler works: those their placement
/// reaches (the customer-service desk at headquarters the whole group, at a region its
/// outlets, at an outlet that outlet; a manager what they manage). Nobody else's.
pub async fn handled_outlets(
    state: &AppState,
    staff: &StaffRecord,
) -> Result<Vec<Outlet>, AppError> {
    if staff.holds(StaffRole::closes_the_loop) {
        outlets_reached(state, staff).await
    } else {
        Ok(Vec::new())
    }
}

/// One of the complaints the handler works.
pub async fn outlet_complaint(
    state: &AppState,
    staff: &StaffRecord,
    number: &ComplaintNumber,
) -> Result<ComplaintRecord, AppError> {
    let outlets = handled_outlets(state, staff).await?;
    state
        .repo()
        .complaint_by_number(number)
        .await
        .or_internal()?
        .filter(|c| outlets.iter().any(|o| o.id == c.outlet_id))
        .ok_or(AppError::NotFound)
}

/// The complaint as this caller reaches it: a handler by its number (with who they are, for
/// the record), anyone else as its customer (signed in, or through the link).
pub async fn reached<'a>(
    state: &AppState,
    caller: Option<&'a SessionUser>,
    key: &ComplaintKey,
) -> Result<(ComplaintRecord, Option<&'a StaffRecord>), AppError> {
    match (caller, key) {
        (Some(SessionUser::Staff(staff)), ComplaintKey::Number(number)) => {
            if staff.must_change_password {
                return Err(AppError::PasswordChangeRequired);
            }
            if !staff.holds(StaffRole::closes_the_loop) {
                return Err(AppError::Forbidden);
            }
            let number = ComplaintNumber::parse(number)?;
            Ok((outlet_complaint(state, staff, &number).await?, Some(staff)))
        }
        _ => Ok((customer_complaint(state, caller, key).await?, None)),
    }
}

/// The complaint if this caller may watch it: its handlers by number, its customer signed in
/// or through the link (the live page's stream).
pub async fn complaint_for_viewer(
    state: &AppState,
    caller: Option<&SessionUser>,
    key: &ComplaintKey,
) -> Result<ComplaintRecord, AppError> {
    reached(state, caller, key).await.map(|(record, _)| record)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role against every duty: the table the console's menus and the server agree on.
    #[test]
    fn each_role_does_exactly_its_duties() {
        use StaffRole as R;
        let table = [
            (R::ServiceAdvisor, [true, true, false, false, false, false]),
            (R::Technician, [true, false, false, false, false, false]),
            (
                R::QualityInspector,
                [true, false, false, false, false, false],
            ),
            (
                R::CustomerServiceManager,
                [true, false, true, false, false, false],
            ),
            (R::Admin, [true, true, true, true, true, false]),
            (R::RegionalManager, [true, true, true, true, true, false]),
            (R::HqAdmin, [true, true, true, true, true, true]),
        ];
        assert_eq!(
            table.len(),
            StaffRole::ALL.len(),
            "every role is in the table"
        );
        for (role, expected) in table {
            let actual = Duty::ALL.map(|duty| duty.allows(role));
            assert_eq!(actual, expected, "{role:?}");
        }
    }
}
