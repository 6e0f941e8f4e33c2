//! AWS error codes → what they make a section: the one classifier the live collector (SDK
//! errors) and the export importer (the CLI's saved error text) share, so one account cannot
//! give two different snapshots depending on how it was read.
//!
//! - access_denied: any `*AccessDenied*` or `*Unauthorized*` code, `NotAuthorized`,
//!   `AuthFailure`, `AccountNotManagementOrDelegatedAdministratorException` (the caller is not
//!   allowed to read the organization's data), and a 403 whose body carried no code (the status
//!   alone says the caller was refused; moto answers JSON-protocol services with an XML body);
//! - not_in_use: `*NotInUse*` and `*NotEnabled*` (the service is off, so there is nothing to
//!   read);
//! - error: anything else (an operation the endpoint does not implement, a 5xx after retries).
//!
//! Callers handle the codes that are answers rather than failures first (`NoSuchEntity` for the
//! password policy, `AWSOrganizationsNotInUseException` for the organization).

use crate::model::UnavailableKind;
use crate::providers::errors::ErrorClass;

/// Classifies an AWS error by its code, message and HTTP status (when known). Without a code,
/// `message` is the best description there is (an unparsed body, a transport error).
pub fn classify(code: Option<&str>, message: Option<&str>, http_status: Option<u16>) -> ErrorClass {
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        let text = message.unwrap_or("no error code or message");
        return if http_status == Some(403) {
            ErrorClass {
                kind: UnavailableKind::AccessDenied,
                message: format!("HTTP 403: {text}"),
            }
        } else {
            ErrorClass {
                kind: UnavailableKind::Error,
                message: text.to_string(),
            }
        };
    };
    let lower = code.to_ascii_lowercase();
    let kind = if lower.contains("accessdenied")
        || lower.contains("unauthorized")
        || matches!(
            code,
            "NotAuthorized"
                | "AuthFailure"
                | "AccountNotManagementOrDelegatedAdministratorException"
        ) {
        UnavailableKind::AccessDenied
    } else if code.contains("NotInUse") || code.contains("NotEnabled") {
        UnavailableKind::NotInUse
    } else {
        UnavailableKind::Error
    };
    ErrorClass {
        kind,
        message: match message {
            Some(m) => format!("{code}: {m}"),
            None => code.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::aws::raw::CliError;
    use UnavailableKind::*;

    /// Every code either path has met, with the kind both must give it.
    const CODES: &[(&str, UnavailableKind)] = &[
        ("AccessDenied", AccessDenied),
        ("AccessDeniedException", AccessDenied),
        ("UnauthorizedOperation", AccessDenied),
        ("UnauthorizedAccess", AccessDenied),
        ("UnauthorizedException", AccessDenied),
        ("NotAuthorized", AccessDenied),
        ("AuthFailure", AccessDenied),
        (
            "AccountNotManagementOrDelegatedAdministratorException",
            AccessDenied,
        ),
        ("AWSOrganizationsNotInUseException", NotInUse),
        ("ServiceAccessNotEnabledException", NotInUse),
        ("TrailNotEnabled", NotInUse),
        ("NoSuchEntity", Error),
        ("InvalidAction", Error),
        ("InternalFailure", Error),
        ("ThrottlingException", Error),
        ("ResourceNotFoundException", Error),
    ];

    #[test]
    fn live_and_export_classify_every_code_alike() {
        for (code, kind) in CODES {
            // Live: the SDK's error metadata.
            let live = classify(Some(code), Some("refused"), Some(400));
            assert_eq!(live.kind, *kind, "live {code}");
            assert_eq!(live.message, format!("{code}: refused"));
            // Export: the CLI's error text saved in place of the output.
            let text =
                format!("An error occurred ({code}) when calling the ListUsers operation: refused");
            let export = CliError::parse(&text).unwrap().class();
            assert_eq!(export, live, "export {code}");
        }
    }

    #[test]
    fn without_a_code_the_status_decides() {
        let denied = classify(None, Some(" <html>Forbidden</html> "), Some(403));
        assert_eq!(denied.kind, AccessDenied);
        assert_eq!(denied.message, "HTTP 403: <html>Forbidden</html>");
        let failed = classify(None, Some("dispatch failure: connection refused"), None);
        assert_eq!(failed.kind, Error);
        assert_eq!(failed.message, "dispatch failure: connection refused");
        assert_eq!(classify(None, None, Some(500)).kind, Error);
        assert_eq!(
            classify(Some("AccessDenied"), None, Some(403)).message,
            "AccessDenied"
        );
    }
}
