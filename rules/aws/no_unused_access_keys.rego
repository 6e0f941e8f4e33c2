# Active access keys that are not used must be removed.
package idgauge.rules.aws.no_unused_access_keys

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-015",
	"title": "No unused active access keys",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"placement": "advisory",
	"anchor": {"outside_model": "unused access keys of any IAM user, mostly workloads (CIS AWS 1.12); credential hygiene the model does not place"},
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

# One finding per key (cheap to build at scale; see IDG-AWS-008).
findings contains f if {
	some p in lib.principals
	some k in p.access_keys
	k.active == true
	k.derived.never_used != true
	k.derived.unused_days > limit
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has an unused active access key: %s (unused for %d days; limit %d)", [p.name, k.id, k.derived.unused_days, limit]),
		"details": {"key": k.id, "unused_days": k.derived.unused_days, "never_used": false},
	}
}

findings contains f if {
	some p in lib.principals
	some k in p.access_keys
	k.active == true
	k.derived.never_used == true
	k.derived.age_days > grace
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has an unused active access key: %s (never used, created %d days ago)", [p.name, k.id, k.derived.age_days]),
		"details": {"key": k.id, "age_days": k.derived.age_days, "never_used": true},
	}
}
