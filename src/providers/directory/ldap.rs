//! The live directory reader: one LDAP v3 connection (`ldap://`, `ldaps://`, or StartTLS on
//! `ldap://`), a simple bind (or anonymous), and one subtree search for people and groups read
//! page by page with the simple paged results control (RFC 2696), so a directory with a server
//! size limit (AD's 1,000, OpenLDAP's 500) is read whole. Read-only: bind, search and unbind are
//! the only operations issued, and each is counted in `collection.api_calls`.
//!
//! The entries go through the same normalization as an LDIF of the same search (see the parent
//! module), so a live read and `ldapsearch` output give the same people.

use super::{normalize, DirectoryError, Record};
use crate::config::DirectoryConfig;
use crate::model::{IdentityRepository, Section};
use chrono::{DateTime, Utc};
use ldap3::controls::{Control, ControlType, PagedResults};
use ldap3::{LdapConn, LdapConnSettings, Scope, SearchEntry};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to reach and read the directory.
#[derive(Debug, Clone)]
pub struct Options {
    /// `ldap://host:port` or `ldaps://host:port`.
    pub url: String,
    /// Upgrade an `ldap://` connection with StartTLS before binding.
    pub starttls: bool,
    /// Accept any server certificate (test directories with self-signed certificates).
    pub insecure_tls: bool,
    /// PEM file of the CA certificate(s) that sign the directory's certificate, trusted beside
    /// the system's roots (`--ldap-ca-file`, `[directory] ca_file`).
    pub ca_file: Option<PathBuf>,
    /// Bind DN; anonymous when `None`.
    pub bind_dn: Option<String>,
    /// The bind password (never logged).
    pub password: Option<String>,
    /// Search base; the server's default naming context when `None` and the config has none.
    pub base_dn: Option<String>,
    pub timeout: Duration,
}

/// What a read returns: the section and the operations issued.
pub struct Read {
    pub section: Section<IdentityRepository>,
    pub api_calls: BTreeMap<String, u64>,
    pub pages: u64,
}

/// Groups are read with the people so memberships are known without the memberOf overlay.
const GROUP_FILTER: &str =
    "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup)(objectClass=group))";

/// The attributes requested: every mapped one plus what classifies entries and groups.
pub fn attributes(cfg: &DirectoryConfig) -> Vec<String> {
    let a = &cfg.attributes;
    let mut v: Vec<String> = [
        &a.username,
        &a.display_name,
        &a.email,
        &a.upn,
        &a.employee_id,
        &a.external_id,
        &a.manager,
        &a.groups,
        &a.created,
        &a.changed,
        &a.end_date,
        &a.account_control,
        &a.locked,
        &a.enabled,
        &a.status,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .chain(["objectClass", "cn", "member", "uniqueMember", "memberUid"].map(String::from))
    .collect();
    v.sort_by_key(|s| s.to_ascii_lowercase());
    v.dedup_by(|x, y| x.eq_ignore_ascii_case(y));
    v
}

/// A TLS connector trusting the CA certificates of `ca` (PEM, one or more) beside the system's.
fn connector(
    ca: &Path,
    insecure: bool,
    url: &str,
) -> Result<native_tls::TlsConnector, DirectoryError> {
    let bad = |message: String| DirectoryError::Ldap {
        url: url.to_string(),
        message: format!("{}: {message}", ca.display()),
    };
    let pem = std::fs::read(ca).map_err(|e| bad(format!("cannot read the CA file: {e}")))?;
    let certs = native_tls::Certificate::stack_from_pem(&pem)
        .map_err(|e| bad(format!("not a PEM CA certificate: {e}")))?;
    if certs.is_empty() {
        return Err(bad(
            "holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    let mut b = native_tls::TlsConnector::builder();
    for c in certs {
        b.add_root_certificate(c);
    }
    // ldap3 ignores its own no-verify setting once a connector is given: carry it over.
    b.danger_accept_invalid_certs(insecure);
    b.build()
        .map_err(|e| bad(format!("cannot build a TLS connector: {e}")))
}

/// The search filter: people (as configured) or groups.
pub fn filter(cfg: &DirectoryConfig) -> String {
    format!("(|{}{GROUP_FILTER})", cfg.people_filter)
}

pub fn read(
    opts: &Options,
    cfg: &DirectoryConfig,
    now: DateTime<Utc>,
) -> Result<Read, DirectoryError> {
    let fail = |what: &str, e: ldap3::LdapError| DirectoryError::Ldap {
        url: opts.url.clone(),
        message: format!("{what}: {e}"),
    };
    let mut calls: BTreeMap<String, u64> = BTreeMap::new();
    let mut settings = LdapConnSettings::new()
        .set_conn_timeout(opts.timeout)
        .set_starttls(opts.starttls)
        .set_no_tls_verify(opts.insecure_tls);
    if let Some(ca) = &opts.ca_file {
        settings = settings.set_connector(connector(ca, opts.insecure_tls, &opts.url)?);
    }
    let tls = opts.starttls || opts.url.to_ascii_lowercase().starts_with("ldaps://");
    let mut ldap = LdapConn::with_settings(settings, &opts.url).map_err(|e| {
        let mut err = fail("connect", e);
        if let DirectoryError::Ldap { message, .. } = &mut err {
            if tls && message.contains("certificate") {
                message.push_str(match &opts.ca_file {
                    Some(_) => " — the directory's certificate does not verify against the system's CAs nor the --ldap-ca-file given (is it the CA that signed it, and does the certificate name this host?)",
                    None => " — the directory's certificate is not trusted: give the CA that signed it with --ldap-ca-file FILE (or [directory] ca_file in idgauge.toml)",
                });
            }
        }
        err
    })?;
    if opts.starttls {
        *calls.entry("ldap:StartTLS".into()).or_default() += 1;
    }
    ldap.with_timeout(opts.timeout);
    *calls.entry("ldap:Bind".into()).or_default() += 1;
    match &opts.bind_dn {
        Some(dn) => {
            ldap.simple_bind(dn, opts.password.as_deref().unwrap_or(""))
                .and_then(|r| r.success())
                .map_err(|e| fail(&format!("bind as {dn}"), e))?;
        }
        None => {
            ldap.simple_bind("", "")
                .and_then(|r| r.success())
                .map_err(|e| fail("anonymous bind", e))?;
        }
    }
    let base = match opts
        .base_dn
        .clone()
        .or_else(|| (!cfg.base_dn.trim().is_empty()).then(|| cfg.base_dn.clone()))
    {
        Some(b) => b,
        None => {
            *calls.entry("ldap:Search".into()).or_default() += 1;
            let (entries, _) = ldap
                .search(
                    "",
                    Scope::Base,
                    "(objectClass=*)",
                    vec!["defaultNamingContext", "namingContexts"],
                )
                .and_then(|r| r.success())
                .map_err(|e| fail("read the root DSE", e))?;
            let e = entries.into_iter().next().map(SearchEntry::construct);
            e.and_then(|e| {
                e.attrs
                    .get("defaultNamingContext")
                    .or_else(|| e.attrs.get("namingContexts"))
                    .and_then(|v| v.first().cloned())
            })
            .ok_or_else(|| DirectoryError::Ldap {
                url: opts.url.clone(),
                message: "no search base: the root DSE names no naming context; give --base-dn or [directory] base_dn".into(),
            })?
        }
    };
    let attrs = attributes(cfg);
    let filter = filter(cfg);
    let mut records = Vec::new();
    let mut cookie: Vec<u8> = Vec::new();
    let mut pages = 0u64;
    loop {
        *calls.entry("ldap:Search".into()).or_default() += 1;
        pages += 1;
        let control = PagedResults {
            size: cfg.page_size as i32,
            cookie: std::mem::take(&mut cookie),
        };
        let (entries, res) = ldap
            .with_controls(control)
            .search(&base, Scope::Subtree, &filter, &attrs)
            .and_then(|r| r.success())
            .map_err(|e| {
                let mut err = fail(&format!("search {base}"), e);
                if let DirectoryError::Ldap { message, .. } = &mut err {
                    if message.contains("page size") {
                        message.push_str(&format!(
                            " — lower [directory] page_size in idgauge.toml (now {})",
                            cfg.page_size
                        ));
                    }
                }
                err
            })?;
        for e in entries {
            let e = SearchEntry::construct(e);
            let mut attrs: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in e.attrs {
                attrs.entry(k.to_ascii_lowercase()).or_default().extend(v);
            }
            // Binary values (objectGUID, objectSid) as text, as the exports hold them.
            for (k, v) in e.bin_attrs {
                let text: Vec<String> = v.iter().map(|b| super::binary_text(&k, b)).collect();
                attrs
                    .entry(k.to_ascii_lowercase())
                    .or_default()
                    .extend(text);
            }
            records.push(Record {
                dn: e.dn,
                attrs,
                origin: opts.url.clone(),
            });
        }
        for c in &res.ctrls {
            if let Control(Some(ControlType::PagedResults), raw) = c {
                cookie = raw.parse::<PagedResults>().cookie;
            }
        }
        if cookie.is_empty() {
            break;
        }
    }
    let _ = ldap.unbind();
    let repo = normalize(&records, cfg, "ldap", now)?;
    Ok(Read {
        section: Section::Collected {
            source: format!("{}/{base}", opts.url.trim_end_matches('/')),
            collected_at: now,
            data: repo,
        },
        api_calls: calls,
        pages,
    })
}
