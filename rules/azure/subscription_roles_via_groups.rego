# Privileged Azure roles on a subscription are granted to groups, not to individual users.
package idgauge.rules.azure.subscription_roles_via_groups

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-016",
	"title": "Owner, Contributor and access-administration roles on a subscription go to groups",
	"provider": "azure",
	"scope_kinds": ["subscription"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Standardise User Roles"},
	"severity": "medium",
	"requires": ["privileged_access"],
	"description": concat(" ", [
		"Fails for every Azure RBAC assignment of Owner, Contributor, User Access Administrator or Role",
		"Based Access Control Administrator made directly to a user, on the subscription or inherited",
		"from a management group, unless the user is a declared break-glass account (by object id or user",
		"principal name). Assignments to groups and to service principals are not counted.",
	]),
	"rationale": concat(" ", [
		"Standard roles map to directory groups on the path to level 3: a person gets subscription",
		"privilege by joining a group the joiner-mover-leaver process manages, not by a one-off grant",
		"that outlives their job.",
	]),
	"recommendation": concat(" ", [
		"Create a group per role (e.g. sub-prod-owners), add the users to it and assign the role to the",
		"group: Subscriptions → <subscription> → Access control (IAM) → Add role assignment → Members:",
		"the group; then remove the user's own assignment (`az role assignment delete --assignee <upn>",
		"--role Owner --scope /subscriptions/<id>`). Prefer PIM for Groups so membership is eligible.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-6",
		"CIS Microsoft Azure Foundations 1.23",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

privileged_roles := {"Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"}

findings contains f if {
	some a in azure.privileged_access
	a.role in privileged_roles
	object.get(a, "principal_type", null) == "user"
	not azure.is_break_glass(a.principal)
	not named_break_glass(a)
	f := {
		"resource": a.principal,
		"message": sprintf("user %s holds %s on %s directly, not through a group%s", [object.get(a, "principal_name", a.principal), a.role, lib.scope_id, inherited(a)]),
		"details": {"role": a.role, "resource": object.get(a, "resource", null)},
	}
}

named_break_glass(a) if {
	is_string(a.principal_name)
	azure.is_break_glass(a.principal_name)
}

inherited(a) := sprintf(" (inherited from %s)", [a.resource]) if is_string(a.resource)

inherited(a) := "" if not is_string(object.get(a, "resource", null))
