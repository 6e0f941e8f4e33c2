//! IAM Identity Center and its identity store: instances, permission sets, account
//! assignments, users and groups.

pub mod normalize;
pub mod raw;
