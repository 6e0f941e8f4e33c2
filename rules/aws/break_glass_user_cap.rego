# At most `max_break_glass_users` IAM users may be declared break-glass.
package idgauge.rules.aws.break_glass_user_cap

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-027",
	"title": "No more declared break-glass users than the cap",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Require SSO or Federation for All Services"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Counts the IAM users of the account declared as break-glass in idgauge.toml ([[break_glass]],",
		"by user name or ARN) and fails when there are more than `max_break_glass_users` (default 2),",
		"listing every declared break-glass user.",
	]),
	"rationale": concat(" ", [
		"On the way to level 4 every service is reached through SSO or federation, and a local IAM user",
		"is tolerated only as an emergency account for when federation is down. That exception is only",
		"worth something while it stays small: declaring a whole team break-glass would keep manually",
		"managed passwords alive under a new name, outside the directory's joiner-mover-leaver process.",
		"One or two sealed, tested accounts cover an identity-provider outage.",
	]),
	"recommendation": concat(" ", [
		"Keep one or two emergency users, each with its credentials sealed and its use alerted on. Move",
		"the other people to federated access (IAM Identity Center → AWS accounts → select account →",
		"Assign users or groups), then remove their passwords and keys: IAM console → Users → <user> →",
		"Security credentials → Disable console access, or `aws iam delete-login-profile --user-name",
		"<user>` and `aws iam delete-access-key --user-name <user> --access-key-id <key-id>`, and finally",
		"`aws iam delete-user --user-name <user>`. Remove their [[break_glass]] entries from idgauge.toml.",
		"If the organisation really needs more, raise `max_break_glass_users` under [thresholds] and",
		"record why.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-2(2)",
		"NIST SP 800-53 AC-6(5)",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

cap := lib.threshold("max_break_glass_users")

declared := [p | some p in lib.principals; p.derived.break_glass == true]

findings contains f if {
	count(declared) > cap
	some p in declared
	f := {
		"resource": p.id,
		"message": sprintf("IAM user %s is one of %d declared break-glass users in %s; at most %d are allowed (max_break_glass_users)", [p.name, count(declared), lib.scope_id, cap]),
		"details": {
			"name": p.name,
			"declared_break_glass_users": count(declared),
			"max_break_glass_users": cap,
			"console_access": p.console_access,
		},
	}
}
