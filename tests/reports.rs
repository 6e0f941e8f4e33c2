//! The report formats as their consumers see them: SARIF validated against the official SARIF
//! 2.1.0 schema and checked for what GitHub code scanning needs, JUnit parsed as XML with
//! matching counts, Markdown and OCSF content, the HTML page opened in headless Chromium (no
//! console errors, key elements present after its script ran, a screenshot kept as an artifact),
//! several formats in one run, and byte-identical output across runs for every format.

mod common;

use common::{idgauge, root};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ACCOUNT: &str = "aws:account:111122223333";
const FORMATS: [&str; 7] = [
    "table", "json", "sarif", "junit", "markdown", "html", "ocsf",
];

fn fixture(p: &str) -> String {
    root()
        .join("fixtures/snapshots/aws")
        .join(p)
        .to_str()
        .unwrap()
        .to_string()
}

/// `assess --format F` of `inputs` (plus `extra` args) at the fixed date; stdout as a string.
fn report(format: &str, inputs: &[&str], extra: &[&str]) -> String {
    let mut cmd = idgauge();
    cmd.args(["assess", "--format", format]);
    if !extra.contains(&"--as-of") {
        cmd.args(["--as-of", "2026-11-27"]);
    }
    let out = cmd.args(extra).args(inputs).output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's two `language` patterns end `{2}]?$`: a stray `]` that ECMA-262
    // reads as a literal but the meta-schema's strict "regex" format check rejects. Escaping it
    // keeps its meaning; nothing else in the file is touched.
    let stray = "[a-zA-Z]{2}]?$";
    assert_eq!(
        text.matches(stray).count(),
        2,
        "the schema changed: review this fix"
    );
    let text = text.replace(stray, "[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema_and_suits_github() {
    let validator = sarif_validator();
    let cfg = fixture("expired-exception/idgauge.toml");
    for (inputs, extra) in [
        (vec![fixture("level2.json")], vec![]),
        (vec![fixture("cloudtrail-denied.json")], vec![]),
        (vec![fixture("org/snapshot.json")], vec![]),
        // Excepted findings become suppressed results.
        (
            vec![fixture("expired-exception/snapshot.json")],
            vec!["--config", cfg.as_str(), "--as-of", "2026-06-01"],
        ),
    ] {
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let text = report("sarif", &inputs, &extra);
        let doc: Value = serde_json::from_str(&text).unwrap();
        let errors = schema_errors(&validator, &doc);
        assert!(errors.is_empty(), "{inputs:?}: {errors:#?}");

        assert_eq!(doc["version"], "2.1.0");
        assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let runs = doc["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "idgauge");
        assert!(driver["version"].is_string());
        let rules = driver["rules"].as_array().unwrap();
        assert!(rules.len() >= 20);
        for r in rules {
            let p = &r["properties"];
            let sev: f64 = p["security-severity"].as_str().unwrap().parse().unwrap();
            assert!((0.1..=10.0).contains(&sev), "{r}");
            assert!(p["tags"].as_array().unwrap().contains(&"security".into()));
            assert!((2..=5).contains(&p["level"].as_u64().unwrap()));
            assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
            assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
            let md = r["help"]["markdown"].as_str().unwrap();
            assert!(
                md.contains("How to fix") && md.contains("References"),
                "{md}"
            );
        }
        let results = runs[0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        let mut fingerprints = std::collections::BTreeSet::new();
        for res in results {
            // GitHub rejects results without a physical location.
            let loc = &res["locations"][0];
            let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(uri.starts_with("rules/") && uri.ends_with(".rego"), "{uri}");
            assert!(root().join(uri).exists(), "{uri} is not a file");
            assert_eq!(loc["physicalLocation"]["region"]["startLine"], 1);
            let logical = &loc["logicalLocations"][0];
            assert_eq!(logical["kind"], "resource");
            assert!(!logical["fullyQualifiedName"].as_str().unwrap().is_empty());
            let fp = res["partialFingerprints"]["idgaugeFindingHash/v1"]
                .as_str()
                .unwrap();
            assert_eq!(fp.len(), 64);
            assert!(fingerprints.insert(fp.to_string()), "duplicate {fp}");
            let rule = &rules[res["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(rule["id"], res["ruleId"]);
        }
    }
}

#[test]
fn sarif_results_map_failures_unknowns_and_resources() {
    let doc: Value =
        serde_json::from_str(&report("sarif", &[&fixture("cloudtrail-denied.json")], &[])).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    // An unknown is reported (note), never silently dropped.
    let unknown = results
        .iter()
        .find(|r| r["ruleId"] == "IDG-AWS-005")
        .expect("unknown IDG-AWS-005 is a result");
    assert_eq!(unknown["level"], "note");
    assert_eq!(unknown["properties"]["status"], "unknown");
    assert!(unknown["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Could not verify"));
    // A failing IAM user is located by its ARN.
    let doc: Value =
        serde_json::from_str(&report("sarif", &[&fixture("level1.json")], &[])).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let shared = results
        .iter()
        .find(|r| {
            r["ruleId"] == "IDG-AWS-001"
                && r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .ends_with("user/admin")
        })
        .expect("IDG-AWS-001 on user/admin");
    assert_eq!(shared["level"], "error");
    assert_eq!(shared["properties"]["status"], "fail");
}

#[test]
fn sarif_fingerprints_are_stable_across_snapshots() {
    // The same account assessed from two snapshots: a resource failing the same rule in both
    // keeps its fingerprint, whatever the message says.
    let fps = |f: &str| -> std::collections::BTreeMap<(String, String), String> {
        let doc: Value = serde_json::from_str(&report("sarif", &[&fixture(f)], &[])).unwrap();
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    (
                        r["ruleId"].as_str().unwrap().to_string(),
                        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    ),
                    r["partialFingerprints"]["idgaugeFindingHash/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let (a, b) = (fps("level1.json"), fps("level2.json"));
    let common: Vec<_> = a.keys().filter(|k| b.contains_key(*k)).collect();
    assert!(!common.is_empty());
    for k in common {
        assert_eq!(a[k], b[k], "{k:?}");
    }
}

#[test]
fn a_broken_sarif_fails_the_schema_check() {
    // Proves the schema test can fail: each of these breaks the official schema.
    let validator = sarif_validator();
    let good: Value =
        serde_json::from_str(&report("sarif", &[&fixture("level2.json")], &[])).unwrap();
    assert!(schema_errors(&validator, &good).is_empty());
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 4] = [
        ("wrong version", |d| d["version"] = "2.0.0".into()),
        ("result without message", |d| {
            d["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
        }),
        ("bad level", |d| {
            d["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("startLine 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into()
        }),
    ];
    for (what, f) in breakages {
        let mut bad = good.clone();
        f(&mut bad);
        assert!(
            !schema_errors(&validator, &bad).is_empty(),
            "{what}: the schema accepted a broken log"
        );
    }
}

#[test]
fn junit_is_well_formed_with_matching_counts() {
    for f in ["level2.json", "cloudtrail-denied.json", "org/snapshot.json"] {
        let xml = report("junit", &[&fixture(f)], &[]);
        let json: Value = serde_json::from_str(&report("json", &[&fixture(f)], &[])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{f}: {e}\n{xml}"));
        let root_el = doc.root_element();
        assert_eq!(root_el.tag_name().name(), "testsuites");
        let results = json["results"].as_array().unwrap();
        let count = |st: &[&str]| {
            results
                .iter()
                .filter(|r| st.contains(&r["status"].as_str().unwrap()))
                .count()
        };
        let attr = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
        assert_eq!(attr(root_el, "tests"), results.len(), "{f}");
        assert_eq!(attr(root_el, "failures"), count(&["fail"]), "{f}");
        assert_eq!(
            attr(root_el, "skipped"),
            count(&["unknown", "not_applicable"]),
            "{f}"
        );
        let suites: Vec<_> = root_el
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(
            suites.len(),
            json["verdict"]["scopes"].as_array().unwrap().len()
        );
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), results.len());
        let failures = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        let skipped = doc
            .descendants()
            .filter(|n| n.has_tag_name("skipped"))
            .count();
        assert_eq!(failures, count(&["fail"]));
        assert_eq!(skipped, count(&["unknown", "not_applicable"]));
        for s in &suites {
            let n = s.children().filter(|c| c.has_tag_name("testcase")).count();
            assert_eq!(attr(*s, "tests"), n);
        }
    }
    // Evidence lines and names as a CI test tab shows them.
    let xml = report("junit", &[&fixture("level1.json")], &[]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let case = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase") && n.attribute("name").unwrap().starts_with("IDG-AWS-001 ")
        })
        .unwrap();
    assert_eq!(case.attribute("classname"), Some(ACCOUNT));
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.text().unwrap().contains("user/admin"), "{xml}");
}

#[test]
fn junit_and_markdown_escape_hostile_names() {
    let d = tempfile::tempdir().unwrap();
    let rule = r#"package idgauge.rules.aws.acme_x
import rego.v1
metadata := {
  "id": "ACME-X", "title": "Hostile <b>&\"names\"</b> | pipes", "provider": "aws", "scope_kinds": ["account"],
  "level": 2, "severity": "low", "requires": ["principals"],
  "description": "d", "rationale": "r", "recommendation": "fix | it",
  "references": ["NIST SP 800-53 AC-2"],
}
findings contains {"resource": "arn:aws:iam::1:user/<script>|@team", "message": "bad & <worse> | @team ]]> \u0001"} if { true }
"#;
    std::fs::write(d.path().join("x.rego"), rule).unwrap();
    let rules = d.path().to_str().unwrap();
    let xml = report("junit", &[&fixture("level2.json")], &["--rules", rules]);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name").unwrap().starts_with("ACME-X"))
        .unwrap();
    assert_eq!(
        case.attribute("name"),
        Some("ACME-X Hostile <b>&\"names\"</b> | pipes")
    );
    let md = report("markdown", &[&fixture("level2.json")], &["--rules", rules]);
    let line = md
        .lines()
        .find(|l| l.contains("ACME") && l.contains("fail"))
        .unwrap();
    assert!(!line.contains("<b>") && !line.contains("@team"), "{line}");
    assert!(line.contains(r"\| pipes"), "{line}");
    // Still six cells: every pipe from the data is escaped, so the row has seven bare ones.
    let bare = line.replace(r"\|", "");
    assert_eq!(bare.matches('|').count(), 7, "{line}");
    let html = report("html", &[&fixture("level2.json")], &["--rules", rules]);
    assert!(!html.contains("<script>|@team"), "unescaped data in HTML");
    assert!(html.contains("&lt;script&gt;|@team"));
    let sarif: Value = serde_json::from_str(&report(
        "sarif",
        &[&fixture("level2.json")],
        &["--rules", rules],
    ))
    .unwrap();
    let uri = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ACME-X")
        .unwrap()["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("x.rego"),
        "{uri}"
    );
    assert!(schema_errors(&sarif_validator(), &sarif).is_empty());
}

#[test]
fn markdown_is_a_pr_comment() {
    let md = report("markdown", &[&fixture("level2.json")], &[]);
    assert!(
        md.starts_with("## idgauge: identity maturity level 2 of 5"),
        "{md}"
    );
    assert!(md.contains("| Scope | Level | Next level blocked by |"));
    assert!(
        md.contains("aws:account:111122223333 (fernhill\\-prod)")
            || md.contains("aws:account:111122223333 (fernhill-prod)"),
        "{md}"
    );
    assert!(md.contains("### Top recommendations"));
    assert!(md.contains("<details><summary>All rule results"));
    assert!(md.trim_end().ends_with("</details>"));
    assert!(!md.contains("Changes since the baseline"));
    assert!(md.len() < 65_536, "fits a GitHub comment");
}

#[test]
fn ocsf_lines_are_detection_findings() {
    let text = report("ocsf", &[&fixture("cloudtrail-denied.json")], &[]);
    let json: Value =
        serde_json::from_str(&report("json", &[&fixture("cloudtrail-denied.json")], &[])).unwrap();
    let results = json["results"].as_array().unwrap();
    let expected: usize = results
        .iter()
        .map(|r| match r["status"].as_str().unwrap() {
            "fail" => r["findings"].as_array().unwrap().len(),
            "unknown" => 1,
            _ => 0,
        })
        .sum();
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(events.len(), expected);
    let collected =
        chrono::DateTime::parse_from_rfc3339(json["inputs"][0]["collected_at"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
    let mut uids = std::collections::BTreeSet::new();
    for e in &events {
        assert_eq!(e["class_uid"], 2004);
        assert_eq!(e["category_uid"], 2);
        assert_eq!(e["activity_id"], 1);
        assert_eq!(e["type_uid"], 200401);
        assert!((1..=6).contains(&e["severity_id"].as_u64().unwrap()));
        assert_eq!(e["time"], collected);
        assert_eq!(e["metadata"]["product"]["name"], "idgauge");
        assert!(e["metadata"]["version"].as_str().unwrap().starts_with("1."));
        assert_eq!(e["cloud"]["provider"], "AWS");
        assert_eq!(e["cloud"]["account"]["uid"], "111122223333");
        assert!(!e["finding_info"]["title"].as_str().unwrap().is_empty());
        assert!(uids.insert(e["finding_info"]["uid"].as_str().unwrap().to_string()));
        assert!(!e["resources"][0]["uid"].as_str().unwrap().is_empty());
        assert!(!e["remediation"]["desc"].as_str().unwrap().is_empty());
        assert!(e["unmapped"]["maturity_level"].as_u64().is_some());
    }
    let unknown = events
        .iter()
        .find(|e| e["unmapped"]["rule_id"] == "IDG-AWS-005")
        .unwrap();
    assert_eq!(unknown["status_code"], "UNKNOWN");
    assert!(unknown["message"]
        .as_str()
        .unwrap()
        .contains("AccessDenied"));
}

#[test]
fn several_formats_in_one_run() {
    let d = tempfile::tempdir().unwrap();
    let p = |n: &str| d.path().join(n).to_str().unwrap().to_string();
    let out = idgauge()
        .args(["assess", "--as-of", "2026-11-27"])
        .args(["--format", "sarif", "--output", &p("r.sarif")])
        .args(["--format", "html", "--output", &p("r.html")])
        .args(["--format", "json", "-o", &p("r.json")])
        .args(["--format", "junit", "--output", &p("r.xml")])
        .args(["--format", "ocsf", "--output", &p("r.ocsf")])
        .args(["--format", "markdown", "--output", &p("r.md")])
        .args(["--format", "table"])
        .arg(fixture("level3.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("Overall maturity: level 3 of 5"),
        "{stdout}"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(p("r.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(p("r.html"))
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(p("r.json")).unwrap()).unwrap();
    assert_eq!(json["verdict"]["overall_level"], 3);
    assert!(std::fs::read_to_string(p("r.xml"))
        .unwrap()
        .starts_with("<?xml"));
    assert!(std::fs::read_to_string(p("r.md"))
        .unwrap()
        .starts_with("## idgauge"));
    assert!(!std::fs::read_to_string(p("r.ocsf")).unwrap().is_empty());

    // Two reports without a file cannot share standard output.
    common::assert_error(
        &[
            "assess",
            "--format",
            "json",
            "--format",
            "sarif",
            &fixture("level3.json"),
        ],
        &["only one report can go to standard output"],
    );
    common::assert_error(
        &[
            "assess",
            "--format",
            "json",
            "-o",
            &p("a"),
            "-o",
            &p("b"),
            &fixture("level3.json"),
        ],
        &["has no --format before it"],
    );
    common::assert_error(
        &["assess", "--format", "pdf", &fixture("level3.json")],
        &["pdf"],
    );
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let inputs = [fixture("org/snapshot.json"), fixture("level4.json")];
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let d = tempfile::tempdir().unwrap();
    let base = d.path().join("base.json");
    std::fs::write(&base, report("json", &[&fixture("level3.json")], &[])).unwrap();
    for f in FORMATS {
        let a = report(f, &inputs, &[]);
        assert!(!a.is_empty(), "{f}");
        assert_eq!(a, report(f, &inputs, &[]), "{f} differs between runs");
        // With a baseline too (markdown, html and sarif render the comparison).
        let extra = ["--baseline", base.to_str().unwrap(), "--fail-on", "none"];
        let b = report(f, &[&fixture("level2.json")], &extra);
        assert_eq!(
            b,
            report(f, &[&fixture("level2.json")], &extra),
            "{f} with baseline"
        );
    }
}

/// Headless Chromium, isolated: a fresh profile, no network services, no GPU.
fn chromium(args: &[&str], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Console errors and uncaught exceptions in Chromium's log.
fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("Uncaught") || (l.contains(":CONSOLE") && l.contains("ERROR")))
        .collect()
}

fn have_chromium() -> bool {
    if Path::new("/usr/bin/chromium").exists() {
        return true;
    }
    if std::env::var_os("IDGAUGE_REQUIRE_CHROMIUM").is_some() {
        panic!("IDGAUGE_REQUIRE_CHROMIUM is set but /usr/bin/chromium is missing (apt-get install chromium)");
    }
    eprintln!("\n!!!!!!!! SKIPPED: /usr/bin/chromium is not installed; the HTML report was NOT tested in a browser. `apt-get install chromium`, or run scripts/test.sh. !!!!!!!!\n");
    false
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = report("html", &[&fixture("org/snapshot.json")], &[]);
    for bad in [
        "<script src",
        "<link",
        "@import",
        "url(",
        "<img",
        "<iframe",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(
            !html.contains(bad),
            "external asset marker {bad:?} in the report"
        );
    }
    for id in [
        "id=\"overall\"",
        "id=\"scopes\"",
        "id=\"status-chart\"",
        "id=\"recommendations\"",
        "id=\"rules\"",
        "id=\"filters\"",
    ] {
        assert!(html.contains(id), "{id}");
    }
}

#[test]
fn html_report_in_headless_chromium() {
    if !have_chromium() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("report.html");
    let base = d.path().join("base.json");
    std::fs::write(&base, report("json", &[&fixture("level3.json")], &[])).unwrap();
    std::fs::write(
        &page,
        report(
            "html",
            &[&fixture("level2.json")],
            &["--baseline", base.to_str().unwrap(), "--fail-on", "none"],
        ),
    )
    .unwrap();
    let url = format!("file://{}", page.display());

    let (dom, log) = chromium(&["--dump-dom"], &url);
    let errors = console_errors(&log);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    // The script ran (it marks the body) and set up the filter buttons.
    assert!(
        dom.contains("data-js=\"ready\""),
        "script did not run:\n{dom}"
    );
    assert!(
        dom.contains("data-filter=\"fail\" aria-pressed=\"false\""),
        "{dom}"
    );
    assert!(dom.contains("id=\"overall\" data-level=\"2\""));
    assert!(dom.contains("data-scope=\"aws:account:111122223333\" data-level=\"2\""));
    assert!(dom.contains("<svg id=\"status-chart\""));
    assert!(dom.contains("class=\"seg\" data-status=\"fail\""));
    assert!(dom.contains("id=\"changes\""), "baseline changes section");
    assert!(dom.contains("<details class=\"rule\" data-status=\"fail\" data-rule=\"IDG-AWS-013\""));
    assert!(dom.contains("user/amara.lindqvist"), "evidence drill-down");

    // A screenshot, kept for people to look at.
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let (_, log) = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
        &url,
    );
    assert!(console_errors(&log).is_empty());
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("{}: {e}\n{log}", shot.display()));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn the_console_check_catches_a_script_error() {
    if !have_chromium() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><script>document.body.setAttribute('data-js','ready'); null.boom();</script></body></html>",
    )
    .unwrap();
    let (_, log) = chromium(&["--dump-dom"], &format!("file://{}", page.display()));
    assert!(
        !console_errors(&log).is_empty(),
        "a page that throws was not caught; log:\n{log}"
    );
}
