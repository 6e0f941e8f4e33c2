//! Alerting: CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules and targets.

pub mod normalize;
pub mod raw;
