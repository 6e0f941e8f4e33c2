//! Reconciliation of every cloud scope's human accounts with the identity repository, and the
//! identity map (each person once, with every account across clouds).
//!
//! This module owns the join (configurable keys: e-mail / UPN, employee id, SCIM external id,
//! username) and what it finds per scope — orphan accounts, leavers still enabled, local
//! accounts of directory people (shadows beside a federated identity), attribute and
//! group→role drift, provisioning latency — written as each scope's `reconciliation` section
//! for the `IDG-ALL-*` rules. It runs at assessment time over the snapshots, like
//! organization crediting; without a repository it writes nothing, so those rules report
//! "not assessed". Everything is sorted: output does not depend on input order.

use crate::config::Config;
use crate::model::{
    AccountRef, DirectoryUser, Drift, IdentityRepository, Latency, LeaverAccount, LocalAccount,
    Person, Principal, PrincipalKind, Reconciliation, Scope, Section, Snapshot, Unavailable,
    UnavailableKind,
};
use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A human account of a scope, with what joins it and what the identity map shows.
struct Account<'a> {
    r: AccountRef,
    emails: Vec<String>,
    employee_id: Option<String>,
    /// What the `external_id` key compares, lower case.
    external_ids: Vec<String>,
    username: String,
    /// Cloud group names; `None` where the snapshot holds groups by id (directory users).
    groups: Option<Vec<&'a str>>,
    created: Option<DateTime<Utc>>,
    mfa: Option<bool>,
    phishing_resistant: bool,
    last_used: Option<DateTime<Utc>>,
}

fn tag<'a>(tags: &'a BTreeMap<String, String>, names: &[&str]) -> Option<&'a str> {
    tags.iter()
        .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v.as_str())
}

/// `user:ann@x` (GCP members) → `ann@x`.
fn bare(name: &str) -> &str {
    name.strip_prefix("user:").unwrap_or(name)
}

fn from_principal<'a>(p: &'a Principal) -> Account<'a> {
    let name = bare(&p.name);
    let mut emails = Vec::new();
    if name.contains('@') {
        emails.push(name.to_ascii_lowercase());
    }
    if let Some(m) = tag(&p.tags, &["email", "mail", "e-mail"]) {
        emails.push(m.to_ascii_lowercase());
    }
    let last_used = [p.password_last_used, p.last_sign_in]
        .into_iter()
        .chain(p.access_keys.iter().map(|k| k.last_used))
        .flatten()
        .max();
    Account {
        r: AccountRef {
            id: p.id.clone(),
            name: p.name.clone(),
            section: "principals".into(),
            source: serde_plain(&p.source),
            enabled: p.console_access || p.access_keys.iter().any(|k| k.active),
        },
        emails,
        employee_id: p
            .employee_id
            .as_deref()
            .or_else(|| tag(&p.tags, &["employeeId", "employee_id", "employeeNumber"]))
            .map(|e| e.trim().to_ascii_lowercase()),
        external_ids: p
            .external_id_values
            .iter()
            .map(String::as_str)
            .chain(tag(&p.tags, &["externalId", "external_id"]))
            .map(|e| e.trim().to_ascii_lowercase())
            .collect(),
        username: name.to_ascii_lowercase(),
        groups: Some(p.groups.iter().map(String::as_str).collect()),
        created: p.created,
        mfa: Some(p.mfa_active),
        phishing_resistant: p.mfa_devices.iter().any(|d| d.phishing_resistant),
        last_used,
    }
}

fn from_directory_user<'a>(u: &'a DirectoryUser) -> Account<'a> {
    let mut emails = Vec::new();
    if u.name.contains('@') {
        emails.push(u.name.to_ascii_lowercase());
    }
    Account {
        r: AccountRef {
            id: u.id.clone(),
            name: u.name.clone(),
            section: "directory_users".into(),
            source: if u.external_ids.is_empty() {
                "local"
            } else {
                "scim"
            }
            .into(),
            enabled: u.active != Some(false),
        },
        emails,
        employee_id: u
            .employee_id
            .as_deref()
            .map(|e| e.trim().to_ascii_lowercase()),
        external_ids: u
            .external_id_values
            .iter()
            .map(|e| e.trim().to_ascii_lowercase())
            .collect(),
        username: u.name.to_ascii_lowercase(),
        groups: None,
        created: u.created,
        mfa: u.mfa_enrolled,
        phishing_resistant: u.security_keys.is_some_and(|n| n > 0),
        last_used: u.last_sign_in,
    }
}

fn serde_plain<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The scope's human accounts, or why they cannot be read. Principals and directory users both
/// count; a section that failed (not one the scope simply lacks) makes the scope unknown.
fn accounts_of<'a>(scope: &'a Scope, cfg: &Config) -> Result<Vec<Account<'a>>, String> {
    let s = &scope.sections;
    let mut out = Vec::new();
    let mut any = false;
    // A failed read makes the scope unknown; a service the scope does not use (and, for the
    // directory users, an Identity Center administered from another account) does not.
    fn gap<T>(s: &Section<T>, tolerated: &[UnavailableKind]) -> Option<String> {
        match s {
            Section::Unavailable { source, reason } if !tolerated.contains(&reason.kind) => Some(
                format!("{} ({source}): {}", reason.kind.as_str(), reason.message),
            ),
            _ => None,
        }
    }
    if let Some(why) = s
        .principals
        .as_ref()
        .and_then(|p| gap(p, &[UnavailableKind::NotInUse]))
    {
        return Err(format!("principals unavailable — {why}"));
    }
    if let Some(why) = s.directory_users.as_ref().and_then(|d| {
        gap(
            d,
            &[UnavailableKind::NotInUse, UnavailableKind::NotCollected],
        )
    }) {
        return Err(format!("directory_users unavailable — {why}"));
    }
    if let Some(ps) = s.principals.as_ref().and_then(Section::data) {
        any = true;
        out.extend(
            ps.iter()
                .filter(|p| p.kind == PrincipalKind::Human)
                .map(from_principal),
        );
    }
    if let Some(us) = s.directory_users.as_ref().and_then(Section::data) {
        any = true;
        out.extend(us.iter().map(from_directory_user));
    }
    if !any {
        return Err("principals not collected: the scope's human accounts were not read".into());
    }
    out.retain(|a| !cfg.is_break_glass(&scope.id, &a.r.name, &a.r.id));
    out.sort_by(|a, b| a.r.id.cmp(&b.r.id));
    Ok(out)
}

/// Directory indexes by join key: normalized value → person index.
struct Index {
    by: BTreeMap<&'static str, HashMap<String, usize>>,
}

impl Index {
    fn new(people: &[Person]) -> Self {
        let mut by: BTreeMap<&'static str, HashMap<String, usize>> = BTreeMap::new();
        for k in crate::config::JOIN_KEYS {
            by.insert(k, HashMap::with_capacity(people.len()));
        }
        for (i, p) in people.iter().enumerate() {
            let mut put = |k: &'static str, v: &Option<String>| {
                if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    by.get_mut(k)
                        .expect("every join key indexed")
                        .entry(v.to_ascii_lowercase())
                        .or_insert(i);
                }
            };
            put("email", &p.email);
            put("email", &p.upn);
            put("employee_id", &p.employee_id);
            put("external_id", &p.external_id);
            put("username", &p.username);
        }
        Index { by }
    }

    /// The person an account belongs to, and the key that joined it.
    fn join(&self, a: &Account<'_>, keys: &[String]) -> Option<(usize, &'static str)> {
        for k in keys {
            let (key, map) = self.by.get_key_value(k.as_str())?;
            let hit = match *key {
                "email" => a.emails.iter().find_map(|e| map.get(e)),
                "employee_id" => a.employee_id.as_ref().and_then(|e| map.get(e)),
                "external_id" => a.external_ids.iter().find_map(|e| map.get(e)),
                _ => map.get(&a.username),
            };
            if let Some(&i) = hit {
                return Some((i, key));
            }
        }
        None
    }
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_hours().max(0)
}

/// The samples of one latency figure and the accounts it could not measure.
#[derive(Default)]
struct Samples {
    hours: Vec<i64>,
    upper_bounds: u64,
    unmeasured: BTreeMap<String, u64>,
}

impl Samples {
    fn add(&mut self, h: i64, upper_bound: bool) {
        self.hours.push(h);
        self.upper_bounds += u64::from(upper_bound);
    }
    fn skip(&mut self, why: &str) {
        *self.unmeasured.entry(why.to_string()).or_default() += 1;
    }
    /// Median, 90th percentile and maximum, nearest rank.
    fn latency(mut self, measures: &str) -> Latency {
        self.hours.sort_unstable();
        let v = &self.hours;
        // Nearest rank: the smallest sample with at least q of the samples at or below it.
        let pick = |q: f64| {
            let rank = ((v.len() as f64) * q).ceil().max(1.0) as usize;
            v.get(rank - 1).copied()
        };
        Latency {
            measures: measures.to_string(),
            samples: v.len() as u64,
            median_hours: pick(0.5),
            p90_hours: pick(0.9),
            max_hours: v.last().copied(),
            upper_bounds: self.upper_bounds,
            unmeasured: self.unmeasured,
        }
    }
}

/// What each latency figure measures (the `measures` text of the section).
pub const PROVISIONING: &str =
    "directory entry created -> cloud account created (joined accounts; exact)";
pub const DEPROVISIONING_OVERDUE: &str =
    "left -> the read, leavers' accounts still enabled (a lower bound: not yet deprovisioned)";
pub const DEPROVISIONING_DONE: &str = "left -> the read, leavers' accounts already disabled (an upper bound: the cloud records no disabling time)";
pub const DIRECTORY_DISABLING: &str = "day after the end date -> directory entry disabled (exact for a lock time; the entry's last change is an upper bound)";

/// One account joined (or not) with a person, for the map and the shadow test.
struct Joined {
    account: usize,
    person: Option<usize>,
    key: Option<&'static str>,
}

/// The repository the snapshots carry or were given, merged.
pub fn repository_of(snapshots: &[Snapshot]) -> Vec<Section<IdentityRepository>> {
    snapshots
        .iter()
        .filter_map(|s| s.identity_repository.clone())
        .collect()
}

/// Writes each human-bearing scope's `reconciliation` section. Without a repository nothing is
/// written (the rules then report "not assessed"); with an unavailable one every such scope's
/// section is unavailable for the same reason.
pub fn reconcile(
    snapshots: &mut [Snapshot],
    repo: Option<&Section<IdentityRepository>>,
    cfg: &Config,
) {
    let Some(repo) = repo else { return };
    let (people, src) = match repo {
        Section::Collected { data, source, .. } => (&data.people[..], source.clone()),
        Section::Unavailable { source, reason } => {
            for snap in snapshots.iter_mut() {
                for scope in &mut snap.scopes {
                    if has_humans(scope) {
                        scope.sections.reconciliation = Some(Section::Unavailable {
                            source: format!("reconciliation with {source}"),
                            reason: reason.clone(),
                        });
                    }
                }
            }
            return;
        }
    };
    let out = compute(snapshots, people, cfg);
    for ((snap_i, scope_i), section) in out {
        let collected_at = snapshots[snap_i].collected_at;
        snapshots[snap_i].scopes[scope_i].sections.reconciliation = Some(match section {
            Ok(data) => Section::Collected {
                source: format!("reconciliation with {src}"),
                collected_at,
                data,
            },
            Err(message) => Section::Unavailable {
                source: format!("reconciliation with {src}"),
                reason: Unavailable {
                    kind: UnavailableKind::Error,
                    message,
                },
            },
        });
    }
}

fn has_humans(scope: &Scope) -> bool {
    scope.sections.principals.is_some() || scope.sections.directory_users.is_some()
}

type ScopeOut = ((usize, usize), Result<Reconciliation, String>);

/// The reconciliation of every human-bearing scope (by snapshot and scope index).
fn compute(snapshots: &[Snapshot], people: &[Person], cfg: &Config) -> Vec<ScopeOut> {
    let index = Index::new(people);
    let keys = &cfg.directory.join_keys;
    let scopes: Vec<(usize, usize, &Scope, DateTime<Utc>)> = snapshots
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.scopes
                .iter()
                .enumerate()
                .filter(|(_, sc)| has_humans(sc))
                .map(move |(j, sc)| (i, j, sc, s.collected_at))
        })
        .collect();
    let accounts: Vec<Result<Vec<Account<'_>>, String>> = scopes
        .iter()
        .map(|(_, _, sc, _)| accounts_of(sc, cfg))
        .collect();
    // Joins across every scope first: a shadow is a local account beside a federated one
    // anywhere.
    let mut federated: HashMap<usize, Vec<String>> = HashMap::new();
    let mut joined: Vec<Vec<Joined>> = Vec::with_capacity(scopes.len());
    for (si, accs) in accounts.iter().enumerate() {
        let mut js = Vec::new();
        if let Ok(accs) = accs {
            for (ai, a) in accs.iter().enumerate() {
                let hit = index.join(a, keys);
                if let Some((p, _)) = hit {
                    if a.r.source != "local" && a.r.source != "guest" {
                        federated
                            .entry(p)
                            .or_default()
                            .push(format!("{} {}", scopes[si].2.id, a.r.name));
                    }
                }
                js.push(Joined {
                    account: ai,
                    person: hit.map(|h| h.0),
                    key: hit.map(|h| h.1),
                });
            }
        }
        joined.push(js);
    }
    for v in federated.values_mut() {
        v.sort();
        v.dedup();
    }
    let mut out = Vec::with_capacity(scopes.len());
    for (si, (snap_i, scope_i, scope, now)) in scopes.iter().enumerate() {
        let accs = match &accounts[si] {
            Ok(a) => a,
            Err(e) => {
                out.push(((*snap_i, *scope_i), Err(e.clone())));
                continue;
            }
        };
        let mut r = Reconciliation {
            people: people.len() as u64,
            accounts: accs.len() as u64,
            join_keys: keys.clone(),
            ..Default::default()
        };
        let mut prov = Samples::default();
        let mut overdue = Samples::default();
        let mut done = Samples::default();
        let mut dir_disable = Samples::default();
        // The directory's step is the person's, measured once however many accounts they hold.
        let mut dir_seen: BTreeSet<usize> = BTreeSet::new();
        for j in &joined[si] {
            let a = &accs[j.account];
            let Some(pi) = j.person else {
                if a.r.enabled {
                    r.orphans.push(a.r.clone());
                }
                continue;
            };
            r.matched += 1;
            let p = &people[pi];
            if p.leaver {
                let h = p.left_at.map(|t| hours(t, *now));
                let figure = if a.r.enabled { &mut overdue } else { &mut done };
                match h {
                    Some(h) => figure.add(h, !a.r.enabled),
                    None => figure.skip("nothing dates when the person left"),
                }
                match (p.end_date, p.disabled_at) {
                    _ if !dir_seen.insert(pi) => {}
                    (Some(end), Some(off)) => {
                        let from = end
                            .succ_opt()
                            .map(|n| Utc.from_utc_datetime(&n.and_time(Default::default())));
                        match from {
                            Some(from) => {
                                dir_disable.add(hours(from, off), p.disabled_at_upper_bound)
                            }
                            None => dir_disable.skip("the end date is out of range"),
                        }
                    }
                    (None, _) => dir_disable.skip("no end date in the directory or HR"),
                    (Some(_), None) => dir_disable.skip(if p.enabled == Some(false) {
                        "the directory does not date the disabling"
                    } else {
                        "not disabled in the directory"
                    }),
                }
            }
            if p.leaver && a.r.enabled {
                r.leavers.push(LeaverAccount {
                    account: a.r.clone(),
                    person: p.id.clone(),
                    reason: p.leaver_reason.clone().unwrap_or_default(),
                    left_at: p.left_at,
                    hours_since_leaving: p.left_at.map(|t| hours(t, *now)),
                });
            }
            if a.r.source == "local" {
                let fed = federated.get(&pi).cloned().unwrap_or_default();
                r.local_accounts.push(LocalAccount {
                    account: a.r.clone(),
                    person: p.id.clone(),
                    shadow: !fed.is_empty(),
                    federated: fed,
                });
            }
            // Drift: what the directory says against what the account says.
            if !p.leaver && p.enabled != Some(false) && !a.r.enabled {
                r.drift.push(Drift {
                    account: a.r.clone(),
                    person: p.id.clone(),
                    attribute: "enabled".into(),
                    directory: Some("enabled".into()),
                    cloud: Some("disabled".into()),
                });
            }
            if j.key != Some("email") && !a.emails.is_empty() {
                let dir: BTreeSet<String> = [&p.email, &p.upn]
                    .into_iter()
                    .flatten()
                    .map(|m| m.to_ascii_lowercase())
                    .collect();
                if !dir.is_empty() && !a.emails.iter().any(|e| dir.contains(e)) {
                    r.drift.push(Drift {
                        account: a.r.clone(),
                        person: p.id.clone(),
                        attribute: "email".into(),
                        directory: dir.into_iter().next(),
                        cloud: a.emails.first().cloned(),
                    });
                }
            }
            let roles = cfg
                .directory
                .group_roles
                .iter()
                .filter(|g| g.scope.as_deref().is_none_or(|s| s == scope.id));
            for (gr, groups) in roles.filter_map(|g| Some((g, a.groups.as_ref()?))) {
                let in_dir = p.groups.iter().any(|g| g.eq_ignore_ascii_case(&gr.group));
                let in_cloud = groups
                    .iter()
                    .any(|g| g.eq_ignore_ascii_case(&gr.cloud_group));
                // A leaver already out of the cloud group is no drift.
                let leaver_removed = p.leaver && !in_cloud;
                if in_dir != in_cloud && !leaver_removed {
                    let m = |b: bool, g: &str| {
                        Some(if b {
                            format!("member of {g}")
                        } else {
                            format!("not in {g}")
                        })
                    };
                    r.drift.push(Drift {
                        account: a.r.clone(),
                        person: p.id.clone(),
                        attribute: format!("group:{}", gr.group),
                        directory: m(in_dir, &gr.group),
                        cloud: m(in_cloud, &gr.cloud_group),
                    });
                }
            }
            match (p.created, a.created) {
                (Some(pc), Some(ac)) if ac >= pc => prov.add(hours(pc, ac), false),
                // An account older than its directory entry was not provisioned from it (it
                // predates the directory, or was linked to it later).
                (Some(_), Some(_)) => {
                    prov.skip("the cloud account is older than the directory entry")
                }
                (None, _) => prov.skip("the directory records no creation time"),
                (_, None) => prov.skip("the cloud records no creation time"),
            }
        }
        r.leavers.sort_by(|a, b| a.account.id.cmp(&b.account.id));
        r.local_accounts
            .sort_by(|a, b| a.account.id.cmp(&b.account.id));
        r.drift
            .sort_by(|a, b| (&a.account.id, &a.attribute).cmp(&(&b.account.id, &b.attribute)));
        r.provisioning = prov.latency(PROVISIONING);
        r.deprovisioning_overdue = overdue.latency(DEPROVISIONING_OVERDUE);
        r.deprovisioning_done = done.latency(DEPROVISIONING_DONE);
        r.directory_disabling = dir_disable.latency(DIRECTORY_DISABLING);
        out.push(((*snap_i, *scope_i), Ok(r)));
    }
    out
}

/// One account in the identity map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapAccount {
    pub scope: String,
    pub provider: String,
    pub id: String,
    pub name: String,
    pub section: String,
    /// local, synced, federated, scim, guest.
    pub source: String,
    /// Not a local account: it follows the identity provider.
    pub federated: bool,
    pub enabled: bool,
    /// MFA active or enrolled; `None` when the cloud does not say.
    pub mfa: Option<bool>,
    pub phishing_resistant_mfa: bool,
    pub last_used: Option<DateTime<Utc>>,
    /// The join key that tied it to the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_by: Option<String>,
}

/// One person and their accounts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapPerson {
    /// The directory id (DN, HR id); without a repository, the e-mail or name shared by the
    /// accounts.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// In the identity repository (false: grouped from cloud accounts alone).
    pub in_directory: bool,
    pub leaver: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
    pub accounts: Vec<MapAccount>,
}

/// The identity map: the page an auditor asks for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IdentityMap {
    pub identity_map_version: &'static str,
    /// The repository read (`ldap://…/dc=…`, `export:people.ldif`), if any.
    pub repository: Option<String>,
    /// What the clouds themselves show of an identity repository: Entra Connect sync, AWS
    /// Directory Service, Identity Center's identity source, Google Cloud Directory Sync, SCIM.
    pub repository_evidence: Vec<String>,
    /// Scopes whose accounts could not be read (and why); their people are incomplete.
    pub gaps: Vec<String>,
    pub people: Vec<MapPerson>,
    /// Enabled or not, accounts no person of the repository owns (empty without one: then
    /// every account is grouped under a person by its e-mail or name).
    pub unmatched: Vec<MapAccount>,
}

fn map_account(scope: &Scope, a: &Account<'_>, key: Option<&str>) -> MapAccount {
    MapAccount {
        scope: scope.id.clone(),
        provider: scope.provider.as_str().to_string(),
        id: a.r.id.clone(),
        name: a.r.name.clone(),
        section: a.r.section.clone(),
        source: a.r.source.clone(),
        federated: a.r.source != "local" && a.r.source != "guest",
        enabled: a.r.enabled,
        mfa: a.mfa,
        phishing_resistant_mfa: a.phishing_resistant,
        last_used: a.last_used,
        joined_by: key.map(str::to_string),
    }
}

/// Repository evidence a scope shows.
fn evidence(scope: &Scope) -> Vec<String> {
    let mut v = Vec::new();
    let s = &scope.sections;
    for d in s
        .directories
        .as_ref()
        .and_then(Section::data)
        .into_iter()
        .flatten()
    {
        v.push(format!(
            "{}: AWS Directory Service {} {} ({}){}",
            scope.id,
            d.kind,
            d.id,
            d.name,
            if d.healthy { "" } else { " — not healthy" }
        ));
    }
    for i in s.sso.as_ref().and_then(Section::data).into_iter().flatten() {
        let src = serde_plain(&i.identity_source);
        if src == "external_idp" || src == "active_directory" {
            v.push(format!(
                "{}: Identity Center {} with identity source {src}",
                scope.id, i.id
            ));
        }
    }
    for j in s
        .provisioning
        .as_ref()
        .and_then(Section::data)
        .into_iter()
        .flatten()
    {
        if j.enabled && ["entra_connect", "gcds", "scim"].contains(&j.kind.as_str()) {
            v.push(format!(
                "{}: {} {}{}",
                scope.id,
                j.kind,
                j.id,
                j.last_run
                    .map(|t| format!(", last run {}", t.to_rfc3339()))
                    .unwrap_or_default()
            ));
        }
    }
    v
}

/// Builds the identity map over every scope of the snapshots.
pub fn identity_map(
    snapshots: &[Snapshot],
    repo: Option<&Section<IdentityRepository>>,
    cfg: &Config,
) -> IdentityMap {
    let people: &[Person] = repo.and_then(Section::data).map_or(&[], |r| &r.people[..]);
    let with_repo = repo.and_then(Section::data).is_some();
    let index = Index::new(people);
    let mut map = IdentityMap {
        identity_map_version: "1.0",
        repository: repo.map(|r| r.source().to_string()),
        repository_evidence: Vec::new(),
        gaps: Vec::new(),
        people: Vec::new(),
        unmatched: Vec::new(),
    };
    if let Some(Section::Unavailable { source, reason }) = repo {
        map.gaps.push(format!(
            "identity repository {source}: {}: {}",
            reason.kind.as_str(),
            reason.message
        ));
    }
    let mut by_person: BTreeMap<usize, Vec<MapAccount>> = BTreeMap::new();
    let mut by_key: BTreeMap<String, Vec<MapAccount>> = BTreeMap::new();
    let mut scopes: Vec<&Scope> = snapshots.iter().flat_map(|s| s.scopes.iter()).collect();
    scopes.sort_by(|a, b| a.id.cmp(&b.id));
    for scope in scopes {
        map.repository_evidence.extend(evidence(scope));
        if !has_humans(scope) {
            continue;
        }
        let accs = match accounts_of(scope, cfg) {
            Ok(a) => a,
            Err(e) => {
                map.gaps.push(format!("{}: {e}", scope.id));
                continue;
            }
        };
        for a in &accs {
            if with_repo {
                match index.join(a, &cfg.directory.join_keys) {
                    Some((p, k)) => {
                        by_person
                            .entry(p)
                            .or_default()
                            .push(map_account(scope, a, Some(k)))
                    }
                    None => map.unmatched.push(map_account(scope, a, None)),
                }
            } else {
                let key = a
                    .emails
                    .first()
                    .cloned()
                    .unwrap_or_else(|| a.username.clone());
                by_key
                    .entry(key)
                    .or_default()
                    .push(map_account(scope, a, None));
            }
        }
    }
    let order =
        |v: &mut Vec<MapAccount>| v.sort_by(|a, b| (&a.scope, &a.id).cmp(&(&b.scope, &b.id)));
    for (i, p) in people.iter().enumerate() {
        let mut accounts = by_person.remove(&i).unwrap_or_default();
        order(&mut accounts);
        map.people.push(MapPerson {
            id: p.id.clone(),
            display_name: p.display_name.clone(),
            email: p.email.clone().or_else(|| p.upn.clone()),
            employee_id: p.employee_id.clone(),
            in_directory: true,
            leaver: p.leaver,
            left_at: p.left_at,
            accounts,
        });
    }
    for (k, mut accounts) in by_key {
        order(&mut accounts);
        map.people.push(MapPerson {
            id: k.clone(),
            display_name: None,
            email: k.contains('@').then_some(k),
            employee_id: None,
            in_directory: false,
            leaver: false,
            left_at: None,
            accounts,
        });
    }
    map.people.sort_by(|a, b| a.id.cmp(&b.id));
    order(&mut map.unmatched);
    map
}
