# A multi-region trail must be logging management events, global services included.
package idgauge.rules.aws.multi_region_management_trail

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-016",
	"title": "A multi-region trail is logging management events",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 4, "section": "good_enough", "step": "Robust Security & Efficiency"},
	"severity": "high",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Passes when at least one CloudTrail trail is multi-region, currently logging, includes global",
		"service events (IAM, STS and console sign-in events), and does not exclude management events. If",
		"the only otherwise-qualifying trails have an unreadable logging status, the result is unknown.",
	]),
	"rationale": concat(" ", [
		"Identity events (sign-ins, user and key creation, role assumption, policy changes) are",
		"management events of global services. A trail that covers one region, or leaves out global or",
		"management events, misses exactly the record needed to attribute identity actions to people and",
		"to investigate misuse anywhere in the account.",
	]),
	"recommendation": concat(" ", [
		"CloudTrail console → Trails → <trail> → Edit: Multi-region trail = Yes; Management events: Read",
		"and Write; then Start logging. CLI: `aws cloudtrail update-trail --name <trail>",
		"--is-multi-region-trail --include-global-service-events`, `aws cloudtrail put-event-selectors",
		"--trail-name <trail> --event-selectors",
		"'[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'`, `aws cloudtrail start-logging",
		"--name <trail>`. Verify with `aws cloudtrail describe-trails` and `aws cloudtrail",
		"get-trail-status --name <trail>`. An organisation trail from the management account covers every",
		"member account.",
	]),
	"references": [
		"NIST SP 800-53 AU-2",
		"NIST SP 800-53 AU-12",
		"CIS AWS Foundations v3.0 3.1",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

# Multi-region, global events, management events not excluded; logging status aside.
shape_ok(t) if {
	t.multi_region == true
	t.include_global_events == true
	t.management_events != false
}

good := [t | some t in lib.audit_logs; shape_ok(t); t.logging == true]

unreadable := [t | some t in lib.audit_logs; shape_ok(t); t.logging == null]

gaps(t) := [g |
	some check in [
		["single-region", t.multi_region != true],
		["not logging", t.logging == false],
		["logging status unknown", t.logging == null],
		["global service events excluded", t.include_global_events != true],
		["management events excluded", t.management_events == false],
	]
	check[1]
	g := check[0]
]

findings contains f if {
	count(good) == 0
	count(unreadable) == 0
	summary := trail_summary
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No multi-region CloudTrail trail in %s is logging management and global service events (%s)", [lib.scope_id, summary]),
		"details": {"trails": [{
			"id": t.id,
			"name": t.name,
			"multi_region": t.multi_region,
			"logging": t.logging,
			"include_global_events": t.include_global_events,
			"management_events": t.management_events,
		} |
			some t in lib.audit_logs
		]},
	}
}

trail_summary := concat("; ", [sprintf("%s: %s", [t.name, concat(", ", gaps(t))]) | some t in lib.audit_logs]) if {
	count(lib.audit_logs) > 0
}

trail_summary := "no trail exists" if count(lib.audit_logs) == 0

undetermined contains r if {
	count(good) == 0
	some t in unreadable
	r := sprintf("multi-region trail %s (%s) would qualify but its logging status could not be read", [t.name, t.id])
}
