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

use super::{fingerprint, Assessment};
use crate::engine::{RuleResult, RuleSet, Severity, Status};
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

/// The resource type from an ARN-ish id ("arn:aws:iam::1:user/x" → "AwsIamUser").
fn resource_type(resource: &str, provider: &str) -> String {
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.len() >= 6 && parts[0] == "arn" {
        let service = parts[2];
        let kind = parts[5].split('/').next().unwrap_or("");
        let cap = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        };
        return format!("Aws{}{}", cap(service), cap(kind));
    }
    if let Some(kind) = resource
        .strip_prefix(&format!("{provider}:"))
        .and_then(|r| r.split(':').next())
    {
        return format!("{provider}_{kind}");
    }
    "Other".to_string()
}

fn event(a: &Assessment, rules: &RuleSet, r: &RuleResult, resource: &str, message: &str) -> Value {
    let info = a.rule(&r.rule_id);
    let meta = rules.get(&r.rule_id).map(|x| &x.meta);
    let title = info.map_or(r.rule_id.as_str(), |i| i.title.as_str());
    let scope = a.verdict.scopes.iter().find(|s| s.scope_id == r.scope_id);
    let provider = scope.map_or("", |s| s.provider.as_str());
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
            "desc": meta.map_or(title, |m| m.description.as_str()),
            "types": [
                "Identity maturity",
                format!("idgauge/level-{}", r.level),
            ],
            "product_uid": "idgauge",
        },
        "resources": [{
            "uid": resource,
            "name": resource.rsplit(['/', ':']).find(|s| !s.is_empty()).unwrap_or(resource),
            "type": resource_type(resource, provider),
            "cloud_partition": if resource.starts_with("arn:") {
                resource.split(':').nth(1).unwrap_or("aws")
            } else { provider },
        }],
        "cloud": cloud,
        "remediation": {
            "desc": meta.map_or("", |m| m.recommendation.as_str()),
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
pub fn render(a: &Assessment, rules: &RuleSet) -> String {
    let mut out = String::new();
    for r in &a.results {
        let events: Vec<Value> = match r.status {
            Status::Fail => r
                .findings
                .iter()
                .map(|f| event(a, rules, r, &f.resource, &f.message))
                .collect(),
            Status::Unknown => vec![event(
                a,
                rules,
                r,
                &r.scope_id,
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
