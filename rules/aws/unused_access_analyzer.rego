# An IAM Access Analyzer unused-access analyzer must be active.
package idgauge.rules.aws.unused_access_analyzer

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-031",
	"title": "An unused-access analyzer reviews access continuously",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Review & Update Roles Continuously"},
	"severity": "medium",
	"requires": ["access_analysis"],
	"description": concat(" ", [
		"Passes when an active IAM Access Analyzer analyzer of the unused-access type covers the account",
		"(an account analyzer, or an organisation analyzer run by the delegated administrator).",
	]),
	"rationale": concat(" ", [
		"The top maturity level reviews roles and entitlements continuously rather than in occasional",
		"audits, removing what is not used. The unused-access analyzer reports unused roles, access keys,",
		"passwords and permissions across the account on an ongoing basis, which gives that review its",
		"evidence.",
	]),
	"recommendation": concat(" ", [
		"IAM console → Access analyzer → Analyzer settings → Create analyzer → Unused access analysis,",
		"tracking period 90 days (or organisation zone from the delegated administrator). CLI: `aws",
		"accessanalyzer create-analyzer --analyzer-name unused-access --type ACCOUNT_UNUSED_ACCESS",
		"--configuration '{\"unusedAccess\":{\"unusedAccessAge\":90}}'` (use ORGANIZATION_UNUSED_ACCESS",
		"in the delegated administrator account). Review and act on findings regularly: `aws",
		"accessanalyzer list-findings-v2 --analyzer-arn <analyzer-arn>`.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(7)",
		"NIST SP 800-53 AC-2(3)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

active := [a | some a in lib.access_analysis; a.kind == "unused_access"; a.active == true]

findings contains f if {
	count(active) == 0
	others := [sprintf("%s (%s, %s)", [a.name, a.kind, status(a)]) | some a in lib.access_analysis]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("No active unused-access analyzer covers %s (analyzers found: %s)", [lib.scope_id, lib.join(others)]),
		"details": {"analyzers": [{"id": a.id, "kind": a.kind, "active": a.active} | some a in lib.access_analysis]},
	}
}

status(a) := "active" if a.active == true

status(a) := "inactive" if a.active != true
