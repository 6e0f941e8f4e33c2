//! Normalization of Organizations: SCPs as guardrails, and where they attach.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::GuardrailPolicy;
use crate::providers::aws::iam::normalize::denied_actions;
use crate::providers::aws::raw::{self, PolicyDocument};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn guardrail_kind(policy_type: Option<&str>) -> Option<&'static str> {
    match policy_type {
        None | Some("SERVICE_CONTROL_POLICY") => Some("scp"),
        Some("RESOURCE_CONTROL_POLICY") => Some("rcp"),
        _ => None,
    }
}

/// Which scope guardrails are normalized for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scoped<'a> {
    /// The organization: a policy with any target is attached.
    Organization,
    /// A member account: a target that is this account, the root or an OU (its OU path is not
    /// exported, so any OU is assumed to contain it) attaches the policy.
    Account(&'a str),
    /// The management account: SCPs and RCPs never apply to it, whatever their targets.
    ManagementAccount,
}

pub(crate) fn attaches(t: &raw::PolicyTarget, scope: Scoped) -> bool {
    let account = match scope {
        Scoped::Organization => return true,
        Scoped::ManagementAccount => return false,
        Scoped::Account(a) => a,
    };
    let ty = t.target_type.as_deref().unwrap_or("");
    t.target_id == account
        || ty.eq_ignore_ascii_case("ROOT")
        || ty.eq_ignore_ascii_case("ORGANIZATIONAL_UNIT")
        || (ty.is_empty() && (t.target_id.starts_with("r-") || t.target_id.starts_with("ou-")))
}

/// The guardrail policies and the gaps (customer policies whose content or targets are missing).
pub(crate) fn guardrail_policies(
    listed: &[raw::OrgPolicySummary],
    contents: &BTreeMap<String, String>,
    targets: &BTreeMap<String, Vec<raw::PolicyTarget>>,
    scope: Scoped,
) -> (Vec<GuardrailPolicy>, Vec<String>) {
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    let mut seen = BTreeSet::new();
    for p in listed {
        let Some(kind) = guardrail_kind(p.policy_type.as_deref()) else {
            continue;
        };
        if !seen.insert(p.id.clone()) {
            continue;
        }
        let denied = match contents.get(&p.id).map(|c| PolicyDocument::from_text(c)) {
            Some(Ok(doc)) => denied_actions(&doc),
            Some(Err(e)) => {
                gaps.push(format!("policy {} ({}): {e}", p.id, p.name));
                Vec::new()
            }
            None if p.aws_managed => Vec::new(),
            None => {
                gaps.push(format!(
                    "no organizations describe-policy output for {} {} ({}): what it denies is unknown",
                    kind.to_uppercase(),
                    p.id,
                    p.name
                ));
                Vec::new()
            }
        };
        let tgts = match targets.get(&p.id) {
            Some(t) => t.clone(),
            None if p.aws_managed => Vec::new(),
            None => {
                gaps.push(format!(
                    "no organizations list-targets-for-policy output for {} {} ({}): where it is attached is unknown",
                    kind.to_uppercase(),
                    p.id,
                    p.name
                ));
                Vec::new()
            }
        };
        let mut target_ids: Vec<String> = tgts.iter().map(|t| t.target_id.clone()).collect();
        target_ids.sort();
        target_ids.dedup();
        out.push(GuardrailPolicy {
            id: p.arn.clone().unwrap_or_else(|| p.id.clone()),
            name: p.name.clone(),
            kind: kind.to_string(),
            vendor_managed: p.aws_managed,
            attached: tgts.iter().any(|t| attaches(t, scope)),
            targets: target_ids,
            denied_actions: denied,
            enforced: None,
            allowed_values: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, gaps)
}
