# Only declared break-glass accounts are excluded from protective conditional-access policies.
package idgauge.rules.azure.ca_exclusions_break_glass

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-012",
	"title": "Only declared break-glass accounts are excluded from MFA and block policies",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "high",
	"requires": ["auth_policies", "principals"],
	"description": concat(" ", [
		"For every enabled conditional-access policy that requires MFA or blocks access, fails for each",
		"excluded user or group that is not declared in idgauge.toml as [[break_glass]] (by user",
		"principal name or object id), and for each excluded directory role (every holder of the role,",
		"present and future, escapes the policy). The directory-synchronisation service account and its",
		"role (Directory Synchronization Accounts), which cannot do MFA and which Microsoft's templates",
		"exclude, are not counted.",
	]),
	"rationale": concat(" ", [
		"An exclusion is a hole in the standard: the excluded account signs in with a password only.",
		"Emergency access accounts are the one accepted exception, and only while they are few, known and",
		"watched.",
	]),
	"recommendation": concat(" ", [
		"Conditional Access → <policy> → Users → Exclude: remove every user, group and role that is not",
		"an emergency access account. For a service account, use a workload identity instead of a user.",
		"Declare the break-glass accounts (or their group) as [[break_glass]] in idgauge.toml.",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"CISA SCuBA MS.AAD.3.2",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

# The excluded users' principals, found in one walk over the principals: a lookup per excluded
# id and per check (break-glass, sync account, name) walked a 50,000-user tenant a dozen times.
excluded_ids := {id | some p in azure.protective; some id in p.excluded_principals}

excluded := {p.id: p | some p in lib.principals; p.id in excluded_ids}

# Declared break-glass by id or UPN (azure.is_break_glass, without its walk over the principals).
break_glass(id) if lower(id) in azure.declared_break_glass

break_glass(id) if excluded[id].derived.break_glass == true

sync_account(id) if excluded[id].kind == "workload"

name_of(id) := n if {
	n := excluded[id].name
} else := id

findings contains f if {
	some p in azure.protective
	some id in p.excluded_principals
	not break_glass(id)
	not sync_account(id)
	f := {
		"resource": id,
		"message": sprintf("user %s is excluded from conditional-access policy %q but is not a declared break-glass account", [name_of(id), p.name]),
		"details": {"policy": p.id, "policy_name": p.name, "excluded": "user"},
	}
}

findings contains f if {
	some p in azure.protective
	some id in object.get(p, "excluded_groups", [])
	not break_glass(id)
	f := {
		"resource": id,
		"message": sprintf("group %s is excluded from conditional-access policy %q but is not a declared break-glass group", [id, p.name]),
		"details": {"policy": p.id, "policy_name": p.name, "excluded": "group"},
	}
}

findings contains f if {
	some p in azure.protective
	some id in object.get(p, "excluded_roles", [])
	id != azure.directory_sync_role
	f := {
		"resource": id,
		"message": sprintf("directory role %s is excluded from conditional-access policy %q: every holder escapes it", [id, p.name]),
		"details": {"policy": p.id, "policy_name": p.name, "excluded": "role"},
	}
}
