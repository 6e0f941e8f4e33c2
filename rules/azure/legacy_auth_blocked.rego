# Legacy authentication (protocols that cannot do MFA) is blocked.
package idgauge.rules.azure.legacy_auth_blocked

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-011",
	"title": "Legacy authentication is blocked",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "high",
	"requires": ["auth_policies"],
	"description": concat(" ", [
		"Passes when security defaults are enabled (they block legacy protocols) or an enabled",
		"conditional-access policy blocks the Exchange ActiveSync and \"other\" client app types for all",
		"users. Report-only policies do not count.",
	]),
	"rationale": concat(" ", [
		"Legacy protocols (IMAP, POP, SMTP AUTH, older Office clients) send a bare password and cannot be",
		"asked for a second factor, so an MFA standard that leaves them open is bypassed by password",
		"spraying.",
	]),
	"recommendation": concat(" ", [
		"Conditional Access → Create new policy from template \"Block legacy authentication\": Users = All",
		"users (exclude the break-glass accounts), Conditions → Client apps = Exchange ActiveSync clients",
		"and Other clients, Grant = Block access, Enable policy = On (check the sign-in logs' Client app",
		"column for legacy use first).",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"CIS Microsoft 365 Foundations 5.2.2.3",
		"CISA SCuBA MS.AAD.1.1",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	count(azure.legacy_blocks) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("nothing enforced blocks legacy authentication in %s (security defaults off, no enabled conditional-access policy blocking Exchange ActiveSync and other clients)", [lib.scope_id]),
		"details": {"report_only_blocks": sort([p.name | some p in azure.report_only; azure.is_legacy_block(p)])},
	}
}
