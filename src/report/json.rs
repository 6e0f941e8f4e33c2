//! The results document as pretty JSON: stable key order (struct order, sorted maps), sorted
//! results, a trailing newline — so two runs over the same input diff cleanly.

use crate::results::Assessment;

pub fn render(a: &Assessment) -> String {
    let mut s = serde_json::to_string_pretty(a).expect("assessment serializes");
    s.push('\n');
    s
}

/// Streams the same bytes as [`render`] to `w`, without building the whole string.
pub fn write(a: &Assessment, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, a)?;
    w.write_all(b"\n")
}
