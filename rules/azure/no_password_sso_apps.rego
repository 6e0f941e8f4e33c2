# No application is reached by Entra replaying a stored password.
package idgauge.rules.azure.no_password_sso_apps

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-023",
	"title": "No application relies on password-based single sign-on",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 4,
	"anchor": {"level": 3, "section": "how_to_do_better", "step": "Require SSO or Federation for All Services"},
	"severity": "medium",
	"requires": ["applications"],
	"description": concat(" ", [
		"Fails for every enabled enterprise application configured for password-based SSO: Entra stores",
		"the user's password for the service and types it in.",
	]),
	"rationale": concat(" ", [
		"Password SSO is the mark of a service that does not federate: it keeps its own accounts and",
		"passwords, outside MFA and outside the leaver process. On the way to level 4 every service",
		"integrates through SAML/OIDC (and SCIM), or is replaced.",
	]),
	"recommendation": concat(" ", [
		"Enterprise applications → <app> → Single sign-on: switch to SAML or OIDC where the service",
		"supports it (check the Entra gallery); otherwise plan its replacement and restrict it to",
		"assigned users meanwhile.",
	]),
	"references": [
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-5",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

findings contains f if {
	some a in azure.applications
	a.enabled == true
	a.sso == "password"
	f := {
		"resource": a.id,
		"message": sprintf("application %s uses password-based SSO: it keeps its own passwords instead of trusting Entra ID", [a.name]),
		"details": {"name": a.name, "sso": "password"},
	}
}
