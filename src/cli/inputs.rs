//! Expanding `assess` paths into snapshots: a file is read as a snapshot; a directory
//! contributes every `*.json` file in it (sorted, not recursive). An empty directory, or one
//! without JSON files, is an error — never an empty, "clean" result.

use crate::model::{load_snapshot, Snapshot};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn load(paths: &[PathBuf]) -> Result<Vec<(String, Snapshot)>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{}: cannot read", p.display()))?;
        if meta.is_dir() {
            let files = json_files(p)?;
            if files.is_empty() {
                bail!("{}: directory holds no .json snapshot files", p.display());
            }
            for f in files {
                out.push((f.display().to_string(), load_snapshot(&f)?));
            }
        } else {
            out.push((p.display().to_string(), load_snapshot(p)?));
        }
    }
    Ok(out)
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))? {
        let path = e
            .with_context(|| format!("{}: cannot list", dir.display()))?
            .path();
        if path.is_file() && path.extension().is_some_and(|x| x == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
