//! What idgauge may ask Google: the read-only method allow-list every collector request is
//! checked against, and the IAM roles and OAuth scopes a scan needs (`idgauge permissions gcp`).
//!
//! Methods are named `service:method` after the REST reference (`iam:projects.serviceAccounts.list`).
//! `getIamPolicy` (Resource Manager's, and Identity-Aware Proxy's
//! `projects/<id>/iap_web:getIamPolicy`) is an HTTP POST (its body carries
//! `requestedPolicyVersion`) that reads and changes nothing: it is allowed by name, never by its
//! verb.

use serde_json::{json, Value};

/// Every Google API method idgauge may call.
pub const METHODS: &[&str] = &[
    "cloudresourcemanager:organizations.get",
    "cloudresourcemanager:organizations.search",
    "cloudresourcemanager:folders.search",
    "cloudresourcemanager:projects.get",
    "cloudresourcemanager:projects.search",
    "cloudresourcemanager:organizations.getIamPolicy",
    "cloudresourcemanager:folders.getIamPolicy",
    "cloudresourcemanager:projects.getIamPolicy",
    "iap:projects.iap_web.getIamPolicy",
    "orgpolicy:policies.list",
    "iam:projects.serviceAccounts.list",
    "iam:projects.serviceAccounts.keys.list",
    "iam:locations.workforcePools.list",
    "iam:locations.workforcePools.providers.list",
    "logging:projects.metrics.list",
    "logging:sinks.list",
    "cloudasset:assets.list",
    "monitoring:projects.alertPolicies.list",
    "privilegedaccessmanager:entitlements.list",
    "admin:directory.users.list",
    "admin:reports.usage.users.get",
    "cloudidentity:inboundSamlSsoProfiles.list",
    "cloudidentity:inboundSsoAssignments.list",
    "cloudidentity:policies.list",
    "admin:directory.orgunits.list",
];

/// Is `method` read-only? Only `list`, `search`, `get` and `getIamPolicy` methods of the
/// allow-list; `setIamPolicy`, `create`, `delete`, `patch`, `testIamPermissions`… are refused.
pub fn is_read_only(method: &str) -> bool {
    let Some((_, name)) = method.split_once(':') else {
        return false;
    };
    let verb = name.rsplit('.').next().unwrap_or("");
    METHODS.contains(&method) && matches!(verb, "list" | "search" | "get" | "getIamPolicy")
}

/// Roles to grant the scanning identity on the organization node.
pub const ROLES: &[(&str, &str)] = &[
    (
        "roles/browser",
        "list the organization, folders and projects",
    ),
    (
        "roles/iam.securityReviewer",
        "read IAM policies (Identity-Aware Proxy's included), service accounts and their keys",
    ),
    ("roles/orgpolicy.policyViewer", "read organization policies"),
    ("roles/logging.viewer", "read log-based metrics and log sinks"),
    (
        "roles/cloudasset.viewer",
        "list IAM policies, service accounts, keys, metrics and sinks of the whole organization in a few requests (Cloud Asset API enabled in the quota project)",
    ),
    ("roles/monitoring.viewer", "read alert policies"),
    (
        "roles/iam.workforcePoolViewer",
        "read workforce identity pools and providers",
    ),
    (
        "roles/privilegedaccessmanager.viewer",
        "read PAM entitlements",
    ),
];

/// OAuth scopes: cloud-platform read-only for Google Cloud, and the Workspace admin scopes (a
/// Workspace admin's credentials or domain-wide delegation) for the directory and SSO.
pub const SCOPES: &[(&str, &str)] = &[
    (
        "https://www.googleapis.com/auth/cloud-platform.read-only",
        "Google Cloud APIs",
    ),
    (
        "https://www.googleapis.com/auth/cloud-platform",
        "Cloud Asset Inventory, whose methods accept no read-only scope; what the token can do is bounded by the viewer roles above (without this scope idgauge reads each resource instead)",
    ),
    (
        "https://www.googleapis.com/auth/admin.directory.user.readonly",
        "Workspace users, 2SV, super admins",
    ),
    (
        "https://www.googleapis.com/auth/admin.reports.usage.readonly",
        "security keys per user",
    ),
    (
        "https://www.googleapis.com/auth/cloud-identity.inboundsso.readonly",
        "inbound SAML SSO profiles",
    ),
    (
        "https://www.googleapis.com/auth/cloud-identity.policies.readonly",
        "Workspace sign-in settings (2SV enforcement and allowed methods, session length) of the Cloud Identity Policy API; a super admin's credentials",
    ),
    (
        "https://www.googleapis.com/auth/admin.directory.orgunit.readonly",
        "organisational units, which those settings target",
    ),
];

/// `idgauge permissions gcp`: the roles, scopes and methods, as JSON.
pub fn document() -> Value {
    json!({
        "roles": ROLES.iter().map(|(r, why)| json!({"role": r, "why": why})).collect::<Vec<_>>(),
        "grant_on": "organizations/<ORG_ID> (gcloud organizations add-iam-policy-binding ORG_ID --member=... --role=...)",
        "oauth_scopes": SCOPES.iter().map(|(s, why)| json!({"scope": s, "why": why})).collect::<Vec<_>>(),
        "workspace": "The Workspace / Cloud Identity data needs a Workspace admin (a read-only custom admin role with Users, Organizational Units read and Reports) signing in with these scopes, and for the sign-in settings (Cloud Identity Policy API) a super admin; without them those sections are unavailable, not failed.",
        "methods": METHODS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_are_allowed() {
        for m in METHODS {
            assert!(is_read_only(m), "{m}");
        }
        // A POST, accepted as a read by its name.
        assert!(is_read_only("iap:projects.iap_web.getIamPolicy"));
        for m in [
            "cloudresourcemanager:projects.setIamPolicy",
            "iap:projects.iap_web.setIamPolicy",
            "iam:projects.serviceAccounts.keys.create",
            "cloudresourcemanager:projects.testIamPermissions",
            "orgpolicy:policies.patch",
            "getIamPolicy",
        ] {
            assert!(!is_read_only(m), "{m}");
        }
    }
}
