#!/usr/bin/env python3
"""Builds an AWS account in moto for idgauge's live tests and benchmarks.

usage: populate.py SCENARIO [--n N] [--endpoint URL] [--reset] [--root-state FILE]
                   [--faketime-file PATH] [--age-days D] [--workers W]

  shared     The level-1 account: IAM users with console passwords and no MFA, generic names
             (admin, deploy, team-shared, ...), access keys (two on the shared ones),
             AdministratorAccess attached to users, no password policy, no trail, no federation,
             no alerting, no GuardDuty. Root: no MFA, one access key, used recently.
             N users (default 12). With --faketime-file (moto started with MOTO_FAKETIME=1) the
             users and keys are created --age-days (default 400) days in the past.
  federated  The level-3 account: SAML and OIDC providers with federated roles, groups, a strong
             password policy, one break-glass user with MFA, a multi-region logging trail with
             log-file validation, KMS and CloudWatch Logs delivery, a metric filter and alarm on
             console sign-in failures, GuardDuty, an unused-access analyzer, IAM Identity Center
             with N directory users (default 25) in groups assigned to permission sets, and an
             organization with member accounts and SCPs. Root: hardware MFA, no keys.
  large      N IAM users (default 2000) with groups, inline and attached policies, access keys,
             virtual MFA and console passwords, N/10 roles, one single-region trail.
             Root: virtual MFA, no keys.
  org        An organization of N member accounts (default 10) for the `--org` benchmark
             (scripts/bench-org.sh) and its CI form: this account is the management account
             (a password policy, one logging trail, SCPs on the root and on two OUs, `Workloads`
             and `Sandbox`, that the members alternate between). Every member, entered through
             its OrganizationAccountAccessRole, has a CI user with an access key and a
             deployment role. The last member, `no-audit-role`, has no
             OrganizationAccountAccessRole (an invited account that never created it): assuming
             it is refused (tests/harness/moto_server.py, patch 7).

--root-state FILE writes the scenario's root user (read by tests/harness/moto_server.py).
Dummy credentials, account 123456789012, region us-east-1; only loopback endpoints are accepted.
"""
import argparse
import json
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"

AWS_POLICY = "arn:aws:iam::aws:policy/"
ADMIN = AWS_POLICY + "AdministratorAccess"
READ_ONLY = AWS_POLICY + "ReadOnlyAccess"
POWER_USER = AWS_POLICY + "PowerUserAccess"
SECURITY_AUDIT = AWS_POLICY + "SecurityAudit"

# The root user per scenario (format: tests/harness/moto_server.py).
ROOT = {
    "shared": {"mfa": "none", "access_keys": 1, "password_last_used": "2026-11-20T08:00:00+00:00"},
    "federated": {"mfa": "hardware", "access_keys": 0, "password_last_used": "2025-12-01T09:00:00+00:00"},
    "large": {"mfa": "virtual", "access_keys": 0, "password_last_used": "2026-06-01T09:00:00+00:00"},
    "org": {"mfa": "hardware", "access_keys": 0, "password_last_used": "2025-12-01T09:00:00+00:00"},
}


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


class Account:
    """boto3 clients on the emulator, made once per service."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        self.config = Config(retries={"max_attempts": 3, "mode": "standard"}, max_pool_connections=64)
        self._clients = {}

    def __getattr__(self, service):
        if service.startswith("_"):
            raise AttributeError(service)
        name = service.replace("_", "-")
        if name not in self._clients:
            self._clients[name] = self.session.client(name, endpoint_url=self.endpoint, config=self.config)
        return self._clients[name]


def moto_clock(path, offset):
    """Sets moto's libfaketime offset ('-400d', '+0d') and waits until moto has re-read it."""
    if path:
        with open(path, "w") as f:
            f.write(offset + "\n")
        time.sleep(1.3)  # scripts/moto.sh sets FAKETIME_CACHE_DURATION=1


# ----------------------------------------------------------------------------------- shared
GENERIC = ["admin", "deploy", "team-shared", "ops", "shared-dev", "jenkins", "backup", "support"]
PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
          "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil"]


def shared(a, n, faketime_file=None, age_days=400, **_):
    iam = a.iam
    try:
        iam.delete_account_password_policy()
    except iam.exceptions.NoSuchEntityException:
        pass
    names = (GENERIC + PEOPLE + [f"user{i:04d}" for i in range(max(0, n - len(GENERIC) - len(PEOPLE)))])[:n]
    moto_clock(faketime_file, f"-{age_days}d")
    try:
        iam.create_group(GroupName="everyone")
        iam.put_group_policy(GroupName="everyone", PolicyName="allow-all-s3", PolicyDocument=doc(allow("s3:*")))
        for i, name in enumerate(names):
            generic = name in GENERIC
            iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "ops" if generic else "dev"}])
            iam.create_login_profile(UserName=name, Password="Passw0rd!" + name, PasswordResetRequired=False)
            iam.add_user_to_group(GroupName="everyone", UserName=name)
            if name in GENERIC[:4]:
                iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
            elif generic:
                iam.attach_user_policy(UserName=name, PolicyArn=POWER_USER)
                iam.put_user_policy(UserName=name, PolicyName="full-iam", PolicyDocument=doc(allow("iam:*")))
            elif i % 3 == 0:
                iam.put_user_policy(UserName=name, PolicyName="star-star", PolicyDocument=doc(allow("*")))
            else:
                iam.attach_user_policy(UserName=name, PolicyArn=READ_ONLY)
            for _ in range(2 if generic else 1):  # never rotated
                iam.create_access_key(UserName=name)
        legacy = iam.create_policy(PolicyName="LegacyFullAccess", PolicyDocument=doc(allow("*")))["Policy"]["Arn"]
        if "support" in names:
            iam.attach_user_policy(UserName="support", PolicyArn=legacy)
        iam.create_role(RoleName="ec2-admin", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
        iam.attach_role_policy(RoleName="ec2-admin", PolicyArn=ADMIN)
        iam.create_instance_profile(InstanceProfileName="ec2-admin")
        iam.add_role_to_instance_profile(InstanceProfileName="ec2-admin", RoleName="ec2-admin")
        # A whole foreign account trusted, without ExternalId.
        iam.create_role(RoleName="vendor-access", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}))
        iam.attach_role_policy(RoleName="vendor-access", PolicyArn=ADMIN)
    finally:
        moto_clock(faketime_file, "+0d")
    return {"users": len(names)}


# ----------------------------------------------------------------------------------- federated
IDP_CERT = (
    "MIIDpDCCAoygAwIBAgIGAXoTpbhbMA0GCSqGSIb3DQEBCwUAMIGSMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5p"
    "YTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxEzARBgNVBAMM"
    "CmRldi0xMjM0NTYxHDAaBgkqhkiG9w0BCQEWDWluZm9Ab2t0YS5jb20wHhcNMjEwNjEwMTIwMDAwWhcNMzEwNjEwMTIwMDAw"
    "WjCBkjELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWExFjAUBgNVBAcMDVNhbiBGcmFuY2lzY28xDTALBgNVBAoM"
    "BE9rdGExFDASBgNVBAsMC1NTT1Byb3ZpZGVyMRMwEQYDVQQDDApkZXYtMTIzNDU2MRwwGgYJKoZIhvcNAQkBFg1pbmZvQG9r"
    "dGEuY29t"
)
IDP_METADATA = f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml/metadata">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
      <ds:X509Certificate>{IDP_CERT}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/app/aws/sso/saml"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""
SIGNIN_FAILURES = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'


def federated(a, n, **_):
    iam = a.iam
    notes = {}
    iam.update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True,
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=24, HardExpiry=False)
    iam.create_account_alias(AccountAlias="example-prod")

    # Workforce federation (SAML) and CI federation (GitHub OIDC).
    saml = iam.create_saml_provider(Name="CorpIdP", SAMLMetadataDocument=IDP_METADATA)["SAMLProviderArn"]
    oidc = iam.create_open_id_connect_provider(
        Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])["OpenIDConnectProviderArn"]
    saml_trust = doc({"Effect": "Allow", "Principal": {"Federated": saml},
                      "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                      "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}})
    for role, policy in [("SSO-Admin", ADMIN), ("SSO-ReadOnly", READ_ONLY), ("SSO-Developer", POWER_USER),
                         ("SSO-Security", SECURITY_AUDIT)]:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=saml_trust, MaxSessionDuration=3600,
                        Description="Federated via CorpIdP")
        iam.attach_role_policy(RoleName=role, PolicyArn=policy)
    gh = "token.actions.githubusercontent.com"
    iam.create_role(RoleName="github-actions-deploy", AssumeRolePolicyDocument=doc({
        "Effect": "Allow", "Principal": {"Federated": oidc}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{gh}:aud": "sts.amazonaws.com"},
                      "StringLike": {f"{gh}:sub": "repo:example/app:ref:refs/heads/main"}}}))
    deploy = iam.create_policy(PolicyName="DeployApp", PolicyDocument=doc(
        allow(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::example-app-artifacts/*"),
        allow(["ecs:UpdateService", "ecs:DescribeServices"])))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="github-actions-deploy", PolicyArn=deploy)

    # Privileges through groups; one break-glass user (console and MFA, no keys).
    for group, policy in [("Admins", ADMIN), ("ReadOnly", READ_ONLY), ("Auditors", SECURITY_AUDIT)]:
        iam.create_group(GroupName=group)
        iam.attach_group_policy(GroupName=group, PolicyArn=policy)
    iam.put_group_policy(GroupName="Admins", PolicyName="require-mfa", PolicyDocument=doc({
        "Effect": "Deny", "NotAction": ["iam:*MFA*", "sts:GetSessionToken"], "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}))
    iam.create_user(UserName="break-glass")
    iam.create_login_profile(UserName="break-glass", Password="Break-Glass-Passw0rd!", PasswordResetRequired=False)
    iam.add_user_to_group(GroupName="Admins", UserName="break-glass")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="break-glass")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="break-glass", SerialNumber=serial,
                          AuthenticationCode1="123456", AuthenticationCode2="654321")

    # Audit trail: multi-region, validated, encrypted, delivered to CloudWatch Logs.
    bucket = f"cloudtrail-logs-{ACCOUNT}"
    a.s3.create_bucket(Bucket=bucket)
    a.s3.put_bucket_policy(Bucket=bucket, Policy=doc(
        {"Sid": "AclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket}"},
        {"Sid": "Write", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{ACCOUNT}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}))
    a.s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    a.s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    key = a.kms.create_key(Description="cloudtrail")["KeyMetadata"]["Arn"]
    a.kms.enable_key_rotation(KeyId=key)
    log_group = "cloudtrail/org"
    a.logs.create_log_group(logGroupName=log_group)
    iam.create_role(RoleName="cloudtrail-to-cwl", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    a.cloudtrail.create_trail(
        Name="org-trail", S3BucketName=bucket, IsMultiRegionTrail=True, EnableLogFileValidation=True,
        IncludeGlobalServiceEvents=True, KmsKeyId=key,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{log_group}:*",
        CloudWatchLogsRoleArn=iam.get_role(RoleName="cloudtrail-to-cwl")["Role"]["Arn"])
    a.cloudtrail.start_logging(Name="org-trail")
    a.cloudtrail.put_event_selectors(TrailName="org-trail", EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])

    # Alerting on console sign-in failures (CIS 4.6): metric filter on the trail's log group and
    # an alarm that notifies a topic. No alert on sign-ins without MFA.
    topic = a.sns.create_topic(Name="security-alerts")["TopicArn"]
    a.logs.put_metric_filter(
        logGroupName=log_group, filterName="console-signin-failures", filterPattern=SIGNIN_FAILURES,
        metricTransformations=[{"metricName": "ConsoleSigninFailures", "metricNamespace": "IdentityAlerts",
                                "metricValue": "1"}])
    a.cloudwatch.put_metric_alarm(
        AlarmName="console-signin-failures", Namespace="IdentityAlerts", MetricName="ConsoleSigninFailures",
        Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=3,
        ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])

    # Threat detection and unused-access review.
    a.guardduty.create_detector(Enable=True)
    a.accessanalyzer.create_analyzer(analyzerName="unused-access", type="ACCOUNT_UNUSED_ACCESS")

    # IAM Identity Center: moto pre-creates one instance per account and region.
    instance = a.sso_admin.list_instances()["Instances"][0]
    iarn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    permission_sets = {}
    for name, policy, duration in [("AdministratorAccess", ADMIN, "PT1H"), ("ReadOnly", READ_ONLY, "PT8H"),
                                   ("Developer", POWER_USER, "PT4H")]:
        ps = a.sso_admin.create_permission_set(Name=name, InstanceArn=iarn, SessionDuration=duration,
                                               Description=name)["PermissionSet"]["PermissionSetArn"]
        a.sso_admin.attach_managed_policy_to_permission_set(InstanceArn=iarn, PermissionSetArn=ps,
                                                            ManagedPolicyArn=policy)
        permission_sets[name] = ps
    a.sso_admin.put_inline_policy_to_permission_set(
        InstanceArn=iarn, PermissionSetArn=permission_sets["Developer"],
        InlinePolicy=doc({"Effect": "Deny", "Action": "iam:*", "Resource": "*"}))
    groups = {g: a.identitystore.create_group(IdentityStoreId=store, DisplayName=g, Description=g)["GroupId"]
              for g in ["platform-admins", "developers", "auditors"]}
    for i in range(n):
        user = f"user{i:04d}"
        uid = a.identitystore.create_user(
            IdentityStoreId=store, UserName=f"{user}@example.com", DisplayName=user,
            Name={"GivenName": "User", "FamilyName": f"{i:04d}"},
            Emails=[{"Value": f"{user}@example.com", "Type": "work", "Primary": True}])["UserId"]
        group = "platform-admins" if i < 2 else ("auditors" if i % 10 == 0 else "developers")
        a.identitystore.create_group_membership(IdentityStoreId=store, GroupId=groups[group],
                                                MemberId={"UserId": uid})
    for group, ps in [("platform-admins", "AdministratorAccess"), ("developers", "Developer"),
                      ("auditors", "ReadOnly")]:
        a.sso_admin.create_account_assignment(
            InstanceArn=iarn, TargetId=ACCOUNT, TargetType="AWS_ACCOUNT", PermissionSetArn=permission_sets[ps],
            PrincipalType="GROUP", PrincipalId=groups[group])
        a.sso_admin.provision_permission_set(InstanceArn=iarn, PermissionSetArn=permission_sets[ps],
                                             TargetType="ALL_PROVISIONED_ACCOUNTS")

    # Organizations: this is the management account; member accounts under an OU; SCPs.
    org = a.organizations
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ou = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
    for name in ["prod", "staging", "sandbox"]:
        org.create_account(Email=f"aws+{name}@example.com", AccountName=name)
    scps = [
        ("deny-leave-org", root, {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}),
        ("deny-disable-cloudtrail", root, {"Effect": "Deny", "Action": [
            "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"], "Resource": "*"}),
        ("deny-iam-users", ou, {"Effect": "Deny", "Action": [
            "iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"], "Resource": "*"}),
        ("region-allowlist", root, {"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"],
                                    "Resource": "*", "Condition": {"StringNotEquals": {
                                        "aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}),
    ]
    for name, target, statement in scps:
        pid = org.create_policy(Name=name, Description=name, Type="SERVICE_CONTROL_POLICY",
                                Content=doc(statement))["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=pid, TargetId=target)
    return {"identitystore_users": n, "notes": notes}


# ----------------------------------------------------------------------------------- large
SERVICES = ["s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "rds", "ecr"]


def large(a, n, workers=8, **_):
    iam = a.iam
    iam.update_account_password_policy(
        MinimumPasswordLength=12, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, MaxPasswordAge=180, PasswordReusePrevention=5)
    n_groups, n_policies, n_roles = max(10, n // 50), max(10, n // 100), max(1, n // 10)

    def policy(i):
        svc = SERVICES[i % len(SERVICES)]
        statements = [allow([f"{svc}:Get*", f"{svc}:List*", f"{svc}:Describe*"])]
        if i % 5 == 0:
            statements.append(allow(f"{svc}:*"))
        if i % 17 == 0:
            statements.append(allow(["iam:PassRole", "iam:CreateAccessKey"]))
        return iam.create_policy(PolicyName=f"cm-policy-{i:05d}", PolicyDocument=doc(*statements))["Policy"]["Arn"]

    def group(i):
        name = f"group-{i:04d}"
        iam.create_group(GroupName=name)
        iam.attach_group_policy(GroupName=name, PolicyArn=policies[i % n_policies])
        if i % 3 == 0:
            iam.put_group_policy(GroupName=name, PolicyName="inline",
                                 PolicyDocument=doc(allow(f"{SERVICES[i % len(SERVICES)]}:*")))
        if i == 0:
            iam.attach_group_policy(GroupName=name, PolicyArn=ADMIN)

    def user(i):
        name = f"user{i:06d}"
        iam.create_user(UserName=name, Tags=[{"Key": "cost-center", "Value": f"cc-{i % 37}"}])
        iam.add_user_to_group(GroupName=f"group-{i % n_groups:04d}", UserName=name)
        if i % 2 == 0:
            iam.add_user_to_group(GroupName=f"group-{(i * 7 + 1) % n_groups:04d}", UserName=name)
            iam.create_login_profile(UserName=name, Password=f"Pw!{i}aaaaAAAA", PasswordResetRequired=False)
        if i % 3 == 0:
            iam.put_user_policy(UserName=name, PolicyName="personal", PolicyDocument=doc(
                allow(["s3:GetObject", "s3:PutObject"], f"arn:aws:s3:::home/{name}/*")))
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=name, SerialNumber=serial,
                                  AuthenticationCode1="123456", AuthenticationCode2="654321")
        if i % 4 == 0:
            iam.attach_user_policy(UserName=name, PolicyArn=policies[(i // 4) % n_policies])
        if i % 97 == 0:
            iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
        if i % 2 == 1 or i % 10 == 0:
            iam.create_access_key(UserName=name)
        if i % 10 == 0:
            iam.create_access_key(UserName=name)

    trusts = [{"Service": "lambda.amazonaws.com"}, {"Service": "ec2.amazonaws.com"},
              {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, {"AWS": "arn:aws:iam::210987654321:root"}]

    def role_policies(i):
        name = f"role-{i:05d}"
        iam.attach_role_policy(RoleName=name, PolicyArn=policies[i % n_policies])
        if i % 2 == 0:
            iam.put_role_policy(RoleName=name, PolicyName="inline",
                                PolicyDocument=doc(allow(["sqs:SendMessage", "sqs:ReceiveMessage"])))
        if i % 50 == 0:
            iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN)

    with ThreadPoolExecutor(workers) as pool:
        policies = list(pool.map(policy, range(n_policies)))
        list(pool.map(group, range(n_groups)))
        list(pool.map(user, range(n)))
        # Roles one at a time: moto's get_role iterates the role dict and breaks on concurrent inserts.
        for i in range(n_roles):
            iam.create_role(RoleName=f"role-{i:05d}", AssumeRolePolicyDocument=doc(
                {"Effect": "Allow", "Principal": trusts[i % 4], "Action": "sts:AssumeRole"}))
        list(pool.map(role_policies, range(n_roles)))
    a.s3.create_bucket(Bucket="large-trail-logs")
    a.cloudtrail.create_trail(Name="main", S3BucketName="large-trail-logs", IsMultiRegionTrail=False)
    a.cloudtrail.start_logging(Name="main")
    return {"users": n, "groups": n_groups, "customer_policies": n_policies, "roles": n_roles}


# ----------------------------------------------------------------------------------- org
def org_members(a, n, workers=8, **_):
    iam = a.iam
    iam.update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True)
    a.s3.create_bucket(Bucket="org-trail-logs")
    a.cloudtrail.create_trail(Name="org-trail", S3BucketName="org-trail-logs", IsMultiRegionTrail=True)
    a.cloudtrail.start_logging(Name="org-trail")
    org = a.organizations
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ous = [org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
           for name in ["Workloads", "Sandbox"]]
    for name, target, statement in [
        ("deny-leave-org", root, {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}),
        ("deny-iam-users", ous[0], {"Effect": "Deny", "Action": [
            "iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"], "Resource": "*"}),
        ("deny-disable-cloudtrail", ous[1], {"Effect": "Deny", "Action": [
            "cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}),
    ]:
        pid = org.create_policy(Name=name, Description=name, Type="SERVICE_CONTROL_POLICY",
                                Content=doc(statement))["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=pid, TargetId=target)

    def member(i):
        name = "no-audit-role" if i == n - 1 else f"member-{i:04d}"
        acct = org.create_account(Email=f"aws+{name}@example.com", AccountName=name)
        account = acct["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ous[i % 2])
        c = a.sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                              RoleSessionName="populate")["Credentials"]
        member_iam = boto3.client("iam", endpoint_url=a.endpoint, region_name=REGION, config=a.config,
                                  aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                  aws_session_token=c["SessionToken"])
        member_iam.create_user(UserName="ci-deploy")
        member_iam.create_access_key(UserName="ci-deploy")
        member_iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}))
        member_iam.put_role_policy(RoleName="deploy", PolicyName="deploy", PolicyDocument=doc(allow("s3:*")))
        if name == "no-audit-role":
            member_iam.delete_role(RoleName="OrganizationAccountAccessRole")
        return account

    with ThreadPoolExecutor(workers) as pool:
        accounts = list(pool.map(member, range(n)))
    return {"members": n, "denied_member": accounts[-1]}


# ----------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=["shared", "federated", "large", "org"])
    ap.add_argument("--n", type=int)
    ap.add_argument("--endpoint", help="default: the moto of $IDGAUGE_MOTO_DIR (scripts/moto.sh)")
    ap.add_argument("--reset", action="store_true", help="empty moto first (POST /moto-api/reset)")
    ap.add_argument("--root-state", help="write the scenario's root user to this file")
    ap.add_argument("--faketime-file")
    ap.add_argument("--age-days", type=int, default=400)
    ap.add_argument("--workers", type=int, default=8)
    args = ap.parse_args()
    endpoint = args.endpoint
    if not endpoint:
        run = os.environ.get("IDGAUGE_MOTO_DIR", "/tmp/idgauge-moto/run")
        with open(os.path.join(run, "moto.port")) as f:
            endpoint = f"http://127.0.0.1:{f.read().strip()}"
    host = endpoint.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost"):
        sys.exit(f"populate.py: refusing a non-loopback endpoint: {endpoint}")
    if args.reset:
        urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST")).read()
    n = args.n or {"shared": 12, "federated": 25, "large": 2000, "org": 10}[args.scenario]
    started = time.time()
    build = {"shared": shared, "federated": federated, "large": large, "org": org_members}[args.scenario]
    result = build(Account(endpoint), n, workers=args.workers, faketime_file=args.faketime_file,
                   age_days=args.age_days)
    if args.root_state:
        with open(args.root_state, "w") as f:
            json.dump({ACCOUNT: ROOT[args.scenario]}, f)
    result.update(scenario=args.scenario, n=n, seconds=round(time.time() - started, 2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
