//! Workspace / Cloud Identity → directory users and SSO.
//!
//! - A user is active unless suspended or archived; `lastLoginTime` of the epoch means never.
//! - A user is provisioned from an IdP or a directory sync when it carries `externalIds`.
//! - Security keys come from the accounts usage report when one was read, by e-mail.
//! - With the Cloud Identity policies and the organisational units read, each user also carries
//!   what those policies decide for their unit (2SV enforced, security keys only; see
//!   [`super::sign_in`]); the per-user `isEnforcedIn2Sv` is kept as reported beside it.
//! - Each inbound SAML SSO profile is an SSO instance with an external IdP; its assignments
//!   count when their mode is not `SSO_OFF`, as group assignments when they target a group.

use super::raw::{SsoAssignment, SsoProfile, UsageReport, User};
use super::sign_in::SignIn;
use crate::model::{DirectorySource, DirectoryUser, SsoInstance};
use std::collections::BTreeMap;

pub fn directory_users(
    users: &[User],
    usage: Option<&[UsageReport]>,
    sign_in: Option<&SignIn<'_>>,
) -> Vec<DirectoryUser> {
    let keys: BTreeMap<String, u64> = usage
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            Some((
                r.entity.user_email.as_deref()?.to_ascii_lowercase(),
                r.security_keys()?,
            ))
        })
        .collect();
    let mut out: Vec<DirectoryUser> = users
        .iter()
        .map(|u| {
            let email = u.primary_email.to_ascii_lowercase();
            let mut ext: Vec<String> = u
                .external_ids
                .iter()
                .filter_map(|e| {
                    e.custom_type
                        .clone()
                        .or_else(|| e.kind.clone())
                        .or_else(|| e.value.as_ref().map(|_| "external".to_string()))
                })
                .collect();
            ext.sort();
            ext.dedup();
            // Google's `organization` external id is the employee id; the others (`custom`,
            // `login_id`, `account`, …) are what a sync or SCIM client keyed the user by.
            let is_employee = |e: &super::raw::ExternalId| {
                e.kind
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("organization"))
            };
            let employee_id = u
                .external_ids
                .iter()
                .filter(|e| is_employee(e))
                .find_map(|e| e.value.clone().filter(|v| !v.trim().is_empty()));
            let mut values: Vec<String> = u
                .external_ids
                .iter()
                .filter(|e| !is_employee(e))
                .filter_map(|e| e.value.clone().filter(|v| !v.trim().is_empty()))
                .collect();
            values.sort();
            values.dedup();
            DirectoryUser {
                id: u.id.clone(),
                name: email.clone(),
                external_ids: ext,
                external_id_values: values,
                employee_id,
                active: Some(!u.suspended.unwrap_or(false) && !u.archived.unwrap_or(false)),
                created: u.creation_time,
                super_admin: u.is_admin,
                mfa_enrolled: u.is_enrolled_in_2sv,
                mfa_enforced: u.is_enforced_in_2sv,
                last_sign_in: u.last_login_time.filter(|t| t.timestamp() > 0),
                security_keys: usage.and_then(|_| keys.get(&email).copied()),
                groups: None,
                org_unit: u.org_unit_path.clone(),
                policy_mfa_enforced: sign_in
                    .zip(u.org_unit_path.as_deref())
                    .and_then(|(s, path)| s.enforced(path)),
                policy_security_key_only: sign_in
                    .zip(u.org_unit_path.as_deref())
                    .and_then(|(s, path)| s.security_key_only(path)),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

pub fn sso(profiles: &[SsoProfile], assignments: &[SsoAssignment]) -> Vec<SsoInstance> {
    let mut out: Vec<SsoInstance> = profiles
        .iter()
        .map(|p| {
            let on: Vec<&SsoAssignment> = assignments
                .iter()
                .filter(|a| a.sso_mode.as_deref().is_some_and(|m| m != "SSO_OFF"))
                .filter(|a| {
                    a.saml_sso_info
                        .as_ref()
                        .and_then(|s| s.inbound_saml_sso_profile.as_deref())
                        .is_none_or(|n| n == p.name)
                })
                .collect();
            SsoInstance {
                id: p.name.clone(),
                name: p.display_name.clone(),
                status: Some(
                    if on.is_empty() {
                        "UNASSIGNED"
                    } else {
                        "ASSIGNED"
                    }
                    .into(),
                ),
                identity_source: DirectorySource::ExternalIdp,
                identity_store_id: p.customer.clone(),
                permission_sets: 0,
                account_assignments: on.len() as u64,
                group_assignments: on.iter().filter(|a| a.target_group.is_some()).count() as u64,
                assignments: Vec::new(),
                assignments_read_for: Vec::new(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_take_2sv_admin_and_security_keys() {
        let users: Vec<User> = serde_json::from_str(
            r#"[{"id":"1","primaryEmail":"Ann@corp.example","isAdmin":true,"isEnrolledIn2Sv":true,"isEnforcedIn2Sv":false,
                 "lastLoginTime":"1970-01-01T00:00:00.000Z","suspended":false},
                {"id":"2","primaryEmail":"bob@corp.example","suspended":true,"externalIds":[{"value":"E1","type":"organization"}]}]"#,
        )
        .unwrap();
        let usage: Vec<UsageReport> = serde_json::from_str(
            r#"[{"entity":{"userEmail":"ann@corp.example"},"parameters":[{"name":"accounts:num_security_keys","intValue":"2"}]}]"#,
        )
        .unwrap();
        let d = directory_users(&users, Some(&usage), None);
        assert_eq!(d[0].name, "ann@corp.example");
        assert_eq!(d[0].super_admin, Some(true));
        assert_eq!(d[0].last_sign_in, None);
        assert_eq!(d[0].security_keys, Some(2));
        assert_eq!(d[1].active, Some(false));
        assert_eq!(d[1].external_ids, ["organization"]);
        assert_eq!(d[1].security_keys, None);
        assert_eq!(directory_users(&users, None, None)[0].security_keys, None);
    }

    #[test]
    fn the_organization_external_id_is_the_employee_id_and_the_others_join_values() {
        let users: Vec<User> = serde_json::from_str(
            r#"[{"id":"1","primaryEmail":"ann@corp.example","externalIds":[
                  {"value":"E1","type":"organization"},
                  {"value":"9358d20b-ba4f-5476-8abe-45eaf80fe686","type":"custom","customType":"objectGUID"},
                  {"value":"ann","type":"login_id"},{"value":" ","type":"account"}]},
                {"id":"2","primaryEmail":"bob@corp.example"}]"#,
        )
        .unwrap();
        let d = directory_users(&users, None, None);
        assert_eq!(d[0].employee_id.as_deref(), Some("E1"));
        assert_eq!(
            d[0].external_id_values,
            ["9358d20b-ba4f-5476-8abe-45eaf80fe686", "ann"]
        );
        assert_eq!(d[1].employee_id, None);
        assert!(d[1].external_id_values.is_empty());
    }

    #[test]
    fn sso_off_assignments_do_not_count() {
        let p: Vec<SsoProfile> =
            serde_json::from_str(r#"[{"name":"inboundSamlSsoProfiles/a","displayName":"Okta"}]"#)
                .unwrap();
        let a: Vec<SsoAssignment> = serde_json::from_str(
            r#"[{"name":"inboundSsoAssignments/1","targetOrgUnit":"orgUnits/x","ssoMode":"SAML_SSO","samlSsoInfo":{"inboundSamlSsoProfile":"inboundSamlSsoProfiles/a"}},
                {"name":"inboundSsoAssignments/2","targetGroup":"groups/g","ssoMode":"SSO_OFF"}]"#,
        )
        .unwrap();
        let s = sso(&p, &a);
        assert_eq!(s[0].account_assignments, 1);
        assert_eq!(s[0].group_assignments, 0);
        assert_eq!(s[0].status.as_deref(), Some("ASSIGNED"));
    }
}
