//! Normalization of IAM Identity Center: instances, their identity source and the directory users.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::{DirectorySource, DirectoryUser, SsoAssignment, SsoInstance};
use crate::providers::aws::raw;
use std::collections::{BTreeMap, BTreeSet};

/// `ssoins-…` inside an instance or permission-set ARN.
pub(crate) fn sso_instance_id(arn: &str) -> Option<&str> {
    let start = arn.find("ssoins-")?;
    Some(arn[start..].split('/').next().unwrap_or(""))
}

pub(crate) fn sso_instances(
    instances: &[raw::SsoInstance],
    users: &[raw::IdentityStoreUser],
    groups: &[raw::IdentityStoreGroup],
    psets: &[String],
    all_assignments: &[raw::AccountAssignment],
    account_id: &str,
    read_for: &[String],
) -> Vec<SsoInstance> {
    let assignments: BTreeSet<&raw::AccountAssignment> = all_assignments
        .iter()
        .filter(|a| a.account_id.as_deref().is_none_or(|id| id == account_id))
        .collect();
    let mut read_for: Vec<String> = read_for.to_vec();
    read_for.sort();
    read_for.dedup();
    let psets: BTreeSet<&String> = psets.iter().collect();
    let mut out: Vec<SsoInstance> = instances
        .iter()
        .map(|i| {
            let store = i.identity_store_id.as_deref();
            let in_store = |s: Option<&str>| s.is_none() || s == store;
            let external = users
                .iter()
                .any(|u| in_store(u.identity_store_id.as_deref()) && !u.external_ids.is_empty())
                || groups.iter().any(|g| {
                    in_store(g.identity_store_id.as_deref()) && !g.external_ids.is_empty()
                });
            let iid = sso_instance_id(&i.instance_arn);
            let mine: Vec<&&raw::AccountAssignment> = assignments
                .iter()
                .filter(|a| sso_instance_id(&a.permission_set_arn) == iid)
                .collect();
            SsoInstance {
                id: i.instance_arn.clone(),
                name: i.name.clone(),
                status: i.status.clone(),
                identity_source: if external {
                    DirectorySource::ExternalIdp
                } else {
                    DirectorySource::Unknown
                },
                identity_store_id: i.identity_store_id.clone(),
                permission_sets: psets.iter().filter(|p| sso_instance_id(p) == iid).count() as u64,
                account_assignments: mine.len() as u64,
                group_assignments: mine
                    .iter()
                    .filter(|a| {
                        a.principal_type
                            .as_deref()
                            .is_some_and(|t| t.eq_ignore_ascii_case("GROUP"))
                    })
                    .count() as u64,
                assignments: {
                    let mut list: Vec<SsoAssignment> = all_assignments
                        .iter()
                        .filter(|a| sso_instance_id(&a.permission_set_arn) == iid)
                        .filter_map(|a| {
                            Some(SsoAssignment {
                                account_id: a
                                    .account_id
                                    .clone()
                                    .unwrap_or_else(|| account_id.to_string()),
                                permission_set: a.permission_set_arn.clone(),
                                principal_type: a.principal_type.as_deref()?.to_ascii_lowercase(),
                                principal_id: a.principal_id.clone()?,
                            })
                        })
                        .collect();
                    list.sort();
                    list.dedup();
                    list
                },
                assignments_read_for: read_for.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The identity store's users; with the group memberships read, each user's group ids.
pub(crate) fn directory_users(
    users: &[raw::IdentityStoreUser],
    memberships: Option<&[raw::GroupMembership]>,
) -> Vec<DirectoryUser> {
    let groups_of: Option<BTreeMap<&str, BTreeSet<&str>>> = memberships.map(|list| {
        let mut m: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for x in list {
            if let Some(u) = x.member_id.user_id.as_deref() {
                m.entry(u).or_default().insert(x.group_id.as_str());
            }
        }
        m
    });
    let mut out: Vec<DirectoryUser> = users
        .iter()
        .map(|u| DirectoryUser {
            id: u.user_id.clone(),
            name: u
                .user_name
                .clone()
                .or_else(|| u.display_name.clone())
                .unwrap_or_else(|| u.user_id.clone()),
            external_ids: {
                let mut issuers: Vec<String> =
                    u.external_ids.iter().map(|e| e.issuer.clone()).collect();
                issuers.sort();
                issuers.dedup();
                issuers
            },
            external_id_values: {
                let mut ids: Vec<String> = u
                    .external_ids
                    .iter()
                    .filter_map(|e| e.id.clone())
                    .filter(|v| !v.trim().is_empty())
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            },
            employee_id: None,
            active: u.user_status.as_deref().and_then(|s| {
                if s.eq_ignore_ascii_case("ENABLED") {
                    Some(true)
                } else if s.eq_ignore_ascii_case("DISABLED") {
                    Some(false)
                } else {
                    None
                }
            }),
            created: u.created_at,
            super_admin: None,
            mfa_enrolled: None,
            mfa_enforced: None,
            last_sign_in: None,
            security_keys: None,
            groups: groups_of.as_ref().map(|m| {
                m.get(u.user_id.as_str())
                    .map(|g| g.iter().map(|s| s.to_string()).collect())
                    .unwrap_or_default()
            }),
            org_unit: None,
            policy_mfa_enforced: None,
            policy_security_key_only: None,
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_keep_the_values_of_their_external_ids() {
        let users: raw::IdentityStoreUsers = serde_json::from_str(
            r#"{"Users":[{"UserId":"u1","UserName":"ann@example.org","ExternalIds":[
                  {"Issuer":"https://scim.aws.com/1234","Id":"00u1abcd"},
                  {"Issuer":"https://sts.windows.net/t/","Id":"9358d20b-ba4f-5476-8abe-45eaf80fe686"}]},
                {"UserId":"u2","UserName":"bob@example.org"}]}"#,
        )
        .unwrap();
        let d = directory_users(&users.users, None);
        assert_eq!(
            d[0].external_ids,
            ["https://scim.aws.com/1234", "https://sts.windows.net/t/"]
        );
        assert_eq!(
            d[0].external_id_values,
            ["00u1abcd", "9358d20b-ba4f-5476-8abe-45eaf80fe686"]
        );
        assert!(d[1].external_id_values.is_empty());
    }
}
