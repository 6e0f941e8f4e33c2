//! Alerting: CloudWatch Logs metric filters, CloudWatch alarms, EventBridge rules and targets.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
