//! OCSF Detection Findings (class 2004, OCSF 1.1.0 with the `cloud` profile) as JSON lines, for
//! SIEM ingestion (Security Lake, Splunk, Sentinel, Elastic).
//!
//! This module owns the mapping: one event per failing resource and one per rule × scope that
//! could not be verified; passing, not-applicable, excepted and attested results are not
//! findings and are not written. `finding_info.uid` is the same stable fingerprint as SARIF's
//! (rule id + scope + resource), so a SIEM can deduplicate across runs. `time` is when the
//! scope's data was collected (from the snapshot), never the wall clock, so the same input always
//! gives the same lines. What OCSF has no field for (maturity level, rule id, scope) is under
//! `unmapped`.

use crate::engine::{Finding, RuleResult, Severity, Status};
use crate::maturity::Group;
use crate::results::{fingerprint, Assessment};
use serde_json::{json, Value};

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.1.0";

fn severity(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// One event: for a failing resource (`finding`), or for the scope when the rule could not be
/// verified (`finding` is `None`, the resource is the scope).
fn event(a: &Assessment, r: &RuleResult, finding: Option<&Finding>, message: &str) -> Value {
    let resource = finding.map_or(r.scope_id.as_str(), |f| f.resource.as_str());
    let info = a.rule(&r.rule_id);
    let title = info.map_or(r.rule_id.as_str(), |i| i.title.as_str());
    let scope = a.verdict.scopes.iter().find(|s| s.scope_id == r.scope_id);
    let provider = scope.map_or("", |s| s.provider.as_str());
    // An unverifiable rule's resource is the scope itself: `<provider>_<kind>`.
    let scope_type = scope.map(|s| format!("{provider}_{}", s.kind.as_str()));
    let account_uid = r.scope_id.rsplit(':').next().unwrap_or(&r.scope_id);
    let time = a
        .collected_at(&r.scope_id)
        .map_or(0, |t| t.timestamp_millis());
    let (sev_id, sev) = severity(r.severity);
    let unknown = r.status == Status::Unknown;
    let uid = fingerprint(&r.rule_id, &r.scope_id, resource);
    let mut account = json!({ "uid": account_uid });
    if let Some(name) = scope.and_then(|s| s.name.as_deref()) {
        account["name"] = json!(name);
    }
    let mut cloud = json!({ "provider": provider.to_uppercase(), "account": account });
    if let Some(parent) = scope.and_then(|s| s.parent.as_deref()) {
        cloud["org"] = json!({ "uid": parent.rsplit(':').next().unwrap_or(parent) });
    }
    json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
        "time": time,
        "severity_id": sev_id,
        "severity": sev,
        "status_id": 1,
        "status": "New",
        "status_code": if unknown { "UNKNOWN" } else { "FAIL" },
        "status_detail": if unknown {
            format!("could not verify: {message}")
        } else {
            message.to_string()
        },
        "message": if unknown {
            format!("Could not verify {title} on {}: {message}", r.scope_id)
        } else {
            message.to_string()
        },
        "finding_info": {
            "uid": uid,
            "title": title,
            "desc": info.map_or(title, |i| i.description.as_str()),
            "types": [
                "Identity maturity",
                match crate::results::group(r) {
                    Group::Level(l) => format!("idgauge/level-{l}"),
                    Group::Beyond => "idgauge/refinement".to_string(),
                    Group::Advisory => "idgauge/advisory".to_string(),
                },
            ],
            "product_uid": "idgauge",
        },
        "resources": [{
            "uid": resource,
            "name": resource.rsplit(['/', ':']).find(|s| !s.is_empty()).unwrap_or(resource),
            "type": match finding {
                Some(f) => f.resource_type.as_deref(),
                None => scope_type.as_deref(),
            }
            .unwrap_or("Other"),
            "cloud_partition": scope.and_then(|s| s.partition.as_deref()).unwrap_or(provider),
        }],
        "cloud": cloud,
        "remediation": {
            "desc": info.map_or("", |i| i.remediation.as_str()),
            "references": info.map_or(Vec::new(), |i| i.references.clone()),
        },
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["cloud"],
            "event_code": r.rule_id,
            "product": {
                "name": "idgauge",
                "vendor_name": "idgauge",
                "version": a.idgauge_version,
            },
        },
        "unmapped": {
            "rule_id": r.rule_id,
            "scope_id": r.scope_id,
            "maturity_level": r.level,
            "result_status": r.status.as_str(),
            "scope_level": scope.map(|s| s.level),
            "as_of": a.as_of.to_string(),
        },
    })
}

/// One compact JSON object per line, in result order (scope, rule, resource).
pub fn render(a: &Assessment) -> String {
    let mut out = String::new();
    for r in &a.results {
        let events: Vec<Value> = match r.status {
            Status::Fail => r
                .findings
                .iter()
                .map(|f| event(a, r, Some(f), &f.message))
                .collect(),
            Status::Unknown => vec![event(
                a,
                r,
                None,
                r.reason
                    .as_deref()
                    .unwrap_or("the data it needs is unavailable"),
            )],
            _ => Vec::new(),
        };
        for e in events {
            out.push_str(&serde_json::to_string(&e).expect("event serializes"));
            out.push('\n');
        }
    }
    out
}
