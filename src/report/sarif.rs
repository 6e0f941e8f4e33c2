//! SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! This module owns the mapping of an assessment onto one SARIF run:
//! - `tool.driver.rules`: every rule of the assessment, with help text from its metadata
//!   (description, rationale, recommendation, references) and GitHub's `security-severity`;
//! - `results`: one per failing resource (`error` for critical/high, `warning` for medium,
//!   `note` for low), one per rule × scope that could not be verified (`note`, "could not
//!   verify"), and excepted resources with an external, accepted suppression;
//! - locations: the cloud resource (ARN, tenant object, GCP resource name) as a logical location,
//!   plus a physical location at the rule's file, because GitHub rejects results without one;
//! - `partialFingerprints`: `idgaugeFindingHash/v1`, from rule id + scope + resource only, so
//!   alerts keep their identity across runs however the message or the rule file changes.
//!
//! With a baseline, each result carries `baselineState` (`new` or `unchanged`).

use crate::baseline::Diff;
use crate::engine::{Severity, Status};
use crate::maturity::{level_name, Group};
use crate::results::{fingerprint, group, Assessment};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const FINGERPRINT_KEY: &str = "idgaugeFindingHash/v1";

/// GitHub reads `security-severity` (a number as a string) to rank alerts: ≥ 9 critical,
/// 7–8.9 high, 4–6.9 medium, below low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn fail_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// "No shared or generic IAM user names" → "NoSharedOrGenericIamUserNames".
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(|c| c.to_ascii_uppercase());
            first
                .into_iter()
                .chain(cs.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect()
}

/// A URI reference for a rule file: relative paths (built-in rules, `--rules` given relative)
/// stay relative to the repository root (`%SRCROOT%`); absolute ones become `file://` URIs.
fn artifact_location(path: &str) -> Value {
    let path = path.replace('\\', "/");
    let enc: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    if path.starts_with('/') {
        json!({ "uri": format!("file://{enc}") })
    } else {
        json!({ "uri": enc, "uriBaseId": "%SRCROOT%" })
    }
}

fn location(rule_path: &str, resource: &str, scope_id: &str) -> Value {
    // The short name: the last path segment of an ARN or resource name.
    let name = resource
        .rsplit(['/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(resource);
    json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(rule_path),
            "region": { "startLine": 1 }
        },
        "logicalLocations": [{
            "name": name,
            "fullyQualifiedName": resource,
            "kind": "resource"
        }],
        "message": { "text": format!("{resource} in {scope_id}") }
    })
}

/// Renders the assessment as a SARIF log (pretty JSON, trailing newline).
pub fn render(a: &Assessment, diff: Option<&Diff>) -> String {
    let mut infos: Vec<_> = a.rules.iter().collect();
    infos.sort_by(|x, y| x.id.cmp(&y.id));
    let index = |id: &str| infos.iter().position(|r| r.id == id);

    let descriptors: Vec<Value> = infos
        .iter()
        .map(|info| {
            let description = &info.description;
            let rationale = &info.rationale;
            let recommendation = &info.remediation;
            let refs = &info.references;
            // "gates maturity level 3 (Common standards ...)", or why it gates none.
            let gates = match info.group() {
                Group::Level(l) => format!("gates maturity level {l} ({})", level_name(l)),
                g => g.effect(),
            };
            let mut gates_sentence = gates.clone();
            gates_sentence[..1].make_ascii_uppercase();
            let text = format!(
                "{description}\n\nWhy it matters: {rationale}\n\nHow to fix: {recommendation}\n\n{gates_sentence}.\n\nReferences: {}",
                refs.join("; ")
            );
            let markdown = format!(
                "**{title}** — {gates}, severity {sev}.\n\n**What it checks.** {description}\n\n**Why it matters.** {rationale}\n\n**How to fix.**\n\n{recommendation}\n\n**References.**\n\n{refs}\n\nRule source: `{path}`.",
                title = info.title,
                sev = info.severity.as_str(),
                refs = refs.iter().map(|r| format!("- {r}")).collect::<Vec<_>>().join("\n"),
                path = info.path,
            );
            let mut tags = vec![
                "security".to_string(),
                "identity".to_string(),
                match info.group() {
                    Group::Level(l) => format!("maturity-level-{l}"),
                    Group::Beyond => "maturity-refinement".to_string(),
                    Group::Advisory => "maturity-advisory".to_string(),
                },
            ];
            tags.extend(info.providers.iter().map(|p| p.as_str().to_string()));
            json!({
                "id": info.id,
                "name": pascal(&info.title),
                "shortDescription": { "text": info.title },
                "fullDescription": { "text": rationale },
                "help": { "text": text, "markdown": markdown },
                "defaultConfiguration": { "level": fail_level(info.severity) },
                "properties": {
                    "tags": tags,
                    "precision": "high",
                    "problem.severity": match fail_level(info.severity) {
                        "error" => "error",
                        "warning" => "warning",
                        _ => "recommendation",
                    },
                    "security-severity": security_severity(info.severity),
                    "level": info.level,
                    "severity": info.severity.as_str(),
                }
            })
        })
        .collect();

    let new_keys: Option<BTreeSet<(&str, &str, &str)>> = diff.map(|d| {
        d.new_failures
            .iter()
            .map(|f| (f.rule_id.as_str(), f.scope_id.as_str(), f.resource.as_str()))
            .chain(
                d.new_unknowns
                    .iter()
                    .map(|u| (u.rule_id.as_str(), u.scope_id.as_str(), u.scope_id.as_str())),
            )
            .collect()
    });

    let mut results = Vec::new();
    for r in &a.results {
        let Some(info) = a.rule(&r.rule_id) else {
            continue;
        };
        let rule_index = index(&r.rule_id);
        let make = |resource: &str, level: &str, text: String, extra: Map<String, Value>| {
            let mut res = Map::new();
            res.insert("ruleId".into(), json!(r.rule_id));
            if let Some(i) = rule_index {
                res.insert("ruleIndex".into(), json!(i));
            }
            res.insert("level".into(), json!(level));
            res.insert("message".into(), json!({ "text": text }));
            res.insert(
                "locations".into(),
                json!([location(&info.path, resource, &r.scope_id)]),
            );
            res.insert(
                "partialFingerprints".into(),
                json!({ FINGERPRINT_KEY: fingerprint(&r.rule_id, &r.scope_id, resource) }),
            );
            if let Some(keys) = &new_keys {
                let state = if keys.contains(&(r.rule_id.as_str(), r.scope_id.as_str(), resource)) {
                    "new"
                } else {
                    "unchanged"
                };
                res.insert("baselineState".into(), json!(state));
            }
            let mut props = Map::new();
            props.insert("scope".into(), json!(r.scope_id));
            props.insert("maturityLevel".into(), json!(r.level));
            props.insert("status".into(), json!(r.status.as_str()));
            props.extend(extra);
            res.insert("properties".into(), Value::Object(props));
            res
        };
        match r.status {
            Status::Fail => {
                for f in &r.findings {
                    let res = make(
                        &f.resource,
                        fail_level(r.severity),
                        format!(
                            "{} ({}: {}, {})",
                            f.message,
                            r.rule_id,
                            info.title,
                            group(r).effect()
                        ),
                        Map::new(),
                    );
                    results.push(Value::Object(res));
                }
            }
            Status::Unknown => {
                let res = make(
                    &r.scope_id,
                    "note",
                    format!(
                        "Could not verify {} ({}) on {}: {}. {}",
                        r.rule_id,
                        info.title,
                        r.scope_id,
                        r.reason
                            .as_deref()
                            .unwrap_or("the data it needs is unavailable"),
                        match group(r) {
                            Group::Level(l) =>
                                format!("Unverified controls block maturity level {l}."),
                            g => format!("It is {}.", g.effect()),
                        }
                    ),
                    Map::new(),
                );
                results.push(Value::Object(res));
            }
            _ => {}
        }
        // Accepted failures stay visible to SARIF consumers, marked as suppressed.
        for e in &r.excepted {
            let f = &e.finding;
            let mut extra = Map::new();
            extra.insert("exceptionExpires".into(), json!(e.expires.to_string()));
            let mut res = make(
                &f.resource,
                fail_level(r.severity),
                format!("{} ({}: {})", f.message, r.rule_id, info.title),
                extra,
            );
            res.insert(
                "suppressions".into(),
                json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (until {})", e.justification, e.expires)
                }]),
            );
            results.push(Value::Object(res));
        }
    }

    let mut driver = Map::new();
    driver.insert("name".into(), json!("idgauge"));
    driver.insert("version".into(), json!(a.idgauge_version));
    driver.insert("semanticVersion".into(), json!(a.idgauge_version));
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    let homepage = if homepage.is_empty() {
        env!("CARGO_PKG_REPOSITORY")
    } else {
        homepage
    };
    if !homepage.is_empty() {
        driver.insert("informationUri".into(), json!(homepage));
    }
    driver.insert("rules".into(), Value::Array(descriptors));

    let scopes: Vec<Value> = a
        .verdict
        .scopes
        .iter()
        .map(|s| json!({ "scope": s.scope_id, "level": s.level }))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": Value::Object(driver) },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "overallLevel": a.verdict.overall_level,
                "asOf": a.as_of.to_string(),
                "scopes": scopes,
            }
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    s.push('\n');
    s
}
