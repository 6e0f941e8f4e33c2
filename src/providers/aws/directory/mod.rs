//! AWS Directory Service: the directories an account hosts or connects to (managed Microsoft
//! AD, AD Connector to an on-premises Active Directory), evidence of an identity repository.

#[cfg(feature = "aws-live")]
pub mod collect;
pub mod normalize;
pub mod raw;
