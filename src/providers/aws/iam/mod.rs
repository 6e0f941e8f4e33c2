//! IAM and STS: authorization details, the credential report, password policy, account summary,
//! identity providers, MFA devices, aliases and the caller identity.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
