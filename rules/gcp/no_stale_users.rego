# Directory accounts nobody uses are removed.
package idgauge.rules.gcp.no_stale_users

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-008",
	"title": "No stale Workspace / Cloud Identity users",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "medium",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails for every active user other than super admins (break-glass accounts, checked by",
		"IDG-GCP-003 and IDG-GCP-009) whose last sign-in is more than `inactive_days` days (default 90)",
		"before the snapshot, or who never signed in and was created more than `inactive_days` days",
		"before it. Users with neither date are ignored.",
	]),
	"rationale": concat(" ", [
		"An account nobody uses but that can still sign in usually belongs to a leaver or a finished",
		"project: the out-of-date account the model warns manual processes leave behind. A scheduled",
		"comparison with the directory finds and removes them.",
	]),
	"recommendation": concat(" ", [
		"Confirm with the person's manager or the HR record whether the account is still needed; if",
		"not, suspend it (Admin console → Directory → Users → user → Suspend) and delete it after a grace",
		"period. Lasting fix: provision from the IdP (SCIM or Google Cloud Directory Sync) so a leaver is",
		"suspended automatically.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"CIS Google Workspace Foundations v1.2 (user lifecycle)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

limit := lib.threshold("inactive_days")

findings contains f if {
	some u in gcp.active_users
	object.get(u, "super_admin", false) != true
	u.last_sign_in != null
	days := gcp.days_since(u.last_sign_in)
	days > limit
	f := {
		"resource": u.name,
		"message": sprintf("%s has not signed in for %d days (limit %d)", [u.name, days, limit]),
		"details": {"last_sign_in": u.last_sign_in, "inactive_days": days},
	}
}

findings contains f if {
	some u in gcp.active_users
	object.get(u, "super_admin", false) != true
	object.get(u, "last_sign_in", null) == null
	u.created != null
	days := gcp.days_since(u.created)
	days > limit
	f := {
		"resource": u.name,
		"message": sprintf("%s never signed in in the %d days since it was created (limit %d)", [u.name, days, limit]),
		"details": {"created": u.created, "inactive_days": days},
	}
}
