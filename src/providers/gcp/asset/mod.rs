//! Cloud Asset Inventory (`cloudasset.googleapis.com/v1/{scope}/assets`, `gcloud asset list
//! --format=json`): an organization's IAM policies, which resources set their own org policies,
//! and its service accounts, keys, log-based metrics and log sinks, read in a few paged requests
//! instead of several per project.
pub mod normalize;
pub mod raw;
