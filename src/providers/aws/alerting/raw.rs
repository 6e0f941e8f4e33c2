//! Wire shapes of Alerting: CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules
//! and targets. As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::null_default;
use serde::Deserialize;

/// `aws logs describe-metric-filters` (camelCase).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilters {
    #[serde(default, deserialize_with = "null_default")]
    pub metric_filters: Vec<MetricFilter>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilter {
    pub filter_name: String,
    #[serde(default)]
    pub filter_pattern: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metric_transformations: Vec<MetricTransformation>,
    #[serde(default)]
    pub log_group_name: Option<String>,
    /// The region it was read in (live collection; exports do not say).
    #[serde(skip)]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricTransformation {
    pub metric_name: String,
    pub metric_namespace: String,
}

/// `aws cloudwatch describe-alarms`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarms {
    #[serde(default, deserialize_with = "null_default")]
    pub metric_alarms: Vec<MetricAlarm>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    pub alarm_name: String,
    #[serde(default)]
    pub alarm_arn: Option<String>,
    /// Defaults to true in the API.
    #[serde(default)]
    pub actions_enabled: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    pub alarm_actions: Vec<String>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
}

/// `aws events list-rules`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventRules {
    #[serde(default, deserialize_with = "null_default")]
    pub rules: Vec<EventRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventRule {
    pub name: String,
    #[serde(default)]
    pub arn: Option<String>,
    /// The event pattern, a JSON document as a string; absent for scheduled rules.
    #[serde(default)]
    pub event_pattern: Option<String>,
    /// ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub event_bus_name: Option<String>,
}

/// `aws events list-targets-by-rule --rule R`: does not name its rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventTargets {
    #[serde(default, deserialize_with = "null_default")]
    pub targets: Vec<EventTarget>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventTarget {
    pub id: String,
    pub arn: String,
}
