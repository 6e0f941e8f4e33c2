# Amazon GuardDuty must be enabled, and no detector left disabled.
package idgauge.rules.aws.guardduty_enabled

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-026",
	"title": "GuardDuty is enabled",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"placement": "refinement",
	"anchor": {"level": 5, "section": "how_to_do_better", "step": "Add Dynamic Risk Scoring"},
	"severity": "medium",
	"requires": ["threat_detection"],
	"description": concat(" ", [
		"Fails when no GuardDuty detector is enabled in the account; every GuardDuty detector that exists",
		"but is disabled is also reported, and so is every region a live scan read (the account's enabled",
		"regions, or those named with --region) that has no detector at all: credentials stolen from",
		"people are used where nobody watches. Exports do not say which regions exist, so from them only",
		"the detectors listed are judged.",
	]),
	"rationale": concat(" ", [
		"Automated identity management still needs someone watching how identities are used. GuardDuty",
		"analyses CloudTrail, DNS and network activity for signs of credential compromise, such as keys",
		"used from unusual places, console sign-ins from anonymising networks or reconnaissance by a",
		"stolen role, which is the real-time monitoring the maturity model asks for beyond static",
		"configuration.",
	]),
	"recommendation": concat(" ", [
		"GuardDuty console → Get started → Enable GuardDuty, in every region you use; for a disabled",
		"detector: Settings → Suspend/Enable → Enable. CLI: `aws guardduty create-detector --enable",
		"--region <region>`, or `aws guardduty update-detector --detector-id <detector-id> --enable",
		"--region <region>`. In an organisation, delegate an administrator and enrol every account",
		"automatically: `aws guardduty enable-organization-admin-account --admin-account-id",
		"<security-account-id>` (from the management account), then in the delegated administrator `aws",
		"guardduty update-organization-configuration --detector-id <detector-id>",
		"--auto-enable-organization-members ALL`.",
	]),
	"references": [
		"NIST SP 800-53 SI-4",
		"NIST SP 800-53 AC-2(12)",
		"NCSC Cloud Security Principle 5: Operational security",
		"NCSC Cloud Security Principle 13: Audit information and alerting for customers",
	],
}

detectors := [d | some d in lib.threat_detection; d.kind == "guardduty"]

enabled := [d | some d in detectors; d.enabled == true]

region_label(r) := sprintf("region %s", [r]) if is_string(r)

region_label(r) := "region unknown" if not is_string(r)

findings contains f if {
	count(enabled) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("GuardDuty is not enabled in any region of %s (%d %s found, none enabled)", [lib.scope_id, count(detectors), lib.plural(count(detectors), "detector", "detectors")]),
		"details": {"guardduty_detectors": count(detectors), "enabled": 0},
	}
}

findings contains f if {
	some d in detectors
	d.enabled != true
	not d.missing
	region := d.region
	f := {
		"resource": d.id,
		"message": sprintf("GuardDuty detector %s (%s) is disabled", [d.id, region_label(region)]),
		"details": {"region": region, "enabled": false},
	}
}

findings contains f if {
	some d in detectors
	d.missing == true
	f := {
		"resource": d.id,
		"message": sprintf("GuardDuty has no detector in %s of %s, a region the scan read", [region_label(d.region), lib.scope_id]),
		"details": {"region": d.region, "enabled": false, "detector": null},
	}
}
