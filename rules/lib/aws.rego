# AWS helpers for idgauge rules: IAM role trust and SAML federation, the accounts roles trust, IAM
# Identity Center, root credentials, and SCP action matching. Imported only by AWS rules (`import
# data.idgauge.lib.aws`), so no other provider's evaluation pays for them. Same cost rule as
# idgauge.lib.common: the complete rules here stay O(1) or proportional to small sections; walks
# over roles are functions.
package idgauge.lib.aws

import data.idgauge.lib.common as lib
import rego.v1

# The root user has neither a password nor an active access key (member accounts whose root
# credentials were removed by centralised root access management).
root_has_no_credentials if {
	lib.root.password_enabled == false
	count(lib.active_keys(lib.root)) == 0
}

# ---------------------------------------------------------------------------------------------
# Federation.

workforce_saml_provider_ids := {idp.id |
	some idp in lib.identity_providers
	idp.protocol == "saml"
	idp.purpose == "workforce"
}

# The workforce SAML providers of `scope` that at least one of its roles trusts
# (sts:AssumeRoleWithSAML). Walks the roles only when a workforce SAML provider exists.
# A function, not a rule, so that only the rules calling it pay for the walk over the roles.
trusted_workforce_saml_providers(scope) := {t.principal |
	ids := {idp.id |
		some idp in object.get(scope, ["sections", "identity_providers", "data"], [])
		idp.protocol == "saml"
		idp.purpose == "workforce"
	}
	count(ids) > 0
	some r in object.get(scope, ["sections", "roles", "data"], [])
	some t in r.trust
	t.kind == "saml"
	t.principal in ids
}

# Workforce SAML federation: a workforce SAML provider that some role trusts. Always true or
# false; call once per rule, e.g. `saml := aws.workforce_saml_federation(input.scope)`.
workforce_saml_federation(scope) := count(trusted_workforce_saml_providers(scope)) > 0

# Roles that IAM Identity Center provisioned into the scope (`AWSReservedSSO_*`, trust kind sso):
# they exist only when Identity Center assigns a permission set to this account, so they show
# federation even where the Identity Center instance itself (in the management account) is not
# visible. A function: only callers pay for the walk over the roles.
sso_provisioned_roles(scope) := [r.name |
	some r in object.get(scope, ["sections", "roles", "data"], [])
	some t in r.trust
	t.kind == "sso"
]

# Trust kinds through which people assume a role: workforce SAML federation (`saml`) and IAM
# Identity Center (`sso`, the `AWSReservedSSO_*` roles).
human_trust_kinds := {"saml", "sso"}

# True when people can assume role `r`: some trust of it is of a human trust kind.
human_assumable(r) if {
	some t in r.trust
	t.kind in human_trust_kinds
}

# ---------------------------------------------------------------------------------------------
# Accounts.

# The account id of the scope (`aws:account:<id>` → `<id>`).
own_account := regex.replace(lib.scope_id, `^aws:account:`, "")

_account_id(s) if regex.match(`^[0-9]{12}$`, s)

# The AWS account a role-trust principal of kind `account` names: a bare 12-digit account id, or
# the account field of an ARN (`arn:aws:iam::<acct>:root`, `…:role/<name>`, `…:user/<name>`,
# `arn:aws:sts::<acct>:assumed-role/…`). Undefined for `*` and for the unique ids (`AROA…`,
# `AIDA…`) IAM shows in place of a trusted principal that was deleted, which name no account.
trust_account(principal) := principal if _account_id(principal)

trust_account(principal) := account if {
	startswith(principal, "arn:")
	parts := split(principal, ":")
	count(parts) >= 6
	account := parts[4]
	_account_id(account)
}

sso_active(s) if s.status == null

sso_active(s) if {
	is_string(s.status)
	upper(s.status) == "ACTIVE"
}

# Identity Center instances that are active and have at least one account assignment.
sso_instances_in_use := [s |
	some s in lib.sso
	sso_active(s)
	s.account_assignments > 0
]

default sso_in_use := false

sso_in_use if count(sso_instances_in_use) > 0

# ---------------------------------------------------------------------------------------------
# Guardrails (SCPs).

# Actions whose denial makes an SCP an identity guardrail: creating local identities and long-lived
# credentials, adding identity providers, rewriting trust, leaving the organization, and turning
# off the audit trail. Denying any one of them is identity-relevant content (IDG-AWS-023).
identity_guardrail_actions := [
	"iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateSAMLProvider",
	"iam:CreateOpenIDConnectProvider", "iam:UpdateAssumeRolePolicy", "iam:AttachUserPolicy",
	"iam:PutUserPolicy", "organizations:LeaveOrganization", "cloudtrail:StopLogging",
	"cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
]

# The identity-guardrail actions some of `policies` deny, in the fixed order above.
denied_identity_actions(policies) := [a |
	some a in identity_guardrail_actions
	action_denied(a, policies)
]

# SCPs never restrict the organization's management account.
default is_management_account := false

is_management_account if lib.guardrails.management_account == true

# The actions a level-5 identity guardrail must deny.
identity_creation_actions := ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]

# SCPs written by the organisation (not vendor-managed such as FullAWSAccess) attached to the scope.
customer_scps := [p |
	some p in lib.guardrail_policies
	p.kind == "scp"
	p.attached == true
	p.vendor_managed != true
]

# IAM action pattern (`iam:Create*`, `iam:?reate*`, `*`) to an anchored, lower-case regex.
action_regex(pattern) := concat("", ["^", replace(replace(_escape(lower(pattern)), "*", ".*"), "?", "."), "$"])

_escape(s) := regex.replace(s, `([.+()\[\]{}^$|\\])`, `\$1`)

# True when `pattern` (as written in a policy) matches `action`, case-insensitively.
action_matches(pattern, action) if lower(pattern) == lower(action)

action_matches(pattern, action) if {
	contains(pattern, "*")
	regex.match(action_regex(pattern), lower(action))
}

action_matches(pattern, action) if {
	contains(pattern, "?")
	regex.match(action_regex(pattern), lower(action))
}

# True when some policy in `policies` lists a denied_actions entry matching `action`.
action_denied(action, policies) if {
	some p in policies
	some pattern in p.denied_actions
	action_matches(pattern, action)
}

# The identity-creation actions not denied by any of `policies`, in the fixed order above.
uncovered_identity_actions(policies) := [a |
	some a in identity_creation_actions
	not action_denied(a, policies)
]

# ---------------------------------------------------------------------------------------------
# Alerting.

# Log groups CloudTrail delivers to (the trails of the scope, an organization trail included).
trail_log_groups := {t.log_group |
	some t in lib.audit_logs
	t.logging != false
	t.log_group
}

# An alert that can fire on `signal`: enabled, with somewhere to send it, and — for an alert on
# a log group (a CloudWatch metric filter) — on a log group a trail delivers to: a filter on any
# other log group never sees a CloudTrail event. EventBridge rules see the account's CloudTrail
# events directly.
working_alert(a, signal) if {
	signal in a.detects
	a.enabled == true
	a.has_action == true
	not a.log_group
	a.kind != "metric_filter_alarm"
}

working_alert(a, signal) if {
	signal in a.detects
	a.enabled == true
	a.has_action == true
	a.log_group in trail_log_groups
}

# Why an alert that detects the signal cannot fire, for messages.
alert_problems(a) := array.concat(
	array.concat(["disabled" | a.enabled != true], ["no action" | a.has_action != true]),
	[sprintf("its log group %s receives no trail", [object.get(a, "log_group", "(unknown)")]) |
		a.kind == "metric_filter_alarm"
		not object.get(a, "log_group", null) in trail_log_groups
	],
)
