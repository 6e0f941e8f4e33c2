//! Cloud Resource Manager: the hierarchy (organizations, folders, projects) and IAM policies
//! with their audit configs.

pub mod normalize;
pub mod raw;
