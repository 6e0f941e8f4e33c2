# People sign in to applications through Entra ID with SAML or OIDC.
package idgauge.rules.azure.sso_applications

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-013",
	"title": "Applications use Entra ID for SAML or OIDC single sign-on",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Enable Federation or SSO"},
	"severity": "medium",
	"requires": ["applications"],
	"description": concat(" ", [
		"Fails when no enabled enterprise application (service principal) of the tenant has SAML or OIDC",
		"single sign-on configured — other clouds (AWS IAM Identity Center, Google Cloud, OCI) and SaaS",
		"included. Lists the apps that only replay stored passwords.",
	]),
	"rationale": concat(" ", [
		"The path from level 2 to 3 is federation: services trust the organisation's identity provider",
		"through a standard protocol instead of keeping their own passwords. A tenant that federates no",
		"application is a directory, not yet an identity provider.",
	]),
	"recommendation": concat(" ", [
		"Entra admin center → Enterprise applications → New application → pick the service from the",
		"gallery (e.g. AWS IAM Identity Center, Google Cloud) → Single sign-on → SAML, and configure the",
		"service to trust Entra's federation metadata; for your own apps, register them with OIDC.",
	]),
	"references": [
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-8",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	count(azure.sso_apps) == 0
	f := {
		"resource": lib.scope_id,
		"message": sprintf("no enabled application signs people in through Entra ID with SAML or OIDC in %s", [lib.scope_id]),
		"details": {"password_sso_apps": sort([a.name | some a in azure.applications; a.sso == "password"])},
	}
}
