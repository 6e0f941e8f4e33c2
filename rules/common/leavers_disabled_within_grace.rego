# People who have left have no enabled cloud account beyond the grace period.
package idgauge.rules.common.leavers_disabled_within_grace

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-ALL-002",
	"title": "Leavers' cloud accounts are disabled within the grace period",
	"providers": ["aws", "azure", "gcp"],
	"scope_kinds": ["account", "tenant", "organization", "project"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "critical",
	"requires": ["reconciliation"],
	"description": concat(" ", [
		"Fails for each enabled cloud account of a person the identity repository marks as a leaver (an",
		"end date before the read, the leavers OU of `[directory] leavers_ou`, an HR leaver status, or",
		"disabled in the directory) who left more than `leaver_grace_days` (default 7) days ago. Unknown",
		"for an enabled leaver whose leaving date nothing records. Not assessed without a directory input.",
	]),
	"rationale": concat(" ", [
		"Comparing the directory with each cloud is how orphaned and mismatched accounts are found; the",
		"most dangerous mismatch is a leaver who can still sign in. A periodic comparison catches them",
		"within one cycle; longer means nobody is comparing.",
	]),
	"recommendation": concat(" ", [
		"Disable the listed accounts now (`aws iam delete-login-profile` and deactivate keys; `az ad user",
		"update --id <upn> --account-enabled false`; suspend in the Google Admin console), then find why",
		"the leaver process missed them: a cloud not fed from the directory, a local account beside the",
		"federated one. Schedule this comparison at least weekly.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 PS-4",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

rec := input.scope.sections.reconciliation

grace_hours := lib.threshold("leaver_grace_days") * 24

undetermined contains sprintf("%s (%s) is enabled but nothing dates when %s left", [l.account.name, l.account.id, l.person]) if {
	some l in object.get(rec, ["data", "leavers"], [])
	l.hours_since_leaving == null
}

findings contains f if {
	some l in object.get(rec, ["data", "leavers"], [])
	l.hours_since_leaving != null
	l.hours_since_leaving > grace_hours
	f := {
		"resource": l.account.id,
		"message": sprintf("%s is still enabled %d days after %s left (%s)", [l.account.name, floor(l.hours_since_leaving / 24), l.person, l.reason]),
		"details": {"person": l.person, "left_at": l.left_at, "days_since_leaving": floor(l.hours_since_leaving / 24), "grace_days": lib.threshold("leaver_grace_days")},
	}
}
