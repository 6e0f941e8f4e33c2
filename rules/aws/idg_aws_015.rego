# Active access keys that are not used must be removed.
package idgauge.rules.aws.idg_aws_015

import data.idgauge.lib
import rego.v1

metadata := {
	"id": "IDG-AWS-015",
	"title": "No unused active access keys",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user holding an active access key that has not been used for more than",
		"`inactive_days` days (default 90), or that has never been used and was created more than",
		"`unused_key_grace_days` days ago (default 7).",
	]),
	"rationale": concat(" ", [
		"An active key nobody uses is pure risk: it grants access that no process needs, it is often a",
		"forgotten copy in a script or a laptop, and a thief using it would be the only one doing so. CIS",
		"expects such credentials to be disabled; keeping only credentials that are in use is part of a",
		"controlled lifecycle.",
	]),
	"recommendation": concat(" ", [
		"For each listed key, deactivate it and watch for breakage, then delete it: `aws iam",
		"update-access-key --user-name <user> --access-key-id <key-id> --status Inactive`, then `aws iam",
		"delete-access-key --user-name <user> --access-key-id <key-id>`. Console: IAM → Users → <user> →",
		"Security credentials → Access keys → Actions → Deactivate / Delete. Check last use with `aws iam",
		"get-access-key-last-used --access-key-id <key-id>`. Do not create keys in advance of need (CIS",
		"1.11): create them only when a workload is ready to use them.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 IA-5",
		"CIS AWS Foundations v3.0 1.12",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

limit := lib.threshold("inactive_days")

grace := lib.threshold("unused_key_grace_days")

unused(k) if {
	k.derived.never_used != true
	days := k.derived.unused_days
	is_number(days)
	days > limit
}

unused(k) if {
	k.derived.never_used == true
	age := k.derived.age_days
	is_number(age)
	age > grace
}

describe(k) := sprintf("%s (never used, created %d days ago)", [k.id, k.derived.age_days]) if k.derived.never_used == true

describe(k) := sprintf("%s (unused for %d days)", [k.id, k.derived.unused_days]) if k.derived.never_used != true

findings contains f if {
	some p in lib.principals
	all_keys := object.get(p, "access_keys", [])
	count(all_keys) > 0
	keys := [k | some k in all_keys; k.active == true; unused(k)]
	count(keys) > 0
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has %d unused active access %s: %s", [p.name, count(keys), lib.plural(count(keys), "key", "keys"), concat(", ", [describe(k) | some k in keys])]),
		"details": {
			"inactive_days": limit,
			"unused_key_grace_days": grace,
			"keys": [{
				"id": k.id,
				"never_used": k.derived.never_used,
				"unused_days": k.derived.unused_days,
				"age_days": k.derived.age_days,
			} |
				some k in keys
			],
		},
	}
}
