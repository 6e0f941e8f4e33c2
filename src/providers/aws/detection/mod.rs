//! Detection: GuardDuty detectors and IAM Access Analyzer analyzers.

pub mod normalize;
pub mod raw;
