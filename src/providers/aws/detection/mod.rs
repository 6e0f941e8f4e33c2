//! Detection: GuardDuty detectors and IAM Access Analyzer analyzers.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
