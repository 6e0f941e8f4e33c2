#!/usr/bin/env bash
# The whole test suite, as README.md documents it and .ci/run calls it. Needs only Rust, Python 3
# and curl; it sets up the rest itself:
#   - headless Chromium (Debian package `chromium`, apt-get as root) when missing, for the HTML
#     report test, which must not skip here;
#   - OpenLDAP's slapd (Debian package `slapd`, apt-get as root) when missing, for the live
#     directory tests (tests/ldap_live.rs), which start their own seeded server on 127.0.0.1 in a
#     temporary directory and must not skip here;
#   - the moto AWS emulator (scripts/moto.sh: pinned PyPI packages in a venv under
#     /tmp/idgauge-moto), started on 127.0.0.1 with its run state in a fresh directory under
#     /tmp/idgauge-moto (so concurrent runs do not meet), and stopped on exit.
# Then: every test target with the default features (the live collector included), and the
# library and CLI tests of the offline-only build (--no-default-features).
#   usage: scripts/test.sh [CARGO TEST ARGS]   arguments go to the default-features run, and the
#          offline run is then skipped (e.g. scripts/test.sh --test aws_live)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export IDGAUGE_REQUIRE_CHROMIUM=1
if [[ ! -x /usr/sbin/slapd ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends slapd >/dev/null
fi
export IDGAUGE_REQUIRE_SLAPD=1
mkdir -p /tmp/idgauge-moto
IDGAUGE_MOTO_DIR=$(mktemp -d /tmp/idgauge-moto/run.XXXXXX)
export IDGAUGE_MOTO_DIR
trap 'scripts/moto.sh stop >/dev/null 2>&1 || true; rm -rf "$IDGAUGE_MOTO_DIR"' EXIT
# IDGAUGE_MOTO_URL, IDGAUGE_MOTO_DIR, IDGAUGE_MOTO_PYTHON for the tests.
while IFS= read -r line; do export "${line?}"; done < <(scripts/moto.sh start)
[[ -n ${IDGAUGE_MOTO_URL:-} ]] || { echo "moto did not start" >&2; exit 1; }
cargo test --locked --all-targets "$@"
if [[ $# -eq 0 ]]; then
  cargo test --locked --no-default-features --lib --bins --test cli
fi
