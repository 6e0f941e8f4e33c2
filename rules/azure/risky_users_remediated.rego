# Users Identity Protection finds at high risk do not keep their access unremediated.
package idgauge.rules.azure.risky_users_remediated

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-043",
	"title": "No enabled user is left at high risk or confirmed compromised",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	# Evidence for dynamic risk scoring (IDG-AZ-041 checks that risk drives conditional access;
	# this checks what the scoring found was acted on). Beyond level 5 in the model, so it never
	# gates; it is a rule of its own so that a tenant without Entra ID P2 — whose risky users
	# are not licensed — stays a plain fail of IDG-AZ-041 rather than an unknown.
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Add Dynamic Risk Scoring"},
	"severity": "medium",
	"requires": ["risky_users", "principals"],
	"description": concat(" ", [
		"Fails for each enabled user whom Entra ID Protection rates at high risk and still at risk,",
		"or whom an administrator confirmed compromised, without a remediation (secure password",
		"reset, risk-based MFA) or a dismissal since. Needs Entra ID P2: without it risky users are",
		"not licensed and the result is unknown.",
	]),
	"rationale": concat(" ", [
		"Dynamic risk scoring only helps when its verdicts are acted on: a user at high risk —",
		"leaked credentials, sign-ins from an attacker's infrastructure — who can still sign in is",
		"the likely way in. Risk-based conditional access remediates on the next sign-in; what",
		"remains at risk needs a person.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Protection → Identity Protection → Risky users: for each user at high",
		"risk, investigate the detections, then reset the password (or require a secure password",
		"change) and revoke sessions, or dismiss the risk when it is benign; block sign-in for a",
		"confirmed compromise until it is cleaned up. Add the \"Require password change for high-risk",
		"users\" conditional-access policy so this happens at the next sign-in.",
	]),
	"references": [
		"NIST SP 800-207",
		"NIST SP 800-53 AC-2(12)",
		"NIST SP 800-53 IR-4",
		"CISA SCuBA MS.AAD.2.1",
	],
}

_enabled := {p.id | some p in lib.principals; p.console_access == true}

_unremediated(u) if {
	u.risk_level == "high"
	u.risk_state == "at_risk"
}

_unremediated(u) if u.risk_state == "confirmed_compromised"

findings contains f if {
	some u in azure.risky_users
	_unremediated(u)
	u.id in _enabled
	f := {
		"resource": u.id,
		"message": sprintf("%s is enabled and %s (risk %s) in %s", [u.name, replace(u.risk_state, "_", " "), u.risk_level, lib.scope_id]),
		"details": {"risk_detail": object.get(u, "detail", null), "updated": object.get(u, "updated", null)},
	}
}
