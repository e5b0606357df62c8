//! Pieces both faces use.

mod availability;
mod booking_steps;
mod car_picker;
mod choices;
mod connection;
mod fields;
mod header;
mod sign_in_form;

pub use availability::AvailabilityPicker;
pub use booking_steps::{BookingSteps, Draft};
pub use car_picker::CarPicker;
pub use choices::{ServicePicker, SymptomPicker};
pub use connection::ConnectionBanner;
pub use fields::{FieldError, FormAlert, Loading, Notice, SubmitButton, TextField};
pub use header::{LanguageSwitch, TopBar};
pub use sign_in_form::{AccountField, SignInForm};
