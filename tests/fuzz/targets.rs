//! The fuzz targets: every input idgauge parses, driven through the library functions the CLI
//! uses to load it, with a per-input bound on allocated memory.
//!
//! Shared by the stable seeded pass (`tests/fuzz/main.rs`) and the libFuzzer targets (`fuzz/`),
//! which include this file by path. The including crate root defines `REPO_ROOT` (the
//! repository, for the fixtures) and installs [`Counting`] as its global allocator.
//!
//! | target         | entry point (what `assess` / `diff` call)                   | seeds            |
//! |----------------|-------------------------------------------------------------|------------------|
//! | `snapshot`     | `cli::inputs::load([file])` (recognition, then the snapshot loader) | fixtures/snapshots |
//! | `config`       | `Config::load` and the accessors the rules use               | every idgauge.toml |
//! | `results`      | `baseline::load`, then `baseline::diff` against itself and a real document, `triggered`, `to_json` | results of fixture snapshots |
//! | `aws_export`   | `cli::inputs::load` of the file alone and of its fixture folder with the file replaced, then `providers::credit` | fixtures/exports/aws (JSON, CSV credential report and its base64 envelope) |
//! | `azure_export` | the same                                                    | fixtures/exports/azure |
//! | `gcp_export`   | the same                                                    | fixtures/exports/gcp |
//! | `directory`    | `providers::directory::import_file` (LDIF, AD CSV, HR CSV, by content) with the fixture's `[directory]` map, then `reconcile` and `identity_map` against fixtures/snapshots/directory/clouds.json | fixtures/exports/directory |

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const TARGETS: &[&str] = &[
    "snapshot",
    "config",
    "results",
    "aws_export",
    "azure_export",
    "gcp_export",
    "directory",
];

// ---------------------------------------------------------------------------------------------
// Memory

/// Counts live bytes per thread (the loaders are single-threaded; per-thread counts keep tests
/// running in parallel out of each other's figures).
pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn account(delta: isize) {
    // try_with: the allocator runs during thread teardown too.
    let _ = LIVE.try_with(|l| {
        let now = l.get() + delta;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        account(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Runs `f`, returning its result and the peak of bytes it held live at once on this thread.
pub fn measured<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get) - start;
    (out, peak.max(0) as usize)
}

/// The memory an input may take: a fixed allowance (rule-free loading of any fixture stays well
/// under it) plus a multiple of the bytes read. Parsed JSON is measured at 5-15x its text (see
/// README, Fuzzing); 64x leaves room while still failing on anything that grows beyond linear.
pub const MEM_BASE: usize = 64 << 20;
pub const MEM_FACTOR: usize = 64;

// ---------------------------------------------------------------------------------------------
// Seeds

/// A fixture file: its path under `fixtures/` (which names its folder, for the folder import)
/// and its bytes.
#[derive(Clone)]
pub struct Seed {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

pub fn fixtures(root: &Path) -> PathBuf {
    root.join("fixtures")
}

/// The real inputs a target starts from. `results` has none on disk: they are generated by
/// [`results_seeds`].
pub fn seeds(root: &Path, target: &str) -> Vec<Seed> {
    let fx = fixtures(root);
    let (dir, keep): (PathBuf, fn(&str) -> bool) = match target {
        "snapshot" => (fx.join("snapshots"), |n| n.ends_with(".json")),
        "config" => (fx.clone(), |n| n.ends_with(".toml")),
        "aws_export" => (fx.join("exports/aws"), |n| {
            n.ends_with(".json") || n.ends_with(".csv")
        }),
        "azure_export" => (fx.join("exports/azure"), |n| n.ends_with(".json")),
        "gcp_export" => (fx.join("exports/gcp"), |n| n.ends_with(".json")),
        "directory" => (fx.join("exports/directory"), |n| {
            n.ends_with(".ldif") || n.ends_with(".csv")
        }),
        _ => return Vec::new(),
    };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files
        .into_iter()
        .filter(|p| keep(&p.to_string_lossy()))
        .map(|p| Seed {
            name: p.strip_prefix(&fx).unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&p).unwrap(),
        })
        .collect()
}

/// Results documents (`assess --format json`) of the fixture snapshots, made in-process the way
/// `assess` makes them.
pub fn results_seeds(root: &Path) -> Vec<Seed> {
    use idgauge::config::Config;
    let rules = idgauge::engine::RuleSet::load(&[]).expect("built-in rules");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut out = Vec::new();
    for name in ["aws/level2.json", "aws/level4.json", "azure/hybrid.json"] {
        let path = fixtures(root).join("snapshots").join(name);
        let snap = idgauge::model::load_snapshot(&path).expect("fixture snapshot");
        let mut snapshots = vec![snap];
        idgauge::providers::credit(&mut snapshots);
        let results = idgauge::engine::evaluate(
            &snapshots,
            &rules,
            &idgauge::engine::EvalOptions {
                config: &Config::default(),
                today,
                jobs: 1,
            },
        )
        .expect("evaluation");
        let verdict = idgauge::verdict::decide(&snapshots, &rules, &results);
        let a = idgauge::results::Assessment::new(
            &[path.display().to_string()],
            &snapshots,
            &rules,
            results,
            verdict,
            today,
        );
        out.push(Seed {
            name: format!("results/{}", name.replace('/', "-")),
            bytes: idgauge::report::json::render(&a).into_bytes(),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running one input

/// Where inputs are written: a private directory with copies of the fixture folders.
pub struct Scratch {
    dir: PathBuf,
    copies: BTreeMap<String, PathBuf>,
    /// A real results document, the other side of `diff`.
    pub baseline: Option<idgauge::results::Assessment>,
    /// The directory fixture's config and cloud snapshot, read once.
    directory: Option<(idgauge::config::Config, idgauge::model::Snapshot)>,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("idgauge-fuzz-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("single")).unwrap();
        Scratch {
            dir,
            copies: BTreeMap::new(),
            baseline: None,
            directory: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The `[directory]` map and the cloud principals the directory fixtures are joined with.
    fn directory_context(
        &mut self,
        root: &Path,
    ) -> &(idgauge::config::Config, idgauge::model::Snapshot) {
        self.directory.get_or_insert_with(|| {
            let dir = fixtures(root).join("snapshots/directory");
            let cfg = idgauge::config::Config::load(&dir.join("idgauge.toml")).expect("fixture");
            let snap = idgauge::model::load_snapshot(&dir.join("clouds.json")).expect("fixture");
            (cfg, snap)
        })
    }

    /// A private copy of fixture folder `rel` (under `fixtures/`), made once.
    fn copy_of(&mut self, root: &Path, rel: &str) -> Option<PathBuf> {
        if let Some(p) = self.copies.get(rel) {
            return Some(p.clone());
        }
        let src = fixtures(root).join(rel);
        if !src.is_dir() {
            return None;
        }
        let dst = self.dir.join("dirs").join(rel);
        std::fs::create_dir_all(&dst).unwrap();
        for e in std::fs::read_dir(&src).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
            }
        }
        self.copies.insert(rel.to_string(), dst.clone());
        Some(dst)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What one input did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Loads that succeeded and failed with an error (both are fine; a panic is not).
    pub ok: usize,
    pub errors: usize,
    /// Peak live bytes and the bytes read, for the memory bound.
    pub peak: usize,
    pub read: usize,
}

/// A finding: a panic, or memory beyond the bound.
#[derive(Debug)]
pub struct Finding(pub String);

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file name safe to write: the last component of `name`, restricted to `[A-Za-z0-9._@-]`.
pub fn file_part(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or("");
    let s: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._@-".contains(*c))
        .take(120)
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("input{s}.json")
    } else {
        s
    }
}

/// The fixture folder of `name` (`exports/aws/federated/gaad.json` → `exports/aws/federated`);
/// only plain relative paths (a libFuzzer-mutated name must not point elsewhere).
pub fn folder_part(name: &str) -> Option<&str> {
    let (d, _) = name.rsplit_once('/')?;
    let plain = d
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c));
    (plain && !d.contains("//")).then_some(d)
}

/// The libFuzzer input format (also how findings are saved): the fixture name, a newline, the
/// content. The name says which file the content stands for (`.csv`, a trail-status file) and
/// which fixture folder it belongs in.
pub fn join_input(name: &str, content: &[u8]) -> Vec<u8> {
    let mut v = name.as_bytes().to_vec();
    v.push(b'\n');
    v.extend_from_slice(content);
    v
}

/// The inverse of [`join_input`]; input without a name line is a JSON file of no folder.
pub fn split_input(data: &[u8]) -> (String, &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(i) if i <= 200 => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        _ => ("input.json".to_string(), data),
    }
}

/// Feeds `bytes` (a mutation of fixture `name`) to `target`. With `catch`, a panic is returned
/// as a finding (the stable pass); without, it propagates (libFuzzer records it as a crash).
pub fn run(
    root: &Path,
    scratch: &mut Scratch,
    target: &str,
    name: &str,
    bytes: &[u8],
    catch: bool,
) -> Result<Outcome, Finding> {
    let mut outcome = Outcome::default();
    let file = file_part(name);
    // Each load is measured on its own against the bytes it read.
    let mut check = |what: &str, read: usize, f: &mut dyn FnMut() -> bool| -> Result<(), Finding> {
        let (res, peak) = if catch {
            let (r, peak) =
                measured(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(&mut *f)));
            match r {
                Ok(ok) => (ok, peak),
                Err(p) => {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    return Err(Finding(format!("{target} {what}: panic: {msg}")));
                }
            }
        } else {
            measured(&mut *f)
        };
        if res {
            outcome.ok += 1;
        } else {
            outcome.errors += 1;
        }
        outcome.peak = outcome.peak.max(peak);
        outcome.read += read;
        let bound = MEM_BASE + MEM_FACTOR * read;
        if peak > bound {
            let msg = format!(
                "{target} {what}: {peak} bytes live at peak for {read} bytes of input (bound {bound})"
            );
            if !catch {
                panic!("{msg}");
            }
            return Err(Finding(msg));
        }
        Ok(())
    };
    match target {
        "snapshot" => {
            let p = scratch.path().join("single").join(&file);
            std::fs::write(&p, bytes).unwrap();
            check("load", bytes.len(), &mut || load(std::slice::from_ref(&p)))?;
            let _ = std::fs::remove_file(&p);
        }
        "config" => {
            let p = scratch.path().join("single").join("idgauge.toml");
            std::fs::write(&p, bytes).unwrap();
            check("load", bytes.len(), &mut || {
                match idgauge::config::Config::load(&p) {
                    Ok(c) => {
                        // The accessors the rules and credit read it through.
                        let _ = c.generic_names();
                        let _ = c.known_account_ids();
                        let _ = c.is_break_glass("aws:account:123456789012", "breakglass", "x");
                        let _ = serde_json::to_string(&c);
                        true
                    }
                    Err(e) => {
                        let _ = e.to_string();
                        false
                    }
                }
            })?;
        }
        "results" => {
            let p = scratch.path().join("single").join("results.json");
            std::fs::write(&p, bytes).unwrap();
            let base = scratch.baseline.take();
            check("load+diff", bytes.len(), &mut || {
                use idgauge::baseline::{self, Trigger};
                match baseline::load(&p) {
                    Ok(a) => {
                        let all = [Trigger::LevelDrop, Trigger::NewFail, Trigger::NewUnknown];
                        let d = baseline::diff("a", &a, "a", &a);
                        let _ = (d.triggered(&all), d.to_json());
                        if let Some(b) = &base {
                            for d in [
                                baseline::diff("old", b, "new", &a),
                                baseline::diff("old", &a, "new", b),
                            ] {
                                let _ = (d.triggered(&all), d.to_json(), d.level_dropped());
                            }
                        }
                        true
                    }
                    Err(e) => {
                        let _ = e.to_string();
                        false
                    }
                }
            })?;
            scratch.baseline = base;
        }
        "aws_export" | "azure_export" | "gcp_export" => {
            // The file alone, as `assess FILE` reads it.
            let p = scratch.path().join("single").join(&file);
            std::fs::write(&p, bytes).unwrap();
            check("file", bytes.len(), &mut || load(std::slice::from_ref(&p)))?;
            let _ = std::fs::remove_file(&p);
            // In its folder, in place of the original, as `assess DIR` reads it.
            let rel = folder_part(name).filter(|d| d.starts_with("exports/"));
            let folder = rel.and_then(|rel| scratch.copy_of(root, rel));
            // (A mutated name may be a subfolder's: `exports/aws/org` holds `org/`.)
            if let Some(dir) = folder.filter(|d| !d.join(&file).is_dir()) {
                let p = dir.join(&file);
                let original = std::fs::read(&p).ok();
                std::fs::write(&p, bytes).unwrap();
                let read = std::fs::read_dir(&dir)
                    .unwrap()
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .map(|m| m.len() as usize)
                    .sum();
                let res = check("folder", read, &mut || load(std::slice::from_ref(&dir)));
                match original {
                    Some(o) => std::fs::write(&p, o).unwrap(),
                    None => std::fs::remove_file(&p).unwrap(),
                }
                res?;
            }
        }
        "directory" => {
            // As `assess --directory FILE` reads it: the file, then the join with the clouds.
            let p = scratch.path().join("single").join(&file);
            std::fs::write(&p, bytes).unwrap();
            let ctx = scratch.directory_context(root);
            check("import+reconcile", bytes.len(), &mut || {
                let (cfg, clouds) = ctx;
                let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z")
                    .unwrap()
                    .with_timezone(&chrono::Utc);
                match idgauge::providers::directory::import_file(&p, &cfg.directory, now) {
                    Ok(repo) => {
                        let mut snaps = vec![clouds.clone()];
                        idgauge::reconcile::reconcile(&mut snaps, Some(&repo), cfg);
                        let map = idgauge::reconcile::identity_map(&snaps, Some(&repo), cfg);
                        let _ = serde_json::to_string(&map);
                        true
                    }
                    Err(e) => {
                        let _ = e.to_string();
                        false
                    }
                }
            })?;
            let _ = std::fs::remove_file(&p);
        }
        other => panic!("unknown fuzz target {other}"),
    }
    Ok(outcome)
}

/// `assess`'s loading: recognition, snapshot or import, then what organizations credit.
fn load(paths: &[PathBuf]) -> bool {
    match idgauge::cli::inputs::load(paths) {
        Ok(loaded) => {
            let mut snaps: Vec<_> = loaded.into_iter().map(|(_, s)| s).collect();
            idgauge::providers::credit(&mut snaps);
            true
        }
        Err(e) => {
            let _ = idgauge::cli::error_text(&e);
            false
        }
    }
}
