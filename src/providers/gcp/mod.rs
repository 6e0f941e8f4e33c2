//! Google Cloud and Google Workspace / Cloud Identity: Resource Manager (hierarchy, IAM
//! policies, audit configs), IAM (service accounts, keys, workforce identity federation),
//! Organization Policy, Cloud Logging and Monitoring, Privileged Access Manager, and the
//! Workspace directory and Cloud Identity SSO.
//!
//! Each service has a module — [`resource_manager`], [`iam`], [`org_policy`], [`logging`],
//! [`pam`], [`workspace`] — holding its wire types (`raw`) and normalization (`normalize`). The
//! modules below join them:
//!
//! - [`normalize`]: [`normalize::RawOrg`] (each input present, missing or failed) → organization
//!   and project scopes, inherited grants resolved per project;
//! - [`errors`]: Google error bodies → `unavailable` kinds (`PERMISSION_DENIED` and
//!   `SERVICE_DISABLED` distinct), for the importer and a live collector alike;
//! - [`export`]: a folder of `gcloud … --format=json` outputs and REST responses → one snapshot;
//! - [`permissions`]: the read-only method allow-list, the IAM roles and OAuth scopes needed;
//! - `collect` (feature `gcp-live`): the live collector, REST responses → the same `RawOrg`.

pub mod asset;
#[cfg(feature = "gcp-live")]
pub mod collect;
pub mod errors;
pub mod export;
pub mod iam;
pub mod logging;
pub mod normalize;
pub mod org_policy;
pub mod pam;
pub mod permissions;
pub mod resource_manager;
pub mod workspace;

pub use export::{import_files, GcpImporter};

/// The type of a GCP resource id as reports name it: IAM members (`user:…` → `GcpUser`,
/// `serviceAccount:…` → `GcpServiceAccount`, `group:` / `domain:`), resource names
/// (`projects/p/alertPolicies/1` → `GcpAlertPolicy`), scope ids (`gcp_project`).
pub fn resource_type(id: &str) -> Option<String> {
    let member = [
        ("user:", "GcpUser"),
        ("serviceAccount:", "GcpServiceAccount"),
        ("group:", "GcpGroup"),
        ("domain:", "GcpDomain"),
        ("principal://", "GcpWorkforcePrincipal"),
        ("principalSet://", "GcpWorkforcePrincipalSet"),
    ];
    if let Some((_, t)) = member.iter().find(|(p, _)| id.starts_with(p)) {
        return Some((*t).to_string());
    }
    if id.starts_with("gcp:") {
        return super::scope_type(crate::model::Provider::Gcp, id);
    }
    let kinds = [
        ("/alertPolicies/", "GcpAlertPolicy"),
        ("/auditConfigs/", "GcpAuditConfig"),
        ("/policies/", "GcpOrgPolicy"),
        ("/entitlements/", "GcpPamEntitlement"),
        ("/providers/", "GcpWorkforcePoolProvider"),
        ("inboundSamlSsoProfiles/", "GcpInboundSamlSsoProfile"),
    ];
    kinds
        .iter()
        .find(|(k, _)| id.contains(k))
        .map(|(_, t)| (*t).to_string())
}

#[cfg(test)]
mod tests {
    use super::resource_type;

    #[test]
    fn resource_types() {
        for (id, want) in [
            ("user:ann@corp.example", Some("GcpUser")),
            (
                "serviceAccount:ci@p.iam.gserviceaccount.com",
                Some("GcpServiceAccount"),
            ),
            ("group:admins@corp.example", Some("GcpGroup")),
            ("gcp:project:app", Some("gcp_project")),
            ("projects/p/alertPolicies/1", Some("GcpAlertPolicy")),
            (
                "organizations/1/policies/iam.allowedPolicyMemberDomains",
                Some("GcpOrgPolicy"),
            ),
            ("arn:aws:iam::1:user/x", None),
        ] {
            assert_eq!(resource_type(id).as_deref(), want, "{id}");
        }
    }
}
