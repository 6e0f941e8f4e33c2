# Provider-neutral helpers for idgauge rules: section accessors, configuration, and the identity
# facts any provider's rules read (humans, break-glass marks, generic names, MFA, keys), plus
# formatting. Nothing here knows a cloud: provider-specific helpers live in
# `idgauge.lib.<provider>` (rules/lib/aws.rego), which only that provider's rules import.
#
# Import it as `import data.idgauge.lib.common as lib`. The libraries are siblings under
# `idgauge.lib` rather than parent and child because regorus evaluates a package together with
# every package nested in it: a neutral library at `idgauge.lib` would drag each provider's
# helpers into every rule that reads `lib.<name>`.
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
package idgauge.lib.common

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

# Guardrail policies (SCPs, Azure Policy, org policy constraints) of the scope.
guardrail_policies := object.get(_sections, ["guardrails", "data", "policies"], [])

# ---------------------------------------------------------------------------------------------
# Configuration. idgauge always passes the effective configuration (defaults filled in by
# config.rs, the one source of thresholds and name lists) as `input.config`.

threshold(name) := input.config.thresholds[name]

# Lower-cased set, built once per evaluation; membership tests are O(1).
generic_names := {lower(n) | some n in input.config.generic_names}

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
# Formatting.

# 0.873 → "87.3%"
percent(x) := sprintf("%.1f%%", [x * 100])

# ["a", "b"] → "a, b"; [] → "none"
join(xs) := concat(", ", xs) if count(xs) > 0

join(xs) := "none" if count(xs) == 0

plural(n, one, many) := one if n == 1

plural(n, one, many) := many if n != 1
