# Changes to IAM users and their permissions must raise an alert.
package idgauge.rules.aws.iam_change_alert

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-028",
	"title": "IAM permission changes raise an alert",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["alerting", "audit_logs"],
	"description": concat(" ", [
		"Passes when at least one enabled alert (a CloudWatch metric filter with an alarm, or an",
		"EventBridge rule) that has somewhere to send its notification detects IAM identity and",
		"permission changes: a user created, an access key created, or a policy attached to or put on a",
		"user.",
		"A metric filter counts only on the log group a logging trail delivers to (an organization",
		"trail's included): a filter on any other log group never sees the events.",
	]),
	"rationale": concat(" ", [
		"At level 4 the central provider makes every grant, so a permission change made directly in IAM",
		"is either an emergency or a way around the process. The model expects security logs to follow",
		"every permission change; logging alone leaves the change unnoticed until someone reads the",
		"log. An alert that is disabled, or has no one to notify, does not do that.",
	]),
	"recommendation": concat(" ", [
		"Create an EventBridge rule in us-east-1 (where IAM events are delivered) that notifies the",
		"security team: `aws events put-rule --region us-east-1 --name iam-identity-changes",
		"--event-pattern '{\"source\":[\"aws.iam\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],",
		"\"detail\":{\"eventName\":[\"CreateUser\",\"CreateAccessKey\",\"CreateLoginProfile\",",
		"\"AttachUserPolicy\",\"PutUserPolicy\"]}}'` and `aws events put-targets --region us-east-1",
		"--rule iam-identity-changes --targets Id=sns,Arn=<sns-topic-arn>`. Or, with CloudTrail in",
		"CloudWatch Logs, a metric filter on those event names (`aws logs put-metric-filter`) with an",
		"alarm (`aws cloudwatch put-metric-alarm ... --alarm-actions <sns-topic-arn>`). Console:",
		"EventBridge → Rules → Create rule → AWS events → IAM → AWS API Call via CloudTrail, target an",
		"SNS topic.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(4)",
		"NIST SP 800-53 AU-6",
		"NIST SP 800-53 SI-4",
		"CIS AWS Foundations v3.0 4.4",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

signal := "iam_change"

matching := [a | some a in lib.alerting; signal in a.detects]

working := [a | some a in matching; aws.working_alert(a, signal)]

findings contains f if {
	count(working) == 0
	broken := [sprintf("%s (%s)", [a.name, concat(", ", aws.alert_problems(a))]) | some a in matching]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No enabled alert with a notification target watches for IAM user and permission changes in %s (alerts that detect them but cannot fire: %s)", [lib.scope_id, lib.join(broken)]),
		"details": {"signal": signal, "trail_log_groups": sort([g | some g in aws.trail_log_groups]), "matching_alerts": [{"id": a.id, "name": a.name, "enabled": a.enabled, "has_action": a.has_action, "log_group": object.get(a, "log_group", null)} | some a in matching]},
	}
}
