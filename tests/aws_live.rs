//! Live AWS collector against the moto emulator (feature `aws-live`).
//!
//! Needs a running moto (`scripts/moto.sh start` prints its URL) and fails loudly without one:
//!
//! ```text
//! IDGAUGE_MOTO_URL=http://127.0.0.1:PORT cargo test --features aws-live --test aws_live
//! ```
//!
//! The tests reset moto, populate the bench `shared` scenario (plus one logging trail) with the
//! bench venv's Python (`IDGAUGE_MOTO_PYTHON`, default
//! `$IDG_BENCH_DIR/venv/bin/python`, `IDG_BENCH_DIR` defaulting to /tmp/idgauge-test-moto; bench
//! scripts from `IDGAUGE_BENCH_DIR`, default `../shared/bench` beside the repository), then run `idgauge collect aws`.
//! They share one moto, so they run one at a time.
#![cfg(feature = "aws-live")]

use assert_cmd::Command;
use idgauge::model::{Section, Snapshot, UnavailableKind};
use idgauge::providers::aws::collect::ALLOWED_OPERATIONS;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

const ACCOUNT: &str = "aws:account:123456789012";

fn moto_url() -> String {
    match std::env::var("IDGAUGE_MOTO_URL") {
        Ok(u) if !u.is_empty() => u.trim_end_matches('/').to_string(),
        _ => panic!(
            "IDGAUGE_MOTO_URL is not set: the aws-live tests need a moto server. Start one with \
             `scripts/moto.sh start` and run \
             `IDGAUGE_MOTO_URL=http://127.0.0.1:PORT cargo test --features aws-live --test aws_live`"
        ),
    }
}

fn python() -> PathBuf {
    if let Ok(p) = std::env::var("IDGAUGE_MOTO_PYTHON") {
        return PathBuf::from(p);
    }
    let dir = std::env::var("IDG_BENCH_DIR").unwrap_or_else(|_| "/tmp/idgauge-test-moto".into());
    PathBuf::from(dir).join("venv/bin/python")
}

fn bench_dir() -> PathBuf {
    PathBuf::from(
        // shared/ sits beside the repository, here and in CI.
        std::env::var("IDGAUGE_BENCH_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench").into()),
    )
}

/// Runs a Python snippet with boto3 against moto; returns its standard output.
fn py(code: &str) -> String {
    let out = std::process::Command::new(python())
        .args(["-c", code, &moto_url()])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One test at a time (shared moto, global auth switch); the account is populated once.
fn setup() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    static POPULATED: OnceLock<()> = OnceLock::new();
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let url = moto_url();
    POPULATED.get_or_init(|| {
        set_auth("inf");
        let out = std::process::Command::new(python())
            .arg(bench_dir().join("populate.py"))
            .args(["shared", "--reset", "--endpoint", &url])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .output()
            .expect("cannot run populate.py");
        assert!(
            out.status.success(),
            "populate.py shared failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // One multi-region trail that is logging (the `shared` scenario has none).
        py(r#"
import sys, boto3
e = sys.argv[1]
boto3.client("s3", endpoint_url=e).create_bucket(Bucket="idg-trail-bucket")
ct = boto3.client("cloudtrail", endpoint_url=e)
ct.create_trail(Name="idg-trail", S3BucketName="idg-trail-bucket", IsMultiRegionTrail=True,
                EnableLogFileValidation=True)
ct.start_logging(Name="idg-trail")
"#);
    });
    guard
}

/// `POST /moto-api/reset-auth`: `0` enforces IAM policies from the next request on, `inf` stops.
fn set_auth(body: &str) {
    let out = std::process::Command::new("curl")
        .args([
            "-sf",
            "-X",
            "POST",
            "-H",
            "Content-Type: text/plain",
            "--data",
            body,
        ])
        .arg(format!("{}/moto-api/reset-auth", moto_url()))
        .output()
        .expect("cannot run curl");
    assert!(out.status.success(), "reset-auth {body} failed");
}

/// Turns IAM enforcement off again even when the test panics.
struct AuthOff;
impl Drop for AuthOff {
    fn drop(&mut self) {
        set_auth("inf");
    }
}

fn idgauge() -> Command {
    let mut c = Command::cargo_bin("idgauge").unwrap();
    c.env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_CONFIG_FILE", "/nonexistent/idgauge-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/idgauge-test-credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1");
    c
}

fn collect(key: &str, secret: &str, dir: &tempfile::TempDir) -> (PathBuf, Snapshot) {
    let path = dir.path().join("snap.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .args(["collect", "aws", "--region", "us-east-1", "--endpoint-url"])
        .arg(moto_url())
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "collect failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let snap: Snapshot = serde_json::from_str(&text).unwrap();
    (path, snap)
}

fn assess(path: &PathBuf) -> Value {
    let out = idgauge()
        .args(["assess", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "assess failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn status(doc: &Value, rule: &str) -> String {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == rule && r["scope_id"] == ACCOUNT)
        .unwrap_or_else(|| panic!("no result {rule}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn assert_read_only(snap: &Snapshot) {
    assert!(!snap.collection.api_calls.is_empty());
    for op in snap.collection.api_calls.keys() {
        assert!(
            ALLOWED_OPERATIONS.contains(&op.as_str()),
            "operation {op} is not in the allow-list"
        );
    }
}

#[test]
fn collects_the_shared_account() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let (path, snap) = collect("testing", "testing", &dir);
    assert_eq!(snap.generator.mode.as_deref(), Some("live"));
    assert_eq!(snap.scopes.len(), 1);
    let scope = &snap.scopes[0];
    assert_eq!(scope.id, ACCOUNT);
    let s = &scope.sections;

    let principals = s.principals.as_ref().unwrap().data().expect("principals");
    let admin = principals
        .iter()
        .find(|p| p.name == "admin")
        .expect("admin");
    assert!(admin.console_access && admin.privileged);
    assert_eq!(admin.access_keys.len(), 2);
    assert!(admin.mfa_devices.is_empty());
    assert!(principals.iter().any(|p| p.name == "alice"));
    assert!(principals.len() >= 12, "{} principals", principals.len());

    let root = s.root.as_ref().unwrap().data().expect("root");
    assert!(root.id.ends_with(":root"), "{}", root.id);
    let pp = s.password_policy.as_ref().unwrap();
    assert_eq!(pp.source(), "iam:GetAccountPasswordPolicy");
    assert!(!pp.data().expect("password policy").configured);

    let trails = s.audit_logs.as_ref().unwrap().data().expect("audit_logs");
    let t = trails
        .iter()
        .find(|t| t.name == "idg-trail")
        .expect("idg-trail");
    assert!(t.multi_region && t.log_file_validation);
    assert_eq!(t.logging, Some(true));

    // Not collected yet: unavailable, never empty.
    for (name, sec) in [
        ("sso", s.sso.as_ref().map(|x| matches!(x, Section::Unavailable { reason, .. } if reason.kind == UnavailableKind::NotCollected))),
        ("directory_users", s.directory_users.as_ref().map(|x| matches!(x, Section::Unavailable { reason, .. } if reason.kind == UnavailableKind::NotCollected))),
        ("alerting", s.alerting.as_ref().map(|x| matches!(x, Section::Unavailable { reason, .. } if reason.kind == UnavailableKind::NotCollected))),
        ("threat_detection", s.threat_detection.as_ref().map(|x| matches!(x, Section::Unavailable { reason, .. } if reason.kind == UnavailableKind::NotCollected))),
        ("access_analysis", s.access_analysis.as_ref().map(|x| matches!(x, Section::Unavailable { reason, .. } if reason.kind == UnavailableKind::NotCollected))),
    ] {
        assert_eq!(sec, Some(true), "{name} should be unavailable: not collected");
    }

    assert_read_only(&snap);
    let calls = &snap.collection.api_calls;
    for op in [
        "sts:GetCallerIdentity",
        "iam:GetAccountAuthorizationDetails",
        "iam:GenerateCredentialReport",
        "iam:GetCredentialReport",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
    ] {
        assert!(calls.contains_key(op), "{op} not recorded: {calls:?}");
    }

    let doc = assess(&path);
    assert_eq!(status(&doc, "IDG-AWS-005"), "pass");
}

#[test]
fn access_denied_makes_audit_logs_unavailable() {
    let _g = setup();
    let keys = py(r#"
import sys, json, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1])
iam.create_user(UserName="idg-no-cloudtrail")
iam.put_user_policy(UserName="idg-no-cloudtrail", PolicyName="no-cloudtrail", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "cloudtrail:*", "Resource": "*"}]}))
k = iam.create_access_key(UserName="idg-no-cloudtrail")["AccessKey"]
print(k["AccessKeyId"], k["SecretAccessKey"])
"#);
    let (key, secret) = keys.trim().split_once(' ').unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (path, snap) = {
        let _off = AuthOff;
        set_auth("0");
        collect(key, secret, &dir)
    };
    let s = &snap.scopes[0].sections;
    match s.audit_logs.as_ref().unwrap() {
        Section::Unavailable { reason, source } => {
            assert_eq!(
                reason.kind,
                UnavailableKind::AccessDenied,
                "{source}: {reason:?}"
            );
        }
        other => panic!("audit_logs should be unavailable: {other:?}"),
    }
    assert!(
        s.principals.as_ref().unwrap().data().is_some(),
        "IAM is still readable"
    );
    assert_read_only(&snap);
    let doc = assess(&path);
    assert_eq!(status(&doc, "IDG-AWS-005"), "unknown");
}
