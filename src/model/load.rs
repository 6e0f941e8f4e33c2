//! Reading snapshot files with errors a person can act on: file, line and column, and the JSON
//! path of the offending field.

use super::{Snapshot, SCHEMA_VERSION};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: file is empty")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}:{line}:{column}: at `{field}`: {message}")]
    Shape {
        path: PathBuf,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    #[error("{path}: unsupported schema_version {found:?}; this idgauge reads {supported} (same major version, minor up to {supported})")]
    Version {
        path: PathBuf,
        found: String,
        supported: &'static str,
    },
    #[error("{path}: not an idgauge snapshot (no `schema_version` field)")]
    NotASnapshot { path: PathBuf },
}

/// Reads and validates one snapshot file.
pub fn load_snapshot(path: &Path) -> Result<Snapshot, LoadError> {
    // Whole-file read then parse: streaming from a reader saved ~12 MB of peak memory on a 25 MB
    // snapshot but nearly doubled parse time (measured), so the simple path stays.
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_snapshot(&text, path)
}

/// Parses snapshot JSON; `path` only labels errors.
pub fn parse_snapshot(text: &str, path: &Path) -> Result<Snapshot, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    // Path tracking costs about a third of the parse time (measured), so only a document that
    // fails is read again with it, to say where and what.
    let mut snap = serde_json::from_str::<Snapshot>(text).map_err(|e| explain(text, path, e))?;
    snap.mask_key_ids();
    check_version(&snap.schema_version, path)?;
    Ok(snap)
}

/// The error for a document that did not parse as a snapshot (`first`, from the fast parse):
/// re-read with path tracking to name the field.
fn explain(text: &str, path: &Path, first: serde_json::Error) -> LoadError {
    let syntax = |e: &serde_json::Error| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: format!("invalid JSON: {}", strip_position(&e.to_string())),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Snapshot>(&mut de) {
        // The document itself parsed: what failed is trailing garbage after it.
        Ok(_) => match de.end() {
            Err(e) => syntax(&e),
            Ok(()) => syntax(&first),
        },
        Err(err) => {
            // A wrong or missing version explains a shape error better than the shape error does.
            let version = peek_version(text);
            if let Some(v) = &version {
                if let Err(e) = check_version(v, path) {
                    return e;
                }
            }
            let inner = err.inner();
            use serde_json::error::Category;
            match inner.classify() {
                Category::Syntax | Category::Eof | Category::Io => syntax(inner),
                Category::Data if version.is_none() => LoadError::NotASnapshot {
                    path: path.to_path_buf(),
                },
                Category::Data => LoadError::Shape {
                    path: path.to_path_buf(),
                    line: inner.line(),
                    column: inner.column(),
                    field: err.path().to_string(),
                    message: strip_position(&inner.to_string()),
                },
            }
        }
    }
}

fn check_version(found: &str, path: &Path) -> Result<(), LoadError> {
    let parse = |v: &str| -> Option<(u32, u32)> {
        let (a, b) = v.split_once('.')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    };
    let ours = parse(SCHEMA_VERSION).expect("SCHEMA_VERSION is MAJOR.MINOR");
    match parse(found) {
        Some((major, minor)) if major == ours.0 && minor <= ours.1 => Ok(()),
        _ => Err(LoadError::Version {
            path: path.to_path_buf(),
            found: found.to_string(),
            supported: SCHEMA_VERSION,
        }),
    }
}

/// The top-level `schema_version` string, if the text is a JSON object that has one.
fn peek_version(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Peek {
        schema_version: Option<serde_json::Value>,
    }
    let p: Peek = serde_json::from_str(text).ok()?;
    match p.schema_version? {
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// serde_json appends " at line L column C"; every loader already says where in its own prefix
/// (snapshots here, results documents in `baseline`, CLI exports in the AWS importer).
pub(crate) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
