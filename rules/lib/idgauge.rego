# Shared helpers for idgauge rules: section accessors, config with defaults, and the identity
# facts several rules need (federation in use, generic names, denied actions).
#
# Cost rule: regorus evaluates EVERY rule of this package whenever a rule file refers to
# `lib.<name>` through `import data.idgauge.lib` (the import alias is resolved to the whole
# package, not to the one rule). So the complete rules here must stay O(1) or proportional to
# small sections (identity providers, SSO instances, SCPs). Anything that walks principals,
# directory users or roles is a function (evaluated only when called) or short-circuits.
#
# In rules' per-principal loops prefer plain field tests (`p.kind == "human"`,
# `not p.derived.break_glass`) to the predicate functions below: a regorus function call costs
# several microseconds, which adds up over 5,000 principals and 29 rules.
#
# Optional snapshot fields may be absent or null: read them with object.get so both behave the
# same.
package idgauge.lib

import rego.v1

# ---------------------------------------------------------------------------------------------
# Scope and section data (`input.scope.sections.<name>.data`). Lists default to [] so a rule
# body never fails on a section the engine did not supply; object sections stay undefined.

scope_id := input.scope.id

scope_name := object.get(input.scope, "name", input.scope.id)

_sections := object.get(input, ["scope", "sections"], {})

_list(name) := object.get(_sections, [name, "data"], [])

principals := _list("principals")

groups := _list("groups")

roles := _list("roles")

identity_providers := _list("identity_providers")

sso := _list("sso")

directory_users := _list("directory_users")

audit_logs := _list("audit_logs")

alerting := _list("alerting")

threat_detection := _list("threat_detection")

access_analysis := _list("access_analysis")

root := _sections.root.data

password_policy := _sections.password_policy.data

guardrails := _sections.guardrails.data

organization := _sections.organization.data

# ---------------------------------------------------------------------------------------------
# Configuration, with the documented defaults when a value is missing from input.config.

default_thresholds := {
	"access_key_max_age_days": 90,
	"inactive_days": 90,
	"unused_key_grace_days": 7,
	"root_recent_use_days": 30,
	"password_min_length": 14,
	"password_reuse_prevention": 24,
	"federated_share_min": 0.9,
	"scim_share_min": 0.95,
	"max_local_human_users": 2,
}

threshold(name) := object.get(input, ["config", "thresholds", name], default_thresholds[name])

default_generic_names := [
	"admin", "administrator", "root", "shared", "share", "team", "ops", "devops", "sysadmin",
	"operator", "test", "tester", "testing", "qa", "deploy", "deployer", "deployment", "dev",
	"developer", "prod", "staging", "user", "users", "guest", "support", "helpdesk", "temp", "tmp",
	"demo", "training", "generic", "common", "service", "backup", "monitor", "readonly", "all",
	"default",
]

# Lower-cased set, built once per evaluation; membership tests are O(1).
generic_names := {lower(n) | some n in object.get(input, ["config", "generic_names"], default_generic_names)}

# ---------------------------------------------------------------------------------------------
# Principals.

is_human(p) if p.kind == "human"

is_break_glass(p) if object.get(p, ["derived", "break_glass"], false) == true

# The same as a value (true/false) for details objects.
break_glass(p) := object.get(p, ["derived", "break_glass"], false) == true

# The engine precomputes the tokens; the fallback only runs when `derived` is missing, and is
# ASCII-only (regorus is built without Unicode classes, so `\p{L}` is rejected).
name_tokens(p) := p.derived.name_tokens

name_tokens(p) := [t | some t in regex.split(`[^a-z]+`, lower(p.name)); t != ""] if {
	not p.derived.name_tokens
}

# True when the name has at least one word and every word is on the generic-names list
# (admin, shared, ops-team, test1, deploy): nothing in it identifies a person or a workload.
is_generic_name(p) if {
	tokens := name_tokens(p)
	count(tokens) > 0
	every t in tokens {
		t in generic_names
	}
}

access_keys(p) := p.access_keys

active_keys(p) := [k | some k in access_keys(p); k.active == true]

mfa_devices(p) := p.mfa_devices

has_phishing_resistant_mfa(p) if {
	some d in mfa_devices(p)
	d.phishing_resistant == true
}

# The root user has neither a password nor an active access key (member accounts whose root
# credentials were removed by centralised root access management).
root_has_no_credentials if {
	root.password_enabled == false
	count(active_keys(root)) == 0
}

# Optional derived values (null when unknown).
derived(x, field) := object.get(x, ["derived", field], null)

has_console(p) if p.console_access == true

# A human IAM user that is not declared break-glass: a person who signs in locally.
is_local_human(p) if {
	is_human(p)
	not is_break_glass(p)
}

# A directory (Identity Center) user not known to be disabled.
is_active_directory_user(u) if u.active != false

# ---------------------------------------------------------------------------------------------
# Federation.

workforce_saml_provider_ids := {idp.id |
	some idp in identity_providers
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
# false; call once per rule, e.g. `saml := lib.workforce_saml_federation(input.scope)`.
workforce_saml_federation(scope) := count(trusted_workforce_saml_providers(scope)) > 0

sso_active(s) if s.status == null

sso_active(s) if {
	is_string(s.status)
	upper(s.status) == "ACTIVE"
}

# Identity Center instances that are active and have at least one account assignment.
sso_instances_in_use := [s |
	some s in sso
	sso_active(s)
	s.account_assignments > 0
]

default sso_in_use := false

sso_in_use if count(sso_instances_in_use) > 0

# ---------------------------------------------------------------------------------------------
# Guardrails (SCPs).

# The actions a level-5 identity guardrail must deny.
identity_creation_actions := ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]

guardrail_policies := object.get(_sections, ["guardrails", "data", "policies"], [])

# SCPs written by the organisation (not vendor-managed such as FullAWSAccess) attached to the scope.
customer_scps := [p |
	some p in guardrail_policies
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
# Formatting.

# 0.873 → "87.3%"
percent(x) := sprintf("%.1f%%", [x * 100])

# ["a", "b"] → "a, b"; [] → "none"
join(xs) := concat(", ", xs) if count(xs) > 0

join(xs) := "none" if count(xs) == 0

plural(n, one, many) := one if n == 1

plural(n, one, many) := many if n != 1
