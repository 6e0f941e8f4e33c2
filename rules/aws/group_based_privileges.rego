# Permissions must come from groups, not policies attached to IAM users.
package idgauge.rules.aws.group_based_privileges

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-012",
	"title": "Privileges are granted through groups, not attached to IAM users",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Standardise User Roles"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user with a managed policy attached directly or an inline policy embedded in",
		"the user.",
	]),
	"rationale": concat(" ", [
		"Permissions attached person by person drift apart, are hard to review and are easily left behind",
		"when someone changes role. Standard roles mapped to groups (\"Developer group → developer",
		"permissions\") make privilege predictable and auditable, which is what the maturity model means",
		"by standardising user roles.",
	]),
	"recommendation": concat(" ", [
		"IAM console → User groups → Create group, attach the needed policies; then Users → <user> →",
		"Permissions → remove the directly attached and inline policies, and Groups → Add user to groups.",
		"CLI: `aws iam create-group --group-name <group>`, `aws iam attach-group-policy --group-name",
		"<group> --policy-arn <arn>`, `aws iam add-user-to-group --group-name <group> --user-name",
		"<user>`, `aws iam detach-user-policy --user-name <user> --policy-arn <arn>`; for inline policies",
		"copy the document with `aws iam get-user-policy --user-name <user> --policy-name <name>`,",
		"recreate it as a managed or group policy, then `aws iam delete-user-policy --user-name <user>",
		"--policy-name <name>`.",
	]),
	"references": [
		"NIST SP 800-53 AC-6",
		"NIST SP 800-53 AC-2",
		"CIS AWS Foundations v3.0 1.15",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some p in lib.principals
	policies := p.direct_policies
	count(policies) > 0
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has %d %s attached directly: %s", [p.name, count(policies), lib.plural(count(policies), "policy", "policies"), concat(", ", policies)]),
		"details": {"direct_policies": policies, "groups": p.groups},
	}
}
