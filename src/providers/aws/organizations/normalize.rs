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
    /// A member account and, when known, its place in the organization (root first, then its
    /// OUs): a target that is this account or on that path attaches the policy. Without the
    /// path, an OU target's attachment is unknown.
    Account(&'a str, Option<&'a [String]>),
    /// The management account: SCPs and RCPs never apply to it, whatever their targets.
    ManagementAccount,
}

/// Whether a target attaches a policy to the scope; `None` when that is unknown (an OU target,
/// for an account whose OU path was not read).
pub(crate) fn attaches(t: &raw::PolicyTarget, scope: Scoped) -> Option<bool> {
    let (account, path) = match scope {
        Scoped::Organization => return Some(true),
        Scoped::ManagementAccount => return Some(false),
        Scoped::Account(a, path) => (a, path),
    };
    if t.target_id == account {
        return Some(true);
    }
    let ty = t.target_type.as_deref().unwrap_or("");
    let root = ty.eq_ignore_ascii_case("ROOT") || (ty.is_empty() && t.target_id.starts_with("r-"));
    let ou = ty.eq_ignore_ascii_case("ORGANIZATIONAL_UNIT")
        || (ty.is_empty() && t.target_id.starts_with("ou-"));
    match path {
        Some(path) => Some(path.iter().any(|p| p == &t.target_id)),
        // An organization has one root, so a root target always applies.
        None if root => Some(true),
        None if ou => None,
        None => Some(false),
    }
}

/// An account's place in the organization, root first (`r-…`, `ou-…`, …), from
/// `organizations:ListParents` answers keyed by child id; `None` when a link is missing.
pub(crate) fn account_path(
    parents: &BTreeMap<String, Vec<raw::Parent>>,
    account: &str,
) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut child = account.to_string();
    // Organizations nests OUs at most five deep; the bound also stops a cycle in bad input.
    for _ in 0..8 {
        let parent = parents.get(&child)?.first()?;
        path.push(parent.id.clone());
        let ty = parent.parent_type.as_deref().unwrap_or("");
        if ty.eq_ignore_ascii_case("ROOT") || (ty.is_empty() && parent.id.starts_with("r-")) {
            path.reverse();
            return Some(path);
        }
        child = parent.id.clone();
    }
    None
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
        let attached = tgts.iter().map(|t| attaches(t, scope)).collect::<Vec<_>>();
        let attached = if attached.contains(&Some(true)) {
            true
        } else if attached.contains(&None) && !p.aws_managed {
            if let Scoped::Account(account, _) = scope {
                gaps.push(format!(
                    "{} {} ({}) is attached to an OU, and where account {account} sits in the \
                     organization is unknown (no organizations list-parents output for it, or \
                     for an OU above it): whether it applies is unknown",
                    kind.to_uppercase(),
                    p.id,
                    p.name
                ));
            }
            false
        } else {
            false
        };
        let mut target_ids: Vec<String> = tgts.iter().map(|t| t.target_id.clone()).collect();
        target_ids.sort();
        target_ids.dedup();
        out.push(GuardrailPolicy {
            id: p.arn.clone().unwrap_or_else(|| p.id.clone()),
            name: p.name.clone(),
            kind: kind.to_string(),
            vendor_managed: p.aws_managed,
            attached,
            targets: target_ids,
            denied_actions: denied,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, gaps)
}
