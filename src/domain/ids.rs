//! Typed ids: an `OutletId` can never be passed where a `CarId` is expected.
//!
//! They are database keys. The browser may send them back (to pick an outlet or a car), but
//! the server never trusts them: every query that takes one is scoped by the caller's identity.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// A dealer group (headquarters): one installation serves one group.
    GroupId,
    /// An outlet (网点) where the work is done.
    OutletId,
    /// A car owner with a portal account or a record made at the desk.
    CustomerId,
    /// A car of a customer.
    CarId,
    /// A member of staff (advisor, technician, inspector, customer-service manager, admin).
    StaffId,
    /// A bookable service type (maintenance, repair, inspection...).
    ServiceTypeId,
    /// A booking's key; never shown to users, who see its `BookingNumber`.
    BookingId,
    /// A work order's key; users see its `WorkOrderNumber`.
    WorkOrderId,
    /// A technician at an outlet (the dispatch board's choice).
    TechnicianId,
    /// One line of a work order's estimate.
    LineId,
    /// A photo kept with a work order (walk-around or finding).
    PhotoId,
    /// A follow-up task (回访) of the customer-service manager.
    FollowUpId,
    /// A complaint's key; users see its `ComplaintNumber`.
    ComplaintId,
);
