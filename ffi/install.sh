#!/usr/bin/env bash
# Installs libcdnsign (shared and static), include/cdnsign.h and a cdnsign.pc
# for pkg-config under PREFIX.
#
#   ffi/install.sh [--prefix DIR] [--from TARGET_PROFILE_DIR]
#
# --prefix defaults to /usr/local. Without --from it runs
# `cargo build --release -p cdnsign-ffi` and installs from target/release;
# with --from it installs an existing build (the C test suite installs the
# debug build into a scratch prefix this way and compiles against it with
# pkg-config). The version comes from the workspace Cargo.toml.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$from" ]; then
  (cd "$root" && cargo build --release -p cdnsign-ffi)
  from="${CARGO_TARGET_DIR:-$root/target}/release"
fi
version="$(awk '/^\[workspace.package\]/{s=1;next} /^\[/{s=0} s && $1=="version"{gsub(/"/,"",$3); print $3; exit}' "$root/Cargo.toml")"
[ -n "$version" ] || { echo "no [workspace.package] version in Cargo.toml" >&2; exit 1; }
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0644 "$root/include/cdnsign.h" "$prefix/include/cdnsign.h"
# No SONAME is set (a Rust cdylib has none): programs record libcdnsign.so.
install -m 0755 "$from/libcdnsign.so" "$prefix/lib/libcdnsign.so"
install -m 0644 "$from/libcdnsign.a" "$prefix/lib/libcdnsign.a"
sed -e "s|@prefix@|$prefix|" -e "s|@libdir@|$prefix/lib|" \
    -e "s|@includedir@|$prefix/include|" -e "s|@version@|$version|" \
    "$root/ffi/cdnsign.pc.in" > "$prefix/lib/pkgconfig/cdnsign.pc"
echo "installed cdnsign $version into $prefix"
