//! CloudTrail: trails, their status and event selectors.

pub mod normalize;
pub mod raw;
