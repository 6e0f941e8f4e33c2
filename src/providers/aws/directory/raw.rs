//! Wire shapes of Directory Service, as the AWS CLI prints them; see
//! [`crate::providers::aws::raw`] for the conventions.

use crate::providers::aws::raw::null_default;
use serde::Deserialize;

/// `aws ds describe-directories`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Directories {
    #[serde(default, deserialize_with = "null_default")]
    pub directory_descriptions: Vec<DirectoryDescription>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirectoryDescription {
    pub directory_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// SimpleAD, ADConnector, MicrosoftAD, SharedMicrosoftAD.
    #[serde(rename = "Type", default)]
    pub directory_type: Option<String>,
    /// Requested, Creating, Created, Active, Inoperable, Impaired, Restoring, RestoreFailed,
    /// Deleting, Deleted, Failed, Updating.
    #[serde(default)]
    pub stage: Option<String>,
    /// The region it was read in (live collection; exports do not say).
    #[serde(skip)]
    pub region: Option<String>,
}
