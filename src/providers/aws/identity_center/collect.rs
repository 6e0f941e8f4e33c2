//! Live collection (feature `aws-live`) of IAM Identity Center and its identity store:
//! SDK responses → the raw types. Errors are classified by [`crate::providers::aws::errors`];
//! helpers and orchestration (clients, regions, org fan-out) live in
//! [`crate::providers::aws::collect`].

use crate::model::{Unavailable, UnavailableKind};
use crate::providers::aws::collect::{failed, failed_with, fanned_out, time, unavailable, FAN_OUT};
use crate::providers::aws::normalize::{api, Input};
use crate::providers::aws::raw;
use futures::StreamExt;

pub(crate) struct SsoInputs {
    pub(crate) instances: Input<Vec<raw::SsoInstance>>,
    pub(crate) permission_sets: Input<Vec<String>>,
    pub(crate) assignments: Input<Vec<raw::AccountAssignment>>,
    pub(crate) users: Input<Vec<raw::IdentityStoreUser>>,
    pub(crate) groups: Input<Vec<raw::IdentityStoreGroup>>,
    pub(crate) memberships: Input<Vec<raw::GroupMembership>>,
}

/// `sso:ListInstances` in one region (an instance lives in exactly one region).
pub(crate) async fn sso_instances(sso: &aws_sdk_ssoadmin::Client) -> Input<Vec<raw::SsoInstance>> {
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

/// The Identity Center instances' permission sets, the assignments to this account (with
/// `org_accounts`, to every account of the organization: each permission set's provisioned
/// accounts, then the assignments there) and the identity store's users, groups and group
/// memberships, each asked of the clients `clients_for` picks for the instance's region.
pub(crate) async fn identity_center<'c>(
    instances: Input<Vec<raw::SsoInstance>>,
    account_id: Option<&str>,
    org_accounts: Option<&[String]>,
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
                memberships: failed_with(api::GROUP_MEMBERSHIPS, &reason),
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
                groups: Input::Missing {
                    message: message.clone(),
                },
                memberships: Input::Missing { message },
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
                    memberships: failed_with(api::GROUP_MEMBERSHIPS, &reason),
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
        // Which (permission set, account) pairs to ask: this account's, or under `--org` every
        // account each permission set is provisioned to (assigning provisions it).
        let pairs: Vec<(String, String, &aws_sdk_ssoadmin::Client, String)> = match org_accounts {
            None => all
                .iter()
                .map(|(i, p, c)| (i.clone(), p.clone(), *c, account.to_string()))
                .collect(),
            Some(members) => {
                let provisioned = futures::stream::iter(all.iter().cloned())
                    .map(|(instance, pset, sso)| async move {
                        let r = sso
                            .list_accounts_for_provisioned_permission_set()
                            .instance_arn(&instance)
                            .permission_set_arn(&pset)
                            .into_paginator()
                            .items()
                            .send()
                            .try_collect()
                            .await;
                        (instance, pset, sso, r)
                    })
                    .buffer_unordered(FAN_OUT)
                    .collect::<Vec<_>>()
                    .await;
                let mut pairs = Vec::new();
                for (instance, pset, sso, r) in provisioned {
                    match r {
                        Ok(accounts) => pairs.extend(
                            accounts
                                .into_iter()
                                .filter(|a| members.contains(a))
                                .map(|a| (instance.clone(), pset.clone(), sso, a)),
                        ),
                        Err(e) => {
                            return (
                                Input::present(
                                    api::PERMISSION_SETS,
                                    all.into_iter().map(|p| p.1).collect(),
                                ),
                                failed(api::PROVISIONED_ACCOUNTS, &e),
                            )
                        }
                    }
                }
                pairs.sort_by(|a, b| (&a.1, &a.3).cmp(&(&b.1, &b.3)));
                pairs
            }
        };
        let results = futures::stream::iter(pairs)
            .map(|(instance, pset, sso, account)| async move {
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
    // Each group's members, to know who reaches an account through a group assignment.
    let memberships = match groups.data() {
        None => failed_with(
            api::GROUP_MEMBERSHIPS,
            &Unavailable {
                kind: UnavailableKind::NotCollected,
                message: "the identity store's groups were not read".to_string(),
            },
        ),
        Some(list) => {
            let asks: Vec<(String, String, &aws_sdk_identitystore::Client)> = list
                .iter()
                .filter_map(|g| {
                    let store = g.identity_store_id.clone()?;
                    let ids = stores.iter().find(|(s, _)| *s == store)?.1;
                    Some((store, g.group_id.clone(), ids))
                })
                .collect();
            let issued = !asks.is_empty();
            let results = futures::stream::iter(asks)
                .map(|(store, group, ids)| async move {
                    ids.list_group_memberships()
                        .identity_store_id(store)
                        .group_id(group)
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
            let mut failure = None;
            for r in results {
                match r {
                    Ok(list) => out.extend(list.iter().filter_map(|m| {
                        Some(raw::GroupMembership {
                            membership_id: Some(m.membership_id().to_string()),
                            group_id: m.group_id()?.to_string(),
                            member_id: raw::MemberId {
                                user_id: match m.member_id()? {
                                    aws_sdk_identitystore::types::MemberId::UserId(u) => {
                                        Some(u.clone())
                                    }
                                    _ => None,
                                },
                            },
                        })
                    })),
                    Err(e) => {
                        failure.get_or_insert_with(|| failed(api::GROUP_MEMBERSHIPS, &e));
                    }
                }
            }
            out.sort();
            failure.unwrap_or_else(|| fanned_out(api::GROUP_MEMBERSHIPS, issued, out))
        }
    };
    // No instance: nothing was listed; the identity store is known not to exist (the normalizer
    // reads a missing user list with an empty instance list as "no directory users").
    let (users, groups, memberships) = if instances.is_empty() {
        fn none<T>() -> Input<T> {
            Input::Missing {
                message: "no IAM Identity Center instance".to_string(),
            }
        }
        (none(), none(), none())
    } else {
        (users, groups, memberships)
    };
    SsoInputs {
        instances: Input::present(api::SSO_INSTANCES, instances),
        permission_sets,
        assignments,
        users,
        groups,
        memberships,
    }
}

pub(crate) fn store_external_ids(
    list: &[aws_sdk_identitystore::types::ExternalId],
) -> Vec<raw::ExternalId> {
    list.iter()
        .map(|x| raw::ExternalId {
            issuer: x.issuer().to_string(),
            id: Some(x.id().to_string()),
        })
        .collect()
}
