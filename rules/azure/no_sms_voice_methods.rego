# SMS and voice calls are not enabled as sign-in or MFA methods for all users.
package idgauge.rules.azure.no_sms_voice_methods

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-042",
	"title": "SMS and voice calls are not enabled as authentication methods for all users",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	# The model speaks of method strength only beyond level 5 ("Implement Passwordless or
	# Phishing-Resistant MFA ... to further reduce credential compromise risks"); levels 3 and 4
	# ask for MFA standards, not for which factors. So: a refinement, never gating.
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "low",
	"requires": ["authentication_methods"],
	"description": concat(" ", [
		"Fails for each of the SMS and voice-call methods that the tenant's authentication methods",
		"policy enables for all users (target all_users), as a second factor or, for SMS, as a",
		"sign-in method of its own. Enabled for named groups only (a migration, a few users without a",
		"smartphone) passes.",
	]),
	"rationale": concat(" ", [
		"The model's step beyond level 5 is passwordless or phishing-resistant MFA to reduce credential",
		"compromise. One-time codes by text message or call are the weakest factors — SIM swaps, number",
		"porting, relayed codes — and while they stay enabled for everyone, anyone can fall back to",
		"them, whatever stronger method they also registered.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Protection → Authentication methods → Policies: set SMS and Voice call",
		"to Disabled, or target them to a named exception group; enable Microsoft Authenticator and",
		"Passkey (FIDO2) for all users first, and migrate users off the legacy per-user MFA and SSPR",
		"method settings (Authentication methods → Manage migration).",
	]),
	"references": [
		"NIST SP 800-63B 5.1.3.3 (restricted authenticators)",
		"NIST SP 800-53 IA-2(6)",
		"CISA SCuBA MS.AAD.3.5",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

weak_methods := {"Sms": "SMS", "Voice": "voice call"}

findings contains f if {
	some m in azure.authentication_methods
	what := weak_methods[m.id]
	m.enabled == true
	"all_users" in m.include_targets
	f := {
		"resource": sprintf("authenticationMethodsPolicy/%s", [m.id]),
		"message": sprintf("%s is enabled as an authentication method for all users in %s", [what, lib.scope_id]),
		"details": {
			"usable_for_sign_in": object.get(m, "usable_for_sign_in", null),
			"exclude_targets": object.get(m, "exclude_targets", []),
		},
	}
}
