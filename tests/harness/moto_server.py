#!/usr/bin/env python3
"""moto's server with what idgauge's live tests need moto to model and it does not (yet).

Run by scripts/moto.sh with the pinned moto of its venv (see MOTO_REQUIREMENT there); every patch
below checks the moto internals it replaces, so a moto upgrade that moves them fails at start-up
instead of silently testing less.

1. The root user. Real AWS always has a `<root_account>` row in the credential report, reports
   root MFA and root keys in GetAccountSummary (AccountMFAEnabled, AccountAccessKeysPresent) and
   lists root's virtual MFA device in ListVirtualMFADevices; moto models none of it. Here the
   root user's state per account comes from the JSON file named by IDGAUGE_MOTO_ROOT_STATE,
   re-read on every call, e.g.
     {"123456789012": {"mfa": "hardware", "password_enabled": true, "access_keys": 0,
                       "password_last_used": "2026-01-02T10:00:00+00:00"}}
   mfa is "none", "virtual" or "hardware". An account not in the file has a new account's root:
   a password, no MFA, no access keys.
2. GetAccountAuthorizationDetails: managed policies carry PolicyName and PolicyId (moto's model
   objects lack the attributes the serializer reads).
3. JSON-protocol targets. AWS accepts `X-Amz-Target: <ServiceShape>.<Operation>` (what the
   Rust SDK sends, e.g. `CloudTrail_20131101.DescribeTrails`) as well as botocore's longer
   `targetPrefix`; moto 5.2.6 routes on the exact botocore prefix only and answers 404.
4. IAM enforcement (`POST /moto-api/reset-auth`): moto names the action after the SigV4 signing
   name, so CloudWatch calls were checked as `monitoring:*`; IAM calls them `cloudwatch:*`.
   It also hashes a bodiless GET's parsed parameters as its payload, so every signed GET
   (GuardDuty from the Rust SDK) failed the signature check.
5. Access Analyzer, which moto does not implement (a bare HTML 500): CreateAnalyzer and
   ListAnalyzers, per account and region, cleared by `POST /moto-api/reset`. Not subject to IAM
   enforcement. Written to moto's request recorder like every request moto answers itself.
6. ListAccountsForProvisionedPermissionSet: moto answers with the caller's own account whenever
   the permission set was provisioned anywhere. AWS provisions a permission set to every account
   it is assigned in: here, the accounts of its assignments (what `--org` reads to know where to
   list assignments).
7. AssumeRole into a role that does not exist: moto hands out credentials for any role ARN; AWS
   refuses (403 AccessDenied, "... is not authorized to perform: sts:AssumeRole on resource").
   That is the member account an organization scan cannot enter (an invited account without
   OrganizationAccountAccessRole, or one whose role was deleted), which `--org` must report and
   skip. Trust policies are still not evaluated (moto evaluates them only under IAM enforcement).
"""
import base64
import io
import json
import os
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import parse_qs

from moto.core import routing
from moto.iam import access_control
from moto.iam import models as iam
from moto.moto_api import recorder

# --------------------------------------------------------------------------- 1. root user

def root_state(account_id):
    path = os.environ.get("IDGAUGE_MOTO_ROOT_STATE")
    state = {}
    if path:
        try:
            with open(path) as f:
                state = json.load(f).get(account_id, {})
        except (OSError, ValueError):
            state = {}
    return {
        "mfa": state.get("mfa", "none"),
        "password_enabled": bool(state.get("password_enabled", True)),
        "password_last_used": state.get("password_last_used", "no_information"),
        "access_keys": int(state.get("access_keys", 0)),
        "created": state.get("created", "2020-01-01T00:00:00+00:00"),
    }


def root_row(account_id):
    """The credential report's `<root_account>` row, in AWS's column order."""
    s = root_state(account_id)
    keys = s["access_keys"]

    def key(n):
        # active, last_rotated, last_used_date, last_used_region, last_used_service
        if keys >= n:
            return ["true", s["created"], "N/A", "N/A", "N/A"]
        return ["false", "N/A", "N/A", "N/A", "N/A"]

    return ",".join(
        ["<root_account>", f"arn:aws:iam::{account_id}:root", s["created"],
         "true" if s["password_enabled"] else "false", s["password_last_used"],
         "not_supported", "not_supported", "true" if s["mfa"] != "none" else "false"]
        + key(1) + key(2) + ["false", "N/A", "false", "N/A"]
    ) + "\n"


def _require(obj, name):
    if not hasattr(obj, name):
        sys.exit(f"moto_server.py: this moto has no {obj.__name__}.{name}; update the patches")
    return getattr(obj, name)


_orig_report = _require(iam.IAMBackend, "get_credential_report")


def get_credential_report(self):
    report = _orig_report(self)
    if isinstance(report, bytes):
        report = report.decode()
    header, _, rest = report.partition("\n")
    return header + "\n" + root_row(self.account_id) + rest


iam.IAMBackend.get_credential_report = get_credential_report

_orig_summary = _require(iam.IAMBackend, "get_account_summary")


def get_account_summary(self):
    summary = _orig_summary(self)
    s = root_state(self.account_id)
    summary._account_mfa_enabled = 1 if s["mfa"] != "none" else 0
    summary._account_access_keys_present = 1 if s["access_keys"] else 0
    return summary


iam.IAMBackend.get_account_summary = get_account_summary


class _RootUser:
    """What ListVirtualMFADevices reads of the device's user."""

    def __init__(self, account_id):
        self.arn = f"arn:aws:iam::{account_id}:root"
        self.name = self.user_name = "<root_account>"
        self.id = self.user_id = account_id
        self.path = "/"
        self.create_date = datetime(2020, 1, 1, tzinfo=timezone.utc)
        self.password_last_used = None
        self.tags = []


_orig_list_vmfa = _require(iam.IAMBackend, "list_virtual_mfa_devices")


def list_virtual_mfa_devices(self, assignment_status, marker, max_items):
    devices, marker_out = _orig_list_vmfa(self, assignment_status, marker, max_items)
    if (root_state(self.account_id)["mfa"] == "virtual" and not marker
            and assignment_status in ("Any", "Assigned")):
        dev = iam.VirtualMfaDevice(self.account_id, "us-east-1", "/root-account-mfa-device")
        dev.enable_date = datetime(2021, 1, 1, tzinfo=timezone.utc)
        dev.user = _RootUser(self.account_id)
        devices = [dev] + list(devices)
    return devices, marker_out


iam.IAMBackend.list_virtual_mfa_devices = list_virtual_mfa_devices

# --------------------------------------------------------------------------- 2. GAAD policies

if not hasattr(iam.ManagedPolicy, "policy_name"):
    iam.ManagedPolicy.policy_name = property(lambda self: self.name)
if not hasattr(iam.ManagedPolicy, "policy_id"):
    iam.ManagedPolicy.policy_id = property(lambda self: self.id)

# --------------------------------------------------------------------------- 3. JSON targets

_orig_json_match = _require(routing.JSONRouter, "_match")


def _json_match(self, request):
    operation, params = _orig_json_match(self, request)
    if operation is None:
        # `<ServiceShape>.<Operation>`: the shape name is the last dotted part of targetPrefix.
        prefix = self.service_model.metadata.get("targetPrefix") or ""
        shape, _, name = request.headers.get("X-Amz-Target", "").rpartition(".")
        if shape and prefix.rsplit(".", 1)[-1] == shape and name in self.service_model.operation_names:
            operation = self.service_model.operation_model(name)
    return operation, params


routing.JSONRouter._match = _json_match

# --------------------------------------------------------------------------- 4. IAM enforcement

# SigV4 signing name -> IAM action prefix, where they differ.
IAM_PREFIX = {"monitoring": "cloudwatch"}
_orig_request_init = _require(access_control.IAMRequestBase, "__init__")


def _request_init(self, *args, **kwargs):
    _orig_request_init(self, *args, **kwargs)
    service, _, action = self._action.partition(":")
    if service in IAM_PREFIX:
        self._action = f"{IAM_PREFIX[service]}:{action}"


access_control.IAMRequestBase.__init__ = _request_init

_orig_aws_request = _require(access_control.IAMRequestBase, "_create_aws_request")


def _create_aws_request(self):
    request = _orig_aws_request(self)
    # A bodiless GET/DELETE: moto passes its parsed request data (the headers, for REST
    # services) as the body to hash, so the payload hash never matches the client's.
    if not self._body and self._method in ("GET", "HEAD", "DELETE"):
        request.data = b""
    return request


access_control.IAMRequestBase._create_aws_request = _create_aws_request

# --------------------------------------------------------------------------- 5. Access Analyzer

from moto.moto_server import werkzeug_app  # noqa: E402

_analyzers = {}  # (account, region) -> {name: analyzer}
_analyzers_lock = threading.Lock()


def _respond(start_response, status, body):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(data))),
                            ("x-amzn-RequestId", str(uuid.uuid4()))])
    return [data]


def _access_analyzer(environ, start_response, credential):
    key_id, _, region = credential.split("/")[:3]
    account = iam.get_account_id_from(key_id)
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
    with _analyzers_lock:
        store = _analyzers.setdefault((account, region), {})
        if method == "PUT" and path == "/analyzer":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            req = json.loads(environ["wsgi.input"].read(length) or b"{}")
            name = req.get("analyzerName", "")
            if name in store:
                return _respond(start_response, "409 Conflict", {
                    "__type": "ConflictException", "message": f"Analyzer {name} already exists",
                    "resourceId": name, "resourceType": "Analyzer"})
            store[name] = {
                "arn": f"arn:aws:access-analyzer:{region}:{account}:analyzer/{name}",
                "name": name, "type": req.get("type", "ACCOUNT"), "status": "ACTIVE",
                # The API declares its timestamps ISO 8601 (not REST-JSON's default epoch seconds).
                "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "tags": req.get("tags", {}),
            }
            return _respond(start_response, "200 OK", {"arn": store[name]["arn"]})
        if method == "GET" and path == "/analyzer":
            wanted = parse_qs(environ.get("QUERY_STRING", "")).get("type")
            found = [a for _, a in sorted(store.items()) if not wanted or a["type"] in wanted]
            return _respond(start_response, "200 OK", {"analyzers": found})
    return _respond(start_response, "400 Bad Request", {
        "__type": "ValidationException", "message": f"{method} {path} is not emulated"})


def _record(environ):
    """What moto's own request recorder (/moto-api/recorder) writes for the requests it sees,
    for the ones answered here instead, so its log stays the whole truth of what was sent."""
    if not recorder._user_enabled:
        return
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    query = environ.get("QUERY_STRING", "")
    url = f"http://{environ.get('HTTP_HOST', '')}{environ.get('PATH_INFO', '')}" + (f"?{query}" if query else "")
    entry = {"headers": headers, "method": environ["REQUEST_METHOD"], "url": url,
             "body": base64.b64encode(body).decode("ascii"), "body_encoded": True}
    with open(recorder._location, "a+") as f:
        f.write(json.dumps(entry) + "\n")


_orig_app_call = _require(werkzeug_app.DomainDispatcherApplication, "__call__")


def _app_call(self, environ, start_response):
    path = environ.get("PATH_INFO", "")
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if path == "/moto-api/reset" and environ["REQUEST_METHOD"] == "POST":
        with _analyzers_lock:
            _analyzers.clear()
    elif path.startswith("/analyzer") and "/access-analyzer/aws4_request" in auth:
        credential = auth.split("Credential=", 1)[1].split(",", 1)[0]
        _record(environ)
        return _access_analyzer(environ, start_response, credential)
    return _orig_app_call(self, environ, start_response)


werkzeug_app.DomainDispatcherApplication.__call__ = _app_call

# ------------------------------------------ 6. ListAccountsForProvisionedPermissionSet

from moto.ssoadmin import models as ssoadmin  # noqa: E402

_require(ssoadmin.SSOAdminBackend, "list_accounts_for_provisioned_permission_set")


def list_accounts_for_provisioned_permission_set(self, instance_arn, permission_set_arn):
    return sorted({a.target_id for a in self.account_assignments
                   if a.instance_arn == instance_arn and a.permission_set_arn == permission_set_arn})


ssoadmin.SSOAdminBackend.list_accounts_for_provisioned_permission_set = \
    list_accounts_for_provisioned_permission_set

# ------------------------------------------ 7. AssumeRole into a role that does not exist

from xml.sax.saxutils import escape  # noqa: E402
from moto.sts import responses as sts_responses  # noqa: E402

_orig_assume_role = _require(sts_responses.TokenResponse, "assume_role")


def assume_role(self):
    role_arn = self._get_param("RoleArn") or ""
    account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ""
    if account and ":role/" in role_arn:
        try:
            iam.iam_backends[account]["global"].get_role_by_arn(role_arn)
        except iam.NotFoundException:
            # STS's own error shape (query protocol: one <Error> under <ErrorResponse>), which
            # the SDK parses into code and message; moto's AccessDeniedError writes the
            # <Errors><Error> shape of other services, which the STS client shows as raw XML.
            message = escape(f"User: arn:aws:iam::{self.current_account}:user/caller is not "
                             f"authorized to perform: sts:AssumeRole on resource: {role_arn}")
            body = ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                    '<Error><Type>Sender</Type><Code>AccessDenied</Code>'
                    f'<Message>{message}</Message></Error>'
                    f'<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>')
            # (moto takes the status from the headers, not the tuple.)
            return 403, {"status": 403, "Content-Type": "text/xml"}, body
    return _orig_assume_role(self)


sts_responses.TokenResponse.assume_role = assume_role

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
