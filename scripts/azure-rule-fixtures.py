#!/usr/bin/env python3
"""Writes the per-rule fixtures of the Azure rules (fixtures/rules/IDG-AZ-*/), stdlib only; do
not edit them by hand. Regenerate with `python3 scripts/azure-rule-fixtures.py` after
`IDGAUGE_UPDATE_FIXTURES=1 cargo test --test azure_import` has refreshed the base.

The base is the strong tenant (fixtures/snapshots/azure/strong.json, the import of
fixtures/exports/azure/strong), which passes every Azure rule with its break-glass declarations
(idgauge.toml, copied beside each fixture). Each other fixture changes the one thing its branch is
about: `fail.json` and `fail-<branch>.json` fail, `pass-<case>.json` pass another way, `na.json`
does not apply, `undetermined.json` cannot be decided.
"""
import copy
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "fixtures/rules")
BASE = json.load(open(os.path.join(ROOT, "fixtures/snapshots/azure/strong.json")))
TOML = os.path.join(ROOT, "fixtures/exports/azure/idgauge.toml")
GA = "62e90394-69f5-4237-9190-012177145e10"
CAROL = "a1000000-0000-4000-8000-000000000003"
DAVE = "a1000000-0000-4000-8000-000000000004"
GOOGLE = "5a000000-0000-4000-8000-000000000002"


def write(rule, name, change=None, kind="tenant"):
    """The base reduced to its one scope of `kind`, changed by `change`."""
    doc = copy.deepcopy(BASE)
    doc["generator"]["mode"] = "synthetic"
    doc["scopes"] = [s for s in doc["scopes"] if s["kind"] == kind]
    if change:
        change(doc["scopes"][0]["sections"])
    d = os.path.join(HERE, rule)
    os.makedirs(d, exist_ok=True)
    shutil.copy(TOML, os.path.join(d, "idgauge.toml"))
    with open(os.path.join(d, name), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def data(s, name):
    return s[name]["data"]


def user(s, uid):
    return next(p for p in data(s, "principals") if p["id"] == uid)


def policy(s, name):
    return next(p for p in data(s, "auth_policies") if p["name"] == name)


MFA_ALL = "Require MFA for all users"
LEGACY = "Block legacy authentication"
PR_ADMINS = "Phishing-resistant MFA for administrators"
RISKY = "MFA for risky sign-ins"
DEVICES = "Admin portals from compliant devices in trusted locations"
COUNTRIES = "Block sign-ins from outside operating countries"
HQ = "4c000000-0000-4000-8000-000000000001"
UK_ONLY = "4c000000-0000-4000-8000-000000000002"
CUSTOM_STRENGTH = "5b1c0000-0000-4000-8000-000000000001"


def drop_policies(*names):
    def f(s):
        for n in names:
            drop_policy(n)(s)
    return f


def then(*changes):
    def f(s):
        for c in changes:
            c(s)
    return f


def method(s, mid):
    return next(m for m in data(s, "authentication_methods") if m["id"] == mid)


def drop_policy(name):
    def f(s):
        s["auth_policies"]["data"] = [p for p in data(s, "auth_policies") if p["name"] != name]
    return f


def security_defaults_instead_of(name):
    def f(s):
        drop_policy(name)(s)
        for p in data(s, "auth_policies"):
            if p["kind"] == "security_defaults":
                p["state"] = "enabled"
    return f


def synced_tenant(s, last_run="2026-11-20T11:00:00Z"):
    data(s, "provisioning").append({
        "id": "11111111-1111-4111-8111-111111111111/onPremisesSync", "kind": "entra_connect",
        "enabled": True, "healthy": None, "last_run": last_run})
    for p in data(s, "principals"):
        if p["source"] == "local" and not p["privileged"]:
            p["source"] = "synced"


def main():
    # 001 generic names
    write("IDG-AZ-001", "pass.json")
    write("IDG-AZ-001", "fail.json", lambda s: user(s, CAROL).update(name="shared@contoso.onmicrosoft.com"))

    # 002 directory sync as the source of truth
    write("IDG-AZ-002", "pass.json", synced_tenant)
    write("IDG-AZ-002", "na.json")
    write("IDG-AZ-002", "fail.json", lambda s: synced_tenant(s, "2026-11-15T08:00:00Z"))
    write("IDG-AZ-002", "fail-never-synced.json", lambda s: synced_tenant(s, None))

    def cloud_only_member(s):
        synced_tenant(s)
        user(s, DAVE)["source"] = "local"
    write("IDG-AZ-002", "fail-cloud-only-member.json", cloud_only_member)

    # 003 two to four Global Administrators
    write("IDG-AZ-003", "pass.json")

    def one_ga(s):
        s["privileged_access"]["data"] = [a for a in data(s, "privileged_access")
                                          if a.get("principal_name") == "breakglass1@contoso.onmicrosoft.com"]
    write("IDG-AZ-003", "fail.json", one_ga)

    def six_gas(s):
        for uid, upn in [(CAROL, "carol.white@contoso.onmicrosoft.com"), (DAVE, "dave.brown@contoso.onmicrosoft.com")]:
            data(s, "privileged_access").append({"role": "Global Administrator", "principal": uid,
                                                 "assignment": "eligible", "role_id": GA,
                                                 "principal_type": "user", "principal_name": upn})
    write("IDG-AZ-003", "fail-too-many.json", six_gas)

    # 004 Entra logs exported
    write("IDG-AZ-004", "pass.json")
    write("IDG-AZ-004", "fail.json", lambda s: s["audit_logs"].update(
        data=[l for l in data(s, "audit_logs") if not l["id"].endswith("/SignInLogs")]))

    def audit_disabled(s):
        for l in data(s, "audit_logs"):
            if l["id"].endswith("/AuditLogs"):
                l["logging"] = False
    write("IDG-AZ-004", "fail-disabled.json", audit_disabled)

    # 010 MFA for all users
    write("IDG-AZ-010", "pass.json")
    write("IDG-AZ-010", "pass-security-defaults.json", security_defaults_instead_of(MFA_ALL))
    write("IDG-AZ-010", "fail.json", lambda s: policy(s, MFA_ALL).update(state="report_only"))
    write("IDG-AZ-010", "fail-some-apps.json", lambda s: policy(s, MFA_ALL).update(applies_to_all_apps=False))

    # 011 legacy authentication blocked
    write("IDG-AZ-011", "pass.json")
    write("IDG-AZ-011", "pass-security-defaults.json", security_defaults_instead_of(LEGACY))
    write("IDG-AZ-011", "fail.json", drop_policy(LEGACY))
    write("IDG-AZ-011", "fail-report-only.json", lambda s: policy(s, LEGACY).update(state="report_only"))

    # 012 exclusions only for break-glass accounts
    write("IDG-AZ-012", "pass.json")
    write("IDG-AZ-012", "fail.json", lambda s: policy(s, MFA_ALL)["excluded_principals"].append(CAROL))
    write("IDG-AZ-012", "fail-group.json", lambda s: policy(s, LEGACY).update(
        excluded_groups=["0b1c2d3e-0000-4000-8000-0000000000aa"]))
    write("IDG-AZ-012", "fail-role.json", lambda s: policy(s, RISKY).update(excluded_roles=[GA]))

    # 013 SAML/OIDC SSO applications
    write("IDG-AZ-013", "pass.json")

    def no_sso(s):
        for a in data(s, "applications"):
            a["sso"] = "password"
    write("IDG-AZ-013", "fail.json", no_sso)

    # 014 stale members
    write("IDG-AZ-014", "pass.json")
    write("IDG-AZ-014", "fail.json", lambda s: user(s, DAVE).update(last_sign_in="2026-06-01T09:00:00Z"))

    def never_signed_in(s):
        user(s, CAROL).update(last_sign_in=None, created="2025-01-10T09:00:00Z")
    write("IDG-AZ-014", "fail-never-signed-in.json", never_signed_in)

    # 015 administrators cloud-only (advisory)
    write("IDG-AZ-015", "pass.json")
    write("IDG-AZ-015", "fail.json", lambda s: user(s, "a1000000-0000-4000-8000-000000000001").update(source="synced"))

    # 016 privileged Azure roles on a subscription through groups (subscription scope)
    write("IDG-AZ-016", "pass.json", kind="subscription")
    write("IDG-AZ-016", "fail.json", lambda s: data(s, "privileged_access").append({
        "role": "Owner", "principal": DAVE, "assignment": "active",
        "role_id": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "principal_type": "user",
        "principal_name": "dave.brown@contoso.onmicrosoft.com"}), kind="subscription")
    write("IDG-AZ-016", "fail-inherited.json", lambda s: data(s, "privileged_access").append({
        "role": "User Access Administrator", "principal": CAROL, "assignment": "active",
        "role_id": "18d7d88d-d35e-4fb3-a5c3-7773c20a72d9", "principal_type": "user",
        "resource": "/providers/Microsoft.Management/managementGroups/11111111-1111-4111-8111-111111111111"}),
        kind="subscription")

    # 020 standing Global Administrator only for break-glass
    write("IDG-AZ-020", "pass.json")
    write("IDG-AZ-020", "fail.json", lambda s: data(s, "privileged_access").append({
        "role": "Global Administrator", "principal": CAROL, "assignment": "permanent", "role_id": GA,
        "principal_type": "user", "principal_name": "carol.white@contoso.onmicrosoft.com"}))

    # 022 healthy SCIM provisioning
    write("IDG-AZ-022", "pass.json")

    def quarantined(s):
        for j in data(s, "provisioning"):
            if j.get("app") == GOOGLE:
                j.update(healthy=False, status="Quarantine")
    write("IDG-AZ-022", "fail.json", quarantined)
    write("IDG-AZ-022", "fail-no-jobs.json", lambda s: s["provisioning"].update(data=[]))

    def unread(s):
        s["provisioning"]["data"] = []
        for a in data(s, "applications"):
            if a["id"] == GOOGLE:
                a["provisioning_read"] = False
    write("IDG-AZ-022", "undetermined.json", unread)

    # 023 no password SSO
    write("IDG-AZ-023", "pass.json")
    write("IDG-AZ-023", "fail.json", lambda s: data(s, "applications").append({
        "id": "5a000000-0000-4000-8000-0000000000ff", "name": "Legacy expenses", "sso": "password",
        "enabled": True, "assignment_required": True, "provisioning_read": False}))

    # 030 step-up, location or device checks
    write("IDG-AZ-030", "pass.json")
    write("IDG-AZ-030", "fail.json", drop_policies(DEVICES, COUNTRIES))
    # The location policy alone: credited for the country location it names...
    write("IDG-AZ-030", "pass-named-location.json", drop_policy(DEVICES))
    # ... but not for an id no named location has, nor for "All" alone.
    write("IDG-AZ-030", "fail-dangling-location.json", then(
        drop_policy(DEVICES),
        lambda s: policy(s, COUNTRIES).update(excluded_locations=["9f000000-0000-4000-8000-00000000dead"])))
    write("IDG-AZ-030", "fail-all-only.json", then(
        drop_policy(DEVICES),
        lambda s: policy(s, COUNTRIES).update(excluded_locations=[])))

    # Outside trusted locations only (no device control): credited while a location is trusted.
    def trusted_only(s):
        drop_policy(COUNTRIES)(s)
        policy(s, DEVICES).update(requires_compliant_device=False)
    write("IDG-AZ-030", "pass-trusted-location.json", trusted_only)

    def nothing_trusted(s):
        trusted_only(s)
        for loc in data(s, "named_locations"):
            loc["trusted"] = False
    write("IDG-AZ-030", "fail-no-trusted-location.json", nothing_trusted)

    # 031 every SAML app provisioned
    write("IDG-AZ-031", "pass.json")
    write("IDG-AZ-031", "fail.json", lambda s: s["provisioning"].update(
        data=[j for j in data(s, "provisioning") if j.get("app") != GOOGLE]))

    def google_unread(s):
        s["provisioning"]["data"] = [j for j in data(s, "provisioning") if j.get("app") != GOOGLE]
        for a in data(s, "applications"):
            if a["id"] == GOOGLE:
                a["provisioning_read"] = False
    write("IDG-AZ-031", "undetermined.json", google_unread)

    # 032 guests governed
    write("IDG-AZ-032", "pass.json")
    write("IDG-AZ-032", "fail.json", lambda s: s["external_collaboration"]["data"].update(invite_policy="everyone"))
    write("IDG-AZ-032", "fail-no-guest-review.json", lambda s: s["access_analysis"].update(
        data=[a for a in data(s, "access_analysis") if a.get("zone") != "guests"]))

    # 033 access reviews of roles and groups
    write("IDG-AZ-033", "pass.json")
    write("IDG-AZ-033", "fail.json", lambda s: s["access_analysis"].update(
        data=[a for a in data(s, "access_analysis") if a.get("zone") == "guests"]))

    # 040 phishing-resistant MFA for administrators (refinement)
    write("IDG-AZ-040", "pass.json")
    write("IDG-AZ-040", "fail.json", drop_policy(PR_ADMINS))

    def push_only(s):
        user(s, "a1000000-0000-4000-8000-000000000002")["mfa_devices"] = [
            {"kind": "push", "phishing_resistant": False, "serial": "microsoftAuthenticatorPush", "enabled": None}]
    write("IDG-AZ-040", "fail-admin-method.json", push_only)

    # A custom strength is resolved by what it allows, not by its id or name.
    write("IDG-AZ-040", "pass-custom-strength.json",
          lambda s: policy(s, PR_ADMINS).update(authentication_strength=CUSTOM_STRENGTH))

    def weak_custom(s):
        for st in data(s, "authentication_strengths"):
            if st["id"] == CUSTOM_STRENGTH:
                st["name"] = "Phishing-resistant MFA (admins)"
                st["allowed_combinations"] = sorted(["fido2", "password,sms"])
        policy(s, PR_ADMINS).update(authentication_strength=CUSTOM_STRENGTH)
    write("IDG-AZ-040", "fail-weak-custom-strength.json", weak_custom)
    write("IDG-AZ-040", "fail-unknown-strength.json",
          lambda s: policy(s, PR_ADMINS).update(authentication_strength="9f000000-0000-4000-8000-00000000beef"))

    # 041 risk-based conditional access (refinement)
    write("IDG-AZ-041", "pass.json")
    write("IDG-AZ-041", "fail.json", lambda s: policy(s, RISKY).update(risk_based=False))

    # 043 no enabled user left at high risk (refinement)
    write("IDG-AZ-043", "pass.json")

    def risky(s, uid, level, state):
        u = next(r for r in data(s, "risky_users") if r["id"] == uid)
        u.update(risk_level=level, risk_state=state)
        u.pop("detail", None)
    write("IDG-AZ-043", "fail.json", lambda s: risky(s, CAROL, "high", "at_risk"))
    write("IDG-AZ-043", "fail-confirmed-compromised.json",
          lambda s: risky(s, CAROL, "low", "confirmed_compromised"))
    # At high risk but no longer able to sign in: nothing to remediate in a hurry.
    write("IDG-AZ-043", "pass-disabled.json", then(
        lambda s: risky(s, CAROL, "high", "at_risk"),
        lambda s: user(s, CAROL).update(console_access=False)))
    write("IDG-AZ-043", "pass-medium.json", lambda s: risky(s, CAROL, "medium", "at_risk"))

    # 042 SMS and voice not enabled for all users (refinement)
    write("IDG-AZ-042", "pass.json")

    def sms_voice_for_all(s):
        method(s, "Sms").update(enabled=True, usable_for_sign_in=True)
        method(s, "Voice").update(enabled=True)
    write("IDG-AZ-042", "fail.json", sms_voice_for_all)
    write("IDG-AZ-042", "pass-group-only.json", lambda s: method(s, "Sms").update(
        enabled=True, include_targets=["8d000000-0000-4000-8000-000000000001"]))


if __name__ == "__main__":
    main()
