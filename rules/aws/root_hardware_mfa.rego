# The root user's MFA should be phishing-resistant (a FIDO security key).
package idgauge.rules.aws.root_hardware_mfa

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-033",
	"title": "The root user has phishing-resistant (FIDO) MFA",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "high",
	"requires": ["root"],
	"description": concat(" ", [
		"Passes when one of the root user's MFA devices is known to be phishing-resistant (a FIDO",
		"security key or passkey). Fails when the root user has no MFA, or when its devices are known and",
		"none is phishing-resistant. A FIDO key beside a virtual device passes. The IAM API shows a",
		"caller other than root only root's virtual devices and whether MFA is on, so when the device",
		"list is not in the snapshot the result is unknown, saying what was seen (a virtual device, or a",
		"non-virtual device that may be hardware TOTP — not phishing-resistant — or FIDO); attest it in",
		"idgauge.toml after checking. Not applicable when the root user has no password and no active",
		"access key.",
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

devices := object.get(lib.root, "mfa_devices", [])

fido := [d | some d in devices; d.phishing_resistant == true]

findings contains f if {
	not aws.root_has_no_credentials
	lib.root.mfa_active != true
	f := {
		"resource": lib.root.id,
		"message": sprintf("The root user (%s) has no MFA at all, let alone a phishing-resistant device", [lib.root.id]),
		"details": {"mfa_active": false, "mfa_hardware": hardware},
	}
}

findings contains f if {
	lib.root.mfa_active == true
	count(devices) > 0
	count(fido) == 0
	kinds := sort([d.kind | some d in devices])
	f := {
		"resource": lib.root.id,
		"message": sprintf("None of the root user's MFA devices (%s) is phishing-resistant: register a FIDO security key", [concat(", ", kinds)]),
		"details": {"mfa_active": true, "device_kinds": kinds},
	}
}

undetermined contains msg if {
	lib.root.mfa_active == true
	count(devices) == 0
	msg := _unseen[hardware]
}

_unseen := {
	false: "the root user has a virtual MFA device; whether a FIDO security key is registered beside it cannot be seen through the IAM API",
	true: "the root user's MFA is a non-virtual device, which may be hardware TOTP (not phishing-resistant) or a FIDO security key; the IAM API does not say which",
	null: "the root user has MFA but its device type could not be determined",
}
