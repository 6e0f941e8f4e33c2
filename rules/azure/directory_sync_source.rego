# When Entra Connect synchronises an on-premises directory, the directory is the source of truth.
package idgauge.rules.azure.directory_sync_source

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-002",
	"title": "A synchronised directory is the source of truth for the tenant's people",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 2,
	"anchor": {"level": 2, "section": "definition"},
	"severity": "medium",
	"requires": ["provisioning", "principals"],
	"description": concat(" ", [
		"For a tenant with on-premises directory synchronisation (Entra Connect / Cloud Sync) turned on:",
		"fails when the last synchronisation is older than `directory_sync_max_age_hours` (default 24) or",
		"unknown, and for every enabled, unprivileged member created in the cloud (not synchronised) that is",
		"not a declared break-glass account. Cloud-only administrator accounts are expected and not",
		"counted. Not applicable to a cloud-only tenant, where Entra ID itself is the identity repository.",
	]),
	"rationale": concat(" ", [
		"Level 2 means an organisational identity repository is the source of truth for users. A sync",
		"that stopped, or people created by hand in the cloud beside it, means the directory no longer",
		"decides who exists: leavers disabled on premises keep their cloud accounts.",
	]),
	"recommendation": concat(" ", [
		"Check the sync health in Entra admin center → Identity → Hybrid management → Microsoft Entra",
		"Connect (Connect Health shows the last run and errors) and restart the sync service on the",
		"server. Create people in the on-premises directory and let the sync create them in Entra; for",
		"cloud-only members, create the user on premises and soft-match it (same UPN or proxy address),",
		"or remove the cloud account.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

sync := [j | some j in azure.provisioning; j.kind == "entra_connect"; j.enabled == true]

max_hours := lib.threshold("directory_sync_max_age_hours")

not_applicable := "cloud-only tenant: no on-premises directory synchronisation is enabled, so Entra ID itself is the identity repository" if {
	count(sync) == 0
}

findings contains f if {
	some j in sync
	j.last_run == null
	f := {
		"resource": lib.scope_id,
		"message": sprintf("directory synchronisation is enabled on %s but has no recorded last run", [lib.scope_id]),
		"details": {"last_run": null},
	}
}

findings contains f if {
	some j in sync
	j.last_run != null
	age := (time.parse_rfc3339_ns(input.now) - time.parse_rfc3339_ns(j.last_run)) / 3600000000000
	age > max_hours
	f := {
		"resource": lib.scope_id,
		"message": sprintf("the last directory synchronisation of %s was %v hours ago, more than %v", [lib.scope_id, floor(age), max_hours]),
		"details": {"last_run": j.last_run, "max_hours": max_hours},
	}
}

findings contains f if {
	count(sync) > 0
	some p in lib.principals
	p.kind == "human"
	p.source == "local"
	p.console_access == true
	p.privileged != true
	not p.derived.break_glass
	f := {
		"resource": p.id,
		"message": sprintf("member %s was created in the cloud, beside the synchronised directory", [p.name]),
		"details": {"name": p.name, "source": "local"},
	}
}
