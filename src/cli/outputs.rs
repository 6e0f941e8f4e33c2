//! Pairing `--format` with `--output`: which report goes where.
//!
//! Each `--output FILE` belongs to the closest `--format` before it that has no file yet; a
//! format left without a file goes to standard output. At most one report may go to standard
//! output, and no file may be written twice. The single-format forms keep working in either
//! order (`--output r.json --format json`), and `--output FILE` alone writes the table there.

use super::Format;
use anyhow::{bail, Result};
use clap::ArgMatches;
use std::path::PathBuf;

/// One report to write: a format and its file (`None`: standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// The targets of an `assess` or `scan` command line (empty for other commands).
pub(crate) fn plan(matches: &ArgMatches) -> Result<Vec<Target>> {
    let sub = match matches.subcommand() {
        Some(("assess", m)) => m,
        Some(("scan", m)) => match m.subcommand() {
            Some((_, m)) => m,
            None => return Ok(Vec::new()),
        },
        _ => return Ok(Vec::new()),
    };
    let formats: Vec<(usize, Format)> =
        match (sub.indices_of("format"), sub.get_many::<Format>("format")) {
            (Some(i), Some(f)) => i.zip(f.copied()).collect(),
            _ => Vec::new(),
        };
    let outputs: Vec<(usize, PathBuf)> =
        match (sub.indices_of("output"), sub.get_many::<PathBuf>("output")) {
            (Some(i), Some(o)) => i.zip(o.cloned()).collect(),
            _ => Vec::new(),
        };
    pair(&formats, &outputs)
}

/// Pairs formats and outputs by their positions on the command line.
pub(crate) fn pair(
    formats: &[(usize, Format)],
    outputs: &[(usize, PathBuf)],
) -> Result<Vec<Target>> {
    let mut targets: Vec<Target> = if formats.is_empty() {
        vec![Target {
            format: Format::Table,
            path: None,
        }]
    } else {
        formats
            .iter()
            .map(|&(_, format)| Target { format, path: None })
            .collect()
    };
    if formats.len() <= 1 && outputs.len() <= 1 {
        // The one-report forms, in any order.
        targets[0].path = outputs.first().map(|(_, p)| p.clone());
        return Ok(targets);
    }
    for (oi, path) in outputs {
        let slot = formats
            .iter()
            .enumerate()
            .filter(|(_, (fi, _))| fi < oi)
            .map(|(t, _)| t)
            .next_back()
            .filter(|&t| targets[t].path.is_none());
        match slot {
            Some(t) => targets[t].path = Some(path.clone()),
            None => bail!(
                "--output {} has no --format before it to write (pair them: --format F --output FILE)",
                path.display()
            ),
        }
    }
    let stdout: Vec<String> = targets
        .iter()
        .filter(|t| t.path.is_none())
        .map(|t| format!("{:?}", t.format).to_lowercase())
        .collect();
    if stdout.len() > 1 {
        bail!(
            "only one report can go to standard output, but {} have no --output (give each but one an --output FILE)",
            stdout.join(", ")
        );
    }
    let mut paths: Vec<&PathBuf> = targets.iter().filter_map(|t| t.path.as_ref()).collect();
    paths.sort();
    if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
        bail!("--output {} is given twice", w[0].display());
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(format: Format, path: Option<&str>) -> Target {
        Target {
            format,
            path: path.map(PathBuf::from),
        }
    }

    #[test]
    fn pairs_each_output_with_the_format_before_it() {
        let f = [(1, Format::Sarif), (5, Format::Html), (9, Format::Table)];
        let o = [(3, PathBuf::from("r.sarif")), (7, PathBuf::from("r.html"))];
        assert_eq!(
            pair(&f, &o).unwrap(),
            vec![
                t(Format::Sarif, Some("r.sarif")),
                t(Format::Html, Some("r.html")),
                t(Format::Table, None)
            ]
        );
    }

    #[test]
    fn single_forms_work_in_either_order() {
        assert_eq!(pair(&[], &[]).unwrap(), vec![t(Format::Table, None)]);
        let o = [(1, PathBuf::from("r.json"))];
        assert_eq!(
            pair(&[(3, Format::Json)], &o).unwrap(),
            vec![t(Format::Json, Some("r.json"))]
        );
        assert_eq!(
            pair(&[], &o).unwrap(),
            vec![t(Format::Table, Some("r.json"))]
        );
    }

    #[test]
    fn rejects_two_stdout_reports_orphans_and_duplicates() {
        let e = pair(&[(1, Format::Table), (3, Format::Json)], &[]).unwrap_err();
        assert!(e.to_string().contains("only one report"), "{e}");
        let e = pair(
            &[(1, Format::Json)],
            &[(3, PathBuf::from("a")), (5, PathBuf::from("b"))],
        )
        .unwrap_err();
        assert!(e.to_string().contains("--output b has no --format"), "{e}");
        let e = pair(
            &[(1, Format::Json), (5, Format::Sarif)],
            &[(3, PathBuf::from("a")), (7, PathBuf::from("a"))],
        )
        .unwrap_err();
        assert!(e.to_string().contains("given twice"), "{e}");
    }
}
