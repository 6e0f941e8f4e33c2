//! Organizations: the organization, its accounts, policies, their content and targets.

pub mod normalize;
pub mod raw;
