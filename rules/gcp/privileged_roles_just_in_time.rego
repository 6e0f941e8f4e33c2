# Privileged roles are held just in time, not standing.
package idgauge.rules.gcp.privileged_roles_just_in_time

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-012",
	"title": "Privileged roles are granted just in time",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Implement Access Workflows"},
	"severity": "high",
	"requires": ["privileged_access", "principals"],
	"description": concat(" ", [
		"Fails for every permanent grant of a privileged role (basic owner/editor, IAM, hierarchy,",
		"org-policy, service-account credential or PAM administration) to a user, group, domain or",
		"workforce principal in the scope's effective IAM policy, other than to declared break-glass",
		"users. Grants ended by a time condition and Privileged Access Manager eligibility pass.",
	]),
	"rationale": concat(" ", [
		"Standing privilege is what an attacker inherits with a stolen session, and what an",
		"administrator can use without anyone agreeing. The model's path to level 4 puts admin",
		"changes behind an access workflow: request, approval, time limit.",
	]),
	"recommendation": concat(" ", [
		"Create a Privileged Access Manager entitlement for the role: `gcloud pam entitlements create",
		"ENTITLEMENT --location=global --project=PROJECT --privileged-access='gcpIamAccess:{roleBindings:",
		"[{role:roles/ROLE}], resource:\"//cloudresourcemanager.googleapis.com/projects/PROJECT\",",
		"resourceType:\"cloudresourcemanager.googleapis.com/Project\"}' --eligible-users=group:TEAM@DOMAIN",
		"--max-request-duration=3600s --approval-workflow=...`, then remove the standing binding with",
		"`gcloud projects remove-iam-policy-binding`.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(7)",
		"NIST SP 800-53 AC-6(2)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

break_glass := {p.id | some p in lib.principals; p.derived.break_glass}

findings contains f if {
	some a in gcp.privileged_access
	a.assignment == "permanent"
	not a.principal in break_glass
	f := {
		"resource": a.principal,
		"message": sprintf("%s holds %s permanently at %s", [a.principal, a.role, object.get(a, "resource", lib.scope_id)]),
		"details": {"role": a.role, "resource": object.get(a, "resource", null)},
	}
}
