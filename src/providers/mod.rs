//! Providers: everything that knows a cloud, and nothing else does.
//!
//! This module owns turning a cloud's own data — live API responses or the native CLI exports
//! people already have — into the [`crate::model::Snapshot`] the rules read. Each provider keeps
//! the wire shapes of its APIs (`raw`), one normalization shared by its live collector and its
//! export importer (`normalize`), and the importer (`export`); so an offline import and a live
//! scan of the same account produce the same snapshot. No other module parses provider data,
//! and the snapshot is the only thing providers hand on.

pub mod aws;
