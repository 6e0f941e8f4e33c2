//! Live collection (feature `aws-live`) of Organizations:
//! SDK responses → the raw types. Errors are classified by [`crate::providers::aws::errors`];
//! helpers and orchestration (clients, regions, org fan-out) live in
//! [`crate::providers::aws::collect`].

use crate::model::{Unavailable, UnavailableKind};
use crate::providers::aws::collect::{
    failed, failed_with, fanned_out, not_needed, unavailable, FAN_OUT,
};
use crate::providers::aws::normalize::{api, Input, OrganizationState};
use crate::providers::aws::raw;
use aws_sdk_iam::error::ProvideErrorMetadata;
use futures::StreamExt;
use std::collections::BTreeMap;

pub(crate) struct OrgInputs {
    pub(crate) organization: Input<OrganizationState>,
    pub(crate) policies: Input<Vec<raw::OrgPolicySummary>>,
    pub(crate) contents: Input<BTreeMap<String, String>>,
    pub(crate) targets: Input<BTreeMap<String, Vec<raw::PolicyTarget>>>,
}

/// DescribeOrganization; for a member, its SCPs with their content and targets.
/// `AWSOrganizationsNotInUseException` is a standalone account, not an error.
pub(crate) async fn organizations(org: &aws_sdk_organizations::Client) -> OrgInputs {
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
    let issued = !ids.is_empty();
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
            .unwrap_or_else(|| fanned_out(api::DESCRIBE_POLICY, issued, content_map)),
        targets: target_input
            .unwrap_or_else(|| fanned_out(api::POLICY_TARGETS, issued, target_map)),
    }
}

/// `organizations:ListParents` for each of `children` (accounts) and, walking up, for each OU
/// met on the way, each asked once, `FAN_OUT` at a time: child id → its parents.
pub(crate) async fn org_parents(
    org: &aws_sdk_organizations::Client,
    children: Vec<String>,
) -> Input<BTreeMap<String, Vec<raw::Parent>>> {
    let mut out: BTreeMap<String, Vec<raw::Parent>> = BTreeMap::new();
    let mut next = children;
    // Organizations nests OUs at most five deep: a bounded number of rounds.
    for _ in 0..8 {
        next.sort();
        next.dedup();
        next.retain(|c| !out.contains_key(c));
        if next.is_empty() {
            break;
        }
        let answers = futures::stream::iter(std::mem::take(&mut next))
            .map(|child| async move {
                let r = org
                    .list_parents()
                    .child_id(&child)
                    .into_paginator()
                    .send()
                    .try_collect()
                    .await;
                (child, r)
            })
            .buffer_unordered(FAN_OUT)
            .collect::<Vec<_>>()
            .await;
        for (child, r) in answers {
            match r {
                Ok(pages) => {
                    let parents: Vec<raw::Parent> = pages
                        .iter()
                        .flat_map(|page| page.parents())
                        .filter_map(|p| {
                            Some(raw::Parent {
                                id: p.id()?.to_string(),
                                parent_type: p.r#type().map(|t| t.as_str().to_string()),
                            })
                        })
                        .collect();
                    next.extend(
                        parents
                            .iter()
                            .filter(|p| p.id.starts_with("ou-"))
                            .map(|p| p.id.clone()),
                    );
                    out.insert(child, parents);
                }
                Err(e) => return failed(api::ORG_PARENTS, &e),
            }
        }
    }
    Input::present(api::ORG_PARENTS, out)
}
