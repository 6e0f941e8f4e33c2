//! Asset lists → the same [`RawOrg`] inputs the per-resource reads fill, so that one
//! normalization serves both. Used by the live collector and the export importer alike.
//!
//! An asset list covers a set of resources (an organization, its folders and projects). What it
//! says about each, by content:
//! - `IAM_POLICY`: the policy of every resource it lists; a covered resource it does not list is
//!   left unread (the collector reads it with `getIamPolicy`; offline it is not collected). A
//!   project's IAP web resource (`iap.googleapis.com/Web`) is listed only when it has a policy:
//!   a covered project without one has no IAP grants;
//! - `ORG_POLICY`: which resources set org policies of their own; the others set none (an empty
//!   list); those that do are left unread (their v2 policies come from the Org Policy API);
//! - `RESOURCE`: every service account, user-managed key, log-based metric and log sink, each
//!   under its nearest ancestor; a covered project or node with none has none.
//!
//! An input already in the [`RawOrg`] (a per-resource read or export file) is kept.

use super::raw::{self, Asset, Content};
use crate::model::Unavailable;
use crate::providers::gcp::iam::raw::{ServiceAccount, ServiceAccountKey};
use crate::providers::gcp::logging::raw::{LogMetric, LogSink};
use crate::providers::gcp::normalize::{Input, RawOrg};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};

/// The resources an asset list covers, by canonical name (`organizations/1`, `folders/5`,
/// `projects/<project id>`), and project numbers → ids (asset ancestors name projects by number).
pub struct Coverage<'a> {
    pub resources: &'a BTreeSet<String>,
    pub numbers: &'a BTreeMap<String, String>,
}

impl Coverage<'_> {
    fn canonical(&self, r: &str) -> String {
        match r
            .strip_prefix("projects/")
            .and_then(|n| self.numbers.get(n))
        {
            Some(id) => format!("projects/{id}"),
            None => r.to_string(),
        }
    }
    /// The resource an asset belongs to (itself for hierarchy nodes).
    fn owner(&self, a: &Asset) -> Option<String> {
        a.ancestors.first().map(|r| self.canonical(r))
    }
    fn projects(&self) -> impl Iterator<Item = &str> {
        self.resources
            .iter()
            .filter_map(|r| r.strip_prefix("projects/"))
    }
}

/// The asset's resource data; `name` from the asset's own name (less the service host) when the
/// data leaves it out.
fn data<T: DeserializeOwned>(a: &Asset) -> Result<T, Unavailable> {
    let mut v = a
        .resource
        .as_ref()
        .map(|r| r.data.clone())
        .unwrap_or_default();
    if let (Some(o), Some((_, relative))) = (
        v.as_object_mut(),
        a.name.trim_start_matches("//").split_once('/'),
    ) {
        o.entry("name")
            .or_insert_with(|| serde_json::Value::String(relative.to_string()));
    }
    serde_json::from_value(v).map_err(|e| Unavailable {
        kind: crate::model::UnavailableKind::Error,
        message: format!(
            "{} `{}`: unexpected resource data: {e}",
            a.asset_type, a.name
        ),
    })
}

/// Fills `raw` from one asset list of `content`. An asset whose data has an unexpected shape
/// makes the whole list an error (nothing is filled).
pub fn apply(
    raw: &mut RawOrg,
    content: Content,
    source: &str,
    assets: &[Asset],
    cover: &Coverage,
) -> Result<(), Unavailable> {
    fn present<T>(source: &str, v: T) -> Input<T> {
        Input::present(source, v)
    }
    match content {
        Content::IamPolicy => {
            for a in assets {
                let (Some(r), Some(p)) = (cover.owner(a), &a.iam_policy) else {
                    continue;
                };
                if !cover.resources.contains(&r) {
                    continue;
                }
                if a.asset_type == raw::IAP_WEB {
                    if let Some(id) = r.strip_prefix("projects/") {
                        raw.iap_policies
                            .entry(id.to_string())
                            .or_insert_with(|| present(source, p.clone()));
                    }
                } else if raw::HIERARCHY_TYPES.contains(&a.asset_type.as_str()) {
                    raw.iam_policies
                        .entry(r)
                        .or_insert_with(|| present(source, p.clone()));
                }
            }
            for p in cover.projects() {
                raw.iap_policies
                    .entry(p.to_string())
                    .or_insert_with(|| present(source, Default::default()));
            }
        }
        Content::OrgPolicy => {
            let set: BTreeSet<String> = assets
                .iter()
                .filter(|a| !a.org_policy.is_empty())
                .filter_map(|a| cover.owner(a))
                .collect();
            for r in cover.resources.iter().filter(|r| !set.contains(*r)) {
                raw.org_policies
                    .entry(r.clone())
                    .or_insert_with(|| present(source, Vec::new()));
            }
        }
        Content::Resource => {
            let mut sas: BTreeMap<String, Vec<ServiceAccount>> = BTreeMap::new();
            let mut keys: BTreeMap<String, Vec<ServiceAccountKey>> = BTreeMap::new();
            let mut metrics: BTreeMap<String, Vec<LogMetric>> = BTreeMap::new();
            let mut sinks: BTreeMap<String, Vec<LogSink>> = BTreeMap::new();
            for a in assets {
                let Some(owner) = cover.owner(a) else {
                    continue;
                };
                let project = owner.strip_prefix("projects/").map(str::to_string);
                match (a.asset_type.as_str(), project) {
                    (raw::SERVICE_ACCOUNT, Some(p)) => {
                        sas.entry(p).or_default().push(data(a)?);
                    }
                    (raw::SERVICE_ACCOUNT_KEY, Some(_)) => {
                        let k: ServiceAccountKey = data(a)?;
                        if let (true, Some(email)) = (k.user_managed(), k.account()) {
                            keys.entry(email.to_ascii_lowercase()).or_default().push(k);
                        }
                    }
                    (raw::LOG_METRIC, Some(p)) => {
                        metrics.entry(p).or_default().push(data(a)?);
                    }
                    (raw::LOG_SINK, _) => {
                        sinks.entry(owner).or_default().push(data(a)?);
                    }
                    _ => {}
                }
            }
            for p in cover.projects() {
                let list = sas.remove(p).unwrap_or_default();
                for sa in &list {
                    let email = sa.email.to_ascii_lowercase();
                    let k = keys.remove(&email).unwrap_or_default();
                    raw.sa_keys
                        .entry(email)
                        .or_insert_with(|| present(source, k));
                }
                raw.service_accounts
                    .entry(p.to_string())
                    .or_insert_with(|| present(source, list));
                raw.log_metrics
                    .entry(p.to_string())
                    .or_insert_with(|| present(source, metrics.remove(p).unwrap_or_default()));
            }
            for r in cover.resources {
                raw.sinks
                    .entry(r.clone())
                    .or_insert_with(|| present(source, sinks.remove(r).unwrap_or_default()));
            }
        }
    }
    Ok(())
}

/// A refused or failed asset list: every input it would have filled is unavailable with
/// `reason` (inputs already read are kept).
pub fn fail(
    raw: &mut RawOrg,
    content: Content,
    source: &str,
    reason: &Unavailable,
    cover: &Coverage,
) {
    fn failed<T>(source: &str, reason: &Unavailable) -> Input<T> {
        Input::Failed {
            source: source.to_string(),
            reason: reason.clone(),
        }
    }
    for r in cover.resources {
        match content {
            Content::IamPolicy => {
                raw.iam_policies
                    .entry(r.clone())
                    .or_insert_with(|| failed(source, reason));
                if let Some(p) = r.strip_prefix("projects/") {
                    raw.iap_policies
                        .entry(p.to_string())
                        .or_insert_with(|| failed(source, reason));
                }
            }
            Content::OrgPolicy => {
                raw.org_policies
                    .entry(r.clone())
                    .or_insert_with(|| failed(source, reason));
            }
            Content::Resource => {
                raw.sinks
                    .entry(r.clone())
                    .or_insert_with(|| failed(source, reason));
                if let Some(p) = r.strip_prefix("projects/") {
                    raw.service_accounts
                        .entry(p.to_string())
                        .or_insert_with(|| failed(source, reason));
                    raw.log_metrics
                        .entry(p.to_string())
                        .or_insert_with(|| failed(source, reason));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(j: serde_json::Value) -> Vec<Asset> {
        serde_json::from_value(j).unwrap()
    }

    #[test]
    fn resources_go_to_their_nearest_ancestor_and_absent_ones_are_empty() {
        let resources: BTreeSet<String> = ["organizations/1", "projects/app", "projects/empty"]
            .into_iter()
            .map(String::from)
            .collect();
        let numbers = BTreeMap::from([("11".to_string(), "app".to_string())]);
        let cover = Coverage {
            resources: &resources,
            numbers: &numbers,
        };
        let list = assets(serde_json::json!([
            {"name": "//iam.googleapis.com/projects/app/serviceAccounts/ci@app.iam.gserviceaccount.com",
             "assetType": raw::SERVICE_ACCOUNT, "ancestors": ["projects/11", "organizations/1"],
             "resource": {"data": {"name": "projects/app/serviceAccounts/ci@app.iam.gserviceaccount.com", "email": "ci@app.iam.gserviceaccount.com"}}},
            {"name": "//iam.googleapis.com/projects/app/serviceAccounts/ci@app.iam.gserviceaccount.com/keys/k1",
             "assetType": raw::SERVICE_ACCOUNT_KEY, "ancestors": ["projects/11", "organizations/1"],
             "resource": {"data": {"keyType": "USER_MANAGED", "validAfterTime": "2026-01-01T00:00:00Z"}}},
            {"name": "//iam.googleapis.com/projects/app/serviceAccounts/ci@app.iam.gserviceaccount.com/keys/k2",
             "assetType": raw::SERVICE_ACCOUNT_KEY, "ancestors": ["projects/11", "organizations/1"],
             "resource": {"data": {"keyType": "SYSTEM_MANAGED"}}},
            {"name": "//logging.googleapis.com/organizations/1/sinks/audit", "assetType": raw::LOG_SINK,
             "ancestors": ["organizations/1"],
             "resource": {"data": {"name": "audit", "destination": "storage.googleapis.com/b", "includeChildren": true}}}
        ]));
        let mut raw = RawOrg::default();
        apply(
            &mut raw,
            Content::Resource,
            "cloudasset:assets.list",
            &list,
            &cover,
        )
        .unwrap();
        let keys = raw.sa_keys["ci@app.iam.gserviceaccount.com"]
            .data()
            .unwrap();
        assert_eq!(keys.len(), 1, "system-managed keys are left out");
        assert_eq!(keys[0].key_id(), "k1");
        assert_eq!(raw.service_accounts["app"].data().unwrap().len(), 1);
        assert_eq!(raw.service_accounts["empty"].data().unwrap().len(), 0);
        assert_eq!(
            raw.sinks["organizations/1"].data().unwrap()[0].id(),
            "audit"
        );
        assert!(raw.sinks["projects/app"].data().unwrap().is_empty());
    }

    #[test]
    fn unlisted_iam_policies_stay_unread_and_org_policies_name_who_sets_them() {
        let resources: BTreeSet<String> = ["organizations/1", "projects/app"]
            .into_iter()
            .map(String::from)
            .collect();
        let numbers = BTreeMap::new();
        let cover = Coverage {
            resources: &resources,
            numbers: &numbers,
        };
        let list = assets(serde_json::json!([
            {"name": "//cloudresourcemanager.googleapis.com/organizations/1",
             "assetType": raw::HIERARCHY_TYPES[0], "ancestors": ["organizations/1"],
             "iamPolicy": {"bindings": []},
             "orgPolicy": [{"constraint": "constraints/iam.allowedPolicyMemberDomains"}]}
        ]));
        let mut raw = RawOrg::default();
        apply(&mut raw, Content::IamPolicy, "s", &list, &cover).unwrap();
        apply(&mut raw, Content::OrgPolicy, "s", &list, &cover).unwrap();
        assert!(raw.iam_policies.contains_key("organizations/1"));
        assert!(!raw.iam_policies.contains_key("projects/app"));
        assert!(!raw.org_policies.contains_key("organizations/1"));
        assert!(raw.org_policies["projects/app"].data().unwrap().is_empty());
        // A bad shape fails the whole list.
        let bad = assets(serde_json::json!([{"name": "x", "assetType": raw::LOG_SINK,
            "ancestors": ["projects/app"], "resource": {"data": {"name": 5}}}]));
        let mut raw = RawOrg::default();
        assert!(apply(&mut raw, Content::Resource, "s", &bad, &cover).is_err());
    }
}
