//! The results document: what an assessment found, self-contained.
//!
//! This module owns [`Assessment`] — the stable, versioned document `assess --format json` writes,
//! `--baseline` and `idgauge diff` read back, and every report renders — with the rule metadata
//! it needs ([`RuleInfo`]: titles, texts, references, providers, slug) and the finding identity
//! ([`fingerprint`]). Reports and baseline comparisons depend on this module and on nothing that
//! knows rule files or clouds: provider-specific facts (a finding's resource type) are put into
//! the document here, by asking the provider ([`crate::providers::resource_type`]), when it is
//! built.
//!
//! Dependencies: `engine` (result types), `verdict`, `model` (snapshot provenance), `providers`
//! (resource types). Never `report` or `baseline`, which sit above it.

use crate::engine::{RuleResult, RuleSet, Severity, Status};
use crate::maturity::{Anchor, Group, Placement};
use crate::model::{Latency, Provider, Section, Snapshot};
use crate::verdict::Verdict;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the results document format.
///
/// 1.1: rule metadata carries its texts (`description`, `rationale`, `remediation`), `slug`,
/// `providers`, `placement` and `anchor`; results their `placement`; findings their
/// `resource_type`; scopes their `partition`, `refinements` and `advisories`; the document its
/// `build`. Readers accept 1.0 documents (the new
/// fields are optional when read).
///
/// 1.2: `reconciliation`, each scope's reconciliation with the identity repository (counts and
/// the provisioning and deprovisioning latencies), present when a directory was given.
pub const RESULTS_VERSION: &str = "1.2";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputRef {
    pub path: String,
    pub schema_version: String,
    pub collected_at: DateTime<Utc>,
    pub scopes: Vec<String>,
}

/// The build that produced a results document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuildRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub providers: Vec<String>,
    /// `sha256:<hex>` of the built-in rule files.
    pub rules_digest: String,
}

impl BuildRef {
    fn current() -> BuildRef {
        let b = crate::build_info::build_info();
        BuildRef {
            commit: b.commit.clone(),
            providers: b.providers.iter().map(|p| p.to_string()).collect(),
            rules_digest: format!("sha256:{}", b.rules_digest),
        }
    }
}

/// Rule metadata carried in results so reports and diffs need no rule files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuleInfo {
    pub id: String,
    /// A stable, URL-friendly name (`workforce-federation`), from the rule's package name.
    #[serde(default)]
    pub slug: String,
    pub title: String,
    /// The providers whose scopes the rule applies to.
    #[serde(default)]
    pub providers: Vec<Provider>,
    pub level: u8,
    /// Gate (absent), refinement beyond level 5, or advisory.
    #[serde(default, skip_serializing_if = "Placement::is_gate")]
    pub placement: Placement,
    /// Where the rule stands in the maturity model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    pub severity: Severity,
    /// What it checks.
    #[serde(default)]
    pub description: String,
    /// Why it matters (from the maturity model).
    #[serde(default)]
    pub rationale: String,
    /// How to fix: concrete steps, console and CLI hints.
    #[serde(default)]
    pub remediation: String,
    pub path: String,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assessment {
    pub results_version: String,
    pub idgauge_version: String,
    /// What produced the document: commit, providers compiled in, digest of the built-in rules
    /// (as `idgauge --version` prints them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildRef>,
    /// Date exceptions and attestations were checked against.
    pub as_of: NaiveDate,
    pub inputs: Vec<InputRef>,
    pub verdict: Verdict,
    pub results: Vec<RuleResult>,
    pub rules: Vec<RuleInfo>,
    /// Each scope's reconciliation with the identity repository, sorted by scope; empty (and
    /// absent) without a directory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reconciliation: Vec<ScopeReconciliation>,
}

/// What reconciling one scope with the identity repository found: counts (the findings are the
/// `IDG-ALL-*` results) and the lifecycle latencies, which no rule gates on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScopeReconciliation {
    pub scope_id: String,
    /// The identity repository read (`ldap://…/dc=…`, `export:people.ldif + export:hr.csv`).
    pub repository: String,
    /// Why the scope could not be reconciled; the counts are then zero and mean nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    pub people: u64,
    pub accounts: u64,
    pub matched: u64,
    pub join_keys: Vec<String>,
    pub orphans: u64,
    /// Leavers' accounts still enabled.
    pub enabled_leavers: u64,
    pub local_accounts: u64,
    /// Of the local accounts, shadows beside a federated identity of the same person.
    pub shadows: u64,
    pub drift: u64,
    pub provisioning: Latency,
    pub deprovisioning_overdue: Latency,
    pub deprovisioning_done: Latency,
    pub directory_disabling: Latency,
}

impl ScopeReconciliation {
    fn of(scope: &crate::model::Scope) -> Option<ScopeReconciliation> {
        let section = scope.sections.reconciliation.as_ref()?;
        let mut out = ScopeReconciliation {
            scope_id: scope.id.clone(),
            repository: section
                .source()
                .trim_start_matches("reconciliation with ")
                .to_string(),
            unavailable: None,
            people: 0,
            accounts: 0,
            matched: 0,
            join_keys: Vec::new(),
            orphans: 0,
            enabled_leavers: 0,
            local_accounts: 0,
            shadows: 0,
            drift: 0,
            provisioning: Latency::default(),
            deprovisioning_overdue: Latency::default(),
            deprovisioning_done: Latency::default(),
            directory_disabling: Latency::default(),
        };
        match section {
            Section::Collected { data: r, .. } => {
                out.people = r.people;
                out.accounts = r.accounts;
                out.matched = r.matched;
                out.join_keys = r.join_keys.clone();
                out.orphans = r.orphans.len() as u64;
                out.enabled_leavers = r.leavers.len() as u64;
                out.local_accounts = r.local_accounts.len() as u64;
                out.shadows = r.local_accounts.iter().filter(|l| l.shadow).count() as u64;
                out.drift = r.drift.len() as u64;
                out.provisioning = r.provisioning.clone();
                out.deprovisioning_overdue = r.deprovisioning_overdue.clone();
                out.deprovisioning_done = r.deprovisioning_done.clone();
                out.directory_disabling = r.directory_disabling.clone();
            }
            Section::Unavailable { reason, .. } => {
                out.unavailable = Some(format!("{}: {}", reason.kind.as_str(), reason.message));
            }
        }
        Some(out)
    }
}

/// One latency figure in words: `12 measured: median 24 h, p90 30 h, max 40 h; not measured:
/// 3 (the cloud records no creation time)`.
pub fn latency_text(l: &Latency) -> String {
    let h = |v: Option<i64>| v.map_or("-".to_string(), |v| format!("{v} h"));
    let bound = if l.samples > 0 && l.upper_bounds == l.samples {
        " (each an upper bound)".to_string()
    } else if l.upper_bounds > 0 {
        format!(" ({} of them upper bounds)", l.upper_bounds)
    } else {
        String::new()
    };
    let mut s = if l.samples == 0 {
        "none measured".to_string()
    } else {
        format!(
            "{} measured{bound}: median {}, p90 {}, max {}",
            l.samples,
            h(l.median_hours),
            h(l.p90_hours),
            h(l.max_hours)
        )
    };
    if !l.unmeasured.is_empty() {
        let n: u64 = l.unmeasured.values().sum();
        let why: Vec<String> = l
            .unmeasured
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        s.push_str(&format!("; not measured: {n} ({})", why.join("; ")));
    }
    s
}

/// `idgauge.rules.aws.workforce_federation` → `workforce-federation`.
pub fn slug(package: &str) -> String {
    package
        .rsplit('.')
        .next()
        .unwrap_or(package)
        .replace('_', "-")
        .to_ascii_lowercase()
}

impl Assessment {
    pub fn new(
        paths: &[String],
        snapshots: &[Snapshot],
        rules: &RuleSet,
        mut results: Vec<RuleResult>,
        mut verdict: Verdict,
        as_of: NaiveDate,
    ) -> Assessment {
        let scopes: BTreeMap<&str, &crate::model::Scope> = snapshots
            .iter()
            .flat_map(|s| s.scopes.iter())
            .map(|s| (s.id.as_str(), s))
            .collect();
        for v in &mut verdict.scopes {
            v.partition = scopes
                .get(v.scope_id.as_str())
                .and_then(|s| crate::providers::partition(s));
        }
        for r in &mut results {
            let Some(p) = scopes.get(r.scope_id.as_str()).map(|s| s.provider) else {
                continue;
            };
            let findings = r
                .findings
                .iter_mut()
                .chain(r.excepted.iter_mut().map(|e| &mut e.finding));
            for f in findings {
                f.resource_type = crate::providers::resource_type(p, &f.resource);
            }
        }
        let mut used: Vec<&str> = results.iter().map(|r| r.rule_id.as_str()).collect();
        used.sort_unstable();
        used.dedup();
        let rules = rules
            .rules
            .iter()
            .filter(|r| used.binary_search(&r.meta.id.as_str()).is_ok())
            .map(|r| RuleInfo {
                id: r.meta.id.clone(),
                slug: slug(&r.package),
                title: r.meta.title.clone(),
                providers: r.meta.providers.clone(),
                level: r.meta.level,
                placement: r.meta.placement,
                anchor: r.meta.anchor.clone(),
                severity: r.meta.severity,
                description: r.meta.description.clone(),
                rationale: r.meta.rationale.clone(),
                remediation: r.meta.recommendation.clone(),
                path: r.path.clone(),
                references: r.meta.references.clone(),
            })
            .collect();
        Assessment {
            results_version: RESULTS_VERSION.to_string(),
            idgauge_version: env!("CARGO_PKG_VERSION").to_string(),
            build: Some(BuildRef::current()),
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
            rules,
            reconciliation: {
                let mut v: Vec<ScopeReconciliation> = scopes
                    .values()
                    .filter_map(|s| ScopeReconciliation::of(s))
                    .collect();
                v.sort_by(|a, b| a.scope_id.cmp(&b.scope_id));
                v
            },
        }
    }

    /// The metadata of a rule this document carries.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The provider of a scope of this document.
    pub fn provider(&self, scope_id: &str) -> Option<Provider> {
        self.verdict
            .scopes
            .iter()
            .find(|s| s.scope_id == scope_id)
            .map(|s| s.provider)
    }

    /// When the data of `scope_id` was collected (its input's collection time).
    pub fn collected_at(&self, scope_id: &str) -> Option<DateTime<Utc>> {
        self.inputs
            .iter()
            .find(|i| i.scopes.iter().any(|s| s == scope_id))
            .or(self.inputs.first())
            .map(|i| i.collected_at)
    }

    /// Status counts over every scope: gated level → status → count (gating results only).
    pub fn status_by_level(&self) -> BTreeMap<u8, BTreeMap<Status, usize>> {
        let mut m: BTreeMap<u8, BTreeMap<_, usize>> = Default::default();
        for r in self.results.iter().filter(|r| r.placement.is_gate()) {
            *m.entry(r.level).or_default().entry(r.status).or_default() += 1;
        }
        m
    }
}

impl RuleInfo {
    /// The report group of the rule.
    pub fn group(&self) -> Group {
        Group::of(self.level, self.placement)
    }
}

/// The report group of a result.
pub fn group(r: &RuleResult) -> Group {
    Group::of(r.level, r.placement)
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
