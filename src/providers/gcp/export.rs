//! Importing a folder of `gcloud … --format=json` outputs and raw REST responses (`curl` of the
//! Google APIs, including the Workspace Admin SDK and Cloud Identity, which have no gcloud
//! command) as one snapshot of one or more organizations and their projects.
//!
//! Files are recognised by content: gcloud list commands print a JSON array (pages merged), REST
//! lists an envelope (`{"users": [...], "nextPageToken": …}`), get commands the object itself.
//! Several files of one list (one per page, or per command run) are merged; a list whose every
//! page carries a `nextPageToken` is incomplete and makes its sections unavailable.
//!
//! What content cannot say — whose IAM policy a `{bindings, etag}` object is, which project an
//! empty list or an error belongs to — the file name says, as `<kind>.<id>.<what>.json`:
//! `project.my-app.iam-policy.json`, `organization.123.org-policies.json`,
//! `serviceAccount.ci@my-app.iam.gserviceaccount.com.keys.json`,
//! `workforcePool.staff.workforce-providers.json`; organization-wide lists need only
//! `<what>.json` (`users.json`). `<what>` is one of [`WHATS`]. Content and name must agree.
//!
//! A file holding a Google error body (`{"error": {"code": 403, "status": "PERMISSION_DENIED",
//! …}}`) is that call's outcome: exactly that resource's data is unavailable with the reason
//! (`SERVICE_DISABLED` as not in use, a denial as access denied). A list with no file at all is
//! not collected.
//!
//! `collected_at` is the newest modification time of the files read.

use super::asset::normalize::{self as assets, Coverage};
use super::asset::raw::{Asset, Content};
use super::errors::ErrorBody;
use super::iam::raw::{ServiceAccount, ServiceAccountKey, WorkforcePool, WorkforcePoolProvider};
use super::logging::raw::{AlertPolicy, LogMetric, LogSink};
use super::normalize::{self, Input, NormalizeError, RawOrg};
use super::org_policy::raw::Policy as OrgPolicy;
use super::pam::raw::Entitlement;
use super::resource_manager::raw::{Folder, Organization, Policy, Project};
use super::workspace::raw::{CiPolicy, OrgUnit, SsoAssignment, SsoProfile, UsageReport, User};
use crate::model::{CollectionMeta, Snapshot};
use crate::providers::envelope::{self, Mode};
use chrono::{DateTime, SubsecRound, Utc};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: file is empty (a failed export? run the command again or remove the file)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: invalid JSON: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not a recognised gcloud or Google API export ({what})")]
    Unrecognised { path: PathBuf, what: String },
    #[error("{path}:{line}:{column}: not a valid {what} export: at `{field}`: {message}")]
    Shape {
        path: PathBuf,
        what: &'static str,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error("{path}: {message}")]
    Link { path: PathBuf, message: String },
    #[error("{path}: a second {what} of {subject} ({first} is the first); keep one")]
    Duplicate {
        path: PathBuf,
        what: &'static str,
        subject: String,
        first: String,
    },
    #[error("{label}: {error}")]
    Normalize {
        label: String,
        error: NormalizeError,
    },
}

/// The GCP importer in the provider registry ([`crate::providers::IMPORTERS`]).
pub struct GcpImporter;

impl crate::providers::Importer for GcpImporter {
    fn provider(&self) -> crate::model::Provider {
        crate::model::Provider::Gcp
    }
    fn exports_name(&self) -> &'static str {
        "gcloud / Google API exports"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &[]
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

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum What {
    Organizations,
    Folders,
    Projects,
    IamPolicy,
    IapPolicy,
    OrgPolicies,
    ServiceAccounts,
    Keys,
    LogMetrics,
    LogSinks,
    AlertPolicies,
    Entitlements,
    AssetsIamPolicy,
    AssetsOrgPolicy,
    AssetsResource,
    WorkforcePools,
    WorkforceProviders,
    Users,
    Usage,
    SsoProfiles,
    SsoAssignments,
    OrgUnits,
    CiPolicies,
}

/// Each export: its file-name word, its REST envelope key, the command that makes it, and the
/// kind of subject it belongs to (`None`: organization-wide).
pub const WHATS: &[(What, &str, &str, &str, Option<&str>)] = &[
    (
        What::Organizations,
        "organizations",
        "organizations",
        "gcloud organizations list",
        None,
    ),
    (
        What::Folders,
        "folders",
        "folders",
        "gcloud resource-manager folders list",
        None,
    ),
    (
        What::Projects,
        "projects",
        "projects",
        "gcloud projects list",
        None,
    ),
    (
        What::IamPolicy,
        "iam-policy",
        "",
        "gcloud … get-iam-policy",
        Some("resource"),
    ),
    (
        What::IapPolicy,
        "iap-policy",
        "",
        "gcloud iap web get-iam-policy --project=…",
        Some("project"),
    ),
    (
        What::OrgPolicies,
        "org-policies",
        "policies",
        "gcloud org-policies list",
        Some("resource"),
    ),
    (
        What::ServiceAccounts,
        "service-accounts",
        "accounts",
        "gcloud iam service-accounts list",
        Some("project"),
    ),
    (
        What::Keys,
        "keys",
        "keys",
        "gcloud iam service-accounts keys list --managed-by=user",
        Some("serviceAccount"),
    ),
    (
        What::LogMetrics,
        "log-metrics",
        "metrics",
        "gcloud logging metrics list",
        Some("project"),
    ),
    (
        What::LogSinks,
        "log-sinks",
        "sinks",
        "gcloud logging sinks list",
        Some("resource"),
    ),
    (
        What::AssetsIamPolicy,
        "assets-iam-policy",
        "assets",
        "gcloud asset list --content-type=iam-policy",
        Some("resource"),
    ),
    (
        What::AssetsOrgPolicy,
        "assets-org-policy",
        "assets",
        "gcloud asset list --content-type=org-policy",
        Some("resource"),
    ),
    (
        What::AssetsResource,
        "assets-resource",
        "assets",
        "gcloud asset list --content-type=resource",
        Some("resource"),
    ),
    (
        What::AlertPolicies,
        "alert-policies",
        "alertPolicies",
        "gcloud monitoring policies list",
        Some("project"),
    ),
    (
        What::Entitlements,
        "pam-entitlements",
        "entitlements",
        "gcloud pam entitlements list",
        Some("resource"),
    ),
    (
        What::WorkforcePools,
        "workforce-pools",
        "workforcePools",
        "gcloud iam workforce-pools list",
        None,
    ),
    (
        What::WorkforceProviders,
        "workforce-providers",
        "workforcePoolProviders",
        "gcloud iam workforce-pools providers list",
        Some("workforcePool"),
    ),
    (
        What::Users,
        "users",
        "users",
        "admin/directory/v1/users",
        None,
    ),
    (
        What::Usage,
        "usage",
        "usageReports",
        "admin/reports/v1/usage/users/all",
        None,
    ),
    (
        What::SsoProfiles,
        "sso-profiles",
        "inboundSamlSsoProfiles",
        "cloudidentity v1/inboundSamlSsoProfiles",
        None,
    ),
    (
        What::SsoAssignments,
        "sso-assignments",
        "inboundSsoAssignments",
        "cloudidentity v1/inboundSsoAssignments",
        None,
    ),
    (
        What::OrgUnits,
        "org-units",
        "organizationUnits",
        "admin/directory/v1/customer/…/orgunits?type=all_including_parent",
        None,
    ),
    (
        What::CiPolicies,
        "identity-policies",
        "policies",
        "cloudidentity v1/policies",
        None,
    ),
];

fn spec(
    w: What,
) -> &'static (
    What,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
) {
    WHATS
        .iter()
        .find(|s| s.0 == w)
        .expect("every What has a row")
}

impl What {
    fn word(self) -> &'static str {
        spec(self).1
    }
    fn key(self) -> &'static str {
        spec(self).2
    }
    fn command(self) -> &'static str {
        spec(self).3
    }
}

/// What a file's name says: its `<what>` and subject, when it follows the convention.
fn name_parts(name: &str) -> Option<(What, Option<String>)> {
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".JSON"))?;
    let (rest, word) = match stem.rsplit_once('.') {
        Some((r, w)) => (Some(r), w),
        None => (None, stem),
    };
    let what = WHATS.iter().find(|s| s.1 == word)?.0;
    let subject = rest.and_then(|r| {
        let (kind, id) = r.split_once('.')?;
        Some(match kind {
            "organization" => format!("organizations/{id}"),
            "folder" => format!("folders/{id}"),
            "project" => format!("projects/{id}"),
            "serviceAccount" => id.to_ascii_lowercase(),
            "workforcePool" => format!("locations/global/workforcePools/{id}"),
            _ => return None,
        })
    });
    Some((what, subject))
}

fn name_of(v: &Value) -> &str {
    v.get("name").and_then(Value::as_str).unwrap_or("")
}

/// The kind of one list element.
fn element_kind(v: &Value) -> Option<What> {
    let has = |k: &str| v.get(k).is_some();
    let name = name_of(v);
    Some(if has("assetType") && name.starts_with("//") {
        match (has("iamPolicy"), has("orgPolicy"), has("resource")) {
            (true, _, _) => What::AssetsIamPolicy,
            (_, true, _) => What::AssetsOrgPolicy,
            (_, _, true) => What::AssetsResource,
            _ => return None,
        }
    } else if has("primaryEmail") {
        What::Users
    } else if has("orgUnitPath") && has("orgUnitId") {
        What::OrgUnits
    } else if name.starts_with("policies/") && has("setting") {
        What::CiPolicies
    } else if has("entity") && has("parameters") {
        What::Usage
    } else if has("email") && name.contains("/serviceAccounts/") {
        What::ServiceAccounts
    } else if name.contains("/serviceAccounts/") && name.contains("/keys/") {
        What::Keys
    } else if has("projectId") {
        What::Projects
    } else if name.contains("/alertPolicies/") {
        What::AlertPolicies
    } else if name.contains("/entitlements/") {
        What::Entitlements
    } else if name.contains("/workforcePools/") && name.contains("/providers/") {
        What::WorkforceProviders
    } else if name.contains("workforcePools/") {
        What::WorkforcePools
    } else if name.contains("/policies/") {
        What::OrgPolicies
    } else if name.starts_with("inboundSamlSsoProfiles/") {
        What::SsoProfiles
    } else if name.starts_with("inboundSsoAssignments/") {
        What::SsoAssignments
    } else if name.starts_with("folders/") && has("parent") {
        What::Folders
    } else if name.starts_with("organizations/") && !name[14..].contains('/') {
        What::Organizations
    } else if has("destination") {
        What::LogSinks
    } else if has("filter") && !has("conditions") {
        What::LogMetrics
    } else {
        return None;
    })
}

/// `gcloud org-policies list --format=json`: `[{"constraint": …, "listPolicy": "SET" | "-",
/// "booleanPolicy": …, "etag": …}]`, one row per policy set, no values (the command's `Run`
/// builds these rows from the v2 `policies.list` answer).
fn org_policy_summary(v: &Value) -> bool {
    v.as_array().and_then(|a| a.first()).is_some_and(|e| {
        e.get("constraint").is_some()
            && (e.get("listPolicy").is_some() || e.get("booleanPolicy").is_some())
            && e.get("name").is_none()
    })
}

/// What a parsed file holds by content: `Some(Some(w))` known, `Some(None)` an empty list or
/// envelope (the name must say), `None` not ours.
fn content_kind(v: &Value) -> Option<Option<What>> {
    match v {
        Value::Array(items) => match items.first() {
            None => Some(None),
            Some(first) => element_kind(first).map(Some),
        },
        Value::Object(o) => {
            if o.contains_key("schema_version") {
                return None;
            }
            if o.contains_key("bindings") || o.contains_key("auditConfigs") {
                return Some(Some(What::IamPolicy));
            }
            if o.contains_key("etag") && o.contains_key("version") && o.len() <= 3 {
                return Some(Some(What::IamPolicy));
            }
            if name_of(v).contains("/policies/") && (o.contains_key("spec") || o.len() <= 3) {
                return Some(Some(What::OrgPolicies));
            }
            // `policies` lists both v2 org policies and Cloud Identity policies: the elements
            // say which, and an empty one only its file name.
            if let Some(Value::Array(items)) = o.get("policies") {
                return match items.first() {
                    None => Some(None),
                    Some(first) => match element_kind(first) {
                        Some(w @ (What::OrgPolicies | What::CiPolicies)) => Some(Some(w)),
                        _ => None,
                    },
                };
            }
            for (w, _, key, _, _) in WHATS {
                if key.is_empty() {
                    continue;
                }
                if let Some(Value::Array(items)) = o.get(*key) {
                    // Asset lists of every content share `assets`: the elements say which.
                    if *key == "assets" {
                        return Some(items.first().and_then(element_kind));
                    }
                    return Some(Some(*w));
                }
            }
            // An empty REST list is `{}` (or only a token / kind).
            let known = [
                "nextPageToken",
                "kind",
                "etag",
                "unreachable",
                "warnings",
                "readTime",
            ];
            if o.keys().all(|k| known.contains(&k.as_str())) {
                return Some(None);
            }
            None
        }
        _ => None,
    }
}

/// Whether a file's text is a gcloud / Google API export idgauge reads (or a Google error body
/// named for the call it answers).
pub fn recognises(name: &str, text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    if let Some(_e) = ErrorBody::parse(text) {
        return name_parts(name).is_some();
    }
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    // Ours, to be refused with the command to use instead.
    if org_policy_summary(&v) {
        return true;
    }
    match content_kind(&v) {
        Some(Some(_)) => true,
        Some(None) => name_parts(name).is_some(),
        None => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading one file

/// A list from a gcloud array or a REST envelope page.
struct Page<T> {
    items: Vec<T>,
    next_page_token: Option<String>,
}

struct PageSeed<T> {
    key: &'static str,
    _t: PhantomData<T>,
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for PageSeed<T> {
    type Value = Page<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Page<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for PageSeed<T> {
    type Value = Page<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a JSON array or an object with `{}`", self.key)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Page<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(x) = seq.next_element()? {
            items.push(x);
        }
        Ok(Page {
            items,
            next_page_token: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut page = Page {
            items: Vec::new(),
            next_page_token: None,
        };
        while let Some(k) = map.next_key::<String>()? {
            if k == self.key {
                page.items = map.next_value()?;
            } else if k == "nextPageToken" {
                page.next_page_token = map
                    .next_value::<Option<String>>()?
                    .filter(|t| !t.is_empty());
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(page)
    }
}

fn shape_err(
    path: &Path,
    what: What,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> ExportError {
    let field = e.path().to_string();
    let inner = e.into_inner();
    ExportError::Shape {
        path: path.to_path_buf(),
        what: what.command(),
        line: inner.line(),
        column: inner.column(),
        field,
        message: crate::model::strip_position(&inner.to_string()),
    }
}

fn parse_page<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    what: What,
) -> Result<Page<T>, ExportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    let seed = PageSeed::<T> {
        key: what.key(),
        _t: PhantomData,
    };
    match seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track)) {
        Ok(p) => Ok(p),
        Err(e) => Err(shape_err(
            path,
            what,
            serde_path_to_error::Error::new(track.path(), e),
        )),
    }
}

fn parse_one<T: DeserializeOwned>(path: &Path, text: &str, what: What) -> Result<T, ExportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| shape_err(path, what, e))
}

/// One file's parsed payload.
enum Payload {
    Organizations(Vec<Organization>),
    Folders(Vec<Folder>),
    Projects(Vec<Project>),
    IamPolicy(Policy),
    IapPolicy(Policy),
    OrgPolicies(Vec<OrgPolicy>),
    ServiceAccounts(Vec<ServiceAccount>),
    Keys(Vec<ServiceAccountKey>),
    LogMetrics(Vec<LogMetric>),
    LogSinks(Vec<LogSink>),
    Assets(Vec<Asset>),
    AlertPolicies(Vec<AlertPolicy>),
    Entitlements(Vec<Entitlement>),
    WorkforcePools(Vec<WorkforcePool>),
    WorkforceProviders(Vec<WorkforcePoolProvider>),
    Users(Vec<User>),
    Usage(Vec<UsageReport>),
    SsoProfiles(Vec<SsoProfile>),
    SsoAssignments(Vec<SsoAssignment>),
    OrgUnits(Vec<OrgUnit>),
    CiPolicies(Vec<CiPolicy>),
    Error(ErrorBody),
}

struct Item {
    path: PathBuf,
    file: String,
    what: What,
    /// From the file name.
    subject: Option<String>,
    payload: Payload,
    next_page_token: Option<String>,
}

fn read_item(path: &Path, text: &str) -> Result<Item, ExportError> {
    let text = text.trim_start_matches('\u{feff}');
    let file = file_name(path);
    if text.trim().is_empty() {
        return Err(ExportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let named = name_parts(&file);
    let unrecognised = |what: String| ExportError::Unrecognised {
        path: path.to_path_buf(),
        what,
    };
    if let Some(err) = ErrorBody::parse(text) {
        let Some((what, subject)) = named else {
            return Err(unrecognised(
                "a Google error body: name the file `<kind>.<id>.<what>.json` for the call it answers".into(),
            ));
        };
        return Ok(Item {
            path: path.to_path_buf(),
            file,
            what,
            subject,
            payload: Payload::Error(err),
            next_page_token: None,
        });
    }
    let v: Value = serde_json::from_str(text).map_err(|e| ExportError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: crate::model::strip_position(&e.to_string()),
    })?;
    if org_policy_summary(&v) {
        return Err(unrecognised(
            "this is the summary `gcloud org-policies list` prints (constraint, listPolicy/booleanPolicy \
             SET or -), without the policies' values: save the REST list \
             (`curl …/v2/<resource>/policies`, the README's export script) or \
             `gcloud org-policies describe <constraint> --format=json` instead"
                .into(),
        ));
    }
    let by_content = content_kind(&v).ok_or_else(|| {
        unrecognised("no list or policy idgauge reads; see the README's export script".into())
    })?;
    let what = match (by_content, &named) {
        // An IAP policy is an IAM policy: the name says whose.
        (Some(What::IamPolicy), Some((What::IapPolicy, _))) => What::IapPolicy,
        (Some(c), Some((n, _))) if c != *n => {
            return Err(ExportError::Link {
                path: path.to_path_buf(),
                message: format!(
                    "the name says `{}` but the content is `{}`",
                    n.word(),
                    c.word()
                ),
            })
        }
        (Some(c), _) => c,
        (None, Some((n, _))) => *n,
        (None, None) => {
            return Err(unrecognised(
                "an empty list: name the file `<kind>.<id>.<what>.json` to say what it lists"
                    .into(),
            ))
        }
    };
    let subject = named.and_then(|(_, s)| s);
    macro_rules! page {
        ($variant:ident) => {{
            let p = parse_page(path, text, what)?;
            (Payload::$variant(p.items), p.next_page_token)
        }};
    }
    let (payload, next_page_token) = match what {
        What::IamPolicy => (Payload::IamPolicy(parse_one(path, text, what)?), None),
        What::IapPolicy => (Payload::IapPolicy(parse_one(path, text, what)?), None),
        What::OrgPolicies if v.is_object() && v.get("name").is_some() => (
            Payload::OrgPolicies(vec![parse_one(path, text, what)?]),
            None,
        ),
        What::Organizations => page!(Organizations),
        What::Folders => page!(Folders),
        What::Projects => page!(Projects),
        What::OrgPolicies => page!(OrgPolicies),
        What::ServiceAccounts => page!(ServiceAccounts),
        What::Keys => page!(Keys),
        What::LogMetrics => page!(LogMetrics),
        What::LogSinks => page!(LogSinks),
        What::AssetsIamPolicy | What::AssetsOrgPolicy | What::AssetsResource => page!(Assets),
        What::AlertPolicies => page!(AlertPolicies),
        What::Entitlements => page!(Entitlements),
        What::WorkforcePools => page!(WorkforcePools),
        What::WorkforceProviders => page!(WorkforceProviders),
        What::Users => page!(Users),
        What::Usage => page!(Usage),
        What::SsoProfiles => page!(SsoProfiles),
        What::SsoAssignments => page!(SsoAssignments),
        What::OrgUnits => page!(OrgUnits),
        What::CiPolicies => page!(CiPolicies),
    };
    Ok(Item {
        path: path.to_path_buf(),
        file,
        what,
        subject,
        payload,
        next_page_token,
    })
}

// ---------------------------------------------------------------------------------------------
// Assembling files into a RawOrg

/// The pages of one list (or the one object) for one subject.
struct Group<T> {
    files: Vec<String>,
    data: Vec<T>,
    complete: bool,
    error: Option<(String, ErrorBody)>,
}

impl<T> Default for Group<T> {
    fn default() -> Self {
        Group {
            files: Vec::new(),
            data: Vec::new(),
            complete: false,
            error: None,
        }
    }
}

impl<T> Group<T> {
    fn input(self, what: What) -> Input<Vec<T>> {
        let source = self
            .files
            .iter()
            .map(|f| format!("export:{f}"))
            .collect::<Vec<_>>()
            .join("+");
        if let Some((file, e)) = self.error {
            return Input::Failed {
                source: format!("export:{file}"),
                reason: e.class().unavailable(Some(&file)),
            };
        }
        if !self.complete {
            return Input::Failed {
                source: source.clone(),
                reason: crate::model::Unavailable {
                    kind: crate::model::UnavailableKind::Error,
                    message: format!(
                        "{}: every page has a nextPageToken: the `{}` export is incomplete",
                        self.files.join(", "),
                        what.command()
                    ),
                },
            };
        }
        Input::present(source, self.data)
    }
}

struct Groups<T>(BTreeMap<String, Group<T>>);

impl<T> Default for Groups<T> {
    fn default() -> Self {
        Groups(BTreeMap::new())
    }
}

impl<T> Groups<T> {
    fn add(&mut self, subject: &str, item_file: &str, data: Vec<T>, token: &Option<String>) {
        let g = self.0.entry(subject.to_string()).or_default();
        g.files.push(item_file.to_string());
        g.data.extend(data);
        g.complete |= token.is_none();
    }
    fn fail(&mut self, subject: &str, file: &str, e: ErrorBody) {
        let g = self.0.entry(subject.to_string()).or_default();
        g.files.push(file.to_string());
        g.error = Some((file.to_string(), e));
    }
    fn inputs(self, what: What) -> BTreeMap<String, Input<Vec<T>>> {
        self.0
            .into_iter()
            .map(|(k, g)| (k, g.input(what)))
            .collect()
    }
    fn single(mut self, what: What) -> Input<Vec<T>> {
        match self.0.remove("") {
            Some(g) => g.input(what),
            None => Input::Missing {
                message: format!("no `{}` export found", what.command()),
            },
        }
    }
}

/// Imports every export in `dir` (sorted, not recursive).
pub fn import_dir(dir: &Path) -> Result<Snapshot, ExportError> {
    let files = crate::providers::candidate_files(dir).map_err(|error| ExportError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    import_files(&files, &dir.display().to_string())
}

/// Imports the given export files as one snapshot; `label` names it in messages.
pub fn import_files(files: &[PathBuf], label: &str) -> Result<Snapshot, ExportError> {
    let mut items = Vec::with_capacity(files.len());
    let mut newest: Option<DateTime<Utc>> = None;
    for path in files {
        let io = |error| ExportError::Io {
            path: path.clone(),
            error,
        };
        let text = std::fs::read_to_string(path).map_err(io)?;
        if let Ok(m) = std::fs::metadata(path).and_then(|m| m.modified()) {
            newest = newest.max(Some(DateTime::<Utc>::from(m).trunc_subsecs(0)));
        }
        items.push(read_item(path, &text)?);
    }
    let raw = assemble(items)?;
    let at = newest.unwrap_or_else(|| Utc::now().trunc_subsecs(0));
    let scopes = normalize::normalize(&raw, at).map_err(|error| ExportError::Normalize {
        label: label.to_string(),
        error,
    })?;
    let collection = CollectionMeta {
        api_calls: BTreeMap::new(),
        inputs: files.iter().map(|p| file_name(p)).collect(),
        regions: Vec::new(),
    };
    Ok(envelope::snapshot(Mode::Export, at, scopes, collection))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The subject of one item: from its content where the content names it, else its file name.
fn subject_of(item: &Item, from_content: Option<String>) -> Result<String, ExportError> {
    let needs = spec(item.what).4;
    if needs.is_none() {
        return Ok(String::new());
    }
    match (from_content, &item.subject) {
        (Some(c), Some(n)) if !same_subject(&c, n) => Err(ExportError::Link {
            path: item.path.clone(),
            message: format!("the file name names {n} but its content belongs to {c}"),
        }),
        (Some(c), _) => Ok(c),
        (None, Some(n)) => Ok(n.clone()),
        (None, None) => Err(ExportError::Link {
            path: item.path.clone(),
            message: format!(
                "cannot tell which {} this `{}` export belongs to: name it `{}.<id>.{}.json`",
                needs.unwrap_or("resource"),
                item.what.command(),
                match needs {
                    Some("resource") => "project|folder|organization",
                    Some(k) => k,
                    None => "",
                },
                item.what.word()
            ),
        }),
    }
}

/// Project numbers and ids both name a project; they are mapped after the project list is read.
fn same_subject(a: &str, b: &str) -> bool {
    a == b || (a.starts_with("projects/") && b.starts_with("projects/"))
}

/// The one subject all of `names` share, if they name any.
fn common(
    item: &Item,
    names: impl Iterator<Item = Option<String>>,
) -> Result<Option<String>, ExportError> {
    let mut found: Option<String> = None;
    for n in names.flatten() {
        match &found {
            Some(f) if *f != n => {
                return Err(ExportError::Link {
                    path: item.path.clone(),
                    message: format!("holds entries of both {f} and {n}; keep one per file"),
                })
            }
            _ => found = Some(n),
        }
    }
    Ok(found)
}

fn project_resource(p: Option<String>) -> Option<String> {
    p.map(|p| format!("projects/{p}"))
}

fn assemble(items: Vec<Item>) -> Result<RawOrg, ExportError> {
    let mut orgs: Groups<Organization> = Groups::default();
    let mut folders: Groups<Folder> = Groups::default();
    let mut projects: Groups<Project> = Groups::default();
    let mut iam: BTreeMap<String, (String, Input<Policy>)> = BTreeMap::new();
    let mut iap: BTreeMap<String, (String, Input<Policy>)> = BTreeMap::new();
    let mut orgp: Groups<OrgPolicy> = Groups::default();
    let mut sas: Groups<ServiceAccount> = Groups::default();
    let mut keys: Groups<ServiceAccountKey> = Groups::default();
    let mut metrics: Groups<LogMetric> = Groups::default();
    let mut sinks: Groups<LogSink> = Groups::default();
    let mut asset_lists: BTreeMap<What, Groups<Asset>> = BTreeMap::new();
    let mut alerts: Groups<AlertPolicy> = Groups::default();
    let mut ents: Groups<Entitlement> = Groups::default();
    let mut pools: Groups<WorkforcePool> = Groups::default();
    let mut providers: Groups<WorkforcePoolProvider> = Groups::default();
    let mut users: Groups<User> = Groups::default();
    let mut usage: Groups<UsageReport> = Groups::default();
    let mut profiles: Groups<SsoProfile> = Groups::default();
    let mut assignments: Groups<SsoAssignment> = Groups::default();
    let mut org_units: Groups<OrgUnit> = Groups::default();
    let mut ci_policies: Groups<CiPolicy> = Groups::default();

    for item in items {
        let f = item.file.clone();
        let t = item.next_page_token.clone();
        macro_rules! add {
            ($groups:ident, $data:expr, $content:expr) => {{
                let s = subject_of(&item, $content)?;
                $groups.add(&s, &f, $data, &t);
            }};
        }
        match item.payload {
            Payload::Error(ref e) => {
                let s = subject_of(&item, None)?;
                // Per-project lists are keyed by the bare project id.
                let s = match item.what {
                    What::ServiceAccounts | What::LogMetrics | What::AlertPolicies => {
                        s.strip_prefix("projects/").unwrap_or(&s).to_string()
                    }
                    _ => s,
                };
                let e = e.clone();
                match item.what {
                    What::Organizations => orgs.fail(&s, &f, e),
                    What::Folders => folders.fail(&s, &f, e),
                    What::Projects => projects.fail(&s, &f, e),
                    What::IamPolicy => {
                        let input = Input::Failed {
                            source: format!("export:{f}"),
                            reason: e.class().unavailable(Some(&f)),
                        };
                        if let Some((first, _)) = iam.insert(s.clone(), (f.clone(), input)) {
                            return Err(ExportError::Duplicate {
                                path: item.path.clone(),
                                what: "IAM policy",
                                subject: s,
                                first,
                            });
                        }
                    }
                    What::IapPolicy => {
                        let input = Input::Failed {
                            source: format!("export:{f}"),
                            reason: e.class().unavailable(Some(&f)),
                        };
                        if let Some((first, _)) = iap.insert(s.clone(), (f.clone(), input)) {
                            return Err(ExportError::Duplicate {
                                path: item.path.clone(),
                                what: "IAP policy",
                                subject: s,
                                first,
                            });
                        }
                    }
                    What::OrgPolicies => orgp.fail(&s, &f, e),
                    What::ServiceAccounts => sas.fail(&s, &f, e),
                    What::Keys => keys.fail(&s, &f, e),
                    What::LogMetrics => metrics.fail(&s, &f, e),
                    What::LogSinks => sinks.fail(&s, &f, e),
                    What::AssetsIamPolicy | What::AssetsOrgPolicy | What::AssetsResource => {
                        asset_lists.entry(item.what).or_default().fail(&s, &f, e)
                    }
                    What::AlertPolicies => alerts.fail(&s, &f, e),
                    What::Entitlements => ents.fail(&s, &f, e),
                    What::WorkforcePools => pools.fail(&s, &f, e),
                    What::WorkforceProviders => providers.fail(&s, &f, e),
                    What::Users => users.fail(&s, &f, e),
                    What::Usage => usage.fail(&s, &f, e),
                    What::SsoProfiles => profiles.fail(&s, &f, e),
                    What::SsoAssignments => assignments.fail(&s, &f, e),
                    What::OrgUnits => org_units.fail(&s, &f, e),
                    What::CiPolicies => ci_policies.fail(&s, &f, e),
                }
            }
            Payload::Organizations(ref d) => add!(orgs, d.clone(), None),
            Payload::Folders(ref d) => add!(folders, d.clone(), None),
            Payload::Projects(ref d) => add!(projects, d.clone(), None),
            Payload::IamPolicy(ref p) => {
                let s = subject_of(&item, None)?;
                if let Some((first, _)) = iam.insert(
                    s.clone(),
                    (f.clone(), Input::present(format!("export:{f}"), p.clone())),
                ) {
                    return Err(ExportError::Duplicate {
                        path: item.path.clone(),
                        what: "IAM policy",
                        subject: s,
                        first,
                    });
                }
            }
            Payload::IapPolicy(ref p) => {
                let s = subject_of(&item, None)?;
                if let Some((first, _)) = iap.insert(
                    s.clone(),
                    (f.clone(), Input::present(format!("export:{f}"), p.clone())),
                ) {
                    return Err(ExportError::Duplicate {
                        path: item.path.clone(),
                        what: "IAP policy",
                        subject: s,
                        first,
                    });
                }
            }
            Payload::OrgPolicies(ref d) => {
                let c = common(
                    &item,
                    d.iter().map(|p| p.split().map(|(r, _)| r.to_string())),
                )?;
                add!(orgp, d.clone(), c)
            }
            Payload::ServiceAccounts(ref d) => {
                let c = common(&item, d.iter().map(|a| project_resource(a.project())))?;
                let c = c.or_else(|| item.subject.clone());
                let s = subject_of(&item, c)?;
                let s = s.strip_prefix("projects/").unwrap_or(&s).to_string();
                sas.add(&s, &f, d.clone(), &t);
            }
            Payload::Keys(ref d) => {
                let c = common(
                    &item,
                    d.iter().map(|k| k.account().map(str::to_ascii_lowercase)),
                )?;
                add!(keys, d.clone(), c)
            }
            Payload::LogMetrics(ref d) => {
                let c = common(&item, d.iter().map(|m| project_resource(m.project())))?;
                let s = subject_of(&item, c)?;
                let s = s.strip_prefix("projects/").unwrap_or(&s).to_string();
                metrics.add(&s, &f, d.clone(), &t);
            }
            Payload::LogSinks(ref d) => {
                let c = common(&item, d.iter().map(|s| s.parent()))?;
                add!(sinks, d.clone(), c)
            }
            Payload::Assets(ref d) => {
                // The asset list of an organization, folder or project: the file name says which.
                let s = subject_of(&item, None)?;
                asset_lists
                    .entry(item.what)
                    .or_default()
                    .add(&s, &f, d.clone(), &t);
            }
            Payload::AlertPolicies(ref d) => {
                let c = common(
                    &item,
                    d.iter()
                        .map(|a| project_resource(a.project().map(str::to_string))),
                )?;
                let s = subject_of(&item, c)?;
                let s = s.strip_prefix("projects/").unwrap_or(&s).to_string();
                alerts.add(&s, &f, d.clone(), &t);
            }
            Payload::Entitlements(ref d) => {
                let c = common(&item, d.iter().map(|e| e.resource().map(str::to_string)))?;
                add!(ents, d.clone(), c)
            }
            Payload::WorkforcePools(ref d) => add!(pools, d.clone(), None),
            Payload::WorkforceProviders(ref d) => {
                let c = common(&item, d.iter().map(|p| p.pool().map(str::to_string)))?;
                add!(providers, d.clone(), c)
            }
            Payload::Users(ref d) => add!(users, d.clone(), None),
            Payload::Usage(ref d) => add!(usage, d.clone(), None),
            Payload::SsoProfiles(ref d) => add!(profiles, d.clone(), None),
            Payload::SsoAssignments(ref d) => add!(assignments, d.clone(), None),
            Payload::OrgUnits(ref d) => add!(org_units, d.clone(), None),
            Payload::CiPolicies(ref d) => add!(ci_policies, d.clone(), None),
        }
    }

    let projects = projects.single(What::Projects);
    // Project numbers → ids, so `projects/123` and `projects/my-app` are one project.
    let numbers: BTreeMap<String, String> = projects
        .data()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p.number()?, p.project_id.clone())))
        .collect();
    let by_id = |k: String| -> String {
        let bare = k.strip_prefix("projects/");
        match bare.and_then(|n| numbers.get(n)) {
            Some(id) => format!("projects/{id}"),
            None => match numbers.get(&k) {
                Some(id) => id.clone(),
                None => k,
            },
        }
    };
    fn rekey<T>(m: BTreeMap<String, T>, f: &dyn Fn(String) -> String) -> BTreeMap<String, T> {
        m.into_iter().map(|(k, v)| (f(k), v)).collect()
    }
    // Org policies name their resource by number or id: rewrite both the keys and the names.
    let mut org_policies = rekey(orgp.inputs(What::OrgPolicies), &by_id);
    for input in org_policies.values_mut() {
        if let Input::Present { data, .. } = input {
            for p in data.iter_mut() {
                if let Some((r, c)) = p.split().map(|(r, c)| (r.to_string(), c.to_string())) {
                    p.name = format!("{}/policies/{c}", by_id(r));
                }
            }
        }
    }
    let folders = folders.single(What::Folders);
    let mut raw = RawOrg {
        organizations: orgs.single(What::Organizations),
        folders,
        projects,
        iam_policies: rekey(iam, &by_id)
            .into_iter()
            .map(|(k, (_, v))| (k, v))
            .collect(),
        // By project id, like the other per-project inputs.
        iap_policies: rekey(iap, &by_id)
            .into_iter()
            .map(|(k, (_, v))| (k.strip_prefix("projects/").unwrap_or(&k).to_string(), v))
            .collect(),
        org_policies,
        service_accounts: rekey(sas.inputs(What::ServiceAccounts), &by_id),
        sa_keys: keys.inputs(What::Keys),
        log_metrics: rekey(metrics.inputs(What::LogMetrics), &by_id),
        alert_policies: rekey(alerts.inputs(What::AlertPolicies), &by_id),
        entitlements: rekey(ents.inputs(What::Entitlements), &by_id),
        sinks: rekey(sinks.inputs(What::LogSinks), &by_id),
        workforce_pools: pools.single(What::WorkforcePools),
        workforce_providers: providers.inputs(What::WorkforceProviders),
        users: users.single(What::Users),
        usage: usage.single(What::Usage),
        sso_profiles: profiles.single(What::SsoProfiles),
        sso_assignments: assignments.single(What::SsoAssignments),
        org_units: org_units.single(What::OrgUnits),
        ci_policies: ci_policies.single(What::CiPolicies),
    };
    apply_assets(&mut raw, asset_lists, &numbers, &by_id);
    Ok(raw)
}

/// Fills what the asset lists say into `raw`, below the per-resource files (which win).
fn apply_assets(
    raw: &mut RawOrg,
    lists: BTreeMap<What, Groups<Asset>>,
    numbers: &BTreeMap<String, String>,
    by_id: &dyn Fn(String) -> String,
) {
    if lists.is_empty() {
        return;
    }
    let folders = raw.folders_by_name();
    // Every known resource with its ancestry (itself first).
    let mut chains: Vec<(String, Vec<String>)> = Vec::new();
    for o in raw.organizations.data().into_iter().flatten() {
        chains.push((o.name.clone(), vec![o.name.clone()]));
    }
    for f in folders.keys() {
        if let Ok(c) = super::resource_manager::normalize::ancestry(f, &folders) {
            chains.push((f.clone(), c));
        }
    }
    for p in raw
        .projects
        .data()
        .into_iter()
        .flatten()
        .filter(|p| p.active())
    {
        let own = format!("projects/{}", p.project_id);
        let mut c = vec![own.clone()];
        if let Some(Ok(up)) = p.parent.as_ref().map(|parent| {
            super::resource_manager::normalize::ancestry(&parent.resource(), &folders)
        }) {
            c.extend(up);
        }
        chains.push((own, c));
    }
    for (what, groups) in lists {
        let content = match what {
            What::AssetsIamPolicy => Content::IamPolicy,
            What::AssetsOrgPolicy => Content::OrgPolicy,
            _ => Content::Resource,
        };
        for (subject, input) in groups.inputs(what) {
            let subject = by_id(subject);
            let covered: std::collections::BTreeSet<String> = chains
                .iter()
                .filter(|(_, c)| c.contains(&subject))
                .map(|(r, _)| r.clone())
                .collect();
            let cover = Coverage {
                resources: &covered,
                numbers,
            };
            match input {
                Input::Present { source, data } => {
                    if let Err(reason) = assets::apply(raw, content, &source, &data, &cover) {
                        assets::fail(raw, content, &source, &reason, &cover);
                    }
                }
                Input::Failed { source, reason } => {
                    assets::fail(raw, content, &source, &reason, &cover)
                }
                Input::Missing { .. } => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_and_whose() {
        assert_eq!(
            name_parts("project.my-app.iam-policy.json"),
            Some((What::IamPolicy, Some("projects/my-app".into())))
        );
        assert_eq!(
            name_parts("serviceAccount.ci@my-app.iam.gserviceaccount.com.keys.json"),
            Some((What::Keys, Some("ci@my-app.iam.gserviceaccount.com".into())))
        );
        assert_eq!(name_parts("users.json"), Some((What::Users, None)));
        assert_eq!(name_parts("random.json"), None);
    }

    #[test]
    fn content_recognition_covers_gcloud_arrays_and_rest_envelopes() {
        let k = |t: &str| content_kind(&serde_json::from_str(t).unwrap());
        assert_eq!(
            k(r#"{"bindings":[],"etag":"x","version":3}"#),
            Some(Some(What::IamPolicy))
        );
        assert_eq!(
            k(r#"{"etag":"ACAB","version":1}"#),
            Some(Some(What::IamPolicy))
        );
        assert_eq!(
            k(r#"[{"projectId":"p","parent":{"type":"folder","id":"1"}}]"#),
            Some(Some(What::Projects))
        );
        assert_eq!(
            k(r#"{"users":[],"nextPageToken":"t"}"#),
            Some(Some(What::Users))
        );
        assert_eq!(
            k(
                r#"[{"email":"a@p.iam.gserviceaccount.com","name":"projects/p/serviceAccounts/a@p.iam.gserviceaccount.com","projectId":"p"}]"#
            ),
            Some(Some(What::ServiceAccounts))
        );
        assert_eq!(k(r#"[]"#), Some(None));
        assert_eq!(k(r#"{}"#), Some(None));
        assert_eq!(k(r#"{"schema_version":"1.0"}"#), None);
        assert_eq!(k(r#"{"Users":[]}"#), None, "AWS CLI output is not ours");
        assert_eq!(
            k(
                r#"{"policies":[{"name":"policies/abc","setting":{"type":"settings/security.session_controls"}}],"nextPageToken":"t"}"#
            ),
            Some(Some(What::CiPolicies)),
            "Cloud Identity policies are not org policies"
        );
        assert_eq!(
            k(
                r#"{"policies":[{"name":"projects/p/policies/iam.disableServiceAccountKeyCreation","spec":{}}]}"#
            ),
            Some(Some(What::OrgPolicies))
        );
        assert_eq!(k(r#"{"policies":[]}"#), Some(None), "the name must say");
        assert_eq!(
            k(
                r#"{"kind":"admin#directory#orgUnits","organizationUnits":[{"orgUnitPath":"/","orgUnitId":"id:1"}]}"#
            ),
            Some(Some(What::OrgUnits))
        );
    }
}
