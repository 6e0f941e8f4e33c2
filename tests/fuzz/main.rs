//! Fuzzing every input parser with structure-aware mutations of the real fixtures (issue 12,
//! item 3): the short seeded pass CI runs, and the long form `scripts/fuzz.sh` runs.
//!
//! Each target ([`targets`]) starts from the fixtures, mutates them ([`mutate`]: truncation,
//! type swaps, deep nesting, huge numbers and strings, invalid UTF-8, duplicate keys, CSV
//! column and TOML table damage) and feeds the result to the library functions `assess` and
//! `diff` load it with, in-process, checking: no panic, and peak live memory within
//! [`targets::MEM_BASE`] + [`targets::MEM_FACTOR`] × bytes read. A sample of the same mutations
//! goes through the real `idgauge` binary: exit code 0, 1 or 2 only, and an error names the file.
//!
//! - `IDGAUGE_FUZZ_SEED` (default fixed): the mutation seed, so a CI failure reproduces.
//! - `IDGAUGE_FUZZ_SECS`: run each in-process target for this many seconds instead of the short
//!   fixed count (the long form; `scripts/fuzz.sh` runs the coverage-guided libFuzzer targets in
//!   `fuzz/` the same way).
//!
//! An input that fails is written under `target/fuzz-findings/` and named in the failure.

mod mutate;
mod targets;

#[path = "../common/mod.rs"]
mod common;

use mutate::Rng;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use targets::{Scratch, Seed};

#[global_allocator]
static ALLOC: targets::Counting = targets::Counting;

const REPO_ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Mutated inputs per target in the short pass (each also runs its unmutated seeds).
const SHORT_RUNS: usize = 150;
/// Mutated inputs per target that also go through the binary in the short pass.
const BINARY_RUNS: usize = 4;

fn root() -> &'static Path {
    Path::new(REPO_ROOT)
}

fn base_seed() -> u64 {
    std::env::var("IDGAUGE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x1d6a_0ce5)
}

fn target_seed(target: &str) -> u64 {
    // FNV-1a of the name: each target has its own stream, stable across runs.
    target.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    }) ^ base_seed()
}

fn seeds_of(target: &str) -> Vec<Seed> {
    let seeds = if target == "results" {
        targets::results_seeds(root())
    } else {
        targets::seeds(root(), target)
    };
    assert!(!seeds.is_empty(), "{target}: no seed fixtures");
    seeds
}

fn save_finding(target: &str, n: usize, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-findings");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{target}-{n}-{}", targets::file_part(name)));
    std::fs::write(&p, targets::join_input(name, bytes)).unwrap();
    p
}

/// The in-process pass over one target; runs on a thread with the main thread's 8 MiB stack, as
/// the binary loads its inputs on its main thread.
fn fuzz_target(target: &'static str) {
    let h = std::thread::Builder::new()
        .name(format!("fuzz-{target}"))
        .stack_size(8 << 20)
        .spawn(move || fuzz_target_inner(target))
        .unwrap();
    let findings = h.join().expect("fuzz thread");
    assert!(
        findings.is_empty(),
        "{target}: {} finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

fn fuzz_target_inner(target: &str) -> Vec<String> {
    let seeds = seeds_of(target);
    let mut scratch = Scratch::new(target);
    if target == "results" {
        let text = String::from_utf8(seeds[0].bytes.clone()).unwrap();
        scratch.baseline = Some(idgauge::baseline::parse(&text, Path::new("seed")).unwrap());
    }
    let mut rng = Rng::new(target_seed(target));
    let budget = std::env::var("IDGAUGE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let started = Instant::now();
    let mut findings = Vec::new();
    let (mut runs, mut ok, mut errors, mut max_peak) = (0usize, 0usize, 0usize, (0usize, 0usize));
    // The seeds themselves first: they must load, and they set the memory baseline.
    for s in &seeds {
        match targets::run(root(), &mut scratch, target, &s.name, &s.bytes, true) {
            Ok(o) => {
                ok += o.ok;
                errors += o.errors;
            }
            Err(f) => findings.push(format!("seed {}: {f}", s.name)),
        }
    }
    let seed_ok = ok;
    loop {
        match budget {
            Some(b) if started.elapsed() >= b => break,
            None if runs >= SHORT_RUNS => break,
            _ => {}
        }
        let seed = rng.pick(&seeds).clone();
        let bytes = mutate::mutate(&mut rng, &seed.name, &seed.bytes);
        runs += 1;
        match targets::run(root(), &mut scratch, target, &seed.name, &bytes, true) {
            Ok(o) => {
                ok += o.ok;
                errors += o.errors;
                if o.peak > max_peak.0 {
                    max_peak = (o.peak, o.read);
                }
            }
            Err(f) => {
                let p = save_finding(target, runs, &seed.name, &bytes);
                findings.push(format!("{f} (input: {})", p.display()));
                if findings.len() >= 20 {
                    break;
                }
            }
        }
    }
    eprintln!(
        "fuzz {target}: {} seeds ({seed_ok} loads ok), {runs} mutated inputs in {:.1}s: {ok} loads ok, {errors} rejected with an error, peak {} KiB live for {} KiB read, {} findings",
        seeds.len(),
        started.elapsed().as_secs_f64(),
        max_peak.0 >> 10,
        max_peak.1 >> 10,
        findings.len()
    );
    assert!(seed_ok > 0, "{target}: no seed loaded");
    findings
}

#[test]
fn fuzz_snapshot() {
    fuzz_target("snapshot");
}

#[test]
fn fuzz_config() {
    fuzz_target("config");
}

#[test]
fn fuzz_results() {
    fuzz_target("results");
}

#[test]
fn fuzz_aws_export() {
    fuzz_target("aws_export");
}

#[test]
fn fuzz_azure_export() {
    fuzz_target("azure_export");
}

#[test]
fn fuzz_gcp_export() {
    fuzz_target("gcp_export");
}

#[test]
fn fuzz_directory() {
    fuzz_target("directory");
}

/// The mutators really damage what they are given in each of the promised ways (a mutator that
/// returned its input unchanged would make every target above pass vacuously).
#[test]
fn mutations_change_their_input() {
    let mut rng = Rng::new(base_seed());
    for (name, seed) in [
        ("exports/aws/shared/gaad.json", "aws_export"),
        ("exports/aws/shared/credential-report.csv", "aws_export"),
        ("snapshots/aws/idgauge.toml", "config"),
        ("exports/directory/people.ldif", "directory"),
        ("exports/directory/hr.csv", "directory"),
    ] {
        let s = targets::seeds(root(), seed)
            .into_iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} among the seeds"));
        let mut changed = 0;
        let mut invalid_utf8 = 0;
        let mut shorter = 0;
        for _ in 0..100 {
            let m = mutate::mutate(&mut rng, name, &s.bytes);
            changed += usize::from(m != s.bytes);
            invalid_utf8 += usize::from(std::str::from_utf8(&m).is_err());
            shorter += usize::from(m.len() < s.bytes.len());
        }
        assert!(
            changed >= 90,
            "{name}: only {changed}/100 mutations changed it"
        );
        assert!(
            invalid_utf8 > 0,
            "{name}: no invalid UTF-8 in 100 mutations"
        );
        assert!(shorter > 0, "{name}: no truncation in 100 mutations");
    }
    // Duplicate keys and deep nesting reach JSON.
    let text = br#"{"a":{"b":[1,2,{"c":"d"}]},"e":"f"}"#;
    let (mut dup, mut deep) = (false, false);
    for _ in 0..400 {
        let m = mutate::mutate(&mut rng, "x.json", text);
        let s = String::from_utf8_lossy(&m);
        dup |= s.matches("\"a\":").count() > 1 || s.matches("\"e\":").count() > 1;
        deep |= s.contains("[[[[[[[[[[") || s.contains("{\"a\":{\"a\":{\"a\":");
    }
    assert!(dup && deep, "duplicate keys {dup}, deep nesting {deep}");
}

/// The memory bound can fail: the counting allocator sees a load's peak, not just what is
/// left at its end.
#[test]
fn the_memory_bound_sees_peaks() {
    let (_, peak) = targets::measured(|| {
        let big = vec![1u8; targets::MEM_BASE + (1 << 20)];
        std::hint::black_box(&big);
    });
    assert!(peak > targets::MEM_BASE, "peak {peak}");
    let (_, small) = targets::measured(|| std::hint::black_box(vec![1u8; 1 << 10]).len());
    assert!((1 << 10..1 << 16).contains(&small), "peak {small}");
}

/// libFuzzer mutates the name line too: a name that is a fixture folder's subfolder
/// (`exports/aws/org`, found by libFuzzer) or points outside `fixtures/` is an input like any
/// other, never a harness failure.
#[test]
fn mutated_names_are_inputs_not_harness_failures() {
    let mut scratch = Scratch::new("names");
    for name in [
        "exports/aws/org/management/organization.json",
        "exports/aws/org",
        "exports/aws/org/",
        "exports/../../src/x.json",
        "",
        "\u{0}/\u{0}",
    ] {
        targets::run(root(), &mut scratch, "aws_export", name, b"{}", true)
            .unwrap_or_else(|f| panic!("{name:?}: {f}"));
    }
    assert_eq!(targets::folder_part("exports/../../src/x.json"), None);
    assert_eq!(
        targets::split_input(b"a/b.json\n{}"),
        ("a/b.json".to_string(), &b"{}"[..])
    );
}

/// A sample of mutated inputs through the real binary: `assess` (snapshots, exports as a file
/// and as a folder, `--config`, `--baseline`) and `diff`. Exit code 0, 1 or 2 only; never a
/// panic; an error names the input.
#[test]
fn binary_exit_codes_on_mutated_inputs() {
    let runs = std::env::var("IDGAUGE_FUZZ_BINARY_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(BINARY_RUNS);
    let bin = Binary::new();
    let mut problems = Vec::new();
    for target in targets::TARGETS {
        let seeds = seeds_of(target);
        let mut rng = Rng::new(target_seed(target) ^ 0xb1);
        for n in 0..runs {
            let seed = rng.pick(&seeds).clone();
            let bytes = mutate::mutate(&mut rng, &seed.name, &seed.bytes);
            problems.extend(bin.check(target, n, &seed.name, &bytes));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The long form's last step (`scripts/fuzz.sh`): a sample of each libFuzzer corpus
/// (`IDGAUGE_FUZZ_CORPUS`/TARGET, files `NAME\nCONTENT`) through the binary, as above.
#[test]
#[ignore = "run by scripts/fuzz.sh after the libFuzzer targets"]
fn binary_exit_codes_on_fuzz_corpus() {
    let corpus = PathBuf::from(std::env::var("IDGAUGE_FUZZ_CORPUS").expect("IDGAUGE_FUZZ_CORPUS"));
    let per_target: usize = std::env::var("IDGAUGE_FUZZ_BINARY_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let bin = Binary::new();
    let mut problems = Vec::new();
    for target in targets::TARGETS {
        let mut files = Vec::new();
        if let Ok(rd) = std::fs::read_dir(corpus.join(target)) {
            files.extend(rd.filter_map(|e| e.ok().map(|e| e.path())));
        }
        files.sort();
        // An even sample across the (hash-named, so unordered) corpus.
        let step = (files.len() / per_target.max(1)).max(1);
        let mut checked = 0;
        for (n, f) in files.iter().step_by(step).take(per_target).enumerate() {
            let data = std::fs::read(f).unwrap();
            let (name, content) = targets::split_input(&data);
            problems.extend(bin.check(target, n, &name, content));
            checked += 1;
        }
        eprintln!(
            "corpus {target}: {checked} of {} inputs through the binary",
            files.len()
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Writes every target's seeds as a libFuzzer corpus (`IDGAUGE_FUZZ_CORPUS`/TARGET/NAME), in
/// the targets' `NAME\nCONTENT` input format (`scripts/fuzz.sh` runs this first).
#[test]
#[ignore = "run by scripts/fuzz.sh"]
fn write_seed_corpus() {
    let corpus = PathBuf::from(std::env::var("IDGAUGE_FUZZ_CORPUS").expect("IDGAUGE_FUZZ_CORPUS"));
    for target in targets::TARGETS {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        for s in seeds_of(target) {
            let file = dir.join(format!("seed-{}", s.name.replace('/', "-")));
            std::fs::write(file, targets::join_input(&s.name, &s.bytes)).unwrap();
        }
    }
}

/// The `idgauge` binary run on inputs in a private directory.
struct Binary {
    tmp: tempfile::TempDir,
    snapshot: String,
    results: String,
}

impl Binary {
    fn new() -> Binary {
        let tmp = tempfile::tempdir().unwrap();
        let results = tmp.path().join("real-results.json");
        std::fs::write(&results, &targets::results_seeds(root())[0].bytes).unwrap();
        Binary {
            snapshot: root()
                .join("fixtures/snapshots/aws/level2.json")
                .display()
                .to_string(),
            results: results.display().to_string(),
            tmp,
        }
    }

    /// Runs the commands that read `bytes` as input `name` of `target`; returns the problems.
    fn check(&self, target: &str, n: usize, name: &str, bytes: &[u8]) -> Vec<String> {
        let dir = self.tmp.path().join(format!("{target}-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(targets::file_part(name));
        std::fs::write(&file, bytes).unwrap();
        let f = file.display().to_string();
        let (s, r) = (self.snapshot.clone(), self.results.clone());
        // (arguments, what an error must name)
        let mut runs: Vec<(Vec<String>, String)> = match target {
            "config" => vec![(vec!["assess".into(), "--config".into(), f.clone(), s], f)],
            "results" => vec![
                (vec!["diff".into(), r, f.clone()], f.clone()),
                (vec!["assess".into(), "--baseline".into(), f.clone(), s], f),
            ],
            "directory" => {
                let dir = root().join("fixtures/snapshots/directory");
                let at = |n: &str| dir.join(n).display().to_string();
                vec![(
                    vec![
                        "assess".into(),
                        "--directory".into(),
                        f.clone(),
                        "--config".into(),
                        at("idgauge.toml"),
                        at("clouds.json"),
                    ],
                    f,
                )]
            }
            _ => vec![(vec!["assess".into(), f.clone()], f)],
        };
        // An export in its folder, in place of the original (a directory export is not read
        // as part of a folder: it is given with --directory).
        if let Some(rel) = targets::folder_part(name)
            .filter(|d| d.starts_with("exports/") && target != "directory")
        {
            let src = root().join("fixtures").join(rel);
            if src.is_dir() {
                let folder = self.tmp.path().join(format!("{target}-{n}-folder"));
                std::fs::create_dir_all(&folder).unwrap();
                for e in std::fs::read_dir(src).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_file() {
                        std::fs::copy(&p, folder.join(p.file_name().unwrap())).unwrap();
                    }
                }
                std::fs::write(folder.join(file.file_name().unwrap()), bytes).unwrap();
                let d = folder.display().to_string();
                runs.push((vec!["assess".into(), d.clone()], d));
            }
        }
        let mut problems = Vec::new();
        for (args, names) in runs {
            let mut cmd = common::idgauge();
            cmd.args(&args);
            if args[0] == "assess" {
                cmd.args(["--as-of", "2026-11-27", "--format", "json"]);
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            let bad = match code {
                Some(0 | 1) => stderr.contains("panicked"),
                Some(2) => stderr.contains("panicked") || !stderr.contains(&names),
                _ => true,
            };
            if bad {
                let p = save_finding(target, n, name, bytes);
                problems.push(format!(
                    "idgauge {}: exit {code:?}, stderr: {} (input: {})",
                    args.join(" "),
                    stderr.trim(),
                    p.display()
                ));
            }
        }
        problems
    }
}
