#!/usr/bin/env bash
# Builds the release artifacts into a fresh dist/ (`make dist`, `make dist-host`):
#   packaging/dist.sh all    Python sdist + manylinux_2_17/musllinux_1_2 wheels
#                            (x86_64, aarch64), the npm main package + four
#                            linux platform packages, C SDK tarballs (x86_64,
#                            aarch64 glibc)
#   packaging/dist.sh host   the same for x86_64-unknown-linux-gnu only
# then writes dist/SHA256SUMS and prints every artifact with its size.
# Tools: packaging/tools.sh installs what is missing; the Makefile runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mode="${1:-}"
case "$mode" in
  all)
    gnu=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu)
    musl=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl) ;;
  host)
    gnu=(x86_64-unknown-linux-gnu)
    musl=() ;;
  *) echo "usage: packaging/dist.sh all|host" >&2; exit 2 ;;
esac
start=$(date +%s)
rm -rf dist
mkdir -p dist
# zig (ziglang) and maturin live in the venv; cargo-zigbuild finds zig
# through `python3 -m ziglang`, so the venv's python has to come first.
export PATH="$root/.venv/bin:$PATH"

packaging/python/build.sh --sdist "${gnu[@]}" "${musl[@]}"
packaging/node/build.sh "${gnu[@]}" "${musl[@]}"
packaging/c/build.sh "${gnu[@]}"

v="$(packaging/version.sh)"
packaging/checksums.sh write

echo
printf '%-72s %10s\n' "artifact (dist/)" "bytes"
while read -r _ f; do
  printf '%-72s %10s\n' "$f" "$(stat -c %s "dist/$f")"
done < dist/SHA256SUMS
echo "dist ($mode) for cdnsign $v took $(( $(date +%s) - start )) s"
