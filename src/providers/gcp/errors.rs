//! Google API errors → what they make a section: the one classifier the live collector (HTTP
//! responses) and the export importer (an error body saved in place of the output) share.
//!
//! - not_in_use: the API is not enabled in the project (`SERVICE_DISABLED` in the error's
//!   `ErrorInfo` reason, or a 403 whose message says the API "has not been used … or it is
//!   disabled");
//! - access_denied: `PERMISSION_DENIED`, `UNAUTHENTICATED`, insufficient OAuth scopes (the
//!   Workspace APIs without an admin's scopes), the Admin SDK's "Not Authorized", or a bare
//!   401/403;
//! - error: anything else (`NOT_FOUND`, `INVALID_ARGUMENT`, 429/5xx after retries).

use crate::model::UnavailableKind;
use crate::providers::errors::ErrorClass;
use serde::Deserialize;

/// A Google error body: `{"error": {"code": 403, "message": …, "status": …, "details": […]}}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ErrorDetail {
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub details: Vec<serde_json::Value>,
    /// The Admin SDK's older shape: `errors: [{reason, message}]`.
    #[serde(default)]
    pub errors: Vec<serde_json::Value>,
}

impl ErrorBody {
    /// Parses a Google error body; `None` for anything else (including other clouds' errors,
    /// whose `code` is a string).
    pub fn parse(text: &str) -> Option<ErrorBody> {
        serde_json::from_str::<ErrorBody>(text)
            .ok()
            .filter(|b| b.error.code.is_some() || b.error.status.is_some())
    }

    /// The first `reason` in `details` (`ErrorInfo`) or `errors`.
    pub fn reason(&self) -> Option<&str> {
        self.error
            .details
            .iter()
            .chain(&self.error.errors)
            .find_map(|d| d.get("reason")?.as_str())
    }

    pub fn class(&self) -> ErrorClass {
        classify(
            self.error.status.as_deref(),
            self.reason(),
            self.error.message.as_deref(),
            self.error.code,
        )
    }
}

/// Classifies a Google error by its status, reason, message and HTTP code.
pub fn classify(
    status: Option<&str>,
    reason: Option<&str>,
    message: Option<&str>,
    http: Option<u16>,
) -> ErrorClass {
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    let text = message.unwrap_or("no error message");
    let disabled = reason == Some("SERVICE_DISABLED")
        || (http == Some(403)
            && (text.contains("has not been used in project") || text.contains("it is disabled")));
    let label = |code: &str| format!("{code}: {text}");
    if disabled {
        return ErrorClass {
            kind: UnavailableKind::NotInUse,
            message: label("SERVICE_DISABLED"),
        };
    }
    let denied_status = matches!(status, Some("PERMISSION_DENIED" | "UNAUTHENTICATED"));
    let denied_reason = matches!(
        reason,
        Some(
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
                | "IAM_PERMISSION_DENIED"
                | "insufficientPermissions"
                | "forbidden"
                | "authError"
        )
    );
    if denied_status || denied_reason || matches!(http, Some(401 | 403)) {
        let code = status
            .or(reason)
            .map(str::to_string)
            .unwrap_or_else(|| format!("HTTP {}", http.unwrap_or(403)));
        return ErrorClass {
            kind: UnavailableKind::AccessDenied,
            message: label(&code),
        };
    }
    let code = status
        .map(str::to_string)
        .or_else(|| http.map(|h| format!("HTTP {h}")))
        .unwrap_or_else(|| "error".into());
    ErrorClass {
        kind: UnavailableKind::Error,
        message: label(&code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UnavailableKind::*;

    #[test]
    fn permission_denied_and_service_disabled_are_distinct() {
        let denied = ErrorBody::parse(
            r#"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#,
        )
        .unwrap()
        .class();
        assert_eq!(denied.kind, AccessDenied);
        assert_eq!(
            denied.message,
            "PERMISSION_DENIED: The caller does not have permission"
        );
        let disabled = ErrorBody::parse(
            r#"{"error":{"code":403,"message":"Cloud Monitoring API has not been used in project 123 before or it is disabled.","status":"PERMISSION_DENIED",
                "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com"}]}}"#,
        )
        .unwrap()
        .class();
        assert_eq!(disabled.kind, NotInUse);
        assert!(disabled.message.starts_with("SERVICE_DISABLED: "));
        let scopes = ErrorBody::parse(
            r#"{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#,
        )
        .unwrap()
        .class();
        assert_eq!(scopes.kind, AccessDenied);
        let admin = ErrorBody::parse(
            r#"{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"reason":"forbidden"}]}}"#,
        )
        .unwrap()
        .class();
        assert_eq!(admin.kind, AccessDenied);
        assert_eq!(
            admin.message,
            "forbidden: Not Authorized to access this resource/api"
        );
    }

    #[test]
    fn other_errors_and_other_shapes() {
        let nf = classify(Some("NOT_FOUND"), None, Some("gone"), Some(404));
        assert_eq!(nf.kind, Error);
        assert_eq!(nf.message, "NOT_FOUND: gone");
        assert_eq!(classify(None, None, None, Some(503)).kind, Error);
        assert_eq!(
            classify(None, None, Some("x"), Some(401)).kind,
            AccessDenied
        );
        // Microsoft Graph errors carry a string code: not ours.
        assert!(ErrorBody::parse(
            r#"{"error":{"code":"Authorization_RequestDenied","message":"x"}}"#
        )
        .is_none());
        assert!(ErrorBody::parse(r#"{"bindings":[]}"#).is_none());
    }
}
