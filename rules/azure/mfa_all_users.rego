# MFA is enforced for every user: security defaults or an enabled conditional-access policy.
package idgauge.rules.azure.mfa_all_users

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-010",
	"title": "MFA is enforced for all users by security defaults or an enabled conditional-access policy",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"anchor": {"level": 3, "section": "definition"},
	"severity": "critical",
	"requires": ["auth_policies"],
	"description": concat(" ", [
		"Passes when security defaults are enabled, or when an enabled conditional-access policy requires",
		"MFA (or an authentication strength) for all users and all cloud apps. A policy in report-only",
		"mode enforces nothing and does not count; neither does one limited to some users or apps.",
		"Exclusions from the policy are checked by IDG-AZ-012.",
	]),
	"rationale": concat(" ", [
		"At level 3 authentication follows a common standard everywhere; for people that standard is",
		"multi-factor authentication. A password alone is phished, sprayed and reused: MFA for every",
		"user is the single most effective control on an Entra tenant.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Protection → Conditional Access → Create new policy from template \"Require",
		"multifactor authentication for all users\": Users = All users (exclude only the break-glass",
		"accounts), Target resources = All cloud apps, Grant = Require multifactor authentication (or an",
		"authentication strength), Enable policy = On. Without Entra ID P1, enable security defaults",
		"(Identity → Overview → Properties → Manage security defaults).",
	]),
	"references": [
		"NIST SP 800-53 IA-2(1)",
		"NIST SP 800-53 IA-2(2)",
		"CIS Microsoft 365 Foundations 5.2.2.3",
		"CISA SCuBA MS.AAD.3.2",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

report_only_mfa := [p.name | some p in azure.report_only; azure.is_mfa_for_all(p)]

findings contains f if {
	count(azure.mfa_for_all) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enforced policy requires MFA of all users for all apps in %s (security defaults off; report-only MFA policies: %s)", [lib.scope_id, lib.join(sort(report_only_mfa))]),
		"details": {
			"report_only_mfa_policies": sort(report_only_mfa),
			"enforced_policies": sort([p.name | some p in azure.enforced]),
		},
	}
}
