//! The Rego input for one scope: the scope as in the snapshot, plus derived values (ages in whole
//! days relative to the snapshot time, break-glass marks, name tokens) so that rules compare
//! numbers instead of doing date arithmetic per principal — both simpler to read and much faster
//! in an interpreter.

use super::rego_ser::Builder;
use crate::config::Config;
use crate::model::{AccessKey, Principal, RootAccount, Scope, Section};
use chrono::{DateTime, Utc};
use regorus::Value as RV;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Whole days from `t` to `now` (never negative: clock skew must not make a key "younger").
fn days(now: DateTime<Utc>, t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| (now - t).num_days().max(0))
}

/// Object keys of the derived values, shared by every principal's `derived` object (and with
/// the scope's own field names).
struct Keys {
    derived: RV,
    access_keys: RV,
    age_days: RV,
    unused_days: RV,
    never_used: RV,
    break_glass: RV,
    inactive_days: RV,
    name_tokens: RV,
}

impl Keys {
    fn new(b: &mut Builder) -> Self {
        Keys {
            derived: b.string("derived"),
            access_keys: b.string("access_keys"),
            age_days: b.string("age_days"),
            unused_days: b.string("unused_days"),
            never_used: b.string("never_used"),
            break_glass: b.string("break_glass"),
            inactive_days: b.string("inactive_days"),
            name_tokens: b.string("name_tokens"),
        }
    }
}

fn opt_num(n: Option<i64>) -> RV {
    n.map_or(RV::Null, RV::from)
}

fn key_derived(keys: &Keys, now: DateTime<Utc>, k: &AccessKey) -> RV {
    let age = days(now, k.created);
    let unused = days(now, k.last_used).or(age);
    RV::from(BTreeMap::from([
        (keys.age_days.clone(), opt_num(age)),
        (keys.unused_days.clone(), opt_num(unused)),
        (keys.never_used.clone(), RV::from(k.last_used.is_none())),
    ]))
}

fn principal_derived(
    b: &mut Builder,
    keys: &Keys,
    now: DateTime<Utc>,
    p: &Principal,
    break_glass: bool,
) -> RV {
    let last_use = [p.password_last_used, p.last_sign_in]
        .into_iter()
        .chain(p.access_keys.iter().map(|k| k.last_used))
        .flatten()
        .max();
    let never_used = last_use.is_none();
    let inactive = days(now, last_use).or_else(|| days(now, p.created));
    // Name tokens repeat (first names, team words): shared like the snapshot's strings.
    let tokens: Vec<RV> = name_tokens(&p.name).iter().map(|t| b.string(t)).collect();
    RV::from(BTreeMap::from([
        (keys.break_glass.clone(), RV::from(break_glass)),
        (keys.inactive_days.clone(), opt_num(inactive)),
        (keys.never_used.clone(), RV::from(never_used)),
        (keys.name_tokens.clone(), RV::from(tokens)),
    ]))
}

/// `ops-team2` → `["ops", "team"]`; e-mail domains are dropped (`ann@corp.com` → `["ann"]`).
pub fn name_tokens(name: &str) -> Vec<String> {
    let local = name.split('@').next().unwrap_or(name).to_lowercase();
    local
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn root_derived(now: DateTime<Utc>, r: &RootAccount) -> Value {
    let key_use = r.access_keys.iter().filter_map(|k| k.last_used).max();
    json!({
        "days_since_password_use": days(now, r.password_last_used),
        "days_since_key_use": days(now, key_use),
    })
}

/// The config as rules see it. `break_glass` lists the declared accounts (principal and optional
/// scope) for rules that meet them outside the principals section (an Entra conditional-access
/// exclusion names a user or group by id).
pub fn config_value(cfg: &Config) -> Value {
    let break_glass: Vec<Value> = cfg
        .break_glass
        .iter()
        .map(|b| json!({"principal": b.principal, "scope": b.scope}))
        .collect();
    json!({
        "thresholds": serde_json::to_value(&cfg.thresholds).expect("thresholds serialize"),
        "generic_names": cfg.generic_names(),
        "known_accounts": cfg.known_account_ids(),
        "break_glass": break_glass,
    })
}

/// The accounts of each organization scope whose `organization` section was collected, by scope
/// id: its member list plus its management account, sorted. A scope whose `parent` is one of them
/// sees the list as `input.organization_accounts`; a scope whose organization is not in the
/// snapshot (or was not read) gets no such field, so rules can say the organization was not read.
pub fn organization_accounts<'a>(
    scopes: impl IntoIterator<Item = &'a Scope>,
) -> BTreeMap<&'a str, Vec<String>> {
    scopes
        .into_iter()
        .filter_map(|s| {
            let org = s.sections.organization.as_ref()?.data()?;
            Some((s.id.as_str(), accounts_of(org)))
        })
        .collect()
}

/// An organization's accounts, its management account included, sorted.
pub fn accounts_of(org: &crate::model::Organization) -> Vec<String> {
    let mut accounts: Vec<String> = org
        .accounts
        .iter()
        .chain(org.management_account.as_ref())
        .cloned()
        .collect();
    accounts.sort();
    accounts.dedup();
    accounts
}

/// Builds `{"scope": ..., "config": ..., "now": ...}` for one scope, as a Rego value, with
/// `"organization_accounts": [...]` when the scope's parent organization was read (see
/// [`organization_accounts`]).
///
/// The scope is serialized straight into a regorus value (`rego_ser`), with no JSON text or
/// `serde_json::Value` tree in between: for a scope of 80,000 directory users either
/// intermediate was among the largest allocations of the run. Derived values are then added.
pub fn build(
    scope: &Scope,
    now: DateTime<Utc>,
    cfg: &Config,
    config_value: &Value,
    organization_accounts: Option<&[String]>,
) -> regorus::Value {
    let mut b = Builder::default();
    let mut scope_v = b.value(scope).expect("model types serialize");
    let keys = Keys::new(&mut b);
    if let Some(sections) = field_mut(&mut scope_v, "sections") {
        if let (Some(Section::Collected { data, .. }), Some(arr)) = (
            &scope.sections.principals,
            field_mut(sections, "principals").and_then(|p| field_mut(p, "data")),
        ) {
            if let Ok(arr) = arr.as_array_mut() {
                for (pv, p) in arr.iter_mut().zip(data) {
                    let bg = cfg.is_break_glass(&scope.id, &p.name, &p.id);
                    let mut extra = vec![(
                        keys.derived.clone(),
                        principal_derived(&mut b, &keys, now, p, bg),
                    )];
                    if let Some(kv) = with_key_ages(&keys, now, pv, &p.access_keys) {
                        extra.push((keys.access_keys.clone(), kv));
                    }
                    if let Some(v) = with_fields(pv, extra) {
                        *pv = v;
                    }
                }
            }
        }
        if let (Some(Section::Collected { data, .. }), Some(v)) = (
            &scope.sections.root,
            field_mut(sections, "root").and_then(|r| field_mut(r, "data")),
        ) {
            let derived = b.value(&root_derived(now, data)).expect("JSON serializes");
            let mut extra = vec![(keys.derived.clone(), derived)];
            if let Some(kv) = with_key_ages(&keys, now, v, &data.access_keys) {
                extra.push((keys.access_keys.clone(), kv));
            }
            if let Some(nv) = with_fields(v, extra) {
                *v = nv;
            }
        }
    }
    let config = b.value(config_value).expect("JSON serializes");
    let now = b.string(&now.to_rfc3339());
    let mut top = BTreeMap::from([
        (b.string("config"), config),
        (b.string("now"), now),
        (b.string("scope"), scope_v),
    ]);
    if let Some(accounts) = organization_accounts {
        let list: Vec<RV> = accounts.iter().map(|a| b.string(a)).collect();
        top.insert(b.string("organization_accounts"), RV::from(list));
    }
    RV::from(top)
}

fn field_mut<'a>(v: &'a mut regorus::Value, name: &str) -> Option<&'a mut regorus::Value> {
    v.as_object_mut().ok()?.get_mut(&regorus::Value::from(name))
}

/// `obj` with `extra` fields added or replaced, as a new object.
///
/// Inserting into a parsed object in place would turn regorus' compact sorted-slice storage into
/// a B-tree for good (several times larger); rebuilding keeps every principal compact. Field
/// values are shared, not copied.
fn with_fields(obj: &RV, extra: Vec<(RV, RV)>) -> Option<RV> {
    let o = obj.as_object().ok()?;
    let mut m: BTreeMap<RV, RV> = o.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    m.extend(extra);
    Some(RV::from(m))
}

/// The `access_keys` array of `owner` with each key's derived ages added, or `None` when there
/// are no keys to annotate.
fn with_key_ages(keys: &Keys, now: DateTime<Utc>, owner: &RV, model: &[AccessKey]) -> Option<RV> {
    if model.is_empty() {
        return None;
    }
    let arr = owner
        .as_object()
        .ok()?
        .get(&keys.access_keys)?
        .as_array()
        .ok()?;
    let annotated: Vec<RV> = arr
        .iter()
        .zip(model)
        .map(|(kv, k)| {
            with_fields(kv, vec![(keys.derived.clone(), key_derived(keys, now, k))])
                .unwrap_or_else(|| kv.clone())
        })
        .collect();
    Some(RV::from(annotated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(name_tokens("ops-team2"), vec!["ops", "team"]);
        assert_eq!(
            name_tokens("Alice.Moreno@corp.example"),
            vec!["alice", "moreno"]
        );
        assert!(name_tokens("1234").is_empty());
    }

    fn scope(v: Value) -> Scope {
        serde_json::from_value(v).expect("a scope")
    }

    #[test]
    fn organization_accounts_reach_members_only_when_the_organization_was_read() {
        let org = scope(json!({
            "id": "aws:organization:o-1", "provider": "aws", "kind": "organization",
            "sections": {"organization": {
                "status": "collected", "source": "organizations:ListAccounts",
                "collected_at": "2026-11-20T12:00:00Z",
                "data": {"id": "o-1", "management_account": "210987654321",
                         "accounts": ["444455556666", "210987654321"]}}}
        }));
        let unread = scope(json!({
            "id": "aws:organization:o-2", "provider": "aws", "kind": "organization",
            "sections": {"organization": {
                "status": "unavailable", "source": "organizations:DescribeOrganization",
                "reason": {"kind": "access_denied", "message": "AccessDenied"}}}
        }));
        let map = organization_accounts([&org, &unread]);
        assert_eq!(
            map.get("aws:organization:o-1").map(Vec::as_slice),
            Some(&["210987654321".to_string(), "444455556666".to_string()][..])
        );
        assert!(!map.contains_key("aws:organization:o-2"));

        let member = scope(json!({
            "id": "aws:account:444455556666", "provider": "aws", "kind": "account",
            "parent": "aws:organization:o-1", "sections": {}
        }));
        let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
        let cfg = Config::default();
        let cv = config_value(&cfg);
        let read = build(
            &member,
            now,
            &cfg,
            &cv,
            map.get("aws:organization:o-1").map(Vec::as_slice),
        );
        assert_eq!(
            read["organization_accounts"],
            RV::from(vec![RV::from("210987654321"), RV::from("444455556666")])
        );
        assert_eq!(read["config"]["known_accounts"], RV::from(Vec::<RV>::new()));
        let not_read = build(&member, now, &cfg, &cv, None);
        assert_eq!(not_read["organization_accounts"], RV::Undefined);
    }

    #[test]
    fn key_ages() {
        let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
        let k = AccessKey {
            id: "AKIA…MPLE".into(),
            active: true,
            created: Some("2026-01-01T00:00:00Z".parse().unwrap()),
            last_used: None,
            last_used_service: None,
        };
        let d = key_derived(&Keys::new(&mut Builder::default()), now, &k);
        assert_eq!(d["age_days"], RV::from(323i64));
        assert_eq!(d["unused_days"], RV::from(323i64));
        assert_eq!(d["never_used"], RV::from(true));
    }
}
