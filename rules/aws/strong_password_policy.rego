# The IAM password policy must be strong wherever IAM users can sign in to the console.
package idgauge.rules.aws.strong_password_policy

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-006",
	"title": "The IAM password policy is strong where IAM console users exist",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "medium",
	"requires": ["principals", "password_policy"],
	"description": concat(" ", [
		"When at least one IAM user has a console password, fails if no account password policy is set,",
		"if its minimum length is below `password_min_length` (default 14), or if it remembers fewer than",
		"`password_reuse_prevention` previous passwords (default 24; unset counts as 0). Not applicable",
		"when no IAM user has console access.",
	]),
	"rationale": concat(" ", [
		"While people still sign in with IAM passwords, those passwords are the first line of defence,",
		"and AWS's default policy (8 characters, reuse allowed) offers little against guessing or",
		"credential stuffing. Level 3 of the maturity model asks for standard practices, and for what",
		"remains local that means consistent password rules; the better answer, at higher levels, is to",
		"stop issuing IAM passwords at all.",
	]),
	"recommendation": concat(" ", [
		"IAM console → Account settings → Password policy → Edit → Custom: minimum length 14 or more,",
		"prevent reuse of the last 24 passwords, require upper-case, lower-case, numbers and symbols,",
		"allow users to change their own password. CLI: `aws iam update-account-password-policy",
		"--minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters",
		"--require-lowercase-characters --require-numbers --require-symbols",
		"--allow-users-to-change-password`; verify with `aws iam get-account-password-policy`. Better",
		"still, move people to IAM Identity Center and remove IAM console passwords (IDG-AWS-010,",
		"IDG-AWS-020).",
	]),
	"references": [
		"NIST SP 800-53 IA-5(1)",
		"CIS AWS Foundations v3.0 1.8",
		"CIS AWS Foundations v3.0 1.9",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

console_users := count([1 | some p in lib.principals; p.console_access == true])

not_applicable := "no IAM user has console access, so the account password policy never applies" if {
	console_users == 0
}

pp := lib.password_policy

min_length_wanted := lib.threshold("password_min_length")

reuse_wanted := lib.threshold("password_reuse_prevention")

_number(x) := x if is_number(x)

_number(x) := 0 if not is_number(x)

min_length := _number(pp.minimum_length)

reuse := _number(pp.reuse_prevention)

problems contains "no account password policy is set, so AWS defaults apply (8 characters, reuse allowed)" if {
	pp.configured != true
}

problems contains sprintf("minimum length is %d, below %d", [min_length, min_length_wanted]) if {
	pp.configured == true
	min_length < min_length_wanted
}

problems contains sprintf("reuse prevention remembers %d previous passwords, fewer than %d", [reuse, reuse_wanted]) if {
	pp.configured == true
	reuse < reuse_wanted
}

findings contains f if {
	console_users > 0
	count(problems) > 0
	n := console_users
	f := {
		"resource": sprintf("%s/password-policy", [lib.scope_id]),
		"message": sprintf("The IAM password policy of %s is weak while %d IAM %s can sign in to the console: %s", [lib.scope_id, n, lib.plural(n, "user", "users"), concat("; ", sort(problems))]),
		"details": {
			"configured": pp.configured,
			"minimum_length": pp.minimum_length,
			"reuse_prevention": pp.reuse_prevention,
			"password_min_length": min_length_wanted,
			"password_reuse_prevention": reuse_wanted,
			"console_users": n,
		},
	}
}
