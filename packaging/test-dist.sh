#!/usr/bin/env bash
# Tests what `make dist` or `make dist-host` left in dist/ (`make test-dist`):
# checksums, one version in every name, then each language's artifacts
# installed the way a user installs them (packaging/{python,node,c}/test.sh).
# Each of those tests every artifact present: after dist-host that is the
# x86_64 glibc set, after dist also the aarch64 and musl ones.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/.venv/bin:$PATH"
start=$(date +%s)
packaging/checksums.sh check

packaging/python/test.sh
packaging/node/test.sh
packaging/c/test.sh
echo "test-dist: passed in $(( $(date +%s) - start )) s"
