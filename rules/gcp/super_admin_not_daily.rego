# Super admins are for emergencies, not day-to-day work.
package idgauge.rules.gcp.super_admin_not_daily

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-003",
	"title": "Super admin accounts are not used day to day",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "high",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails for every active super admin that signed in within the last `root_recent_use_days` days",
		"(default 30).",
	]),
	"rationale": concat(" ", [
		"Super admins bypass SSO by design and can change anything: each sign-in exposes the most",
		"powerful credential there is. Day-to-day administration belongs to individual accounts with",
		"delegated admin roles; super admins are kept as sealed break-glass accounts, as a cloud's root",
		"user is.",
	]),
	"recommendation": concat(" ", [
		"Give the people who use these accounts a separate everyday account with only the admin roles",
		"they need (Admin console → Account → Admin roles → assign a prebuilt or custom role), keep",
		"two or three super admins as break-glass accounts with security keys, and review their sign-ins",
		"(Admin console → Reporting → Audit and investigation → User log events).",
	]),
	"references": [
		"NIST SP 800-53 AC-6(2)",
		"NIST SP 800-53 AC-6(5)",
		"CIS Google Workspace Foundations v1.2 1.1.3",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

recent := lib.threshold("root_recent_use_days")

findings contains f if {
	some u in gcp.super_admins
	u.last_sign_in != null
	days := gcp.days_since(u.last_sign_in)
	days <= recent
	f := {
		"resource": u.name,
		"message": sprintf("super admin %s signed in %d %s ago (within %d days): used day to day", [u.name, days, lib.plural(days, "day", "days"), recent]),
		"details": {"last_sign_in": u.last_sign_in, "days_since_sign_in": days},
	}
}
