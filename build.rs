//! Build script: records what `idgauge --version` (and the results document) report about the
//! build — the git commit when built from a checkout, and a SHA-256 digest of the built-in rule
//! catalogue under rules/ — as `IDGAUGE_GIT_COMMIT` and `IDGAUGE_RULES_DIGEST` (read by
//! src/build_info.rs).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-env-changed=IDGAUGE_GIT_COMMIT");
    println!(
        "cargo:rustc-env=IDGAUGE_RULES_DIGEST={}",
        rules_digest(&root)
    );
    // A release tarball has no .git: its builder may name the commit; otherwise it is omitted.
    let commit = std::env::var("IDGAUGE_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git_commit(&root));
    if let Some(c) = commit {
        println!("cargo:rustc-env=IDGAUGE_GIT_COMMIT={c}");
    }
}

/// The digest src/build_info.rs documents: SHA-256 over every `.rego` file under rules/, sorted
/// by path, each as `<path>\n<length in bytes>\n<content>` with the path relative to the
/// repository (`rules/aws/idg_aws_001.rego`, `/`-separated).
fn rules_digest(root: &Path) -> String {
    let mut files = Vec::new();
    walk(&root.join("rules"), &mut files);
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).expect("under the root");
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (name.join("/"), p)
        })
        .collect();
    named.sort();
    let mut h = Sha256::new();
    for (name, path) in &named {
        let content = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        h.update(format!("{name}\n{}\n", content.len()).as_bytes());
        h.update(&content);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable rules/ entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
}

/// `git rev-parse HEAD` of the checkout, when there is one and git is installed.
fn git_commit(root: &Path) -> Option<String> {
    if !root.join(".git").exists() {
        return None;
    }
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    // Rebuild when HEAD moves: HEAD itself (a checkout), the branch ref (a commit) and
    // packed-refs; in a worktree HEAD is per worktree and the refs are in the common dir.
    for (args, file) in [
        (&["rev-parse", "--git-path", "HEAD"][..], None),
        (&["rev-parse", "--git-common-dir"][..], Some("packed-refs")),
    ] {
        if let Some(p) = git(args) {
            let p = root.join(p);
            let p = match file {
                Some(f) => p.join(f),
                None => p,
            };
            rerun_if_changed(&p);
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(&["rev-parse", "--git-path", &branch]) {
            rerun_if_changed(&root.join(p));
        }
    }
    Some(commit)
}

/// Cargo re-runs a build script on every build when a watched file does not exist (a branch ref
/// that is only in packed-refs, no packed-refs yet), so only existing files are watched.
fn rerun_if_changed(p: &Path) {
    if p.exists() {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}
