# Identity Protection risk drives conditional access.
package idgauge.rules.azure.risk_based_access

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-041",
	"title": "Sign-in or user risk drives an enabled conditional-access policy",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Add Dynamic Risk Scoring"},
	"severity": "low",
	"requires": ["auth_policies"],
	"description": concat(" ", [
		"Fails when no enabled conditional-access policy has a sign-in risk or user risk condition",
		"(Entra ID Protection, Entra ID P2). Whether the users it flags were dealt with is",
		"IDG-AZ-043.",
	]),
	"rationale": concat(" ", [
		"Dynamic risk scoring evaluates each sign-in — impossible travel, anonymous IPs, leaked",
		"credentials — and answers with MFA, a password change or a block, rather than treating every",
		"sign-in alike.",
	]),
	"recommendation": concat(" ", [
		"Conditional Access → Create new policy from template \"Require multifactor authentication for",
		"risky sign-ins\" and \"Require password change for high-risk users\" (Entra ID P2).",
	]),
	"references": [
		"NIST SP 800-207",
		"NIST SP 800-53 AC-2(12)",
		"CISA SCuBA MS.AAD.2.1",
	],
}

findings contains f if {
	count([p | some p in azure.enforced; p.risk_based == true]) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled conditional-access policy in %s acts on sign-in or user risk", [lib.scope_id]),
		"details": {"report_only_risk_policies": sort([p.name | some p in azure.report_only; p.risk_based == true])},
	}
}
