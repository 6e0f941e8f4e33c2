# The AWS Organization must have all features enabled, so SCPs can be used.
package idgauge.rules.aws.organization_all_features

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-040",
	"title": "The organization has all features enabled",
	"provider": "aws",
	"scope_kinds": ["organization"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Implement Policy-as-Code for Identity"},
	"severity": "medium",
	"requires": ["organization"],
	"description": concat(" ", [
		"Fails when the AWS Organization's feature set is not ALL (for example CONSOLIDATED_BILLING only,",
		"or unknown).",
	]),
	"rationale": concat(" ", [
		"Central guardrails, organisation-wide CloudTrail, delegated GuardDuty and IAM Identity Center",
		"across accounts all need the organisation's full feature set. An organisation used only for",
		"consolidated billing cannot enforce the identity standard on its member accounts, which keeps",
		"identity management account by account and manual.",
	]),
	"recommendation": concat(" ", [
		"From the management account: AWS Organizations console → Settings → Begin process to enable all",
		"features, then each member account's administrator accepts the request (invited accounts must",
		"approve; accounts created by the organisation approve automatically). CLI: `aws organizations",
		"enable-all-features`, follow progress with `aws organizations list-handshakes-for-organization`,",
		"members accept with `aws organizations accept-handshake --handshake-id <h-xxxxxxxx>`, and",
		"finalise from the management account once all have agreed. Verify with `aws organizations",
		"describe-organization --query Organization.FeatureSet`.",
	]),
	"references": [
		"NIST SP 800-53 CM-5",
		"NIST SP 800-53 AC-6",
		"NCSC Cloud Security Principle 4: Governance framework",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

label(fs) := fs if is_string(fs)

label(fs) := "unknown" if not is_string(fs)

findings contains f if {
	fs := object.get(lib.organization, "feature_set", null)
	fs != "ALL"
	f := {
		"resource": lib.scope_id,
		"message": sprintf("Organization %s has feature set %s, not ALL, so service control policies and other organisation-wide controls cannot be used", [lib.organization.id, label(fs)]),
		"details": {"feature_set": fs},
	}
}
