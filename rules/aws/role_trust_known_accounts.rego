# Roles must trust only accounts the organisation knows: never `*`, never an account that is
# neither its own, nor in its organization, nor declared as a known external account.
package idgauge.rules.aws.role_trust_known_accounts

import data.idgauge.lib.aws
import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-036",
	"title": "Roles trust no unknown AWS accounts and never everyone",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 5,
	"anchor": {"level": 5, "section": "good_enough", "step": "Strong Compliance & Efficiency"},
	"severity": "high",
	"requires": ["roles"],
	"description": concat(" ", [
		"Reads the AWS principals each IAM role trusts (its trust policy's `AWS` principals: an",
		"account id, an account's root, user or role ARN, or `*`). Fails for each trust of `*`, and for",
		"each trusted account that is not this account, not an account of its organization (the parent",
		"organization's account list and management account, when the snapshot holds that organization",
		"read), and not declared in `known_accounts` in idgauge.toml. When the organization was not read,",
		"every other account is unknown unless declared, and the finding says so. Service principals and",
		"identity providers are not accounts and are not judged here, nor are the unique ids (`AROA…`)",
		"IAM shows for a trusted principal that was deleted. Trust-policy conditions are not in the",
		"snapshot, so a `*` narrowed by a condition still fails. Not applicable when no role trusts an",
		"AWS principal.",
	]),
	"rationale": concat(" ", [
		"At level 5 auditors can readily confirm who has access to what. A role that trusts another",
		"account hands the decision of who may assume it to that account's administrators: people who",
		"are not in the organisation's identity provider, whose joiners and leavers it never sees. That",
		"is acceptable for the organisation's own accounts and for partners someone has vouched for; for",
		"an account nobody can name it is access no one can account for. A trust of `*` is worse: any",
		"AWS principal anywhere may try to assume the role, and only its permissions and any conditions",
		"stand in the way.",
	]),
	"recommendation": concat(" ", [
		"List the role's trust policy: `aws iam get-role --role-name <role> --query",
		"Role.AssumeRolePolicyDocument` (Console: IAM → Roles → <role> → Trust relationships). Replace",
		"`*` with the accounts or role ARNs that need access, or add a condition such as",
		"`aws:PrincipalOrgID` and record an exception for the finding. Remove trusts of accounts no one",
		"recognises: Trust relationships → Edit trust policy, or `aws iam update-assume-role-policy",
		"--role-name <role> --policy-document file://trust.json`, and delete roles no longer needed.",
		"For an external account that should keep access (a vendor, a partner), require an",
		"`sts:ExternalId` condition and declare it in idgauge.toml: `[[known_accounts]]` with `account =",
		"\"<id>\"` and a `justification` naming its owner. Scan with `--org` (or from the management",
		"account) so idgauge reads the organization's account list.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 AC-3",
		"NIST SP 800-53 AC-6",
		"NIST SP 800-53 AC-20",
		"CIS AWS Foundations v3.0 1.20",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

# The AWS principals roles trust (trust kind `account`), one entry per role and principal.
account_trusts := [{"role": r, "principal": t.principal} |
	some r in lib.roles
	some t in r.trust
	t.kind == "account"
]

not_applicable := "no role trusts an AWS account or principal (only services or identity providers)" if {
	count(account_trusts) == 0
}

organization_accounts := object.get(input, "organization_accounts", null)

default organization_read := false

organization_read if is_array(organization_accounts)

known_accounts := ({aws.own_account} | {a | some a in object.get(input.config, "known_accounts", [])}) | {a |
	organization_read
	some a in organization_accounts
}

parent := object.get(input.scope, "parent", null)

# Why an account outside the known set is unknown, by what the snapshot shows of the organization.
context := sprintf("an account of organization %s", [parent]) if organization_read

context := sprintf("known to belong to organization %s, which was not read (collect with --org, or assess this account together with its organization's scope)", [parent]) if {
	not organization_read
	parent != null
}

context := "in an organization with this account (which belongs to none)" if {
	not organization_read
	parent == null
	lib.guardrails.in_organization == false
}

context := "known to be in this account's organization (no organization was read for this account)" if {
	not organization_read
	parent == null
	not lib.guardrails.in_organization == false
}

who(p, a) := sprintf("account %s", [a]) if p == a

who(p, a) := sprintf("%s (account %s)", [p, a]) if p != a

findings contains f if {
	some e in account_trusts
	e.principal == "*"
	f := {
		"resource": e.role.id,
		"message": sprintf("Role %s trusts every AWS principal (`*`): anyone with AWS credentials, in any account, may try to assume it (trust conditions are not in the snapshot)", [e.role.name]),
		"details": {"principal": "*"},
	}
}

findings contains f if {
	some e in account_trusts
	account := aws.trust_account(e.principal)
	not account in known_accounts
	f := {
		"resource": e.role.id,
		"message": sprintf("Role %s trusts %s, which is not this account, not declared in known_accounts, and not %s", [e.role.name, who(e.principal, account), context]),
		"details": {"principal": e.principal, "account": account, "organization_read": organization_read},
	}
}
