#!/usr/bin/env bash
# The moto AWS emulator for the live-collector tests and benchmarks, on 127.0.0.1 only.
#
#   scripts/moto.sh install    # the venv only; prints its python
#   scripts/moto.sh start      # prints IDGAUGE_MOTO_URL=..., IDGAUGE_MOTO_DIR=..., IDGAUGE_MOTO_PYTHON=...
#   scripts/moto.sh stop       # stops the moto of $IDGAUGE_MOTO_DIR (by its pid file)
#
# What it installs, and where: a Python venv at $IDGAUGE_MOTO_VENV (default
# /tmp/idgauge-moto/venv-<hash of tests/harness/requirements.txt>) with the pinned PyPI packages of
# tests/harness/requirements.txt (moto[server], boto3, awscli), once; nothing else. moto runs as
# tests/harness/moto_server.py (moto plus what it does not model; see that file).
# Run state lives in $IDGAUGE_MOTO_DIR (default /tmp/idgauge-moto/run): moto.pid, moto.port,
# moto.log (one line per HTTP request), root-state.json (the root user, per account),
# recording.jsonl (moto's own request recorder, off until a test starts it: every request with its
# headers and body, which tests/aws_live.rs checks for anything but reads).
# MOTO_IAM_LOAD_MANAGED_POLICIES (default true) is passed on: false spares every account the
# ~1,300 AWS managed policies (scripts/bench-org.sh, whose members attach none).
# Set MOTO_FAKETIME=1 (needs Debian's faketime) to let populate.py backdate what it creates through
# the clock offset in $IDGAUGE_MOTO_DIR/moto.faketime.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
req=$root/tests/harness/requirements.txt
base=/tmp/idgauge-moto
venv=${IDGAUGE_MOTO_VENV:-$base/venv-$(sha256sum "$req" | cut -c1-12)}
dir=${IDGAUGE_MOTO_DIR:-$base/run}

install() {
  [[ -x $venv/bin/moto_server && -f $venv/.complete ]] && return
  command -v python3 >/dev/null || { echo "scripts/moto.sh needs python3 (with venv)" >&2; exit 2; }
  echo "installing moto into $venv (pinned: $(grep -v '^#' "$req" | tr '\n' ' '))" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
  touch "$venv/.complete"
}

free_port() {
  "$venv/bin/python" -c '
import socket, random
for p in random.sample(range(5055, 5555), 500):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()'
}

start() {
  install
  mkdir -p "$dir"
  if [[ -f $dir/moto.pid ]] && kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null; then
    echo "moto already running in $dir" >&2
  else
    [[ -f $dir/root-state.json ]] || echo '{}' >"$dir/root-state.json"
    local preload=()
    if [[ ${MOTO_FAKETIME:-0} == 1 ]]; then
      local lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
      [[ -f $lib ]] || { echo "MOTO_FAKETIME=1 needs: apt-get install faketime" >&2; exit 2; }
      echo "+0d" >"$dir/moto.faketime"
      preload=(env "LD_PRELOAD=$lib" "FAKETIME_TIMESTAMP_FILE=$dir/moto.faketime" FAKETIME_CACHE_DURATION=1)
    fi
    local up=
    # Another run may take the port between the probe and moto's bind: try a few.
    for _ in 1 2 3 4 5; do
      local port; port=$(free_port)
      : >"$dir/moto.log"
      MOTO_IAM_LOAD_MANAGED_POLICIES=${MOTO_IAM_LOAD_MANAGED_POLICIES:-true} IDGAUGE_MOTO_ROOT_STATE=$dir/root-state.json \
        MOTO_RECORDER_FILEPATH=$dir/recording.jsonl \
        nohup "${preload[@]}" "$venv/bin/python" "$root/tests/harness/moto_server.py" \
        -H 127.0.0.1 -p "$port" >>"$dir/moto.log" 2>&1 &
      echo $! >"$dir/moto.pid"
      echo "$port" >"$dir/moto.port"
      for _ in $(seq 150); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; then up=1; break; fi
        kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null || break
        sleep 0.2
      done
      [[ -n $up ]] && break
      stop >/dev/null 2>&1 || true
    done
    [[ -n $up ]] || { echo "moto did not start; see $dir/moto.log" >&2; tail -20 "$dir/moto.log" >&2; exit 1; }
  fi
  echo "IDGAUGE_MOTO_URL=http://127.0.0.1:$(cat "$dir/moto.port")"
  echo "IDGAUGE_MOTO_DIR=$dir"
  echo "IDGAUGE_MOTO_PYTHON=$venv/bin/python"
}

stop() {
  [[ -f $dir/moto.pid ]] || return 0
  local pid; pid=$(cat "$dir/moto.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/moto.pid"
}

case ${1:-start} in
  install) install; echo "$venv/bin/python" ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
