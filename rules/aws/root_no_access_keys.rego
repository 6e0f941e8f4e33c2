# The AWS root user must have no active access keys.
package idgauge.rules.aws.root_no_access_keys

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-003",
	"title": "The root user has no active access keys",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "critical",
	"requires": ["root"],
	"description": concat(" ", [
		"Fails when the root user has one or more active access keys (credential report",
		"`access_key_1_active` / `access_key_2_active` for `<root_account>`).",
	]),
	"rationale": concat(" ", [
		"A root access key is a long-lived secret with unrestricted power that MFA does not protect and",
		"no IAM or service control policy can restrict. Any leak (a laptop, a repository, a CI log) hands",
		"over the whole account, and actions taken with it cannot be tied to a person. No task needs a",
		"root access key.",
	]),
	"recommendation": concat(" ", [
		"Find what uses the key first: CloudTrail → Event history, filter User name = root (`aws",
		"cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root`). Move",
		"that work to an IAM role or an Identity Center permission set. Then sign in as root → Security",
		"credentials → Access keys → Actions → Deactivate, wait for anything to break, and Delete. Verify",
		"with `aws iam get-account-summary --query SummaryMap.AccountAccessKeysPresent` (0 = none). In an",
		"organisation with centralised root access management you can delete member-account root keys",
		"from the management account: `aws sts assume-root --target-principal <account-id>",
		"--task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials`, then `aws",
		"iam delete-access-key --access-key-id <key-id>` with the returned credentials.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(5)",
		"NIST SP 800-53 IA-5",
		"CIS AWS Foundations v3.0 1.4",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	r := lib.root
	keys := lib.active_keys(r)
	count(keys) > 0
	ids := [k.id | some k in keys]
	f := {
		"resource": r.id,
		"message": sprintf("The root user (%s) has %d active access %s: %s", [r.id, count(keys), lib.plural(count(keys), "key", "keys"), concat(", ", ids)]),
		"details": {"active_access_keys": [{
			"id": k.id,
			"created": k.created,
			"last_used": k.last_used,
		} |
			some k in keys
		]},
	}
}
