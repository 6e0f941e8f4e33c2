//! The AWS responses idgauge reads, exactly as the AWS CLI v2 prints them (`--output json`):
//! PascalCase for IAM, STS, Organizations, Identity Center, CloudTrail, CloudWatch, EventBridge and
//! GuardDuty; camelCase for CloudWatch Logs and Access Analyzer. The credential report is CSV.
//!
//! The wire shapes live with their service (`iam::raw`, `cloudtrail::raw`,
//! `identity_center::raw`, `organizations::raw`, `alerting::raw`, `detection::raw`) and are
//! re-exported here; this module keeps what they share (timestamps, policy documents, the CLI's
//! error text).
//!
//! This module owns the wire shapes only — no interpretation. It is shared by the export importer
//! ([`super::export`]) and, later, the live collector (which converts SDK types into these or
//! fills [`super::normalize::RawAccount`] directly).
//!
//! Two differences between sources are absorbed here:
//! - timestamps: CLI v2 prints ISO-8601, CLI v1 (and some v2 commands) epoch seconds, sometimes
//!   with a fraction, and a few fields an empty string; [`ts`] accepts all of them;
//! - IAM policy documents: the CLI decodes them into JSON objects, the SDKs return the URL-encoded
//!   JSON text; [`PolicyDocument`] accepts both.
//!
//! Fields idgauge does not use are not declared (unknown fields are ignored), and secret-bearing
//! fields are never declared: `list-virtual-mfa-devices` may print `Base32StringSeed` and
//! `QRCodePNG`, which therefore never enter memory as typed data.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer};

pub use super::alerting::raw::*;
pub use super::cloudtrail::raw::*;
pub use super::detection::raw::*;
pub use super::directory::raw::*;
pub use super::iam::raw::*;
pub use super::identity_center::raw::*;
pub use super::organizations::raw::*;

// ---------------------------------------------------------------------------------------------
// Timestamps

/// Parses an AWS timestamp written as text: RFC 3339 / ISO-8601 with `Z`, `+00:00` or `+0000`,
/// with or without fractional seconds, or without any offset (taken as UTC). `None` when the text
/// is not a timestamp.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    None
}

/// Epoch seconds (CLI v1: `1454022144.869`), to the microsecond. Values above 10^11 can only be milliseconds (the year
/// 5138 in seconds) and are read as such.
pub fn from_epoch(x: f64) -> Option<DateTime<Utc>> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    let secs = if x > 1e11 { x / 1000.0 } else { x };
    // The CLI prints at most microseconds; rounding there undoes binary floating-point error.
    let micros = (secs * 1e6).round() as i64;
    Utc.timestamp_micros(micros).single()
}

/// Serde helpers for timestamp fields: `#[serde(default, deserialize_with = "ts::opt")]`.
pub mod ts {
    use super::*;
    use serde::de::{self, Visitor};
    use std::fmt;

    struct TimeVisitor;

    impl<'de> Visitor<'de> for TimeVisitor {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an ISO-8601 timestamp or epoch seconds")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            parse_time(v)
                .map(Some)
                .ok_or_else(|| E::custom(format!("invalid timestamp {v:?}")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            from_epoch(v)
                .map(Some)
                .ok_or_else(|| E::custom(format!("invalid epoch timestamp {v}")))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(TimeVisitor)
        }
    }

    /// An optional timestamp: ISO-8601 text, epoch seconds (int or float), `""` or `null`.
    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        d.deserialize_option(TimeVisitor)
    }
}

/// `null` as the type's default (the CLI prints `null` for some absent lists and strings).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// IAM policy documents

/// An IAM policy document, decoded to JSON whichever way it arrived: a JSON object (AWS CLI), a
/// URL-encoded JSON string (SDKs, `iam:GetAccountAuthorizationDetails` on the wire) or a plain
/// JSON string (Organizations `Content`).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument(pub serde_json::Value);

impl PolicyDocument {
    /// Decodes a document given as text: JSON, or URL-encoded JSON.
    pub fn from_text(text: &str) -> Result<PolicyDocument, String> {
        let t = text.trim();
        if t.starts_with('{') {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
                return Ok(PolicyDocument(v));
            }
        }
        let decoded = percent_decode(t).ok_or_else(|| {
            "policy document is neither JSON nor URL-encoded JSON (bad % escape)".to_string()
        })?;
        serde_json::from_str(&decoded)
            .map(PolicyDocument)
            .map_err(|e| format!("policy document is neither JSON nor URL-encoded JSON ({e})"))
    }

    /// The statements, whether `Statement` is one object or a list.
    pub fn statements(&self) -> Vec<&serde_json::Map<String, serde_json::Value>> {
        match self.0.get("Statement") {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|s| s.as_object()).collect(),
            Some(serde_json::Value::Object(o)) => vec![o],
            _ => Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::String(s) => {
                PolicyDocument::from_text(&s).map_err(serde::de::Error::custom)
            }
            serde_json::Value::Object(_) => Ok(PolicyDocument(v)),
            other => Err(serde::de::Error::custom(format!(
                "policy document must be a JSON object or a string, not {other}"
            ))),
        }
    }
}

/// RFC 3986 percent-decoding (`%7B%22Version%22` → `{"Version"`). `+` is kept as is: IAM encodes
/// spaces as `%20`, and a literal `+` may appear in a policy. `None` on a malformed escape or
/// invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A string or a list of strings (`"Action": "s3:GetObject"` or `"Action": [...]`), as a list.
pub fn string_or_list(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// AWS CLI error text

/// The message the AWS CLI prints on failure, which auditors sometimes save in place of the
/// output: `An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation:
/// The Password Policy with domain name 123456789012 cannot be found.`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    pub code: String,
    pub operation: String,
    pub message: String,
}

impl CliError {
    /// Finds the error line in `text` (it may be preceded by blank lines or warnings).
    pub fn parse(text: &str) -> Option<CliError> {
        const HEAD: &str = "An error occurred (";
        let start = text.find(HEAD)? + HEAD.len();
        let rest = &text[start..];
        let (code, rest) = rest.split_once(')')?;
        let rest = rest.strip_prefix(" when calling the ")?;
        let (operation, rest) = rest.split_once(" operation")?;
        let message = rest
            .split_once(':')
            .map(|(_, m)| m)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .trim();
        if code.is_empty() || operation.contains(char::is_whitespace) {
            return None;
        }
        Some(CliError {
            code: code.to_string(),
            operation: operation.to_string(),
            message: message.to_string(),
        })
    }

    /// `NoSuchEntity: The Password Policy ... cannot be found.`
    pub fn summary(&self) -> String {
        if self.message.is_empty() {
            self.code.clone()
        } else {
            format!("{}: {}", self.code, self.message)
        }
    }

    /// What the error means for its sections: the classification the live collector uses too.
    pub fn class(&self) -> crate::providers::errors::ErrorClass {
        super::errors::classify(Some(&self.code), Some(&self.message), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn timestamps_in_every_form() {
        let want = Utc.with_ymd_and_hms(2015, 11, 6, 18, 36, 38).unwrap();
        for s in [
            "2015-11-06T18:36:38Z",
            "2015-11-06T18:36:38+00:00",
            "2015-11-06T18:36:38.000000+00:00",
            "2015-11-06T18:36:38+0000",
            "2015-11-06 18:36:38+00:00",
            "2015-11-06T18:36:38",
            "2015-11-06T20:36:38+02:00",
        ] {
            assert_eq!(parse_time(s), Some(want), "{s}");
        }
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(from_epoch(1446834998.0), Some(want));
        assert_eq!(from_epoch(1446834998000.0), Some(want), "milliseconds");
        let t = from_epoch(1454022144.869).unwrap();
        assert_eq!(t.timestamp_subsec_millis(), 869);
    }

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "ts::opt")]
        t: Option<DateTime<Utc>>,
    }

    #[test]
    fn timestamp_fields_accept_iso_epoch_empty_and_null() {
        let p = |s: &str| serde_json::from_str::<T>(s).map(|t| t.t);
        let want = Utc.with_ymd_and_hms(2015, 11, 6, 18, 36, 38).unwrap();
        assert_eq!(p(r#"{"t": "2015-11-06T18:36:38Z"}"#).unwrap(), Some(want));
        assert_eq!(p(r#"{"t": 1446834998}"#).unwrap(), Some(want));
        assert_eq!(p(r#"{"t": 1446834998.0}"#).unwrap(), Some(want));
        assert_eq!(p(r#"{"t": ""}"#).unwrap(), None);
        assert_eq!(p(r#"{"t": null}"#).unwrap(), None);
        assert_eq!(p(r#"{}"#).unwrap(), None);
        let e = p(r#"{"t": "soon"}"#).unwrap_err().to_string();
        assert!(e.contains("invalid timestamp \"soon\""), "{e}");
    }

    #[test]
    fn policy_documents_as_object_encoded_or_plain_string() {
        let obj = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let a: PolicyDocument = serde_json::from_str(obj).unwrap();
        let b: PolicyDocument = serde_json::from_value(serde_json::json!(encoded)).unwrap();
        let c: PolicyDocument = serde_json::from_value(serde_json::json!(obj)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a.statements().len(), 1);
        let single = PolicyDocument::from_text(r#"{"Statement":{"Effect":"Deny"}}"#).unwrap();
        assert_eq!(single.statements().len(), 1);
        assert!(PolicyDocument::from_text("%ZZ").is_err());
        assert!(serde_json::from_str::<PolicyDocument>("42").is_err());
    }

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    #[test]
    fn credential_report_special_values() {
        let csv = format!(
            "{HEADER}\n\
             <root_account>,arn:aws:iam::123456789012:root,2022-04-17T14:59:38+00:00,not_supported,2024-01-02T10:00:00+00:00,not_supported,not_supported,TRUE,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
             alice,arn:aws:iam::123456789012:user/alice,2021-03-01T09:00:00+00:00,true,no_information,2021-03-01T09:05:00+00:00,N/A,false,true,2021-03-01T09:10:00+00:00,2024-05-02T00:00:00+00:00,us-east-1,s3,false,2021-03-01T09:11:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n"
        );
        let r = CredentialReport::from_csv(&csv).unwrap();
        assert_eq!(r.rows.len(), 2);
        let root = r.root().unwrap();
        assert_eq!(root.password_enabled, None, "not_supported");
        assert!(root.mfa_active, "TRUE is case-insensitive");
        assert!(!root.access_keys[0].exists());
        let alice = &r.rows[1];
        assert_eq!(alice.password_enabled, Some(true));
        assert_eq!(alice.password_last_used, None, "no_information");
        assert!(alice.access_keys[0].active);
        assert_eq!(
            alice.access_keys[0].last_used_service.as_deref(),
            Some("s3")
        );
        assert!(!alice.access_keys[1].active);
        assert!(
            alice.access_keys[1].exists(),
            "inactive key that was rotated"
        );
        assert_eq!(
            r.newest_timestamp(),
            parse_time("2024-05-02T00:00:00+00:00")
        );
    }

    #[test]
    fn credential_report_errors_name_line_and_column() {
        let bad = format!("{HEADER}\nbob,arn:aws:iam::1:user/bob,2021-03-01T09:00:00+00:00,maybe,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        let e = CredentialReport::from_csv(&bad).unwrap_err();
        assert_eq!(
            e.to_string(),
            "credential report line 2, column password_enabled: unexpected value \"maybe\""
        );
        let e = CredentialReport::from_csv("user,arn\nx,y\n").unwrap_err();
        assert_eq!(e, ReportError::MissingColumn("password_enabled"));
    }

    #[test]
    fn credential_report_envelope() {
        let csv = format!("{HEADER}\n<root_account>,arn:aws:iam::123456789012:root,2022-04-17T14:59:38+00:00,true,N/A,not_supported,not_supported,false,true,2022-05-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        let env = CredentialReportEnvelope {
            content: base64::engine::general_purpose::STANDARD.encode(csv),
            report_format: Some("text/csv".into()),
            generated_time: parse_time("2026-11-20T12:00:00Z"),
        };
        let r = CredentialReport::from_envelope(&env).unwrap();
        assert_eq!(r.generated, parse_time("2026-11-20T12:00:00Z"));
        assert!(r.root().unwrap().access_keys[0].active);
        let bad = CredentialReportEnvelope {
            content: "!!!".into(),
            ..env
        };
        assert!(matches!(
            CredentialReport::from_envelope(&bad),
            Err(ReportError::Base64(_))
        ));
    }

    #[test]
    fn cli_error_text() {
        let e = CliError::parse("\nAn error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 123456789012 cannot be found.\n").unwrap();
        assert_eq!(e.code, "NoSuchEntity");
        assert_eq!(e.operation, "GetAccountPasswordPolicy");
        assert!(e.message.starts_with("The Password Policy"));
        assert_eq!(e.class().kind, crate::model::UnavailableKind::Error);
        assert_eq!(e.class().message, e.summary());
        let d = CliError::parse("An error occurred (AccessDeniedException) when calling the ListInstances operation: User is not authorized").unwrap();
        assert_eq!(d.class().kind, crate::model::UnavailableKind::AccessDenied);
        assert!(CliError::parse("{\"a\": 1}").is_none());
    }
}
