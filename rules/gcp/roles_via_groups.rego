# Roles are granted to groups mapped from the directory, not to individual users.
package idgauge.rules.gcp.roles_via_groups

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-005",
	"title": "Roles are granted to groups, not individual users",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Standardise User Roles"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every user or workforce principal (other than declared break-glass users) named",
		"directly in a binding of the scope's effective IAM policy, inherited grants included, or of the",
		"project's Identity-Aware Proxy policy (`projects/<id>/iap_web`: who may reach its IAP-protected",
		"apps, `roles/iap.httpsResourceAccessor`), when that was read. Grants to `group:`, `domain:`",
		"and workforce `principalSet://` members pass.",
	]),
	"rationale": concat(" ", [
		"Roles granted person by person drift from the directory: a mover keeps the old team's access",
		"and nobody can see which job a grant belongs to. Level 3 maps directory groups to cloud roles,",
		"so joining or leaving a group is the only change needed.",
	]),
	"recommendation": concat(" ", [
		"Create (or sync from your IdP) a group per job, grant the role to the group: `gcloud projects",
		"add-iam-policy-binding PROJECT --member=group:TEAM@DOMAIN --role=ROLE`, add the people to it,",
		"then remove the individual bindings: `gcloud projects remove-iam-policy-binding PROJECT",
		"--member=user:NAME@DOMAIN --role=ROLE`.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-6",
		"CIS Google Cloud Platform Foundation v3.0 1.x (group-based access)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some p in lib.principals
	p.kind == "human"
	not p.derived.break_glass
	grants := [sprintf("%s at %s", [g.role, g.resource]) | some g in p.grants]
	count(grants) > 0
	f := {
		"resource": p.id,
		"message": sprintf("%s is granted %s directly rather than through a group", [p.name, concat(", ", grants)]),
		"details": {"grants": grants},
	}
}
