//! Organization policies set along a resource's ancestry → the effective policy of each
//! identity constraint at that resource, as guardrails.
//!
//! Evaluation, nearest resource first: a policy with `reset` stops inheritance (the constraint's
//! default, i.e. not enforced); a list policy with `inheritFromParent` adds its values to its
//! parent's; otherwise the nearest policy with a spec decides. A rule with a `condition` enforces
//! only sometimes, so only unconditional rules count. For a boolean constraint, `enforce: true`
//! enforces; for a list constraint, `allowedValues` (or `denyAll`) restricts, `allowAll` lifts.

use super::raw::Policy;
use crate::model::GuardrailPolicy;
use std::collections::BTreeMap;

/// Constraints idgauge reads, with whether they are list constraints.
pub const IDENTITY_CONSTRAINTS: &[(&str, bool)] = &[
    ("iam.allowedPolicyMemberDomains", true),
    ("iam.managed.allowedPolicyMembers", true),
    ("iam.disableServiceAccountKeyCreation", false),
    ("iam.managed.disableServiceAccountKeyCreation", false),
    ("iam.disableServiceAccountKeyUpload", false),
    ("iam.managed.disableServiceAccountKeyUpload", false),
    ("iam.serviceAccountKeyExpiryHours", true),
    ("iam.automaticIamGrantsForDefaultServiceAccounts", false),
];

/// The effective identity guardrails at the last resource of `chain` (nearest first):
/// `(resource, policies set there)`.
pub fn effective(chain: &[(String, &[Policy])]) -> Vec<GuardrailPolicy> {
    let mut out = Vec::new();
    for (constraint, list) in IDENTITY_CONSTRAINTS {
        let mut enforced: Option<bool> = None;
        let mut values: Vec<String> = Vec::new();
        let mut targets: Vec<String> = Vec::new();
        for (resource, policies) in chain {
            let Some(spec) = policies
                .iter()
                .find(|p| p.split().is_some_and(|(_, c)| c == *constraint))
                .and_then(|p| p.spec.as_ref())
            else {
                continue;
            };
            if spec.reset {
                targets.push(resource.clone());
                break;
            }
            targets.push(resource.clone());
            let unconditional = spec.rules.iter().filter(|r| r.condition.is_none());
            if *list {
                let mut restricts = false;
                let mut lifts = false;
                for r in unconditional {
                    if let Some(v) = &r.values {
                        values.extend(v.allowed_values.iter().cloned());
                        restricts |= !v.allowed_values.is_empty();
                    }
                    restricts |= r.deny_all == Some(true);
                    lifts |= r.allow_all == Some(true);
                }
                if enforced.is_none() {
                    enforced = Some(restricts && !lifts);
                } else {
                    enforced = enforced.map(|e| e || restricts);
                }
                if !spec.inherit_from_parent || lifts {
                    break;
                }
            } else {
                let mut on = None;
                for r in unconditional {
                    if let Some(e) = r.enforce {
                        on = Some(on.unwrap_or(false) || e);
                    }
                }
                if let Some(e) = on {
                    enforced = Some(e);
                    break;
                }
            }
        }
        if targets.is_empty() {
            continue;
        }
        values.sort();
        values.dedup();
        targets.sort();
        out.push(GuardrailPolicy {
            id: format!("{}/policies/{constraint}", targets[0]),
            name: constraint.to_string(),
            kind: "org_policy".into(),
            vendor_managed: false,
            attached: true,
            targets,
            denied_actions: Vec::new(),
            enforced: Some(enforced.unwrap_or(false)),
            allowed_values: values,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Whether membership is restricted to named domains / customers at this resource.
pub fn domain_restricted(policies: &[GuardrailPolicy]) -> bool {
    policies.iter().any(|p| {
        (p.name == "iam.allowedPolicyMemberDomains" || p.name == "iam.managed.allowedPolicyMembers")
            && p.enforced == Some(true)
    })
}

/// Policies keyed by the resource they are set on.
pub fn by_resource(policies: &[Policy]) -> BTreeMap<String, Vec<Policy>> {
    let mut m: BTreeMap<String, Vec<Policy>> = BTreeMap::new();
    for p in policies {
        if let Some((res, _)) = p.split() {
            m.entry(res.to_string()).or_default().push(p.clone());
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pols(json: &str) -> Vec<Policy> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn nearest_boolean_policy_wins_and_conditions_do_not_enforce() {
        let org = pols(
            r#"[{"name":"organizations/1/policies/iam.disableServiceAccountKeyCreation","spec":{"rules":[{"enforce":true}]}}]"#,
        );
        let proj = pols(
            r#"[{"name":"projects/p/policies/iam.disableServiceAccountKeyCreation","spec":{"rules":[{"enforce":false}]}}]"#,
        );
        let cond = pols(
            r#"[{"name":"projects/q/policies/iam.disableServiceAccountKeyCreation","spec":{"rules":[{"enforce":true,"condition":{"expression":"x"}}]}}]"#,
        );
        let get = |chain: &[(String, &[Policy])]| {
            effective(chain)
                .into_iter()
                .find(|g| g.name == "iam.disableServiceAccountKeyCreation")
                .unwrap()
                .enforced
        };
        assert_eq!(get(&[("organizations/1".into(), &org)]), Some(true));
        assert_eq!(
            get(&[
                ("projects/p".into(), &proj),
                ("organizations/1".into(), &org)
            ]),
            Some(false)
        );
        assert_eq!(
            get(&[
                ("projects/q".into(), &cond),
                ("organizations/1".into(), &org)
            ]),
            Some(true)
        );
    }

    #[test]
    fn list_policies_merge_when_inheriting_and_reset_stops() {
        let org = pols(
            r#"[{"name":"organizations/1/policies/iam.allowedPolicyMemberDomains","spec":{"rules":[{"values":{"allowedValues":["C0abc"]}}]}}]"#,
        );
        let merge = pols(
            r#"[{"name":"projects/p/policies/iam.allowedPolicyMemberDomains","spec":{"inheritFromParent":true,"rules":[{"values":{"allowedValues":["C0def"]}}]}}]"#,
        );
        let reset = pols(
            r#"[{"name":"projects/r/policies/iam.allowedPolicyMemberDomains","spec":{"reset":true}}]"#,
        );
        let g = effective(&[
            ("projects/p".into(), &merge),
            ("organizations/1".into(), &org),
        ]);
        assert_eq!(g[0].allowed_values, ["C0abc", "C0def"]);
        assert!(domain_restricted(&g));
        let g = effective(&[
            ("projects/r".into(), &reset),
            ("organizations/1".into(), &org),
        ]);
        assert!(!domain_restricted(&g));
        assert!(effective(&[("projects/z".into(), &[])]).is_empty());
    }
}
