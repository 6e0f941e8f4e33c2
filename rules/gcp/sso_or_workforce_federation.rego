# People sign in through the organisation's IdP: Cloud Identity SSO or workforce federation.
package idgauge.rules.gcp.sso_or_workforce_federation

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-GCP-006",
	"title": "SSO to an external IdP or workforce identity federation is in place",
	"provider": "gcp",
	"scope_kinds": ["organization"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Enable Federation or SSO"},
	"severity": "high",
	"requires": ["sso", "identity_providers"],
	"description": concat(" ", [
		"Passes when Cloud Identity has an inbound SAML SSO profile assigned to at least one",
		"organisational unit or group (SSO mode other than off), or the organization has an active",
		"workforce identity pool with an active SAML or OIDC provider.",
	]),
	"rationale": concat(" ", [
		"With SSO or federation people sign in with the organisation's one identity, its MFA and its",
		"joiner-mover-leaver process; without it every Google password is another credential managed by",
		"hand. It is the first step the model names on the way to level 3.",
	]),
	"recommendation": concat(" ", [
		"Either federate Google identities: Admin console → Security → Authentication → SSO with third",
		"party IdP → Add SAML profile, then assign it to the organisational units or groups (Manage SSO",
		"profile assignments); or use workforce identity federation for Google Cloud: `gcloud iam",
		"workforce-pools create POOL --organization=ORG_ID --location=global` and `gcloud iam",
		"workforce-pools providers create-saml PROVIDER --workforce-pool=POOL --location=global",
		"--idp-metadata-path=metadata.xml --attribute-mapping=google.subject=assertion.subject`.",
	]),
	"references": [
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-8",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

assigned_sso := [s.id | some s in lib.sso; s.account_assignments > 0]

workforce := [i.id | some i in lib.identity_providers; i.purpose == "workforce"]

findings contains f if {
	count(assigned_sso) == 0
	count(workforce) == 0
	unassigned := [s.id | some s in lib.sso]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no assigned SSO profile and no workforce identity provider: people sign in with Google passwords (unassigned SSO profiles: %s)", [lib.join(unassigned)]),
		"details": {"sso_profiles": unassigned, "workforce_providers": []},
	}
}
