//! Normalization of IAM: principals (users joined with the credential report), groups, roles
//! and their trust, root, identity providers, and policy privilege.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::{
    AccessKey, Group, IdentityProvider, IdentitySource, IdpProtocol, IdpPurpose, MfaDevice,
    MfaKind, Principal, PrincipalKind, Role, RoleTrust, RootAccount, TrustKind,
};
use crate::providers::aws::raw::{self, PolicyDocument};
use std::collections::{BTreeSet, HashMap};

/// AWS-managed policies that make their holder an administrator.
pub(crate) const ADMIN_MANAGED_POLICIES: &[&str] = &["AdministratorAccess", "IAMFullAccess"];

/// Customer-managed policy ARN → default-version document.
pub(crate) struct PolicyIndex<'a>(HashMap<&'a str, &'a PolicyDocument>);

impl<'a> PolicyIndex<'a> {
    fn new(gaad: &'a raw::AuthorizationDetails) -> Self {
        PolicyIndex(
            gaad.policies
                .iter()
                .filter_map(|p| p.default_document().map(|d| (p.arn.as_str(), d)))
                .collect(),
        )
    }
    fn managed_is_admin(&self, arn: &str) -> bool {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let aws_managed = parts.len() == 6 && parts[4] == "aws";
        if aws_managed
            && ADMIN_MANAGED_POLICIES
                .iter()
                .any(|n| parts[5] == format!("policy/{n}"))
        {
            return true;
        }
        self.0.get(arn).is_some_and(|d| grants_admin(d))
    }
    fn any_admin(&self, attached: &[raw::AttachedPolicy], inline: &[raw::InlinePolicy]) -> bool {
        attached
            .iter()
            .any(|p| self.managed_is_admin(&p.policy_arn))
            || inline
                .iter()
                .any(|p| p.policy_document.as_ref().is_some_and(grants_admin))
    }
}

/// An `Allow` of `*`, `*:*` or `iam:*` on resource `*` (conditions do not matter: MFA-gated
/// administrator access is administrator access).
pub fn grants_admin(doc: &PolicyDocument) -> bool {
    doc.statements().iter().any(|s| {
        let allow = s
            .get("Effect")
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("Allow"));
        let actions = raw::string_or_list(s.get("Action"));
        let resources = raw::string_or_list(s.get("Resource"));
        allow
            && actions
                .iter()
                .any(|a| a == "*" || a == "*:*" || a.eq_ignore_ascii_case("iam:*"))
            && resources.iter().any(|r| r == "*")
    })
}

/// The actions a policy denies unconditionally: `Action` of `Deny` statements whose `Resource`
/// includes `*`, with no `NotResource` and no (non-empty) `Condition`. Sorted, deduplicated.
pub fn denied_actions(doc: &PolicyDocument) -> Vec<String> {
    // A deny with a condition counts only when the condition exempts named principals (`Deny
    // iam:CreateUser unless aws:PrincipalArn is the platform role`): it still stops everyone
    // else. Any other condition (`only for root`, `only in eu-west-1`) may stop no one.
    let mut out = BTreeSet::new();
    for s in doc.statements() {
        let deny = s
            .get("Effect")
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("Deny"));
        let every_resource = raw::string_or_list(s.get("Resource"))
            .iter()
            .any(|r| r == "*")
            && s.get("NotResource").is_none();
        let applies_to_everyone = match s.get("Condition") {
            None => true,
            Some(c) => c
                .as_object()
                .is_some_and(|o| o.is_empty() || only_exempts_principals(o)),
        };
        if deny && every_resource && applies_to_everyone && s.get("NotAction").is_none() {
            out.extend(raw::string_or_list(s.get("Action")));
        }
    }
    out.into_iter().collect()
}

/// Condition keys that name the calling principal.
fn is_principal_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principalorgid",
        "aws:userid",
        "aws:username",
    ]
    .contains(&k.as_str())
        || k.starts_with("aws:principaltag/")
}

/// Every operator of `condition` is a negative match (`ArnNotLike`, `StringNotEquals`, their
/// `IfExists` forms) on a principal key: the deny applies to all but the principals named.
fn only_exempts_principals(condition: &serde_json::Map<String, serde_json::Value>) -> bool {
    condition.iter().all(|(operator, keys)| {
        let op = operator.trim_end_matches("IfExists");
        let negative = [
            "StringNotEquals",
            "StringNotLike",
            "ArnNotEquals",
            "ArnNotLike",
        ]
        .iter()
        .any(|n| op.eq_ignore_ascii_case(n));
        negative
            && keys
                .as_object()
                .is_some_and(|k| !k.is_empty() && k.keys().all(|key| is_principal_key(key)))
    })
}

pub(crate) fn policy_names(
    attached: &[raw::AttachedPolicy],
    inline: &[raw::InlinePolicy],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in attached
        .iter()
        .map(|p| p.policy_arn.clone())
        .chain(inline.iter().map(|p| format!("inline:{}", p.policy_name)))
    {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

pub(crate) fn privileged_groups(
    gaad: &raw::AuthorizationDetails,
    idx: &PolicyIndex,
) -> BTreeSet<String> {
    gaad.group_detail_list
        .iter()
        .filter(|g| idx.any_admin(&g.attached_managed_policies, &g.group_policy_list))
        .map(|g| g.group_name.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Principals

pub(crate) const WORKLOAD_PREFIXES: &[&str] = &["svc-", "ci-", "bot-", "app-"];
pub const KIND_TAG: &str = "idgauge:kind";

pub(crate) fn principal_kind(user: &raw::UserDetail, console: bool) -> PrincipalKind {
    let tag = user
        .tags
        .iter()
        .find(|t| t.key.eq_ignore_ascii_case(KIND_TAG))
        .map(|t| t.value.to_ascii_lowercase());
    if console || tag.as_deref() == Some("human") {
        return PrincipalKind::Human;
    }
    let name = user.user_name.to_ascii_lowercase();
    let path = user.path.as_deref().unwrap_or("").to_ascii_lowercase();
    if tag.as_deref() == Some("workload")
        || path.contains("service")
        || WORKLOAD_PREFIXES.iter().any(|p| name.starts_with(p))
    {
        PrincipalKind::Workload
    } else {
        PrincipalKind::Human
    }
}

/// Device kind from an MFA serial: `…:u2f/…` FIDO, `…:mfa/…` virtual, a bare serial hardware.
pub(crate) fn mfa_kind(serial: &str) -> MfaKind {
    if !serial.starts_with("arn:") {
        return MfaKind::Hardware;
    }
    let resource = serial.splitn(6, ':').nth(5).unwrap_or("");
    match resource.split('/').next() {
        Some("u2f") => MfaKind::Fido,
        Some("mfa") => MfaKind::Virtual,
        _ => MfaKind::Other,
    }
}

/// The id of a credential-report key slot. The report carries no key id, so the id says what is
/// known in the model's masked form (which the snapshot loader keeps as is): a long-term IAM
/// key (always `AKIA…`), its id elided, in slot 1 or 2 of the report (`access_key_1_*` columns).
pub fn report_key_id(slot: usize) -> String {
    format!("AKIA…#{slot}")
}

pub(crate) fn report_keys(keys: &[raw::ReportAccessKey; 2]) -> Vec<AccessKey> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| k.exists())
        .map(|(i, k)| AccessKey {
            id: report_key_id(i + 1),
            active: k.active,
            created: k.last_rotated,
            last_used: k.last_used_date,
            last_used_service: k.last_used_service.clone(),
        })
        .collect()
}

pub(crate) fn principals(
    gaad: &raw::AuthorizationDetails,
    report: &raw::CredentialReport,
    vmfa: Option<&Vec<raw::VirtualMfaDevice>>,
    mfa: Option<&Vec<raw::MfaDevice>>,
) -> Result<Vec<Principal>, String> {
    let rows: HashMap<&str, &raw::CredentialReportRow> = report
        .rows
        .iter()
        .filter(|r| r.user != raw::ROOT_ACCOUNT_USER)
        .map(|r| (r.user.as_str(), r))
        .collect();
    let missing: Vec<&str> = gaad
        .user_detail_list
        .iter()
        .map(|u| u.user_name.as_str())
        .filter(|n| !rows.contains_key(n))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).copied().collect();
        let more = if missing.len() > 10 {
            format!(" and {} more", missing.len() - 10)
        } else {
            String::new()
        };
        let when = report
            .generated
            .map(|t| format!(" (generated {})", t.format("%Y-%m-%dT%H:%M:%SZ")))
            .unwrap_or_default();
        return Err(format!(
            "the credential report{when} has no row for IAM user(s) {}{more}, so their console, MFA and access-key state is unknown; generate the report again and export it together with the authorization details",
            shown.join(", ")
        ));
    }
    let idx = PolicyIndex::new(gaad);
    let admin_groups = privileged_groups(gaad, &idx);
    let mut out = Vec::with_capacity(gaad.user_detail_list.len());
    for u in &gaad.user_detail_list {
        let row = rows[u.user_name.as_str()];
        let console = row.password_enabled == Some(true);
        let mut devices: Vec<MfaDevice> = Vec::new();
        let mut seen = BTreeSet::new();
        for d in mfa
            .into_iter()
            .flatten()
            .filter(|d| d.user_name == u.user_name)
        {
            if seen.insert(d.serial_number.clone()) {
                let kind = mfa_kind(&d.serial_number);
                devices.push(MfaDevice {
                    kind,
                    phishing_resistant: kind == MfaKind::Fido,
                    serial: Some(d.serial_number.clone()),
                    enabled: d.enable_date,
                });
            }
        }
        for d in vmfa.into_iter().flatten().filter(|d| {
            d.user.as_ref().is_some_and(|x| {
                x.arn.as_deref() == Some(u.arn.as_str())
                    || (x.arn.is_none() && x.user_name.as_deref() == Some(u.user_name.as_str()))
            })
        }) {
            if seen.insert(d.serial_number.clone()) {
                devices.push(MfaDevice {
                    kind: MfaKind::Virtual,
                    phishing_resistant: false,
                    serial: Some(d.serial_number.clone()),
                    enabled: d.enable_date,
                });
            }
        }
        if row.mfa_active && devices.is_empty() {
            // MFA is on but no listed device shows which: hardware TOTP or FIDO, unknown.
            devices.push(MfaDevice {
                kind: MfaKind::Other,
                phishing_resistant: false,
                serial: None,
                enabled: None,
            });
        }
        let mut groups = u.group_list.clone();
        groups.sort();
        groups.dedup();
        let privileged = idx.any_admin(&u.attached_managed_policies, &u.user_policy_list)
            || groups.iter().any(|g| admin_groups.contains(g));
        out.push(Principal {
            employee_id: None,
            external_id_values: Vec::new(),
            id: u.arn.clone(),
            name: u.user_name.clone(),
            kind: principal_kind(u, console),
            source: IdentitySource::Local,
            created: u.create_date.or(row.user_creation_time),
            console_access: console,
            password_last_used: row.password_last_used,
            password_last_changed: row.password_last_changed,
            last_sign_in: None,
            mfa_active: row.mfa_active,
            mfa_devices: devices,
            access_keys: report_keys(&row.access_keys),
            groups,
            direct_policies: policy_names(&u.attached_managed_policies, &u.user_policy_list),
            privileged,
            tags: u
                .tags
                .iter()
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect(),
            grants: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

pub(crate) fn groups(gaad: &raw::AuthorizationDetails) -> Vec<Group> {
    let idx = PolicyIndex::new(gaad);
    let mut members: HashMap<&str, u64> = HashMap::new();
    for u in &gaad.user_detail_list {
        let unique: BTreeSet<&str> = u.group_list.iter().map(String::as_str).collect();
        for g in unique {
            *members.entry(g).or_default() += 1;
        }
    }
    let mut out: Vec<Group> = gaad
        .group_detail_list
        .iter()
        .map(|g| Group {
            id: g.arn.clone(),
            name: g.group_name.clone(),
            policies: policy_names(&g.attached_managed_policies, &g.group_policy_list),
            privileged: idx.any_admin(&g.attached_managed_policies, &g.group_policy_list),
            member_count: Some(members.get(g.group_name.as_str()).copied().unwrap_or(0)),
            grants: Vec::new(),
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

// ---------------------------------------------------------------------------------------------
// Roles and trust

/// Web-identity providers that are not IAM OIDC provider ARNs.
pub(crate) const WEB_IDENTITY_PROVIDERS: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

pub(crate) fn actions_allow(actions: &[String], wanted: &str) -> bool {
    actions
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case("sts:*") || a.eq_ignore_ascii_case(wanted))
}

/// The trust of a role, from its assume-role policy (Allow statements only).
pub fn role_trust(role_name: &str, doc: Option<&PolicyDocument>) -> Vec<RoleTrust> {
    let reserved_sso = role_name.starts_with("AWSReservedSSO_");
    let mut out: Vec<RoleTrust> = Vec::new();
    let mut push = |kind: TrustKind, principal: &str| {
        let t = RoleTrust {
            kind,
            principal: principal.to_string(),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for s in doc.map(|d| d.statements()).unwrap_or_default() {
        let allow = s
            .get("Effect")
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("Allow"));
        if !allow {
            continue;
        }
        let actions = raw::string_or_list(s.get("Action"));
        match s.get("Principal") {
            Some(serde_json::Value::String(p)) if p == "*" => push(TrustKind::Account, "*"),
            Some(serde_json::Value::Object(p)) => {
                for f in raw::string_or_list(p.get("Federated")) {
                    if f.contains(":saml-provider/") {
                        if actions_allow(&actions, "sts:AssumeRoleWithSAML") {
                            let name = f.rsplit('/').next().unwrap_or("");
                            let kind = if reserved_sso || name.starts_with("AWSSSO_") {
                                TrustKind::Sso
                            } else {
                                TrustKind::Saml
                            };
                            push(kind, &f);
                        }
                    } else if (f.contains(":oidc-provider/")
                        || WEB_IDENTITY_PROVIDERS.contains(&f.as_str()))
                        && actions_allow(&actions, "sts:AssumeRoleWithWebIdentity")
                    {
                        push(TrustKind::Oidc, &f);
                    }
                }
                for svc in raw::string_or_list(p.get("Service")) {
                    push(TrustKind::Service, &svc);
                }
                for a in raw::string_or_list(p.get("AWS")) {
                    push(TrustKind::Account, &a);
                }
            }
            _ => {}
        }
    }
    out
}

/// The roles; `listed` (`iam:ListRoles`) adds each role's maximum session length, which the
/// authorization details lack.
pub(crate) fn roles(
    gaad: &raw::AuthorizationDetails,
    listed: Option<&[raw::ListedRole]>,
) -> Vec<Role> {
    let idx = PolicyIndex::new(gaad);
    let sessions: std::collections::BTreeMap<&str, u64> = listed
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| Some((r.arn.as_str(), r.max_session_duration?)))
        .collect();
    let mut out: Vec<Role> = gaad
        .role_detail_list
        .iter()
        .map(|r| Role {
            id: r.arn.clone(),
            name: r.role_name.clone(),
            trust: role_trust(&r.role_name, r.assume_role_policy_document.as_ref()),
            last_used: r.role_last_used.as_ref().and_then(|u| u.last_used_date),
            max_session_seconds: r
                .max_session_duration
                .or_else(|| sessions.get(r.arn.as_str()).copied()),
            privileged: idx.any_admin(&r.attached_managed_policies, &r.role_policy_list),
            created: r.create_date,
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

// ---------------------------------------------------------------------------------------------
// Root

pub(crate) fn is_root_mfa_device(d: &raw::VirtualMfaDevice) -> bool {
    d.user
        .as_ref()
        .and_then(|u| u.arn.as_deref())
        .is_some_and(|a| a.ends_with(":root"))
        || d.serial_number.ends_with(":mfa/root-account-mfa-device")
}

pub(crate) fn root(
    report: &raw::CredentialReport,
    summary: Option<&raw::AccountSummary>,
    vmfa: Option<&Vec<raw::VirtualMfaDevice>>,
    account_id: &str,
) -> Result<RootAccount, String> {
    let row = report
        .root()
        .ok_or_else(|| "the credential report has no <root_account> row".to_string())?;
    let mfa_hardware = match (row.mfa_active, vmfa) {
        (false, _) => None,
        (true, None) => None,
        (true, Some(devices)) => Some(!devices.iter().any(is_root_mfa_device)),
    };
    Ok(RootAccount {
        id: if row.arn.is_empty() {
            format!("arn:aws:iam::{account_id}:root")
        } else {
            row.arn.clone()
        },
        mfa_active: row.mfa_active,
        mfa_hardware,
        // Only root itself can list its non-virtual devices; a collector never sees them.
        mfa_devices: Vec::new(),
        password_enabled: row
            .password_enabled
            .or_else(|| summary.and_then(|s| s.flag("AccountPasswordPresent"))),
        password_last_used: row.password_last_used,
        access_keys: report_keys(&row.access_keys),
        created: row.user_creation_time,
    })
}

// ---------------------------------------------------------------------------------------------
// Identity providers, Identity Center

/// Issuers of workload (CI / cluster) tokens, matched within the issuer URL.
pub(crate) const WORKLOAD_ISSUERS: &[&str] = &[
    "token.actions.githubusercontent.com",
    "gitlab",
    "circleci",
    "bitbucket",
    "app.terraform.io",
    "terraform",
    "buildkite",
    "vstoken.dev.azure.com",
    "oidc.eks.",
    "kubernetes",
    "container.googleapis.com",
];

pub fn oidc_purpose(url: &str) -> IdpPurpose {
    let u = url.to_ascii_lowercase();
    if WORKLOAD_ISSUERS.iter().any(|w| u.contains(w)) {
        IdpPurpose::Workload
    } else {
        IdpPurpose::Workforce
    }
}

pub(crate) fn identity_providers(
    saml: &[raw::SamlProvider],
    oidc: &[raw::OidcProvider],
) -> Vec<IdentityProvider> {
    let mut out: Vec<IdentityProvider> = saml
        .iter()
        .map(|p| IdentityProvider {
            id: p.arn.clone(),
            name: p
                .arn
                .split(":saml-provider/")
                .nth(1)
                .unwrap_or(&p.arn)
                .to_string(),
            protocol: IdpProtocol::Saml,
            purpose: IdpPurpose::Workforce,
            url: None,
            created: p.create_date,
            valid_until: p.valid_until,
        })
        .chain(oidc.iter().map(|p| {
            let issuer = p.arn.split(":oidc-provider/").nth(1).unwrap_or(&p.arn);
            let url = format!("https://{issuer}");
            IdentityProvider {
                id: p.arn.clone(),
                name: issuer.to_string(),
                protocol: IdpProtocol::Oidc,
                purpose: oidc_purpose(&url),
                url: Some(url),
                created: None,
                valid_until: None,
            }
        }))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}
