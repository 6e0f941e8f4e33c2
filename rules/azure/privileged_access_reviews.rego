# Roles and group memberships are reviewed on a schedule.
package idgauge.rules.azure.privileged_access_reviews

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-033",
	"title": "Recurring access reviews cover directory roles or groups",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Review & Update Roles Continuously"},
	"severity": "medium",
	"requires": ["access_analysis"],
	"description": concat(" ", [
		"Fails when no active (in progress or scheduled) Entra access review covers directory roles,",
		"groups or application assignments. Guest-only reviews are counted by IDG-AZ-032.",
	]),
	"rationale": concat(" ", [
		"Continuous role review on the way to level 5 removes entitlements people no longer use: a",
		"recurring review asks owners or the users themselves, and applies the answer automatically.",
	]),
	"recommendation": concat(" ", [
		"Identity Governance → Access reviews → New access review: review the members of privileged",
		"groups and the application assignments quarterly, with auto-apply and \"remove access\" when",
		"reviewers do not respond; PIM → Microsoft Entra roles → Access reviews for directory roles.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 AC-6(7)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

reviews := [a |
	some a in lib.access_analysis
	a.kind == "access_review"
	a.active == true
	a.zone != "guests"
]

findings contains f if {
	count(reviews) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no active access review covers directory roles, groups or application assignments in %s", [lib.scope_id]),
		"details": {"access_reviews": sort([a.name | some a in lib.access_analysis])},
	}
}
