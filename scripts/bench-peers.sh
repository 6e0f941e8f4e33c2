#!/usr/bin/env bash
# idgauge side by side with Prowler on the moto emulator: wall time, peak RSS and the API requests
# moto received, per scenario, as a Markdown table. A benchmark, not a test: it takes minutes
# (Prowler needs ~12 minutes on the 10,000-user account).
#
#   usage: scripts/bench-peers.sh [SCENARIO[:N] ...]   default: shared federated large:2000 large:10000
#   env:   PEERS="prowler idgauge" (default both)
#          IDGAUGE_BENCH_DIR: results and moto state (default /tmp/idgauge-bench)
#
# Needs what scripts/test.sh needs plus util-linux's unshare, iproute2's ip and GNU time
# (/usr/bin/time; apt-get install time). Installs Prowler (PyPI, pinned below) into a venv under
# $IDGAUGE_BENCH_DIR on first use. Each scenario runs in its own network namespace with loopback
# only (nothing leaves the machine): a fresh moto (scripts/moto.sh), the account built by
# tests/harness/populate.py, then `prowler aws -s iam cloudtrail -f us-east-1` and
# `idgauge scan aws --region us-east-1 --format json` against the same account. Both tools read
# one region so the comparison is like for like.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${IDGAUGE_BENCH_DIR:-/tmp/idgauge-bench}
PROWLER=prowler==5.46.0

if [[ ${IDGAUGE_BENCH_NETNS:-0} == 1 ]]; then
  # ---- one scenario, inside the namespace: scripts/bench-peers.sh --run SCENARIO [N]
  sc=$2; n=${3:-}
  ip link set lo up
  out=$dir/results/$sc${n:+-$n}; rm -rf "$out"; mkdir -p "$out"
  export IDGAUGE_MOTO_DIR=$dir/moto
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
  export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
  "$root/scripts/moto.sh" stop
  ft=()
  # The shared account's users and keys are backdated when Debian's faketime is there.
  if [[ $sc == shared && -f /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ]]; then
    export MOTO_FAKETIME=1; ft=(--faketime-file "$IDGAUGE_MOTO_DIR/moto.faketime")
  fi
  while IFS= read -r line; do export "${line?}"; done < <("$root/scripts/moto.sh" start)
  export AWS_ENDPOINT_URL=$IDGAUGE_MOTO_URL
  reqs() { grep -cE '"(GET|POST|PUT|DELETE|HEAD|PATCH) [^"]*" [0-9]{3} ' "$IDGAUGE_MOTO_DIR/moto.log" || true; }
  printf 'step\twall_s\tpeak_rss_kb\texit\trequests\n' >"$out/timings.tsv"
  step() {
    local name=$1; shift; local r0 rc=0; r0=$(reqs)
    /usr/bin/time -v -o "$out/$name.time" timeout 3600 "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    local wall rss
    wall=$(awk -F': ' '/Elapsed/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$out/$name.time")
    rss=$(awk -F': ' '/Maximum resident/{print $2}' "$out/$name.time")
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$rss" "$rc" "$(($(reqs) - r0))" >>"$out/timings.tsv"
  }
  step populate "$IDGAUGE_MOTO_PYTHON" "$root/tests/harness/populate.py" "$sc" ${n:+--n "$n"} \
    --endpoint "$IDGAUGE_MOTO_URL" --root-state "$IDGAUGE_MOTO_DIR/root-state.json" "${ft[@]}"
  for p in ${PEERS:-prowler idgauge}; do
    case $p in
      prowler) step prowler "$dir/venv-prowler/bin/prowler" aws -s iam cloudtrail -f us-east-1 -b --no-color \
                 -M json-ocsf csv -o "$out/prowler" -F prowler --log-level ERROR ;;
      idgauge) step idgauge "$root/target/release/idgauge" scan aws --region us-east-1 --format json \
                 --endpoint-url "$IDGAUGE_MOTO_URL" ;;
    esac
  done
  "$root/scripts/moto.sh" stop
  cat "$out/timings.tsv"
  exit 0
fi

scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(shared federated large:2000 large:10000)
for tool in unshare ip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-peers.sh needs $tool" >&2; exit 2; }
done
mkdir -p "$dir"
"$root/scripts/moto.sh" install >/dev/null
if [[ " ${PEERS:-prowler idgauge} " == *" prowler "* && ! -x $dir/venv-prowler/bin/prowler ]]; then
  python3 -m venv "$dir/venv-prowler"
  "$dir/venv-prowler/bin/pip" install -q --disable-pip-version-check "$PROWLER"
fi
cargo build --release --locked --manifest-path "$root/Cargo.toml" >&2

for s in "${scenarios[@]}"; do
  sc=${s%%:*}; n=; [[ $s == *:* ]] && n=${s#*:}
  echo "== $sc${n:+ ($n users)}" >&2
  unshare -n env IDGAUGE_BENCH_NETNS=1 IDGAUGE_BENCH_DIR="$dir" "$0" --run "$sc" $n >&2
done

# timings.tsv: step, wall_s, peak_rss_kb, exit, requests
field() { awk -F'\t' -v s="$2" -v c="$3" '$1 == s { print $c }' "$1" 2>/dev/null; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "—"; else printf "%.0f×", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "") print "—"; else printf "%.0f MiB", k / 1024 }'; }
secs() { awk -v s="$1" 'BEGIN { if (s == "") print "—"; else if (s < 10) printf "%.2f s", s; else printf "%.0f s", s }'; }

echo "| scenario | Prowler wall | idgauge wall | faster | Prowler peak RSS | idgauge peak RSS | requests Prowler | requests idgauge | fewer requests |"
echo "|---|---|---|---|---|---|---|---|---|"
for s in "${scenarios[@]}"; do
  sc=${s%%:*}; n=; [[ $s == *:* ]] && n=${s#*:}
  t=$dir/results/$sc${n:+-$n}/timings.tsv
  pw=$(field "$t" prowler 2); iw=$(field "$t" idgauge 2)
  pr=$(field "$t" prowler 3); ir=$(field "$t" idgauge 3)
  pq=$(field "$t" prowler 5); iq=$(field "$t" idgauge 5)
  ie=$(field "$t" idgauge 4)
  [[ -z $ie || $ie == 0 ]] || echo "warning: idgauge exited $ie on $s (see $(dirname "$t")/idgauge.err)" >&2
  echo "| $sc${n:+ ($n users)} | $(secs "$pw") | $(secs "$iw") | $(ratio "$pw" "$iw") | $(mib "$pr") | $(mib "$ir") | ${pq:-—} | ${iq:-—} | $(ratio "$pq" "$iq") |"
done
