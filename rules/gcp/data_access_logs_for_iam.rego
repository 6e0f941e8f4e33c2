# Reads and writes of IAM data are logged, for everyone.
package idgauge.rules.gcp.data_access_logs_for_iam

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-010",
	"title": "Data Access audit logs are on for IAM, with no exempted members",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Passes when an audit config in force for the scope (set on it or inherited from a folder or",
		"the organization) for `allServices` or `iam.googleapis.com` turns on both `DATA_READ` and",
		"`DATA_WRITE` logs, and no such config exempts members. Admin Activity logs are always on in",
		"Google Cloud and are not checked.",
	]),
	"rationale": concat(" ", [
		"Admin Activity logs record changes, not who read keys, policies or service-account details;",
		"Data Access logs do, and alerting and investigations need them. An exempted member is a person",
		"or workload whose access leaves no trace.",
	]),
	"recommendation": concat(" ", [
		"Turn on Data Access logs at the organization: console → IAM & Admin → Audit Logs → Identity",
		"and Access Management (or Default configuration) → Data Read and Data Write → Save, or add to the",
		"organization policy `auditConfigs: [{service: allServices, auditLogConfigs: [{logType:",
		"DATA_READ}, {logType: DATA_WRITE}]}]` with `gcloud organizations set-iam-policy`. Remove",
		"exempted members.",
	]),
	"references": [
		"NIST SP 800-53 AU-2",
		"NIST SP 800-53 AU-12",
		"CIS Google Cloud Platform Foundation v3.0 2.1",
	],
}

covers(a) if a.service in {"allServices", "iam.googleapis.com"}

complete(a) if {
	covers(a)
	"DATA_READ" in a.log_types
	"DATA_WRITE" in a.log_types
}

findings contains f if {
	not any_complete
	seen := [sprintf("%s (%s)", [a.id, lib.join(a.log_types)]) | some a in lib.audit_logs; covers(a)]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no audit config for allServices or iam.googleapis.com turns on DATA_READ and DATA_WRITE (in force: %s)", [lib.join(seen)]),
		"details": {"audit_configs": seen},
	}
}

findings contains f if {
	some a in lib.audit_logs
	covers(a)
	count(object.get(a, "exempted_members", [])) > 0
	f := {
		"resource": a.id,
		"message": sprintf("%s exempts %s from Data Access logging", [a.id, concat(", ", a.exempted_members)]),
		"details": {"exempted_members": a.exempted_members},
	}
}

any_complete if {
	some a in lib.audit_logs
	complete(a)
}
