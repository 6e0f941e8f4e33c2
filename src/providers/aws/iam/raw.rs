//! Wire shapes of IAM and STS: authorization details, the credential report, password policy,
//! account summary, identity providers, MFA devices, aliases and the caller identity.
//! As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::{null_default, parse_time, ts, PolicyDocument};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

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

/// `aws iam list-roles`: the one bulk answer that carries each role's `MaxSessionDuration`
/// (`get-account-authorization-details` does not).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListedRoles {
    #[serde(default, deserialize_with = "null_default")]
    pub roles: Vec<ListedRole>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListedRole {
    pub arn: String,
    #[serde(default)]
    pub max_session_duration: Option<u64>,
}
