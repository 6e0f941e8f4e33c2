//! Google Workspace / Cloud Identity: directory users (2-step verification, super admins, last
//! sign-in, suspension, organisational unit), security keys from the usage report, inbound SAML
//! SSO, and the sign-in settings of the Cloud Identity Policy API ([`sign_in`]).

pub mod normalize;
pub mod raw;
pub mod sign_in;
