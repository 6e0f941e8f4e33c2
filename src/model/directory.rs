//! The organisation's identity repository (an LDAP / Active Directory directory or an HR
//! export) as the snapshot carries it, and the per-scope reconciliation of a cloud's human
//! accounts against it.
//!
//! The repository is read by `providers::directory` (live LDAP, LDIF, `Get-ADUser | Export-Csv`,
//! an HR CSV) into [`IdentityRepository`]; `reconcile` joins it with every cloud scope and
//! writes each scope's [`Reconciliation`] section, which the `IDG-ALL-*` rules read.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a rule needing `section` is not assessed when the section is absent, for sections that
/// are extra evidence derived from an optional input rather than part of a scope's collection.
/// Absent, such a section means the input was not given: the rule is reported as not assessed
/// and does not gate. Present but unavailable, it is a gap like any other (unknown).
pub fn not_assessed_reason(section: &str) -> Option<&'static str> {
    match section {
        "reconciliation" => Some(
            "not assessed — give --directory or an export: no identity repository to reconcile with",
        ),
        _ => None,
    }
}

/// People as the identity repository knows them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityRepository {
    /// ldap (a live read), ldif, active_directory_csv, hr_csv; joined with `+` when several
    /// inputs were merged.
    pub kind: String,
    /// Every person read, sorted by id.
    pub people: Vec<Person>,
}

/// One person of the identity repository.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The entry's DN (LDAP, LDIF, AD `DistinguishedName`) or the HR record id.
    pub id: String,
    /// Login name: `uid` (OpenLDAP) or `sAMAccountName` (Active Directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Display name (`displayName`, else `cn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// The value a SCIM client sends as `externalId` (entryUUID, objectGUID, or as mapped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The account is enabled in the directory; `None` when the directory does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The manager's DN or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Group names (the CN of each `memberOf` DN), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last change of the entry (`modifyTimestamp` / `whenChanged`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<DateTime<Utc>>,
    /// Last working day, when the directory or HR records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// The person has left (or is disabled): the accounts they hold should be disabled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leaver: bool,
    /// Why they count as a leaver: `end date 2026-11-30`, `in the leavers OU`, `disabled`,
    /// `HR status terminated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaver_reason: Option<String>,
    /// When they left: the day after the end date, else when the entry last changed (the
    /// disabling or the move to the leavers OU); `None` when nothing dates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
    /// When the directory disabled the entry: its lock time (`pwdAccountLockedTime`), exact;
    /// else, for an entry disabled without a dated lock (AD `userAccountControl`, an `Enabled`
    /// column), its last change — only an upper bound (`disabled_at_upper_bound`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<DateTime<Utc>>,
    /// `disabled_at` is the entry's last change, not the disabling itself: the disabling
    /// happened then or earlier.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled_at_upper_bound: bool,
}

/// A cloud human account as reconciliation refers to it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct AccountRef {
    /// The account's id in its section (ARN, object id, user id).
    pub id: String,
    pub name: String,
    /// The section it is in: `principals` or `directory_users`.
    pub section: String,
    /// local, synced, federated, scim, guest.
    pub source: String,
    /// Can sign in (console access, active keys, or an active directory user).
    pub enabled: bool,
}

/// A leaver's account still enabled in the scope.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LeaverAccount {
    pub account: AccountRef,
    /// The person (directory id).
    pub person: String,
    pub reason: String,
    #[serde(default)]
    pub left_at: Option<DateTime<Utc>>,
    /// Whole hours between leaving and the snapshot; `None` when the leaving date is unknown.
    #[serde(default)]
    pub hours_since_leaving: Option<i64>,
}

/// A local (cloud-managed) account of a directory person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalAccount {
    pub account: AccountRef,
    pub person: String,
    /// The person also has a federated, synchronised or SCIM-provisioned identity (in any
    /// scope): this local account is a shadow beside it.
    pub shadow: bool,
    /// Those identities, as `<scope id> <account name>`, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub federated: Vec<String>,
}

/// A difference between what the directory says of a person and what the cloud account says.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Drift {
    pub account: AccountRef,
    pub person: String,
    /// email, enabled, or `group:<directory group>` (the group→role mapping of idgauge.toml).
    pub attribute: String,
    #[serde(default)]
    pub directory: Option<String>,
    #[serde(default)]
    pub cloud: Option<String>,
}

/// Hours between a directory event and the cloud's (or the read), over the accounts where
/// both ends are dated; the rest are counted by why they could not be measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// What one sample is, in words (which events, and whether it is exact or a bound).
    #[serde(default)]
    pub measures: String,
    /// Accounts measured.
    pub samples: u64,
    #[serde(default)]
    pub median_hours: Option<i64>,
    /// The 90th percentile (nearest rank).
    #[serde(default)]
    pub p90_hours: Option<i64>,
    #[serde(default)]
    pub max_hours: Option<i64>,
    /// Of the samples, those that are only an upper bound (the true latency is that or less).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub upper_bounds: u64,
    /// Accounts that could not be measured, by reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unmeasured: BTreeMap<String, u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A scope's human accounts reconciled with the identity repository.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reconciliation {
    /// People in the repository.
    pub people: u64,
    /// Human accounts of the scope considered (declared break-glass accounts excluded).
    pub accounts: u64,
    /// Of those, the ones joined with a person.
    pub matched: u64,
    /// The join keys tried, in order.
    pub join_keys: Vec<String>,
    /// Human accounts no person of the repository owns, sorted by id.
    #[serde(default)]
    pub orphans: Vec<AccountRef>,
    /// Enabled accounts of people who have left, sorted by account id.
    #[serde(default)]
    pub leavers: Vec<LeaverAccount>,
    /// Local accounts of directory people, sorted by account id.
    #[serde(default)]
    pub local_accounts: Vec<LocalAccount>,
    /// Attribute and group→role differences, sorted by account id then attribute.
    #[serde(default)]
    pub drift: Vec<Drift>,
    /// Person created in the directory → account created in the cloud, over the joined
    /// accounts.
    #[serde(default)]
    pub provisioning: Latency,
    /// Person left → the read, for leavers whose accounts are still enabled: how late
    /// deprovisioning already is (a lower bound of its latency).
    #[serde(default)]
    pub deprovisioning_overdue: Latency,
    /// Person left → the read, for leavers whose accounts the cloud already shows disabled. No
    /// cloud API idgauge reads records when an account was disabled, so each sample is an upper
    /// bound: the account was disabled that long after leaving, or sooner.
    #[serde(default)]
    pub deprovisioning_done: Latency,
    /// The directory's own step, for the scope's leavers with an end date: the day after the
    /// end date → the directory entry disabled (`Person::disabled_at`; a last-change time is an
    /// upper bound). Negative intervals (disabled before the end date) count as 0.
    #[serde(default)]
    pub directory_disabling: Latency,
}
