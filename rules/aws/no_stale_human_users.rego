# Human IAM users with live credentials must not sit unused.
package idgauge.rules.aws.no_stale_human_users

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-014",
	"title": "No stale human IAM users",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "medium",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every human IAM user, other than declared break-glass users, that still has a console",
		"password or an active access key but has not used a password or key for more than",
		"`inactive_days` days (default 90); a user that was never used counts from its creation date.",
		"Users whose inactivity cannot be computed are ignored.",
	]),
	"rationale": concat(" ", [
		"An account nobody uses but that can still sign in usually belongs to a leaver or a finished",
		"project: it is exactly the out-of-date account the maturity model warns manual processes leave",
		"behind. Nobody notices if it is taken over. Removing dormant access promptly is part of a",
		"consistent user lifecycle.",
	]),
	"recommendation": concat(" ", [
		"Confirm with the person's manager, or the HR record, whether the access is still needed. If not,",
		"disable it now and delete it after a grace period: `aws iam delete-login-profile --user-name",
		"<user>`, `aws iam update-access-key --user-name <user> --access-key-id <key-id> --status",
		"Inactive`, later `aws iam delete-user --user-name <user>` once its keys, groups and policies are",
		"removed. Console: IAM → Users (sort by Last activity) → <user> → Security credentials → Console",
		"sign-in → Disable, Access keys → Deactivate. The credential report lists every credential's last",
		"use: `aws iam generate-credential-report`, then `aws iam get-credential-report --query Content",
		"--output text | base64 -d`. Lasting fix: manage people through the IdP so leaving the",
		"organisation removes access automatically.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 AC-2",
		"CIS AWS Foundations v3.0 1.12",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

limit := lib.threshold("inactive_days")

findings contains f if {
	some p in lib.principals
	days := p.derived.inactive_days
	is_number(days)
	days > limit
	p.kind == "human"
	not p.derived.break_glass
	keys := lib.active_keys(p)
	live := p.console_access == true
	credentials := array.concat(["console password" | live], [k.id | some k in keys])
	count(credentials) > 0
	never := p.derived.never_used == true
	f := {
		"resource": p.id,
		"message": message(p, days, never, credentials),
		"details": {
			"inactive_days": days,
			"never_used": never,
			"inactive_days_limit": limit,
			"console_access": p.console_access,
			"active_access_keys": [k.id | some k in keys],
			"password_last_used": p.password_last_used,
		},
	}
}

message(p, days, never, credentials) := sprintf("IAM user %s was never used in the %d days since it was created, yet still has live credentials (%s); limit %d days", [p.name, days, concat(", ", credentials), limit]) if never

message(p, days, never, credentials) := sprintf("IAM user %s has not used a password or key for %d days, yet still has live credentials (%s); limit %d days", [p.name, days, concat(", ", credentials), limit]) if not never
