//! Log-based metrics and alert policies → alert rules, with the identity events each catches.
//!
//! An alert policy condition either matches log entries itself (`conditionMatchedLog`) or
//! watches a log-based metric (`conditionThreshold` / `conditionAbsent` on
//! `metric.type="logging.googleapis.com/user/<metric>"`): then the metric's filter is the
//! pattern, and a disabled metric catches nothing. The policy alerts only when enabled (an
//! absent `enabled` counts as enabled, the API default) and has notification channels.

use super::raw::{AlertPolicy, LogMetric, LogSink};
use crate::model::{AlertRule, AlertSignal, AuditLog};

/// Which identity events a Cloud Logging filter catches.
pub fn detects(filter: &str) -> Vec<AlertSignal> {
    let mut out = Vec::new();
    let iam = [
        "SetIamPolicy",
        "policyDelta",
        "ProjectOwnership",
        "google.iam.admin.v1.CreateRole",
        "google.iam.admin.v1.UpdateRole",
        "google.iam.admin.v1.CreateServiceAccountKey",
    ];
    if iam.iter().any(|m| filter.contains(m)) {
        out.push(AlertSignal::IamChange);
    }
    if filter.contains("login_failure") || filter.contains("loginFailure") {
        out.push(AlertSignal::SigninFailure);
    }
    out
}

/// One alert rule per alert policy of the project, its pattern the filters it watches.
pub fn alert_rules(metrics: &[LogMetric], policies: &[AlertPolicy]) -> Vec<AlertRule> {
    let mut out: Vec<AlertRule> = policies
        .iter()
        .map(|p| {
            let mut filters: Vec<String> = Vec::new();
            let mut kind = "log_match_alert";
            for c in &p.conditions {
                if let Some(m) = &c.condition_matched_log {
                    filters.push(m.filter.clone());
                }
                for t in [&c.condition_threshold, &c.condition_absent]
                    .into_iter()
                    .flatten()
                {
                    for m in metrics.iter().filter(|m| !m.disabled) {
                        let needle = format!("logging.googleapis.com/user/{}\"", m.id());
                        if t.filter.contains(&needle) {
                            kind = "log_metric_alert";
                            filters.push(m.filter.clone());
                        }
                    }
                }
            }
            let pattern = filters.join(" || ");
            let mut signals = detects(&pattern);
            signals.sort();
            AlertRule {
                id: p.name.clone(),
                name: p.display_name.clone().unwrap_or_else(|| p.name.clone()),
                kind: kind.into(),
                pattern: (!pattern.is_empty()).then_some(pattern),
                enabled: p.enabled != Some(false),
                has_action: !p.notification_channels.is_empty(),
                detects: signals,
                log_group: None,
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_alerts_take_the_metric_filter() {
        let metrics: Vec<LogMetric> = serde_json::from_str(
            r#"[{"name":"iam-changes","filter":"protoPayload.methodName=\"SetIamPolicy\""},
                {"name":"off","filter":"protoPayload.methodName=\"SetIamPolicy\"","disabled":true}]"#,
        )
        .unwrap();
        let policies: Vec<AlertPolicy> = serde_json::from_str(
            r#"[{"name":"projects/p/alertPolicies/1","displayName":"IAM","enabled":true,"notificationChannels":["projects/p/notificationChannels/9"],
                 "conditions":[{"conditionThreshold":{"filter":"metric.type=\"logging.googleapis.com/user/iam-changes\" AND resource.type=\"global\""}}]},
                {"name":"projects/p/alertPolicies/2","conditions":[{"conditionThreshold":{"filter":"metric.type=\"logging.googleapis.com/user/off\""}}]},
                {"name":"projects/p/alertPolicies/3","enabled":false,"conditions":[{"conditionMatchedLog":{"filter":"protoPayload.methodName=\"SetIamPolicy\""}}]}]"#,
        )
        .unwrap();
        let r = alert_rules(&metrics, &policies);
        assert_eq!(r[0].detects, [AlertSignal::IamChange]);
        assert!(r[0].enabled && r[0].has_action);
        assert_eq!(r[0].kind, "log_metric_alert");
        assert!(r[1].detects.is_empty(), "a disabled metric catches nothing");
        assert_eq!(r[2].detects, [AlertSignal::IamChange]);
        assert!(!r[2].enabled);
    }
}

/// Whether a Cloud Logging filter lets audit logs (`cloudaudit.googleapis.com`) through: an empty
/// filter routes everything; otherwise the filter must name the audit logs and not exclude them.
/// Filters are a language of their own: this reads the common forms
/// (`logName:"cloudaudit.googleapis.com"`, `log_id("cloudaudit.googleapis.com/activity")`,
/// `protoPayload."@type"="type.googleapis.com/google.cloud.audit.AuditLog"`) and treats a
/// negated mention as exclusion.
pub fn routes_audit_logs(filter: &str) -> bool {
    let f = filter.trim();
    if f.is_empty() {
        return true;
    }
    let names = ["cloudaudit.googleapis.com", "google.cloud.audit.AuditLog"];
    let mentioned = names.iter().any(|n| f.contains(n));
    mentioned && !excludes_audit_logs(f)
}

/// A filter that drops audit logs: it names them negated (`NOT logName:…cloudaudit…`,
/// `-logName:…`).
fn excludes_audit_logs(filter: &str) -> bool {
    let lower = filter.to_ascii_lowercase();
    ["cloudaudit.googleapis.com", "google.cloud.audit.auditlog"]
        .iter()
        .any(|n| {
            lower.match_indices(n).any(|(at, _)| {
                // The clause this mention is in: back to the previous AND / OR or a grouping
                // parenthesis (not a function call's, as in `LOG_ID(`).
                let before = &lower[..at];
                let group = before
                    .char_indices()
                    .rev()
                    .find(|(i, c)| {
                        *c == '('
                            && !before[..*i]
                                .chars()
                                .next_back()
                                .is_some_and(|p| p.is_alphanumeric() || p == '_')
                    })
                    .map(|(i, _)| i + 1);
                let start = [" and ", " or "]
                    .iter()
                    .filter_map(|sep| before.rfind(sep).map(|i| i + sep.len()))
                    .chain(group)
                    .max()
                    .unwrap_or(0);
                let clause = before[start..].trim_start();
                clause.starts_with("not ") || clause.starts_with('-')
            })
        })
}

/// The `_Required` and `_Default` sinks every project has keep its logs in its own buckets: they
/// are not exports (a `_Default` sink pointed elsewhere is).
fn builtin(s: &LogSink) -> bool {
    match s.id() {
        "_Required" => true,
        "_Default" => s.destination.ends_with("/buckets/_Default"),
        _ => false,
    }
}

/// Sinks in force for a resource → audit-log entries (`gcp_log_sink`). `own` is the resource's
/// own sinks; `inherited` those of its ancestors, which count only with `includeChildren`.
pub fn sinks(own: (&str, &[LogSink]), inherited: &[(String, &[LogSink])]) -> Vec<AuditLog> {
    let mut out = Vec::new();
    let all = std::iter::once((own.0.to_string(), own.1, false))
        .chain(inherited.iter().map(|(r, s)| (r.clone(), *s, true)));
    for (resource, list, from_ancestor) in all {
        for s in list {
            if (from_ancestor && !s.include_children) || builtin(s) {
                continue;
            }
            let excluded = s.exclusions.iter().any(|e| {
                !e.disabled && routes_audit_logs(&e.filter) && !e.filter.trim().is_empty()
            });
            out.push(AuditLog {
                id: format!("{resource}/sinks/{}", s.id()),
                name: s.id().to_string(),
                kind: "gcp_log_sink".into(),
                home_region: None,
                multi_region: true,
                logging: Some(!s.disabled),
                log_file_validation: false,
                include_global_events: true,
                management_events: Some(routes_audit_logs(&s.filter) && !excluded),
                // Aggregated: every project below the organization or folder.
                organization_trail: s.include_children && !resource.starts_with("projects/"),
                streams_to_logs: s.destination.starts_with("logging.googleapis.com/")
                    || s.destination.starts_with("bigquery.googleapis.com/"),
                service: None,
                log_types: Vec::new(),
                exempted_members: Vec::new(),
                log_group: Some(s.destination.clone()).filter(|d| !d.is_empty()),
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod sink_tests {
    use super::*;

    #[test]
    fn audit_log_routing_by_filter() {
        assert!(routes_audit_logs(""));
        assert!(routes_audit_logs(r#"logName:"cloudaudit.googleapis.com""#));
        assert!(routes_audit_logs(
            r#"LOG_ID("cloudaudit.googleapis.com/activity") OR LOG_ID("cloudaudit.googleapis.com/data_access")"#
        ));
        assert!(!routes_audit_logs(r#"severity>=ERROR"#));
        assert!(!routes_audit_logs(
            r#"NOT LOG_ID("cloudaudit.googleapis.com/activity") AND severity>=ERROR"#
        ));
        assert!(!routes_audit_logs(
            r#"-logName:"cloudaudit.googleapis.com""#
        ));
    }

    #[test]
    fn inherited_sinks_count_only_with_include_children() {
        let sink = |name: &str, children: bool| LogSink {
            name: name.into(),
            destination: "pubsub.googleapis.com/projects/sec/topics/t".into(),
            filter: String::new(),
            disabled: false,
            include_children: children,
            exclusions: Vec::new(),
        };
        let own = [
            sink("_Required", false),
            LogSink {
                destination:
                    "logging.googleapis.com/projects/app/locations/global/buckets/_Default".into(),
                ..sink("_Default", false)
            },
        ];
        let org = [sink("agg", true), sink("org-only", false)];
        let got = sinks(
            ("projects/app", &own),
            &[("organizations/1".to_string(), &org[..])],
        );
        let ids: Vec<&str> = got.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["organizations/1/sinks/agg"]);
        assert!(got[0].organization_trail);
        assert_eq!(got[0].management_events, Some(true));
    }
}
