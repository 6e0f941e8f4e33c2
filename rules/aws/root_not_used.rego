# The AWS root user must not be used for day-to-day work.
package idgauge.rules.aws.root_not_used

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-004",
	"title": "The root user is not used for day-to-day work",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "high",
	"requires": ["root"],
	"description": concat(" ", [
		"Fails when the root user's password or one of its access keys was used within the last",
		"`root_recent_use_days` days (default 30) before the snapshot was taken, according to the",
		"credential report.",
	]),
	"rationale": concat(" ", [
		"Routine use of the root user means the most powerful, unrestricted and shared-by-nature",
		"credential is exercised regularly, which multiplies the chances of it being phished or leaked,",
		"and its actions are attributed to the account rather than to a person. Everyday administration",
		"belongs to individual identities with only the rights they need; root is kept for the handful of",
		"tasks that require it.",
	]),
	"recommendation": concat(" ", [
		"Review what root did: CloudTrail → Event history, filter User name = root, or `aws cloudtrail",
		"lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50`.",
		"Give the people involved individual administrator access instead (IAM Identity Center → AWS",
		"accounts → select the account → Assign users or groups → AdministratorAccess permission set;",
		"`aws sso-admin create-account-assignment --instance-arn <instance-arn> --target-id <account-id>",
		"--target-type AWS_ACCOUNT --permission-set-arn <permission-set-arn> --principal-type GROUP",
		"--principal-id <group-id>`). Change the root password, store it with its MFA device in a sealed",
		"break-glass procedure, and alert on root use (EventBridge rule on `userIdentity.type = Root`).",
		"Only the tasks listed under 'Tasks that require root user credentials' in the IAM User Guide",
		"justify signing in as root.",
	]),
	"references": [
		"NIST SP 800-53 AC-6(2)",
		"NIST SP 800-53 AC-6(5)",
		"CIS AWS Foundations v3.0 1.7",
		"NCSC Cloud Security Principle 10: Identity and authentication",
		"NCSC Cloud Security Principle 12: Secure service administration",
	],
}

recent := lib.threshold("root_recent_use_days")

password_days := lib.derived(lib.root, "days_since_password_use")

key_days := lib.derived(lib.root, "days_since_key_use")

uses contains sprintf("its password was used %d days ago", [password_days]) if {
	is_number(password_days)
	password_days <= recent
}

uses contains sprintf("an access key was used %d days ago", [key_days]) if {
	is_number(key_days)
	key_days <= recent
}

findings contains f if {
	count(uses) > 0
	f := {
		"resource": lib.root.id,
		"message": sprintf("The root user (%s) was used within the last %d days: %s", [lib.root.id, recent, concat(" and ", sort(uses))]),
		"details": {
			"days_since_password_use": password_days,
			"days_since_key_use": key_days,
			"root_recent_use_days": recent,
		},
	}
}
