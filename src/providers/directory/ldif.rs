//! LDIF content records (RFC 2849) as `ldapsearch -LLL` or `ldapsearch` write them: comments,
//! folded lines, `attr:: base64` values, blank lines between entries, and ldapsearch's trailing
//! `search:` / `result:` block. Change records and `attr:< URL` values are refused with the line.

use super::{DirectoryError, Record};
use base64::Engine as _;

pub fn parse(text: &str, path: &str) -> Result<Vec<Record>, DirectoryError> {
    let err = |line: usize, message: String| DirectoryError::Parse {
        path: path.to_string(),
        line,
        message,
    };
    // Unfold: a line starting with one space continues the previous one.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(cont) = raw.strip_prefix(' ') {
            match lines.last_mut() {
                Some((_, prev)) if !prev.is_empty() => prev.push_str(cont),
                _ => {
                    return Err(err(
                        n,
                        "continuation line without a line to continue".into(),
                    ))
                }
            }
            continue;
        }
        if raw.starts_with('#') {
            continue;
        }
        lines.push((n, raw.to_string()));
    }
    let mut records = Vec::new();
    let mut cur: Option<Record> = None;
    let mut trailer = false;
    let finish = |cur: &mut Option<Record>, records: &mut Vec<Record>| {
        if let Some(r) = cur.take() {
            records.push(r);
        }
    };
    for (n, line) in lines {
        if line.trim().is_empty() {
            finish(&mut cur, &mut records);
            trailer = false;
            continue;
        }
        let Some((name, rest)) = line.split_once(':') else {
            return Err(err(n, format!("expected `attribute: value`, got {line:?}")));
        };
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ';' || c == '.')
        {
            return Err(err(n, format!("bad attribute name {name:?}")));
        }
        let value = if let Some(b64) = rest.strip_prefix(':') {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|e| err(n, format!("bad base64 value of {name}: {e}")))?;
            if name.eq_ignore_ascii_case("objectGUID") {
                super::binary_text(name, &bytes)
            } else {
                match String::from_utf8(bytes) {
                    Ok(s) => s,
                    // Binary values (jpegPhoto, objectSid): base64 text, as a live read gives.
                    Err(e) => super::binary_text(name, e.as_bytes()),
                }
            }
        } else if rest.starts_with('<') {
            return Err(err(
                n,
                format!("{name}: URL values (`:<`) are not supported"),
            ));
        } else {
            rest.trim_start().to_string()
        };
        let lname = name.to_ascii_lowercase();
        if cur.is_none() && !trailer {
            match lname.as_str() {
                "version" if records.is_empty() => continue,
                "dn" => {
                    cur = Some(Record {
                        dn: value,
                        attrs: Default::default(),
                        origin: format!("{path}:{n}"),
                    });
                    continue;
                }
                // ldapsearch's closing block (`search: 2`, `result: 0 Success`).
                "search" | "result" => {
                    if lname == "result" && !value.starts_with("0 ") && value != "0" {
                        return Err(err(
                            n,
                            format!("the search that wrote this file failed: result {value}"),
                        ));
                    }
                    trailer = true;
                    continue;
                }
                _ => {
                    return Err(err(
                        n,
                        format!("entry must start with `dn:`, got `{name}:`"),
                    ))
                }
            }
        }
        if trailer {
            if lname == "result" && !value.starts_with("0 ") && value != "0" {
                return Err(err(
                    n,
                    format!("the search that wrote this file failed: result {value}"),
                ));
            }
            continue;
        }
        if lname == "changetype" {
            return Err(err(
                n,
                "change records are not directory content; export with ldapsearch".into(),
            ));
        }
        // Attribute options (`cn;lang-en`) fold into the attribute.
        let base = lname.split(';').next().unwrap_or(&lname).to_string();
        cur.as_mut()
            .expect("an entry is open")
            .attrs
            .entry(base)
            .or_default()
            .push(value);
    }
    finish(&mut cur, &mut records);
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_base64_comments_and_trailer() {
        let text = "version: 1\n\n# alice\ndn: uid=alice,ou=people,dc=ex\nobjectClass: inetOrgPerson\ncn: Alice\n  Smith\nmail:: YWxpY2VAZXguY29t\n\n# search result\nsearch: 2\nresult: 0 Success\n\n# numEntries: 1\n";
        let r = parse(text, "f.ldif").unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].dn, "uid=alice,ou=people,dc=ex");
        assert_eq!(r[0].attrs["cn"], ["Alice Smith"]);
        assert_eq!(r[0].attrs["mail"], ["alice@ex.com"]);
        assert_eq!(r[0].origin, "f.ldif:4");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("dn: x\ncn y\n", "f.ldif").unwrap_err().to_string();
        assert_eq!(e, "f.ldif:2: expected `attribute: value`, got \"cn y\"");
        let e = parse("cn: x\n", "f.ldif").unwrap_err().to_string();
        assert!(
            e.starts_with("f.ldif:1: entry must start with `dn:`"),
            "{e}"
        );
        let e = parse("dn: x\nmail:: !!!\n", "f.ldif")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.ldif:2: bad base64"), "{e}");
        let e = parse("dn: x\nchangetype: add\n", "f.ldif")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.ldif:2: change records"), "{e}");
        let e = parse("search: 2\nresult: 32 No such object\n", "f.ldif")
            .unwrap_err()
            .to_string();
        assert!(e.contains("result 32 No such object"), "{e}");
    }
}
