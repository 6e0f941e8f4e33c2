# An attached SCP must stop anyone creating IAM users, passwords or access keys.
package idgauge.rules.aws.scp_denies_identity_creation

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-030",
	"title": "An SCP denies creating IAM users, passwords and access keys",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Implement Policy-as-Code for Identity"},
	"severity": "high",
	"requires": ["guardrails"],
	"description": concat(" ", [
		"Fails unless each of `iam:CreateUser`, `iam:CreateAccessKey` and `iam:CreateLoginProfile` is",
		"matched by a denied action of a customer-managed service control policy that applies to the",
		"account. Matching is case-insensitive and honours the `*` and `?` wildcards (`iam:Create*`,",
		"`iam:*` and `*` all match). A Deny with a condition counts only when the condition exempts",
		"named principals (for example `ArnNotLike aws:PrincipalArn` a platform role): any other",
		"condition may stop no one. Not applicable on the organization's management account, which",
		"SCPs never restrict.",
	]),
	"rationale": concat(" ", [
		"At the top level of the maturity model the cloud identity provider is the only source of",
		"identities and services that do not federate have been phased out. Detecting stray IAM users",
		"after the fact is no longer enough: an SCP makes creating local users, console passwords and",
		"long-lived keys impossible, even for account administrators, so identity cannot drift back to",
		"manual management.",
	]),
	"recommendation": concat(" ", [
		"Create an SCP that denies the three actions, optionally exempting a tightly controlled",
		"provisioning role, and attach it to the root or to the OUs holding workload accounts. Example",
		"content:",
		"`{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyLocalIdentities\",\"Effect\":\"Deny\",\"Action\":[\"iam:CreateUser\",\"iam:CreateAccessKey\",\"iam:CreateLoginProfile\"],\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/break-glass-provisioner\"}}}]}` (saved as deny-local-identities.json).",
		"CLI (management account): `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name",
		"deny-local-identities --description \"Deny IAM users, passwords and keys\" --content",
		"file://deny-local-identities.json`, then `aws organizations attach-policy --policy-id",
		"<p-xxxxxxxx> --target-id <r-xxxx or ou-xxxx>`. Console: AWS Organizations → Policies → Service",
		"control policies → Create policy, then Targets → Attach.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 CM-5",
		"NIST SP 800-53 AC-6",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 14: Secure use of the service",
	],
}

uncovered := aws.uncovered_identity_actions(aws.customer_scps)

not_applicable := "the organization's management account: service control policies never apply to it" if {
	aws.is_management_account
}

findings contains f if {
	count(uncovered) > 0
	checked := [p.name | some p in aws.customer_scps]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No customer-managed SCP applying to %s denies %s (customer SCPs checked: %s)", [lib.scope_id, concat(", ", uncovered), lib.join(checked)]),
		"details": {
			"uncovered_actions": uncovered,
			"in_organization": lib.guardrails.in_organization,
			"customer_scps": checked,
		},
	}
}
