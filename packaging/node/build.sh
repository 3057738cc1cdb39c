#!/usr/bin/env bash
# Builds the Node addons for the given Rust targets (release) and writes the
# npm tarballs into dist/node/:
#
#   packaging/node/build.sh x86_64-unknown-linux-gnu x86_64-unknown-linux-musl \
#                           aarch64-unknown-linux-gnu aarch64-unknown-linux-musl
#
#   dist/node/cdnsign-<v>.tgz                  JS and types, no addon
#   dist/node/cdnsign-<platform>-<v>.tgz       @cdnsign/<platform>, one per target
#
# Every target is cross-compiled with `napi build -x` (cargo-zigbuild), so one
# machine makes them all. glibc targets are linked against glibc 2.17 (the
# `.2.17` suffix, which only zig sees), so the addon loads on any glibc from
# 2.17 on; musl targets link musl dynamically, as Node on Alpine requires.
# zig comes from the `ziglang` pip package: set ZIG_VENV to a virtualenv that
# has it (default: the repository's .venv), or have `zig` on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 <rust-target>..." >&2; exit 2; }

v="$("$root/packaging/version.sh")"
pkg="$root/bindings-node"
out="$root/dist/node"
addons="$root/target/dist-node/addons"

venv="${ZIG_VENV:-$root/.venv}"
[ -d "$venv/bin" ] && export PATH="$venv/bin:$PATH"
export PATH="$HOME/.cargo/bin:$PATH"
command -v zig >/dev/null 2>&1 || python3 -m ziglang version >/dev/null 2>&1 || {
	echo "build.sh: no zig: pip install ziglang into $venv (or set ZIG_VENV)" >&2; exit 1; }

# The check also runs in the test suite; failing here avoids minutes of build.
pv="$(node -p "require('$pkg/package.json').version")"
[ "$pv" = "$v" ] || { echo "build.sh: bindings-node/package.json is $pv, the workspace is $v" >&2; exit 1; }

[ -d "$pkg/node_modules/@napi-rs/cli" ] || (cd "$pkg" && npm install --no-audit --no-fund --loglevel=error)

rm -rf "$addons" && mkdir -p "$addons"
for target in "$@"; do
	case "$target" in
	*-linux-gnu) zig_target="$target.2.17" ;;
	*) zig_target="$target" ;; # musl, or a glibc target with its own floor
	esac
	echo "build.sh: $zig_target" >&2
	# --no-js: bindings-node/index.js is our own loader; the index.d.ts it
	# writes is the same for every target, so the last one is kept.
	(cd "$pkg" && npx napi build --release -x --target "$zig_target" --platform --no-js \
		-o "$addons/${target%%.*}")
done

rm -f "$out"/cdnsign-*.tgz
mkdir -p "$out"
node "$root/packaging/node/assemble.js" --version "$v" --addons "$addons" --out "$out" >/dev/null
ls -l "$out"/*.tgz
