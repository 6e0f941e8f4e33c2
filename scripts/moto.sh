#!/usr/bin/env bash
# moto for the live-collector tests (tests/aws_live.rs), through the bench scripts.
#   scripts/moto.sh start   # prints IDGAUGE_MOTO_URL=http://127.0.0.1:PORT
#   scripts/moto.sh stop
# State (venv, pid, port, log) lives in $IDG_BENCH_DIR (default /tmp/idgauge-test-moto), so it
# does not clash with a benchmark moto. Bench scripts: $IDGAUGE_BENCH_DIR (default ../shared/bench beside the repository).
set -euo pipefail
export IDG_BENCH_DIR=${IDG_BENCH_DIR:-/tmp/idgauge-test-moto}
bench=${IDGAUGE_BENCH_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/bench}
case ${1:-start} in
  start)
    bash "$bench/start_moto.sh" >&2
    echo "IDGAUGE_MOTO_URL=http://127.0.0.1:$(cat "$IDG_BENCH_DIR/moto.port")"
    ;;
  stop) bash "$bench/stop_moto.sh" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
