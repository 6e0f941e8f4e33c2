# The AWS root user must have MFA.
package idgauge.rules.aws.root_mfa

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-002",
	"title": "The root user has MFA",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "critical",
	"requires": ["root"],
	"description": concat(" ", [
		"Fails when the account's root user has no active MFA device (credential report `mfa_active` for",
		"`<root_account>`). Not applicable when the root user has no password and no active access key,",
		"as in member accounts whose root credentials were removed through centralised root access",
		"management.",
	]),
	"rationale": concat(" ", [
		"The root user can do anything in the account, including closing it and removing every other",
		"control, and it cannot be limited by IAM policies. A password alone is one phishing e-mail or",
		"one reused password away from a full takeover. Protecting the all-powerful identity is part of",
		"the basic identity hygiene expected before any federation work.",
	]),
	"recommendation": concat(" ", [
		"Sign in as the root user → account menu → Security credentials → Multi-factor authentication",
		"(MFA) → Assign MFA device. Prefer a passkey or FIDO2 security key (see IDG-AWS-033) and register",
		"a second device kept in a separate safe place. Root MFA cannot be assigned with the AWS CLI;",
		"verify afterwards with `aws iam get-account-summary --query SummaryMap.AccountMFAEnabled` (1 =",
		"enabled). For member accounts of an organisation, consider removing root credentials altogether:",
		"`aws iam enable-organizations-root-credentials-management` and `aws iam",
		"enable-organizations-root-sessions` in the management account.",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-53 AC-6(5)",
		"CIS AWS Foundations v3.0 1.5",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

not_applicable := "the root user has no password and no active access key (root credentials removed)" if {
	aws.root_has_no_credentials
}

findings contains f if {
	r := lib.root
	not aws.root_has_no_credentials
	r.mfa_active != true
	f := {
		"resource": r.id,
		"message": sprintf("The root user (%s) has no MFA device: its password alone gives full control of the account", [r.id]),
		"details": {
			"mfa_active": false,
			"password_enabled": r.password_enabled,
		},
	}
}
