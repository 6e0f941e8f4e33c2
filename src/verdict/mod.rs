//! The maturity verdict: rule results → a level per scope and overall, and what to fix next.
//!
//! This module owns the level semantics (a scope reaches level L when every rule gating L and
//! below is satisfied; level 1 is the floor), the overall level (the weakest scope), the list of
//! what blocks each scope's next level — unknowns named as "could not verify" — and the ranking
//! of recommendations. It reads rule results and rule metadata only.

use crate::engine::{RuleResult, RuleSet, Severity, Status};
use crate::maturity::Placement;
use crate::model::{Provider, Scope, ScopeKind, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::maturity::{level_name, MAX_LEVEL};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Blocker {
    pub rule_id: String,
    pub title: String,
    /// The level this rule gates.
    pub level: u8,
    pub severity: Severity,
    pub status: Status,
    /// Failing resources, or why it could not be verified.
    pub summary: String,
    pub affected: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScopeVerdict {
    pub scope_id: String,
    pub provider: Provider,
    pub kind: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The cloud partition (`aws`, `aws-us-gov`), as the provider reads it from the scope's data;
    /// set when the results document is built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    pub level: u8,
    pub level_name: String,
    /// `None` at level 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_level: Option<u8>,
    /// What stops the next level, fails before unknowns, most severe first.
    pub blockers: Vec<Blocker>,
    /// "could not verify level 3: audit_logs unavailable — access denied (...)".
    pub could_not_verify: Vec<String>,
    /// Refinements beyond level 5 not met (failing or unverified). They never gate a level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refinements: Vec<Blocker>,
    /// Advisory checks outside the model not met (failing or unverified). They never gate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<Blocker>,
    /// Status counts per gated level: level → status → count.
    pub by_level: BTreeMap<u8, BTreeMap<Status, usize>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Recommendation {
    pub rank: usize,
    pub rule_id: String,
    pub title: String,
    /// The level this unlocks (with everything below it).
    pub level: u8,
    pub severity: Severity,
    pub status: Status,
    /// Scopes it applies to.
    pub scopes: Vec<String>,
    pub affected: usize,
    pub recommendation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verdict {
    pub overall_level: u8,
    pub overall_level_name: String,
    /// Scopes at the overall (lowest) level.
    pub weakest_scopes: Vec<String>,
    pub scopes: Vec<ScopeVerdict>,
    pub recommendations: Vec<Recommendation>,
}

/// Computes the verdict. `results` come from the engine (sorted by scope, then rule).
pub fn decide(snapshots: &[Snapshot], rules: &RuleSet, results: &[RuleResult]) -> Verdict {
    let mut scopes: Vec<&Scope> = snapshots.iter().flat_map(|s| s.scopes.iter()).collect();
    scopes.sort_by(|a, b| a.id.cmp(&b.id));
    let title = |id: &str| {
        rules
            .get(id)
            .map(|r| r.meta.title.clone())
            .unwrap_or_default()
    };

    // Each scope's results, found once (not by scanning every result for every scope: a
    // thousand-account organization has tens of thousands of results).
    let mut by_scope: BTreeMap<&str, Vec<&RuleResult>> = BTreeMap::new();
    for r in results {
        by_scope.entry(r.scope_id.as_str()).or_default().push(r);
    }
    let mut verdicts = Vec::new();
    for scope in scopes {
        let all: Vec<&RuleResult> = by_scope.remove(scope.id.as_str()).unwrap_or_default();
        // Only gating results decide the level; refinements and advisories are listed apart.
        let mine: Vec<&RuleResult> = all
            .iter()
            .copied()
            .filter(|r| r.placement.is_gate())
            .collect();
        let mut level = 1;
        // A scope no rule applies to (a provider without a catalogue yet) verified nothing: it
        // stays at the floor rather than passing every level vacuously.
        let unassessed = mine.is_empty();
        for l in (2..=MAX_LEVEL).filter(|_| !unassessed) {
            if mine
                .iter()
                .filter(|r| r.level == l)
                .all(|r| r.status.satisfies())
            {
                level = l;
            } else {
                break;
            }
        }
        let next_level = (level < MAX_LEVEL).then_some(level + 1);
        let unmet = |placement: Placement, min_level: u8| {
            let mut v: Vec<Blocker> = all
                .iter()
                .filter(|r| r.placement == placement && r.level > min_level)
                .filter(|r| !r.status.satisfies())
                .map(|r| Blocker {
                    rule_id: r.rule_id.clone(),
                    title: title(&r.rule_id),
                    level: r.level,
                    severity: r.severity,
                    status: r.status,
                    summary: summary(r),
                    affected: r.findings.len(),
                })
                .collect();
            v.sort_by(|a, b| {
                rank_key(a.level, a.status, a.severity, a.affected, &a.rule_id).cmp(&rank_key(
                    b.level, b.status, b.severity, b.affected, &b.rule_id,
                ))
            });
            v
        };
        let blockers = unmet(Placement::Gate, level);
        let refinements = unmet(Placement::Refinement, 0);
        let advisories = unmet(Placement::Advisory, 0);
        let mut could_not_verify: Vec<String> = blockers
            .iter()
            .filter(|b| b.status == Status::Unknown)
            .map(|b| {
                format!(
                    "could not verify level {} ({}): {}",
                    b.level, b.rule_id, b.summary
                )
            })
            .collect();
        if unassessed {
            could_not_verify.push(format!(
                "could not verify any level: no rule applies to {} {} scopes",
                scope.provider.as_str(),
                scope.kind.as_str()
            ));
        }
        let mut by_level: BTreeMap<u8, BTreeMap<Status, usize>> = BTreeMap::new();
        for r in &mine {
            *by_level
                .entry(r.level)
                .or_default()
                .entry(r.status)
                .or_default() += 1;
        }
        verdicts.push(ScopeVerdict {
            scope_id: scope.id.clone(),
            provider: scope.provider,
            kind: scope.kind,
            name: scope.name.clone(),
            parent: scope.parent.clone(),
            partition: None,
            level,
            level_name: level_name(level).to_string(),
            next_level,
            blockers,
            could_not_verify,
            refinements,
            advisories,
            by_level,
        });
    }

    let overall_level = verdicts.iter().map(|v| v.level).min().unwrap_or(1);
    let weakest_scopes = verdicts
        .iter()
        .filter(|v| v.level == overall_level)
        .map(|v| v.scope_id.clone())
        .collect();
    let recommendations = rank_recommendations(&verdicts, rules);
    Verdict {
        overall_level,
        overall_level_name: level_name(overall_level).to_string(),
        weakest_scopes,
        scopes: verdicts,
        recommendations,
    }
}

/// Ordering of what to fix: the lower level it gates first, failures before unknowns, then the
/// more severe, then the more resources it fixes, then rule id for a stable order.
fn rank_key(
    level: u8,
    status: Status,
    severity: Severity,
    affected: usize,
    rule_id: &str,
) -> (
    u8,
    bool,
    std::cmp::Reverse<Severity>,
    std::cmp::Reverse<usize>,
    &str,
) {
    (
        level,
        status == Status::Unknown,
        std::cmp::Reverse(severity),
        std::cmp::Reverse(affected),
        rule_id,
    )
}

fn summary(r: &RuleResult) -> String {
    match r.status {
        Status::Unknown => r
            .reason
            .clone()
            .unwrap_or_else(|| "could not be verified".into()),
        _ => {
            // The first resource and a count: the full list is in the result's findings.
            let n = r.findings.len();
            let first = r.findings.first().map(|f| f.message.as_str()).unwrap_or("");
            let more = if n > 1 {
                format!(" (+{} more)", n - 1)
            } else {
                String::new()
            };
            format!("{first}{more}")
        }
    }
}

/// One recommendation per blocking rule, merged across scopes; what unlocks the lowest next level
/// comes first, then severity, then how many resources it fixes.
fn rank_recommendations(verdicts: &[ScopeVerdict], rules: &RuleSet) -> Vec<Recommendation> {
    let mut merged: BTreeMap<String, Recommendation> = BTreeMap::new();
    for v in verdicts {
        for b in &v.blockers {
            let e = merged
                .entry(b.rule_id.clone())
                .or_insert_with(|| Recommendation {
                    rank: 0,
                    rule_id: b.rule_id.clone(),
                    title: b.title.clone(),
                    level: b.level,
                    severity: b.severity,
                    status: b.status,
                    scopes: Vec::new(),
                    affected: 0,
                    recommendation: rules
                        .get(&b.rule_id)
                        .map(|r| r.meta.recommendation.clone())
                        .unwrap_or_default(),
                });
            e.scopes.push(v.scope_id.clone());
            e.affected += b.affected;
            if b.status == Status::Fail {
                e.status = Status::Fail;
            }
        }
    }
    // The gap between a scope's level and this rule's level: rules that block a scope's very
    // next level matter most.
    let distance = |r: &Recommendation| {
        verdicts
            .iter()
            .filter(|v| r.scopes.contains(&v.scope_id))
            .map(|v| r.level.saturating_sub(v.level))
            .min()
            .unwrap_or(u8::MAX)
    };
    let mut recs: Vec<Recommendation> = merged.into_values().collect();
    recs.sort_by(|a, b| {
        (
            distance(a),
            rank_key(a.level, a.status, a.severity, a.affected, &a.rule_id),
        )
            .cmp(&(
                distance(b),
                rank_key(b.level, b.status, b.severity, b.affected, &b.rule_id),
            ))
    });
    for (i, r) in recs.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    recs
}
