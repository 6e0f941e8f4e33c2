//! The live GCP and Workspace collector (feature `gcp-live`): plain REST calls with `reqwest`,
//! into the same [`RawOrg`] the export importer fills, then the same normalization.
//!
//! - Tokens come from a [`TokenProvider`]: [`AdcToken`] (application default credentials through
//!   `google-cloud-auth`: gcloud ADC, service account, impersonation, workload identity
//!   federation, metadata server) or [`StaticToken`] (a token from `gcloud auth
//!   print-access-token`, and the tests). A token is never logged or stored.
//! - Every service's base URL is in [`Endpoints`]; [`Endpoints::all`] points them all at one
//!   host (a mock).
//! - Lists follow `nextPageToken`; 429 and 5xx answers are retried with exponential backoff, at
//!   most [`Options::attempts`] times; the projects are collected [`Options::concurrency`] at a
//!   time.
//! - Every request is counted under its method name (`service:method`, the allow-list in
//!   [`super::permissions`]) in `collection.api_calls`; a refused or failed request makes its
//!   input `Failed` with the classified reason ([`super::errors`]), per resource.
//!
//! Scope of a collection: with `--organization`, every active project the caller sees under it;
//! with `--project`, those projects, their folders and organization for the inherited grants.
//!
//! Requests per project: with `--organization`, the IAM policies (IAP's web resource's
//! included), service accounts and keys,
//! log-based metrics, log sinks and which resources set their own org policies come from Cloud
//! Asset Inventory at the organization ([`super::asset`]: three paged lists for the whole
//! organization); what stays per project is its alert policies and PAM entitlements (the APIs
//! whose `SERVICE_DISABLED` means something per project), and the v2 org policies of the few
//! resources that set their own. A resource the inventory does not list is read on its own (a
//! project's IAP policy excepted: unlisted, it has none). When
//! an inventory list is refused or disabled (or `asset_inventory` is off, or with `--project`),
//! every resource is read with the per-resource methods, each failure recorded per resource.

use super::asset::normalize::{self as assets, Coverage};
use super::asset::raw::{Asset, Content};
use super::errors::{self, ErrorBody};
use super::iam::raw::{ServiceAccount, ServiceAccountKey, WorkforcePool, WorkforcePoolProvider};
use super::logging::raw::{AlertPolicy, LogMetric, LogSink};
use super::normalize::{self, Input, RawOrg};
use super::org_policy::raw::Policy as OrgPolicy;
use super::pam::raw::Entitlement;
use super::resource_manager::normalize::ancestry;
use super::resource_manager::raw::{Organization, Policy, Project};
use super::workspace::raw::{CiPolicy, OrgUnit, SsoAssignment, SsoProfile, UsageReport, User};
use crate::model::{CollectionMeta, Snapshot, Unavailable, UnavailableKind};
use crate::providers::envelope::{self, Mode};
use crate::providers::observer::{CallLog, CallObserver};
use chrono::{DateTime, SubsecRound, Utc};
use futures::future::BoxFuture;
use futures::stream::{self, StreamExt};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no credentials: {0} (run `gcloud auth application-default login`, or set IDGAUGE_GCP_ACCESS_TOKEN)")]
    Credentials(String),
    #[error("name an --organization or at least one --project")]
    NoTarget,
    #[error("{0}")]
    Normalize(#[from] normalize::NormalizeError),
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// Where access tokens come from.
pub trait TokenProvider: Send + Sync {
    fn token(&self) -> BoxFuture<'_, Result<String, CollectError>>;
}

/// A fixed access token.
pub struct StaticToken(pub String);

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<String, CollectError>> {
        let t = self.0.clone();
        Box::pin(async move { Ok(t) })
    }
}

/// Application default credentials with the read-only scopes idgauge needs.
pub struct AdcToken(google_cloud_auth::credentials::AccessTokenCredentials);

impl AdcToken {
    pub fn new() -> Result<AdcToken, CollectError> {
        let scopes: Vec<&str> = super::permissions::SCOPES.iter().map(|(s, _)| *s).collect();
        google_cloud_auth::credentials::Builder::default()
            .with_scopes(scopes)
            .build_access_token_credentials()
            .map(AdcToken)
            .map_err(|e| CollectError::Credentials(e.to_string()))
    }
}

impl TokenProvider for AdcToken {
    fn token(&self) -> BoxFuture<'_, Result<String, CollectError>> {
        Box::pin(async move {
            self.0
                .access_token()
                .await
                .map(|t| t.token)
                .map_err(|e| CollectError::Credentials(e.to_string()))
        })
    }
}

/// Base URLs of the services, without a trailing slash.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub resourcemanager: String,
    pub orgpolicy: String,
    pub iam: String,
    pub logging: String,
    pub monitoring: String,
    pub pam: String,
    pub admin: String,
    pub cloudidentity: String,
    pub cloudasset: String,
    pub iap: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            resourcemanager: "https://cloudresourcemanager.googleapis.com".into(),
            orgpolicy: "https://orgpolicy.googleapis.com".into(),
            iam: "https://iam.googleapis.com".into(),
            logging: "https://logging.googleapis.com".into(),
            monitoring: "https://monitoring.googleapis.com".into(),
            pam: "https://privilegedaccessmanager.googleapis.com".into(),
            admin: "https://admin.googleapis.com".into(),
            cloudidentity: "https://cloudidentity.googleapis.com".into(),
            cloudasset: "https://cloudasset.googleapis.com".into(),
            iap: "https://iap.googleapis.com".into(),
        }
    }
}

impl Endpoints {
    /// Every service at one base URL (an emulator or a mock).
    pub fn all(base: &str) -> Endpoints {
        let b = base.trim_end_matches('/').to_string();
        Endpoints {
            resourcemanager: b.clone(),
            orgpolicy: b.clone(),
            iam: b.clone(),
            logging: b.clone(),
            monitoring: b.clone(),
            pam: b.clone(),
            admin: b.clone(),
            cloudidentity: b.clone(),
            cloudasset: b.clone(),
            iap: b,
        }
    }
}

pub struct Options {
    /// Organization ids (`123456789012`).
    pub organizations: Vec<String>,
    /// Project ids.
    pub projects: Vec<String>,
    /// Workspace customer (`my_customer`, or `C0…`).
    pub customer: String,
    pub endpoints: Endpoints,
    /// Projects collected at the same time.
    pub concurrency: usize,
    /// Attempts per request for 429 and 5xx answers.
    pub attempts: u32,
    /// First backoff; doubled per retry.
    pub backoff: Duration,
    /// Longest wait for one attempt of one request; a timed-out attempt is retried.
    pub timeout: Duration,
    /// The collection time to record (default: now).
    pub collected_at: Option<DateTime<Utc>>,
    /// Read an organization's policies and resources from Cloud Asset Inventory (few requests)
    /// before falling back to per-resource reads.
    pub asset_inventory: bool,
    pub observer: Option<Arc<dyn CallObserver>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            organizations: Vec::new(),
            projects: Vec::new(),
            customer: "my_customer".into(),
            endpoints: Endpoints::default(),
            concurrency: 8,
            attempts: 5,
            backoff: Duration::from_millis(500),
            timeout: crate::providers::DEFAULT_TIMEOUT,
            collected_at: None,
            asset_inventory: true,
            observer: None,
        }
    }
}

/// One request's outcome: the parsed body, or why not.
type Outcome = Result<serde_json::Value, Unavailable>;

struct Client {
    http: reqwest::Client,
    token: Arc<dyn TokenProvider>,
    log: CallLog,
    attempts: u32,
    backoff: Duration,
}

impl Client {
    /// One request, retried on 429 and 5xx; counted once under `op`.
    async fn send(
        &self,
        op: &'static str,
        url: &str,
        query: &[(&str, String)],
        post: Option<serde_json::Value>,
    ) -> Outcome {
        debug_assert!(super::permissions::is_read_only(op), "{op}");
        let started = self.log.started(op);
        let token = match self.token.token().await {
            Ok(t) => t,
            Err(e) => {
                self.log.finished(op, None, started);
                return Err(Unavailable {
                    kind: UnavailableKind::AccessDenied,
                    message: e.to_string(),
                });
            }
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let req = match &post {
                Some(body) => self.http.post(url).json(body),
                None => self.http.get(url),
            };
            let res = req.query(query).bearer_auth(&token).send().await;
            let retry = |status: Option<u16>| {
                attempt < self.attempts
                    && status.is_none_or(|s| s == 429 || (500..600).contains(&s))
            };
            match res {
                Err(e) => {
                    if retry(None) {
                        tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
                        continue;
                    }
                    self.log.finished(op, None, started);
                    return Err(Unavailable {
                        kind: UnavailableKind::Error,
                        message: format!("{op}: {}", e.without_url()),
                    });
                }
                Ok(r) => {
                    let status = r.status().as_u16();
                    if !r.status().is_success() && retry(Some(status)) {
                        tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
                        continue;
                    }
                    // A body cut short (reset, timeout mid-answer) is as transient as a 503.
                    let text = match r.text().await {
                        Ok(t) => t,
                        Err(_) if retry(None) => {
                            tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
                            continue;
                        }
                        Err(e) => {
                            self.log.finished(op, Some(status), started);
                            return Err(Unavailable {
                                kind: UnavailableKind::Error,
                                message: format!(
                                    "{op}: HTTP {status}: the answer was cut short: {}",
                                    e.without_url()
                                ),
                            });
                        }
                    };
                    self.log.finished(op, Some(status), started);
                    if (200..300).contains(&status) {
                        return serde_json::from_str(if text.trim().is_empty() {
                            "{}"
                        } else {
                            &text
                        })
                        .map_err(|e| Unavailable {
                            kind: UnavailableKind::Error,
                            message: format!("{op}: malformed response: {e}"),
                        });
                    }
                    let class = match ErrorBody::parse(&text) {
                        Some(b) => {
                            let mut c = b.class();
                            if b.error.code.is_none() {
                                c = errors::classify(
                                    b.error.status.as_deref(),
                                    b.reason(),
                                    b.error.message.as_deref(),
                                    Some(status),
                                );
                            }
                            c
                        }
                        None => errors::classify(None, None, Some(text.trim()), Some(status)),
                    };
                    return Err(class.unavailable(None));
                }
            }
        }
    }

    /// A list: every page of `key`.
    async fn list<T: DeserializeOwned>(
        &self,
        op: &'static str,
        url: String,
        mut query: Vec<(&'static str, String)>,
        key: &str,
    ) -> Input<Vec<T>> {
        let mut items = Vec::new();
        let base_len = query.len();
        loop {
            let page = match self.send(op, &url, &query, None).await {
                Ok(v) => v,
                Err(reason) => {
                    return Input::Failed {
                        source: op.to_string(),
                        reason,
                    }
                }
            };
            if let Some(list) = page.get(key) {
                match serde_json::from_value::<Vec<T>>(list.clone()) {
                    Ok(mut v) => items.append(&mut v),
                    Err(e) => {
                        return Input::Failed {
                            source: op.to_string(),
                            reason: Unavailable {
                                kind: UnavailableKind::Error,
                                message: format!("{op}: unexpected `{key}`: {e}"),
                            },
                        }
                    }
                }
            }
            match page.get("nextPageToken").and_then(|t| t.as_str()) {
                Some(t) if !t.is_empty() => {
                    query.truncate(base_len);
                    query.push(("pageToken", t.to_string()));
                }
                _ => return Input::present(op, items),
            }
        }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        op: &'static str,
        url: String,
        post: Option<serde_json::Value>,
    ) -> Input<T> {
        match self.send(op, &url, &[], post).await {
            Ok(v) => match serde_json::from_value(v) {
                Ok(x) => Input::present(op, x),
                Err(e) => Input::Failed {
                    source: op.to_string(),
                    reason: Unavailable {
                        kind: UnavailableKind::Error,
                        message: format!("{op}: unexpected response: {e}"),
                    },
                },
            },
            Err(reason) => Input::Failed {
                source: op.to_string(),
                reason,
            },
        }
    }
}

/// What was collected, and the warnings for the user.
pub struct Collected {
    pub snapshot: Snapshot,
    pub warnings: Vec<String>,
}

/// Collects on a new runtime (for the synchronous CLI).
pub fn collect_blocking(
    opts: &Options,
    token: Arc<dyn TokenProvider>,
) -> Result<Collected, CollectError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CollectError::Client(e.to_string()))?;
    rt.block_on(collect(opts, token))
}

fn iam_policy_op(resource: &str) -> &'static str {
    if resource.starts_with("organizations/") {
        "cloudresourcemanager:organizations.getIamPolicy"
    } else if resource.starts_with("folders/") {
        "cloudresourcemanager:folders.getIamPolicy"
    } else {
        "cloudresourcemanager:projects.getIamPolicy"
    }
}

pub async fn collect(
    opts: &Options,
    token: Arc<dyn TokenProvider>,
) -> Result<Collected, CollectError> {
    if opts.organizations.is_empty() && opts.projects.is_empty() {
        return Err(CollectError::NoTarget);
    }
    let http = reqwest::Client::builder()
        .user_agent(concat!("idgauge/", env!("CARGO_PKG_VERSION")))
        .timeout(opts.timeout)
        .build()
        .map_err(|e| CollectError::Client(e.to_string()))?;
    let c = Client {
        http,
        token,
        log: CallLog::new(opts.observer.clone()),
        attempts: opts.attempts.max(1),
        backoff: opts.backoff,
    };
    let e = &opts.endpoints;
    let at = opts
        .collected_at
        .unwrap_or_else(|| Utc::now().trunc_subsecs(0));
    let mut warnings = Vec::new();
    // The hierarchy.
    let folder_list = c
        .list(
            "cloudresourcemanager:folders.search",
            format!("{}/v3/folders:search", e.resourcemanager),
            vec![],
            "folders",
        )
        .await;
    let mut raw = RawOrg {
        folders: folder_list,
        ..RawOrg::default()
    };
    let projects: Input<Vec<Project>> = if opts.organizations.is_empty() {
        let mut out = Vec::new();
        let mut failed = None;
        for p in &opts.projects {
            match c
                .get::<Project>(
                    "cloudresourcemanager:projects.get",
                    format!("{}/v3/projects/{p}", e.resourcemanager),
                    None,
                )
                .await
            {
                Input::Present { data, .. } => out.push(data),
                Input::Failed { reason, .. } => {
                    warnings.push(format!("project {p}: {}", reason.message));
                    failed = Some(reason);
                }
                Input::Missing { .. } => {}
            }
        }
        match (out.is_empty(), failed) {
            (true, Some(reason)) => Input::Failed {
                source: "cloudresourcemanager:projects.get".into(),
                reason,
            },
            _ => Input::present("cloudresourcemanager:projects.get", out),
        }
    } else {
        c.list(
            "cloudresourcemanager:projects.search",
            format!("{}/v3/projects:search", e.resourcemanager),
            vec![],
            "projects",
        )
        .await
    };
    let folders = raw.folders_by_name();
    let wanted_orgs: BTreeSet<String> = opts
        .organizations
        .iter()
        .map(|o| format!("organizations/{}", o.trim_start_matches("organizations/")))
        .collect();
    // The projects in scope, and every ancestor whose policies they inherit.
    let mut in_scope: Vec<Project> = Vec::new();
    let mut resources: BTreeSet<String> = wanted_orgs.clone();
    for p in projects.data().into_iter().flatten().filter(|p| p.active()) {
        let chain = p
            .parent
            .as_ref()
            .map(|parent| ancestry(&parent.resource(), &folders));
        let org_of = chain
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .and_then(|c| c.last().cloned());
        let named = opts.projects.contains(&p.project_id);
        let under = org_of.as_ref().is_some_and(|o| wanted_orgs.contains(o));
        if !(named || under) {
            continue;
        }
        if let Some(Ok(chain)) = &chain {
            resources.extend(chain.iter().cloned());
        }
        resources.insert(format!("projects/{}", p.project_id));
        in_scope.push(p.clone());
    }
    let orgs: Vec<String> = resources
        .iter()
        .filter(|r| r.starts_with("organizations/"))
        .cloned()
        .collect();
    let mut org_list = Vec::new();
    let mut org_failure = None;
    for o in &orgs {
        match c
            .get::<Organization>(
                "cloudresourcemanager:organizations.get",
                format!("{}/v3/{o}", e.resourcemanager),
                None,
            )
            .await
        {
            Input::Present { data, .. } => org_list.push(data),
            Input::Failed { reason, .. } => org_failure = Some(reason),
            Input::Missing { .. } => {}
        }
    }
    raw.organizations = match org_failure {
        Some(reason) if org_list.is_empty() => Input::Failed {
            source: "cloudresourcemanager:organizations.get".into(),
            reason,
        },
        _ => Input::present("cloudresourcemanager:organizations.get", org_list),
    };
    raw.projects = match projects {
        Input::Present { source, .. } => Input::present(source, in_scope.clone()),
        other => other,
    };

    // Organization-wide lists from Cloud Asset Inventory.
    if opts.asset_inventory && !opts.organizations.is_empty() {
        let numbers: BTreeMap<String, String> = in_scope
            .iter()
            .filter_map(|p| Some((p.number()?, p.project_id.clone())))
            .collect();
        for org in &wanted_orgs {
            let org_of = |r: &str| -> Option<String> {
                let start = match r.strip_prefix("projects/") {
                    Some(id) => in_scope
                        .iter()
                        .find(|p| p.project_id == id)?
                        .parent
                        .as_ref()?
                        .resource(),
                    None => r.to_string(),
                };
                ancestry(&start, &folders).ok()?.last().cloned()
            };
            let covered: BTreeSet<String> = resources
                .iter()
                .filter(|r| org_of(r).as_ref() == Some(org))
                .cloned()
                .collect();
            let cover = Coverage {
                resources: &covered,
                numbers: &numbers,
            };
            for content in [Content::IamPolicy, Content::OrgPolicy, Content::Resource] {
                let mut query = vec![
                    ("contentType", content.rest().to_string()),
                    ("pageSize", "1000".to_string()),
                ];
                for t in content.asset_types() {
                    query.push(("assetTypes", t.to_string()));
                }
                let listed: Input<Vec<Asset>> = c
                    .list(
                        "cloudasset:assets.list",
                        format!("{}/v1/{org}/assets", e.cloudasset),
                        query,
                        "assets",
                    )
                    .await;
                let outcome = match &listed {
                    Input::Present { data, .. } => {
                        assets::apply(&mut raw, content, "cloudasset:assets.list", data, &cover)
                    }
                    Input::Failed { reason, .. } => Err(reason.clone()),
                    Input::Missing { message } => Err(Unavailable {
                        kind: UnavailableKind::NotCollected,
                        message: message.clone(),
                    }),
                };
                if let Err(reason) = outcome {
                    warnings.push(format!(
                        "Cloud Asset Inventory ({} of {org}): {}; reading each resource instead",
                        content.rest(),
                        reason.message
                    ));
                }
            }
        }
    }

    // Per resource (organizations, folders, projects): what the inventory did not give, and
    // PAM entitlements.
    let per_resource = stream::iter(resources.iter().cloned())
        .map(|r| {
            let c = &c;
            let need_policy = !raw.iam_policies.contains_key(&r);
            let need_orgp = !raw.org_policies.contains_key(&r);
            let need_sinks = !raw.sinks.contains_key(&r);
            async move {
                let policy = match need_policy {
                    false => None,
                    true => Some(
                        c.get::<Policy>(
                            iam_policy_op(&r),
                            format!("{}/v3/{r}:getIamPolicy", e.resourcemanager),
                            Some(serde_json::json!({"options": {"requestedPolicyVersion": 3}})),
                        )
                        .await,
                    ),
                };
                let orgp = match need_orgp {
                    false => None,
                    true => Some(
                        c.list::<OrgPolicy>(
                            "orgpolicy:policies.list",
                            format!("{}/v2/{r}/policies", e.orgpolicy),
                            vec![],
                            "policies",
                        )
                        .await,
                    ),
                };
                let sinks = match need_sinks {
                    false => None,
                    true => Some(
                        c.list::<LogSink>(
                            "logging:sinks.list",
                            format!("{}/v2/{r}/sinks", e.logging),
                            vec![],
                            "sinks",
                        )
                        .await,
                    ),
                };
                let pam = c
                    .list::<Entitlement>(
                        "privilegedaccessmanager:entitlements.list",
                        format!("{}/v1/{r}/locations/global/entitlements", e.pam),
                        vec![],
                        "entitlements",
                    )
                    .await;
                (r, policy, orgp, sinks, pam)
            }
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    for (r, policy, orgp, sinks, pam) in per_resource {
        if let Some(p) = policy {
            raw.iam_policies.insert(r.clone(), p);
        }
        if let Some(o) = orgp {
            raw.org_policies.insert(r.clone(), o);
        }
        if let Some(s) = sinks {
            raw.sinks.insert(r.clone(), s);
        }
        raw.entitlements.insert(r, pam);
    }

    // Per project: what the inventory did not give, and alert policies.
    let per_project = stream::iter(in_scope.iter().map(|p| p.project_id.clone()))
        .map(|p| {
            let c = &c;
            let need_sas = !raw.service_accounts.contains_key(&p);
            let need_metrics = !raw.log_metrics.contains_key(&p);
            let need_iap = !raw.iap_policies.contains_key(&p);
            async move {
                let mut sas = None;
                let mut keys = Vec::new();
                if need_sas {
                    let listed = c
                        .list::<ServiceAccount>(
                            "iam:projects.serviceAccounts.list",
                            format!("{}/v1/projects/{p}/serviceAccounts", e.iam),
                            vec![("pageSize", "100".into())],
                            "accounts",
                        )
                        .await;
                    for sa in listed.data().into_iter().flatten() {
                        let k = c
                            .list::<ServiceAccountKey>(
                                "iam:projects.serviceAccounts.keys.list",
                                format!("{}/v1/{}/keys", e.iam, sa.name),
                                vec![("keyTypes", "USER_MANAGED".into())],
                                "keys",
                            )
                            .await;
                        keys.push((sa.email.to_ascii_lowercase(), k));
                    }
                    sas = Some(listed);
                }
                let metrics = match need_metrics {
                    false => None,
                    true => Some(
                        c.list::<LogMetric>(
                            "logging:projects.metrics.list",
                            format!("{}/v2/projects/{p}/metrics", e.logging),
                            vec![],
                            "metrics",
                        )
                        .await,
                    ),
                };
                let alerts = c
                    .list::<AlertPolicy>(
                        "monitoring:projects.alertPolicies.list",
                        format!("{}/v3/projects/{p}/alertPolicies", e.monitoring),
                        vec![],
                        "alertPolicies",
                    )
                    .await;
                // A read despite the POST, like Resource Manager's getIamPolicy.
                let iap = match need_iap {
                    false => None,
                    true => Some(
                        c.get::<Policy>(
                            normalize::OP_IAP_POLICY,
                            format!("{}/v1/projects/{p}/iap_web:getIamPolicy", e.iap),
                            Some(serde_json::json!({"options": {"requestedPolicyVersion": 3}})),
                        )
                        .await,
                    ),
                };
                (p, sas, keys, metrics, alerts, iap)
            }
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    for (p, sas, keys, metrics, alerts, iap) in per_project {
        if let Some(i) = iap {
            raw.iap_policies.insert(p.clone(), i);
        }
        if let Some(s) = sas {
            raw.service_accounts.insert(p.clone(), s);
        }
        raw.sa_keys.extend(keys);
        if let Some(m) = metrics {
            raw.log_metrics.insert(p.clone(), m);
        }
        raw.alert_policies.insert(p, alerts);
    }

    // Organization-wide: workforce identity federation, Workspace, Cloud Identity SSO.
    if let Some(org) = orgs.first() {
        raw.workforce_pools = c
            .list(
                "iam:locations.workforcePools.list",
                format!("{}/v1/locations/global/workforcePools", e.iam),
                vec![("parent", org.clone())],
                "workforcePools",
            )
            .await;
        let pools: Vec<WorkforcePool> = raw.workforce_pools.data().cloned().unwrap_or_default();
        for pool in pools {
            let providers: Input<Vec<WorkforcePoolProvider>> = c
                .list(
                    "iam:locations.workforcePools.providers.list",
                    format!("{}/v1/{}/providers", e.iam, pool.name),
                    vec![],
                    "workforcePoolProviders",
                )
                .await;
            raw.workforce_providers.insert(pool.name.clone(), providers);
        }
        if orgs.len() > 1 {
            warnings.push(format!(
                "workforce pools and Workspace data are read for {org} only"
            ));
        }
    }
    raw.users = c
        .list::<User>(
            "admin:directory.users.list",
            format!("{}/admin/directory/v1/users", e.admin),
            vec![
                ("customer", opts.customer.clone()),
                ("projection", "full".into()),
                ("maxResults", "500".into()),
            ],
            "users",
        )
        .await;
    // Usage data lags by about two days.
    let day = (at - chrono::Duration::days(3)).format("%Y-%m-%d");
    raw.usage = c
        .list::<UsageReport>(
            "admin:reports.usage.users.get",
            format!("{}/admin/reports/v1/usage/users/all/dates/{day}", e.admin),
            vec![("parameters", "accounts:num_security_keys".into())],
            "usageReports",
        )
        .await;
    let customer = if opts.customer == "my_customer" {
        "customers/my_customer".to_string()
    } else {
        format!("customers/{}", opts.customer)
    };
    let filter = format!("customer==\"{customer}\"");
    raw.sso_profiles = c
        .list::<SsoProfile>(
            "cloudidentity:inboundSamlSsoProfiles.list",
            format!("{}/v1/inboundSamlSsoProfiles", e.cloudidentity),
            vec![("filter", filter.clone())],
            "inboundSamlSsoProfiles",
        )
        .await;
    raw.sso_assignments = c
        .list::<SsoAssignment>(
            "cloudidentity:inboundSsoAssignments.list",
            format!("{}/v1/inboundSsoAssignments", e.cloudidentity),
            vec![("filter", filter.clone())],
            "inboundSsoAssignments",
        )
        .await;
    // Sign-in settings: the Policy API's policies (the caller's own customer's unless one is
    // named) and the organisational units they target.
    let mut query = vec![("pageSize", "100".to_string())];
    if opts.customer != "my_customer" {
        query.push(("filter", filter));
    }
    raw.ci_policies = c
        .list::<CiPolicy>(
            "cloudidentity:policies.list",
            format!("{}/v1/policies", e.cloudidentity),
            query,
            "policies",
        )
        .await;
    raw.org_units = c
        .list::<OrgUnit>(
            "admin:directory.orgunits.list",
            format!(
                "{}/admin/directory/v1/customer/{}/orgunits",
                e.admin, opts.customer
            ),
            vec![("type", "all_including_parent".into())],
            "organizationUnits",
        )
        .await;

    let scopes = normalize::normalize(&raw, at)?;
    let collection = CollectionMeta {
        api_calls: c.log.api_calls(),
        inputs: Vec::new(),
        regions: Vec::new(),
    };
    Ok(Collected {
        snapshot: envelope::snapshot(Mode::Live, at, scopes, collection),
        warnings,
    })
}
