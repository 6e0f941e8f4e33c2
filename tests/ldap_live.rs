//! The directory provider against a real OpenLDAP `slapd` (Debian package `slapd`), started by
//! each test on 127.0.0.1 (a free unprivileged port, its database in a temporary directory),
//! seeded with `slapadd` from tests/data/ldap/seed.ldif — people, groups, a leavers OU, a locked
//! account and more entries than the server's size limit of 50, so only a paged search reads
//! them all — and killed when the test ends.
//!
//! When `slapd` is not installed the tests say so and pass, unless IDGAUGE_REQUIRE_SLAPD is set
//! (scripts/test.sh installs it and sets it): then they fail.
//!
//! What is checked: the live read (paged, bound or anonymous; errors exit 2 and never leak the
//! password), that it gives exactly the people of `ldapsearch`'s LDIF of the same directory
//! (fixtures/exports/directory/people.ldif), each reconciliation finding against the cloud
//! fixture, and that the LDIF and AD CSV imports give the same results as the live read.

mod common;

use common::*;
use serde_json::Value;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command as Proc, Stdio};
use std::time::{Duration, Instant};

/// The service account idgauge binds as (seeded); the root DN would bypass the size limits.
const ADMIN: &str = "cn=idgauge,dc=example,dc=org";
const PASSWORD: &str = "idgauge-test-secret";
const AWS: &str = "aws:account:111122223333";
const AZURE: &str = "azure:tenant:00000000-0000-0000-0000-0000000000aa";

struct Slapd {
    child: Child,
    url: String,
    /// `ldaps://127.0.0.1:PORT` and the directory holding `ca.pem` (the CA that signed the
    /// server's certificate) and `other-ca.pem` (one that did not), when started with TLS.
    tls: Option<(String, PathBuf)>,
    _dir: tempfile::TempDir,
}

impl Drop for Slapd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn slapd_binary() -> Option<PathBuf> {
    [
        "/usr/sbin/slapd",
        "/usr/local/sbin/slapd",
        "/usr/local/libexec/slapd",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// A seeded directory, or `None` (the test then passes with a note) when slapd is missing and
/// not required.
fn slapd() -> Option<Slapd> {
    slapd_with_limit("size.soft=50 size.hard=50 size.pr=50 size.prtotal=unlimited")
}

fn slapd_with_limit(sizelimit: &str) -> Option<Slapd> {
    start_slapd(sizelimit, false)
}

/// Runs `openssl` with `args` in `dir`; panics with its stderr when it fails.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = Proc::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A throw-away CA, a server certificate it signs for 127.0.0.1 (IP SAN only, so a name such
/// as `localhost` does not match), and a second CA that signed nothing, written to `dir`.
fn make_certificates(dir: &std::path::Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    for (name, cn) in [("ca", "idgauge test CA"), ("other-ca", "not the signer")] {
        let mut args = vec!["req", "-x509"];
        args.extend(ec);
        let subj = format!("/CN={cn}");
        let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
        args.extend([
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "2",
            "-subj",
            &subj,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(dir, &args);
    }
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(dir, &args);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
}

/// The seeded directory serving StartTLS on its ldap:// port and TLS on an ldaps:// port, with
/// a certificate from a CA made for the test.
fn slapd_tls() -> Option<Slapd> {
    if slapd_binary().is_some() && Proc::new("openssl").arg("version").output().is_err() {
        if std::env::var_os("IDGAUGE_REQUIRE_SLAPD").is_some() {
            panic!("openssl (the command) is required to make the test certificates");
        }
        eprintln!("note: openssl not installed; skipping the TLS tests");
        return None;
    }
    start_slapd(
        "size.soft=50 size.hard=50 size.pr=50 size.prtotal=unlimited",
        true,
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_slapd(sizelimit: &str, tls: bool) -> Option<Slapd> {
    let Some(bin) = slapd_binary() else {
        if std::env::var_os("IDGAUGE_REQUIRE_SLAPD").is_some() {
            panic!("slapd is required (IDGAUGE_REQUIRE_SLAPD) but not installed");
        }
        eprintln!(
            "note: slapd not installed; skipping (apt-get install slapd, or scripts/test.sh)"
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir(&db).unwrap();
    let conf = dir.path().join("slapd.conf");
    let tls_conf = if tls {
        make_certificates(dir.path());
        let d = dir.path().display();
        format!(
            "TLSCACertificateFile {d}/ca.pem\nTLSCertificateFile {d}/server.pem\nTLSCertificateKeyFile {d}/server.key\n"
        )
    } else {
        String::new()
    };
    std::fs::write(
        &conf,
        format!(
            "include /etc/ldap/schema/core.schema\n\
             include /etc/ldap/schema/cosine.schema\n\
             include /etc/ldap/schema/inetorgperson.schema\n\
             include /etc/ldap/schema/nis.schema\n\
             modulepath /usr/lib/ldap\n\
             moduleload back_mdb\n\
             moduleload ppolicy\n\
             pidfile {pid}\n\
             {tls_conf}\
             database mdb\n\
             suffix \"dc=example,dc=org\"\n\
             rootdn \"cn=admin,dc=example,dc=org\"\n\
             directory {db}\n\
             maxsize 10485760\n\
             sizelimit {sizelimit}\n\
             overlay ppolicy\n",
            pid = dir.path().join("slapd.pid").display(),
            db = db.display(),
        ),
    )
    .unwrap();
    let slapadd = bin.with_file_name("slapadd");
    let out = Proc::new(&slapadd)
        .arg("-f")
        .arg(&conf)
        .arg("-l")
        .arg(root().join("tests/data/ldap/seed.ldif"))
        .output()
        .expect("slapadd runs");
    assert!(
        out.status.success(),
        "slapadd: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let url = format!("ldap://127.0.0.1:{port}");
    let tls_port = tls.then(free_port);
    let listen = match tls_port {
        Some(p) => format!("{url}/ ldaps://127.0.0.1:{p}/"),
        None => format!("{url}/"),
    };
    let child = Proc::new(&bin)
        .arg("-f")
        .arg(&conf)
        .arg("-h")
        .arg(listen)
        .arg("-d")
        .arg("0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("slapd starts");
    let mut s = Slapd {
        child,
        url,
        tls: tls_port.map(|p| (format!("ldaps://127.0.0.1:{p}"), dir.path().to_path_buf())),
        _dir: dir,
    };
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err()
        || tls_port.is_some_and(|p| TcpStream::connect(("127.0.0.1", p)).is_err())
    {
        if let Ok(Some(st)) = s.child.try_wait() {
            panic!("slapd exited: {st}");
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "slapd did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(s)
}

fn config_path() -> PathBuf {
    root().join("fixtures/snapshots/directory/idgauge.toml")
}

fn clouds() -> PathBuf {
    root().join("fixtures/snapshots/directory/clouds.json")
}

/// `idgauge collect ldap` bound as the directory's administrator; the snapshot read back.
fn collect(s: &Slapd, extra: &[&str]) -> (std::process::Output, Option<idgauge::model::Snapshot>) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("dir.json");
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN, "-c"])
        .arg(config_path())
        .arg("-o")
        .arg(&out_path)
        .args(extra)
        .output()
        .unwrap();
    let snap = out.status.success().then(|| load(&out_path));
    (out, snap)
}

fn people(snap: &idgauge::model::Snapshot) -> &[idgauge::model::Person] {
    &snap
        .identity_repository
        .as_ref()
        .and_then(|s| s.data())
        .expect("a collected repository")
        .people
}

/// `assess` of the cloud fixture against `directory` sources, as the results document.
fn assess(directory: &[&str], extra: &[&str]) -> Value {
    let mut cmd = idgauge();
    cmd.env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .arg("assess")
        .arg(clouds())
        .arg("-c")
        .arg(config_path())
        .args(["--as-of", "2026-11-20", "--format", "json"]);
    for d in directory {
        cmd.args(["--directory", d]);
    }
    let out = cmd.args(extra).output().unwrap();
    assert!(
        out.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The IDG-ALL results: (rule, scope) → (status, sorted finding resources).
fn dir_results(doc: &Value) -> Vec<(String, String, String, Vec<String>)> {
    let mut v: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_id"].as_str().unwrap().starts_with("IDG-ALL-"))
        .map(|r| {
            let mut res: Vec<String> = r["findings"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|f| {
                            format!(
                                "{} — {}",
                                f["resource"].as_str().unwrap(),
                                f["message"].as_str().unwrap()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            res.sort();
            (
                r["rule_id"].as_str().unwrap().to_string(),
                r["scope_id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                res,
            )
        })
        .collect();
    v.sort();
    v
}

fn result<'a>(
    rs: &'a [(String, String, String, Vec<String>)],
    rule: &str,
    scope: &str,
) -> (&'a str, &'a [String]) {
    let r = rs
        .iter()
        .find(|r| r.0 == rule && r.1 == scope)
        .unwrap_or_else(|| panic!("{rule} on {scope} not evaluated: {rs:#?}"));
    (&r.2, &r.3)
}

/// The live read with the HR export, as most tests use it.
fn live_results(s: &Slapd) -> Vec<(String, String, String, Vec<String>)> {
    let hr = root().join("fixtures/exports/directory/hr.csv");
    dir_results(&assess(
        &[&s.url, hr.to_str().unwrap()],
        &["--bind-dn", ADMIN],
    ))
}

#[test]
fn live_read_pages_through_the_size_limit_and_equals_the_ldapsearch_export() {
    let Some(s) = slapd() else { return };
    let (out, snap) = collect(&s, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap = snap.unwrap();
    let ppl = people(&snap);
    // 8 named people and 110 more: over twice the server's size limit of 50.
    assert_eq!(ppl.len(), 118);
    // 118 people and 3 groups in pages of 20: 7 pages, plus nothing else (base DN configured).
    assert_eq!(snap.collection.api_calls.get("ldap:Search"), Some(&7));
    assert_eq!(snap.collection.api_calls.get("ldap:Bind"), Some(&1));
    assert_eq!(
        snap.collection.api_calls.keys().collect::<Vec<_>>(),
        ["ldap:Bind", "ldap:Search"],
        "read-only: bind and search only"
    );
    let ann = ppl
        .iter()
        .find(|p| p.username.as_deref() == Some("ann"))
        .unwrap();
    assert_eq!(ann.groups, ["all-staff", "aws-admins", "engineering"]);
    assert_eq!(ann.employee_id.as_deref(), Some("1001"));
    assert_eq!(ann.email.as_deref(), Some("ann@example.org"));
    assert!(!ann.leaver);
    let lee = ppl
        .iter()
        .find(|p| p.username.as_deref() == Some("lee"))
        .unwrap();
    assert!(lee.leaver);
    assert_eq!(lee.leaver_reason.as_deref(), Some("in the leavers OU"));
    assert_eq!(
        lee.left_at.unwrap().to_rfc3339(),
        "2026-11-01T09:00:00+00:00"
    );
    let mia = ppl
        .iter()
        .find(|p| p.username.as_deref() == Some("mia"))
        .unwrap();
    assert_eq!(
        mia.enabled,
        Some(false),
        "pwdAccountLockedTime locks the account"
    );
    assert_eq!(
        mia.leaver_reason.as_deref(),
        Some("disabled in the directory")
    );

    // ldapsearch's LDIF of the same directory gives exactly the same people.
    let cfg = idgauge::config::Config::load(&config_path()).unwrap();
    let ldif = idgauge::providers::directory::import_file(
        &root().join("fixtures/exports/directory/people.ldif"),
        &cfg.directory,
        snap.collected_at,
    )
    .unwrap();
    assert_eq!(ldif.data().unwrap().people, ppl);
}

#[test]
fn a_page_larger_than_the_server_allows_is_an_error_that_says_what_to_change() {
    // slapd refuses a page size above its size.pr limit (50) to anyone but its root DN.
    let Some(s) = slapd() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("idgauge.toml");
    std::fs::write(
        &cfg,
        std::fs::read_to_string(config_path())
            .unwrap()
            .replace("page_size = 20", "page_size = 500"),
    )
    .unwrap();
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN, "-c"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("adminLimitExceeded"), "{err}");
    assert!(
        err.contains("lower [directory] page_size in idgauge.toml (now 500)"),
        "{err}"
    );
}

#[test]
fn a_server_size_limit_is_an_error_never_a_partial_directory() {
    // A server that stops a paged search after 100 entries: a partial directory would make
    // everyone it lacks an orphan, so the read fails (exit 2) and says why.
    let Some(s) = slapd_with_limit("size.soft=50 size.hard=50 size.pr=50 size.prtotal=100") else {
        return;
    };
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN, "-c"])
        .arg(config_path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("search dc=example,dc=org"), "{err}");
    assert!(
        err.contains("sizeLimitExceeded") || err.contains("rc=4"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn anonymous_bind_reads_the_directory() {
    let Some(s) = slapd() else { return };
    let out = idgauge()
        .env_remove("IDGAUGE_LDAP_BIND_DN")
        .args(["collect", "ldap", &s.url, "-c"])
        .arg(config_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap: idgauge::model::Snapshot = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people(&snap).len(), 118);
    assert!(snap.scopes.is_empty());
}

#[test]
fn a_wrong_password_exits_2_and_never_prints_it() {
    let Some(s) = slapd() else { return };
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", "not-the-password")
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("bind as {ADMIN}")), "{err}");
    assert!(
        err.contains("invalidCredentials") || err.contains("rc=49"),
        "{err}"
    );
    assert!(!err.contains("not-the-password"), "{err}");
    // A bind DN without any password is refused before connecting.
    let out = idgauge()
        .env_remove("IDGAUGE_LDAP_PASSWORD")
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("IDGAUGE_LDAP_PASSWORD"));
}

#[test]
fn starttls_refused_by_the_server_is_an_error() {
    let Some(s) = slapd() else { return };
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .args(["collect", "ldap", &s.url, "--bind-dn", ADMIN, "--starttls"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&s.url));
}

/// `idgauge collect ldap URL` bound as the service account, with `extra` arguments.
fn collect_url(url: &str, extra: &[&str]) -> std::process::Output {
    idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .env_remove("IDGAUGE_LDAP_CA_FILE")
        .args(["collect", "ldap", url, "--bind-dn", ADMIN, "-c"])
        .arg(config_path())
        .args(extra)
        .output()
        .unwrap()
}

fn read_people(out: &std::process::Output) -> usize {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap: idgauge::model::Snapshot = serde_json::from_slice(&out.stdout).unwrap();
    people(&snap).len()
}

#[test]
fn starttls_and_ldaps_read_the_directory_when_its_ca_is_trusted() {
    let Some(s) = slapd_tls() else { return };
    let (ldaps, certs) = s.tls.clone().unwrap();
    let ca = certs.join("ca.pem");
    let ca = ca.to_str().unwrap();
    // StartTLS on ldap://: the upgrade is issued (and counted) before the bind.
    let out = collect_url(&s.url, &["--starttls", "--ldap-ca-file", ca]);
    assert_eq!(read_people(&out), 118);
    let snap: idgauge::model::Snapshot = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(snap.collection.api_calls.get("ldap:StartTLS"), Some(&1));
    // ldaps://, the CA from the environment.
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .env("IDGAUGE_LDAP_CA_FILE", ca)
        .args(["collect", "ldap", &ldaps, "--bind-dn", ADMIN, "-c"])
        .arg(config_path())
        .output()
        .unwrap();
    assert_eq!(read_people(&out), 118);
    // ldaps://, the CA from idgauge.toml's [directory] ca_file, relative to that file.
    let cfg = certs.join("idgauge.toml");
    std::fs::write(
        &cfg,
        std::fs::read_to_string(config_path())
            .unwrap()
            .replace("[directory]\n", "[directory]\nca_file = \"ca.pem\"\n"),
    )
    .unwrap();
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .env_remove("IDGAUGE_LDAP_CA_FILE")
        .current_dir(std::env::temp_dir())
        .args(["collect", "ldap", &ldaps, "--bind-dn", ADMIN, "-c"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(read_people(&out), 118);
}

#[test]
fn an_untrusted_directory_certificate_is_an_error_that_names_it() {
    let Some(s) = slapd_tls() else { return };
    let (ldaps, certs) = s.tls.clone().unwrap();
    let other = certs.join("other-ca.pem");
    let other = other.to_str().unwrap();
    let ca = certs.join("ca.pem");
    let ca = ca.to_str().unwrap();
    let fails = |out: &std::process::Output, url: &str, words: &[&str]| {
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(url), "{err}");
        for w in words {
            assert!(err.contains(w), "{w:?} not in {err}");
        }
        assert!(!err.contains(PASSWORD), "{err}");
    };
    // Neither the system's CAs nor any given one signed it: say so, and what to give.
    let out = collect_url(&ldaps, &[]);
    fails(
        &out,
        &ldaps,
        &["certificate verify failed", "--ldap-ca-file"],
    );
    let out = collect_url(&s.url, &["--starttls"]);
    fails(
        &out,
        &s.url,
        &["certificate verify failed", "--ldap-ca-file"],
    );
    // A CA that did not sign it is no better.
    let out = collect_url(&s.url, &["--starttls", "--ldap-ca-file", other]);
    fails(
        &out,
        &s.url,
        &["certificate verify failed", "does not verify against"],
    );
    // The right CA but a name the certificate does not hold (it is for 127.0.0.1 only).
    let port = ldaps.rsplit(':').next().unwrap();
    let by_name = format!("ldaps://localhost:{port}");
    let out = collect_url(&by_name, &["--ldap-ca-file", ca]);
    fails(
        &out,
        &by_name,
        &["certificate verify failed", "hostname mismatch"],
    );
    // A CA file that is not one, named with the problem.
    let bad = certs.join("server.ext");
    let out = collect_url(&ldaps, &["--ldap-ca-file", bad.to_str().unwrap()]);
    fails(&out, &ldaps, &["server.ext", "PEM"]);
    // Verification is only ever skipped when asked, and then said.
    let out = collect_url(&ldaps, &["--tls-no-verify"]);
    assert_eq!(read_people(&out), 118);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not verified"),
        "{out:?}"
    );
}

#[test]
fn finding_orphan_cloud_humans() {
    let Some(s) = slapd() else { return };
    let rs = live_results(&s);
    // olga has no person; break-glass is declared and svc-deploy is a workload.
    let (st, f) = result(&rs, "IDG-ALL-001", AWS);
    assert_eq!(st, "fail");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].starts_with("arn:aws:iam::111122223333:user/olga — local olga"),
        "{f:?}"
    );
    let (st, f) = result(&rs, "IDG-ALL-001", AZURE);
    assert_eq!(st, "fail");
    assert_eq!(f.len(), 1);
    assert!(f[0].contains("ghost@example.org"), "{f:?}");
}

#[test]
fn finding_enabled_leavers_past_the_grace_period() {
    let Some(s) = slapd() else { return };
    let rs = live_results(&s);
    // lee (leavers OU, HR end date 2026-10-31) is enabled in Entra 19 days later.
    let (st, f) = result(&rs, "IDG-ALL-002", AZURE);
    assert_eq!(st, "fail");
    assert_eq!(f.len(), 1);
    assert!(f[0].contains("lee@example.org is still enabled 19 days after uid=lee,ou=leavers,dc=example,dc=org left"), "{f:?}");
    // In AWS, nina (4 days) and mia (6 hours) are within the 7-day grace.
    assert_eq!(result(&rs, "IDG-ALL-002", AWS), ("pass", &[][..]));
}

#[test]
fn finding_leavers_not_disabled_within_hours() {
    let Some(s) = slapd() else { return };
    let rs = live_results(&s);
    // nina's HR end date 2026-11-15: enabled 108 hours after she left; mia (6 hours) is not
    // counted yet.
    let (st, f) = result(&rs, "IDG-ALL-004", AWS);
    assert_eq!(st, "fail");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].contains("nina@example.org is still enabled 108 hours after"),
        "{f:?}"
    );
    assert_eq!(result(&rs, "IDG-ALL-004", AZURE).0, "fail");
}

#[test]
fn finding_attribute_and_group_role_drift() {
    let Some(s) = slapd() else { return };
    let rs = live_results(&s);
    let (st, f) = result(&rs, "IDG-ALL-003", AWS);
    assert_eq!(st, "fail");
    assert_eq!(f.len(), 2, "{f:?}");
    // dave holds the Admins group without being in aws-admins.
    assert!(
        f[0].contains(
            "dave: group:aws-admins — directory not in aws-admins, cloud member of Admins"
        ),
        "{f:?}"
    );
    // pat is joined by employee id, with an old e-mail.
    assert!(
        f[1].contains("pat: email — directory pat@example.org, cloud pat.old@example.org"),
        "{f:?}"
    );
    // bob is enabled in the directory but disabled in Entra.
    let (st, f) = result(&rs, "IDG-ALL-003", AZURE);
    assert_eq!(st, "fail");
    assert!(
        f[0].contains("bob@example.org: enabled — directory enabled, cloud disabled"),
        "{f:?}"
    );
}

#[test]
fn finding_local_and_shadow_accounts_of_directory_people() {
    let Some(s) = slapd() else { return };
    let rs = live_results(&s);
    let (st, f) = result(&rs, "IDG-ALL-005", AWS);
    assert_eq!(st, "fail");
    let names: Vec<&str> = f.iter().map(|f| f.split(" — ").next().unwrap()).collect();
    assert_eq!(
        names,
        [
            "arn:aws:iam::111122223333:user/ann",
            "arn:aws:iam::111122223333:user/dave",
            "arn:aws:iam::111122223333:user/nina@example.org",
            "arn:aws:iam::111122223333:user/pat",
        ]
    );
    assert!(
        f[0].contains("a shadow beside aws:account:111122223333 ann@example.org"),
        "{f:?}"
    );
    assert!(
        f[1].ends_with(
            "is a local account of directory person uid=dave,ou=people,dc=example,dc=org"
        ),
        "{f:?}"
    );
    // Entra's people are all synchronised.
    assert_eq!(result(&rs, "IDG-ALL-005", AZURE).0, "pass");
}

#[test]
fn provisioning_latency_and_the_identity_map() {
    let Some(s) = slapd() else { return };
    let hr = root().join("fixtures/exports/directory/hr.csv");
    let out = idgauge()
        .env("IDGAUGE_LDAP_PASSWORD", PASSWORD)
        .arg("assess")
        .arg(clouds())
        .arg("-c")
        .arg(config_path())
        .args([
            "--as-of",
            "2026-11-20",
            "--format",
            "identities",
            "--bind-dn",
            ADMIN,
        ])
        .args(["--directory", &s.url, "--directory", hr.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let map: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(map["people"].as_array().unwrap().len(), 118);
    let ann = map["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "uid=ann,ou=people,dc=example,dc=org")
        .unwrap();
    let accounts: Vec<(String, bool)> = ann["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["federated"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        accounts,
        [
            ("ann".to_string(), false),
            ("ann@example.org".to_string(), true)
        ]
    );
    let unmatched: Vec<&str> = map["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(unmatched, ["olga", "ghost@example.org"]);

    // Provisioning latency, from the same run's reconciliation section (via a snapshot-free
    // library call on the same inputs).
    let cfg = idgauge::config::Config::load(&config_path()).unwrap();
    let mut snaps = vec![load(&clouds())];
    let live = {
        let (o, snap) = collect(&s, &[]);
        assert!(o.status.success());
        snap.unwrap().identity_repository.unwrap()
    };
    idgauge::reconcile::reconcile(&mut snaps, Some(&live), &cfg);
    let rec = snaps[0].scopes[0]
        .sections
        .reconciliation
        .as_ref()
        .unwrap()
        .data()
        .unwrap();
    // Identity Center users created 6 to 24 hours after their directory entries; IAM users by
    // hand about a year later.
    assert_eq!(rec.provisioning.samples, 57);
    assert_eq!(rec.provisioning.median_hours, Some(24));
    assert!(rec.provisioning.max_hours.unwrap() > 8000);
}

#[test]
fn ldif_and_csv_imports_give_the_same_results_as_the_live_read() {
    let Some(s) = slapd() else { return };
    let hr = root().join("fixtures/exports/directory/hr.csv");
    let hr = hr.to_str().unwrap();
    let live = dir_results(&assess(&[&s.url, hr], &["--bind-dn", ADMIN]));
    let ldif = root().join("fixtures/exports/directory/people.ldif");
    let from_ldif = dir_results(&assess(&[ldif.to_str().unwrap(), hr], &[]));
    assert_eq!(live, from_ldif);
    let ad = root().join("fixtures/exports/directory/ad-users.csv");
    let from_csv = dir_results(&assess(&[ad.to_str().unwrap(), hr], &[]));
    assert_eq!(live, from_csv);
    // And a snapshot written by `collect ldap` is a directory input too.
    let dir = tempfile::tempdir().unwrap();
    let snap_path = dir.path().join("dir.json");
    let (o, snap) = collect(&s, &[]);
    assert!(o.status.success());
    let mut f = std::fs::File::create(&snap_path).unwrap();
    snap.unwrap().write_json(&mut f).unwrap();
    let from_snap = dir_results(&assess(&[snap_path.to_str().unwrap(), hr], &[]));
    assert_eq!(live, from_snap);
}
