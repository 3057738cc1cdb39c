#!/usr/bin/env bash
# Installs a libcdnsign C SDK into a prefix: the header, the shared library
# with its SONAME and dev symlinks, the static library, cdnsign.pc (with an
# absolute prefix) and the CMake package, plus the README and licences under
# share/doc/cdnsign.
#
#   ffi/install.sh [--prefix DIR] SDK
#
# SDK is a tarball from packaging/c/build.sh
# (dist/c/libcdnsign-<version>-<triple>.tar.gz) or a directory with that
# layout (an unpacked tarball, or the output of packaging/c/stage.sh, which
# is how the C test suite installs its debug build). --prefix defaults to
# /usr/local. Nothing is built here: run packaging/c/build.sh first.
set -euo pipefail
die() { echo "ffi/install.sh: $*" >&2; exit 1; }

prefix=/usr/local
sdk=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; prefix="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    --from) die "--from is gone: stage or build an SDK (packaging/c/stage.sh, packaging/c/build.sh) and pass it as SDK" ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$sdk" ] || die "one SDK only (got $sdk and $1)"; sdk="$1"; shift ;;
  esac
done
[ -n "$sdk" ] || die "no SDK given: ffi/install.sh [--prefix DIR] dist/c/libcdnsign-<version>-<triple>.tar.gz (see --help)"
[ -e "$sdk" ] || die "$sdk does not exist"
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac

if [ -f "$sdk" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$sdk" -C "$tmp" || die "$sdk is not a gzipped tarball"
  tops=("$tmp"/*)
  [ "${#tops[@]}" = 1 ] && [ -d "${tops[0]}" ] || die "$sdk does not hold one top directory"
  src="${tops[0]}"
else
  src="$sdk"
fi
for f in include/cdnsign.h lib/libcdnsign.a lib/pkgconfig/cdnsign.pc \
         lib/cmake/cdnsign/cdnsignConfig.cmake lib/cmake/cdnsign/cdnsignConfigVersion.cmake; do
  [ -f "$src/$f" ] || die "$sdk has no $f: not a libcdnsign SDK"
done
realname="$(cd "$src/lib" && ls libcdnsign.so.*.*.* 2>/dev/null)" || true
[ -n "$realname" ] && [ "$(wc -w <<<"$realname")" = 1 ] || \
  die "$sdk/lib must hold exactly one libcdnsign.so.X.Y.Z"
soname="$(readlink "$src/lib/libcdnsign.so")"
[ "$(readlink "$src/lib/$soname")" = "$realname" ] || \
  die "$sdk/lib: libcdnsign.so -> $soname -> $realname symlinks are broken"

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/cdnsign" "$prefix/share/doc/cdnsign"
install -m 0644 "$src/include/cdnsign.h" "$prefix/include/cdnsign.h"
install -m 0755 "$src/lib/$realname" "$prefix/lib/$realname"
ln -sfn "$realname" "$prefix/lib/$soname"
ln -sfn "$soname" "$prefix/lib/libcdnsign.so"
install -m 0644 "$src/lib/libcdnsign.a" "$prefix/lib/libcdnsign.a"
# The SDK's prefix is relative to the .pc file; an installed one names the
# prefix, as pkg-config users and tools such as meson expect.
sed -e '/^#/d' -e "s|^prefix=.*|prefix=$prefix|" "$src/lib/pkgconfig/cdnsign.pc" \
  > "$prefix/lib/pkgconfig/cdnsign.pc"
chmod 0644 "$prefix/lib/pkgconfig/cdnsign.pc"
# The CMake files compute every path from their own location: copied as is.
install -m 0644 "$src/lib/cmake/cdnsign/"*.cmake "$prefix/lib/cmake/cdnsign/"
for f in README.md LICENSE-APACHE LICENSE-MIT; do
  [ ! -f "$src/$f" ] || install -m 0644 "$src/$f" "$prefix/share/doc/cdnsign/$f"
done
version="$(sed -n 's/^Version: //p' "$src/lib/pkgconfig/cdnsign.pc")"
echo "installed cdnsign $version ($realname) into $prefix"
