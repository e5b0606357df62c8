//! `AppError`: the one error type that crosses the server-function boundary.
//!
//! It carries codes, never sentences: the browser turns each code into a sentence in the user's
//! language (`ui::errors`). Internal failures reach the browser only as an id to quote to
//! support; the detail is logged on the server under that id (`server::error`).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a request, as seen by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One input is wrong; the form shows `problem` next to `field`.
    #[error("invalid {field:?}: {problem:?}")]
    Validation { field: Field, problem: Problem },
    /// Not signed in, or the session has expired.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but this role or account may not do this.
    #[error("forbidden")]
    Forbidden,
    /// A manager set this person's password: they choose their own before anything else.
    #[error("password change required")]
    PasswordChangeRequired,
    /// Wrong account name or password (never says which).
    #[error("wrong credentials")]
    BadCredentials,
    /// Too many failed attempts (or codes asked for) from this address; try again after
    /// the wait, which grows with every further failure.
    #[error("too many attempts, retry in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: u32 },
    /// The thing does not exist, or the caller may not see it (never tells which).
    #[error("not found")]
    NotFound,
    /// The request is valid but the current state does not allow it.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// The request could not be read (malformed arguments).
    #[error("bad request")]
    BadRequest,
    /// The browser could not reach the server.
    #[error("server unreachable")]
    Network,
    /// The text message (a one-time code) could not be handed to the SMS gateway; nothing
    /// was changed, and asking again may work.
    #[error("text message not sent")]
    MessageNotSent,
    /// Our fault. `id` is logged with the detail on the server.
    #[error("internal error {id}")]
    Internal { id: String },
}

impl AppError {
    pub fn invalid(field: Field, problem: Problem) -> Self {
        Self::Validation { field, problem }
    }

    /// The field this error belongs next to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Validation { field, .. } => Some(*field),
            _ => None,
        }
    }
}

/// The form fields a validation problem can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Phone,
    Password,
    Name,
    Username,
    Plate,
    Vin,
    Mileage,
    Model,
    Outlet,
    Car,
    Services,
    Symptoms,
    Description,
    Date,
    Window,
    CustomerType,
    RepairCategory,
    Odometer,
    Fuel,
    CustomerWords,
    Expectations,
    WalkAround,
    PromisedAt,
    OldParts,
    Note,
    Technician,
    Certificate,
    Item,
    Reason,
    Hours,
    Rate,
    PartCode,
    Origin,
    Quantity,
    UnitPrice,
    Brand,
    Spec,
    Unit,
    FeeKind,
    Amount,
    Decisions,
    Signature,
    Photo,
    ReworkOf,
    Method,
    Nps,
    Attitude,
    Professionalism,
    Timeliness,
    PriceTransparency,
    RepairQuality,
    Comment,
    Outcome,
    Satisfaction,
    Category,
    WhatHappened,
    Wish,
    Message,
    Severity,
    Responsibility,
    Resolution,
    Complaint,
    Order,
    /// The one-time code texted to the phone.
    Code,
    /// A number of the outlet's policy (the settings page).
    Policy(crate::domain::outlet_settings::PolicyNumber),
    /// A weekday's opening hours, Monday = 0.
    Weekday(u8),
    /// A closure's first and last day.
    FirstDay,
    LastDay,
    /// How many bays the outlet has.
    Bays,
    Roles,
    Placement,
    ExperienceSince,
    Skill,
    Issuer,
    CertificateNo,
    ValidFrom,
    ValidUntil,
    NameZh,
    NameEn,
    AddressZh,
    AddressEn,
    Region,
    Opens,
    Closes,
    OpenDays,
    /// The person a manager acts on (themselves, say).
    StaffMember,
    NewPassword,
    /// The new password typed a second time.
    PasswordAgain,
    Course,
    FinishedOn,
    Score,
    Period,
    /// The n-th of a form's like entries: an assessment's score (`Criterion::ALL`'s order), an
    /// indicator's target (`Kpi::ALL`'s), a service points' weight (`PointsFor::ALL`'s).
    Entry(u8),
    /// How long a catalogue service takes in the bay.
    Duration,
    /// An improvement action's problem, cause, plan, owner, due day and what was done.
    Issue,
    Cause,
    Plan,
    Owner,
    DueOn,
    Done,
}

impl Field {
    /// A form's like entries (`Entry(0)`…`Entry(23)`), for a form that shows their errors at
    /// the entries themselves.
    pub const ENTRIES: [Field; 24] = {
        let mut fields = [Field::Entry(0); 24];
        let mut i = 0;
        while i < 24 {
            fields[i] = Field::Entry(i as u8);
            i += 1;
        }
        fields
    };
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: u32,
    },
    TooShort {
        min: u32,
    },
    /// Not an 11-digit mainland mobile number.
    PhoneFormat,
    /// Not a Chinese plate (province + letter + 5 characters, or 6 for new-energy).
    PlateFormat,
    /// Not 17 characters of A–Z and 0–9 without I, O and Q.
    VinFormat,
    /// Mileage outside 0..=2,000,000 km or not a whole number.
    MileageRange,
    /// A user name that is not 3–32 letters, digits, `.`, `_` or `-`.
    UsernameFormat,
    /// A date before today.
    DateInPast,
    /// A date beyond the outlet's booking horizon.
    DateBeyondHorizon {
        days: u32,
    },
    /// A time window that has passed or starts within the outlet's notice period.
    WindowInPast,
    /// Not a window the outlet offers for these services (closed, or not on the grid).
    WindowNotOffered,
    /// No outlet, car or service with that id for this caller.
    UnknownChoice,
    /// No technician at the outlet can do all the chosen services.
    NoQualifiedTechnician,
    /// The mobile number already has a portal account.
    PhoneAlreadyRegistered,
    /// Not the six digits of a one-time code.
    CodeFormat,
    /// Not the code that was texted; `tries_left` more before it stops working.
    CodeWrong {
        tries_left: u32,
    },
    /// No code is waiting for this number (expired, used or tried too often): ask for a new one.
    CodeExpired,
    /// The number has no portal account (to reset a password): register instead.
    NoAccountForPhone,
    /// This customer already has a car with that plate.
    PlateAlreadyAdded,
    /// The car already has a booking overlapping this window.
    CarAlreadyBooked,
    /// A number outside the allowed range.
    OutOfRange,
    /// Not an amount with at most two decimals, or above the limit.
    AmountFormat,
    /// Lower than the car's last recorded odometer reading.
    OdometerBelowLast {
        km: u32,
    },
    /// Not 4–32 letters, digits or `-`.
    CertificateFormat,
    /// Every item waiting for a decision must be approved or declined.
    DecideEveryItem,
    /// Not a signature drawn on the pad.
    SignatureFormat,
    /// That technician cannot do this job (missing skills) or is not at this outlet.
    TechnicianNotQualified,
    /// Not a JPEG, PNG or WebP picture.
    PhotoType,
    /// A picture larger than `max_kb` kilobytes.
    PhotoTooLarge {
        max_kb: u32,
    },
    /// The order already has the most photos it may keep.
    TooManyPhotos {
        max: u32,
    },
    /// A rework must name a delivered order of the same car.
    ReworkNotDelivered,
    /// The mobile number is not the one the work order was opened under.
    PhoneNotOnOrder,
    /// A free rework needs the complaint to be about a delivered order.
    NoOrderToRework,
    /// A whole number from `min` to `max`.
    NotBetween {
        min: u32,
        max: u32,
    },
    /// A last day before the first.
    BeforeFirstDay,
    /// Closing time not after opening time.
    ClosesBeforeOpening,
    /// Not a time of day (`HH:MM`).
    TimeFormat,
    /// Not a day (`YYYY-MM-DD`).
    DateFormat,
    /// A role that is not held at the chosen level (a technician at headquarters).
    RoleNotAtLevel,
    /// A place or a person the manager does not reach.
    OutsideYourScope,
    /// A role above the manager's own authority.
    MoreThanYouHold,
    /// A region's or outlet's code: 2–16 of A–Z, 0–9 and `-`.
    CodeLetters,
    AlreadyTaken,
    /// A manager cannot deactivate, reset or re-role themselves (they would lock themselves
    /// out, or grant themselves more).
    NotYourself,
    /// A technician's certificate for a skill the job needs has expired.
    CertificateExpired,
    /// The current password typed to change it is not theirs.
    PasswordWrong,
    /// The new password is the one-time password again.
    SameAsBefore,
    /// The new password typed twice differently.
    PasswordsDiffer,
    /// A technician with open jobs cannot move or stop being a technician until they are
    /// handed over.
    HasOpenJobs,
    /// A day after today where only a past one makes sense.
    DateInFuture,
    /// A quarter: `2026-Q4`.
    PeriodFormat,
    /// A service's code: 2–32 of a–z, 0–9, `_` and `-`.
    ServiceCodeLetters,
    /// The dashboard's period: a month (`2026-11`) or a quarter (`2026-Q4`).
    MonthOrQuarter,
    /// A number from `min` to `max` with at most one decimal (an indicator's target).
    DecimalBetween {
        min: i32,
        max: i32,
    },
}

/// Why a valid request cannot be done in the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// A customer cannot erase their data while a booking, an order or a complaint of theirs is
    /// still open: the outlet needs to reach them until it is done.
    StillBeingServed,
    /// Customers may change a booking only until `hours` before its start (outlet policy).
    CutoffPassed { hours: u32 },
    /// The booking's status does not allow this step (for example it is already cancelled).
    BookingClosed,
    /// A no-show can only be recorded once the booked time has begun.
    NoShowTooEarly,
    /// Arrival can only be recorded on the booked day.
    ArrivalNotToday,
    /// A no-show's place was given to another booking meanwhile: receiving the late customer
    /// in that window would overbook it (book them a new time instead).
    NoCapacityLeft,
    /// This step is not possible in the work order's current status.
    IllegalStep {
        status: crate::domain::work_order::WorkOrderStatus,
        event: crate::domain::work_order::WorkOrderEvent,
    },
    /// This step is not possible in the complaint's current stage.
    IllegalComplaintStep {
        stage: crate::domain::complaint::ComplaintStage,
        event: crate::domain::complaint::ComplaintEvent,
    },
    /// The follow-up task was recorded already (by someone else, or in another tab).
    FollowUpDone,
    /// Someone else moved the complaint on meanwhile: reload and try again.
    ComplaintChanged,
    /// Someone else changed the work order meanwhile: reload and try again.
    WorkOrderChanged,
    /// Someone else changed the service's standard parts meanwhile: reload and try again.
    CatalogueChanged,
    /// The improvement action moved on meanwhile (someone else took its step).
    ActionChanged,
    /// The improvement action's stage does not allow this step.
    ActionStage,
    /// The booking was already received into a work order.
    AlreadyCheckedIn,
    /// Nothing is waiting for the customer's approval.
    NothingToApprove,
    /// Items are still waiting for the customer: finish only after their decision.
    ApprovalPending,
    /// Estimate lines can be added only while the order is open for work.
    EstimateClosed,
    /// The repair category needs a completion certificate, and none was issued.
    CertificateMissing,
    /// The outlet's prices changed since the initial estimate was shown: the customer must
    /// consent to the new total.
    EstimateRepriced,
    /// Fair use: a customer keeps at most `max` cars on the portal.
    TooManyCars { max: u32 },
    /// Fair use: at most `max` coming bookings at once at this outlet.
    TooManyActiveBookings { max: u32 },
    /// Fair use: at most `max` of the customer's cars in one window.
    TooManyInWindow { max: u32 },
    /// Fair use: at most `max` complaints a day (call the outlet for more).
    TooManyComplaintsToday { max: u32 },
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => Self::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => Self::BadRequest,
            // On the server, a body that does not decode is the caller's malformed request.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => Self::BadRequest,
            // Everything else is a framework failure; there is no server-side detail to point at.
            other => Self::Internal {
                id: match other {
                    ServerFnErrorErr::Deserialization(_) => "client-decode".into(),
                    ServerFnErrorErr::Serialization(_) => "client-encode".into(),
                    _ => "framework".into(),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_error_survives_the_json_round_trip() {
        let original = AppError::invalid(Field::Plate, Problem::PlateFormat);
        let wire = serde_json::to_string(&original).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&wire).unwrap(), original);
    }

    #[test]
    fn a_network_failure_is_reported_as_network_not_internal() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert_eq!(e, AppError::Network);
    }
}
