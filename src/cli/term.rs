//! What the terminal gets: one colour decision for every coloured output (the table report, the
//! diff table, the scan progress, clap's help), from `--color`, `NO_COLOR` and whether the stream
//! is a terminal; and the width the table report may use.

use clap::ValueEnum;
use std::ffi::OsString;
use std::io::IsTerminal;

/// `--color`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when the output is a terminal, `NO_COLOR` is unset or empty and `TERM` is not
    /// `dumb`.
    #[default]
    Auto,
    /// Always colour, even into a file or pipe (and despite `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

/// The stream a coloured output goes to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

impl ColorChoice {
    /// Whether output to `stream` gets colour, in this process's environment.
    pub(crate) fn enabled_for(self, stream: Stream) -> bool {
        let tty = match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        self.decide(tty, no_color, dumb)
    }

    /// The rule itself: an explicit choice wins; `auto` wants a terminal that is not dumb and no
    /// `NO_COLOR` (<https://no-color.org>: set and not empty).
    pub(crate) fn decide(self, tty: bool, no_color: bool, dumb: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb,
        }
    }

    /// The `--color` of a raw command line, read before clap parses it so that clap's own help
    /// and error messages follow it too (the last one wins, as clap would take it).
    pub(crate) fn from_raw_args(args: &[OsString]) -> ColorChoice {
        let mut choice = ColorChoice::Auto;
        let mut it = args.iter().map(|a| a.to_string_lossy());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            let value = match a.strip_prefix("--color") {
                Some("") => it.next().map(|v| v.into_owned()),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            };
            if let Some(c) = value.and_then(|v| ColorChoice::from_str(&v, true).ok()) {
                choice = c;
            }
        }
        choice
    }

    pub(crate) fn for_clap(self, stream: Stream) -> clap::ColorChoice {
        if self.enabled_for(stream) {
            clap::ColorChoice::Always
        } else {
            clap::ColorChoice::Never
        }
    }
}

/// Width used when standard output is neither a terminal nor sized by `COLUMNS` (a file, a pipe):
/// wide enough for the title column, and fixed so that such output is deterministic.
pub(crate) const DEFAULT_WIDTH: u16 = 120;

/// The width the table report may use: `COLUMNS` when set (a shell exports it, a test sets it),
/// else the terminal of standard output, else that of standard error (`idgauge … | less` on a
/// terminal), else [`DEFAULT_WIDTH`].
pub(crate) fn width() -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    columns
        .filter(|&c: &u16| c > 0)
        .or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0))
        .or_else(|| terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| w.0))
        .filter(|&w| w > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choice_wins_and_auto_needs_a_plain_terminal() {
        use ColorChoice::*;
        assert!(Always.decide(false, true, true));
        assert!(!Never.decide(true, false, false));
        assert!(Auto.decide(true, false, false));
        assert!(!Auto.decide(false, false, false), "not a terminal");
        assert!(!Auto.decide(true, true, false), "NO_COLOR");
        assert!(!Auto.decide(true, false, true), "TERM=dumb");
    }

    #[test]
    fn color_is_read_from_the_raw_command_line() {
        let args = |s: &str| -> Vec<OsString> { s.split(' ').map(OsString::from).collect() };
        assert_eq!(
            ColorChoice::from_raw_args(&args("idgauge assess x.json")),
            ColorChoice::Auto
        );
        assert_eq!(
            ColorChoice::from_raw_args(&args("idgauge --color never assess x")),
            ColorChoice::Never
        );
        assert_eq!(
            ColorChoice::from_raw_args(&args("idgauge assess --color=always x")),
            ColorChoice::Always
        );
        assert_eq!(
            ColorChoice::from_raw_args(&args("idgauge assess -- --color=always")),
            ColorChoice::Auto
        );
    }
}
