//! `cargo bench --bench assess`: wall time and peak RSS of `idgauge assess` (release build, the
//! whole built-in catalogue) on synthetic organisation snapshots of 10,000 and 100,000 human
//! principals, plus an in-process breakdown (parse, evaluate, verdict).
//!
//! Targets (issue 2): 10k ≤ 200 ms, 100k ≤ 2 s, peak RSS ≤ 5× the snapshot file size.
//! `IDGAUGE_BENCH_SIZES=10000,100000` and `IDGAUGE_BENCH_RUNS=5` change what is measured.

use std::path::Path;

// Same allocator as the binary, so the in-process breakdown matches what `idgauge` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `idgauge assess` once: wall time and the child's own peak RSS.
///
/// The peak is the child's `VmHWM` as it reports it (`IDGAUGE_PROFILE=1`, last phase), not
/// `wait4`'s `ru_maxrss`: Linux carries the parent's high-water mark into a spawned child across
/// `exec`, so with the 100k snapshot held in this process `ru_maxrss` reported this process's
/// size rather than idgauge's.
fn run_child(exe: &Path, snapshot: &Path) -> (Duration, u64) {
    let start = Instant::now();
    let out = Command::new(exe)
        .args(["assess", "--format", "json", "--output", "/dev/null"])
        .arg(snapshot)
        .env("IDGAUGE_PROFILE", "1")
        .output()
        .expect("run idgauge");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "idgauge assess failed: {stderr}");
    let hwm_kib: u64 = stderr
        .lines()
        .rfind(|l| l.starts_with("profile: phase"))
        .and_then(|l| l.split("VmHWM:").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in idgauge's profile output:\n{stderr}"));
    (elapsed, hwm_kib * 1024)
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this binary without it, and
    // a full measurement there (in a debug build) would only slow the test suite down.
    if !std::env::args().any(|a| a == "--bench") {
        println!("assess benchmark: skipped (run `cargo bench --bench assess`)");
        return;
    }
    let exe = Path::new(env!("CARGO_BIN_EXE_idgauge"));
    let sizes: Vec<usize> = std::env::var("IDGAUGE_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("size"))
        .collect();
    let runs: usize = std::env::var("IDGAUGE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = idgauge::engine::RuleSet::load(&[]).expect("rules");
    let cfg = idgauge::config::Config::default();

    // The process's fixed cost (binary, compiled rules, thread stacks) on a one-account fixture.
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/snapshots/aws/level1.json");
    let (_, base_rss) = run_child(exe, &tiny);
    println!(
        "baseline: idgauge assess on a one-account fixture peaks at {:.1} MiB RSS\n",
        mib(base_rss)
    );
    println!(
        "| human principals | scopes | snapshot (compact JSON) | wall (median of {runs}) | wall (min) | peak RSS | RSS / file | RSS / compact | (RSS − baseline) / file | parse | evaluate | verdict |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let snap = idgauge::synth::aws_org(n, 42);
        let path = dir.path().join(format!("synthetic-{n}.json"));
        // Written as idgauge writes snapshots (pretty, diffable); the compact size is reported too.
        let mut bytes = Vec::new();
        snap.write_json(&mut bytes).expect("serialize");
        std::fs::write(&path, &bytes).expect("write");
        let size = bytes.len() as u64;
        let compact = serde_json::to_vec(&snap).expect("serialize").len() as u64;
        drop(bytes);

        let mut walls = Vec::new();
        let mut rss = 0;
        for _ in 0..runs {
            let (w, r) = run_child(exe, &path);
            walls.push(w);
            rss = rss.max(r);
        }
        walls.sort();

        // In-process breakdown of one run.
        let t = Instant::now();
        let parsed = idgauge::model::load_snapshot(&path).expect("load");
        let parse = t.elapsed();
        let t = Instant::now();
        let opts = idgauge::engine::EvalOptions {
            config: &cfg,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            jobs: 0,
        };
        let results =
            idgauge::engine::evaluate(std::slice::from_ref(&parsed), &rules, &opts).expect("eval");
        let eval = t.elapsed();
        let t = Instant::now();
        let _ = idgauge::verdict::decide(std::slice::from_ref(&parsed), &rules, &results);
        let verdict = t.elapsed();

        println!(
            "| {n} | {} | {:.1} MiB ({:.1} MiB) | {:.0} ms | {:.0} ms | {:.1} MiB | {:.1}× | {:.1}× | {:.1}× | {:.0} ms | {:.0} ms | {:.1} ms |",
            parsed.scopes.len(),
            mib(size),
            mib(compact),
            walls[walls.len() / 2].as_secs_f64() * 1e3,
            walls[0].as_secs_f64() * 1e3,
            mib(rss),
            rss as f64 / size as f64,
            rss as f64 / compact as f64,
            rss.saturating_sub(base_rss) as f64 / size as f64,
            parse.as_secs_f64() * 1e3,
            eval.as_secs_f64() * 1e3,
            verdict.as_secs_f64() * 1e3,
        );
    }
}
