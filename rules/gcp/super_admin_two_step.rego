# The all-powerful directory accounts must have a second factor.
package idgauge.rules.gcp.super_admin_two_step

import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-002",
	"title": "Super admins have 2-step verification",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "critical",
	"requires": ["directory_users"],
	"description": concat(" ", [
		"Fails for every active Workspace / Cloud Identity super admin not enrolled in 2-step",
		"verification. Unknown when a super admin's enrolment is not reported.",
	]),
	"rationale": concat(" ", [
		"A super admin controls every identity of the organisation and every Google Cloud resource through",
		"them, and signs in to Google directly even when SSO is in place. Like a cloud root user, it must",
		"be protected before anything else: level 2 expects the all-powerful accounts to be individual",
		"and protected.",
	]),
	"recommendation": concat(" ", [
		"Have each listed super admin enrol in 2-step verification (myaccount.google.com → Security →",
		"2-Step Verification), preferably with a security key, then enforce it for the admins'",
		"organisational unit or group: Admin console → Security → Authentication → 2-step verification →",
		"Enforcement: On.",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"CIS Google Workspace Foundations v1.2 1.1.1",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some u in gcp.super_admins
	u.mfa_enrolled == false
	f := {
		"resource": u.name,
		"message": sprintf("super admin %s has not enrolled in 2-step verification", [u.name]),
		"details": {"mfa_enrolled": false, "mfa_enforced": object.get(u, "mfa_enforced", null)},
	}
}

undetermined contains sprintf("the 2-step verification enrolment of super admin %s is not reported", [u.name]) if {
	some u in gcp.super_admins
	object.get(u, "mfa_enrolled", null) == null
}
