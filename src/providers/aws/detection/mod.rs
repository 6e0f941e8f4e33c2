//! Detection: GuardDuty detectors and IAM Access Analyzer analyzers.

pub mod raw;
