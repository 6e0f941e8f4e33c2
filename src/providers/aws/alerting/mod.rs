//! Alerting: CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules and targets.

pub mod raw;
