#!/usr/bin/env bash
# The long form of the parser fuzzing (issue 12, item 3; CI runs the short seeded pass in
# tests/fuzz as part of `cargo test`):
#   1. writes the seed corpus (every fixture, and results documents of fixture snapshots) in the
#      targets' NAME\nCONTENT format;
#   2. runs each coverage-guided libFuzzer target in fuzz/ (cargo-fuzz, nightly toolchain) for
#      FUZZ_SECS seconds (default 600), JOBS at a time (default 2), niced, with libFuzzer's RSS
#      and single-allocation limits on top of the harness's own memory bound;
#   3. sends a sample of each grown corpus (FUZZ_BINARY_RUNS per target, default 50) through
#      the real `idgauge` binary: exit code 0, 1 or 2 only, never a panic, errors name the file.
# Crashes land in fuzz/artifacts/TARGET/; logs and per-target figures in fuzz/logs/.
#   usage: scripts/fuzz.sh [TARGET...]     (default: every target)
#   needs: rustup's nightly toolchain and `cargo install cargo-fuzz --locked`
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECS:-600}
jobs=${JOBS:-2}
binary_runs=${FUZZ_BINARY_RUNS:-50}
all=(snapshot config results aws_export azure_export gcp_export directory)
if (($#)); then targets=("$@"); else targets=("${all[@]}"); fi

corpus=$PWD/fuzz/corpus
mkdir -p "$corpus" fuzz/logs
# The offline build is enough: every parser is in it.
IDGAUGE_FUZZ_CORPUS=$corpus cargo test --locked --no-default-features --test fuzz write_seed_corpus -- \
  --ignored --quiet

# Built once; the runs below call the binaries directly, so nothing rebuilds under them.
(cd fuzz && cargo +nightly fuzz build --release --debug-assertions --sanitizer none 2>&1 | tail -n 3)
bin=$PWD/fuzz/target/x86_64-unknown-linux-gnu/release

# Scratch files of the targets go to a directory of this run only.
scratch=$(mktemp -d /tmp/idgauge-fuzz-run.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

run() {
  local t=$1 start=$SECONDS
  # -max_len: above the largest fixture (64 KiB) with room for the mutator's huge strings;
  # -rss_limit_mb / -malloc_limit_mb: a hard stop under the harness's own relative bound.
  mkdir -p "fuzz/artifacts/$t"
  TMPDIR=$scratch nice "$bin/$t" "$corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
    -max_total_time="$secs" -max_len=524288 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -timeout=30 -print_final_stats=1 \
    >"fuzz/logs/$t.log" 2>&1 || echo "$t: FAILED (see fuzz/logs/$t.log, fuzz/artifacts/$t)"
  # The figures: executions, coverage, corpus.
  local execs cov corp
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "fuzz/logs/$t.log" | tail -n1 | grep -o '[0-9]*' || echo "?")
  corp=$(ls "$corpus/$t" | wc -l)
  echo "$t: $((SECONDS - start))s, $execs executions, coverage $cov edges, corpus $corp inputs" | tee "fuzz/logs/$t.summary"
}

running=0
for t in "${targets[@]}"; do
  run "$t" &
  running=$((running + 1))
  if (( running >= jobs )); then
    wait -n
    running=$((running - 1))
  fi
done
wait

IDGAUGE_FUZZ_CORPUS=$corpus IDGAUGE_FUZZ_BINARY_RUNS=$binary_runs \
  nice cargo test --locked --no-default-features --test fuzz binary_exit_codes_on_fuzz_corpus -- \
  --ignored --nocapture
cat fuzz/logs/*.summary
if compgen -G "fuzz/artifacts/*/*" >/dev/null; then
  ls fuzz/artifacts/*/*
  echo "crashes found (above)"
  exit 1
fi
echo "no crashes"
