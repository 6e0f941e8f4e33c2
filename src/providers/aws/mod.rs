//! AWS: IAM, STS, IAM Identity Center and its identity store, Organizations, CloudTrail,
//! CloudWatch (Logs), EventBridge, GuardDuty and IAM Access Analyzer.
//!
//! Each service has a module — [`iam`], [`identity_center`], [`cloudtrail`], [`organizations`],
//! [`alerting`], [`detection`] — holding its wire types (`raw`), its normalization (`normalize`)
//! and its live calls (`collect`, feature `aws-live`). The modules below hold what joins them:
//!
//! - [`raw`]: the responses as the AWS CLI prints them (and the credential-report CSV);
//! - [`normalize`]: [`normalize::RawAccount`] (each input present, missing or failed) → the
//!   account scope, and the organization scope when the organization was read — the part a live
//!   collector reuses;
//! - [`alerts`]: which identity events a metric filter or EventBridge pattern catches;
//! - `collect` (feature `aws-live`): the live collector, SDK responses → the same raw types;
//! - [`permissions`]: the read-only operation allow-list and the minimal IAM policy;
//! - [`errors`]: AWS error codes → `unavailable` kinds, for the collector and the importer alike;
//! - [`export`]: a folder of AWS CLI outputs → one account's snapshot (`idgauge assess DIR`).

pub mod alerting;
pub mod alerts;
pub mod cloudtrail;
#[cfg(feature = "aws-live")]
pub mod collect;
pub mod credit;
pub mod detection;
pub mod errors;
pub mod export;
pub mod iam;
pub mod identity_center;
pub mod normalize;
pub mod organizations;
pub mod permissions;
pub mod raw;

pub use export::{import_dir, import_files, recognises, AwsImporter, ExportError};

/// The type of an AWS resource id as reports name it: an ARN gives `Aws<Service><Kind>`
/// (`arn:aws:iam::…:user/x` → `AwsIamUser`, `arn:aws:cloudtrail:…:trail/t` →
/// `AwsCloudtrailTrail`), a scope id `aws_<kind>` (`aws:account:…` → `aws_account`).
pub fn resource_type(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split(':').collect();
    if parts.len() >= 6 && parts[0] == "arn" {
        let kind = parts[5].split('/').next().unwrap_or("");
        return Some(format!("Aws{}{}", capitalised(parts[2]), capitalised(kind)));
    }
    super::scope_type(crate::model::Provider::Aws, id)
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

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::resource_type;

    #[test]
    fn resource_types_as_the_reports_name_them() {
        for (id, want) in [
            (
                "arn:aws:iam::111122223333:user/ops/alice",
                Some("AwsIamUser"),
            ),
            ("arn:aws:iam::111122223333:role/admin", Some("AwsIamRole")),
            ("arn:aws:iam::111122223333:root", Some("AwsIamRoot")),
            (
                "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org",
                Some("AwsCloudtrailTrail"),
            ),
            (
                "arn:aws:organizations::210987654321:policy/o-x/service_control_policy/p-1",
                Some("AwsOrganizationsPolicy"),
            ),
            ("arn:aws:iam", None),
            ("aws:account:111122223333", Some("aws_account")),
            ("aws:organization:o-x", Some("aws_organization")),
            ("AKIA…L4KX", None),
            ("azure:tenant:x", None),
        ] {
            assert_eq!(resource_type(id).as_deref(), want, "{id}");
        }
    }
}
