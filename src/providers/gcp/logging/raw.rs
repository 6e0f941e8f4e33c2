//! Cloud Logging and Cloud Monitoring wire shapes: log-based metrics (`gcloud logging metrics
//! list`) and alert policies (`gcloud monitoring policies list`, `monitoring.googleapis.com/v3`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogMetric {
    /// The metric's id (`iam-changes`); REST may give `projects/p/metrics/iam-changes`.
    pub name: String,
    #[serde(default)]
    pub filter: String,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub metric_descriptor: Option<MetricDescriptor>,
}

impl LogMetric {
    /// The metric id alone.
    pub fn id(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
    /// The project, when the metric's names say.
    pub fn project(&self) -> Option<String> {
        let from = |s: &str| {
            s.strip_prefix("projects/")
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
        };
        from(&self.name).or_else(|| self.metric_descriptor.as_ref().and_then(|d| from(&d.name)))
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MetricDescriptor {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertPolicy {
    /// `projects/<p>/alertPolicies/<id>`.
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Absent means enabled in gcloud output of older policies; the API always sets it.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub conditions: Vec<AlertCondition>,
    #[serde(default)]
    pub notification_channels: Vec<String>,
}

impl AlertPolicy {
    pub fn project(&self) -> Option<&str> {
        self.name.strip_prefix("projects/")?.split('/').next()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertCondition {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub condition_threshold: Option<Filtered>,
    #[serde(default)]
    pub condition_absent: Option<Filtered>,
    #[serde(default)]
    pub condition_matched_log: Option<Filtered>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Filtered {
    #[serde(default)]
    pub filter: String,
}
