//! Reading snapshot files with errors a person can act on: file, line and column, and the JSON
//! path of the offending field.
//!
//! A section (`{"status": "collected", ...}`) is an internally tagged enum, which serde buffers
//! before it can tell the variant: an error inside one would otherwise be reported at the
//! section's closing brace, with the section's path and without the field's name. Only when a
//! document fails, the failing section is read again on its own, untagged, from its place in
//! the text, to report the field's own path and position.

use super::{Snapshot, Unavailable, SCHEMA_VERSION};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
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
    #[error("{path}: not an idgauge snapshot (no `schema_version` field) nor a recognised AWS CLI export")]
    NotASnapshot { path: PathBuf },
    #[error("{path}: not a snapshot or a recognised export: not UTF-8 text (invalid byte at offset {offset})")]
    NotText { path: PathBuf, offset: usize },
}

/// Reads and validates one snapshot file.
pub fn load_snapshot(path: &Path) -> Result<Snapshot, LoadError> {
    // Whole-file read then parse: streaming from a reader saved ~12 MB of peak memory on a 25 MB
    // snapshot but nearly doubled parse time (measured), so the simple path stays.
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotText {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    parse_snapshot(&text, path)
}

/// Reads a snapshot file one scope at a time, for assessments whose memory should follow the
/// largest scope rather than the whole file (an organization of a thousand accounts).
///
/// A byte scanner (it knows strings, escapes and nesting, nothing else) finds each element of the
/// top-level `scopes` array; `each` gets it parsed (key ids masked, as [`load_snapshot`] masks
/// them) and drops it before the next one is read. Returns the envelope: every other field, with
/// `scopes` empty, its version checked. Anything the scanner does not expect, and any parse
/// error, is [`StreamError::Invalid`]: the caller then reads the file with [`load_snapshot`],
/// the reference reader, for its file-line-field error (or its result, should it accept what the
/// scanner did not). `each` returning `Err` stops the read with [`StreamError::Stopped`].
pub fn stream_scopes<E>(
    path: &Path,
    mut each: impl FnMut(super::Scope) -> Result<(), E>,
) -> Result<Snapshot, StreamError<E>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|_| StreamError::Invalid)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut scanner = Scanner::default();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(StreamError::Invalid),
        };
        for &b in &buf[..n] {
            if let Some(scope) = scanner.push(b).map_err(|()| StreamError::Invalid)? {
                let mut scope: super::Scope =
                    serde_json::from_slice(&scope).map_err(|_| StreamError::Invalid)?;
                scope.mask_key_ids();
                each(scope).map_err(StreamError::Stopped)?;
            }
        }
    }
    if !scanner.done() {
        return Err(StreamError::Invalid);
    }
    let snap: Snapshot =
        serde_json::from_slice(&scanner.envelope).map_err(|_| StreamError::Invalid)?;
    if check_version(&snap.schema_version, path).is_err() || !snap.scopes.is_empty() {
        return Err(StreamError::Invalid);
    }
    Ok(snap)
}

/// Why [`stream_scopes`] stopped.
#[derive(Debug)]
pub enum StreamError<E> {
    /// Not a snapshot the scanner could split: read it with [`load_snapshot`] instead.
    Invalid,
    /// The callback's error.
    Stopped(E),
}

/// Splits a snapshot's bytes into the envelope (`scopes` emptied) and each scope's text.
#[derive(Default)]
struct Scanner {
    envelope: Vec<u8>,
    /// The scope being read.
    scope: Vec<u8>,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// The last top-level string, as far as it could be `scopes` (a key, when a colon follows).
    key: Vec<u8>,
    state: ScanState,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum ScanState {
    #[default]
    Envelope,
    /// After the key `"scopes"`: its colon, then its array.
    ScopesKey,
    ScopesColon,
    /// In the array, before an element (`first`: none yet) or after one.
    BeforeElement {
        first: bool,
    },
    AfterElement,
    /// Inside an element, which started at array depth + 1.
    Element,
    /// The array has been read; the rest is envelope.
    After,
}

impl Scanner {
    /// Feeds one byte; returns a whole scope's text when `b` ends one.
    fn push(&mut self, b: u8) -> Result<Option<Vec<u8>>, ()> {
        use ScanState::*;
        if self.state == Element {
            self.scope.push(b);
            if self.string_byte(b) {
                return Ok(None);
            }
            match b {
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    // The array sits at depth 2 (object, array): the element closed.
                    if self.depth == 2 {
                        self.state = AfterElement;
                        return Ok(Some(std::mem::take(&mut self.scope)));
                    }
                }
                _ => {}
            }
            return Ok(None);
        }
        if matches!(self.state, BeforeElement { .. } | AfterElement) {
            if b.is_ascii_whitespace() {
                return Ok(None);
            }
            return match (self.state, b) {
                (BeforeElement { .. }, b'{' | b'[') => {
                    self.state = Element;
                    self.depth += 1;
                    self.scope.push(b);
                    Ok(None)
                }
                (BeforeElement { first: true }, b']') | (AfterElement, b']') => {
                    self.depth -= 1;
                    self.state = After;
                    self.envelope.extend_from_slice(b"[]");
                    Ok(None)
                }
                (AfterElement, b',') => {
                    self.state = BeforeElement { first: false };
                    Ok(None)
                }
                // A scalar element, a missing or trailing comma: not a snapshot.
                _ => Err(()),
            };
        }
        // Envelope bytes.
        let inside = self.string_byte(b);
        if self.state == ScopesColon && !b.is_ascii_whitespace() {
            if b == b'[' && self.depth == 1 {
                self.depth += 1;
                self.state = BeforeElement { first: true };
                return Ok(None);
            }
            self.state = Envelope;
        }
        self.envelope.push(b);
        if inside {
            if !self.in_string {
                // `b` closed a string: `"scopes"` at the top level, a colon next, is the key.
                if self.depth == 1 && self.state == Envelope && self.key == b"scopes" {
                    self.state = ScopesKey;
                }
            } else if self.depth == 1 && self.state == Envelope {
                if self.key.len() <= 6 {
                    self.key.push(b);
                } else {
                    self.key.clear();
                    self.key.extend_from_slice(b"-------");
                }
            }
            return Ok(None);
        }
        if self.state == ScopesKey && !b.is_ascii_whitespace() && b != b':' {
            self.state = Envelope;
        }
        match b {
            b'"' => self.key.clear(),
            b':' if self.state == ScopesKey => self.state = ScopesColon,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.checked_sub(1).ok_or(())?,
            _ => {}
        }
        Ok(None)
    }

    /// Tracks strings; whether `b` is inside one (its closing quote included).
    fn string_byte(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return true;
        }
        if b == b'"' {
            self.in_string = true;
        }
        false
    }

    fn done(&self) -> bool {
        !self.in_string && self.depth == 0 && matches!(self.state, ScanState::After)
    }
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
                Category::Data => {
                    let field = err.path().to_string();
                    let (line, column, field, message) =
                        in_section(text, &field).unwrap_or_else(|| {
                            (inner.line(), inner.column(), field, inner.to_string())
                        });
                    LoadError::Shape {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message: plain_number_message(
                            text,
                            line,
                            column,
                            &strip_position(&message),
                        ),
                        field,
                    }
                }
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

/// For an error whose path is a whole section (`scopes[0].sections.principals`): the section
/// read again without the buffering of its tag, giving (line, column, path, message) of the
/// field itself. `None` when the path is not a section or the re-read finds nothing better.
fn in_section(text: &str, field: &str) -> Option<(usize, usize, String, String)> {
    let rest = field.strip_prefix("scopes[")?;
    let (index, rest) = rest.split_once("].sections.")?;
    let index: usize = index.parse().ok()?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return None;
    }

    #[derive(Deserialize)]
    struct Doc<'a> {
        #[serde(borrow)]
        scopes: Vec<ScopeText<'a>>,
    }
    #[derive(Deserialize)]
    struct ScopeText<'a> {
        #[serde(borrow)]
        sections: BTreeMap<String, &'a RawValue>,
    }
    // Only the document's structure up to the failing section must be sound for this, and it
    // is: the strict parse got that far.
    let doc: Doc = serde_json::from_str(text).ok()?;
    let raw = doc.scopes.get(index)?.sections.get(rest)?.get();
    let offset = (raw.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let (rel, message) = section_error(rest, raw)?;
    // Positions inside the section text → positions in the file.
    let (line, column) = position(text, offset + byte_offset(raw, rel.0, rel.1));
    Some((line, column, format!("{field}.{}", rel.2), message))
}

/// The first error of `raw` read as the named section, untagged: ((line, column) in `raw`,
/// path inside the section, message).
#[allow(clippy::type_complexity)]
fn section_error(name: &str, raw: &str) -> Option<((usize, usize, String), String)> {
    use super::*;
    match name {
        "principals" => untagged::<Vec<Principal>>(raw),
        "groups" => untagged::<Vec<Group>>(raw),
        "roles" => untagged::<Vec<Role>>(raw),
        "root" => untagged::<RootAccount>(raw),
        "password_policy" => untagged::<PasswordPolicy>(raw),
        "identity_providers" => untagged::<Vec<IdentityProvider>>(raw),
        "sso" => untagged::<Vec<SsoInstance>>(raw),
        "directory_users" => untagged::<Vec<DirectoryUser>>(raw),
        "provisioning" => untagged::<Vec<ProvisioningJob>>(raw),
        "audit_logs" => untagged::<Vec<AuditLog>>(raw),
        "alerting" => untagged::<Vec<AlertRule>>(raw),
        "threat_detection" => untagged::<Vec<ThreatDetector>>(raw),
        "guardrails" => untagged::<Guardrails>(raw),
        "access_analysis" => untagged::<Vec<AccessAnalyzer>>(raw),
        "auth_policies" => untagged::<Vec<AuthPolicy>>(raw),
        "privileged_access" => untagged::<Vec<PrivilegedAssignment>>(raw),
        "external_collaboration" => untagged::<ExternalCollaboration>(raw),
        "organization" => untagged::<Organization>(raw),
        _ => None,
    }
}

/// The two shapes of [`Section`], as plain structs (what the tagged enum means field by field).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only for their errors
struct CollectedShape<T> {
    status: String,
    source: String,
    collected_at: DateTime<Utc>,
    data: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only for their errors
struct UnavailableShape {
    status: String,
    source: String,
    reason: Unavailable,
}

#[allow(clippy::type_complexity)]
fn untagged<T: DeserializeOwned>(raw: &str) -> Option<((usize, usize, String), String)> {
    #[derive(Deserialize)]
    struct Tag {
        status: Option<String>,
    }
    fn first_error<S: DeserializeOwned>(raw: &str) -> Option<((usize, usize, String), String)> {
        let mut de = serde_json::Deserializer::from_str(raw);
        let err = serde_path_to_error::deserialize::<_, S>(&mut de).err()?;
        let inner = err.inner();
        Some((
            (inner.line(), inner.column(), err.path().to_string()),
            inner.to_string(),
        ))
    }
    // The variant the tag names; without a (known) tag the enum's own error already says so.
    let tag: Tag = serde_json::from_str(raw).ok()?;
    let found = match tag.status.as_deref()? {
        "collected" => first_error::<CollectedShape<T>>(raw),
        "unavailable" => first_error::<UnavailableShape>(raw),
        _ => None,
    };
    found
}

/// Byte offset in `text` of serde_json's (1-based line, column); column 0 is the line's start.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start
        + column
            .saturating_sub(1)
            .min(text.len() - start.min(text.len())))
    .min(text.len())
}

/// serde_json's (line, column) of a byte offset: 1-based line, column the 1-based byte index in
/// the line (what serde_json itself reports).
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// serde_json reads an integer beyond 64 bits as a float, so a too-large count is reported as
/// "invalid type: floating point `1e20`"; when the text at the error is an integer literal, say
/// that instead.
fn plain_number_message(text: &str, line: usize, column: usize, message: &str) -> String {
    if !message.starts_with("invalid type: floating point") {
        return message.to_string();
    }
    let end = byte_offset(text, line, column + 1);
    let start = text[..end]
        .rfind(|c: char| !(c.is_ascii_digit() || c == '-'))
        .map_or(0, |i| i + 1);
    let literal = &text[start..end];
    let expected = message
        .rsplit_once(", expected ")
        .map_or("", |(_, e)| e)
        .to_string();
    if literal.trim_start_matches('-').len() >= 19
        && literal
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        format!("integer {literal} is out of range (expected {expected})")
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> String {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/snapshots/aws/level2.json"
        );
        std::fs::read_to_string(p).unwrap()
    }

    fn shape_error(text: &str) -> (usize, usize, String, String) {
        match parse_snapshot(text, Path::new("s.json")).unwrap_err() {
            LoadError::Shape {
                line,
                column,
                field,
                message,
                ..
            } => (line, column, field, message),
            e => panic!("{e}"),
        }
    }

    /// Streams `text` (as a file) and returns the envelope with the streamed scopes put back.
    fn streamed(text: &str) -> Result<Snapshot, StreamError<()>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, text).unwrap();
        let mut scopes = Vec::new();
        let mut snap = stream_scopes(&path, |s| -> Result<(), ()> {
            scopes.push(s);
            Ok(())
        })?;
        snap.scopes = scopes;
        Ok(snap)
    }

    /// Scope by scope, the same snapshot as the whole-file reader: pretty and compact, with
    /// strings that hold brackets, quotes and the word `scopes`, keys in any order.
    #[test]
    fn streaming_reads_the_same_snapshot_as_the_whole_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/snapshots");
        let mut files = Vec::new();
        for provider in std::fs::read_dir(dir).unwrap() {
            for f in std::fs::read_dir(provider.unwrap().path()).unwrap() {
                files.push(f.unwrap().path());
            }
        }
        assert!(files.len() > 5);
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|x| x == "json"))
        {
            let text = std::fs::read_to_string(f).unwrap();
            let Ok(whole) = parse_snapshot(&text, f) else {
                continue;
            };
            assert_eq!(
                streamed(&text).ok().as_ref(),
                Some(&whole),
                "{}",
                f.display()
            );
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let compact = serde_json::to_string(&v).unwrap();
            assert_eq!(
                streamed(&compact).ok().as_ref(),
                Some(&whole),
                "{}",
                f.display()
            );
            // `scopes` first, odd strings in names.
            if let Some(first) = v["scopes"].get_mut(0) {
                first["name"] = serde_json::json!("a \"scopes\": [ { ] } \\ name");
            }
            let whole = parse_snapshot(&v.to_string(), f).unwrap();
            let scopes = v["scopes"].take();
            let mut reordered = serde_json::Map::new();
            reordered.insert("scopes".into(), scopes);
            reordered.extend(
                v.as_object()
                    .unwrap()
                    .clone()
                    .into_iter()
                    .filter(|(k, _)| k != "scopes"),
            );
            let text = serde_json::Value::Object(reordered).to_string();
            assert_eq!(
                streamed(&text).ok().as_ref(),
                Some(&whole),
                "{}",
                f.display()
            );
        }
    }

    /// What the whole-file reader rejects, the scanner does not accept (the caller then reads
    /// the file whole for its error).
    #[test]
    fn streaming_refuses_what_is_not_a_snapshot() {
        let text = fixture();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let compact = serde_json::to_string(&v).unwrap();
        let scope = serde_json::to_string(&v["scopes"][0]).unwrap();
        let bad = [
            String::new(),
            "{}".to_string(),
            compact.replacen("\"scopes\":[", "\"scopes\":[1,", 1),
            compact.replacen(&scope, &format!("{scope} {scope}"), 1),
            compact.replacen(&scope, &format!("{scope},"), 1),
            compact.replacen(&scope, &format!("{scope},,{scope}"), 1),
            compact.replacen("\"scopes\":[", "\"scopes\":[[],", 1),
            format!("{compact} x"),
            compact[..compact.len() - 1].to_string(),
            compact.replacen("\"scopes\":", "\"scopes\":[],\"scopes\":", 1),
            {
                let mut v = v.clone();
                v["schema_version"] = serde_json::json!("9.0");
                v.to_string()
            },
        ];
        for b in bad {
            assert!(parse_snapshot(&b, Path::new("s.json")).is_err(), "{b}");
            assert!(
                matches!(streamed(&b), Err(StreamError::Invalid)),
                "{}",
                &b[..b.len().min(200)]
            );
        }
    }

    #[test]
    fn the_untagged_shapes_accept_every_valid_section() {
        // A shape stricter than Section<T> would blame a valid section.
        let text = fixture();
        for name in super::super::SECTION_NAMES {
            assert!(
                in_section(&text, &format!("scopes[0].sections.{name}")).is_none(),
                "{name}"
            );
        }
    }

    #[test]
    fn an_unknown_status_keeps_the_enums_own_error() {
        let text = fixture().replacen("\"status\": \"collected\"", "\"status\": \"collectd\"", 1);
        let (_, _, field, message) = shape_error(&text);
        assert!(field.starts_with("scopes[0].sections."), "{field}");
        assert!(message.contains("unknown variant `collectd`"), "{message}");
    }

    #[test]
    fn positions_map_between_section_and_file() {
        let text = "ab\ncd\nef";
        assert_eq!(position(text, byte_offset(text, 2, 2)), (2, 2));
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(byte_offset(text, 3, 1), 6);
    }
}
