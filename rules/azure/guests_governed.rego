# External collaboration is governed: invitations restricted, guests reviewed.
package idgauge.rules.azure.guests_governed

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-032",
	"title": "Guest access is governed: restricted invitations and recurring guest access reviews",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Integrate Cross-department SSO"},
	"severity": "medium",
	"requires": ["external_collaboration", "access_analysis"],
	"description": concat(" ", [
		"Fails when anyone, guests included, may invite guests (authorization policy allowInvitesFrom =",
		"everyone), and when the tenant has guests but no active access review covers guest users.",
		"Reports the cross-tenant access default and the partner organisations configured.",
	]),
	"rationale": concat(" ", [
		"Working across organisations on the way to level 5 means trusting other tenants' identities",
		"(B2B, cross-tenant access settings) — under control: who may invite is restricted, and guests",
		"who no longer need access are found and removed by a recurring review.",
	]),
	"recommendation": concat(" ", [
		"External Identities → External collaboration settings → Guest invite settings: only users assigned",
		"to specific admin roles (or member users) can invite. Identity Governance → Access reviews → New",
		"access review → Teams + Groups or All Microsoft 365 groups with guest users, Guest users only,",
		"recurring quarterly, auto-apply results. Configure partner organisations under Cross-tenant access",
		"settings.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 AC-20",
		"CISA SCuBA MS.AAD.8.2",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

ext := azure.external_collaboration

guest_reviews := [a | some a in lib.access_analysis; a.kind == "access_review"; a.active == true; a.zone == "guests"]

findings contains f if {
	ext.invite_policy == "everyone"
	f := {
		"resource": lib.scope_id,
		"message": sprintf("anyone in %s, guests included, may invite guests", [lib.scope_id]),
		"details": {"invite_policy": ext.invite_policy},
	}
}

findings contains f if {
	ext.guests > 0
	count(guest_reviews) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s has %d %s and no active access review of guest users", [lib.scope_id, ext.guests, lib.plural(ext.guests, "guest", "guests")]),
		"details": {
			"guests": ext.guests,
			"cross_tenant_default_inbound_blocked": ext.cross_tenant_default_inbound_blocked,
			"cross_tenant_partners": object.get(ext, "cross_tenant_partners", []),
		},
	}
}
