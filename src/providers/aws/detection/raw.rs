//! Wire shapes of Detection: GuardDuty detectors and IAM Access Analyzer analyzers.
//! As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::{null_default, ts};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `aws guardduty list-detectors` (one region).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GuardDutyDetectors {
    #[serde(default, deserialize_with = "null_default")]
    pub detector_ids: Vec<String>,
}

/// `aws guardduty get-detector --detector-id D`: does not name its detector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GuardDutyDetector {
    /// ENABLED or DISABLED (suspended).
    pub status: String,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// The region it was read in (live collection; the export does not say).
    #[serde(skip)]
    pub region: Option<String>,
}

/// `aws accessanalyzer list-analyzers` (camelCase).
#[derive(Debug, Clone, Deserialize)]
pub struct Analyzers {
    #[serde(default, deserialize_with = "null_default")]
    pub analyzers: Vec<Analyzer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analyzer {
    pub arn: String,
    pub name: String,
    /// ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS, ...
    #[serde(rename = "type")]
    pub analyzer_type: String,
    /// ACTIVE, CREATING, DISABLED, FAILED.
    #[serde(default)]
    pub status: Option<String>,
}
