//! Organizations: the organization, its accounts, policies, their content and targets.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
