# IAM policy changes raise an alert.
package idgauge.rules.gcp.iam_policy_change_alert

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-011",
	"title": "IAM policy changes raise an alert",
	"provider": "gcp",
	"scope_kinds": ["project"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["alerting"],
	"description": concat(" ", [
		"Passes when the project has an enabled alert policy with a notification channel that matches",
		"IAM policy changes (`SetIamPolicy`, policy deltas, ownership changes or custom-role changes),",
		"directly on log entries or through an enabled log-based metric.",
	]),
	"rationale": concat(" ", [
		"A permission change made outside the standard process, or by an attacker, should reach",
		"someone at once. Level 4 expects security logs to track every permission change and the",
		"model's path there is expanded logging and alerting.",
	]),
	"recommendation": concat(" ", [
		"Create a log-based metric and an alert on it: `gcloud logging metrics create iam-changes",
		"--log-filter='protoPayload.methodName=\"SetIamPolicy\"'`, then in Monitoring → Alerting →",
		"Create policy choose the metric `logging/user/iam-changes`, threshold above 0, and a",
		"notification channel. A log-match alert policy on the same filter also counts.",
	]),
	"references": [
		"NIST SP 800-53 AU-6",
		"NIST SP 800-53 SI-4",
		"CIS Google Cloud Platform Foundation v3.0 2.4",
		"CIS Google Cloud Platform Foundation v3.0 2.6",
	],
}

alerts := [a | some a in lib.alerting; "iam_change" in a.detects; a.enabled == true; a.has_action == true]

findings contains f if {
	count(alerts) == 0
	partial := [a.name | some a in lib.alerting; "iam_change" in a.detects]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled alert policy with a notification channel matches IAM policy changes (disabled or silent ones: %s)", [lib.join(partial)]),
		"details": {"disabled_or_silent": partial},
	}
}
