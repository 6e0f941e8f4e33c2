# Entra provisions accounts into applications automatically, and its provisioning jobs are healthy.
package idgauge.rules.azure.scim_provisioning_healthy

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-022",
	"title": "Applications are provisioned automatically (SCIM) by healthy provisioning jobs",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 4,
	"anchor": {"level": 4, "section": "good_enough", "step": "Automatic User Lifecycle"},
	"severity": "high",
	"requires": ["applications", "provisioning"],
	"description": concat(" ", [
		"Fails when no application has an enabled provisioning (SCIM) job, and for every provisioning",
		"job that is paused, disabled, in quarantine, failing or has never completed a cycle. Unknown",
		"when no job was found but some SSO apps' provisioning could not be read.",
	]),
	"rationale": concat(" ", [
		"At level 4 joiners, movers and leavers reach every service without anyone touching it: Entra",
		"creates, updates and disables the accounts through SCIM. A job in quarantine silently stops",
		"doing that — leavers keep their accounts in the target.",
	]),
	"recommendation": concat(" ", [
		"Enterprise applications → <app> → Provisioning → Provisioning Mode Automatic, enter the tenant",
		"URL and token, map attributes, Start provisioning. For a job in quarantine, fix the credentials",
		"or the failing attribute mapping (Provisioning logs), then Restart provisioning.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 AC-2(4)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

unread := [a.name | some a in azure.sso_apps; a.provisioning_read == false]

enabled_jobs := [j | some j in azure.scim_jobs; j.enabled == true]

findings contains f if {
	count(enabled_jobs) == 0
	count(unread) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no application in %s is provisioned automatically: no enabled provisioning job", [lib.scope_id]),
		"details": {"sso_apps": count(azure.sso_apps), "provisioning_jobs": count(azure.scim_jobs)},
	}
}

app_name(id) := a.name if {
	some a in azure.applications
	a.id == id
} else := id

findings contains f if {
	some j in azure.scim_jobs
	not azure.healthy_job(j)
	f := {
		"resource": j.id,
		"message": sprintf("provisioning job of %s is not healthy (status %v, enabled %v)", [app_name(j.app), object.get(j, "status", null), j.enabled]),
		"details": {"app": j.app, "status": object.get(j, "status", null), "enabled": j.enabled, "last_run": j.last_run},
	}
}

undetermined contains msg if {
	count(enabled_jobs) == 0
	count(unread) > 0
	msg := sprintf("no enabled provisioning job found, but the provisioning of %d SSO %s could not be read: %s", [count(unread), lib.plural(count(unread), "app", "apps"), lib.join(sort(unread))])
}
