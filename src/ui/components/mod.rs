//! Pieces both faces use.

mod availability;
mod car_fields;
mod choices;
mod connection;
mod fields;
mod header;

pub use availability::AvailabilityPicker;
pub use car_fields::{CarFields, CarValues};
pub use choices::{ServicePicker, SymptomPicker};
pub use connection::ConnectionBanner;
pub use fields::{FieldError, FormAlert, Loading, Notice, SubmitButton, TextField};
pub use header::{LanguageSwitch, TopBar};
