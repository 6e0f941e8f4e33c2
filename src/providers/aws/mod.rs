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

/// `arn:aws:iam::1:user/x` → `AwsIamUser`; a scope id (`aws:account:1`) → `aws_account`.
pub fn resource_type(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split(':').collect();
    if parts.len() >= 6 && parts[0] == "arn" {
        let kind = parts[5].split('/').next().unwrap_or("");
        let cap = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        };
        return Some(format!("Aws{}{}", cap(parts[2]), cap(kind)));
    }
    super::scope_resource_type(crate::model::Provider::Aws, id)
}

/// The partition of the first ARN among the scope's principals, roles and trails.
pub fn partition(scope: &crate::model::Scope) -> Option<String> {
    let s = &scope.sections;
    let ids = s
        .principals
        .iter()
        .filter_map(|x| x.data())
        .flat_map(|v| v.iter().map(|p| p.id.as_str()))
        .chain(
            s.roles
                .iter()
                .filter_map(|x| x.data())
                .flat_map(|v| v.iter().map(|r| r.id.as_str())),
        )
        .chain(
            s.audit_logs
                .iter()
                .filter_map(|x| x.data())
                .flat_map(|v| v.iter().map(|t| t.id.as_str())),
        );
    ids.filter_map(|id| id.strip_prefix("arn:"))
        .find_map(|rest| rest.split(':').next())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}
