//! Wire shapes of IAM Identity Center and its identity store: instances, permission sets, account
//! assignments, users and groups.
//! As the AWS CLI prints them; see [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::{null_default, ts};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `aws sso-admin list-instances`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SsoInstances {
    #[serde(default, deserialize_with = "null_default")]
    pub instances: Vec<SsoInstance>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SsoInstance {
    pub instance_arn: String,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default)]
    pub owner_account_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws sso-admin list-permission-sets --instance-arn I` (permission-set ARNs).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionSets {
    #[serde(default, deserialize_with = "null_default")]
    pub permission_sets: Vec<String>,
}

/// `aws sso-admin list-account-assignments --instance-arn I --account-id A --permission-set-arn P`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAssignments {
    #[serde(default, deserialize_with = "null_default")]
    pub account_assignments: Vec<AccountAssignment>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAssignment {
    #[serde(default)]
    pub account_id: Option<String>,
    pub permission_set_arn: String,
    /// USER or GROUP.
    #[serde(default)]
    pub principal_type: Option<String>,
    #[serde(default)]
    pub principal_id: Option<String>,
}

/// `aws identitystore list-users --identity-store-id D`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreUsers {
    #[serde(default, deserialize_with = "null_default")]
    pub users: Vec<IdentityStoreUser>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreUser {
    pub user_id: String,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_ids: Vec<ExternalId>,
    /// ENABLED / DISABLED (recent API versions only).
    #[serde(default)]
    pub user_status: Option<String>,
    #[serde(default, deserialize_with = "ts::opt")]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExternalId {
    pub issuer: String,
    #[serde(default)]
    pub id: Option<String>,
}

/// `aws identitystore list-groups --identity-store-id D`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreGroups {
    #[serde(default, deserialize_with = "null_default")]
    pub groups: Vec<IdentityStoreGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityStoreGroup {
    pub group_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub external_ids: Vec<ExternalId>,
}

/// `aws identitystore list-group-memberships --identity-store-id D --group-id G`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupMemberships {
    #[serde(default, deserialize_with = "null_default")]
    pub group_memberships: Vec<GroupMembership>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "PascalCase")]
pub struct GroupMembership {
    #[serde(default)]
    pub membership_id: Option<String>,
    pub group_id: String,
    pub member_id: MemberId,
}

/// A membership's member: a user (the only kind Identity Center has today).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "PascalCase")]
pub struct MemberId {
    #[serde(default)]
    pub user_id: Option<String>,
}
