//! Section provenance: what a provider read for one snapshot section, and the section that
//! follows from it.
//!
//! Every provider fills [`Input`]s (present, missing or failed, each with where it came from)
//! and builds each section with a [`SectionBuilder`]: a section is `collected` only when every
//! input it requires is present — its source is the inputs' sources joined by `+` — and
//! `unavailable` otherwise, naming the operations it needs and why they are missing. This is the
//! one place that rule lives, so no provider can turn missing data into an empty, passing section.

use crate::model::{Section, Unavailable, UnavailableKind};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// One input of a provider's normalization, in one of three states.
#[derive(Debug, Clone, PartialEq)]
pub enum Input<T> {
    /// Read. `source` is the API operation(s) (`iam:GetCredentialReport`) or export file(s)
    /// (`export:credential-report.csv`, several joined by `+`).
    Present { source: String, data: T },
    /// Not collected: no export file, or the collector skipped it. `message` says so
    /// ("no `aws iam get-credential-report` export found in DIR").
    Missing { message: String },
    /// Reading failed: access denied, service not in use, error.
    Failed { source: String, reason: Unavailable },
}

impl<T> Default for Input<T> {
    fn default() -> Self {
        Input::Missing {
            message: "not collected".to_string(),
        }
    }
}

impl<T> Input<T> {
    pub fn present(source: impl Into<String>, data: T) -> Self {
        Input::Present {
            source: source.into(),
            data,
        }
    }
    pub fn data(&self) -> Option<&T> {
        match self {
            Input::Present { data, .. } => Some(data),
            _ => None,
        }
    }
    pub fn source(&self) -> Option<&str> {
        match self {
            Input::Present { source, .. } | Input::Failed { source, .. } => Some(source),
            Input::Missing { .. } => None,
        }
    }
    pub fn is_present(&self) -> bool {
        matches!(self, Input::Present { .. })
    }
}

/// Collects the sources and gaps of one section.
#[derive(Default)]
pub struct SectionBuilder {
    apis: Vec<&'static str>,
    sources: Vec<String>,
    gaps: Vec<(UnavailableKind, String)>,
    /// Optional inputs that failed: the section is still built, and its source says what it
    /// lacks, so a verdict never passes off a partial read as a whole one.
    partial: Vec<String>,
}

impl SectionBuilder {
    /// An input the section cannot do without; `api` names it when the section is unavailable.
    pub fn require<'a, T>(&mut self, api: &'static str, input: &'a Input<T>) -> Option<&'a T> {
        self.apis.push(api);
        match input {
            Input::Present { source, data } => {
                self.sources.push(source.clone());
                Some(data)
            }
            Input::Missing { message } => {
                self.gaps
                    .push((UnavailableKind::NotCollected, message.clone()));
                None
            }
            Input::Failed { reason, .. } => {
                self.gaps.push((reason.kind, reason.message.clone()));
                None
            }
        }
    }

    /// An input that only adds precision.
    pub fn optional<'a, T>(&mut self, input: &'a Input<T>) -> Option<&'a T> {
        match input {
            Input::Present { source, data } => {
                self.sources.push(source.clone());
                Some(data)
            }
            Input::Failed { source, reason } => {
                // The kind as the snapshot spells it (`access_denied`).
                let kind = serde_json::to_value(reason.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let note = format!("{source}: {kind}");
                if !self.partial.contains(&note) {
                    self.partial.push(note);
                }
                None
            }
            Input::Missing { .. } => None,
        }
    }

    /// An operation the section needs that has no input of its own here (it is named when the
    /// section is unavailable).
    pub fn needs(&mut self, api: &'static str) {
        self.apis.push(api);
    }

    /// A gap found in the data itself (a user missing from the report...).
    pub fn gap(&mut self, kind: UnavailableKind, message: String) {
        self.gaps.push((kind, message));
    }

    /// Collected at `at` with `data()` when nothing required is missing; otherwise unavailable
    /// with the first kind that is not `not_collected` (a denial says more than an absence) and
    /// every distinct message.
    pub fn build<T>(self, at: DateTime<Utc>, data: impl FnOnce() -> T) -> Section<T> {
        if self.gaps.is_empty() {
            let mut seen = BTreeSet::new();
            let sources: Vec<String> = self
                .sources
                .into_iter()
                .flat_map(|s| s.split('+').map(str::to_string).collect::<Vec<_>>())
                // An input nothing needed to ask for (no trails, so no trail status) has no source.
                .filter(|s| !s.is_empty() && seen.insert(s.clone()))
                .collect();
            let mut source = sources.join("+");
            if !self.partial.is_empty() {
                source = format!("{source} (without {})", self.partial.join(", "));
            }
            Section::Collected {
                source,
                collected_at: at,
                data: data(),
            }
        } else {
            let kind = self
                .gaps
                .iter()
                .map(|g| g.0)
                .find(|k| *k != UnavailableKind::NotCollected)
                .unwrap_or(UnavailableKind::NotCollected);
            let mut messages: Vec<String> = Vec::new();
            for (_, m) in self.gaps {
                if !messages.contains(&m) {
                    messages.push(m);
                }
            }
            let mut apis = self.apis;
            apis.dedup();
            Section::Unavailable {
                source: apis.join("+"),
                reason: Unavailable {
                    kind,
                    message: messages.join("; "),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
    }

    #[test]
    fn collected_only_when_every_required_input_is_present() {
        let a: Input<u8> = Input::present("svc:A+svc:B", 1);
        let b: Input<u8> = Input::present("svc:B", 2);
        let mut s = SectionBuilder::default();
        s.require("svc:A", &a);
        s.optional(&b);
        match s.build(at(), || 7) {
            Section::Collected { source, data, .. } => {
                assert_eq!(source, "svc:A+svc:B");
                assert_eq!(data, 7);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_denial_outranks_an_absence_and_names_every_needed_operation() {
        let missing: Input<u8> = Input::Missing {
            message: "no export".into(),
        };
        let denied: Input<u8> = Input::Failed {
            source: "svc:B".into(),
            reason: Unavailable {
                kind: UnavailableKind::AccessDenied,
                message: "AccessDenied: no".into(),
            },
        };
        let mut s = SectionBuilder::default();
        assert!(s.require("svc:A", &missing).is_none());
        assert!(s.require("svc:B", &denied).is_none());
        s.needs("svc:C");
        match s.build(at(), || 0u8) {
            Section::Unavailable { source, reason } => {
                assert_eq!(source, "svc:A+svc:B+svc:C");
                assert_eq!(reason.kind, UnavailableKind::AccessDenied);
                assert_eq!(reason.message, "no export; AccessDenied: no");
            }
            other => panic!("{other:?}"),
        }
    }
}
