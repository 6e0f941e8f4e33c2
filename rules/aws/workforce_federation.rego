# Workforce federation (SAML or IAM Identity Center) must be configured and in use.
package idgauge.rules.aws.workforce_federation

import data.idgauge.lib.common as lib
import data.idgauge.lib.aws
import rego.v1

metadata := {
	"id": "IDG-AWS-010",
	"title": "Workforce federation is configured",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 3,
	"anchor": {"level": 2, "section": "how_to_do_better", "step": "Enable Federation or SSO"},
	"severity": "high",
	"requires": ["identity_providers", "roles"],
	"description": concat(" ", [
		"Passes when people can reach the account through a central identity provider: a SAML identity",
		"provider for workforce sign-in that at least one IAM role trusts (`sts:AssumeRoleWithSAML`), an",
		"active IAM Identity Center instance with assignments to this account, or roles Identity Center",
		"provisioned into the account (`AWSReservedSSO_*`), which exist only while it assigns permission",
		"sets here — the evidence a member account has when the instance lives in the management account.",
		"An Identity Center instance without assignments, or a SAML provider no role trusts, does not",
		"count.",
	]),
	"rationale": concat(" ", [
		"Level 3 of the maturity model is reached when identities are mapped between an identity provider",
		"and the cloud with standard protocols (SAML, OIDC, SCIM) instead of being created by hand in",
		"each account. Federation makes the organisation's directory the source of truth: joiners, movers",
		"and leavers are handled once, MFA and password rules are enforced centrally, and CloudTrail",
		"records the person's directory identity.",
	]),
	"recommendation": concat(" ", [
		"Enable IAM Identity Center in the organisation's management account (console → IAM Identity",
		"Center → Enable), connect your identity provider (Settings → Identity source → Actions → Change",
		"identity source → External identity provider, exchanging SAML metadata), create permission sets",
		"and assign IdP groups to this account (AWS accounts → select account → Assign users or groups).",
		"CLI: `aws sso-admin list-instances`, `aws sso-admin create-permission-set --instance-arn",
		"<instance-arn> --name Developers --session-duration PT8H`, `aws sso-admin",
		"create-account-assignment --instance-arn <instance-arn> --target-id <account-id> --target-type",
		"AWS_ACCOUNT --permission-set-arn <permission-set-arn> --principal-type GROUP --principal-id",
		"<group-id>`. For a standalone account, IAM SAML federation also satisfies this rule: `aws iam",
		"create-saml-provider --name CorpIdP --saml-metadata-document file://idp-metadata.xml`, then a",
		"role whose trust policy allows `sts:AssumeRoleWithSAML` for that provider.",
	]),
	"references": [
		"NIST SP 800-53 AC-2(1)",
		"NIST SP 800-53 IA-2",
		"NIST SP 800-53 IA-8",
		"CIS AWS Foundations v3.0 1.21",
		"NCSC Cloud Security Principle 9: Secure user management",
		"NCSC Cloud Security Principle 10: Identity and authentication",
	],
}

trusted := aws.trusted_workforce_saml_providers(input.scope)

sso_roles := aws.sso_provisioned_roles(input.scope)

findings contains f if {
	count(trusted) == 0
	not aws.sso_in_use
	count(sso_roles) == 0
	providers := sort([id | some id in aws.workforce_saml_provider_ids])
	instances := [sprintf("%s (status %s, %d account assignments)", [s.id, s.status, s.account_assignments]) | some s in lib.sso]
	f := {
		"resource": lib.scope_id,
		"message": sprintf("%s has no workforce federation: no role trusts a workforce SAML provider (workforce SAML providers: %s) and no active IAM Identity Center instance has account assignments (instances: %s), and no Identity Center role (AWSReservedSSO_*) is provisioned in it", [lib.scope_id, lib.join(providers), lib.join(instances)]),
		"details": {
			"workforce_saml_providers": providers,
			"saml_providers_trusted_by_roles": sort([id | some id in trusted]),
			"sso_instances": [{
				"id": s.id,
				"status": s.status,
				"account_assignments": s.account_assignments,
			} |
				some s in lib.sso
			],
		},
	}
}
