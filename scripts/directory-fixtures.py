#!/usr/bin/env python3
"""Writes the directory test data: the slapadd seed (tests/data/ldap/seed.ldif), the same people
as an Active Directory `Get-ADUser | Export-Csv` file and an HR CSV (fixtures/exports/directory/),
and the cloud snapshot they are reconciled with (fixtures/snapshots/directory/clouds.json).
fixtures/exports/directory/people.ldif is `ldapsearch` output from a directory seeded with the
seed (tests/ldap_live.rs checks it still matches a live read). Run from the repository root."""
import csv, json, uuid

BASE = "dc=example,dc=org"
BULK = 110  # with the named people and groups, more entries than the test server's size limit

def uid_uuid(uid):
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, uid + ".example.org"))

# uid, cn, ou, employeeNumber, created, changed, locked (pwdAccountLockedTime)
NAMED = [
    ("ann", "Ann Archer", "people", "1001", "20250105090000Z", "20260301090000Z", None),
    ("bob", "Bob Brown", "people", "1002", "20250105090000Z", "20260301090000Z", None),
    ("carol", "Carol Clark", "people", "1003", "20250210090000Z", "20260301090000Z", None),
    ("dave", "Dave Dale", "people", "1004", "20250210090000Z", "20260301090000Z", None),
    ("lee", "Lee Long", "leavers", "1005", "20240610090000Z", "20261101090000Z", None),
    ("mia", "Mia Moss", "people", "1006", "20250310090000Z", "20261120060000Z", "20261120060000Z"),
    ("nina", "Nina North", "people", "1007", "20250310090000Z", "20260301090000Z", None),
    ("pat", "Pat Price", "people", "1016", "20250410090000Z", "20260301090000Z", None),
]
BULK_PEOPLE = [
    (f"u{i:03}", f"User {i:03}", "people", str(2000 + i), "20260101090000Z", "20260101090000Z", None)
    for i in range(1, BULK + 1)
]
PEOPLE = NAMED + BULK_PEOPLE
GROUPS = {
    "aws-admins": ["ann", "carol"],
    "engineering": ["ann", "bob", "carol", "dave"] + [p[0] for p in BULK_PEOPLE[:60]],
    "all-staff": [p[0] for p in PEOPLE if p[2] == "people"],
}

def dn(uid, ou):
    return f"uid={uid},ou={ou},{BASE}"

def seed():
    out = [f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n"]
    for ou in ["people", "leavers", "groups"]:
        out.append(f"dn: ou={ou},{BASE}\nobjectClass: organizationalUnit\nou: {ou}\n")
    # The read-only account idgauge binds as (the root DN would bypass the size limits).
    out.append(f"dn: cn=idgauge,{BASE}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
               "cn: idgauge\nuserPassword: idgauge-test-secret\n")
    for uid, cn, ou, emp, created, changed, locked in PEOPLE:
        e = [f"dn: {dn(uid, ou)}", "objectClass: inetOrgPerson", f"uid: {uid}", f"cn: {cn}",
             f"sn: {cn.split()[-1]}", f"displayName: {cn}", f"mail: {uid}@example.org",
             f"employeeNumber: {emp}", f"entryUUID: {uid_uuid(uid)}",
             f"createTimestamp: {created}", f"modifyTimestamp: {changed}"]
        if locked:
            e.append(f"pwdAccountLockedTime: {locked}")
        out.append("\n".join(e) + "\n")
    for g, members in GROUPS.items():
        ou_of = {p[0]: p[2] for p in PEOPLE}
        e = [f"dn: cn={g},ou=groups,{BASE}", "objectClass: groupOfNames", f"cn: {g}",
             f"entryUUID: {uid_uuid('group-' + g)}",
             "createTimestamp: 20250101000000Z", "modifyTimestamp: 20250101000000Z"]
        e += [f"member: {dn(m, ou_of[m])}" for m in members]
        out.append("\n".join(e) + "\n")
    with open("tests/data/ldap/seed.ldif", "w") as f:
        f.write("\n".join(out))

def gtime_to_ad(t):
    # PowerShell en-US: M/D/YYYY h:mm:ss AM
    y, mo, d, h, mi, s = int(t[0:4]), int(t[4:6]), int(t[6:8]), int(t[8:10]), int(t[10:12]), int(t[12:14])
    ap = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    return f"{mo}/{d}/{y} {h12}:{mi:02}:{s:02} {ap}"

def ad_csv():
    groups_of = {}
    for g, members in GROUPS.items():
        for m in members:
            groups_of.setdefault(m, []).append(f"CN={g},OU=groups,DC=example,DC=org")
    with open("fixtures/exports/directory/ad-users.csv", "w", newline="") as f:
        f.write("#TYPE Microsoft.ActiveDirectory.Management.ADUser\n")
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["DistinguishedName", "Enabled", "Name", "ObjectClass", "ObjectGUID", "SamAccountName",
                    "UserPrincipalName", "EmailAddress", "EmployeeID", "MemberOf", "whenCreated", "whenChanged"])
        for uid, cn, ou, emp, created, changed, locked in PEOPLE:
            w.writerow([dn(uid, ou), "False" if locked else "True", cn, "user", uid_uuid(uid), uid,
                        f"{uid}@example.org", f"{uid}@example.org", emp, ";".join(sorted(groups_of.get(uid, []))),
                        gtime_to_ad(created), gtime_to_ad(changed)])

def hr_csv():
    with open("fixtures/exports/directory/hr.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "email", "status", "end_date"])
        for uid, cn, ou, emp, *_ in NAMED:
            if uid == "nina":
                w.writerow([emp, f"{uid}@example.org", "terminated", "2026-11-15"])
            elif uid == "lee":
                w.writerow([emp, f"{uid}@example.org", "terminated", "2026-10-31"])
            else:
                w.writerow([emp, f"{uid}@example.org", "active", ""])

T = "2026-11-20T12:00:00Z"

def sec(source, data):
    return {"status": "collected", "source": source, "collected_at": T, "data": data}

def iam(name, console=True, tags=None, groups=None, kind="human", created="2026-01-05T09:00:00Z"):
    return {"id": f"arn:aws:iam::111122223333:user/{name}", "name": name, "kind": kind, "source": "local",
            "created": created, "console_access": console, "mfa_active": console, "groups": groups or [],
            "tags": tags or {}, "password_last_used": "2026-11-18T10:00:00Z" if console else None}

def ic(uid, n, created):
    return {"id": f"ic-{uid}", "name": f"{uid}@example.org", "external_ids": ["https://scim.example.org"],
            "active": True, "created": created}

def entra(uid, source, enabled=True, oid=None):
    return {"id": oid or str(uuid.uuid5(uuid.NAMESPACE_URL, uid)), "name": f"{uid}@example.org", "kind": "human",
            "source": source, "console_access": enabled, "mfa_active": source == "synced",
            "created": "2025-06-01T00:00:00Z", "last_sign_in": "2026-11-19T08:00:00Z" if enabled else None}

def clouds():
    aws_principals = [
        iam("ann", groups=["Admins"], tags={"email": "ann@example.org"}),
        iam("dave", groups=["Admins"]),
        iam("olga"),
        iam("pat", tags={"employeeId": "1016", "email": "pat.old@example.org"}),
        iam("break-glass", groups=["Admins"]),
        iam("nina@example.org"),
        iam("svc-deploy", console=False, kind="workload"),
    ]
    users = [ic("ann", 0, "2025-01-05T15:00:00Z"), ic("carol", 0, "2025-02-11T09:00:00Z"),
             ic("mia", 0, "2025-03-10T21:00:00Z")]
    users += [ic(f"u{i:03}", i, "2026-01-02T09:00:00Z") for i in range(1, 51)]
    aws = {"id": "aws:account:111122223333", "provider": "aws", "kind": "account", "name": "prod",
           "sections": {"principals": sec("iam:GetAccountAuthorizationDetails", aws_principals),
                        "directory_users": sec("identitystore:ListUsers", users)}}
    az_principals = [entra("bob", "synced", enabled=False), entra("carol", "synced"), entra("lee", "synced"),
                     entra("ghost", "local")]
    az = {"id": "azure:tenant:00000000-0000-0000-0000-0000000000aa", "provider": "azure", "kind": "tenant",
          "name": "example", "sections": {"principals": sec("graph:users", az_principals)}}
    snap = {"schema_version": "1.1", "generator": {"tool": "idgauge", "version": "0.1.0", "mode": "synthetic"},
            "collected_at": T, "scopes": [aws, az]}
    with open("fixtures/snapshots/directory/clouds.json", "w") as f:
        json.dump(snap, f, indent=2)
        f.write("\n")

seed(); ad_csv(); hr_csv(); clouds()
