# Most people must reach the account through federation rather than local IAM users.
package idgauge.rules.aws.federated_human_access

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-011",
	"title": "Most human access is federated",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 3, "section": "good_enough", "step": "Consistent Approach"},
	"severity": "high",
	"requires": ["principals", "directory_users", "identity_providers", "roles"],
	"description": concat(" ", [
		"Compares federated identities (IAM Identity Center directory users that are not disabled) with",
		"local human IAM users (excluding declared break-glass users). With directory users present,",
		"fails when the federated share is below `federated_share_min` (default 0.9). With no directory",
		"users but a trusted workforce SAML provider, fails when more than `max_local_human_users`",
		"(default 2) local human users remain. With neither, fails when any local human user exists. Not",
		"applicable when there are no human identities at all.",
	]),
	"rationale": concat(" ", [
		"Setting up federation is not enough if most people keep signing in with IAM users created by",
		"hand: those accounts escape the directory's joiner-mover-leaver process, its MFA policy and its",
		"audit. Level 3 expects the standard, federated path to be the normal one, with only a few",
		"justified exceptions.",
	]),
	"recommendation": concat(" ", [
		"For each listed IAM user, make sure the person has an identity in your IdP and an Identity",
		"Center assignment (IAM Identity Center → AWS accounts → select account → Assign users or",
		"groups), ask them to sign in through the AWS access portal, then remove the IAM user: `aws iam",
		"delete-login-profile --user-name <user>`, `aws iam list-access-keys --user-name <user>` and `aws",
		"iam delete-access-key --user-name <user> --access-key-id <key-id>`, `aws iam",
		"list-groups-for-user --user-name <user>` and `aws iam remove-user-from-group --user-name <user>",
		"--group-name <group>`, `aws iam list-attached-user-policies --user-name <user>` and `aws iam",
		"detach-user-policy --user-name <user> --policy-arn <arn>`, then `aws iam delete-user --user-name",
		"<user>`. Emergency accounts that must stay are declared as break-glass in idgauge.toml.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 IA-2",
		"CIS AWS Foundations v3.0 1.21",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

local := [p | some p in lib.principals; p.kind == "human"; not p.derived.break_glass]

n_local := count(local)

n_fed := count([1 | some u in lib.directory_users; u.active != false])

saml := aws.workforce_saml_federation(input.scope)

max_local := lib.threshold("max_local_human_users")

share_min := lib.threshold("federated_share_min")

not_applicable := "no human identity exists: no human IAM user, no Identity Center user and no workforce SAML federation" if {
	n_fed == 0
	not saml
	not any_human
}

any_human if {
	some p in lib.principals
	p.kind == "human"
}

# Why the local users fail, if they do (one of the three branches).
reason := sprintf("only %s of human identities are federated (%d of %d), below the %s minimum", [lib.percent(share), n_fed, n_fed + n_local, lib.percent(share_min)]) if {
	n_fed > 0
	share := n_fed / (n_fed + n_local)
	share < share_min
}

reason := sprintf("SAML federation exists but %d local human IAM users remain, more than the %d allowed", [n_local, max_local]) if {
	n_fed == 0
	saml
	n_local > max_local
}

reason := sprintf("there is no federation at all and %d local human IAM %s", [n_local, lib.plural(n_local, "user exists", "users exist")]) if {
	n_fed == 0
	not saml
	n_local > 0
}

findings contains f if {
	r := reason
	some p in local
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s is a local human account: %s", [p.name, r]),
		# Per-finding details stay small: the shares and thresholds are in the message, and
		# this rule can emit one finding per local user in estates of thousands.
		"details": {"console_access": p.console_access},
	}
}
