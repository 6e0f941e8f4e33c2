//! Normalization of CloudTrail: trails as audit logs.
//! Decisions are listed in [`crate::providers::aws::normalize`].

use crate::model::AuditLog;
use crate::providers::aws::raw;
use std::collections::BTreeMap;

/// Management events recorded, from a trail's event selectors.
pub fn management_events(sel: &raw::EventSelectors) -> bool {
    if sel.event_selectors.is_empty() && sel.advanced_event_selectors.is_empty() {
        // No selectors at all: CloudTrail's documented default for a trail, all read and write
        // management events (a trail created without PutEventSelectors answers like this).
        return true;
    }
    if !sel.event_selectors.is_empty() {
        return sel
            .event_selectors
            .iter()
            .any(|s| s.include_management_events.unwrap_or(true));
    }
    sel.advanced_event_selectors.iter().any(|a| {
        a.field_selectors
            .iter()
            .any(|f| f.field == "eventCategory" && f.equals.iter().any(|e| e == "Management"))
    })
}

/// The log group's name in a CloudWatch Logs log-group ARN
/// (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` → `NAME`; names may hold `:`-free paths).
pub(crate) fn log_group_name(arn: &str) -> Option<String> {
    let rest = arn.split_once(":log-group:")?.1;
    let name = rest.strip_suffix(":*").unwrap_or(rest);
    (!name.is_empty()).then(|| name.to_string())
}

pub(crate) fn audit_logs(
    trails: &[raw::Trail],
    status: &BTreeMap<String, raw::TrailStatus>,
    selectors: &BTreeMap<String, raw::EventSelectors>,
) -> Vec<AuditLog> {
    let mut out: Vec<AuditLog> = trails
        .iter()
        .map(|t| AuditLog {
            id: t.trail_arn.clone(),
            name: t.name.clone(),
            kind: "cloudtrail".into(),
            home_region: t.home_region.clone(),
            multi_region: t.is_multi_region_trail,
            logging: status.get(&t.trail_arn).and_then(|s| s.is_logging),
            log_file_validation: t.log_file_validation_enabled,
            include_global_events: t.include_global_service_events,
            management_events: selectors.get(&t.trail_arn).map(management_events),
            organization_trail: t.is_organization_trail,
            streams_to_logs: t
                .cloud_watch_logs_log_group_arn
                .as_deref()
                .is_some_and(|a| !a.is_empty()),
            log_group: t
                .cloud_watch_logs_log_group_arn
                .as_deref()
                .and_then(log_group_name),
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}
