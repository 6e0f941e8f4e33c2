//! Normalization of Directory Service: directories as evidence of an identity repository.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::Directory;
use crate::providers::aws::raw;

pub(crate) fn directories(list: &[raw::DirectoryDescription]) -> Vec<Directory> {
    let mut out: Vec<Directory> = list
        .iter()
        .map(|d| {
            let kind = match d.directory_type.as_deref() {
                Some("MicrosoftAD") => "microsoft_ad".to_string(),
                Some("ADConnector") => "ad_connector".to_string(),
                Some("SimpleAD") => "simple_ad".to_string(),
                Some("SharedMicrosoftAD") => "shared_microsoft_ad".to_string(),
                Some(other) => other.to_string(),
                None => "unknown".to_string(),
            };
            Directory {
                id: d.directory_id.clone(),
                name: d.name.clone().unwrap_or_else(|| d.directory_id.clone()),
                kind,
                stage: d.stage.clone(),
                healthy: d.stage.as_deref() == Some("Active"),
                region: d.region.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}
