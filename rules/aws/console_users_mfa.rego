# Every IAM user that can sign in to the console must have MFA.
package idgauge.rules.aws.console_users_mfa

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-013",
	"title": "Every IAM user with console access has MFA",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user, break-glass users included, that has a console password but no active",
		"MFA device.",
	]),
	"rationale": concat(" ", [
		"A console password without a second factor is the easiest way into an AWS account: phishing,",
		"password reuse and guessing all work against it. At level 3 multi-factor authentication is",
		"expected everywhere a person signs in, and break-glass accounts, being powerful and rarely",
		"watched, need it most.",
	]),
	"recommendation": concat(" ", [
		"IAM console → Users → <user> → Security credentials → Multi-factor authentication (MFA) → Assign",
		"MFA device; prefer a passkey or security key. For a virtual device from the CLI: `aws iam",
		"create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile <user>-qr.png",
		"--bootstrap-method QRCodePNG`, then `aws iam enable-mfa-device --user-name <user>",
		"--serial-number arn:aws:iam::<account-id>:mfa/<user> --authentication-code1 <code>",
		"--authentication-code2 <next-code>`. If the user does not need the console, remove the password",
		"instead: `aws iam delete-login-profile --user-name <user>`. Enforce MFA with a group policy that",
		"denies everything except MFA self-management when `aws:MultiFactorAuthPresent` is false.",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-53 IA-2(2)",
		"CIS AWS Foundations v3.0 1.10",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some p in lib.principals
	p.console_access == true
	p.mfa_active != true
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s can sign in to the console with a password but has no MFA device", [p.name]),
		"details": {
			"console_access": true,
			"mfa_active": false,
			"break_glass": lib.break_glass(p),
			"password_last_used": p.password_last_used,
		},
	}
}
