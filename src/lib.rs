//! idgauge: measures how mature cloud identity provisioning and human authentication are, with
//! evidence, and says what to fix to reach the next level.
//!
//! The pipeline runs one way: providers → [`model::Snapshot`] → [`engine`] (Rego rules) →
//! [`verdict`] (levels) → [`report`]; [`baseline`] compares two results documents. The [`cli`]
//! module wires it to the command line.

pub mod baseline;
pub mod build_info;
pub mod cli;
pub mod config;
pub mod engine;
pub mod maturity;
pub mod model;
pub mod providers;
pub mod reconcile;
pub mod report;
pub mod results;
pub mod synth;
pub mod verdict;
