# People must not hold long-lived access keys.
package idgauge.rules.aws.idg_aws_021

import data.idgauge.lib
import rego.v1

metadata := {
	"id": "IDG-AWS-021",
	"title": "No long-lived access keys for human IAM users",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
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

findings contains f if {
	some p in lib.principals
	p.kind == "human"
	all_keys := object.get(p, "access_keys", [])
	count(all_keys) > 0
	keys := [k | some k in all_keys; k.active == true]
	count(keys) > 0
	ids := [k.id | some k in keys]
	f := {
		"resource": p.id,
		"message": sprintf("Human IAM user %s holds %d long-lived active access %s: %s", [p.name, count(keys), lib.plural(count(keys), "key", "keys"), concat(", ", ids)]),
		"details": {
			"break_glass": lib.break_glass(p),
			"keys": [{
				"id": k.id,
				"created": object.get(k, "created", null),
				"last_used": object.get(k, "last_used", null),
			} |
				some k in keys
			],
		},
	}
}
