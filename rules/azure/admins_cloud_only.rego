# Privileged directory roles are held by cloud-only accounts, not synchronised ones.
package idgauge.rules.azure.admins_cloud_only

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-015",
	"title": "Administrators are cloud-only accounts, not synchronised from on premises",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"placement": "advisory",
	"anchor": {"outside_model": "separating cloud administration from the on-premises directory (Microsoft's privileged-access guidance, CIS Microsoft 365 1.1.1); hardening the model does not place"},
	"severity": "high",
	"requires": ["principals", "privileged_access"],
	"description": concat(" ", [
		"Fails for every user holding a privileged directory role (Global, Privileged Role, Security,",
		"User, Exchange, SharePoint, Conditional Access, Application administrators...) active or",
		"eligible, whose account is synchronised from an on-premises directory.",
	]),
	"rationale": concat(" ", [
		"A synchronised administrator is controlled from Active Directory: whoever compromises the domain",
		"(or the sync server) resets the password and owns the tenant. Cloud-only admin accounts keep an",
		"on-premises breach on premises.",
	]),
	"recommendation": concat(" ", [
		"Create a separate cloud-only admin account (admin-<name>@<tenant>.onmicrosoft.com) for each",
		"administrator, assign the role to it (eligible through PIM), and remove the role from the",
		"synchronised account.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(2)",
		"CIS Microsoft 365 Foundations 1.1.1",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some p in lib.principals
	p.privileged == true
	p.source == "synced"
	f := {
		"resource": p.id,
		"message": sprintf("administrator %s (%s) is synchronised from on premises", [p.name, lib.join(p.direct_policies)]),
		"details": {"roles": p.direct_policies, "source": "synced"},
	}
}
