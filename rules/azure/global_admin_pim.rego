# Standing Global Administrator only for break-glass accounts; everyone else through PIM.
package idgauge.rules.azure.global_admin_pim

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-020",
	"title": "Permanent Global Administrator only for break-glass accounts; others PIM-eligible",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Implement Access Workflows"},
	"severity": "high",
	"requires": ["privileged_access"],
	"description": concat(" ", [
		"Fails for every standing (permanent, not PIM-activated) Global Administrator assignment whose",
		"principal is not a declared break-glass account (by user principal name or object id). A tenant",
		"without Entra ID P2 has no PIM, so all its assignments are standing.",
	]),
	"rationale": concat(" ", [
		"The path to level 4 puts an access workflow in front of privilege: administrators are eligible",
		"and activate the role for a few hours with MFA, a justification and, for Global Administrator,",
		"approval. Only the emergency accounts keep it permanently, for when PIM itself is unreachable.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles",
		"→ Roles → Global Administrator → Add assignments → Assignment type Eligible for each",
		"administrator; then remove their active assignment (Assignments → Active → Remove). Set the role",
		"settings to require MFA, justification and approval on activation.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(7)",
		"NIST SP 800-53 AC-6(5)",
		"CISA SCuBA MS.AAD.7.4",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some a in azure.global_admin_assignments
	a.assignment == "permanent"
	not azure.is_break_glass(a.principal)
	not bg_by_name(a)
	f := {
		"resource": a.principal,
		"message": sprintf("%s holds Global Administrator permanently and is not a declared break-glass account", [object.get(a, "principal_name", a.principal)]),
		"details": {"principal_type": object.get(a, "principal_type", null), "assignment": "permanent"},
	}
}

bg_by_name(a) if {
	is_string(a.principal_name)
	azure.is_break_glass(a.principal_name)
}
