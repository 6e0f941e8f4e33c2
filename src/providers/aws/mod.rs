//! AWS: IAM, STS, IAM Identity Center and its identity store, Organizations, CloudTrail,
//! CloudWatch (Logs), EventBridge, GuardDuty and IAM Access Analyzer.
//!
//! - [`raw`]: the responses as the AWS CLI prints them (and the credential-report CSV);
//! - [`normalize`]: [`normalize::RawAccount`] (each input present, missing or failed) → the
//!   account scope, and the organization scope when the organization was read — the part a live
//!   collector reuses;
//! - [`alerts`]: which identity events a metric filter or EventBridge pattern catches;
//! - `collect` (feature `aws-live`): the live collector, SDK responses → the same raw types;
//! - [`permissions`]: the read-only operation allow-list and the minimal IAM policy;
//! - [`export`]: a folder of AWS CLI outputs → one account's snapshot (`idgauge assess DIR`).

pub mod alerts;
#[cfg(feature = "aws-live")]
pub mod collect;
pub mod export;
pub mod normalize;
pub mod permissions;
pub mod raw;

pub use export::{import_dir, import_files, sniff, ExportError, Sniff};
