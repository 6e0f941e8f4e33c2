//! Providers: everything that knows a cloud, and nothing else does.
//!
//! This module owns turning a cloud's own data — live API responses or the native CLI exports
//! people already have — into the [`crate::model::Snapshot`] the rules read, and the plumbing
//! every provider shares:
//!
//! - [`section`]: inputs (present, missing, failed) and the section provenance builder, the one
//!   place where a missing input makes a section `unavailable`, never empty;
//! - [`errors`]: the neutral error classification each provider's classifier returns, used by
//!   its live collector and its importer alike;
//! - [`envelope`]: the snapshot envelope (generator, mode, collection time, sorted scopes);
//! - [`observer`]: the API-call observer and the call count behind `collection.api_calls`;
//! - the importer registry ([`IMPORTERS`], [`recognise`]): which provider's export a file is, by
//!   content; and [`resource_type`], a resource id's type name for reports.
//!
//! A provider lives in `providers/<cloud>/` and keeps the wire shapes of its APIs, one
//! normalization shared by its live collector and its export importer (so an offline import and
//! a live scan of the same account produce the same snapshot), and an [`Importer`]. Adding one
//! means adding its module and a line in [`IMPORTERS`] and in [`resource_type`].

pub mod aws;
pub mod azure;
pub mod directory;
pub mod envelope;
pub mod errors;
pub mod gcp;
pub mod observer;
pub mod section;

/// How long one attempt of one live API call may take (connect, send, whole answer) before it
/// is abandoned and retried, unless `--timeout` says otherwise. Without a bound a server that
/// accepts and never answers would hang the scan.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

use crate::model::{Provider, Snapshot};
use std::path::{Path, PathBuf};

/// A provider's offline importer: recognises its native exports by content and imports a set
/// of them as one snapshot.
pub trait Importer: Sync {
    fn provider(&self) -> Provider;
    /// What its exports are called in messages ("AWS CLI exports").
    fn exports_name(&self) -> &'static str;
    /// File extensions (lower case, no dot) its exports may have besides `json`.
    fn extensions(&self) -> &'static [&'static str];
    /// Whether `text` (the content of file `name`) is one of its exports; cheap (top-level keys,
    /// a CSV header, an error line), and false for an idgauge snapshot.
    fn recognises(&self, name: &str, text: &str) -> bool;
    /// Imports `files` (some may be unrecognised: they are reported, not skipped) as one
    /// snapshot; `label` (the directory or file) names it in messages.
    fn import(&self, files: &[PathBuf], label: &str) -> Result<Snapshot, ImportError>;
}

/// A provider's import failure, with the file and position when there is one.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ImportError(pub Box<dyn std::error::Error + Send + Sync>);

/// Joins what scopes of several snapshots owe each other before rules run: what an organization
/// provides (read once where it lives) credited to each scope under it. Run on every input of an
/// assessment, live and imported alike.
pub fn credit(snapshots: &mut [Snapshot]) {
    aws::credit::credit(snapshots);
}

/// Every provider's importer (a directory's imports are listed by provider).
pub static IMPORTERS: &[&dyn Importer] = &[
    &aws::export::AwsImporter,
    &azure::export::AzureImporter,
    &gcp::export::GcpImporter,
];

/// What a file is.
#[derive(Clone, Copy)]
pub enum Recognised {
    /// An idgauge snapshot (a JSON object with `schema_version`).
    Snapshot,
    /// A native export of this provider.
    Export(&'static dyn Importer),
    /// Neither (unreadable, not JSON, unknown content): the snapshot reader says why.
    Unknown,
}

impl std::fmt::Debug for Recognised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recognised::Snapshot => f.write_str("Snapshot"),
            Recognised::Export(i) => write!(f, "Export({})", i.provider().as_str()),
            Recognised::Unknown => f.write_str("Unknown"),
        }
    }
}

/// Two providers claim the same file.
#[derive(Debug, thiserror::Error)]
#[error("{name}: recognised both as {first} and as {second}; put them in separate files")]
pub struct Ambiguous {
    pub name: String,
    pub first: &'static str,
    pub second: &'static str,
}

/// Classifies the content of file `name`: a snapshot, or the export of exactly one provider.
pub fn recognise(name: &str, text: &str) -> Result<Recognised, Ambiguous> {
    let body = text.trim_start_matches('\u{feff}');
    if is_snapshot(body) {
        return Ok(Recognised::Snapshot);
    }
    let mut found: Option<&'static dyn Importer> = None;
    for &imp in IMPORTERS {
        if imp.recognises(name, text) {
            if let Some(first) = found {
                return Err(Ambiguous {
                    name: name.to_string(),
                    first: first.exports_name(),
                    second: imp.exports_name(),
                });
            }
            found = Some(imp);
        }
    }
    Ok(found.map_or(Recognised::Unknown, Recognised::Export))
}

/// A JSON object with a top-level `schema_version`.
fn is_snapshot(body: &str) -> bool {
    use serde::de::IgnoredAny;
    body.trim_start().starts_with('{')
        && serde_json::from_str::<std::collections::BTreeMap<String, IgnoredAny>>(body)
            .is_ok_and(|keys| keys.contains_key("schema_version"))
}

/// The files directly in `dir` (sorted, not recursive) that may be snapshots or exports: `.json`
/// and every importer's own extensions.
pub fn candidate_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let path = e?.path();
        let ext = path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_ascii_lowercase);
        let wanted = ext
            .as_deref()
            .is_some_and(|x| x == "json" || IMPORTERS.iter().any(|i| i.extensions().contains(&x)));
        if wanted && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The type of a resource id as reports name it (`arn:aws:iam::…:user/x` → `AwsIamUser`,
/// `aws:account:…` → `aws_account`); `None` when the provider does not know it.
pub fn resource_type(provider: Provider, id: &str) -> Option<String> {
    match provider {
        Provider::Aws => aws::resource_type(id),
        Provider::Azure => azure::resource_type(id),
        Provider::Gcp => gcp::resource_type(id),
        // No provider module yet: scope-like ids (`oci:tenancy:…`) still get a type.
        Provider::Oci => scope_type(provider, id),
    }
}

/// The cloud partition a scope lives in (`aws`, `aws-us-gov`, `aws-cn`), when its provider has
/// partitions and the scope's data shows which.
pub fn partition(scope: &crate::model::Scope) -> Option<String> {
    match scope.provider {
        Provider::Aws => aws::partition(scope),
        Provider::Azure | Provider::Gcp | Provider::Oci => None,
    }
}

/// `<provider>:<kind>:…` → `<provider>_<kind>`: the type of a scope-like id.
pub(crate) fn scope_type(provider: Provider, id: &str) -> Option<String> {
    let p = provider.as_str();
    let kind = id.strip_prefix(p)?.strip_prefix(':')?.split(':').next()?;
    Some(format!("{p}_{kind}"))
}
