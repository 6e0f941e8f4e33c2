# People must reach the account through one workforce identity source, not two.
package idgauge.rules.aws.single_workforce_identity_source

import data.idgauge.lib.aws
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-034",
	"title": "One workforce identity source",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 5, "section": "definition"},
	"severity": "low",
	"requires": ["identity_providers", "sso", "roles"],
	"description": concat(" ", [
		"Fails when IAM Identity Center is in use (an active instance with account assignments) and IAM",
		"SAML workforce federation is in use as well (a workforce SAML provider that IAM roles trust with",
		"`sts:AssumeRoleWithSAML`), naming each such SAML provider and the roles that trust it. The",
		"provider Identity Center manages itself (`AWSSSO_*`) does not count. Passes when only one of the",
		"two is in use; not applicable when neither is.",
	]),
	"rationale": concat(" ", [
		"Level 5 is a single cloud identity provider as the source of truth for every person's access.",
		"Two parallel paths into the account, Identity Center assignments and hand-written SAML role",
		"trusts, mean two places to grant and revoke access, two sets of sessions to review, and a",
		"SAML path whose role mappings live outside the central assignments.",
	]),
	"recommendation": concat(" ", [
		"Recreate each SAML role's access as an Identity Center permission set assigned to the matching",
		"directory group (IAM Identity Center → Permission sets → Create permission set; AWS accounts →",
		"select account → Assign users or groups), move the people over, then remove the SAML path:",
		"delete the roles that trust the provider (`aws iam list-roles` and check",
		"AssumeRolePolicyDocument; `aws iam delete-role --role-name <role>` after detaching its",
		"policies) and the provider itself (IAM console → Identity providers → <provider> → Delete, or",
		"`aws iam delete-saml-provider --saml-provider-arn <provider-arn>`). Remove the AWS application",
		"for the SAML path at the identity provider.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-4",
		"CIS AWS Foundations v3.0 1.21",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

trusted := aws.trusted_workforce_saml_providers(input.scope)

not_applicable := "neither IAM Identity Center nor IAM SAML workforce federation is in use" if {
	not aws.sso_in_use
	count(trusted) == 0
}

findings contains f if {
	aws.sso_in_use
	instances := sort([s.id | some s in aws.sso_instances_in_use])
	some provider in trusted
	trusting := sort({r.name |
		some r in lib.roles
		some t in r.trust
		t.kind == "saml"
		t.principal == provider
	})
	f := {
		"resource": provider,
		"message": sprintf("SAML provider %s is a second workforce identity source beside IAM Identity Center (%s): trusted by roles %s", [provider, lib.join(instances), lib.join(trusting)]),
		"details": {
			"sso_instances": instances,
			"trusting_roles": trusting,
		},
	}
}
