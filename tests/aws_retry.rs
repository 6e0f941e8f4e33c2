//! Throttling and 5xx: the live collector retries with backoff and still collects every section.
//!
//! A fault-injecting proxy sits between idgauge and moto (both on 127.0.0.1): the first attempt
//! of every distinct request is answered with a throttling error or a 503, the retry is passed
//! through. The collection must succeed with the same sections collected as without faults, and
//! `collection.api_calls` must count operations, not attempts.
#![cfg(feature = "aws-live")]

use serde_json::Value;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

fn moto_url() -> String {
    std::env::var("IDGAUGE_MOTO_URL").unwrap_or_else(|_| {
        panic!("IDGAUGE_MOTO_URL is not set: run the suite with scripts/test.sh (it starts moto)")
    })
}

/// Reads one HTTP/1.1 request (headers + Content-Length body) from `s`.
fn read_request(s: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let len = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).ok()?;
    Some((head, body))
}

struct Proxy {
    url: String,
    faults: Arc<AtomicUsize>,
    passed: Arc<AtomicUsize>,
}

fn start_proxy(upstream: String) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let faults = Arc::new(AtomicUsize::new(0));
    let passed = Arc::new(AtomicUsize::new(0));
    let seen: Arc<Mutex<HashSet<Vec<u8>>>> = Arc::default();
    let up = upstream.trim_start_matches("http://").to_string();
    let (f, p) = (faults.clone(), passed.clone());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut client) = conn else { continue };
            let (seen, f, p, up) = (seen.clone(), f.clone(), p.clone(), up.clone());
            std::thread::spawn(move || {
                while let Some((head, body)) = read_request(&mut client) {
                    let target = head
                        .lines()
                        .find(|l| l.to_ascii_lowercase().starts_with("x-amz-target"))
                        .unwrap_or("")
                        .to_string();
                    let first_line = head.lines().next().unwrap_or("").to_string();
                    let key = [first_line.as_bytes(), target.as_bytes(), &body].concat();
                    let first_attempt = seen.lock().unwrap().insert(key);
                    if first_attempt {
                        let n = f.fetch_add(1, Ordering::SeqCst);
                        // Alternate a throttling answer (each protocol's code) and a bare 503.
                        // The XML answer only for the query protocol (IAM, STS): REST-JSON
                        // (GuardDuty, Access Analyzer) and RPCv2 CBOR (CloudWatch) clients
                        // could not parse it, so they get the 503.
                        let query = head.lines().any(|l| {
                            l.to_ascii_lowercase().starts_with("content-type:")
                                && l.contains("x-www-form-urlencoded")
                        });
                        let resp = if n % 2 == 0 && target.is_empty() && query {
                            let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>";
                            format!("HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{xml}", xml.len())
                        } else if n % 2 == 0 && !target.is_empty() {
                            let js =
                                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
                            format!("HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{js}", js.len())
                        } else {
                            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
                                .to_string()
                        };
                        if client.write_all(resp.as_bytes()).is_err() {
                            return;
                        }
                        continue;
                    }
                    p.fetch_add(1, Ordering::SeqCst);
                    // Pass through on a fresh upstream connection, closed after the response.
                    let mut upstream = TcpStream::connect(&up).unwrap();
                    let head = head
                        .lines()
                        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                        .collect::<Vec<_>>()
                        .join("\r\n");
                    let head = format!("{}\r\nConnection: close\r\n\r\n", head.trim_end());
                    upstream.write_all(head.as_bytes()).unwrap();
                    upstream.write_all(&body).unwrap();
                    let mut resp = Vec::new();
                    let _ = upstream.read_to_end(&mut resp);
                    let _ = client.write_all(&resp);
                    // The upstream answer may say "Connection: close"; end this client connection.
                    return;
                }
            });
        }
    });
    Proxy {
        url,
        faults,
        passed,
    }
}

fn collect(endpoint: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let o = assert_cmd::Command::cargo_bin("idgauge")
        .unwrap()
        .args([
            "collect",
            "aws",
            "--region",
            "us-east-1",
            "--endpoint-url",
            endpoint,
            "-o",
        ])
        .arg(&out)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "collect failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn statuses(snap: &Value) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for scope in snap["scopes"].as_array().unwrap() {
        for (name, sec) in scope["sections"].as_object().unwrap() {
            v.push((
                format!("{}/{name}", scope["id"].as_str().unwrap()),
                sec["status"].as_str().unwrap().to_string(),
            ));
        }
    }
    v
}

#[test]
fn throttling_and_5xx_are_retried_and_counted_once() {
    let moto = moto_url();
    let clean = collect(&moto);
    let proxy = start_proxy(moto.clone());
    let faulty = collect(&proxy.url);
    let faults = proxy.faults.load(Ordering::SeqCst);
    assert!(faults >= 10, "only {faults} faults injected");
    assert!(proxy.passed.load(Ordering::SeqCst) >= faults);
    // Every section ends the same way as without faults: retries, not gaps.
    assert_eq!(statuses(&clean), statuses(&faulty));
    assert!(statuses(&faulty)
        .iter()
        .any(|(n, s)| n.ends_with("/principals") && s == "collected"));
    // Operations are counted once, however many attempts they took.
    assert_eq!(
        clean["collection"]["api_calls"], faulty["collection"]["api_calls"],
        "api_calls must count operations, not attempts"
    );
}
