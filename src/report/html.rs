//! A self-contained HTML report: one file with inline CSS, inline SVG and a few lines of inline
//! JavaScript, and no external asset of any kind (no fonts, scripts, styles or images fetched),
//! so it can be mailed, attached to a CI run or opened offline.
//!
//! This module owns the page: the overall level and a level card per scope, a chart of rule
//! status per gated level (an SVG stacked bar per level, drawn here so it is deterministic),
//! what changed against a baseline when there is one, the ranked recommendations, and every rule
//! by scope and level with its status and an evidence drill-down (`<details>`: failing resources,
//! exceptions, the reason it is unknown or not applicable, and the snapshot sections it read).
//! A status filter is the only script; without JavaScript everything is shown. Everything taken
//! from the data is HTML-escaped.

use crate::baseline::{Diff, LevelChange};
use crate::engine::Status;
use crate::maturity::Group;
use crate::results::{group, Assessment};
use crate::verdict::MAX_LEVEL;
use std::fmt::Write;

/// Evidence rows shown per rule before "… and N more".
const MAX_FINDINGS: usize = 200;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STATUSES: [Status; 6] = [
    Status::Fail,
    Status::Unknown,
    Status::Pass,
    Status::NotApplicable,
    Status::Excepted,
    Status::Attested,
];

fn label(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::NotApplicable => "n/a",
        Status::Excepted => "excepted",
        Status::Attested => "attested",
    }
}

fn color(s: Status) -> &'static str {
    match s {
        Status::Pass => "#2e7d32",
        Status::Fail => "#c62828",
        Status::Unknown => "#f9a825",
        Status::NotApplicable => "#9e9e9e",
        Status::Excepted => "#0277bd",
        Status::Attested => "#6a1b9a",
    }
}

const CSS: &str = r#"
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f6f7f9}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1180px;margin:0 auto;padding:24px}
header.top{background:#1d2330;color:#fff;padding:24px}
header.top h1{margin:0 0 4px;font-size:26px}
header.top p{margin:0;color:#c9cfdb}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:19px;margin:0 0 12px}
h3{font-size:16px;margin:18px 0 6px}
h4{font-size:14px;margin:14px 0 6px;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px}
.card .id{font-family:ui-monospace,monospace;font-size:13px;word-break:break-all}
.card .lvl{font-size:28px;font-weight:700}
.pips{display:inline-flex;gap:3px;vertical-align:middle;margin-left:6px}
.pip{width:14px;height:14px;border-radius:3px;background:#e3e6ec}
.pip.on{background:#2e7d32}
.badge{display:inline-block;min-width:70px;text-align:center;border-radius:4px;color:#fff;font-size:12px;font-weight:600;padding:1px 6px;margin-right:6px;text-transform:uppercase}
details.rule{border-top:1px solid var(--line);padding:6px 0}
details.rule summary{cursor:pointer}
details.rule .body{padding:6px 0 4px 86px;font-size:14px}
.rid{font-family:ui-monospace,monospace;font-size:13px}
.aff{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;border-bottom:1px solid var(--line);padding:4px 6px;vertical-align:top}
td.res{font-family:ui-monospace,monospace;word-break:break-all}
#filters button{border:1px solid var(--line);background:#fff;border-radius:14px;padding:3px 12px;margin:0 6px 6px 0;cursor:pointer;font:inherit;font-size:13px}
#filters button[aria-pressed=true]{background:#1d2330;color:#fff}
.hidden{display:none}
.warn{border-left:4px solid #c62828;padding:6px 10px;background:#fdecea}
ol.recs li{margin-bottom:8px}
.muted{color:var(--muted)}
pre{white-space:pre-wrap;font-size:13px;margin:4px 0}
footer{color:var(--muted);font-size:13px;padding:0 24px 24px;max-width:1180px;margin:0 auto}
"#;

/// Filters rule entries by status; marks the page ready (the browser test checks it).
const JS: &str = r#"
(function () {
  var buttons = document.querySelectorAll('#filters button');
  function apply(status) {
    document.querySelectorAll('details.rule').forEach(function (d) {
      var show = status === 'all' || d.getAttribute('data-status') === status;
      d.classList.toggle('hidden', !show);
    });
    buttons.forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-filter') === status));
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () { apply(b.getAttribute('data-filter')); });
  });
  apply('all');
  document.body.setAttribute('data-js', 'ready');
})();
"#;

fn pips(level: u8) -> String {
    let mut s = String::from(r#"<span class="pips" aria-hidden="true">"#);
    for l in 1..=MAX_LEVEL {
        s.push_str(if l <= level {
            r#"<span class="pip on"></span>"#
        } else {
            r#"<span class="pip"></span>"#
        });
    }
    s.push_str("</span>");
    s
}

/// Stacked horizontal bars: for each gated level, how many rule × scope results have each
/// status.
fn chart(a: &Assessment) -> String {
    let counts = a.status_by_level();
    let (label_w, bar_w, row_h, gap) = (90.0, 620.0, 26.0, 10.0);
    let max_total = counts
        .values()
        .map(|m| m.values().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let rows = counts.len().max(1) as f64;
    let height = rows * (row_h + gap) + 40.0;
    let width = label_w + bar_w + 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="status-chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Rule status per maturity level</title>"#
    );
    for (i, (level, by)) in counts.iter().enumerate() {
        let y = i as f64 * (row_h + gap);
        let _ = write!(
            s,
            r##"<text x="0" y="{}" font-size="13" fill="#1d2330">Level {level}</text>"##,
            y + row_h * 0.68
        );
        let mut x = label_w;
        let total: usize = by.values().sum();
        for st in STATUSES {
            let n = by.get(&st).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let w = n as f64 / max_total * bar_w;
            let _ = write!(
                s,
                r#"<rect class="seg" data-status="{}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{row_h}" fill="{}"><title>Level {level}: {n} {}</title></rect>"#,
                st.as_str(),
                color(st),
                label(st)
            );
            if w >= 18.0 {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#fff" text-anchor="middle">{n}</text>"##,
                    x + w / 2.0,
                    y + row_h * 0.68
                );
            }
            x += w;
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#5b6475">{total}</text>"##,
            x + 6.0,
            y + row_h * 0.68
        );
    }
    // Legend.
    let ly = rows * (row_h + gap) + 14.0;
    let mut lx = label_w;
    for st in STATUSES {
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="{ly}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="12" fill="#1d2330">{}</text>"##,
            color(st),
            lx + 16.0,
            ly + 10.5,
            label(st)
        );
        lx += 90.0;
    }
    s.push_str("</svg>");
    s
}

fn changes(out: &mut String, d: &Diff) {
    let _ = writeln!(
        out,
        r#"<section id="changes"><h2>Changes since the baseline</h2>"#
    );
    let _ = writeln!(
        out,
        "<p>Baseline <code>{}</code> (as of {}): overall level {} → <strong>{}</strong>.</p>",
        esc(&d.old.label),
        d.old.as_of,
        d.old.overall_level,
        d.new.overall_level
    );
    if d.is_empty() {
        let _ = writeln!(out, "<p>No change.</p></section>");
        return;
    }
    let moved: Vec<_> = d
        .scopes
        .iter()
        .filter(|s| s.change != LevelChange::Unchanged)
        .collect();
    if !moved.is_empty() {
        let _ = writeln!(
            out,
            "<table><thead><tr><th>Scope</th><th>Before</th><th>Now</th><th>Change</th></tr></thead><tbody>"
        );
        for s in moved {
            let lvl = |l: Option<u8>| l.map_or("—".to_string(), |l| l.to_string());
            let _ = writeln!(
                out,
                "<tr><td class=\"res\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s.scope_id),
                lvl(s.old_level),
                lvl(s.new_level),
                match s.change {
                    LevelChange::Dropped => "dropped",
                    LevelChange::Raised => "raised",
                    LevelChange::Added => "scope added",
                    LevelChange::Removed => "scope removed",
                    LevelChange::Unchanged => "",
                }
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    for (title, rows) in [("New failures", &d.new_failures), ("Fixed", &d.fixed)] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{title} ({})</h3><table><thead><tr><th>Rule</th><th>Scope</th><th>Resource</th><th>Detail</th></tr></thead><tbody>",
            rows.len()
        );
        for f in rows.iter().take(MAX_FINDINGS) {
            let _ = writeln!(
                out,
                "<tr><td class=\"rid\">{}</td><td class=\"res\">{}</td><td class=\"res\">{}</td><td>{}{}</td></tr>",
                esc(&f.rule_id),
                esc(&f.scope_id),
                esc(&f.resource),
                esc(&f.message),
                f.note.as_deref().map(|n| format!(" <em>({})</em>", esc(n))).unwrap_or_default()
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    if !d.new_unknowns.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Could not verify any more ({})</h3><ul>",
            d.new_unknowns.len()
        );
        for u in &d.new_unknowns {
            let _ = writeln!(
                out,
                "<li><span class=\"rid\">{}</span> on <span class=\"rid\">{}</span>: {}</li>",
                esc(&u.rule_id),
                esc(&u.scope_id),
                esc(u.reason.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    for (title, rules) in [
        ("Rules added", &d.rules_added),
        ("Rules removed", &d.rules_removed),
    ] {
        if !rules.is_empty() {
            let _ = writeln!(out, "<h3>{title} ({})</h3><ul>", rules.len());
            for r in rules {
                let _ = writeln!(
                    out,
                    "<li><span class=\"rid\">{}</span> {} (level {})</li>",
                    esc(&r.rule_id),
                    esc(&r.title),
                    r.level
                );
            }
            let _ = writeln!(out, "</ul>");
        }
    }
    let _ = writeln!(out, "</section>");
}

/// Renders the whole page.
pub fn render(a: &Assessment, diff: Option<&Diff>) -> String {
    let v = &a.verdict;
    let mut out = String::new();
    let _ = writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = writeln!(
        out,
        "<title>idgauge — identity maturity level {} of {MAX_LEVEL}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        v.overall_level
    );
    let collected = a
        .inputs
        .iter()
        .map(|i| i.collected_at)
        .max()
        .map(|t| format!("data collected {}", t.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<header class=\"top\"><h1 id=\"overall\" data-level=\"{}\">Identity maturity: level {} of {MAX_LEVEL}{}</h1><p>{} — the weakest scope decides. Assessed as of {}; {}.</p></header>\n<main>",
        v.overall_level,
        v.overall_level,
        pips(v.overall_level),
        esc(&v.overall_level_name),
        a.as_of,
        collected
    );

    // Scopes.
    let _ = writeln!(
        out,
        "<section id=\"scopes\"><h2>Level per scope</h2><div class=\"cards\">"
    );
    for sv in &v.scopes {
        let _ = writeln!(
            out,
            "<div class=\"card scope\" data-scope=\"{}\" data-level=\"{}\"><div class=\"id\">{}</div><div>{}</div><div class=\"lvl\">Level {}{}</div><div class=\"muted\">{}</div>",
            esc(&sv.scope_id),
            sv.level,
            esc(&sv.scope_id),
            esc(sv.name.as_deref().unwrap_or("")),
            sv.level,
            pips(sv.level),
            esc(&sv.level_name)
        );
        if let Some(next) = sv.next_level {
            let blocking: Vec<String> = sv
                .blockers
                .iter()
                .filter(|b| b.level == next)
                .map(|b| format!("<span class=\"rid\">{}</span>", esc(&b.rule_id)))
                .collect();
            let _ = writeln!(
                out,
                "<div>To reach level {next}: {}</div>",
                blocking.join(", ")
            );
        }
        for c in &sv.could_not_verify {
            let _ = writeln!(out, "<div class=\"warn\">{}</div>", esc(c));
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</div></section>");

    // Chart.
    let _ = writeln!(
        out,
        "<section id=\"chart\"><h2>Rule status per level</h2><p class=\"muted\">Every rule × scope result, by the level the rule gates.</p>{}</section>",
        chart(a)
    );

    if let Some(d) = diff {
        changes(&mut out, d);
    }

    // Recommendations.
    let _ = writeln!(
        out,
        "<section id=\"recommendations\"><h2>Recommendations</h2>"
    );
    if v.recommendations.is_empty() {
        let _ = writeln!(
            out,
            "<p>Every rule passes. Keep it that way with a CI gate.</p>"
        );
    } else {
        let _ = writeln!(out, "<ol class=\"recs\">");
        for r in &v.recommendations {
            let what = if r.status == Status::Unknown {
                "verify".to_string()
            } else {
                format!("{} affected", r.affected.max(1))
            };
            let _ = writeln!(
                out,
                "<li><span class=\"rid\">{}</span> <strong>{}</strong> <span class=\"muted\">— unlocks level {}, {} severity, {}; {}</span><pre>{}</pre></li>",
                esc(&r.rule_id),
                esc(&r.title),
                r.level,
                r.severity.as_str(),
                what,
                esc(&r.scopes.join(", ")),
                esc(r.recommendation.trim())
            );
        }
        let _ = writeln!(out, "</ol>");
    }
    let _ = writeln!(out, "</section>");

    if !a.reconciliation.is_empty() {
        reconciliation(&mut out, &a.reconciliation);
    }

    // Rules by scope and level.
    let _ = writeln!(out, "<section id=\"rules\"><h2>Rules by level</h2>");
    let _ = write!(out, "<div id=\"filters\" role=\"toolbar\" aria-label=\"Filter by status\"><button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">all ({})</button>", a.results.len());
    for st in STATUSES {
        let n = a.results.iter().filter(|r| r.status == st).count();
        if n > 0 {
            let _ = write!(
                out,
                "<button type=\"button\" data-filter=\"{}\" aria-pressed=\"false\">{} ({n})</button>",
                st.as_str(),
                label(st)
            );
        }
    }
    let _ = writeln!(out, "</div>");
    for sv in &v.scopes {
        let _ = writeln!(
            out,
            "<h3>{} {} — level {}</h3>",
            esc(&sv.scope_id),
            esc(sv.name.as_deref().unwrap_or("")),
            sv.level
        );
        let mine: Vec<_> = a
            .results
            .iter()
            .filter(|r| r.scope_id == sv.scope_id)
            .collect();
        for g in Group::all() {
            let at: Vec<_> = mine.iter().filter(|r| group(r) == g).collect();
            if at.is_empty() {
                continue;
            }
            let _ = writeln!(out, "<h4>{}</h4>", esc(&g.heading()));
            for r in at {
                rule_entry(&mut out, a, r);
            }
        }
    }
    let _ = writeln!(out, "</section>\n</main>");
    let _ = writeln!(
        out,
        "<footer>idgauge {} · results format {} · as of {} · inputs: {}</footer>",
        esc(&a.idgauge_version),
        esc(&a.results_version),
        a.as_of,
        esc(&a
            .inputs
            .iter()
            .map(|i| i.path.as_str())
            .collect::<Vec<_>>()
            .join(", "))
    );
    let _ = writeln!(out, "<script>{JS}</script>\n</body>\n</html>");
    out
}

fn rule_entry(out: &mut String, a: &Assessment, r: &crate::engine::RuleResult) {
    let title = a.rule(&r.rule_id).map_or("", |i| i.title.as_str());
    let affected = match r.status {
        Status::Fail => format!("{} affected", r.findings.len()),
        Status::Excepted => format!("{} excepted", r.excepted.len()),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "<details class=\"rule\" data-status=\"{}\" data-rule=\"{}\"><summary><span class=\"badge\" style=\"background:{}\">{}</span><span class=\"rid\">{}</span> {} <span class=\"aff\">{}</span></summary><div class=\"body\">",
        r.status.as_str(),
        esc(&r.rule_id),
        color(r.status),
        label(r.status),
        esc(&r.rule_id),
        esc(title),
        affected
    );
    if let Some(reason) = &r.reason {
        let _ = writeln!(out, "<p>{}</p>", esc(reason));
    }
    if !r.findings.is_empty() {
        let _ = writeln!(
            out,
            "<table><thead><tr><th>Resource</th><th>Finding</th></tr></thead><tbody>"
        );
        for f in r.findings.iter().take(MAX_FINDINGS) {
            let _ = writeln!(
                out,
                "<tr><td class=\"res\">{}</td><td>{}</td></tr>",
                esc(&f.resource),
                esc(&f.message)
            );
        }
        let _ = writeln!(out, "</tbody></table>");
        if r.findings.len() > MAX_FINDINGS {
            let _ = writeln!(
                out,
                "<p class=\"muted\">… and {} more in the JSON results.</p>",
                r.findings.len() - MAX_FINDINGS
            );
        }
    }
    if !r.excepted.is_empty() {
        let _ = writeln!(out, "<p>Excepted (accepted, not remediated):</p><ul>");
        for e in r.excepted.iter().take(MAX_FINDINGS) {
            let _ = writeln!(
                out,
                "<li><span class=\"res\">{}</span>: {} — {} (until {})</li>",
                esc(&e.finding.resource),
                esc(&e.finding.message),
                esc(&e.justification),
                e.expires
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    for n in &r.notes {
        let _ = writeln!(out, "<p class=\"warn\">{}</p>", esc(n));
    }
    if let Some(info) = a.rule(&r.rule_id).filter(|_| !r.status.satisfies()) {
        let _ = writeln!(
            out,
            "<p><strong>How to fix.</strong></p><pre>{}</pre>",
            esc(info.remediation.trim())
        );
    }
    if !r.evidence.is_empty() {
        let secs: Vec<String> = r
            .evidence
            .iter()
            .map(|e| {
                let how = match (&e.unavailable, &e.source) {
                    (Some(why), _) => format!("unavailable — {why}"),
                    (None, Some(src)) => format!(
                        "{src}{}",
                        e.collected_at
                            .map(|t| format!(", {}", t.format("%Y-%m-%d %H:%M UTC")))
                            .unwrap_or_default()
                    ),
                    (None, None) => "collected".to_string(),
                };
                format!("{} ({})", esc(&e.section), esc(&how))
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">Sections read: {}</p>",
            secs.join("; ")
        );
    }
    if let Some(info) = a.rule(&r.rule_id) {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} · References: {}</p>",
            esc(&info.path),
            esc(&info.references.join("; "))
        );
    }
    let _ = writeln!(out, "</div></details>");
}

/// Each scope's reconciliation with the directory: counts and the lifecycle latencies.
fn reconciliation(out: &mut String, rs: &[crate::results::ScopeReconciliation]) {
    let _ = writeln!(
        out,
        "<section id=\"reconciliation\"><h2>Reconciliation with the directory</h2><p class=\"muted\">Latencies in hours; no rule gates on them. The cloud records no time of disabling, so a disabled leaver's figure is an upper bound and an enabled one's a lower bound.</p>"
    );
    for r in rs {
        let _ = writeln!(
            out,
            "<h3>{}</h3><p class=\"muted\">{}</p>",
            esc(&r.scope_id),
            esc(&r.repository)
        );
        if let Some(why) = &r.unavailable {
            let _ = writeln!(out, "<p class=\"warn\">Not reconciled — {}</p>", esc(why));
            continue;
        }
        let _ = writeln!(
            out,
            "<p>{} of {} accounts joined with {} people (keys {}): orphans {}, enabled leavers {}, local accounts {} (shadows {}), drift {}.</p>",
            r.matched,
            r.accounts,
            r.people,
            esc(&r.join_keys.join(", ")),
            r.orphans,
            r.enabled_leavers,
            r.local_accounts,
            r.shadows,
            r.drift
        );
        let _ = writeln!(out, "<table class=\"latency\"><thead><tr><th>Measure</th><th>Measured</th><th>Median</th><th>p90</th><th>Max</th><th>Not measured (why)</th></tr></thead><tbody>");
        for (what, l) in [
            ("Provisioning", &r.provisioning),
            ("Deprovisioning overdue", &r.deprovisioning_overdue),
            ("Deprovisioning done", &r.deprovisioning_done),
            ("Directory disabling", &r.directory_disabling),
        ] {
            let h = |v: Option<i64>| v.map_or("–".to_string(), |v| v.to_string());
            let why: Vec<String> = l
                .unmeasured
                .iter()
                .map(|(k, v)| format!("{}: {v}", esc(k)))
                .collect();
            let _ = writeln!(
                out,
                "<tr data-measure=\"{}\"><td title=\"{}\">{what}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&what.to_ascii_lowercase().replace(' ', "-")),
                esc(&l.measures),
                l.samples,
                if l.upper_bounds > 0 {
                    format!(" ({} upper bounds)", l.upper_bounds)
                } else {
                    String::new()
                },
                h(l.median_hours),
                h(l.p90_hours),
                h(l.max_hours),
                why.join("<br>")
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let _ = writeln!(out, "</section>");
}

/// The page with the identity map's "People and their accounts" section at the end of the main
/// content (nothing added when the map is empty).
pub fn render_with_identities(
    a: &Assessment,
    diff: Option<&Diff>,
    map: &crate::reconcile::IdentityMap,
) -> String {
    let mut page = render(a, diff);
    let section = super::identities::html_section(map);
    if let Some(i) = page.rfind("</main>") {
        page.insert_str(i, &section);
    }
    page
}
