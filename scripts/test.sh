#!/usr/bin/env bash
# The whole test suite, as README.md documents it and .ci/run calls it. It sets up what the tests
# need itself: the moto AWS emulator (PyPI moto[server] in a venv under $IDG_BENCH_DIR, started
# on 127.0.0.1 only through ../shared/bench) for the live-collector tests, stopped on exit; and
# headless Chromium (Debian package) for the HTML report test, which must not skip here.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export IDGAUGE_REQUIRE_CHROMIUM=1
export IDG_BENCH_DIR=${IDG_BENCH_DIR:-/tmp/idgauge-test-moto}
export IDGAUGE_BENCH_DIR=${IDGAUGE_BENCH_DIR:-$(pwd)/../shared/bench}
url=$(scripts/moto.sh start | sed -n 's/^IDGAUGE_MOTO_URL=//p')
trap 'scripts/moto.sh stop >/dev/null 2>&1 || true' EXIT
export IDGAUGE_MOTO_URL=$url
cargo test --locked --all-targets --features aws-live "$@"
