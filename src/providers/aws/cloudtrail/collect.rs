//! Live collection (feature `aws-live`) of CloudTrail:
//! SDK responses → the raw types. Errors are classified by [`crate::providers::aws::errors`];
//! helpers and orchestration (clients, regions, org fan-out) live in
//! [`crate::providers::aws::collect`].

use crate::model::{Unavailable, UnavailableKind};
use crate::providers::aws::collect::{failed, failed_with, fanned_out, time};
use crate::providers::aws::normalize::{api, Input};
use crate::providers::aws::raw;
use futures::StreamExt;
use std::collections::BTreeMap;

/// Per-trail calls in flight at once.
pub(crate) const TRAIL_CONCURRENCY: usize = 4;

/// `cloudtrail:DescribeTrails` in one region (shadow trails included, so a multi-region trail
/// appears in every region; the caller de-duplicates by ARN).
pub(crate) async fn describe_trails(ct: &aws_sdk_cloudtrail::Client) -> Input<Vec<raw::Trail>> {
    match ct.describe_trails().send().await {
        Ok(o) => Input::present(
            api::TRAILS,
            o.trail_list()
                .iter()
                .filter_map(|t| {
                    Some(raw::Trail {
                        name: t.name()?.to_string(),
                        trail_arn: t.trail_arn()?.to_string(),
                        home_region: t.home_region().map(str::to_string),
                        is_multi_region_trail: t.is_multi_region_trail().unwrap_or(false),
                        include_global_service_events: t
                            .include_global_service_events()
                            .unwrap_or(false),
                        log_file_validation_enabled: t
                            .log_file_validation_enabled()
                            .unwrap_or(false),
                        is_organization_trail: t.is_organization_trail().unwrap_or(false),
                        cloud_watch_logs_log_group_arn: t
                            .cloud_watch_logs_log_group_arn()
                            .map(str::to_string),
                        s3_bucket_name: t.s3_bucket_name().map(str::to_string),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(api::TRAILS, &e),
    }
}

/// Each trail's status and event selectors, asked of the client `client_for` picks for the
/// trail's home region.
pub(crate) async fn trail_details<'c>(
    trails: &Input<Vec<raw::Trail>>,
    client_for: impl Fn(Option<&str>) -> Option<&'c aws_sdk_cloudtrail::Client>,
) -> (
    Input<BTreeMap<String, raw::TrailStatus>>,
    Input<BTreeMap<String, raw::EventSelectors>>,
) {
    let trails = match trails {
        Input::Present { data, .. } => data,
        Input::Failed { reason, .. } => {
            // Without the trail list, neither per-trail input can be read.
            return (
                failed_with(api::TRAIL_STATUS, reason),
                failed_with(api::EVENT_SELECTORS, reason),
            );
        }
        Input::Missing { message } => {
            return (
                Input::Missing {
                    message: message.clone(),
                },
                Input::Missing {
                    message: message.clone(),
                },
            )
        }
    };
    let mut arns: Vec<(String, &aws_sdk_cloudtrail::Client)> = Vec::new();
    for t in trails {
        match client_for(t.home_region.as_deref()) {
            Some(c) => arns.push((t.trail_arn.clone(), c)),
            None => {
                let reason = Unavailable {
                    kind: UnavailableKind::Error,
                    message: format!("no region to ask about trail {}", t.trail_arn),
                };
                return (
                    failed_with(api::TRAIL_STATUS, &reason),
                    failed_with(api::EVENT_SELECTORS, &reason),
                );
            }
        }
    }

    let issued = !arns.is_empty();
    let status = futures::stream::iter(arns.clone())
        .map(|(arn, ct)| async move {
            let r = ct.get_trail_status().name(&arn).send().await;
            (arn, r)
        })
        .buffer_unordered(TRAIL_CONCURRENCY)
        .collect::<Vec<_>>();
    let selectors = futures::stream::iter(arns)
        .map(|(arn, ct)| async move {
            let r = ct.get_event_selectors().trail_name(&arn).send().await;
            (arn, r)
        })
        .buffer_unordered(TRAIL_CONCURRENCY)
        .collect::<Vec<_>>();
    let (status, selectors) = tokio::join!(status, selectors);

    let mut status_map = BTreeMap::new();
    let mut status_input = None;
    for (arn, r) in status {
        match r {
            Ok(o) => {
                status_map.insert(
                    arn,
                    raw::TrailStatus {
                        is_logging: o.is_logging(),
                        latest_delivery_time: time(o.latest_delivery_time()),
                        start_logging_time: time(o.start_logging_time()),
                        stop_logging_time: time(o.stop_logging_time()),
                        latest_delivery_error: o.latest_delivery_error().map(str::to_string),
                    },
                );
            }
            Err(e) => {
                status_input.get_or_insert_with(|| failed(api::TRAIL_STATUS, &e));
            }
        }
    }
    let mut sel_map = BTreeMap::new();
    let mut sel_input = None;
    for (arn, r) in selectors {
        match r {
            Ok(o) => {
                sel_map.insert(
                    arn,
                    raw::EventSelectors {
                        trail_arn: o.trail_arn().map(str::to_string),
                        event_selectors: o
                            .event_selectors()
                            .iter()
                            .map(|s| raw::EventSelector {
                                read_write_type: s
                                    .read_write_type()
                                    .map(|t| t.as_str().to_string()),
                                include_management_events: s.include_management_events(),
                            })
                            .collect(),
                        advanced_event_selectors: o
                            .advanced_event_selectors()
                            .iter()
                            .map(|a| raw::AdvancedEventSelector {
                                name: a.name().map(str::to_string),
                                field_selectors: a
                                    .field_selectors()
                                    .iter()
                                    .map(|f| raw::FieldSelector {
                                        field: f.field().to_string(),
                                        equals: f.equals().to_vec(),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    },
                );
            }
            Err(e) => {
                sel_input.get_or_insert_with(|| failed(api::EVENT_SELECTORS, &e));
            }
        }
    }
    (
        status_input.unwrap_or_else(|| fanned_out(api::TRAIL_STATUS, issued, status_map)),
        sel_input.unwrap_or_else(|| fanned_out(api::EVENT_SELECTORS, issued, sel_map)),
    )
}
