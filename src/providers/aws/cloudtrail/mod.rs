//! CloudTrail: trails, their status and event selectors.

pub mod raw;
