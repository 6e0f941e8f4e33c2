//! Wire shapes of Organizations: the organization, its accounts, policies, their content and
//! targets. As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::null_default;
use serde::Deserialize;

/// `aws organizations describe-organization`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOrganization {
    pub organization: Organization,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Organization {
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub feature_set: Option<String>,
    #[serde(default)]
    pub master_account_id: Option<String>,
}

/// `aws organizations list-accounts`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgAccounts {
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: Vec<OrgAccount>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgAccount {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws organizations list-policies --filter SERVICE_CONTROL_POLICY`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicies {
    #[serde(default, deserialize_with = "null_default")]
    pub policies: Vec<OrgPolicySummary>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicySummary {
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    pub name: String,
    /// SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, ...
    #[serde(rename = "Type", default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub aws_managed: bool,
}

/// `aws organizations describe-policy --policy-id P`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePolicy {
    pub policy: OrgPolicy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrgPolicy {
    pub policy_summary: OrgPolicySummary,
    /// The policy JSON as a string.
    #[serde(default)]
    pub content: Option<String>,
}

/// `aws organizations list-targets-for-policy --policy-id P`: does not name its policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTargets {
    #[serde(default, deserialize_with = "null_default")]
    pub targets: Vec<PolicyTarget>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyTarget {
    pub target_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// ROOT, ORGANIZATIONAL_UNIT or ACCOUNT.
    #[serde(rename = "Type", default)]
    pub target_type: Option<String>,
}

/// `aws organizations list-parents --child-id C`: does not name its child (an account or an OU).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parents {
    #[serde(default, deserialize_with = "null_default")]
    pub parents: Vec<Parent>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Parent {
    pub id: String,
    /// ROOT or ORGANIZATIONAL_UNIT.
    #[serde(rename = "Type", default)]
    pub parent_type: Option<String>,
}
