#!/usr/bin/env bash
# The whole test suite, as README.md documents it and .ci/run calls it. Sets up what the tests
# need itself; every service it starts listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets "$@"
