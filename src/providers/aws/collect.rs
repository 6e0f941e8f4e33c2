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

use super::normalize::{self, api, Input, OrganizationState, PasswordPolicyState, RawAccount};
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
use std::time::Duration;

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
}

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
            .finish_non_exhaustive()
    }
}

use crate::providers::observer::CallLog;
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
            ids: client!(aws_sdk_identitystore, sdk, recorder, region),
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
            let c = collect_account(&sdk, &recorder, &opts.regions, not_collected()).await?;
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
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(5));
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
    ) = tokio::join!(
        describe_trails(&r.ct),
        sso_instances(&r.sso),
        metric_filters(&r.logs, &region),
        alarms(&r.cw),
        event_rules(&r.events),
        guardduty(&r.gd, &region),
        analyzers(&r.aa),
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
    let mut missing = None;
    for (region, input) in parts {
        match input {
            Input::Present { data, .. } => {
                any_present = true;
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
        _ => Input::present(op, out),
    }
}

/// Collects the account `sdk`'s credentials belong to: its scopes (the account, and the
/// organization when it is in one), when they were read, the regions read, and warnings.
/// `organization_accounts` is the organization's account list when `--org` read it.
async fn collect_account(
    sdk: &aws_config::SdkConfig,
    recorder: &Recorder,
    explicit_regions: &[String],
    organization_accounts: Input<Vec<raw::OrgAccount>>,
) -> Result<AccountCollection, CollectError> {
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
        ) = tokio::join!(
            authorization_details(&iam),
            credential_report(&iam),
            account_summary(&iam),
            password_policy(&iam),
            saml_providers(&iam),
            oidc_providers(&iam),
            virtual_mfa_devices(&iam),
            account_aliases(&iam),
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

    let fallback = clients.first().map(|(_, c)| c);
    let account = caller_identity.data().map(|c| c.account.clone());
    let ((trail_status, event_selectors), sso) = tokio::join!(
        trail_details(&trails, |home: Option<&str>| home
            .and_then(client_of)
            .or(fallback)
            .map(|c| &c.ct)),
        identity_center(sso_instances, account.as_deref(), |arn: &str| {
            instance_region
                .get(arn)
                .and_then(|r| client_of(r))
                .map(|c| (&c.sso, &c.ids))
        }),
    );
    let collected_at = Utc::now().trunc_subsecs(0);

    let raw = RawAccount {
        caller_identity,
        account_aliases,
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
        organization: orgs.organization,
        // organizations:ListAccounts is an `--org` permission: without it the organization
        // section falls back to the members known for certain.
        organization_accounts,
        org_policies: orgs.policies,
        policy_contents: orgs.contents,
        policy_targets: orgs.targets,
        metric_filters,
        alarms,
        event_rules,
        event_rule_targets,
        guardduty_detectors,
        guardduty_detector_status,
        analyzers,
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
    let listed = Input::present(
        api::ORG_ACCOUNTS,
        members
            .iter()
            .map(|m| m.account.clone())
            .collect::<Vec<_>>(),
    );

    let results = futures::stream::iter(members.into_iter().filter(|m| m.active))
        .map(|m| {
            let (sts, listed, own) = (&sts, listed.clone(), &own);
            async move {
                let result = if &m.account.id == own {
                    collect_account(sdk, recorder, explicit_regions, listed)
                        .await
                        .map_err(|e| Unavailable {
                            kind: UnavailableKind::Error,
                            message: e.to_string(),
                        })
                } else {
                    match assume_role(sts, sdk, &m.account.id, &org.assume_role).await {
                        Ok(member_sdk) => {
                            collect_account(&member_sdk, recorder, explicit_regions, listed)
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
        .buffer_unordered(org.concurrency.max(1))
        .collect::<Vec<_>>()
        .await;

    let mut latest = Utc::now().trunc_subsecs(0);
    let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
    // The organization scope once: from the management account's collection, else the caller's.
    let mut org_scope: Option<(u8, Scope)> = None;
    let mut warnings = Vec::new();
    let mut regions = std::collections::BTreeSet::new();
    for (account, result) in results {
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
            ..Sections::default()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and conversions

/// The read failed: classified by [`super::errors::classify`], as the importer classifies the
/// same codes in saved CLI errors.
fn failed<T, E>(op: &str, err: &SdkError<E, HttpResponse>) -> Input<T>
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
fn unavailable<E>(err: &SdkError<E, HttpResponse>) -> Unavailable
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

fn time(t: Option<&aws_sdk_iam::primitives::DateTime>) -> Option<DateTime<Utc>> {
    t.and_then(|d| DateTime::from_timestamp(d.secs(), d.subsec_nanos()))
}

fn doc(text: Option<&str>) -> Option<raw::PolicyDocument> {
    text.and_then(|t| raw::PolicyDocument::from_text(t).ok())
}

// ---------------------------------------------------------------------------------------------
// STS and IAM

async fn caller_identity(sts: &aws_sdk_sts::Client) -> Input<raw::CallerIdentity> {
    let op = api::CALLER_IDENTITY;
    match sts.get_caller_identity().send().await {
        Ok(o) => match o.account() {
            Some(account) => Input::present(
                op,
                raw::CallerIdentity {
                    account: account.to_string(),
                    arn: o.arn().map(str::to_string),
                    user_id: o.user_id().map(str::to_string),
                },
            ),
            None => Input::Failed {
                source: op.to_string(),
                reason: Unavailable {
                    kind: UnavailableKind::Error,
                    message: "GetCallerIdentity returned no account".to_string(),
                },
            },
        },
        Err(e) => failed(op, &e),
    }
}

fn inline(list: &[aws_sdk_iam::types::PolicyDetail]) -> Vec<raw::InlinePolicy> {
    list.iter()
        .map(|p| raw::InlinePolicy {
            policy_name: p.policy_name().unwrap_or_default().to_string(),
            policy_document: doc(p.policy_document()),
        })
        .collect()
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<raw::AttachedPolicy> {
    list.iter()
        .filter_map(|p| {
            Some(raw::AttachedPolicy {
                policy_name: p.policy_name().map(str::to_string),
                policy_arn: p.policy_arn()?.to_string(),
            })
        })
        .collect()
}

fn tags(list: &[aws_sdk_iam::types::Tag]) -> Vec<raw::Tag> {
    list.iter()
        .map(|t| raw::Tag {
            key: t.key().to_string(),
            value: t.value().to_string(),
        })
        .collect()
}

async fn authorization_details(iam: &aws_sdk_iam::Client) -> Input<raw::AuthorizationDetails> {
    use aws_sdk_iam::types::EntityType;
    let op = api::GAAD;
    let mut out = raw::AuthorizationDetails::default();
    let mut marker: Option<String> = None;
    loop {
        let res = iam
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .filter(EntityType::LocalManagedPolicy)
            .set_marker(marker.take())
            .send()
            .await;
        let page = match res {
            Ok(p) => p,
            Err(e) => return failed(op, &e),
        };
        for u in page.user_detail_list() {
            let (Some(name), Some(arn)) = (u.user_name(), u.arn()) else {
                continue;
            };
            out.user_detail_list.push(raw::UserDetail {
                path: u.path().map(str::to_string),
                user_name: name.to_string(),
                user_id: u.user_id().map(str::to_string),
                arn: arn.to_string(),
                create_date: time(u.create_date()),
                user_policy_list: inline(u.user_policy_list()),
                group_list: u.group_list().to_vec(),
                attached_managed_policies: attached(u.attached_managed_policies()),
                tags: tags(u.tags()),
            });
        }
        for g in page.group_detail_list() {
            let (Some(name), Some(arn)) = (g.group_name(), g.arn()) else {
                continue;
            };
            out.group_detail_list.push(raw::GroupDetail {
                path: g.path().map(str::to_string),
                group_name: name.to_string(),
                group_id: g.group_id().map(str::to_string),
                arn: arn.to_string(),
                create_date: time(g.create_date()),
                group_policy_list: inline(g.group_policy_list()),
                attached_managed_policies: attached(g.attached_managed_policies()),
            });
        }
        for r in page.role_detail_list() {
            let (Some(name), Some(arn)) = (r.role_name(), r.arn()) else {
                continue;
            };
            out.role_detail_list.push(raw::RoleDetail {
                path: r.path().map(str::to_string),
                role_name: name.to_string(),
                role_id: r.role_id().map(str::to_string),
                arn: arn.to_string(),
                create_date: time(r.create_date()),
                assume_role_policy_document: doc(r.assume_role_policy_document()),
                role_policy_list: inline(r.role_policy_list()),
                attached_managed_policies: attached(r.attached_managed_policies()),
                tags: tags(r.tags()),
                role_last_used: r.role_last_used().map(|l| raw::RoleLastUsed {
                    last_used_date: time(l.last_used_date()),
                    region: l.region().map(str::to_string),
                }),
                max_session_duration: None,
            });
        }
        for p in page.policies() {
            let Some(arn) = p.arn() else { continue };
            out.policies.push(raw::ManagedPolicyDetail {
                policy_name: p.policy_name().map(str::to_string),
                arn: arn.to_string(),
                default_version_id: p.default_version_id().map(str::to_string),
                policy_version_list: p
                    .policy_version_list()
                    .iter()
                    .map(|v| raw::PolicyVersion {
                        document: doc(v.document()),
                        version_id: v.version_id().map(str::to_string),
                        is_default_version: v.is_default_version(),
                    })
                    .collect(),
            });
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Input::present(op, out)
}

/// GenerateCredentialReport until COMPLETE (with backoff), then GetCredentialReport.
async fn credential_report(iam: &aws_sdk_iam::Client) -> Input<raw::CredentialReport> {
    use aws_sdk_iam::types::ReportStateType;
    let op = api::CREDENTIAL_REPORT;
    let mut delay = Duration::from_millis(250);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    let timed_out = || Input::Failed {
        source: op.to_string(),
        reason: Unavailable {
            kind: UnavailableKind::Error,
            message: "the credential report was not ready after 120 s".to_string(),
        },
    };
    // Generate (or confirm a recent report exists) until it is complete.
    loop {
        match iam.generate_credential_report().send().await {
            Ok(o) if o.state() == Some(&ReportStateType::Complete) => break,
            Ok(_) => {}
            Err(e) if e.code() == Some("LimitExceeded") => {}
            Err(e) => return failed("iam:GenerateCredentialReport", &e),
        }
        if tokio::time::Instant::now() + delay > deadline {
            return timed_out();
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
    loop {
        match iam.get_credential_report().send().await {
            Ok(o) => {
                let Some(content) = o.content() else {
                    return Input::Failed {
                        source: op.to_string(),
                        reason: Unavailable {
                            kind: UnavailableKind::Error,
                            message: "GetCredentialReport returned no content".to_string(),
                        },
                    };
                };
                let parsed = std::str::from_utf8(content.as_ref())
                    .map_err(|_| raw::ReportError::Utf8)
                    .and_then(raw::CredentialReport::from_csv);
                return match parsed {
                    Ok(mut r) => {
                        r.generated = time(o.generated_time());
                        Input::present(op, r)
                    }
                    Err(e) => Input::Failed {
                        source: op.to_string(),
                        reason: Unavailable {
                            kind: UnavailableKind::Error,
                            message: e.to_string(),
                        },
                    },
                };
            }
            Err(e) if matches!(e.code(), Some("ReportInProgress" | "ReportNotPresent")) => {}
            Err(e) => return failed(op, &e),
        }
        if tokio::time::Instant::now() + delay > deadline {
            return timed_out();
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

async fn account_summary(iam: &aws_sdk_iam::Client) -> Input<raw::AccountSummary> {
    let op = api::ACCOUNT_SUMMARY;
    match iam.get_account_summary().send().await {
        Ok(o) => Input::present(
            op,
            raw::AccountSummary {
                summary_map: o
                    .summary_map()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.as_str().to_string(), i64::from(*v)))
                            .collect()
                    })
                    .unwrap_or_default(),
            },
        ),
        Err(e) => failed(op, &e),
    }
}

async fn password_policy(iam: &aws_sdk_iam::Client) -> Input<PasswordPolicyState> {
    let op = api::PASSWORD_POLICY;
    match iam.get_account_password_policy().send().await {
        Ok(o) => match o.password_policy() {
            Some(p) => Input::present(
                op,
                PasswordPolicyState::Configured(raw::PasswordPolicy {
                    minimum_password_length: p
                        .minimum_password_length()
                        .and_then(|v| u32::try_from(v).ok()),
                    require_symbols: p.require_symbols(),
                    require_numbers: p.require_numbers(),
                    require_uppercase_characters: p.require_uppercase_characters(),
                    require_lowercase_characters: p.require_lowercase_characters(),
                    allow_users_to_change_password: p.allow_users_to_change_password(),
                    expire_passwords: p.expire_passwords(),
                    max_password_age: p.max_password_age().and_then(|v| u32::try_from(v).ok()),
                    password_reuse_prevention: p
                        .password_reuse_prevention()
                        .and_then(|v| u32::try_from(v).ok()),
                    hard_expiry: p.hard_expiry(),
                }),
            ),
            None => Input::present(op, PasswordPolicyState::NotConfigured),
        },
        // No policy set: AWS defaults apply. Not an error.
        Err(e) if e.code() == Some("NoSuchEntity") => {
            Input::present(op, PasswordPolicyState::NotConfigured)
        }
        Err(e) => failed(op, &e),
    }
}

async fn saml_providers(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::SamlProvider>> {
    let op = api::SAML_PROVIDERS;
    match iam.list_saml_providers().send().await {
        Ok(o) => Input::present(
            op,
            o.saml_provider_list()
                .iter()
                .filter_map(|p| {
                    Some(raw::SamlProvider {
                        arn: p.arn()?.to_string(),
                        valid_until: time(p.valid_until()),
                        create_date: time(p.create_date()),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

async fn oidc_providers(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::OidcProvider>> {
    let op = api::OIDC_PROVIDERS;
    match iam.list_open_id_connect_providers().send().await {
        Ok(o) => Input::present(
            op,
            o.open_id_connect_provider_list()
                .iter()
                .filter_map(|p| {
                    Some(raw::OidcProvider {
                        arn: p.arn()?.to_string(),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

async fn virtual_mfa_devices(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::VirtualMfaDevice>> {
    let op = api::VIRTUAL_MFA;
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = match iam
            .list_virtual_mfa_devices()
            .set_marker(marker.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return failed(op, &e),
        };
        for d in page.virtual_mfa_devices() {
            out.push(raw::VirtualMfaDevice {
                serial_number: d.serial_number().to_string(),
                user: d.user().map(|u| raw::MfaDeviceUser {
                    user_name: Some(u.user_name().to_string()),
                    arn: Some(u.arn().to_string()),
                }),
                enable_date: time(d.enable_date()),
            });
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Input::present(op, out)
}

/// `iam:ListMFADevices` for the IAM users the bulk calls leave unexplained: MFA active in the
/// credential report but no virtual device assigned — a hardware TOTP or FIDO key, which only
/// this call tells apart (FIDO is phishing-resistant). Root is not listed: the call cannot name
/// root, and the account summary already covers its MFA.
async fn mfa_devices(
    iam: &aws_sdk_iam::Client,
    report: &Input<raw::CredentialReport>,
    virtual_devices: &Input<Vec<raw::VirtualMfaDevice>>,
) -> Input<Vec<raw::MfaDevice>> {
    let op = api::MFA_DEVICES;
    let (Some(report), Some(vmfa)) = (report.data(), virtual_devices.data()) else {
        return Input::Missing {
            message: "not read: needs the credential report and the virtual MFA device list"
                .to_string(),
        };
    };
    let with_virtual: std::collections::BTreeSet<&str> = vmfa
        .iter()
        .filter_map(|d| d.user.as_ref()?.user_name.as_deref())
        .collect();
    let users: Vec<String> = report
        .rows
        .iter()
        .filter(|r| r.user != "<root_account>" && r.mfa_active)
        .filter(|r| !with_virtual.contains(r.user.as_str()))
        .map(|r| r.user.clone())
        .collect();
    let results = futures::stream::iter(users)
        .map(|user| async move {
            iam.list_mfa_devices()
                .user_name(&user)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
        })
        .buffer_unordered(FAN_OUT)
        .collect::<Vec<_>>()
        .await;
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(list) => out.extend(list.iter().map(|d| raw::MfaDevice {
                user_name: d.user_name().to_string(),
                serial_number: d.serial_number().to_string(),
                enable_date: time(Some(d.enable_date())),
            })),
            Err(e) => return failed(op, &e),
        }
    }
    out.sort_by(|a, b| (&a.user_name, &a.serial_number).cmp(&(&b.user_name, &b.serial_number)));
    Input::present(op, out)
}

// ---------------------------------------------------------------------------------------------
// CloudTrail

/// Per-trail calls in flight at once.
const TRAIL_CONCURRENCY: usize = 4;

/// `cloudtrail:DescribeTrails` in one region (shadow trails included, so a multi-region trail
/// appears in every region; the caller de-duplicates by ARN).
async fn describe_trails(ct: &aws_sdk_cloudtrail::Client) -> Input<Vec<raw::Trail>> {
    match ct.describe_trails().send().await {
        Ok(o) => Input::present(
            api::TRAILS,
            o.trail_list()
                .iter()
                .filter_map(|t| {
                    Some(raw::Trail {
                        name: t.name()?.to_string(),
                        trail_arn: t.trail_arn()?.to_string(),
                        home_region: t.home_region().map(str::to_string),
                        is_multi_region_trail: t.is_multi_region_trail().unwrap_or(false),
                        include_global_service_events: t
                            .include_global_service_events()
                            .unwrap_or(false),
                        log_file_validation_enabled: t
                            .log_file_validation_enabled()
                            .unwrap_or(false),
                        is_organization_trail: t.is_organization_trail().unwrap_or(false),
                        cloud_watch_logs_log_group_arn: t
                            .cloud_watch_logs_log_group_arn()
                            .map(str::to_string),
                        s3_bucket_name: t.s3_bucket_name().map(str::to_string),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(api::TRAILS, &e),
    }
}

/// Each trail's status and event selectors, asked of the client `client_for` picks for the
/// trail's home region.
async fn trail_details<'c>(
    trails: &Input<Vec<raw::Trail>>,
    client_for: impl Fn(Option<&str>) -> Option<&'c aws_sdk_cloudtrail::Client>,
) -> (
    Input<BTreeMap<String, raw::TrailStatus>>,
    Input<BTreeMap<String, raw::EventSelectors>>,
) {
    let trails = match trails {
        Input::Present { data, .. } => data,
        Input::Failed { reason, .. } => {
            // Without the trail list, neither per-trail input can be read.
            return (
                failed_with(api::TRAIL_STATUS, reason),
                failed_with(api::EVENT_SELECTORS, reason),
            );
        }
        Input::Missing { message } => {
            return (
                Input::Missing {
                    message: message.clone(),
                },
                Input::Missing {
                    message: message.clone(),
                },
            )
        }
    };
    let mut arns: Vec<(String, &aws_sdk_cloudtrail::Client)> = Vec::new();
    for t in trails {
        match client_for(t.home_region.as_deref()) {
            Some(c) => arns.push((t.trail_arn.clone(), c)),
            None => {
                let reason = Unavailable {
                    kind: UnavailableKind::Error,
                    message: format!("no region to ask about trail {}", t.trail_arn),
                };
                return (
                    failed_with(api::TRAIL_STATUS, &reason),
                    failed_with(api::EVENT_SELECTORS, &reason),
                );
            }
        }
    }

    let status = futures::stream::iter(arns.clone())
        .map(|(arn, ct)| async move {
            let r = ct.get_trail_status().name(&arn).send().await;
            (arn, r)
        })
        .buffer_unordered(TRAIL_CONCURRENCY)
        .collect::<Vec<_>>();
    let selectors = futures::stream::iter(arns)
        .map(|(arn, ct)| async move {
            let r = ct.get_event_selectors().trail_name(&arn).send().await;
            (arn, r)
        })
        .buffer_unordered(TRAIL_CONCURRENCY)
        .collect::<Vec<_>>();
    let (status, selectors) = tokio::join!(status, selectors);

    let mut status_map = BTreeMap::new();
    let mut status_input = None;
    for (arn, r) in status {
        match r {
            Ok(o) => {
                status_map.insert(
                    arn,
                    raw::TrailStatus {
                        is_logging: o.is_logging(),
                        latest_delivery_time: time(o.latest_delivery_time()),
                        start_logging_time: time(o.start_logging_time()),
                        stop_logging_time: time(o.stop_logging_time()),
                        latest_delivery_error: o.latest_delivery_error().map(str::to_string),
                    },
                );
            }
            Err(e) => {
                status_input.get_or_insert_with(|| failed(api::TRAIL_STATUS, &e));
            }
        }
    }
    let mut sel_map = BTreeMap::new();
    let mut sel_input = None;
    for (arn, r) in selectors {
        match r {
            Ok(o) => {
                sel_map.insert(
                    arn,
                    raw::EventSelectors {
                        trail_arn: o.trail_arn().map(str::to_string),
                        event_selectors: o
                            .event_selectors()
                            .iter()
                            .map(|s| raw::EventSelector {
                                read_write_type: s
                                    .read_write_type()
                                    .map(|t| t.as_str().to_string()),
                                include_management_events: s.include_management_events(),
                            })
                            .collect(),
                        advanced_event_selectors: o
                            .advanced_event_selectors()
                            .iter()
                            .map(|a| raw::AdvancedEventSelector {
                                name: a.name().map(str::to_string),
                                field_selectors: a
                                    .field_selectors()
                                    .iter()
                                    .map(|f| raw::FieldSelector {
                                        field: f.field().to_string(),
                                        equals: f.equals().to_vec(),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    },
                );
            }
            Err(e) => {
                sel_input.get_or_insert_with(|| failed(api::EVENT_SELECTORS, &e));
            }
        }
    }
    (
        status_input.unwrap_or_else(|| Input::present(api::TRAIL_STATUS, status_map)),
        sel_input.unwrap_or_else(|| Input::present(api::EVENT_SELECTORS, sel_map)),
    )
}

// ---------------------------------------------------------------------------------------------
// IAM account aliases

async fn account_aliases(iam: &aws_sdk_iam::Client) -> Input<Vec<String>> {
    let op = api::ACCOUNT_ALIASES;
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = match iam
            .list_account_aliases()
            .set_marker(marker.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return failed(op, &e),
        };
        out.extend(page.account_aliases().iter().cloned());
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    Input::present(op, out)
}

// ---------------------------------------------------------------------------------------------
// IAM Identity Center and its identity store

struct SsoInputs {
    instances: Input<Vec<raw::SsoInstance>>,
    permission_sets: Input<Vec<String>>,
    assignments: Input<Vec<raw::AccountAssignment>>,
    users: Input<Vec<raw::IdentityStoreUser>>,
    groups: Input<Vec<raw::IdentityStoreGroup>>,
}

/// Per-permission-set (and per-rule, per-policy, per-detector) calls in flight at once.
const FAN_OUT: usize = 4;

/// `sso:ListInstances` in one region (an instance lives in exactly one region).
async fn sso_instances(sso: &aws_sdk_ssoadmin::Client) -> Input<Vec<raw::SsoInstance>> {
    match sso
        .list_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            api::SSO_INSTANCES,
            list.iter()
                .filter_map(|i| {
                    Some(raw::SsoInstance {
                        instance_arn: i.instance_arn()?.to_string(),
                        identity_store_id: i.identity_store_id().map(str::to_string),
                        owner_account_id: i.owner_account_id().map(str::to_string),
                        name: i.name().map(str::to_string),
                        created_date: time(i.created_date()),
                        status: i.status().map(|s| s.as_str().to_string()),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(api::SSO_INSTANCES, &e),
    }
}

/// The Identity Center instances' permission sets, this account's assignments and the identity
/// store's users and groups, each asked of the clients `clients_for` picks for the instance's
/// region.
async fn identity_center<'c>(
    instances: Input<Vec<raw::SsoInstance>>,
    account_id: Option<&str>,
    clients_for: impl Fn(
        &str,
    ) -> Option<(
        &'c aws_sdk_ssoadmin::Client,
        &'c aws_sdk_identitystore::Client,
    )>,
) -> SsoInputs {
    let instances: Vec<raw::SsoInstance> = match instances {
        Input::Present { data, .. } => data,
        Input::Failed { reason, .. } => {
            return SsoInputs {
                instances: failed_with(api::SSO_INSTANCES, &reason),
                permission_sets: failed_with(api::PERMISSION_SETS, &reason),
                assignments: failed_with(api::ACCOUNT_ASSIGNMENTS, &reason),
                users: failed_with(api::IDENTITY_STORE_USERS, &reason),
                groups: failed_with(api::IDENTITY_STORE_GROUPS, &reason),
            };
        }
        Input::Missing { message } => {
            return SsoInputs {
                instances: Input::Missing {
                    message: message.clone(),
                },
                permission_sets: Input::Missing {
                    message: message.clone(),
                },
                assignments: Input::Missing {
                    message: message.clone(),
                },
                users: Input::Missing {
                    message: message.clone(),
                },
                groups: Input::Missing { message },
            };
        }
    };
    let mut clients = Vec::new();
    for i in &instances {
        match clients_for(&i.instance_arn) {
            Some(c) => clients.push(c),
            None => {
                let reason = Unavailable {
                    kind: UnavailableKind::Error,
                    message: format!("no region known for instance {}", i.instance_arn),
                };
                return SsoInputs {
                    instances: Input::present(api::SSO_INSTANCES, instances),
                    permission_sets: failed_with(api::PERMISSION_SETS, &reason),
                    assignments: failed_with(api::ACCOUNT_ASSIGNMENTS, &reason),
                    users: failed_with(api::IDENTITY_STORE_USERS, &reason),
                    groups: failed_with(api::IDENTITY_STORE_GROUPS, &reason),
                };
            }
        }
    }
    // Each instance's permission sets, then this account's assignments per permission set.
    let psets = async {
        let mut all: Vec<(String, String, &aws_sdk_ssoadmin::Client)> = Vec::new();
        for (i, (sso, _)) in instances.iter().zip(&clients) {
            match sso
                .list_permission_sets()
                .instance_arn(&i.instance_arn)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
            {
                Ok(list) => all.extend(list.into_iter().map(|p| (i.instance_arn.clone(), p, *sso))),
                Err(e) => {
                    let reason = unavailable(&e);
                    return (
                        failed_with(api::PERMISSION_SETS, &reason),
                        failed_with(api::ACCOUNT_ASSIGNMENTS, &reason),
                    );
                }
            }
        }
        let Some(account) = account_id else {
            return (
                Input::present(api::PERMISSION_SETS, all.into_iter().map(|p| p.1).collect()),
                failed_with(
                    api::ACCOUNT_ASSIGNMENTS,
                    &Unavailable {
                        kind: UnavailableKind::Error,
                        message: "the account id is unknown (sts:GetCallerIdentity failed)"
                            .to_string(),
                    },
                ),
            );
        };
        let results = futures::stream::iter(all.iter().cloned())
            .map(|(instance, pset, sso)| async move {
                sso.list_account_assignments()
                    .instance_arn(instance)
                    .account_id(account)
                    .permission_set_arn(pset)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
            })
            .buffer_unordered(FAN_OUT)
            .collect::<Vec<_>>()
            .await;
        let mut assignments = Vec::new();
        for r in results {
            match r {
                Ok(list) => assignments.extend(list.iter().filter_map(|a| {
                    Some(raw::AccountAssignment {
                        account_id: a.account_id().map(str::to_string),
                        permission_set_arn: a.permission_set_arn()?.to_string(),
                        principal_type: a.principal_type().map(|t| t.as_str().to_string()),
                        principal_id: a.principal_id().map(str::to_string),
                    })
                })),
                Err(e) => {
                    return (
                        Input::present(
                            api::PERMISSION_SETS,
                            all.into_iter().map(|p| p.1).collect(),
                        ),
                        failed(api::ACCOUNT_ASSIGNMENTS, &e),
                    )
                }
            }
        }
        assignments.sort();
        (
            Input::present(api::PERMISSION_SETS, all.into_iter().map(|p| p.1).collect()),
            Input::present(api::ACCOUNT_ASSIGNMENTS, assignments),
        )
    };
    let stores: Vec<(String, &aws_sdk_identitystore::Client)> = instances
        .iter()
        .zip(&clients)
        .filter_map(|(i, (_, ids))| Some((i.identity_store_id.clone()?, *ids)))
        .collect();
    let users = async {
        let mut out = Vec::new();
        for (store, ids) in &stores {
            match ids
                .list_users()
                .identity_store_id(store)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
            {
                Ok(list) => out.extend(list.iter().map(|u| raw::IdentityStoreUser {
                    user_id: u.user_id().to_string(),
                    user_name: u.user_name().map(str::to_string),
                    display_name: u.display_name().map(str::to_string),
                    identity_store_id: Some(u.identity_store_id().to_string()),
                    external_ids: store_external_ids(u.external_ids()),
                    user_status: u.user_status().map(|s| s.as_str().to_string()),
                    created_at: time(u.created_at()),
                })),
                Err(e) => return failed(api::IDENTITY_STORE_USERS, &e),
            }
        }
        Input::present(api::IDENTITY_STORE_USERS, out)
    };
    let groups = async {
        let mut out = Vec::new();
        for (store, ids) in &stores {
            match ids
                .list_groups()
                .identity_store_id(store)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
            {
                Ok(list) => out.extend(list.iter().map(|g| raw::IdentityStoreGroup {
                    group_id: g.group_id().to_string(),
                    display_name: g.display_name().map(str::to_string),
                    identity_store_id: Some(g.identity_store_id().to_string()),
                    external_ids: store_external_ids(g.external_ids()),
                })),
                Err(e) => return failed(api::IDENTITY_STORE_GROUPS, &e),
            }
        }
        Input::present(api::IDENTITY_STORE_GROUPS, out)
    };
    let ((permission_sets, assignments), users, groups) = tokio::join!(psets, users, groups);
    // No instance: nothing was listed; the identity store is known not to exist (the normalizer
    // reads a missing user list with an empty instance list as "no directory users").
    let (users, groups) = if instances.is_empty() {
        (
            Input::Missing {
                message: "no IAM Identity Center instance".to_string(),
            },
            Input::Missing {
                message: "no IAM Identity Center instance".to_string(),
            },
        )
    } else {
        (users, groups)
    };
    SsoInputs {
        instances: Input::present(api::SSO_INSTANCES, instances),
        permission_sets,
        assignments,
        users,
        groups,
    }
}

fn store_external_ids(list: &[aws_sdk_identitystore::types::ExternalId]) -> Vec<raw::ExternalId> {
    list.iter()
        .map(|x| raw::ExternalId {
            issuer: x.issuer().to_string(),
            id: Some(x.id().to_string()),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Organizations

struct OrgInputs {
    organization: Input<OrganizationState>,
    policies: Input<Vec<raw::OrgPolicySummary>>,
    contents: Input<BTreeMap<String, String>>,
    targets: Input<BTreeMap<String, Vec<raw::PolicyTarget>>>,
}

/// DescribeOrganization; for a member, its SCPs with their content and targets.
/// `AWSOrganizationsNotInUseException` is a standalone account, not an error.
async fn organizations(org: &aws_sdk_organizations::Client) -> OrgInputs {
    use aws_sdk_organizations::types::PolicyType;
    let standalone = |organization| OrgInputs {
        organization,
        policies: not_needed(),
        contents: not_needed(),
        targets: not_needed(),
    };
    let organization = match org.describe_organization().send().await {
        Ok(o) => match o.organization().and_then(|o| {
            Some(raw::Organization {
                id: o.id()?.to_string(),
                arn: o.arn().map(str::to_string),
                feature_set: o.feature_set().map(|f| f.as_str().to_string()),
                master_account_id: o.master_account_id().map(str::to_string),
            })
        }) {
            Some(o) => o,
            None => {
                return standalone(Input::Failed {
                    source: api::ORGANIZATION.to_string(),
                    reason: Unavailable {
                        kind: UnavailableKind::Error,
                        message: "DescribeOrganization returned no organization id".to_string(),
                    },
                })
            }
        },
        Err(e) if e.code() == Some("AWSOrganizationsNotInUseException") => {
            return standalone(Input::present(
                api::ORGANIZATION,
                OrganizationState::NotInOrganization,
            ))
        }
        Err(e) => return standalone(failed(api::ORGANIZATION, &e)),
    };
    let organization = Input::present(api::ORGANIZATION, OrganizationState::Member(organization));
    let pages = org
        .list_policies()
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let policies: Vec<raw::OrgPolicySummary> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(|p| p.policies())
            .filter_map(|p| {
                Some(raw::OrgPolicySummary {
                    id: p.id()?.to_string(),
                    arn: p.arn().map(str::to_string),
                    name: p.name().unwrap_or_default().to_string(),
                    policy_type: Some(PolicyType::ServiceControlPolicy.as_str().to_string()),
                    aws_managed: p.aws_managed(),
                })
            })
            .collect(),
        Err(e) => {
            let reason = unavailable(&e);
            return OrgInputs {
                organization,
                policies: failed_with(api::ORG_POLICIES, &reason),
                contents: failed_with(api::DESCRIBE_POLICY, &reason),
                targets: failed_with(api::POLICY_TARGETS, &reason),
            };
        }
    };
    let ids: Vec<String> = policies.iter().map(|p| p.id.clone()).collect();
    let contents = futures::stream::iter(ids.clone())
        .map(|id| async move {
            let r = org.describe_policy().policy_id(&id).send().await;
            (id, r)
        })
        .buffer_unordered(FAN_OUT)
        .collect::<Vec<_>>();
    let targets = futures::stream::iter(ids)
        .map(|id| async move {
            let r = org
                .list_targets_for_policy()
                .policy_id(&id)
                .into_paginator()
                .send()
                .try_collect()
                .await;
            (id, r)
        })
        .buffer_unordered(FAN_OUT)
        .collect::<Vec<_>>();
    let (contents, targets) = tokio::join!(contents, targets);

    let mut content_map = BTreeMap::new();
    let mut content_input = None;
    for (id, r) in contents {
        match r {
            Ok(o) => {
                if let Some(c) = o.policy().and_then(|p| p.content()) {
                    content_map.insert(id, c.to_string());
                }
            }
            Err(e) => {
                content_input.get_or_insert_with(|| failed(api::DESCRIBE_POLICY, &e));
            }
        }
    }
    let mut target_map = BTreeMap::new();
    let mut target_input = None;
    for (id, r) in targets {
        match r {
            Ok(pages) => {
                let list = pages
                    .iter()
                    .flat_map(|p| p.targets())
                    .filter_map(|t| {
                        Some(raw::PolicyTarget {
                            target_id: t.target_id()?.to_string(),
                            name: t.name().map(str::to_string),
                            target_type: t.r#type().map(|x| x.as_str().to_string()),
                        })
                    })
                    .collect();
                target_map.insert(id, list);
            }
            Err(e) => {
                target_input.get_or_insert_with(|| failed(api::POLICY_TARGETS, &e));
            }
        }
    }
    OrgInputs {
        organization,
        policies: Input::present(api::ORG_POLICIES, policies),
        contents: content_input
            .unwrap_or_else(|| Input::present(api::DESCRIBE_POLICY, content_map)),
        targets: target_input.unwrap_or_else(|| Input::present(api::POLICY_TARGETS, target_map)),
    }
}

// ---------------------------------------------------------------------------------------------
// Alerting: CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules

async fn metric_filters(
    logs: &aws_sdk_cloudwatchlogs::Client,
    region: &str,
) -> Input<Vec<raw::MetricFilter>> {
    let op = api::METRIC_FILTERS;
    match logs
        .describe_metric_filters()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            op,
            list.iter()
                .filter_map(|f| {
                    Some(raw::MetricFilter {
                        filter_name: f.filter_name()?.to_string(),
                        filter_pattern: f.filter_pattern().map(str::to_string),
                        metric_transformations: f
                            .metric_transformations()
                            .iter()
                            .map(|t| raw::MetricTransformation {
                                metric_name: t.metric_name().to_string(),
                                metric_namespace: t.metric_namespace().to_string(),
                            })
                            .collect(),
                        log_group_name: f.log_group_name().map(str::to_string),
                        region: Some(region.to_string()),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

async fn alarms(cw: &aws_sdk_cloudwatch::Client) -> Input<Vec<raw::MetricAlarm>> {
    let op = api::ALARMS;
    match cw
        .describe_alarms()
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Input::present(
            op,
            pages
                .iter()
                .flat_map(|p| p.metric_alarms())
                .filter_map(|a| {
                    Some(raw::MetricAlarm {
                        alarm_name: a.alarm_name()?.to_string(),
                        alarm_arn: a.alarm_arn().map(str::to_string),
                        actions_enabled: a.actions_enabled(),
                        alarm_actions: a.alarm_actions().to_vec(),
                        metric_name: a.metric_name().map(str::to_string),
                        namespace: a.namespace().map(str::to_string),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

type RuleInputs = (
    Input<Vec<raw::EventRule>>,
    Input<BTreeMap<String, Vec<raw::EventTarget>>>,
);

/// The default event bus's rules (as `aws events list-rules`) and each rule's targets.
async fn event_rules(events: &aws_sdk_eventbridge::Client) -> RuleInputs {
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = match events
            .list_rules()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => {
                let reason = unavailable(&e);
                return (
                    failed_with(api::EVENT_RULES, &reason),
                    failed_with(api::EVENT_RULE_TARGETS, &reason),
                );
            }
        };
        rules.extend(page.rules().iter().filter_map(|r| {
            Some(raw::EventRule {
                name: r.name()?.to_string(),
                arn: r.arn().map(str::to_string),
                event_pattern: r.event_pattern().map(str::to_string),
                state: r.state().map(|s| s.as_str().to_string()),
                event_bus_name: r.event_bus_name().map(str::to_string),
            })
        }));
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    // Targets are keyed by the rule's ARN: rule names repeat across regions.
    let results = futures::stream::iter(rules.iter().map(|r| {
        (
            r.name.clone(),
            r.arn.clone().unwrap_or_else(|| r.name.clone()),
            r.event_bus_name.clone(),
        )
    }))
    .map(|(name, key, bus)| async move {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = match events
                .list_targets_by_rule()
                .rule(&name)
                .set_event_bus_name(bus.clone())
                .set_next_token(token.take())
                .send()
                .await
            {
                Ok(p) => p,
                Err(e) => return (key, Err(e)),
            };
            out.extend(page.targets().iter().map(|t| raw::EventTarget {
                id: t.id().to_string(),
                arn: t.arn().to_string(),
            }));
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        (key, Ok(out))
    })
    .buffer_unordered(FAN_OUT)
    .collect::<Vec<_>>()
    .await;
    let mut map = BTreeMap::new();
    let mut targets_input = None;
    for (name, r) in results {
        match r {
            Ok(t) => {
                map.insert(name, t);
            }
            Err(e) => {
                targets_input.get_or_insert_with(|| failed(api::EVENT_RULE_TARGETS, &e));
            }
        }
    }
    (
        Input::present(api::EVENT_RULES, rules),
        targets_input.unwrap_or_else(|| Input::present(api::EVENT_RULE_TARGETS, map)),
    )
}

// ---------------------------------------------------------------------------------------------
// GuardDuty, Access Analyzer

type DetectorInputs = (
    Input<Vec<String>>,
    Input<BTreeMap<String, raw::GuardDutyDetector>>,
);

async fn guardduty(gd: &aws_sdk_guardduty::Client, region: &str) -> DetectorInputs {
    let ids: Vec<String> = match gd
        .list_detectors()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(ids) => ids,
        Err(e) => {
            let reason = unavailable(&e);
            return (
                failed_with(api::GUARDDUTY_DETECTORS, &reason),
                failed_with(api::GUARDDUTY_DETECTOR, &reason),
            );
        }
    };
    let results = futures::stream::iter(ids.clone())
        .map(|id| async move {
            let r = gd.get_detector().detector_id(&id).send().await;
            (id, r)
        })
        .buffer_unordered(FAN_OUT)
        .collect::<Vec<_>>()
        .await;
    let mut map = BTreeMap::new();
    let mut status_input = None;
    for (id, r) in results {
        match r {
            Ok(o) => {
                let Some(status) = o.status() else { continue };
                map.insert(
                    id,
                    raw::GuardDutyDetector {
                        status: status.as_str().to_string(),
                        created_at: o
                            .created_at()
                            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                            .map(|t| t.with_timezone(&Utc)),
                        region: Some(region.to_string()),
                    },
                );
            }
            Err(e) => {
                status_input.get_or_insert_with(|| failed(api::GUARDDUTY_DETECTOR, &e));
            }
        }
    }
    (
        Input::present(api::GUARDDUTY_DETECTORS, ids),
        status_input.unwrap_or_else(|| Input::present(api::GUARDDUTY_DETECTOR, map)),
    )
}

async fn analyzers(aa: &aws_sdk_accessanalyzer::Client) -> Input<Vec<raw::Analyzer>> {
    let op = api::ANALYZERS;
    match aa
        .list_analyzers()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            op,
            list.iter()
                .map(|a| raw::Analyzer {
                    arn: a.arn().to_string(),
                    name: a.name().to_string(),
                    analyzer_type: a.r#type().as_str().to_string(),
                    status: Some(a.status().as_str().to_string()),
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

/// A section this version of the live collector does not read yet: unavailable, never empty.
fn not_collected<T>() -> Input<T> {
    Input::Missing {
        message: "not collected by this version of the live collector".to_string(),
    }
}

/// An input the account's state makes irrelevant (SCPs of an account outside any organization).
fn not_needed<T>() -> Input<T> {
    Input::Missing {
        message: "not read: the account is not in an organization".to_string(),
    }
}

fn failed_with<T>(op: &str, reason: &Unavailable) -> Input<T> {
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
