//! The identity map report: `--format identities` (JSON) and the HTML report's "People and
//! their accounts" section — each person once, with every account across clouds, whether it is
//! federated or local, its MFA state and last use.

use super::html::esc;
use crate::reconcile::{IdentityMap, MapAccount};
use std::fmt::Write as _;

/// The identity map as pretty JSON with a trailing newline.
pub fn json(map: &IdentityMap) -> String {
    let mut s = serde_json::to_string_pretty(map).expect("the identity map serializes");
    s.push('\n');
    s
}

fn mfa(a: &MapAccount) -> &'static str {
    match (a.mfa, a.phishing_resistant_mfa) {
        (_, true) => "phishing-resistant",
        (Some(true), false) => "yes",
        (Some(false), _) => "none",
        (None, _) => "unknown",
    }
}

fn row(out: &mut String, a: &MapAccount) {
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(&a.scope),
        esc(&a.name),
        esc(&a.source),
        if a.federated { "fed" } else { "local" },
        if a.federated { "federated" } else { "local" },
        if a.enabled { "enabled" } else { "disabled" },
        mfa(a),
        a.last_used
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "never / unknown".into()),
    );
}

const HEAD: &str = "<tr><th>Scope</th><th>Account</th><th>Source</th><th>Sign-in</th><th>State</th><th>MFA</th><th>Last use</th></tr>";

/// The HTML section (empty when no scope has human accounts and no repository was given).
pub fn html_section(map: &IdentityMap) -> String {
    let with_accounts: Vec<_> = map
        .people
        .iter()
        .filter(|p| !p.accounts.is_empty())
        .collect();
    if with_accounts.is_empty() && map.unmatched.is_empty() && map.repository.is_none() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section id=\"identities\"><h2>People and their accounts</h2>"
    );
    let _ = writeln!(
        out,
        "<p class=\"muted\">Identity repository: {}. {} people, {} with cloud accounts; {} accounts owned by no person of the repository.</p>",
        map.repository
            .as_deref()
            .map(esc)
            .unwrap_or_else(|| "none given (accounts grouped by e-mail or name; give --directory to reconcile)".into()),
        map.people.len(),
        with_accounts.len(),
        map.unmatched.len()
    );
    if !map.repository_evidence.is_empty() {
        let _ = writeln!(
            out,
            "<h3>What the clouds show of an identity repository</h3><ul>"
        );
        for e in &map.repository_evidence {
            let _ = writeln!(out, "<li>{}</li>", esc(e));
        }
        let _ = writeln!(out, "</ul>");
    }
    for g in &map.gaps {
        let _ = writeln!(out, "<p class=\"warn\">Not read: {}</p>", esc(g));
    }
    for p in with_accounts {
        let _ =
            writeln!(
            out,
            "<details class=\"person\"><summary>{}{}{}{} — {} account(s)</summary><table>{HEAD}",
            esc(p.display_name.as_deref().unwrap_or(&p.id)),
            p.email
                .as_deref()
                .map(|e| format!(" &lt;{}&gt;", esc(e)))
                .unwrap_or_default(),
            if p.in_directory { "" } else { " (not in a directory)" },
            if p.leaver {
                format!(
                    " <strong>leaver{}</strong>",
                    p.left_at
                        .map(|t| format!(" since {}", t.format("%Y-%m-%d")))
                        .unwrap_or_default()
                )
            } else {
                String::new()
            },
            p.accounts.len()
        );
        for a in &p.accounts {
            row(&mut out, a);
        }
        let _ = writeln!(out, "</table></details>");
    }
    if !map.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Accounts no person owns ({})</h3><table>{HEAD}",
            map.unmatched.len()
        );
        for a in &map.unmatched {
            row(&mut out, a);
        }
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(out, "</section>");
    out
}
