//! Privileged Access Manager entitlements → eligible (just-in-time) privileged assignments.

use super::raw::Entitlement;
use crate::model::PrivilegedAssignment;

/// One eligible assignment per principal and role of each active entitlement.
pub fn eligible(entitlements: &[Entitlement]) -> Vec<PrivilegedAssignment> {
    let mut out = Vec::new();
    for e in entitlements {
        if e.state.as_deref().is_some_and(|s| s != "AVAILABLE") {
            continue;
        }
        for role in e.roles() {
            for u in &e.eligible_users {
                for p in &u.principals {
                    out.push(PrivilegedAssignment {
                        role_id: None,
                        principal_type: None,
                        principal_name: None,
                        ends: None,
                        role: role.to_string(),
                        principal: p.clone(),
                        assignment: "eligible".into(),
                        resource: e.resource().map(str::to_string),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn available_entitlements_give_eligible_assignments() {
        let e: Vec<Entitlement> = serde_json::from_str(
            r#"[{"name":"projects/p/locations/global/entitlements/admin","state":"AVAILABLE",
                 "eligibleUsers":[{"principals":["group:admins@corp.example"]}],
                 "privilegedAccess":{"gcpIamAccess":{"roleBindings":[{"role":"roles/owner"}]}}},
                {"name":"projects/p/locations/global/entitlements/old","state":"DELETING",
                 "eligibleUsers":[{"principals":["user:a@corp.example"]}],
                 "privilegedAccess":{"gcpIamAccess":{"roleBindings":[{"role":"roles/owner"}]}}}]"#,
        )
        .unwrap();
        let a = eligible(&e);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].principal, "group:admins@corp.example");
        assert_eq!(a[0].resource.as_deref(), Some("projects/p"));
    }
}
