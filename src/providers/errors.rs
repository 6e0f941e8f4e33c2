//! What a failed read means for the sections that needed it, in provider-neutral terms.
//!
//! Each provider has one classifier (`aws::errors::classify`) from its own error codes to an
//! [`ErrorClass`], used by both its live collector and its export importer, so the same refusal
//! gives the same `unavailable` kind whichever way the data came in.

use crate::model::{Unavailable, UnavailableKind};

/// A classified error: the `unavailable` kind it makes its sections, and a one-line message
/// (`code: message`) for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorClass {
    pub kind: UnavailableKind,
    pub message: String,
}

impl ErrorClass {
    /// The reason, with `context` (a file name...) before the message when given.
    pub fn unavailable(self, context: Option<&str>) -> Unavailable {
        Unavailable {
            kind: self.kind,
            message: match context {
                Some(c) => format!("{c}: {}", self.message),
                None => self.message,
            },
        }
    }
}
