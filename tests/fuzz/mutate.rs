//! Structure-aware mutation of idgauge's inputs: JSON (snapshots, results documents, every JSON
//! export), TOML (`idgauge.toml`) and CSV (the IAM credential report, also inside its base64
//! JSON envelope).
//!
//! Shared by the stable seeded pass (`tests/fuzz`) and the coverage-guided libFuzzer targets
//! (`fuzz/`, as their custom mutator), so both produce the same kinds of damage: truncation,
//! type swaps, deep nesting, huge numbers and strings, invalid UTF-8, duplicate keys, plus
//! format-specific ones (dropped/duplicated CSV columns, repeated TOML tables). Mutations work
//! on the parsed structure where the input still parses (so most outputs stay close enough to
//! valid to reach the importers' deeper code), and on bytes otherwise.

#![allow(dead_code)]

/// splitmix64: small, seedable, and enough for mutation choices (no `rand` in the tree).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The input formats idgauge parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Toml,
    Csv,
    Ldif,
}

pub fn format_of(name: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        Format::Csv
    } else if lower.ends_with(".ldif") {
        Format::Ldif
    } else if lower.ends_with(".toml") {
        Format::Toml
    } else {
        Format::Json
    }
}

/// Applies one to four mutations to `input` (a file called `name`).
pub fn mutate(rng: &mut Rng, name: &str, input: &[u8]) -> Vec<u8> {
    let rounds = 1 + rng.below(4);
    let mut out = input.to_vec();
    for _ in 0..rounds {
        out = match format_of(name) {
            // Structure first when it still parses; bytes otherwise, and sometimes anyway.
            _ if rng.chance(4) => bytes(rng, &out),
            Format::Json => json(rng, &out).unwrap_or_else(|| bytes(rng, &out)),
            Format::Toml => toml(rng, &out).unwrap_or_else(|| bytes(rng, &out)),
            Format::Csv => csv(rng, &out).unwrap_or_else(|| bytes(rng, &out)),
            Format::Ldif => ldif(rng, &out).unwrap_or_else(|| bytes(rng, &out)),
        };
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Shared values

/// What one repetition mutation may add, in bytes (a 400 KB string repeated 5,000 times was a
/// 2 GB allocation in the mutator itself).
const MAX_GROWTH: usize = 4 << 20;

/// Numbers that break parsers: overflow of u64/i64/f64, precision, odd spellings.
const HUGE_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890123456789",
    "1.7976931348623157e308",
    "-0",
    "0.000000000000000000000000000001",
    "1E+2",
    "9007199254740993",
    "4294967296",
    "-1",
    "0",
    "2.5",
];

/// Strings that break assumptions: dates out of range or malformed, ARNs and ids cut short,
/// percent escapes, control characters, bidi and astral characters.
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "null",
    "true",
    "0",
    "-1",
    "2026-02-30T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "1970-01-01T00:00:00+25:00",
    "2026-01-01",
    "not a date",
    "N/A",
    "no_information",
    "not_supported",
    "arn:",
    "arn:aws:iam::",
    "arn:aws:iam::123456789012:user/",
    "arn:aws:iam::123456789012:role/a/b/c/",
    "aws:account:",
    "*",
    "::",
    "/",
    "//",
    "%",
    "%zz",
    "%ff%fe%00",
    "%7B%22Statement%22%3A1%7D",
    "{\"Version\":\"2012-10-17\",\"Statement\":{}}",
    "\u{202e}evil",
    "🦀🦀",
    "é",
    "a\nb",
    "organizations/",
    "projects/-",
    "/subscriptions/",
    "/providers/Microsoft.Authorization/roleDefinitions/",
];

fn huge_string(rng: &mut Rng) -> String {
    let n = *rng.pick(&[1_024usize, 16_384, 100_000, 400_000]);
    match rng.below(3) {
        0 => "A".repeat(n),
        1 => "é".repeat(n / 2),
        _ => "arn:aws:iam::123456789012:user/".to_string() + &"x/".repeat(n / 2),
    }
}

fn deep_json(rng: &mut Rng) -> String {
    let depth = *rng.pick(&[40usize, 127, 129, 1_000, 20_000]);
    if rng.chance(2) {
        "[".repeat(depth) + &"]".repeat(depth)
    } else {
        "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)
    }
}

// ---------------------------------------------------------------------------------------------
// Bytes

/// Format-blind damage: truncation, invalid UTF-8, BOM, NUL, trailing garbage, a doubled
/// document, byte flips.
pub fn bytes(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let at = rng.below(out.len() + 1);
    match rng.below(9) {
        0 | 1 => out.truncate(at),
        2 => {
            // Invalid UTF-8: lone continuation, truncated sequence, overlong '/', a UTF-16
            // surrogate encoded as UTF-8, 0xFF.
            let bad: &[&[u8]] = &[b"\x80", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xff\xfe"];
            // Prefer inside a string literal, where a lenient reader would keep it.
            let at = out.iter().position(|&b| b == b'"').map_or(at, |q| {
                let from = q + 1 + rng.below(out.len().saturating_sub(q).max(1));
                from.min(out.len())
            });
            let b = rng.pick(bad);
            out.splice(at..at, b.iter().copied());
        }
        3 => {
            let mut v = "\u{feff}".as_bytes().to_vec();
            v.extend_from_slice(&out);
            out = v;
        }
        4 => out.insert(at, 0),
        5 => {
            let tail: &[&[u8]] = &[b"garbage", b"}", b"]", b"\n{}", b","];
            let t: &[u8] = tail[rng.below(tail.len())];
            out.extend_from_slice(t);
        }
        6 => {
            let copy = out.clone();
            out.extend_from_slice(&copy);
        }
        7 => {
            for _ in 0..1 + rng.below(8) {
                if out.is_empty() {
                    break;
                }
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
        }
        _ => {
            // Delete or repeat a span.
            let len = rng.below(64).min(out.len() - at.min(out.len()));
            if rng.chance(2) {
                out.drain(at..at + len);
            } else {
                let span: Vec<u8> = out[at..at + len].to_vec();
                for _ in 0..1 + rng.below(50) {
                    out.splice(at..at, span.iter().copied());
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON

/// A JSON tree that keeps object member order and duplicate keys (serde_json's `Value` does
/// neither without features that would change the library under test), and can hold raw text
/// (numbers beyond f64, nesting past serde_json's limit).
#[derive(Clone, Debug)]
pub enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
    Raw(String),
}

impl<'de> serde::Deserialize<'de> for J {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<J, E> {
                Ok(J::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<J, E> {
                Ok(J::Num(n.to_string()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<J, E> {
                Ok(J::Num(n.to_string()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<J, E> {
                Ok(J::Num(format!("{n:?}")))
            }
            fn visit_str<E>(self, s: &str) -> Result<J, E> {
                Ok(J::Str(s.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(J::Arr(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, J>()? {
                    v.push((k, x));
                }
                Ok(J::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl J {
    pub fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) | J::Raw(n) => out.push_str(n),
            J::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            J::Arr(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write(out);
                }
                out.push(']');
            }
            J::Obj(v) => {
                out.push('{');
                for (i, (k, x)) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    x.write(out);
                }
                out.push('}');
            }
        }
    }

    fn count(&self) -> usize {
        1 + match self {
            J::Arr(v) => v.iter().map(J::count).sum(),
            J::Obj(v) => v.iter().map(|(_, x)| x.count()).sum(),
            _ => 0,
        }
    }

    /// The `n`th node in pre-order.
    fn nth(&mut self, n: &mut usize) -> Option<&mut J> {
        if *n == 0 {
            return Some(self);
        }
        *n -= 1;
        match self {
            J::Arr(v) => v.iter_mut().find_map(|x| x.nth(n)),
            J::Obj(v) => v.iter_mut().find_map(|(_, x)| x.nth(n)),
            _ => None,
        }
    }
}

pub fn parse_json(input: &[u8]) -> Option<J> {
    let text = std::str::from_utf8(input).ok()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

fn json(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let mut doc = parse_json(input)?;
    let total = doc.count();
    // A donor subtree for splices, taken before the target is changed.
    let donor = doc.clone().nth(&mut rng.below(total)).cloned();
    let node = doc.nth(&mut rng.below(total))?;
    match rng.below(13) {
        // Type swap.
        0 | 1 => {
            *node = match rng.below(9) {
                0 => J::Null,
                1 => J::Bool(rng.chance(2)),
                2 => J::Num(rng.pick(HUGE_NUMBERS).to_string()),
                3 => J::Str(rng.pick(ODD_STRINGS).to_string()),
                4 => J::Arr(vec![]),
                5 => J::Obj(vec![]),
                6 => J::Arr(vec![node.clone()]),
                7 => J::Obj(vec![("a".into(), node.clone())]),
                _ => match node {
                    // A number written as a string and back.
                    J::Num(n) => J::Str(n.clone()),
                    J::Str(s) => J::Raw(s.parse::<f64>().map_or("1".into(), |_| s.clone())),
                    _ => J::Null,
                },
            }
        }
        2 => *node = J::Raw(rng.pick(HUGE_NUMBERS).to_string()),
        3 => *node = J::Str(huge_string(rng)),
        4 => *node = J::Raw(deep_json(rng)),
        5 => *node = J::Str(rng.pick(ODD_STRINGS).to_string()),
        // Remove a member or element.
        6 => match node {
            J::Arr(v) if !v.is_empty() => {
                v.remove(rng.below(v.len()));
            }
            J::Obj(v) if !v.is_empty() => {
                v.remove(rng.below(v.len()));
            }
            _ => *node = J::Null,
        },
        // Repeat an element many times (large lists).
        7 => {
            if let J::Arr(v) = node {
                if let Some(x) = v.first().cloned() {
                    let n = *rng.pick(&[2usize, 10, 500, 5_000]);
                    // Bounded by size: a repeated big element must not make a gigabyte input.
                    let mut text = String::new();
                    x.write(&mut text);
                    let n = n.min(MAX_GROWTH / text.len().max(1)).max(2);
                    v.extend(std::iter::repeat_n(x, n));
                }
            } else {
                *node = J::Arr(vec![node.clone(); 3]);
            }
        }
        // Duplicate key: the same name twice, with a different value first or second.
        8 | 9 => {
            if let J::Obj(v) = node {
                if !v.is_empty() {
                    let i = rng.below(v.len());
                    let (k, x) = v[i].clone();
                    let other = match donor {
                        Some(d) if rng.chance(2) => d,
                        _ => J::Null,
                    };
                    if rng.chance(2) {
                        v.insert(i, (k, other));
                    } else {
                        v.insert(i + 1, (k, other));
                        let _ = x;
                    }
                }
            } else {
                *node = J::Obj(vec![("a".into(), J::Null), ("a".into(), node.clone())]);
            }
        }
        // Rename a key.
        10 => {
            if let J::Obj(v) = node {
                if !v.is_empty() {
                    let i = rng.below(v.len());
                    let k = &mut v[i].0;
                    *k = match rng.below(4) {
                        0 => String::new(),
                        1 => k.to_ascii_uppercase(),
                        2 => format!("{k}x"),
                        _ => rng.pick(ODD_STRINGS).to_string(),
                    };
                }
            }
        }
        // Splice another subtree of the same document here.
        11 => {
            if let Some(d) = donor {
                *node = d;
            }
        }
        // A base64 credential report inside its JSON envelope: mutate the CSV, re-encode.
        _ => {
            if let J::Str(s) = node {
                use base64::Engine;
                let b64 = base64::engine::general_purpose::STANDARD;
                match b64.decode(s.as_bytes()) {
                    Ok(raw) if raw.starts_with(b"user,") => {
                        let m = csv(rng, &raw).unwrap_or_else(|| bytes(rng, &raw));
                        *s = b64.encode(m);
                    }
                    _ => *s = format!("{s}{}", rng.pick(ODD_STRINGS)),
                }
            } else {
                *node = J::Str(String::new());
            }
        }
    }
    let mut out = String::new();
    doc.write(&mut out);
    if rng.chance(3) {
        // Pretty and CRLF, like hand-edited files.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&out) {
            out = serde_json::to_string_pretty(&v)
                .unwrap()
                .replace('\n', "\r\n");
        }
    }
    Some(out.into_bytes())
}

// ---------------------------------------------------------------------------------------------
// TOML

const TOML_VALUES: &[&str] = &[
    "\"x\"",
    "\"\"",
    "1",
    "-1",
    "0",
    "9223372036854775808",
    "-9223372036854775809",
    "1e400",
    "nan",
    "inf",
    "-inf",
    "0.5",
    "true",
    "[]",
    "[1, \"a\", true]",
    "[\"\", \"*\"]",
    "{}",
    "{ a = 1 }",
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
    "9999-12-31",
    "'literal'",
    "\"\"\"multi\nline\"\"\"",
    "\"\\u0000\"",
    "\"\\uD800\"",
    "\"2026-02-30\"",
];

fn toml(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let i = rng.below(lines.len());
    let is_header = |l: &str| l.trim_start().starts_with('[');
    match rng.below(9) {
        0 => {
            lines.remove(i);
        }
        // Duplicate key or table.
        1 | 2 => {
            let l = lines[i].clone();
            lines.insert(i + rng.below(2), l);
        }
        // Value swap.
        3 | 4 => {
            if let Some((k, _)) = lines[i].split_once('=') {
                let v = match rng.below(5) {
                    0 => format!("\"{}\"", huge_string(rng).replace('\\', "")),
                    1 => {
                        let d = *rng.pick(&[50usize, 200, 5_000, 50_000]);
                        "[".repeat(d) + &"]".repeat(d)
                    }
                    2 => {
                        let d = *rng.pick(&[50usize, 200, 5_000, 50_000]);
                        "{a=".repeat(d) + "1" + &"}".repeat(d)
                    }
                    _ => rng.pick(TOML_VALUES).to_string(),
                };
                lines[i] = format!("{k}= {v}");
            } else if !is_header(&lines[i]) {
                lines[i] = format!("{} = {}", lines[i].trim(), rng.pick(TOML_VALUES));
            }
        }
        // Table headers: a repeated one, an array of tables, a dotted one.
        5 => {
            let headers: Vec<String> = lines.iter().filter(|l| is_header(l)).cloned().collect();
            let h = if headers.is_empty() || rng.chance(3) {
                rng.pick(&["[thresholds]", "[[a]]", "[a.b.c]", "[exceptions]", "[\"\"]"])
                    .to_string()
            } else {
                rng.pick(&headers).clone()
            };
            lines.insert(i, h);
        }
        // Key spelling: dotted, quoted, renamed.
        6 => {
            if let Some((k, v)) = lines[i].clone().split_once('=') {
                let k = k.trim();
                let nk = match rng.below(3) {
                    0 => format!("{k}.x"),
                    1 => format!("\"{k}\""),
                    _ => format!("{k}_x"),
                };
                lines[i] = format!("{nk} ={v}");
            }
        }
        // A large table.
        7 => {
            for n in 0..rng.below(2_000) {
                lines.push(format!("k{n} = {}", rng.pick(TOML_VALUES)));
            }
        }
        _ => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
    }
    Some(
        lines
            .join(if rng.chance(4) { "\r\n" } else { "\n" })
            .into_bytes(),
    )
}

// ---------------------------------------------------------------------------------------------
// CSV

const CSV_VALUES: &[&str] = &[
    "",
    "N/A",
    "not_supported",
    "no_information",
    "true",
    "false",
    "TRUE",
    "maybe",
    "2026-02-30T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "0000-01-01T00:00:00+00:00",
    "2026-11-26T09:45:00",
    "\"quoted,comma\"",
    "\"unterminated",
    "\"\"",
    "a\"b",
    "<root_account>",
    "arn:aws:iam::",
    "\r",
];

fn csv(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let r = rng.below(rows.len());
    let width = rows[0].len().max(1);
    let c = rng.below(width);
    match rng.below(10) {
        // Drop a column everywhere (a report from an older or newer IAM).
        0 => rows.iter_mut().for_each(|row| {
            if c < row.len() {
                row.remove(c);
            }
        }),
        // Duplicate a column everywhere (a header named twice).
        1 => rows.iter_mut().for_each(|row| {
            if c < row.len() {
                let v = row[c].clone();
                row.insert(c, v);
            }
        }),
        // Swap two header names only.
        2 => {
            let d = rng.below(width);
            if c < rows[0].len() && d < rows[0].len() {
                rows[0].swap(c, d);
            }
        }
        3 | 4 => {
            if c < rows[r].len() {
                rows[r][c] = if rng.chance(5) {
                    huge_string(rng)
                } else {
                    rng.pick(CSV_VALUES).to_string()
                };
            }
        }
        5 => {
            rows.remove(r);
        }
        // Many rows.
        6 => {
            let row = rows[r].clone();
            let len = row.iter().map(String::len).sum::<usize>() + row.len();
            let n = (*rng.pick(&[2usize, 100, 3_000]))
                .min(MAX_GROWTH / len.max(1))
                .max(2);
            for _ in 0..n {
                rows.push(row.clone());
            }
        }
        // Ragged rows.
        7 => {
            if rng.chance(2) {
                rows[r].push("extra".into());
            } else {
                let keep = rng.below(rows[r].len() + 1);
                rows[r].truncate(keep);
            }
        }
        8 => rows.truncate(1),
        _ => {
            let d = rng.below(rows.len());
            rows.swap(r, d);
        }
    }
    let sep = *rng.pick(&["\n", "\n", "\r\n", "\r"]);
    let lines: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
    Some(lines.join(sep).into_bytes())
}

/// Values an LDIF attribute may be given: times in every shape directories write them
/// (generalized time, AD's FILETIME and its "never"), flags, DNs and base64 that is not.
const LDIF_VALUES: &[&str] = &[
    "20261301000000Z",
    "20260230250000.0Z",
    "19700101000000+2400",
    "9223372036854775807",
    "0",
    "-1",
    "133000000000000000",
    "66050",
    "512",
    "TRUE",
    "uid=,ou=,dc=",
    "cn=a\\,b+sn=c,ou=people,dc=example,dc=org",
    "ou=leavers,ou=leavers,dc=example,dc=org",
    "not base64 !!!",
    "=",
];

/// Line-level damage to LDIF (`ldapsearch` output): entries merged or cut, attributes repeated,
/// values replaced, base64 values (`attr::`) that do not decode, continuation lines in odd
/// places, a `dn` repeated or missing.
fn ldif(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return None;
    }
    let i = rng.below(lines.len());
    match rng.below(9) {
        // Entries merged (their blank separator gone) or an entry cut short.
        0 => {
            if let Some(b) = lines.iter().position(|l| l.is_empty()) {
                lines.remove(b);
            } else {
                lines.truncate(i);
            }
        }
        1 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => {
            lines.remove(i);
        }
        // A value replaced, as text or as base64 that may not decode.
        3 | 4 => {
            if let Some((attr, _)) = lines[i].split_once(':') {
                let attr = attr.trim_end_matches(':').to_string();
                let v = if rng.chance(5) {
                    huge_string(rng)
                } else {
                    rng.pick(LDIF_VALUES).to_string()
                };
                lines[i] = if rng.chance(3) {
                    format!("{attr}:: {v}")
                } else {
                    format!("{attr}: {v}")
                };
            }
        }
        // A continuation line where none belongs (at the start, after a blank).
        5 => lines.insert(i, format!(" {}", rng.pick(ODD_STRINGS))),
        // The entry's dn repeated inside it, or an attribute without a dn before it.
        6 => {
            if let Some(dn) = lines.iter().find(|l| l.starts_with("dn:")).cloned() {
                lines.insert(i, dn);
            }
        }
        7 => {
            lines.retain(|l| !l.starts_with("dn:"));
        }
        // Many entries.
        _ => {
            let len = text.len().max(1);
            let n = (*rng.pick(&[2usize, 50, 2_000]))
                .min(MAX_GROWTH / len)
                .max(1);
            let one = text.to_string();
            for k in 0..n {
                lines.push(String::new());
                lines.extend(one.lines().map(|l| {
                    if l.starts_with("dn:") {
                        format!("{l}{k}")
                    } else {
                        l.to_string()
                    }
                }));
            }
        }
    }
    let sep = *rng.pick(&["\n", "\n", "\r\n"]);
    Some(lines.join(sep).into_bytes())
}
