# Phishing-resistant sign-in: a security key for every user.
package idgauge.rules.gcp.security_keys_for_everyone

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-015",
	"title": "Every user has a security key",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "medium",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails for every active user with no security key registered, per the Workspace accounts usage",
		"report (`accounts:num_security_keys`), unless the sign-in policy of the user's organisational",
		"unit (Cloud Identity Policy API) enforces 2-step verification with security keys only",
		"(`allowedSignInFactorSet` `PASSKEY_ONLY`) and the Directory API does not say 2SV is not enforced",
		"for the user: such a user cannot sign in any other way, so the policy passes the user whatever",
		"the report says. Unknown for users neither covers.",
	]),
	"rationale": concat(" ", [
		"Codes and prompts can be phished; a FIDO security key or passkey cannot. The model lists",
		"phishing-resistant MFA as the refinement beyond level 5.",
	]),
	"recommendation": concat(" ", [
		"Issue security keys (Titan or any FIDO2 key) or passkeys, have users register them",
		"(myaccount.google.com → Security → 2-Step Verification → Security keys), then allow only",
		"security keys: Admin console → Security → Authentication → 2-step verification → Allowed",
		"methods: Only security key. Start with super admins.",
	]),
	"references": [
		"NIST SP 800-63B (AAL3)",
		"NIST SP 800-53 IA-2(6)",
		"CIS Google Workspace Foundations v1.2 1.1.1",
	],
}

# The unit's sign-in policy holds the user to security keys only, and the user's own 2SV
# enforcement (when reported) does not contradict it.
key_only(u) if {
	u.policy_security_key_only == true
	object.get(u, "mfa_enforced", null) != false
}

findings contains f if {
	some u in gcp.active_users
	u.security_keys == 0
	not key_only(u)
	f := {
		"resource": u.name,
		"message": sprintf("%s has no security key registered", [u.name]),
		"details": {"super_admin": object.get(u, "super_admin", null)},
	}
}

uncovered := sort([u.name |
	some u in gcp.active_users
	object.get(u, "security_keys", null) == null
	not key_only(u)
])

undetermined contains sprintf("the usage report does not say how many security keys %d %s (%s)", [n, lib.plural(n, "user has", "users have"), names]) if {
	n := count(uncovered)
	n > 0
	names := concat(", ", array.concat(array.slice(uncovered, 0, 3), ["…" | n > 3]))
}
