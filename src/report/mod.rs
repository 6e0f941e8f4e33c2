//! Reports: renderings of the results document ([`crate::results::Assessment`]), one file per
//! format. A renderer reads the document (and, for comparisons, a [`crate::baseline::Diff`])
//! and nothing else — no rule files, no snapshots, no provider knowledge, never an SDK:
//!
//! - [`table`]: the terminal report; [`json`]: the results document itself;
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning; [`junit`]: JUnit XML for CI test tabs;
//! - [`markdown`]: a pull-request comment or job summary; [`html`]: one self-contained page;
//! - [`ocsf`]: OCSF Detection Findings as JSON lines for a SIEM;
//! - [`diff`]: the terminal rendering of a baseline comparison;
//! - [`identities`]: the identity map (`--format identities` and the HTML section), read from
//!   [`crate::reconcile::IdentityMap`] — the one report built from the joined people and
//!   accounts rather than the results document.
//!
//! No renderer reads the clock: every time in a report comes from the inputs (the snapshot's
//! collection time, `--as-of`), so two runs over the same input write the same bytes.

pub mod diff;
pub mod html;
pub mod identities;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod ocsf;
pub mod sarif;
pub mod table;
