//! The Rego input for one scope: the scope as in the snapshot, plus derived values (ages in whole
//! days relative to the snapshot time, break-glass marks, name tokens) so that rules compare
//! numbers instead of doing date arithmetic per principal — both simpler to read and much faster
//! in an interpreter.

use crate::config::Config;
use crate::model::{AccessKey, Principal, RootAccount, Scope, Section};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// Whole days from `t` to `now` (never negative: clock skew must not make a key "younger").
fn days(now: DateTime<Utc>, t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| (now - t).num_days().max(0))
}

fn key_derived(now: DateTime<Utc>, k: &AccessKey) -> Value {
    let age = days(now, k.created);
    let unused = days(now, k.last_used).or(age);
    json!({
        "age_days": age,
        "unused_days": unused,
        "never_used": k.last_used.is_none(),
    })
}

fn principal_derived(now: DateTime<Utc>, p: &Principal, break_glass: bool) -> Value {
    let last_use = [p.password_last_used, p.last_sign_in]
        .into_iter()
        .chain(p.access_keys.iter().map(|k| k.last_used))
        .flatten()
        .max();
    let never_used = last_use.is_none();
    let inactive = days(now, last_use).or_else(|| days(now, p.created));
    json!({
        "break_glass": break_glass,
        "inactive_days": inactive,
        "never_used": never_used,
        "name_tokens": name_tokens(&p.name),
    })
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

/// The config as rules see it.
pub fn config_value(cfg: &Config) -> Value {
    json!({
        "thresholds": serde_json::to_value(&cfg.thresholds).expect("thresholds serialize"),
        "generic_names": cfg.generic_names(),
    })
}

/// Builds `{"scope": ..., "config": ..., "now": ...}` for one scope, as a Rego value.
///
/// The scope goes through JSON text and regorus' own parser rather than a `serde_json::Value`
/// tree: for a scope of 80,000 directory users the intermediate tree was the largest allocation
/// of the whole run. Derived values are then inserted in place.
pub fn build(
    scope: &Scope,
    now: DateTime<Utc>,
    cfg: &Config,
    config_value: &Value,
) -> regorus::Value {
    let text = serde_json::to_string(scope).expect("scope serializes");
    let mut scope_v =
        regorus::Value::from_json_str(&text).expect("serde_json output is valid JSON");
    drop(text);
    if let Some(sections) = field_mut(&mut scope_v, "sections") {
        if let (Some(Section::Collected { data, .. }), Some(arr)) = (
            &scope.sections.principals,
            field_mut(sections, "principals").and_then(|p| field_mut(p, "data")),
        ) {
            if let Ok(arr) = arr.as_array_mut() {
                for (pv, p) in arr.iter_mut().zip(data) {
                    let bg = cfg.is_break_glass(&scope.id, &p.name, &p.id);
                    add_derived(pv, principal_derived(now, p, bg));
                    if let Some(Ok(keys)) = field_mut(pv, "access_keys").map(|k| k.as_array_mut()) {
                        for (kv, k) in keys.iter_mut().zip(&p.access_keys) {
                            add_derived(kv, key_derived(now, k));
                        }
                    }
                }
            }
        }
        if let (Some(Section::Collected { data, .. }), Some(v)) = (
            &scope.sections.root,
            field_mut(sections, "root").and_then(|r| field_mut(r, "data")),
        ) {
            add_derived(v, root_derived(now, data));
            if let Some(Ok(keys)) = field_mut(v, "access_keys").map(|k| k.as_array_mut()) {
                for (kv, k) in keys.iter_mut().zip(&data.access_keys) {
                    add_derived(kv, key_derived(now, k));
                }
            }
        }
    }
    let mut input = Map::new();
    input.insert("config".into(), config_value.clone());
    input.insert("now".into(), Value::String(now.to_rfc3339()));
    let mut input = regorus::Value::from(Value::Object(input));
    if let Ok(o) = input.as_object_mut() {
        o.insert(regorus::Value::from("scope"), scope_v);
    }
    input
}

fn field_mut<'a>(v: &'a mut regorus::Value, name: &str) -> Option<&'a mut regorus::Value> {
    v.as_object_mut().ok()?.get_mut(&regorus::Value::from(name))
}

fn add_derived(target: &mut regorus::Value, derived: Value) {
    if let Ok(o) = target.as_object_mut() {
        o.insert(
            regorus::Value::from("derived"),
            regorus::Value::from(derived),
        );
    }
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
        let d = key_derived(now, &k);
        assert_eq!(d["age_days"], 323);
        assert_eq!(d["unused_days"], 323);
        assert_eq!(d["never_used"], true);
    }
}
