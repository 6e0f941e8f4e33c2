//! The module dependency graph follows the pipeline one way (docs/architecture.md): each
//! top-level module of `src/` may use only the modules listed for it below, so the graph has no
//! cycle and, say, a report cannot reach a provider or a rule file. Read from the source: every
//! `crate::<module>` path outside comments and `#[cfg(test)]` code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → the modules it may depend on. A new top-level module must be added here.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("maturity", &[]),
    ("build_info", &[]),
    ("config", &["model"]),
    // The directory provider reads its attribute map from idgauge.toml's [directory] table.
    ("providers", &["model", "config"]),
    ("reconcile", &["model", "config"]),
    ("engine", &["model", "config", "maturity"]),
    ("verdict", &["engine", "model", "maturity"]),
    (
        "results",
        &[
            "engine",
            "model",
            "verdict",
            "providers",
            "build_info",
            "maturity",
        ],
    ),
    ("baseline", &["results", "engine", "model"]),
    (
        "report",
        &[
            "results",
            "baseline",
            "engine",
            "verdict",
            "model",
            "build_info",
            "maturity",
            "reconcile",
        ],
    ),
    ("synth", &["model"]),
    (
        "cli",
        &[
            "model",
            "maturity",
            "build_info",
            "config",
            "providers",
            "engine",
            "verdict",
            "results",
            "baseline",
            "report",
            "synth",
            "reconcile",
        ],
    ),
];

fn rust_files(p: &Path, out: &mut Vec<std::path::PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            rust_files(&e.unwrap().path(), out);
        }
    } else if p.extension().is_some_and(|x| x == "rs") {
        out.push(p.to_path_buf());
    }
}

/// `crate::<module>` references in non-test, non-comment code.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            // Test modules sit at the end of a file by convention here.
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let mut rest = t;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        // `use crate::{a, b::c}` groups.
        if let Some(group) = t.strip_prefix("use crate::{") {
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = common::root().join("src");
    let mut graph = BTreeMap::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&p, &mut files);
        let mut deps = BTreeSet::new();
        for f in files {
            deps.extend(uses(&std::fs::read_to_string(&f).unwrap()));
        }
        deps.remove(&name);
        graph.insert(name, deps);
    }
    graph
}

#[test]
fn modules_depend_only_downwards() {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect();
    let mut problems = Vec::new();
    for (module, deps) in module_graph() {
        let Some(ok) = allowed.get(module.as_str()) else {
            problems.push(format!(
                "src/{module} is not in tests/architecture.rs ALLOWED: add it with what it may use"
            ));
            continue;
        };
        for d in deps {
            if !ok.contains(d.as_str()) {
                problems.push(format!("{module} uses crate::{d}, which it may not"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_allowed_graph_has_no_cycle() {
    // Kahn's algorithm over ALLOWED itself: if the table is acyclic, so is every graph it allows.
    let mut indeg: BTreeMap<&str, usize> = ALLOWED.iter().map(|(m, _)| (*m, 0)).collect();
    for (_, deps) in ALLOWED {
        for d in *deps {
            *indeg.get_mut(d).expect("a dependency is itself listed") += 1;
        }
    }
    let mut ready: Vec<&str> = indeg
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(m, _)| *m)
        .collect();
    let mut seen = 0;
    while let Some(m) = ready.pop() {
        seen += 1;
        let deps = ALLOWED.iter().find(|(x, _)| *x == m).unwrap().1;
        for d in deps {
            let n = indeg.get_mut(d).unwrap();
            *n -= 1;
            if *n == 0 {
                ready.push(d);
            }
        }
    }
    assert_eq!(seen, ALLOWED.len(), "ALLOWED has a cycle");
}

#[test]
fn the_scanner_sees_uses() {
    let u = uses("use crate::results::{fingerprint, Assessment};\nuse crate::{engine, model::X};\n// crate::report\nlet x = crate::verdict::decide();\n#[cfg(test)]\nuse crate::cli;");
    let got: Vec<&str> = u.iter().map(String::as_str).collect();
    assert_eq!(got, ["engine", "model", "results", "verdict"]);
}
