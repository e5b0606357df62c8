//! The time, injectable: tests pin it to check cut-offs and day boundaries.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stands still at `at` until moved.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(Mutex::new(at))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.fixed {
            let mut at = at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *at += by;
        }
    }
}
