#!/usr/bin/env bash
# Prints the workspace version, the one source of truth for every artifact
# name and every version string ([workspace.package] in Cargo.toml).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
v="$(awk '/^\[workspace.package\]/{s=1;next} /^\[/{s=0} s && $1=="version"{gsub(/"/,"",$3); print $3; exit}' "$root/Cargo.toml")"
[ -n "$v" ] || { echo "packaging/version.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
echo "$v"
