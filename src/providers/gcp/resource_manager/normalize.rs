//! IAM policies → who holds which role where: member classification (`user:`, `group:`,
//! `domain:`, `serviceAccount:`, workforce `principal://` / `principalSet://`, `allUsers`),
//! privileged roles, time-bound conditions, consumer (gmail.com) accounts, the ancestry of a
//! resource (project → folders → organization) and the grants a resource inherits from it, and
//! audit configs.

use super::raw::{Folder, Policy};
use crate::model::{AuditLog, Grant};
use std::collections::BTreeMap;

/// Domains of Google consumer accounts: people's private accounts, outside the organisation.
pub const CONSUMER_DOMAINS: &[&str] = &["gmail.com", "googlemail.com"];

/// Roles treated as privileged: the basic owner/editor roles and the roles that administer IAM,
/// the hierarchy, organization policy, service-account credentials or privileged access.
pub const PRIVILEGED_ROLES: &[&str] = &[
    "roles/owner",
    "roles/editor",
    "roles/resourcemanager.organizationAdmin",
    "roles/resourcemanager.folderAdmin",
    "roles/resourcemanager.folderIamAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/iam.securityAdmin",
    "roles/iam.organizationRoleAdmin",
    "roles/iam.roleAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountKeyAdmin",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.workforcePoolAdmin",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/orgpolicy.policyAdmin",
    "roles/privilegedaccessmanager.admin",
    "roles/billing.admin",
];

/// The basic (primitive) roles.
pub const BASIC_ROLES: &[&str] = &["roles/owner", "roles/editor", "roles/viewer"];

pub fn is_privileged(role: &str) -> bool {
    PRIVILEGED_ROLES.contains(&role)
}

/// What an IAM member string names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Member {
    /// `user:` — a Google account (Workspace, Cloud Identity or consumer).
    User(String),
    /// `serviceAccount:`.
    ServiceAccount(String),
    /// `group:`.
    Group(String),
    /// `domain:` — every account of a Workspace / Cloud Identity domain.
    Domain(String),
    /// `principal://iam.googleapis.com/locations/global/workforcePools/…/subject/…`.
    WorkforcePrincipal(String),
    /// `principalSet://…workforcePools/…` (a federated group or a whole pool).
    WorkforceSet(String),
    /// `allUsers`, `allAuthenticatedUsers`.
    Public(String),
    /// `deleted:…`, project convenience values, workload identity: not a person or a group.
    Other(String),
}

impl Member {
    pub fn parse(m: &str) -> Member {
        if let Some(e) = m.strip_prefix("user:") {
            Member::User(e.to_ascii_lowercase())
        } else if let Some(e) = m.strip_prefix("serviceAccount:") {
            Member::ServiceAccount(e.to_ascii_lowercase())
        } else if let Some(e) = m.strip_prefix("group:") {
            Member::Group(e.to_ascii_lowercase())
        } else if let Some(d) = m.strip_prefix("domain:") {
            Member::Domain(d.to_ascii_lowercase())
        } else if m.starts_with("principal://") && m.contains("/workforcePools/") {
            Member::WorkforcePrincipal(m.to_string())
        } else if m.starts_with("principalSet://") && m.contains("/workforcePools/") {
            Member::WorkforceSet(m.to_string())
        } else if m == "allUsers" || m == "allAuthenticatedUsers" {
            Member::Public(m.to_string())
        } else {
            Member::Other(m.to_string())
        }
    }

    /// The member string as IAM writes it (normalized case for e-mail members).
    pub fn id(&self) -> String {
        match self {
            Member::User(e) => format!("user:{e}"),
            Member::ServiceAccount(e) => format!("serviceAccount:{e}"),
            Member::Group(e) => format!("group:{e}"),
            Member::Domain(d) => format!("domain:{d}"),
            Member::WorkforcePrincipal(s)
            | Member::WorkforceSet(s)
            | Member::Public(s)
            | Member::Other(s) => s.clone(),
        }
    }

    /// The display name: the e-mail, domain or principal URI.
    pub fn name(&self) -> String {
        match self {
            Member::User(e) | Member::ServiceAccount(e) | Member::Group(e) | Member::Domain(e) => {
                e.clone()
            }
            Member::WorkforcePrincipal(s)
            | Member::WorkforceSet(s)
            | Member::Public(s)
            | Member::Other(s) => s.clone(),
        }
    }

    /// A person or a set of people (not a workload, not a placeholder).
    pub fn is_human(&self) -> bool {
        matches!(
            self,
            Member::User(_)
                | Member::Group(_)
                | Member::Domain(_)
                | Member::WorkforcePrincipal(_)
                | Member::WorkforceSet(_)
                | Member::Public(_)
        )
    }
}

/// A `user:` in a consumer domain (gmail.com).
pub fn is_consumer(email: &str) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, d)| CONSUMER_DOMAINS.contains(&d.to_ascii_lowercase().as_str()))
}

/// The condition ends the grant (`request.time < timestamp(…)`, with or without spaces).
pub fn is_time_bound(expression: &str) -> bool {
    let compact: String = expression.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("request.time<")
}

/// One member's grant.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberGrant {
    pub member: Member,
    pub grant: Grant,
}

/// The grants of `policy` (set on `resource`), one per member and binding, in policy order.
pub fn grants(resource: &str, policy: &Policy) -> Vec<MemberGrant> {
    let mut out = Vec::new();
    for b in &policy.bindings {
        let condition = b.condition.as_ref().map(|c| c.expression.clone());
        let time_bound = condition.as_deref().is_some_and(is_time_bound);
        for m in &b.members {
            out.push(MemberGrant {
                member: Member::parse(m),
                grant: Grant {
                    role: b.role.clone(),
                    resource: resource.to_string(),
                    condition: condition.clone(),
                    time_bound,
                    privileged: is_privileged(&b.role),
                },
            });
        }
    }
    out
}

/// The ancestors of `parent` (itself first) up to the organization, from the folder list.
/// `Err(folder)` names the first folder whose parent is not known.
pub fn ancestry(parent: &str, folders: &BTreeMap<String, Folder>) -> Result<Vec<String>, String> {
    let mut chain = Vec::new();
    let mut cur = parent.to_string();
    loop {
        if chain.contains(&cur) || chain.len() > 64 {
            return Err(cur);
        }
        chain.push(cur.clone());
        if cur.starts_with("organizations/") {
            return Ok(chain);
        }
        match folders.get(&cur) {
            Some(f) => cur = f.parent.clone(),
            None => return Err(cur),
        }
    }
}

/// The scope's audit logging, one entry per (resource, service) audit config along the chain.
pub fn audit_logs(chain: &[(String, &Policy)]) -> Vec<AuditLog> {
    let mut out = Vec::new();
    for (resource, policy) in chain {
        for c in &policy.audit_configs {
            let mut types: Vec<String> = c
                .audit_log_configs
                .iter()
                .map(|l| l.log_type.clone())
                .collect();
            types.sort();
            types.dedup();
            let mut exempted: Vec<String> = c
                .audit_log_configs
                .iter()
                .flat_map(|l| l.exempted_members.iter().cloned())
                .collect();
            exempted.sort();
            exempted.dedup();
            out.push(AuditLog {
                id: format!("{resource}/auditConfigs/{}", c.service),
                name: c.service.clone(),
                kind: "gcp_audit_config".into(),
                home_region: None,
                multi_region: true,
                logging: Some(!types.is_empty()),
                log_file_validation: false,
                include_global_events: true,
                management_events: Some(true),
                organization_trail: resource.starts_with("organizations/"),
                streams_to_logs: true,
                service: Some(c.service.clone()),
                log_types: types,
                exempted_members: exempted,
                log_group: None,
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_classified() {
        assert_eq!(
            Member::parse("user:Ann@Corp.example"),
            Member::User("ann@corp.example".into())
        );
        assert!(matches!(Member::parse("group:g@x"), Member::Group(_)));
        assert!(matches!(
            Member::parse("domain:x.example"),
            Member::Domain(_)
        ));
        assert!(matches!(
            Member::parse(
                "principalSet://iam.googleapis.com/locations/global/workforcePools/p/group/admins"
            ),
            Member::WorkforceSet(_)
        ));
        assert!(matches!(
            Member::parse(
                "principal://iam.googleapis.com/locations/global/workforcePools/p/subject/ann"
            ),
            Member::WorkforcePrincipal(_)
        ));
        assert!(matches!(
            Member::parse("deleted:user:old@x?uid=1"),
            Member::Other(_)
        ));
        assert!(!Member::parse("serviceAccount:a@p.iam.gserviceaccount.com").is_human());
        assert!(is_consumer("bob@GMAIL.com"));
        assert!(!is_consumer("bob@corp.example"));
    }

    #[test]
    fn time_bound_conditions() {
        assert!(is_time_bound(
            "request.time < timestamp('2020-10-01T00:00:00.000Z')"
        ));
        assert!(is_time_bound("request.time<timestamp(\"2020\")"));
        assert!(!is_time_bound("resource.name.startsWith('x')"));
    }

    #[test]
    fn ancestry_walks_folders_to_the_organization() {
        let f = |n: &str, p: &str| {
            (
                n.to_string(),
                Folder {
                    name: n.into(),
                    parent: p.into(),
                    display_name: None,
                    lifecycle_state: None,
                    state: None,
                },
            )
        };
        let folders: BTreeMap<_, _> = [
            f("folders/2", "folders/1"),
            f("folders/1", "organizations/9"),
            f("folders/7", "folders/7"),
        ]
        .into();
        assert_eq!(
            ancestry("folders/2", &folders).unwrap(),
            ["folders/2", "folders/1", "organizations/9"]
        );
        assert_eq!(ancestry("folders/5", &folders), Err("folders/5".into()));
        assert_eq!(ancestry("folders/7", &folders), Err("folders/7".into()));
    }
}
