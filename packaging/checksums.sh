#!/usr/bin/env bash
# dist/SHA256SUMS, and the rule that every artifact's name carries the
# workspace version:
#   packaging/checksums.sh write   (re)write it over every file in dist/
#   packaging/checksums.sh check   verify the files against it
# Used by packaging/dist.sh, packaging/test-dist.sh and the release workflow
# (which writes it again over the artifacts of every job).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
v="$("$root/packaging/version.sh")"
cd "$root/dist"
case "${1:-}" in
  write)
    rm -f SHA256SUMS
    find . -type f ! -name 'SHA256SUMS*' | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS.tmp
    mv SHA256SUMS.tmp SHA256SUMS ;;
  check)
    [ -f SHA256SUMS ] || { echo "no dist/SHA256SUMS: run make dist-host (or make dist) first" >&2; exit 1; }
    sha256sum --quiet -c SHA256SUMS ;;
  *) echo "usage: packaging/checksums.sh write|check" >&2; exit 2 ;;
esac
while read -r _ f; do
  case "$f" in *"$v"*) ;; *) echo "dist/$f does not carry the version $v in its name" >&2; exit 1 ;; esac
done < SHA256SUMS
echo "dist/SHA256SUMS: $(wc -l < SHA256SUMS) artifacts, every name carries $v"
