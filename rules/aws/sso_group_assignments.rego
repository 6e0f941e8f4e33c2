# IAM Identity Center access to the account must be assigned to groups, not to individual users.
package idgauge.rules.aws.sso_group_assignments

import data.idgauge.lib.aws
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-018",
	"title": "Identity Center access is assigned to groups, not individuals",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Standardise User Roles"},
	"severity": "medium",
	"requires": ["sso"],
	"description": concat(" ", [
		"For every active IAM Identity Center instance with account assignments for this account, fails",
		"when some of those assignments are made to individual users rather than to groups (the",
		"instance's group assignments are fewer than its account assignments). Not applicable when no",
		"Identity Center instance is in use.",
	]),
	"rationale": concat(" ", [
		"Moving to level 3 means roles are standardised: a directory group maps to a permission set, so",
		"everyone in the group gets the same access and a person's access follows their group",
		"membership at the identity provider. An assignment to one user is a one-off grant that the",
		"directory does not govern: it survives a change of team and has to be found and removed by",
		"hand.",
	]),
	"recommendation": concat(" ", [
		"For each user assignment, add the user to the directory group that stands for their role (at",
		"the identity provider, which provisions the group by SCIM), assign that group instead and remove",
		"the user's own assignment. Console: IAM Identity Center → AWS accounts → select account → Users",
		"and groups → Assign users or groups (pick the group), then select the user → Remove access. CLI:",
		"`aws sso-admin list-account-assignments --instance-arn <instance-arn> --account-id <account-id>",
		"--permission-set-arn <permission-set-arn>` shows PrincipalType USER entries; `aws sso-admin",
		"create-account-assignment ... --principal-type GROUP --principal-id <group-id>` and `aws",
		"sso-admin delete-account-assignment ... --principal-type USER --principal-id <user-id>`.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-3(7)",
		"NIST SP 800-53 AC-6",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

not_applicable := "no IAM Identity Center instance is active with account assignments for this account" if {
	not aws.sso_in_use
}

findings contains f if {
	some s in aws.sso_instances_in_use
	s.group_assignments < s.account_assignments
	individual := s.account_assignments - s.group_assignments
	f := {
		"resource": s.id,
		"message": sprintf("IAM Identity Center instance %s assigns access to individual users: %d of %d account assignments in %s are to users, not groups", [s.id, individual, s.account_assignments, lib.scope_id]),
		"details": {
			"account_assignments": s.account_assignments,
			"group_assignments": s.group_assignments,
			"user_assignments": individual,
		},
	}
}
