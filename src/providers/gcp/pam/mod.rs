//! Privileged Access Manager: just-in-time entitlements to privileged roles.

pub mod normalize;
pub mod raw;
