//! GCP responses → snapshot scopes. Shared by the export importer and the live collector: both
//! fill a [`RawOrg`] (each input present, missing or failed, keyed by the resource it belongs to)
//! and call [`normalize`].
//!
//! Scopes: `gcp:organization:<id>` for each organization read (or reached as a project's
//! ancestor), and `gcp:project:<project id>` for each active project, its `parent` the
//! organization's scope id. A project's sections use the inputs of its whole ancestry (project,
//! folders, organization); one missing or refused input makes exactly the sections that need it
//! unavailable, for that project only.
//!
//! | section | needs (along the ancestry) | also uses |
//! |---|---|---|
//! | principals | IAM policies; project: service accounts and each one's keys, IAP policy when read | |
//! | groups | IAM policies; project: IAP policy when read | |
//! | privileged_access | IAM policies | PAM entitlements |
//! | audit_logs | IAM policies (their audit configs), log sinks | |
//! | guardrails | org policies | |
//! | external_collaboration | IAM policies, org policies | |
//! | alerting (project) | log-based metrics, alert policies | |
//! | organization (org) | organizations, projects | |
//! | directory_users (org) | Workspace users | accounts usage report; Cloud Identity policies with the organisational units |
//! | sso (org) | inbound SAML SSO profiles and assignments | |
//! | auth_policies (org) | Cloud Identity policies, organisational units | |
//! | identity_providers (org) | workforce pools and each pool's providers | |
//!
//! Normalization decisions:
//! - Principals are the `user:` and workforce `principal://` members (humans) and service
//!   accounts (workloads: the project's own, with their user-managed keys, and any other granted
//!   a role) of the effective policy; each carries the grants naming it, inherited ones included
//!   with the resource they are set on. `group:`, `domain:`, workforce `principalSet://` and
//!   `allUsers` members are groups with their grants. `deleted:` members are ignored.
//! - A project's Identity-Aware Proxy policy (`projects/<id>/iap_web`) adds its grants (who may
//!   reach the project's IAP-protected apps, `roles/iap.httpsResourceAccessor`) to the project's
//!   principals and groups, as grants at that resource. `SERVICE_DISABLED` means IAP is not in
//!   use there: no grants. Refused or failed, the principals and groups of that project are
//!   unavailable (who holds a role there is not known); not read at all (an export without the
//!   file), they are built from the IAM policies alone.
//! - A `user:` in a consumer domain (gmail.com) is a guest; a workforce principal is federated;
//!   other Google accounts are local (the IAM plane does not show how they were provisioned).
//! - privileged_access lists every privileged role held by a person or a set of people:
//!   `permanent`, or `time_bound` when its condition ends it; PAM entitlements add `eligible`.
//! - Admin Activity audit logs cannot be turned off in GCP; `audit_logs` holds the Data Access
//!   audit configs (one entry per resource and service) and the log sinks that export the
//!   scope's logs (`gcp_log_sink`: its own, and its ancestors' aggregated ones with
//!   `includeChildren`); `management_events` says whether a sink routes the audit logs.

use super::iam::raw::{ServiceAccount, ServiceAccountKey, WorkforcePool, WorkforcePoolProvider};
use super::logging::raw::{AlertPolicy, LogMetric, LogSink};
use super::org_policy::raw::Policy as OrgPolicy;
use super::pam::raw::Entitlement;
use super::resource_manager::normalize::{self as rm, Member};
use super::resource_manager::raw::{Folder, Organization as RawOrganization, Policy, Project};
use super::workspace::raw::{CiPolicy, OrgUnit, SsoAssignment, SsoProfile, UsageReport, User};
use super::workspace::sign_in::SignIn;
use super::{iam, logging, org_policy, pam, workspace};
use crate::model::{
    ExternalCollaboration, Group, Guardrails, IdentitySource, Organization, Principal,
    PrincipalKind, PrivilegedAssignment, Provider, Scope, ScopeKind, Section, Sections,
    UnavailableKind,
};
pub use crate::providers::section::Input;
use crate::providers::section::SectionBuilder;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Everything read for one or more organizations, keyed by resource (`organizations/1`,
/// `folders/2`, `projects/<project id>`), project id, service-account e-mail or pool name.
#[derive(Debug, Clone, Default)]
pub struct RawOrg {
    pub organizations: Input<Vec<RawOrganization>>,
    pub folders: Input<Vec<Folder>>,
    pub projects: Input<Vec<Project>>,
    /// By resource.
    pub iam_policies: BTreeMap<String, Input<Policy>>,
    /// By project id: the IAM policy of the project's Identity-Aware Proxy web resource
    /// (`projects/<id>/iap_web`).
    pub iap_policies: BTreeMap<String, Input<Policy>>,
    /// By resource: the policies set there.
    pub org_policies: BTreeMap<String, Input<Vec<OrgPolicy>>>,
    /// By project id.
    pub service_accounts: BTreeMap<String, Input<Vec<ServiceAccount>>>,
    /// By service-account e-mail (lower case).
    pub sa_keys: BTreeMap<String, Input<Vec<ServiceAccountKey>>>,
    /// By project id.
    pub log_metrics: BTreeMap<String, Input<Vec<LogMetric>>>,
    /// By project id.
    pub alert_policies: BTreeMap<String, Input<Vec<AlertPolicy>>>,
    /// By resource.
    pub entitlements: BTreeMap<String, Input<Vec<Entitlement>>>,
    /// By resource: the log sinks set there.
    pub sinks: BTreeMap<String, Input<Vec<LogSink>>>,
    pub workforce_pools: Input<Vec<WorkforcePool>>,
    /// By pool name (`locations/global/workforcePools/<pool>`).
    pub workforce_providers: BTreeMap<String, Input<Vec<WorkforcePoolProvider>>>,
    pub users: Input<Vec<User>>,
    pub usage: Input<Vec<UsageReport>>,
    pub sso_profiles: Input<Vec<SsoProfile>>,
    pub sso_assignments: Input<Vec<SsoAssignment>>,
    /// Workspace organisational units (the top one included).
    pub org_units: Input<Vec<OrgUnit>>,
    /// Cloud Identity Policy API policies (sign-in settings).
    pub ci_policies: Input<Vec<CiPolicy>>,
}

impl RawOrg {
    /// The folders read, by resource name (`folders/2`), for walking a resource's ancestry.
    pub fn folders_by_name(&self) -> BTreeMap<String, Folder> {
        self.folders
            .data()
            .into_iter()
            .flatten()
            .map(|f| (f.name.clone(), f.clone()))
            .collect()
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NormalizeError {
    #[error("no organization or project found: export `gcloud organizations list` and `gcloud projects list` (or name them with --organization / --project)")]
    NoScope,
}

/// What a missing input is called in messages, by kind.
fn missing<T>(what: &str, subject: &str) -> Input<T> {
    Input::Missing {
        message: format!("no {what} of {subject} was read"),
    }
}

fn get<T: Clone>(map: &BTreeMap<String, Input<T>>, key: &str, what: &str) -> Input<T> {
    map.get(key).cloned().unwrap_or_else(|| missing(what, key))
}

/// `organizations/123` → `123`.
fn org_id(resource: &str) -> Option<&str> {
    resource.strip_prefix("organizations/")
}

pub fn org_scope_id(id: &str) -> String {
    format!("gcp:organization:{id}")
}

pub fn project_scope_id(id: &str) -> String {
    format!("gcp:project:{id}")
}

/// Normalizes everything read into organization and project scopes.
pub fn normalize(raw: &RawOrg, at: DateTime<Utc>) -> Result<Vec<Scope>, NormalizeError> {
    let folders = raw.folders_by_name();
    let projects: Vec<&Project> = raw
        .projects
        .data()
        .into_iter()
        .flatten()
        .filter(|p| p.active())
        .collect();
    // Each project's ancestry (itself first), or the first unknown ancestor.
    let ancestry: BTreeMap<&str, Result<Vec<String>, String>> = projects
        .iter()
        .map(|p| {
            let own = format!("projects/{}", p.project_id);
            let chain = match &p.parent {
                None => Ok(vec![own]),
                Some(parent) => rm::ancestry(&parent.resource(), &folders).map(|mut c| {
                    c.insert(0, own);
                    c
                }),
            };
            (p.project_id.as_str(), chain)
        })
        .collect();

    let mut orgs: BTreeMap<String, Option<&RawOrganization>> = BTreeMap::new();
    for o in raw.organizations.data().into_iter().flatten() {
        let active = o.lifecycle_state.as_deref().or(o.state.as_deref());
        if let (Some(id), true) = (org_id(&o.name), active.is_none_or(|s| s == "ACTIVE")) {
            orgs.insert(id.to_string(), Some(o));
        }
    }
    for chain in ancestry.values().flatten() {
        if let Some(id) = chain.last().and_then(|r| org_id(r)) {
            orgs.entry(id.to_string()).or_insert(None);
        }
    }
    if orgs.is_empty() && projects.is_empty() {
        return Err(NormalizeError::NoScope);
    }

    let mut scopes = Vec::new();
    for (id, org) in &orgs {
        let resource = format!("organizations/{id}");
        let mut sections = iam_sections(raw, &Ok(vec![resource.clone()]), None, at);
        let mut b = SectionBuilder::default();
        // Named organizations are read with organizations.get, the rest found by search: an
        // unavailable section names the call that was made.
        let org_op = match raw.organizations.source() {
            Some(s) if s.contains("organizations.get") => "cloudresourcemanager:organizations.get",
            _ => "cloudresourcemanager:organizations.search",
        };
        let listed = b.require(org_op, &raw.organizations);
        let projs = b.require("cloudresourcemanager:projects.search", &raw.projects);
        if listed.is_some() && org.is_none() {
            b.gap(
                UnavailableKind::NotCollected,
                format!("{resource} is not in the organization list"),
            );
        }
        sections.organization = Some(b.build(at, || {
            let mut accounts: Vec<String> = projs
                .into_iter()
                .flatten()
                .filter(|p| p.active())
                .filter(|p| {
                    ancestry
                        .get(p.project_id.as_str())
                        .and_then(|c| c.as_ref().ok())
                        .is_some_and(|c| c.last() == Some(&resource))
                })
                .map(|p| p.project_id.clone())
                .collect();
            accounts.sort();
            Organization {
                id: resource.clone(),
                management_account: None,
                feature_set: None,
                accounts,
                account_paths: BTreeMap::new(),
            }
        }));
        workspace_sections(raw, &mut sections, at);
        scopes.push(Scope {
            id: org_scope_id(id),
            provider: Provider::Gcp,
            kind: ScopeKind::Organization,
            name: org.and_then(|o| o.display_name.clone()),
            parent: None,
            sections,
        });
    }
    for p in projects {
        let chain = &ancestry[p.project_id.as_str()];
        let mut sections = iam_sections(raw, chain, Some(&p.project_id), at);
        let mut b = SectionBuilder::default();
        let metrics_in = get(&raw.log_metrics, &p.project_id, "log-based metric list");
        let alerts_in = get(&raw.alert_policies, &p.project_id, "alert policy list");
        let metrics = b.require("logging:projects.metrics.list", &metrics_in);
        let alerts = b.require("monitoring:projects.alertPolicies.list", &alerts_in);
        sections.alerting = Some(b.build(at, || {
            logging::normalize::alert_rules(
                metrics.map(Vec::as_slice).unwrap_or_default(),
                alerts.map(Vec::as_slice).unwrap_or_default(),
            )
        }));
        let parent = chain
            .as_ref()
            .ok()
            .and_then(|c| c.last())
            .and_then(|r| org_id(r))
            .map(org_scope_id);
        scopes.push(Scope {
            id: project_scope_id(&p.project_id),
            provider: Provider::Gcp,
            kind: ScopeKind::Project,
            name: p.display(),
            parent,
            sections,
        });
    }
    Ok(scopes)
}

/// Marks every input of `b` as depending on a known ancestry.
fn require_chain<'a>(
    b: &mut SectionBuilder,
    chain: &'a Result<Vec<String>, String>,
) -> Option<&'a [String]> {
    match chain {
        Ok(c) => Some(c),
        Err(unknown) => {
            b.needs("cloudresourcemanager:folders.search");
            b.gap(
                UnavailableKind::NotCollected,
                format!("the ancestry is unknown beyond {unknown} (not in the folder list)"),
            );
            None
        }
    }
}

/// The sections that come from IAM and org policies along `chain` (nearest first); `project`
/// adds the project's own service accounts.
fn iam_sections(
    raw: &RawOrg,
    chain: &Result<Vec<String>, String>,
    project: Option<&str>,
    at: DateTime<Utc>,
) -> Sections {
    let policy_inputs: Vec<(String, Input<Policy>)> = chain
        .as_ref()
        .map(|c| {
            c.iter()
                .map(|r| (r.clone(), get(&raw.iam_policies, r, "IAM policy")))
                .collect()
        })
        .unwrap_or_default();
    let org_inputs: Vec<(String, Input<Vec<OrgPolicy>>)> = chain
        .as_ref()
        .map(|c| {
            c.iter()
                .map(|r| (r.clone(), get(&raw.org_policies, r, "org policy list")))
                .collect()
        })
        .unwrap_or_default();
    let pam_inputs: Vec<Input<Vec<Entitlement>>> = chain
        .as_ref()
        .map(|c| {
            c.iter()
                .map(|r| get(&raw.entitlements, r, "PAM entitlement list"))
                .collect()
        })
        .unwrap_or_default();

    // The policies, when every one along the chain was read.
    let with_policies = |b: &mut SectionBuilder| -> Option<Vec<(String, &Policy)>> {
        require_chain(b, chain)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (r, i) in &policy_inputs {
            match b.require(op_get_iam_policy(r), i) {
                Some(p) => out.push((r.clone(), p)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    };
    let with_org_policies = |b: &mut SectionBuilder| -> Option<Vec<(String, &[OrgPolicy])>> {
        require_chain(b, chain)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (r, i) in &org_inputs {
            match b.require("orgpolicy:policies.list", i) {
                Some(p) => out.push((r.clone(), p.as_slice())),
                None => ok = false,
            }
        }
        ok.then_some(out)
    };

    // The project's IAP policy: not in use is no grants; not read is left out.
    let iap_input: Option<Input<Policy>> = project.and_then(|p| match raw.iap_policies.get(p) {
        Some(Input::Failed { source, reason }) if reason.kind == UnavailableKind::NotInUse => Some(
            Input::present(format!("{source} (IAP not in use)"), Policy::default()),
        ),
        Some(Input::Missing { .. }) | None => None,
        Some(other) => Some(other.clone()),
    });
    let iap_resource = project.map(|p| format!("projects/{p}/iap_web"));
    // The policies with the IAP policy's, when that was read.
    fn with_iap<'x>(
        b: &mut SectionBuilder,
        pols: Option<Vec<(String, &'x Policy)>>,
        iap: Option<&'x Input<Policy>>,
        resource: Option<&String>,
    ) -> Option<Vec<(String, &'x Policy)>> {
        let iap = match iap {
            Some(i) => Some(b.require(OP_IAP_POLICY, i)?),
            None => None,
        };
        let mut pols = pols?;
        if let (Some(p), Some(r)) = (iap, resource) {
            pols.push((r.clone(), p));
        }
        Some(pols)
    }

    let mut s = Sections::default();

    // principals
    let mut b = SectionBuilder::default();
    let pols = with_policies(&mut b);
    let pols = with_iap(&mut b, pols, iap_input.as_ref(), iap_resource.as_ref());
    let sa_input = project.map(|p| get(&raw.service_accounts, p, "service account list"));
    let accounts = sa_input
        .as_ref()
        .and_then(|i| b.require("iam:projects.serviceAccounts.list", i));
    let key_inputs: Vec<(ServiceAccount, Input<Vec<ServiceAccountKey>>)> = accounts
        .into_iter()
        .flatten()
        .map(|sa| {
            let email = sa.email.to_ascii_lowercase();
            (sa.clone(), get(&raw.sa_keys, &email, "key list"))
        })
        .collect();
    let mut keyed = Vec::new();
    for (sa, i) in &key_inputs {
        if let Some(k) = b.require("iam:projects.serviceAccounts.keys.list", i) {
            keyed.push((sa, k));
        }
    }
    s.principals = Some(b.build(at, || {
        principals(pols.as_deref().unwrap_or_default(), &keyed)
    }));

    // groups
    let mut b = SectionBuilder::default();
    let pols = with_policies(&mut b);
    let pols = with_iap(&mut b, pols, iap_input.as_ref(), iap_resource.as_ref());
    s.groups = Some(b.build(at, || groups(pols.as_deref().unwrap_or_default())));

    // privileged_access
    let mut b = SectionBuilder::default();
    let pols = with_policies(&mut b);
    let eligible: Vec<PrivilegedAssignment> = pam_inputs
        .iter()
        .filter_map(|i| b.optional(i))
        .flat_map(|e| pam::normalize::eligible(e))
        .collect();
    s.privileged_access = Some(b.build(at, || {
        let mut out = privileged(pols.as_deref().unwrap_or_default());
        out.extend(eligible);
        out.sort_by(|a, b| {
            (&a.principal, &a.role, &a.resource, &a.assignment).cmp(&(
                &b.principal,
                &b.role,
                &b.resource,
                &b.assignment,
            ))
        });
        out.dedup();
        out
    }));

    // audit_logs: audit configs and the sinks exporting the scope's logs.
    let sink_inputs: Vec<(String, Input<Vec<LogSink>>)> = chain
        .as_ref()
        .map(|c| {
            c.iter()
                .map(|r| (r.clone(), get(&raw.sinks, r, "log sink list")))
                .collect()
        })
        .unwrap_or_default();
    let mut b = SectionBuilder::default();
    let pols = with_policies(&mut b);
    let mut sinks: Vec<(String, &[LogSink])> = Vec::new();
    for (r, i) in &sink_inputs {
        if let Some(list) = b.require("logging:sinks.list", i) {
            sinks.push((r.clone(), list.as_slice()));
        }
    }
    s.audit_logs = Some(b.build(at, || {
        let mut out = rm::audit_logs(pols.as_deref().unwrap_or_default());
        if let Some(((own, list), inherited)) = sinks.split_first() {
            out.extend(logging::normalize::sinks((own, list), inherited));
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }));

    // guardrails
    let mut b = SectionBuilder::default();
    let orgp = with_org_policies(&mut b);
    let in_org = chain
        .as_ref()
        .is_ok_and(|c| c.last().is_some_and(|r| r.starts_with("organizations/")));
    // The ancestors, organization first (the scope itself left out).
    let path: Vec<String> = chain
        .as_ref()
        .map(|c| c.iter().skip(1).rev().cloned().collect())
        .unwrap_or_default();
    s.guardrails = Some(b.build(at, || Guardrails {
        in_organization: in_org,
        management_account: false,
        policies: org_policy::normalize::effective(orgp.as_deref().unwrap_or_default()),
        path,
    }));

    // external_collaboration
    let mut b = SectionBuilder::default();
    let pols = with_policies(&mut b);
    let orgp = with_org_policies(&mut b);
    s.external_collaboration = Some(b.build(at, || {
        let consumers: BTreeSet<String> = pols
            .iter()
            .flatten()
            .flat_map(|(r, p)| rm::grants(r, p))
            .filter_map(|g| match g.member {
                Member::User(e) if rm::is_consumer(&e) => Some(e),
                _ => None,
            })
            .collect();
        let effective = org_policy::normalize::effective(orgp.as_deref().unwrap_or_default());
        ExternalCollaboration {
            cross_tenant_partners: Vec::new(),
            guests: consumers.len() as u64,
            invite_policy: None,
            cross_tenant_default_inbound_blocked: None,
            domain_restricted: Some(org_policy::normalize::domain_restricted(&effective)),
        }
    }));
    s
}

/// The per-project read of a project's IAP policy.
pub const OP_IAP_POLICY: &str = "iap:projects.iap_web.getIamPolicy";

fn op_get_iam_policy(resource: &str) -> &'static str {
    if resource.starts_with("organizations/") {
        "cloudresourcemanager:organizations.getIamPolicy"
    } else if resource.starts_with("folders/") {
        "cloudresourcemanager:folders.getIamPolicy"
    } else {
        "cloudresourcemanager:projects.getIamPolicy"
    }
}

fn human_principal(m: &Member) -> Principal {
    let source = match m {
        Member::User(e) if rm::is_consumer(e) => IdentitySource::Guest,
        Member::WorkforcePrincipal(_) => IdentitySource::Federated,
        _ => IdentitySource::Local,
    };
    Principal {
        employee_id: None,
        external_id_values: Vec::new(),
        id: m.id(),
        name: m.name(),
        kind: PrincipalKind::Human,
        source,
        created: None,
        console_access: true,
        password_last_used: None,
        password_last_changed: None,
        last_sign_in: None,
        mfa_active: false,
        mfa_devices: Vec::new(),
        access_keys: Vec::new(),
        groups: Vec::new(),
        direct_policies: Vec::new(),
        privileged: false,
        tags: BTreeMap::new(),
        grants: Vec::new(),
    }
}

fn principals(
    policies: &[(String, &Policy)],
    accounts: &[(&ServiceAccount, &Vec<ServiceAccountKey>)],
) -> Vec<Principal> {
    let mut by_id: BTreeMap<String, Principal> = BTreeMap::new();
    for (sa, keys) in accounts {
        let p = iam::normalize::service_account(sa, keys);
        by_id.insert(p.id.clone(), p);
    }
    for (r, pol) in policies {
        for g in rm::grants(r, pol) {
            let entry = match &g.member {
                Member::User(_) | Member::WorkforcePrincipal(_) => by_id
                    .entry(g.member.id())
                    .or_insert_with(|| human_principal(&g.member)),
                Member::ServiceAccount(_) => by_id.entry(g.member.id()).or_insert_with(|| {
                    let mut p = human_principal(&g.member);
                    p.kind = PrincipalKind::Workload;
                    p.console_access = false;
                    p
                }),
                _ => continue,
            };
            entry.privileged |= g.grant.privileged;
            entry.direct_policies.push(g.grant.role.clone());
            entry.grants.push(g.grant);
        }
    }
    by_id
        .into_values()
        .map(|mut p| {
            p.direct_policies.sort();
            p.direct_policies.dedup();
            p.grants
                .sort_by(|a, b| (&a.resource, &a.role).cmp(&(&b.resource, &b.role)));
            p.grants.dedup();
            p
        })
        .collect()
}

fn groups(policies: &[(String, &Policy)]) -> Vec<Group> {
    let mut by_id: BTreeMap<String, Group> = BTreeMap::new();
    for (r, pol) in policies {
        for g in rm::grants(r, pol) {
            if !matches!(
                g.member,
                Member::Group(_) | Member::Domain(_) | Member::WorkforceSet(_) | Member::Public(_)
            ) {
                continue;
            }
            let e = by_id.entry(g.member.id()).or_insert_with(|| Group {
                id: g.member.id(),
                name: g.member.name(),
                policies: Vec::new(),
                privileged: false,
                member_count: None,
                grants: Vec::new(),
            });
            e.privileged |= g.grant.privileged;
            e.policies.push(g.grant.role.clone());
            e.grants.push(g.grant);
        }
    }
    by_id
        .into_values()
        .map(|mut g| {
            g.policies.sort();
            g.policies.dedup();
            g.grants
                .sort_by(|a, b| (&a.resource, &a.role).cmp(&(&b.resource, &b.role)));
            g.grants.dedup();
            g
        })
        .collect()
}

fn privileged(policies: &[(String, &Policy)]) -> Vec<PrivilegedAssignment> {
    policies
        .iter()
        .flat_map(|(r, p)| rm::grants(r, p))
        .filter(|g| g.grant.privileged && g.member.is_human())
        .map(|g| PrivilegedAssignment {
            role_id: None,
            principal_type: None,
            principal_name: None,
            ends: None,
            role: g.grant.role.clone(),
            principal: g.member.id(),
            assignment: if g.grant.time_bound {
                "time_bound"
            } else {
                "permanent"
            }
            .into(),
            resource: Some(g.grant.resource.clone()),
        })
        .collect()
}

/// directory_users, sso and identity_providers of an organization scope.
fn workspace_sections(raw: &RawOrg, s: &mut Sections, at: DateTime<Utc>) {
    let mut b = SectionBuilder::default();
    let users = b.require("admin:directory.users.list", &raw.users);
    let usage = b.optional(&raw.usage);
    // The sign-in policies decide for users whose own 2SV enforcement is not reported; they
    // mean something only with the organisational units they target.
    let policies = b.optional(&raw.ci_policies);
    let units = match policies {
        Some(_) => b.optional(&raw.org_units),
        None => None,
    };
    let sign_in = policies.zip(units).map(|(p, u)| SignIn::new(u, p, at));
    s.directory_users = Some(b.build(at, || {
        workspace::normalize::directory_users(
            users.map(Vec::as_slice).unwrap_or_default(),
            usage.map(Vec::as_slice),
            sign_in.as_ref(),
        )
    }));

    let mut b = SectionBuilder::default();
    let policies = b.require("cloudidentity:policies.list", &raw.ci_policies);
    let units = b.require("admin:directory.orgunits.list", &raw.org_units);
    s.auth_policies = Some(b.build(at, || {
        SignIn::new(
            units.map(Vec::as_slice).unwrap_or_default(),
            policies.map(Vec::as_slice).unwrap_or_default(),
            at,
        )
        .auth_policies()
    }));

    let mut b = SectionBuilder::default();
    let profiles = b.require(
        "cloudidentity:inboundSamlSsoProfiles.list",
        &raw.sso_profiles,
    );
    let assignments = b.require(
        "cloudidentity:inboundSsoAssignments.list",
        &raw.sso_assignments,
    );
    s.sso = Some(b.build(at, || {
        workspace::normalize::sso(
            profiles.map(Vec::as_slice).unwrap_or_default(),
            assignments.map(Vec::as_slice).unwrap_or_default(),
        )
    }));

    let mut b = SectionBuilder::default();
    let pools = b.require("iam:locations.workforcePools.list", &raw.workforce_pools);
    let provider_inputs: Vec<Input<Vec<WorkforcePoolProvider>>> = pools
        .into_iter()
        .flatten()
        .map(|p| get(&raw.workforce_providers, &p.name, "workforce provider list"))
        .collect();
    let mut providers = Vec::new();
    for i in &provider_inputs {
        if let Some(p) = b.require("iam:locations.workforcePools.providers.list", i) {
            providers.extend(p.iter().cloned());
        }
    }
    s.identity_providers = Some(b.build(at, || {
        iam::normalize::workforce_providers(
            pools.map(Vec::as_slice).unwrap_or_default(),
            &providers,
        )
    }));
}

/// Whether a section came out collected (for tests and the collector's summary).
pub fn is_collected<T>(s: &Option<Section<T>>) -> bool {
    matches!(s, Some(Section::Collected { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Unavailable, UnavailableKind};

    fn at() -> DateTime<Utc> {
        "2026-11-20T12:00:00Z".parse().unwrap()
    }

    fn present<T>(v: T) -> Input<T> {
        Input::present("test", v)
    }

    fn base() -> RawOrg {
        let mut raw = RawOrg {
            organizations: present(
                serde_json::from_str(
                    r#"[{"name":"organizations/1","displayName":"corp.example"}]"#,
                )
                .unwrap(),
            ),
            folders: present(
                serde_json::from_str(r#"[{"name":"folders/5","parent":"organizations/1"}]"#)
                    .unwrap(),
            ),
            projects: present(
                serde_json::from_str(
                    r#"[{"projectId":"app","parent":{"type":"folder","id":"5"}},
                        {"projectId":"data","parent":{"type":"organization","id":"1"}}]"#,
                )
                .unwrap(),
            ),
            ..RawOrg::default()
        };
        let pol = |j: &str| present(serde_json::from_str::<Policy>(j).unwrap());
        raw.iam_policies.insert(
            "organizations/1".into(),
            pol(r#"{"bindings":[{"role":"roles/owner","members":["user:ann@corp.example","group:admins@corp.example"]}]}"#),
        );
        raw.iam_policies.insert(
            "folders/5".into(),
            pol(r#"{"bindings":[{"role":"roles/editor","members":["user:bob@gmail.com"],"condition":{"expression":"request.time < timestamp('2027-01-01T00:00:00Z')"}}]}"#),
        );
        raw.iam_policies
            .insert("projects/app".into(), pol(r#"{"bindings":[]}"#));
        raw
    }

    #[test]
    fn inherited_grants_are_resolved_per_project() {
        let scopes = normalize(&base(), at()).unwrap();
        let ids: Vec<&str> = scopes.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["gcp:organization:1", "gcp:project:app", "gcp:project:data"]
        );
        let app = &scopes[1];
        assert_eq!(app.parent.as_deref(), Some("gcp:organization:1"));
        // Service accounts were not read: principals unavailable, groups collected.
        assert!(!is_collected(&app.sections.principals));
        let groups = app.sections.groups.as_ref().unwrap().data().unwrap();
        assert_eq!(groups[0].id, "group:admins@corp.example");
        assert_eq!(groups[0].grants[0].resource, "organizations/1");
        let pa = app
            .sections
            .privileged_access
            .as_ref()
            .unwrap()
            .data()
            .unwrap();
        let bob = pa
            .iter()
            .find(|a| a.principal == "user:bob@gmail.com")
            .unwrap();
        assert_eq!(bob.assignment, "time_bound");
        let ext = app.sections.external_collaboration.as_ref().unwrap();
        // No org policies were read.
        assert!(ext.data().is_none());
        // `data` has no IAM policy of its own: only its sections are unavailable.
        let data = &scopes[2];
        match data.sections.groups.as_ref().unwrap() {
            Section::Unavailable { reason, .. } => {
                assert_eq!(reason.kind, UnavailableKind::NotCollected);
                assert!(
                    reason.message.contains("projects/data"),
                    "{}",
                    reason.message
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_denied_project_policy_makes_only_that_project_unknown() {
        let mut raw = base();
        raw.iam_policies.insert(
            "projects/data".into(),
            Input::Failed {
                source: "test".into(),
                reason: Unavailable {
                    kind: UnavailableKind::AccessDenied,
                    message: "PERMISSION_DENIED: no".into(),
                },
            },
        );
        let scopes = normalize(&raw, at()).unwrap();
        assert!(is_collected(&scopes[1].sections.groups));
        match scopes[2].sections.groups.as_ref().unwrap() {
            Section::Unavailable { source, reason } => {
                assert_eq!(reason.kind, UnavailableKind::AccessDenied);
                assert!(source.contains("projects.getIamPolicy"), "{source}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_folder_makes_the_ancestry_unknown() {
        let mut raw = base();
        raw.folders = present(Vec::new());
        let scopes = normalize(&raw, at()).unwrap();
        let app = scopes.iter().find(|s| s.id == "gcp:project:app").unwrap();
        assert_eq!(app.parent, None);
        match app.sections.groups.as_ref().unwrap() {
            Section::Unavailable { reason, .. } => {
                assert!(reason.message.contains("folders/5"), "{}", reason.message)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn workspace_without_data_is_unavailable_not_empty() {
        let scopes = normalize(&base(), at()).unwrap();
        let org = &scopes[0];
        assert!(!is_collected(&org.sections.directory_users));
        assert!(!is_collected(&org.sections.sso));
        let organization = org.sections.organization.as_ref().unwrap().data().unwrap();
        assert_eq!(organization.accounts, ["app", "data"]);
    }

    #[test]
    fn nothing_at_all_is_an_error() {
        assert_eq!(
            normalize(&RawOrg::default(), at()),
            Err(NormalizeError::NoScope)
        );
    }
}
