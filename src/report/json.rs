//! The results document as pretty JSON: stable key order (struct order, sorted maps), sorted
//! results, a trailing newline — so two runs over the same input diff cleanly.

use super::Assessment;

pub fn render(a: &Assessment) -> String {
    let mut s = serde_json::to_string_pretty(a).expect("assessment serializes");
    s.push('\n');
    s
}
