#!/usr/bin/env bash
# Tests what `make dist` or `make dist-host` left in dist/ (`make test-dist`):
# checksums, one version in every name, then each language's artifacts
# installed the way a user installs them (packaging/{python,node,c}/test.sh).
# Each of those tests every artifact present: after dist-host that is the
# x86_64 glibc set, after dist also the aarch64 and musl ones.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f dist/SHA256SUMS ] || { echo "no dist/SHA256SUMS: run make dist-host (or make dist) first" >&2; exit 1; }
export PATH="$root/.venv/bin:$PATH"
start=$(date +%s)
v="$(packaging/version.sh)"

(cd dist && sha256sum --quiet -c SHA256SUMS)
while read -r _ f; do
  case "$f" in *"$v"*) ;; *) echo "dist/$f does not carry the version $v" >&2; exit 1 ;; esac
done < dist/SHA256SUMS
echo "test-dist: $(wc -l < dist/SHA256SUMS) artifacts match SHA256SUMS and carry $v"

packaging/python/test.sh
packaging/node/test.sh
packaging/c/test.sh
echo "test-dist: passed in $(( $(date +%s) - start )) s"
