//! Expanding `assess` paths into snapshots.
//!
//! - A file is read as a snapshot — or, when its content is an AWS CLI export (not a snapshot),
//!   imported as one account on its own.
//! - A directory holds either idgauge snapshots (files with `schema_version`: every `*.json` is
//!   read, sorted, not recursive) or the AWS CLI exports of one account (`*.json` and `*.csv`,
//!   imported together as one snapshot). Mixing the two in one directory is an error.
//!
//! An empty directory, or one without such files, is an error — never an empty, "clean" result.

use crate::model::{load_snapshot, Snapshot};
use crate::providers::aws::{self, Sniff};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn load(paths: &[PathBuf]) -> Result<Vec<(String, Snapshot)>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{}: cannot read", p.display()))?;
        if meta.is_dir() {
            load_dir(p, &mut out)?;
        } else if sniff_file(p)? == Sniff::Export {
            let label = p.display().to_string();
            out.push((
                label.clone(),
                aws::import_files(std::slice::from_ref(p), &label)?,
            ));
        } else {
            out.push((p.display().to_string(), load_snapshot(p)?));
        }
    }
    Ok(out)
}

fn sniff_file(path: &Path) -> Result<Sniff> {
    // Fast path: idgauge writes `schema_version` as the first key, so a snapshot is recognised
    // from its first few KiB instead of reading and scanning a file of tens of MiB twice. A
    // false positive cannot slip through: the snapshot loader then validates the whole file.
    if let Ok(mut f) = std::fs::File::open(path) {
        use std::io::Read;
        let mut head = vec![0u8; 4096];
        let n = f.read(&mut head).unwrap_or(0);
        if head[..n].windows(16).any(|w| w == b"\"schema_version\"") {
            return Ok(Sniff::Snapshot);
        }
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable or not UTF-8: the snapshot reader says why.
        return Ok(Sniff::Unknown);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(aws::sniff(&name, &text))
}

fn load_dir(dir: &Path, out: &mut Vec<(String, Snapshot)>) -> Result<()> {
    let files = aws::export::export_files(dir)?;
    if files.is_empty() {
        bail!(
            "{}: directory holds no .json snapshot files (nor AWS CLI exports)",
            dir.display()
        );
    }
    let mut snapshots = Vec::new();
    let mut exports = Vec::new();
    for f in &files {
        match sniff_file(f)? {
            Sniff::Snapshot => snapshots.push(f),
            Sniff::Export => exports.push(f),
            Sniff::Unknown => {}
        }
    }
    let name = |f: &PathBuf| {
        f.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match (snapshots.first(), exports.first()) {
        (Some(s), Some(e)) => bail!(
            "{}: mixes idgauge snapshots ({}) and AWS CLI exports ({}); put each in its own directory",
            dir.display(),
            name(s),
            name(e)
        ),
        (None, Some(_)) => {
            // Every file is part of the import, so unrecognised ones are reported, not skipped.
            let label = dir.display().to_string();
            out.push((label.clone(), aws::import_files(&files, &label)?));
        }
        _ => {
            let json: Vec<&PathBuf> = files
                .iter()
                .filter(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                .collect();
            if json.is_empty() {
                bail!("{}: directory holds no .json snapshot files", dir.display());
            }
            for f in json {
                out.push((f.display().to_string(), load_snapshot(f)?));
            }
        }
    }
    Ok(())
}
