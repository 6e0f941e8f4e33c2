//! Azure: Microsoft Entra ID (through Microsoft Graph v1.0) and the Entra diagnostic settings
//! (through Azure Resource Manager), assessed as one `azure:tenant:<tenant id>` scope.
//!
//! Graph is one API, so the modules split by concern rather than by service:
//!
//! - [`endpoints`]: the one table of Graph/ARM endpoints — request path, operation name, how an
//!   export of it is recognised — shared by the live collector and the importer;
//! - [`raw`]: the wire shapes, as `az rest` prints them and the collector receives them;
//! - [`normalize`]: [`normalize::RawTenant`] (each input present, missing or failed) → the tenant
//!   scope;
//! - [`errors`]: Graph/ARM error codes → `unavailable` kinds (not licensed, access denied,
//!   error), for the collector and the importer alike;
//! - [`export`]: a folder of `az rest` outputs → one tenant's snapshot (`idgauge assess DIR`);
//! - `collect` (feature `azure-live`): the live collector, plain GETs over `reqwest` with tokens
//!   from `azure_identity`;
//! - [`permissions`]: the read-only operation allow-list and the Graph permissions a scan needs.

#[cfg(feature = "azure-live")]
pub mod collect;
pub mod endpoints;
pub mod errors;
pub mod export;
pub mod normalize;
pub mod permissions;
pub mod raw;

pub use export::{import_dir, import_files, recognises, AzureImporter, ExportError};

/// The type of an Azure resource id as reports name it: a scope id `azure_<kind>`, an ARM id
/// `AzureDiagnosticSetting`, a Graph object id (a GUID, or `<sp id>/<job id>`) `AzureEntraObject`.
pub fn resource_type(id: &str) -> Option<String> {
    if let Some(t) = super::scope_type(crate::model::Provider::Azure, id) {
        return Some(t);
    }
    let lower = id.to_ascii_lowercase();
    if lower.contains("microsoft.aadiam/diagnosticsettings/") {
        return Some("AzureDiagnosticSetting".into());
    }
    let first = id.split('/').next().unwrap_or("");
    let guid = first.len() == 36 && first.chars().filter(|c| *c == '-').count() == 4;
    guid.then(|| "AzureEntraObject".to_string())
}

#[cfg(test)]
mod tests {
    use super::resource_type;

    #[test]
    fn resource_types() {
        for (id, want) in [
            ("azure:tenant:abc", Some("azure_tenant")),
            (
                "providers/Microsoft.Aadiam/diagnosticSettings/s/logs/SignInLogs",
                Some("AzureDiagnosticSetting"),
            ),
            (
                "0f1e2d3c-0000-4000-8000-000000000001",
                Some("AzureEntraObject"),
            ),
            ("arn:aws:iam::1:user/x", None),
        ] {
            assert_eq!(resource_type(id).as_deref(), want, "{id}");
        }
    }
}
