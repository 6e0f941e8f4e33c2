# Only declared break-glass IAM users may keep console access.
package idgauge.rules.aws.local_console_only_break_glass

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-020",
	"title": "Only declared break-glass IAM users have console access",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Require SSO or Federation for All Services"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user with a console password that is not declared as break-glass in",
		"idgauge.toml ([[break_glass]], by user name or ARN).",
	]),
	"rationale": concat(" ", [
		"At level 4 identity is managed automatically by the central provider: people sign in through",
		"federation and their access follows the directory. A local console password outside that flow is",
		"a second, manually managed front door that the joiner-mover-leaver process does not close. The",
		"only justified exception is a small, documented set of emergency accounts for when federation is",
		"down.",
	]),
	"recommendation": concat(" ", [
		"Give the person behind each listed user federated access (IAM Identity Center → AWS accounts →",
		"select account → Assign users or groups), then remove the console password: IAM console → Users",
		"→ <user> → Security credentials → Console sign-in → Disable console access, or `aws iam",
		"delete-login-profile --user-name <user>`. List who still has a password with `aws iam",
		"generate-credential-report` and `aws iam get-credential-report --query Content --output text |",
		"base64 -d` (column password_enabled). If a user really is an emergency account, declare it in",
		"idgauge.toml: [[break_glass]] principal = \"<user>\", justification = \"<why and who holds",
		"it>\".",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"CIS AWS Foundations v3.0 1.21",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some p in lib.principals
	p.console_access == true
	not p.derived.break_glass
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s can sign in to the console with a password but is not a declared break-glass user", [p.name]),
		"details": {
			"name": p.name,
			"kind": p.kind,
			"mfa_active": p.mfa_active,
			"password_last_used": p.password_last_used,
		},
	}
}
