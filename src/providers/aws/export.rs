//! Importing a folder of AWS CLI outputs (`aws ... --output json > file.json`, the credential
//! report as CSV or as its JSON envelope) as one account's snapshot.
//!
//! Files are recognised by content — top-level keys, the CSV header, or the CLI's error text —
//! never by name, and any subset may be present: sections whose inputs are missing come out
//! unavailable ("no `aws iam get-credential-report` export found in DIR"). The only uses of file
//! names are to link the outputs that do not name their subject (`get-trail-status`,
//! `list-targets-for-policy`, `list-targets-by-rule`, `guardduty get-detector`,
//! `organizations list-parents`) to it: `trail-status-<trail name>.json`,
//! `parents-<account or OU id>.json`, a file name containing the policy id, rule name or
//! detector id, or the only candidate there is; and the account id in an Identity Center
//! assignments file's name (`sso-assignments-<account>-<ps>.json`), which says whose (possibly
//! empty) answer it is.
//!
//! Every output idgauge reads is one row of [`SPECS`]: its command, the operations named in its
//! error text, the top-level keys that recognise it, its multiplicity and the [`RawAccount`]
//! slot it fills.
//!
//! Multiplicity: account-wide outputs (authorization details, credential report, password
//! policy, account summary, providers, MFA devices list, aliases, caller identity, Identity Center
//! instances, organization, account list) may appear once — a second one is an error. Regional or
//! partial lists (trails, metric filters, alarms, EventBridge rules, GuardDuty detector lists,
//! analyzers, `list-mfa-devices`, identity-store users and groups, permission sets, account
//! assignments, organization policy lists) may come one file per region / filter and are merged.
//! Per-subject outputs (trail status, event selectors, policy content and targets, rule targets,
//! detector status) may appear once per subject.
//!
//! A file holding the CLI's error text instead of JSON is read as that call's outcome:
//! `NoSuchEntity` for the password policy means "no policy set", `AWSOrganizationsNotInUseException`
//! means "not in an organization", access-denied codes make the section access_denied, others an
//! error. An output holding only a first page (`NextToken`, `IsTruncated: true`) is incomplete and
//! makes its sections unavailable.
//!
//! `collected_at` is the credential report's `GeneratedTime` (raised to the newest timestamp in
//! the report, since a report cannot predate its contents — moto reports a fixed 2015 time), else
//! the newest modification time of the files read.

use super::normalize::{
    self, Input, NormalizeError, OrganizationState, PasswordPolicyState, RawAccount,
};
use super::raw::{self, CliError, ReportError};
use crate::model::strip_position;
use crate::model::{CollectionMeta, Snapshot, Unavailable, UnavailableKind};
use crate::providers::envelope::{self, Mode};
use chrono::{DateTime, SubsecRound, Utc};
use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{0}: no .json or .csv files to import")]
    NoFiles(PathBuf),
    #[error("{path}: file is empty (a failed export? run the command again or remove the file)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: invalid JSON: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not a recognised AWS CLI export ({what})")]
    Unrecognised { path: PathBuf, what: String },
    #[error("{path}:{line}:{column}: not valid `aws {command}` output: at `{field}`: {message}")]
    Shape {
        path: PathBuf,
        command: &'static str,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error("{path}: {error}")]
    Report { path: PathBuf, error: ReportError },
    #[error("{path}: a second `aws {command}` export{subject} ({first} is the first); keep one")]
    Duplicate {
        path: PathBuf,
        first: String,
        command: &'static str,
        subject: String,
    },
    #[error("{path}: {message}")]
    Link { path: PathBuf, message: String },
    #[error("{label}: {error}")]
    Normalize {
        label: String,
        error: NormalizeError,
    },
}

/// The AWS importer in the provider registry ([`crate::providers::IMPORTERS`]).
pub struct AwsImporter;

impl crate::providers::Importer for AwsImporter {
    fn provider(&self) -> crate::model::Provider {
        crate::model::Provider::Aws
    }
    fn exports_name(&self) -> &'static str {
        "AWS CLI exports"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }
    fn recognises(&self, name: &str, text: &str) -> bool {
        recognises(name, text)
    }
    fn import(
        &self,
        files: &[PathBuf],
        label: &str,
    ) -> Result<Snapshot, crate::providers::ImportError> {
        import_files(files, label).map_err(|e| crate::providers::ImportError(Box::new(e)))
    }
}

/// Whether a file's text is an AWS CLI output idgauge reads (top-level keys only), a
/// credential-report CSV or the CLI's error text — and not an idgauge snapshot.
pub fn recognises(name: &str, text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    if is_csv(name) {
        return looks_like_report_csv(text);
    }
    match serde_json::from_str::<BTreeMap<String, IgnoredAny>>(text) {
        Ok(keys) => !keys.contains_key("schema_version") && classify_keys(&keys).is_some(),
        Err(_) => CliError::parse(text).is_some() && !text.trim_start().starts_with('{'),
    }
}

/// Imports every export in `dir` (sorted, not recursive) as one account.
pub fn import_dir(dir: &Path) -> Result<Snapshot, ExportError> {
    let files = crate::providers::candidate_files(dir).map_err(|error| ExportError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    if files.is_empty() {
        return Err(ExportError::NoFiles(dir.to_path_buf()));
    }
    import_files(&files, &dir.display().to_string())
}

/// Imports the given export files as one account; `label` (the directory) names it in messages.
pub fn import_files(files: &[PathBuf], label: &str) -> Result<Snapshot, ExportError> {
    let mut items = Vec::with_capacity(files.len());
    let mut newest_mtime: Option<DateTime<Utc>> = None;
    for path in files {
        let io = |error| ExportError::Io {
            path: path.clone(),
            error,
        };
        let text = std::fs::read_to_string(path).map_err(io)?;
        if let Ok(m) = std::fs::metadata(path).and_then(|m| m.modified()) {
            let t = DateTime::<Utc>::from(m).trunc_subsecs(0);
            newest_mtime = newest_mtime.max(Some(t));
        }
        items.push(read_item(path, &text)?);
    }
    let (raw, report_time) = assemble(items, label)?;
    let collected_at = report_time
        .or(newest_mtime)
        .unwrap_or_else(|| Utc::now().trunc_subsecs(0));
    let scopes =
        normalize::normalize(&raw, collected_at).map_err(|error| ExportError::Normalize {
            label: label.to_string(),
            error,
        })?;
    let collection = CollectionMeta {
        api_calls: BTreeMap::new(),
        inputs: files.iter().map(|p| file_name(p)).collect(),
        regions: Vec::new(),
    };
    Ok(envelope::snapshot(
        Mode::Export,
        collected_at,
        scopes,
        collection,
    ))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn is_csv(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".csv")
}

fn looks_like_report_csv(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    first.starts_with("user,arn,")
}

// ---------------------------------------------------------------------------------------------
// Export kinds

/// The AWS CLI outputs idgauge reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportKind {
    AuthorizationDetails,
    CredentialReport,
    PasswordPolicy,
    AccountSummary,
    SamlProviders,
    OidcProviders,
    VirtualMfaDevices,
    MfaDevices,
    AccountAliases,
    ListedRoles,
    CallerIdentity,
    Trails,
    TrailStatus,
    EventSelectors,
    SsoInstances,
    PermissionSets,
    AccountAssignments,
    IdentityStoreUsers,
    IdentityStoreGroups,
    GroupMemberships,
    Organization,
    OrgAccounts,
    OrgPolicies,
    DescribePolicy,
    PolicyTargets,
    OrgParents,
    MetricFilters,
    Alarms,
    EventRules,
    EventRuleTargets,
    GuardDutyDetectors,
    GuardDutyDetector,
    Analyzers,
    Directories,
}

impl ExportKind {
    /// The AWS CLI command that produces it.
    pub fn command(self) -> &'static str {
        self.spec().command
    }

    /// Its row of [`SPECS`] (which lists the kinds in declaration order).
    pub fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    fn from_operation(op: &str) -> Option<ExportKind> {
        SPECS
            .iter()
            .find(|s| s.operations.contains(&op))
            .map(|s| s.kind)
    }
}

/// How many files of one kind an account's exports may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplicity {
    /// Account-wide: once; a second file is an error.
    Once,
    /// Regional or partial lists: one file per region or filter, merged and deduplicated.
    Merged,
    /// Once per subject (a trail, a policy...), linked to it by content or file name.
    PerSubject(Subject),
}

/// The subject of a per-subject output, for linking it and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// The subject in a duplicate message (" for trail t").
    pub key: &'static str,
    /// The subject in a linking message ("which GuardDuty detector it is about").
    pub what: &'static str,
    /// File-name prefixes after which the name is the subject's exact name.
    pub prefixes: &'static [&'static str],
    /// How to name the file.
    pub hint: &'static str,
}

/// One AWS CLI output idgauge reads: how it is recognised, how many there may be, and the
/// [`RawAccount`] slot it fills.
pub struct Spec {
    pub kind: ExportKind,
    pub command: &'static str,
    /// The API operation names in the CLI's error text.
    pub operations: &'static [&'static str],
    /// Recognised when the top-level keys hold every key of one of these sets; kinds are tried
    /// in table order and the first match wins. Empty: told from another kind by its entries.
    pub keys: &'static [&'static [&'static str]],
    pub multiplicity: Multiplicity,
    /// Fills its slot (per-subject kinds are linked afterwards, once their subjects are known).
    fill: Fill,
}

type Fill = fn(&mut Assembler, &mut RawAccount) -> Result<(), ExportError>;

/// Per-subject kinds: filled by [`link_subjects`].
fn linked(_: &mut Assembler, _: &mut RawAccount) -> Result<(), ExportError> {
    Ok(())
}

macro_rules! payload {
    ($p:expr, $variant:ident) => {
        match $p {
            Payload::$variant(x) => x,
            _ => unreachable!("payload of another kind"),
        }
    };
}

/// An account-wide output's slot: `raw.$slot` from the `$variant` payload.
macro_rules! once {
    ($slot:ident, $kind:ident) => {
        |a, raw| {
            raw.$slot = a.one(ExportKind::$kind, |i, p| {
                Input::present(i.source(), payload!(p, $kind))
            })?;
            Ok(())
        }
    };
}

/// A merged list's slot, deduplicated by `$key` (the same trail seen from two regions).
macro_rules! merged {
    ($slot:ident, $kind:ident, $key:expr) => {
        |a, raw| {
            raw.$slot = dedup_by(a.merged(ExportKind::$kind, |p| payload!(p, $kind)), $key);
            Ok(())
        }
    };
}

const TRAIL_STATUS: Subject = Subject {
    key: "trail",
    what: "trail",
    prefixes: &["trail-status-", "trail_status_"],
    hint: "trail-status-<trail name>.json",
};
const EVENT_SELECTORS: Subject = Subject {
    key: "trail",
    what: "trail",
    prefixes: &["event-selectors-", "event_selectors_"],
    hint: "event-selectors-<trail name>.json",
};
const POLICY: Subject = Subject {
    key: "policy",
    what: "organization policy",
    prefixes: &[],
    hint: "<anything>-<policy id>.json, e.g. scp-targets-p-abcd1234.json",
};
const CHILD: Subject = Subject {
    key: "account or OU",
    what: "account or OU",
    prefixes: &["parents-"],
    hint: "parents-<account id or ou id>.json",
};
const RULE: Subject = Subject {
    key: "rule",
    what: "EventBridge rule",
    prefixes: &["eventbridge-targets-", "rule-targets-"],
    hint: "eventbridge-targets-<rule name>.json",
};
const DETECTOR: Subject = Subject {
    key: "detector",
    what: "GuardDuty detector",
    prefixes: &[],
    hint: "guardduty-detector-<detector id>.json",
};

/// Every AWS CLI output idgauge reads, in [`ExportKind`] order.
pub static SPECS: [Spec; 34] = {
    use ExportKind as K;
    use Multiplicity::*;
    [
        Spec {
            kind: K::AuthorizationDetails,
            command: "iam get-account-authorization-details",
            operations: &["GetAccountAuthorizationDetails"],
            keys: &[
                &["UserDetailList"],
                &["GroupDetailList"],
                &["RoleDetailList"],
            ],
            multiplicity: Once,
            fill: once!(authorization_details, AuthorizationDetails),
        },
        Spec {
            kind: K::CredentialReport,
            command: "iam get-credential-report",
            operations: &["GetCredentialReport", "GenerateCredentialReport"],
            keys: &[&["Content", "ReportFormat"], &["Content", "GeneratedTime"]],
            multiplicity: Once,
            fill: once!(credential_report, CredentialReport),
        },
        Spec {
            kind: K::PasswordPolicy,
            command: "iam get-account-password-policy",
            operations: &["GetAccountPasswordPolicy"],
            keys: &[&["PasswordPolicy"]],
            multiplicity: Once,
            fill: |a, raw| {
                // `NoSuchEntity` is an answer: no policy set, AWS defaults apply.
                raw.password_policy = match a.only_error("NoSuchEntity", K::PasswordPolicy) {
                    Some(source) => Input::present(source, PasswordPolicyState::NotConfigured),
                    None => a.one(K::PasswordPolicy, |i, p| {
                        Input::present(
                            i.source(),
                            PasswordPolicyState::Configured(payload!(p, PasswordPolicy)),
                        )
                    })?,
                };
                Ok(())
            },
        },
        Spec {
            kind: K::AccountSummary,
            command: "iam get-account-summary",
            operations: &["GetAccountSummary"],
            keys: &[&["SummaryMap"]],
            multiplicity: Once,
            fill: once!(account_summary, AccountSummary),
        },
        Spec {
            kind: K::SamlProviders,
            command: "iam list-saml-providers",
            operations: &["ListSAMLProviders"],
            keys: &[&["SAMLProviderList"]],
            multiplicity: Once,
            fill: once!(saml_providers, SamlProviders),
        },
        Spec {
            kind: K::OidcProviders,
            command: "iam list-open-id-connect-providers",
            operations: &["ListOpenIDConnectProviders"],
            keys: &[&["OpenIDConnectProviderList"]],
            multiplicity: Once,
            fill: once!(oidc_providers, OidcProviders),
        },
        Spec {
            kind: K::VirtualMfaDevices,
            command: "iam list-virtual-mfa-devices",
            operations: &["ListVirtualMFADevices"],
            keys: &[&["VirtualMFADevices"]],
            multiplicity: Once,
            fill: once!(virtual_mfa_devices, VirtualMfaDevices),
        },
        Spec {
            kind: K::MfaDevices,
            command: "iam list-mfa-devices",
            operations: &["ListMFADevices"],
            keys: &[&["MFADevices"]],
            multiplicity: Merged,
            fill: merged!(mfa_devices, MfaDevices, |d| d.serial_number.clone()),
        },
        Spec {
            kind: K::AccountAliases,
            command: "iam list-account-aliases",
            operations: &["ListAccountAliases"],
            keys: &[&["AccountAliases"]],
            multiplicity: Once,
            fill: once!(account_aliases, AccountAliases),
        },
        Spec {
            kind: K::ListedRoles,
            command: "iam list-roles",
            operations: &["ListRoles"],
            keys: &[&["Roles"]],
            multiplicity: Merged,
            fill: merged!(listed_roles, ListedRoles, |r| r.arn.clone()),
        },
        Spec {
            kind: K::CallerIdentity,
            command: "sts get-caller-identity",
            operations: &["GetCallerIdentity"],
            keys: &[&["Account", "Arn", "UserId"]],
            multiplicity: Once,
            fill: once!(caller_identity, CallerIdentity),
        },
        Spec {
            kind: K::Trails,
            command: "cloudtrail describe-trails",
            operations: &["DescribeTrails"],
            keys: &[&["trailList"]],
            multiplicity: Merged,
            fill: merged!(trails, Trails, |t| t.trail_arn.clone()),
        },
        Spec {
            kind: K::TrailStatus,
            command: "cloudtrail get-trail-status",
            operations: &["GetTrailStatus"],
            keys: &[&["IsLogging"]],
            multiplicity: PerSubject(TRAIL_STATUS),
            fill: linked,
        },
        Spec {
            kind: K::EventSelectors,
            command: "cloudtrail get-event-selectors",
            operations: &["GetEventSelectors"],
            keys: &[&["EventSelectors"], &["AdvancedEventSelectors"]],
            multiplicity: PerSubject(EVENT_SELECTORS),
            fill: linked,
        },
        Spec {
            kind: K::SsoInstances,
            command: "sso-admin list-instances",
            operations: &["ListInstances"],
            keys: &[&["Instances"]],
            multiplicity: Once,
            fill: once!(sso_instances, SsoInstances),
        },
        Spec {
            kind: K::PermissionSets,
            command: "sso-admin list-permission-sets",
            operations: &["ListPermissionSets"],
            keys: &[&["PermissionSets"]],
            multiplicity: Merged,
            fill: merged!(permission_sets, PermissionSets, |p| p.clone()),
        },
        Spec {
            kind: K::AccountAssignments,
            command: "sso-admin list-account-assignments",
            operations: &["ListAccountAssignments"],
            keys: &[&["AccountAssignments"]],
            multiplicity: Merged,
            // Not deduplicated: two identical assignments cannot be told apart.
            fill: |a, raw| {
                // Whose assignments were read: besides the accounts the answers name, an
                // account id in a file's name (`sso-assignments-<account>-<ps>.json`) says an
                // empty answer was about that account.
                let named: Vec<String> = a
                    .by_kind
                    .get(&K::AccountAssignments)
                    .into_iter()
                    .flatten()
                    .flat_map(|i| account_ids_in(&i.name))
                    .collect();
                raw.account_assignments =
                    a.merged(K::AccountAssignments, |p| payload!(p, AccountAssignments));
                if !named.is_empty() {
                    let mut accounts = named;
                    if let Some(list) = raw.account_assignments.data() {
                        accounts.extend(list.iter().filter_map(|x| x.account_id.clone()));
                    }
                    accounts.sort();
                    accounts.dedup();
                    raw.assignment_accounts = Some(accounts);
                }
                Ok(())
            },
        },
        Spec {
            kind: K::IdentityStoreUsers,
            command: "identitystore list-users",
            operations: &["ListUsers"],
            keys: &[&["Users"]],
            multiplicity: Merged,
            fill: merged!(identity_store_users, IdentityStoreUsers, |u| u
                .user_id
                .clone()),
        },
        Spec {
            kind: K::IdentityStoreGroups,
            command: "identitystore list-groups",
            operations: &["ListGroups"],
            keys: &[&["Groups"]],
            multiplicity: Merged,
            fill: merged!(identity_store_groups, IdentityStoreGroups, |g| g
                .group_id
                .clone()),
        },
        Spec {
            kind: K::GroupMemberships,
            command: "identitystore list-group-memberships",
            operations: &["ListGroupMemberships"],
            keys: &[&["GroupMemberships"]],
            multiplicity: Merged,
            fill: merged!(identity_store_memberships, GroupMemberships, |m| (
                m.group_id.clone(),
                m.member_id.user_id.clone()
            )),
        },
        Spec {
            kind: K::Organization,
            command: "organizations describe-organization",
            operations: &["DescribeOrganization"],
            keys: &[&["Organization"]],
            multiplicity: Once,
            fill: |a, raw| {
                // `AWSOrganizationsNotInUseException` is an answer: a standalone account.
                raw.organization = match a
                    .only_error("AWSOrganizationsNotInUseException", K::Organization)
                {
                    Some(source) => Input::present(source, OrganizationState::NotInOrganization),
                    None => a.one(K::Organization, |i, p| {
                        Input::present(
                            i.source(),
                            OrganizationState::Member(payload!(p, Organization)),
                        )
                    })?,
                };
                Ok(())
            },
        },
        Spec {
            kind: K::OrgAccounts,
            command: "organizations list-accounts",
            operations: &["ListAccounts"],
            keys: &[&["Accounts"]],
            multiplicity: Once,
            fill: once!(organization_accounts, OrgAccounts),
        },
        Spec {
            kind: K::OrgPolicies,
            command: "organizations list-policies",
            operations: &["ListPolicies"],
            keys: &[&["Policies"]],
            multiplicity: Merged,
            fill: merged!(org_policies, OrgPolicies, |p| p.id.clone()),
        },
        Spec {
            kind: K::DescribePolicy,
            command: "organizations describe-policy",
            operations: &["DescribePolicy"],
            keys: &[&["Policy"]],
            multiplicity: PerSubject(POLICY),
            fill: linked,
        },
        Spec {
            kind: K::PolicyTargets,
            command: "organizations list-targets-for-policy",
            operations: &["ListTargetsForPolicy"],
            keys: &[&["Targets"]],
            multiplicity: PerSubject(POLICY),
            fill: linked,
        },
        Spec {
            kind: K::OrgParents,
            command: "organizations list-parents",
            operations: &["ListParents"],
            keys: &[&["Parents"]],
            multiplicity: PerSubject(CHILD),
            fill: linked,
        },
        Spec {
            kind: K::MetricFilters,
            command: "logs describe-metric-filters",
            operations: &["DescribeMetricFilters"],
            keys: &[&["metricFilters"]],
            multiplicity: Merged,
            fill: merged!(metric_filters, MetricFilters, |f| (
                f.log_group_name.clone(),
                f.filter_name.clone()
            )),
        },
        Spec {
            kind: K::Alarms,
            command: "cloudwatch describe-alarms",
            operations: &["DescribeAlarms"],
            keys: &[&["MetricAlarms"], &["CompositeAlarms"]],
            multiplicity: Merged,
            fill: merged!(alarms, Alarms, |x| x
                .alarm_arn
                .clone()
                .unwrap_or_else(|| x.alarm_name.clone())),
        },
        Spec {
            kind: K::EventRules,
            command: "events list-rules",
            operations: &["ListRules"],
            keys: &[&["Rules"]],
            multiplicity: Merged,
            fill: merged!(event_rules, EventRules, |r| r
                .arn
                .clone()
                .unwrap_or_else(|| r.name.clone())),
        },
        Spec {
            kind: K::EventRuleTargets,
            command: "events list-targets-by-rule",
            operations: &["ListTargetsByRule"],
            // `{"Targets": …}` as a policy's targets; told apart by the entries.
            keys: &[],
            multiplicity: PerSubject(RULE),
            fill: linked,
        },
        Spec {
            kind: K::GuardDutyDetectors,
            command: "guardduty list-detectors",
            operations: &["ListDetectors"],
            keys: &[&["DetectorIds"]],
            multiplicity: Merged,
            fill: merged!(guardduty_detectors, GuardDutyDetectors, |d| d.clone()),
        },
        Spec {
            kind: K::GuardDutyDetector,
            command: "guardduty get-detector",
            operations: &["GetDetector"],
            keys: &[
                &["Status", "ServiceRole"],
                &["Status", "FindingPublishingFrequency"],
                &["Status", "DataSources"],
            ],
            multiplicity: PerSubject(DETECTOR),
            fill: linked,
        },
        Spec {
            kind: K::Analyzers,
            command: "accessanalyzer list-analyzers",
            operations: &["ListAnalyzers"],
            keys: &[&["analyzers"]],
            multiplicity: Merged,
            fill: merged!(analyzers, Analyzers, |x| x.arn.clone()),
        },
        Spec {
            kind: K::Directories,
            command: "ds describe-directories",
            operations: &["DescribeDirectories"],
            keys: &[&["DirectoryDescriptions"]],
            multiplicity: Merged,
            fill: merged!(directories, Directories, |d| d.directory_id.clone()),
        },
    ]
};

/// The 12-digit account ids in a file name, delimited by non-digits.
fn account_ids_in(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 12)
        .map(str::to_string)
        .collect()
}

/// Which kind of output the top-level keys are (ambiguous lists resolved later on their entries).
fn classify_keys<V>(keys: &BTreeMap<String, V>) -> Option<ExportKind> {
    SPECS
        .iter()
        .find(|s| {
            s.keys
                .iter()
                .any(|set| set.iter().all(|k| keys.contains_key(*k)))
        })
        .map(|s| s.kind)
}

/// Merged lists may repeat entries (the same multi-region trail seen from two regions).
fn dedup_by<T, K: Ord>(mut input: Input<Vec<T>>, key: impl Fn(&T) -> K) -> Input<Vec<T>> {
    if let Input::Present { data, .. } = &mut input {
        let mut seen = BTreeSet::new();
        data.retain(|x| seen.insert(key(x)));
    }
    input
}

// ---------------------------------------------------------------------------------------------
// Reading one file

enum Payload {
    AuthorizationDetails(raw::AuthorizationDetails),
    CredentialReport(raw::CredentialReport),
    PasswordPolicy(raw::PasswordPolicy),
    AccountSummary(raw::AccountSummary),
    SamlProviders(Vec<raw::SamlProvider>),
    OidcProviders(Vec<raw::OidcProvider>),
    VirtualMfaDevices(Vec<raw::VirtualMfaDevice>),
    MfaDevices(Vec<raw::MfaDevice>),
    AccountAliases(Vec<String>),
    ListedRoles(Vec<raw::ListedRole>),
    CallerIdentity(raw::CallerIdentity),
    Trails(Vec<raw::Trail>),
    TrailStatus(raw::TrailStatus),
    EventSelectors(raw::EventSelectors),
    SsoInstances(Vec<raw::SsoInstance>),
    PermissionSets(Vec<String>),
    AccountAssignments(Vec<raw::AccountAssignment>),
    IdentityStoreUsers(Vec<raw::IdentityStoreUser>),
    IdentityStoreGroups(Vec<raw::IdentityStoreGroup>),
    GroupMemberships(Vec<raw::GroupMembership>),
    Organization(raw::Organization),
    OrgAccounts(Vec<raw::OrgAccount>),
    OrgPolicies(Vec<raw::OrgPolicySummary>),
    DescribePolicy(raw::OrgPolicy),
    PolicyTargets(Vec<raw::PolicyTarget>),
    OrgParents(Vec<raw::Parent>),
    /// `{"Targets": []}`: a policy's or a rule's, to be told by the file name.
    EmptyTargets,
    MetricFilters(Vec<raw::MetricFilter>),
    Alarms(Vec<raw::MetricAlarm>),
    EventRules(Vec<raw::EventRule>),
    EventRuleTargets(Vec<raw::EventTarget>),
    GuardDutyDetectors(Vec<String>),
    GuardDutyDetector(raw::GuardDutyDetector),
    Analyzers(Vec<raw::Analyzer>),
    Directories(Vec<raw::DirectoryDescription>),
    /// The CLI's error text instead of output.
    Error(CliError),
    /// Only the first page (`NextToken` / `IsTruncated`).
    Truncated,
}

struct Item {
    path: PathBuf,
    name: String,
    kind: ExportKind,
    payload: Payload,
}

impl Item {
    fn source(&self) -> String {
        format!("export:{}", self.name)
    }
}

fn read_item(path: &Path, text: &str) -> Result<Item, ExportError> {
    let name = file_name(path);
    let item = |kind, payload| Item {
        path: path.to_path_buf(),
        name: name.clone(),
        kind,
        payload,
    };
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(ExportError::Empty {
            path: path.to_path_buf(),
        });
    }
    if is_csv(&name) {
        if !looks_like_report_csv(body) {
            return Err(ExportError::Unrecognised {
                path: path.to_path_buf(),
                what: format!(
                    "CSV header: {}",
                    body.lines()
                        .next()
                        .unwrap_or("")
                        .chars()
                        .take(120)
                        .collect::<String>()
                ),
            });
        }
        let report =
            raw::CredentialReport::from_csv(body).map_err(|error| ExportError::Report {
                path: path.to_path_buf(),
                error,
            })?;
        return Ok(item(
            ExportKind::CredentialReport,
            Payload::CredentialReport(report),
        ));
    }
    if !body.trim_start().starts_with('{') {
        if let Some(err) = CliError::parse(body) {
            let kind = ExportKind::from_operation(&err.operation).ok_or_else(|| {
                ExportError::Unrecognised {
                    path: path.to_path_buf(),
                    what: format!(
                        "an AWS CLI error from the {} operation, which idgauge does not read",
                        err.operation
                    ),
                }
            })?;
            return Ok(item(kind, Payload::Error(err)));
        }
    }
    let keys: BTreeMap<String, IgnoredAny> = match serde_json::from_str(body) {
        Ok(k) => k,
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            return Err(ExportError::Unrecognised {
                path: path.to_path_buf(),
                what: "the top level is not a JSON object".to_string(),
            })
        }
        Err(e) => {
            return Err(ExportError::Syntax {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            })
        }
    };
    let unrecognised = |extra: &str| ExportError::Unrecognised {
        path: path.to_path_buf(),
        what: format!(
            "top-level keys: {}{extra}",
            if keys.is_empty() {
                "none".to_string()
            } else {
                keys.keys().take(12).cloned().collect::<Vec<_>>().join(", ")
            }
        ),
    };
    let Some(kind) = classify_keys(&keys) else {
        return Err(unrecognised(""));
    };
    if keys.contains_key("NextToken")
        || keys.contains_key("nextToken")
        || (keys.contains_key("IsTruncated") && truncated(body))
    {
        return Ok(item(kind, Payload::Truncated));
    }
    let parse = |_: ()| -> Result<serde_json::Value, ExportError> {
        serde_json::from_str(body).map_err(|e| ExportError::Syntax {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })
    };
    // Lists whose top-level key other commands share: decided on their entries.
    let first_entry_has = |list: &str, field: &str| -> Result<Option<bool>, ExportError> {
        let v = parse(())?;
        Ok(v.get(list)
            .and_then(|l| l.as_array())
            .and_then(|a| a.first())
            .map(|e| e.get(field).is_some()))
    };
    macro_rules! typed {
        ($t:ty) => {
            typed::<$t>(path, kind, body)?
        };
    }
    use ExportKind as K;
    let payload = match kind {
        K::AuthorizationDetails => {
            let g = typed!(raw::AuthorizationDetails);
            if g.is_truncated {
                Payload::Truncated
            } else {
                Payload::AuthorizationDetails(g)
            }
        }
        K::CredentialReport => {
            let env = typed!(raw::CredentialReportEnvelope);
            Payload::CredentialReport(raw::CredentialReport::from_envelope(&env).map_err(
                |error| ExportError::Report {
                    path: path.to_path_buf(),
                    error,
                },
            )?)
        }
        K::PasswordPolicy => {
            Payload::PasswordPolicy(typed!(raw::PasswordPolicyResponse).password_policy)
        }
        K::AccountSummary => Payload::AccountSummary(typed!(raw::AccountSummary)),
        K::SamlProviders => Payload::SamlProviders(typed!(raw::SamlProviders).saml_provider_list),
        K::OidcProviders => {
            Payload::OidcProviders(typed!(raw::OidcProviders).open_id_connect_provider_list)
        }
        K::VirtualMfaDevices => {
            Payload::VirtualMfaDevices(typed!(raw::VirtualMfaDevices).virtual_mfa_devices)
        }
        K::MfaDevices => Payload::MfaDevices(typed!(raw::MfaDevices).mfa_devices),
        K::AccountAliases => Payload::AccountAliases(typed!(raw::AccountAliases).account_aliases),
        K::ListedRoles => Payload::ListedRoles(typed!(raw::ListedRoles).roles),
        K::CallerIdentity => Payload::CallerIdentity(typed!(raw::CallerIdentity)),
        K::Trails => Payload::Trails(typed!(raw::Trails).trail_list),
        K::TrailStatus => Payload::TrailStatus(typed!(raw::TrailStatus)),
        K::EventSelectors => Payload::EventSelectors(typed!(raw::EventSelectors)),
        K::SsoInstances => Payload::SsoInstances(typed!(raw::SsoInstances).instances),
        K::PermissionSets => Payload::PermissionSets(typed!(raw::PermissionSets).permission_sets),
        K::AccountAssignments => {
            Payload::AccountAssignments(typed!(raw::AccountAssignments).account_assignments)
        }
        K::IdentityStoreUsers => {
            if first_entry_has("Users", "Arn")? == Some(true) {
                return Err(unrecognised(
                    " — `aws iam list-users` output: export `aws iam get-account-authorization-details` instead",
                ));
            }
            Payload::IdentityStoreUsers(typed!(raw::IdentityStoreUsers).users)
        }
        K::IdentityStoreGroups => {
            if first_entry_has("Groups", "Arn")? == Some(true) {
                return Err(unrecognised(
                    " — `aws iam list-groups` output: export `aws iam get-account-authorization-details` instead",
                ));
            }
            Payload::IdentityStoreGroups(typed!(raw::IdentityStoreGroups).groups)
        }
        K::GroupMemberships => {
            Payload::GroupMemberships(typed!(raw::GroupMemberships).group_memberships)
        }
        K::OrgParents => Payload::OrgParents(typed!(raw::Parents).parents),
        K::Organization => Payload::Organization(typed!(raw::DescribeOrganization).organization),
        K::OrgAccounts => Payload::OrgAccounts(typed!(raw::OrgAccounts).accounts),
        K::OrgPolicies => {
            if first_entry_has("Policies", "PolicyName")? == Some(true) {
                return Err(unrecognised(
                    " — `aws iam list-policies` output: export `aws iam get-account-authorization-details` instead",
                ));
            }
            Payload::OrgPolicies(typed!(raw::OrgPolicies).policies)
        }
        K::DescribePolicy => Payload::DescribePolicy(typed!(raw::DescribePolicy).policy),
        K::PolicyTargets | K::EventRuleTargets => match first_entry_has("Targets", "TargetId")? {
            None => Payload::EmptyTargets,
            Some(true) => Payload::PolicyTargets(typed!(raw::PolicyTargets).targets),
            Some(false) => {
                return Ok(item(
                    K::EventRuleTargets,
                    Payload::EventRuleTargets(
                        typed::<raw::EventTargets>(path, K::EventRuleTargets, body)?.targets,
                    ),
                ))
            }
        },
        K::MetricFilters => Payload::MetricFilters(typed!(raw::MetricFilters).metric_filters),
        K::Alarms => Payload::Alarms(typed!(raw::Alarms).metric_alarms),
        K::EventRules => Payload::EventRules(typed!(raw::EventRules).rules),
        K::GuardDutyDetectors => {
            Payload::GuardDutyDetectors(typed!(raw::GuardDutyDetectors).detector_ids)
        }
        K::GuardDutyDetector => Payload::GuardDutyDetector(typed!(raw::GuardDutyDetector)),
        K::Analyzers => Payload::Analyzers(typed!(raw::Analyzers).analyzers),
        K::Directories => Payload::Directories(typed!(raw::Directories).directory_descriptions),
    };
    Ok(item(kind, payload))
}

/// `"IsTruncated": true` at the top level (IAM lists exported with `--no-paginate`).
fn truncated(body: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Peek {
        #[serde(rename = "IsTruncated", default)]
        is_truncated: Option<bool>,
    }
    serde_json::from_str::<Peek>(body)
        .ok()
        .and_then(|p| p.is_truncated)
        .unwrap_or(false)
}

fn typed<T: DeserializeOwned>(path: &Path, kind: ExportKind, body: &str) -> Result<T, ExportError> {
    let mut de = serde_json::Deserializer::from_str(body);
    serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|err| {
        let field = err.path().to_string();
        let inner = err.into_inner();
        ExportError::Shape {
            path: path.to_path_buf(),
            command: kind.command(),
            line: inner.line(),
            column: inner.column(),
            field,
            message: strip_position(&inner.to_string()),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Assembling the account

/// What an error file means for its input (classified as the live collector classifies it).
fn error_input<T>(item: &Item, err: &CliError) -> Input<T> {
    Input::Failed {
        source: item.source(),
        reason: err.class().unavailable(Some(&item.name)),
    }
}

fn truncated_input<T>(item: &Item) -> Input<T> {
    Input::Failed {
        source: item.source(),
        reason: Unavailable {
            kind: UnavailableKind::Error,
            message: format!(
                "{}: incomplete `aws {}` export (only the first page: NextToken or IsTruncated present); export it again without --max-items / --no-paginate",
                item.name,
                item.kind.command()
            ),
        },
    }
}

struct Assembler {
    label: String,
    by_kind: BTreeMap<ExportKind, Vec<Item>>,
}

impl Assembler {
    /// When the kind's only file is the CLI error `code` — an answer, not a failure — takes it
    /// and returns its source.
    fn only_error(&mut self, code: &str, kind: ExportKind) -> Option<String> {
        let only = self.by_kind.get(&kind).is_some_and(|v| {
            v.len() == 1 && matches!(&v[0].payload, Payload::Error(e) if e.code == code)
        });
        if !only {
            return None;
        }
        self.take(kind).pop().map(|i| i.source())
    }

    fn missing<T>(&self, kind: ExportKind) -> Input<T> {
        Input::Missing {
            message: format!("no `aws {}` export found in {}", kind.command(), self.label),
        }
    }

    fn take(&mut self, kind: ExportKind) -> Vec<Item> {
        self.by_kind.remove(&kind).unwrap_or_default()
    }

    /// An output that may appear once.
    fn one<T>(
        &mut self,
        kind: ExportKind,
        extract: impl FnOnce(&Item, Payload) -> Input<T>,
    ) -> Result<Input<T>, ExportError> {
        let mut items = self.take(kind);
        if items.len() > 1 {
            return Err(ExportError::Duplicate {
                path: items[1].path.clone(),
                first: items[0].name.clone(),
                command: kind.command(),
                subject: String::new(),
            });
        }
        let Some(mut item) = items.pop() else {
            return Ok(self.missing(kind));
        };
        let payload = std::mem::replace(&mut item.payload, Payload::Truncated);
        Ok(match payload {
            Payload::Error(e) => error_input(&item, &e),
            Payload::Truncated => truncated_input(&item),
            p => extract(&item, p),
        })
    }

    /// Outputs merged across files (regions, filters). Any error or truncated file fails it.
    fn merged<T>(
        &mut self,
        kind: ExportKind,
        extract: impl Fn(Payload) -> Vec<T>,
    ) -> Input<Vec<T>> {
        let items = self.take(kind);
        if items.is_empty() {
            return self.missing(kind);
        }
        let mut data = Vec::new();
        let mut sources = Vec::new();
        for mut item in items {
            match std::mem::replace(&mut item.payload, Payload::Truncated) {
                Payload::Error(e) => return error_input(&item, &e),
                Payload::Truncated => return truncated_input(&item),
                p => {
                    sources.push(item.source());
                    data.extend(extract(p));
                }
            }
        }
        Input::present(sources.join("+"), data)
    }
}

/// Builds the raw account, and returns the credential report's time if it has one.
fn assemble(
    items: Vec<Item>,
    label: &str,
) -> Result<(RawAccount, Option<DateTime<Utc>>), ExportError> {
    let mut by_kind: BTreeMap<ExportKind, Vec<Item>> = BTreeMap::new();
    for it in items {
        by_kind.entry(it.kind).or_default().push(it);
    }
    let mut a = Assembler {
        label: label.to_string(),
        by_kind,
    };
    let mut raw = RawAccount::default();
    for spec in &SPECS {
        (spec.fill)(&mut a, &mut raw)?;
    }
    link_subjects(&mut a, &mut raw)?;
    debug_assert!(a.by_kind.is_empty(), "every kind is consumed");

    let report_time = raw.credential_report.data().and_then(|r| {
        r.generated
            .map(|g| g.max(r.newest_timestamp().unwrap_or(g)))
    });
    Ok((raw, report_time))
}

// ---------------------------------------------------------------------------------------------
// Linking per-subject outputs

/// True when `label` occurs in `stem` delimited by non-alphanumerics (or the ends).
fn mentions(stem: &str, label: &str) -> bool {
    if label.is_empty() {
        return false;
    }
    let bytes = stem.as_bytes();
    stem.match_indices(label).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + label.len()).copied();
        before.is_none_or(|c| !c.is_ascii_alphanumeric())
            && after.is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// Which subject a file is about, by its name. `explicit` prefixes (`trail-status-`) make the
/// rest of the name the subject's exact name; otherwise the longest subject named in the file
/// name wins; failing that, the only subject there is (`allow_single`).
fn link_by_name<'c>(
    file: &str,
    explicit: &[&str],
    candidates: &'c [String],
    allow_single: bool,
) -> Result<Option<&'c String>, String> {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    for prefix in explicit {
        if let Some(named) = stem.strip_prefix(prefix) {
            return match candidates.iter().find(|c| c.as_str() == named) {
                Some(c) => Ok(Some(c)),
                None => Err(format!("names {named:?}, which is not among them")),
            };
        }
    }
    let mut found: Vec<&String> = candidates.iter().filter(|c| mentions(stem, c)).collect();
    found.sort_by_key(|c| std::cmp::Reverse(c.len()));
    match found.as_slice() {
        [one] => return Ok(Some(one)),
        [a, b, ..] if a.len() > b.len() => return Ok(Some(a)),
        [_, _, ..] => return Err("its name matches more than one".to_string()),
        [] => {}
    }
    if allow_single && candidates.len() == 1 {
        return Ok(Some(&candidates[0]));
    }
    Ok(None)
}

/// Links per-subject outputs to their subjects and fills the maps of `raw`.
fn link_subjects(a: &mut Assembler, raw: &mut RawAccount) -> Result<(), ExportError> {
    use ExportKind as K;
    // Trails: status (file name) and event selectors (TrailARN inside, else file name).
    let trails: Vec<(String, String)> = raw
        .trails
        .data()
        .map(|t| {
            t.iter()
                .map(|t| (t.name.clone(), t.trail_arn.clone()))
                .collect()
        })
        .unwrap_or_default();
    let trail_names: Vec<String> = trails.iter().map(|t| t.0.clone()).collect();
    let trail_arn = |name: &String| {
        trails
            .iter()
            .find(|t| &t.0 == name)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
    raw.trail_status = per_subject(a, K::TrailStatus, |item, payload| {
        let Payload::TrailStatus(s) = payload else {
            return Ok(None);
        };
        let name = resolve(item, &trail_names)?;
        Ok(name.map(|n| (trail_arn(n), s)))
    })?;
    raw.event_selectors = per_subject(a, K::EventSelectors, |item, payload| {
        let Payload::EventSelectors(s) = payload else {
            return Ok(None);
        };
        if let Some(arn) = &s.trail_arn {
            return Ok(Some((arn.clone(), s)));
        }
        let name = resolve(item, &trail_names)?;
        Ok(name.map(|n| (trail_arn(n), s)))
    })?;

    // Organizations: policy content (id inside) and targets (file name).
    let mut contents: Vec<raw::OrgPolicy> = Vec::new();
    raw.policy_contents = per_subject(a, K::DescribePolicy, |_, payload| {
        let Payload::DescribePolicy(p) = payload else {
            return Ok(None);
        };
        contents.push(p.clone());
        Ok(p.content.map(|c| (p.policy_summary.id, c)))
    })?;
    // Policies described but not listed (another filter's list not exported) still count.
    if let Input::Present { data, .. } = &mut raw.org_policies {
        for p in contents {
            if !data.iter().any(|x| x.id == p.policy_summary.id) {
                data.push(p.policy_summary);
            }
        }
    }
    let mut policy_ids: Vec<String> = raw
        .org_policies
        .data()
        .map(|v| v.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    if let Some(c) = raw.policy_contents.data() {
        policy_ids.extend(c.keys().cloned());
    }
    policy_ids.sort();
    policy_ids.dedup();

    let rule_names: Vec<String> = raw
        .event_rules
        .data()
        .map(|v| v.iter().map(|r| r.name.clone()).collect())
        .unwrap_or_default();

    // `{"Targets": []}`: a policy's or a rule's, by its name; unlinked ones say nothing.
    let mut empty_policy_targets = Vec::new();
    let mut empty_rule_targets = Vec::new();
    let targets = a.take(K::PolicyTargets);
    let mut policy_target_items = Vec::new();
    for item in targets {
        if matches!(item.payload, Payload::EmptyTargets) {
            let stem = item
                .name
                .rsplit_once('.')
                .map(|(s, _)| s)
                .unwrap_or(&item.name);
            if let Some(id) = policy_ids.iter().find(|id| mentions(stem, id)) {
                empty_policy_targets.push((id.clone(), item));
            } else if let Ok(Some(name)) = link_by_name(
                &item.name,
                subject(K::EventRuleTargets).prefixes,
                &rule_names,
                false,
            ) {
                empty_rule_targets.push((name.clone(), item));
            }
        } else {
            policy_target_items.push(item);
        }
    }
    a.by_kind.insert(K::PolicyTargets, policy_target_items);
    let mut policy_targets = per_subject(a, K::PolicyTargets, |item, payload| {
        let Payload::PolicyTargets(t) = payload else {
            return Ok(None);
        };
        let id = resolve(item, &policy_ids)?;
        Ok(id.map(|id| (id.clone(), t)))
    })?;
    add_empty(
        &mut policy_targets,
        empty_policy_targets,
        subject(K::PolicyTargets).key,
    )?;
    raw.policy_targets = policy_targets;

    let mut rule_targets = per_subject(a, K::EventRuleTargets, |item, payload| {
        let Payload::EventRuleTargets(t) = payload else {
            return Ok(None);
        };
        let name = resolve(item, &rule_names)?;
        Ok(name.map(|n| (n.clone(), t)))
    })?;
    add_empty(
        &mut rule_targets,
        empty_rule_targets,
        subject(K::EventRuleTargets).key,
    )?;
    raw.event_rule_targets = rule_targets;

    // Organizations: each account's or OU's parents, named by the file (`parents-<id>.json`).
    raw.org_parents = per_subject(a, K::OrgParents, |item, payload| {
        let Payload::OrgParents(p) = payload else {
            return Ok(None);
        };
        let stem = item
            .name
            .rsplit_once('.')
            .map_or(item.name.as_str(), |x| x.0);
        match stem.strip_prefix("parents-") {
            Some(id)
                if (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()))
                    || id.starts_with("ou-") =>
            {
                Ok(Some((id.to_string(), p)))
            }
            _ => Err(ExportError::Link {
                path: item.path.clone(),
                message: format!(
                    "`aws {}` output does not say which account or OU it is about: name it {}",
                    item.kind.command(),
                    subject(K::OrgParents).hint
                ),
            }),
        }
    })?;

    let detector_ids: Vec<String> = raw.guardduty_detectors.data().cloned().unwrap_or_default();
    raw.guardduty_detector_status = per_subject(a, K::GuardDutyDetector, |item, payload| {
        let Payload::GuardDutyDetector(d) = payload else {
            return Ok(None);
        };
        let id = resolve(item, &detector_ids)?;
        Ok(id.map(|id| (id.clone(), d)))
    })?;
    Ok(())
}

/// The subject of a per-subject kind.
fn subject(kind: ExportKind) -> Subject {
    match kind.spec().multiplicity {
        Multiplicity::PerSubject(s) => s,
        _ => unreachable!("{} is not per-subject", kind.command()),
    }
}

/// The subject of a per-subject file (named as its kind's [`Subject`] says), or an error naming
/// the file.
fn resolve<'c>(item: &Item, candidates: &'c [String]) -> Result<Option<&'c String>, ExportError> {
    if candidates.is_empty() {
        return Ok(None); // nothing to attach it to: the subjects' own export is missing
    }
    let Subject {
        what,
        prefixes,
        hint,
        ..
    } = subject(item.kind);
    match link_by_name(&item.name, prefixes, candidates, true) {
        Ok(Some(c)) => Ok(Some(c)),
        Ok(None) => Err(ExportError::Link {
            path: item.path.clone(),
            message: format!(
                "`aws {}` output does not say which {what} it is about, and the file name names none of {} (name it {hint})",
                item.kind.command(),
                candidates.join(", ")
            ),
        }),
        Err(why) => Err(ExportError::Link {
            path: item.path.clone(),
            message: format!(
                "`aws {}` output for an unknown {what}: the file name {why} ({}); name it {hint}",
                item.kind.command(),
                candidates.join(", ")
            ),
        }),
    }
}

/// Per-subject outputs: one map entry per subject; a second file for a subject is an error;
/// error files say nothing about a particular subject and are skipped.
fn per_subject<T>(
    a: &mut Assembler,
    kind: ExportKind,
    mut link: impl FnMut(&Item, Payload) -> Result<Option<(String, T)>, ExportError>,
) -> Result<Input<BTreeMap<String, T>>, ExportError> {
    let items = a.take(kind);
    if items.is_empty() {
        return Ok(a.missing(kind));
    }
    let mut map = BTreeMap::new();
    let mut first_file: BTreeMap<String, String> = BTreeMap::new();
    let mut sources = Vec::new();
    let mut failure = None;
    for mut item in items {
        let payload = std::mem::replace(&mut item.payload, Payload::Truncated);
        match payload {
            Payload::Error(e) => {
                failure.get_or_insert_with(|| error_input(&item, &e));
                continue;
            }
            Payload::Truncated => {
                failure.get_or_insert_with(|| truncated_input(&item));
                continue;
            }
            p => {
                if let Some((key, value)) = link(&item, p)? {
                    if let Some(first) = first_file.get(&key) {
                        return Err(ExportError::Duplicate {
                            path: item.path.clone(),
                            first: first.clone(),
                            command: kind.command(),
                            subject: format!(" for {} {key}", subject(kind).key),
                        });
                    }
                    first_file.insert(key.clone(), item.name.clone());
                    map.insert(key, value);
                }
                sources.push(item.source());
            }
        }
    }
    if sources.is_empty() {
        if let Some(f) = failure {
            return Ok(f);
        }
    }
    Ok(Input::present(sources.join("+"), map))
}

/// Adds `{"Targets": []}` files linked by name to a targets map.
fn add_empty<T>(
    input: &mut Input<BTreeMap<String, Vec<T>>>,
    empties: Vec<(String, Item)>,
    subject: &str,
) -> Result<(), ExportError> {
    for (key, item) in empties {
        if let Input::Missing { .. } | Input::Failed { .. } = input {
            *input = Input::present(String::new(), BTreeMap::new());
        }
        let Input::Present { source, data } = input else {
            unreachable!()
        };
        if data.contains_key(&key) {
            return Err(ExportError::Duplicate {
                path: item.path.clone(),
                first: "another file".to_string(),
                command: item.kind.command(),
                subject: format!(" for {subject} {key}"),
            });
        }
        data.insert(key, Vec::new());
        if source.is_empty() {
            *source = item.source();
        } else {
            source.push('+');
            source.push_str(&item.source());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const GAAD: &str = r#"{"UserDetailList": [{"UserName": "alice", "Arn": "arn:aws:iam::123456789012:user/alice", "Path": "/"}], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}"#;

    #[test]
    fn the_table_lists_every_kind_once_in_declaration_order() {
        for (i, spec) in SPECS.iter().enumerate() {
            assert_eq!(spec.kind as usize, i, "{}", spec.command);
            assert_eq!(spec.kind.spec().command, spec.command);
            assert!(!spec.operations.is_empty(), "{}", spec.command);
            for op in spec.operations {
                assert_eq!(ExportKind::from_operation(op), Some(spec.kind), "{op}");
            }
        }
    }

    #[test]
    fn recognises_outputs_by_content() {
        let cases = [
            (GAAD, ExportKind::AuthorizationDetails),
            (r#"{"SummaryMap": {"AccountMFAEnabled": 1}}"#, ExportKind::AccountSummary),
            (r#"{"IsLogging": true, "LatestDeliveryTime": 1454022144.869}"#, ExportKind::TrailStatus),
            (r#"{"Users": [{"UserId": "u", "UserName": "a", "IdentityStoreId": "d-1"}]}"#, ExportKind::IdentityStoreUsers),
            (r#"{"Policies": [{"Id": "p-1", "Name": "x", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}]}"#, ExportKind::OrgPolicies),
            (r#"{"Targets": [{"Id": "sns", "Arn": "arn:aws:sns:us-east-1:1:t"}]}"#, ExportKind::EventRuleTargets),
            (r#"{"Targets": [{"TargetId": "r-1", "Type": "ROOT"}]}"#, ExportKind::PolicyTargets),
            (r#"{"Status": "ENABLED", "ServiceRole": "arn", "FindingPublishingFrequency": "SIX_HOURS"}"#, ExportKind::GuardDutyDetector),
            ("\nAn error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: none\n", ExportKind::PasswordPolicy),
        ];
        let d = tempfile::tempdir().unwrap();
        for (text, want) in cases {
            let p = write(d.path(), "x.json", text);
            let item = read_item(&p, text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(item.kind, want, "{text}");
            assert!(recognises("x.json", text), "{text}");
        }
        assert!(!recognises("s.json", r#"{"schema_version": "1.0"}"#));
        assert!(!recognises("s.json", "not json"));
        assert!(recognises("r.csv", "user,arn,user_creation_time\n"));
        assert!(!recognises("r.csv", "a,b\n"));
    }

    #[test]
    fn unrecognised_and_malformed_files_are_named() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "odd.json", r#"{"Foo": 1, "Bar": []}"#);
        let e = read_item(&p, r#"{"Foo": 1, "Bar": []}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.ends_with("odd.json: not a recognised AWS CLI export (top-level keys: Bar, Foo)"),
            "{e}"
        );
        let text = "{\n  \"UserDetailList\": [\n    {\"UserName\": \"a\",}\n  ]\n}";
        let e = read_item(&p, text).err().unwrap().to_string();
        assert!(e.contains("odd.json:3:"), "{e}");
        assert!(e.contains("invalid JSON"), "{e}");
        let e = read_item(
            &p,
            r#"{"UserDetailList": [{"UserName": "a", "Arn": "x", "CreateDate": "later"}]}"#,
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("UserDetailList[0].CreateDate"), "{e}");
        assert!(e.contains("invalid timestamp"), "{e}");
        let e = read_item(
            &p,
            r#"{"Users": [{"UserName": "a", "UserId": "AIDA", "Arn": "arn:aws:iam::1:user/a"}]}"#,
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("aws iam list-users"), "{e}");
        let e = read_item(&p, "  ").err().unwrap().to_string();
        assert!(e.contains("file is empty"), "{e}");
    }

    #[test]
    fn name_linking() {
        let trails = vec!["org-trail".to_string(), "trail".to_string()];
        assert_eq!(
            link_by_name(
                "trail-status-org-trail.json",
                &["trail-status-"],
                &trails,
                true
            )
            .unwrap(),
            Some(&trails[0])
        );
        assert!(link_by_name("trail-status-gone.json", &["trail-status-"], &trails, true).is_err());
        assert_eq!(
            link_by_name(
                "status_org-trail_2026.json",
                &["trail-status-"],
                &trails,
                true
            )
            .unwrap(),
            Some(&trails[0]),
            "longest mention wins"
        );
        assert_eq!(
            link_by_name("status.json", &[], &trails, true).unwrap(),
            None
        );
        let one = vec!["main".to_string()];
        assert_eq!(
            link_by_name("status.json", &[], &one, true).unwrap(),
            Some(&one[0])
        );
        assert!(mentions("scp-targets-p-abcd1234", "p-abcd1234"));
        assert!(!mentions("scp-targets-p-abcd12345", "p-abcd1234"));
    }

    #[test]
    fn duplicates_and_truncation() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "a.json", GAAD);
        write(d.path(), "b.json", GAAD);
        let e = import_dir(d.path()).unwrap_err().to_string();
        assert!(e.contains("b.json: a second `aws iam get-account-authorization-details` export (a.json is the first)"), "{e}");

        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "gaad.json",
            &GAAD.replace(
                "\"Policies\": []",
                "\"Policies\": [], \"IsTruncated\": true, \"Marker\": \"abc\"",
            ),
        );
        write(
            d.path(),
            "whoami.json",
            r#"{"UserId": "AIDA", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/a"}"#,
        );
        let s = import_dir(d.path()).unwrap();
        let sec = s.scopes[0].sections.status("groups").unwrap();
        assert!(
            sec.gap_reason().contains("incomplete"),
            "{}",
            sec.gap_reason()
        );
    }
}
