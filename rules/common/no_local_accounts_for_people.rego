# Directory people reach the cloud only through federated or provisioned identities.
package idgauge.rules.common.no_local_accounts_for_people

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-ALL-005",
	"title": "Directory people have no local cloud accounts",
	"providers": ["aws", "azure", "gcp"],
	"scope_kinds": ["account", "tenant", "organization", "project"],
	"level": 5,
	"anchor": {"level": 5, "section": "good_enough", "step": "Zero Trust & Full Federation"},
	"severity": "medium",
	"requires": ["reconciliation"],
	"description": concat(" ", [
		"Fails for each local (cloud-managed: an IAM user, a cloud-only Entra member, a Workspace or",
		"Identity Center user not provisioned from an IdP) account that belongs to a person of the",
		"identity repository; the finding says when it is a shadow beside a federated, synchronised or",
		"SCIM-provisioned identity of the same person. Declared break-glass accounts are not counted.",
		"Not assessed without a directory input.",
	]),
	"rationale": concat(" ", [
		"At level 5 every service uses federated identity and nothing is provisioned by hand. A local",
		"account of a directory person lives outside the lifecycle: it survives the person's departure",
		"and bypasses the IdP's MFA and conditional access.",
	]),
	"recommendation": concat(" ", [
		"Move the person to their federated identity (Identity Center or SAML role, a synchronised Entra",
		"account, a provisioned Workspace user), reassign what the local account owned, then delete it.",
		"For a shadow, delete the local account once the federated one has the same access.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 IA-2",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

rec := input.scope.sections.reconciliation

findings contains f if {
	some l in object.get(rec, ["data", "local_accounts"], [])
	l.shadow
	f := {
		"resource": l.account.id,
		"message": sprintf("%s is a local account of %s, a shadow beside %s", [l.account.name, l.person, concat(", ", l.federated)]),
		"details": {"person": l.person, "shadow": true, "federated": l.federated, "scope": lib.scope_id},
	}
}

findings contains f if {
	some l in object.get(rec, ["data", "local_accounts"], [])
	not l.shadow
	f := {
		"resource": l.account.id,
		"message": sprintf("%s is a local account of directory person %s", [l.account.name, l.person]),
		"details": {"person": l.person, "shadow": false, "scope": lib.scope_id},
	}
}
