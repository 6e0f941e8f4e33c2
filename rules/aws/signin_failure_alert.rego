# Console sign-in failures must raise an alert.
package idgauge.rules.aws.signin_failure_alert

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-024",
	"title": "Console sign-in failures raise an alert",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["alerting", "audit_logs"],
	"description": concat(" ", [
		"Passes when at least one enabled alert (a CloudWatch metric filter with an alarm, or an",
		"EventBridge rule) that has somewhere to send its notification detects failed console sign-ins.",
		"A metric filter counts only on the log group a logging trail delivers to (an organization",
		"trail's included): a filter on any other log group never sees the events.",
	]),
	"rationale": concat(" ", [
		"Repeated sign-in failures are the visible part of password guessing and credential-stuffing",
		"attacks. The maturity model expects repeated login failures to reach the security team quickly;",
		"an alert nobody receives, or one that is disabled, does not do that.",
	]),
	"recommendation": concat(" ", [
		"Send CloudTrail to CloudWatch Logs (CloudTrail → Trails → <trail> → CloudWatch Logs → Edit →",
		"Enabled), then create a metric filter and an alarm: `aws logs put-metric-filter --log-group-name",
		"<log-group> --filter-name console-signin-failures --metric-transformations",
		"metricName=ConsoleSigninFailures,metricNamespace=IdentityAlerts,metricValue=1 --filter-pattern",
		"'{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }'` and `aws",
		"cloudwatch put-metric-alarm --alarm-name console-signin-failures --namespace IdentityAlerts",
		"--metric-name ConsoleSigninFailures --statistic Sum --period 300 --evaluation-periods 1",
		"--threshold 3 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions",
		"<sns-topic-arn>`. Console: CloudWatch → Log groups → <log-group> → Metric filters → Create",
		"metric filter, then Create alarm with an SNS notification.",
	]),
	"references": [
		"NIST SP 800-53 AU-6",
		"NIST SP 800-53 SI-4",
		"CIS AWS Foundations v3.0 4.6",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

signal := "signin_failure"

matching := [a | some a in lib.alerting; signal in a.detects]

working := [a | some a in matching; aws.working_alert(a, signal)]

findings contains f if {
	count(working) == 0
	broken := [sprintf("%s (%s)", [a.name, concat(", ", aws.alert_problems(a))]) | some a in matching]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No enabled alert with a notification target watches for failed console sign-ins in %s (alerts that detect them but cannot fire: %s)", [lib.scope_id, lib.join(broken)]),
		"details": {"signal": signal, "trail_log_groups": sort([g | some g in aws.trail_log_groups]), "matching_alerts": [{"id": a.id, "name": a.name, "enabled": a.enabled, "has_action": a.has_action, "log_group": object.get(a, "log_group", null)} | some a in matching]},
	}
}
