//! Live AWS collector against the moto emulator (feature `aws-live`).
//!
//! Needs the repository's moto (`scripts/moto.sh start`, which `scripts/test.sh` runs) and fails
//! loudly without one:
//!
//! ```text
//! export $(scripts/moto.sh start)   # IDGAUGE_MOTO_URL, IDGAUGE_MOTO_DIR, IDGAUGE_MOTO_PYTHON
//! cargo test --test aws_live
//! ```
//!
//! The tests reset moto, build a scenario account with `tests/harness/populate.py` (run by the
//! venv's Python, `IDGAUGE_MOTO_PYTHON`), then run `idgauge collect aws`. moto's run state (its
//! request log, the root user's state) is in `IDGAUGE_MOTO_DIR`. Everything they need is in this
//! repository (`tests/harness/`) or pinned on PyPI (`tests/harness/requirements.txt`).
//! They share one moto, so they run one at a time.
#![cfg(feature = "aws-live")]

mod common;

use assert_cmd::Command;
use common::scope_level;
use idgauge::model::{Section, Snapshot, UnavailableKind};
use idgauge::providers::aws::collect::{ALLOWED_OPERATIONS, ORG_OPERATIONS};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

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

/// The Python of the venv `scripts/moto.sh` made (boto3, the AWS CLI beside it).
fn python() -> PathBuf {
    match std::env::var("IDGAUGE_MOTO_PYTHON") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "IDGAUGE_MOTO_PYTHON is not set: run the suite with scripts/test.sh, or \
             `export $(scripts/moto.sh start)` first"
        ),
    }
}

/// moto's run state: `moto.log`, `root-state.json` (scripts/moto.sh).
fn moto_dir() -> PathBuf {
    PathBuf::from(
        std::env::var("IDGAUGE_MOTO_DIR").unwrap_or_else(|_| "/tmp/idgauge-moto/run".into()),
    )
}

/// The file the harness's moto reads the root user's state from (tests/harness/moto_server.py).
fn root_state_file() -> PathBuf {
    moto_dir().join("root-state.json")
}

/// The project's own emulator harness: populate.py, export_aws.sh, moto_server.py.
fn harness_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/harness"))
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

/// One populate.py scenario loaded into moto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// `shared` plus one logging multi-region trail.
    Shared,
    /// `federated` as populate.py builds it.
    Federated,
    /// `shared` plus resources outside us-east-1 and a user with a FIDO key.
    Regions,
    /// The federated management account's organization, arranged as issue 10 describes it:
    /// prod and staging in the `Workloads` OU (which carries the `deny-iam-users` SCP), sandbox
    /// at the root, a fourth account `identity` acting as Identity Center's delegated
    /// administrator, whose instance assigns directory groups to every member, and the
    /// management account's trail made an organization trail. Members have no IAM users and
    /// a root user without password (centralised root access).
    Organization,
    /// `populate.py org --n 10`: ten members, the last of which (`no-audit-role`) has no
    /// OrganizationAccountAccessRole; populate.py's summary in `org-members.json`.
    OrgMembers,
}

/// The scenario moto holds, if a test has not changed it since.
static LOADED: Mutex<Option<Scenario>> = Mutex::new(None);

/// A test that adds to its scenario's state calls this, so the next test reloads.
fn scenario_changed() {
    *LOADED.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// One test at a time (shared moto, global auth switch). moto is reset and populated when the
/// scenario a test needs is not the one loaded.
fn setup(scenario: Scenario) -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if *loaded == Some(scenario) {
        return guard;
    }
    *loaded = None;
    let url = moto_url();
    set_auth("inf");
    let name = match scenario {
        Scenario::Shared => "shared",
        Scenario::Federated => "federated",
        Scenario::Regions => "shared",
        Scenario::Organization => "federated",
        Scenario::OrgMembers => "org",
    };
    let out = std::process::Command::new(python())
        .arg(harness_dir().join("populate.py"))
        .args([name, "--reset", "--endpoint", &url, "--root-state"])
        // The root user's state (MFA, keys) as the scenario defines it, read by moto's patch.
        .arg(root_state_file())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .expect("cannot run populate.py");
    assert!(
        out.status.success(),
        "populate.py {name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if matches!(scenario, Scenario::Shared | Scenario::Regions) {
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
    }
    if scenario == Scenario::Regions {
        py(r#"
import sys, boto3
e = sys.argv[1]
# GuardDuty on in us-west-2, suspended in eu-west-1; a single-region trail in eu-west-1.
boto3.client("guardduty", endpoint_url=e, region_name="us-west-2").create_detector(Enable=True)
boto3.client("guardduty", endpoint_url=e, region_name="eu-west-1").create_detector(Enable=False)
boto3.client("s3", endpoint_url=e).create_bucket(Bucket="idg-eu-trail")
ct = boto3.client("cloudtrail", endpoint_url=e, region_name="eu-west-1")
ct.create_trail(Name="idg-eu-trail", S3BucketName="idg-eu-trail", IsMultiRegionTrail=False)
# A console user whose only MFA device is a FIDO security key (no virtual device).
iam = boto3.client("iam", endpoint_url=e)
iam.create_user(UserName="fido-user")
iam.create_login_profile(UserName="fido-user", Password="Str0ng-passw0rd!")
iam.enable_mfa_device(UserName="fido-user",
                      SerialNumber="arn:aws:iam::123456789012:u2f/user/fido-user/key-ABCD",
                      AuthenticationCode1="123456", AuthenticationCode2="654321")
"#);
    }
    if scenario == Scenario::OrgMembers {
        std::fs::write(moto_dir().join("org-members.json"), &out.stdout).unwrap();
    }
    if scenario == Scenario::Organization {
        let out = py(ORGANIZATION_SETUP);
        std::fs::write(moto_dir().join("organization.json"), out.trim()).unwrap();
    }
    *loaded = Some(scenario);
    guard
}

/// Arranges the federated organization (see [`Scenario::Organization`]); prints the account ids
/// by name.
const ORGANIZATION_SETUP: &str = r#"
import sys, json, os, boto3
e = sys.argv[1]
org = boto3.client("organizations", endpoint_url=e)
identity = org.create_account(Email="aws+identity@example.com", AccountName="identity")
accounts = {a["Name"]: a["Id"] for a in org.list_accounts()["Accounts"]}
root = org.list_roots()["Roots"][0]["Id"]
ou = next(o["Id"] for o in org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]
          if o["Name"] == "Workloads")
for name in ["prod", "staging"]:
    org.move_account(AccountId=accounts[name], SourceParentId=root, DestinationParentId=ou)
# (moto 5.2.6 refuses sso.amazonaws.com as a delegated-administrator service principal; idgauge
# recognises the administrator by its instance assigning access in other accounts.)
boto3.client("cloudtrail", endpoint_url=e).update_trail(Name="org-trail", IsOrganizationTrail=True)

def session(account):
    c = boto3.client("sts", endpoint_url=e).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
        RoleSessionName="setup")["Credentials"]
    return boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                         aws_session_token=c["SessionToken"], region_name="us-east-1")

# Identity Center in the delegated administrator: SCIM-provisioned users in two groups, the
# groups assigned to every member account (admins only to identity itself).
s = session(accounts["identity"])
sso, ids = s.client("sso-admin", endpoint_url=e), s.client("identitystore", endpoint_url=e)
inst = sso.list_instances()["Instances"][0]
iarn, store = inst["InstanceArn"], inst["IdentityStoreId"]
ps = {n: sso.create_permission_set(Name=n, InstanceArn=iarn, SessionDuration="PT1H")["PermissionSet"]["PermissionSetArn"]
      for n in ["Admin", "Developer"]}
groups = {g: ids.create_group(IdentityStoreId=store, DisplayName=g)["GroupId"] for g in ["admins", "developers"]}
for i in range(12):
    uid = ids.create_user(IdentityStoreId=store, UserName=f"person{i:02d}@example.com", DisplayName=f"person{i:02d}",
                          Name={"GivenName": "Person", "FamilyName": f"{i:02d}"})["UserId"]
    ids.create_group_membership(IdentityStoreId=store, GroupId=groups["admins" if i < 2 else "developers"],
                                MemberId={"UserId": uid})
for name in ["prod", "staging", "sandbox", "identity"]:
    sso.create_account_assignment(InstanceArn=iarn, TargetId=accounts[name], TargetType="AWS_ACCOUNT",
                                  PermissionSetArn=ps["Developer"], PrincipalType="GROUP",
                                  PrincipalId=groups["developers"])
sso.create_account_assignment(InstanceArn=iarn, TargetId=accounts["identity"], TargetType="AWS_ACCOUNT",
                              PermissionSetArn=ps["Admin"], PrincipalType="GROUP", PrincipalId=groups["admins"])

# Members' root users have no credentials (centralised root access management).
path = os.path.join(os.environ.get("IDGAUGE_MOTO_DIR", "/tmp/idgauge-moto/run"), "root-state.json")
state = json.load(open(path))
for name in ["prod", "staging", "sandbox", "identity"]:
    state[accounts[name]] = {"mfa": "none", "password_enabled": False, "access_keys": 0}
json.dump(state, open(path, "w"))
print(json.dumps(accounts))
"#;

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

/// `collect aws` of us-east-1 as `key`; not on a terminal, so nothing may reach standard error.
fn collect(key: &str, secret: &str, dir: &tempfile::TempDir) -> (PathBuf, Snapshot) {
    let (path, snap, stderr) = run_collect(key, secret, &["--region", "us-east-1"], dir);
    // Not a terminal: no progress display and no summary on standard error.
    assert!(
        stderr.is_empty(),
        "unexpected output on a non-terminal: {stderr}"
    );
    (path, snap)
}

/// Runs `collect aws` against moto with `args`; asserts success and returns the snapshot file,
/// the snapshot and standard error.
fn run_collect(
    key: &str,
    secret: &str,
    args: &[&str],
    dir: &tempfile::TempDir,
) -> (PathBuf, Snapshot, String) {
    let path = dir.path().join("snap.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .args(["collect", "aws", "--endpoint-url"])
        .arg(moto_url())
        .args(args)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "collect failed: {stderr}");
    let snap: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, snap, stderr)
}

#[test]
fn verbose_logs_every_call_with_status_and_latency() {
    let _g = setup(Scenario::Shared);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args([
            "collect",
            "aws",
            "-v",
            "--region",
            "us-east-1",
            "--endpoint-url",
        ])
        .arg(moto_url())
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    let snap: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // One line per operation issued, each with the final status and a latency.
    let lines: Vec<&str> = log.lines().filter(|l| l.starts_with("idgauge: ")).collect();
    let total: u64 = snap.collection.api_calls.values().sum();
    assert_eq!(lines.len() as u64, total, "{log}");
    assert!(
        lines.iter().any(
            |l| l.starts_with("idgauge: iam:GetAccountAuthorizationDetails 200 ")
                && l.ends_with(" ms")
        ),
        "{log}"
    );
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
    let _g = setup(Scenario::Shared);
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

    // moto pre-creates an empty Identity Center instance: collected, not federation.
    let sso = s.sso.as_ref().unwrap().data().expect("sso");
    assert_eq!(sso.len(), 1);
    assert_eq!(sso[0].permission_sets, 0);
    assert!(s
        .directory_users
        .as_ref()
        .unwrap()
        .data()
        .expect("directory_users")
        .is_empty());
    // Standalone: in no organization, and no organization scope.
    let g = s.guardrails.as_ref().unwrap().data().expect("guardrails");
    assert!(!g.in_organization && g.policies.is_empty());
    // No alarm, no detector, no analyzer: read, and empty or missing (which fails their rules).
    for (name, empty) in [
        (
            "alerting",
            s.alerting.as_ref().unwrap().data().map(Vec::is_empty),
        ),
        (
            "threat_detection",
            // No detector: each region read is reported as one without a detector.
            s.threat_detection
                .as_ref()
                .unwrap()
                .data()
                .map(|d| d.iter().all(|x| x.missing)),
        ),
        (
            "access_analysis",
            s.access_analysis
                .as_ref()
                .unwrap()
                .data()
                .map(Vec::is_empty),
        ),
    ] {
        assert_eq!(empty, Some(true), "{name} should be collected and empty");
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

/// Under moto's IAM enforcement (as the harness fixes it: CloudWatch checked as `cloudwatch:*`,
/// signed GETs verified), denied services make their sections unavailable and their rules
/// unknown, while allowed ones (GuardDuty over signed GETs) are still read.
#[test]
fn access_denied_makes_audit_logs_guardrails_and_alerting_unavailable() {
    let _g = setup(Scenario::Shared);
    let keys = py(r#"
import sys, json, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1])
iam.create_user(UserName="idg-no-cloudtrail")
iam.put_user_policy(UserName="idg-no-cloudtrail", PolicyName="no-cloudtrail", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": ["cloudtrail:*", "organizations:*",
                                                "cloudwatch:DescribeAlarms"], "Resource": "*"}]}))
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
    match s.guardrails.as_ref().unwrap() {
        Section::Unavailable { reason, source } => {
            assert_eq!(
                reason.kind,
                UnavailableKind::AccessDenied,
                "{source}: {reason:?}"
            );
        }
        other => panic!("guardrails should be unavailable: {other:?}"),
    }
    assert_denied(&s.alerting, "cloudwatch:DescribeAlarms");
    assert!(
        s.principals.as_ref().unwrap().data().is_some(),
        "IAM is still readable"
    );
    assert!(
        s.threat_detection.as_ref().unwrap().data().is_some(),
        "GuardDuty is allowed and still readable: {:?}",
        s.threat_detection
    );
    assert_read_only(&snap);
    let doc = assess(&path);
    assert_eq!(status(&doc, "IDG-AWS-005"), "unknown");
    assert_eq!(status(&doc, "IDG-AWS-024"), "unknown");
    assert_eq!(status(&doc, "IDG-AWS-026"), "fail");
}

/// `section` of `s` is unavailable because access was denied, naming `operation`.
fn assert_denied<T: std::fmt::Debug>(section: &Option<Section<T>>, operation: &str) {
    match section.as_ref().unwrap() {
        Section::Unavailable { reason, source } => {
            assert_eq!(
                reason.kind,
                UnavailableKind::AccessDenied,
                "{source}: {reason:?}"
            );
            assert!(source.contains(operation), "{source}");
        }
        other => panic!("should be unavailable (access denied): {other:?}"),
    }
}

#[test]
fn collects_the_federated_account() {
    let _g = setup(Scenario::Federated);
    let dir = tempfile::tempdir().unwrap();
    let (path, snap) = collect("testing", "testing", &dir);
    let account = snap
        .scopes
        .iter()
        .find(|s| s.id == ACCOUNT)
        .expect("account scope");
    let s = &account.sections;

    // Identity Center: one instance, 3 permission sets, 3 group assignments on this account.
    let sso = s.sso.as_ref().unwrap();
    assert_eq!(
        sso.source(),
        "sso-admin:ListInstances+identitystore:ListUsers+identitystore:ListGroups+sso-admin:ListPermissionSets+sso-admin:ListAccountAssignments"
    );
    let sso = sso.data().expect("sso");
    assert_eq!(sso.len(), 1);
    assert_eq!(sso[0].permission_sets, 3, "{:?}", sso[0]);
    assert_eq!(sso[0].account_assignments, 3, "{:?}", sso[0]);
    assert_eq!(sso[0].group_assignments, 3, "{:?}", sso[0]);

    let users = s
        .directory_users
        .as_ref()
        .unwrap()
        .data()
        .expect("directory_users");
    assert_eq!(users.len(), 25);
    assert!(users.iter().any(|u| u.name == "user0000@example.com"));

    // Organizations: this is the management account, so no SCP applies to it; the SCPs are
    // read with what they deny and where they are attached.
    let g = s.guardrails.as_ref().unwrap().data().expect("guardrails");
    assert!(g.in_organization);
    let names: BTreeSet<&str> = g.policies.iter().map(|p| p.name.as_str()).collect();
    for n in [
        "deny-leave-org",
        "deny-disable-cloudtrail",
        "deny-iam-users",
        "region-allowlist",
    ] {
        assert!(names.contains(n), "{n} missing from {names:?}");
    }
    assert!(g.policies.iter().all(|p| !p.attached && p.kind == "scp"));
    let deny_users = g
        .policies
        .iter()
        .find(|p| p.name == "deny-iam-users")
        .unwrap();
    assert!(deny_users
        .denied_actions
        .contains(&"iam:CreateUser".to_string()));
    assert_eq!(deny_users.targets.len(), 1, "{deny_users:?}");
    let org_scope = snap
        .scopes
        .iter()
        .find(|s| s.id.starts_with("aws:organization:o-"))
        .expect("organization scope");
    let org = org_scope
        .sections
        .organization
        .as_ref()
        .unwrap()
        .data()
        .expect("organization");
    assert_eq!(org.management_account.as_deref(), Some("123456789012"));
    assert_eq!(org.feature_set.as_deref(), Some("ALL"));

    let pp = s
        .password_policy
        .as_ref()
        .unwrap()
        .data()
        .expect("password policy");
    assert!(pp.configured && pp.minimum_length == Some(14));
    let idps = s
        .identity_providers
        .as_ref()
        .unwrap()
        .data()
        .expect("identity_providers");
    assert_eq!(idps.len(), 2);
    let trails = s.audit_logs.as_ref().unwrap().data().expect("audit_logs");
    assert!(trails
        .iter()
        .any(|t| t.name == "org-trail" && t.logging == Some(true)));
    // The sign-in failure alarm on the trail's log group (CloudWatch answers in RPCv2 CBOR).
    let alerts = s.alerting.as_ref().unwrap().data().expect("alerting");
    let alarm = alerts
        .iter()
        .find(|a| a.name == "console-signin-failures")
        .unwrap_or_else(|| panic!("no sign-in failure alarm in {alerts:?}"));
    assert_eq!(alarm.kind, "metric_filter_alarm");
    assert!(alarm.enabled && alarm.has_action, "{alarm:?}");
    assert_eq!(alarm.detects, [idgauge::model::AlertSignal::SigninFailure]);
    let detectors = s
        .threat_detection
        .as_ref()
        .unwrap()
        .data()
        .expect("guardduty");
    assert_eq!(detectors.len(), 1, "{detectors:?}");
    assert!(detectors[0].enabled && detectors[0].kind == "guardduty");
    let analyzers = s
        .access_analysis
        .as_ref()
        .unwrap()
        .data()
        .expect("analyzers");
    assert_eq!(analyzers.len(), 1, "{analyzers:?}");
    assert_eq!(analyzers[0].name, "unused-access");
    assert_eq!(analyzers[0].kind, "unused_access");
    assert!(analyzers[0].active);

    assert_read_only(&snap);
    let calls = &snap.collection.api_calls;
    for op in [
        "iam:ListAccountAliases",
        "sso:ListInstances",
        "sso:ListPermissionSets",
        "sso:ListAccountAssignments",
        "identitystore:ListUsers",
        "identitystore:ListGroups",
        "organizations:DescribeOrganization",
        "organizations:ListPolicies",
        "organizations:DescribePolicy",
        "organizations:ListTargetsForPolicy",
        "logs:DescribeMetricFilters",
        "cloudwatch:DescribeAlarms",
        "events:ListRules",
        "guardduty:ListDetectors",
        "access-analyzer:ListAnalyzers",
    ] {
        assert!(calls.contains_key(op), "{op} not recorded: {calls:?}");
    }

    let doc = assess(&path);
    assert_eq!(
        scope_level(&doc, ACCOUNT),
        FEDERATED_LEVEL,
        "{:#}",
        doc["verdict"]
    );
}

/// The level the federated account reaches (live and from its AWS CLI export): level 4
/// needs the break-glass user declared and SCIM-provisioned Identity Center users.
const FEDERATED_LEVEL: u64 = 3;

/// Each rule's required sections, from `idgauge rules list --format json`.
fn rule_requires() -> Vec<(String, Vec<String>)> {
    let out = idgauge()
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["requires"]
                    .as_array()
                    .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Names of the sections of `scope` that are collected.
fn collected_sections(path: &std::path::Path, scope: &str) -> BTreeSet<String> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let scope = doc["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == scope)
        .unwrap_or_else(|| panic!("no scope {scope} in {}", path.display()));
    scope["sections"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v["status"] == "collected")
        .map(|(k, _)| k.clone())
        .collect()
}

/// Live collection and the AWS CLI export of the same account (tests/harness/export_aws.sh) assess the
/// same: same level, same status for every rule whose sections both collected.
#[test]
fn live_and_offline_export_agree_on_the_federated_account() {
    let _g = setup(Scenario::Federated);
    let dir = tempfile::tempdir().unwrap();
    let (live_path, _) = collect("testing", "testing", &dir);
    let export = dir.path().join("export");
    let out = std::process::Command::new("bash")
        .arg(harness_dir().join("export_aws.sh"))
        .arg(moto_url())
        .arg(&export)
        .env("AWSCLI", python().with_file_name("aws"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/idgauge-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/idgauge-test-credentials",
        )
        .output()
        .expect("cannot run export_aws.sh");
    assert!(
        out.status.success(),
        "export_aws.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The offline snapshot, as `assess DIR` builds it, to see which sections it collected.
    let offline_snap = idgauge::providers::aws::import_dir(&export).expect("import the export");
    let offline_path = dir.path().join("offline.json");
    std::fs::write(&offline_path, serde_json::to_vec(&offline_snap).unwrap()).unwrap();

    let live = assess(&live_path);
    let offline = assess(&export);
    assert_eq!(
        scope_level(&live, ACCOUNT),
        scope_level(&offline, ACCOUNT),
        "live {:#} offline {:#}",
        live["verdict"],
        offline["verdict"]
    );

    let live_sections = collected_sections(&live_path, ACCOUNT);
    let offline_sections = collected_sections(&offline_path, ACCOUNT);
    let both: BTreeSet<&String> = live_sections.intersection(&offline_sections).collect();
    let mut compared = Vec::new();
    let mut differ = Vec::new();
    for (rule, requires) in rule_requires() {
        if !rule.starts_with("IDG-AWS-") || requires.is_empty() {
            continue;
        }
        if !requires.iter().all(|r| both.contains(r)) {
            continue;
        }
        let (Some(l), Some(o)) = (try_status(&live, &rule), try_status(&offline, &rule)) else {
            continue;
        };
        if l != o {
            differ.push(format!("{rule}: live {l}, offline {o}"));
        }
        compared.push(rule);
    }
    eprintln!(
        "parity: {} rules compared ({compared:?}); sections collected in both: {both:?}",
        compared.len()
    );
    assert!(differ.is_empty(), "live and offline differ: {differ:#?}");
    assert!(
        compared.len() >= 15,
        "only {} rules compared ({compared:?}); sections in both: {both:?}",
        compared.len()
    );
}

fn try_status(doc: &Value, rule: &str) -> Option<String> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == rule && r["scope_id"] == ACCOUNT)
        .and_then(|r| r["status"].as_str())
        .map(str::to_string)
}

/// `collect aws --org` from the federated management account: ListAccounts, AssumeRole into
/// each member account (moto accepts any role and scopes the credentials to that account), one
/// scope per account under one organization scope.
#[test]
fn org_collects_every_member_account() {
    let _g = setup(Scenario::Federated);
    // An IAM user only in the `prod` member account, created with assumed-role credentials.
    let out = py(r#"
import sys, json, boto3
e = sys.argv[1]
org = boto3.client("organizations", endpoint_url=e)
accounts = [a for a in org.list_accounts()["Accounts"] if a["Status"] == "ACTIVE"]
prod = next(a["Id"] for a in accounts if a["Name"] == "prod")
c = boto3.client("sts", endpoint_url=e).assume_role(
    RoleArn=f"arn:aws:iam::{prod}:role/OrganizationAccountAccessRole",
    RoleSessionName="setup")["Credentials"]
iam = boto3.client("iam", endpoint_url=e, aws_access_key_id=c["AccessKeyId"],
                   aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
if not any(u["UserName"] == "idg-prod-user" for u in iam.list_users()["Users"]):
    iam.create_user(UserName="idg-prod-user")
print(json.dumps({"prod": prod, "accounts": sorted(a["Id"] for a in accounts)}))
"#);
    let setup: Value = serde_json::from_str(out.trim()).unwrap();
    let prod = format!("aws:account:{}", setup["prod"].as_str().unwrap());
    let accounts: BTreeSet<String> = setup["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert!(accounts.len() >= 3, "{accounts:?}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args([
            "collect",
            "aws",
            "--org",
            "--concurrency",
            "2",
            "--region",
            "us-east-1",
            "--endpoint-url",
        ])
        .arg(moto_url())
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "collect --org failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "no account should fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    // One organization scope, listing every account; one scope per account under it.
    let orgs: Vec<_> = snap
        .scopes
        .iter()
        .filter(|s| s.id.starts_with("aws:organization:"))
        .collect();
    assert_eq!(
        orgs.len(),
        1,
        "{:?}",
        snap.scopes.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
    let org = orgs[0]
        .sections
        .organization
        .as_ref()
        .unwrap()
        .data()
        .expect("organization");
    assert_eq!(org.management_account.as_deref(), Some("123456789012"));
    let listed: BTreeSet<String> = org.accounts.iter().cloned().collect();
    assert_eq!(listed, accounts);
    let scoped: BTreeSet<String> = snap
        .scopes
        .iter()
        .filter_map(|s| s.id.strip_prefix("aws:account:").map(str::to_string))
        .collect();
    assert_eq!(scoped, accounts);
    assert_eq!(snap.scopes.len(), accounts.len() + 1);
    for s in snap
        .scopes
        .iter()
        .filter(|s| s.id.starts_with("aws:account:"))
    {
        assert_eq!(s.parent.as_deref(), Some(orgs[0].id.as_str()), "{}", s.id);
        assert!(
            s.sections.principals.as_ref().unwrap().data().is_some(),
            "{}: principals not collected",
            s.id
        );
    }
    // Each member was read with its own credentials: the user exists only in prod.
    let has_user = |id: &str| {
        let scope = snap.scopes.iter().find(|s| s.id == id).unwrap();
        let principals = scope.sections.principals.as_ref().unwrap().data().unwrap();
        principals.iter().any(|p| p.name == "idg-prod-user")
    };
    assert!(has_user(&prod));
    assert!(!has_user(ACCOUNT));

    let calls = &snap.collection.api_calls;
    assert_eq!(
        calls.get("organizations:ListAccounts"),
        Some(&1),
        "{calls:?}"
    );
    assert_eq!(
        calls.get("sts:AssumeRole").copied(),
        Some(accounts.len() as u64 - 1),
        "{calls:?}"
    );
    for op in calls.keys() {
        assert!(
            ALLOWED_OPERATIONS.contains(&op.as_str()) || ORG_OPERATIONS.contains(&op.as_str()),
            "operation {op} is in neither allow-list"
        );
    }
}

/// `--org` when AssumeRole is denied (IAM enforcement on, the caller's policy denies
/// sts:AssumeRole): the caller's own account is still collected; every member account is in the
/// snapshot with every section unavailable (access denied, naming AssumeRole), a warning line
/// each, and level 1.
#[test]
fn org_account_that_cannot_be_assumed_stays_in_the_report() {
    let _g = setup(Scenario::Federated);
    let keys = py(r#"
import sys, json, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1])
if not any(u["UserName"] == "idg-no-assume" for u in iam.list_users()["Users"]):
    iam.create_user(UserName="idg-no-assume")
    iam.put_user_policy(UserName="idg-no-assume", PolicyName="no-assume", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}]}))
k = iam.create_access_key(UserName="idg-no-assume")["AccessKey"]
print(k["AccessKeyId"], k["SecretAccessKey"])
"#);
    let (key, secret) = keys.trim().split_once(' ').unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let run = |extra: &[&str], file: &str| {
        idgauge()
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .args(["collect", "aws", "--org", "--region", "us-east-1"])
            .args(extra)
            .arg("--endpoint-url")
            .arg(moto_url())
            .arg("-o")
            .arg(dir.path().join(file))
            .output()
            .unwrap()
    };
    let (out, quiet) = {
        let _off = AuthOff;
        set_auth("0");
        (run(&[], "org.json"), run(&["--quiet"], "quiet.json"))
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "collect --org failed: {stderr}");
    let snap: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let members: Vec<_> = snap
        .scopes
        .iter()
        .filter(|s| s.id.starts_with("aws:account:") && s.id != ACCOUNT)
        .collect();
    assert!(members.len() >= 3, "{members:?}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("idgauge: warning: account "))
        .collect();
    assert_eq!(warnings.len(), members.len(), "{stderr}");
    for m in &members {
        assert!(m
            .parent
            .as_deref()
            .unwrap()
            .starts_with("aws:organization:o-"));
        for name in ["principals", "root", "audit_logs", "guardrails"] {
            let st = m.sections.status(name).unwrap();
            let reason = st
                .unavailable
                .unwrap_or_else(|| panic!("{}: {name} should be unavailable", m.id));
            assert_eq!(reason.kind, UnavailableKind::AccessDenied, "{reason:?}");
            // (moto's IAM enforcement answers STS in another service's error shape, so the
            // message may quote the XML; AWS's own STS answer is parsed: see
            // org_of_ten_with_a_denied_member_is_collected_within_its_concurrency.)
            assert!(
                reason.message.starts_with("sts:AssumeRole arn:aws:iam::"),
                "{reason:?}"
            );
        }
    }
    // The caller's own account and the organization are still read.
    let own = snap.scopes.iter().find(|s| s.id == ACCOUNT).unwrap();
    assert!(own.sections.principals.as_ref().unwrap().data().is_some());
    assert_eq!(
        snap.scopes
            .iter()
            .filter(|s| s.id.starts_with("aws:organization:"))
            .count(),
        1
    );
    let doc = assess(&path);
    for m in &members {
        assert_eq!(scope_level(&doc, &m.id), 1, "{}", m.id);
    }
    // --quiet: no warnings.
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

/// One request as a [`timing_proxy`] saw it: the access key that signed it, and when it arrived
/// and was answered.
#[derive(Debug, Clone)]
struct Timed {
    key: String,
    start: std::time::Instant,
    end: std::time::Instant,
}

/// A loopback proxy in front of moto that records every request's signing key and timing.
fn timing_proxy(upstream: String) -> (String, Arc<Mutex<Vec<Timed>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let record = log.clone();
    let upstream = upstream.trim_start_matches("http://").to_string();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(client) = conn else { continue };
            let (record, upstream) = (record.clone(), upstream.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut client = client;
                let (mut head, mut length, mut key) = (String::new(), 0, String::new());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if lower.starts_with("authorization:") {
                        // `Credential=<key id>/<date>/<region>/<service>/aws4_request`
                        key = line
                            .split("Credential=")
                            .nth(1)
                            .and_then(|c| c.split('/').next())
                            .unwrap_or_default()
                            .to_string();
                    }
                    if !lower.starts_with("connection:") {
                        head.push_str(&line);
                    }
                }
                let start = std::time::Instant::now();
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let mut up = std::net::TcpStream::connect(&upstream).unwrap();
                let _ = write!(up, "{head}Connection: close\r\n\r\n");
                let _ = up.write_all(&body);
                let mut resp = Vec::new();
                let _ = up.read_to_end(&mut resp);
                let _ = client.write_all(&resp);
                let end = std::time::Instant::now();
                record.lock().unwrap().push(Timed { key, start, end });
            });
        }
    });
    (url, log)
}

/// The most member accounts whose collection was under way at one time: each assumed-role key
/// (`ASIA…`, one per member) spans from its first request's arrival to its last answer.
fn max_members_in_flight(log: &[Timed]) -> usize {
    let mut spans: std::collections::BTreeMap<&str, (std::time::Instant, std::time::Instant)> =
        Default::default();
    for t in log.iter().filter(|t| t.key.starts_with("ASIA")) {
        let s = spans.entry(t.key.as_str()).or_insert((t.start, t.end));
        s.0 = s.0.min(t.start);
        s.1 = s.1.max(t.end);
    }
    spans
        .values()
        .map(|&(start, _)| {
            spans
                .values()
                .filter(|&&(s, e)| s <= start && start < e)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// The CI form of scripts/bench-org.sh: `--org` over ten members, one of which
/// (`no-audit-role`) refuses AssumeRole. The scan completes with exit 0; the refused member is in
/// the snapshot with every section unavailable (access denied, naming AssumeRole), one warning
/// and level 1; the nine others and the management account are collected; and `--concurrency`
/// bounds how many members are collected at once (measured at the proxy from the members'
/// assumed-role keys): one at a time with 1, never more than 3 but more than one with 3.
#[test]
fn org_of_ten_with_a_denied_member_is_collected_within_its_concurrency() {
    let _g = setup(Scenario::OrgMembers);
    let populated: Value = serde_json::from_str(
        &std::fs::read_to_string(moto_dir().join("org-members.json")).unwrap(),
    )
    .unwrap();
    let denied = format!(
        "aws:account:{}",
        populated["denied_member"].as_str().unwrap()
    );
    let dir = tempfile::tempdir().unwrap();
    for concurrency in [1usize, 3] {
        let (url, log) = timing_proxy(moto_url());
        let path = dir.path().join(format!("org-{concurrency}.json"));
        let out = idgauge()
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .args(["collect", "aws", "--org", "--region", "us-east-1"])
            .args(["--concurrency", &concurrency.to_string()])
            .args(["--endpoint-url", &url, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "collect --org failed: {stderr}");
        let snap: Snapshot =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

        // Eleven accounts (the management account and ten members) under one organization.
        let accounts: Vec<_> = snap
            .scopes
            .iter()
            .filter(|s| s.id.starts_with("aws:account:"))
            .collect();
        assert_eq!(accounts.len(), 11, "{:?}", snap.scopes);
        assert_eq!(snap.scopes.len(), 12);
        // The refused member: reported, skipped, never fatal.
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("idgauge: warning: account "))
            .collect();
        assert_eq!(warnings.len(), 1, "{stderr}");
        assert!(
            warnings[0].contains(denied.trim_start_matches("aws:account:"))
                && warnings[0].contains("not collected"),
            "{stderr}"
        );
        let refused = accounts
            .iter()
            .find(|s| s.id == denied)
            .expect("denied member");
        for name in ["principals", "root", "audit_logs", "guardrails", "sso"] {
            let reason = refused.sections.status(name).unwrap().unavailable.unwrap();
            assert_eq!(
                reason.kind,
                UnavailableKind::AccessDenied,
                "{name}: {reason:?}"
            );
            // STS's answer as its code and message, not a raw XML body.
            assert!(
                reason.message.starts_with("sts:AssumeRole arn:aws:iam::")
                    && reason.message.contains("AccessDenied")
                    && reason
                        .message
                        .contains("is not authorized to perform: sts:AssumeRole")
                    && !reason.message.contains('<'),
                "{reason:?}"
            );
        }
        // Everyone else collected, each member with its own CI user.
        for s in accounts.iter().filter(|s| s.id != denied) {
            let principals = s.sections.principals.as_ref().unwrap().data();
            let principals = principals.unwrap_or_else(|| panic!("{}: not collected", s.id));
            assert_eq!(
                principals.iter().any(|p| p.name == "ci-deploy"),
                s.id != ACCOUNT,
                "{}",
                s.id
            );
        }
        let calls = &snap.collection.api_calls;
        assert_eq!(calls.get("sts:AssumeRole"), Some(&10), "{calls:?}");
        for op in calls.keys() {
            assert!(
                ALLOWED_OPERATIONS.contains(&op.as_str()) || ORG_OPERATIONS.contains(&op.as_str()),
                "operation {op} is in neither allow-list"
            );
        }

        // The bound holds, and is used.
        let log = log.lock().unwrap().clone();
        let members = log.iter().filter(|t| t.key.starts_with("ASIA")).count();
        assert!(members > 9 * 10, "{members} member requests");
        let in_flight = max_members_in_flight(&log);
        if concurrency == 1 {
            assert_eq!(in_flight, 1);
        } else {
            assert!(
                (2..=concurrency).contains(&in_flight),
                "{in_flight} members at once with --concurrency {concurrency}"
            );
        }
        if concurrency == 3 {
            let doc = assess(&path);
            assert_eq!(scope_level(&doc, &denied), 1);
        }
    }
}

/// Requests moto has logged so far whose path starts with `path`.
fn moto_requests(path: &str) -> usize {
    let log = std::fs::read_to_string(moto_dir().join("moto.log")).unwrap_or_default();
    log.lines()
        .filter(|l| {
            l.split('"')
                .nth(1)
                .and_then(|r| r.split(' ').nth(1))
                .is_some_and(|p| p.starts_with(path))
        })
        .count()
}

/// Collects with extra arguments as the unrestricted test user; returns the snapshot and
/// standard error.
fn collect_with(args: &[&str], dir: &tempfile::TempDir) -> (Snapshot, String) {
    let (_, snap, stderr) = run_collect("testing", "testing", args, dir);
    (snap, stderr)
}

#[test]
fn collects_every_requested_region_and_explains_mfa_devices() {
    let _g = setup(Scenario::Regions);
    let dir = tempfile::tempdir().unwrap();
    let analyzer_requests_before = moto_requests("/analyzer");
    // Repeatable and comma-separated, in any order, duplicates ignored.
    let (snap, stderr) = collect_with(
        &[
            "--region",
            "us-west-2,us-east-1",
            "--region",
            "eu-west-1",
            "--region",
            "us-east-1",
        ],
        &dir,
    );
    assert!(stderr.is_empty(), "{stderr}");
    assert_read_only(&snap);
    assert_eq!(
        snap.collection.regions,
        ["eu-west-1", "us-east-1", "us-west-2"]
    );
    let calls = &snap.collection.api_calls;
    // Each regional list call once per region; global services once.
    for op in [
        "cloudtrail:DescribeTrails",
        "guardduty:ListDetectors",
        "sso:ListInstances",
        "events:ListRules",
        "logs:DescribeMetricFilters",
        "cloudwatch:DescribeAlarms",
        "access-analyzer:ListAnalyzers",
    ] {
        assert_eq!(calls.get(op), Some(&3), "{op}: {calls:?}");
    }
    assert_eq!(calls.get("iam:GetAccountAuthorizationDetails"), Some(&1));
    // Regions were named, so they were not listed.
    assert_eq!(calls.get("account:ListRegions"), None);
    // One ListAnalyzers request per region reached moto.
    assert_eq!(moto_requests("/analyzer") - analyzer_requests_before, 3);
    let aa = snap.scopes[0].sections.access_analysis.as_ref().unwrap();
    assert_eq!(aa.data().map(Vec::len), Some(0), "{aa:?}");

    let s = &snap.scopes[0].sections;
    let mut detectors: Vec<(String, bool)> = s
        .threat_detection
        .as_ref()
        .unwrap()
        .data()
        .expect("threat detection")
        .iter()
        .filter(|d| !d.missing)
        .map(|d| (d.region.clone().unwrap_or_default(), d.enabled))
        .collect();
    detectors.sort();
    // us-east-1 was read and has no detector: reported as missing.
    assert!(s
        .threat_detection
        .as_ref()
        .unwrap()
        .data()
        .unwrap()
        .iter()
        .any(|d| d.missing && d.region.as_deref() == Some("us-east-1")));
    assert_eq!(
        detectors,
        [
            ("eu-west-1".to_string(), false),
            ("us-west-2".to_string(), true)
        ]
    );
    // The multi-region trail is listed in all three regions but reported (and its status
    // read) once; the eu-west-1 trail is found in its own region.
    let trails = s.audit_logs.as_ref().unwrap().data().expect("audit logs");
    let names: Vec<&str> = trails.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names.iter().filter(|n| **n == "idg-trail").count(),
        1,
        "{names:?}"
    );
    let eu = trails
        .iter()
        .find(|t| t.name == "idg-eu-trail")
        .expect("eu-west-1 trail");
    assert_eq!(eu.home_region.as_deref(), Some("eu-west-1"));
    assert!(!eu.multi_region);
    assert_eq!(
        calls.get("cloudtrail:GetTrailStatus"),
        Some(&(trails.len() as u64))
    );

    // MFA without a virtual device: one ListMFADevices call tells the FIDO key apart.
    let principals = s.principals.as_ref().unwrap().data().unwrap();
    let fido = principals.iter().find(|p| p.name == "fido-user").unwrap();
    assert_eq!(fido.mfa_devices.len(), 1, "{:?}", fido.mfa_devices);
    assert!(fido.mfa_devices[0].phishing_resistant);
    let unexplained = principals
        .iter()
        .filter(|p| p.mfa_active && p.mfa_devices.iter().all(|d| d.serial.is_none()))
        .count();
    assert_eq!(unexplained, 0);
    assert_eq!(calls.get("iam:ListMFADevices"), Some(&1), "{calls:?}");
}

#[test]
fn without_region_reads_the_enabled_regions_or_says_what_it_covered() {
    let _g = setup(Scenario::Regions);
    let dir = tempfile::tempdir().unwrap();
    // moto does not implement account:ListRegions: the collector falls back to the regions
    // AWS enables by default, and says so even when not on a terminal.
    let (snap, stderr) = collect_with(&[], &dir);
    assert_read_only(&snap);
    assert_eq!(
        snap.collection.api_calls.get("account:ListRegions"),
        Some(&1)
    );
    assert!(
        stderr.contains("account:ListRegions failed") && stderr.contains("opt-in regions"),
        "{stderr}"
    );
    assert_eq!(
        snap.collection.regions.len(),
        17,
        "{:?}",
        snap.collection.regions
    );
    for r in ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"] {
        assert!(snap.collection.regions.iter().any(|x| x == r), "{r}");
    }
    // Both detectors are found without naming their regions.
    let n = snap.scopes[0]
        .sections
        .threat_detection
        .as_ref()
        .unwrap()
        .data()
        .unwrap()
        .iter()
        .filter(|d| !d.missing)
        .count();
    assert_eq!(n, 2);
}

/// Every section the live collector writes is read from the emulator at least once: on the
/// federated account, each section of the account scope and the organization section are
/// `collected`, and the alerting, threat-detection and access-analysis rules decide (pass or
/// fail), none of them `unknown`.
#[test]
fn every_section_the_collector_writes_is_collected_and_its_rules_decide() {
    let _g = setup(Scenario::Federated);
    let dir = tempfile::tempdir().unwrap();
    let (path, snap) = collect("testing", "testing", &dir);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut written = BTreeSet::new();
    for scope in doc["scopes"].as_array().unwrap() {
        for (name, section) in scope["sections"].as_object().unwrap() {
            assert_eq!(
                section["status"], "collected",
                "{}: {name} is not collected: {section:#}",
                scope["id"]
            );
            written.insert(name.clone());
        }
    }
    // Every section of the model but those AWS has no source for.
    let not_aws = [
        "provisioning",
        "auth_policies",
        "privileged_access",
        "external_collaboration",
        "applications",
        "authentication_methods",
        "authentication_strengths",
        "named_locations",
        "risky_users",
        // Derived when assessing with a directory, never collected.
        "reconciliation",
    ];
    for name in idgauge::model::SECTION_NAMES
        .iter()
        .filter(|n| !not_aws.contains(n))
    {
        assert!(written.contains(*name), "{name} not written: {written:?}");
    }
    assert_read_only(&snap);

    let doc = assess(&path);
    for (rule, expected) in [
        // The metric filter and alarm on console sign-in failures.
        ("IDG-AWS-024", "pass"),
        // No alert on sign-ins without MFA.
        ("IDG-AWS-025", "fail"),
        ("IDG-AWS-026", "pass"),
        ("IDG-AWS-031", "pass"),
    ] {
        assert_eq!(status(&doc, rule), expected, "{rule}");
    }
}

/// A loopback proxy in front of moto that answers every Access Analyzer request with a bare HTML
/// 500 (no AWS request id, as an emulator that lacks the service does) and counts them.
fn proxy_without_access_analyzer(upstream: String) -> (String, Arc<AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let upstream = upstream.trim_start_matches("http://").to_string();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(client) = conn else { continue };
            let (counter, upstream) = (counter.clone(), upstream.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut client = client;
                let mut head = String::new();
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if !line.to_ascii_lowercase().starts_with("connection:") {
                        head.push_str(&line);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let path = head.split(' ').nth(1).unwrap_or("");
                if path.starts_with("/analyzer") {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let page = "<html><body>Internal Server Error</body></html>";
                    let _ = write!(
                        client,
                        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
                        page.len()
                    );
                    return;
                }
                let mut up = std::net::TcpStream::connect(&upstream).unwrap();
                let _ = write!(up, "{head}Connection: close\r\n\r\n");
                let _ = up.write_all(&body);
                let mut resp = Vec::new();
                let _ = up.read_to_end(&mut resp);
                let _ = client.write_all(&resp);
            });
        }
    });
    (url, hits)
}

/// A 500 that no AWS service sent (no request id) is not retried: one request per region, and
/// the section is unavailable (error), never empty; every other section is still collected.
#[test]
fn a_500_without_an_aws_request_id_is_not_retried() {
    let _g = setup(Scenario::Shared);
    let (url, hits) = proxy_without_access_analyzer(moto_url());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args(["collect", "aws", "--region", "us-east-1,eu-west-1"])
        .args(["--endpoint-url", &url, "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2, "one request per region");
    let snap: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let s = &snap.scopes[0].sections;
    match s.access_analysis.as_ref().unwrap() {
        Section::Unavailable { reason, source } => {
            assert_eq!(reason.kind, UnavailableKind::Error, "{reason:?}");
            assert_eq!(source, "access-analyzer:ListAnalyzers");
        }
        other => panic!("access_analysis should be unavailable: {other:?}"),
    }
    assert!(s.alerting.as_ref().unwrap().data().is_some());
    assert!(s.threat_detection.as_ref().unwrap().data().is_some());
}

/// Exports one account with tests/harness/export_aws.sh into `dir`, with the given credentials.
/// `accounts`: whose Identity Center assignments to export (all of the organization's).
fn export_account(dir: &std::path::Path, creds: (&str, &str, Option<&str>), accounts: &str) {
    let mut cmd = std::process::Command::new("bash");
    cmd.env("ACCOUNTS", accounts)
        .arg(harness_dir().join("export_aws.sh"))
        .arg(moto_url())
        .arg(dir)
        .env("AWSCLI", python().with_file_name("aws"))
        .env("AWS_ACCESS_KEY_ID", creds.0)
        .env("AWS_SECRET_ACCESS_KEY", creds.1)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/idgauge-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/idgauge-test-credentials",
        )
        .env_remove("AWS_SESSION_TOKEN");
    if let Some(t) = creds.2 {
        cmd.env("AWS_SESSION_TOKEN", t);
    }
    let out = cmd.output().expect("cannot run export_aws.sh");
    assert!(
        out.status.success(),
        "export_aws.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 10's organization, scanned with `--org` from the management account: Identity Center
/// in a delegated administrator, an organization trail, an identity SCP on one OU. What the
/// organization provides is read once and credited to each member — assignments to that account,
/// the organization trail, the SCPs on its OU path — so members are judged on what applies to
/// them, not level 1. The same organization exported account by account with the AWS CLI and
/// assessed offline gives every scope the same level.
#[test]
fn org_credits_identity_center_trail_and_scps_to_each_member() {
    let _g = setup(Scenario::Organization);
    let accounts: std::collections::BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(moto_dir().join("organization.json")).unwrap(),
    )
    .unwrap();
    let id = |name: &str| format!("aws:account:{}", accounts[name]);
    let dir = tempfile::tempdir().unwrap();
    let (path, snap, _) = run_collect(
        "testing",
        "testing",
        &["--org", "--region", "us-east-1", "--concurrency", "2"],
        &dir,
    );
    let live = assess(&path);
    let scope = |s: &str| {
        snap.scopes
            .iter()
            .find(|x| x.id == s)
            .unwrap_or_else(|| panic!("no scope {s}"))
    };

    // Read once where it lives: every account's OU path, and Identity Center's assignments to
    // every account in the delegated administrator.
    let calls = &snap.collection.api_calls;
    assert!(calls.contains_key("organizations:ListParents"), "{calls:?}");
    assert!(
        calls.contains_key("sso:ListAccountsForProvisionedPermissionSet"),
        "{calls:?}"
    );
    assert!(
        calls.contains_key("identitystore:ListGroupMemberships"),
        "{calls:?}"
    );
    let org = snap
        .scopes
        .iter()
        .find(|s| s.id.starts_with("aws:organization:"))
        .unwrap()
        .sections
        .organization
        .as_ref()
        .unwrap()
        .data()
        .unwrap();
    let prod_path = &org.account_paths[&accounts["prod"]];
    assert!(
        prod_path.len() == 2 && prod_path[0].starts_with("r-") && prod_path[1].starts_with("ou-"),
        "{prod_path:?}"
    );
    assert_eq!(org.account_paths[&accounts["sandbox"]].len(), 1);

    // Credited, as the rules see it: the results' evidence names the delegated administrator.
    let evidence = |rule: &str, scope: &str| common::result(&live, rule, scope).clone();
    for m in ["prod", "staging", "sandbox"] {
        let r = evidence("IDG-AWS-018", &id(m));
        assert_eq!(r["status"], "pass", "{m}: {r:#}");
        let r = evidence("IDG-AWS-011", &id(m));
        assert_eq!(r["status"], "pass", "{m}: {r:#}");
        let r = evidence("IDG-AWS-016", &id(m));
        assert_eq!(
            r["status"], "pass",
            "{m}: organization trail credited: {r:#}"
        );
    }
    // SCPs by OU path: the identity SCP reaches prod (Workloads OU), not sandbox (root only).
    for (m, expect) in [("prod", "pass"), ("staging", "pass"), ("sandbox", "fail")] {
        let r = evidence("IDG-AWS-030", &id(m));
        assert_eq!(r["status"], expect, "{m}: {r:#}");
    }
    // The management account: SCPs never apply to it.
    let mgmt = "aws:account:123456789012";
    assert_eq!(
        evidence("IDG-AWS-030", mgmt)["status"],
        "not_applicable",
        "{:#}",
        evidence("IDG-AWS-030", mgmt)
    );
    // Members see the organization's instance, not "collected, empty".
    assert!(scope(&id("prod")).sections.sso.is_some());

    // Every scope's level, and the overall level is the weakest scope's.
    let levels: std::collections::BTreeMap<String, u64> = live["verdict"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["scope_id"].as_str().unwrap().to_string(),
                s["level"].as_u64().unwrap(),
            )
        })
        .collect();
    eprintln!("levels: {levels:?}");
    for m in ["prod", "staging", "sandbox", "identity"] {
        assert!(
            levels[&id(m)] >= 3,
            "{m} is judged on what the organization provides: {levels:?}"
        );
    }
    let min = levels.values().min().copied().unwrap();
    assert_eq!(live["verdict"]["overall_level"].as_u64(), Some(min));

    // Offline: each account exported with the AWS CLI (members with assumed-role credentials),
    // the folders assessed together, give every scope the same level.
    let exports = dir.path().join("exports");
    let all: Vec<&str> = accounts.values().map(String::as_str).collect();
    let all = all.join(" ");
    for (name, account) in &accounts {
        let target = exports.join(name);
        if account == "123456789012" {
            export_account(&target, ("testing", "testing", None), &all);
            continue;
        }
        let creds: Value = serde_json::from_str(
            py(&format!(
                r#"
import sys, json, boto3
c = boto3.client("sts", endpoint_url=sys.argv[1]).assume_role(
    RoleArn="arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
    RoleSessionName="export")["Credentials"]
print(json.dumps([c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]]))
"#
            ))
            .trim(),
        )
        .unwrap();
        let c = |i: usize| creds[i].as_str().unwrap().to_string();
        export_account(&target, (&c(0), &c(1), Some(&c(2))), &all);
    }
    let mut cmd = idgauge();
    cmd.args(["assess", "--format", "json"]);
    for name in accounts.keys() {
        cmd.arg(exports.join(name));
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "assess of the exports failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offline: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Regenerates fixtures/exports/aws/org (see its README).
    if let Some(save) = std::env::var_os("IDGAUGE_SAVE_ORG_EXPORTS") {
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(&exports)
            .arg(&save)
            .status()
            .unwrap();
        assert!(status.success());
    }
    for s in levels.keys() {
        assert_eq!(
            scope_level(&offline, s),
            levels[s],
            "{s}: live {levels:?}, offline {:#}",
            offline["verdict"]["scopes"]
        );
    }
}

// ---- Proof under faults: the fault-injecting proxy of tests/common/faults.rs in front of moto.

/// `collect aws` through `endpoint` with the management account's keys and `args`: exit code,
/// snapshot (null when none was written), standard error, snapshot path.
fn collect_through(
    endpoint: &str,
    args: &[&str],
    dir: &std::path::Path,
) -> (i32, Value, String, PathBuf) {
    let path = dir.join("snap.json");
    let out = idgauge()
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args(["collect", "aws", "--endpoint-url", endpoint])
        .args(args)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    let snap = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        snap,
        String::from_utf8_lossy(&out.stderr).to_string(),
        path,
    )
}

const ORG_SCAN: &[&str] = &["--org", "--region", "us-east-1", "--concurrency", "2"];

/// What `--org` cannot start without: who the caller is, its organization, the account list.
const ORG_PREREQUISITES: &[&str] = &[
    "sts:GetCallerIdentity",
    "organizations:DescribeOrganization",
    "organizations:ListAccounts",
];

/// Runs `row` for each item on `workers` threads; returns the rows' outputs in item order.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    row: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<(usize, R)>> = Mutex::default();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = row(item);
                out.lock().unwrap().push((i, r));
            });
        }
    });
    let mut out = out.into_inner().unwrap();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// The denied-permission matrix, generated from the allow-list: for every operation the collector
/// may issue, a scan where only that operation is denied (the proxy answers it with the
/// service's own AccessDenied) completes with exit 0, turns every section the full scan read
/// through it into `unavailable` naming it (or says the section was built without it), lets no
/// rule that needs those sections pass nor any rule pass that did not pass with full
/// permissions, and raises no scope above its level with every permission.
///
/// Two scans cover the whole allow-list: the organization with `--org` in one region (its
/// management account also gets a FIDO-key user, whose MFA only `iam:ListMFADevices` explains,
/// and an EventBridge rule with a target), and the management account alone without `--region`
/// (`account:ListRegions`). Each operation's row runs in the first scan that issues it.
#[test]
fn denied_permission_matrix_from_the_allow_list() {
    use common::faults::{denied_row_problems, fed_by, Aws, Fault, Plan, Proxy, Times};
    let _g = setup(Scenario::Organization);
    scenario_changed();
    py(r#"
import sys, json, boto3
e = sys.argv[1]
iam = boto3.client("iam", endpoint_url=e)
iam.create_user(UserName="fido-admin")
iam.create_login_profile(UserName="fido-admin", Password="Str0ng-passw0rd!")
iam.enable_mfa_device(UserName="fido-admin",
                      SerialNumber="arn:aws:iam::123456789012:u2f/user/fido-admin/key-EFGH",
                      AuthenticationCode1="123456", AuthenticationCode2="654321")
ev = boto3.client("events", endpoint_url=e, region_name="us-east-1")
ev.put_rule(Name="iam-changes", EventPattern=json.dumps({"source": ["aws.iam"]}))
ev.put_targets(Rule="iam-changes", Targets=[{"Id": "1", "Arn": "arn:aws:sns:us-east-1:123456789012:alerts"}])
"#);
    let configs: [&[&str]; 2] = [ORG_SCAN, &["--timeout", "10"]];
    let mut fulls = Vec::new();
    for args in configs {
        let clean = Proxy::start(&moto_url(), Aws, vec![]);
        let dir = tempfile::tempdir().unwrap();
        let (code, full, err, path) = collect_through(&clean.url, args, dir.path());
        assert_eq!(code, 0, "{err}");
        let full_doc = assess(&path);
        // What the collector says it issued is what went over the wire (named from the wire).
        let recorded: BTreeSet<String> = full["collection"]["api_calls"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            recorded,
            clean.operations(),
            "{args:?}: api_calls vs the wire"
        );
        fulls.push((args, recorded, full, full_doc));
    }
    // Every allow-listed operation is issued by one of the scans, so every one gets its row.
    let ops: Vec<&str> = ALLOWED_OPERATIONS
        .iter()
        .chain(ORG_OPERATIONS)
        .copied()
        .collect();
    let never: Vec<&&str> = ops
        .iter()
        .filter(|o| !fulls.iter().any(|f| f.1.contains(**o)))
        .collect();
    assert!(never.is_empty(), "not issued by any scan: {never:?}");

    let rows = in_parallel(&ops, 3, |op| {
        let (args, _, full, full_doc) = fulls.iter().find(|f| f.1.contains(*op)).unwrap();
        let proxy = Proxy::start(
            &moto_url(),
            Aws,
            vec![Plan::new(op, Fault::Deny, Times::Always)],
        );
        let dir = tempfile::tempdir().unwrap();
        let (code, snap, err, path) = collect_through(&proxy.url, args, dir.path());
        let mut problems = Vec::new();
        if proxy.faults(Fault::Deny) == 0 {
            problems.push("never issued".to_string());
        }
        // Without these `--org` cannot know which accounts to scan: a clear error naming the
        // operation, exit 2, no snapshot — never a scan of some other set of accounts.
        if ORG_PREREQUISITES.contains(op) && args.contains(&"--org") {
            if code != 2 || !err.contains(op) || !snap.is_null() {
                problems.push(format!(
                    "a prerequisite of --org: exit {code}: {}",
                    err.trim()
                ));
            }
            return (op.to_string(), 0, problems);
        }
        if code != 0 {
            problems.push(format!("exit {code}: {}", err.trim()));
            return (op.to_string(), 0, problems);
        }
        let out = idgauge()
            .args(["assess", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        if doc.is_null() {
            problems.push(format!("assess: {}", String::from_utf8_lossy(&out.stderr)));
        }
        problems.extend(denied_row_problems(op, full, full_doc, &snap, &doc));
        (op.to_string(), fed_by(full, op).len(), problems)
    });
    let mut report = String::new();
    for (op, fed, problems) in &rows {
        for p in problems {
            report.push_str(&format!("{op} ({fed} sections): {p}\n"));
        }
    }
    eprintln!(
        "denied-permission matrix: {} rows, {} sections made unavailable in all",
        rows.len(),
        rows.iter().map(|r| r.1).sum::<usize>()
    );
    assert!(report.is_empty(), "{report}");
}

const ONE_ACCOUNT: &[&str] = &["--region", "us-east-1", "--timeout", "2"];

/// Fault storms, transient: every kind of fault on the first attempt(s) of the requests is
/// retried to success — the same sections collected as without faults, operations counted
/// once — and the scan never hangs past its timeout.
#[test]
fn transient_faults_are_retried_to_success() {
    use common::faults::{Aws, Fault, Plan, Proxy, Times};
    let _g = setup(Scenario::Shared);
    let dir = tempfile::tempdir().unwrap();
    let (code, clean, err, _) = collect_through(&moto_url(), ONE_ACCOUNT, dir.path());
    assert_eq!(code, 0, "{err}");
    // Hangs are slow by nature (each waits out the 2 s timeout): two operations get them.
    let storms = [
        vec![Plan::new("*", Fault::Throttle, Times::First(2))],
        vec![Plan::new("*", Fault::Unavailable, Times::First(1))],
        vec![Plan::new("*", Fault::Reset, Times::First(1))],
        vec![Plan::new("*", Fault::Truncate, Times::First(1))],
        vec![
            Plan::new(
                "iam:GetAccountAuthorizationDetails",
                Fault::Hang,
                Times::First(1),
            ),
            Plan::new("cloudtrail:DescribeTrails", Fault::Hang, Times::First(1)),
        ],
    ];
    let rows = in_parallel(&storms, 3, |plans| {
        let fault = plans[0].fault;
        let proxy = Proxy::start(&moto_url(), Aws, plans.clone());
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let (code, snap, err, _) = collect_through(&proxy.url, ONE_ACCOUNT, dir.path());
        let faulted: Vec<String> = proxy
            .seen()
            .into_iter()
            .filter(|s| s.fault.is_some())
            .map(|s| s.op)
            .collect();
        (fault, faulted, code, snap, err, started.elapsed())
    });
    for (fault, faulted, code, snap, err, took) in rows {
        assert!(faulted.len() >= 2, "{fault:?}: only {faulted:?} faulted");
        assert_eq!(code, 0, "{fault:?}: {err}");
        assert_eq!(
            common::faults::section_statuses(&snap),
            common::faults::section_statuses(&clean),
            "{fault:?}: retried faults must end as without them"
        );
        // Operations, not attempts. The credential report is polled (GenerateCredentialReport
        // until COMPLETE), so how often it is asked for depends on moto's timing, not faults.
        let calls = |s: &Value| {
            let mut c = s["collection"]["api_calls"].clone();
            c.as_object_mut()
                .unwrap()
                .remove("iam:GenerateCredentialReport");
            c
        };
        assert_eq!(
            calls(&snap),
            calls(&clean),
            "{fault:?}: operations, not attempts"
        );
        assert!(
            took < std::time::Duration::from_secs(90),
            "{fault:?}: {took:?}"
        );
    }
}

/// Fault storms, persistent: a call that never succeeds — throttled, 503, reset, truncated or
/// hung on every attempt — ends with the sections it feeds `unavailable` (an error, not a
/// denial) and their rules not passing, with exit 0, within attempts × timeout.
#[test]
fn persistent_faults_end_as_unavailable_never_as_a_pass() {
    use common::faults::{gap_problems, Aws, Plan, Proxy, Times, FAULTS};
    let _g = setup(Scenario::Shared);
    let dir = tempfile::tempdir().unwrap();
    let (code, full, err, path) = collect_through(&moto_url(), ONE_ACCOUNT, dir.path());
    assert_eq!(code, 0, "{err}");
    let full_doc = assess(&path);
    let op = "iam:GetAccountAuthorizationDetails";
    let rows = in_parallel(&FAULTS, 3, |fault| {
        let proxy = Proxy::start(&moto_url(), Aws, vec![Plan::new(op, *fault, Times::Always)]);
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let (code, snap, err, path) = collect_through(&proxy.url, ONE_ACCOUNT, dir.path());
        let took = started.elapsed();
        let doc = if code == 0 {
            assess(&path)
        } else {
            Value::Null
        };
        (*fault, proxy.faults(*fault), code, snap, doc, err, took)
    });
    for (fault, injected, code, snap, doc, err, took) in rows {
        assert_eq!(code, 0, "{fault:?}: {err}");
        // The SDK's standard strategy: 5 attempts.
        assert_eq!(injected, 5, "{fault:?}: attempts");
        let problems = gap_problems(op, "error", &full, &full_doc, &snap, &doc);
        assert!(problems.is_empty(), "{fault:?}: {problems:#?}");
        // 5 attempts of at most 2 s each, plus backoff: far below the 120 s a hang would last.
        assert!(
            took < std::time::Duration::from_secs(40),
            "{fault:?}: took {took:?}"
        );
    }
}

/// Read-only, twice over: moto's own request recorder (not idgauge's interceptor, not the
/// proxy) holds every request an organization scan sent; each one, named from the wire, is a
/// read on the allow-list, and together they are exactly the operations the snapshot reports.
#[test]
fn the_emulators_own_request_log_holds_only_reads() {
    use base64::Engine as _;
    use idgauge::providers::aws::collect::is_read_only;
    let _g = setup(Scenario::Organization);
    let recorder = |action: &str| {
        let out = std::process::Command::new("curl")
            .args([
                "-sf",
                "-X",
                if action == "download-recording" {
                    "GET"
                } else {
                    "POST"
                },
            ])
            .arg(format!("{}/moto-api/recorder/{action}", moto_url()))
            .output()
            .unwrap();
        assert!(out.status.success(), "recorder {action}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    recorder("reset-recording");
    recorder("start-recording");
    let dir = tempfile::tempdir().unwrap();
    let (code, snap, err, _) = collect_through(&moto_url(), ORG_SCAN, dir.path());
    recorder("stop-recording");
    assert_eq!(code, 0, "{err}");
    let log = recorder("download-recording");
    let allowed: BTreeSet<&str> = ALLOWED_OPERATIONS
        .iter()
        .chain(ORG_OPERATIONS)
        .copied()
        .collect();
    let mut seen = BTreeSet::new();
    let mut requests = 0;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value = serde_json::from_str(line).unwrap();
        let headers: Vec<(String, String)> = entry["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect();
        let body = match entry["body"].as_str() {
            Some(b) if entry["body_encoded"] == true => {
                base64::engine::general_purpose::STANDARD.decode(b).unwrap()
            }
            Some(b) => b.as_bytes().to_vec(),
            None => Vec::new(),
        };
        let url = entry["url"].as_str().unwrap();
        let target = url
            .splitn(4, '/')
            .nth(3)
            .map_or("/".to_string(), |p| format!("/{p}"));
        let method = entry["method"].as_str().unwrap();
        let op = common::faults::Aws::operation_of(method, &target, &headers, &body);
        assert!(
            is_read_only(&op) && allowed.contains(op.as_str()),
            "moto recorded a request that is not an allow-listed read: {op} ({method} {target})"
        );
        seen.insert(op);
        requests += 1;
    }
    let reported: BTreeSet<String> = snap["collection"]["api_calls"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(requests > 50, "only {requests} requests recorded");
    assert_eq!(seen, reported, "moto's log vs collection.api_calls");
}

/// No secrets out: access keys, secret keys, session tokens and a bearer token planted in the
/// environment, a credentials profile and the config appear in no output — not the snapshot,
/// not a report in any format, not the `-v` log, not an error message.
#[test]
fn planted_secrets_appear_in_no_output() {
    let _g = setup(Scenario::Shared);
    // Shaped like the real thing (AKIA/ASIA + 16, 40-character secrets, a long token).
    let env_key = "ASIAIDGPLANTEDENV001";
    let env_secret = "idgPLANTEDenvSECRETkey/0000000000000000001";
    let env_token = "IQoJb3JpZ2luX2VjEIDGPLANTEDSESSIONTOKEN0000000000000000000000000000000001";
    let prof_key = "AKIAIDGPLANTEDPROF01";
    let prof_secret = "idgPLANTEDprofileSECRETkey/000000000000002";
    let bearer = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.IDGPLANTEDBEARER.c2lnbmF0dXJl";
    let planted = [
        env_key,
        env_secret,
        env_token,
        prof_key,
        prof_secret,
        bearer,
    ];

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("credentials"),
        format!(
            "[planted]\naws_access_key_id = {prof_key}\naws_secret_access_key = {prof_secret}\n"
        ),
    )
    .unwrap();
    std::fs::write(d.join("config"), "[profile planted]\nregion = us-east-1\n").unwrap();
    // A config a user pasted a token into: as a comment (valid), and as a mistyped value (an
    // error that must point at the line without echoing the value).
    std::fs::write(
        d.join("idgauge.toml"),
        format!("# graph token: {bearer}\ngeneric_names = [\"admin\"]\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("bad.toml"),
        format!("[thresholds]\ninactive_days = \"{bearer}\"\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("bad2.toml"),
        format!("[[break_glass]]\nkind = \"{bearer}\"\n"),
    )
    .unwrap();

    let mut outputs: Vec<(String, String)> = Vec::new();
    let run = |label: &str, cmd: &mut Command, outputs: &mut Vec<(String, String)>| {
        let out = cmd.output().unwrap();
        outputs.push((
            format!("{label} stdout"),
            String::from_utf8_lossy(&out.stdout).into(),
        ));
        outputs.push((
            format!("{label} stderr"),
            String::from_utf8_lossy(&out.stderr).into(),
        ));
        out.status.code().unwrap_or(-1)
    };
    // Keys from the environment, with a session token; the -v log on standard error.
    let env_snap = d.join("env.json");
    let code = run(
        "collect (environment)",
        idgauge()
            .env("AWS_ACCESS_KEY_ID", env_key)
            .env("AWS_SECRET_ACCESS_KEY", env_secret)
            .env("AWS_SESSION_TOKEN", env_token)
            .args([
                "collect",
                "aws",
                "-v",
                "--region",
                "us-east-1",
                "--endpoint-url",
            ])
            .arg(moto_url())
            .arg("-o")
            .arg(&env_snap),
        &mut outputs,
    );
    assert_eq!(code, 0, "{outputs:?}");
    // Keys from a named profile.
    let prof_snap = d.join("profile.json");
    let code = run(
        "collect (profile)",
        idgauge()
            .env("AWS_SHARED_CREDENTIALS_FILE", d.join("credentials"))
            .env("AWS_CONFIG_FILE", d.join("config"))
            .args([
                "collect",
                "aws",
                "-v",
                "--profile",
                "planted",
                "--region",
                "us-east-1",
            ])
            .args(["--endpoint-url", &moto_url(), "-o"])
            .arg(&prof_snap),
        &mut outputs,
    );
    assert_eq!(code, 0, "{outputs:?}");
    // Errors on the way: an endpoint that refuses connections, a config holding a token where a
    // number or a kind belongs.
    run(
        "collect (refused)",
        idgauge()
            .env("AWS_ACCESS_KEY_ID", env_key)
            .env("AWS_SECRET_ACCESS_KEY", env_secret)
            .env("AWS_SESSION_TOKEN", env_token)
            .args([
                "collect",
                "aws",
                "-v",
                "--region",
                "us-east-1",
                "--timeout",
                "2",
            ])
            .args(["--endpoint-url", "http://127.0.0.1:9", "-o"])
            .arg(d.join("refused.json")),
        &mut outputs,
    );
    for bad in ["bad.toml", "bad2.toml"] {
        let code = run(
            bad,
            idgauge()
                .arg("assess")
                .arg(&env_snap)
                .arg("--config")
                .arg(d.join(bad)),
            &mut outputs,
        );
        assert_eq!(code, 2, "{outputs:?}");
    }
    // Every report format, with the config that holds the token in a comment.
    for format in [
        "table", "json", "markdown", "html", "sarif", "junit", "ocsf",
    ] {
        for snap in [&env_snap, &prof_snap] {
            run(
                &format!("assess --format {format}"),
                idgauge()
                    .arg("assess")
                    .arg(snap)
                    .args(["--format", format, "--config"])
                    .arg(d.join("idgauge.toml")),
                &mut outputs,
            );
        }
    }
    for f in [&env_snap, &prof_snap] {
        outputs.push((f.display().to_string(), std::fs::read_to_string(f).unwrap()));
    }
    if let Ok(t) = std::fs::read_to_string(d.join("refused.json")) {
        outputs.push(("refused.json".into(), t));
    }
    // The test only means something if the planted credentials were the ones used.
    let verbose = &outputs[1].1;
    assert!(verbose.contains("sts:GetCallerIdentity"), "{verbose}");
    let mut leaks = Vec::new();
    for (label, text) in &outputs {
        for p in planted {
            if text.contains(p) {
                leaks.push(format!("{label} contains {p}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
    let bad = &outputs
        .iter()
        .find(|(l, _)| l == "bad.toml stderr")
        .unwrap()
        .1;
    assert!(
        bad.contains("bad.toml:2:"),
        "the error still points at the value: {bad}"
    );
}
