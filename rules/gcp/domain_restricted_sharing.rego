# Only the organisation's own identities can be granted roles: domain-restricted sharing.
package idgauge.rules.gcp.domain_restricted_sharing

import data.idgauge.lib.common as lib
import data.idgauge.lib.gcp
import rego.v1

metadata := {
	"id": "IDG-GCP-013",
	"title": "Domain-restricted sharing is enforced by organization policy",
	"provider": "gcp",
	"scope_kinds": ["organization", "project"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Implement Policy-as-Code for Identity"},
	"severity": "high",
	"requires": ["external_collaboration"],
	"description": concat(" ", [
		"Passes when the organization policy in force for the scope restricts IAM members to allowed",
		"Workspace / Cloud Identity customers (`iam.allowedPolicyMemberDomains`, or the managed",
		"`iam.managed.allowedPolicyMembers`) with an unconditional rule.",
	]),
	"rationale": concat(" ", [
		"Checking for consumer accounts after the fact finds them once granted; the organization",
		"policy makes the grant impossible. Level 5 expects identity guardrails as version-controlled",
		"policy, and this one keeps every identity inside the organisation's IdP.",
	]),
	"recommendation": concat(" ", [
		"Find your customer id (`gcloud organizations describe ORG_ID --format='value(owner.directoryCustomerId)'`)",
		"and set the policy at the organization: `gcloud org-policies set-policy policy.yaml` with",
		"`name: organizations/ORG_ID/policies/iam.allowedPolicyMemberDomains`, `spec: {rules: [{values:",
		"{allowedValues: [C0xxxxxxx]}}]}`, kept in version control with the rest of your org policies.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-3",
		"CIS Google Cloud Platform Foundation v3.0 1.1 (domain-restricted sharing)",
	],
}

findings contains f if {
	gcp.external_collaboration.domain_restricted == false
	f := {
		"resource": lib.scope_id,
		"message": sprintf("iam.allowedPolicyMemberDomains is not enforced: any Google account can be granted roles (%d consumer %s roles now)", [gcp.external_collaboration.guests, lib.plural(gcp.external_collaboration.guests, "account holds", "accounts hold")]),
		"details": {"consumer_accounts": gcp.external_collaboration.guests},
	}
}

undetermined contains "whether domain-restricted sharing is enforced is not reported" if {
	object.get(gcp.external_collaboration, "domain_restricted", null) == null
}
