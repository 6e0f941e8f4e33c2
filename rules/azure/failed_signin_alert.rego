# Failed Entra sign-ins raise an alert where the sign-in logs land.
package idgauge.rules.azure.failed_signin_alert

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-021",
	"title": "Failed Entra sign-ins raise an alert",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Expand Logging & Alerting"},
	"severity": "medium",
	"requires": ["alerting", "audit_logs"],
	"description": concat(" ", [
		"Passes when an enabled alert that notifies someone detects failed sign-ins in a Log Analytics",
		"workspace an Entra diagnostic setting sends SignInLogs to: a Microsoft Sentinel scheduled or NRT",
		"analytics rule that creates incidents, or an Azure Monitor log search alert with an action group,",
		"whose query reads SigninLogs and keeps failures (a non-zero ResultType, or codes 50126, 50053,",
		"50057). Fails when no such alert exists, or when no diagnostic setting exports SignInLogs at all.",
		"Unknown when SignInLogs go only to a storage account or event hub: alerts in an external SIEM",
		"cannot be read (attest them).",
	]),
	"rationale": concat(" ", [
		"Repeated sign-in failures are the visible part of password spraying and credential stuffing",
		"against Entra ID. The maturity model's path to level 4 expands logging into alerting, so that",
		"repeated login failures reach the security team quickly; an alert that is disabled or sends",
		"nothing does not.",
	]),
	"recommendation": concat(" ", [
		"Send SignInLogs to a Log Analytics workspace (Entra admin center → Monitoring & health →",
		"Diagnostic settings), then either enable a Microsoft Sentinel analytics rule such as the",
		"'Password spray attack against Microsoft Entra ID application' template (Sentinel → Analytics",
		"→ Rule templates → Create rule, incident creation on), or create an Azure Monitor log search",
		"alert on the workspace: `az monitor scheduled-query create -g <rg> -n failed-sign-ins --scopes",
		"<workspace id> --condition \"count 'Failures' > 10\" --condition-query Failures=\"SigninLogs |",
		"where ResultType in ('50126','50053')\" --window-size 10m --evaluation-frequency 5m",
		"--action-groups <action group id>`.",
	]),
	"references": [
		"NIST SP 800-53 AU-6",
		"NIST SP 800-53 SI-4",
		"NIST SP 800-53 AC-7",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

# Entra sign-in log exports that deliver, and the workspaces among their destinations.
sign_in_exports := [l |
	some l in lib.audit_logs
	l.kind == "entra_diagnostic_setting"
	endswith(l.id, "/logs/SignInLogs")
	l.logging == true
]

workspaces := {lower(l.log_group) | some l in sign_in_exports; is_string(l.log_group)}

matching := [a | some a in lib.alerting; "signin_failure" in a.detects]

working := [a |
	some a in matching
	a.enabled == true
	a.has_action == true
	is_string(a.log_group)
	lower(a.log_group) in workspaces
]

problems(a) := sort(array.concat(
	array.concat(
		[p | a.enabled != true; p := "disabled"],
		[p | a.has_action != true; p := "notifies no one"],
	),
	[p | not lower(object.get(a, "log_group", "")) in workspaces; p := "not on a workspace receiving SignInLogs"],
))

findings contains f if {
	count(sign_in_exports) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No Entra diagnostic setting exports SignInLogs of %s: no alert can watch for failed sign-ins", [lib.scope_id]),
		"details": {"signal": "signin_failure", "workspaces": []},
	}
}

findings contains f if {
	count(workspaces) > 0
	count(working) == 0
	broken := [sprintf("%s (%s)", [a.name, concat(", ", problems(a))]) | some a in matching]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No enabled alert that notifies anyone watches for failed sign-ins in the workspaces receiving SignInLogs of %s (alerts that detect them but cannot fire: %s)", [lib.scope_id, lib.join(broken)]),
		"details": {
			"signal": "signin_failure",
			"workspaces": sort(workspaces),
			"matching_alerts": [{"id": a.id, "name": a.name, "kind": a.kind, "enabled": a.enabled, "has_action": a.has_action, "log_group": object.get(a, "log_group", null)} | some a in matching],
		},
	}
}

undetermined contains r if {
	count(sign_in_exports) > 0
	count(workspaces) == 0
	r := "SignInLogs are exported only to a storage account or event hub: alerts in an external SIEM cannot be read; attest the failed sign-in alert in idgauge.toml"
}
