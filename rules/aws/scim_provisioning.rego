# Identity Center users must be provisioned automatically from the IdP (SCIM).
package idgauge.rules.aws.scim_provisioning

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-022",
	"title": "Identity Center users are provisioned automatically (SCIM)",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 4,
	"anchor": {"level": 4, "section": "good_enough", "step": "Automatic User Lifecycle"},
	"severity": "high",
	"requires": ["sso", "directory_users", "identity_providers", "roles"],
	"description": concat(" ", [
		"Among IAM Identity Center directory users that are not disabled, fails when the share carrying",
		"an external id from an identity provider (set by SCIM provisioning) is below `scim_share_min`",
		"(default 0.95); the hand-made users are listed. Not applicable when there are no directory users",
		"but a trusted workforce SAML provider exists, since SAML federation keeps no per-user objects in",
		"AWS. Fails when there are neither directory users nor SAML federation.",
	]),
	"rationale": concat(" ", [
		"Level 4 of the maturity model is automated federated identity management: hiring, moves and",
		"departures flow from the directory to the cloud without anyone creating or deleting accounts by",
		"hand. Users typed into Identity Center directly are not removed when the person leaves the IdP,",
		"which is the inconsistency automation is meant to eliminate.",
	]),
	"recommendation": concat(" ", [
		"Turn on automatic provisioning: IAM Identity Center → Settings → Identity source → Actions →",
		"Manage provisioning → Enable automatic provisioning; copy the SCIM endpoint and access token",
		"into the IdP's AWS IAM Identity Center application (Microsoft Entra ID: Enterprise applications",
		"→ <app> → Provisioning → Automatic; Okta: Applications → <app> → Provisioning → Enable API",
		"integration) and assign the groups to provision. Then replace the hand-made users with",
		"provisioned ones: `aws identitystore list-users --identity-store-id <d-xxxxxxxxxx>` shows",
		"ExternalIds; delete manual users once their provisioned counterpart exists with `aws",
		"identitystore delete-user --identity-store-id <d-xxxxxxxxxx> --user-id <user-id>`.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 AC-2",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

users := [u | some u in lib.directory_users; u.active != false]

saml := aws.workforce_saml_federation(input.scope)

share_min := lib.threshold("scim_share_min")

manual := [u | some u in users; count(u.external_ids) == 0]

share := (count(users) - count(manual)) / count(users) if count(users) > 0

# Computed once per evaluation, not once per finding (there can be thousands).
summary := sprintf("only %s of %d active users are provisioned automatically, below the %s minimum", [lib.percent(share), count(users), lib.percent(share_min)])

not_applicable := "no Identity Center users exist and people federate through SAML, which keeps no per-user objects in AWS; their lifecycle lives at the identity provider" if {
	count(users) == 0
	saml
}

findings contains f if {
	count(users) > 0
	share < share_min
	some u in manual
	f := {
		"resource": u.id,
		"message": sprintf("Identity Center user %s was created by hand (no external id from an identity provider); %s", [u.name, summary]),
		"details": {"external_ids": []},
	}
}

findings contains f if {
	count(users) == 0
	not saml
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s has no automatically provisioned identities: IAM Identity Center has no users and no workforce SAML provider is trusted by a role", [lib.scope_id]),
		"details": {"active_directory_users": 0, "workforce_saml_federation": false, "sso_instances": count(lib.sso)},
	}
}
