#!/usr/bin/env bash
# idgauge side by side with Prowler on the moto emulator: wall time, peak RSS and the API requests
# moto received, per scenario, as a Markdown table. A benchmark, not a test: it takes minutes
# (Prowler needs ~12 minutes on the 10,000-user account).
#
#   usage: scripts/bench-peers.sh [SCENARIO[:N] ...]   default: shared federated large:2000 large:10000
#   env:   PEERS="prowler idgauge" (default both; "idgauge" alone reuses nothing from Prowler)
#          IDG_BENCH_DIR (default /tmp/idgauge-bench), IDGAUGE_BENCH_DIR (default ../shared/bench)
#
# Each scenario runs ../shared/bench/peers.sh: a fresh moto in a loopback-only network namespace,
# the scenario populated, then `prowler aws -s iam cloudtrail -f us-east-1` and
# `idgauge scan aws --region us-east-1 --format json` against the same account. Both tools read
# one region so the comparison is like for like.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${IDGAUGE_BENCH_DIR:-$root/../shared/bench}
dir=${IDG_BENCH_DIR:-/tmp/idgauge-bench}
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(shared federated large:2000 large:10000)

cargo build --release --locked --features aws-live --manifest-path "$root/Cargo.toml" >&2
export IDGAUGE="$root/target/release/idgauge scan aws --region us-east-1 --format json"
export IDG_BENCH_DIR=$dir

for s in "${scenarios[@]}"; do
  sc=${s%%:*}; n=; [[ $s == *:* ]] && n=${s#*:}
  echo "== $sc${n:+ ($n users)}" >&2
  "$bench/peers.sh" "$sc" $n >&2
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
