# No enabled Entra user account has a generic, shared-looking name.
package idgauge.rules.azure.no_shared_accounts

import data.idgauge.lib.common as lib
import rego.v1

metadata := {
	"id": "IDG-AZ-001",
	"title": "No enabled Entra account has a shared or generic name",
	"provider": "azure",
	"scope_kinds": ["tenant"],
	"level": 2,
	"anchor": {"level": 1, "section": "how_to_do_better", "step": "Eliminate Shared Accounts"},
	"severity": "high",
	"requires": ["principals"],
	"description": concat(" ", [
		"Fails for every enabled human user of the tenant (members and guests) whose sign-in name is made",
		"only of generic words (admin, shared, ops, test, helpdesk... and the configured `generic_names`),",
		"such as admin@contoso.com or helpdesk@contoso.com. Disabled accounts (shared mailboxes are created",
		"disabled), the directory-synchronisation service account and declared break-glass accounts are",
		"not counted.",
	]),
	"rationale": concat(" ", [
		"A shared account blurs accountability: the sign-in logs show the account, not the person. Leaving",
		"level 1 starts with every person signing in with an account of their own.",
	]),
	"recommendation": concat(" ", [
		"Give each person who uses the account their own user (Entra admin center → Users → New user), move",
		"the role or group assignments to them, then block sign-in on the shared account (Users → <user> →",
		"Edit properties → Settings → Account enabled off) or delete it. A shared mailbox needs no enabled",
		"sign-in. Declare genuine emergency accounts as [[break_glass]] in idgauge.toml.",
	]),
	"references": [
		"NIST SP 800-53 AC-2",
		"NIST SP 800-53 IA-2",
		"NCSC Cloud Security Principle 9: Secure user management",
	],
}

generic := lib.generic_names

findings contains f if {
	some p in lib.principals
	# A generic name's first word is generic: a cheap test that spares most people the full one
	# (50,000 calls of lib.is_generic_name were the slowest rule of a large tenant).
	p.derived.name_tokens[0] in generic
	p.kind == "human"
	p.console_access == true
	not p.derived.break_glass
	lib.is_generic_name(p)
	f := {
		"resource": p.id,
		"message": sprintf("enabled Entra user %s has a generic name: who signs in with it cannot be told from the logs", [p.name]),
		"details": {"name": p.name, "source": p.source},
	}
}
