# People must use organisation-managed Google identities, never private consumer accounts.
package idgauge.rules.gcp.no_consumer_accounts

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-001",
	"title": "No consumer (gmail.com) accounts hold roles",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Set Up Basic IAM"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every `user:` member of the scope's effective IAM policy (inherited grants included)",
		"whose address is a Google consumer account (gmail.com, googlemail.com).",
	]),
	"rationale": concat(" ", [
		"A consumer account belongs to the person, not the organisation: it is not created or removed",
		"by the organisation's process, its 2-step verification and recovery are outside the",
		"organisation's control, and it survives the person leaving. Level 2 starts with individual",
		"accounts managed in the vendor's identity service (Cloud Identity or Workspace).",
	]),
	"recommendation": concat(" ", [
		"Create the person a Cloud Identity or Workspace account in your domain (Admin console → Directory",
		"→ Users → Add new user), grant its roles to a group it belongs to, then remove the consumer",
		"account: `gcloud projects remove-iam-policy-binding PROJECT --member=user:NAME@gmail.com",
		"--role=ROLE` (or `gcloud organizations|resource-manager folders remove-iam-policy-binding` where",
		"the grant is inherited). Prevent new ones with domain-restricted sharing",
		"(`iam.allowedPolicyMemberDomains`).",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"CIS Google Cloud Platform Foundation v3.0 1.1",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

findings contains f if {
	some p in lib.principals
	p.kind == "human"
	gcp.is_consumer(p)
	roles := [sprintf("%s at %s", [g.role, g.resource]) | some g in p.grants]
	f := {
		"resource": p.id,
		"message": sprintf("%s is a consumer account and holds %s", [p.name, lib.join(roles)]),
		"details": {"grants": roles},
	}
}
