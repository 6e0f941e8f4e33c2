//! Wire shapes of CloudTrail: trails, their status and event selectors.
//! As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::{null_default, ts};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `aws cloudtrail describe-trails [--include-shadow-trails]`.
#[derive(Debug, Clone, Deserialize)]
pub struct Trails {
    #[serde(rename = "trailList", default, deserialize_with = "null_default")]
    pub trail_list: Vec<Trail>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trail {
    pub name: String,
    #[serde(rename = "TrailARN")]
    pub trail_arn: String,
    #[serde(default)]
    pub home_region: Option<String>,
    #[serde(default)]
    pub is_multi_region_trail: bool,
    #[serde(default)]
    pub include_global_service_events: bool,
    #[serde(default)]
    pub log_file_validation_enabled: bool,
    #[serde(default)]
    pub is_organization_trail: bool,
    #[serde(default)]
    pub cloud_watch_logs_log_group_arn: Option<String>,
    #[serde(default)]
    pub s3_bucket_name: Option<String>,
}

/// `aws cloudtrail get-trail-status --name T`: a flat object that does not name its trail.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrailStatus {
    #[serde(default)]
    pub is_logging: Option<bool>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub latest_delivery_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub start_logging_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub stop_logging_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub latest_delivery_error: Option<String>,
}

/// `aws cloudtrail get-event-selectors --trail-name T`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelectors {
    #[serde(rename = "TrailARN", default)]
    pub trail_arn: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub event_selectors: Vec<EventSelector>,
    #[serde(default, deserialize_with = "null_default")]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelector {
    #[serde(default)]
    pub read_write_type: Option<String>,
    /// Defaults to true in the API.
    #[serde(default)]
    pub include_management_events: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedEventSelector {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub field_selectors: Vec<FieldSelector>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldSelector {
    pub field: String,
    #[serde(default, deserialize_with = "null_default")]
    pub equals: Vec<String>,
}
