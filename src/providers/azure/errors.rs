//! Microsoft Graph and ARM error codes → what they make a section: the one classifier the live
//! collector (an HTTP status and the `{"error": {"code", "message"}}` body) and the export
//! importer (the same body saved by `az rest` in place of data) share.
//!
//! - not_licensed: the tenant lacks the Entra ID P1/P2 or Governance licence the data needs —
//!   `Authentication_RequestFromNonPremiumTenantOrB2CTenant` (sign-in activity, reports),
//!   `AadPremiumLicenseRequired` (PIM), and messages that say the tenant needs a premium
//!   licence or "is not licensed for this feature" (Identity Protection's 403 `Forbidden`). Distinct from a refusal: the data does not exist for this tenant;
//! - access_denied: `Authorization_RequestDenied`, `Forbidden`, `accessDenied`,
//!   `AuthorizationFailed` (ARM), `PermissionScopeNotGranted`, any `*Unauthorized*` or
//!   `*AccessDenied*` code, and a 403 without a code;
//! - error: anything else (404, throttling that outlasted the retries, 5xx, a malformed body).

use crate::model::UnavailableKind;
use crate::providers::errors::ErrorClass;

/// Classifies a Graph/ARM error by its code, message and HTTP status (when known).
pub fn classify(code: Option<&str>, message: Option<&str>, http_status: Option<u16>) -> ErrorClass {
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let text = match (code, message) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        (None, Some(m)) => format!("HTTP {}: {m}", http_status.unwrap_or(0)),
        (None, None) => format!("HTTP {}", http_status.unwrap_or(0)),
    };
    let lower_code = code.unwrap_or("").to_ascii_lowercase();
    let lower_msg = message.unwrap_or("").to_ascii_lowercase();
    let licence = matches!(
        code,
        Some("Authentication_RequestFromNonPremiumTenantOrB2CTenant" | "AadPremiumLicenseRequired")
    ) || lower_msg.contains("premium license")
        || lower_msg.contains("premium licence")
        || lower_msg.contains("doesn't have premium")
        || lower_msg.contains("needs to have microsoft entra id p")
        // Identity Protection and conditional access on a tenant without the licence answer
        // 403 `Forbidden` / `AccessDenied` "Your tenant is not licensed for this feature."
        || lower_msg.contains("not licensed for this feature");
    let denied = matches!(
        code,
        Some(
            "Authorization_RequestDenied"
                | "Forbidden"
                | "accessDenied"
                | "AuthorizationFailed"
                | "PermissionScopeNotGranted"
                | "InsufficientAccountPermissions"
        )
    ) || lower_code.contains("unauthorized")
        || lower_code.contains("accessdenied")
        || (code.is_none() && http_status == Some(403));
    let kind = if licence {
        UnavailableKind::NotLicensed
    } else if denied {
        UnavailableKind::AccessDenied
    } else {
        UnavailableKind::Error
    };
    ErrorClass {
        kind,
        message: text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::azure::raw::ErrorBody;
    use UnavailableKind::*;

    /// Every code either path has met, with the status Graph/ARM sends it with and the kind
    /// both paths must give it.
    const CODES: &[(&str, u16, UnavailableKind)] = &[
        (
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            403,
            NotLicensed,
        ),
        ("AadPremiumLicenseRequired", 400, NotLicensed),
        ("Authorization_RequestDenied", 403, AccessDenied),
        ("Forbidden", 403, AccessDenied),
        ("accessDenied", 403, AccessDenied),
        ("AuthorizationFailed", 403, AccessDenied),
        ("PermissionScopeNotGranted", 403, AccessDenied),
        ("UnauthorizedAccess", 401, AccessDenied),
        ("Request_ResourceNotFound", 404, Error),
        ("TooManyRequests", 429, Error),
        ("ServiceUnavailable", 503, Error),
        ("InvalidAuthenticationToken", 401, Error),
    ];

    #[test]
    fn live_and_export_classify_every_code_alike() {
        for (code, status, kind) in CODES {
            let live = classify(Some(code), Some("refused"), Some(*status));
            assert_eq!(live.kind, *kind, "live {code}");
            assert_eq!(live.message, format!("{code}: refused"));
            // Export: the body `az rest` saves; the importer knows no status.
            let text = format!(
                r#"{{"error":{{"code":"{code}","message":"refused","innerError":{{"date":"2026-11-20T12:00:00"}}}}}}"#
            );
            let body: ErrorBody = serde_json::from_str(&text).unwrap();
            let export = classify(
                body.error.code.as_deref(),
                body.error.message.as_deref(),
                None,
            );
            assert_eq!(export, live, "export {code}");
        }
    }

    #[test]
    fn licence_messages_and_bare_statuses() {
        let c = classify(
            Some("BadRequest"),
            Some("The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license."),
            Some(400),
        );
        assert_eq!(c.kind, NotLicensed);
        // Identity Protection without Entra ID P2: a 403 whose code alone says Forbidden.
        let ip = classify(
            Some("Forbidden"),
            Some("Your tenant is not licensed for this feature."),
            Some(403),
        );
        assert_eq!(ip.kind, NotLicensed);
        assert_eq!(
            classify(Some("Forbidden"), Some("Access denied."), Some(403)).kind,
            AccessDenied
        );
        assert_eq!(
            classify(None, Some("<html>no</html>"), Some(403)).kind,
            AccessDenied
        );
        let e = classify(None, None, Some(500));
        assert_eq!((e.kind, e.message.as_str()), (Error, "HTTP 500"));
    }
}
