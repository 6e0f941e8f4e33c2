//! Baselines: comparing two results documents and gating CI on regressions.
//!
//! This module owns reading a results document written earlier (`assess --format json`) as a
//! baseline, with errors that name the file, line and column; the comparison of two documents by
//! the stable key rule id + scope id + resource; and the regression triggers `--fail-on` selects.
//! It reads results documents only — never snapshots or rule files — so `idgauge diff` needs
//! nothing but the two files.
//!
//! What is compared, and why:
//! - **levels**: every scope in either document; a scope only in the new one is `added`, only in
//!   the old one `removed`. The overall level (the weakest scope) is compared too, so an account
//!   that joins the organisation below the bar is a level drop.
//! - **new failures**: failing resources of a rule × scope present in both documents that were
//!   not failing before — the whole rule newly failing, or a new resource under a rule that
//!   already failed. A resource whose exception expired is a new failure again.
//! - **fixed**: resources that failed before and no longer do, when the rule could be evaluated
//!   now. A result that became `unknown` is not "fixed": it is a new unknown.
//! - **new unknowns**: rule × scope results that are `unknown` now and were not before (data
//!   that could be read before and cannot now — missing data is never a pass).
//! - rules added and removed (a new idgauge version or `--rules` set). Results of added rules and
//!   of added scopes are listed with those, not as new failures, so upgrading idgauge or
//!   onboarding an account does not flood a pull request; their effect on levels still counts.

use crate::engine::{RuleResult, Severity, Status};
use crate::model::strip_position;
use crate::results::{Assessment, RESULTS_VERSION};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Version of the diff document format (`idgauge diff --format json`).
pub const DIFF_VERSION: &str = "1.0";

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: file is empty (expected an idgauge results document)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: invalid JSON: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}:{line}:{column}: at `{field}`: {message}")]
    Shape {
        path: PathBuf,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error("{path}: unsupported results_version {found:?}; this idgauge reads {supported} (same major version)")]
    Version {
        path: PathBuf,
        found: String,
        supported: &'static str,
    },
    #[error("{path}: not an idgauge results document (no `results_version` field; write one with `idgauge assess --format json --output FILE`)")]
    NotResults { path: PathBuf },
}

/// Reads a results document (`assess --format json`) from `path`.
pub fn load(path: &Path) -> Result<Assessment, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Parses a results document; `path` only labels errors.
pub fn parse(text: &str, path: &Path) -> Result<Assessment, BaselineError> {
    let p = || path.to_path_buf();
    if text.trim().is_empty() {
        return Err(BaselineError::Empty { path: p() });
    }
    // The version decides how to read the rest, so it is checked first.
    #[derive(Deserialize)]
    struct Peek {
        results_version: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Peek>(text) {
        Ok(Peek {
            results_version: Some(v),
        }) => {
            let found = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            let major = |v: &str| v.split('.').next().map(str::to_string);
            if found.split('.').count() != 2 || major(&found) != major(RESULTS_VERSION) {
                return Err(BaselineError::Version {
                    path: p(),
                    found,
                    supported: RESULTS_VERSION,
                });
            }
        }
        Ok(Peek {
            results_version: None,
        }) => return Err(BaselineError::NotResults { path: p() }),
        // Not JSON, or not an object: the full parse below reports where.
        Err(_) => {}
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let classify = |inner: &serde_json::Error, field: String| {
        let (line, column) = (inner.line(), inner.column());
        let message = strip_position(&inner.to_string());
        use serde_json::error::Category;
        match inner.classify() {
            Category::Syntax | Category::Eof | Category::Io => BaselineError::Syntax {
                path: p(),
                line,
                column,
                message,
            },
            Category::Data if field.is_empty() || field == "." => {
                BaselineError::NotResults { path: p() }
            }
            Category::Data => BaselineError::Shape {
                path: p(),
                line,
                column,
                field,
                message,
            },
        }
    };
    let a = serde_path_to_error::deserialize::<_, Assessment>(&mut de)
        .map_err(|err| classify(err.inner(), err.path().to_string()))?;
    // Trailing garbage after the document is a syntax error, not something to ignore.
    de.end().map_err(|e| classify(&e, String::new()))?;
    Ok(a)
}

/// A regression that `--fail-on` can turn into exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trigger {
    /// A scope's level, or the overall level, went down.
    LevelDrop,
    /// A rule × scope × resource fails that did not before.
    NewFail,
    /// A rule × scope could not be verified that could before.
    NewUnknown,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::LevelDrop => "level-drop",
            Trigger::NewFail => "new-fail",
            Trigger::NewUnknown => "new-unknown",
        }
    }
}

/// What `--fail-on` means when it is not given.
pub const DEFAULT_TRIGGERS: &[Trigger] = &[Trigger::LevelDrop, Trigger::NewFail];

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LevelChange {
    Dropped,
    Raised,
    Unchanged,
    Added,
    Removed,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Side {
    /// The file compared (as given), or what was assessed in this run.
    pub label: String,
    pub idgauge_version: String,
    pub as_of: NaiveDate,
    /// Latest collection time of the inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<DateTime<Utc>>,
    pub overall_level: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScopeChange {
    pub scope_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub old_level: Option<u8>,
    pub new_level: Option<u8>,
    pub change: LevelChange,
}

/// A failing resource that appeared or went away.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResourceChange {
    pub rule_id: String,
    pub scope_id: String,
    pub resource: String,
    pub title: String,
    pub level: u8,
    pub severity: Severity,
    /// The finding's message (new failures: now; fixed: before).
    pub message: String,
    /// The rule × scope status before (absent when it was not evaluated).
    pub was: Option<Status>,
    pub now: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule × scope that could be verified before and cannot now.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UnknownChange {
    pub rule_id: String,
    pub scope_id: String,
    pub title: String,
    pub level: u8,
    pub severity: Severity,
    pub was: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A rule × scope whose status changed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatusChange {
    pub rule_id: String,
    pub scope_id: String,
    pub title: String,
    pub level: u8,
    pub old: Option<Status>,
    pub new: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuleRef {
    pub rule_id: String,
    pub title: String,
    pub level: u8,
    pub severity: Severity,
    /// Scopes where the rule fails in the document it is in.
    pub failing_scopes: Vec<String>,
}

/// The comparison of two results documents. Every list is sorted, so the same pair of documents
/// always renders the same bytes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Diff {
    pub diff_version: String,
    pub old: Side,
    pub new: Side,
    /// Every scope of either document, by scope id.
    pub scopes: Vec<ScopeChange>,
    /// By rule id, scope id, resource.
    pub new_failures: Vec<ResourceChange>,
    pub fixed: Vec<ResourceChange>,
    pub new_unknowns: Vec<UnknownChange>,
    pub status_changes: Vec<StatusChange>,
    pub rules_added: Vec<RuleRef>,
    pub rules_removed: Vec<RuleRef>,
}

fn side(label: &str, a: &Assessment) -> Side {
    Side {
        label: label.to_string(),
        idgauge_version: a.idgauge_version.clone(),
        as_of: a.as_of,
        collected_at: a.inputs.iter().map(|i| i.collected_at).max(),
        overall_level: a.verdict.overall_level,
    }
}

fn title_of<'a>(a: &'a Assessment, b: &'a Assessment, rule: &str) -> &'a str {
    a.rules
        .iter()
        .chain(&b.rules)
        .find(|r| r.id == rule)
        .map(|r| r.title.as_str())
        .unwrap_or("")
}

/// Compares `old` (the baseline) with `new`.
pub fn diff(old_label: &str, old: &Assessment, new_label: &str, new: &Assessment) -> Diff {
    // Scopes.
    let old_scopes: BTreeMap<&str, _> = old
        .verdict
        .scopes
        .iter()
        .map(|s| (s.scope_id.as_str(), s))
        .collect();
    let new_scopes: BTreeMap<&str, _> = new
        .verdict
        .scopes
        .iter()
        .map(|s| (s.scope_id.as_str(), s))
        .collect();
    let all_scopes: BTreeSet<&str> = old_scopes
        .keys()
        .chain(new_scopes.keys())
        .copied()
        .collect();
    let scopes = all_scopes
        .iter()
        .map(|id| {
            let (o, n) = (old_scopes.get(id), new_scopes.get(id));
            let (old_level, new_level) = (o.map(|s| s.level), n.map(|s| s.level));
            let change = match (old_level, new_level) {
                (Some(a), Some(b)) if b < a => LevelChange::Dropped,
                (Some(a), Some(b)) if b > a => LevelChange::Raised,
                (Some(_), Some(_)) => LevelChange::Unchanged,
                (None, _) => LevelChange::Added,
                (_, None) => LevelChange::Removed,
            };
            ScopeChange {
                scope_id: id.to_string(),
                name: n.or(o).and_then(|s| s.name.clone()),
                old_level,
                new_level,
                change,
            }
        })
        .collect();

    // Rules.
    let old_rules: BTreeSet<&str> = old.rules.iter().map(|r| r.id.as_str()).collect();
    let new_rules: BTreeSet<&str> = new.rules.iter().map(|r| r.id.as_str()).collect();
    let rule_ref = |a: &Assessment, id: &str| {
        let info = a.rules.iter().find(|r| r.id == id);
        let mut failing: Vec<String> = a
            .results
            .iter()
            .filter(|r| r.rule_id == id && r.status == Status::Fail)
            .map(|r| r.scope_id.clone())
            .collect();
        failing.sort();
        RuleRef {
            rule_id: id.to_string(),
            title: info.map(|i| i.title.clone()).unwrap_or_default(),
            level: info.map_or(0, |i| i.level),
            severity: info.map_or(Severity::Low, |i| i.severity),
            failing_scopes: failing,
        }
    };
    let rules_added = new_rules
        .difference(&old_rules)
        .map(|id| rule_ref(new, id))
        .collect();
    let rules_removed = old_rules
        .difference(&new_rules)
        .map(|id| rule_ref(old, id))
        .collect();

    // Results, by (rule, scope); only pairs whose rule and scope both documents know.
    let index = |a: &'_ Assessment| -> BTreeMap<(String, String), RuleResult> {
        a.results
            .iter()
            .map(|r| ((r.rule_id.clone(), r.scope_id.clone()), r.clone()))
            .collect()
    };
    let (old_idx, new_idx) = (index(old), index(new));
    let comparable = |rule: &str, scope: &str| {
        old_rules.contains(rule)
            && new_rules.contains(rule)
            && old_scopes.contains_key(scope)
            && new_scopes.contains_key(scope)
    };
    let mut new_failures = Vec::new();
    let mut fixed = Vec::new();
    let mut new_unknowns = Vec::new();
    let mut status_changes = Vec::new();
    for ((rule, scope), n) in &new_idx {
        if !comparable(rule, scope) {
            continue;
        }
        let o = old_idx.get(&(rule.clone(), scope.clone()));
        let title = title_of(new, old, rule).to_string();
        let was = o.map(|o| o.status);
        if was != Some(n.status) {
            status_changes.push(StatusChange {
                rule_id: rule.clone(),
                scope_id: scope.clone(),
                title: title.clone(),
                level: n.level,
                old: was,
                new: n.status,
            });
        }
        if n.status == Status::Unknown && was != Some(Status::Unknown) {
            new_unknowns.push(UnknownChange {
                rule_id: rule.clone(),
                scope_id: scope.clone(),
                title: title.clone(),
                level: n.level,
                severity: n.severity,
                was,
                reason: n.reason.clone(),
            });
        }
        let failing = |r: &RuleResult| -> BTreeMap<String, String> {
            // One entry per resource: the first message (findings are sorted).
            let mut m = BTreeMap::new();
            for f in &r.findings {
                m.entry(f.resource.clone())
                    .or_insert_with(|| f.message.clone());
            }
            m
        };
        let now_failing = failing(n);
        let was_failing = o.map(failing).unwrap_or_default();
        let was_excepted: BTreeSet<&str> = o
            .map(|o| {
                o.excepted
                    .iter()
                    .map(|e| e.finding.resource.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let now_excepted: BTreeSet<&str> = n
            .excepted
            .iter()
            .map(|e| e.finding.resource.as_str())
            .collect();
        let change = |res: &String, msg: &String, note: Option<String>| ResourceChange {
            rule_id: rule.clone(),
            scope_id: scope.clone(),
            resource: res.clone(),
            title: title.clone(),
            level: n.level,
            severity: n.severity,
            message: msg.clone(),
            was,
            now: n.status,
            note,
        };
        for (res, msg) in &now_failing {
            if !was_failing.contains_key(res) {
                new_failures.push(change(
                    res,
                    msg,
                    was_excepted.contains(res.as_str()).then(|| {
                        "was excepted; the exception expired or no longer applies".to_string()
                    }),
                ));
            }
        }
        // A result that cannot be verified now fixed nothing (it is a new unknown instead).
        if matches!(n.status, Status::Unknown | Status::Attested) {
            continue;
        }
        for (res, msg) in &was_failing {
            if !now_failing.contains_key(res) {
                fixed.push(change(
                    res,
                    msg,
                    now_excepted
                        .contains(res.as_str())
                        .then(|| "now excepted (accepted, not remediated)".to_string()),
                ));
            }
        }
    }
    // Rule × scope pairs evaluated before but not now, while both rule and scope remain: the
    // rule stopped applying (its scope kinds changed). Reported as a status change only.
    for ((rule, scope), o) in &old_idx {
        if comparable(rule, scope) && !new_idx.contains_key(&(rule.clone(), scope.clone())) {
            status_changes.push(StatusChange {
                rule_id: rule.clone(),
                scope_id: scope.clone(),
                title: title_of(old, new, rule).to_string(),
                level: o.level,
                old: Some(o.status),
                new: Status::NotApplicable,
            });
        }
    }
    let key = |r: &ResourceChange| (r.rule_id.clone(), r.scope_id.clone(), r.resource.clone());
    new_failures.sort_by_key(key);
    fixed.sort_by_key(key);
    new_unknowns.sort_by(|a, b| (&a.rule_id, &a.scope_id).cmp(&(&b.rule_id, &b.scope_id)));
    status_changes.sort_by(|a, b| (&a.rule_id, &a.scope_id).cmp(&(&b.rule_id, &b.scope_id)));

    Diff {
        diff_version: DIFF_VERSION.to_string(),
        old: side(old_label, old),
        new: side(new_label, new),
        scopes,
        new_failures,
        fixed,
        new_unknowns,
        status_changes,
        rules_added,
        rules_removed,
    }
}

impl Diff {
    /// Scopes whose level went down.
    pub fn dropped(&self) -> impl Iterator<Item = &ScopeChange> {
        self.scopes
            .iter()
            .filter(|s| s.change == LevelChange::Dropped)
    }

    /// Did the overall level, or any scope's, go down?
    pub fn level_dropped(&self) -> bool {
        self.new.overall_level < self.old.overall_level || self.dropped().next().is_some()
    }

    /// Is anything different at all?
    pub fn is_empty(&self) -> bool {
        self.scopes
            .iter()
            .all(|s| s.change == LevelChange::Unchanged)
            && self.new_failures.is_empty()
            && self.fixed.is_empty()
            && self.new_unknowns.is_empty()
            && self.status_changes.is_empty()
            && self.rules_added.is_empty()
            && self.rules_removed.is_empty()
    }

    /// The selected triggers that fired, each with a one-line reason.
    pub fn triggered(&self, selected: &[Trigger]) -> Vec<(Trigger, String)> {
        let mut out = Vec::new();
        let mut selected = selected.to_vec();
        selected.sort();
        selected.dedup();
        for t in selected {
            let why = match t {
                Trigger::LevelDrop if self.level_dropped() => {
                    let mut parts: Vec<String> = self
                        .dropped()
                        .map(|s| {
                            format!(
                                "{} {} → {}",
                                s.scope_id,
                                s.old_level.unwrap_or(0),
                                s.new_level.unwrap_or(0)
                            )
                        })
                        .collect();
                    if self.new.overall_level < self.old.overall_level {
                        parts.push(format!(
                            "overall {} → {}",
                            self.old.overall_level, self.new.overall_level
                        ));
                    }
                    format!("level dropped: {}", parts.join(", "))
                }
                Trigger::NewFail if !self.new_failures.is_empty() => {
                    let rules: BTreeSet<&str> = self
                        .new_failures
                        .iter()
                        .map(|f| f.rule_id.as_str())
                        .collect();
                    format!(
                        "{} new failing resource(s) under {}",
                        self.new_failures.len(),
                        rules.into_iter().collect::<Vec<_>>().join(", ")
                    )
                }
                Trigger::NewUnknown if !self.new_unknowns.is_empty() => {
                    let rules: Vec<String> = self
                        .new_unknowns
                        .iter()
                        .map(|u| format!("{} on {}", u.rule_id, u.scope_id))
                        .collect();
                    format!("could not verify any more: {}", rules.join(", "))
                }
                _ => continue,
            };
            out.push((t, why));
        }
        out
    }

    /// The diff document as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("diff serializes");
        s.push('\n');
        s
    }
}
