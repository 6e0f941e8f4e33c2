# Every person's Google account requires a second factor.
package idgauge.rules.gcp.two_step_enforced

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-007",
	"title": "2-step verification is enforced for every user",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "high",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails for every active Workspace / Cloud Identity user for whom 2-step verification is not",
		"enforced. Precedence: the user's own `isEnforcedIn2Sv` (the Directory API's resolution for",
		"that user, group-targeted policies included) decides when reported; where it is not, the",
		"sign-in policy of the user's organisational unit (Cloud Identity Policy API,",
		"`security.two_step_verification_enforcement` in force at the collection time, inherited from the",
		"nearest unit that sets it) decides, unless a group-targeted policy that may reach the user",
		"says otherwise. Unknown for a user neither decides.",
	]),
	"rationale": concat(" ", [
		"Level 3 means common standards, and an authentication standard that lets any account sign in",
		"with a password alone is not one. Enforcement, not enrolment, is what stops a new or careless",
		"user from skipping it.",
	]),
	"recommendation": concat(" ", [
		"Admin console → Security → Authentication → 2-step verification: allow enrolment, set",
		"Enforcement to On (with a new-user enrolment period) for the top organisational unit. Users",
		"who sign in through a SAML IdP are challenged by the IdP; keep 2-step verification enforced for",
		"the accounts that bypass SSO (super admins).",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-63B",
		"CIS Google Workspace Foundations v1.2 4.1.1.3",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some u in gcp.active_users
	u.mfa_enforced == false
	f := {
		"resource": u.name,
		"message": sprintf("2-step verification is not enforced for %s (enrolled: %v)", [u.name, object.get(u, "mfa_enrolled", null)]),
		"details": {"mfa_enforced": false, "mfa_enrolled": object.get(u, "mfa_enrolled", null)},
	}
}

# The user's own enforcement is not reported: the sign-in policy of their unit decides.
findings contains f if {
	some u in gcp.active_users
	object.get(u, "mfa_enforced", null) == null
	u.policy_mfa_enforced == false
	f := {
		"resource": u.name,
		"message": sprintf("2-step verification is not enforced for %s: the sign-in policy of organisational unit %s does not enforce it", [u.name, object.get(u, "org_unit", "?")]),
		"details": {"decided_by": "policy", "org_unit": object.get(u, "org_unit", null), "mfa_enrolled": object.get(u, "mfa_enrolled", null)},
	}
}

unreported := sort([u.name |
	some u in gcp.active_users
	object.get(u, "mfa_enforced", null) == null
	object.get(u, "policy_mfa_enforced", null) == null
])

undetermined contains sprintf("2-step verification enforcement is not reported for %d %s (%s), and no sign-in policy read decides it", [n, lib.plural(n, "user", "users"), names]) if {
	n := count(unreported)
	n > 0
	names := concat(", ", array.concat(array.slice(unreported, 0, 3), ["…" | n > 3]))
}
