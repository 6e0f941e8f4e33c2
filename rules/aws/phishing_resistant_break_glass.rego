# No IAM user may have console access, except break-glass users with phishing-resistant MFA.
package idgauge.rules.aws.phishing_resistant_break_glass

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-032",
	"title": "No local console users except break-glass users with phishing-resistant MFA",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Implement Passwordless or Phishing-Resistant MFA"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user with a console password unless it is a declared break-glass user with",
		"at least one phishing-resistant MFA device (a FIDO2 security key or passkey).",
	]),
	"rationale": concat(" ", [
		"At the top level every person signs in through the single cloud identity provider, and the few",
		"emergency accounts that must remain are protected by passwordless or phishing-resistant MFA.",
		"TOTP codes and push approvals can be relayed by a phishing site; a FIDO2 key cannot, which",
		"matters most for accounts that exist precisely to bypass the usual controls.",
	]),
	"recommendation": concat(" ", [
		"Remove console passwords from every IAM user that is not a break-glass account: `aws iam",
		"delete-login-profile --user-name <user>` (IAM → Users → <user> → Security credentials → Console",
		"sign-in → Disable). For each break-glass user, register a FIDO2 security key: IAM → Users →",
		"<user> → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → Passkey",
		"or security key (this cannot be done from the CLI); then remove the weaker devices: `aws iam",
		"list-mfa-devices --user-name <user>`, `aws iam deactivate-mfa-device --user-name <user>",
		"--serial-number <serial-arn>`. Declare break-glass users in idgauge.toml ([[break_glass]]).",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-53 IA-2(8)",
		"NIST SP 800-53 AC-2",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some p in lib.principals
	p.console_access == true
	not p.derived.break_glass
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s can sign in to the console but is not a break-glass user; people should sign in only through the identity provider", [p.name]),
		"details": {"break_glass": false, "mfa_devices": [d.kind | some d in p.mfa_devices]},
	}
}

findings contains f if {
	some p in lib.principals
	p.console_access == true
	p.derived.break_glass == true
	not lib.has_phishing_resistant_mfa(p)
	f := {
		"resource": p.id,
		"message": sprintf("Break-glass user %s can sign in to the console without a phishing-resistant MFA device (devices: %s)", [p.name, lib.join(device_kinds(p))]),
		"details": {"break_glass": true, "mfa_devices": device_kinds(p)},
	}
}

device_kinds(p) := [d.kind | some d in lib.mfa_devices(p)]
