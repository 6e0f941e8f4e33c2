# The identity guardrail SCP must be attached at the organization root.
package idgauge.rules.aws.identity_guardrail_at_root

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-041",
	"title": "The identity guardrail SCP is attached at the organization root",
	"provider": "aws",
	"scope_kinds": ["organization"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Implement Policy-as-Code for Identity"},
	"severity": "high",
	"requires": ["guardrails"],
	"description": concat(" ", [
		"Fails unless customer-managed service control policies attached to the organization root (a",
		"target starting with `r-`) deny all of `iam:CreateUser`, `iam:CreateAccessKey` and",
		"`iam:CreateLoginProfile` (case-insensitive, `*` and `?` wildcards honoured). Policies attached",
		"only to OUs or accounts do not count.",
	]),
	"rationale": concat(" ", [
		"A guardrail attached to individual OUs or accounts leaves gaps whenever an account is created or",
		"moved outside them. Attached at the root, the ban on local IAM users, passwords and keys covers",
		"every current and future account, making the cloud identity provider the only way in across the",
		"whole estate, as the top maturity level requires.",
	]),
	"recommendation": concat(" ", [
		"From the management account, find the root id and attach the identity guardrail SCP (see",
		"IDG-AWS-030 for its content) there: `aws organizations list-roots --query 'Roots[0].Id' --output",
		"text`, then `aws organizations attach-policy --policy-id <p-xxxxxxxx> --target-id <r-xxxx>`;",
		"check with `aws organizations list-policies-for-target --target-id <r-xxxx> --filter",
		"SERVICE_CONTROL_POLICY`. Console: AWS Organizations → AWS accounts → Root → Policies → Service",
		"control policies → Attach.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 CM-5",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 14: Secure use of the service",
	],
}

at_root(p) if {
	some t in p.targets
	startswith(t, "r-")
}

root_scps := [p |
	some p in lib.guardrail_policies
	p.kind == "scp"
	p.vendor_managed != true
	at_root(p)
]

uncovered := aws.uncovered_identity_actions(root_scps)

findings contains f if {
	count(uncovered) > 0
	names := [p.name | some p in root_scps]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No customer-managed SCP attached at the root of %s denies %s (root-attached customer SCPs: %s)", [lib.scope_id, concat(", ", uncovered), lib.join(names)]),
		"details": {"uncovered_actions": uncovered, "root_attached_scps": names},
	}
}
