//! Log-based metrics and alert policies → alert rules, with the identity events each catches.
//!
//! An alert policy condition either matches log entries itself (`conditionMatchedLog`) or
//! watches a log-based metric (`conditionThreshold` / `conditionAbsent` on
//! `metric.type="logging.googleapis.com/user/<metric>"`): then the metric's filter is the
//! pattern, and a disabled metric catches nothing. The policy alerts only when enabled (an
//! absent `enabled` counts as enabled, the API default) and has notification channels.

use super::raw::{AlertPolicy, LogMetric};
use crate::model::{AlertRule, AlertSignal};

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
