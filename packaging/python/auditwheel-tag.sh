#!/usr/bin/env bash
# Fails unless `auditwheel show` reads TAG off the wheel's contents:
#   packaging/python/auditwheel-tag.sh WHEEL TAG
# build.sh runs it on each wheel it makes, test.sh on each wheel in dist/.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: packaging/python/auditwheel-tag.sh WHEEL TAG" >&2; exit 2; }
wheel="$1" tag="$2"
# auditwheel wraps its lines at word boundaries: compare with spaces folded.
shown="$(auditwheel show "$wheel" 2>&1 | tr -s ' \n' ' ')"
case "$shown" in
  *"consistent with the following platform tag: \"$tag\""*) echo "auditwheel: $(basename "$wheel") is $tag" ;;
  *) echo "auditwheel does not confirm $tag for $(basename "$wheel"):" >&2; echo "$shown" >&2; exit 1 ;;
esac
