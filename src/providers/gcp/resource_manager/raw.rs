//! Resource Manager wire shapes: organizations, folders and projects as `gcloud … list
//! --format=json` prints them (v1/v2 field names) or the v3 REST API returns them, and IAM
//! policies (version 3, with conditions and audit configs) from `getIamPolicy`.

use serde::Deserialize;

/// `gcloud organizations list` / `organizations:search`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// `organizations/123456789012`.
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub directory_customer_id: Option<String>,
    /// v1 (`gcloud`): ACTIVE, DELETE_REQUESTED.
    #[serde(default)]
    pub lifecycle_state: Option<String>,
    /// v3 (REST): ACTIVE, DELETE_REQUESTED.
    #[serde(default)]
    pub state: Option<String>,
}

/// `gcloud resource-manager folders list` / `folders:search`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    /// `folders/123`.
    pub name: String,
    /// `organizations/1` or `folders/2`.
    pub parent: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub lifecycle_state: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

/// A project's parent: a `{type, id}` object (v1, `gcloud projects list`) or a resource name
/// (v3, `projects:search`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Parent {
    Name(String),
    Typed {
        #[serde(rename = "type")]
        kind: String,
        id: String,
    },
}

impl Parent {
    /// `organizations/1` / `folders/2`.
    pub fn resource(&self) -> String {
        match self {
            Parent::Name(n) => n.clone(),
            Parent::Typed { kind, id } => match kind.as_str() {
                "organization" => format!("organizations/{id}"),
                "folder" => format!("folders/{id}"),
                other => format!("{other}s/{id}"),
            },
        }
    }
}

/// `gcloud projects list` (v1) / `projects:search` (v3).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub project_id: String,
    /// v1: the number as a string; v3 puts it in `name` (`projects/123`).
    #[serde(default)]
    pub project_number: Option<String>,
    /// v1: the display name; v3: `projects/<number>`.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub parent: Option<Parent>,
    #[serde(default)]
    pub lifecycle_state: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

impl Project {
    pub fn number(&self) -> Option<String> {
        self.project_number.clone().or_else(|| {
            self.name
                .as_deref()
                .and_then(|n| n.strip_prefix("projects/"))
                .map(str::to_string)
        })
    }
    pub fn display(&self) -> Option<String> {
        self.display_name
            .clone()
            .or_else(|| self.name.clone().filter(|n| !n.starts_with("projects/")))
    }
    pub fn active(&self) -> bool {
        let s = self.lifecycle_state.as_deref().or(self.state.as_deref());
        s.is_none_or(|s| s == "ACTIVE")
    }
}

/// An IAM policy (`getIamPolicy` with `requestedPolicyVersion: 3`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    #[serde(default)]
    pub version: Option<u32>,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub bindings: Vec<Binding>,
    #[serde(default)]
    pub audit_configs: Vec<AuditConfig>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    pub role: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub condition: Option<Condition>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub expression: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuditConfig {
    pub service: String,
    #[serde(default)]
    pub audit_log_configs: Vec<AuditLogConfig>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuditLogConfig {
    /// ADMIN_READ, DATA_READ, DATA_WRITE.
    pub log_type: String,
    #[serde(default)]
    pub exempted_members: Vec<String>,
}
