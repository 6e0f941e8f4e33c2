//! The terminal rendering of a baseline comparison: `idgauge diff` (table format) and the
//! "changes since the baseline" block `assess --baseline` appends to the table report.
//! Plain text, one line per change, in the diff's (sorted) order; long lists are cut at
//! [`MAX_LINES`] with a pointer to the JSON diff, which is complete. With colour (the caller
//! decides, from `--color`, `NO_COLOR` and the terminal) drops and new failures are red, raises
//! and fixes green, unknowns yellow; the text is otherwise the same.

use crate::baseline::{Diff, LevelChange, ResourceChange};
use std::fmt::Write;

/// Lines shown per list.
pub const MAX_LINES: usize = 50;

fn cut(out: &mut String, total: usize) {
    if total > MAX_LINES {
        let _ = writeln!(
            out,
            "  … {} more (idgauge diff --format json lists them all)",
            total - MAX_LINES
        );
    }
}

/// ANSI SGR codes used here.
const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";

/// `s` in colour `code` when `color`.
fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn resources(out: &mut String, title: &str, mark: &str, rows: &[ResourceChange]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", rows.len());
    for f in rows.iter().take(MAX_LINES) {
        let note = f
            .note
            .as_deref()
            .map(|n| format!(" [{n}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {mark} {} (level {}) {} {} — {}{note}",
            f.rule_id, f.level, f.scope_id, f.resource, f.message
        );
    }
    cut(out, rows.len());
}

/// The comparison without colour.
pub fn render(d: &Diff) -> String {
    render_colored(d, false)
}

/// The comparison, in colour when `color`.
pub fn render_colored(d: &Diff, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Changes since the baseline {} (as of {}): overall level {} → {}",
        d.old.label, d.old.as_of, d.old.overall_level, d.new.overall_level
    );
    if d.is_empty() {
        let _ = writeln!(out, "  no change");
        return out;
    }
    for s in &d.scopes {
        let lvl = |l: Option<u8>| l.map_or("-".to_string(), |l| l.to_string());
        let what = match s.change {
            LevelChange::Unchanged => continue,
            LevelChange::Dropped => paint("level DROPPED", RED, color),
            LevelChange::Raised => paint("level raised", GREEN, color),
            LevelChange::Added => "scope added".to_string(),
            LevelChange::Removed => "scope removed".to_string(),
        };
        let _ = writeln!(
            out,
            "  {what}: {} {} → {}",
            s.scope_id,
            lvl(s.old_level),
            lvl(s.new_level)
        );
    }
    resources(
        &mut out,
        "New failures",
        &paint("✘", RED, color),
        &d.new_failures,
    );
    if !d.new_unknowns.is_empty() {
        let _ = writeln!(out, "Could not verify any more ({}):", d.new_unknowns.len());
        for u in d.new_unknowns.iter().take(MAX_LINES) {
            let _ = writeln!(
                out,
                "  {} {} (level {}) {} — was {}: {}",
                paint("?", YELLOW, color),
                u.rule_id,
                u.level,
                u.scope_id,
                u.was.map_or("not evaluated", |s| s.as_str()),
                u.reason.as_deref().unwrap_or("")
            );
        }
        cut(&mut out, d.new_unknowns.len());
    }
    resources(&mut out, "Fixed", &paint("✔", GREEN, color), &d.fixed);
    let other: Vec<_> = d
        .status_changes
        .iter()
        .filter(|c| {
            !d.new_unknowns
                .iter()
                .any(|u| u.rule_id == c.rule_id && u.scope_id == c.scope_id)
        })
        .collect();
    if !other.is_empty() {
        let _ = writeln!(out, "Status changes ({}):", other.len());
        let total = other.len();
        for c in other.into_iter().take(MAX_LINES) {
            let _ = writeln!(
                out,
                "  {} {} {} → {}",
                c.rule_id,
                c.scope_id,
                c.old.map_or("not evaluated", |s| s.as_str()),
                c.new.as_str()
            );
        }
        cut(&mut out, total);
    }
    for (title, rules) in [
        ("Rules added", &d.rules_added),
        ("Rules removed", &d.rules_removed),
    ] {
        if !rules.is_empty() {
            let _ = writeln!(out, "{title} ({}):", rules.len());
            for r in rules {
                let _ = writeln!(
                    out,
                    "  {} {} (level {}, {}){}",
                    r.rule_id,
                    r.title,
                    r.level,
                    r.severity.as_str(),
                    if r.failing_scopes.is_empty() {
                        String::new()
                    } else {
                        format!(", fails on {}", r.failing_scopes.join(", "))
                    }
                );
            }
        }
    }
    out
}
