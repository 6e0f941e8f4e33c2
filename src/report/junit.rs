//! JUnit XML, for the test tabs of CI systems (GitLab `artifacts:reports:junit`, Jenkins, Azure
//! Pipelines, GitHub test-report actions).
//!
//! This module owns the mapping: one `testsuite` per scope (named by scope id, its level in the
//! properties), one `testcase` per rule × scope (`classname` = scope id, `name` = "RULE-ID
//! title"). A failing rule is a `failure` whose text lists every failing resource; `unknown` and
//! `not_applicable` are `skipped` with the reason; `excepted` and `attested` pass with a
//! `system-out` note saying so, because they satisfy the level but were not verified clean.
//! No timestamps or durations are written, so the file is the same for the same input.

use crate::engine::Status;
use crate::results::Assessment;
use std::fmt::Write;

/// Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`escape`] but keeps newlines literal (element text).
fn escape_text(s: &str) -> String {
    s.lines().map(escape).collect::<Vec<_>>().join("\n")
}

pub fn render(a: &Assessment) -> String {
    let count = |pred: &dyn Fn(Status) -> bool, scope: Option<&str>| {
        a.results
            .iter()
            .filter(|r| scope.is_none_or(|s| r.scope_id == s) && pred(r.status))
            .count()
    };
    let is_fail = |s: Status| s == Status::Fail;
    let is_skip = |s: Status| matches!(s, Status::Unknown | Status::NotApplicable);
    let any = |_: Status| true;

    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<testsuites name="idgauge identity maturity (overall level {})" tests="{}" failures="{}" errors="0" skipped="{}">"#,
        a.verdict.overall_level,
        count(&any, None),
        count(&is_fail, None),
        count(&is_skip, None),
    );
    for sv in &a.verdict.scopes {
        let id = sv.scope_id.as_str();
        let _ = writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="{}">"#,
            escape(id),
            count(&any, Some(id)),
            count(&is_fail, Some(id)),
            count(&is_skip, Some(id)),
        );
        let _ = writeln!(out, "    <properties>");
        let mut props = vec![
            ("level", sv.level.to_string()),
            ("level_name", sv.level_name.clone()),
            ("provider", sv.provider.as_str().to_string()),
            ("kind", sv.kind.as_str().to_string()),
            ("as_of", a.as_of.to_string()),
        ];
        if let Some(n) = &sv.name {
            props.push(("name", n.clone()));
        }
        if let Some(t) = a.collected_at(id) {
            props.push(("collected_at", t.to_rfc3339()));
        }
        for (k, v) in props {
            let _ = writeln!(
                out,
                r#"      <property name="{k}" value="{}"/>"#,
                escape(&v)
            );
        }
        let _ = writeln!(out, "    </properties>");
        for r in a.results.iter().filter(|r| r.scope_id == id) {
            let title = a.rule(&r.rule_id).map_or("", |i| i.title.as_str());
            let _ = write!(
                out,
                r#"    <testcase classname="{}" name="{}""#,
                escape(id),
                escape(&format!("{} {}", r.rule_id, title)),
            );
            let reason = r.reason.as_deref().unwrap_or("");
            match r.status {
                Status::Pass => {
                    let _ = writeln!(out, "/>");
                }
                Status::Fail => {
                    let n = r.findings.len();
                    let first = r.findings.first().map_or("", |f| f.message.as_str());
                    let message = if n > 1 {
                        format!("{n} failing: {first} (+{} more)", n - 1)
                    } else {
                        first.to_string()
                    };
                    let mut body = format!(
                        "{} — {} severity, {}\n",
                        r.rule_id,
                        r.severity.as_str(),
                        crate::results::group(r).effect()
                    );
                    for f in &r.findings {
                        let _ = writeln!(body, "{}: {}", f.resource, f.message);
                    }
                    for note in &r.notes {
                        let _ = writeln!(body, "note: {note}");
                    }
                    let _ = writeln!(out, ">");
                    let _ = writeln!(
                        out,
                        r#"      <failure message="{}" type="{}">{}</failure>"#,
                        escape(&message),
                        r.severity.as_str(),
                        escape_text(&body)
                    );
                    let _ = writeln!(out, "    </testcase>");
                }
                Status::Unknown | Status::NotApplicable => {
                    let what = if r.status == Status::Unknown {
                        format!("could not verify: {reason}")
                    } else {
                        format!("not applicable: {reason}")
                    };
                    let _ = writeln!(out, ">");
                    let _ = writeln!(out, r#"      <skipped message="{}"/>"#, escape(&what));
                    let _ = writeln!(out, "    </testcase>");
                }
                Status::Excepted | Status::Attested => {
                    let mut note = String::new();
                    if r.status == Status::Excepted {
                        let _ = writeln!(note, "excepted (accepted failure, not remediated):");
                        for e in &r.excepted {
                            let _ = writeln!(
                                note,
                                "{}: {} — {} (until {})",
                                e.finding.resource, e.finding.message, e.justification, e.expires
                            );
                        }
                    } else {
                        let _ = writeln!(note, "attested, not verified: {reason}");
                    }
                    let _ = writeln!(out, ">");
                    let _ = writeln!(out, "      <system-out>{}</system-out>", escape_text(&note));
                    let _ = writeln!(out, "    </testcase>");
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    let _ = writeln!(out, "</testsuites>");
    out
}
