//! IAM: service accounts, their user-managed keys, and workforce identity pools and providers.

pub mod normalize;
pub mod raw;
