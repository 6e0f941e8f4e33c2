# People get predefined or custom roles, never the basic owner/editor roles.
package idgauge.rules.gcp.no_basic_roles_for_people

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-004",
	"title": "No basic owner/editor roles for people",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Standardise User Roles"},
	"severity": "high",
	"requires": ["principals", "groups"],
	"description": concat(" ", [
		"Fails for every user (other than declared break-glass users), group, domain or workforce",
		"principal set holding `roles/owner` or `roles/editor` in the scope's effective IAM policy,",
		"inherited grants included.",
	]),
	"rationale": concat(" ", [
		"The basic roles grant write access to nearly every service and are not mapped to any job:",
		"level 3 expects standard roles that map directory groups to defined privileges. Owner and",
		"editor also hide who can do what from any review.",
	]),
	"recommendation": concat(" ", [
		"Replace each basic role with the predefined roles the work needs (the IAM recommender in the",
		"console's IAM page shows what was used): `gcloud projects add-iam-policy-binding PROJECT",
		"--member=group:TEAM@DOMAIN --role=roles/ROLE`, then `gcloud projects remove-iam-policy-binding",
		"PROJECT --member=MEMBER --role=roles/editor`. Keep owner for break-glass accounts declared in",
		"idgauge.toml, or grant it just in time through Privileged Access Manager.",
	]),
	"references": [
		"NIST SP 800-53 AC-6",
		"CIS Google Cloud Platform Foundation v3.0 1.5",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some p in lib.principals
	p.kind == "human"
	not p.derived.break_glass
	roles := gcp.grant_labels(p, gcp.basic_roles)
	count(roles) > 0
	f := {
		"resource": p.id,
		"message": sprintf("user %s holds the basic %s", [p.name, concat(", ", roles)]),
		"details": {"grants": roles},
	}
}

findings contains f if {
	some g in lib.groups
	roles := gcp.grant_labels(g, gcp.basic_roles)
	count(roles) > 0
	f := {
		"resource": g.id,
		"message": sprintf("%s holds the basic %s", [g.id, concat(", ", roles)]),
		"details": {"grants": roles},
	}
}
