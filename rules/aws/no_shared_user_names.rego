# IAM users whose names identify no one (admin, shared, ops-team, test1) are shared accounts.
package idgauge.rules.aws.no_shared_user_names

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-001",
	"title": "No shared or generic IAM user names",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user that people sign in with (console access), other than a declared",
		"break-glass user, whose name is made only of words on the generic-names list (config",
		"`generic_names`: admin, shared, team, ops, test, deploy, ...). The name is lower-cased and split",
		"on anything that is not a letter, so `ops-team`, `Admin2` and `test_1` are generic while",
		"`alice.admin` or `ci-billing-export` are not. Users without console access are judged by the",
		"workload-credential checks instead: a key-only user named `deploy` is a workload, not a shared",
		"human account.",
	]),
	"rationale": concat(" ", [
		"A name such as `admin` or `ops-team` says the account belongs to a role or a team rather than to",
		"one person or one workload. Shared accounts are the starting point of the maturity model: when",
		"several people use one identity, CloudTrail cannot say who did what, leavers keep access because",
		"nobody owns the credential, and passwords travel by chat. Individual, named identities are the",
		"first step out of level 1.",
	]),
	"recommendation": concat(" ", [
		"Find out who uses each generic user (IAM console → Users → <user> → Access Advisor and Security",
		"credentials; `aws iam get-user --user-name <user>`, `aws iam list-access-keys --user-name",
		"<user>`, `aws cloudtrail lookup-events --lookup-attributes",
		"AttributeKey=Username,AttributeValue=<user>`). Give each person an individual identity,",
		"preferably in IAM Identity Center, and each workload an IAM role. Then retire the shared user:",
		"`aws iam delete-login-profile --user-name <user>`, `aws iam update-access-key --user-name <user>",
		"--access-key-id <key-id> --status Inactive`, detach its policies and groups (`aws iam",
		"detach-user-policy`, `aws iam remove-user-from-group`) and finally `aws iam delete-user",
		"--user-name <user>`. If a generic user is a genuine emergency account, declare it as break-glass",
		"in idgauge.toml ([[break_glass]] principal = \"<name>\", justification = \"...\").",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-4",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

generic := lib.generic_names

# Hot loop: plain field tests rather than lib function calls (see rules/lib/common.rego).
findings contains f if {
	some p in lib.principals
	p.console_access == true
	tokens := p.derived.name_tokens
	count(tokens) > 0
	every t in tokens {
		t in generic
	}
	not p.derived.break_glass
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s signs in to the console under a generic name: every word in it (%s) is on the generic-names list, so it does not identify one person", [p.name, concat(", ", tokens)]),
		"details": {
			"name": p.name,
			"kind": p.kind,
			"name_tokens": tokens,
			"console_access": p.console_access,
			"active_access_keys": count([k | some k in p.access_keys; k.active == true]),
		},
	}
}
