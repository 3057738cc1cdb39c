#!/usr/bin/env bash
# Checks the tarballs packaging/node/build.sh wrote into dist/node/, without
# building anything:
#
#   packaging/node/test.sh [--host-only]
#
# 1. cdnsign-<v>.tgz plus this machine's platform tarball, installed offline
#    into an empty project, sign and verify a credential of every provider
#    (smoke.js) and report the workspace version.
# 2. cdnsign-<v>.tgz alone installs, and require('cdnsign') throws the error
#    that names the platform package it looked for.
# 3. Unless --host-only: each linux platform tarball in dist/node/ (after
#    `make dist-host` that is the host's only): package.json (name, os, cpu,
#    libc, main) and addon (ELF machine, libc it links, glibc symbol versions
#    no newer than 2.17). Addons for other machines or C libraries are
#    dlopen()ed by a small C program under their own dynamic linker where
#    this machine has one: x86_64 musl (Debian's musl, musl-dev), aarch64
#    glibc (qemu-aarch64-static, libc6-arm64-cross, zig as the compiler).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
host_only=0
case "${1:-}" in
--host-only) host_only=1 ;;
"") ;;
*) echo "usage: $0 [--host-only]" >&2; exit 2 ;;
esac

v="$("$root/packaging/version.sh")"
dist="$root/dist/node"
main_tgz="$dist/cdnsign-$v.tgz"
host="$(node -p "require('$root/bindings-node/loader.js').platformArchAbi()")"
host_tgz="$dist/cdnsign-$host-$v.tgz"
for f in "$main_tgz" "$host_tgz"; do
	[ -f "$f" ] || { echo "test.sh: $f is missing: run packaging/node/build.sh first" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/cdnsign-node-dist.XXXXXX")"
trap 'rm -rf "$work"' EXIT

new_project() {
	mkdir -p "$1"
	echo '{ "name": "app", "version": "1.0.0", "private": true }' >"$1/package.json"
}

# --offline: nothing may come from a registry. The main package's optional
# dependencies on the other platforms' packages cannot be fetched then; npm
# skips an optional dependency it fails to fetch (as it skips one whose
# os/cpu/libc do not match), so the install succeeds, and the host's
# dependency is met by the tarball named on the command line.
npm_install() {
	(cd "$1" && shift && npm install --offline --no-audit --no-fund --loglevel=error "$@")
}

echo "== $host: $(basename "$main_tgz") + $(basename "$host_tgz")"
app="$work/app"
new_project "$app"
npm_install "$app" "$main_tgz" "$host_tgz"
cp "$root/packaging/node/smoke.js" "$app/"
(cd "$app" && node smoke.js "$v")
[ ! -e "$app/node_modules/cdnsign/cdnsign.$host.node" ] || { echo "test.sh: the main package carries an addon" >&2; exit 1; }

echo "== $(basename "$main_tgz") alone: the missing platform package is named"
bare="$work/bare"
new_project "$bare"
npm_install "$bare" "$main_tgz"
(cd "$bare" && node -e '
const [pkg, host] = process.argv.slice(1)
try { require("cdnsign") } catch (e) {
  if (e.code !== "CDNSIGN_NO_NATIVE_BINDING" || !e.message.includes(pkg) || !e.message.includes(host)) throw e
  console.log(e.message); process.exit(0)
}
throw new Error("require(\"cdnsign\") loaded without " + pkg)
' "@cdnsign/$host" "$host")

[ "$host_only" = 1 ] && { echo "test.sh: host checks passed (--host-only)"; exit 0; }

# napi's dyn-symbols feature looks N-API up with dlsym only when Node
# registers the module, so an addon dlopen()s without a Node.
cat >"$work/probe.c" <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
  if (!dlsym(h, "napi_register_module_v1")) { fprintf(stderr, "no napi_register_module_v1\n"); return 1; }
  return 0;
}
EOF

zig_cc() {
	if command -v zig >/dev/null 2>&1; then zig cc "$@"; else python3 -m ziglang cc "$@"; fi
}

# Debian's musl-dev has no musl-gcc wrapper unless musl-tools is installed;
# its crt files and headers are enough for gcc. (zig's own musl is newer than
# Debian's and its programs need symbols the system loader lacks.)
probe_x64_musl() {
	local d=/usr/lib/x86_64-linux-musl out="$work/probe-x64-musl"
	if command -v musl-gcc >/dev/null 2>&1; then
		musl-gcc -o "$out" "$work/probe.c"
	elif [ -f "$d/crt1.o" ] && [ -e /lib/ld-musl-x86_64.so.1 ] && command -v gcc >/dev/null 2>&1; then
		gcc -nostdinc -isystem /usr/include/x86_64-linux-musl -isystem "$(gcc -print-file-name=include)" \
			-nostdlib -o "$out" "$d/crt1.o" "$d/crti.o" "$work/probe.c" -L"$d" -lc \
			"$(gcc -print-libgcc-file-name)" "$d/crtn.o" -Wl,-dynamic-linker,/lib/ld-musl-x86_64.so.1
	else
		echo "   skipped dlopen: no musl-gcc, nor musl-dev and /lib/ld-musl-x86_64.so.1 (apt-get install musl musl-dev)"
		return 0
	fi
	"$out" "$1"
	echo "   dlopen under /lib/ld-musl-x86_64.so.1: ok"
}

probe_arm64_gnu() {
	local sysroot=/usr/aarch64-linux-gnu out="$work/probe-arm64-gnu"
	if ! command -v qemu-aarch64-static >/dev/null 2>&1 || [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
		echo "   skipped dlopen: needs qemu-aarch64-static and $sysroot (apt-get install qemu-user-static libc6-arm64-cross)"
		return 0
	fi
	if ! zig_cc -target aarch64-linux-gnu.2.17 -o "$out" "$work/probe.c" 2>/dev/null; then
		echo "   skipped dlopen: no zig to compile for aarch64 (pip install ziglang)"
		return 0
	fi
	qemu-aarch64-static -L "$sysroot" "$out" "$1"
	echo "   dlopen under qemu-aarch64-static with $sysroot: ok"
}

fail=0
bad() { echo "   FAIL: $*"; fail=1; }

for platform in linux-x64-gnu linux-x64-musl linux-arm64-gnu linux-arm64-musl; do
	tgz="$dist/cdnsign-$platform-$v.tgz"
	echo "== $(basename "$tgz")"
	if [ ! -f "$tgz" ]; then
		[ "$platform" = "$host" ] && bad "missing"
		echo "   not in dist/node/ (make dist-host builds the host's only): skipped"
		continue
	fi
	dir="$work/unpacked/$platform"
	mkdir -p "$dir"
	tar -xzf "$tgz" -C "$dir"
	node - "$dir/package/package.json" "$platform" "$v" <<'EOF' || fail=1
const [file, platform, v] = process.argv.slice(2)
const p = require(file)
const [os, cpu, abi] = platform.split('-')
const want = {
  name: `@cdnsign/${platform}`, version: v, main: `cdnsign.${platform}.node`,
  os: [os], cpu: [cpu], libc: [abi === 'gnu' ? 'glibc' : 'musl'],
}
const got = Object.fromEntries(Object.keys(want).map((k) => [k, p[k]]))
for (const k of ['license', 'repository', 'engines']) if (!p[k]) got[k] = 'missing'
if (JSON.stringify(got) !== JSON.stringify(want)) {
  console.log(`   FAIL: package.json ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
  process.exit(1)
}
console.log(`   package.json: ${p.name}@${p.version} os=${p.os} cpu=${p.cpu} libc=${p.libc}`)
EOF
	node="$dir/package/cdnsign.$platform.node"
	[ -f "$node" ] || { bad "no $(basename "$node")"; continue; }
	machine="$(readelf -h "$node" | sed -n 's/^ *Machine: *//p')"
	case "$platform" in
	*-x64-*) want_machine="Advanced Micro Devices X86-64" ;;
	*-arm64-*) want_machine="AArch64" ;;
	esac
	[ "$machine" = "$want_machine" ] || bad "machine $machine, want $want_machine"
	needed="$(readelf -d "$node" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
	echo "   machine: $machine; needs: $needed; $(du -k "$node" | cut -f1) KiB"
	case "$platform" in
	*-musl)
		# musl's loader answers to libc.so (Debian, Rust) or libc.musl-<arch>.so.1 (Alpine)
		grep -Eq '(^| )(libc\.so|libc\.musl-[a-z0-9_]+\.so\.1)( |$)' <<<"$needed" || bad "does not link musl's libc"
		grep -q 'libc\.so\.6' <<<"$needed" && bad "links glibc's libc.so.6"
		[ "$(readelf -h "$node" | sed -n 's/^ *Type: *//p' | cut -d' ' -f1)" = DYN ] || bad "not a shared object"
		if [ "$platform" = linux-x64-musl ] && [ "$(uname -m)" = x86_64 ]; then
			probe_x64_musl "$node" || bad "dlopen under musl failed"
		else
			echo "   skipped dlopen: no aarch64 musl runtime (ld-musl-aarch64.so.1) to run under qemu-aarch64"
		fi
		;;
	*-gnu)
		highest="$(objdump -T "$node" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -1)"
		echo "   highest glibc symbol version: $highest"
		[ "$(printf '%s\n' "$highest" GLIBC_2.17 | sort -V | tail -1)" = GLIBC_2.17 ] || bad "needs $highest, newer than GLIBC_2.17"
		if [ "$platform" = linux-arm64-gnu ] && [ "$(uname -m)" = x86_64 ]; then
			probe_arm64_gnu "$node" || bad "dlopen under qemu failed"
		fi
		;;
	esac
done
[ "$fail" = 0 ] || { echo "test.sh: FAILED" >&2; exit 1; }
echo "test.sh: all checks passed"
