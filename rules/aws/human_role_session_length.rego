# Roles people assume (workforce SAML, IAM Identity Center) must issue short sessions, shorter still
# for administrators.
package idgauge.rules.aws.human_role_session_length

import data.idgauge.lib.aws
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-035",
	"title": "Roles people assume grant short sessions",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Adopt Short-Lived Credentials"},
	"severity": "medium",
	"requires": ["roles"],
	"description": concat(" ", [
		"Considers the IAM roles people assume: roles trusted through a workforce SAML provider and the",
		"`AWSReservedSSO_*` roles IAM Identity Center creates for its permission sets. Fails for each",
		"such role whose maximum session duration is longer than `max_privileged_session_hours`",
		"(default 4) when the role is privileged (administrator policies), or longer than",
		"`max_human_session_hours` (default 12) otherwise; a privileged role is held to the smaller of",
		"the two. Unknown when a role people assume has no maximum session duration in the snapshot;",
		"not applicable when no role is assumable through SAML federation or Identity Center.",
	]),
	"rationale": concat(" ", [
		"The path to level 5 starts with short-lived credentials issued per session by the identity",
		"provider, which reduce standing privilege; the model singles out privileged tasks. A role",
		"session is only as short-lived as the role allows: with a 12-hour maximum, administrator",
		"credentials copied from a laptop or a shell stay valid for up to half a day, and a person",
		"disabled in the directory keeps a session already issued until it ends. Keeping administrator",
		"sessions to a few hours bounds that window and makes people return to the identity provider",
		"(and its MFA and lifecycle checks) to carry on. The default general limit is AWS's own ceiling",
		"and NIST SP 800-63B's re-authentication interval at AAL2 (12 hours); lower it, e.g. to 8 for a",
		"working day, to hold every role people use to a shorter session.",
	]),
	"recommendation": concat(" ", [
		"For an Identity Center role, shorten the permission set's session duration, then re-provision",
		"it to the accounts that use it: Console: IAM Identity Center → Multi-account permissions →",
		"Permission sets → <permission set> → Edit → Session duration (e.g. 1 or 4 hours) → Save, then",
		"Reprovision. CLI: `aws sso-admin update-permission-set --instance-arn <instance-arn>",
		"--permission-set-arn <permission-set-arn> --session-duration PT4H` and `aws sso-admin",
		"provision-permission-set --instance-arn <instance-arn> --permission-set-arn",
		"<permission-set-arn> --target-type ALL_PROVISIONED_ACCOUNTS`. For a role trusted by a SAML",
		"provider: Console: IAM → Roles → <role> → Summary → Maximum session duration → Edit; CLI: `aws",
		"iam update-role --role-name <role> --max-session-duration 14400`, and have the identity provider",
		"send a `SessionDuration` SAML attribute no longer than that.",
	]),
	"references": [
		"NIST SP 800-53 AC-12",
		"NIST SP 800-53 IA-11",
		"NIST SP 800-53 AC-6",
		"NIST SP 800-63B",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

# The roles people assume (a walk over the roles, once per evaluation of this rule).
human_roles := [r | some r in lib.roles; aws.human_assumable(r)]

human_limit_hours := lib.threshold("max_human_session_hours")

privileged_limit_hours := min([human_limit_hours, lib.threshold("max_privileged_session_hours")])

not_applicable := "no role in this account is assumed through workforce SAML federation or IAM Identity Center" if {
	count(human_roles) == 0
}

limit_hours(r) := privileged_limit_hours if r.privileged == true

limit_hours(r) := human_limit_hours if r.privileged != true

limit_name(r) := "privileged roles (max_privileged_session_hours)" if r.privileged == true

limit_name(r) := "roles people assume (max_human_session_hours)" if r.privileged != true

title_of(r) := "Privileged role" if r.privileged == true

title_of(r) := "Role" if r.privileged != true

# 43200 → "12 hours"; 30600 → "8 hours 30 minutes"; 3601 → "1 hour 1 second".
duration(s) := concat(" ", [p |
	some p in [unit(floor(s / 3600), "hour"), unit(floor((s % 3600) / 60), "minute"), unit(s % 60, "second")]
	p != ""
])

unit(n, _) := "" if n == 0

unit(n, name) := sprintf("%d %s", [n, name]) if n == 1

unit(n, name) := sprintf("%d %ss", [n, name]) if n > 1

findings contains f if {
	some r in human_roles
	is_number(r.max_session_seconds)
	limit := limit_hours(r)
	r.max_session_seconds > limit * 3600
	f := {
		"resource": r.id,
		"message": sprintf("%s %s, assumed by people, allows sessions of up to %s; the limit for %s is %s", [
			title_of(r), r.name, duration(r.max_session_seconds), limit_name(r), duration(limit * 3600),
		]),
		"details": {
			"max_session_seconds": r.max_session_seconds,
			"limit_seconds": limit * 3600,
			"privileged": r.privileged,
			"trust": sort({t.kind | some t in r.trust; t.kind in aws.human_trust_kinds}),
		},
	}
}

# One reason for all such roles: real estates have many, and the cause is the same for each.
undetermined contains msg if {
	unread := sort([r.name | some r in human_roles; not is_number(r.max_session_seconds)])
	count(unread) > 0
	msg := sprintf("the maximum session duration of %d %s people assume is not in the snapshot (%s); iam:GetAccountAuthorizationDetails does not return it, iam:ListRoles and iam:GetRole do", [
		count(unread), lib.plural(count(unread), "role", "roles"), lib.join(unread),
	])
}
