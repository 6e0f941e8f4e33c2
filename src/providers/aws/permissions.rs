//! What idgauge may ask AWS: the read-only operation allow-list every collector call is checked
//! against, and the minimal IAM policy a scan needs (`idgauge permissions aws`).

use serde_json::{json, Value};

/// Every AWS operation idgauge's collectors may issue, as `service:Operation` (IAM action
/// names). Nothing here changes configuration; `GenerateCredentialReport` only asks AWS to
/// refresh the (at most 4-hourly) credential report.
pub const OPERATIONS: &[&str] = &[
    "sts:GetCallerIdentity",
    "iam:GenerateCredentialReport",
    "iam:GetCredentialReport",
    "iam:GetAccountAuthorizationDetails",
    "iam:GetAccountSummary",
    "iam:GetAccountPasswordPolicy",
    "iam:ListAccountAliases",
    "iam:ListRoles",
    "iam:ListSAMLProviders",
    "iam:ListOpenIDConnectProviders",
    "iam:ListVirtualMFADevices",
    "iam:ListMFADevices",
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrailStatus",
    "cloudtrail:GetEventSelectors",
    "logs:DescribeMetricFilters",
    "cloudwatch:DescribeAlarms",
    "events:ListRules",
    "events:ListTargetsByRule",
    "guardduty:ListDetectors",
    "guardduty:GetDetector",
    "access-analyzer:ListAnalyzers",
    "ds:DescribeDirectories",
    "sso:ListInstances",
    "sso:ListPermissionSets",
    "sso:ListAccountAssignments",
    "sso:ListAccountsForProvisionedPermissionSet",
    "identitystore:ListUsers",
    "identitystore:ListGroups",
    "identitystore:ListGroupMemberships",
    "organizations:DescribeOrganization",
    "organizations:ListPolicies",
    "organizations:DescribePolicy",
    "organizations:ListTargetsForPolicy",
    "organizations:ListParents",
    "account:ListRegions",
];

/// What `--org` adds: listing member accounts and assuming the audit role in each.
pub const ORG_OPERATIONS: &[&str] = &["organizations:ListAccounts", "sts:AssumeRole"];

/// Is `op` (`service:Operation`) a read-only operation? Get*, List*, Describe*, plus the
/// credential-report refresh and the role assumption `--org` needs. Anything else — Create*, Put*,
/// Update*, Delete*, Attach*, Tag* … — is refused.
pub fn is_read_only(op: &str) -> bool {
    let Some((_, name)) = op.split_once(':') else {
        return false;
    };
    ["Get", "List", "Describe"].iter().any(|p| {
        name.starts_with(p) && name[p.len()..].starts_with(|c: char| c.is_ascii_uppercase())
    }) || matches!(name, "GenerateCredentialReport" | "AssumeRole")
}

/// The minimal IAM policy for `idgauge scan aws` (and with `org`, for `--org` from the
/// management or a delegated-administrator account assuming `role` in each member account).
pub fn policy(org: bool, role: &str) -> Value {
    let mut read: Vec<&str> = OPERATIONS.to_vec();
    if org {
        read.push("organizations:ListAccounts");
    }
    read.sort();
    let mut statements = vec![json!({
        "Sid": "IdgaugeReadOnly",
        "Effect": "Allow",
        "Action": read,
        "Resource": "*",
    })];
    if org {
        statements.push(json!({
            "Sid": "IdgaugeAssumeAuditRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": format!("arn:aws:iam::*:role/{role}"),
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_is_read_only() {
        for op in OPERATIONS.iter().chain(ORG_OPERATIONS) {
            assert!(is_read_only(op), "{op}");
        }
    }

    #[test]
    fn mutating_operations_are_refused() {
        for op in [
            "iam:CreateUser",
            "iam:DeleteAccessKey",
            "iam:PutUserPolicy",
            "iam:UpdateLoginProfile",
            "iam:TagUser",
            "iam:GetaWay",
            "cloudtrail:StopLogging",
            "organizations:AttachPolicy",
            "Describe",
        ] {
            assert!(!is_read_only(op), "{op}");
        }
    }

    #[test]
    fn policy_shapes() {
        let p = policy(false, "OrganizationAccountAccessRole");
        assert_eq!(p["Statement"].as_array().unwrap().len(), 1);
        let actions = p["Statement"][0]["Action"].as_array().unwrap();
        assert!(actions.iter().all(|a| is_read_only(a.as_str().unwrap())));
        let o = policy(true, "IdgaugeAudit");
        assert_eq!(
            o["Statement"][1]["Resource"],
            "arn:aws:iam::*:role/IdgaugeAudit"
        );
        assert!(o["Statement"][0]["Action"]
            .as_array()
            .unwrap()
            .contains(&json!("organizations:ListAccounts")));
    }
}
