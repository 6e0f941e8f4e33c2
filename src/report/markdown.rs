//! Markdown for a pull-request comment or a CI job summary (GitHub-flavoured).
//!
//! This module owns two renderings: the assessment ([`render`]: level per scope, what changed
//! against a baseline when there is one, the top recommendations, and every rule result in a
//! collapsed `<details>`), and a baseline comparison on its own ([`render_diff`], what
//! `idgauge diff --format markdown` prints). Everything taken from the data is escaped, so a user
//! or resource name cannot break a table, inject markup or @-mention anyone. Long lists are cut
//! (GitHub caps a comment at 65,536 characters) with a count of what was left out.

use crate::baseline::{Diff, LevelChange};
use crate::engine::Status;
use crate::results::Assessment;
use crate::verdict::MAX_LEVEL;
use std::fmt::Write;

/// At most this many rows per list in a comment.
const MAX_ROWS: usize = 50;

/// Escapes text for a table cell or inline Markdown: Markdown punctuation is backslash-escaped,
/// HTML specials become entities, `@` cannot mention, newlines become spaces.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes prose that may hold `code spans` (a rule's recommendation: commands with
/// `<placeholders>`): outside the spans as [`esc`]; a span is kept as written, since Markdown
/// shows its content literally (no markup, HTML or mention can start inside one), only with
/// newlines made spaces. A backtick without a partner is escaped.
pub fn esc_prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('`') {
        out.push_str(&esc(&rest[..open]));
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 => {
                let code: String = after[..close]
                    .chars()
                    .map(|c| {
                        if matches!(c, '\n' | '\r' | '\t') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push('`');
                out.push_str(&code);
                out.push('`');
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str("\\`");
                rest = after;
            }
        }
    }
    out.push_str(&esc(rest));
    out
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅ pass",
        Status::Fail => "❌ fail",
        Status::Unknown => "❓ unknown",
        Status::NotApplicable => "➖ n/a",
        Status::Excepted => "🟦 excepted",
        Status::Attested => "🟦 attested",
    }
}

fn bar(level: u8) -> String {
    (1..=MAX_LEVEL)
        .map(|l| if l <= level { '■' } else { '□' })
        .collect()
}

fn more(out: &mut String, total: usize) {
    if total > MAX_ROWS {
        let _ = writeln!(
            out,
            "\n… and {} more (see the full report).",
            total - MAX_ROWS
        );
    }
}

/// The "what changed" sections, shared by the report and `idgauge diff`.
fn changes(out: &mut String, d: &Diff, heading: &str) {
    let _ = writeln!(out, "{heading} Changes since the baseline\n");
    let _ = writeln!(
        out,
        "Baseline: `{}` (as of {}{}), overall level {} → **{}**.\n",
        esc(&d.old.label).replace('`', "'"),
        d.old.as_of,
        d.old
            .collected_at
            .map(|t| format!(", collected {}", t.format("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_default(),
        d.old.overall_level,
        d.new.overall_level
    );
    if d.is_empty() {
        let _ = writeln!(out, "No change.\n");
        return;
    }
    let changed: Vec<_> = d
        .scopes
        .iter()
        .filter(|s| s.change != LevelChange::Unchanged)
        .collect();
    if !changed.is_empty() {
        let _ = writeln!(out, "| Scope | Level before | Level now | Change |");
        let _ = writeln!(out, "|---|---|---|---|");
        for s in changed.iter().take(MAX_ROWS) {
            let lvl = |l: Option<u8>| l.map_or("—".to_string(), |l| l.to_string());
            let change = match s.change {
                LevelChange::Dropped => "🔻 dropped",
                LevelChange::Raised => "🔺 raised",
                LevelChange::Added => "➕ scope added",
                LevelChange::Removed => "➖ scope removed",
                LevelChange::Unchanged => "",
            };
            let _ = writeln!(
                out,
                "| {}{} | {} | {} | {} |",
                esc(&s.scope_id),
                s.name
                    .as_deref()
                    .map(|n| format!(" ({})", esc(n)))
                    .unwrap_or_default(),
                lvl(s.old_level),
                lvl(s.new_level),
                change
            );
        }
        more(out, changed.len());
        let _ = writeln!(out);
    }
    let resource_table =
        |out: &mut String, title: &str, rows: &[crate::baseline::ResourceChange]| {
            if rows.is_empty() {
                return;
            }
            let _ = writeln!(out, "**{title} ({})**\n", rows.len());
            let _ = writeln!(out, "| Rule | Level | Scope | Resource | Detail |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for f in rows.iter().take(MAX_ROWS) {
                let detail = match &f.note {
                    Some(n) => format!("{} ({})", esc(&f.message), esc(n)),
                    None => esc(&f.message),
                };
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} | {} | {} |",
                    esc(&f.rule_id),
                    esc(&f.title),
                    f.level,
                    esc(&f.scope_id),
                    esc(&f.resource),
                    detail
                );
            }
            more(out, rows.len());
            let _ = writeln!(out);
        };
    resource_table(out, "❌ New failures", &d.new_failures);
    if !d.new_unknowns.is_empty() {
        let _ = writeln!(
            out,
            "**❓ Could not verify any more ({})**\n",
            d.new_unknowns.len()
        );
        let _ = writeln!(out, "| Rule | Level | Scope | Was | Why |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for u in d.new_unknowns.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                esc(&u.rule_id),
                esc(&u.title),
                u.level,
                esc(&u.scope_id),
                u.was.map_or("—", |s| s.as_str()),
                esc(u.reason.as_deref().unwrap_or(""))
            );
        }
        more(out, d.new_unknowns.len());
        let _ = writeln!(out);
    }
    resource_table(out, "✅ Fixed", &d.fixed);
    for (title, rules) in [
        ("Rules added", &d.rules_added),
        ("Rules removed", &d.rules_removed),
    ] {
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title} ({})**\n", rules.len());
        for r in rules.iter().take(MAX_ROWS) {
            let failing = if r.failing_scopes.is_empty() {
                String::new()
            } else {
                format!(" — fails on {} scope(s)", r.failing_scopes.len())
            };
            let _ = writeln!(
                out,
                "- {} {} (level {}, {}){failing}",
                esc(&r.rule_id),
                esc(&r.title),
                r.level,
                r.severity.as_str()
            );
        }
        more(out, rules.len());
        let _ = writeln!(out);
    }
}

/// The assessment as a pull-request comment; `diff` adds what changed against a baseline.
pub fn render(a: &Assessment, diff: Option<&Diff>, top: usize) -> String {
    let v = &a.verdict;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## idgauge: identity maturity level {} of {MAX_LEVEL} {}\n",
        v.overall_level,
        bar(v.overall_level)
    );
    let collected = a
        .inputs
        .iter()
        .map(|i| i.collected_at)
        .max()
        .map(|t| format!(", data collected {}", t.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "**{}** (the weakest scope decides). Assessed as of {}{collected} by idgauge {}.\n",
        esc(&v.overall_level_name),
        a.as_of,
        esc(&a.idgauge_version)
    );
    if let Some(d) = diff {
        let fired = d.triggered(&[
            crate::baseline::Trigger::LevelDrop,
            crate::baseline::Trigger::NewFail,
            crate::baseline::Trigger::NewUnknown,
        ]);
        if !fired.is_empty() {
            let _ = writeln!(out, "> [!WARNING]");
            for (_, why) in &fired {
                let _ = writeln!(out, "> Regression: {}", esc(why));
                let _ = writeln!(out, ">");
            }
            out.truncate(out.trim_end_matches(">\n").len());
            let _ = writeln!(out);
        }
    }

    let _ = writeln!(out, "| Scope | Level | Next level blocked by |");
    let _ = writeln!(out, "|---|---|---|");
    for sv in v.scopes.iter().take(MAX_ROWS) {
        let blockers: Vec<String> = sv
            .next_level
            .map(|next| {
                sv.blockers
                    .iter()
                    .filter(|b| b.level == next)
                    .map(|b| {
                        let mark = if b.status == Status::Unknown {
                            "❓"
                        } else {
                            "❌"
                        };
                        format!("{mark} {}", esc(&b.rule_id))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{} | {} {} {} | {} |",
            esc(&sv.scope_id),
            sv.name
                .as_deref()
                .map(|n| format!(" ({})", esc(n)))
                .unwrap_or_default(),
            sv.level,
            bar(sv.level),
            esc(&sv.level_name),
            if sv.next_level.is_none() {
                "— (level 5)".to_string()
            } else {
                blockers.join(", ")
            }
        );
    }
    more(&mut out, v.scopes.len());
    let cnv: Vec<&String> = v.scopes.iter().flat_map(|s| &s.could_not_verify).collect();
    if !cnv.is_empty() {
        let _ = writeln!(out, "\n**Could not verify** ({}):\n", cnv.len());
        for c in cnv.iter().take(MAX_ROWS) {
            let _ = writeln!(out, "- {}", esc(c));
        }
        more(&mut out, cnv.len());
    }
    let _ = writeln!(out);

    if let Some(d) = diff {
        changes(&mut out, d, "###");
    }

    if !v.recommendations.is_empty() {
        let _ = writeln!(out, "### Top recommendations\n");
        for r in v.recommendations.iter().take(top) {
            let what = if r.status == Status::Unknown {
                "verify".to_string()
            } else {
                format!("{} affected", r.affected.max(1))
            };
            let _ = writeln!(
                out,
                "{}. **{} {}** — unlocks level {}, {} severity, {} ({})",
                r.rank,
                esc(&r.rule_id),
                esc(&r.title),
                r.level,
                r.severity.as_str(),
                what,
                r.scopes
                    .iter()
                    .map(|s| esc(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(first) = r.recommendation.lines().find(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "   {}", esc_prose(first.trim()));
            }
        }
        if v.recommendations.len() > top {
            let _ = writeln!(
                out,
                "\n{} more in the full report.",
                v.recommendations.len() - top
            );
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "<details><summary>All rule results ({})</summary>\n",
        a.results.len()
    );
    let _ = writeln!(
        out,
        "| Scope | Level | Rule | Status | Title | Affected / reason |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for r in &a.results {
        let detail = match r.status {
            Status::Fail => {
                let first = r.findings.first().map_or("", |f| f.message.as_str());
                if r.findings.len() > 1 {
                    format!("{}: {} …", r.findings.len(), esc(first))
                } else {
                    esc(first)
                }
            }
            Status::Excepted => format!("{} excepted", r.excepted.len()),
            _ => esc(r.reason.as_deref().unwrap_or("")),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            esc(&r.scope_id),
            crate::results::group(r).short(),
            esc(&r.rule_id),
            status_label(r.status),
            esc(a.rule(&r.rule_id).map_or("", |i| i.title.as_str())),
            detail
        );
    }
    let _ = writeln!(out, "\n</details>");
    out
}

/// A baseline comparison on its own (`idgauge diff --format markdown`).
pub fn render_diff(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## idgauge: identity maturity {} → {}\n",
        d.old.overall_level, d.new.overall_level
    );
    let _ = writeln!(
        out,
        "Comparing `{}` (as of {}) with `{}` (as of {}).\n",
        esc(&d.old.label).replace('`', "'"),
        d.old.as_of,
        esc(&d.new.label).replace('`', "'"),
        d.new.as_of
    );
    changes(&mut out, d, "###");
    out
}

#[cfg(test)]
mod tests {
    use super::esc_prose;

    #[test]
    fn code_spans_are_kept_and_prose_around_them_escaped() {
        assert_eq!(
            esc_prose("Run `aws iam get-user --user-name <user>` for <b>@team</b>"),
            "Run `aws iam get-user --user-name <user>` for &lt;b&gt;&#64;team&lt;/b&gt;"
        );
        assert_eq!(
            esc_prose("`--target-type AWS_ACCOUNT` and a_b"),
            "`--target-type AWS_ACCOUNT` and a\\_b"
        );
        // An unpaired backtick cannot open a span that swallows the rest of the comment.
        assert_eq!(esc_prose("it's a ` tick <x>"), "it's a \\` tick &lt;x&gt;");
        assert_eq!(esc_prose("``"), "\\`\\`");
    }
}
