# What AWS shows of the organisation's identity repository: Directory Service directories and
# Identity Center's identity source. Reported as evidence; a visible directory that is broken is
# flagged.
package idgauge.rules.aws.identity_repository_evidence

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AWS-042",
	"title": "The identity repository AWS can see is healthy",
	"provider": "aws",
	"scope_kinds": ["account"],
	"level": 2,
	"placement": "advisory",
	"anchor": {"outside_model": "evidence only: the model's identity repository (level 2, a directory as the source of truth) lives outside AWS; what AWS shows of it (Directory Service, Identity Center's identity source) is reported, never judged as the level"},
	"severity": "low",
	"requires": ["directories"],
	"description": concat(" ", [
		"Lists the evidence of an identity repository AWS itself can show: AWS Directory Service",
		"directories (managed Microsoft AD, AD Connector to an on-premises Active Directory, Simple AD)",
		"and IAM Identity Center instances whose users come from an external identity provider (SCIM",
		"external ids). Passes with that evidence; fails for a directory that is not in the `Active`",
		"stage (impaired, failed, inoperable), since people who sign in through it are then locked out or",
		"fall back to local accounts. Not applicable when AWS shows no directory: the repository may well",
		"exist elsewhere, which only a directory input can show.",
	]),
	"rationale": concat(" ", [
		"The maturity model's second level is a directory that is the source of truth for people. A",
		"scanner of cloud APIs cannot see an on-premises directory, but where the cloud hosts or",
		"connects to one, that is evidence an auditor wants listed, and a broken connector is a gap in",
		"the very path people use to sign in.",
	]),
	"recommendation": concat(" ", [
		"For a directory that is not Active, open Directory Service → Directories → <directory> and",
		"follow its status reason: an AD Connector usually lost network reach or its service-account",
		"credentials (`aws ds describe-directories --directory-ids <id>` shows `StageReason`); a",
		"managed Microsoft AD that is impaired needs its domain controllers' security groups and",
		"routes checked. Restore it before relying on it for sign-in.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

directories := lib._list("directories")

external_instances := [s |
	some s in lib.sso
	s.identity_source in {"external_idp", "active_directory"}
]

not_applicable := "AWS shows no identity repository here: no Directory Service directory and no Identity Center instance with an external identity source" if {
	count(directories) == 0
	count(external_instances) == 0
}

findings contains f if {
	some d in directories
	d.healthy != true
	f := {
		"resource": d.id,
		"message": sprintf("Directory Service %s %s (%s) is in stage %s, not Active: sign-in through it is broken", [d.kind, d.id, d.name, object.get(d, "stage", "unknown")]),
		"details": {"kind": d.kind, "stage": object.get(d, "stage", null), "region": object.get(d, "region", null)},
	}
}
