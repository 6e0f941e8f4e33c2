//! The snapshot envelope every provider wraps its scopes in: schema version, generator (tool,
//! version, `live` or `export` mode), collection time, scopes sorted by id, and what was read.

use crate::model::{CollectionMeta, Generator, Scope, Snapshot, SCHEMA_VERSION};
use chrono::{DateTime, Utc};

/// How the data was obtained, as `generator.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read from the cloud's APIs.
    Live,
    /// Imported from the cloud's native exports.
    Export,
}

impl Mode {
    fn as_str(self) -> &'static str {
        match self {
            Mode::Live => "live",
            Mode::Export => "export",
        }
    }
}

/// A snapshot of `scopes`, sorted by id so output does not depend on collection order.
pub fn snapshot(
    mode: Mode,
    collected_at: DateTime<Utc>,
    mut scopes: Vec<Scope>,
    collection: CollectionMeta,
) -> Snapshot {
    scopes.sort_by(|a, b| a.id.cmp(&b.id));
    Snapshot {
        schema_version: SCHEMA_VERSION.to_string(),
        generator: Generator {
            tool: "idgauge".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            mode: Some(mode.as_str().to_string()),
        },
        collected_at,
        scopes,
        collection,
        identity_repository: None,
    }
}
