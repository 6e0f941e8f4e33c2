# What the cloud says of a person's account matches what the directory says.
package idgauge.rules.common.no_account_drift

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-ALL-003",
	"title": "Cloud accounts match their directory person (attributes and group → role mapping)",
	"providers": ["aws", "azure", "gcp"],
	"scope_kinds": ["account", "tenant", "organization", "project"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "medium",
	"requires": ["reconciliation"],
	"description": concat(" ", [
		"For each cloud account joined with a directory person, fails on a mismatch: an account joined",
		"by employee id, external id or username whose e-mail differs from the person's mail / UPN; an",
		"account disabled in the cloud for a person enabled in the directory; and, for each",
		"`[[directory.group_roles]]` mapping, a person in the directory group whose account is not in",
		"the mapped cloud group, or the reverse. Not assessed without a directory input.",
	]),
	"rationale": concat(" ", [
		"The model's path to common standards compares the directory with each cloud to detect",
		"mismatched accounts and maps directory groups to cloud roles. Drift means the cloud is managed",
		"by hand beside the directory: privileges nobody granted in the source of truth, or people locked",
		"out of what the directory says they hold.",
	]),
	"recommendation": concat(" ", [
		"Make the directory the only place these facts change: provision the cloud from it (SCIM,",
		"Entra Connect, GCDS) and grant roles through groups the directory feeds. For each finding,",
		"correct the side that is wrong, then find the manual change that caused it.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 AC-2(j)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

rec := input.scope.sections.reconciliation

findings contains f if {
	some d in object.get(rec, ["data", "drift"], [])
	f := {
		"resource": d.account.id,
		"message": sprintf("%s: %s — directory %v, cloud %v (%s)", [d.account.name, d.attribute, d.directory, d.cloud, d.person]),
		"details": {"person": d.person, "attribute": d.attribute, "directory": d.directory, "cloud": d.cloud, "scope": lib.scope_id},
	}
}
