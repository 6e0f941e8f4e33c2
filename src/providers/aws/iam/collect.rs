//! Live collection (feature `aws-live`) of STS and IAM:
//! SDK responses → the raw types. Errors are classified by [`crate::providers::aws::errors`];
//! helpers and orchestration (clients, regions, org fan-out) live in
//! [`crate::providers::aws::collect`].

use crate::model::{Unavailable, UnavailableKind};
use crate::providers::aws::collect::{doc, failed, time, FAN_OUT};
use crate::providers::aws::normalize::{api, Input, PasswordPolicyState};
use crate::providers::aws::raw;
use aws_sdk_iam::error::ProvideErrorMetadata;
use futures::StreamExt;
use std::time::Duration;

pub(crate) async fn caller_identity(sts: &aws_sdk_sts::Client) -> Input<raw::CallerIdentity> {
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

pub(crate) fn inline(list: &[aws_sdk_iam::types::PolicyDetail]) -> Vec<raw::InlinePolicy> {
    list.iter()
        .map(|p| raw::InlinePolicy {
            policy_name: p.policy_name().unwrap_or_default().to_string(),
            policy_document: doc(p.policy_document()),
        })
        .collect()
}

pub(crate) fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<raw::AttachedPolicy> {
    list.iter()
        .filter_map(|p| {
            Some(raw::AttachedPolicy {
                policy_name: p.policy_name().map(str::to_string),
                policy_arn: p.policy_arn()?.to_string(),
            })
        })
        .collect()
}

pub(crate) fn tags(list: &[aws_sdk_iam::types::Tag]) -> Vec<raw::Tag> {
    list.iter()
        .map(|t| raw::Tag {
            key: t.key().to_string(),
            value: t.value().to_string(),
        })
        .collect()
}

pub(crate) async fn authorization_details(
    iam: &aws_sdk_iam::Client,
) -> Input<raw::AuthorizationDetails> {
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
pub(crate) async fn credential_report(iam: &aws_sdk_iam::Client) -> Input<raw::CredentialReport> {
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

pub(crate) async fn account_summary(iam: &aws_sdk_iam::Client) -> Input<raw::AccountSummary> {
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

pub(crate) async fn password_policy(iam: &aws_sdk_iam::Client) -> Input<PasswordPolicyState> {
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

pub(crate) async fn saml_providers(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::SamlProvider>> {
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

pub(crate) async fn oidc_providers(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::OidcProvider>> {
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

pub(crate) async fn virtual_mfa_devices(
    iam: &aws_sdk_iam::Client,
) -> Input<Vec<raw::VirtualMfaDevice>> {
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
pub(crate) async fn mfa_devices(
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
    let issued = !users.is_empty();
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
    crate::providers::aws::collect::fanned_out(op, issued, out)
}

pub(crate) async fn account_aliases(iam: &aws_sdk_iam::Client) -> Input<Vec<String>> {
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

/// `iam:ListRoles`, every page: each role's maximum session length.
pub(crate) async fn listed_roles(iam: &aws_sdk_iam::Client) -> Input<Vec<raw::ListedRole>> {
    match iam
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            api::LIST_ROLES,
            list.iter()
                .map(|r| raw::ListedRole {
                    arn: r.arn().to_string(),
                    max_session_duration: r.max_session_duration().map(|d| d as u64),
                })
                .collect(),
        ),
        Err(e) => failed(api::LIST_ROLES, &e),
    }
}
