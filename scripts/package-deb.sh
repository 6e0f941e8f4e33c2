#!/usr/bin/env bash
# Builds the Debian package target/debian/idgauge_<version>-1_<arch>.deb with cargo-deb: the
# binary, the manual pages (one per command), bash/zsh/fish completions and the README, as
# [package.metadata.deb] in Cargo.toml lists them. cargo-deb takes files, so the man pages and
# completions are generated here from the freshly built binary into target/deb-assets/.
#
#   scripts/package-deb.sh                      # release build, default features
#   IDGAUGE_DEB_FEATURES=... scripts/package-deb.sh      # extra Cargo features (the default build has the live collectors)
#   IDGAUGE_DEB_PROFILE=dev scripts/package-deb.sh         # quicker, unoptimised (tests)
#
# Needs cargo-deb (`cargo install --locked cargo-deb --version 3.8.0`).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${IDGAUGE_DEB_PROFILE:-release}
features=${IDGAUGE_DEB_FEATURES:-}
feature_args=()
if [ -n "$features" ]; then feature_args=(--features "$features"); fi

cargo build --locked --profile "$profile" --bin idgauge "${feature_args[@]}"
case "$profile" in dev) outdir=debug ;; *) outdir=$profile ;; esac
bin=${CARGO_TARGET_DIR:-target}/$outdir/idgauge

# Paths as Cargo.toml's assets name them (relative to the repository).
assets=target/deb-assets
rm -rf "$assets"
mkdir -p "$assets/man" "$assets/completions"
"$bin" man --dir "$assets/man"
# Debian policy: manual pages compressed, reproducibly (-n: no name or time in the header).
gzip -9n "$assets"/man/*.1
"$bin" completions bash >"$assets/completions/idgauge"
"$bin" completions zsh >"$assets/completions/_idgauge"
"$bin" completions fish >"$assets/completions/idgauge.fish"

cargo deb --no-build --locked --profile "$profile" "${feature_args[@]}" ${IDGAUGE_DEB_FAST:+--fast}
