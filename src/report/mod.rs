//! Reports: the assessment document and its renderings (one file per format).
//!
//! This module owns [`Assessment`], the stable, schema-versioned results document that `assess`
//! writes as JSON and that every other format renders, and the helpers the renderers share
//! (finding fingerprints, rule lookup). Reports read results and rule metadata only — never
//! snapshots' raw data, never an SDK. Each format lives in its own file:
//!
//! - [`table`]: the terminal report; [`json`]: the results document itself;
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning; [`junit`]: JUnit XML for CI test tabs;
//! - [`markdown`]: a pull-request comment or job summary; [`html`]: one self-contained page;
//! - [`ocsf`]: OCSF Detection Findings as JSON lines for a SIEM;
//! - [`diff`]: the terminal rendering of a baseline comparison.
//!
//! No renderer reads the clock: every time in a report comes from the inputs (the snapshot's
//! collection time, `--as-of`), so two runs over the same input write the same bytes.

pub mod diff;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod ocsf;
pub mod sarif;
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

/// A stable identity for one finding, from rule id + scope id + resource (not the message, which
/// may carry ages or counts that change between runs): SHA-256, hex.
pub fn fingerprint(rule_id: &str, scope_id: &str, resource: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [rule_id, scope_id, resource] {
        h.update(part.as_bytes());
        // A separator that cannot occur in ids, so ("a", "bc") and ("ab", "c") differ.
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Assessment {
    /// The metadata of a rule this document carries.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// When the data of `scope_id` was collected (its input's collection time).
    pub fn collected_at(&self, scope_id: &str) -> Option<DateTime<Utc>> {
        self.inputs
            .iter()
            .find(|i| i.scopes.iter().any(|s| s == scope_id))
            .or(self.inputs.first())
            .map(|i| i.collected_at)
    }

    /// Status counts over every scope: gated level → status → count.
    pub fn status_by_level(
        &self,
    ) -> std::collections::BTreeMap<u8, std::collections::BTreeMap<crate::engine::Status, usize>>
    {
        let mut m: std::collections::BTreeMap<u8, std::collections::BTreeMap<_, usize>> =
            Default::default();
        for r in &self.results {
            *m.entry(r.level).or_default().entry(r.status).or_default() += 1;
        }
        m
    }
}
