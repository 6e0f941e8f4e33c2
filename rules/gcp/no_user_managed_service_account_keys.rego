# No long-lived service-account keys, and policy stops new ones.
package idgauge.rules.gcp.no_user_managed_service_account_keys

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-014",
	"title": "No user-managed service-account keys, and key creation is disabled by policy",
	"provider": "gcp",
	"scope_kinds": ["project"],
	"level": 5,
	"anchor": {"level": 4, "section": "how_to_do_better", "step": "Adopt Short-Lived Credentials"},
	"severity": "high",
	"requires": ["principals", "guardrails"],
	"description": concat(" ", [
		"Fails for every service account with an enabled user-managed key, and for the project when",
		"the organization policy in force does not enforce `iam.disableServiceAccountKeyCreation` (or",
		"its managed form `iam.managed.disableServiceAccountKeyCreation`).",
	]),
	"rationale": concat(" ", [
		"A user-managed key is a long-lived password for a service account that anyone holding the file",
		"can use from anywhere, including people bypassing SSO and MFA. The model's path to level 5 is",
		"short-lived credentials only: impersonation, workload identity federation, attached service",
		"accounts, with policy preventing new keys.",
	]),
	"recommendation": concat(" ", [
		"Replace each key with impersonation (`gcloud ... --impersonate-service-account=SA`) or workload",
		"identity federation, then delete it: `gcloud iam service-accounts keys delete KEY_ID",
		"--iam-account=SA`. Enforce the constraint at the organization: `gcloud org-policies set-policy`",
		"with `name: organizations/ORG_ID/policies/iam.disableServiceAccountKeyCreation`, `spec: {rules:",
		"[{enforce: true}]}`.",
	]),
	"references": [
		"NIST SP 800-53 IA-5",
		"NIST SP 800-53 AC-2",
		"CIS Google Cloud Platform Foundation v3.0 1.4",
	],
}

key_creation_disabled if {
	some g in lib.guardrail_policies
	g.name in {"iam.disableServiceAccountKeyCreation", "iam.managed.disableServiceAccountKeyCreation"}
	g.enforced == true
}

findings contains f if {
	some p in lib.principals
	p.kind == "workload"
	keys := lib.active_keys(p)
	count(keys) > 0
	ages := [sprintf("%s (%v days old)", [k.id, object.get(k, ["derived", "age_days"], null)]) | some k in keys]
	f := {
		"resource": p.id,
		"message": sprintf("service account %s has user-managed keys: %s", [p.name, concat(", ", ages)]),
		"details": {"keys": ages},
	}
}

findings contains f if {
	not key_creation_disabled
	f := {
		"resource": lib.scope_id,
		"message": "the organization policy in force does not enforce iam.disableServiceAccountKeyCreation: new user-managed keys can be created",
		"details": {"constraint": "iam.disableServiceAccountKeyCreation"},
	}
}
