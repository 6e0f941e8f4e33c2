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
		"without Entra ID P2 has no PIM, so all its assignments are standing: any other holder fails, and",
		"with none the result is unknown (PIM not licensed), never a pass, since no access workflow can",
		"stand in front of the role.",
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
	not break_glass(a)
	f := {
		"resource": a.principal,
		"message": sprintf("%s holds Global Administrator permanently and is not a declared break-glass account", [object.get(a, "principal_name", a.principal)]),
		"details": {"principal_type": object.get(a, "principal_type", null), "assignment": "permanent"},
	}
}

# Declared break-glass by object id or user principal name: the assignment carries both, so the
# principals are walked only for an assignment read without its principal's name.
break_glass(a) if lower(a.principal) in azure.declared_break_glass

break_glass(a) if {
	is_string(a.principal_name)
	lower(a.principal_name) in azure.declared_break_glass
}

break_glass(a) if {
	not is_string(a.principal_name)
	holders[a.principal].derived.break_glass == true
}

holder_ids := azure.global_admins

holders := {p.id: p | some p in lib.principals; p.id in holder_ids}

# PIM eligibility could not be read for lack of Entra ID P2 (normalization keeps the role
# assignments, all standing, and says so in the section's source; see
# src/providers/azure/normalize.rs).
pim_not_licensed if {
	source := object.get(input.scope.sections, ["privileged_access", "source"], "")
	contains(source, "roleEligibilitySchedules (not licensed")
}

undetermined contains r if {
	pim_not_licensed
	r := "PIM eligibility is not licensed (Entra ID P2 or Governance): no access workflow can stand in front of Global Administrator, so only standing break-glass holders is not enough to pass"
}
