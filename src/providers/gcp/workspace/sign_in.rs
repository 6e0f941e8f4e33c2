//! Workspace / Cloud Identity sign-in settings (Cloud Identity Policy API) → per-user 2-step
//! verification enforcement and allowed methods, and the `auth_policies` section.
//!
//! The Policy API returns the policies where a value is set explicitly, each targeting an
//! organisational unit (`policyQuery.orgUnit`) or a group (`policyQuery.group`). Resolution, as
//! the Admin console applies them:
//! - a user's organisational unit takes the value of the nearest unit up the tree (itself
//!   first) with a policy of that setting; several at one unit: the highest `sortOrder`;
//! - a group-targeted policy overrides the unit's value for the group's members. Group
//!   memberships are not read, so a user whose unit's value differs from any group-targeted
//!   policy of the setting is undecided (`None`), never assumed either way;
//! - 2SV enforcement (`security.two_step_verification_enforcement`) is on when `enforcedFrom`
//!   is at or before the collection time; a later date (how "off" and "scheduled" read) is off;
//!   a policy without `enforcedFrom`, or no policy up the tree, decides nothing;
//! - allowed methods (`security.two_step_verification_enforcement_factor`,
//!   `allowedSignInFactorSet`) default to `ALL` where no unit up the tree sets them (Google's
//!   documented default); only `PASSKEY_ONLY` (security keys and passkeys) counts as security-key
//!   only — the `PASSKEY_PLUS_…_SECURITY_CODE` sets still accept backup codes;
//! - session length is `security.session_controls` `webSessionDuration` (`"43200s"`).

use super::raw::{CiPolicy, OrgUnit};
use crate::model::AuthPolicy;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

pub const ENFORCEMENT: &str = "security.two_step_verification_enforcement";
pub const FACTOR: &str = "security.two_step_verification_enforcement_factor";
pub const ENROLLMENT: &str = "security.two_step_verification_enrollment";
pub const SESSION: &str = "security.session_controls";

/// The allowed-methods value that admits only security keys (and passkeys).
pub const SECURITY_KEY_ONLY: &str = "PASSKEY_ONLY";

/// The policies and organisational units read, indexed for resolution.
pub struct SignIn<'a> {
    /// By unit id (without `id:`).
    units: BTreeMap<&'a str, &'a OrgUnit>,
    /// Unit path → id.
    paths: BTreeMap<&'a str, &'a str>,
    policies: &'a [CiPolicy],
    at: DateTime<Utc>,
}

impl<'a> SignIn<'a> {
    pub fn new(units: &'a [OrgUnit], policies: &'a [CiPolicy], at: DateTime<Utc>) -> Self {
        SignIn {
            units: units.iter().map(|u| (u.id(), u)).collect(),
            paths: units
                .iter()
                .map(|u| (u.org_unit_path.as_str(), u.id()))
                .collect(),
            policies,
            at,
        }
    }

    /// The policy of `setting` set at unit `id` itself (highest `sortOrder` first).
    fn at_unit(&self, setting: &str, id: &str) -> Option<&'a CiPolicy> {
        self.policies
            .iter()
            .filter(|p| p.setting_type() == setting && p.org_unit() == Some(id))
            .max_by(|a, b| {
                a.sort_order()
                    .total_cmp(&b.sort_order())
                    .then_with(|| b.name.cmp(&a.name))
            })
    }

    /// The policy of `setting` that unit `id` takes: its own, or the nearest ancestor's.
    /// `Err(())` when the tree is broken (a parent not in the unit list).
    fn for_unit(&self, setting: &str, id: &str) -> Result<Option<&'a CiPolicy>, ()> {
        let mut cur = Some(id);
        let mut hops = 0;
        while let Some(c) = cur {
            if let Some(p) = self.at_unit(setting, c) {
                return Ok(Some(p));
            }
            let unit = self.units.get(c).ok_or(())?;
            cur = unit.parent_id();
            hops += 1;
            if hops > self.units.len() {
                return Err(());
            }
        }
        Ok(None)
    }

    /// What `value` makes of the setting for a user in the unit at `path`: the unit's value,
    /// unless a group-targeted policy of the setting says otherwise (then undecided). `default`
    /// applies where no unit up the tree sets it.
    fn decide<T: PartialEq + Clone>(
        &self,
        setting: &str,
        path: &str,
        default: Option<T>,
        value: impl Fn(&CiPolicy) -> Option<T>,
    ) -> Option<T> {
        let id = self.paths.get(path)?;
        let unit = match self.for_unit(setting, id).ok()? {
            Some(p) => value(p)?,
            None => default?,
        };
        let groups_agree = self
            .policies
            .iter()
            .filter(|p| p.setting_type() == setting && p.org_unit().is_none())
            .all(|p| value(p).as_ref() == Some(&unit));
        groups_agree.then_some(unit)
    }

    /// Whether one enforcement policy enforces 2SV at the collection time.
    fn enforces(&self, p: &CiPolicy) -> Option<bool> {
        let from = p.value("enforcedFrom")?.as_str()?;
        let from: DateTime<Utc> = from.parse().ok()?;
        Some(from <= self.at)
    }

    fn methods(p: &CiPolicy) -> Option<String> {
        p.value("allowedSignInFactorSet")?
            .as_str()
            .map(str::to_string)
    }

    /// 2SV enforcement for a user in the unit at `path`.
    pub fn enforced(&self, path: &str) -> Option<bool> {
        self.decide(ENFORCEMENT, path, None, |p| self.enforces(p))
    }

    /// Whether a user in the unit at `path` must sign in with a security key: 2SV enforced and
    /// only security keys allowed.
    pub fn security_key_only(&self, path: &str) -> Option<bool> {
        let methods = self.decide(FACTOR, path, Some("ALL".to_string()), Self::methods);
        match (self.enforced(path), methods.as_deref()) {
            (Some(false), _) => Some(false),
            (_, Some(m)) if m != SECURITY_KEY_ONLY => Some(false),
            (Some(true), Some(_)) => Some(true),
            _ => None,
        }
    }

    /// Who a policy targets: `orgUnit:/path`, `group:groups/…`, or `None` for another query.
    fn target(&self, p: &CiPolicy) -> Option<String> {
        if let Some(g) = p.group() {
            return Some(format!("group:{g}"));
        }
        let id = p.org_unit()?;
        Some(match self.units.get(id) {
            Some(u) => format!("orgUnit:{}", u.org_unit_path),
            None => format!("orgUnit:orgUnits/{id}"),
        })
    }

    fn is_top(&self, p: &CiPolicy) -> bool {
        p.org_unit()
            .and_then(|id| self.units.get(id))
            .is_some_and(|u| u.parent_org_unit_id.is_none() || u.org_unit_path == "/")
    }

    /// The `auth_policies` entries: one per 2SV enforcement, 2SV enrolment, allowed-methods and
    /// session-control policy, sorted by kind and id.
    pub fn auth_policies(&self) -> Vec<AuthPolicy> {
        let mut out: Vec<AuthPolicy> = self
            .policies
            .iter()
            .filter_map(|p| {
                let target = self.target(p);
                let at = target.as_deref().unwrap_or("a custom query");
                let base = AuthPolicy {
                    id: p.name.clone(),
                    state: "enabled".into(),
                    applies_to_all_users: self.is_top(p),
                    target: target.clone(),
                    ..AuthPolicy::default()
                };
                Some(match p.setting_type() {
                    ENFORCEMENT => {
                        let on = self.enforces(p) == Some(true);
                        // The methods that unit (or group) is held to.
                        let methods = match p.org_unit() {
                            Some(id) => match self.for_unit(FACTOR, id) {
                                Ok(Some(f)) => Self::methods(f),
                                Ok(None) => Some("ALL".to_string()),
                                Err(()) => None,
                            },
                            None => self
                                .policies
                                .iter()
                                .find(|f| {
                                    f.setting_type() == FACTOR
                                        && f.group().is_some()
                                        && f.group() == p.group()
                                })
                                .and_then(Self::methods),
                        };
                        AuthPolicy {
                            name: format!("2-step verification enforcement for {at}"),
                            kind: "two_step_enforcement".into(),
                            state: if on { "enabled" } else { "disabled" }.into(),
                            requires_mfa: on,
                            requires_phishing_resistant_mfa: on
                                && methods.as_deref() == Some(SECURITY_KEY_ONLY),
                            allowed_methods: methods,
                            ..base
                        }
                    }
                    FACTOR => {
                        let methods = Self::methods(p);
                        AuthPolicy {
                            name: format!("2-step verification methods for {at}"),
                            kind: "two_step_methods".into(),
                            requires_phishing_resistant_mfa: methods.as_deref()
                                == Some(SECURITY_KEY_ONLY),
                            allowed_methods: methods,
                            ..base
                        }
                    }
                    ENROLLMENT => {
                        let allowed = p
                            .value("allowEnrollment")
                            .and_then(|v| v.as_bool())
                            .unwrap_or(false);
                        AuthPolicy {
                            name: format!("2-step verification enrolment for {at}"),
                            kind: "two_step_enrollment".into(),
                            state: if allowed { "enabled" } else { "disabled" }.into(),
                            ..base
                        }
                    }
                    SESSION => AuthPolicy {
                        name: format!("web session length for {at}"),
                        kind: "session_controls".into(),
                        session_seconds: p
                            .value("webSessionDuration")
                            .and_then(|v| v.as_str())
                            .and_then(duration_seconds),
                        ..base
                    },
                    _ => return None,
                })
            })
            .collect();
        out.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
        out
    }
}

/// A Google duration (`"43200s"`, `"12h"`, `"30m"`, `"1.5s"`) in whole seconds.
pub fn duration_seconds(d: &str) -> Option<u64> {
    let d = d.trim();
    let (num, unit) = d.split_at(d.len().checked_sub(1)?);
    let n: f64 = num.parse().ok()?;
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let mult = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return None,
    };
    Some((n * mult) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-11-20T12:00:00Z".parse().unwrap()
    }

    fn units() -> Vec<OrgUnit> {
        serde_json::from_str(
            r#"[{"orgUnitPath":"/","orgUnitId":"id:top","name":"gov.example"},
                {"orgUnitPath":"/Staff","orgUnitId":"id:staff","parentOrgUnitId":"id:top"},
                {"orgUnitPath":"/Staff/Labs","orgUnitId":"id:labs","parentOrgUnitId":"id:staff"},
                {"orgUnitPath":"/Contractors","orgUnitId":"id:contr","parentOrgUnitId":"id:top"}]"#,
        )
        .unwrap()
    }

    fn policy(
        name: &str,
        ou: Option<&str>,
        group: Option<&str>,
        setting: &str,
        value: &str,
    ) -> CiPolicy {
        serde_json::from_value(serde_json::json!({
            "name": name, "customer": "customers/C0",
            "policyQuery": {"orgUnit": ou.map(|o| format!("orgUnits/{o}")), "group": group, "sortOrder": 1},
            "setting": {"type": format!("settings/{setting}"), "value": serde_json::from_str::<serde_json::Value>(value).unwrap()},
            "type": "ADMIN"
        }))
        .unwrap()
    }

    #[test]
    fn enforcement_is_inherited_down_the_tree_and_overridden_by_a_nearer_unit() {
        let u = units();
        let p = vec![
            policy(
                "policies/1",
                Some("top"),
                None,
                ENFORCEMENT,
                r#"{"enforcedFrom":"2024-01-01T00:00:00Z"}"#,
            ),
            policy(
                "policies/2",
                Some("contr"),
                None,
                ENFORCEMENT,
                r#"{"enforcedFrom":"2200-01-01T00:00:00Z"}"#,
            ),
        ];
        let s = SignIn::new(&u, &p, at());
        assert_eq!(s.enforced("/"), Some(true));
        assert_eq!(s.enforced("/Staff/Labs"), Some(true));
        assert_eq!(
            s.enforced("/Contractors"),
            Some(false),
            "enforcement from a later date is off"
        );
        assert_eq!(s.enforced("/Nowhere"), None, "a unit not in the list");
        // Methods default to ALL: not security-key only.
        assert_eq!(s.security_key_only("/Staff"), Some(false));
    }

    #[test]
    fn a_group_policy_that_disagrees_leaves_the_user_undecided() {
        let u = units();
        let p = vec![
            policy(
                "policies/1",
                Some("top"),
                None,
                ENFORCEMENT,
                r#"{"enforcedFrom":"2024-01-01T00:00:00Z"}"#,
            ),
            policy(
                "policies/3",
                None,
                Some("groups/g1"),
                ENFORCEMENT,
                r#"{"enforcedFrom":"2200-01-01T00:00:00Z"}"#,
            ),
        ];
        let s = SignIn::new(&u, &p, at());
        assert_eq!(s.enforced("/Staff"), None);
        // No policy anywhere: nothing decided (never assumed off or on).
        let none: Vec<CiPolicy> = Vec::new();
        assert_eq!(SignIn::new(&u, &none, at()).enforced("/Staff"), None);
    }

    #[test]
    fn security_keys_only_needs_enforcement_and_passkey_only() {
        let u = units();
        let p = vec![
            policy(
                "policies/1",
                Some("top"),
                None,
                ENFORCEMENT,
                r#"{"enforcedFrom":"2024-01-01T00:00:00Z"}"#,
            ),
            policy(
                "policies/4",
                Some("top"),
                None,
                FACTOR,
                r#"{"allowedSignInFactorSet":"PASSKEY_ONLY"}"#,
            ),
            policy(
                "policies/5",
                Some("labs"),
                None,
                FACTOR,
                r#"{"allowedSignInFactorSet":"PASSKEY_PLUS_SECURITY_CODE"}"#,
            ),
            policy(
                "policies/6",
                Some("top"),
                None,
                SESSION,
                r#"{"webSessionDuration":"43200s"}"#,
            ),
            policy(
                "policies/7",
                Some("staff"),
                None,
                ENROLLMENT,
                r#"{"allowEnrollment":true}"#,
            ),
        ];
        let s = SignIn::new(&u, &p, at());
        assert_eq!(s.security_key_only("/Staff"), Some(true));
        assert_eq!(s.security_key_only("/Staff/Labs"), Some(false));
        let a = s.auth_policies();
        let kinds: Vec<(&str, &str, Option<&str>)> = a
            .iter()
            .map(|x| (x.kind.as_str(), x.id.as_str(), x.target.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("session_controls", "policies/6", Some("orgUnit:/")),
                ("two_step_enforcement", "policies/1", Some("orgUnit:/")),
                ("two_step_enrollment", "policies/7", Some("orgUnit:/Staff")),
                ("two_step_methods", "policies/4", Some("orgUnit:/")),
                (
                    "two_step_methods",
                    "policies/5",
                    Some("orgUnit:/Staff/Labs")
                ),
            ]
        );
        assert_eq!(a[0].session_seconds, Some(43200));
        assert!(
            a[1].requires_mfa && a[1].requires_phishing_resistant_mfa && a[1].applies_to_all_users
        );
        assert_eq!(a[1].allowed_methods.as_deref(), Some("PASSKEY_ONLY"));
        assert!(!a[2].applies_to_all_users);
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("43200s"), Some(43200));
        assert_eq!(duration_seconds("12h"), Some(43200));
        assert_eq!(duration_seconds("1.5s"), Some(1));
        assert_eq!(duration_seconds("x"), None);
        assert_eq!(duration_seconds(""), None);
    }
}
