//! IAM Identity Center and its identity store: instances, permission sets, account
//! assignments, users and groups.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
