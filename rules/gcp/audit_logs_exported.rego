# Audit logs leave the project: an enabled log sink routes them to a central destination.
package idgauge.rules.gcp.audit_logs_exported

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-016",
	"title": "Audit logs are exported by a log sink",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Passes when an enabled log sink in force for the scope routes Cloud Audit Logs",
		"(`cloudaudit.googleapis.com`, or every log when it has no filter) and no enabled exclusion",
		"drops them: a sink on the scope itself, or an aggregated sink (`includeChildren`) on a folder",
		"or the organization above it. The built-in `_Required` and `_Default` sinks, which keep logs",
		"in the project's own buckets, are not exports.",
	]),
	"rationale": concat(" ", [
		"Admin Activity logs stay 400 days in each project's own bucket, where whoever owns the",
		"project can read around them and no one sees them together. The model's step to level 4",
		"expands logging into security tooling: identity changes and sign-ins of every project",
		"reaching one place, kept beyond the project, is what alerting and investigation build on.",
	]),
	"recommendation": concat(" ", [
		"Create one aggregated sink at the organization: `gcloud logging sinks create audit-to-siem",
		"<destination> --organization=<ORG_ID> --include-children",
		"--log-filter='logName:\"cloudaudit.googleapis.com\"'` (a Pub/Sub topic for the SIEM, a",
		"BigQuery dataset or a log bucket in a central logging project), then grant the sink's writer",
		"identity access to the destination.",
	]),
	"references": [
		"NIST SP 800-53 AU-6(3)",
		"NIST SP 800-53 AU-9(2)",
		"CIS Google Cloud Platform Foundation v3.0 2.2",
	],
}

exports(l) if {
	l.kind == "gcp_log_sink"
	l.logging == true
	l.management_events == true
}

findings contains f if {
	not any_export
	sinks := [sprintf("%s (%s)", [l.id, object.get(l, "log_group", "no destination")]) |
		some l in lib.audit_logs
		l.kind == "gcp_log_sink"
	]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled log sink in force exports the audit logs of %s (sinks: %s)", [lib.scope_id, lib.join(sinks)]),
		"details": {"sinks": sinks},
	}
}

any_export if {
	some l in lib.audit_logs
	exports(l)
}
