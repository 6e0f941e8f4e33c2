# Entra sign-in and audit logs are exported by a diagnostic setting.
package idgauge.rules.azure.entra_logs_exported

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-004",
	"title": "Entra sign-in and audit logs are exported",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Enable Basic Audit Logging"},
	"severity": "high",
	"requires": ["audit_logs"],
	"description": concat(" ", [
		"Fails for each of SignInLogs and AuditLogs that no Entra diagnostic setting (ARM",
		"microsoft.aadiam) exports, enabled, to a Log Analytics workspace, storage account or event hub.",
	]),
	"rationale": concat(" ", [
		"Entra keeps its sign-in and audit logs for 7 to 30 days only. Basic audit logging means being able",
		"to tell who signed in and who changed users and roles after that window: the logs must be sent",
		"somewhere they are kept.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Identity → Monitoring & health → Diagnostic settings → Add diagnostic",
		"setting: select AuditLogs and SignInLogs (and NonInteractiveUserSignInLogs) and send them to a",
		"Log Analytics workspace (needed for alerting) or a storage account with a retention policy.",
	]),
	"references": [
		"NIST SP 800-53 AU-2",
		"NIST SP 800-53 AU-12",
		"CIS Microsoft Azure Foundations 5.1",
		"NCSC Cloud Security Principle 13: Audit information for users",
	],
}

exported(category) if {
	some l in lib.audit_logs
	l.kind == "entra_diagnostic_setting"
	endswith(l.id, concat("/", ["/logs", category]))
	l.logging == true
}

findings contains f if {
	some category in ["AuditLogs", "SignInLogs"]
	not exported(category)
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no Entra diagnostic setting exports %s of %s", [category, lib.scope_id]),
		"details": {"category": category, "settings": sort({l.name | some l in lib.audit_logs})},
	}
}
