//! CloudTrail: trails, their status and event selectors.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
