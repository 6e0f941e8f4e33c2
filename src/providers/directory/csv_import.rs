//! CSV exports of people: Active Directory's `Get-ADUser -Filter * -Properties … | Export-Csv`
//! (an optional `#TYPE …` first line, PowerShell's quoting, `MemberOf` joined with `;`) and an
//! HR export with at least `id, email` and `status` or `end_date`. Each row becomes a
//! [`Record`] whose attributes are the column names, so the one attribute map applies.

use super::{DirectoryError, Record};

/// The column names of a CSV header line.
pub fn header_fields(line: &str) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
}

/// Parses an AD (`hr == false`) or HR (`hr == true`) CSV export.
pub fn parse(text: &str, path: &str, hr: bool) -> Result<Vec<Record>, DirectoryError> {
    let err = |line: usize, message: String| DirectoryError::Parse {
        path: path.to_string(),
        line,
        message,
    };
    let body = text.trim_start_matches('\u{feff}');
    // Export-Csv's type line (`#TYPE Microsoft.ActiveDirectory.Management.ADUser`).
    let skipped = body
        .lines()
        .take_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .count();
    let rest: String = body
        .lines()
        .skip(skipped)
        .map(|l| format!("{l}\n"))
        .collect();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(rest.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| err(skipped + 1, format!("bad CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let id_col = if hr {
        col("id").ok_or_else(|| err(skipped + 1, "HR CSV needs an `id` column".into()))?
    } else {
        col("DistinguishedName")
            .or_else(|| col("SamAccountName"))
            .or_else(|| col("UserPrincipalName"))
            .ok_or_else(|| {
                err(
                    skipped + 1,
                    "AD CSV needs DistinguishedName, SamAccountName or UserPrincipalName".into(),
                )
            })?
    };
    let member_of = col("MemberOf");
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let line = row
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(skipped + i + 2, |p| skipped + p.line() as usize);
        let row = row.map_err(|e| {
            let l = e.position().map_or(line, |p| skipped + p.line() as usize);
            let why = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("{len} fields where the header has {expected_len}"),
                csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
                _ => e.to_string(),
            };
            err(l, format!("bad CSV row: {why}"))
        })?;
        let id = row.get(id_col).unwrap_or("").trim();
        if id.is_empty() {
            return Err(err(line, format!("empty `{}`", header[id_col])));
        }
        let mut rec = Record {
            dn: id.to_string(),
            attrs: Default::default(),
            origin: format!("{path}:{line}"),
        };
        for (c, v) in row.iter().enumerate() {
            let name = header[c].to_ascii_lowercase();
            let values: Vec<String> = if Some(c) == member_of {
                if v.contains("ADPropertyValueCollection") {
                    return Err(err(
                        line,
                        "MemberOf holds the collection's type name, not the groups: export it with @{n='MemberOf';e={$_.MemberOf -join ';'}}".into(),
                    ));
                }
                // Group DNs contain commas, so the usual join is `;`.
                v.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            } else if v.trim().is_empty() {
                continue;
            } else {
                vec![v.trim().to_string()]
            };
            rec.attrs.entry(name).or_default().extend(values);
        }
        out.push(rec);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_export_with_type_line() {
        let text = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\n\"DistinguishedName\",\"Enabled\",\"MemberOf\"\n\"CN=Ann,OU=People,DC=ex\",\"True\",\"CN=a,DC=ex;CN=b,DC=ex\"\n";
        let r = parse(text, "ad.csv", false).unwrap();
        assert_eq!(r[0].dn, "CN=Ann,OU=People,DC=ex");
        assert_eq!(r[0].attrs["memberof"], ["CN=a,DC=ex", "CN=b,DC=ex"]);
        assert_eq!(r[0].origin, "ad.csv:3");
    }

    #[test]
    fn bad_rows_name_the_line() {
        let e = parse("id,email,status\n1,a@x,active\n2,b@x\n", "hr.csv", true)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("hr.csv:3: bad CSV row"), "{e}");
        let e = parse("id,email,status\n,a@x,active\n", "hr.csv", true)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "hr.csv:2: empty `id`");
        let e = parse(
            "DistinguishedName,MemberOf\nCN=x,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\n",
            "ad.csv",
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("ad.csv:2: MemberOf holds"), "{e}");
    }
}
