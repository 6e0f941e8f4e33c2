//! What this binary is, so that a report can be traced to what produced it: the version, the git
//! commit when built from a checkout, the providers compiled in, and the digest of the built-in
//! rule catalogue. `idgauge --version` prints it; the results document carries the same.
//!
//! The commit and the digest are computed by build.rs. The digest is SHA-256 over every `.rego`
//! file under rules/, sorted by path, each fed as `<path>\n<length in bytes>\n<content>` with
//! the path relative to the repository (`rules/aws/idg_aws_001.rego`), so two binaries with the
//! same digest evaluate the same built-in rules whatever their version says.

use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    /// The crate version (`0.1.0`).
    pub version: &'static str,
    /// Abbreviated git commit of the checkout it was built from; `None` outside a checkout, or
    /// when git was not available at build time.
    pub commit: Option<String>,
    /// Where snapshots can come from in this build: per provider its live collector when its
    /// feature is built (`aws-live`, `azure-live`, `gcp-live`, `ldap-live`) and its export
    /// importer, always (`aws-export`, …; `directory-export` reads LDIF, AD and HR CSV).
    pub providers: Vec<&'static str>,
    /// Hex SHA-256 of the built-in rule files (see the module doc).
    pub rules_digest: &'static str,
}

impl BuildInfo {
    /// The multi-line text of `idgauge --version`.
    pub fn long_version(&self) -> String {
        format!(
            "{}\ncommit: {}\nproviders: {}\nrules: sha256:{}",
            self.version,
            self.commit
                .as_deref()
                .unwrap_or("unknown (not built from a git checkout)"),
            self.providers.join(", "),
            self.rules_digest
        )
    }
}

/// This binary's build information.
pub fn build_info() -> &'static BuildInfo {
    static INFO: OnceLock<BuildInfo> = OnceLock::new();
    INFO.get_or_init(|| {
        // Each provider's live collector is a feature; its export importer is always built.
        let live = [
            ("aws-live", cfg!(feature = "aws-live"), "aws-export"),
            ("azure-live", cfg!(feature = "azure-live"), "azure-export"),
            ("gcp-live", cfg!(feature = "gcp-live"), "gcp-export"),
            ("ldap-live", cfg!(feature = "ldap-live"), "directory-export"),
        ];
        let mut providers = Vec::new();
        for (name, built, export) in live {
            if built {
                providers.push(name);
            }
            providers.push(export);
        }
        BuildInfo {
            version: env!("CARGO_PKG_VERSION"),
            commit: option_env!("IDGAUGE_GIT_COMMIT").map(str::to_string),
            providers,
            rules_digest: env!("IDGAUGE_RULES_DIGEST"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_hex_sha256_and_providers_match_the_features() {
        let b = build_info();
        assert_eq!(b.rules_digest.len(), 64);
        assert!(b.rules_digest.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            b.providers.contains(&"aws-live"),
            cfg!(feature = "aws-live")
        );
        assert!(b.providers.contains(&"aws-export"));
        let text = b.long_version();
        assert!(text.starts_with(env!("CARGO_PKG_VERSION")), "{text}");
        assert!(text.contains(b.rules_digest), "{text}");
    }
}
