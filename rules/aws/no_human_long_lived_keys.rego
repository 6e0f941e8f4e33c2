# People must not hold long-lived access keys.
package idgauge.rules.aws.no_human_long_lived_keys

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-021",
	"title": "No long-lived access keys for human IAM users",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Adopt Short-Lived Credentials"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every human IAM user, break-glass users included, that holds an active access key.",
	]),
	"rationale": concat(" ", [
		"A person's access key is a long-lived secret on a laptop or in a shell profile: it bypasses MFA,",
		"survives the person's departure from the directory, and is the most common source of leaked AWS",
		"credentials. The maturity model's answer is short-lived credentials issued per session by the",
		"identity provider; Identity Center gives the CLI exactly that.",
	]),
	"recommendation": concat(" ", [
		"Have each person use temporary credentials instead: `aws configure sso` once, then `aws sso",
		"login --profile <profile>` (IAM Identity Center issues credentials for the session). Then remove",
		"the key: `aws iam update-access-key --user-name <user> --access-key-id <key-id> --status",
		"Inactive`, and after confirming nothing broke `aws iam delete-access-key --user-name <user>",
		"--access-key-id <key-id>`. Console: IAM → Users → <user> → Security credentials → Access keys →",
		"Actions → Deactivate / Delete. Break-glass users need only a console password and MFA, never a",
		"key. If the key actually serves a workload, move it to an IAM role (instance profile, task role,",
		"or OIDC federation for CI).",
	]),
	"references": [
		"NIST SP 800-53 IA-5",
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

# One finding per key (cheap to build at scale; see IDG-AWS-008).
findings contains f if {
	some p in lib.principals
	p.kind == "human"
	some k in p.access_keys
	k.active == true
	f := {
		"resource": p.id,
		"message": sprintf("Human IAM user %s holds a long-lived active access key: %s", [p.name, k.id]),
		"details": {"key": k.id, "created": k.created, "last_used": k.last_used, "break_glass": p.derived.break_glass},
	}
}
