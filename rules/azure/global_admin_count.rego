# Between two and four Global Administrators.
package idgauge.rules.azure.global_admin_count

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-003",
	"title": "Between two and four Global Administrators",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Set Up Basic IAM"},
	"severity": "high",
	"requires": ["privileged_access"],
	"description": concat(" ", [
		"Counts the distinct principals holding Global Administrator, active or PIM-eligible, and fails",
		"when there are fewer than two or more than four.",
	]),
	"rationale": concat(" ", [
		"Global Administrator is the tenant's all-powerful role. One holder is a single point of failure",
		"(or a shared account); many holders mean the role is used day to day instead of least-privileged",
		"roles. Basic IAM on the way out of level 1 keeps it to a few named people.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Roles & admins → Global Administrator: keep two to four holders, including",
		"the break-glass accounts, and give the others a narrower role (User Administrator, Exchange",
		"Administrator, ...). With one holder, add a second named administrator and a break-glass account.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(5)",
		"NIST SP 800-53 AC-2(7)",
		"CIS Microsoft 365 Foundations 1.1.3",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

n := count(azure.global_admins)

findings contains f if {
	n < 2
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s has %d Global %s; at least 2 are needed so that losing one does not lock the tenant", [lib.scope_id, n, lib.plural(n, "Administrator", "Administrators")]),
		"details": {"global_administrators": sort([p | some p in azure.global_admins])},
	}
}

findings contains f if {
	n > 4
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s has %d Global Administrators; at most 4 should hold the role", [lib.scope_id, n]),
		"details": {"global_administrators": sort([p | some p in azure.global_admins])},
	}
}
