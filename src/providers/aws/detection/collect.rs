//! Live collection (feature `aws-live`) of GuardDuty and IAM Access Analyzer:
//! SDK responses → the raw types. Errors are classified by [`crate::providers::aws::errors`];
//! helpers and orchestration (clients, regions, org fan-out) live in
//! [`crate::providers::aws::collect`].

use crate::providers::aws::collect::{failed, failed_with, unavailable, FAN_OUT};
use crate::providers::aws::normalize::{api, Input};
use crate::providers::aws::raw;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use std::collections::BTreeMap;

pub(crate) type DetectorInputs = (
    Input<Vec<String>>,
    Input<BTreeMap<String, raw::GuardDutyDetector>>,
);

pub(crate) async fn guardduty(gd: &aws_sdk_guardduty::Client, region: &str) -> DetectorInputs {
    let ids: Vec<String> = match gd
        .list_detectors()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(ids) => ids,
        Err(e) => {
            let reason = unavailable(&e);
            return (
                failed_with(api::GUARDDUTY_DETECTORS, &reason),
                failed_with(api::GUARDDUTY_DETECTOR, &reason),
            );
        }
    };
    let results = futures::stream::iter(ids.clone())
        .map(|id| async move {
            let r = gd.get_detector().detector_id(&id).send().await;
            (id, r)
        })
        .buffer_unordered(FAN_OUT)
        .collect::<Vec<_>>()
        .await;
    let mut map = BTreeMap::new();
    let mut status_input = None;
    for (id, r) in results {
        match r {
            Ok(o) => {
                let Some(status) = o.status() else { continue };
                map.insert(
                    id,
                    raw::GuardDutyDetector {
                        status: status.as_str().to_string(),
                        created_at: o
                            .created_at()
                            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                            .map(|t| t.with_timezone(&Utc)),
                        region: Some(region.to_string()),
                    },
                );
            }
            Err(e) => {
                status_input.get_or_insert_with(|| failed(api::GUARDDUTY_DETECTOR, &e));
            }
        }
    }
    let issued = !ids.is_empty();
    (
        Input::present(api::GUARDDUTY_DETECTORS, ids),
        status_input.unwrap_or_else(|| {
            crate::providers::aws::collect::fanned_out(api::GUARDDUTY_DETECTOR, issued, map)
        }),
    )
}

pub(crate) async fn analyzers(aa: &aws_sdk_accessanalyzer::Client) -> Input<Vec<raw::Analyzer>> {
    let op = api::ANALYZERS;
    match aa
        .list_analyzers()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            op,
            list.iter()
                .map(|a| raw::Analyzer {
                    arn: a.arn().to_string(),
                    name: a.name().to_string(),
                    analyzer_type: a.r#type().as_str().to_string(),
                    status: Some(a.status().as_str().to_string()),
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}
