# Administrators use phishing-resistant authentication.
package idgauge.rules.azure.phishing_resistant_admins

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-040",
	"title": "Administrators are required to use phishing-resistant MFA",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "medium",
	# Who is an administrator comes from the role assignments behind privileged_access: without
	# them no principal is marked privileged and the second check would pass unseen. What a
	# policy's authentication strength allows comes from the tenant's strengths.
	"requires": ["auth_policies", "authentication_strengths", "principals", "privileged_access"],
	"description": concat(" ", [
		"Fails when no enabled conditional-access policy requires a phishing-resistant authentication",
		"strength of all users or of the Global Administrator role, and for every enabled privileged",
		"user without a phishing-resistant method registered. A policy's strength is looked up by id",
		"among the tenant's authentication strengths and counts only when every method combination it",
		"allows is FIDO2, Windows Hello for Business or a multifactor certificate — a custom strength",
		"that also allows e.g. password + SMS does not, whatever its name.",
	]),
	"rationale": concat(" ", [
		"Push notifications and one-time codes can be relayed by an adversary-in-the-middle site;",
		"FIDO2 keys, passkeys and Windows Hello cannot. Administrators are the first to be targeted.",
	]),
	"recommendation": concat(" ", [
		"Register a FIDO2 key or passkey for each administrator (Security info → Add sign-in method),",
		"then Conditional Access → New policy: Users = directory roles (Global Administrator and the other",
		"privileged roles), Grant = Require authentication strength \"Phishing-resistant MFA\".",
	]),
	"references": [
		"NIST SP 800-63B AAL3",
		"NIST SP 800-53 IA-2(6)",
		"CISA SCuBA MS.AAD.3.1",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

covers_admins(p) if p.applies_to_all_users == true

covers_admins(p) if azure.global_admin_role in object.get(p, "included_roles", [])

pr_policies := [p |
	some p in azure.enforced
	azure.requires_phishing_resistant(p)
	covers_admins(p)
]

# Enforced policies for administrators whose strength did not count, with what it allows.
_strength_of(id) := s if {
	some s in azure.authentication_strengths
	s.id == id
}

_uncredited(p) := {"policy": p.name, "strength": p.authentication_strength, "weak_combinations": azure.weak_combinations(_strength_of(p.authentication_strength))}

_uncredited(p) := {"policy": p.name, "strength": p.authentication_strength, "weak_combinations": ["(no such authentication strength)"]} if {
	not _strength_of(p.authentication_strength)
}

uncredited := [_uncredited(p) |
	some p in azure.enforced
	object.get(p, "authentication_strength", null) != null
	covers_admins(p)
	not azure.requires_phishing_resistant(p)
]

findings contains f if {
	count(pr_policies) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled conditional-access policy in %s requires phishing-resistant MFA of administrators", [lib.scope_id]),
		"details": {
			"enforced_policies": sort([p.name | some p in azure.enforced]),
			"strengths_not_phishing_resistant": uncredited,
		},
	}
}

findings contains f if {
	some p in lib.principals
	p.privileged == true
	p.console_access == true
	not lib.has_phishing_resistant_mfa(p)
	f := {
		"resource": p.id,
		"message": sprintf("administrator %s has no phishing-resistant method registered (FIDO2, passkey, Windows Hello, certificate)", [p.name]),
		"details": {"methods": [d.serial | some d in p.mfa_devices]},
	}
}
