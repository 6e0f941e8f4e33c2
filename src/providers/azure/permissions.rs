//! What idgauge may ask Microsoft Graph and ARM: the read-only operation allow-list every
//! collector request is checked against (only `GET`, only these endpoints), and the Graph
//! application permissions and Azure role a scan needs (`idgauge permissions azure`).

use super::endpoints::ENDPOINTS;
use serde_json::{json, Value};

/// Every operation idgauge's Azure collector may issue (all `GET`), as recorded in
/// `collection.api_calls`.
pub fn operations() -> Vec<&'static str> {
    let mut ops: Vec<&'static str> = ENDPOINTS.iter().map(|e| e.op).collect();
    ops.sort();
    ops
}

/// Is `op` one of idgauge's read operations, sent with `method`? Anything but `GET` is refused.
pub fn is_read_only(method: &str, op: &str) -> bool {
    method == "GET" && ENDPOINTS.iter().any(|e| e.op == op)
}

/// Microsoft Graph application permissions (all `*.Read*`), with what each is for.
pub const GRAPH_PERMISSIONS: &[(&str, &str)] = &[
    (
        "Organization.Read.All",
        "/organization: tenant id, on-premises sync",
    ),
    ("User.Read.All", "/users: members, guests, sync flags"),
    (
        "AuditLog.Read.All",
        "signInActivity on users and userRegistrationDetails (Entra ID P1)",
    ),
    (
        "Policy.Read.All",
        "conditional access and its named locations and authentication strengths, security defaults, authorization and cross-tenant policies",
    ),
    (
        "Policy.Read.AuthenticationMethod",
        "the authentication methods policy (which sign-in and MFA methods are enabled, for whom)",
    ),
    (
        "RoleManagement.Read.Directory",
        "directory role assignments and PIM eligibility schedules",
    ),
    (
        "Application.Read.All",
        "service principals (SAML/OIDC/password SSO apps)",
    ),
    (
        "Synchronization.Read.All",
        "provisioning (SCIM) jobs of the SSO apps",
    ),
    (
        "IdentityRiskyUser.Read.All",
        "Identity Protection risky users (Entra ID P2)",
    ),
    (
        "AccessReview.Read.All",
        "access review definitions (Entra ID P2 / Governance)",
    ),
];

/// Azure RBAC roles (all read-only), their scope and what each is for.
pub const ARM_ROLES: &[(&str, &str, &str)] = &[
    (
        "Reader (or Security Reader)",
        "/providers/Microsoft.aadiam",
        "Entra diagnostic settings (microsoft.aadiam/diagnosticSettings/read), which subscription Reader does not cover",
    ),
    (
        "Reader",
        "each subscription assessed",
        "Azure RBAC role assignments (Microsoft.Authorization/roleAssignments/read)",
    ),
    (
        "Reader (or Microsoft Sentinel Reader and Monitoring Reader)",
        "the subscription of each Log Analytics workspace that receives SignInLogs",
        "Sentinel analytics rules (Microsoft.SecurityInsights/alertRules/read) and Azure Monitor log search alerts (Microsoft.Insights/scheduledQueryRules/read) on failed sign-ins",
    ),
];

/// `idgauge permissions azure`: the permissions as JSON.
pub fn document() -> Value {
    json!({
        "graph_application_permissions": GRAPH_PERMISSIONS
            .iter()
            .map(|(p, why)| json!({"permission": p, "for": why}))
            .collect::<Vec<_>>(),
        "arm_roles": ARM_ROLES
            .iter()
            .map(|(role, scope, why)| json!({"role": role, "scope": scope, "for": why}))
            .collect::<Vec<_>>(),
        "operations": operations(),
        "methods": ["GET"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_gets_are_read_only() {
        for op in operations() {
            assert!(is_read_only("GET", op), "{op}");
            assert!(!is_read_only("POST", op), "{op}");
            assert!(!is_read_only("PATCH", op), "{op}");
        }
        assert!(!is_read_only("GET", "graph:invitations"));
    }

    #[test]
    fn every_graph_permission_only_reads() {
        for (p, _) in GRAPH_PERMISSIONS {
            assert!(p.contains(".Read."), "{p}");
        }
        assert_eq!(document()["methods"], json!(["GET"]));
    }
}
