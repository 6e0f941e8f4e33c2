#!/usr/bin/env bash
# `idgauge collect aws --org` and `idgauge assess` over moto organizations of growing size: wall
# time, CPU time, peak RSS and requests per organization size and per `--concurrency`, as a
# Markdown table. A benchmark, not a test (the 1,000-account organization takes minutes to build
# and to read); its CI form is tests/aws_live.rs `org_of_ten_with_a_denied_member`.
#
#   usage: scripts/bench-org.sh [MEMBERS[:CONCURRENCY,...] ...]   default: 10:4 100:4 1000:2,4,16
#   env:   IDGAUGE_BENCH_DIR  results and moto state (default /tmp/idgauge-bench-org)
#          IDGAUGE_BIN        the binary to measure (default: target/release/idgauge, built here)
#          BENCH_NICE         prefix for every measured or populating process (default "nice")
#
# Per size: a fresh moto (scripts/moto.sh, 127.0.0.1 only, AWS managed policies not loaded), the
# organization built by `tests/harness/populate.py org --n MEMBERS` (this account the management
# account; the last member, `no-audit-role`, refuses AssumeRole), then per concurrency
# `collect aws --org --concurrency C --region us-east-1` and, once per size, `assess --format
# json` of the snapshot. Measured with GNU time (/usr/bin/time; apt-get install time): elapsed,
# user+system CPU, maximum RSS. Requests: the HTTP requests moto logged during the run, and the
# operations the snapshot itself counted (`collection.api_calls`, retries not included).
# Every run is checked: exit 0, one scope per member plus the management account and the
# organization, the denied member present with its sections unavailable (access_denied) and one
# warning for it, every other member collected. A failed check fails the script (exit 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${IDGAUGE_BENCH_DIR:-/tmp/idgauge-bench-org}
nice_=${BENCH_NICE-nice}
specs=("$@")
[[ ${#specs[@]} -gt 0 ]] || specs=(10:4 100:4 1000:2,4,16)
command -v /usr/bin/time >/dev/null || { echo "bench-org.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
bin=${IDGAUGE_BIN:-}
if [[ -z $bin ]]; then
  cargo build --release --locked --manifest-path "$root/Cargo.toml" >&2
  bin=$root/target/release/idgauge
fi
python=$("$root/scripts/moto.sh" install)
mkdir -p "$dir"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
results=$dir/results.tsv
printf 'members\tstep\tconcurrency\twall_s\tcpu_s\tpeak_rss_kb\trequests\tapi_calls\tscopes\tnote\n' >"$results"

reqs() { grep -cE '"(GET|POST|PUT|DELETE|HEAD|PATCH) [^"]*" [0-9]{3} ' "$IDGAUGE_MOTO_DIR/moto.log" || true; }
# wall seconds, CPU seconds, max RSS (kB) from a GNU time -v file
timed() {
  awk -F': ' '/Elapsed/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
    /User time/{c+=$2} /System time/{c+=$2} /Maximum resident/{r=$2}
    END {printf "%s\t%.2f\t%s", w, c, r}' "$1"
}

cleanup() { [[ -n ${IDGAUGE_MOTO_DIR:-} ]] && "$root/scripts/moto.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

for spec in "${specs[@]}"; do
  n=${spec%%:*}; concs=4; [[ $spec == *:* ]] && concs=${spec#*:}
  out=$dir/org-$n; rm -rf "$out"; mkdir -p "$out"
  export IDGAUGE_MOTO_DIR=$out/moto
  echo "== $n member accounts" >&2
  while IFS= read -r line; do export "${line?}"; done \
    < <(MOTO_IAM_LOAD_MANAGED_POLICIES=false "$root/scripts/moto.sh" start)
  /usr/bin/time -v -o "$out/populate.time" $nice_ "$python" "$root/tests/harness/populate.py" org \
    --n "$n" --reset --endpoint "$IDGAUGE_MOTO_URL" --root-state "$IDGAUGE_MOTO_DIR/root-state.json" \
    >"$out/populate.json"
  denied=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["denied_member"])' "$out/populate.json")
  printf '%s\tpopulate\t\t%s\t\t\t%s\n' "$n" "$(timed "$out/populate.time" | cut -f1)" "$(reqs)" >>"$results"
  first=
  for c in ${concs//,/ }; do
    snap=$out/org-c$c.json
    r0=$(reqs)
    rc=0
    /usr/bin/time -v -o "$out/collect-c$c.time" $nice_ "$bin" collect aws --org --concurrency "$c" \
      --region us-east-1 --endpoint-url "$IDGAUGE_MOTO_URL" -o "$snap" 2>"$out/collect-c$c.err" || rc=$?
    requests=$(($(reqs) - r0))
    [[ $rc == 0 ]] || { echo "collect --org exited $rc ($out/collect-c$c.err)" >&2; exit 1; }
    # Checks, and the snapshot's own call count.
    summary=$("$python" - "$snap" "$n" "$denied" "$out/collect-c$c.err" <<'EOF'
import json, sys
snap, n, denied, err = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3], sys.argv[4]
scopes = {s["id"]: s for s in snap["scopes"]}
accounts = [s for i, s in scopes.items() if i.startswith("aws:account:")]
orgs = [i for i in scopes if i.startswith("aws:organization:")]
problems = []
if len(accounts) != n + 1 or len(orgs) != 1:
    problems.append(f"{len(accounts)} account scopes (want {n + 1}), {len(orgs)} organization scopes")
d = scopes.get(f"aws:account:{denied}")
if d is None:
    problems.append(f"denied member {denied} missing")
else:
    p = d["sections"]["principals"]
    if p.get("status") != "unavailable" or p.get("reason", {}).get("kind") != "access_denied":
        problems.append(f"denied member's principals: {p.get('status')} {p.get('reason')}")
collected = [s for s in accounts if s["sections"].get("principals", {}).get("status") == "collected"]
if len(collected) != n:
    problems.append(f"{len(collected)} accounts collected (want {n}: all but the denied one)")
warnings = [l for l in open(err) if "warning: account" in l]
if len(warnings) != 1 or denied not in warnings[0]:
    problems.append(f"warnings: {warnings}")
if problems:
    sys.exit("; ".join(problems))
print(sum(snap["collection"]["api_calls"].values()), len(snap["scopes"]), sep="\t")
EOF
)
    printf '%s\tcollect\t%s\t%s\t%s\t%s\t%s\n' "$n" "$c" "$(timed "$out/collect-c$c.time")" "$requests" \
      "$summary" >>"$results"
    [[ -n $first ]] || first=$snap
  done
  "$root/scripts/moto.sh" stop >/dev/null
  rc=0
  /usr/bin/time -v -o "$out/assess.time" $nice_ "$bin" assess "$first" --format json \
    -o "$out/assessment.json" 2>"$out/assess.err" || rc=$?
  [[ $rc == 0 || $rc == 1 ]] || { echo "assess exited $rc ($out/assess.err)" >&2; exit 1; }
  printf '%s\tassess\t\t%s\t\t\t%s\t%s\n' "$n" "$(timed "$out/assess.time")" \
    "$(stat -c %s "$first")" "$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["verdict"]["scopes"]))' "$out/assessment.json")" >>"$results"
done

# awk, not `read`: a tab is IFS white space to `read`, so empty columns would collapse.
echo "| member accounts | step | concurrency | wall | CPU (user+sys) | peak RSS | requests to moto | operations in snapshot |"
echo "|---|---|---|---|---|---|---|---|"
tail -n +2 "$results" | awk -F'\t' '
  function mib(k) { return k == "" ? "—" : sprintf("%.0f MiB", k / 1024) }
  $2 == "populate" { printf "| %s | populate (moto) | | %s s | | | %s | |\n", $1, $4, $7 }
  $2 == "collect" { printf "| %s | collect --org | %s | %s s | %s s | %s | %s | %s |\n", $1, $3, $4, $5, mib($6), $7, $8 }
  $2 == "assess" { printf "| %s | assess | | %s s | %s s | %s | (snapshot %.1f MiB) | |\n", $1, $4, $5, mib($6), $9 / 1048576 }'
