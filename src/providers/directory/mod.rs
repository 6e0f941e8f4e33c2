//! The identity repository as a provider: an LDAP / Active Directory directory read live
//! ([`ldap`], feature `ldap-live`) or from the exports people already have — `ldapsearch` LDIF
//! ([`ldif`]), `Get-ADUser … | Export-Csv` and an HR CSV (`id, email, status, end_date`)
//! ([`csv_import`]) — recognised by content.
//!
//! Every source is first turned into [`Record`]s (a DN and its attributes, names lower-cased),
//! and one normalization ([`normalize`]) maps them to [`Person`]s through the attribute map of
//! `idgauge.toml`'s `[directory]` table: so a live read and an LDIF of the same entries give
//! the same people. Leavers are decided here (disabled, in the leavers OU, an HR leaver status,
//! an end date before the read), with when they left.

pub mod csv_import;
#[cfg(feature = "ldap-live")]
pub mod ldap;
pub mod ldif;

use crate::config::{AttributeMap, DirectoryConfig};
use crate::model::{IdentityRepository, Person, Section};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: not a recognised directory export: expected LDIF (ldapsearch), a Get-ADUser | Export-Csv file, an HR CSV (id, email, status, end_date) or an idgauge snapshot with an identity repository")]
    Unrecognised { path: String },
    #[error("{path}: the snapshot carries no identity repository (write one with `idgauge collect ldap`)")]
    NoRepository { path: String },
    #[error("{url}: {message}")]
    Ldap { url: String, message: String },
}

/// One directory entry or export row: its DN (or record id), attributes by lower-cased name,
/// and where it was read (for messages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub dn: String,
    pub attrs: BTreeMap<String, Vec<String>>,
    /// `file:line` or the LDAP URL.
    pub origin: String,
}

impl Record {
    fn first(&self, names: &[String]) -> Option<&str> {
        names.iter().find_map(|n| {
            self.attrs
                .get(&n.to_ascii_lowercase())
                .and_then(|v| v.iter().find(|s| !s.trim().is_empty()))
                .map(|s| s.trim())
        })
    }
    fn all(&self, names: &[String]) -> Vec<&str> {
        names
            .iter()
            .filter_map(|n| self.attrs.get(&n.to_ascii_lowercase()))
            .flat_map(|v| v.iter().map(|s| s.trim()))
            .filter(|s| !s.is_empty())
            .collect()
    }
    fn object_classes(&self) -> Vec<String> {
        self.attrs
            .get("objectclass")
            .map(|v| v.iter().map(|s| s.to_ascii_lowercase()).collect())
            .unwrap_or_default()
    }
}

/// What an entry is, from its object classes. Rows of CSV exports carry no object class and
/// are people.
fn entry_kind(r: &Record) -> EntryKind {
    let oc = r.object_classes();
    if oc.is_empty() {
        return EntryKind::Person;
    }
    let has = |c: &str| oc.iter().any(|o| o == c);
    if has("computer") {
        return EntryKind::Other;
    }
    if ["groupofnames", "groupofuniquenames", "posixgroup", "group"]
        .iter()
        .any(|c| has(c))
    {
        return EntryKind::Group;
    }
    if ["inetorgperson", "person", "user", "organizationalperson"]
        .iter()
        .any(|c| has(c))
    {
        return EntryKind::Person;
    }
    EntryKind::Other
}

#[derive(PartialEq)]
enum EntryKind {
    Person,
    Group,
    Other,
}

/// The CN (first RDN value) of a DN: `cn=aws-admins,ou=groups,dc=x` → `aws-admins`; a value
/// that is not a DN is returned as it is.
pub fn rdn_value(dn: &str) -> String {
    let first = split_dn(dn).into_iter().next().unwrap_or_default();
    match first.split_once('=') {
        Some((_, v)) => v.trim().to_string(),
        None => dn.trim().to_string(),
    }
}

/// A DN's RDNs, honouring `\,` escapes.
fn split_dn(dn: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut esc = false;
    for c in dn.chars() {
        if esc {
            cur.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c == ',' {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// A DN in comparable form: RDNs trimmed, lower case.
pub fn dn_key(dn: &str) -> String {
    split_dn(dn)
        .iter()
        .map(|r| r.to_ascii_lowercase().replace(" = ", "="))
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses the date and time forms directories and their exports use: LDAP generalized time
/// (`20240115103000Z`, `20240115103000.0Z`, `20240115103000+0100`), RFC 3339, `YYYY-MM-DD
/// HH:MM:SS`, `YYYY-MM-DD`, PowerShell's en-US `1/15/2024 10:30:00 AM`, and AD's FILETIME
/// integers (`accountExpires`; 0 and 9223372036854775807 mean never, `Ok(None)`).
pub fn parse_time(s: &str) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() >= 14 && s.as_bytes()[..14].iter().all(u8::is_ascii_digit) {
        // Generalized time: YYYYMMDDHHMMSS[.fff](Z|±hhmm).
        let base = NaiveDateTime::parse_from_str(&s[..14], "%Y%m%d%H%M%S")
            .map_err(|e| format!("bad generalized time {s:?}: {e}"))?;
        let mut rest = &s[14..];
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        let offset_secs = match rest {
            "Z" | "" => 0,
            o if o.len() == 5 && (o.starts_with('+') || o.starts_with('-')) => {
                let h: i64 = o[1..3]
                    .parse()
                    .map_err(|_| format!("bad offset in {s:?}"))?;
                let m: i64 = o[3..5]
                    .parse()
                    .map_err(|_| format!("bad offset in {s:?}"))?;
                let v = h * 3600 + m * 60;
                if o.starts_with('-') {
                    -v
                } else {
                    v
                }
            }
            _ => return Err(format!("bad generalized time {s:?}")),
        };
        return Ok(Some(
            Utc.from_utc_datetime(&base) - chrono::Duration::seconds(offset_secs),
        ));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // AD FILETIME: 100-ns intervals since 1601-01-01.
        let v: u64 = s.parse().map_err(|_| format!("bad FILETIME {s:?}"))?;
        if v == 0 || v >= 0x7FFF_FFFF_FFFF_FFFF {
            return Ok(None);
        }
        let secs = (v / 10_000_000) as i64 - 11_644_473_600;
        return DateTime::from_timestamp(secs, 0)
            .map(Some)
            .ok_or_else(|| format!("FILETIME out of range: {s}"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(Some(Utc.from_utc_datetime(&t)));
        }
    }
    for f in ["%Y-%m-%d", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Ok(Some(Utc.from_utc_datetime(&d.and_time(Default::default()))));
        }
    }
    Err(format!(
        "unrecognised date {s:?} (expected e.g. 2026-11-30, 2026-11-30T17:00:00Z, 20261130170000Z or 11/30/2026 5:00:00 PM)"
    ))
}

/// A binary attribute value as text: AD's 16-byte `objectGUID` in its usual string form (the
/// one `Get-ADUser` exports: first three groups little-endian), anything else as base64 (as LDIF
/// writes it), so live reads and exports compare equal.
pub fn binary_text(attr: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    if attr.eq_ignore_ascii_case("objectGUID") && bytes.len() == 16 {
        let b = bytes;
        return format!(
            "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]
        );
    }
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "enabled" | "active" => Some(true),
        "false" | "no" | "0" | "disabled" | "inactive" => Some(false),
        _ => None,
    }
}

/// Turns records into people (see the module doc). `now` is the read time: an end date before
/// it makes a leaver. Errors name the record's origin.
pub fn normalize(
    records: &[Record],
    cfg: &DirectoryConfig,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<IdentityRepository, DirectoryError> {
    let a: &AttributeMap = &cfg.attributes;
    let leavers_ou = cfg.leavers_ou.as_deref().map(dn_key);
    // Group entries (LDIF or a live read of groupOfNames) give memberships where the people
    // carry no memberOf (OpenLDAP without the memberof overlay).
    let mut member_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut uid_groups: HashMap<String, Vec<String>> = HashMap::new();
    for r in records.iter().filter(|r| entry_kind(r) == EntryKind::Group) {
        let name = r
            .first(&["cn".to_string()])
            .map(str::to_string)
            .unwrap_or_else(|| rdn_value(&r.dn));
        for m in r.all(&["member".into(), "uniqueMember".into()]) {
            member_of.entry(dn_key(m)).or_default().push(name.clone());
        }
        for m in r.all(&["memberUid".into()]) {
            uid_groups
                .entry(m.to_ascii_lowercase())
                .or_default()
                .push(name.clone());
        }
    }
    let bad = |r: &Record, message: String| match r.origin.rsplit_once(':') {
        // `file:line` of an export.
        Some((p, l))
            if !r.origin.contains("://")
                && !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_digit()) =>
        {
            DirectoryError::Parse {
                path: p.to_string(),
                line: l.parse().unwrap_or(0),
                message: format!("{}: {message}", r.dn),
            }
        }
        // An entry read live.
        _ => DirectoryError::Ldap {
            url: r.origin.clone(),
            message: format!("{}: {message}", r.dn),
        },
    };
    let time = |r: &Record, names: &[String]| -> Result<Option<DateTime<Utc>>, DirectoryError> {
        match r.first(names) {
            None => Ok(None),
            Some(v) => parse_time(v).map_err(|e| bad(r, e)),
        }
    };
    let mut people = Vec::new();
    for r in records
        .iter()
        .filter(|r| entry_kind(r) == EntryKind::Person)
    {
        let username = r.first(&a.username).map(str::to_string);
        let mut groups: Vec<String> = r.all(&a.groups).into_iter().map(rdn_value).collect();
        groups.extend(member_of.get(&dn_key(&r.dn)).cloned().unwrap_or_default());
        if let Some(u) = &username {
            groups.extend(
                uid_groups
                    .get(&u.to_ascii_lowercase())
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        groups.sort();
        groups.dedup();
        let mut enabled = None;
        if let Some(uac) = r.first(&a.account_control) {
            let v: u64 = uac
                .parse()
                .map_err(|_| bad(r, format!("userAccountControl {uac:?} is not a number")))?;
            enabled = Some(v & 0x2 == 0);
        }
        if let Some(e) = r.first(&a.enabled) {
            let v = parse_bool(e)
                .ok_or_else(|| bad(r, format!("enabled attribute {e:?} is not true or false")))?;
            enabled = Some(enabled.unwrap_or(true) && v);
        }
        // OpenLDAP's ppolicy writes the lock time, or 000001010000Z for "locked by an
        // administrator" (no date): only a real time dates the disabling.
        let locked_at = r.first(&a.locked).map(|v| {
            parse_time(v)
                .ok()
                .flatten()
                .filter(|t| chrono::Datelike::year(t) > 1900)
        });
        if locked_at.is_some() {
            enabled = Some(false);
        }
        let end = time(r, &a.end_date)?;
        let end_date = end.map(|t| t.date_naive());
        let changed = time(r, &a.changed)?;
        let status = r.first(&a.status).map(|s| s.to_ascii_lowercase());
        let in_leavers_ou = leavers_ou
            .as_ref()
            .is_some_and(|ou| dn_key(&r.dn).ends_with(&format!(",{ou}")));
        let today = now.date_naive();
        let mut reasons = Vec::new();
        if let Some(d) = end_date.filter(|d| *d < today) {
            reasons.push(format!("end date {d}"));
        }
        if in_leavers_ou {
            reasons.push("in the leavers OU".to_string());
        }
        if let Some(s) = status.as_ref().filter(|s| cfg.leaver_statuses.contains(s)) {
            reasons.push(format!("HR status {s}"));
        }
        if enabled == Some(false) {
            reasons.push("disabled in the directory".to_string());
        }
        let leaver = !reasons.is_empty();
        let left_at = if !leaver {
            None
        } else if let Some(d) = end_date.filter(|d| *d < today) {
            // The end date is the last working day: access should end when it does.
            d.succ_opt()
                .map(|n| Utc.from_utc_datetime(&n.and_time(Default::default())))
        } else {
            changed
        };
        let (disabled_at, disabled_at_upper_bound) = match (locked_at.flatten(), enabled) {
            (Some(t), _) => (Some(t), false),
            (None, Some(false)) => (changed, changed.is_some()),
            _ => (None, false),
        };
        people.push(Person {
            id: r.dn.clone(),
            username,
            display_name: r.first(&a.display_name).map(str::to_string),
            email: r.first(&a.email).map(str::to_string),
            upn: r.first(&a.upn).map(str::to_string),
            employee_id: r.first(&a.employee_id).map(str::to_string),
            external_id: r.first(&a.external_id).map(str::to_string),
            enabled,
            manager: r.first(&a.manager).map(str::to_string),
            groups,
            created: time(r, &a.created)?,
            changed,
            end_date,
            leaver,
            leaver_reason: leaver.then(|| reasons.join(", ")),
            left_at,
            disabled_at,
            disabled_at_upper_bound,
        });
    }
    people.sort_by(|x, y| x.id.cmp(&y.id));
    people.dedup_by(|x, y| x.id == y.id);
    Ok(IdentityRepository {
        kind: kind.to_string(),
        people,
    })
}

/// Merges repositories read from several inputs (a directory and an HR export): a person of a
/// later input is the same as an earlier one with the same employee id, else the same e-mail
/// (case-insensitive); the later input fills what the earlier one lacks and can only add
/// leaver evidence, never remove it. Others are added.
pub fn merge(mut repos: Vec<IdentityRepository>) -> IdentityRepository {
    if repos.is_empty() {
        return IdentityRepository::default();
    }
    let mut base = repos.remove(0);
    for other in repos {
        base.kind = format!("{}+{}", base.kind, other.kind);
        let mut by_emp: HashMap<String, usize> = HashMap::new();
        let mut by_mail: HashMap<String, usize> = HashMap::new();
        for (i, p) in base.people.iter().enumerate() {
            if let Some(e) = &p.employee_id {
                by_emp.insert(e.to_ascii_lowercase(), i);
            }
            for m in [&p.email, &p.upn].into_iter().flatten() {
                by_mail.insert(m.to_ascii_lowercase(), i);
            }
        }
        for p in other.people {
            let hit = p
                .employee_id
                .as_ref()
                .and_then(|e| by_emp.get(&e.to_ascii_lowercase()))
                .or_else(|| {
                    p.email
                        .as_ref()
                        .and_then(|m| by_mail.get(&m.to_ascii_lowercase()))
                })
                .copied();
            match hit {
                Some(i) => {
                    let b = &mut base.people[i];
                    macro_rules! fill {
                        ($($f:ident),*) => {$( if b.$f.is_none() { b.$f = p.$f.clone(); } )*};
                    }
                    fill!(
                        username,
                        display_name,
                        email,
                        upn,
                        employee_id,
                        external_id,
                        manager,
                        created,
                        changed,
                        end_date
                    );
                    if p.enabled == Some(false) {
                        b.enabled = Some(false);
                    }
                    // An exact disabling time beats a bound; of two of a kind, the earlier.
                    let better = match (b.disabled_at, p.disabled_at) {
                        (None, Some(_)) => true,
                        (Some(x), Some(y)) => {
                            (b.disabled_at_upper_bound && !p.disabled_at_upper_bound)
                                || (b.disabled_at_upper_bound == p.disabled_at_upper_bound && y < x)
                        }
                        _ => false,
                    };
                    if better {
                        b.disabled_at = p.disabled_at;
                        b.disabled_at_upper_bound = p.disabled_at_upper_bound;
                    }
                    if p.leaver {
                        b.left_at = match (b.leaver, b.left_at, p.left_at) {
                            (true, Some(x), Some(y)) => Some(x.min(y)),
                            (true, x, None) => x,
                            (_, _, y) => y,
                        };
                        b.leaver_reason = Some(match &b.leaver_reason {
                            Some(r) if b.leaver => {
                                format!("{r}, {}", p.leaver_reason.clone().unwrap_or_default())
                            }
                            _ => p.leaver_reason.clone().unwrap_or_default(),
                        });
                        b.leaver = true;
                    }
                    b.groups.extend(p.groups);
                    b.groups.sort();
                    b.groups.dedup();
                }
                None => base.people.push(p),
            }
        }
    }
    base.people.sort_by(|x, y| x.id.cmp(&y.id));
    base
}

/// What a directory file is, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Ldif,
    AdCsv,
    HrCsv,
    Snapshot,
}

/// Recognises a directory export by its content (not its name).
pub fn recognise(text: &str) -> Option<FileKind> {
    let body = text.trim_start_matches('\u{feff}');
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if body.trim_start().starts_with('{') && body.contains("\"schema_version\"") {
        return Some(FileKind::Snapshot);
    }
    let lower = first.to_ascii_lowercase();
    if lower.starts_with("dn:") || lower.starts_with("dn::") || lower.starts_with("version:") {
        return Some(FileKind::Ldif);
    }
    let header: Vec<String> = csv_import::header_fields(first);
    let has = |c: &str| header.iter().any(|h| h.eq_ignore_ascii_case(c));
    if has("SamAccountName") || has("DistinguishedName") || has("UserPrincipalName") {
        return Some(FileKind::AdCsv);
    }
    if has("id") && has("email") && (has("status") || has("end_date")) {
        return Some(FileKind::HrCsv);
    }
    None
}

/// Reads one directory export file into a collected repository section.
pub fn import_file(
    path: &Path,
    cfg: &DirectoryConfig,
    now: DateTime<Utc>,
) -> Result<Section<IdentityRepository>, DirectoryError> {
    let text = std::fs::read_to_string(path).map_err(|source| DirectoryError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let label = path.display().to_string();
    let (records, kind) = match recognise(&text) {
        Some(FileKind::Ldif) => (ldif::parse(&text, &label)?, "ldif"),
        Some(FileKind::AdCsv) => (
            csv_import::parse(&text, &label, false)?,
            "active_directory_csv",
        ),
        Some(FileKind::HrCsv) => (csv_import::parse(&text, &label, true)?, "hr_csv"),
        Some(FileKind::Snapshot) => {
            let snap = crate::model::load_snapshot(path).map_err(|e| DirectoryError::Parse {
                path: label.clone(),
                line: 0,
                message: e.to_string(),
            })?;
            return snap
                .identity_repository
                .ok_or(DirectoryError::NoRepository { path: label });
        }
        None => return Err(DirectoryError::Unrecognised { path: label }),
    };
    let repo = normalize(&records, cfg, kind, now)?;
    Ok(Section::Collected {
        source: format!("export:{label}"),
        collected_at: now,
        data: repo,
    })
}

/// Merges several repository sections into one; an unavailable one makes the whole repository
/// unavailable (a partial directory would make everyone it lacks an orphan).
pub fn merge_sections(
    sections: Vec<Section<IdentityRepository>>,
) -> Option<Section<IdentityRepository>> {
    if sections.len() <= 1 {
        return sections.into_iter().next();
    }
    let mut sources = Vec::new();
    let mut repos = Vec::new();
    let mut at = None;
    for s in sections {
        match s {
            Section::Collected {
                source,
                collected_at,
                data,
            } => {
                sources.push(source);
                at = Some(at.map_or(collected_at, |a: DateTime<Utc>| a.max(collected_at)));
                repos.push(data);
            }
            u @ Section::Unavailable { .. } => return Some(u),
        }
    }
    Some(Section::Collected {
        source: sources.join(" + "),
        collected_at: at.expect("at least two sections"),
        data: merge(repos),
    })
}
