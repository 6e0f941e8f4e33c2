# Log file validation must be on for the logging multi-region trail.
package idgauge.rules.aws.trail_log_file_validation

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-017",
	"title": "Log file validation is on for the multi-region trail",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"placement": "advisory",
	"anchor": {"outside_model": "integrity of the audit log files (CIS AWS 3.2); the model asks that permission changes are logged, not how logs are protected"},
	"severity": "medium",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Among the multi-region trails that are logging, fails unless at least one has log file",
		"validation enabled; each logging multi-region trail without validation is listed. Unknown when",
		"no logging trail is validated and a multi-region trail's logging status could not be read. Not",
		"applicable when no multi-region trail is logging (IDG-AWS-016 reports that).",
	]),
	"rationale": concat(" ", [
		"Audit records only establish who did what if they can be trusted. With log file validation",
		"CloudTrail signs a digest of every delivered file, so deletion or tampering by someone covering",
		"their tracks, for instance after misusing a privileged identity, can be detected.",
	]),
	"recommendation": concat(" ", [
		"CloudTrail console → Trails → <trail> → General details → Edit → Log file validation: Enabled.",
		"CLI: `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`. Check the chain",
		"later with `aws cloudtrail validate-logs --trail-arn <trail-arn> --start-time",
		"<YYYY-MM-DDThh:mm:ssZ>`.",
	]),
	"references": [
		"NIST SP 800-53 AU-9",
		"NIST SP 800-53 AU-9(3)",
		"CIS AWS Foundations v3.0 3.2",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

logging_multi_region := [t |
	some t in lib.audit_logs
	t.multi_region == true
	t.logging == true
]

validated := [t | some t in logging_multi_region; t.log_file_validation == true]

# Multi-region trails whose logging status could not be read: one of them may be the logging
# trail, so "none is logging" cannot be concluded.
status_unknown := [t |
	some t in lib.audit_logs
	t.multi_region == true
	t.logging == null
]

not_applicable := "no multi-region trail is logging (see IDG-AWS-016)" if {
	count(logging_multi_region) == 0
	count(status_unknown) == 0
}

undetermined contains sprintf("the logging status of multi-region trail %s could not be read", [t.name]) if {
	count(validated) == 0
	some t in status_unknown
	t.log_file_validation != true
}

findings contains f if {
	count(validated) == 0
	some t in logging_multi_region
	f := {
		"resource": t.id,
		"message": sprintf("Multi-region trail %s is logging without log file validation, and no other logging multi-region trail has it", [t.name]),
		"details": {"name": t.name, "log_file_validation": false, "logging_multi_region_trails": count(logging_multi_region)},
	}
}
