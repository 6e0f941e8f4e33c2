# People hold privileged Azure roles on a subscription through PIM, not standing.
package idgauge.rules.azure.subscription_roles_eligible

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-024",
	"title": "No standing Owner, Contributor or access-administration role for users on a subscription",
	"provider": "azure",
	"scope_kinds": ["subscription"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Implement Access Workflows"},
	"severity": "high",
	"requires": ["privileged_access"],
	"description": concat(" ", [
		"Fails for every standing (PIM for Azure resources: Assigned with no end) assignment of Owner,",
		"Contributor, User Access Administrator or Role Based Access Control Administrator to a user,",
		"on the subscription or inherited from a management group, unless the user is a declared",
		"break-glass account. Eligible, activated and time-bound assignments pass. Unknown when PIM for",
		"Azure resources could not be read for such an assignment (refused, not licensed or not",
		"exported), since standing then cannot be told from activated. Assignments to groups (whose",
		"membership PIM for Groups may govern, which is not read) and to service principals are not judged.",
	]),
	"rationale": concat(" ", [
		"The path to level 4 puts an access workflow in front of privilege: a person activates Owner",
		"for a few hours with MFA and a justification (and approval where it matters) instead of",
		"holding it every day, so a stolen session or token does not carry standing control of the",
		"subscription.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Identity governance → Privileged Identity Management → Azure resources →",
		"<subscription> → Assignments → Add assignments → Assignment type Eligible for each person;",
		"then remove the active assignment (`az role assignment delete --assignee <upn> --role Owner",
		"--scope /subscriptions/<id>`). In the role settings require MFA and justification on",
		"activation, and approval for Owner and User Access Administrator.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(7)",
		"NIST SP 800-53 AC-6(5)",
		"CIS Microsoft Azure Foundations 1.23",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

privileged_roles := {"Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"}

people := [a |
	some a in azure.privileged_access
	a.role in privileged_roles
	object.get(a, "principal_type", null) == "user"
	not azure.is_break_glass(a.principal)
	not named_break_glass(a)
]

named_break_glass(a) if {
	is_string(a.principal_name)
	azure.is_break_glass(a.principal_name)
}

where(a) := sprintf(" (inherited from %s)", [a.resource]) if is_string(a.resource)

where(a) := "" if not is_string(object.get(a, "resource", null))

findings contains f if {
	some a in people
	a.assignment == "permanent"
	f := {
		"resource": a.principal,
		"message": sprintf("user %s holds %s on %s standing, not through PIM%s", [object.get(a, "principal_name", a.principal), a.role, lib.scope_id, where(a)]),
		"details": {"role": a.role, "assignment": "permanent", "resource": object.get(a, "resource", null)},
	}
}

undetermined contains r if {
	some a in people
	a.assignment == "active"
	r := sprintf("PIM for Azure resources was not read for %s's %s assignment: whether it is standing or activated is unknown", [object.get(a, "principal_name", a.principal), a.role])
}
