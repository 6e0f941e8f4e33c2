//! The rules engine: evaluates every applicable rule over every scope of a snapshot.
//!
//! This module owns rule loading ([`rules`]), the Rego input ([`input`]) and the result of each
//! rule × scope. It — not the rules — turns a missing required section into `unknown`, applies
//! exceptions and attestations from `idgauge.toml`, and records the evidence behind every result
//! (failing resources and the provenance of the sections read). Rules run on a small worker pool,
//! each worker with its own clone of the compiled policies.

pub mod input;
mod rego_ser;
pub mod rules;

use crate::config::{Attestation, Config, Exception};
use crate::maturity::Placement;
use crate::model::{Scope, Snapshot};
use chrono::{DateTime, NaiveDate, Utc};
pub use rules::{Rule, RuleError, RuleMeta, RuleSet, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("rule {rule} on scope {scope}: evaluation failed: {message}")]
    Rego {
        rule: String,
        scope: String,
        message: String,
    },
    #[error("rule {rule} on scope {scope}: `{output}` has the wrong shape: {message}")]
    Output {
        rule: String,
        scope: String,
        output: String,
        message: String,
    },
    #[error("duplicate scope id {0} across inputs")]
    DuplicateScope(String),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
    NotApplicable,
    /// Every failing resource is covered by an unexpired exception.
    Excepted,
    /// Could not be verified, but a person attested to it in idgauge.toml.
    Attested,
}

impl Status {
    /// Does this result let the scope reach the rule's level?
    pub fn satisfies(self) -> bool {
        !matches!(self, Status::Fail | Status::Unknown)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
            Status::Excepted => "excepted",
            Status::Attested => "attested",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    pub resource: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Details::is_none")]
    pub details: Details,
    /// What kind of resource `resource` is (`AwsIamUser`), as its provider names it; set when
    /// the results document is built ([`crate::results::Assessment::new`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// A finding's rule-specific facts, kept as compact JSON text.
///
/// They are only ever written out. As a `serde_json::Value` tree even a one-field object took
/// about 700 bytes (a B-tree node), which made finding details the largest allocation of a
/// 100k-principal benchmark (81,460 findings); as text the same object is ~25 bytes.
#[derive(Debug, Clone, Default)]
pub struct Details(Option<Box<serde_json::value::RawValue>>);

impl Details {
    /// `null` means no details.
    pub fn from_value(v: &serde_json::Value) -> Self {
        if v.is_null() {
            return Details(None);
        }
        Details(Some(
            serde_json::value::to_raw_value(v).expect("a JSON value serializes"),
        ))
    }
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
    /// The details as compact JSON text.
    pub fn as_json(&self) -> Option<&str> {
        self.0.as_deref().map(|r| r.get())
    }
}

impl PartialEq for Details {
    fn eq(&self, other: &Self) -> bool {
        self.as_json() == other.as_json()
    }
}

impl Serialize for Details {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Re-parsed (small and short-lived) rather than written raw, so that pretty-printed
        // reports indent details like everything else.
        match &self.0 {
            Some(raw) => serde_json::from_str::<serde_json::Value>(raw.get())
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            None => s.serialize_unit(),
        }
    }
}

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Through a value rather than RawValue directly: findings are also read from
        // `serde_json::Value`s and flattened structs, which RawValue cannot deserialize from.
        Ok(Details::from_value(&serde_json::Value::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExceptedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub justification: String,
    pub expires: NaiveDate,
}

/// Provenance of a section a result relied on (or could not).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SectionRef {
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<DateTime<Utc>>,
    /// Why it is unavailable (absent when collected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuleResult {
    pub rule_id: String,
    pub scope_id: String,
    pub level: u8,
    /// Whether the result gates `level` (absent) or is a refinement / advisory that never gates.
    #[serde(default, skip_serializing_if = "Placement::is_gate")]
    pub placement: Placement,
    pub severity: Severity,
    pub status: Status,
    /// Why: not-applicable reason, what could not be verified, attestation statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Failing resources (sorted by resource).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub excepted: Vec<ExceptedFinding>,
    /// Notes on exceptions and attestations that did not apply (expired, contradicted).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
    /// The sections read, with source and time.
    pub evidence: Vec<SectionRef>,
}

type ScopeResult = Result<RuleResult, EvalError>;

/// Everything evaluation needs besides the snapshot.
pub struct EvalOptions<'a> {
    pub config: &'a Config,
    /// Date exceptions and attestations are checked against.
    pub today: NaiveDate,
    /// Worker threads (0 = available parallelism).
    pub jobs: usize,
}

/// Evaluates all rules over all scopes of all snapshots. Results are sorted by scope id, then
/// rule id, so output is deterministic.
///
/// Scopes are processed one after another, each scope's rules spread over the worker pool, while
/// a builder thread prepares the next scope's Rego input: at most two scope inputs exist at a
/// time, so memory stays bounded by the largest scope rather than the whole snapshot.
pub fn evaluate(
    snapshots: &[Snapshot],
    rules: &RuleSet,
    opts: &EvalOptions<'_>,
) -> Result<Vec<RuleResult>, EvalError> {
    let mut scopes: Vec<(&Scope, DateTime<Utc>)> = snapshots
        .iter()
        .flat_map(|s| s.scopes.iter().map(move |sc| (sc, s.collected_at)))
        .collect();
    scopes.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for w in scopes.windows(2) {
        if w[0].0.id == w[1].0.id {
            return Err(EvalError::DuplicateScope(w[0].0.id.clone()));
        }
    }
    let org_accounts: BTreeMap<String, Vec<String>> =
        input::organization_accounts(scopes.iter().map(|(s, _)| *s))
            .into_iter()
            .map(|(id, accounts)| (id.to_string(), accounts))
            .collect();
    evaluate_scopes(&scopes, &org_accounts, rules, opts)
}

/// [`evaluate`] over `scopes` (sorted by id, each once) with the accounts of each organization
/// scope by id (`input::organization_accounts`) given: an assessment that reads its inputs a
/// scope at a time evaluates them in small batches with its organizations read beforehand.
pub fn evaluate_scopes(
    scopes: &[(&Scope, DateTime<Utc>)],
    org_accounts: &BTreeMap<String, Vec<String>>,
    rules: &RuleSet,
    opts: &EvalOptions<'_>,
) -> Result<Vec<RuleResult>, EvalError> {
    let cfg_value = input::config_value(opts.config);
    let applicable = |scope: &Scope| -> Vec<usize> {
        rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.meta.applies_to(scope.provider) && r.meta.scope_kinds.contains(&scope.kind)
            })
            .map(|(i, _)| i)
            .collect()
    };
    let workers = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    }
    .clamp(1, rules.rules.len().max(1));
    // IDGAUGE_PROFILE=1 prints input-building and per-rule times (for rule authors).
    let profile = std::env::var_os("IDGAUGE_PROFILE").is_some();
    let build = |scope: &Scope, now: DateTime<Utc>| {
        let t = std::time::Instant::now();
        let accounts = scope
            .parent
            .as_deref()
            .and_then(|p| org_accounts.get(p))
            .map(Vec::as_slice);
        let v = input::build(scope, now, opts.config, &cfg_value, accounts);
        if profile {
            eprintln!("profile: input {} {:?}", scope.id, t.elapsed());
        }
        v
    };
    let run = |engine: &mut regorus::Engine, ri: usize, scope: &Scope| {
        let t = std::time::Instant::now();
        let r = eval_one(engine, &rules.rules[ri], scope, opts);
        if profile {
            eprintln!(
                "profile: {} {} {:?}",
                rules.rules[ri].meta.id,
                scope.id,
                t.elapsed()
            );
        }
        r
    };

    // Two strategies, both deterministic in output:
    // - several scopes: each worker takes whole scopes and builds their inputs itself. Workers
    //   then share no Rego values; sharing one input across threads makes every field access
    //   contend on the same atomic reference counts, which measured slower than one thread.
    // - fewer scopes than workers: a scope's rules are spread over the workers.
    let mut slots: Vec<Vec<ScopeResult>> = scopes.iter().map(|_| Vec::new()).collect();
    if scopes.len() >= workers {
        let next = AtomicUsize::new(0);
        let out: Mutex<Vec<(usize, Vec<ScopeResult>)>> = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    let mut engine = rules.engine.clone();
                    loop {
                        let si = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(scope, now)) = scopes.get(si) else {
                            break;
                        };
                        let jobs = applicable(scope);
                        if jobs.is_empty() {
                            continue;
                        }
                        engine.set_input(build(scope, now));
                        let rs = jobs
                            .into_iter()
                            .map(|ri| run(&mut engine, ri, scope))
                            .collect();
                        // Free this scope's input before building the next one.
                        engine.set_input(regorus::Value::Undefined);
                        out.lock()
                            .expect("no worker panics holding the lock")
                            .push((si, rs));
                    }
                });
            }
        });
        for (si, rs) in out.into_inner().expect("workers finished") {
            slots[si] = rs;
        }
    } else {
        let mut engines: Vec<regorus::Engine> =
            (0..workers).map(|_| rules.engine.clone()).collect();
        for (si, &(scope, now)) in scopes.iter().enumerate() {
            let jobs = applicable(scope);
            if jobs.is_empty() {
                continue;
            }
            let value = build(scope, now);
            let next = AtomicUsize::new(0);
            let out: Mutex<Vec<(usize, ScopeResult)>> = Mutex::new(Vec::new());
            std::thread::scope(|w| {
                for engine in engines.iter_mut().take(jobs.len()) {
                    let (jobs, next, out, value, run) = (&jobs, &next, &out, &value, &run);
                    w.spawn(move || {
                        engine.set_input(value.clone());
                        let mut local = Vec::new();
                        loop {
                            let j = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&ri) = jobs.get(j) else { break };
                            local.push((j, run(engine, ri, scope)));
                        }
                        engine.set_input(regorus::Value::Undefined);
                        out.lock()
                            .expect("no worker panics holding the lock")
                            .extend(local);
                    });
                }
            });
            let mut out = out.into_inner().expect("workers finished");
            out.sort_by_key(|(j, _)| *j);
            slots[si] = out.into_iter().map(|(_, r)| r).collect();
        }
    }
    slots.into_iter().flatten().collect()
}

fn eval_one(
    engine: &mut regorus::Engine,
    rule: &Rule,
    scope: &Scope,
    opts: &EvalOptions<'_>,
) -> Result<RuleResult, EvalError> {
    let meta = &rule.meta;
    let mut result = RuleResult {
        rule_id: meta.id.clone(),
        scope_id: scope.id.clone(),
        level: meta.level,
        placement: meta.placement,
        severity: meta.severity,
        status: Status::Pass,
        reason: None,
        findings: Vec::new(),
        excepted: Vec::new(),
        notes: Vec::new(),
        attestation: None,
        evidence: Vec::new(),
    };

    // Required sections first: missing data is never a pass, whatever the rule body says.
    let mut gaps = Vec::new();
    let mut not_assessed = None;
    for name in &meta.requires {
        let st = scope
            .sections
            .status(name)
            .expect("requires validated against SECTION_NAMES");
        // Extra evidence whose input was not given (no --directory): not assessed, not a gap.
        if st.source.is_none() {
            if let Some(why) = crate::model::not_assessed_reason(name) {
                not_assessed = Some(why);
                result.evidence.push(SectionRef {
                    section: name.clone(),
                    source: None,
                    collected_at: None,
                    unavailable: Some(why.to_string()),
                });
                continue;
            }
        }
        let unavailable = (!st.is_collected()).then(|| st.gap_reason());
        if let Some(why) = &unavailable {
            gaps.push(format!("{name} unavailable — {why}"));
        }
        result.evidence.push(SectionRef {
            section: name.clone(),
            source: st.source.map(str::to_string),
            collected_at: st.collected_at,
            unavailable,
        });
    }
    if !gaps.is_empty() {
        result.status = Status::Unknown;
        result.reason = Some(gaps.join("; "));
        apply_attestation(&mut result, opts);
        return Ok(result);
    }
    if let Some(why) = not_assessed {
        result.status = Status::NotApplicable;
        result.reason = Some(why.to_string());
        return Ok(result);
    }

    let rego_err = |e: String| EvalError::Rego {
        rule: meta.id.clone(),
        scope: scope.id.clone(),
        message: e,
    };
    let shape_err = |output: &str, message: String| EvalError::Output {
        rule: meta.id.clone(),
        scope: scope.id.clone(),
        output: output.to_string(),
        message,
    };

    let na = if rule.declares_not_applicable {
        engine
            .eval_rule(format!("{}.not_applicable", rule.package))
            .map_err(|e| rego_err(e.to_string()))?
    } else {
        regorus::Value::Undefined
    };
    if na != regorus::Value::Undefined {
        result.status = Status::NotApplicable;
        result.reason = Some(match na {
            regorus::Value::String(s) => s.to_string(),
            other => {
                return Err(shape_err(
                    "not_applicable",
                    format!("expected a string, got {other}"),
                ))
            }
        });
        return Ok(result);
    }

    let findings = eval_set(engine, &format!("{}.findings", rule.package)).map_err(rego_err)?;
    let mut parsed: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in &findings {
        let f = finding_from_rego(f)
            .map_err(|e| shape_err("findings", format!("{e} (need resource and message)")))?;
        parsed.push(f);
    }
    drop(findings);
    parsed.sort_by(|a, b| (&a.resource, &a.message).cmp(&(&b.resource, &b.message)));

    if !parsed.is_empty() {
        apply_exceptions(&mut result, parsed, &opts.config.exceptions, opts.today);
        if result.findings.is_empty() {
            result.status = Status::Excepted;
        } else {
            result.status = Status::Fail;
            if opts
                .config
                .attestations
                .iter()
                .any(|a| attestation_matches(a, &meta.id, &scope.id))
            {
                result.notes.push(
                    "attestation ignored: the collected evidence shows the control failing".into(),
                );
            }
        }
        return Ok(result);
    }

    let undetermined = if rule.declares_undetermined {
        eval_set(engine, &format!("{}.undetermined", rule.package)).map_err(rego_err)?
    } else {
        Vec::new()
    };
    if !undetermined.is_empty() {
        let mut reasons: Vec<String> = undetermined
            .into_iter()
            .map(|v| match v {
                regorus::Value::String(s) => s.to_string(),
                other => serde_json::to_string(&other).unwrap_or_else(|_| other.to_string()),
            })
            .collect();
        reasons.sort();
        result.status = Status::Unknown;
        result.reason = Some(reasons.join("; "));
        apply_attestation(&mut result, opts);
    }
    Ok(result)
}

/// One member of a rule's `findings`, read straight from the Rego value: a rule failing
/// thousands of principals then never has its findings as JSON trees.
fn finding_from_rego(v: &regorus::Value) -> Result<Finding, String> {
    let o = v
        .as_object()
        .map_err(|_| format!("a finding must be an object, got {v}"))?;
    let text = |key: &str| match o.get(&regorus::Value::from(key)) {
        Some(regorus::Value::String(s)) => Ok(s.to_string()),
        Some(other) => Err(format!("`{key}` must be a string, got {other}")),
        None => Err(format!("missing field `{key}`")),
    };
    let details = match o.get(&regorus::Value::from("details")) {
        None | Some(regorus::Value::Null) => Details::default(),
        Some(d) => Details(Some(
            serde_json::value::to_raw_value(d).map_err(|e| format!("`details`: {e}"))?,
        )),
    };
    Ok(Finding {
        resource: text("resource")?,
        message: text("message")?,
        details,
        resource_type: None,
    })
}

/// A partial set rule's members (shared with the rule's value, not copied); undefined counts
/// as empty.
fn eval_set(engine: &mut regorus::Engine, path: &str) -> Result<Vec<regorus::Value>, String> {
    let v = engine
        .eval_rule(path.to_string())
        .map_err(|e| e.to_string())?;
    match v {
        regorus::Value::Undefined => Ok(Vec::new()),
        regorus::Value::Set(s) => Ok(s.iter().cloned().collect()),
        regorus::Value::Array(a) => Ok(a.iter().cloned().collect()),
        other => Err(format!("{path} must be a set, got {other}")),
    }
}

fn scope_matches(want: &Option<String>, scope: &str) -> bool {
    want.as_deref().is_none_or(|s| s == scope)
}

fn attestation_matches(a: &Attestation, rule: &str, scope: &str) -> bool {
    a.rule.eq_ignore_ascii_case(rule) && scope_matches(&a.scope, scope)
}

fn apply_exceptions(
    result: &mut RuleResult,
    findings: Vec<Finding>,
    exceptions: &[Exception],
    today: NaiveDate,
) {
    let applicable: Vec<&Exception> = exceptions
        .iter()
        .filter(|e| {
            e.rule.eq_ignore_ascii_case(&result.rule_id)
                && scope_matches(&e.scope, &result.scope_id)
        })
        .collect();
    if applicable.is_empty() {
        // Nothing to match: keep the vector as it is (exactly sized) rather than regrow a copy.
        result.findings = findings;
        return;
    }
    for f in findings {
        let matching = applicable
            .iter()
            .filter(|e| e.resource.as_deref().is_none_or(|r| r == f.resource));
        // The most specific unexpired exception wins; otherwise report the expired ones.
        let mut live = None;
        let mut expired = Vec::new();
        for e in matching {
            if e.expires >= today {
                if live.is_none() || e.resource.is_some() {
                    live = Some(*e);
                }
            } else {
                expired.push(*e);
            }
        }
        match live {
            Some(e) => result.excepted.push(ExceptedFinding {
                finding: f,
                justification: e.justification.clone(),
                expires: e.expires,
            }),
            None => {
                for e in expired {
                    result.notes.push(format!(
                        "exception for {} expired on {} ({}); the finding counts again",
                        f.resource, e.expires, e.justification
                    ));
                }
                result.findings.push(f);
            }
        }
    }
}

fn apply_attestation(result: &mut RuleResult, opts: &EvalOptions<'_>) {
    let Some(a) = opts
        .config
        .attestations
        .iter()
        .find(|a| attestation_matches(a, &result.rule_id, &result.scope_id))
    else {
        return;
    };
    match a.expires {
        Some(exp) if exp < opts.today => result.notes.push(format!(
            "attestation by {} expired on {exp}; the rule stays unknown",
            a.attested_by
        )),
        _ => {
            result.status = Status::Attested;
            let unverified = result.reason.take().unwrap_or_default();
            result.reason = Some(format!(
                "attested by {}: {} (not verified: {unverified})",
                a.attested_by, a.statement
            ));
            result.attestation = Some(a.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn details_round_trip_through_text() {
        let f = Finding {
            resource: "arn:aws:iam::111122223333:user/ops".into(),
            message: "m".into(),
            details: Details::from_value(&json!({"b": [1, 2], "a": true})),
            resource_type: None,
        };
        assert_eq!(f.details.as_json(), Some(r#"{"a":true,"b":[1,2]}"#));
        // Pretty output indents details like any other field.
        let pretty = serde_json::to_string_pretty(&f).unwrap();
        assert!(
            pretty.contains("\"details\": {\n    \"a\": true,"),
            "{pretty}"
        );
        // Read back from text, from a Value, and flattened inside an excepted finding.
        let back: Finding = serde_json::from_str(&pretty).unwrap();
        assert_eq!(back, f);
        let via_value: Finding = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(via_value, f);
        let ex = ExceptedFinding {
            finding: f.clone(),
            justification: "j".into(),
            expires: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        };
        let ex_back: ExceptedFinding =
            serde_json::from_str(&serde_json::to_string(&ex).unwrap()).unwrap();
        assert_eq!(ex_back, ex);
    }

    #[test]
    fn null_or_missing_details_are_omitted() {
        let none = Finding {
            resource: "r".into(),
            message: "m".into(),
            details: Details::from_value(&serde_json::Value::Null),
            resource_type: None,
        };
        assert!(none.details.is_none());
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"resource":"r","message":"m"}"#
        );
        let missing: Finding = serde_json::from_str(r#"{"resource":"r","message":"m"}"#).unwrap();
        assert_eq!(missing, none);
    }
}
