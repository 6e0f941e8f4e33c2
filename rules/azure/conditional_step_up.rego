# Conditional access adds checks for sensitive access: step-up MFA, location or device conditions.
package idgauge.rules.azure.conditional_step_up

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-030",
	"title": "Conditional access adds step-up, location or device checks",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Add Real-Time Security Monitoring"},
	"severity": "medium",
	# Location conditions are credited only against the tenant's named locations.
	"requires": ["auth_policies", "named_locations"],
	"description": concat(" ", [
		"Passes when at least one enabled conditional-access policy goes beyond the baseline: it has a",
		"device or platform condition, a location condition that names an existing named location",
		"(or trusted locations, while some named location is marked trusted), requires a compliant or",
		"hybrid-joined device, or requires MFA / an authentication strength for particular",
		"applications (step-up). A location condition of only \"All\", or on named-location ids that",
		"do not exist, singles out no place and is not credited.",
	]),
	"rationale": concat(" ", [
		"The step from level 4 to 5 makes access decisions at sign-in time: a high-risk service or an",
		"unusual place triggers additional checks — a stronger factor, a managed device, a location",
		"restriction — instead of the same password-and-MFA everywhere.",
	]),
	"recommendation": concat(" ", [
		"Conditional Access → New policy: for administrative portals (Microsoft Admin Portals, Azure",
		"management) require a compliant device or a phishing-resistant authentication strength; block",
		"or step up sign-ins from outside named locations (Conditional Access → Named locations).",
	]),
	"references": [
		"NIST SP 800-207",
		"NIST SP 800-53 AC-2(12)",
		"NIST SP 800-53 IA-10",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

adaptive(p) if object.get(p, "device_condition", false) == true

adaptive(p) if azure.has_location_condition(p)

adaptive(p) if object.get(p, "requires_compliant_device", false) == true

adaptive(p) if {
	p.requires_mfa == true
	object.get(p, "applies_to_all_apps", false) == false
}

findings contains f if {
	count([p | some p in azure.enforced; p.kind == "conditional_access"; adaptive(p)]) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled conditional-access policy in %s adds step-up, location or device checks", [lib.scope_id]),
		"details": {
			"enforced_policies": sort([p.name | some p in azure.enforced]),
			"locations_naming_nothing": {p.name: azure.dangling_locations(p) |
				some p in azure.enforced
				count(azure.dangling_locations(p)) > 0
			},
		},
	}
}
