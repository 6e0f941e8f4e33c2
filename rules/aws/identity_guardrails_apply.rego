# The account must sit under organisation guardrails (customer-managed SCPs).
package idgauge.rules.aws.identity_guardrails_apply

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-023",
	"title": "Organisation identity guardrails (customer-managed SCPs) apply to the account",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Implement Policy-as-Code for Identity"},
	"severity": "medium",
	"requires": ["guardrails"],
	"description": concat(" ", [
		"Fails when the account is not part of an AWS Organization, when no service control policy other",
		"than the AWS-managed ones (such as FullAWSAccess) is attached to it directly or through its OUs",
		"or the root, or when none of those denies an identity-relevant action: creating IAM users,",
		"passwords or access keys, adding SAML or OIDC providers, rewriting role trust, attaching user",
		"policies, leaving the organization, or stopping, deleting or reconfiguring CloudTrail. Not",
		"applicable on the organization's management account, which SCPs never restrict.",
	]),
	"rationale": concat(" ", [
		"The maturity model asks for identity governance defined as code and enforced centrally, so that",
		"services and behaviours that break the identity standard are blocked rather than merely",
		"discouraged. SCPs are AWS's preventive guardrail: they bound what any identity in the account,",
		"even an administrator, can do.",
	]),
	"recommendation": concat(" ", [
		"From the management account: AWS Organizations → Policies → Service control policies → Enable",
		"service control policies; Create policy; then Targets → Attach to the root, an OU or the",
		"account. CLI: `aws organizations enable-policy-type --root-id <r-xxxx> --policy-type",
		"SERVICE_CONTROL_POLICY`, `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name",
		"identity-guardrails --description \"Identity guardrails\" --content file://scp.json`, `aws",
		"organizations attach-policy --policy-id <p-xxxxxxxx> --target-id <ou-or-account-id>`. A",
		"standalone account must first join an organisation: `aws organizations",
		"invite-account-to-organization --target Id=<account-id>,Type=ACCOUNT` (then accept the handshake",
		"in the account).",
	]),
	"references": [
		"NIST SP 800-53 AC-6",
		"NIST SP 800-53 CM-5",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 14: Secure use of the service",
	],
}

not_applicable := "the organization's management account: service control policies never apply to it" if {
	aws.is_management_account
}

findings contains f if {
	lib.guardrails.in_organization != true
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s is not part of an AWS Organization, so no service control policy can apply to it", [lib.scope_id]),
		"details": {"in_organization": false},
	}
}

findings contains f if {
	lib.guardrails.in_organization == true
	count(aws.customer_scps) == 0
	vendor := [p.name | some p in lib.guardrail_policies; p.attached == true; p.vendor_managed == true]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No customer-managed service control policy applies to %s (attached AWS-managed policies: %s)", [lib.scope_id, lib.join(vendor)]),
		"details": {"in_organization": true, "attached_vendor_managed": vendor},
	}
}

findings contains f if {
	lib.guardrails.in_organization == true
	count(aws.customer_scps) > 0
	count(aws.denied_identity_actions(aws.customer_scps)) == 0
	names := sort([p.name | some p in aws.customer_scps])
	f := {
		"resource": lib.scope_id,
		"message": sprintf("The customer-managed SCPs applying to %s (%s) deny no identity-relevant action: none stops IAM user, password or key creation, new identity providers, trust changes, leaving the organization or disabling CloudTrail", [lib.scope_id, concat(", ", names)]),
		"details": {"in_organization": true, "customer_scps": names, "identity_actions_denied": []},
	}
}
