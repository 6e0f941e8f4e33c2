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

/// A log sink (`gcloud logging sinks list --format=json`, `logging.googleapis.com/v2/{parent}/sinks`,
/// or the `data` of a `logging.googleapis.com/LogSink` asset). Sinks on an organization or folder
/// with `includeChildren` are aggregated: they route the logs of every project below.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogSink {
    /// The sink id (`audit-to-siem`); REST and assets may give `organizations/1/sinks/audit-to-siem`.
    pub name: String,
    #[serde(default)]
    pub destination: String,
    /// Empty: every log entry.
    #[serde(default)]
    pub filter: String,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub include_children: bool,
    #[serde(default)]
    pub exclusions: Vec<LogExclusion>,
}

impl LogSink {
    pub fn id(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
    /// The resource the name says the sink is on (`organizations/1`), when it says.
    pub fn parent(&self) -> Option<String> {
        let (parent, _) = self.name.split_once("/sinks/")?;
        Some(parent.to_string())
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogExclusion {
    #[serde(default)]
    pub filter: String,
    #[serde(default)]
    pub disabled: bool,
}
