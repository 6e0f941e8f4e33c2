# The root user's MFA must be a hardware or phishing-resistant device.
package idgauge.rules.aws.root_hardware_mfa

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-033",
	"title": "The root user has hardware MFA",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "high",
	"requires": ["root"],
	"description": concat(" ", [
		"Fails when the root user has no MFA, or when its MFA is a virtual (authenticator app) device.",
		"Unknown when MFA is active but the device type could not be determined. Not applicable when the",
		"root user has no password and no active access key.",
	]),
	"rationale": concat(" ", [
		"The root user is the last-resort key to the account and is rarely used, so a compromise may go",
		"unnoticed. A virtual MFA seed lives on a phone that is backed up, replaced and phished through;",
		"a hardware key, and especially a FIDO2 security key, is phishing-resistant and must be",
		"physically held. The maturity model lists phishing-resistant MFA as a refinement beyond its",
		"top level; for the most privileged identity it is the first place to apply it.",
	]),
	"recommendation": concat(" ", [
		"Sign in as the root user → account menu → Security credentials → Multi-factor authentication",
		"(MFA) → Assign MFA device → Passkey or security key (or Hardware TOTP token); register two",
		"devices kept in separate safes, then remove the virtual device. Check the result with `aws iam",
		"list-virtual-mfa-devices --assignment-status Assigned` (the root user must not appear) and `aws",
		"iam get-account-summary --query SummaryMap.AccountMFAEnabled`. For member accounts, removing",
		"root credentials with centralised root access management (`aws iam",
		"enable-organizations-root-credentials-management`) makes this rule not applicable.",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-53 IA-2(8)",
		"CIS AWS Foundations v3.0 1.6",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

not_applicable := "the root user has no password and no active access key (root credentials removed)" if {
	aws.root_has_no_credentials
}

hardware := object.get(lib.root, "mfa_hardware", null)

findings contains f if {
	not aws.root_has_no_credentials
	lib.root.mfa_active != true
	f := {
		"resource": lib.root.id,
		"message": sprintf("The root user (%s) has no MFA at all, let alone a hardware device", [lib.root.id]),
		"details": {"mfa_active": false, "mfa_hardware": hardware},
	}
}

findings contains f if {
	lib.root.mfa_active == true
	hardware == false
	f := {
		"resource": lib.root.id,
		"message": sprintf("The root user (%s) uses a virtual MFA device rather than a hardware or FIDO2 security key", [lib.root.id]),
		"details": {"mfa_active": true, "mfa_hardware": false},
	}
}

undetermined contains "the root user has MFA but its device type (virtual or hardware) could not be determined" if {
	lib.root.mfa_active == true
	hardware == null
}
