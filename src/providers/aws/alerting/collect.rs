//! Live collection (feature `aws-live`) of CloudWatch Logs metric filters, CloudWatch alarms and
//! EventBridge rules: SDK responses → the raw types. Errors are classified by
//! [`crate::providers::aws::errors`]; helpers and orchestration (clients, regions, org fan-out)
//! live in [`crate::providers::aws::collect`].

use crate::providers::aws::collect::{failed, failed_with, unavailable, FAN_OUT};
use crate::providers::aws::normalize::{api, Input};
use crate::providers::aws::raw;
use futures::StreamExt;
use std::collections::BTreeMap;

pub(crate) async fn metric_filters(
    logs: &aws_sdk_cloudwatchlogs::Client,
    region: &str,
) -> Input<Vec<raw::MetricFilter>> {
    let op = api::METRIC_FILTERS;
    match logs
        .describe_metric_filters()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(list) => Input::present(
            op,
            list.iter()
                .filter_map(|f| {
                    Some(raw::MetricFilter {
                        filter_name: f.filter_name()?.to_string(),
                        filter_pattern: f.filter_pattern().map(str::to_string),
                        metric_transformations: f
                            .metric_transformations()
                            .iter()
                            .map(|t| raw::MetricTransformation {
                                metric_name: t.metric_name().to_string(),
                                metric_namespace: t.metric_namespace().to_string(),
                            })
                            .collect(),
                        log_group_name: f.log_group_name().map(str::to_string),
                        region: Some(region.to_string()),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

pub(crate) async fn alarms(cw: &aws_sdk_cloudwatch::Client) -> Input<Vec<raw::MetricAlarm>> {
    let op = api::ALARMS;
    match cw
        .describe_alarms()
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Input::present(
            op,
            pages
                .iter()
                .flat_map(|p| p.metric_alarms())
                .filter_map(|a| {
                    Some(raw::MetricAlarm {
                        alarm_name: a.alarm_name()?.to_string(),
                        alarm_arn: a.alarm_arn().map(str::to_string),
                        actions_enabled: a.actions_enabled(),
                        alarm_actions: a.alarm_actions().to_vec(),
                        metric_name: a.metric_name().map(str::to_string),
                        namespace: a.namespace().map(str::to_string),
                    })
                })
                .collect(),
        ),
        Err(e) => failed(op, &e),
    }
}

pub(crate) type RuleInputs = (
    Input<Vec<raw::EventRule>>,
    Input<BTreeMap<String, Vec<raw::EventTarget>>>,
);

/// The default event bus's rules (as `aws events list-rules`) and each rule's targets.
pub(crate) async fn event_rules(events: &aws_sdk_eventbridge::Client) -> RuleInputs {
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = match events
            .list_rules()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => {
                let reason = unavailable(&e);
                return (
                    failed_with(api::EVENT_RULES, &reason),
                    failed_with(api::EVENT_RULE_TARGETS, &reason),
                );
            }
        };
        rules.extend(page.rules().iter().filter_map(|r| {
            Some(raw::EventRule {
                name: r.name()?.to_string(),
                arn: r.arn().map(str::to_string),
                event_pattern: r.event_pattern().map(str::to_string),
                state: r.state().map(|s| s.as_str().to_string()),
                event_bus_name: r.event_bus_name().map(str::to_string),
            })
        }));
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    // Targets are keyed by the rule's ARN: rule names repeat across regions.
    let results = futures::stream::iter(rules.iter().map(|r| {
        (
            r.name.clone(),
            r.arn.clone().unwrap_or_else(|| r.name.clone()),
            r.event_bus_name.clone(),
        )
    }))
    .map(|(name, key, bus)| async move {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = match events
                .list_targets_by_rule()
                .rule(&name)
                .set_event_bus_name(bus.clone())
                .set_next_token(token.take())
                .send()
                .await
            {
                Ok(p) => p,
                Err(e) => return (key, Err(e)),
            };
            out.extend(page.targets().iter().map(|t| raw::EventTarget {
                id: t.id().to_string(),
                arn: t.arn().to_string(),
            }));
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        (key, Ok(out))
    })
    .buffer_unordered(FAN_OUT)
    .collect::<Vec<_>>()
    .await;
    let mut map = BTreeMap::new();
    let mut targets_input = None;
    for (name, r) in results {
        match r {
            Ok(t) => {
                map.insert(name, t);
            }
            Err(e) => {
                targets_input.get_or_insert_with(|| failed(api::EVENT_RULE_TARGETS, &e));
            }
        }
    }
    let issued = !rules.is_empty();
    (
        Input::present(api::EVENT_RULES, rules),
        targets_input.unwrap_or_else(|| {
            crate::providers::aws::collect::fanned_out(api::EVENT_RULE_TARGETS, issued, map)
        }),
    )
}
