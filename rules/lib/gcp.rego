# GCP and Google Workspace helpers for idgauge rules: consumer accounts, basic roles, Workspace
# directory users (active, super admins) and day arithmetic on their timestamps. Imported only by
# GCP rules (`import data.idgauge.lib.gcp`). Same cost rule as idgauge.lib.common: complete rules
# here stay O(1) or proportional to small sections; walks over users are functions or sets built
# once per evaluation.
package idgauge.lib.gcp

import data.idgauge.lib.common as lib
import rego.v1

# Domains of Google consumer accounts: private accounts outside the organisation's control.
consumer_domains := {"gmail.com", "googlemail.com"}

# The basic (primitive) roles that grant broad write access to everything in a resource.
basic_roles := {"roles/owner", "roles/editor"}

# "ann@corp.example" → "corp.example"; undefined without an @.
email_domain(name) := lower(parts[count(parts) - 1]) if {
	parts := split(name, "@")
	count(parts) > 1
}

is_consumer(p) if email_domain(p.name) in consumer_domains

# Whole days from an RFC 3339 timestamp to the snapshot time.
days_since(t) := floor((time.parse_rfc3339_ns(input.now) - time.parse_rfc3339_ns(t)) / 86400000000000)

# Privileged role assignments (permanent, time_bound, eligible) of the scope.
privileged_access := object.get(input, ["scope", "sections", "privileged_access", "data"], [])

external_collaboration := input.scope.sections.external_collaboration.data

# Workspace users that are not suspended or archived.
active_users := [u | some u in lib.directory_users; u.active != false]

# Active super admins.
super_admins := [u | some u in active_users; u.super_admin == true]

# Roles of a principal's or group's grants, as "role at resource" strings for messages.
grant_labels(x, roles) := [sprintf("%s at %s", [g.role, g.resource]) |
	some g in object.get(x, "grants", [])
	g.role in roles
]
