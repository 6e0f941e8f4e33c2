//! Organizations: the organization, its accounts, policies, their content and targets.

pub mod raw;
