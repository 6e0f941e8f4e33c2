//! Google Workspace / Cloud Identity: directory users (2-step verification, super admins, last
//! sign-in, suspension), security keys from the usage report, and inbound SAML SSO.

pub mod normalize;
pub mod raw;
