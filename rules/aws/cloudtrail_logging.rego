# At least one CloudTrail trail must be logging.
package idgauge.rules.aws.cloudtrail_logging

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-005",
	"title": "At least one CloudTrail trail is logging",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Enable Basic Audit Logging"},
	"severity": "high",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Fails when no CloudTrail trail that applies to the account is currently logging",
		"(`GetTrailStatus` `IsLogging`), including when there is no trail at all. When no trail is known",
		"to be logging but the status of some trail could not be read, the result is unknown rather than",
		"a failure.",
	]),
	"rationale": concat(" ", [
		"Individual accounts only bring accountability if their actions are recorded. Without a",
		"delivering trail there is no durable record of who signed in, who created users or changed",
		"permissions, and incidents cannot be investigated beyond the 90 days of CloudTrail event",
		"history. Turning on audit logging is one of the first steps the maturity model asks for.",
	]),
	"recommendation": concat(" ", [
		"CloudTrail console → Trails → Create trail: apply to all regions, management events Read and",
		"Write, deliver to a dedicated S3 bucket; or select a stopped trail and choose Start logging.",
		"CLI: `aws cloudtrail create-trail --name account-audit --s3-bucket-name <bucket>",
		"--is-multi-region-trail --enable-log-file-validation`, then `aws cloudtrail start-logging --name",
		"account-audit`; check with `aws cloudtrail get-trail-status --name account-audit --query",
		"IsLogging`. In an organisation, one organisation trail created in the management account",
		"(`--is-organization-trail`) covers every member account.",
	]),
	"references": [
		"NIST SP 800-53 AU-2",
		"NIST SP 800-53 AU-12",
		"CIS AWS Foundations v3.0 3.1",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

logging_trails := [t | some t in lib.audit_logs; t.logging == true]

unreadable_trails := [t | some t in lib.audit_logs; t.logging == null]

findings contains f if {
	count(logging_trails) == 0
	count(unreadable_trails) == 0
	f := {
		"resource": lib.scope_id,
		"message": message,
		"details": {"trails": [{"id": t.id, "name": t.name, "logging": t.logging} | some t in lib.audit_logs]},
	}
}

message := sprintf("No CloudTrail trail is configured for %s, so nothing is logged", [lib.scope_id]) if {
	count(lib.audit_logs) == 0
}

message := sprintf("No CloudTrail trail is logging in %s (%d %s configured, none delivering: %s)", [lib.scope_id, n, lib.plural(n, "trail", "trails"), concat(", ", stopped)]) if {
	stopped := [t.name | some t in lib.audit_logs]
	n := count(stopped)
	n > 0
}

undetermined contains r if {
	count(logging_trails) == 0
	some t in unreadable_trails
	r := sprintf("the logging status of trail %s (%s) could not be read", [t.name, t.id])
}
