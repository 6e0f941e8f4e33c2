//! Cloud Logging and Monitoring: log-based metrics and the alert policies that watch them.

pub mod normalize;
pub mod raw;
