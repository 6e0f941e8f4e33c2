//! Normalization of Alerting: metric filters × alarms and EventBridge rules as alert rules.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::AlertRule;
use crate::providers::aws::alerts;
use crate::providers::aws::raw;
use std::collections::BTreeMap;

/// Can an alarm (by its ARN, `arn:aws:cloudwatch:REGION:…`) watch a metric filter read in
/// `filter_region`? Unknown on either side (exports) counts as the same region.
pub(crate) fn same_region(filter_region: Option<&str>, alarm_arn: Option<&str>) -> bool {
    let alarm_region = alarm_arn
        .and_then(|a| a.split(':').nth(3))
        .filter(|r| !r.is_empty());
    match (filter_region, alarm_region) {
        (Some(f), Some(a)) => f == a,
        _ => true,
    }
}

pub(crate) fn alert_rules(
    filters: &[raw::MetricFilter],
    alarms: &[raw::MetricAlarm],
    rules: &[raw::EventRule],
    targets: &BTreeMap<String, Vec<raw::EventTarget>>,
) -> Vec<AlertRule> {
    let mut out: BTreeMap<String, AlertRule> = BTreeMap::new();
    let mut add = |a: AlertRule| match out.get_mut(&a.id) {
        Some(existing) => {
            existing.detects.extend(a.detects);
            existing.detects.sort();
            existing.detects.dedup();
        }
        None => {
            out.insert(a.id.clone(), a);
        }
    };
    for f in filters {
        let pattern = f.filter_pattern.clone().unwrap_or_default();
        let detects = alerts::classify_filter_pattern(&pattern);
        let matched: Vec<&raw::MetricAlarm> = alarms
            .iter()
            .filter(|a| {
                // An alarm only watches metrics of its own region.
                same_region(f.region.as_deref(), a.alarm_arn.as_deref())
                    && f.metric_transformations.iter().any(|t| {
                        a.metric_name.as_deref() == Some(t.metric_name.as_str())
                            && a.namespace.as_deref() == Some(t.metric_namespace.as_str())
                    })
            })
            .collect();
        if matched.is_empty() {
            add(AlertRule {
                id: format!(
                    "metric-filter:{}:{}",
                    f.log_group_name.as_deref().unwrap_or(""),
                    f.filter_name
                ),
                name: f.filter_name.clone(),
                kind: "metric_filter".into(),
                pattern: Some(pattern.clone()),
                enabled: true,
                has_action: false,
                detects: detects.clone(),
                log_group: f.log_group_name.clone(),
            });
        }
        for a in matched {
            add(AlertRule {
                id: a
                    .alarm_arn
                    .clone()
                    .unwrap_or_else(|| format!("alarm:{}", a.alarm_name)),
                name: a.alarm_name.clone(),
                kind: "metric_filter_alarm".into(),
                pattern: Some(pattern.clone()),
                // An alarm whose ActionsEnabled is not stated is not known to act.
                enabled: a.actions_enabled == Some(true),
                has_action: !a.alarm_actions.is_empty(),
                detects: detects.clone(),
                log_group: f.log_group_name.clone(),
            });
        }
    }
    for r in rules {
        let Some(pattern) = &r.event_pattern else {
            continue; // scheduled rule
        };
        add(AlertRule {
            id: r.arn.clone().unwrap_or_else(|| format!("rule:{}", r.name)),
            name: r.name.clone(),
            kind: "eventbridge_rule".into(),
            pattern: Some(pattern.clone()),
            enabled: r
                .state
                .as_deref()
                .is_some_and(|s| s.to_ascii_uppercase().starts_with("ENABLED")),
            // Live collection keys targets by rule ARN (names repeat across regions); an
            // export's list-targets-by-rule file names the rule.
            has_action: r
                .arn
                .as_ref()
                .and_then(|arn| targets.get(arn))
                .or_else(|| targets.get(&r.name))
                .is_some_and(|t| !t.is_empty()),
            detects: alerts::classify_event_pattern(pattern),
            log_group: None,
        });
    }
    out.into_values().collect()
}
