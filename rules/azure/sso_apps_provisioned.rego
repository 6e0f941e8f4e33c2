# Every SAML application is provisioned and deprovisioned automatically.
package idgauge.rules.azure.sso_apps_provisioned

import data.idgauge.lib.azure
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-031",
	"title": "Every SAML application is provisioned automatically",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 5,
	"anchor": {"level": 5, "section": "good_enough", "step": "Zero Trust & Full Federation"},
	"severity": "medium",
	"requires": ["applications", "provisioning"],
	"description": concat(" ", [
		"Fails for every enabled SAML SSO application without an enabled, healthy provisioning job; unknown",
		"when some SAML app's provisioning could not be read. A SAML service keeps its own user records,",
		"so without SCIM they are created and removed by hand (OIDC apps usually create users just in",
		"time and are not counted).",
	]),
	"rationale": concat(" ", [
		"Level 5 leaves no manual provisioning: every service supports SAML, OIDC or SCIM, and a",
		"departure removes access at once — which for a service with its own accounts only happens when",
		"Entra deprovisions them.",
	]),
	"recommendation": concat(" ", [
		"Enterprise applications → <app> → Provisioning → Automatic (SCIM) for each SAML app that",
		"supports it; for a service without SCIM, plan its replacement.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 AC-2(4)",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

saml_apps := [a | some a in azure.sso_apps; a.sso == "saml"]

findings contains f if {
	some a in saml_apps
	a.provisioning_read == true
	not a.id in azure.provisioned_apps
	f := {
		"resource": a.id,
		"message": sprintf("SAML application %s has no enabled, healthy provisioning job: its accounts are managed by hand", [a.name]),
		"details": {"name": a.name},
	}
}

undetermined contains msg if {
	some a in saml_apps
	a.provisioning_read == false
	msg := sprintf("the provisioning jobs of SAML application %s could not be read", [a.name])
}
