//! Normalization of Detection: IAM Access Analyzer analyzers (GuardDuty detectors are read in
//! `normalize`). Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::AccessAnalyzer;
use crate::providers::aws::raw;

pub(crate) fn analyzers(list: &[raw::Analyzer]) -> Vec<AccessAnalyzer> {
    let mut out: Vec<AccessAnalyzer> = list
        .iter()
        .map(|a| {
            let t = a.analyzer_type.to_ascii_uppercase();
            let kind = if t.ends_with("UNUSED_ACCESS") {
                "unused_access".to_string()
            } else if t.ends_with("INTERNAL_ACCESS") {
                "internal_access".to_string()
            } else if t == "ACCOUNT" || t == "ORGANIZATION" {
                "external_access".to_string()
            } else {
                t.to_ascii_lowercase()
            };
            AccessAnalyzer {
                id: a.arn.clone(),
                name: a.name.clone(),
                kind,
                zone: if t.starts_with("ORGANIZATION") {
                    Some("organization".into())
                } else if t.starts_with("ACCOUNT") {
                    Some("account".into())
                } else {
                    None
                },
                active: a
                    .status
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("ACTIVE")),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}
