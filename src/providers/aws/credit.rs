//! Organization crediting: what an AWS organization provides, read once where it lives, credited
//! to every account scope under it before rules run.
//!
//! Each account scope of a snapshot says what that account itself shows. Some of what governs an
//! account lives elsewhere: the organization's IAM Identity Center instance and its assignments
//! (in the management or a delegated-administrator account), the organization trail (in the
//! account that owns it; AWS shows members a shadow copy, emulators and exports may not), the
//! alerts on that trail's log group, and the SCPs on the account's path from the root through
//! its OUs (read in the management account). [`credit`] joins them, the same way for a live
//! `--org` snapshot and for a folder of exports per account, so both give one verdict:
//!
//! - **Organization scopes** read from several accounts (one per export folder) are merged into
//!   the one read from the management account (the one that saw the policies and OU paths).
//! - **SCPs**: a member account's `guardrails` are the organization scope's policies attached to
//!   the account itself or to the root or an OU on its path (`organization.account_paths`). The
//!   management account is left as it is (SCPs never apply to it). Without its path, a policy
//!   attached only to OUs makes the section unavailable: whether it applies is unknown.
//! - **Identity Center**: every account scope, the instance's own included, sees the instances
//!   it can be reached through — its own and its organization's (the management account's, or
//!   one whose assignments were read for other accounts) — with the assignments *to that
//!   account*, and as `directory_users` the users those assignments reach (directly, or through
//!   a group they are a member of), not the whole directory. An account whose assignments were
//!   not read, or group assignments without memberships, make the sections unavailable. Sections
//!   from snapshots that carry no assignment list (older snapshots, hand-made fixtures) are kept.
//! - **Organization trail**: a trail with `organization_trail` logs every member; it is added to
//!   each member's collected `audit_logs`, with the metric-filter alerts on its log group to the
//!   member's collected `alerting`. A member section that could not be read stays unavailable.
//!
//! Every credited section's source names the scope it was credited from.

use super::organizations::normalize::{attaches, Scoped};
use super::raw;
use crate::model::{
    AlertRule, AuditLog, DirectoryUser, Guardrails, Organization, Provider, Scope, ScopeKind,
    Section, Snapshot, SsoInstance, Unavailable, UnavailableKind,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Start of the message of an Identity Center section a member account could not see (set by
/// the normalizer): such a section is replaced by what the organization's instance credits.
pub(crate) const IC_ELSEWHERE: &str = "no Identity Center instance is visible from member account";

/// Where a scope is: snapshot index, scope index (in the inputs as read, before any organization
/// scope is dropped).
pub type At = (usize, usize);

/// Credits every AWS account scope in `snapshots` with what its organization provides.
pub fn credit(snapshots: &mut [Snapshot]) {
    let mut ctx = Context::default();
    for (i, s) in snapshots.iter().enumerate() {
        for (j, scope) in s.scopes.iter().enumerate() {
            ctx.gather_organization((i, j), scope);
        }
    }
    for (i, s) in snapshots.iter().enumerate() {
        for (j, scope) in s.scopes.iter().enumerate() {
            ctx.gather_provided((i, j), scope);
        }
    }
    for (i, s) in snapshots.iter_mut().enumerate() {
        for (j, scope) in s.scopes.iter_mut().enumerate() {
            ctx.credit_scope((i, j), scope);
        }
        let mut j = 0;
        s.scopes.retain(|scope| {
            let keep = ctx.keeps((i, j), scope);
            j += 1;
            keep
        });
    }
}

/// What the organizations of an assessment provide to their accounts, gathered before any scope
/// is credited, so that scopes can then be credited (and assessed, and released) one at a time:
/// memory follows the organization-level data — the best organization scope per organization,
/// the Identity Center instances that serve an organization, the organization trails — not the
/// number of accounts. Two reads of every scope, in the same order each time:
/// [`Context::gather_organization`], then [`Context::gather_provided`]; then
/// [`Context::credit_scope`] and [`Context::keeps`] per scope.
#[derive(Default)]
pub struct Context {
    /// Per organization scope id: where its best-informed scope is, and its score.
    best: BTreeMap<String, (At, (u8, u8, usize))>,
    orgs: BTreeMap<String, Org>,
    /// Identity Center holders that serve their organization, in reading order.
    holders: Vec<(At, IcHolder)>,
    /// Per organization: its trails (with the holder's scope) and the alerts on their log groups.
    trails: BTreeMap<String, Vec<(String, AuditLog, Vec<AlertRule>)>>,
}

impl Context {
    /// First read: keeps one scope per AWS organization id, the best-informed one (the first of
    /// equals).
    pub fn gather_organization(&mut self, at: At, scope: &Scope) {
        if scope.provider != Provider::Aws || scope.kind != ScopeKind::Organization {
            return;
        }
        let score = org_score(scope);
        if matches!(self.best.get(&scope.id), Some((_, b)) if *b >= score) {
            return;
        }
        self.best.insert(scope.id.clone(), (at, score));
        self.orgs.insert(scope.id.clone(), org_of_scope(scope));
    }

    /// Second read: the Identity Center instances that serve an organization, and the
    /// organization trails with the alerts on their log groups.
    pub fn gather_provided(&mut self, at: At, scope: &Scope) {
        let Some(account) = account_id(scope) else {
            return;
        };
        if let Some(h) = holder(scope) {
            if h.org.is_some() && serves_organization(&h, &self.orgs) {
                self.holders.push((at, h));
            }
        }
        let Some(org) = scope.parent.as_ref().filter(|o| self.orgs.contains_key(*o)) else {
            return;
        };
        let Some(trails) = scope.sections.audit_logs.as_ref().and_then(Section::data) else {
            return;
        };
        let alerts = scope.sections.alerting.as_ref().and_then(Section::data);
        for t in trails.iter().filter(|t| t.organization_trail) {
            // A shadow copy names the owner's account in its ARN: credit from the owner only.
            if super::normalize::arn_account(&t.id).is_some_and(|a| a != account) {
                continue;
            }
            let on_group: Vec<AlertRule> = match (&t.log_group, alerts) {
                (Some(g), Some(alerts)) => alerts
                    .iter()
                    .filter(|a| a.log_group.as_ref() == Some(g))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            self.trails.entry(org.clone()).or_default().push((
                scope.id.clone(),
                t.clone(),
                on_group,
            ));
        }
    }

    /// Whether the scope at `at` stays: every scope but an AWS organization scope read better
    /// elsewhere (the organization scopes of several inputs merge into the best-informed one).
    pub fn keeps(&self, at: At, scope: &Scope) -> bool {
        scope.provider != Provider::Aws
            || scope.kind != ScopeKind::Organization
            || self.best.get(&scope.id).is_some_and(|(b, _)| *b == at)
    }

    /// The organization section of the AWS organization scope that is kept, by scope id.
    pub fn organizations(&self) -> impl Iterator<Item = (&str, Option<&Organization>)> {
        self.orgs
            .iter()
            .map(|(id, o)| (id.as_str(), o.organization.as_ref()))
    }

    /// Credits one AWS account scope (as read, not yet credited) with its organization's SCPs,
    /// Identity Center and trails; any other scope is left alone.
    pub fn credit_scope(&self, at: At, scope: &mut Scope) {
        if account_id(scope).is_none() {
            return;
        }
        credit_guardrails(scope, &self.orgs);
        self.credit_identity_center(at, scope);
        credit_organization_trails(scope, &self.trails);
    }
}

fn account_id(scope: &Scope) -> Option<&str> {
    (scope.provider == Provider::Aws && scope.kind == ScopeKind::Account)
        .then(|| scope.id.strip_prefix("aws:account:"))
        .flatten()
}

// ---------------------------------------------------------------------------------------------
// Organization scopes

/// How much an organization scope knows: read from the management account it has the policies
/// and the OU paths; from a member, only the organization's id.
fn org_score(scope: &Scope) -> (u8, u8, usize) {
    let guardrails = matches!(scope.sections.guardrails, Some(Section::Collected { .. })) as u8;
    let org = scope.sections.organization.as_ref().and_then(Section::data);
    let paths = org.is_some_and(|o| !o.account_paths.is_empty()) as u8;
    (guardrails, paths, org.map_or(0, |o| o.accounts.len()))
}

/// What each organization scope says, by scope id.
struct Org {
    id: String,
    organization: Option<Organization>,
    guardrails: Option<(String, DateTime<Utc>, Guardrails)>,
}

fn org_of_scope(scope: &Scope) -> Org {
    let guardrails = match &scope.sections.guardrails {
        Some(Section::Collected {
            source,
            collected_at,
            data,
        }) => Some((source.clone(), *collected_at, data.clone())),
        _ => None,
    };
    Org {
        id: scope.id.clone(),
        organization: scope
            .sections
            .organization
            .as_ref()
            .and_then(Section::data)
            .cloned(),
        guardrails,
    }
}

fn org_of<'o>(orgs: &'o BTreeMap<String, Org>, scope: &Scope) -> Option<&'o Org> {
    orgs.get(scope.parent.as_deref()?)
}

fn is_management(org: &Org, account: &str) -> bool {
    org.organization
        .as_ref()
        .and_then(|o| o.management_account.as_deref())
        == Some(account)
}

// ---------------------------------------------------------------------------------------------
// SCPs

fn credit_guardrails(s: &mut Scope, orgs: &BTreeMap<String, Org>) {
    let account = account_id(s).unwrap_or_default().to_string();
    let Some(org) = org_of(orgs, s) else { return };
    let Some((source, collected_at, org_rails)) = &org.guardrails else {
        return;
    };
    if is_management(org, &account) {
        return;
    }
    let path = org
        .organization
        .as_ref()
        .and_then(|o| o.account_paths.get(&account));
    let mut unknown = Vec::new();
    let policies = org_rails
        .policies
        .iter()
        .map(|p| {
            let mut p = p.clone();
            // The model keeps target ids only: their prefixes (`r-`, `ou-`) say their kind.
            let scoped = Scoped::Account(&account, path.map(Vec::as_slice));
            let attaches: Vec<Option<bool>> = p
                .targets
                .iter()
                .map(|t| {
                    let target = raw::PolicyTarget {
                        target_id: t.clone(),
                        name: None,
                        target_type: None,
                    };
                    attaches(&target, scoped)
                })
                .collect();
            p.attached = attaches.contains(&Some(true));
            if !p.attached && !p.vendor_managed && attaches.contains(&None) {
                unknown.push(format!("{} ({})", p.name, p.id));
            }
            p
        })
        .collect();
    let credited_from = format!("credited from {}: {source}", org.id);
    let section = if unknown.is_empty() {
        Section::Collected {
            source: credited_from,
            collected_at: *collected_at,
            data: Guardrails {
                in_organization: true,
                management_account: false,
                policies,
                path: path.cloned().unwrap_or_default(),
            },
        }
    } else {
        Section::Unavailable {
            source: format!("{credited_from}+organizations:ListParents"),
            reason: Unavailable {
                kind: UnavailableKind::NotCollected,
                message: format!(
                    "where account {account} sits in the organization is unknown (its \
                     organizations:ListParents path was not read), and {} {} attached to \
                     OUs only: whether {} is unknown",
                    unknown.join(", "),
                    if unknown.len() == 1 { "is" } else { "are" },
                    if unknown.len() == 1 {
                        "it applies"
                    } else {
                        "they apply"
                    },
                ),
            },
        }
    };
    s.sections.guardrails = Some(section);
}

// ---------------------------------------------------------------------------------------------
// Identity Center

/// An Identity Center instance list and its directory, as read in one account scope.
#[derive(Clone)]
struct IcHolder {
    scope_id: String,
    account: String,
    org: Option<String>,
    source: String,
    collected_at: DateTime<Utc>,
    instances: Vec<SsoInstance>,
    users: Section<Vec<DirectoryUser>>,
}

/// The scope's Identity Center instances, when it is an AWS account scope that read them with
/// their assignment lists.
fn holder(s: &Scope) -> Option<IcHolder> {
    let Some(Section::Collected {
        source,
        collected_at,
        data,
    }) = &s.sections.sso
    else {
        return None;
    };
    // Only instances that carry their assignment list can be credited.
    if data.is_empty() || data.iter().any(|i| i.assignments_read_for.is_empty()) {
        return None;
    }
    Some(IcHolder {
        scope_id: s.id.clone(),
        account: account_id(s)?.to_string(),
        org: s.parent.clone(),
        source: source.clone(),
        collected_at: *collected_at,
        instances: data.clone(),
        users: s
            .sections
            .directory_users
            .clone()
            .unwrap_or(Section::Unavailable {
                source: "identitystore:ListUsers".into(),
                reason: Unavailable {
                    kind: UnavailableKind::NotCollected,
                    message: "not collected".into(),
                },
            }),
    })
}

/// Whether a holder's instances serve other accounts of its organization: it is the
/// management account, or its instances assign access in other accounts (a delegated
/// administrator). An account's own empty instance serves nobody else.
fn serves_organization(h: &IcHolder, orgs: &BTreeMap<String, Org>) -> bool {
    let management = h
        .org
        .as_ref()
        .and_then(|o| orgs.get(o))
        .is_some_and(|o| is_management(o, &h.account));
    management
        || h.instances
            .iter()
            .any(|i| i.assignments.iter().any(|a| a.account_id != h.account))
}

impl Context {
    fn credit_identity_center(&self, at: At, s: &mut Scope) {
        let account = account_id(s).unwrap_or_default();
        // Instances seen from here: its own, and its organization's (in reading order).
        let own = holder(s);
        let mut views: Vec<(At, &IcHolder)> = self
            .holders
            .iter()
            .filter(|(_, h)| h.scope_id != s.id && h.org.is_some() && h.org == s.parent)
            .map(|(a, h)| (*a, h))
            .chain(own.as_ref().map(|h| (at, h)))
            .collect();
        if views.is_empty() {
            return;
        }
        views.sort_by_key(|(a, _)| *a);
        // Keep what is not about the organization's instance: a section this account could not
        // read for its own reasons, or an instance list without assignment lists.
        match &s.sections.sso {
            Some(Section::Collected { data, .. })
                if data.iter().all(|i| !i.assignments_read_for.is_empty()) => {}
            Some(Section::Unavailable { reason, .. })
                if reason.message.starts_with(IC_ELSEWHERE) => {}
            _ => return,
        }
        let views: Vec<&IcHolder> = views.into_iter().map(|(_, h)| h).collect();
        let (sso, users) = view_for(account, &s.id, &views);
        s.sections.sso = Some(sso);
        s.sections.directory_users = Some(users);
    }
}

/// The Identity Center sections of account `account` (scope `scope_id`) through `views`.
fn view_for(
    account: &str,
    scope_id: &str,
    views: &[&IcHolder],
) -> (Section<Vec<SsoInstance>>, Section<Vec<DirectoryUser>>) {
    let mut gaps: Vec<String> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut user_sources: Vec<String> = Vec::new();
    let mut at: Option<DateTime<Utc>> = None;
    let mut instances = Vec::new();
    let mut users: BTreeMap<String, DirectoryUser> = BTreeMap::new();
    for h in views {
        let credit = |src: &str| {
            if h.scope_id == scope_id {
                src.to_string()
            } else {
                format!("credited from {}: {src}", h.scope_id)
            }
        };
        sources.push(credit(&h.source));
        at = at.max(Some(h.collected_at));
        let mut user_ids = BTreeSet::new();
        let mut group_ids = BTreeSet::new();
        for i in &h.instances {
            if !i.assignments_read_for.iter().any(|a| a == account) {
                gaps.push(format!(
                    "the Identity Center instance {} read in {} has no assignments read for \
                     account {account}",
                    i.id, h.scope_id
                ));
                continue;
            }
            let mine: Vec<_> = i
                .assignments
                .iter()
                .filter(|a| a.account_id == account)
                .cloned()
                .collect();
            for a in &mine {
                if a.principal_type == "group" {
                    group_ids.insert(a.principal_id.clone());
                } else {
                    user_ids.insert(a.principal_id.clone());
                }
            }
            let mut i = i.clone();
            i.account_assignments = mine.len() as u64;
            i.group_assignments =
                mine.iter().filter(|a| a.principal_type == "group").count() as u64;
            i.assignments = mine;
            i.assignments_read_for = vec![account.to_string()];
            instances.push(i);
        }
        match &h.users {
            Section::Collected { source, data, .. } => {
                user_sources.push(credit(source));
                for u in data {
                    let via_group = match &u.groups {
                        Some(g) => g.iter().any(|g| group_ids.contains(g)),
                        None if group_ids.is_empty() => false,
                        None => {
                            gaps.push(format!(
                                "who reaches account {account} through a group assignment is \
                                 unknown: the group memberships of {}'s identity store were not \
                                 read (identitystore:ListGroupMemberships)",
                                h.scope_id
                            ));
                            false
                        }
                    };
                    if via_group || user_ids.contains(&u.id) {
                        users.insert(u.id.clone(), u.clone());
                    }
                }
            }
            Section::Unavailable { reason, .. } => {
                if !user_ids.is_empty() || !group_ids.is_empty() {
                    gaps.push(format!(
                        "the identity store users of {} are unavailable: {}",
                        h.scope_id, reason.message
                    ));
                }
            }
        }
    }
    gaps.dedup();
    let at = at.unwrap_or_default();
    let source = sources.join("+");
    if !gaps.is_empty() {
        let reason = Unavailable {
            kind: UnavailableKind::NotCollected,
            message: gaps.join("; "),
        };
        return (
            reason.clone().with_source(source),
            reason.with_source(user_sources.join("+")),
        );
    }
    instances.sort_by(|a, b| a.id.cmp(&b.id));
    instances.dedup_by(|a, b| a.id == b.id);
    (
        Section::Collected {
            source,
            collected_at: at,
            data: instances,
        },
        Section::Collected {
            source: if user_sources.is_empty() {
                "identitystore:ListUsers".to_string()
            } else {
                user_sources.join("+")
            },
            collected_at: at,
            data: users.into_values().collect(),
        },
    )
}

trait WithSource {
    fn with_source<T>(self, source: String) -> Section<T>;
}

impl WithSource for Unavailable {
    fn with_source<T>(self, source: String) -> Section<T> {
        Section::Unavailable {
            source,
            reason: self,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Organization trails

/// By organization: each organization trail with the scope that holds it and its alerts.
type ProvidedTrails = BTreeMap<String, Vec<(String, AuditLog, Vec<AlertRule>)>>;

fn credit_organization_trails(s: &mut Scope, provided: &ProvidedTrails) {
    let Some(list) = s.parent.as_ref().and_then(|o| provided.get(o)) else {
        return;
    };
    for (holder, trail, alerts) in list {
        if holder == &s.id {
            continue;
        }
        if let Some(Section::Collected { source, data, .. }) = &mut s.sections.audit_logs {
            if !data.iter().any(|t| t.id == trail.id) {
                data.push(trail.clone());
                data.sort_by(|a, b| a.id.cmp(&b.id));
                source.push_str(&format!(
                    "+credited from {holder}: organization trail {}",
                    trail.name
                ));
            }
        }
        if let Some(Section::Collected { source, data, .. }) = &mut s.sections.alerting {
            let before = data.len();
            for a in alerts {
                if !data.iter().any(|x| x.id == a.id) {
                    data.push(a.clone());
                }
            }
            if data.len() > before {
                data.sort_by(|a, b| a.id.cmp(&b.id));
                source.push_str(&format!(
                    "+credited from {holder}: alerts on the log group of organization trail {}",
                    trail.name
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const AT: &str = "2026-11-20T12:00:00Z";

    fn collected(source: &str, data: Value) -> Value {
        json!({"status": "collected", "source": source, "collected_at": AT, "data": data})
    }

    fn denied(source: &str) -> Value {
        json!({"status": "unavailable", "source": source,
               "reason": {"kind": "access_denied", "message": "AccessDenied"}})
    }

    fn account(id: &str, sections: Value) -> Value {
        json!({"id": format!("aws:account:{id}"), "provider": "aws", "kind": "account",
               "parent": "aws:organization:o-1", "sections": sections})
    }

    fn org(paths: Value, guardrails: Option<Value>) -> Value {
        let mut sections = json!({"organization": collected("organizations:DescribeOrganization",
            json!({"id": "o-1", "management_account": "100000000000",
                   "accounts": ["100000000000", "200000000000", "300000000000", "400000000000"],
                   "account_paths": paths}))});
        if let Some(g) = guardrails {
            sections["guardrails"] = g;
        }
        json!({"id": "aws:organization:o-1", "provider": "aws", "kind": "organization",
               "sections": sections})
    }

    fn snapshot(scopes: Vec<Value>) -> Snapshot {
        serde_json::from_value(json!({"schema_version": "1.1",
            "generator": {"tool": "idgauge", "version": "0"}, "collected_at": AT,
            "scopes": scopes}))
        .unwrap()
    }

    fn find<'a>(snaps: &'a [Snapshot], id: &str) -> &'a Scope {
        snaps
            .iter()
            .flat_map(|s| &s.scopes)
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    }

    fn scps() -> Value {
        let policy = |id: &str, targets: Value| {
            json!({"id": id, "name": id, "kind": "scp", "attached": true, "targets": targets,
                   "denied_actions": ["iam:CreateUser"]})
        };
        collected(
            "organizations:ListPolicies",
            json!({"in_organization": true, "policies": [
                policy("p-root", json!(["r-1"])),
                policy("p-ou", json!(["ou-a"])),
            ]}),
        )
    }

    fn attached(scope: &Scope) -> Vec<String> {
        let g = scope.sections.guardrails.as_ref().unwrap().data().unwrap();
        g.policies
            .iter()
            .filter(|p| p.attached)
            .map(|p| p.id.clone())
            .collect()
    }

    /// SCPs reach a member by its OU path; the management account is left alone; a member
    /// whose path is unknown and an OU-only policy make the section unavailable.
    #[test]
    fn scps_follow_the_ou_path() {
        let mut snaps = vec![snapshot(vec![
            org(
                json!({"200000000000": ["r-1", "ou-a"], "300000000000": ["r-1"]}),
                Some(scps()),
            ),
            account(
                "100000000000",
                json!({"guardrails": denied("organizations:ListPolicies")}),
            ),
            account(
                "200000000000",
                json!({"guardrails": denied("organizations:ListPolicies")}),
            ),
            account(
                "300000000000",
                json!({"guardrails": denied("organizations:ListPolicies")}),
            ),
            account(
                "400000000000",
                json!({"guardrails": denied("organizations:ListPolicies")}),
            ),
        ])];
        credit(&mut snaps);
        let in_ou = find(&snaps, "aws:account:200000000000");
        assert_eq!(attached(in_ou), vec!["p-root", "p-ou"]);
        assert!(in_ou
            .sections
            .guardrails
            .as_ref()
            .unwrap()
            .source()
            .starts_with("credited from aws:organization:o-1"));
        assert_eq!(
            attached(find(&snaps, "aws:account:300000000000")),
            vec!["p-root"]
        );
        // The management account keeps what it read (SCPs never apply to it).
        assert!(find(&snaps, "aws:account:100000000000")
            .sections
            .guardrails
            .as_ref()
            .unwrap()
            .data()
            .is_none());
        let unknown = find(&snaps, "aws:account:400000000000");
        match unknown.sections.guardrails.as_ref().unwrap() {
            Section::Unavailable { reason, .. } => {
                assert!(reason.message.contains("ListParents"), "{}", reason.message)
            }
            s => panic!("path unknown must not be a verdict: {s:?}"),
        }
    }

    fn holder(users: Value) -> Value {
        let a = |acct: &str, ty: &str, id: &str| {
            json!({"account_id": acct, "permission_set": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                   "principal_type": ty, "principal_id": id})
        };
        account(
            "400000000000",
            json!({
                "sso": collected("sso-admin:ListInstances", json!([{
                    "id": "arn:aws:sso:::instance/ssoins-1", "status": "ACTIVE",
                    "identity_source": "external_idp", "permission_sets": 1,
                    "account_assignments": 1, "group_assignments": 0,
                    "assignments": [a("200000000000", "group", "g1"),
                                    a("400000000000", "user", "u3")],
                    "assignments_read_for": ["200000000000", "300000000000", "400000000000"],
                }])),
                "directory_users": collected("identitystore:ListUsers", users),
            }),
        )
    }

    fn elsewhere(id: &str) -> Value {
        let gap = json!({"status": "unavailable", "source": "sso-admin:ListInstances",
            "reason": {"kind": "not_collected",
                       "message": format!("{IC_ELSEWHERE} {id}: administered elsewhere")}});
        account(id, json!({"sso": gap.clone(), "directory_users": gap}))
    }

    fn names(scope: &Scope) -> Vec<String> {
        let users = scope.sections.directory_users.as_ref().unwrap();
        users
            .data()
            .unwrap_or_else(|| panic!("{}: {users:?}", scope.id))
            .iter()
            .map(|u| u.id.clone())
            .collect()
    }

    /// Each account sees the assignments to it, and as directory users the people they reach —
    /// the delegated administrator's own scope included.
    #[test]
    fn identity_center_reaches_each_account_through_its_assignments() {
        let users = json!([
            {"id": "u1", "name": "one", "groups": ["g1"]},
            {"id": "u2", "name": "two", "groups": []},
            {"id": "u3", "name": "three", "groups": []},
        ]);
        let mut snaps = vec![snapshot(vec![
            org(json!({}), None),
            holder(users),
            elsewhere("200000000000"),
            elsewhere("300000000000"),
        ])];
        credit(&mut snaps);
        let prod = find(&snaps, "aws:account:200000000000");
        assert_eq!(names(prod), vec!["u1"]);
        let sso = prod.sections.sso.as_ref().unwrap();
        assert!(sso
            .source()
            .starts_with("credited from aws:account:400000000000"));
        let i = &sso.data().unwrap()[0];
        assert_eq!((i.account_assignments, i.group_assignments), (1, 1));
        assert_eq!(
            names(find(&snaps, "aws:account:300000000000")),
            Vec::<String>::new()
        );
        assert_eq!(names(find(&snaps, "aws:account:400000000000")), vec!["u3"]);
        // Crediting twice changes nothing.
        let once = snaps.clone();
        credit(&mut snaps);
        assert_eq!(snaps, once);
    }

    /// Group assignments without the memberships read: who they reach is unknown, not nobody.
    #[test]
    fn group_reach_without_memberships_is_unknown() {
        let users = json!([{"id": "u1", "name": "one"}]);
        let mut snaps = vec![snapshot(vec![
            org(json!({}), None),
            holder(users),
            elsewhere("200000000000"),
        ])];
        credit(&mut snaps);
        match find(&snaps, "aws:account:200000000000")
            .sections
            .directory_users
            .as_ref()
            .unwrap()
        {
            Section::Unavailable { reason, .. } => {
                assert!(reason.message.contains("ListGroupMemberships"))
            }
            s => panic!("{s:?}"),
        }
    }

    /// The organization trail and the alerts on its log group reach every member's collected
    /// sections once; a member section that could not be read stays unavailable.
    #[test]
    fn organization_trail_and_its_alerts_are_credited() {
        let trail = json!({"id": "arn:aws:cloudtrail:eu-west-2:100000000000:trail/org",
            "name": "org", "kind": "cloudtrail", "multi_region": true, "logging": true,
            "organization_trail": true, "streams_to_logs": true, "log_group": "org-logs"});
        let alert = |id: &str, group: &str| {
            json!({"id": id, "name": id, "kind": "metric_filter_alarm", "enabled": true,
                   "has_action": true, "detects": ["iam_change"], "log_group": group})
        };
        let mut snaps = vec![snapshot(vec![
            org(json!({}), None),
            account(
                "100000000000",
                json!({
                    "audit_logs": collected("cloudtrail:DescribeTrails", json!([trail])),
                    "alerting": collected("logs:DescribeMetricFilters",
                        json!([alert("on-org", "org-logs"), alert("on-app", "app-logs")])),
                }),
            ),
            account(
                "200000000000",
                json!({"audit_logs": collected("cloudtrail:DescribeTrails", json!([])),
                       "alerting": collected("logs:DescribeMetricFilters", json!([]))}),
            ),
            account(
                "300000000000",
                json!({"audit_logs": denied("cloudtrail:DescribeTrails")}),
            ),
        ])];
        credit(&mut snaps);
        let member = find(&snaps, "aws:account:200000000000");
        let logs = member.sections.audit_logs.as_ref().unwrap();
        assert_eq!(logs.data().unwrap().len(), 1);
        assert!(logs
            .source()
            .contains("credited from aws:account:100000000000"));
        let alerts: Vec<&str> = member
            .sections
            .alerting
            .as_ref()
            .unwrap()
            .data()
            .unwrap()
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(alerts, vec!["on-org"]);
        assert!(find(&snaps, "aws:account:300000000000")
            .sections
            .audit_logs
            .as_ref()
            .unwrap()
            .data()
            .is_none());
        let once = snaps.clone();
        credit(&mut snaps);
        assert_eq!(snaps, once, "crediting twice adds nothing");
    }

    /// One organization read from several export folders: the management account's view wins.
    #[test]
    fn organization_scopes_from_several_inputs_merge() {
        let mut snaps = vec![
            snapshot(vec![org(json!({}), None)]),
            snapshot(vec![org(json!({"200000000000": ["r-1"]}), Some(scps()))]),
        ];
        credit(&mut snaps);
        assert!(snaps[0].scopes.is_empty());
        assert_eq!(snaps[1].scopes.len(), 1);
    }
}
