//! A step a member of staff asks for, and the completion certificate number a passed
//! inspection records.

use super::{optional_text, WorkOrderEvent, TEXT_MAX};
use crate::domain::error::{AppError, Field, Problem};
use crate::domain::identity::bounded_text;
use serde::{Deserialize, Serialize};

/// A step a member of staff asks for on a work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRequest {
    pub event: WorkOrderEvent,
    /// Why (required for pauses, failed inspections and cancellations).
    pub note: String,
    /// Dispatch: the technician chosen (by the advisor, from the board's list).
    pub technician: Option<crate::domain::ids::TechnicianId>,
    /// Passing the inspection: the completion certificate number, where the category needs one.
    pub certificate_number: String,
    /// Delivery: the odometer when the car leaves.
    pub odometer_out_km: String,
}

impl StepRequest {
    pub fn plain(event: WorkOrderEvent) -> Self {
        Self {
            event,
            note: String::new(),
            technician: None,
            certificate_number: String::new(),
            odometer_out_km: String::new(),
        }
    }

    pub fn with_note(mut self, note: &str) -> Self {
        self.note = note.to_string();
        self
    }

    /// The note, required when the step needs a reason.
    pub fn parsed_note(&self) -> Result<String, AppError> {
        if self.event.needs_reason() {
            bounded_text(&self.note, TEXT_MAX).map_err(|p| AppError::invalid(Field::Note, p))
        } else {
            optional_text(&self.note, Field::Note, TEXT_MAX)
        }
    }
}

/// A completion certificate number (竣工出厂合格证编号) as the inspector types it.
pub fn parse_certificate(input: &str) -> Result<String, AppError> {
    let number = input.trim().to_ascii_uppercase();
    if number.is_empty() {
        return Err(AppError::invalid(Field::Certificate, Problem::Required));
    }
    let ok = (4..=32).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(number)
    } else {
        Err(AppError::invalid(
            Field::Certificate,
            Problem::CertificateFormat,
        ))
    }
}
