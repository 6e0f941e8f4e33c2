# Azure / Entra ID helpers for idgauge rules: conditional-access policy classes, Global
# Administrator holders, SSO applications and their provisioning, and declared break-glass
# accounts met by object id. Imported only by Azure rules (`import data.idgauge.lib.azure`).
# Same cost rule as idgauge.lib.common: complete rules here stay proportional to small sections
# (policies, role assignments, applications); walks over principals are functions.
package idgauge.lib.azure

import data.idgauge.lib.common as lib
import rego.v1

# Role template id of Global Administrator.
global_admin_role := "62e90394-69f5-4237-9190-012177145e10"

_sections := object.get(input, ["scope", "sections"], {})

auth_policies := object.get(_sections, ["auth_policies", "data"], [])

privileged_access := object.get(_sections, ["privileged_access", "data"], [])

applications := object.get(_sections, ["applications", "data"], [])

provisioning := object.get(_sections, ["provisioning", "data"], [])

external_collaboration := _sections.external_collaboration.data

authentication_methods := object.get(_sections, ["authentication_methods", "data"], [])

authentication_strengths := object.get(_sections, ["authentication_strengths", "data"], [])

named_locations := object.get(_sections, ["named_locations", "data"], [])

risky_users := object.get(_sections, ["risky_users", "data"], [])

# Read from the input here, not through `lib.principals`: regorus does not resolve another
# library's rules inside a function of this one (found with IDG-AZ-012's fixtures).
_principals := object.get(_sections, ["principals", "data"], [])

# ---------------------------------------------------------------------------------------------
# Break-glass accounts. idgauge.toml declares them by user principal name or object id
# (case-insensitive), for every scope or one.

_bg_in_scope(b) if b.scope == null

_bg_in_scope(b) if b.scope == input.scope.id

declared_break_glass := {lower(b.principal) |
	some b in object.get(input, ["config", "break_glass"], [])
	_bg_in_scope(b)
}

# An object id (user or group) or UPN declared break-glass, directly or through the principal
# it names. A function: only callers pay for the walk over the principals — so never call it once
# per principal (a 50,000-user tenant made that quadratic); rules looping over principals read
# `p.derived.break_glass`, which the engine sets from the same declarations.
is_break_glass(id) if lower(id) in declared_break_glass

is_break_glass(id) if {
	some p in _principals
	p.id == id
	p.derived.break_glass == true
}

# The directory-synchronisation service account (a workload user) or its role, which
# Microsoft's conditional-access templates exclude: it cannot do MFA.
directory_sync_role := "d29b2b05-8046-44ba-8758-1e26182fcf32"

is_sync_account(id) if {
	some p in _principals
	p.id == id
	p.kind == "workload"
}

# ---------------------------------------------------------------------------------------------
# Authentication policies (security defaults and conditional access). Only `enabled` policies
# are enforced: report-only ones change nothing for a sign-in.

enforced := [p | some p in auth_policies; p.state == "enabled"]

report_only := [p | some p in auth_policies; p.state == "report_only"]

# Requires MFA (or an authentication strength) of every user for every application, on every
# sign-in: a policy that only applies on risk, from some locations or devices, or to some client
# apps leaves the other sign-ins with a password alone.
is_mfa_for_all(p) if {
	p.requires_mfa == true
	p.applies_to_all_users == true
	object.get(p, "applies_to_all_apps", false) == true
	object.get(p, "risk_based", false) == false
	object.get(p, "location_or_device_condition", false) == false
	_all_clients(object.get(p, "client_app_types", []))
}

_all_clients(types) if count(types) == 0

_all_clients(types) if "all" in types

mfa_for_all := [p | some p in enforced; is_mfa_for_all(p)]

# Blocks Exchange ActiveSync and other legacy clients for every user.
is_legacy_block(p) if {
	object.get(p, "blocks_access", false) == true
	p.applies_to_all_users == true
	types := object.get(p, "client_app_types", [])
	"exchangeActiveSync" in types
	"other" in types
}

legacy_blocks := [p | some p in enforced; is_legacy_block(p)]

# Policies whose exclusions weaken protection: those requiring MFA or blocking access.
protective := [p |
	some p in enforced
	p.kind == "conditional_access"
	protective_policy(p)
]

protective_policy(p) if p.requires_mfa == true

protective_policy(p) if object.get(p, "blocks_access", false) == true

# ---------------------------------------------------------------------------------------------
# Authentication strengths, resolved by id against the tenant's own list: a policy's strength
# counts for what it allows, never for its id or name.

# The combinations of Microsoft's built-in "Phishing-resistant MFA" strength. Passwordless phone
# sign-in (deviceBasedPush) is not among them: its approval can be relayed.
phishing_resistant_combinations := {"windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"}

# The combinations a strength allows that are not phishing-resistant.
weak_combinations(s) := [c |
	some c in s.allowed_combinations
	not phishing_resistant_combinations[c]
]

phishing_resistant_strength(id) if {
	some s in authentication_strengths
	s.id == id
	count(s.allowed_combinations) > 0
	count(weak_combinations(s)) == 0
}

# Requires an authentication strength that only phishing-resistant methods satisfy.
requires_phishing_resistant(p) if phishing_resistant_strength(p.authentication_strength)

# ---------------------------------------------------------------------------------------------
# Named locations. A policy's location condition singles out places only when it names a
# location that exists — or `AllTrusted` while some named location is marked trusted; `All`
# (everywhere) and ids no named location has single out nothing.

_location_ids := {l.id | some l in named_locations}

_some_trusted_location if {
	some l in named_locations
	l.trusted == true
}

meaningful_location(ref) if ref in _location_ids

meaningful_location("AllTrusted") if _some_trusted_location

location_refs(p) := array.concat(object.get(p, "included_locations", []), object.get(p, "excluded_locations", []))

has_location_condition(p) if {
	some ref in location_refs(p)
	meaningful_location(ref)
}

# Location references that name nothing: an id no named location has, or `AllTrusted` with no
# trusted location.
dangling_locations(p) := sort([ref |
	some ref in location_refs(p)
	ref != "All"
	not meaningful_location(ref)
])

# ---------------------------------------------------------------------------------------------
# Privileged roles.

global_admin_assignments := [a | some a in privileged_access; a.role_id == global_admin_role]

global_admins := {a.principal | some a in global_admin_assignments}

# ---------------------------------------------------------------------------------------------
# Applications and provisioning.

sso_apps := [a | some a in applications; a.enabled == true; a.sso in {"saml", "oidc"}]

scim_jobs := [j | some j in provisioning; j.kind == "scim"]

healthy_job(j) if {
	j.enabled == true
	j.healthy == true
}

# Ids of applications with at least one enabled, healthy provisioning job.
provisioned_apps := {j.app | some j in scim_jobs; healthy_job(j)}
