//! Providers: everything that knows a cloud, and nothing else does.
//!
//! This module owns turning a cloud's own data — live API responses or the native CLI exports
//! people already have — into the [`crate::model::Snapshot`] the rules read. Each provider keeps
//! the wire shapes of its APIs (`raw`), one normalization shared by its live collector and its
//! export importer (`normalize`), and the importer (`export`); so an offline import and a live
//! scan of the same account produce the same snapshot. No other module parses provider data,
//! and the snapshot is the only thing providers hand on.

pub mod aws;

use crate::model::Provider;

/// What kind of resource `id` (a finding's resource: an ARN, a scope id) is, as its provider
/// names it — `AwsIamUser`, `aws_account` — or `None` when the provider does not know the form.
pub fn resource_type(provider: Provider, id: &str) -> Option<String> {
    match provider {
        Provider::Aws => aws::resource_type(id),
        // Scope ids (`azure:tenant:…`) are the only resource form other providers have today.
        other => scope_resource_type(other, id),
    }
}

/// The cloud partition a scope lives in (`aws`, `aws-us-gov`, `aws-cn`), when its provider has
/// partitions and the scope's data shows which.
pub fn partition(scope: &crate::model::Scope) -> Option<String> {
    match scope.provider {
        Provider::Aws => aws::partition(scope),
        _ => None,
    }
}

/// `aws:account:123` → `aws_account`.
pub(crate) fn scope_resource_type(provider: Provider, id: &str) -> Option<String> {
    let rest = id.strip_prefix(provider.as_str())?.strip_prefix(':')?;
    let kind = rest.split(':').next()?;
    Some(format!("{}_{kind}", provider.as_str()))
}
