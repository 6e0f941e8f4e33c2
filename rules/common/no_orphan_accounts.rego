# Every enabled human account of a cloud belongs to a person of the identity repository.
package idgauge.rules.common.no_orphan_accounts

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-ALL-001",
	"title": "Every cloud human account belongs to a person in the directory",
	"providers": ["aws", "azure", "gcp"],
	"scope_kinds": ["account", "tenant", "organization", "project"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Implement a Scheduled Sync"},
	"severity": "high",
	"requires": ["reconciliation"],
	"description": concat(" ", [
		"Joins the scope's enabled human accounts (IAM users, Identity Center users, Entra users,",
		"Google Workspace users and IAM members) with the people of the identity repository given with",
		"`--directory` (LDAP, LDIF, an Active Directory CSV or an HR CSV) by the join keys of",
		"`[directory] join_keys` (e-mail / UPN, employee id, SCIM external id, username), and fails for",
		"each account no person owns: an orphan. Declared break-glass accounts are not counted. Not",
		"assessed (not applicable, so it does not gate) without a directory input; unknown when the",
		"scope's accounts could not be read.",
	]),
	"rationale": concat(" ", [
		"The path from an identity repository to common standards is to compare the directory with each",
		"cloud regularly and detect orphaned accounts. An account no person owns has nobody to remove it",
		"when they leave, and nobody accountable for what it does.",
	]),
	"recommendation": concat(" ", [
		"For each orphan, find its owner: if it is a person, create or link them in the directory (same",
		"e-mail or employee id, or tag an IAM user with `email` / `employeeId`) and move them to federated",
		"sign-in; if it is a workload, make it a role or service account; otherwise disable and delete it",
		"(`aws iam delete-login-profile`, `az ad user update --account-enabled false`,",
		"`gcloud`/Admin console suspend). Run `idgauge assess --directory …` on a schedule.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(3)",
		"NIST SP 800-53 AC-2(j)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

rec := input.scope.sections.reconciliation

findings contains f if {
	some a in object.get(rec, ["data", "orphans"], [])
	f := {
		"resource": a.id,
		"message": sprintf("%s %s (%s) belongs to no person of the directory", [a.source, a.name, a.section]),
		"details": {"name": a.name, "source": a.source, "section": a.section, "scope": lib.scope_id},
	}
}
