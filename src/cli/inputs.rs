//! Expanding `assess` paths into snapshots, through the provider registry
//! ([`crate::providers::recognise`]).
//!
//! - A file is read as a snapshot — or, when a provider recognises its content as one of its
//!   native exports, imported as one snapshot on its own.
//! - A directory (`*.json` and the importers' own extensions, sorted, not recursive) may mix
//!   idgauge snapshots (each read on its own) and native exports of several providers (each
//!   provider's files imported together as one snapshot). When it holds exports, a file nobody
//!   recognises is reported, not skipped; without exports every `*.json` is read as a snapshot.
//!
//! An empty directory, or one without such files, is an error — never an empty, "clean" result.

use crate::model::{load_snapshot, Snapshot};
use crate::providers::{self, Importer, Recognised};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn load(paths: &[PathBuf]) -> Result<Vec<(String, Snapshot)>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{}: cannot read", p.display()))?;
        if meta.is_dir() {
            load_dir(p, &mut out)?;
        } else if let Recognised::Export(importer) = recognise_file(p)? {
            let label = p.display().to_string();
            out.push((
                label.clone(),
                importer.import(std::slice::from_ref(p), &label)?,
            ));
        } else {
            out.push((p.display().to_string(), load_snapshot(p)?));
        }
    }
    Ok(out)
}

/// The paths, when every one is a file to be read as a snapshot (not a directory, not a native
/// export): such inputs can be assessed a scope at a time (`cli::stream`).
pub fn snapshot_files(paths: &[PathBuf]) -> Result<Option<Vec<PathBuf>>> {
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{}: cannot read", p.display()))?;
        if meta.is_dir() || matches!(recognise_file(p)?, Recognised::Export(_)) {
            return Ok(None);
        }
    }
    Ok(Some(paths.to_vec()))
}

fn recognise_file(path: &Path) -> Result<Recognised> {
    // Fast path: idgauge writes `schema_version` as the first key, so a snapshot is recognised
    // from its first few KiB instead of reading and scanning a file of tens of MiB twice. A
    // false positive cannot slip through: the snapshot loader then validates the whole file.
    if let Ok(mut f) = std::fs::File::open(path) {
        use std::io::Read;
        let mut head = vec![0u8; 4096];
        let n = f.read(&mut head).unwrap_or(0);
        if head[..n].windows(16).any(|w| w == b"\"schema_version\"") {
            return Ok(Recognised::Snapshot);
        }
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable or not UTF-8: the snapshot reader says why.
        return Ok(Recognised::Unknown);
    };
    Ok(providers::recognise(&file_name(path), &text)?)
}

fn file_name(f: &Path) -> String {
    f.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_dir(dir: &Path, out: &mut Vec<(String, Snapshot)>) -> Result<()> {
    let files = providers::candidate_files(dir)
        .with_context(|| format!("{}: cannot read", dir.display()))?;
    if files.is_empty() {
        let names: Vec<&str> = providers::IMPORTERS
            .iter()
            .map(|i| i.exports_name())
            .collect();
        bail!(
            "{}: directory holds no .json snapshot files (nor {})",
            dir.display(),
            names.join(", ")
        );
    }
    let mut snapshots = Vec::new();
    let mut unknown = Vec::new();
    // Per provider, in registry order: its importer and its files.
    let mut exports: Vec<(&'static dyn Importer, Vec<PathBuf>)> = Vec::new();
    for f in &files {
        match recognise_file(f)? {
            Recognised::Snapshot => snapshots.push(f.clone()),
            Recognised::Export(imp) => {
                match exports
                    .iter_mut()
                    .find(|(i, _)| i.provider() == imp.provider())
                {
                    Some((_, list)) => list.push(f.clone()),
                    None => exports.push((imp, vec![f.clone()])),
                }
            }
            Recognised::Unknown => unknown.push(f.clone()),
        }
    }
    if exports.is_empty() {
        let json: Vec<&PathBuf> = files
            .iter()
            .filter(|f| {
                f.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            })
            .collect();
        if json.is_empty() {
            bail!("{}: directory holds no .json snapshot files", dir.display());
        }
        for f in json {
            out.push((f.display().to_string(), load_snapshot(f)?));
        }
        return Ok(());
    }
    for f in &snapshots {
        out.push((f.display().to_string(), load_snapshot(f)?));
    }
    exports.sort_by_key(|(i, _)| i.provider());
    let several = exports.len() > 1;
    if several {
        if let Some(f) = unknown.first() {
            bail!(
                "{}: not an idgauge snapshot nor a recognised export of any provider",
                f.display()
            );
        }
    }
    for (importer, mut list) in exports {
        // With one provider, its importer reports the unrecognised files, as it always has.
        list.append(&mut unknown);
        list.sort();
        let label = if several {
            format!("{} ({})", dir.display(), importer.provider().as_str())
        } else {
            dir.display().to_string()
        };
        let snap = importer.import(&list, &label)?;
        out.push((label, snap));
    }
    Ok(())
}
