//! Live AWS collector (feature `aws-live`): reads one account through the AWS SDK, fills a
//! [`RawAccount`] with the same raw types the export importer uses and hands it to
//! [`normalize::normalize`], so live and offline snapshots are built by the same code.
//!
//! Read-only by construction: the only operations issued are [`ALLOWED_OPERATIONS`]
//! (`Get*`, `List*`, `Describe*` and `iam:GenerateCredentialReport`). Every operation the SDK
//! executes is counted by an interceptor into `collection.api_calls` (`service:Operation` →
//! count), so the snapshot itself proves what was called.
//!
//! What is read: STS, IAM (authorization details, credential report, summary, password policy,
//! SAML/OIDC providers, virtual MFA devices, aliases), and in the configured region CloudTrail,
//! IAM Identity Center (instances, permission sets, this account's assignments) and its identity
//! store (users, groups), CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules and
//! their targets, GuardDuty detectors and Access Analyzer analyzers; Organizations (the
//! organization, its SCPs with content and targets). Independent service groups run concurrently,
//! per-entity calls (trails, permission sets, policies, rules, detectors) at most 4 at a time.
//!
//! Errors: `AccessDenied*` (and `AccountNotManagementOrDelegatedAdministratorException`) makes
//! the input `Failed` with kind `access_denied`; `*NotInUse*`/`*NotEnabled*` kind `not_in_use`;
//! throttling and 5xx are retried by the SDK's standard retry strategy (5 attempts); any other
//! error (an operation the endpoint does not implement) is `Failed` with kind `error` —
//! unavailable, never empty. `AWSOrganizationsNotInUseException` is not an error: the account is
//! standalone. `iam:ListMFADevices` is not read (it is not in the allow-list).
//!
//! `--org` ([`OrgOptions`]) adds [`ORG_OPERATIONS`]: `organizations:ListAccounts` and
//! `sts:AssumeRole` into each other active account, whose collection is the single-account one
//! with the role's credentials; an account that cannot be assumed or read becomes a scope whose
//! every section is unavailable, and a warning.

use super::normalize::{self, api, Input, RawAccount};
use super::raw;
use crate::model::{
    CollectionMeta, Provider, Scope, ScopeKind, Section, Sections, Snapshot, Unavailable,
    UnavailableKind,
};
use crate::providers::envelope::{self, Mode};
use aws_sdk_iam::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use chrono::{DateTime, SubsecRound, Utc};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The allow-list every issued operation is checked against lives with the IAM policy it
/// generates, so the two cannot drift apart.
pub use super::permissions::{is_read_only, OPERATIONS as ALLOWED_OPERATIONS, ORG_OPERATIONS};

/// Where and as whom to collect. Unset fields fall back to the standard aws-config chain
/// (environment, shared config/credentials files, SSO, IMDS; `AWS_ENDPOINT_URL`).
#[derive(Clone, Default)]
pub struct Options {
    pub profile: Option<String>,
    /// Regions to collect regional services in (`--region`, repeatable); empty: every region
    /// the account has enabled. The first one also signs the global services' calls.
    pub regions: Vec<String>,
    pub endpoint_url: Option<String>,
    /// Told about every finished operation (progress display, `-v` logging).
    pub observer: Option<Arc<dyn CallObserver>>,
    /// `--org`: every active account of the caller's organization.
    pub org: Option<OrgOptions>,
    /// Longest wait for one attempt of one call (connect, send, answer); a hung attempt is
    /// abandoned and retried like a throttled one. `None`: [`DEFAULT_TIMEOUT`].
    pub timeout: Option<std::time::Duration>,
}

/// The per-attempt timeout when none is given (`--timeout`).
pub use crate::providers::DEFAULT_TIMEOUT;

/// `--org` from the management or a delegated-administrator account: list the member accounts
/// (`organizations:ListAccounts`), assume `assume_role` in each other account
/// (`sts:AssumeRole`, session name `idgauge`) and collect it; the caller's own account is
/// collected with the caller's credentials.
#[derive(Debug, Clone)]
pub struct OrgOptions {
    pub assume_role: String,
    /// Accounts collected at the same time (at least 1).
    pub concurrency: usize,
}

/// A snapshot and what went wrong on the way without sinking it (one line per account that
/// could not be collected).
#[derive(Debug)]
pub struct Collected {
    pub snapshot: Snapshot,
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("profile", &self.profile)
            .field("regions", &self.regions)
            .field("endpoint_url", &self.endpoint_url)
            .field("org", &self.org)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

use crate::providers::observer::CallLog;

// Per-service live calls; this module keeps the orchestration (clients, regions, org fan-out).
use super::alerting::collect::*;
use super::cloudtrail::collect::*;
use super::detection::collect::*;
use super::iam::collect::*;
use super::identity_center::collect::*;
use super::organizations::collect::*;
pub use crate::providers::observer::CallObserver;

/// When an operation started, kept in the operation's config bag between the two hooks.
#[derive(Debug, Clone)]
struct CallStart(std::time::Instant, String);

impl Storable for CallStart {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Normalize(#[from] normalize::NormalizeError),
    /// `--org` cannot start: the organization or its accounts cannot be read.
    #[error("--org: {0}")]
    Organization(String),
}

/// Counts every operation executed by the clients it is attached to, and reports each one's
/// outcome and latency to the observer (through the provider-neutral [`CallLog`]).
#[derive(Clone, Debug, Default)]
struct Recorder(CallLog);

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "idgauge-api-call-recorder"
    }

    // Once per operation (not per retry attempt). `read_before_execution` runs before the
    // operation's config layer (which holds its `Metadata`) is applied, so it cannot name it.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = match cfg.load::<Metadata>() {
            Some(m) => format!("{}:{}", iam_prefix(m.service()), m.name()),
            None => "unknown:unknown".to_string(),
        };
        let started = self.0.started(&op);
        if self.0.observed() {
            cfg.interceptor_state().store_put(CallStart(started, op));
        }
        Ok(())
    }

    // Once per operation, after the last attempt: latency includes retries and backoff.
    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(start) = cfg.load::<CallStart>() {
            let status = context.response().map(|r| r.status().as_u16());
            self.0.finished(&start.1, status, start.0);
        }
        Ok(())
    }
}

/// The IAM action prefix (as in a policy's `Action`) of an SDK service name from operation
/// metadata ("SSO Admin" → `sso`, "CloudWatch Logs" → `logs`).
fn iam_prefix(sdk_service: &str) -> String {
    match sdk_service.to_ascii_lowercase().as_str() {
        "sso admin" => "sso".to_string(),
        "cloudwatch logs" => "logs".to_string(),
        "eventbridge" => "events".to_string(),
        "accessanalyzer" => "access-analyzer".to_string(),
        "directory service" => "ds".to_string(),
        other => other.replace(' ', "-"),
    }
}

/// An SDK client built from the shared config with the call recorder attached, optionally for
/// another region.
macro_rules! client {
    ($krate:ident, $sdk:expr, $recorder:expr) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($sdk)
                .interceptor($recorder.clone())
                .retry_classifier(NotFromAws)
                .build(),
        )
    };
    ($krate:ident, $sdk:expr, $recorder:expr, $region:expr) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($sdk)
                .region($region)
                .interceptor($recorder.clone())
                .retry_classifier(NotFromAws)
                .build(),
        )
    };
}

/// Forbids retrying a 500/501 that no AWS service sent. Every AWS response, errors included,
/// carries a request id header; a 500 without one is an endpoint that does not implement the
/// operation (an emulator's error page) or a misconfigured proxy, and retrying it five times with
/// backoff only adds seconds. AWS's own 5xx, gateway errors (502/503/504) and throttling keep the
/// standard retries.
#[derive(Debug)]
struct NotFromAws;

impl aws_smithy_runtime_api::client::retries::classifiers::ClassifyRetry for NotFromAws {
    fn classify_retry(
        &self,
        ctx: &aws_smithy_runtime_api::client::interceptors::context::InterceptorContext,
    ) -> aws_smithy_runtime_api::client::retries::classifiers::RetryAction {
        use aws_smithy_runtime_api::client::retries::classifiers::RetryAction;
        let Some(resp) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let from_aws = ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
            .iter()
            .any(|h| headers.contains_key(*h));
        if matches!(status, 500 | 501) && !from_aws {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "idgauge: 5xx not from AWS"
    }
}

/// The clients of the regional services, for one region.
struct Regional {
    ct: aws_sdk_cloudtrail::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    cw: aws_sdk_cloudwatch::Client,
    events: aws_sdk_eventbridge::Client,
    gd: aws_sdk_guardduty::Client,
    aa: aws_sdk_accessanalyzer::Client,
    sso: aws_sdk_ssoadmin::Client,
    ids: aws_sdk_identitystore::Client,
    ds: aws_sdk_directory::Client,
}

impl Regional {
    fn new(
        sdk: &aws_config::SdkConfig,
        region: Option<aws_config::Region>,
        recorder: &Recorder,
    ) -> Self {
        Regional {
            ct: client!(aws_sdk_cloudtrail, sdk, recorder, region.clone()),
            logs: client!(aws_sdk_cloudwatchlogs, sdk, recorder, region.clone()),
            cw: client!(aws_sdk_cloudwatch, sdk, recorder, region.clone()),
            events: client!(aws_sdk_eventbridge, sdk, recorder, region.clone()),
            gd: client!(aws_sdk_guardduty, sdk, recorder, region.clone()),
            aa: client!(aws_sdk_accessanalyzer, sdk, recorder, region.clone()),
            sso: client!(aws_sdk_ssoadmin, sdk, recorder, region.clone()),
            ids: client!(aws_sdk_identitystore, sdk, recorder, region.clone()),
            ds: client!(aws_sdk_directory, sdk, recorder, region),
        }
    }
}

/// Collects one account (or with `opts.org` the organization) on a fresh multi-threaded runtime.
pub fn collect_blocking(opts: &Options) -> Result<Collected, CollectError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CollectError::Runtime)?;
    rt.block_on(collect(opts))
}

/// Collects one account (its `aws:account:<id>` scope, and its organization's scope), or with
/// `opts.org` every active account of the organization.
pub async fn collect(opts: &Options) -> Result<Collected, CollectError> {
    let sdk = load_sdk(opts).await;
    let recorder = Recorder(CallLog::new(opts.observer.clone()));
    let (scopes, collected_at, regions, warnings) = match &opts.org {
        None => {
            let c = collect_account(&sdk, &recorder, &opts.regions, OrgRead::none()).await?;
            (c.scopes, c.collected_at, c.regions, c.warnings)
        }
        Some(org) => collect_organization(&sdk, &recorder, &opts.regions, org).await?,
    };
    let collection = CollectionMeta {
        api_calls: recorder.0.api_calls(),
        inputs: Vec::new(),
        regions,
    };
    Ok(Collected {
        snapshot: envelope::snapshot(Mode::Live, collected_at, scopes, collection),
        warnings,
    })
}

/// The shared SDK configuration: credential chain, region, endpoint, standard retries.
async fn load_sdk(opts: &Options) -> aws_config::SdkConfig {
    let attempt = opts.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(5))
        // Without these the SDK waits forever on a connection that accepts and never answers.
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(attempt)
                .operation_attempt_timeout(attempt)
                .build(),
        );
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = opts.regions.first() {
        loader = loader.region(aws_config::Region::new(r.clone()));
    } else {
        // Global services still need a signing region when the chain names none.
        loader = loader.region(
            aws_config::meta::region::RegionProviderChain::default_provider().or_else("us-east-1"),
        );
    }
    if let Some(e) = &opts.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    loader.load().await
}

/// The regions AWS enables by default in the commercial partition: what is collected when
/// `account:ListRegions` cannot say which regions the account has enabled.
const DEFAULT_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Regions collected at the same time (each issues about seven list calls at once).
const REGION_CONCURRENCY: usize = 6;

/// Which regions to collect the regional services in: `--region` values as given, else every
/// region the account has enabled (`account:ListRegions`). When that list cannot be read, the
/// regions enabled by default (and a warning: opt-in regions are then not covered).
async fn regions_to_collect(
    sdk: &aws_config::SdkConfig,
    recorder: &Recorder,
    explicit: &[String],
) -> (Vec<String>, Option<String>) {
    if !explicit.is_empty() {
        let mut r = explicit.to_vec();
        r.sort();
        r.dedup();
        return (r, None);
    }
    let account = client!(aws_sdk_account, sdk, recorder);
    let listed: Result<Vec<_>, _> = account
        .list_regions()
        .region_opt_status_contains(aws_sdk_account::types::RegionOptStatus::Enabled)
        .region_opt_status_contains(aws_sdk_account::types::RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    match listed {
        Ok(list) => {
            let mut r: Vec<String> = list
                .iter()
                .filter_map(|r| r.region_name().map(str::to_string))
                .collect();
            r.sort();
            r.dedup();
            if r.is_empty() {
                // Never collect nothing: an empty answer is not a statement that no region
                // is enabled.
                r = default_regions(sdk);
            }
            (r, None)
        }
        Err(e) => {
            let r = default_regions(sdk);
            let why = unavailable(&e);
            let warning = format!(
                "account:ListRegions failed ({}: {}): collected the {} regions enabled by \
                 default; opt-in regions are not covered (name them with --region)",
                why.kind.as_str(),
                one_line(&why.message),
                r.len()
            );
            (r, Some(warning))
        }
    }
}

/// The default-enabled regions of the configured region's partition (outside the commercial
/// partition, just the configured region).
fn default_regions(sdk: &aws_config::SdkConfig) -> Vec<String> {
    match sdk.region().map(|r| r.as_ref().to_string()) {
        Some(r) if r.starts_with("us-gov-") || r.starts_with("cn-") || r.starts_with("us-iso") => {
            vec![r]
        }
        _ => DEFAULT_REGIONS.iter().map(|r| r.to_string()).collect(),
    }
}

/// Collapses an error message (possibly an unparsed response body) onto one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one region's regional services returned.
struct RegionInputs {
    region: String,
    trails: Input<Vec<raw::Trail>>,
    sso_instances: Input<Vec<raw::SsoInstance>>,
    metric_filters: Input<Vec<raw::MetricFilter>>,
    alarms: Input<Vec<raw::MetricAlarm>>,
    event_rules: Input<Vec<raw::EventRule>>,
    event_rule_targets: Input<BTreeMap<String, Vec<raw::EventTarget>>>,
    guardduty_detectors: Input<Vec<String>>,
    guardduty_detector_status: Input<BTreeMap<String, raw::GuardDutyDetector>>,
    analyzers: Input<Vec<raw::Analyzer>>,
    directories: Input<Vec<raw::DirectoryDescription>>,
}

impl RegionInputs {
    /// Every list call of the region was refused (a region an SCP or the caller's policy
    /// denies as a whole).
    fn all_denied(&self) -> bool {
        fn denied<T>(i: &Input<T>) -> bool {
            matches!(i, Input::Failed { reason, .. } if reason.kind == UnavailableKind::AccessDenied)
        }
        denied(&self.trails)
            && denied(&self.sso_instances)
            && denied(&self.metric_filters)
            && denied(&self.alarms)
            && denied(&self.event_rules)
            && denied(&self.guardduty_detectors)
            && denied(&self.analyzers)
            && denied(&self.directories)
    }
}

/// Separates regions where every call was refused from the rest — but only when some region
/// answered: when all are refused, the caller lacks the permissions, and the sections must
/// say so rather than vanish.
fn split_denied_regions(per_region: Vec<RegionInputs>) -> (Vec<RegionInputs>, Vec<String>) {
    let answered = per_region.iter().any(|r| !r.all_denied());
    let (skipped, kept): (Vec<RegionInputs>, Vec<RegionInputs>) = per_region
        .into_iter()
        .partition(|r| answered && r.all_denied());
    (kept, skipped.into_iter().map(|r| r.region).collect())
}

/// One region's list calls, concurrently.
async fn collect_region(r: &Regional, region: String) -> RegionInputs {
    let (
        trails,
        sso_instances,
        metric_filters,
        alarms,
        (event_rules, event_rule_targets),
        (guardduty_detectors, guardduty_detector_status),
        analyzers,
        directories,
    ) = tokio::join!(
        describe_trails(&r.ct),
        sso_instances(&r.sso),
        metric_filters(&r.logs, &region),
        alarms(&r.cw),
        event_rules(&r.events),
        guardduty(&r.gd, &region),
        analyzers(&r.aa),
        super::directory::collect::directories(&r.ds, &region),
    );
    RegionInputs {
        region,
        trails,
        sso_instances,
        metric_filters,
        alarms,
        event_rules,
        event_rule_targets,
        guardduty_detectors,
        guardduty_detector_status,
        analyzers,
        directories,
    }
}

/// One input merged over regions: present when every region's is (lists concatenated, maps
/// united); a region's failure fails the whole input and names the region, because what that
/// region holds (a disabled detector, a stopped trail) could change a rule's outcome.
fn merge_regions<C>(op: &str, parts: Vec<(&str, Input<C>)>) -> Input<C>
where
    C: Default + IntoIterator + Extend<<C as IntoIterator>::Item>,
{
    let mut out = C::default();
    let mut any_present = false;
    let mut issued = false;
    let mut missing = None;
    for (region, input) in parts {
        match input {
            Input::Present { data, source } => {
                any_present = true;
                issued |= !source.is_empty();
                out.extend(data);
            }
            Input::Failed { source, reason } => {
                return Input::Failed {
                    source,
                    reason: Unavailable {
                        kind: reason.kind,
                        message: format!("region {region}: {}", reason.message),
                    },
                }
            }
            Input::Missing { message } => missing = Some(message),
        }
    }
    match (any_present, missing) {
        (false, Some(message)) => Input::Missing { message },
        _ => Input::present(if issued { op } else { "" }, out),
    }
}

/// What `--org` read once in the caller's account and hands to every account's collection.
#[derive(Clone)]
struct OrgRead {
    /// The organization's account list (`organizations:ListAccounts`).
    accounts: Input<Vec<raw::OrgAccount>>,
    /// Every account's and OU's parents; `None`: read this account's own path.
    parents: Option<Input<BTreeMap<String, Vec<raw::Parent>>>>,
    /// The accounts whose Identity Center assignments an instance seen here is read for.
    assignment_accounts: Option<Vec<String>>,
}

impl OrgRead {
    /// A single-account scan: nothing read beforehand.
    fn none() -> Self {
        OrgRead {
            accounts: Input::Missing {
                message: "not read: organizations:ListAccounts is read only with --org".into(),
            },
            parents: None,
            assignment_accounts: None,
        }
    }
}

/// Collects the account `sdk`'s credentials belong to: its scopes (the account, and the
/// organization when it is in one), when they were read, the regions read, and warnings.
/// `org_read` is what `--org` read beforehand.
async fn collect_account(
    sdk: &aws_config::SdkConfig,
    recorder: &Recorder,
    explicit_regions: &[String],
    org_read: OrgRead,
) -> Result<AccountCollection, CollectError> {
    let OrgRead {
        accounts: organization_accounts,
        parents,
        assignment_accounts,
    } = org_read;
    // Global services.
    let iam = client!(aws_sdk_iam, sdk, recorder);
    let sts = client!(aws_sdk_sts, sdk, recorder);
    let org = client!(aws_sdk_organizations, sdk, recorder);
    let mut warnings = Vec::new();

    // Independent service groups run concurrently; each bounds its own per-entity fan-out.
    let iam_group = async {
        let (
            authorization_details,
            credential_report,
            account_summary,
            password_policy,
            saml_providers,
            oidc_providers,
            virtual_mfa_devices,
            account_aliases,
            listed_roles,
        ) = tokio::join!(
            authorization_details(&iam),
            credential_report(&iam),
            account_summary(&iam),
            password_policy(&iam),
            saml_providers(&iam),
            oidc_providers(&iam),
            virtual_mfa_devices(&iam),
            account_aliases(&iam),
            listed_roles(&iam),
        );
        // Only for users whose MFA the bulk calls leave unexplained.
        let mfa_devices = mfa_devices(&iam, &credential_report, &virtual_mfa_devices).await;
        (
            authorization_details,
            credential_report,
            account_summary,
            password_policy,
            saml_providers,
            oidc_providers,
            virtual_mfa_devices,
            mfa_devices,
            account_aliases,
            listed_roles,
        )
    };
    let regional_group = async {
        let (regions, warning) = regions_to_collect(sdk, recorder, explicit_regions).await;
        let clients: Vec<(String, Regional)> = regions
            .iter()
            .map(|r| {
                (
                    r.clone(),
                    Regional::new(sdk, Some(aws_config::Region::new(r.clone())), recorder),
                )
            })
            .collect();
        let mut per_region = futures::stream::iter(clients.iter())
            .map(|(name, r)| collect_region(r, name.clone()))
            .buffer_unordered(REGION_CONCURRENCY)
            .collect::<Vec<_>>()
            .await;
        per_region.sort_by(|a, b| a.region.cmp(&b.region));
        (clients, per_region, warning)
    };
    let ((iam_inputs, caller_identity, orgs), (clients, per_region, region_warning)) = tokio::join!(
        async { tokio::join!(iam_group, caller_identity(&sts), organizations(&org)) },
        regional_group,
    );
    let (
        authorization_details,
        credential_report,
        account_summary,
        password_policy,
        saml_providers,
        oidc_providers,
        virtual_mfa_devices,
        mfa_devices,
        account_aliases,
        listed_roles,
    ) = iam_inputs;
    warnings.extend(region_warning);

    // A region where every call was refused, while others answered, is a region the caller
    // may not use at all (typically an SCP region deny): skipped and said so, rather than
    // making every regional rule unknown.
    let (per_region, skipped) = split_denied_regions(per_region);
    if !skipped.is_empty() {
        warnings.push(format!(
            "regions skipped, every call denied: {} (a region deny in an SCP or the caller's \
             policy; name the allowed regions with --region to silence this)",
            skipped.join(", ")
        ));
    }
    let client_of = |region: &str| clients.iter().find(|(n, _)| n == region).map(|(_, c)| c);

    // Merge the regional lists. Trails: a multi-region trail is listed in every region, so
    // de-duplicate by ARN and read each trail's status once, in its home region.
    let mut trail_parts = Vec::new();
    let mut sso_parts = Vec::new();
    let mut filter_parts = Vec::new();
    let mut alarm_parts = Vec::new();
    let mut rule_parts = Vec::new();
    let mut target_parts = Vec::new();
    let mut detector_parts = Vec::new();
    let mut status_parts = Vec::new();
    let mut analyzer_parts = Vec::new();
    let mut directory_parts = Vec::new();
    // Each Identity Center instance's region, for the calls that follow.
    let mut instance_region: BTreeMap<String, String> = BTreeMap::new();
    for r in &per_region {
        if let Some(list) = r.sso_instances.data() {
            for i in list {
                instance_region.insert(i.instance_arn.clone(), r.region.clone());
            }
        }
    }
    let names: Vec<String> = per_region.iter().map(|r| r.region.clone()).collect();
    let guardduty_regions = Input::present(
        api::GUARDDUTY_DETECTORS,
        per_region
            .iter()
            .filter(|r| r.guardduty_detectors.data().is_some())
            .map(|r| r.region.clone())
            .collect::<Vec<_>>(),
    );
    for (r, n) in per_region.into_iter().zip(&names) {
        let n = n.as_str();
        trail_parts.push((n, r.trails));
        sso_parts.push((n, r.sso_instances));
        filter_parts.push((n, r.metric_filters));
        alarm_parts.push((n, r.alarms));
        rule_parts.push((n, r.event_rules));
        target_parts.push((n, r.event_rule_targets));
        detector_parts.push((n, r.guardduty_detectors));
        status_parts.push((n, r.guardduty_detector_status));
        analyzer_parts.push((n, r.analyzers));
        directory_parts.push((n, r.directories));
    }
    let mut trails = merge_regions(api::TRAILS, trail_parts);
    if let Input::Present { data, .. } = &mut trails {
        data.sort_by(|a: &raw::Trail, b| a.trail_arn.cmp(&b.trail_arn));
        data.dedup_by(|a, b| a.trail_arn == b.trail_arn);
    }
    let sso_instances = merge_regions(api::SSO_INSTANCES, sso_parts);
    let metric_filters = merge_regions(api::METRIC_FILTERS, filter_parts);
    let alarms = merge_regions(api::ALARMS, alarm_parts);
    let event_rules = merge_regions(api::EVENT_RULES, rule_parts);
    let event_rule_targets = merge_regions(api::EVENT_RULE_TARGETS, target_parts);
    let guardduty_detectors = merge_regions(api::GUARDDUTY_DETECTORS, detector_parts);
    let guardduty_detector_status = merge_regions(api::GUARDDUTY_DETECTOR, status_parts);
    let analyzers = merge_regions(api::ANALYZERS, analyzer_parts);
    let directories = merge_regions(api::DIRECTORIES, directory_parts);

    let fallback = clients.first().map(|(_, c)| c);
    let account = caller_identity.data().map(|c| c.account.clone());
    let ((trail_status, event_selectors), sso) = tokio::join!(
        trail_details(&trails, |home: Option<&str>| home
            .and_then(client_of)
            .or(fallback)
            .map(|c| &c.ct)),
        identity_center(
            sso_instances,
            account.as_deref(),
            assignment_accounts.as_deref(),
            |arn: &str| {
                instance_region
                    .get(arn)
                    .and_then(|r| client_of(r))
                    .map(|c| (&c.sso, &c.ids))
            }
        ),
    );
    // Where the account sits in its organization (which OUs' SCPs reach it): under `--org`
    // read once for every account; alone, its own path (a member may be refused).
    let org_parents = match parents {
        Some(p) => p,
        None => match (orgs.organization.data(), account.as_deref()) {
            (Some(normalize::OrganizationState::Member(o)), Some(a))
                if o.master_account_id.as_deref() != Some(a) =>
            {
                org_parents(&org, vec![a.to_string()]).await
            }
            _ => Input::Missing {
                message: "not read: not a member account of an organization".into(),
            },
        },
    };
    let collected_at = Utc::now().trunc_subsecs(0);

    let raw = RawAccount {
        caller_identity,
        account_aliases,
        listed_roles,
        authorization_details,
        credential_report,
        password_policy,
        account_summary,
        saml_providers,
        oidc_providers,
        virtual_mfa_devices,
        mfa_devices,
        trails,
        trail_status,
        event_selectors,
        sso_instances: sso.instances,
        permission_sets: sso.permission_sets,
        account_assignments: sso.assignments,
        identity_store_users: sso.users,
        identity_store_groups: sso.groups,
        identity_store_memberships: sso.memberships,
        assignment_accounts: assignment_accounts.clone(),
        organization: orgs.organization,
        // organizations:ListAccounts is an `--org` permission: without it the organization
        // section falls back to the members known for certain.
        organization_accounts,
        org_policies: orgs.policies,
        policy_contents: orgs.contents,
        policy_targets: orgs.targets,
        org_parents,
        metric_filters,
        alarms,
        event_rules,
        event_rule_targets,
        guardduty_detectors,
        guardduty_regions,
        guardduty_detector_status,
        analyzers,
        directories,
    };
    let scopes = normalize::normalize(&raw, collected_at)?;
    Ok(AccountCollection {
        scopes,
        collected_at,
        regions: names,
        warnings,
    })
}

/// One account's collection.
struct AccountCollection {
    scopes: Vec<Scope>,
    collected_at: DateTime<Utc>,
    /// Regions whose regional services were read.
    regions: Vec<String>,
    warnings: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// --org: every account of the organization

/// An account ListAccounts returned, as it is collected.
struct Member {
    account: raw::OrgAccount,
    active: bool,
}

/// `--org`: lists the organization's accounts, collects each active one (the caller's own with
/// the base credentials, the others through `org.assume_role`), `org.concurrency` at a time.
/// One account's failure never sinks the rest: it becomes an all-unavailable scope and a warning.
async fn collect_organization(
    sdk: &aws_config::SdkConfig,
    recorder: &Recorder,
    explicit_regions: &[String],
    org: &OrgOptions,
) -> Result<(Vec<Scope>, DateTime<Utc>, Vec<String>, Vec<String>), CollectError> {
    let sts = client!(aws_sdk_sts, sdk, recorder);
    let orgs = client!(aws_sdk_organizations, sdk, recorder);
    let caller = sts.get_caller_identity().send().await.map_err(|e| {
        CollectError::Organization(format!(
            "cannot identify the caller: {}",
            unavailable(&e).message
        ))
    })?;
    let own = caller.account().unwrap_or_default().to_string();
    let described = orgs.describe_organization().send().await.map_err(|e| {
        CollectError::Organization(format!(
            "cannot read the caller's organization: {}",
            unavailable(&e).message
        ))
    })?;
    let organization = described.organization();
    let org_id = organization.and_then(|o| o.id()).ok_or_else(|| {
        CollectError::Organization("DescribeOrganization returned no organization id".into())
    })?;
    let org_scope_id = format!("aws:organization:{org_id}");
    let management = organization
        .and_then(|o| o.master_account_id())
        .map(str::to_string);
    let members = list_accounts(&orgs).await.map_err(|e| {
        CollectError::Organization(format!(
            "cannot list the organization's accounts (run from the management or a \
             delegated-administrator account): {}",
            unavailable(&e).message
        ))
    })?;
    let ids: Vec<String> = members.iter().map(|m| m.account.id.clone()).collect();
    let listed = OrgRead {
        accounts: Input::present(
            api::ORG_ACCOUNTS,
            members
                .iter()
                .map(|m| m.account.clone())
                .collect::<Vec<_>>(),
        ),
        // Every account's place in the organization, read once here.
        parents: Some(org_parents(&orgs, ids.clone()).await),
        assignment_accounts: Some(ids),
    };

    // Each account's collection is folded into the result as soon as it ends, so what is held
    // at once is the accounts in flight plus what is kept (one scope per account, the best
    // organization scope): the organization scope every member's collection also produces,
    // with the whole account list and OU paths, is dropped at once rather than kept per member.
    let mut results = futures::stream::iter(members.into_iter().filter(|m| m.active))
        .map(|m| {
            let (sts, listed, own) = (&sts, listed.clone(), &own);
            async move {
                let result = if &m.account.id == own {
                    collect_account(sdk, recorder, explicit_regions, listed.clone())
                        .await
                        .map_err(|e| Unavailable {
                            kind: UnavailableKind::Error,
                            message: e.to_string(),
                        })
                } else {
                    match assume_role(sts, sdk, &m.account.id, &org.assume_role).await {
                        Ok(member_sdk) => {
                            collect_account(&member_sdk, recorder, explicit_regions, listed.clone())
                                .await
                                .map_err(|e| Unavailable {
                                    kind: UnavailableKind::Error,
                                    message: e.to_string(),
                                })
                        }
                        Err(reason) => Err(reason),
                    }
                };
                (m.account, result)
            }
        })
        .buffer_unordered(org.concurrency.max(1));

    let mut latest = Utc::now().trunc_subsecs(0);
    let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
    // The organization scope once: from the management account's collection, else the caller's,
    // else the lowest account id's (whatever order the accounts finish in).
    let mut org_scope: Option<((u8, String), Scope)> = None;
    let mut warnings = Vec::new();
    let mut regions = std::collections::BTreeSet::new();
    while let Some((account, result)) = results.next().await {
        match result {
            Ok(c) => {
                latest = latest.max(c.collected_at);
                regions.extend(c.regions);
                warnings.extend(
                    c.warnings
                        .into_iter()
                        .map(|w| format!("account {}: {w}", account.id)),
                );
                for mut scope in c.scopes {
                    if scope.kind == ScopeKind::Organization {
                        let rank = if management.as_deref() == Some(account.id.as_str()) {
                            0
                        } else if account.id == own {
                            1
                        } else {
                            2
                        };
                        let rank = (rank, account.id.clone());
                        if scope.id == org_scope_id
                            && org_scope.as_ref().is_none_or(|(r, _)| rank < *r)
                        {
                            org_scope = Some((rank, scope));
                        }
                    } else {
                        scope.parent = Some(org_scope_id.clone());
                        if scope.name.is_none() {
                            scope.name = account.name.clone();
                        }
                        scopes.insert(scope.id.clone(), scope);
                    }
                }
            }
            Err(reason) => {
                warnings.push(format!(
                    "account {}{}: not collected: {}",
                    account.id,
                    account
                        .name
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default(),
                    // One line, even when the message is an unparsed error body.
                    one_line(&reason.message)
                ));
                let scope = unavailable_account_scope(&account, &org_scope_id, reason);
                scopes.insert(scope.id.clone(), scope);
            }
        }
    }
    if let Some((_, scope)) = org_scope {
        scopes.insert(scope.id.clone(), scope);
    }
    warnings.sort();
    Ok((
        scopes.into_values().collect(),
        latest,
        regions.into_iter().collect(),
        warnings,
    ))
}

/// `organizations:ListAccounts`, every page.
async fn list_accounts(
    orgs: &aws_sdk_organizations::Client,
) -> Result<
    Vec<Member>,
    SdkError<aws_sdk_organizations::operation::list_accounts::ListAccountsError, HttpResponse>,
> {
    use aws_sdk_organizations::types::{AccountState, AccountStatus};
    let pages: Vec<_> = orgs
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await?;
    Ok(pages
        .iter()
        .flat_map(|p| p.accounts())
        .filter_map(|a| {
            // `State` replaces `Status` (retired in September 2026); either may be present.
            let active = match (a.state(), a.status()) {
                (Some(s), _) => *s == AccountState::Active,
                (None, Some(s)) => *s == AccountStatus::Active,
                (None, None) => true,
            };
            Some(Member {
                account: raw::OrgAccount {
                    id: a.id()?.to_string(),
                    name: a.name().map(str::to_string),
                    status: a
                        .state()
                        .map(|s| s.as_str().to_string())
                        .or_else(|| a.status().map(|s| s.as_str().to_string())),
                },
                active,
            })
        })
        .collect())
}

/// `sts:AssumeRole` into `role` of `account` (session name `idgauge`): the shared configuration
/// (endpoint, region, retries) with the role's temporary credentials.
async fn assume_role(
    sts: &aws_sdk_sts::Client,
    sdk: &aws_config::SdkConfig,
    account: &str,
    role: &str,
) -> Result<aws_config::SdkConfig, Unavailable> {
    use aws_sdk_sts::config::{Credentials, SharedCredentialsProvider};
    let arn = format!("arn:aws:iam::{account}:role/{role}");
    let fail = |mut reason: Unavailable| {
        reason.message = format!("sts:AssumeRole {arn} failed: {}", reason.message);
        reason
    };
    let out = sts
        .assume_role()
        .role_arn(&arn)
        .role_session_name("idgauge")
        .send()
        .await
        .map_err(|e| fail(unavailable(&e)))?;
    let c = out.credentials().ok_or_else(|| {
        fail(Unavailable {
            kind: UnavailableKind::Error,
            message: "no credentials in the response".to_string(),
        })
    })?;
    let expiry = std::time::SystemTime::try_from(*c.expiration()).ok();
    let credentials = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        expiry,
        "idgauge-assume-role",
    );
    Ok(sdk
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build())
}

/// An account `--org` could not collect: every section an account scope has is unavailable
/// with `reason`, so rules needing them are unknown and the account stays at level 1 with
/// "could not verify" reasons — never silently absent, never passing.
fn unavailable_account_scope(
    account: &raw::OrgAccount,
    org_scope_id: &str,
    reason: Unavailable,
) -> Scope {
    fn u<T>(reason: &Unavailable) -> Option<Section<T>> {
        Some(Section::Unavailable {
            source: "sts:AssumeRole".to_string(),
            reason: reason.clone(),
        })
    }
    let r = &reason;
    Scope {
        id: format!("aws:account:{}", account.id),
        provider: Provider::Aws,
        kind: ScopeKind::Account,
        name: account.name.clone(),
        parent: Some(org_scope_id.to_string()),
        sections: Sections {
            principals: u(r),
            groups: u(r),
            roles: u(r),
            root: u(r),
            password_policy: u(r),
            identity_providers: u(r),
            sso: u(r),
            directory_users: u(r),
            audit_logs: u(r),
            alerting: u(r),
            threat_detection: u(r),
            guardrails: u(r),
            access_analysis: u(r),
            directories: u(r),
            ..Sections::default()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and conversions

/// The read failed: classified by [`super::errors::classify`], as the importer classifies the
/// same codes in saved CLI errors.
pub(crate) fn failed<T, E>(op: &str, err: &SdkError<E, HttpResponse>) -> Input<T>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    Input::Failed {
        source: op.to_string(),
        reason: unavailable(err),
    }
}

/// Without an error code the best description is the body of a 403 (the status alone says the
/// caller was refused) or else the error's whole source chain.
pub(crate) fn unavailable<E>(err: &SdkError<E, HttpResponse>) -> Unavailable
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    let fallback = match (err.code(), status) {
        (Some(_), _) => None,
        (None, Some(403)) => Some(
            err.raw_response()
                .and_then(|r| r.body().bytes())
                .map(|b| {
                    String::from_utf8_lossy(b)
                        .chars()
                        .take(300)
                        .collect::<String>()
                })
                .unwrap_or_default(),
        ),
        (None, _) => Some(aws_smithy_types_display(err)),
    };
    super::errors::classify(err.code(), err.message().or(fallback.as_deref()), status)
        .unavailable(None)
}

fn aws_smithy_types_display<E, R>(err: &SdkError<E, R>) -> String
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    // The full source chain: "dispatch failure: io error: connection refused".
    let mut s = err.to_string();
    let mut src = std::error::Error::source(err);
    while let Some(e) = src {
        s.push_str(": ");
        s.push_str(&e.to_string());
        src = e.source();
    }
    s
}

pub(crate) fn time(t: Option<&aws_sdk_iam::primitives::DateTime>) -> Option<DateTime<Utc>> {
    t.and_then(|d| DateTime::from_timestamp(d.secs(), d.subsec_nanos()))
}

pub(crate) fn doc(text: Option<&str>) -> Option<raw::PolicyDocument> {
    text.and_then(|t| raw::PolicyDocument::from_text(t).ok())
}

/// Per-permission-set (and per-rule, per-policy, per-detector) calls in flight at once.
pub(crate) const FAN_OUT: usize = 4;

/// An input the account's state makes irrelevant (SCPs of an account outside any organization).
pub(crate) fn not_needed<T>() -> Input<T> {
    Input::Missing {
        message: "not read: the account is not in an organization".to_string(),
    }
}

/// The answer of a per-entity fan-out (a call per trail, rule, policy...): it names its
/// operation as its source only when the operation was issued at all, so a section's
/// provenance never claims a call that nothing needed (no trails, no groups).
pub(crate) fn fanned_out<T>(op: &'static str, issued: bool, data: T) -> Input<T> {
    Input::present(if issued { op } else { "" }, data)
}

pub(crate) fn failed_with<T>(op: &str, reason: &Unavailable) -> Input<T> {
    Input::Failed {
        source: op.to_string(),
        reason: reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An account `--org` could not assume into: the same sections as a collected account scope,
    /// every one unavailable naming the AssumeRole failure, and the verdict keeps it at level 1
    /// with "could not verify" reasons.
    #[test]
    fn an_account_that_cannot_be_assumed_is_unavailable_not_absent() {
        let reason = Unavailable {
            kind: UnavailableKind::AccessDenied,
            message: "sts:AssumeRole arn:aws:iam::210987654321:role/Audit failed: AccessDenied: \
                      not authorized"
                .to_string(),
        };
        let account = raw::OrgAccount {
            id: "210987654321".to_string(),
            name: Some("workload".to_string()),
            status: Some("ACTIVE".to_string()),
        };
        let scope = unavailable_account_scope(&account, "aws:organization:o-abc", reason.clone());
        assert_eq!(scope.id, "aws:account:210987654321");
        assert_eq!(scope.kind, ScopeKind::Account);
        assert_eq!(scope.name.as_deref(), Some("workload"));
        assert_eq!(scope.parent.as_deref(), Some("aws:organization:o-abc"));

        // The sections a collected account scope has, from the normalizer itself.
        let at = Utc::now().trunc_subsecs(0);
        let raw = RawAccount {
            caller_identity: Input::present(
                api::CALLER_IDENTITY,
                raw::CallerIdentity {
                    account: "123456789012".to_string(),
                    arn: None,
                    user_id: None,
                },
            ),
            ..RawAccount::default()
        };
        let collected = normalize::normalize(&raw, at).unwrap();
        let present = |s: &Scope| -> Vec<&str> {
            crate::model::SECTION_NAMES
                .iter()
                .copied()
                .filter(|n| s.sections.status(n).is_some_and(|st| st.source.is_some()))
                .collect()
        };
        assert_eq!(present(&scope), present(&collected[0]));
        for n in present(&scope) {
            let st = scope.sections.status(n).unwrap();
            assert_eq!(st.unavailable, Some(&reason), "{n}");
        }

        let snapshot = envelope::snapshot(Mode::Live, at, vec![scope], CollectionMeta::default());
        let snapshots = [snapshot];
        let rules = crate::engine::RuleSet::load(&[]).unwrap();
        let config = crate::config::Config::default();
        let results = crate::engine::evaluate(
            &snapshots,
            &rules,
            &crate::engine::EvalOptions {
                config: &config,
                today: at.date_naive(),
                jobs: 1,
            },
        )
        .unwrap();
        let verdict = crate::verdict::decide(&snapshots, &rules, &results);
        let v = &verdict.scopes[0];
        assert_eq!(v.level, 1);
        assert!(
            v.could_not_verify
                .iter()
                .any(|r| r.starts_with("could not verify level 2")),
            "{:?}",
            v.could_not_verify
        );
    }

    #[test]
    fn sdk_service_names_map_to_iam_action_prefixes() {
        for (sdk, prefix) in [
            ("IAM", "iam"),
            ("STS", "sts"),
            ("CloudTrail", "cloudtrail"),
            ("SSO Admin", "sso"),
            ("identitystore", "identitystore"),
            ("Organizations", "organizations"),
            ("CloudWatch Logs", "logs"),
            ("CloudWatch", "cloudwatch"),
            ("EventBridge", "events"),
            ("GuardDuty", "guardduty"),
            ("AccessAnalyzer", "access-analyzer"),
            ("Directory Service", "ds"),
        ] {
            assert_eq!(iam_prefix(sdk), prefix, "{sdk}");
            assert!(
                ALLOWED_OPERATIONS
                    .iter()
                    .any(|op| op.split_once(':').is_some_and(|(p, _)| p == prefix)),
                "no allowed operation with prefix {prefix}"
            );
        }
    }
}

#[cfg(test)]
mod region_tests {
    use super::*;

    fn denied<T>(op: &str) -> Input<T> {
        failed_with(
            op,
            &Unavailable {
                kind: UnavailableKind::AccessDenied,
                message: "explicit deny in a service control policy".into(),
            },
        )
    }

    fn region(name: &str, denied_all: bool) -> RegionInputs {
        let d = denied_all;
        RegionInputs {
            region: name.into(),
            trails: if d {
                denied(api::TRAILS)
            } else {
                Input::present(api::TRAILS, vec![])
            },
            sso_instances: if d {
                denied(api::SSO_INSTANCES)
            } else {
                Input::present(api::SSO_INSTANCES, vec![])
            },
            metric_filters: if d {
                denied(api::METRIC_FILTERS)
            } else {
                Input::present(api::METRIC_FILTERS, vec![])
            },
            alarms: if d {
                denied(api::ALARMS)
            } else {
                Input::present(api::ALARMS, vec![])
            },
            event_rules: if d {
                denied(api::EVENT_RULES)
            } else {
                Input::present(api::EVENT_RULES, vec![])
            },
            event_rule_targets: Input::present(api::EVENT_RULE_TARGETS, BTreeMap::new()),
            guardduty_detectors: if d {
                denied(api::GUARDDUTY_DETECTORS)
            } else {
                Input::present(api::GUARDDUTY_DETECTORS, vec![])
            },
            guardduty_detector_status: Input::present(api::GUARDDUTY_DETECTOR, BTreeMap::new()),
            analyzers: if d {
                denied(api::ANALYZERS)
            } else {
                Input::present(api::ANALYZERS, vec![])
            },
            directories: if d {
                denied(api::DIRECTORIES)
            } else {
                Input::present(api::DIRECTORIES, vec![])
            },
        }
    }

    #[test]
    fn a_region_denied_as_a_whole_is_skipped_only_when_another_answered() {
        let (kept, skipped) =
            split_denied_regions(vec![region("eu-west-1", false), region("ap-east-1", true)]);
        assert_eq!(skipped, ["ap-east-1"]);
        assert_eq!(kept.len(), 1);
        // Everything denied: a permissions problem, kept so the sections say access_denied.
        let (kept, skipped) =
            split_denied_regions(vec![region("eu-west-1", true), region("ap-east-1", true)]);
        assert!(skipped.is_empty());
        assert_eq!(kept.len(), 2);
        // One call denied is not a denied region.
        let mut partly = region("us-west-2", false);
        partly.guardduty_detectors = denied(api::GUARDDUTY_DETECTORS);
        let (kept, skipped) = split_denied_regions(vec![region("eu-west-1", false), partly]);
        assert!(skipped.is_empty());
        assert_eq!(kept.len(), 2);
    }

    #[test]
    fn merging_regions_concatenates_or_fails_naming_the_region() {
        let merged = merge_regions(
            api::ANALYZERS,
            vec![
                ("eu-west-1", Input::present(api::ANALYZERS, vec![1, 2])),
                ("us-east-1", Input::present(api::ANALYZERS, vec![3])),
            ],
        );
        assert_eq!(merged.data(), Some(&vec![1, 2, 3]));
        let merged = merge_regions(
            api::ANALYZERS,
            vec![
                ("eu-west-1", Input::present(api::ANALYZERS, vec![1])),
                ("us-west-2", denied::<Vec<i32>>(api::ANALYZERS)),
            ],
        );
        match merged {
            Input::Failed { reason, .. } => {
                assert_eq!(reason.kind, UnavailableKind::AccessDenied);
                assert!(
                    reason.message.starts_with("region us-west-2: "),
                    "{}",
                    reason.message
                );
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        // Missing everywhere stays missing; missing in some regions is nothing there.
        let missing = || Input::<Vec<i32>>::Missing {
            message: "no instance".into(),
        };
        assert!(matches!(
            merge_regions(api::ANALYZERS, vec![("a", missing()), ("b", missing())]),
            Input::Missing { .. }
        ));
        let m = merge_regions(
            api::ANALYZERS,
            vec![
                ("a", missing()),
                ("b", Input::present(api::ANALYZERS, vec![7])),
            ],
        );
        assert_eq!(m.data(), Some(&vec![7]));
        let maps = merge_regions(
            api::EVENT_RULE_TARGETS,
            vec![
                (
                    "a",
                    Input::present("x", BTreeMap::from([("arn:a".to_string(), 1)])),
                ),
                (
                    "b",
                    Input::present("x", BTreeMap::from([("arn:b".to_string(), 2)])),
                ),
            ],
        );
        assert_eq!(maps.data().map(|m| m.len()), Some(2));
    }
}
