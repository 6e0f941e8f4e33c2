//! Live collection of one Entra tenant over Microsoft Graph (v1.0) and ARM: plain `GET`s with
//! `reqwest`, bearer tokens from a [`TokenProvider`] (Azure credentials through `azure_identity`
//! in production, a static token in tests), base URLs from [`Options`] (sovereign clouds, a
//! local mock).
//!
//! - Every request is a `GET` of an endpoint in [`super::endpoints::ENDPOINTS`] (the read-only
//!   allow-list of [`super::permissions`]), and is counted in `collection.api_calls` under its
//!   operation name, one count per page.
//! - Collections follow `@odata.nextLink` (ARM: `nextLink`) verbatim, never rebuilt.
//! - 429 and 503 are retried up to `max_retries` times, after the `Retry-After` seconds (capped
//!   at `max_retry_wait`), else after an exponential backoff.
//! - A failed request makes its input failed with the shared classifier's kind (403 → access
//!   denied, licence errors → not licensed), so its sections are unavailable, never empty. Users
//!   refused their `signInActivity` for lack of a licence are read again without it, so the
//!   other user facts are not lost with it.
//! - Requests run at most `concurrency` at a time.
//! - Subscriptions: those named (`--subscription`), else every enabled subscription of the
//!   tenant that ARM lists for the caller; each one's RBAC role assignments make an
//!   `azure:subscription:<id>` scope. A listing that fails is a warning, not an error.
//!
//! The responses fill the same [`RawTenant`] the export importer fills, and go through the same
//! normalization.

use super::endpoints::{self, Api, Kind, Shape};
use super::errors::classify;
use super::normalize::{self, failed, Input, NormalizeError, RawTenant};
use crate::model::{CollectionMeta, Snapshot, UnavailableKind};
use crate::providers::envelope::{self, Mode};
use crate::providers::errors::ErrorClass;
use crate::providers::observer::{CallLog, CallObserver};
use chrono::{SubsecRound, Utc};
use futures::stream::{self, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A token request's future.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Gives a bearer token for a scope (`https://graph.microsoft.com/.default`).
pub trait TokenProvider: Send + Sync {
    fn token<'a>(&'a self, scope: &'a str) -> TokenFuture<'a>;
}

#[derive(Debug, thiserror::Error)]
#[error("cannot get an access token for {scope}: {message}")]
pub struct TokenError {
    pub scope: String,
    pub message: String,
}

/// The same token for every scope (tests against a local mock).
pub struct StaticToken(pub String);

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _scope: &'a str) -> TokenFuture<'a> {
        let t = self.0.clone();
        Box::pin(async move { Ok(t) })
    }
}

/// Which Azure credential to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET when all
    /// are set; workload identity when AZURE_FEDERATED_TOKEN_FILE is set; else the Azure CLI or
    /// Azure Developer CLI sign-in.
    Auto,
    /// `az login` / `azd auth login`.
    Cli,
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// The managed identity of the VM, App Service or container (AZURE_CLIENT_ID picks a
    /// user-assigned one).
    ManagedIdentity,
    /// Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID,
    /// AZURE_TENANT_ID).
    WorkloadIdentity,
}

/// Tokens from an `azure_identity` credential (which caches and refreshes them).
pub struct AzureIdentityTokens {
    cred: Arc<dyn azure_core::credentials::TokenCredential>,
}

impl AzureIdentityTokens {
    pub fn new(kind: CredentialKind, tenant: Option<&str>) -> Result<Self, TokenError> {
        let err = |e: azure_core::Error| TokenError {
            scope: "credential".into(),
            message: e.to_string(),
        };
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let kind = match kind {
            CredentialKind::Auto
                if env("AZURE_CLIENT_ID").is_some() && env("AZURE_CLIENT_SECRET").is_some() =>
            {
                CredentialKind::ClientSecret
            }
            CredentialKind::Auto if env("AZURE_FEDERATED_TOKEN_FILE").is_some() => {
                CredentialKind::WorkloadIdentity
            }
            CredentialKind::Auto => CredentialKind::Cli,
            k => k,
        };
        let cred: Arc<dyn azure_core::credentials::TokenCredential> = match kind {
            CredentialKind::ClientSecret => {
                let tenant_id = tenant
                    .map(str::to_string)
                    .or_else(|| env("AZURE_TENANT_ID"))
                    .ok_or_else(|| TokenError {
                        scope: "credential".into(),
                        message: "a client secret needs --tenant or AZURE_TENANT_ID".into(),
                    })?;
                let (Some(id), Some(secret)) = (env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET"))
                else {
                    return Err(TokenError {
                        scope: "credential".into(),
                        message: "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET must be set".into(),
                    });
                };
                azure_identity::ClientSecretCredential::new(&tenant_id, id, secret.into(), None)
                    .map_err(err)?
            }
            CredentialKind::ManagedIdentity => {
                let options = env("AZURE_CLIENT_ID").map(|id| {
                    azure_identity::ManagedIdentityCredentialOptions {
                        user_assigned_id: Some(azure_identity::UserAssignedId::ClientId(id)),
                        ..Default::default()
                    }
                });
                azure_identity::ManagedIdentityCredential::new(options).map_err(err)?
            }
            CredentialKind::WorkloadIdentity => {
                azure_identity::WorkloadIdentityCredential::new(None).map_err(err)?
            }
            CredentialKind::Cli | CredentialKind::Auto => {
                azure_identity::DeveloperToolsCredential::new(None).map_err(err)?
            }
        };
        Ok(AzureIdentityTokens { cred })
    }
}

impl TokenProvider for AzureIdentityTokens {
    fn token<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        Box::pin(async move {
            self.cred
                .get_token(&[scope], None)
                .await
                .map(|t| t.token.secret().to_string())
                .map_err(|e| TokenError {
                    scope: scope.to_string(),
                    message: e.to_string(),
                })
        })
    }
}

/// What and how to collect.
pub struct Options {
    /// Microsoft Graph base URL (`https://graph.microsoft.com`; `https://graph.microsoft.us`...).
    pub graph_url: String,
    /// Azure Resource Manager base URL (`https://management.azure.com`).
    pub arm_url: String,
    /// The tenant, when the organization cannot be read (it names the scope then).
    pub tenant: Option<String>,
    /// Subscriptions whose Azure RBAC role assignments are read, one scope each; empty: every
    /// enabled subscription of the tenant the caller can list.
    pub subscriptions: Vec<String>,
    /// Retries of a throttled (429) or unavailable (503) request.
    pub max_retries: u32,
    /// Longest wait before a retry, whatever Retry-After says.
    pub max_retry_wait: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Longest wait for one attempt of one request; a timed-out attempt is retried.
    pub timeout: Duration,
    pub observer: Option<Arc<dyn CallObserver>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            graph_url: "https://graph.microsoft.com".into(),
            arm_url: "https://management.azure.com".into(),
            tenant: None,
            subscriptions: Vec::new(),
            max_retries: 4,
            max_retry_wait: Duration::from_secs(60),
            concurrency: 4,
            timeout: crate::providers::DEFAULT_TIMEOUT,
            observer: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Normalize(#[from] NormalizeError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// A request that did not give data.
#[derive(Debug, Clone)]
struct Failure {
    class: ErrorClass,
    /// The Graph/ARM error code, when the body had one.
    code: Option<String>,
    /// The token could not be had at all (every request would fail alike).
    token: bool,
}

struct Client {
    http: reqwest::Client,
    tokens: Arc<dyn TokenProvider>,
    log: CallLog,
    graph_url: String,
    arm_url: String,
    max_retries: u32,
    max_retry_wait: Duration,
    /// Also bounds getting a token: a credential whose token endpoint never answers (or that
    /// retries a refused one for minutes) must not hang the scan.
    timeout: Duration,
}

impl Client {
    /// A token for `api`, within the timeout.
    async fn token(&self, api: Api) -> Result<String, TokenError> {
        let scope = self.scope(api);
        match tokio::time::timeout(self.timeout, self.tokens.token(&scope)).await {
            Ok(r) => r,
            Err(_) => Err(TokenError {
                scope,
                message: format!("no token within {} s", self.timeout.as_secs()),
            }),
        }
    }

    fn base(&self, api: Api) -> &str {
        match api {
            Api::Graph => &self.graph_url,
            Api::Arm => &self.arm_url,
        }
    }

    fn scope(&self, api: Api) -> String {
        format!("{}/.default", self.base(api))
    }

    /// One GET, retried on 429/503.
    async fn get(&self, op: &'static str, api: Api, url: &str) -> Result<Value, Failure> {
        debug_assert!(super::permissions::is_read_only("GET", op), "{op}");
        let token = self.token(api).await.map_err(|e| Failure {
            class: ErrorClass {
                kind: UnavailableKind::Error,
                message: e.to_string(),
            },
            token: true,
            code: None,
        })?;
        let started = self.log.started(op);
        let mut attempt = 0u32;
        loop {
            // One attempt: the status, its Retry-After and the whole body, or why it failed on
            // the way (refused, reset, timed out, cut short) — transient, so retried like a 503.
            let answer = async {
                let resp = self
                    .http
                    .get(url)
                    .bearer_auth(&token)
                    .header("Accept", "application/json")
                    .send()
                    .await
                    .map_err(|e| format!("request failed: {}", e.without_url()))?;
                let status = resp.status().as_u16();
                let retry_after = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let body = resp.bytes().await.map_err(|e| {
                    format!(
                        "HTTP {status}: the answer was cut short: {}",
                        e.without_url()
                    )
                })?;
                Ok::<_, String>((status, retry_after, body))
            }
            .await;
            let backoff = Duration::from_millis(500 << attempt.min(6)).min(self.max_retry_wait);
            let (status, body) = match answer {
                Err(_) if attempt < self.max_retries => {
                    attempt += 1;
                    tokio::time::sleep(backoff).await;
                    continue;
                }
                Err(message) => {
                    self.log.finished(op, None, started);
                    return Err(Failure {
                        class: classify(None, Some(&message), None),
                        token: false,
                        code: None,
                    });
                }
                // Throttled or briefly unavailable (Graph and ARM name 429, 503 and 504;
                // 502 is a gateway's): wait as told, else back off.
                Ok((status, retry_after, _))
                    if matches!(status, 429 | 502 | 503 | 504) && attempt < self.max_retries =>
                {
                    attempt += 1;
                    tokio::time::sleep(retry_after.unwrap_or(backoff).min(self.max_retry_wait))
                        .await;
                    continue;
                }
                Ok((status, _, body)) => (status, body),
            };
            self.log.finished(op, Some(status), started);
            if (200..300).contains(&status) {
                return serde_json::from_slice(&body).map_err(|e| Failure {
                    class: ErrorClass {
                        kind: UnavailableKind::Error,
                        message: format!("HTTP {status}: response is not JSON: {e}"),
                    },
                    token: false,
                    code: None,
                });
            }
            let parsed: Option<super::raw::ErrorBody> = serde_json::from_slice(&body).ok();
            let (code, message) = match &parsed {
                Some(b) => (b.error.code.as_deref(), b.error.message.as_deref()),
                None => (None, None),
            };
            let mut class = classify(code, message, Some(status));
            if code.is_none() {
                class.message = format!("HTTP {status}");
            }
            return Err(Failure {
                class,
                token: false,
                code: code.map(str::to_string),
            });
        }
    }

    /// Every item of a collection (all pages), or the entity; the `@odata.context` of the first
    /// page.
    async fn get_all(
        &self,
        kind: Kind,
        url: String,
    ) -> Result<(Vec<Value>, Option<String>), Failure> {
        let ep = endpoints::endpoint(kind);
        let next_key = match ep.api {
            Api::Graph => "@odata.nextLink",
            Api::Arm => "nextLink",
        };
        let mut items = Vec::new();
        let mut context = None;
        let mut url = url;
        let mut seen = std::collections::BTreeSet::new();
        loop {
            let page = self.get(ep.op, ep.api, &url).await?;
            if context.is_none() {
                context = page
                    .get("@odata.context")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            match ep.shape {
                Shape::Entity => return Ok((vec![page], context)),
                Shape::Collection => match page.get("value") {
                    Some(Value::Array(a)) => items.extend(a.iter().cloned()),
                    _ => {
                        return Err(Failure {
                            class: ErrorClass {
                                kind: UnavailableKind::Error,
                                message: format!("{}: response without a `value` array", ep.op),
                            },
                            token: false,
                            code: None,
                        })
                    }
                },
            }
            match page.get(next_key).and_then(Value::as_str) {
                Some(next) if seen.insert(next.to_string()) => url = next.to_string(),
                Some(next) => {
                    return Err(Failure {
                        class: ErrorClass {
                            kind: UnavailableKind::Error,
                            message: format!("{}: the next link repeats ({next})", ep.op),
                        },
                        token: false,
                        code: None,
                    })
                }
                None => return Ok((items, context)),
            }
        }
    }

    fn url(&self, kind: Kind, select: &str, id: &str) -> String {
        let ep = endpoints::endpoint(kind);
        format!(
            "{}{}",
            self.base(ep.api).trim_end_matches('/'),
            ep.path.replace("{select}", select).replace("{id}", id)
        )
    }
}

/// Values → typed input; a response that does not have the documented shape is an error.
fn typed<T: DeserializeOwned>(op: &'static str, r: Result<Vec<Value>, Failure>) -> Input<Vec<T>> {
    match r {
        Ok(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.into_iter().enumerate() {
                match serde_path_to_error::deserialize::<_, T>(v) {
                    Ok(x) => out.push(x),
                    Err(e) => {
                        let path = e.path().to_string();
                        return failed(
                            op,
                            UnavailableKind::Error,
                            format!(
                                "malformed response: value[{i}].{path}: {}",
                                crate::model::strip_position(&e.into_inner().to_string())
                            ),
                        );
                    }
                }
            }
            Input::present(op, out)
        }
        Err(f) => failed(op, f.class.kind, f.class.message),
    }
}

fn first<T>(i: Input<Vec<T>>) -> Input<T> {
    match i {
        Input::Present { source, data } => match data.into_iter().next() {
            Some(x) => Input::present(source, x),
            None => failed(&source, UnavailableKind::Error, "empty response".into()),
        },
        Input::Missing { message } => Input::Missing { message },
        Input::Failed { source, reason } => Input::Failed { source, reason },
    }
}

/// A live collection's snapshot, and what it could not cover (for the CLI to say).
#[derive(Debug)]
pub struct Collected {
    pub snapshot: Snapshot,
    pub warnings: Vec<String>,
}

/// Collects the tenant the token is for, and its subscriptions' role assignments.
pub async fn collect(
    opts: &Options,
    tokens: Arc<dyn TokenProvider>,
) -> Result<Collected, CollectError> {
    let http = reqwest::Client::builder()
        .user_agent(concat!("idgauge/", env!("CARGO_PKG_VERSION")))
        .timeout(opts.timeout)
        .build()
        .map_err(|e| CollectError::Client(e.to_string()))?;
    let log = CallLog::new(opts.observer.clone());
    let c = Client {
        http,
        tokens,
        log: log.clone(),
        graph_url: opts.graph_url.trim_end_matches('/').to_string(),
        arm_url: opts.arm_url.trim_end_matches('/').to_string(),
        max_retries: opts.max_retries,
        max_retry_wait: opts.max_retry_wait,
        timeout: opts.timeout,
    };
    let concurrency = opts.concurrency.max(1);
    // One Graph token before the fan-out: a credential that cannot sign in is one clear error,
    // not a dozen requests each waiting out the timeout.
    c.token(Api::Graph).await?;

    // Everything but the users (which may need a second request) and the per-app jobs.
    let kinds = [
        Kind::Organization,
        Kind::Registration,
        Kind::SecurityDefaults,
        Kind::CaPolicies,
        Kind::AuthMethodsPolicy,
        Kind::AuthStrengths,
        Kind::NamedLocations,
        Kind::RiskyUsers,
        Kind::RoleAssignments,
        Kind::RoleEligibility,
        Kind::ServicePrincipals,
        Kind::AuthorizationPolicy,
        Kind::CrossTenantDefault,
        Kind::CrossTenantPartners,
        Kind::AccessReviews,
        Kind::DiagnosticSettings,
    ];
    let users = async {
        let r = c
            .get_all(Kind::Users, c.url(Kind::Users, endpoints::USER_SELECT, ""))
            .await;
        match r {
            Err(f) if f.class.kind == UnavailableKind::NotLicensed => {
                let sign_in = failed(
                    "graph:users.signInActivity",
                    UnavailableKind::NotLicensed,
                    f.class.message.clone(),
                );
                let again = c
                    .get_all(
                        Kind::Users,
                        c.url(Kind::Users, endpoints::USER_SELECT_UNLICENSED, ""),
                    )
                    .await
                    .map(|x| x.0);
                (again, sign_in)
            }
            Ok((items, _)) => (Ok(items), Input::present("graph:users", ())),
            // Without the users there is no sign-in activity either, for the same reason.
            Err(f) => {
                let sign_in = failed(
                    "graph:users.signInActivity",
                    f.class.kind,
                    f.class.message.clone(),
                );
                (Err(f), sign_in)
            }
        }
    };
    // The users' pages run beside the others: one slot of `concurrency` is theirs.
    let others = stream::iter(kinds)
        .map(|k| {
            let c = &c;
            async move { (k, c.get_all(k, c.url(k, "", "")).await.map(|x| x.0)) }
        })
        .buffer_unordered(concurrency.saturating_sub(1).max(1))
        .collect::<Vec<_>>();
    let ((users, sign_in), others) = futures::join!(users, others);

    let mut results: std::collections::BTreeMap<Kind, Result<Vec<Value>, Failure>> =
        others.into_iter().collect();
    if let Some(Err(f)) = results.get(&Kind::Organization) {
        if f.token {
            return Err(CollectError::Token(TokenError {
                scope: c.scope(Api::Graph),
                message: f.class.message.clone(),
            }));
        }
    }
    let mut take = |k: Kind| {
        results.remove(&k).unwrap_or_else(|| {
            Err(Failure {
                class: ErrorClass {
                    kind: UnavailableKind::NotCollected,
                    message: "not requested".into(),
                },
                token: false,
                code: None,
            })
        })
    };
    let op = |k: Kind| endpoints::endpoint(k).op;
    let mut raw = RawTenant {
        organization: first(typed(op(Kind::Organization), take(Kind::Organization))),
        users: typed(op(Kind::Users), users),
        sign_in_activity: sign_in,
        registration: typed(op(Kind::Registration), take(Kind::Registration)),
        security_defaults: first(typed(
            op(Kind::SecurityDefaults),
            take(Kind::SecurityDefaults),
        )),
        ca_policies: typed(op(Kind::CaPolicies), take(Kind::CaPolicies)),
        auth_methods_policy: first(typed(
            op(Kind::AuthMethodsPolicy),
            take(Kind::AuthMethodsPolicy),
        )),
        auth_strengths: typed(op(Kind::AuthStrengths), take(Kind::AuthStrengths)),
        named_locations: typed(op(Kind::NamedLocations), take(Kind::NamedLocations)),
        risky_users: typed(op(Kind::RiskyUsers), take(Kind::RiskyUsers)),
        role_assignments: typed(op(Kind::RoleAssignments), take(Kind::RoleAssignments)),
        role_eligibility: typed(op(Kind::RoleEligibility), take(Kind::RoleEligibility)),
        service_principals: typed(op(Kind::ServicePrincipals), take(Kind::ServicePrincipals)),
        sync_jobs: Default::default(),
        authorization_policy: first(typed(
            op(Kind::AuthorizationPolicy),
            take(Kind::AuthorizationPolicy),
        )),
        cross_tenant_default: first(typed(
            op(Kind::CrossTenantDefault),
            take(Kind::CrossTenantDefault),
        )),
        cross_tenant_partners: typed(
            op(Kind::CrossTenantPartners),
            take(Kind::CrossTenantPartners),
        ),
        access_reviews: typed(op(Kind::AccessReviews), take(Kind::AccessReviews)),
        diagnostic_settings: typed(op(Kind::DiagnosticSettings), take(Kind::DiagnosticSettings)),
        rbac: Default::default(),
        subscription_names: Default::default(),
        sentinel_rules: Default::default(),
        query_rules: Default::default(),
        rbac_eligibility: Default::default(),
        rbac_instances: Default::default(),
    };
    let mut warnings = Vec::new();

    // The subscriptions: those asked for, else every enabled one of this tenant.
    let mut subs: Vec<String> = opts
        .subscriptions
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    {
        let listed = c
            .get_all(Kind::Subscriptions, c.url(Kind::Subscriptions, "", ""))
            .await
            .map(|x| x.0);
        let tenant = raw.organization.data().map(|o| o.id.to_ascii_lowercase());
        match typed::<super::raw::Subscription>(op(Kind::Subscriptions), listed) {
            Input::Present { data, .. } => {
                for s in data {
                    let id = s.subscription_id.to_ascii_lowercase();
                    if let Some(n) = &s.display_name {
                        raw.subscription_names.insert(id.clone(), n.clone());
                    }
                    let ours = match (&tenant, &s.tenant_id) {
                        (Some(t), Some(st)) => st.eq_ignore_ascii_case(t),
                        _ => true,
                    };
                    let enabled = s.state.as_deref().is_none_or(|st| st == "Enabled");
                    if opts.subscriptions.is_empty() && ours && enabled {
                        subs.push(id);
                    }
                }
            }
            Input::Failed { reason, .. } if opts.subscriptions.is_empty() => warnings.push(
                format!(
                    "subscriptions could not be listed ({}): no subscription was assessed; name them with --subscription",
                    reason.message
                ),
            ),
            _ => {}
        }
    }
    subs.sort();
    subs.dedup();
    // Per subscription: its role assignments, and PIM for Azure resources (which of them are
    // standing, activated or time-bound, and who is eligible).
    let per_sub: Vec<(Kind, String)> = subs
        .iter()
        .flat_map(|id| {
            [
                Kind::ArmRoleAssignments,
                Kind::ArmRoleAssignmentInstances,
                Kind::ArmRoleEligibility,
            ]
            .map(|k| (k, id.clone()))
        })
        .collect();
    let rbac = stream::iter(per_sub)
        .map(|(kind, id)| {
            let c = &c;
            async move {
                let r = c.get_all(kind, c.url(kind, "", &id)).await.map(|x| x.0);
                (kind, id, r)
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await;
    for (kind, id, r) in rbac {
        match kind {
            Kind::ArmRoleAssignments => {
                raw.rbac.insert(id, typed(op(kind), r));
            }
            Kind::ArmRoleAssignmentInstances => {
                raw.rbac_instances.insert(id, typed(op(kind), r));
            }
            _ => {
                raw.rbac_eligibility.insert(id, typed(op(kind), r));
            }
        }
    }

    // Alert rules where SignInLogs land: each workspace's Sentinel analytics rules, and the log
    // search alerts of each workspace's subscription.
    let workspaces = raw
        .diagnostic_settings
        .data()
        .map(|d| normalize::sign_in_workspaces(d))
        .unwrap_or_default();
    let mut alert_subs: Vec<String> = workspaces
        .iter()
        .filter_map(|w| super::raw::subscription_of(w))
        .collect();
    alert_subs.sort();
    alert_subs.dedup();
    let sentinel = stream::iter(workspaces)
        .map(|ws| {
            let c = &c;
            async move {
                let r = c
                    .get_all(
                        Kind::SentinelAlertRules,
                        c.url(Kind::SentinelAlertRules, "", &ws),
                    )
                    .await
                    .map(|x| x.0);
                (ws, r)
            }
        })
        .buffer_unordered(concurrency);
    let queries = stream::iter(alert_subs)
        .map(|sub| {
            let c = &c;
            async move {
                let r = c
                    .get_all(
                        Kind::ScheduledQueryRules,
                        c.url(Kind::ScheduledQueryRules, "", &sub),
                    )
                    .await
                    .map(|x| x.0);
                (sub, r)
            }
        })
        .buffer_unordered(concurrency);
    let (sentinel, queries) =
        futures::join!(sentinel.collect::<Vec<_>>(), queries.collect::<Vec<_>>());
    for (ws, r) in sentinel {
        let input = match r {
            Err(f) if normalize::sentinel_not_onboarded(f.code.as_deref()) => Input::present(
                format!(
                    "{} (not onboarded to Sentinel: {})",
                    op(Kind::SentinelAlertRules),
                    f.class.message
                ),
                Vec::new(),
            ),
            r => typed(op(Kind::SentinelAlertRules), r),
        };
        raw.sentinel_rules.insert(ws, input);
    }
    for (sub, r) in queries {
        raw.query_rules
            .insert(sub, typed(op(Kind::ScheduledQueryRules), r));
    }

    // The provisioning jobs of the SSO apps.
    let sso: Vec<String> = raw
        .service_principals
        .data()
        .map(|sps| {
            sps.iter()
                .filter(|sp| normalize::is_sso_app(sp))
                .map(|sp| sp.id.clone())
                .collect()
        })
        .unwrap_or_default();
    let jobs = stream::iter(sso)
        .map(|id| {
            let c = &c;
            async move {
                let r = c
                    .get_all(Kind::SyncJobs, c.url(Kind::SyncJobs, "", &id))
                    .await
                    .map(|x| x.0);
                (id, r)
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await;
    for (id, r) in jobs {
        raw.sync_jobs.insert(id, typed(op(Kind::SyncJobs), r));
    }

    let at = Utc::now().trunc_subsecs(0);
    let scopes = normalize::normalize(&raw, at, opts.tenant.as_deref())?;
    Ok(Collected {
        snapshot: envelope::snapshot(
            Mode::Live,
            at,
            scopes,
            CollectionMeta {
                api_calls: log.api_calls(),
                inputs: Vec::new(),
                regions: Vec::new(),
            },
        ),
        warnings,
    })
}

/// [`collect`] on a runtime of its own, for the synchronous CLI.
pub fn collect_blocking(
    opts: &Options,
    tokens: Arc<dyn TokenProvider>,
) -> Result<Collected, CollectError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(CollectError::Runtime)?
        .block_on(collect(opts, tokens))
}
