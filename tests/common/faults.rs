//! A fault-injecting, recording HTTP/1.1 proxy for the live-collector tests, whatever the cloud.
//!
//! It sits on 127.0.0.1 between idgauge and an upstream (moto, or a mock Graph/ARM/Google
//! server), names every request's operation from the wire (a [`Dialect`] per API family, so the
//! name does not depend on idgauge's own bookkeeping), logs it, and answers it with a planned
//! [`Fault`] or passes it through. Faults apply per distinct request (operation, target, body;
//! signatures and dates vary between attempts, the request does not), for its first N attempts
//! or always, so a test can tell a transient fault that must be retried to success from a
//! persistent one that must end as `unavailable`.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as it came over the wire.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// A canned HTTP answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} X\r\n", self.status);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut b = out.into_bytes();
        b.extend_from_slice(&self.body);
        b
    }
}

/// How one API family names its operations on the wire and says "denied" and "slow down".
pub trait Dialect: Send + Sync + 'static {
    /// The operation, named as in the provider's permission allow-list (`iam:ListRoles`,
    /// `graph:users`, ...).
    fn operation(&self, req: &Request) -> String;
    /// The provider's own access-denied answer to `req`.
    fn deny(&self, req: &Request, op: &str) -> Response;
    /// The provider's own throttling answer to `req`.
    fn throttle(&self, req: &Request) -> Response;
}

/// What the proxy does instead of passing a request through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The provider's access-denied error.
    Deny,
    /// The provider's throttling error.
    Throttle,
    /// 503 with an empty body.
    Unavailable,
    /// The connection is reset (RST) before any answer.
    Reset,
    /// No answer at all until the connection is dropped [`HANG`] later.
    Hang,
    /// The upstream answer with its body cut in half under the full Content-Length.
    Truncate,
}

/// How long a [`Fault::Hang`] holds the connection: far beyond any timeout under test.
pub const HANG: Duration = Duration::from_secs(120);

/// For how many attempts of each distinct request a fault applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    First(usize),
    Always,
}

/// One planned fault: on `op` (`*`: every operation).
#[derive(Debug, Clone)]
pub struct Plan {
    pub op: String,
    pub fault: Fault,
    pub times: Times,
}

impl Plan {
    pub fn new(op: &str, fault: Fault, times: Times) -> Plan {
        Plan {
            op: op.to_string(),
            fault,
            times,
        }
    }
}

/// One logged request: what it was and what the proxy did with it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub op: String,
    pub fault: Option<Fault>,
}

pub struct Proxy {
    pub url: String,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Proxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:port`) on a free 127.0.0.1 port.
    pub fn start(upstream: &str, dialect: impl Dialect, plans: Vec<Plan>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let up = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let shared = Arc::new(Shared {
            dialect: Box::new(dialect),
            plans,
            attempts: Mutex::default(),
            log: log.clone(),
            upstream: up,
            own: url.clone(),
        });
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(client) = conn else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || shared.serve(client));
            }
        });
        Proxy { url, log }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    /// Every operation that reached the proxy.
    pub fn operations(&self) -> BTreeSet<String> {
        self.seen().into_iter().map(|s| s.op).collect()
    }

    /// How many requests got `fault`.
    pub fn faults(&self, fault: Fault) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.fault == Some(fault))
            .count()
    }
}

struct Shared {
    dialect: Box<dyn Dialect>,
    plans: Vec<Plan>,
    /// Attempts so far per distinct request.
    attempts: Mutex<HashMap<Vec<u8>, usize>>,
    log: Arc<Mutex<Vec<Seen>>>,
    upstream: String,
    /// This proxy's base URL: absolute links to the upstream in answers (`@odata.nextLink`)
    /// are pointed here, so later pages pass the proxy too.
    own: String,
}

impl Shared {
    /// One request per connection: the answer always closes it, so every attempt of a client
    /// (which keeps connections alive) arrives on a fresh or re-used socket alike.
    fn serve(&self, mut client: TcpStream) {
        let Some(req) = read_request(&mut client) else {
            return;
        };
        let op = self.dialect.operation(&req);
        // The operation too: JSON-protocol calls share method, target and often body (`{}`).
        let key = [
            op.as_bytes(),
            b" ",
            req.method.as_bytes(),
            b" ",
            req.target.as_bytes(),
            b" ",
            &req.body,
        ]
        .concat();
        let attempt = {
            let mut a = self.attempts.lock().unwrap();
            let n = a.entry(key).or_insert(0);
            *n += 1;
            *n
        };
        let fault = self
            .plans
            .iter()
            .find(|p| {
                (p.op == "*" || p.op == op)
                    && match p.times {
                        Times::Always => true,
                        Times::First(n) => attempt <= n,
                    }
            })
            .map(|p| p.fault);
        self.log.lock().unwrap().push(Seen {
            method: req.method.clone(),
            target: req.target.clone(),
            op: op.clone(),
            fault,
        });
        let answer = match fault {
            None => match self.forward(&req) {
                Some(a) => a,
                None => return,
            },
            Some(Fault::Deny) => self.dialect.deny(&req, &op).bytes(),
            Some(Fault::Throttle) => self.dialect.throttle(&req).bytes(),
            Some(Fault::Unavailable) => Response {
                status: 503,
                headers: vec![],
                body: vec![],
            }
            .bytes(),
            Some(Fault::Reset) => {
                // SO_LINGER 0: close() sends RST, not FIN.
                let _ = socket2::SockRef::from(&client).set_linger(Some(Duration::ZERO));
                return;
            }
            Some(Fault::Hang) => {
                std::thread::sleep(HANG);
                return;
            }
            Some(Fault::Truncate) => {
                let Some(full) = self.forward(&req) else {
                    return;
                };
                let body_at = find(&full, b"\r\n\r\n").map_or(full.len(), |i| i + 4);
                let keep = body_at + (full.len() - body_at) / 2;
                full[..keep].to_vec()
            }
        };
        let _ = client.write_all(&answer);
        let _ = client.flush();
        let _ = client.shutdown(Shutdown::Both);
    }

    /// The upstream's answer to `req`, on a fresh connection closed after it, with its own
    /// Connection header replaced by `close`.
    fn forward(&self, req: &Request) -> Option<Vec<u8>> {
        let mut up = TcpStream::connect(&self.upstream).ok()?;
        let mut head = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
        for (k, v) in &req.headers {
            if !k.eq_ignore_ascii_case("connection") {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        head.push_str("Connection: close\r\n\r\n");
        up.write_all(head.as_bytes()).ok()?;
        up.write_all(&req.body).ok()?;
        let mut resp = Vec::new();
        up.read_to_end(&mut resp).ok()?;
        let body_at = find(&resp, b"\r\n\r\n")? + 4;
        let head = String::from_utf8_lossy(&resp[..body_at]).to_string();
        let mut out = String::new();
        for line in head.trim_end().split("\r\n") {
            if !line.to_ascii_lowercase().starts_with("connection:") {
                out.push_str(line);
                out.push_str("\r\n");
            }
        }
        let mut body = resp[body_at..].to_vec();
        let upstream_url = format!("http://{}", self.upstream);
        let chunked = out
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        if !chunked && find(&body, upstream_url.as_bytes()).is_some() {
            body = String::from_utf8_lossy(&body)
                .replace(&upstream_url, &self.own)
                .into_bytes();
            out = out
                .split("\r\n")
                .filter(|l| !l.is_empty())
                .map(|l| {
                    if l.to_ascii_lowercase().starts_with("content-length:") {
                        format!("Content-Length: {}\r\n", body.len())
                    } else {
                        format!("{l}\r\n")
                    }
                })
                .collect();
        }
        out.push_str("Connection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&body);
        Some(bytes)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads one HTTP/1.1 request (headers, then a Content-Length or chunked body).
fn read_request(s: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut lines = head.trim_end().split("\r\n");
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let mut req = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if req
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut line = Vec::new();
            while !line.ends_with(b"\r\n") {
                if s.read(&mut byte).ok()? == 0 {
                    return None;
                }
                line.push(byte[0]);
            }
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&line).trim().split(';').next()?, 16)
                    .ok()?;
            let mut chunk = vec![0u8; size + 2];
            s.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            req.body.extend_from_slice(&chunk[..size]);
        }
        // Forwarded with a Content-Length instead.
        req.headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case("transfer-encoding"));
        req.headers
            .push(("Content-Length".into(), req.body.len().to_string()));
    } else {
        let len = req
            .header("content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        req.body = vec![0u8; len];
        s.read_exact(&mut req.body).ok()?;
    }
    Some(req)
}

/// AWS: the operation from the SigV4 credential scope (the signing service) and the protocol's
/// own naming — `Action=` (query), `X-Amz-Target` (JSON), `/operation/<Name>` (RPCv2 CBOR) or the
/// REST route — and each protocol's error shapes.
pub struct Aws;

impl Aws {
    /// The SigV4 signing name, e.g. `iam`, `monitoring`; from the Authorization header.
    fn signing_name(req: &Request) -> String {
        req.header("authorization")
            .and_then(|a| a.split("Credential=").nth(1))
            .and_then(|c| c.split(['/', ',']).nth(3))
            .unwrap_or("unknown")
            .to_string()
    }

    fn protocol(req: &Request) -> AwsProtocol {
        if req.header("x-amz-target").is_some() {
            AwsProtocol::Json
        } else if req.path().contains("/operation/") {
            AwsProtocol::Cbor
        } else if req
            .header("content-type")
            .is_some_and(|c| c.contains("x-www-form-urlencoded"))
        {
            AwsProtocol::Query
        } else {
            AwsProtocol::Rest
        }
    }

    /// `service:Operation` as IAM names it, from the raw request alone.
    pub fn operation_of(
        method: &str,
        target: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> String {
        let req = Request {
            method: method.to_string(),
            target: target.to_string(),
            headers: headers.to_vec(),
            body: body.to_vec(),
        };
        Aws.operation(&req)
    }
}

#[derive(PartialEq)]
enum AwsProtocol {
    Query,
    Json,
    Cbor,
    Rest,
}

impl Dialect for Aws {
    fn operation(&self, req: &Request) -> String {
        let signing = Self::signing_name(req);
        let service = match signing.as_str() {
            "monitoring" => "cloudwatch",
            other => other,
        };
        let name = match Self::protocol(req) {
            AwsProtocol::Json => req
                .header("x-amz-target")
                .and_then(|t| t.rsplit('.').next())
                .unwrap_or("")
                .to_string(),
            AwsProtocol::Cbor => req.path().rsplit('/').next().unwrap_or("").to_string(),
            AwsProtocol::Query => String::from_utf8_lossy(&req.body)
                .split('&')
                .find_map(|kv| kv.strip_prefix("Action="))
                .unwrap_or("")
                .to_string(),
            AwsProtocol::Rest => {
                let segments: Vec<&str> = req.path().split('/').filter(|s| !s.is_empty()).collect();
                match (service, req.method.as_str(), segments.as_slice()) {
                    ("guardduty", "GET", ["detector"]) => "ListDetectors".into(),
                    ("guardduty", "GET", ["detector", _]) => "GetDetector".into(),
                    ("access-analyzer", "GET", ["analyzer"]) => "ListAnalyzers".into(),
                    ("account", "POST", ["listRegions"]) => "ListRegions".into(),
                    // Unknown routes keep method and path, which no allow-list admits.
                    (_, m, _) => format!("{m} {}", req.path()),
                }
            }
        };
        format!("{service}:{name}")
    }

    fn deny(&self, req: &Request, op: &str) -> Response {
        let msg = format!(
            "User: arn:aws:iam::123456789012:user/idgauge is not authorized to perform: {op}"
        );
        let rid = ("x-amzn-RequestId".to_string(), "idg-fault-0001".to_string());
        match Self::protocol(req) {
            AwsProtocol::Query => Response {
                status: 403,
                headers: vec![rid, ("Content-Type".into(), "text/xml".into())],
                body: format!("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{msg}</Message></Error><RequestId>idg-fault-0001</RequestId></ErrorResponse>").into_bytes(),
            },
            AwsProtocol::Json => Response {
                status: 400,
                headers: vec![rid, ("Content-Type".into(), "application/x-amz-json-1.1".into())],
                body: serde_json::json!({"__type": "AccessDeniedException", "message": msg})
                    .to_string()
                    .into_bytes(),
            },
            AwsProtocol::Cbor => Response {
                status: 400,
                headers: vec![
                    rid,
                    ("Content-Type".into(), "application/cbor".into()),
                    ("smithy-protocol".into(), "rpc-v2-cbor".into()),
                    ("x-amzn-query-error".into(), "AccessDenied;Sender".into()),
                ],
                body: cbor_map(&[("__type", "AccessDenied"), ("message", &msg)]),
            },
            AwsProtocol::Rest => Response {
                status: 403,
                headers: vec![
                    rid,
                    ("Content-Type".into(), "application/json".into()),
                    ("x-amzn-ErrorType".into(), "AccessDeniedException".into()),
                ],
                body: serde_json::json!({"message": msg}).to_string().into_bytes(),
            },
        }
    }

    fn throttle(&self, req: &Request) -> Response {
        let rid = ("x-amzn-RequestId".to_string(), "idg-fault-0002".to_string());
        match Self::protocol(req) {
            AwsProtocol::Query => Response {
                status: 400,
                headers: vec![rid, ("Content-Type".into(), "text/xml".into())],
                body: b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>idg-fault-0002</RequestId></ErrorResponse>".to_vec(),
            },
            AwsProtocol::Json => Response {
                status: 400,
                headers: vec![rid, ("Content-Type".into(), "application/x-amz-json-1.1".into())],
                body: br#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_vec(),
            },
            AwsProtocol::Cbor => Response {
                status: 400,
                headers: vec![
                    rid,
                    ("Content-Type".into(), "application/cbor".into()),
                    ("smithy-protocol".into(), "rpc-v2-cbor".into()),
                    ("x-amzn-query-error".into(), "Throttling;Sender".into()),
                ],
                body: cbor_map(&[("__type", "Throttling"), ("message", "Rate exceeded")]),
            },
            AwsProtocol::Rest => Response {
                status: 429,
                headers: vec![
                    rid,
                    ("Content-Type".into(), "application/json".into()),
                    ("x-amzn-ErrorType".into(), "ThrottlingException".into()),
                ],
                body: br#"{"message":"Rate exceeded"}"#.to_vec(),
            },
        }
    }
}

/// A CBOR map of text strings (RFC 8949 major types 5 and 3), all an RPCv2 error body needs.
fn cbor_map(entries: &[(&str, &str)]) -> Vec<u8> {
    fn head(major: u8, len: usize, out: &mut Vec<u8>) {
        let m = major << 5;
        match len {
            0..=23 => out.push(m | len as u8),
            24..=0xff => out.extend([m | 24, len as u8]),
            _ => {
                out.push(m | 25);
                out.extend((len as u16).to_be_bytes());
            }
        }
    }
    let mut out = Vec::new();
    head(5, entries.len(), &mut out);
    for (k, v) in entries {
        for s in [k, v] {
            head(3, s.len(), &mut out);
            out.extend_from_slice(s.as_bytes());
        }
    }
    out
}

/// Every kind of fault a storm injects.
pub const FAULTS: [Fault; 5] = [
    Fault::Throttle,
    Fault::Unavailable,
    Fault::Reset,
    Fault::Truncate,
    Fault::Hang,
];

/// Section statuses of a snapshot, `scope/section` → `collected` / `unavailable:<kind>`.
pub fn section_statuses(snap: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for scope in snap["scopes"].as_array().into_iter().flatten() {
        for (name, sec) in scope["sections"].as_object().into_iter().flatten() {
            let mut st = sec["status"].as_str().unwrap_or("?").to_string();
            if let Some(k) = sec["reason"]["kind"].as_str() {
                st = format!("{st}:{k}");
            }
            out.insert(
                format!("{}/{name}", scope["id"].as_str().unwrap_or("?")),
                st,
            );
        }
    }
    out
}

/// Fault storms against a mock upstream (Graph/ARM, Google; AWS runs its own against moto, in
/// parallel). `collect_via(url)` scans through a proxy and returns the snapshot and its results.
/// - Transient: each fault on the first attempt of every request (hangs, which wait out the
///   timeout, on `hang_op` alone) is retried to the same section statuses and the same counted
///   operations as the clean scan.
/// - Persistent: each fault on every attempt of `persistent_op` is injected exactly `attempts`
///   times and ends, within `within`, as an `error` gap ([`gap_problems`]).
pub fn mock_fault_storms<D: Dialect>(
    upstream: &str,
    dialect: impl Fn() -> D,
    hang_op: &str,
    persistent_op: &str,
    attempts: usize,
    within: Duration,
    collect_via: impl Fn(&str) -> (Value, Value),
) {
    let clean = Proxy::start(upstream, dialect(), vec![]);
    let (full, full_doc) = collect_via(&clean.url);
    for fault in FAULTS {
        let op = if fault == Fault::Hang { hang_op } else { "*" };
        let proxy = Proxy::start(
            upstream,
            dialect(),
            vec![Plan::new(op, fault, Times::First(1))],
        );
        let (snap, _) = collect_via(&proxy.url);
        assert!(proxy.faults(fault) >= 1, "{fault:?}");
        assert_eq!(
            section_statuses(&snap),
            section_statuses(&full),
            "{fault:?} on first attempts must be retried"
        );
        assert_eq!(
            snap["collection"]["api_calls"], full["collection"]["api_calls"],
            "{fault:?}"
        );
    }
    for fault in FAULTS {
        let proxy = Proxy::start(
            upstream,
            dialect(),
            vec![Plan::new(persistent_op, fault, Times::Always)],
        );
        let started = Instant::now();
        let (snap, doc) = collect_via(&proxy.url);
        let took = started.elapsed();
        assert_eq!(proxy.faults(fault), attempts, "{fault:?}: attempts");
        let problems = gap_problems(persistent_op, "error", &full, &full_doc, &snap, &doc);
        assert!(problems.is_empty(), "{fault:?}: {problems:#?}");
        assert!(took < within, "{fault:?}: {took:?}");
    }
}

/// The invariants of one row of a denied-permission matrix: a scan where only `op` was denied
/// (`snap`, its results `doc`) against the scan with every permission (`full_snap`,
/// `full_doc`). Returns what is wrong, empty when the row holds:
/// - every section the full scan read through `op` is unavailable, `access_denied`, naming `op`;
/// - no rule passes on a scope where a section it requires is not collected;
/// - no scope's level is higher than with full permissions.
pub fn denied_row_problems(
    op: &str,
    full_snap: &Value,
    full_doc: &Value,
    snap: &Value,
    doc: &Value,
) -> Vec<String> {
    gap_problems(op, "access_denied", full_snap, full_doc, snap, doc)
}

/// As [`denied_row_problems`], for a call that failed in any way: the sections the full scan
/// read through `op` must be unavailable with reason `kind` (`access_denied`, `error`, ...).
pub fn gap_problems(
    op: &str,
    kind: &str,
    full_snap: &Value,
    full_doc: &Value,
    snap: &Value,
    doc: &Value,
) -> Vec<String> {
    let mut problems = Vec::new();
    let section = |s: &Value, scope: &str, name: &str| -> Value {
        s["scopes"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == scope))
            .map(|x| x["sections"][name].clone())
            .unwrap_or(Value::Null)
    };
    for (scope, name) in fed_by(full_snap, op) {
        let sec = section(snap, &scope, &name);
        let source = sec["source"].as_str().unwrap_or("");
        let ok =
            sec["status"] == "unavailable" && sec["reason"]["kind"] == kind && names_op(source, op);
        // Or built without it, saying so: `... (without graph:roleAssignments: access_denied)`.
        let partial = sec["status"] == "collected"
            && source
                .split_once(" (without ")
                .is_some_and(|(_, lacks)| names_op(lacks, op) && lacks.contains(kind));
        // A scope that could not be entered at all (a member whose role is denied) is reported
        // as a whole; its sections then name the role assumption.
        let scope_denied = sec["status"] == "unavailable"
            && sec["reason"]["kind"] == "access_denied"
            && op == "sts:AssumeRole";
        // Or read again another way, to the same data (GCP: per-resource reads when the asset
        // inventory is refused).
        let full_sec = section(full_snap, &scope, &name);
        let recovered = sec["status"] == "collected"
            && !names_op(source, op)
            && sec["data"] == full_sec["data"];
        if !ok && !partial && !scope_denied && !recovered {
            problems.push(format!(
                "{scope}/{name}: read through {op}, but with {op} failing ({kind}) it is {}",
                compact(&sec)
            ));
        }
    }
    let requires: HashMap<&str, &[String]> = super::builtin_rules()
        .rules
        .iter()
        .map(|r| (r.meta.id.as_str(), r.meta.requires.as_slice()))
        .collect();
    for r in doc["results"].as_array().into_iter().flatten() {
        if r["status"] != "pass" {
            continue;
        }
        let (rule, scope) = (
            r["rule_id"].as_str().unwrap_or(""),
            r["scope_id"].as_str().unwrap_or(""),
        );
        // As assessed: what an organization provides is credited to its accounts first, so the
        // result's evidence, not the raw snapshot, says what the rule saw.
        for need in requires.get(rule).copied().unwrap_or_default() {
            let seen = r["evidence"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e["section"] == need.as_str() && !e["collected_at"].is_null());
            if !seen {
                problems.push(format!(
                    "{rule} passes on {scope} without {need} collected (raw: {})",
                    compact(&section(snap, scope, need))
                ));
            }
        }
    }
    // Less data never makes a rule pass that did not pass with all of it.
    let full_status: HashMap<(String, String), String> = full_doc["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                (
                    r["rule_id"].as_str().unwrap_or("").to_string(),
                    r["scope_id"].as_str().unwrap_or("").to_string(),
                ),
                r["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for r in doc["results"].as_array().into_iter().flatten() {
        let key = (
            r["rule_id"].as_str().unwrap_or("").to_string(),
            r["scope_id"].as_str().unwrap_or("").to_string(),
        );
        if r["status"] == "pass" {
            if let Some(before) = full_status.get(&key).filter(|s| *s != "pass") {
                problems.push(format!(
                    "{} passes on {} with {op} failing, {before} with every call answered",
                    key.0, key.1
                ));
            }
        }
    }
    let levels = |d: &Value| -> HashMap<String, u64> {
        d["verdict"]["scopes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| Some((s["scope_id"].as_str()?.to_string(), s["level"].as_u64()?)))
            .collect()
    };
    let full_levels = levels(full_doc);
    for (scope, level) in levels(doc) {
        if let Some(full) = full_levels.get(&scope) {
            if level > *full {
                problems.push(format!(
                    "{scope} is at level {level} with {op} failing, {full} with every call answered"
                ));
            }
        }
    }
    problems
}

/// (scope, section) pairs of a snapshot collected through `op` (named in their source).
pub fn fed_by(snap: &Value, op: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for scope in snap["scopes"].as_array().into_iter().flatten() {
        let id = scope["id"].as_str().unwrap_or("").to_string();
        for (name, sec) in scope["sections"].as_object().into_iter().flatten() {
            let source = sec["source"].as_str().unwrap_or("");
            if sec["status"] == "collected" && names_op(source, op) {
                out.push((id.clone(), name.clone()));
            }
        }
    }
    out
}

/// Whether a section source (`iam:GetAccountAuthorizationDetails, iam:GetCredentialReport`,
/// ...) names `op` as a whole word (so `sso:ListInstances` is not found in
/// `sso:ListInstancesX`).
fn names_op(source: &str, op: &str) -> bool {
    source.match_indices(op).any(|(i, _)| {
        let after = source[i + op.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

fn compact(v: &Value) -> String {
    if v.is_null() {
        return "absent".into();
    }
    let mut s = format!(
        "{} ({})",
        v["status"].as_str().unwrap_or("?"),
        v["source"].as_str().unwrap_or("")
    );
    if let Some(k) = v["reason"]["kind"].as_str() {
        s.push_str(&format!(": {k}"));
    }
    s
}
