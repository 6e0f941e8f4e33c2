#!/usr/bin/env bash
# Exports one account's identity data with the AWS CLI into DIR, as docs/importing-aws-exports.md
# tells an auditor to (us-east-1 for the regional services), for the live/offline parity test.
#   usage: AWSCLI=path/to/aws [ACCOUNTS="id …"] export_aws.sh ENDPOINT DIR
#          (credentials from the environment)
# A call that fails leaves no file, as an auditor would drop a failed export.
set -uo pipefail
AWSCLI=${AWSCLI:?set AWSCLI to the aws of the venv scripts/moto.sh made}
PY=$(dirname "$AWSCLI")/python
ep=${1:?usage: export_aws.sh ENDPOINT DIR} dir=${2:?usage: export_aws.sh ENDPOINT DIR}
mkdir -p "$dir"
aws() { "$AWSCLI" --endpoint-url "$ep" --region us-east-1 --output json "$@"; }
run() { local out=$1; shift; aws "$@" >"$dir/$out" 2>/dev/null || rm -f "$dir/$out"; }
# Prints one field of every item of a list in an export: field FILE LIST FIELD
field() { [[ -s $dir/$1 ]] && "$PY" -c 'import json, sys
for x in json.load(open(sys.argv[1])).get(sys.argv[2]) or []:
    print(x[sys.argv[3]] if isinstance(x, dict) else x)' "$dir/$1" "$2" "$3"; }

run gaad.json iam get-account-authorization-details --filter User Group Role LocalManagedPolicy
aws iam generate-credential-report >/dev/null 2>&1
for _ in 1 2 3 4 5; do
  run credential-report.json iam get-credential-report && break
  sleep 1
done
run account-summary.json iam get-account-summary
run saml-providers.json iam list-saml-providers
run oidc-providers.json iam list-open-id-connect-providers
run virtual-mfa.json iam list-virtual-mfa-devices
run account-aliases.json iam list-account-aliases
run roles.json iam list-roles
run caller-identity.json sts get-caller-identity
# Keeps the NoSuchEntity text when no policy is set, as the docs say.
aws iam get-account-password-policy >"$dir/password-policy.json" 2>&1

run trails.json cloudtrail describe-trails --include-shadow-trails
for t in $(field trails.json trailList Name); do
  run "trail-status-$t.json" cloudtrail get-trail-status --name "$t"
  run "event-selectors-$t.json" cloudtrail get-event-selectors --trail-name "$t"
done

run sso-instances.json sso-admin list-instances
instance=$(field sso-instances.json Instances InstanceArn | head -1)
store=$(field sso-instances.json Instances IdentityStoreId | head -1)
account=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["Account"])' "$dir/caller-identity.json" 2>/dev/null)
if [[ -n $store ]]; then
  run identitystore-users.json identitystore list-users --identity-store-id "$store"
  run identitystore-groups.json identitystore list-groups --identity-store-id "$store"
  for g in $(field identitystore-groups.json Groups GroupId); do
    run "identitystore-memberships-$g.json" identitystore list-group-memberships \
      --identity-store-id "$store" --group-id "$g"
  done
fi
# The organization's accounts when this account may list them (the management account), or as
# ACCOUNTS names them (space-separated; a delegated administrator of Identity Center may not list
# accounts): its Identity Center assignments are then exported for every account, as --org reads
# them.
run org-accounts.json organizations list-accounts
accounts=${ACCOUNTS:-$(field org-accounts.json Accounts Id)}
[[ -n $accounts ]] || accounts=$account
if [[ -n $instance ]]; then
  run sso-permission-sets.json sso-admin list-permission-sets --instance-arn "$instance"
  for p in $(field sso-permission-sets.json PermissionSets x); do
    for a in $accounts; do
      # The account id in the name says whose (possibly empty) answer it is.
      run "sso-assignments-$a-${p##*/}.json" sso-admin list-account-assignments \
        --instance-arn "$instance" --account-id "$a" --permission-set-arn "$p"
    done
  done
fi

# Keeps AWSOrganizationsNotInUseException when the account is in no organization.
aws organizations describe-organization >"$dir/organization.json" 2>&1
run scps.json organizations list-policies --filter SERVICE_CONTROL_POLICY
for p in $(field scps.json Policies Id); do
  run "scp-$p.json" organizations describe-policy --policy-id "$p"
  run "scp-targets-$p.json" organizations list-targets-for-policy --policy-id "$p"
done
# Where each account sits (its OUs up to the root): every listed account's, else this one's.
queue=$accounts
while [[ -n $queue ]]; do
  next=""
  for c in $queue; do
    [[ -e $dir/parents-$c.json ]] && continue
    run "parents-$c.json" organizations list-parents --child-id "$c"
    next="$next $(field "parents-$c.json" Parents Id | grep '^ou-' || true)"
  done
  queue=$(echo $next)
done

run metric-filters.json logs describe-metric-filters
run alarms.json cloudwatch describe-alarms
run eventbridge-rules.json events list-rules
for r in $(field eventbridge-rules.json Rules Name); do
  run "eventbridge-targets-$r.json" events list-targets-by-rule --rule "$r"
done
run guardduty-detectors.json guardduty list-detectors
for d in $(field guardduty-detectors.json DetectorIds x); do
  run "guardduty-detector-$d.json" guardduty get-detector --detector-id "$d"
done
run access-analyzers.json accessanalyzer list-analyzers
exit 0
