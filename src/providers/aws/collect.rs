//! Live AWS collector (feature `aws-live`): reads one account through the AWS SDK, fills a
//! [`RawAccount`] with the same raw types the export importer uses and hands it to
//! [`normalize::normalize`], so live and offline snapshots are built by the same code.
//!
//! Read-only by construction: the only operations issued are [`ALLOWED_OPERATIONS`]
//! (`Get*`, `List*`, `Describe*` and `iam:GenerateCredentialReport`). Every operation the SDK
//! executes is counted by an interceptor into `collection.api_calls` (`service:Operation` →
//! count), so the snapshot itself proves what was called.
//!
//! Errors: `AccessDenied*` makes the input `Failed` with kind `access_denied`; throttling and
//! 5xx are retried by the SDK's standard retry strategy (5 attempts); any other error is `Failed`
//! with kind `error`. Sections this version does not collect (Identity Center, identity store,
//! Organizations, alerting, GuardDuty, Access Analyzer) stay `Missing`: unavailable, "not
//! collected by this version", never empty.

use super::normalize::{self, api, Input, PasswordPolicyState, RawAccount};
use super::raw;
use crate::model::{
    CollectionMeta, Generator, Snapshot, Unavailable, UnavailableKind, SCHEMA_VERSION,
};
use aws_sdk_iam::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use chrono::{DateTime, SubsecRound, Utc};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The allow-list every issued operation is checked against lives with the IAM policy it
/// generates, so the two cannot drift apart.
pub use super::permissions::{is_read_only, OPERATIONS as ALLOWED_OPERATIONS};

/// Where and as whom to collect. Unset fields fall back to the standard aws-config chain
/// (environment, shared config/credentials files, SSO, IMDS; `AWS_ENDPOINT_URL`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Normalize(#[from] normalize::NormalizeError),
}

/// Counts every operation executed by the clients it is attached to.
#[derive(Debug, Clone, Default)]
struct Recorder(Arc<Mutex<BTreeMap<String, u64>>>);

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
            Some(m) => format!("{}:{}", m.service().to_ascii_lowercase(), m.name()),
            None => "unknown:unknown".to_string(),
        };
        *self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(op)
            .or_insert(0) += 1;
        Ok(())
    }
}

/// Collects one account on a fresh multi-threaded runtime.
pub fn collect_blocking(opts: &Options) -> Result<Snapshot, CollectError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CollectError::Runtime)?;
    rt.block_on(collect(opts))
}

/// Collects one account: its `aws:account:<id>` scope.
pub async fn collect(opts: &Options) -> Result<Snapshot, CollectError> {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(5));
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &opts.region {
        loader = loader.region(aws_config::Region::new(r.clone()));
    }
    if let Some(e) = &opts.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    let sdk = loader.load().await;
    let recorder = Recorder::default();
    let iam = aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::config::Builder::from(&sdk)
            .interceptor(recorder.clone())
            .build(),
    );
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&sdk)
            .interceptor(recorder.clone())
            .build(),
    );
    let ct = aws_sdk_cloudtrail::Client::from_conf(
        aws_sdk_cloudtrail::config::Builder::from(&sdk)
            .interceptor(recorder.clone())
            .build(),
    );

    let (
        caller_identity,
        authorization_details,
        credential_report,
        account_summary,
        password_policy,
        saml_providers,
        oidc_providers,
        virtual_mfa_devices,
        (trails, trail_status, event_selectors),
    ) = tokio::join!(
        caller_identity(&sts),
        authorization_details(&iam),
        credential_report(&iam),
        account_summary(&iam),
        password_policy(&iam),
        saml_providers(&iam),
        oidc_providers(&iam),
        virtual_mfa_devices(&iam),
        cloudtrail(&ct),
    );
    let collected_at = Utc::now().trunc_subsecs(0);

    let raw = RawAccount {
        caller_identity,
        account_aliases: not_collected(),
        authorization_details,
        credential_report,
        password_policy,
        account_summary,
        saml_providers,
        oidc_providers,
        virtual_mfa_devices,
        mfa_devices: not_collected(),
        trails,
        trail_status,
        event_selectors,
        sso_instances: not_collected(),
        permission_sets: not_collected(),
        account_assignments: not_collected(),
        identity_store_users: not_collected(),
        identity_store_groups: not_collected(),
        organization: not_collected(),
        organization_accounts: not_collected(),
        org_policies: not_collected(),
        policy_contents: not_collected(),
        policy_targets: not_collected(),
        metric_filters: not_collected(),
        alarms: not_collected(),
        event_rules: not_collected(),
        event_rule_targets: not_collected(),
        guardduty_detectors: not_collected(),
        guardduty_detector_status: not_collected(),
        analyzers: not_collected(),
    };
    let scopes = normalize::normalize(&raw, collected_at)?;
    let api_calls = recorder.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Ok(Snapshot {
        schema_version: SCHEMA_VERSION.to_string(),
        generator: Generator {
            tool: "idgauge".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            mode: Some("live".to_string()),
        },
        collected_at,
        scopes,
        collection: CollectionMeta {
            api_calls,
            inputs: Vec::new(),
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Errors and conversions

/// `AccessDenied*` (and the other authorization codes) → access_denied; anything else → error.
fn failed<T, E>(op: &str, err: &SdkError<E, HttpResponse>) -> Input<T>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    Input::Failed {
        source: op.to_string(),
        reason: unavailable(err),
    }
}

///
/// A 403 whose body the SDK could not parse (no error code) is also access_denied: the status
/// alone says the caller was refused. (moto answers JSON-protocol services with an XML body.)
fn unavailable<E>(err: &SdkError<E, HttpResponse>) -> Unavailable
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let code = err.code().unwrap_or_default();
    let status_403 = err
        .raw_response()
        .is_some_and(|r| r.status().as_u16() == 403);
    let denied = code.starts_with("AccessDenied")
        || matches!(
            code,
            "UnauthorizedOperation" | "UnauthorizedAccess" | "NotAuthorized"
        )
        || (err.code().is_none() && status_403);
    let message = match (err.code(), err.message()) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        _ if status_403 => {
            let body = err
                .raw_response()
                .and_then(|r| r.body().bytes())
                .map(|b| {
                    String::from_utf8_lossy(b)
                        .chars()
                        .take(300)
                        .collect::<String>()
                })
                .unwrap_or_default();
            format!("HTTP 403: {}", body.trim())
        }
        _ => aws_smithy_types_display(err),
    };
    Unavailable {
        kind: if denied {
            UnavailableKind::AccessDenied
        } else {
            UnavailableKind::Error
        },
        message,
    }
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

// ---------------------------------------------------------------------------------------------
// CloudTrail

type TrailInputs = (
    Input<Vec<raw::Trail>>,
    Input<BTreeMap<String, raw::TrailStatus>>,
    Input<BTreeMap<String, raw::EventSelectors>>,
);

/// Per-trail calls in flight at once.
const TRAIL_CONCURRENCY: usize = 4;

async fn cloudtrail(ct: &aws_sdk_cloudtrail::Client) -> TrailInputs {
    let trails = match ct.describe_trails().send().await {
        Ok(o) => o
            .trail_list()
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
                    log_file_validation_enabled: t.log_file_validation_enabled().unwrap_or(false),
                    is_organization_trail: t.is_organization_trail().unwrap_or(false),
                    cloud_watch_logs_log_group_arn: t
                        .cloud_watch_logs_log_group_arn()
                        .map(str::to_string),
                    s3_bucket_name: t.s3_bucket_name().map(str::to_string),
                })
            })
            .collect::<Vec<_>>(),
        Err(e) => {
            // Without the trail list, neither per-trail input can be read.
            let reason = unavailable(&e);
            return (
                failed_with(api::TRAILS, &reason),
                failed_with(api::TRAIL_STATUS, &reason),
                failed_with(api::EVENT_SELECTORS, &reason),
            );
        }
    };
    let arns: Vec<String> = trails.iter().map(|t| t.trail_arn.clone()).collect();

    let status = futures::stream::iter(arns.clone())
        .map(|arn| async move {
            let r = ct.get_trail_status().name(&arn).send().await;
            (arn, r)
        })
        .buffer_unordered(TRAIL_CONCURRENCY)
        .collect::<Vec<_>>();
    let selectors = futures::stream::iter(arns)
        .map(|arn| async move {
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
        Input::present(api::TRAILS, trails),
        status_input.unwrap_or_else(|| Input::present(api::TRAIL_STATUS, status_map)),
        sel_input.unwrap_or_else(|| Input::present(api::EVENT_SELECTORS, sel_map)),
    )
}

/// A section this version of the live collector does not read yet: unavailable, never empty.
fn not_collected<T>() -> Input<T> {
    Input::Missing {
        message: "not collected by this version of the live collector".to_string(),
    }
}

fn failed_with<T>(op: &str, reason: &Unavailable) -> Input<T> {
    Input::Failed {
        source: op.to_string(),
        reason: reason.clone(),
    }
}
