//! `idgauge.toml`: what an organisation tells idgauge that no API shows.
//!
//! This module owns the configuration file: thresholds the rules read, declared break-glass
//! accounts, exceptions (a justification and an expiry; an expired exception stops applying and
//! says so) and attestations (controls confirmed by a person, reported as attested, never as
//! verified). Parsing is strict: an unknown key is an error with its line and column, because a
//! misspelt `expires` would otherwise silently make an exception permanent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Extra generic account-name words, added to the built-in list.
    #[serde(default)]
    pub generic_names: Vec<String>,
    #[serde(default)]
    pub break_glass: Vec<BreakGlass>,
    /// AWS accounts outside the organization that roles may trust (a vendor, a partner).
    #[serde(default)]
    pub known_accounts: Vec<KnownAccount>,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    /// How the identity repository (LDAP / AD / HR export) is read and joined with the clouds.
    #[serde(default)]
    pub directory: DirectoryConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub access_key_max_age_days: u32,
    pub inactive_days: u32,
    pub unused_key_grace_days: u32,
    pub root_recent_use_days: u32,
    pub password_min_length: u32,
    pub password_reuse_prevention: u32,
    pub federated_share_min: f64,
    pub scim_share_min: f64,
    pub max_local_human_users: u32,
    /// Most declared break-glass users a scope may have (IDG-AWS-027).
    pub max_break_glass_users: u32,
    /// Longest session, in hours, a role people assume (workforce SAML or Identity Center) may
    /// grant (IDG-AWS-035). 12 is both AWS's ceiling and NIST SP 800-63B's re-authentication
    /// interval at AAL2, so by default only privileged roles are held to less.
    pub max_human_session_hours: u32,
    /// Longest session, in hours, a privileged (administrator) role people assume may grant
    /// (IDG-AWS-035): the model's "short-lived credentials for privileged tasks".
    pub max_privileged_session_hours: u32,
    /// Oldest a directory synchronisation (Entra Connect) may be, in hours, before the directory
    /// no longer counts as the source of truth (IDG-AZ-002).
    pub directory_sync_max_age_hours: u32,
    /// Days a leaver's cloud account may stay enabled before the scope fails the path to level
    /// 3 (IDG-ALL-002): a periodic comparison catches it within a review cycle.
    pub leaver_grace_days: u32,
    /// Hours within which a leaver must be disabled in every cloud for level 4 (IDG-ALL-004):
    /// "terminations sync instantly".
    pub leaver_disable_hours: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            access_key_max_age_days: 90,
            inactive_days: 90,
            unused_key_grace_days: 7,
            root_recent_use_days: 30,
            password_min_length: 14,
            password_reuse_prevention: 24,
            federated_share_min: 0.9,
            scim_share_min: 0.95,
            max_local_human_users: 2,
            max_break_glass_users: 2,
            max_human_session_hours: 12,
            max_privileged_session_hours: 4,
            directory_sync_max_age_hours: 24,
            leaver_grace_days: 7,
            leaver_disable_hours: 24,
        }
    }
}

/// The join keys `[directory] join_keys` may name.
pub const JOIN_KEYS: &[&str] = &["email", "employee_id", "external_id", "username"];

/// The `[directory]` table: where people are in the directory, which attribute holds what,
/// what marks a leaver, and how people are joined with cloud accounts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryConfig {
    /// Search base for people (LDAP); the server's default naming context when empty.
    pub base_dn: String,
    /// LDAP filter selecting people.
    pub people_filter: String,
    /// Entries under this DN (e.g. `ou=leavers,dc=example,dc=org`) are leavers.
    pub leavers_ou: Option<String>,
    /// Attribute → meaning. Defaults cover OpenLDAP (inetOrgPerson) and Active Directory.
    pub attributes: AttributeMap,
    /// HR statuses (lower case) meaning the person has left.
    pub leaver_statuses: Vec<String>,
    /// Join keys tried in order for each cloud account: email (mail or UPN against the account's
    /// e-mail or sign-in name), employee_id, external_id (SCIM externalId), username.
    pub join_keys: Vec<String>,
    /// Directory group → cloud group that must hold the same people (group→role drift).
    pub group_roles: Vec<GroupRole>,
    /// LDAP page size (RFC 2696 paged results).
    pub page_size: u32,
    /// PEM file of the CA certificate(s) that sign the directory's TLS certificate (ldaps://,
    /// StartTLS), trusted beside the system's; relative to this file. `--ldap-ca-file` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        DirectoryConfig {
            base_dn: String::new(),
            people_filter:
                "(|(objectClass=inetOrgPerson)(&(objectCategory=person)(objectClass=user)))".into(),
            leavers_ou: None,
            attributes: AttributeMap::default(),
            leaver_statuses: ["terminated", "leaver", "left", "inactive", "withdrawn"]
                .map(String::from)
                .to_vec(),
            join_keys: ["email", "employee_id", "external_id", "username"]
                .map(String::from)
                .to_vec(),
            group_roles: Vec::new(),
            page_size: 500,
            ca_file: None,
        }
    }
}

/// Which directory attribute holds each fact (names are case-insensitive, as in LDAP). Each is a
/// list: the first attribute present wins.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AttributeMap {
    pub username: Vec<String>,
    pub display_name: Vec<String>,
    pub email: Vec<String>,
    pub upn: Vec<String>,
    pub employee_id: Vec<String>,
    pub external_id: Vec<String>,
    pub manager: Vec<String>,
    pub groups: Vec<String>,
    pub created: Vec<String>,
    pub changed: Vec<String>,
    pub end_date: Vec<String>,
    /// AD `userAccountControl`: bit 2 (ACCOUNTDISABLE) set means disabled.
    pub account_control: Vec<String>,
    /// Present (any value) means locked / disabled: OpenLDAP ppolicy `pwdAccountLockedTime`.
    pub locked: Vec<String>,
    /// A boolean-ish attribute (`TRUE`/`FALSE`, `enabled`/`disabled`, `active`/…) saying whether
    /// the account is enabled; AD CSV's `Enabled` column.
    pub enabled: Vec<String>,
    /// HR status (`active`, `terminated`, …).
    pub status: Vec<String>,
}

impl Default for AttributeMap {
    fn default() -> Self {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        AttributeMap {
            username: v(&["uid", "sAMAccountName"]),
            display_name: v(&["displayName", "cn", "name"]),
            email: v(&["mail", "EmailAddress", "email"]),
            upn: v(&["userPrincipalName"]),
            employee_id: v(&["employeeID", "employeeNumber", "EmployeeID", "id"]),
            external_id: v(&["entryUUID", "objectGUID"]),
            manager: v(&["manager"]),
            groups: v(&["memberOf"]),
            created: v(&["createTimestamp", "whenCreated", "Created"]),
            changed: v(&["modifyTimestamp", "whenChanged", "Modified"]),
            end_date: v(&[
                "accountExpires",
                "AccountExpirationDate",
                "end_date",
                "endDate",
            ]),
            account_control: v(&["userAccountControl"]),
            locked: v(&["pwdAccountLockedTime"]),
            enabled: v(&["Enabled"]),
            status: v(&["status", "employeeStatus"]),
        }
    }
}

/// A directory group whose members must be exactly the cloud group's (by name).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GroupRole {
    /// Directory group name (the CN).
    pub group: String,
    /// Cloud group name (IAM group, Entra group, Identity Center group).
    pub cloud_group: String,
    /// Only in this scope; all scopes when absent.
    #[serde(default)]
    pub scope: Option<String>,
}

/// A local account kept for emergencies; rules about local users treat it separately.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BreakGlass {
    /// User name or id (AWS: user name or ARN; Entra: user principal name or object id).
    pub principal: String,
    /// Limit to one scope id; all scopes when absent.
    #[serde(default)]
    pub scope: Option<String>,
    pub justification: String,
}

/// An AWS account outside the organization that idgauge may treat as known when a role trusts it
/// (IDG-AWS-036): a vendor's or partner's account someone has vouched for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KnownAccount {
    /// The 12-digit account id.
    pub account: String,
    /// Whose account it is and why roles may trust it.
    pub justification: String,
}

/// A known, accepted failure: a resource (or the whole rule) is excused until `expires`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub rule: String,
    /// Resource id the exception covers; the whole rule when absent.
    #[serde(default)]
    pub resource: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    pub justification: String,
    /// Last day the exception applies (inclusive).
    pub expires: NaiveDate,
}

/// A person's statement that a control is in place where no API can show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    pub rule: String,
    #[serde(default)]
    pub scope: Option<String>,
    pub statement: String,
    pub attested_by: String,
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

/// The built-in generic account-name words (shared or role-named accounts).
pub const GENERIC_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "shared",
    "share",
    "team",
    "ops",
    "devops",
    "sysadmin",
    "operator",
    "test",
    "tester",
    "testing",
    "qa",
    "deploy",
    "deployer",
    "deployment",
    "dev",
    "developer",
    "prod",
    "staging",
    "user",
    "users",
    "guest",
    "support",
    "helpdesk",
    "temp",
    "tmp",
    "demo",
    "training",
    "generic",
    "common",
    "service",
    "backup",
    "monitor",
    "readonly",
    "all",
    "default",
];

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut cfg: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: hide_values(e.message()),
            }
        })?;
        cfg.validate(path)?;
        if let Some(ca) = cfg.directory.ca_file.as_mut().filter(|f| f.is_relative()) {
            if let Some(dir) = path.parent() {
                *ca = dir.join(&*ca);
            }
        }
        Ok(cfg)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |message: String| {
            Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message,
            })
        };
        let t = &self.thresholds;
        for (name, v) in [
            ("federated_share_min", t.federated_share_min),
            ("scim_share_min", t.scim_share_min),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!(
                    "thresholds.{name} must be between 0 and 1, got {v}"
                ));
            }
        }
        for (name, v) in [
            ("max_human_session_hours", t.max_human_session_hours),
            (
                "max_privileged_session_hours",
                t.max_privileged_session_hours,
            ),
        ] {
            if v == 0 {
                return bad(format!("thresholds.{name} must be at least 1 hour, got 0"));
            }
        }
        for k in &self.known_accounts {
            if k.account.len() != 12 || !k.account.bytes().all(|b| b.is_ascii_digit()) {
                return bad(format!(
                    "known_accounts: {:?} is not a 12-digit AWS account id",
                    k.account
                ));
            }
            if k.justification.trim().is_empty() {
                return bad(format!(
                    "known_accounts {} has an empty justification",
                    k.account
                ));
            }
        }
        for e in &self.exceptions {
            if e.justification.trim().is_empty() {
                return bad(format!(
                    "exception for {} has an empty justification",
                    e.rule
                ));
            }
        }
        for b in &self.break_glass {
            if b.justification.trim().is_empty() {
                return bad(format!(
                    "break_glass {} has an empty justification",
                    b.principal
                ));
            }
        }
        for a in &self.attestations {
            if a.statement.trim().is_empty() || a.attested_by.trim().is_empty() {
                return bad(format!(
                    "attestation for {} needs a statement and attested_by",
                    a.rule
                ));
            }
        }
        for k in &self.directory.join_keys {
            if !JOIN_KEYS.contains(&k.as_str()) {
                return bad(format!(
                    "directory.join_keys: unknown key {k:?} (known: {})",
                    JOIN_KEYS.join(", ")
                ));
            }
        }
        if self.directory.join_keys.is_empty() {
            return bad("directory.join_keys: give at least one key".to_string());
        }
        if self.directory.page_size == 0 {
            return bad("directory.page_size must be at least 1".to_string());
        }
        Ok(())
    }

    /// The generic-name word list the rules see: built-in plus configured, lower-case, sorted.
    pub fn generic_names(&self) -> Vec<String> {
        let mut v: Vec<String> = GENERIC_NAMES
            .iter()
            .map(|s| s.to_string())
            .chain(self.generic_names.iter().map(|s| s.to_lowercase()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The declared known external account ids the rules see: sorted, without duplicates.
    pub fn known_account_ids(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .known_accounts
            .iter()
            .map(|k| k.account.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Is this principal (by name or id) a declared break-glass account in this scope?
    pub fn is_break_glass(&self, scope: &str, name: &str, id: &str) -> bool {
        self.break_glass.iter().any(|b| {
            b.scope.as_deref().is_none_or(|s| s == scope)
                && (b.principal == name || b.principal == id)
        })
    }
}

/// A parse message without the value it complains of: serde quotes a mistyped string
/// (`invalid type: string "…", expected u32`) and an unknown enum value, and a config can hold
/// what someone pasted by mistake, a token say. The line and column already point at it.
fn hide_values(message: &str) -> String {
    let hide = |text: &str, intro: &str, close: char| {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(intro) {
            let after = &rest[i + intro.len()..];
            let Some(end) = after.find(close) else { break };
            out.push_str(&rest[..i + intro.len() - 1]);
            out.push_str("(value not shown)");
            rest = &after[end + close.len_utf8()..];
        }
        out.push_str(rest);
        out
    };
    hide(&hide(message, "string \"", '"'), "variant `", '`')
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_do_not_echo_values() {
        assert_eq!(
            hide_values(r#"invalid type: string "eyJ0.secret", expected u32"#),
            "invalid type: string (value not shown), expected u32"
        );
        assert_eq!(
            hide_values("unknown variant `tok3n`, expected `a` or `b`"),
            "unknown variant (value not shown), expected `a` or `b`"
        );
        assert_eq!(hide_values("unknown field `x`"), "unknown field `x`");
    }

    #[test]
    fn unknown_key_names_line() {
        let err = Config::parse(
            "[[exceptions]]\nrule = \"X\"\njustification = \"j\"\nexpire = \"2026-01-01\"\n",
            Path::new("idgauge.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("idgauge.toml:"), "{err}");
        assert!(err.contains("expire"), "{err}");
    }

    #[test]
    fn defaults_and_break_glass() {
        let c = Config::parse(
            "[[break_glass]]\nprincipal = \"bg\"\njustification = \"safe\"\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(c.thresholds.inactive_days, 90);
        assert!(c.is_break_glass("any", "bg", "arn"));
        assert!(!c.is_break_glass("any", "bob", "arn"));
    }

    #[test]
    fn break_glass_cap_defaults_to_two_and_can_be_raised() {
        let c = Config::parse("", Path::new("x")).unwrap();
        assert_eq!(c.thresholds.max_break_glass_users, 2);
        let c = Config::parse("[thresholds]\nmax_break_glass_users = 3\n", Path::new("x")).unwrap();
        assert_eq!(c.thresholds.max_break_glass_users, 3);
    }

    #[test]
    fn session_limits_default_to_twelve_and_four_hours() {
        let c = Config::parse("", Path::new("x")).unwrap();
        assert_eq!(c.thresholds.max_human_session_hours, 12);
        assert_eq!(c.thresholds.max_privileged_session_hours, 4);
        let c = Config::parse(
            "[thresholds]\nmax_human_session_hours = 8\nmax_privileged_session_hours = 1\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(c.thresholds.max_human_session_hours, 8);
        assert_eq!(c.thresholds.max_privileged_session_hours, 1);
    }

    #[test]
    fn rejects_a_zero_session_limit() {
        let e = Config::parse(
            "[thresholds]\nmax_privileged_session_hours = 0\n",
            Path::new("x"),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("max_privileged_session_hours"),
            "{e}"
        );
    }

    #[test]
    fn known_accounts_are_read_sorted_and_deduplicated() {
        let c = Config::parse("", Path::new("x")).unwrap();
        assert!(c.known_account_ids().is_empty());
        let c = Config::parse(
            "[[known_accounts]]\naccount = \"999988887777\"\njustification = \"Vendor scanner\"\n\
             [[known_accounts]]\naccount = \"123456789012\"\njustification = \"Partner\"\n\
             [[known_accounts]]\naccount = \"999988887777\"\njustification = \"Again\"\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(c.known_account_ids(), ["123456789012", "999988887777"]);
    }

    #[test]
    fn known_accounts_need_an_account_id_and_a_justification() {
        for (toml, want) in [
            (
                "[[known_accounts]]\naccount = \"12345\"\njustification = \"j\"\n",
                "not a 12-digit AWS account id",
            ),
            (
                "[[known_accounts]]\naccount = \"arn:aws:iam::123456789012:root\"\njustification = \"j\"\n",
                "not a 12-digit AWS account id",
            ),
            (
                "[[known_accounts]]\naccount = \"123456789012\"\njustification = \" \"\n",
                "empty justification",
            ),
        ] {
            let e = Config::parse(toml, Path::new("x")).unwrap_err().to_string();
            assert!(e.contains(want), "{toml}: {e}");
        }
        let e = Config::parse(
            "[[known_accounts]]\naccount = \"123456789012\"\n",
            Path::new("x"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("justification"), "{e}");
    }

    #[test]
    fn rejects_out_of_range_share() {
        let e = Config::parse("[thresholds]\nscim_share_min = 2.0\n", Path::new("x")).unwrap_err();
        assert!(e.to_string().contains("scim_share_min"));
    }
}
