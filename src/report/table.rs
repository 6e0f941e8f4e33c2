//! The terminal report: a level banner per scope, rule status grouped by the level each rule
//! gates, what blocks the next level, and the top recommendations.
//!
//! The table fits the width it is given: the rule id and status columns never wrap, and below
//! [`TITLE_MIN_WIDTH`] columns the title column is left out (the blockers and recommendations
//! below the table still name each rule's title), so an 80-column terminal keeps the rule id,
//! status and first finding of every row.

use crate::engine::Status;
use crate::results::Assessment;
use crate::verdict::MAX_LEVEL;
use comfy_table::{presets, Cell, Color, ColumnConstraint, ContentArrangement, Table};
use std::fmt::Write;

/// Narrower than this, the table leaves out the Title column.
pub const TITLE_MIN_WIDTH: u16 = 100;

pub struct TableOptions {
    /// ANSI colour (a terminal that wants it; decided by the caller from `--color`/`NO_COLOR`).
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: u16,
    /// How many recommendations to show.
    pub top: usize,
}

fn status_cell(s: Status, color: bool) -> Cell {
    let (text, c) = match s {
        Status::Pass => ("pass", Color::Green),
        Status::Fail => ("FAIL", Color::Red),
        Status::Unknown => ("UNKNOWN", Color::Yellow),
        Status::NotApplicable => ("n/a", Color::DarkGrey),
        Status::Excepted => ("excepted", Color::Cyan),
        Status::Attested => ("attested", Color::Cyan),
    };
    let cell = Cell::new(text);
    if color {
        cell.fg(c)
    } else {
        cell
    }
}

fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn bar(level: u8) -> String {
    (1..=MAX_LEVEL)
        .map(|l| if l <= level { '■' } else { '□' })
        .collect()
}

pub fn render(a: &Assessment, opts: &TableOptions) -> String {
    let mut out = String::new();
    let v = &a.verdict;
    let title = |id: &str| {
        a.rules
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.as_str())
            .unwrap_or("")
    };
    let _ = writeln!(
        out,
        "{}",
        bold(
            &format!(
                "Overall maturity: level {} of {MAX_LEVEL} {} — {}",
                v.overall_level,
                bar(v.overall_level),
                v.overall_level_name
            ),
            opts.color
        )
    );
    let collected: Vec<String> = {
        let mut t: Vec<_> = a.inputs.iter().map(|i| i.collected_at).collect();
        t.sort();
        t.dedup();
        t.iter()
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .collect()
    };
    let _ = writeln!(
        out,
        "Assessed as of {}; data collected {}",
        a.as_of,
        match collected.as_slice() {
            [] => "(no input)".to_string(),
            [one] => one.clone(),
            [first, .., last] => format!("{first} to {last}"),
        }
    );
    if v.scopes.len() > 1 {
        let _ = writeln!(out, "Weakest: {}", v.weakest_scopes.join(", "));
    }

    for sv in &v.scopes {
        let name = sv
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            bold(
                &format!(
                    "━━ {}{name} — level {} {} {}",
                    sv.scope_id,
                    sv.level,
                    bar(sv.level),
                    sv.level_name
                ),
                opts.color
            )
        );
        let with_title = opts.width >= TITLE_MIN_WIDTH;
        let mut header = vec!["Level", "Rule", "Status", "Title", "Affected / reason"];
        if !with_title {
            header.remove(3);
        }
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(opts.width)
            .set_header(header);
        // Level, rule id and status are short and what a reader scans for: never wrapped.
        for i in 0..3 {
            if let Some(c) = table.column_mut(i) {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        for r in a.results.iter().filter(|r| r.scope_id == sv.scope_id) {
            let detail = match r.status {
                Status::Fail => {
                    let n = r.findings.len();
                    let first = r.findings.first().map(|f| f.message.as_str()).unwrap_or("");
                    if n > 1 {
                        format!("{first} (+{} more)", n - 1)
                    } else {
                        first.to_string()
                    }
                }
                Status::Excepted => format!("{} excepted", r.excepted.len()),
                _ => r.reason.clone().unwrap_or_default(),
            };
            let detail = match r.notes.first() {
                Some(n) => format!("{detail} [{n}]"),
                None => detail,
            };
            let mut row = vec![
                Cell::new(crate::results::group(r).short()),
                Cell::new(&r.rule_id),
                status_cell(r.status, opts.color),
                Cell::new(title(&r.rule_id)),
                Cell::new(detail),
            ];
            if !with_title {
                row.remove(3);
            }
            table.add_row(row);
        }
        let _ = writeln!(out, "{table}");
        if let Some(next) = sv.next_level {
            let blocking: Vec<_> = sv.blockers.iter().filter(|b| b.level == next).collect();
            let _ = writeln!(out, "To reach level {next}, fix:");
            for b in blocking {
                item(&mut out, b, "? could not verify:", "✘");
            }
            // Unknowns at higher levels do not block the next level: listed apart, so the
            // "fix" list holds only what the next level needs.
            let later: Vec<_> = sv
                .blockers
                .iter()
                .filter(|b| b.level > next && b.status == Status::Unknown)
                .collect();
            if !later.is_empty() {
                let _ = writeln!(out, "Could not verify at higher levels:");
                for b in later {
                    let _ = writeln!(
                        out,
                        "  ? level {} {} {} — {}",
                        b.level, b.rule_id, b.title, b.summary
                    );
                }
            }
        } else {
            let _ = writeln!(
                out,
                "Every rule passes: keep it that way (idgauge assess --fail-below 5 in CI)."
            );
        }
        // Whatever else the verdict could not verify (a scope no rule applies to).
        for c in sv
            .could_not_verify
            .iter()
            .filter(|c| !c.starts_with("could not verify level "))
        {
            let _ = writeln!(out, "  ! {c}");
        }
        for (heading, list) in [
            (
                "Beyond level 5 (refinements, never gating):",
                &sv.refinements,
            ),
            (
                "Advisory (outside the model, never gating):",
                &sv.advisories,
            ),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "{heading}");
            }
            for b in list {
                item(&mut out, b, "?", "·");
            }
        }
        if let Some(r) = a.reconciliation.iter().find(|r| r.scope_id == sv.scope_id) {
            reconciliation(&mut out, r);
        }
    }

    if !v.recommendations.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", bold("Top recommendations", opts.color));
        for r in v.recommendations.iter().take(opts.top) {
            let what = if r.status == Status::Unknown {
                "verify".to_string()
            } else {
                format!("{} affected", r.affected.max(1))
            };
            let _ = writeln!(
                out,
                "{:>2}. [level {}, {}] {} {} ({}; {})",
                r.rank,
                r.level,
                r.severity.as_str(),
                r.rule_id,
                r.title,
                what,
                r.scopes.join(", ")
            );
            for line in r
                .recommendation
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(4)
            {
                let _ = writeln!(out, "      {}", line.trim());
            }
        }
        if v.recommendations.len() > opts.top {
            let _ = writeln!(
                out,
                "    … {} more: --top {} shows them all",
                v.recommendations.len() - opts.top,
                v.recommendations.len()
            );
        }
    }
    out
}

/// One blocker, refinement or advisory line, marked by whether it is unverified or failing.
fn item(out: &mut String, b: &crate::verdict::Blocker, unknown: &str, failing: &str) {
    let mark = if b.status == Status::Unknown {
        unknown
    } else {
        failing
    };
    let _ = writeln!(out, "  {mark} {} {} — {}", b.rule_id, b.title, b.summary);
}

/// A scope's reconciliation with the directory: counts and lifecycle latencies.
fn reconciliation(out: &mut String, r: &crate::results::ScopeReconciliation) {
    let _ = writeln!(out, "Reconciliation with the directory ({}):", r.repository);
    if let Some(why) = &r.unavailable {
        let _ = writeln!(out, "  ! not reconciled — {why}");
        return;
    }
    let _ = writeln!(
        out,
        "  {} of {} accounts joined with {} people (keys {}); orphans {}, enabled leavers {}, local accounts {} (shadows {}), drift {}",
        r.matched,
        r.accounts,
        r.people,
        r.join_keys.join(", "),
        r.orphans,
        r.enabled_leavers,
        r.local_accounts,
        r.shadows,
        r.drift
    );
    for (what, l) in [
        (
            "Provisioning (directory entry → cloud account)",
            &r.provisioning,
        ),
        (
            "Deprovisioning overdue (left → read, still enabled)",
            &r.deprovisioning_overdue,
        ),
        (
            "Deprovisioning done (left → read, disabled)",
            &r.deprovisioning_done,
        ),
        (
            "Directory disabling (end date → entry disabled)",
            &r.directory_disabling,
        ),
    ] {
        let _ = writeln!(out, "  {what}: {}", crate::results::latency_text(l));
    }
}
