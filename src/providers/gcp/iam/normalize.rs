//! Service accounts and their user-managed keys → workload principals (key ids masked, age from
//! `validAfterTime`); workforce pool providers → workforce identity providers.

use super::raw::{ServiceAccount, ServiceAccountKey, WorkforcePool, WorkforcePoolProvider};
use crate::model::{
    mask_key_id, AccessKey, IdentityProvider, IdentitySource, IdpProtocol, IdpPurpose, Principal,
    PrincipalKind,
};
use std::collections::BTreeMap;

/// A service account as a workload principal with its user-managed keys (enabled keys are
/// active; Google-managed keys are not listed: they rotate themselves and never leave Google).
pub fn service_account(sa: &ServiceAccount, keys: &[ServiceAccountKey]) -> Principal {
    let mut access_keys: Vec<AccessKey> = keys
        .iter()
        .filter(|k| k.user_managed())
        .map(|k| AccessKey {
            id: mask_key_id(k.key_id()),
            active: !k.disabled && !sa.disabled,
            created: k.valid_after_time,
            last_used: None,
            last_used_service: None,
        })
        .collect();
    access_keys.sort_by(|a, b| a.id.cmp(&b.id));
    let email = sa.email.to_ascii_lowercase();
    let mut tags = BTreeMap::new();
    if sa.disabled {
        tags.insert("disabled".to_string(), "true".to_string());
    }
    Principal {
        employee_id: None,
        external_id_values: Vec::new(),
        id: format!("serviceAccount:{email}"),
        name: email,
        kind: PrincipalKind::Workload,
        source: IdentitySource::Local,
        created: None,
        console_access: false,
        password_last_used: None,
        password_last_changed: None,
        last_sign_in: None,
        mfa_active: false,
        mfa_devices: Vec::new(),
        access_keys,
        groups: Vec::new(),
        direct_policies: Vec::new(),
        privileged: false,
        tags,
        grants: Vec::new(),
    }
}

/// Active, enabled providers of active, enabled pools, as workforce identity providers.
pub fn workforce_providers(
    pools: &[WorkforcePool],
    providers: &[WorkforcePoolProvider],
) -> Vec<IdentityProvider> {
    let live = |state: &Option<String>, disabled: bool| {
        !disabled && state.as_deref().is_none_or(|s| s == "ACTIVE")
    };
    let pools: BTreeMap<&str, &WorkforcePool> = pools
        .iter()
        .filter(|p| live(&p.state, p.disabled))
        .map(|p| (p.name.as_str(), p))
        .collect();
    let mut out: Vec<IdentityProvider> = providers
        .iter()
        .filter(|p| live(&p.state, p.disabled))
        .filter(|p| p.pool().is_some_and(|pool| pools.contains_key(pool)))
        .filter_map(|p| {
            let (protocol, url) = if p.saml.is_some() {
                (IdpProtocol::Saml, None)
            } else {
                (
                    IdpProtocol::Oidc,
                    Some(p.oidc.as_ref()?.issuer_uri.clone()?),
                )
            };
            Some(IdentityProvider {
                id: p.name.clone(),
                name: p
                    .display_name
                    .clone()
                    .unwrap_or_else(|| p.name.rsplit('/').next().unwrap_or(&p.name).to_string()),
                protocol,
                purpose: IdpPurpose::Workforce,
                url,
                created: None,
                valid_until: None,
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_masked_and_only_user_managed() {
        let sa: ServiceAccount = serde_json::from_str(
            r#"{"name":"projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com","email":"ci@p.iam.gserviceaccount.com"}"#,
        )
        .unwrap();
        let keys: Vec<ServiceAccountKey> = serde_json::from_str(
            r#"[{"name":"projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com/keys/0123456789abcdef0123","keyType":"USER_MANAGED","validAfterTime":"2025-01-01T00:00:00Z"},
                {"name":"projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com/keys/fedcba9876543210fedc","keyType":"SYSTEM_MANAGED"}]"#,
        )
        .unwrap();
        let p = service_account(&sa, &keys);
        assert_eq!(p.access_keys.len(), 1);
        assert_eq!(p.access_keys[0].id, "0123…0123");
        assert!(p.access_keys[0].active);
        assert_eq!(p.kind, PrincipalKind::Workload);
    }

    #[test]
    fn disabled_pools_and_providers_do_not_count() {
        let pools: Vec<WorkforcePool> = serde_json::from_str(
            r#"[{"name":"locations/global/workforcePools/a","state":"ACTIVE"},
                {"name":"locations/global/workforcePools/b","state":"ACTIVE","disabled":true}]"#,
        )
        .unwrap();
        let providers: Vec<WorkforcePoolProvider> = serde_json::from_str(
            r#"[{"name":"locations/global/workforcePools/a/providers/okta","state":"ACTIVE","saml":{"idpMetadataXml":"<x/>"}},
                {"name":"locations/global/workforcePools/a/providers/off","state":"ACTIVE","disabled":true,"saml":{}},
                {"name":"locations/global/workforcePools/b/providers/entra","oidc":{"issuerUri":"https://login.example"}}]"#,
        )
        .unwrap();
        let idps = workforce_providers(&pools, &providers);
        assert_eq!(idps.len(), 1);
        assert_eq!(idps[0].name, "okta");
        assert_eq!(idps[0].protocol, IdpProtocol::Saml);
    }
}
