//! Importing `az rest` output — Microsoft Graph and ARM JSON saved with
//! `az rest --method get --url '<url>' > file.json` — as one Entra tenant's snapshot.
//!
//! Files are recognised by content, never by name: a Graph response by its `@odata.context`
//! (which names the endpoint), the Entra diagnostic settings by their ARM ids
//! (`/providers/microsoft.aadiam/diagnosticSettings/…`), and pages merged into one JSON array
//! (`jq -s '[.[].value[]]'`) by the keys of their items. Any file names will do, with one
//! exception: a file that holds a Graph/ARM error body (`{"error": {"code", "message"}}`) instead
//! of data names no endpoint, so its file name must contain the endpoint's word (`users`,
//! `registration`, `conditionalAccess`, `roleAssignments`, `eligibility`, `securityDefaults`,
//! `authenticationMethodsPolicy`, `authenticationStrength`, `namedLocations`, `riskyUsers`,
//! `servicePrincipals`, `synchronization` plus the service principal id, `authorizationPolicy`,
//! `crossTenant`, `partners`, `accessReview`, `organization`, `diagnostic`). Such a file makes
//! that endpoint unavailable with the error's class (not licensed, access denied, error) —
//! never empty.
//!
//! A paged collection may come as several files, one per page, each with its
//! `@odata.nextLink`; the pages are merged. A collection none of whose pages lacks a next link is
//! incomplete (its last page is missing) and makes its sections unavailable. Two complete copies
//! of one endpoint are an error: keep one.
//!
//! `collected_at` is the newest timestamp in the data (a sign-in, a registration-report refresh,
//! a directory sync, a provisioning run) — an export cannot predate its contents, and committed
//! fixtures then assess the same on any day — else the newest file modification time.

use super::endpoints::{self, Kind, Shape};
use super::errors::classify;
use super::normalize::{self, failed, Input, NormalizeError, RawTenant};
use super::raw;
use crate::model::{CollectionMeta, Snapshot, UnavailableKind};
use crate::providers::envelope::{self, Mode};
use crate::providers::errors::ErrorClass;
use chrono::{DateTime, SubsecRound, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{0}: no .json files to import")]
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
    #[error("{path}: not a recognised `az rest` Graph or ARM export ({what})")]
    Unrecognised { path: PathBuf, what: String },
    #[error("{path}: not valid {op} output: at `{field}`: {message}")]
    Shape {
        path: PathBuf,
        op: &'static str,
        field: String,
        message: String,
    },
    #[error("{path}: a second complete {op} export{subject} ({first} is the first); keep one")]
    Duplicate {
        path: PathBuf,
        first: String,
        op: &'static str,
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

/// The Azure importer in the provider registry ([`crate::providers::IMPORTERS`]).
pub struct AzureImporter;

impl crate::providers::Importer for AzureImporter {
    fn provider(&self) -> crate::model::Provider {
        crate::model::Provider::Azure
    }
    fn exports_name(&self) -> &'static str {
        "az rest Graph/ARM exports"
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

/// What one file holds.
#[derive(Debug)]
enum Content {
    /// A page (or the whole) of a collection, or an entity (one item, no next link).
    Data {
        kind: Kind,
        /// The service principal of a synchronization-jobs page.
        subject: Option<String>,
        items: Vec<Value>,
        next: Option<String>,
        /// The `@odata.context` (the users' says whether `signInActivity` was selected).
        context: Option<String>,
    },
    /// An error body saved in place of the data.
    Error {
        kind: Kind,
        subject: Option<String>,
        class: ErrorClass,
        /// The Graph/ARM error code.
        code: String,
    },
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn is_rbac_id(v: &Value) -> bool {
    v.get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| lower(id).contains("/providers/microsoft.authorization/roleassignments/"))
}

const NO_SUBSCRIPTION: &str =
    "Azure role assignments that name no subscription: put the subscription id in the file name";

/// The subscription of a list of Azure role assignments: the first one made at or under a
/// subscription (assignments inherited from a management group name none).
fn rbac_subscription(items: &[Value]) -> Option<String> {
    items.iter().find_map(|v| {
        let scope = v
            .get("scope")
            .or_else(|| v.get("properties").and_then(|p| p.get("scope")))
            .and_then(Value::as_str)
            .or_else(|| v.get("id").and_then(Value::as_str))?;
        raw::subscription_of(scope)
    })
}

fn id_contains(v: &Value, part: &str) -> bool {
    v.get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| lower(id).contains(part))
}

const SENTINEL_ID: &str = "/providers/microsoft.securityinsights/alertrules/";
const QUERY_RULE_ID: &str = "/providers/microsoft.insights/scheduledqueryrules/";
const ELIGIBILITY_ID: &str = "/providers/microsoft.authorization/roleeligibilityscheduleinstances/";
const INSTANCE_ID: &str = "/providers/microsoft.authorization/roleassignmentscheduleinstances/";

/// Endpoints whose files are one per subject (subscription, service principal, workspace).
fn per_subject(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::SyncJobs
            | Kind::ArmRoleAssignments
            | Kind::ScheduledQueryRules
            | Kind::SentinelAlertRules
            | Kind::ArmRoleEligibility
            | Kind::ArmRoleAssignmentInstances
    )
}

/// The subject of an ARM list of a per-subscription or per-workspace endpoint: from its items'
/// ids, else (an empty list, an error body) from the file name — a subscription id; a workspace
/// is matched by name later, against the workspaces the diagnostic settings name.
fn arm_subject(kind: Kind, items: &[Value], name: &str) -> Option<String> {
    let from_items = items.iter().find_map(|v| {
        let id = v.get("id").and_then(Value::as_str)?;
        match kind {
            Kind::SentinelAlertRules => raw::workspace_of(id),
            _ => raw::subscription_of(id),
        }
    });
    from_items.or_else(|| match kind {
        Kind::SentinelAlertRules => None,
        _ => guid_in(name),
    })
}

/// An Identity Protection risky user (`riskState` and `riskLevel`).
fn is_risky_user(v: &Value) -> bool {
    v.get("riskState").is_some() && v.get("riskLevel").is_some()
}

fn is_aadiam_id(v: &Value) -> bool {
    v.get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| lower(id).contains("microsoft.aadiam/diagnosticsettings/"))
}

/// The endpoint of a merged array, by the keys of its first item.
fn kind_of_items(items: &[Value]) -> Option<Kind> {
    let first = items.first()?.as_object()?;
    let has = |k: &str| first.contains_key(k);
    if is_aadiam_id(&items[0]) {
        Some(Kind::DiagnosticSettings)
    } else if id_contains(&items[0], SENTINEL_ID) {
        Some(Kind::SentinelAlertRules)
    } else if id_contains(&items[0], QUERY_RULE_ID) {
        Some(Kind::ScheduledQueryRules)
    } else if id_contains(&items[0], ELIGIBILITY_ID) {
        Some(Kind::ArmRoleEligibility)
    } else if id_contains(&items[0], INSTANCE_ID) {
        Some(Kind::ArmRoleAssignmentInstances)
    } else if is_rbac_id(&items[0]) && has("principalType") && has("scope") {
        Some(Kind::ArmRoleAssignments)
    } else if has("isMfaRegistered") || has("methodsRegistered") {
        Some(Kind::Registration)
    } else if is_risky_user(&items[0]) {
        Some(Kind::RiskyUsers)
    } else if has("allowedCombinations") && has("policyType") {
        Some(Kind::AuthStrengths)
    } else if first
        .get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.ends_with("NamedLocation"))
    {
        Some(Kind::NamedLocations)
    } else if has("conditions") && has("grantControls") {
        Some(Kind::CaPolicies)
    } else if has("roleDefinitionId") && has("principalId") && has("scheduleInfo") {
        Some(Kind::RoleEligibility)
    } else if has("roleDefinitionId") && has("principalId") && has("directoryScopeId") {
        Some(Kind::RoleAssignments)
    } else if has("appId") && (has("preferredSingleSignOnMode") || has("servicePrincipalType")) {
        Some(Kind::ServicePrincipals)
    } else if has("userPrincipalName")
        && (has("userType") || has("accountEnabled") || has("onPremisesSyncEnabled"))
    {
        Some(Kind::Users)
    } else {
        None
    }
}

/// A GUID-looking run in a file name (a service principal id).
fn guid_in(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(35)).find_map(|i| {
        let s = name.get(i..i + 36)?;
        let ok = s.char_indices().all(|(j, c)| {
            if matches!(j, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
        ok.then(|| s.to_ascii_lowercase())
    })
}

/// Classifies parsed JSON; `None` when it is nothing idgauge reads.
fn content_of(name: &str, v: &Value) -> Result<Option<Content>, String> {
    match v {
        Value::Object(o) => {
            if o.contains_key("schema_version") {
                return Ok(None);
            }
            if let Some(err) = o.get("error").and_then(Value::as_object) {
                let Some(code) = err.get("code").and_then(Value::as_str) else {
                    return Ok(None);
                };
                let message = err.get("message").and_then(Value::as_str);
                let Some(kind) = endpoints::from_file_name(name) else {
                    return Err(format!(
                        "holds a Graph/ARM error ({code}) but its name names no endpoint; name it after the request (e.g. users.json, registration.json)"
                    ));
                };
                let subject = match kind {
                    Kind::SyncJobs | Kind::ArmRoleAssignments => guid_in(name),
                    Kind::ScheduledQueryRules
                    | Kind::SentinelAlertRules
                    | Kind::ArmRoleEligibility
                    | Kind::ArmRoleAssignmentInstances => arm_subject(kind, &[], name),
                    _ => None,
                };
                return Ok(Some(Content::Error {
                    kind,
                    subject,
                    class: classify(Some(code), message, None),
                    code: code.to_string(),
                }));
            }
            if let Some(ctx) = o.get("@odata.context").and_then(Value::as_str) {
                let Some((kind, subject)) = endpoints::from_context(ctx) else {
                    return Ok(None);
                };
                let ep = endpoints::endpoint(kind);
                let items = match ep.shape {
                    Shape::Collection => match o.get("value") {
                        Some(Value::Array(a)) => a.clone(),
                        _ => return Err(format!("{} output without a `value` array", ep.op)),
                    },
                    Shape::Entity => vec![v.clone()],
                };
                return Ok(Some(Content::Data {
                    kind,
                    subject: subject.map(|s| s.to_ascii_lowercase()),
                    items,
                    next: o
                        .get("@odata.nextLink")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    context: Some(ctx.to_string()),
                }));
            }
            // ARM lists have no OData context: the Entra diagnostic settings, a subscription's
            // role assignments; an empty one is told by its file name.
            if let Some(Value::Array(items)) = o.get("value") {
                let named = endpoints::from_file_name(name);
                let next = o
                    .get("nextLink")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let diag = items
                    .first()
                    .map_or(named == Some(Kind::DiagnosticSettings), is_aadiam_id);
                if diag {
                    return Ok(Some(Content::Data {
                        kind: Kind::DiagnosticSettings,
                        subject: None,
                        items: items.clone(),
                        next,
                        context: None,
                    }));
                }
                for (kind, part) in [
                    (Kind::SentinelAlertRules, SENTINEL_ID),
                    (Kind::ScheduledQueryRules, QUERY_RULE_ID),
                    (Kind::ArmRoleEligibility, ELIGIBILITY_ID),
                    (Kind::ArmRoleAssignmentInstances, INSTANCE_ID),
                ] {
                    let ours = items
                        .first()
                        .map_or(named == Some(kind), |v| id_contains(v, part));
                    if ours {
                        return Ok(Some(Content::Data {
                            kind,
                            subject: arm_subject(kind, items, name),
                            items: items.clone(),
                            next,
                            context: None,
                        }));
                    }
                }
                // Risky users as the documentation shows them: no @odata.context.
                let risky = items
                    .first()
                    .map_or(named == Some(Kind::RiskyUsers), is_risky_user);
                if risky {
                    return Ok(Some(Content::Data {
                        kind: Kind::RiskyUsers,
                        subject: None,
                        items: items.clone(),
                        next: o
                            .get("@odata.nextLink")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        context: None,
                    }));
                }
                let rbac = items
                    .first()
                    .map_or(named == Some(Kind::ArmRoleAssignments), is_rbac_id);
                if rbac {
                    let Some(sub) = rbac_subscription(items).or_else(|| guid_in(name)) else {
                        return Err(NO_SUBSCRIPTION.into());
                    };
                    return Ok(Some(Content::Data {
                        kind: Kind::ArmRoleAssignments,
                        subject: Some(sub),
                        items: items.clone(),
                        next,
                        context: None,
                    }));
                }
            }
            Ok(None)
        }
        Value::Array(items) => {
            let Some(kind) = kind_of_items(items) else {
                return Ok(None);
            };
            let subject = match kind {
                Kind::ArmRoleAssignments => {
                    match rbac_subscription(items).or_else(|| guid_in(name)) {
                        Some(s) => Some(s),
                        None => return Err(NO_SUBSCRIPTION.into()),
                    }
                }
                Kind::SentinelAlertRules
                | Kind::ScheduledQueryRules
                | Kind::ArmRoleEligibility
                | Kind::ArmRoleAssignmentInstances => arm_subject(kind, items, name),
                _ => None,
            };
            Ok(Some(Content::Data {
                kind,
                subject,
                items: items.clone(),
                next: None,
                context: None,
            }))
        }
        _ => Ok(None),
    }
}

/// Whether a file's text is an `az rest` Graph/ARM output idgauge reads, or a Graph/ARM error
/// body — and not an idgauge snapshot.
pub fn recognises(name: &str, text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    match content_of(name, &v) {
        Ok(c) => c.is_some(),
        // An error body whose name links it to nothing is still ours: the import says why.
        Err(_) => true,
    }
}

/// Imports every export in `dir` (sorted, not recursive) as one tenant.
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

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

struct Read {
    path: PathBuf,
    content: Content,
}

/// Imports the given `az rest` files as one tenant; `label` names it in messages.
pub fn import_files(files: &[PathBuf], label: &str) -> Result<Snapshot, ExportError> {
    let mut read = Vec::with_capacity(files.len());
    let mut newest_mtime: Option<DateTime<Utc>> = None;
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|error| ExportError::Io {
            path: path.clone(),
            error,
        })?;
        if let Ok(m) = std::fs::metadata(path).and_then(|m| m.modified()) {
            newest_mtime = newest_mtime.max(Some(DateTime::<Utc>::from(m).trunc_subsecs(0)));
        }
        let body = text.trim_start_matches('\u{feff}');
        if body.trim().is_empty() {
            return Err(ExportError::Empty { path: path.clone() });
        }
        let v: Value = serde_json::from_str(body).map_err(|e| ExportError::Syntax {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
            message: crate::model::strip_position(&e.to_string()),
        })?;
        let name = file_name(path);
        match content_of(&name, &v) {
            Ok(Some(content)) => read.push(Read {
                path: path.clone(),
                content,
            }),
            Ok(None) => {
                return Err(ExportError::Unrecognised {
                    path: path.clone(),
                    what: "no @odata.context, Graph/ARM error body, Entra diagnostic settings or known item keys".into(),
                })
            }
            Err(message) => {
                return Err(ExportError::Link {
                    path: path.clone(),
                    message,
                })
            }
        }
    }
    let (raw, data_time) = assemble(read, label)?;
    let collected_at = data_time
        .or(newest_mtime)
        .unwrap_or_else(|| Utc::now().trunc_subsecs(0));
    let scopes =
        normalize::normalize(&raw, collected_at, None).map_err(|error| ExportError::Normalize {
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

/// One page of a collection (or an entity), as read from `path`.
struct Page {
    path: PathBuf,
    items: Vec<Value>,
    next: Option<String>,
    context: Option<String>,
}

/// The pages (or error) of one endpoint (and subject).
#[derive(Default)]
struct Slot {
    pages: Vec<Page>,
    error: Option<(PathBuf, ErrorClass, String)>,
}

type Key = (Kind, Option<String>);

fn assemble(
    read: Vec<Read>,
    label: &str,
) -> Result<(RawTenant, Option<DateTime<Utc>>), ExportError> {
    // Sentinel files that name their workspace only in the file name (an empty list, an error
    // body) are matched to the workspaces the diagnostic settings send SignInLogs to.
    let settings: Vec<raw::DiagnosticSetting> = read
        .iter()
        .filter_map(|r| match &r.content {
            Content::Data {
                kind: Kind::DiagnosticSettings,
                items,
                ..
            } => Some(items),
            _ => None,
        })
        .flatten()
        .filter_map(|v| serde_json::from_value::<raw::DiagnosticSetting>(v.clone()).ok())
        .collect();
    let workspaces = normalize::sign_in_workspaces(&settings);
    let mut slots: BTreeMap<Key, Slot> = BTreeMap::new();
    for mut r in read {
        if let Content::Data {
            kind: Kind::SentinelAlertRules,
            subject: subject @ None,
            ..
        }
        | Content::Error {
            kind: Kind::SentinelAlertRules,
            subject: subject @ None,
            ..
        } = &mut r.content
        {
            *subject = Some(workspace_named(&r.path, &workspaces)?);
        }
        match r.content {
            Content::Data {
                kind,
                subject,
                items,
                next,
                context,
            } => {
                let slot = slots.entry((kind, subject.clone())).or_default();
                if let Some((first, _, _)) = &slot.error {
                    return Err(duplicate(&r.path, first, kind, &subject));
                }
                if next.is_none() {
                    if let Some(first) = slot.pages.iter().find(|p| p.next.is_none()) {
                        return Err(duplicate(&r.path, &first.path, kind, &subject));
                    }
                }
                slot.pages.push(Page {
                    path: r.path,
                    items,
                    next,
                    context,
                });
            }
            Content::Error {
                kind,
                subject,
                class,
                code,
            } => {
                if per_subject(kind) && subject.is_none() {
                    return Err(ExportError::Link {
                        path: r.path,
                        message: "this error body must name its service principal or subscription id in the file name".into(),
                    });
                }
                let slot = slots.entry((kind, subject.clone())).or_default();
                if let Some(first) = slot.pages.first() {
                    return Err(duplicate(&r.path, &first.path, kind, &subject));
                }
                if let Some((first, _, _)) = &slot.error {
                    return Err(duplicate(&r.path, first, kind, &subject));
                }
                slot.error = Some((r.path, class, code));
            }
        }
    }

    let mut raw = RawTenant::default();
    let mut times: Vec<DateTime<Utc>> = Vec::new();
    let missing = |kind: Kind| -> String {
        let ep = endpoints::endpoint(kind);
        format!(
            "no {} export found in {label} (`az rest --method get --url '{}'`)",
            ep.op,
            export_url(ep)
        )
    };

    macro_rules! input {
        ($kind:expr, $ty:ty) => {
            take::<$ty>(&mut slots, ($kind, None)).unwrap_or_else(|| {
                Ok(Input::Missing {
                    message: missing($kind),
                })
            })?
        };
    }

    let organization: Input<Vec<raw::Organization>> = input!(Kind::Organization, raw::Organization);
    raw.organization = match organization {
        Input::Present { source, data } => match data.into_iter().next() {
            Some(o) => {
                times.extend(o.on_premises_last_sync_date_time);
                Input::present(source, o)
            }
            None => failed(
                "graph:organization",
                UnavailableKind::Error,
                "the /organization export lists no organization".into(),
            ),
        },
        Input::Missing { message } => Input::Missing { message },
        Input::Failed { source, reason } => Input::Failed { source, reason },
    };

    // Users, and whether their sign-in activity was selected.
    let users_ctx = slots
        .get(&(Kind::Users, None))
        .map(|s| {
            s.pages.iter().any(|p| {
                p.context
                    .as_deref()
                    .is_some_and(|c| c.contains("signInActivity"))
                    || p.items.iter().any(|u| u.get("signInActivity").is_some())
            })
        })
        .unwrap_or(false);
    raw.users = input!(Kind::Users, raw::User);
    raw.sign_in_activity = match &raw.users {
        Input::Present { source, data } if users_ctx => {
            for u in data {
                if let Some(a) = &u.sign_in_activity {
                    times.extend(
                        [
                            a.last_sign_in_date_time,
                            a.last_non_interactive_sign_in_date_time,
                            a.last_successful_sign_in_date_time,
                        ]
                        .into_iter()
                        .flatten(),
                    );
                }
            }
            Input::present(source.clone(), ())
        }
        Input::Present { .. } => Input::Missing {
            message: "the users export has no signInActivity: add it to $select (needs Entra ID P1 and AuditLog.Read.All)".into(),
        },
        // Without the users there is no sign-in activity either, for the same reason.
        Input::Failed { source, reason } => Input::Failed {
            source: source.clone(),
            reason: reason.clone(),
        },
        Input::Missing { message } => Input::Missing {
            message: message.clone(),
        },
    };
    raw.registration = input!(Kind::Registration, raw::UserRegistrationDetails);
    if let Some(r) = raw.registration.data() {
        times.extend(r.iter().filter_map(|d| d.last_updated_date_time));
    }
    raw.security_defaults = entity(input!(Kind::SecurityDefaults, raw::SecurityDefaults));
    raw.ca_policies = input!(Kind::CaPolicies, raw::CaPolicy);
    raw.auth_methods_policy = entity(input!(
        Kind::AuthMethodsPolicy,
        raw::AuthenticationMethodsPolicy
    ));
    raw.auth_strengths = input!(Kind::AuthStrengths, raw::AuthenticationStrengthPolicy);
    raw.named_locations = input!(Kind::NamedLocations, raw::NamedLocation);
    raw.risky_users = input!(Kind::RiskyUsers, raw::RiskyUser);
    raw.role_assignments = input!(Kind::RoleAssignments, raw::RoleAssignment);
    raw.role_eligibility = input!(Kind::RoleEligibility, raw::RoleEligibilitySchedule);
    raw.service_principals = input!(Kind::ServicePrincipals, raw::ServicePrincipal);
    raw.authorization_policy = entity(input!(Kind::AuthorizationPolicy, raw::AuthorizationPolicy));
    raw.cross_tenant_default = entity(input!(Kind::CrossTenantDefault, raw::CrossTenantDefault));
    raw.cross_tenant_partners = input!(Kind::CrossTenantPartners, raw::CrossTenantPartner);
    raw.access_reviews = input!(Kind::AccessReviews, raw::AccessReviewDefinition);
    raw.diagnostic_settings = input!(Kind::DiagnosticSettings, raw::DiagnosticSetting);

    let rbac_keys: Vec<Key> = slots
        .keys()
        .filter(|k| k.0 == Kind::ArmRoleAssignments)
        .cloned()
        .collect();
    for key in rbac_keys {
        let sub = key.1.clone().unwrap_or_default();
        if let Some(list) = take::<raw::ArmRoleAssignment>(&mut slots, key) {
            raw.rbac.insert(sub, list?);
        }
    }
    let job_keys: Vec<Key> = slots
        .keys()
        .filter(|k| k.0 == Kind::SyncJobs)
        .cloned()
        .collect();
    for key in job_keys {
        let sp = key.1.clone().unwrap_or_default();
        if let Some(jobs) = take::<raw::SyncJob>(&mut slots, key) {
            let jobs = jobs?;
            if let Some(list) = jobs.data() {
                for j in list {
                    if let Some(st) = &j.status {
                        times.extend(
                            [&st.last_execution, &st.last_successful_execution]
                                .into_iter()
                                .flatten()
                                .filter_map(|e| e.time_ended),
                        );
                    }
                }
            }
            raw.sync_jobs.insert(sp, jobs);
        }
    }
    let keys: Vec<Key> = slots
        .keys()
        .filter(|k| {
            matches!(
                k.0,
                Kind::SentinelAlertRules
                    | Kind::ScheduledQueryRules
                    | Kind::ArmRoleEligibility
                    | Kind::ArmRoleAssignmentInstances
            )
        })
        .cloned()
        .collect();
    for key in keys {
        let subject = key.1.clone().unwrap_or_default();
        if key.0 == Kind::SentinelAlertRules {
            let not_onboarded =
                slots
                    .get(&key)
                    .and_then(|s| s.error.as_ref())
                    .and_then(|(path, class, code)| {
                        normalize::sentinel_not_onboarded(Some(code.as_str())).then(|| {
                            format!(
                                "export:{} (not onboarded to Sentinel: {})",
                                file_name(path),
                                class.message
                            )
                        })
                    });
            if let Some(source) = not_onboarded {
                slots.remove(&key);
                raw.sentinel_rules
                    .insert(subject, Input::present(source, Vec::new()));
            } else if let Some(list) = take::<raw::SentinelAlertRule>(&mut slots, key) {
                raw.sentinel_rules.insert(subject, list?);
            }
        } else if key.0 == Kind::ScheduledQueryRules {
            if let Some(list) = take::<raw::ScheduledQueryRule>(&mut slots, key) {
                raw.query_rules.insert(subject, list?);
            }
        } else {
            let eligibility = key.0 == Kind::ArmRoleEligibility;
            if let Some(list) = take::<raw::ArmScheduleInstance>(&mut slots, key) {
                let map = if eligibility {
                    &mut raw.rbac_eligibility
                } else {
                    &mut raw.rbac_instances
                };
                map.insert(subject, list?);
            }
        }
    }
    let newest = times.into_iter().filter(|t| t.timestamp() > 0).max();
    Ok((raw, newest))
}

/// The workspace (of `workspaces`) whose name the file name holds; the longest such name.
fn workspace_named(path: &Path, workspaces: &[String]) -> Result<String, ExportError> {
    let name = lower(&file_name(path));
    workspaces
        .iter()
        .filter(|w| {
            let short = w.rsplit('/').next().unwrap_or(w);
            !short.is_empty() && name.contains(short)
        })
        .max_by_key(|w| w.rsplit('/').next().unwrap_or(w).len())
        .cloned()
        .ok_or_else(|| ExportError::Link {
            path: path.to_path_buf(),
            message: format!(
                "Sentinel alert rules that name no workspace: put the name of the workspace the diagnostic settings send SignInLogs to in the file name ({})",
                if workspaces.is_empty() {
                    "the diagnostic settings name none".to_string()
                } else {
                    workspaces
                        .iter()
                        .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        })
}

/// The URL a user exports the endpoint from (for messages and the README).
pub fn export_url(ep: &endpoints::Endpoint) -> String {
    let base = match ep.api {
        endpoints::Api::Graph => "https://graph.microsoft.com",
        endpoints::Api::Arm => "https://management.azure.com",
    };
    format!(
        "{base}{}",
        ep.path.replace("{select}", endpoints::USER_SELECT)
    )
}

fn duplicate(path: &Path, first: &Path, kind: Kind, subject: &Option<String>) -> ExportError {
    ExportError::Duplicate {
        path: path.to_path_buf(),
        first: file_name(first),
        op: endpoints::endpoint(kind).op,
        subject: subject
            .as_ref()
            .map(|s| format!(" for {s}"))
            .unwrap_or_default(),
    }
}

/// One entity from a one-item list input.
fn entity<T>(i: Input<Vec<T>>) -> Input<T> {
    match i {
        Input::Present { source, data } => match data.into_iter().next() {
            Some(x) => Input::present(source, x),
            None => Input::Missing {
                message: format!("{source}: empty"),
            },
        },
        Input::Missing { message } => Input::Missing { message },
        Input::Failed { source, reason } => Input::Failed { source, reason },
    }
}

/// The typed input of one endpoint, `None` when no file held it.
fn take<T: DeserializeOwned>(
    slots: &mut BTreeMap<Key, Slot>,
    key: Key,
) -> Option<Result<Input<Vec<T>>, ExportError>> {
    let kind = key.0;
    let slot = slots.remove(&key)?;
    let op = endpoints::endpoint(kind).op;
    if let Some((path, class, _)) = slot.error {
        return Some(Ok(failed(
            op,
            class.kind,
            format!("{}: {}", file_name(&path), class.message),
        )));
    }
    let mut names: Vec<String> = slot
        .pages
        .iter()
        .map(|p| format!("export:{}", file_name(&p.path)))
        .collect();
    names.sort();
    if slot.pages.iter().all(|p| p.next.is_some()) {
        return Some(Ok(failed(
            op,
            UnavailableKind::Error,
            format!(
                "{}: incomplete {op} export: every page has an @odata.nextLink, the last page is missing",
                names.join(", ")
            ),
        )));
    }
    let mut out = Vec::new();
    for Page { path, items, .. } in slot.pages {
        for (i, item) in items.into_iter().enumerate() {
            match serde_path_to_error::deserialize::<_, T>(item) {
                Ok(x) => out.push(x),
                Err(e) => {
                    let inner = e.path().to_string();
                    return Some(Err(ExportError::Shape {
                        path,
                        op,
                        field: if inner == "." {
                            format!("value[{i}]")
                        } else {
                            format!("value[{i}].{inner}")
                        },
                        message: crate::model::strip_position(&e.into_inner().to_string()),
                    }));
                }
            }
        }
    }
    Some(Ok(Input::present(names.join("+"), out)))
}
