# Only a handful of super admins, kept as break-glass accounts.
package idgauge.rules.gcp.super_admin_cap

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-009",
	"title": "No more super admins than the break-glass cap",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Require SSO or Federation for All Services"},
	"severity": "medium",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails when the directory has more active super admins than `max_break_glass_users`",
		"(default 2), with one finding per super admin.",
	]),
	"rationale": concat(" ", [
		"Super admins sign in to Google directly, bypassing SSO: they are the local accounts of a",
		"federated organisation. Level 4 leaves local humans only as a few declared break-glass",
		"accounts; every further super admin is a person working outside the federated process.",
	]),
	"recommendation": concat(" ", [
		"Keep two super admins as break-glass accounts (security keys, credentials sealed) and move",
		"everyone else to delegated admin roles that sign in through SSO: Admin console → Account →",
		"Admin roles → Super Admin → Admins → unassign, then assign the needed prebuilt or custom role.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(5)",
		"CIS Google Workspace Foundations v1.2 1.1.2",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

cap := lib.threshold("max_break_glass_users")

findings contains f if {
	n := count(gcp.super_admins)
	n > cap
	some u in gcp.super_admins
	f := {
		"resource": u.name,
		"message": sprintf("%s is one of %d super admins; at most %d break-glass accounts are expected", [u.name, n, cap]),
		"details": {"super_admins": n, "max_break_glass_users": cap},
	}
}
