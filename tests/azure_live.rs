//! The live Azure collector against a local mock of Microsoft Graph and ARM (a small HTTP/1.1
//! server on 127.0.0.1 written here) that answers with the documented v1.0 response shapes —
//! the same files as the export fixtures (fixtures/exports/azure), with their absolute
//! `@odata.nextLink`s pointed at the mock. Checks: parity with the offline import of the same
//! responses, GET only and every request recorded, paging, 429/503 with Retry-After, 403 and
//! licence errors. Also `idgauge permissions azure`.

#![cfg(feature = "azure-live")]

mod common;

use common::*;
use idgauge::providers::azure::collect::{self, StaticToken};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    authorization: Option<String>,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

type Override = dyn Fn(&Seen, usize) -> Option<Resp> + Send + Sync;

struct Mock {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Which export file answers a request path (without its query).
fn file_for(dir: &std::path::Path, path: &str, query: &str) -> Option<PathBuf> {
    let exists = |names: &[&str]| names.iter().map(|n| dir.join(n)).find(|p| p.exists());
    // ARM paths are case-insensitive (the collector lower-cases workspace ids).
    let lower = path.to_ascii_lowercase();
    if let Some(ws) = lower
        .strip_suffix("/providers/microsoft.securityinsights/alertrules")
        .and_then(|r| r.rsplit_once("/providers/microsoft.operationalinsights/workspaces/"))
        .map(|(_, ws)| ws)
    {
        return exists(&[&format!("sentinel-{ws}.json")]);
    }
    if let Some(sub) = lower
        .strip_prefix("/subscriptions/")
        .and_then(|r| r.strip_suffix("/providers/microsoft.insights/scheduledqueryrules"))
    {
        return exists(&[&format!("scheduledQueryRules-{sub}.json")]);
    }
    if let Some(sub) = path
        .strip_prefix("/subscriptions/")
        .and_then(|r| r.strip_suffix("/providers/Microsoft.Authorization/roleAssignments"))
    {
        return exists(&[&format!("rbac-{sub}.json")]);
    }
    for (kind, file) in [
        (
            "roleEligibilityScheduleInstances",
            "roleEligibilityScheduleInstances",
        ),
        (
            "roleAssignmentScheduleInstances",
            "roleAssignmentScheduleInstances",
        ),
    ] {
        if let Some(sub) = path
            .strip_prefix("/subscriptions/")
            .and_then(|r| r.strip_suffix(&format!("/providers/Microsoft.Authorization/{kind}")))
        {
            return exists(&[&format!("{file}-{sub}.json")]);
        }
    }
    if let Some(rest) = path.strip_prefix("/v1.0/servicePrincipals/") {
        let id = rest.strip_suffix("/synchronization/jobs")?;
        // The jobs file whose @odata.context names this service principal.
        return std::fs::read_dir(dir).ok()?.find_map(|e| {
            let p = e.ok()?.path();
            let text = std::fs::read_to_string(&p).ok()?;
            text.contains(&format!("servicePrincipals('{id}')/synchronization/jobs"))
                .then_some(p)
        });
    }
    match path {
        "/v1.0/organization" => exists(&["organization.json"]),
        "/v1.0/users" if query.contains("skiptoken") => exists(&["users-page2.json"]),
        "/v1.0/users" => exists(&["users.json", "users-page1.json"]),
        "/v1.0/reports/authenticationMethods/userRegistrationDetails" => {
            exists(&["userRegistrationDetails.json", "registration-merged.json"])
        }
        "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy" => {
            exists(&["securityDefaults.json"])
        }
        "/v1.0/identity/conditionalAccess/policies" => exists(&["conditionalAccessPolicies.json"]),
        "/v1.0/policies/authenticationMethodsPolicy" => {
            exists(&["authenticationMethodsPolicy.json"])
        }
        "/v1.0/policies/authenticationStrengthPolicies" => {
            exists(&["authenticationStrengthPolicies.json"])
        }
        "/v1.0/identity/conditionalAccess/namedLocations" => exists(&["namedLocations.json"]),
        "/v1.0/identityProtection/riskyUsers" => exists(&["riskyUsers.json"]),
        "/v1.0/roleManagement/directory/roleAssignments" => exists(&["roleAssignments.json"]),
        "/v1.0/roleManagement/directory/roleEligibilitySchedules" => {
            exists(&["roleEligibilitySchedules.json"])
        }
        "/v1.0/servicePrincipals" => exists(&["servicePrincipals.json"]),
        "/v1.0/policies/authorizationPolicy" => exists(&["authorizationPolicy.json"]),
        "/v1.0/policies/crossTenantAccessPolicy/default" => {
            exists(&["crossTenantAccessPolicy-default.json"])
        }
        "/v1.0/policies/crossTenantAccessPolicy/partners" => {
            exists(&["crossTenantAccessPolicy-partners.json"])
        }
        "/v1.0/identityGovernance/accessReviews/definitions" => {
            exists(&["accessReviewDefinitions.json"])
        }
        "/providers/microsoft.aadiam/diagnosticSettings" => exists(&["diagnosticSettings.json"]),
        _ => None,
    }
}

fn error(status: u16, code: &str, message: &str) -> Resp {
    Resp {
        status,
        headers: vec![],
        body: format!(
            r#"{{"error":{{"code":"{code}","message":"{message}","innerError":{{"date":"2026-11-20T12:00:00"}}}}}}"#
        ),
    }
}

/// ARM's subscription list: one enabled subscription of the tenant per `rbac-<id>.json`.
fn subscriptions(dir: &std::path::Path) -> Resp {
    let org: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("organization.json")).unwrap())
            .unwrap();
    let tenant = org["value"][0]["id"].clone();
    let mut value = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        if let Some(id) = name
            .strip_prefix("rbac-")
            .and_then(|n| n.strip_suffix(".json"))
        {
            value.push(serde_json::json!({
                "id": format!("/subscriptions/{id}"), "subscriptionId": id,
                "displayName": "Production", "state": "Enabled", "tenantId": tenant,
            }));
        }
    }
    Resp {
        status: 200,
        headers: vec![],
        body: serde_json::json!({"value": value}).to_string(),
    }
}

/// The documented answer to `path` from the export files of `dir`.
fn answer(dir: &std::path::Path, target: &str) -> Resp {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == "/subscriptions" {
        return subscriptions(dir);
    }
    let Some(file) = file_for(dir, path, query) else {
        return error(404, "Request_ResourceNotFound", "Resource not found");
    };
    let text = std::fs::read_to_string(&file).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    if let Some(code) = v["error"]["code"].as_str() {
        let status = match code {
            "AadPremiumLicenseRequired" => 400,
            "NotFound" => 404,
            _ => 403,
        };
        return Resp {
            status,
            headers: vec![],
            body: text,
        };
    }
    // A merged array is what jq made of the pages: Graph sends an envelope.
    let body = if v.is_array() {
        serde_json::json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails", "value": v}).to_string()
    } else {
        text
    };
    Resp {
        status: 200,
        headers: vec![],
        body,
    }
}

impl Mock {
    /// Serves the export fixtures of `tenant`; `over` may answer a request (with the number of
    /// earlier requests for the same path) instead.
    fn start(tenant: &str, over: Option<Box<Override>>) -> Mock {
        let dir = root().join("fixtures/exports/azure").join(tenant);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (seen2, base2) = (seen.clone(), base.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let target = parts.next().unwrap_or("").to_string();
                let mut authorization = None;
                let mut length = 0usize;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        let k = k.trim().to_ascii_lowercase();
                        if k == "authorization" {
                            authorization = Some(v.trim().to_string());
                        } else if k == "content-length" {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0u8; length];
                let _ = reader.read_exact(&mut body);
                let s = Seen {
                    method,
                    target: target.clone(),
                    authorization,
                };
                let path = target.split('?').next().unwrap_or("").to_string();
                let earlier = {
                    let mut all = seen2.lock().unwrap();
                    let n = all
                        .iter()
                        .filter(|x| x.target.split('?').next() == Some(path.as_str()))
                        .count();
                    all.push(s.clone());
                    n
                };
                let mut r = over
                    .as_ref()
                    .and_then(|f| f(&s, earlier))
                    .unwrap_or_else(|| answer(&dir, &target));
                // Next links point at Graph; the mock stands in for it.
                r.body = r
                    .body
                    .replace("https://graph.microsoft.com/", &format!("{base2}/"));
                let mut out = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    r.status,
                    r.body.len()
                );
                for (k, v) in &r.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&r.body);
                let _ = stream.write_all(out.as_bytes());
            }
        });
        Mock { base, seen }
    }

    fn options(&self) -> collect::Options {
        collect::Options {
            graph_url: self.base.clone(),
            arm_url: self.base.clone(),
            max_retry_wait: Duration::from_secs(2),
            ..collect::Options::default()
        }
    }

    fn collect(&self) -> idgauge::model::Snapshot {
        let c =
            collect::collect_blocking(&self.options(), Arc::new(StaticToken("test-token".into())))
                .unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        c.snapshot
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Every scope's sections (`scope id/section`), without provenance (sources, times).
fn section_data(snap: &idgauge::model::Snapshot) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for scope in &snap.scopes {
        let v = serde_json::to_value(&scope.sections).unwrap();
        for (k, s) in v.as_object().unwrap() {
            let d = match s["status"].as_str() {
                Some("collected") => s["data"].clone(),
                _ => serde_json::json!({"unavailable": s["reason"]["kind"]}),
            };
            out.insert(format!("{}/{k}", scope.id), d);
        }
    }
    out
}

fn statuses(snap: &idgauge::model::Snapshot) -> BTreeMap<String, String> {
    let cfg =
        idgauge::config::Config::load(&root().join("fixtures/exports/azure/idgauge.toml")).unwrap();
    eval(std::slice::from_ref(snap), &cfg)
        .into_iter()
        .map(|r| (r.rule_id.clone(), format!("{:?}", r.status)))
        .collect()
}

/// A section of the snapshot's tenant scope.
fn section<'a>(snap: &'a Value, name: &str) -> &'a Value {
    let tenant = snap["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "tenant")
        .unwrap();
    &tenant["sections"][name]
}

#[test]
fn live_collection_equals_the_offline_import_of_the_same_responses() {
    for tenant in ["strong", "hybrid", "weak"] {
        let mock = Mock::start(tenant, None);
        let mut live = mock.collect();
        let export = idgauge::providers::azure::import_dir(
            &root().join("fixtures/exports/azure").join(tenant),
        )
        .unwrap();
        assert_eq!(live.generator.mode.as_deref(), Some("live"));
        let ids = |s: &idgauge::model::Snapshot| -> Vec<String> {
            s.scopes.iter().map(|x| x.id.clone()).collect()
        };
        assert_eq!(ids(&live), ids(&export), "{tenant}");
        assert_eq!(section_data(&live), section_data(&export), "{tenant}");
        // The same verdict, at the same reference time.
        live.collected_at = export.collected_at;
        assert_eq!(statuses(&live), statuses(&export), "{tenant}");
    }
}

#[test]
fn only_gets_of_listed_operations_each_recorded() {
    let mock = Mock::start("strong", None);
    let snap = mock.collect();
    let seen = mock.seen();
    assert!(!seen.is_empty());
    for s in &seen {
        assert_eq!(s.method, "GET", "{s:?}");
        assert_eq!(
            s.authorization.as_deref(),
            Some("Bearer test-token"),
            "{s:?}"
        );
    }
    let calls = &snap.collection.api_calls;
    for op in calls.keys() {
        assert!(
            idgauge::providers::azure::permissions::is_read_only("GET", op),
            "{op} is not on the allow-list"
        );
    }
    // One count per request (no retries here): 17 tenant endpoints, 3 SSO apps' jobs, the
    // subscription list, one subscription's role assignments and PIM schedule instances (2), and
    // the alert rules of the one workspace receiving SignInLogs (Sentinel) and of its
    // subscription (Azure Monitor).
    assert_eq!(calls.values().sum::<u64>(), seen.len() as u64, "{calls:?}");
    assert_eq!(seen.len(), 26, "{calls:?}");
    for op in [
        "graph:authenticationMethodsPolicy",
        "graph:authenticationStrengthPolicies",
        "graph:namedLocations",
        "graph:riskyUsers",
    ] {
        assert_eq!(calls[op], 1, "{op}");
    }
    assert_eq!(calls["arm:roleEligibilityScheduleInstances"], 1);
    assert_eq!(calls["arm:roleAssignmentScheduleInstances"], 1);
    assert_eq!(calls["arm:sentinelAlertRules"], 1);
    assert_eq!(calls["arm:scheduledQueryRules"], 1);
    assert_eq!(calls["graph:synchronizationJobs"], 3);
    assert_eq!(calls["arm:roleAssignments"], 1);
    assert_eq!(snap.scopes.len(), 2);
    assert_eq!(snap.scopes[0].name.as_deref(), Some("Production"));
    // $select keeps the users request to the fields normalization reads.
    let users = seen
        .iter()
        .find(|s| s.target.starts_with("/v1.0/users"))
        .unwrap();
    assert!(
        users.target.contains("$select=id,userPrincipalName"),
        "{}",
        users.target
    );
    assert!(users.target.contains("signInActivity"), "{}", users.target);
}

#[test]
fn next_links_are_followed_verbatim() {
    let mock = Mock::start("hybrid", None);
    let snap = serde_json::to_value(mock.collect()).unwrap();
    let pages: Vec<String> = mock
        .seen()
        .into_iter()
        .filter(|s| s.target.starts_with("/v1.0/users"))
        .map(|s| s.target)
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(
        pages[1].ends_with("&$top=6&$skiptoken=RFNwdAIAAQAAAC"),
        "{pages:?}"
    );
    assert_eq!(
        section(&snap, "principals")["data"]
            .as_array()
            .unwrap()
            .len(),
        11
    );
    assert_eq!(snap["collection"]["api_calls"]["graph:users"], 2);
}

#[test]
fn throttling_is_retried_after_retry_after() {
    // The users request is throttled once (Retry-After: 1), the organization is unavailable
    // twice (no Retry-After: backoff).
    let over: Box<Override> = Box::new(|s, earlier| {
        if s.target.starts_with("/v1.0/users") && earlier == 0 {
            let mut r = error(429, "TooManyRequests", "Too many requests");
            r.headers.push(("Retry-After".into(), "1".into()));
            return Some(r);
        }
        if s.target.starts_with("/v1.0/organization") && earlier < 2 {
            return Some(error(503, "ServiceUnavailable", "try later"));
        }
        None
    });
    let mock = Mock::start("weak", Some(over));
    let t = Instant::now();
    let snap = serde_json::to_value(mock.collect()).unwrap();
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "Retry-After not honoured"
    );
    assert_eq!(section(&snap, "principals")["status"], "collected");
    let seen = mock.seen();
    assert_eq!(
        seen.iter()
            .filter(|s| s.target.starts_with("/v1.0/users"))
            .count(),
        2
    );
    assert_eq!(
        seen.iter()
            .filter(|s| s.target.starts_with("/v1.0/organization"))
            .count(),
        3
    );
    // Recorded once per request, whatever the retries.
    assert_eq!(snap["collection"]["api_calls"]["graph:users"], 1);
    assert_eq!(
        snap["scopes"][1]["id"],
        "azure:tenant:55555555-5555-4555-8555-555555555555"
    );
}

#[test]
fn throttling_that_outlasts_the_retries_is_an_error_never_empty() {
    let over: Box<Override> = Box::new(|s, _| {
        s.target
            .starts_with("/v1.0/identity/conditionalAccess")
            .then(|| {
                let mut r = error(429, "TooManyRequests", "Too many requests");
                r.headers.push(("Retry-After".into(), "0".into()));
                r
            })
    });
    let mock = Mock::start("strong", Some(over));
    let mut opts = mock.options();
    opts.max_retries = 2;
    let snap = collect::collect_blocking(&opts, Arc::new(StaticToken("t".into())))
        .unwrap()
        .snapshot;
    let v = serde_json::to_value(&snap).unwrap();
    let s = section(&v, "auth_policies");
    assert_eq!(s["status"], "unavailable");
    assert_eq!(s["reason"]["kind"], "error");
    assert!(s["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("TooManyRequests"));
    let n = mock
        .seen()
        .iter()
        .filter(|s| {
            s.target
                .starts_with("/v1.0/identity/conditionalAccess/policies")
        })
        .count();
    assert_eq!(n, 3);
}

#[test]
fn a_403_makes_its_sections_unavailable_and_their_rules_unknown() {
    let over: Box<Override> = Box::new(|s, _| {
        (s.target.starts_with("/v1.0/identity/conditionalAccess")
            || s.target.starts_with("/providers/microsoft.aadiam"))
        .then(|| {
            if s.target.starts_with("/providers") {
                error(
                    403,
                    "AuthorizationFailed",
                    "The client does not have authorization",
                )
            } else {
                error(
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                )
            }
        })
    });
    let mock = Mock::start("strong", Some(over));
    let snap = mock.collect();
    let v = serde_json::to_value(&snap).unwrap();
    for name in ["auth_policies", "audit_logs"] {
        assert_eq!(
            section(&v, name)["reason"]["kind"],
            "access_denied",
            "{name}"
        );
    }
    let st = statuses(&snap);
    for rule in ["IDG-AZ-004", "IDG-AZ-010", "IDG-AZ-011", "IDG-AZ-041"] {
        assert_eq!(st[rule], "Unknown", "{rule}");
    }
}

#[test]
fn alert_rules_are_read_for_the_workspace_receiving_sign_in_logs() {
    // strong: Sentinel's rule on failed sign-ins passes; hybrid: Sentinel answers NotFound (not
    // onboarded: no rules, an answer) and the log search alert notifies no one.
    let mock = Mock::start("strong", None);
    let snap = mock.collect();
    let sentinel = mock
        .seen()
        .into_iter()
        .find(|s| s.target.contains("SecurityInsights"))
        .unwrap();
    assert!(
        sentinel.target.starts_with("/subscriptions/9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f/resourcegroups/sec/providers/microsoft.operationalinsights/workspaces/sec-ws/providers/Microsoft.SecurityInsights/alertRules?api-version="),
        "{}",
        sentinel.target
    );
    assert_eq!(statuses(&snap)["IDG-AZ-021"], "Pass");
    let mock = Mock::start("hybrid", None);
    let snap = mock.collect();
    let v = serde_json::to_value(&snap).unwrap();
    assert_eq!(section(&v, "alerting")["status"], "collected");
    assert_eq!(statuses(&snap)["IDG-AZ-021"], "Fail");
    // A refusal is not an answer: alerting unavailable, the rule unknown.
    let over: Box<Override> = Box::new(|s, _| {
        s.target.contains("SecurityInsights").then(|| {
            error(
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action 'Microsoft.SecurityInsights/alertRules/read'",
            )
        })
    });
    let mock = Mock::start("strong", Some(over));
    let snap = mock.collect();
    let v = serde_json::to_value(&snap).unwrap();
    assert_eq!(section(&v, "alerting")["reason"]["kind"], "access_denied");
    assert_eq!(statuses(&snap)["IDG-AZ-021"], "Unknown");
    // No workspace (weak): nothing asked of Sentinel or Azure Monitor.
    let mock = Mock::start("weak", None);
    mock.collect();
    assert!(
        !mock
            .seen()
            .iter()
            .any(|s| s.target.contains("SecurityInsights")
                || s.target.contains("scheduledQueryRules"))
    );
}

#[test]
fn pim_for_azure_resources_refused_leaves_standing_unknown() {
    let mock = Mock::start("weak", None);
    assert_eq!(statuses(&mock.collect())["IDG-AZ-024"], "Fail");
    let over: Box<Override> = Box::new(|s, _| {
        s.target.contains("ScheduleInstances").then(|| {
            error(
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentScheduleInstances/read'",
            )
        })
    });
    let mock = Mock::start("weak", Some(over));
    let snap = mock.collect();
    let st = statuses(&snap);
    assert_eq!(st["IDG-AZ-024"], "Unknown");
    assert_eq!(st["IDG-AZ-016"], "Fail");
}

#[test]
fn users_without_a_licence_for_sign_in_activity_are_read_again_without_it() {
    let over: Box<Override> = Box::new(|s, _| {
        (s.target.starts_with("/v1.0/users") && s.target.contains("signInActivity")).then(|| {
            error(
                403,
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                "Neither tenant is B2C or tenant doesn't have premium license",
            )
        })
    });
    let mock = Mock::start("weak", Some(over));
    let v = serde_json::to_value(mock.collect()).unwrap();
    let p = section(&v, "principals");
    assert_eq!(p["status"], "unavailable");
    assert_eq!(p["reason"]["kind"], "not_licensed");
    // The guests are still counted from the second read.
    assert_eq!(section(&v, "external_collaboration")["data"]["guests"], 4);
    assert_eq!(v["collection"]["api_calls"]["graph:users"], 2);
}

#[test]
fn identity_protection_without_p2_is_not_licensed_and_a_refusal_is_denied() {
    // hybrid's mock answers riskyUsers with Identity Protection's own 403: Forbidden, "Your
    // tenant is not licensed for this feature."
    let mock = Mock::start("hybrid", None);
    let snap = mock.collect();
    let v = serde_json::to_value(&snap).unwrap();
    let r = section(&v, "risky_users");
    assert_eq!(r["status"], "unavailable");
    assert_eq!(r["reason"]["kind"], "not_licensed", "{r:#}");
    assert_eq!(statuses(&snap)["IDG-AZ-043"], "Unknown");
    // The same request refused for want of a permission is access denied.
    let over: Box<Override> = Box::new(|s, _| {
        s.target
            .starts_with("/v1.0/identityProtection/riskyUsers")
            .then(|| {
                error(
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                )
            })
    });
    let mock = Mock::start("strong", Some(over));
    let snap = mock.collect();
    let v = serde_json::to_value(&snap).unwrap();
    assert_eq!(
        section(&v, "risky_users")["reason"]["kind"],
        "access_denied"
    );
    assert_eq!(statuses(&snap)["IDG-AZ-043"], "Unknown");
    // Strong's own answer: both flagged users dealt with.
    let snap = Mock::start("strong", None).collect();
    assert_eq!(statuses(&snap)["IDG-AZ-043"], "Pass");
}

#[test]
fn permissions_azure_lists_read_only_graph_permissions_and_every_get() {
    let out = idgauge().args(["permissions", "azure"]).output().unwrap();
    assert!(out.status.success());
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    let perms: Vec<&str> = p["graph_application_permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["permission"].as_str().unwrap())
        .collect();
    assert!(perms.contains(&"Policy.Read.All"), "{perms:?}");
    assert!(perms.iter().all(|x| x.contains(".Read.")), "{perms:?}");
    assert_eq!(p["methods"], serde_json::json!(["GET"]));
    let ops = p["operations"].as_array().unwrap();
    for op in [
        "graph:conditionalAccessPolicies",
        "arm:sentinelAlertRules",
        "arm:scheduledQueryRules",
    ] {
        assert!(ops.contains(&Value::from(op)), "{op}");
    }
    let arm = p["arm_roles"].to_string();
    assert!(
        arm.contains("Microsoft.SecurityInsights/alertRules/read"),
        "{arm}"
    );
}

#[test]
fn named_subscriptions_are_read_and_an_unlistable_tenant_warns() {
    // --subscription: only that one, whatever the listing says.
    let mock = Mock::start("strong", None);
    let mut opts = mock.options();
    opts.subscriptions = vec!["7D1E0C2A-1111-4A2B-9C3D-000000000001".into()];
    let c = collect::collect_blocking(&opts, Arc::new(StaticToken("t".into()))).unwrap();
    assert_eq!(
        c.snapshot.scopes[0].id,
        "azure:subscription:7d1e0c2a-1111-4a2b-9c3d-000000000001"
    );
    // Listing refused and none named: no subscription scope, and a warning says so.
    let over: Box<Override> = Box::new(|s, _| {
        (s.target.split('?').next() == Some("/subscriptions"))
            .then(|| error(403, "AuthorizationFailed", "no access"))
    });
    let mock = Mock::start("strong", Some(over));
    let c = collect::collect_blocking(&mock.options(), Arc::new(StaticToken("t".into()))).unwrap();
    assert_eq!(c.snapshot.scopes.len(), 1);
    assert!(c.warnings[0].contains("--subscription"), "{:?}", c.warnings);
}

/// Benchmark, not a timed test (`cargo test --release --test azure_live -- --ignored
/// --nocapture`): a 50,000-user tenant from the mock, users and registration details in pages of
/// 999. Asserts only the request budget (at most 200 requests for users and registration
/// details); prints requests, wall time, assessment time and peak memory for the README.
#[test]
#[ignore]
fn fifty_thousand_users() {
    const USERS: usize = 50_000;
    const PAGE: usize = 999;
    fn page_of(target: &str) -> usize {
        target
            .split("$skiptoken=")
            .nth(1)
            .and_then(|t| t.parse().ok())
            .unwrap_or(0)
    }
    fn next(path: &str, k: usize) -> Option<String> {
        ((k + 1) * PAGE < USERS).then(|| {
            format!(
                "https://graph.microsoft.com{path}?$top=999&$skiptoken={}",
                k + 1
            )
        })
    }
    let over: Box<Override> = Box::new(|s, _| {
        let path = s.target.split('?').next().unwrap_or("");
        let (items, next): (Vec<Value>, Option<String>) = match path {
            "/v1.0/users" | "/v1.0/reports/authenticationMethods/userRegistrationDetails" => {
                let k = page_of(&s.target);
                let reg = path != "/v1.0/users";
                let items = (k * PAGE..((k + 1) * PAGE).min(USERS))
                    .map(|i| {
                        let id = format!("00000000-0000-4000-8000-{i:012}");
                        let upn = format!("person{i}@bench.example");
                        if reg {
                            serde_json::json!({"id": id, "userPrincipalName": upn,
                                "isMfaRegistered": i % 10 != 0, "methodsRegistered": ["microsoftAuthenticatorPush"],
                                "lastUpdatedDateTime": "2026-11-20T06:00:00Z"})
                        } else {
                            serde_json::json!({"id": id, "userPrincipalName": upn, "displayName": format!("Person {i}"),
                                "userType": if i % 20 == 0 { "Guest" } else { "Member" },
                                "accountEnabled": true, "createdDateTime": "2024-01-01T00:00:00Z",
                                "onPremisesSyncEnabled": (i % 2 == 0).then_some(true),
                                "signInActivity": {"lastSignInDateTime": if i % 7 == 0 { "2026-01-01T00:00:00Z" } else { "2026-11-19T00:00:00Z" }}})
                        }
                    })
                    .collect();
                (items, next(path, k))
            }
            _ => return None,
        };
        let ctx = if path == "/v1.0/users" {
            "users(id,userPrincipalName,signInActivity)"
        } else {
            "reports/authenticationMethods/userRegistrationDetails"
        };
        let mut body = serde_json::json!({
            "@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#{ctx}"),
            "value": items,
        });
        if let Some(n) = next {
            body["@odata.nextLink"] = n.into();
        }
        Some(Resp {
            status: 200,
            headers: vec![],
            body: body.to_string(),
        })
    });
    let mock = Mock::start("strong", Some(over));
    let t = Instant::now();
    let snap = mock.collect();
    let collect_time = t.elapsed();
    let seen = mock.seen();
    let paged = seen
        .iter()
        .filter(|s| {
            s.target.starts_with("/v1.0/users") || s.target.contains("userRegistrationDetails")
        })
        .count();
    let principals = snap
        .scopes
        .iter()
        .find(|s| s.kind == idgauge::model::ScopeKind::Tenant)
        .and_then(|s| s.sections.principals.as_ref())
        .and_then(|p| p.data())
        .map_or(0, |p| p.len());
    assert_eq!(principals, USERS);
    assert!(
        paged <= 200,
        "{paged} requests for users and registration details"
    );
    let cfg =
        idgauge::config::Config::load(&root().join("fixtures/exports/azure/idgauge.toml")).unwrap();
    let t = Instant::now();
    let results = eval(std::slice::from_ref(&snap), &cfg);
    let assess_time = t.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    println!(
        "50,000 users: {} requests in all, {paged} for users + registration details; collection {:.2} s; assessment of {} results {:.2} s; peak memory {}",
        seen.len(),
        collect_time.as_secs_f64(),
        results.len(),
        assess_time.as_secs_f64(),
        peak.trim_start_matches("VmHWM:").trim()
    );
}

// ---- Proof under faults: the fault-injecting proxy of tests/common/faults.rs in front of the
// mock, with Graph's and ARM's own error answers.

/// Graph and ARM requests named from the wire by the endpoint table (the allow-list).
struct GraphWire;

impl common::faults::Dialect for GraphWire {
    fn operation(&self, req: &common::faults::Request) -> String {
        let path = req.path();
        // `{id}` stands for one segment or more (a workspace's whole ARM resource id).
        fn matches(want: &[&str], got: &[&str]) -> bool {
            match (want.split_first(), got.split_first()) {
                (None, None) => true,
                (Some((&"{id}", rest)), Some(_)) => {
                    (1..=got.len()).any(|n| matches(rest, &got[n..]))
                }
                (Some((w, rest)), Some((g, more))) => {
                    w.eq_ignore_ascii_case(g) && matches(rest, more)
                }
                _ => false,
            }
        }
        let got: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        idgauge::providers::azure::endpoints::ENDPOINTS
            .iter()
            .find(|ep| {
                let pattern = ep.path.split('?').next().unwrap_or("");
                let want: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
                matches(&want, &got)
            })
            .map_or_else(|| format!("{} {path}", req.method), |ep| ep.op.to_string())
    }

    fn deny(&self, req: &common::faults::Request, op: &str) -> common::faults::Response {
        let body = if req.path().starts_with("/v1.0/") {
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-11-20T12:00:00"}}}"#.to_string()
        } else {
            format!(
                r#"{{"error":{{"code":"AuthorizationFailed","message":"The client 'idgauge' does not have authorization to perform action '{op}' over scope '{}'."}}}}"#,
                req.path()
            )
        };
        common::faults::Response {
            status: 403,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into_bytes(),
        }
    }

    fn throttle(&self, _req: &common::faults::Request) -> common::faults::Response {
        common::faults::Response {
            status: 429,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Retry-After".into(), "1".into()),
            ],
            body: br#"{"error":{"code":"TooManyRequests","message":"Too many requests."}}"#
                .to_vec(),
        }
    }
}

/// Collects the `strong` tenant through `url` (a proxy in front of the mock) with a 2 s
/// per-attempt timeout; returns the snapshot and its results document.
fn collect_via(url: &str) -> (Value, Value) {
    // The tenant is named, as a scan that may not read /organization must be.
    let org: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/exports/azure/strong/organization.json"))
            .unwrap(),
    )
    .unwrap();
    let opts = collect::Options {
        tenant: org["value"][0]["id"].as_str().map(str::to_string),
        graph_url: url.to_string(),
        arm_url: url.to_string(),
        max_retry_wait: Duration::from_millis(200),
        timeout: Duration::from_secs(2),
        ..collect::Options::default()
    };
    let c = collect::collect_blocking(&opts, Arc::new(StaticToken("test-token".into())))
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.json");
    std::fs::write(&path, serde_json::to_string(&c.snapshot).unwrap()).unwrap();
    let cfg = root().join("fixtures/exports/azure/idgauge.toml");
    let (code, doc, err) =
        assess_json(&[path.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "assess: {err}");
    (serde_json::to_value(&c.snapshot).unwrap(), doc)
}

/// The denied-permission matrix, generated from the allow-list: every Graph and ARM operation
/// the collector may call, denied alone with the API's own 403, leaves the sections it feeds
/// unavailable naming it, no rule needing them passing, and no scope above its full level.
#[test]
fn denied_permission_matrix_from_the_allow_list() {
    use common::faults::{denied_row_problems, Fault, Plan, Proxy, Times};
    let mock = Mock::start("strong", None);
    let clean = Proxy::start(&mock.base, GraphWire, vec![]);
    let (full, full_doc) = collect_via(&clean.url);
    let issued = clean.operations();
    let ops = idgauge::providers::azure::permissions::operations();
    let never: Vec<_> = ops.iter().filter(|o| !issued.contains(**o)).collect();
    assert!(
        never.is_empty(),
        "not issued for the strong tenant: {never:?}"
    );
    let mut report = Vec::new();
    for op in &ops {
        let proxy = Proxy::start(
            &mock.base,
            GraphWire,
            vec![Plan::new(op, Fault::Deny, Times::Always)],
        );
        let (snap, doc) = collect_via(&proxy.url);
        assert!(proxy.faults(Fault::Deny) > 0, "{op} never denied");
        for p in denied_row_problems(op, &full, &full_doc, &snap, &doc) {
            report.push(format!("{op}: {p}"));
        }
    }
    assert!(report.is_empty(), "{report:#?}");
}

/// Fault storms: every kind of fault on first attempts is retried to the same snapshot; the
/// same faults on every attempt of one operation end as `unavailable` (an error), never as a
/// pass or a hang past attempts × timeout.
#[test]
fn fault_storms_retry_the_transient_and_report_the_persistent() {
    let mock = Mock::start("strong", None);
    // 1 attempt + 4 retries.
    common::faults::mock_fault_storms(
        &mock.base,
        || GraphWire,
        "graph:users",
        "graph:conditionalAccessPolicies",
        5,
        Duration::from_secs(30),
        collect_via,
    );
}

/// No secrets out: a client secret planted in AZURE_CLIENT_SECRET (its token request refused on
/// 127.0.0.1) and a bearer token the mock receives appear in no output — the snapshot, the
/// warnings, the `-v` log, a report in any format, an error message.
#[test]
fn planted_secrets_appear_in_no_output() {
    let secret = "IDGPLANTED~azureCLIENTsecret0000000000000001";
    let bearer = "eyJ0eXAiOiJKV1QiLCJub25jZSI6IklER1BMQU5URUQifQ.IDGPLANTEDBEARER.c2ln";
    let mock = Mock::start("strong", None);
    let mut outputs: Vec<(String, String)> = Vec::new();
    // The command line, with a service principal whose token request cannot succeed.
    let dir = tempfile::tempdir().unwrap();
    let out = idgauge()
        .args([
            "collect",
            "azure",
            "--credential",
            "client-secret",
            "-v",
            "--timeout",
            "2",
        ])
        .args(["--tenant", "00000000-0000-0000-0000-0000000000aa"])
        .args(["--graph-url", &mock.base, "--arm-url", &mock.base, "-o"])
        .arg(dir.path().join("snap.json"))
        .env("AZURE_CLIENT_ID", "00000000-0000-0000-0000-0000000000bb")
        .env("AZURE_CLIENT_SECRET", secret)
        .env("AZURE_AUTHORITY_HOST", "https://127.0.0.1:9")
        .output()
        .unwrap();
    outputs.push((
        "cli stdout".into(),
        String::from_utf8_lossy(&out.stdout).into(),
    ));
    outputs.push((
        "cli stderr".into(),
        String::from_utf8_lossy(&out.stderr).into(),
    ));
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{:?}: {}",
        out.status,
        outputs[1].1
    );
    if let Ok(t) = std::fs::read_to_string(dir.path().join("snap.json")) {
        outputs.push(("cli snapshot".into(), t));
    }
    // A bearer token that works: the mock sees it, nothing idgauge writes does.
    let c =
        collect::collect_blocking(&mock.options(), Arc::new(StaticToken(bearer.into()))).unwrap();
    assert!(mock
        .seen()
        .iter()
        .any(|s| s.authorization.as_deref() == Some(&format!("Bearer {bearer}"))));
    let path = dir.path().join("live.json");
    std::fs::write(&path, serde_json::to_string_pretty(&c.snapshot).unwrap()).unwrap();
    outputs.push(("snapshot".into(), std::fs::read_to_string(&path).unwrap()));
    outputs.push(("warnings".into(), c.warnings.join("\n")));
    for format in [
        "table", "json", "markdown", "html", "sarif", "junit", "ocsf",
    ] {
        let out = idgauge()
            .arg("assess")
            .arg(&path)
            .args(["--format", format])
            .output()
            .unwrap();
        outputs.push((format.into(), String::from_utf8_lossy(&out.stdout).into()));
        outputs.push((
            format!("{format} stderr"),
            String::from_utf8_lossy(&out.stderr).into(),
        ));
    }
    let leaks: Vec<&String> = outputs
        .iter()
        .filter(|(_, t)| t.contains(secret) || t.contains(bearer) || t.contains("IDGPLANTED"))
        .map(|(l, _)| l)
        .collect();
    assert!(leaks.is_empty(), "{leaks:?}");
}
