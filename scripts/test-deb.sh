#!/usr/bin/env bash
# Builds the Debian package (scripts/package-deb.sh) and checks it installed: extracted with
# `dpkg -x` and installed with `dpkg --root` into temporary roots, the installed binary runs an
# assessment and reports its build, and the manual pages and completions are where the shells
# and man look and parse. Kept out of scripts/test.sh: it needs cargo-deb, whose first install
# here took 4.5 minutes (`cargo install --locked cargo-deb`), plus a release build.
#
#   scripts/test-deb.sh                      # release build, as shipped
#   IDGAUGE_DEB_PROFILE=dev scripts/test-deb.sh   # quicker check of the packaging itself
#                                     # (cargo-deb 3.8 warns that dev is deprecated)
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_DEB_VERSION=3.8.0
if ! cargo deb --version >/dev/null 2>&1; then
  echo "test-deb: installing cargo-deb $CARGO_DEB_VERSION" >&2
  cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION"
fi
for tool in dpkg dpkg-deb groff; do
  command -v "$tool" >/dev/null || { echo "test-deb: $tool is required" >&2; exit 2; }
done

IDGAUGE_DEB_FAST=${IDGAUGE_DEB_FAST-1} scripts/package-deb.sh
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
deb=$(ls -t target/debian/idgauge_"$version"-*.deb | head -1)
echo "test-deb: $deb ($(du -h "$deb" | cut -f1))"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

dpkg-deb --field "$deb" Package | grep -qx idgauge || fail "package name"
dpkg-deb --field "$deb" Version | grep -q "^$version-" || fail "package version"

# 1. Extracted.
x=$work/x
dpkg -x "$deb" "$x"
for f in usr/bin/idgauge usr/share/man/man1/idgauge.1.gz usr/share/man/man1/idgauge-assess.1.gz \
  usr/share/bash-completion/completions/idgauge usr/share/zsh/vendor-completions/_idgauge \
  usr/share/fish/vendor_completions.d/idgauge.fish usr/share/doc/idgauge/README.md; do
  [ -s "$x/$f" ] || fail "$f missing or empty"
done

# 2. Installed through dpkg into an empty root (its own database; libc is not in it).
r=$work/root
mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates"
touch "$r/var/lib/dpkg/status" "$r/var/lib/dpkg/available"
dpkg --root="$r" --force-depends --force-script-chrootless --log=/dev/null -i "$deb" \
  >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
dpkg --root="$r" -s idgauge | grep -qx 'Status: install ok installed' || fail "dpkg status"
dpkg --root="$r" -L idgauge | grep -qx /usr/bin/idgauge || fail "dpkg -L"
bin=$r/usr/bin/idgauge

"$bin" --version | grep -q "^idgauge $version$" || fail "--version"
"$bin" --version | grep -Eq '^rules: sha256:[0-9a-f]{64}$' || fail "--version rules digest"
out=$("$bin" assess --format json --as-of 2026-11-27 fixtures/snapshots/aws/level3.json)
grep -q '"overall_level": 3' <<<"$out" || fail "installed binary's assessment"

# Manual pages render without a warning.
for page in "$r"/usr/share/man/man1/*.1.gz; do
  warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1) || fail "groff $page"
  [ -z "$warnings" ] || fail "groff $page: $warnings"
done
if command -v man >/dev/null; then
  man -l "$r/usr/share/man/man1/idgauge.1.gz" 2>/dev/null | grep -q "idgauge-assess" || fail "man -l"
fi
# Completions parse in their shells (zsh and fish when installed).
bash -n "$r/usr/share/bash-completion/completions/idgauge" || fail "bash completion"
bash -c "source '$r/usr/share/bash-completion/completions/idgauge' && complete -p idgauge" >/dev/null ||
  fail "bash completion does not register"
if command -v zsh >/dev/null; then zsh -n "$r/usr/share/zsh/vendor-completions/_idgauge" || fail "zsh completion"; fi
if command -v fish >/dev/null; then
  fish --no-execute "$r/usr/share/fish/vendor_completions.d/idgauge.fish" || fail "fish completion"
fi
echo "test-deb: $(basename "$deb") builds, installs and runs"
