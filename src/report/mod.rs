//! Reports: the assessment document and its renderings (one file per format).
//!
//! This module owns [`Assessment`], the stable, schema-versioned results document that `assess`
//! writes as JSON and that every other format renders. Reports read results and rule metadata
//! only — never snapshots' raw data, never an SDK.

pub mod json;
pub mod table;

use crate::engine::{RuleResult, RuleSet, Severity};
use crate::model::Snapshot;
use crate::verdict::Verdict;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Version of the results document format.
pub const RESULTS_VERSION: &str = "1.0";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputRef {
    pub path: String,
    pub schema_version: String,
    pub collected_at: DateTime<Utc>,
    pub scopes: Vec<String>,
}

/// Rule metadata carried in results so reports and diffs need no rule files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub level: u8,
    pub severity: Severity,
    pub path: String,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assessment {
    pub results_version: String,
    pub idgauge_version: String,
    /// Date exceptions and attestations were checked against.
    pub as_of: NaiveDate,
    pub inputs: Vec<InputRef>,
    pub verdict: Verdict,
    pub results: Vec<RuleResult>,
    pub rules: Vec<RuleInfo>,
}

impl Assessment {
    pub fn new(
        paths: &[String],
        snapshots: &[Snapshot],
        rules: &RuleSet,
        results: Vec<RuleResult>,
        verdict: Verdict,
        as_of: NaiveDate,
    ) -> Assessment {
        let mut used: Vec<String> = results.iter().map(|r| r.rule_id.clone()).collect();
        used.sort();
        used.dedup();
        Assessment {
            results_version: RESULTS_VERSION.to_string(),
            idgauge_version: env!("CARGO_PKG_VERSION").to_string(),
            as_of,
            inputs: paths
                .iter()
                .zip(snapshots)
                .map(|(path, s)| InputRef {
                    path: path.clone(),
                    schema_version: s.schema_version.clone(),
                    collected_at: s.collected_at,
                    scopes: s.scopes.iter().map(|sc| sc.id.clone()).collect(),
                })
                .collect(),
            verdict,
            results,
            rules: rules
                .rules
                .iter()
                .filter(|r| used.binary_search(&r.meta.id).is_ok())
                .map(|r| RuleInfo {
                    id: r.meta.id.clone(),
                    title: r.meta.title.clone(),
                    level: r.meta.level,
                    severity: r.meta.severity,
                    path: r.path.clone(),
                    references: r.meta.references.clone(),
                })
                .collect(),
        }
    }
}
