# Active access keys must be rotated within the maximum age.
package idgauge.rules.aws.access_key_max_age

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-008",
	"title": "No active access key is older than the maximum age",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"placement": "advisory",
	"anchor": {"outside_model": "access-key rotation for any IAM user, mostly workloads (CIS AWS 1.14); a deploy key's age says nothing of how people are provisioned"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every IAM user holding an active access key created more than",
		"`access_key_max_age_days` days (default 90) before the snapshot.",
	]),
	"rationale": concat(" ", [
		"The longer a long-term key lives, the more places it has been copied to and the longer a leaked",
		"copy stays useful to an attacker. Regular rotation bounds that exposure and proves that the team",
		"knows where each key is used. It is a stop-gap: the goal at higher levels is to replace user",
		"keys with short-lived role credentials.",
	]),
	"recommendation": concat(" ", [
		"For each listed key: `aws iam create-access-key --user-name <user>` (the user must have only one",
		"active key first, see IDG-AWS-007), deploy the new key to its consumers, confirm with `aws iam",
		"get-access-key-last-used --access-key-id <old-key-id>` that the old key is no longer used, then",
		"`aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive`",
		"and `aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>`. Console: IAM →",
		"Users → <user> → Security credentials → Access keys → Create access key / Actions → Deactivate →",
		"Delete. Where possible, replace the key with an IAM role (instance profile, ECS task role, OIDC",
		"federation for CI) so there is nothing to rotate.",
	]),
	"references": [
		"NIST SP 800-53 IA-5(1)",
		"CIS AWS Foundations v3.0 1.14",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

max_age := lib.threshold("access_key_max_age_days")

# One finding per key: flat findings are several times cheaper to build than per-user ones with
# nested comprehensions, which matters in accounts with thousands of users.
findings contains f if {
	some p in lib.principals
	some k in p.access_keys
	k.active == true
	k.derived.age_days > max_age
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s has an active access key older than %d days: %s (%d days)", [p.name, max_age, k.id, k.derived.age_days]),
		"details": {"key": k.id, "created": k.created, "age_days": k.derived.age_days},
	}
}
