//! Organization Policy: the identity constraints in force along the hierarchy.

pub mod normalize;
pub mod raw;
