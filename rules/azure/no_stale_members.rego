# No enabled member has gone unused past the inactivity threshold.
package idgauge.rules.azure.no_stale_members

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-014",
	"title": "No enabled member account unused for longer than the inactivity threshold",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every enabled human member (not a guest, not a declared break-glass account) whose last",
		"sign-in (interactive or not, from signInActivity) — or, if it never signed in, its creation — is",
		"more than `inactive_days` (default 90) before the snapshot.",
	]),
	"rationale": concat(" ", [
		"An enabled account nobody uses is usually a leaver or a mover the process missed: the regular",
		"comparison of directory and cloud on the way to level 3 exists to find exactly these orphans",
		"before someone else does.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Users → filter on Last sign-in; confirm with the manager, then disable",
		"(Account enabled off) and later delete the account, or fix the leaver process that missed it.",
		"An access review on inactive users (Identity Governance → Access reviews) automates this.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"CIS Microsoft 365 Foundations 5.1.2.x",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

max_days := lib.threshold("inactive_days")

findings contains f if {
	some p in lib.principals
	# The inactivity test first: it rejects most members (null, unknown, compares below any number).
	p.derived.inactive_days > max_days
	p.kind == "human"
	p.source != "guest"
	p.console_access == true
	not p.derived.break_glass
	f := {
		"resource": p.id,
		"message": sprintf("member %s has not signed in for %v days (more than %v)", [p.name, p.derived.inactive_days, max_days]),
		"details": {"last_sign_in": p.last_sign_in, "created": p.created, "inactive_days": p.derived.inactive_days},
	}
}
