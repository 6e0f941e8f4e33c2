//! The AWS responses idgauge reads, exactly as the AWS CLI v2 prints them (`--output json`):
//! PascalCase for IAM, STS, Organizations, Identity Center, CloudTrail, CloudWatch, EventBridge and
//! GuardDuty; camelCase for CloudWatch Logs and Access Analyzer. The credential report is CSV.
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

use base64::Engine as _;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

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
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
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
// iam get-account-authorization-details

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizationDetails {
    #[serde(default, deserialize_with = "null_default")]
    pub user_detail_list: Vec<UserDetail>,
    #[serde(default, deserialize_with = "null_default")]
    pub group_detail_list: Vec<GroupDetail>,
    #[serde(default, deserialize_with = "null_default")]
    pub role_detail_list: Vec<RoleDetail>,
    /// Managed policies: with `--filter LocalManagedPolicy` only the account's own; without a
    /// filter also every AWS-managed policy.
    #[serde(default, deserialize_with = "null_default")]
    pub policies: Vec<ManagedPolicyDetail>,
    /// Only printed with `--no-paginate`: true means more pages exist.
    #[serde(default)]
    pub is_truncated: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDetail {
    #[serde(default)]
    pub path: Option<String>,
    pub user_name: String,
    #[serde(default)]
    pub user_id: Option<String>,
    pub arn: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub create_date: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_default")]
    pub user_policy_list: Vec<InlinePolicy>,
    #[serde(default, deserialize_with = "null_default")]
    pub group_list: Vec<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDetail {
    #[serde(default)]
    pub path: Option<String>,
    pub group_name: String,
    #[serde(default)]
    pub group_id: Option<String>,
    pub arn: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub create_date: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_default")]
    pub group_policy_list: Vec<InlinePolicy>,
    #[serde(default, deserialize_with = "null_default")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    #[serde(default)]
    pub path: Option<String>,
    pub role_name: String,
    #[serde(default)]
    pub role_id: Option<String>,
    pub arn: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub create_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub assume_role_policy_document: Option<PolicyDocument>,
    #[serde(default, deserialize_with = "null_default")]
    pub role_policy_list: Vec<InlinePolicy>,
    #[serde(default, deserialize_with = "null_default")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub role_last_used: Option<RoleLastUsed>,
    /// Not in GetAccountAuthorizationDetails; present in `iam get-role` / `list-roles` output.
    #[serde(default)]
    pub max_session_duration: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleLastUsed {
    #[serde(default, deserialize_with = "ts::opt")]
    pub last_used_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: String,
    #[serde(default)]
    pub policy_document: Option<PolicyDocument>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    #[serde(default)]
    pub policy_name: Option<String>,
    pub policy_arn: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicyDetail {
    #[serde(default)]
    pub policy_name: Option<String>,
    pub arn: String,
    #[serde(default)]
    pub default_version_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub policy_version_list: Vec<PolicyVersion>,
}

impl ManagedPolicyDetail {
    /// The document of the default version (by `IsDefaultVersion`, else `DefaultVersionId`).
    pub fn default_document(&self) -> Option<&PolicyDocument> {
        self.policy_version_list
            .iter()
            .find(|v| v.is_default_version)
            .or_else(|| {
                self.policy_version_list
                    .iter()
                    .find(|v| v.version_id.is_some() && v.version_id == self.default_version_id)
            })
            .and_then(|v| v.document.as_ref())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersion {
    #[serde(default)]
    pub document: Option<PolicyDocument>,
    #[serde(default)]
    pub version_id: Option<String>,
    #[serde(default)]
    pub is_default_version: bool,
}

// ---------------------------------------------------------------------------------------------
// iam get-credential-report

/// `aws iam get-credential-report` without `--query`: the CSV, base64-encoded.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialReportEnvelope {
    pub content: String,
    #[serde(default)]
    pub report_format: Option<String>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub generated_time: Option<DateTime<Utc>>,
}

/// The parsed credential report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CredentialReport {
    /// `GeneratedTime` of the envelope; unknown for a bare CSV.
    pub generated: Option<DateTime<Utc>>,
    pub rows: Vec<CredentialReportRow>,
}

/// One row. Special values (`N/A`, `no_information`, `not_supported`) become `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialReportRow {
    /// The IAM user name, or the literal `<root_account>` for the root user.
    pub user: String,
    pub arn: String,
    pub user_creation_time: Option<DateTime<Utc>>,
    /// `None` when the report says `not_supported` (older reports for the root user).
    pub password_enabled: Option<bool>,
    pub password_last_used: Option<DateTime<Utc>>,
    pub password_last_changed: Option<DateTime<Utc>>,
    pub mfa_active: bool,
    /// `access_key_1_*` and `access_key_2_*`.
    pub access_keys: [ReportAccessKey; 2],
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportAccessKey {
    pub active: bool,
    pub last_rotated: Option<DateTime<Utc>>,
    pub last_used_date: Option<DateTime<Utc>>,
    pub last_used_region: Option<String>,
    pub last_used_service: Option<String>,
}

impl ReportAccessKey {
    /// The key slot holds a key (active or not): a key that never existed has no rotation date.
    pub fn exists(&self) -> bool {
        self.active || self.last_rotated.is_some()
    }
}

/// The user name of the root user's credential-report row.
pub const ROOT_ACCOUNT_USER: &str = "<root_account>";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReportError {
    #[error("credential report line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("credential report has no `{0}` column (is this a credential report?)")]
    MissingColumn(&'static str),
    #[error("credential report line {line}, column {column}: unexpected value {value:?}")]
    BadValue {
        line: u64,
        column: String,
        value: String,
    },
    #[error("credential report Content is not valid base64: {0}")]
    Base64(String),
    #[error("credential report is not UTF-8 text")]
    Utf8,
    #[error("credential report format {0:?} is not text/csv")]
    Format(String),
}

impl CredentialReport {
    /// Decodes the `get-credential-report` JSON envelope.
    pub fn from_envelope(env: &CredentialReportEnvelope) -> Result<CredentialReport, ReportError> {
        if let Some(f) = &env.report_format {
            if !f.eq_ignore_ascii_case("text/csv") {
                return Err(ReportError::Format(f.clone()));
            }
        }
        let cleaned: String = env.content.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(cleaned.as_bytes())
            .map_err(|e| ReportError::Base64(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| ReportError::Utf8)?;
        let mut r = CredentialReport::from_csv(&text)?;
        r.generated = env.generated_time;
        Ok(r)
    }

    /// Parses the CSV text (columns found by header name, so their order does not matter).
    pub fn from_csv(text: &str) -> Result<CredentialReport, ReportError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| csv_error(&e))?
            .iter()
            .map(str::to_string)
            .collect::<Vec<_>>();
        let col = |name: &'static str| headers.iter().position(|h| h == name);
        let need = |name: &'static str| col(name).ok_or(ReportError::MissingColumn(name));
        let c_user = need("user")?;
        let c_arn = need("arn")?;
        let c_pw = need("password_enabled")?;
        let c_mfa = need("mfa_active")?;
        let keys = [
            (
                need("access_key_1_active")?,
                need("access_key_1_last_rotated")?,
                col("access_key_1_last_used_date"),
                col("access_key_1_last_used_region"),
                col("access_key_1_last_used_service"),
            ),
            (
                need("access_key_2_active")?,
                need("access_key_2_last_rotated")?,
                col("access_key_2_last_used_date"),
                col("access_key_2_last_used_region"),
                col("access_key_2_last_used_service"),
            ),
        ];
        let c_created = col("user_creation_time");
        let c_pw_used = col("password_last_used");
        let c_pw_changed = col("password_last_changed");

        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| csv_error(&e))?;
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            let get = |c: usize| rec.get(c).unwrap_or("");
            let cell = |c: Option<usize>| c.map(get).unwrap_or("");
            let field = |c: usize| headers[c].clone();
            let boolean = |c: usize| -> Result<Option<bool>, ReportError> {
                report_bool(get(c)).map_err(|value| ReportError::BadValue {
                    line,
                    column: field(c),
                    value,
                })
            };
            let time = |c: Option<usize>| -> Result<Option<DateTime<Utc>>, ReportError> {
                match c {
                    None => Ok(None),
                    Some(c) => report_time(get(c)).map_err(|value| ReportError::BadValue {
                        line,
                        column: field(c),
                        value,
                    }),
                }
            };
            let key = |k: &(usize, usize, Option<usize>, Option<usize>, Option<usize>)| -> Result<ReportAccessKey, ReportError> {
                Ok(ReportAccessKey {
                    active: boolean(k.0)?.unwrap_or(false),
                    last_rotated: time(Some(k.1))?,
                    last_used_date: time(k.2)?,
                    last_used_region: report_text(cell(k.3)),
                    last_used_service: report_text(cell(k.4)),
                })
            };
            if get(c_user).is_empty() {
                return Err(ReportError::BadValue {
                    line,
                    column: "user".into(),
                    value: String::new(),
                });
            }
            rows.push(CredentialReportRow {
                user: get(c_user).to_string(),
                arn: get(c_arn).to_string(),
                user_creation_time: time(c_created)?,
                password_enabled: boolean(c_pw)?,
                password_last_used: time(c_pw_used)?,
                password_last_changed: time(c_pw_changed)?,
                mfa_active: boolean(c_mfa)?.unwrap_or(false),
                access_keys: [key(&keys[0])?, key(&keys[1])?],
            });
        }
        Ok(CredentialReport {
            generated: None,
            rows,
        })
    }

    /// The root user's row (`<root_account>`; matched on `user`, never on the ARN).
    pub fn root(&self) -> Option<&CredentialReportRow> {
        self.rows.iter().find(|r| r.user == ROOT_ACCOUNT_USER)
    }

    /// The newest timestamp anywhere in the report: a report cannot be older than its contents.
    pub fn newest_timestamp(&self) -> Option<DateTime<Utc>> {
        self.rows
            .iter()
            .flat_map(|r| {
                [
                    r.user_creation_time,
                    r.password_last_used,
                    r.password_last_changed,
                    r.access_keys[0].last_rotated,
                    r.access_keys[0].last_used_date,
                    r.access_keys[1].last_rotated,
                    r.access_keys[1].last_used_date,
                ]
            })
            .flatten()
            .max()
    }
}

fn csv_error(e: &csv::Error) -> ReportError {
    ReportError::Csv {
        line: e.position().map(|p| p.line()).unwrap_or(0),
        message: e.to_string(),
    }
}

fn is_special(v: &str) -> bool {
    v.is_empty()
        || v.eq_ignore_ascii_case("N/A")
        || v.eq_ignore_ascii_case("no_information")
        || v.eq_ignore_ascii_case("not_supported")
}

/// `true`/`TRUE`/`false`; special values → `None`; anything else is an error (the value).
fn report_bool(v: &str) -> Result<Option<bool>, String> {
    if v.eq_ignore_ascii_case("true") {
        Ok(Some(true))
    } else if v.eq_ignore_ascii_case("false") {
        Ok(Some(false))
    } else if is_special(v) {
        Ok(None)
    } else {
        Err(v.to_string())
    }
}

fn report_time(v: &str) -> Result<Option<DateTime<Utc>>, String> {
    if is_special(v) {
        return Ok(None);
    }
    parse_time(v).map(Some).ok_or_else(|| v.to_string())
}

fn report_text(v: &str) -> Option<String> {
    (!is_special(v)).then(|| v.to_string())
}

// ---------------------------------------------------------------------------------------------
// Other IAM and STS

/// `aws iam get-account-password-policy`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyResponse {
    pub password_policy: PasswordPolicy,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    #[serde(default)]
    pub minimum_password_length: Option<u32>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase_characters: bool,
    #[serde(default)]
    pub require_lowercase_characters: bool,
    #[serde(default)]
    pub allow_users_to_change_password: bool,
    #[serde(default)]
    pub expire_passwords: bool,
    #[serde(default)]
    pub max_password_age: Option<u32>,
    #[serde(default)]
    pub password_reuse_prevention: Option<u32>,
    #[serde(default)]
    pub hard_expiry: Option<bool>,
}

/// `aws iam get-account-summary`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountSummary {
    pub summary_map: BTreeMap<String, i64>,
}

impl AccountSummary {
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.summary_map.get(key).map(|v| *v > 0)
    }
}

/// `aws iam list-saml-providers`.
#[derive(Debug, Clone, Deserialize)]
pub struct SamlProviders {
    #[serde(
        rename = "SAMLProviderList",
        default,
        deserialize_with = "null_default"
    )]
    pub saml_provider_list: Vec<SamlProvider>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SamlProvider {
    pub arn: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub valid_until: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub create_date: Option<DateTime<Utc>>,
}

/// `aws iam list-open-id-connect-providers` (ARNs only; the issuer URL is in the ARN).
#[derive(Debug, Clone, Deserialize)]
pub struct OidcProviders {
    #[serde(
        rename = "OpenIDConnectProviderList",
        default,
        deserialize_with = "null_default"
    )]
    pub open_id_connect_provider_list: Vec<OidcProvider>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OidcProvider {
    pub arn: String,
}

/// `aws iam list-virtual-mfa-devices`. The seed and QR code the CLI may print are not declared.
#[derive(Debug, Clone, Deserialize)]
pub struct VirtualMfaDevices {
    #[serde(
        rename = "VirtualMFADevices",
        default,
        deserialize_with = "null_default"
    )]
    pub virtual_mfa_devices: Vec<VirtualMfaDevice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    /// The user the device is assigned to; absent when unassigned.
    #[serde(default)]
    pub user: Option<MfaDeviceUser>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub enable_date: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaDeviceUser {
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub arn: Option<String>,
}

/// `aws iam list-mfa-devices --user-name U` (one file per user): every kind of device.
#[derive(Debug, Clone, Deserialize)]
pub struct MfaDevices {
    #[serde(rename = "MFADevices", default, deserialize_with = "null_default")]
    pub mfa_devices: Vec<MfaDevice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaDevice {
    pub user_name: String,
    pub serial_number: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub enable_date: Option<DateTime<Utc>>,
}

/// `aws iam list-account-aliases`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAliases {
    #[serde(default, deserialize_with = "null_default")]
    pub account_aliases: Vec<String>,
}

/// `aws sts get-caller-identity`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    pub account: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// CloudTrail

/// `aws cloudtrail describe-trails [--include-shadow-trails]`.
#[derive(Debug, Clone, Deserialize)]
pub struct Trails {
    #[serde(rename = "trailList", default, deserialize_with = "null_default")]
    pub trail_list: Vec<Trail>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trail {
    pub name: String,
    #[serde(rename = "TrailARN")]
    pub trail_arn: String,
    #[serde(default)]
    pub home_region: Option<String>,
    #[serde(default)]
    pub is_multi_region_trail: bool,
    #[serde(default)]
    pub include_global_service_events: bool,
    #[serde(default)]
    pub log_file_validation_enabled: bool,
    #[serde(default)]
    pub is_organization_trail: bool,
    #[serde(default)]
    pub cloud_watch_logs_log_group_arn: Option<String>,
    #[serde(default)]
    pub s3_bucket_name: Option<String>,
}

/// `aws cloudtrail get-trail-status --name T`: a flat object that does not name its trail.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrailStatus {
    #[serde(default)]
    pub is_logging: Option<bool>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub latest_delivery_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub start_logging_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub stop_logging_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub latest_delivery_error: Option<String>,
}

/// `aws cloudtrail get-event-selectors --trail-name T`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelectors {
    #[serde(rename = "TrailARN", default)]
    pub trail_arn: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub event_selectors: Vec<EventSelector>,
    #[serde(default, deserialize_with = "null_default")]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelector {
    #[serde(default)]
    pub read_write_type: Option<String>,
    /// Defaults to true in the API.
    #[serde(default)]
    pub include_management_events: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedEventSelector {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub field_selectors: Vec<FieldSelector>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldSelector {
    pub field: String,
    #[serde(default, deserialize_with = "null_default")]
    pub equals: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// IAM Identity Center

/// `aws sso-admin list-instances`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SsoInstances {
    #[serde(default, deserialize_with = "null_default")]
    pub instances: Vec<SsoInstance>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SsoInstance {
    pub instance_arn: String,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default)]
    pub owner_account_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws sso-admin list-permission-sets --instance-arn I` (permission-set ARNs).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionSets {
    #[serde(default, deserialize_with = "null_default")]
    pub permission_sets: Vec<String>,
}

/// `aws sso-admin list-account-assignments --instance-arn I --account-id A --permission-set-arn P`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAssignments {
    #[serde(default, deserialize_with = "null_default")]
    pub account_assignments: Vec<AccountAssignment>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAssignment {
    #[serde(default)]
    pub account_id: Option<String>,
    pub permission_set_arn: String,
    /// USER or GROUP.
    #[serde(default)]
    pub principal_type: Option<String>,
    #[serde(default)]
    pub principal_id: Option<String>,
}

/// `aws identitystore list-users --identity-store-id D`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreUsers {
    #[serde(default, deserialize_with = "null_default")]
    pub users: Vec<IdentityStoreUser>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreUser {
    pub user_id: String,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_ids: Vec<ExternalId>,
    /// ENABLED / DISABLED (recent API versions only).
    #[serde(default)]
    pub user_status: Option<String>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExternalId {
    pub issuer: String,
    #[serde(default)]
    pub id: Option<String>,
}

/// `aws identitystore list-groups --identity-store-id D`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreGroups {
    #[serde(default, deserialize_with = "null_default")]
    pub groups: Vec<IdentityStoreGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreGroup {
    pub group_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_ids: Vec<ExternalId>,
}

// ---------------------------------------------------------------------------------------------
// Organizations

/// `aws organizations describe-organization`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOrganization {
    pub organization: Organization,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Organization {
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub feature_set: Option<String>,
    #[serde(default)]
    pub master_account_id: Option<String>,
}

/// `aws organizations list-accounts`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgAccounts {
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: Vec<OrgAccount>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgAccount {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws organizations list-policies --filter SERVICE_CONTROL_POLICY`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicies {
    #[serde(default, deserialize_with = "null_default")]
    pub policies: Vec<OrgPolicySummary>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicySummary {
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    pub name: String,
    /// SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, ...
    #[serde(rename = "Type", default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub aws_managed: bool,
}

/// `aws organizations describe-policy --policy-id P`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePolicy {
    pub policy: OrgPolicy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicy {
    pub policy_summary: OrgPolicySummary,
    /// The policy JSON as a string.
    #[serde(default)]
    pub content: Option<String>,
}

/// `aws organizations list-targets-for-policy --policy-id P`: does not name its policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTargets {
    #[serde(default, deserialize_with = "null_default")]
    pub targets: Vec<PolicyTarget>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTarget {
    pub target_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// ROOT, ORGANIZATIONAL_UNIT or ACCOUNT.
    #[serde(rename = "Type", default)]
    pub target_type: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Alerting: CloudWatch Logs, CloudWatch, EventBridge

/// `aws logs describe-metric-filters` (camelCase).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilters {
    #[serde(default, deserialize_with = "null_default")]
    pub metric_filters: Vec<MetricFilter>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilter {
    pub filter_name: String,
    #[serde(default)]
    pub filter_pattern: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metric_transformations: Vec<MetricTransformation>,
    #[serde(default)]
    pub log_group_name: Option<String>,
    /// The region it was read in (live collection; exports do not say).
    #[serde(skip)]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricTransformation {
    pub metric_name: String,
    pub metric_namespace: String,
}

/// `aws cloudwatch describe-alarms`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarms {
    #[serde(default, deserialize_with = "null_default")]
    pub metric_alarms: Vec<MetricAlarm>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    pub alarm_name: String,
    #[serde(default)]
    pub alarm_arn: Option<String>,
    /// Defaults to true in the API.
    #[serde(default)]
    pub actions_enabled: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    pub alarm_actions: Vec<String>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
}

/// `aws events list-rules`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventRules {
    #[serde(default, deserialize_with = "null_default")]
    pub rules: Vec<EventRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventRule {
    pub name: String,
    #[serde(default)]
    pub arn: Option<String>,
    /// The event pattern, a JSON document as a string; absent for scheduled rules.
    #[serde(default)]
    pub event_pattern: Option<String>,
    /// ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub event_bus_name: Option<String>,
}

/// `aws events list-targets-by-rule --rule R`: does not name its rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventTargets {
    #[serde(default, deserialize_with = "null_default")]
    pub targets: Vec<EventTarget>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventTarget {
    pub id: String,
    pub arn: String,
}

// ---------------------------------------------------------------------------------------------
// GuardDuty, Access Analyzer

/// `aws guardduty list-detectors` (one region).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GuardDutyDetectors {
    #[serde(default, deserialize_with = "null_default")]
    pub detector_ids: Vec<String>,
}

/// `aws guardduty get-detector --detector-id D`: does not name its detector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GuardDutyDetector {
    /// ENABLED or DISABLED (suspended).
    pub status: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// The region it was read in (live collection; the export does not say).
    #[serde(skip)]
    pub region: Option<String>,
}

/// `aws accessanalyzer list-analyzers` (camelCase).
#[derive(Debug, Clone, Deserialize)]
pub struct Analyzers {
    #[serde(default, deserialize_with = "null_default")]
    pub analyzers: Vec<Analyzer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analyzer {
    pub arn: String,
    pub name: String,
    /// ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS, ...
    #[serde(rename = "type")]
    pub analyzer_type: String,
    /// ACTIVE, CREATING, DISABLED, FAILED.
    #[serde(default)]
    pub status: Option<String>,
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
