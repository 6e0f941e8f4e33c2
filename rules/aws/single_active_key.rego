# No IAM user may have two active access keys.
package idgauge.rules.aws.single_active_key

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-007",
	"title": "No IAM user has two active access keys",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"placement": "advisory",
	"anchor": {"outside_model": "access-key hygiene for any IAM user, mostly workloads (CIS AWS 1.13); the model is about how people are provisioned and sign in"},
	"severity": "medium",
	"requires": ["principals"],
	"description": "Fails for every IAM user with more than one active access key.",
	"rationale": concat(" ", [
		"A second active key is usually the remains of a rotation that was never finished, or a key",
		"copied to a second place so that two consumers share one identity. Either way, the number of",
		"live long-term secrets doubles and it becomes unclear which one a given action used. Basic",
		"credential hygiene keeps one key per identity at most.",
	]),
	"recommendation": concat(" ", [
		"IAM console → Users → <user> → Security credentials → Access keys: check 'Last used' on each",
		"key, move every consumer to the newer key, then Actions → Deactivate and Delete the other. CLI:",
		"`aws iam list-access-keys --user-name <user>`, `aws iam get-access-key-last-used --access-key-id",
		"<key-id>`, `aws iam update-access-key --user-name <user> --access-key-id <key-id> --status",
		"Inactive`, and after a safe period `aws iam delete-access-key --user-name <user> --access-key-id",
		"<key-id>`.",
	]),
	"references": [
		"NIST SP 800-53 IA-5",
		"CIS AWS Foundations v3.0 1.13",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some p in lib.principals
	all_keys := p.access_keys
	count(all_keys) > 1
	keys := [k | some k in all_keys; k.active == true]
	count(keys) > 1
	ids := [k.id | some k in keys]
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has %d active access keys: %s", [p.name, count(keys), concat(", ", ids)]),
		"details": {"active_access_keys": [{
			"id": k.id,
			"created": k.created,
			"last_used": k.last_used,
		} |
			some k in keys
		]},
	}
}
