//! The identity repository offline: importing its exports (recognised by content, bad input
//! named by file and line, exit 2), the IDG-ALL rules "not assessed" without a directory and
//! gating with one, reconciliation that cannot read a scope's accounts made unknown, and the
//! identity map (JSON and HTML). The live LDAP read is tested against slapd in ldap_live.rs.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn clouds() -> PathBuf {
    root().join("fixtures/snapshots/directory/clouds.json")
}

fn config() -> PathBuf {
    root().join("fixtures/snapshots/directory/idgauge.toml")
}

fn export(name: &str) -> String {
    root()
        .join("fixtures/exports/directory")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> std::process::Output {
    idgauge()
        .arg("assess")
        .arg(clouds())
        .arg("-c")
        .arg(config())
        .args(["--as-of", "2026-11-20"])
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (rule, scope, status, reason) of every IDG-ALL result, sorted.
fn dir(doc: &Value) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_id"].as_str().unwrap().starts_with("IDG-ALL-"))
        .map(|r| {
            (
                r["rule_id"].as_str().unwrap().to_string(),
                r["scope_id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn without_a_directory_the_rules_are_not_assessed_and_do_not_gate() {
    let doc = json_of(&run(&["--format", "json"]));
    let rs = dir(&doc);
    assert_eq!(rs.len(), 10, "5 rules × 2 scopes: {rs:#?}");
    for (rule, scope, status, reason) in &rs {
        assert_eq!(status, "not_applicable", "{rule} {scope}");
        assert!(
            reason.starts_with("not assessed — give --directory or an export"),
            "{reason}"
        );
    }
}

#[test]
fn with_a_directory_the_rules_gate_and_can_only_lower_the_level() {
    let levels = |doc: &Value| -> Vec<(String, u64)> {
        doc["verdict"]["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["scope_id"].as_str().unwrap().to_string(),
                    s["level"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let without = levels(&json_of(&run(&["--format", "json"])));
    let ldif = export("people.ldif");
    let doc = json_of(&run(&["--format", "json", "--directory", &ldif]));
    let with = levels(&doc);
    for ((s1, l1), (s2, l2)) in without.iter().zip(&with) {
        assert_eq!(s1, s2);
        assert!(l2 <= l1, "{s1}: {l1} → {l2}");
        // Both scopes have orphans, a level-3 gate.
        assert!(*l2 <= 2, "{s1} reached {l2} with orphan accounts");
    }
    let rs = dir(&doc);
    assert!(rs.iter().all(|r| r.2 != "not_applicable"), "{rs:#?}");
}

#[test]
fn ldif_ad_csv_and_hr_merge_agree_offline() {
    let hr = export("hr.csv");
    let a = dir(&json_of(&run(&[
        "--format",
        "json",
        "--directory",
        &export("people.ldif"),
        "--directory",
        &hr,
    ])));
    let b = dir(&json_of(&run(&[
        "--format",
        "json",
        "--directory",
        &export("ad-users.csv"),
        "--directory",
        &hr,
    ])));
    assert_eq!(a, b);
}

#[test]
fn an_hr_export_alone_is_a_directory() {
    // HR knows nina left on 2026-11-15: her IAM user is a leaver's account; everyone else in
    // the cloud that HR does not list is an orphan.
    let doc = json_of(&run(&[
        "--format",
        "json",
        "--directory",
        &export("hr.csv"),
    ]));
    let r = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "IDG-ALL-004" && r["scope_id"] == "aws:account:111122223333")
        .unwrap();
    assert_eq!(r["status"], "fail");
    assert_eq!(
        r["findings"][0]["resource"],
        "arn:aws:iam::111122223333:user/nina@example.org"
    );
}

#[test]
fn bad_directory_input_names_file_and_line_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "bad.ldif",
            "dn: uid=a,dc=x\nobjectClass: inetOrgPerson\nmail a@x\n",
            "bad.ldif:3: expected `attribute: value`",
        ),
        (
            "trunc.csv",
            "id,email,status,end_date\n1,a@x,active,\n2,b@x\n",
            "trunc.csv:3: bad CSV row",
        ),
        (
            "date.csv",
            "id,email,status,end_date\n1,a@x,active,\n2,b@x,terminated,31st of May\n",
            "date.csv:3: 2: unrecognised date \"31st of May\"",
        ),
        (
            "uac.ldif",
            "dn: CN=a,DC=x\nobjectClass: user\nuserAccountControl: lots\n",
            "uac.ldif:1: CN=a,DC=x: userAccountControl \"lots\" is not a number",
        ),
        (
            "what.txt",
            "hello world\n",
            "what.txt: not a recognised directory export",
        ),
    ];
    for (name, text, want) in cases {
        let p = write(d.path(), name, text);
        let out = run(&["--directory", &p]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("{}/{want}", d.path().display())),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = run(&["--directory", "/nonexistent/people.ldif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/people.ldif: cannot read"));
}

#[test]
fn an_unknown_join_key_is_a_config_error() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "idgauge.toml",
        "[directory]\njoin_keys = [\"email\", \"shoe_size\"]\n",
    );
    let out = idgauge()
        .arg("assess")
        .arg(clouds())
        .args(["-c", &cfg, "--directory", &export("hr.csv")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown key \"shoe_size\""));
}

#[test]
fn unreadable_accounts_make_the_rules_unknown_never_pass() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(clouds()).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["scopes"][1]["sections"]["principals"] = serde_json::json!({
        "status": "unavailable",
        "source": "graph:users",
        "reason": {"kind": "access_denied", "message": "Authorization_RequestDenied"}
    });
    let p = write(d.path(), "clouds.json", &v.to_string());
    let out = idgauge()
        .args(["assess", &p, "-c"])
        .arg(config())
        .args([
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "--directory",
            &export("people.ldif"),
        ])
        .output()
        .unwrap();
    let doc = json_of(&out);
    for (rule, scope, status, reason) in dir(&doc) {
        if scope.starts_with("azure:") {
            assert_eq!(status, "unknown", "{rule}");
            assert!(reason.contains("Authorization_RequestDenied"), "{reason}");
        }
    }
}

#[test]
fn identity_map_json_is_deterministic_and_html_has_the_section() {
    let args = [
        "--format",
        "identities",
        "--directory",
        &export("people.ldif"),
    ];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(a.stdout, b.stdout);
    let map = json_of(&a);
    assert_eq!(map["identity_map_version"], "1.0");
    assert_eq!(map["people"].as_array().unwrap().len(), 118);
    let lee = map["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "uid=lee,ou=leavers,dc=example,dc=org")
        .unwrap();
    assert_eq!(lee["leaver"], true);
    assert_eq!(lee["accounts"][0]["name"], "lee@example.org");
    assert_eq!(lee["accounts"][0]["source"], "synced");
    assert_eq!(lee["accounts"][0]["mfa"], true);

    let html = run(&["--format", "html", "--directory", &export("people.ldif")]);
    let page = String::from_utf8(html.stdout).unwrap();
    assert!(page.contains("<section id=\"identities\"><h2>People and their accounts</h2>"));
    assert!(page.contains("Accounts no person owns (2)"));
    // Without a directory, accounts are still grouped into people by e-mail.
    let map = json_of(&run(&["--format", "identities"]));
    assert!(map["repository"].is_null());
    let ann = map["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ann@example.org")
        .unwrap();
    assert_eq!(ann["in_directory"], false);
}

#[test]
fn a_directory_snapshot_is_accepted_as_an_assess_input() {
    // `collect ldap` output (no scopes, an identity repository) beside the clouds' snapshot.
    let d = tempfile::tempdir().unwrap();
    let cfg = idgauge::config::Config::load(&config()).unwrap();
    let sec = idgauge::providers::directory::import_file(
        Path::new(&export("people.ldif")),
        &cfg.directory,
        "2026-11-20T12:00:00Z".parse().unwrap(),
    )
    .unwrap();
    let mut snap = load(&clouds());
    snap.scopes.clear();
    snap.identity_repository = Some(sec);
    let p = d.path().join("dir.json");
    snap.write_json(&mut std::fs::File::create(&p).unwrap())
        .unwrap();
    let with_input = dir(&json_of(
        &idgauge()
            .arg("assess")
            .arg(clouds())
            .arg(&p)
            .arg("-c")
            .arg(config())
            .args(["--as-of", "2026-11-20", "--format", "json"])
            .output()
            .unwrap(),
    ));
    let with_flag = dir(&json_of(&run(&[
        "--format",
        "json",
        "--directory",
        &export("people.ldif"),
    ])));
    assert_eq!(with_input, with_flag);
}

#[test]
fn directories_the_clouds_show_are_listed_as_repository_evidence() {
    // AWS Directory Service (IDG-AWS-042's fixture) and Entra Connect sync (IDG-AZ-002's).
    for (fixture, want) in [
        (
            "fixtures/rules/IDG-AWS-042/pass.json",
            "AWS Directory Service",
        ),
        ("fixtures/rules/IDG-AZ-002/pass.json", "entra_connect"),
    ] {
        let out = idgauge()
            .args(["assess", fixture, "--format", "identities"])
            .output()
            .unwrap();
        let map = json_of(&out);
        let ev: Vec<&str> = map["repository_evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(ev.iter().any(|e| e.contains(want)), "{fixture}: {ev:?}");
    }
}

#[test]
fn reconciliation_does_not_depend_on_input_order() {
    let cfg = idgauge::config::Config::load(&config()).unwrap();
    let repo = idgauge::providers::directory::import_file(
        Path::new(&export("people.ldif")),
        &cfg.directory,
        "2026-11-20T12:00:00Z".parse().unwrap(),
    )
    .unwrap();
    let mut reversed = repo.clone();
    if let idgauge::model::Section::Collected { data, .. } = &mut reversed {
        data.people.reverse();
    }
    let mut a = vec![load(&clouds())];
    let mut b = vec![load(&clouds())];
    for s in &mut b[0].scopes {
        if let Some(idgauge::model::Section::Collected { data, .. }) = &mut s.sections.principals {
            data.reverse();
        }
    }
    idgauge::reconcile::reconcile(&mut a, Some(&repo), &cfg);
    idgauge::reconcile::reconcile(&mut b, Some(&reversed), &cfg);
    for (x, y) in a[0].scopes.iter().zip(&b[0].scopes) {
        let (x, y) = (
            x.sections.reconciliation.as_ref().unwrap().data().unwrap(),
            y.sections.reconciliation.as_ref().unwrap().data().unwrap(),
        );
        assert_eq!(x, y);
        assert!(!x.orphans.is_empty());
    }
}

/// A small directory, HR export and AWS account with one person per latency path: measured,
/// not measurable (and why), overdue, done (an upper bound), and the directory's own disabling.
fn latency_world(dir: &Path) -> (String, String, String, String) {
    let person = |uid: &str, ou: &str, emp: u32, extra: &[&str]| {
        let mut e = vec![
            format!("dn: uid={uid},ou={ou},dc=t"),
            "objectClass: inetOrgPerson".to_string(),
            format!("uid: {uid}"),
            format!("cn: {uid}"),
            format!("mail: {uid}@t.example"),
            format!("employeeNumber: {emp}"),
        ];
        e.extend(extra.iter().map(|s| s.to_string()));
        e.join("\n") + "\n"
    };
    let ldif = [
        person("amy", "people", 1, &["createTimestamp: 20260101000000Z"]),
        person("ben", "people", 2, &["createTimestamp: 20260101000000Z"]),
        person("cat", "people", 3, &[]),
        person("dan", "people", 4, &["createTimestamp: 20260601000000Z"]),
        // Left (HR end date 2026-11-10), locked in the directory a day later.
        person(
            "eve",
            "people",
            5,
            &[
                "createTimestamp: 20250101000000Z",
                "modifyTimestamp: 20261112000000Z",
                "pwdAccountLockedTime: 20261112000000Z",
            ],
        ),
        // Left (HR end date 2026-11-18), still enabled in the directory.
        person("fay", "people", 6, &["createTimestamp: 20250101000000Z"]),
        // In the leavers OU, nothing dating when.
        person("gus", "leavers", 7, &["createTimestamp: 20250101000000Z"]),
        person("hal", "people", 8, &["createTimestamp: 20250101000000Z"]),
    ]
    .join("\n");
    let hr = "id,email,status,end_date\n5,eve@t.example,terminated,2026-11-10\n6,fay@t.example,terminated,2026-11-18\n";
    let iam = |name: &str, created: Option<&str>, enabled: bool| {
        serde_json::json!({
            "id": format!("arn:aws:iam::123456789012:user/{name}"), "name": name, "kind": "human",
            "source": "local", "created": created, "console_access": enabled, "mfa_active": enabled,
        })
    };
    let t = "2026-11-20T12:00:00Z";
    let snap = serde_json::json!({
        "schema_version": "1.1",
        "generator": {"tool": "idgauge", "version": "0.1.0", "mode": "synthetic"},
        "collected_at": t,
        "scopes": [{
            "id": "aws:account:123456789012", "provider": "aws", "kind": "account", "name": "t",
            "sections": {"principals": {"status": "collected", "source": "test", "collected_at": t, "data": [
                iam("amy", Some("2026-01-01T10:00:00Z"), true),
                iam("ben", Some("2026-01-03T00:00:00Z"), true),
                iam("cat", Some("2026-02-01T00:00:00Z"), true),
                iam("dan", Some("2025-12-01T00:00:00Z"), true),
                iam("eve", Some("2025-01-01T06:00:00Z"), false),
                iam("fay", Some("2025-01-02T00:00:00Z"), true),
                iam("gus", None, true),
                iam("hal", None, true),
            ]}},
        }],
    });
    (
        write(
            dir,
            "clouds.json",
            &serde_json::to_string_pretty(&snap).unwrap(),
        ),
        write(dir, "people.ldif", &ldif),
        write(dir, "hr.csv", hr),
        write(
            dir,
            "idgauge.toml",
            "[directory]\nleavers_ou = \"ou=leavers,dc=t\"\n",
        ),
    )
}

fn assess_latency(dir: &Path, format: &str) -> std::process::Output {
    let (clouds, ldif, hr, cfg) = latency_world(dir);
    idgauge()
        .args(["assess", &clouds, "-c", &cfg, "--as-of", "2026-11-20"])
        .args(["--directory", &ldif, "--directory", &hr, "--format", format])
        .output()
        .unwrap()
}

#[test]
fn provisioning_and_deprovisioning_latency_are_measured_where_dated_and_gaps_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = json_of(&assess_latency(tmp.path(), "json"));
    let rec = &doc["reconciliation"];
    assert_eq!(rec.as_array().unwrap().len(), 1, "{rec:#}");
    let r = &rec[0];
    assert_eq!(r["scope_id"], "aws:account:123456789012");
    assert_eq!(
        (r["accounts"].as_u64(), r["matched"].as_u64()),
        (Some(8), Some(8))
    );
    let figures = |l: &Value| {
        (
            l["samples"].as_u64().unwrap(),
            l["median_hours"].as_i64(),
            l["p90_hours"].as_i64(),
            l["max_hours"].as_i64(),
            l["upper_bounds"].as_u64().unwrap_or(0),
        )
    };
    // amy 10 h, ben 48 h, eve 6 h, fay 24 h; cat's entry is undated, dan's account predates
    // his entry, gus's and hal's accounts are undated.
    let p = &r["provisioning"];
    assert_eq!(figures(p), (4, Some(10), Some(48), Some(48), 0));
    assert_eq!(
        p["unmeasured"],
        serde_json::json!({
            "the cloud account is older than the directory entry": 1,
            "the cloud records no creation time": 2,
            "the directory records no creation time": 1,
        })
    );
    // fay left 2026-11-19 00:00 and is still enabled 36 hours later; gus's leaving is undated.
    let o = &r["deprovisioning_overdue"];
    assert_eq!(figures(o), (1, Some(36), Some(36), Some(36), 0));
    assert_eq!(
        o["unmeasured"],
        serde_json::json!({"nothing dates when the person left": 1})
    );
    // eve's account is disabled: within 228 hours of her leaving, or sooner — a bound only.
    let d = &r["deprovisioning_done"];
    assert_eq!(figures(d), (1, Some(228), Some(228), Some(228), 1));
    assert!(d["measures"].as_str().unwrap().contains("upper bound"));
    // The directory locked eve 24 hours after her last day; fay is not disabled there and
    // gus has no end date.
    let dd = &r["directory_disabling"];
    assert_eq!(figures(dd), (1, Some(24), Some(24), Some(24), 0));
    assert_eq!(
        dd["unmeasured"],
        serde_json::json!({"no end date in the directory or HR": 1, "not disabled in the directory": 1})
    );

    // The same figures in the terminal and HTML reports.
    let out = assess_latency(tmp.path(), "table");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Reconciliation with the directory"), "{text}");
    assert!(
        text.contains("8 of 8 accounts joined with 8 people (keys email, employee_id, external_id, username); orphans 0, enabled leavers 2, local accounts 8 (shadows 0), drift 0"),
        "{text}"
    );
    assert!(
        text.contains("Provisioning (directory entry → cloud account): 4 measured: median 10 h, p90 48 h, max 48 h; not measured: 4"),
        "{text}"
    );
    assert!(
        text.contains("Deprovisioning done (left → read, disabled): 1 measured (each an upper bound): median 228 h"),
        "{text}"
    );
    let out = assess_latency(tmp.path(), "html");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("<section id=\"reconciliation\">"), "{html}");
    assert!(
        html.contains("<tr data-measure=\"provisioning\"><td title=\"directory entry created -&gt; cloud account created (joined accounts; exact)\">Provisioning</td><td>4</td><td>10</td><td>48</td><td>48</td>"),
        "{html}"
    );

    // Without a directory the document carries no reconciliation at all.
    let doc = json_of(&run(&["--format", "json"]));
    assert!(doc.get("reconciliation").is_none());
}

#[test]
fn the_directory_disabling_time_is_exact_from_a_lock_and_a_bound_from_a_last_change() {
    let cfg = idgauge::config::Config::default();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let tmp = tempfile::tempdir().unwrap();
    // OpenLDAP: the lock time. AD CSV: disabled, dated only by whenChanged.
    let ldif = write(
        tmp.path(),
        "l.ldif",
        "dn: uid=eve,dc=t\nobjectClass: inetOrgPerson\nuid: eve\nmodifyTimestamp: 20261115000000Z\npwdAccountLockedTime: 20261112000000Z\n\ndn: uid=adm,dc=t\nobjectClass: inetOrgPerson\nuid: adm\nmodifyTimestamp: 20261115000000Z\npwdAccountLockedTime: 000001010000Z\n",
    );
    let csv = write(
        tmp.path(),
        "ad.csv",
        "DistinguishedName,Enabled,SamAccountName,whenChanged\n\"CN=eve,DC=t\",False,eve,2026-11-15 00:00:00\n\"CN=ann,DC=t\",True,ann,2026-11-15 00:00:00\n",
    );
    let people = |p: &str| {
        idgauge::providers::directory::import_file(Path::new(p), &cfg.directory, now)
            .unwrap()
            .data()
            .unwrap()
            .people
            .clone()
    };
    let l = people(&ldif);
    let (adm, eve) = (&l[0], &l[1]);
    assert_eq!(
        eve.disabled_at.unwrap().to_rfc3339(),
        "2026-11-12T00:00:00+00:00"
    );
    assert!(!eve.disabled_at_upper_bound);
    // "Locked by an administrator" carries no date: disabled, but the last change bounds it.
    assert_eq!(adm.enabled, Some(false));
    assert_eq!(
        adm.disabled_at.unwrap().to_rfc3339(),
        "2026-11-15T00:00:00+00:00"
    );
    assert!(adm.disabled_at_upper_bound);
    let c = people(&csv);
    let (ann, eve) = (&c[0], &c[1]);
    assert_eq!(
        eve.disabled_at.unwrap().to_rfc3339(),
        "2026-11-15T00:00:00+00:00"
    );
    assert!(eve.disabled_at_upper_bound);
    assert_eq!(ann.disabled_at, None);
}

/// The `external_id` and `employee_id` keys join on what each cloud really carries: Identity
/// Center `ExternalIds[].Id`, an IAM `externalId` tag, Entra `onPremisesImmutableId` (as the
/// objectGUID it encodes) and `employeeId`, and the Workspace `organization` external id.
#[test]
fn external_and_employee_ids_join_on_what_each_cloud_carries() {
    let tmp = tempfile::tempdir().unwrap();
    let person = |uid: &str, emp: u32, uuid: &str| {
        format!(
            "dn: uid={uid},ou=people,dc=t\nobjectClass: inetOrgPerson\nuid: {uid}\nmail: {uid}@t.example\nemployeeNumber: {emp}\nentryUUID: {uuid}\n"
        )
    };
    let ldif = [
        person("ann", 1001, "9358d20b-ba4f-5476-8abe-45eaf80fe686"),
        person("ben", 1002, "1c9e4b1e-0000-4000-8000-000000000002"),
        person("cat", 1003, "03020100-0504-0706-0809-0a0b0c0d0e0f"),
        person("dan", 1004, "1c9e4b1e-0000-4000-8000-000000000004"),
        person("eve", 1005, "1c9e4b1e-0000-4000-8000-000000000005"),
    ]
    .join("\n");
    let t = "2026-11-20T12:00:00Z";
    let sec = |data: Value| serde_json::json!({"status": "collected", "source": "test", "collected_at": t, "data": data});
    let human = |id: &str, name: &str, source: &str, extra: Value| {
        let mut p = serde_json::json!({"id": id, "name": name, "kind": "human", "source": source,
            "console_access": true, "mfa_active": true});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p
    };
    let snap = serde_json::json!({
        "schema_version": "1.1",
        "generator": {"tool": "idgauge", "version": "0.1.0", "mode": "synthetic"},
        "collected_at": t,
        "scopes": [
            {"id": "aws:account:123456789012", "provider": "aws", "kind": "account", "name": "a",
             "sections": {
                "principals": sec(serde_json::json!([
                    human("arn:aws:iam::123456789012:user/legacy", "legacy", "local",
                          serde_json::json!({"tags": {"externalId": "1C9E4B1E-0000-4000-8000-000000000002"}})),
                ])),
                "directory_users": sec(serde_json::json!([
                    {"id": "ic-1", "name": "a.archer@elsewhere.example", "external_ids": ["https://scim.example"],
                     "external_id_values": ["00u1abcd", "9358D20B-BA4F-5476-8ABE-45EAF80FE686"], "active": true},
                ])),
             }},
            {"id": "azure:tenant:00000000-0000-0000-0000-0000000000bb", "provider": "azure", "kind": "tenant", "name": "b",
             "sections": {"principals": sec(serde_json::json!([
                human("e-cat", "c.x@b.example", "synced", serde_json::json!({
                    "external_id_values": ["03020100-0504-0706-0809-0a0b0c0d0e0f", "AAECAwQFBgcICQoLDA0ODw=="]})),
                human("e-dan", "d.x@b.example", "local", serde_json::json!({"employee_id": "1004"})),
                human("e-zed", "z@b.example", "local", serde_json::json!({"employee_id": "9999"})),
             ]))}},
            {"id": "gcp:organization:1", "provider": "gcp", "kind": "organization", "name": "c",
             "sections": {"directory_users": sec(serde_json::json!([
                {"id": "g-eve", "name": "eve.x@c.example", "external_ids": ["organization"],
                 "employee_id": "1005", "active": true},
             ]))}},
        ],
    });
    let clouds = write(tmp.path(), "clouds.json", &snap.to_string());
    let ldif = write(tmp.path(), "people.ldif", &ldif);
    // Neither e-mail nor username may join: only the ids.
    let cfg = write(
        tmp.path(),
        "idgauge.toml",
        "[directory]\njoin_keys = [\"external_id\", \"employee_id\"]\n",
    );
    let out = idgauge()
        .args(["assess", &clouds, "-c", &cfg, "--as-of", "2026-11-20"])
        .args(["--directory", &ldif, "--format", "identities"])
        .output()
        .unwrap();
    let map = json_of(&out);
    let mut joined: Vec<(String, String, String)> = map["people"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["accounts"].as_array().unwrap().iter().map(move |a| {
                (
                    p["id"].as_str().unwrap().to_string(),
                    a["id"].as_str().unwrap().to_string(),
                    a["joined_by"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    joined.sort();
    let want = |p: &str, a: &str, k: &str| {
        (
            format!("uid={p},ou=people,dc=t"),
            a.to_string(),
            k.to_string(),
        )
    };
    assert_eq!(
        joined,
        [
            want("ann", "ic-1", "external_id"),
            want(
                "ben",
                "arn:aws:iam::123456789012:user/legacy",
                "external_id"
            ),
            want("cat", "e-cat", "external_id"),
            want("dan", "e-dan", "employee_id"),
            want("eve", "g-eve", "employee_id"),
        ]
    );
    let unmatched: Vec<&str> = map["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(unmatched, ["e-zed"]);
}
