//! The one table of Microsoft Graph and ARM endpoints idgauge reads for an Entra tenant: the
//! path a live scan requests (`$select`/`$top` keep requests few), the operation name recorded in
//! `collection.api_calls` and in section sources, how an `az rest` export of it is recognised
//! (`@odata.context`, item keys, ARM ids), and the file-name words that link a saved error body
//! to it. The live collector and the export importer both read this table, so the two paths
//! cannot drift apart.

/// Which API an endpoint belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Graph,
    Arm,
}

/// What an endpoint returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"value": [...]}`, possibly paged with `@odata.nextLink` / `nextLink`.
    Collection,
    /// One object.
    Entity,
}

/// The endpoints, by what they feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Organization,
    Users,
    Registration,
    SecurityDefaults,
    CaPolicies,
    /// The tenant's authentication methods policy (which methods are enabled, for whom).
    AuthMethodsPolicy,
    /// Authentication strengths, built-in and custom.
    AuthStrengths,
    /// Conditional access named locations.
    NamedLocations,
    /// Identity Protection's risky users (Entra ID P2).
    RiskyUsers,
    RoleAssignments,
    RoleEligibility,
    ServicePrincipals,
    SyncJobs,
    AuthorizationPolicy,
    CrossTenantDefault,
    CrossTenantPartners,
    AccessReviews,
    DiagnosticSettings,
    /// ARM: the subscriptions the caller can read.
    Subscriptions,
    /// ARM: Azure RBAC role assignments of one subscription.
    ArmRoleAssignments,
    /// ARM: Microsoft Sentinel analytics rules of one Log Analytics workspace.
    SentinelAlertRules,
    /// ARM: Azure Monitor scheduled query (log search) alert rules of one subscription.
    ScheduledQueryRules,
    /// ARM: PIM for Azure resources, the eligible role assignments of one subscription.
    ArmRoleEligibility,
    /// ARM: PIM for Azure resources, the active role assignments of one subscription, each
    /// `Assigned` (standing or time-bound) or `Activated` (from an eligibility).
    ArmRoleAssignmentInstances,
}

#[derive(Debug)]
pub struct Endpoint {
    pub kind: Kind,
    /// `graph:<operation>` / `arm:<operation>`: the name in `api_calls`, section sources and the
    /// permission allow-list.
    pub op: &'static str,
    pub api: Api,
    pub shape: Shape,
    /// Path and query under the API's base URL (`{id}`: a service principal id, a subscription id,
    /// or a workspace's ARM id).
    pub path: &'static str,
    /// The `@odata.context` fragments after `$metadata#` that name it (none for ARM): the
    /// request's path, and where Graph's own answers differ from it, theirs too.
    pub contexts: &'static [&'static str],
    /// Words (lower case, letters only) one of which a file name must contain for a saved error
    /// body to be linked to this endpoint; the most specific endpoints come first in
    /// [`ENDPOINTS`].
    pub names: &'static [&'static str],
    /// The licence the data needs, for messages.
    pub licence: Option<&'static str>,
}

/// `$select` of the users request: only what normalization reads.
pub const USER_SELECT: &str = "id,userPrincipalName,displayName,userType,accountEnabled,createdDateTime,creationType,externalUserState,onPremisesSyncEnabled,employeeId,onPremisesImmutableId,signInActivity";

/// The same without `signInActivity`, for a tenant without Entra ID P1 (the live collector
/// retries with it so the other user facts are still read).
pub const USER_SELECT_UNLICENSED: &str = "id,userPrincipalName,displayName,userType,accountEnabled,createdDateTime,creationType,externalUserState,onPremisesSyncEnabled,employeeId,onPremisesImmutableId";

/// Every endpoint, the most specific file-name words first (so `userRegistrationDetails.json` is
/// not taken for `users`).
pub static ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        kind: Kind::ArmRoleEligibility,
        op: "arm:roleEligibilityScheduleInstances",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/subscriptions/{id}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01",
        contexts: &[],
        names: &["eligibilityscheduleinstances", "rbaceligib"],
        licence: Some("Entra ID P2"),
    },
    Endpoint {
        kind: Kind::ArmRoleAssignmentInstances,
        op: "arm:roleAssignmentScheduleInstances",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01",
        contexts: &[],
        names: &["assignmentscheduleinstances", "rbacschedule"],
        licence: Some("Entra ID P2"),
    },
    Endpoint {
        kind: Kind::SentinelAlertRules,
        op: "arm:sentinelAlertRules",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "{id}/providers/Microsoft.SecurityInsights/alertRules?api-version=2024-03-01",
        contexts: &[],
        names: &["sentinel"],
        licence: None,
    },
    Endpoint {
        kind: Kind::ScheduledQueryRules,
        op: "arm:scheduledQueryRules",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/subscriptions/{id}/providers/Microsoft.Insights/scheduledQueryRules?api-version=2023-12-01",
        contexts: &[],
        names: &["scheduledqueryrules", "logalerts"],
        licence: None,
    },
    Endpoint {
        kind: Kind::ArmRoleAssignments,
        op: "arm:roleAssignments",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
        contexts: &[],
        names: &["rbac", "azureroleassignments"],
        licence: None,
    },
    Endpoint {
        kind: Kind::Subscriptions,
        op: "arm:subscriptions",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/subscriptions?api-version=2022-12-01",
        contexts: &[],
        names: &["subscriptions"],
        licence: None,
    },
    Endpoint {
        kind: Kind::RiskyUsers,
        op: "graph:riskyUsers",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/identityProtection/riskyUsers",
        contexts: &["identityProtection/riskyUsers"],
        // Before `users`: "riskyusers" holds it.
        names: &["riskyuser"],
        licence: Some("Entra ID P2"),
    },
    Endpoint {
        kind: Kind::AuthMethodsPolicy,
        op: "graph:authenticationMethodsPolicy",
        api: Api::Graph,
        shape: Shape::Entity,
        path: "/v1.0/policies/authenticationMethodsPolicy",
        // The documented answer says `#authenticationMethodsPolicy`.
        contexts: &[
            "policies/authenticationMethodsPolicy",
            "authenticationMethodsPolicy",
        ],
        names: &["authenticationmethodspolicy", "methodspolicy"],
        licence: None,
    },
    Endpoint {
        kind: Kind::AuthStrengths,
        op: "graph:authenticationStrengthPolicies",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/policies/authenticationStrengthPolicies",
        // Also listed under the conditional-access root (authenticationStrengthRoot).
        contexts: &[
            "policies/authenticationStrengthPolicies",
            "identity/conditionalAccess/authenticationStrength/policies",
        ],
        names: &["authenticationstrength", "strength"],
        licence: None,
    },
    Endpoint {
        kind: Kind::NamedLocations,
        op: "graph:namedLocations",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/identity/conditionalAccess/namedLocations",
        // The documented answer says `#conditionalAccess/namedLocations`.
        contexts: &[
            "identity/conditionalAccess/namedLocations",
            "conditionalAccess/namedLocations",
        ],
        names: &["namedlocation"],
        licence: None,
    },
    Endpoint {
        kind: Kind::Registration,
        op: "graph:userRegistrationDetails",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=999",
        contexts: &["reports/authenticationMethods/userRegistrationDetails"],
        names: &["registration"],
        licence: Some("Entra ID P1"),
    },
    Endpoint {
        kind: Kind::SyncJobs,
        op: "graph:synchronizationJobs",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/servicePrincipals/{id}/synchronization/jobs",
        contexts: &["servicePrincipals('{id}')/synchronization/jobs"],
        names: &["synchronization", "syncjobs", "jobs"],
        licence: None,
    },
    Endpoint {
        kind: Kind::ServicePrincipals,
        op: "graph:servicePrincipals",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/servicePrincipals?$select=id,appId,displayName,accountEnabled,appRoleAssignmentRequired,preferredSingleSignOnMode,tags&$top=999",
        contexts: &["servicePrincipals"],
        names: &["serviceprincipals", "enterpriseapps"],
        licence: None,
    },
    Endpoint {
        kind: Kind::RoleEligibility,
        op: "graph:roleEligibilitySchedules",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/roleManagement/directory/roleEligibilitySchedules?$expand=principal",
        contexts: &["roleManagement/directory/roleEligibilitySchedules"],
        names: &["eligibility"],
        licence: Some("Entra ID P2"),
    },
    Endpoint {
        kind: Kind::RoleAssignments,
        op: "graph:roleAssignments",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/roleManagement/directory/roleAssignments?$expand=principal",
        contexts: &["roleManagement/directory/roleAssignments"],
        names: &["roleassignments"],
        licence: None,
    },
    Endpoint {
        kind: Kind::SecurityDefaults,
        op: "graph:identitySecurityDefaultsEnforcementPolicy",
        api: Api::Graph,
        shape: Shape::Entity,
        path: "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
        contexts: &["policies/identitySecurityDefaultsEnforcementPolicy"],
        names: &["securitydefaults"],
        licence: None,
    },
    Endpoint {
        kind: Kind::CaPolicies,
        op: "graph:conditionalAccessPolicies",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/identity/conditionalAccess/policies",
        contexts: &["identity/conditionalAccess/policies"],
        names: &["conditionalaccess"],
        licence: Some("Entra ID P1"),
    },
    Endpoint {
        kind: Kind::AuthorizationPolicy,
        op: "graph:authorizationPolicy",
        api: Api::Graph,
        shape: Shape::Entity,
        path: "/v1.0/policies/authorizationPolicy",
        contexts: &["policies/authorizationPolicy"],
        names: &["authorizationpolicy"],
        licence: None,
    },
    Endpoint {
        kind: Kind::CrossTenantPartners,
        op: "graph:crossTenantAccessPolicyPartners",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/policies/crossTenantAccessPolicy/partners",
        contexts: &["policies/crossTenantAccessPolicy/partners"],
        names: &["partners"],
        licence: None,
    },
    Endpoint {
        kind: Kind::CrossTenantDefault,
        op: "graph:crossTenantAccessPolicyDefault",
        api: Api::Graph,
        shape: Shape::Entity,
        path: "/v1.0/policies/crossTenantAccessPolicy/default",
        contexts: &["policies/crossTenantAccessPolicy/default"],
        names: &["crosstenant"],
        licence: None,
    },
    Endpoint {
        kind: Kind::AccessReviews,
        op: "graph:accessReviewDefinitions",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/identityGovernance/accessReviews/definitions",
        contexts: &["identityGovernance/accessReviews/definitions"],
        names: &["accessreview"],
        licence: Some("Entra ID P2 or Entra ID Governance"),
    },
    Endpoint {
        kind: Kind::Organization,
        op: "graph:organization",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/organization?$select=id,displayName,onPremisesSyncEnabled,onPremisesLastSyncDateTime",
        contexts: &["organization"],
        names: &["organization", "organisation", "tenant"],
        licence: None,
    },
    Endpoint {
        kind: Kind::Users,
        op: "graph:users",
        api: Api::Graph,
        shape: Shape::Collection,
        path: "/v1.0/users?$select={select}&$top=999",
        contexts: &["users"],
        names: &["users"],
        licence: None,
    },
    Endpoint {
        kind: Kind::DiagnosticSettings,
        op: "arm:aadiamDiagnosticSettings",
        api: Api::Arm,
        shape: Shape::Collection,
        path: "/providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01",
        contexts: &[],
        names: &["diagnostic", "aadiam"],
        licence: None,
    },
];

/// The endpoint of `kind`.
pub fn endpoint(kind: Kind) -> &'static Endpoint {
    ENDPOINTS
        .iter()
        .find(|e| e.kind == kind)
        .expect("every kind has an endpoint")
}

/// The endpoint an `@odata.context` URL names, and for synchronization jobs the service
/// principal id in it. The fragment after `$metadata#` must be the endpoint's path exactly, or
/// followed by `(`…`)` (a `$select`/`$expand`) or `/$entity`.
pub fn from_context(context: &str) -> Option<(Kind, Option<String>)> {
    let frag = context.split_once("$metadata#")?.1;
    if let Some(rest) = frag.strip_prefix("servicePrincipals('") {
        let (id, tail) = rest.split_once("')")?;
        return tail
            .starts_with("/synchronization/jobs")
            .then(|| (Kind::SyncJobs, Some(id.to_string())));
    }
    ENDPOINTS.iter().find_map(|e| {
        e.contexts.iter().find_map(|c| {
            let rest = frag.strip_prefix(c)?;
            (rest.is_empty() || rest.starts_with('(') || rest.starts_with("/$entity"))
                .then_some((e.kind, None))
        })
    })
}

/// The endpoint a file name links a saved error body to: the first endpoint (most specific
/// first) one of whose words the name contains, letters only, case-insensitive.
pub fn from_file_name(name: &str) -> Option<Kind> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let letters: String = stem
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ENDPOINTS
        .iter()
        .find(|e| e.names.iter().any(|w| letters.contains(w)))
        .map(|e| e.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_name_their_endpoint() {
        let g = "https://graph.microsoft.com/v1.0/$metadata#";
        for (frag, want) in [
            ("users(id,displayName,signInActivity)", Some(Kind::Users)),
            ("users", Some(Kind::Users)),
            (
                "reports/authenticationMethods/userRegistrationDetails",
                Some(Kind::Registration),
            ),
            (
                "policies/identitySecurityDefaultsEnforcementPolicy/$entity",
                Some(Kind::SecurityDefaults),
            ),
            (
                "roleManagement/directory/roleAssignments(principal())",
                Some(Kind::RoleAssignments),
            ),
            ("servicePrincipals(id,appId)", Some(Kind::ServicePrincipals)),
            ("organization", Some(Kind::Organization)),
            (
                "policies/crossTenantAccessPolicy/default/$entity",
                Some(Kind::CrossTenantDefault),
            ),
            (
                "policies/crossTenantAccessPolicy/partners",
                Some(Kind::CrossTenantPartners),
            ),
            ("authenticationMethodsPolicy", Some(Kind::AuthMethodsPolicy)),
            (
                "policies/authenticationMethodsPolicy/$entity",
                Some(Kind::AuthMethodsPolicy),
            ),
            (
                "policies/authenticationStrengthPolicies",
                Some(Kind::AuthStrengths),
            ),
            (
                "identity/conditionalAccess/authenticationStrength/policies",
                Some(Kind::AuthStrengths),
            ),
            (
                "conditionalAccess/namedLocations",
                Some(Kind::NamedLocations),
            ),
            (
                "identity/conditionalAccess/namedLocations",
                Some(Kind::NamedLocations),
            ),
            ("identityProtection/riskyUsers", Some(Kind::RiskyUsers)),
            ("usersAndMore", None),
            ("groups", None),
        ] {
            assert_eq!(
                from_context(&format!("{g}{frag}")).map(|x| x.0),
                want,
                "{frag}"
            );
        }
        assert_eq!(
            from_context(&format!(
                "{g}servicePrincipals('abc-1')/synchronization/jobs"
            )),
            Some((Kind::SyncJobs, Some("abc-1".into())))
        );
        assert_eq!(from_context("no metadata"), None);
    }

    #[test]
    fn file_names_link_error_bodies_most_specific_first() {
        for (name, want) in [
            ("users.json", Some(Kind::Users)),
            ("user-registration-details.json", Some(Kind::Registration)),
            ("roleEligibilitySchedules.json", Some(Kind::RoleEligibility)),
            ("role-assignments.json", Some(Kind::RoleAssignments)),
            ("sp-1234-synchronization-jobs.json", Some(Kind::SyncJobs)),
            ("service-principals.json", Some(Kind::ServicePrincipals)),
            (
                "cross-tenant-partners.json",
                Some(Kind::CrossTenantPartners),
            ),
            (
                "crossTenantAccessPolicy-default.json",
                Some(Kind::CrossTenantDefault),
            ),
            (
                "aadiam-diagnostic-settings.json",
                Some(Kind::DiagnosticSettings),
            ),
            (
                "sentinel-alertRules-sec-ws.json",
                Some(Kind::SentinelAlertRules),
            ),
            (
                "scheduledQueryRules-9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f.json",
                Some(Kind::ScheduledQueryRules),
            ),
            (
                "rbac-eligibility-7d1e0c2a-1111-4a2b-9c3d-000000000001.json",
                Some(Kind::ArmRoleEligibility),
            ),
            (
                "roleAssignmentScheduleInstances-7d1e0c2a-1111-4a2b-9c3d-000000000001.json",
                Some(Kind::ArmRoleAssignmentInstances),
            ),
            (
                "rbac-7d1e0c2a-1111-4a2b-9c3d-000000000001.json",
                Some(Kind::ArmRoleAssignments),
            ),
            (
                "authenticationMethodsPolicy.json",
                Some(Kind::AuthMethodsPolicy),
            ),
            (
                "conditionalAccess-authenticationStrength-policies.json",
                Some(Kind::AuthStrengths),
            ),
            (
                "conditionalAccess-namedLocations.json",
                Some(Kind::NamedLocations),
            ),
            ("conditionalAccessPolicies.json", Some(Kind::CaPolicies)),
            ("riskyUsers.json", Some(Kind::RiskyUsers)),
            ("whatever.json", None),
        ] {
            assert_eq!(from_file_name(name), want, "{name}");
        }
    }
}
