# Terminations reach every cloud within hours.
package idgauge.rules.common.leavers_disabled_within_hours

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-ALL-004",
	"title": "Leavers are disabled in every cloud within hours",
	"providers": ["aws", "azure", "gcp"],
	"scope_kinds": ["account", "tenant", "organization", "project"],
	"level": 4,
	"anchor": {"level": 4, "section": "good_enough", "step": "Automatic User Lifecycle"},
	"severity": "high",
	"requires": ["reconciliation"],
	"description": concat(" ", [
		"Fails for each enabled cloud account of a leaver who left more than `leaver_disable_hours`",
		"(default 24) hours before the read; unknown for an enabled leaver whose leaving date nothing",
		"records. Leaving is the day after the end date, else when the directory entry last changed (the",
		"disabling or the move to the leavers OU). Not assessed without a directory input.",
	]),
	"rationale": concat(" ", [
		"At level 4 terminations sync to cloud services automatically, with no manual step. An account",
		"still enabled a day after its owner left shows that deprovisioning waits for someone.",
	]),
	"recommendation": concat(" ", [
		"Drive deprovisioning from the directory: SCIM provisioning (Identity Center, Entra enterprise",
		"apps, Google Workspace) or Entra Connect disables the cloud account when the directory does.",
		"Remove local accounts that no provisioning reaches, and alert on leavers still enabled.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(2)",
		"NIST SP 800-53 PS-4(2)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

rec := input.scope.sections.reconciliation

max_hours := lib.threshold("leaver_disable_hours")

undetermined contains sprintf("%s (%s) is enabled but nothing dates when %s left", [l.account.name, l.account.id, l.person]) if {
	some l in object.get(rec, ["data", "leavers"], [])
	l.hours_since_leaving == null
}

findings contains f if {
	some l in object.get(rec, ["data", "leavers"], [])
	l.hours_since_leaving != null
	l.hours_since_leaving > max_hours
	f := {
		"resource": l.account.id,
		"message": sprintf("%s is still enabled %d hours after %s left (%s), more than %d", [l.account.name, l.hours_since_leaving, l.person, l.reason, max_hours]),
		"details": {"person": l.person, "left_at": l.left_at, "hours_since_leaving": l.hours_since_leaving, "max_hours": max_hours, "scope": lib.scope_id},
	}
}
