#!/usr/bin/env bash
# Assembles the C SDK layout (what a libcdnsign-<v>-<triple>.tar.gz holds)
# from a cargo build of cdnsign-ffi: the header, the shared library under its
# real name with the SONAME and dev symlinks, the static library, and the
# pkg-config, CMake, README and licence files generated for it.
#
#   packaging/c/stage.sh --lib-dir DIR --native-static-libs "-lx -ly ..." \
#       [--triple TRIPLE] [--glibc X.Y] OUT_DIR
#
# --lib-dir holds libcdnsign.so and libcdnsign.a (target/<triple>/release).
# --native-static-libs is what `rustc --print native-static-libs` printed for
# that build. --triple defaults to the host's; --glibc is the glibc floor the
# library was built for, if any (only stated in the README). OUT_DIR must not
# exist or be empty. packaging/c/build.sh makes the tarballs with it; the C
# test suite (tests/c) stages its debug build with it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "packaging/c/stage.sh: $*" >&2; exit 1; }

lib_dir="" native="" triple="" glibc="" out=""
native_set=0
while [ $# -gt 0 ]; do
  case "$1" in
    --lib-dir) [ $# -ge 2 ] || die "--lib-dir needs a value"; lib_dir="$2"; shift 2 ;;
    --native-static-libs) [ $# -ge 2 ] || die "--native-static-libs needs a value"; native="$2"; native_set=1; shift 2 ;;
    --triple) [ $# -ge 2 ] || die "--triple needs a value"; triple="$2"; shift 2 ;;
    --glibc) [ $# -ge 2 ] || die "--glibc needs a value"; glibc="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$out" ] || die "one OUT_DIR only (got $out and $1)"; out="$1"; shift ;;
  esac
done
[ -n "$lib_dir" ] || die "--lib-dir is required (see --help)"
[ "$native_set" = 1 ] || die "--native-static-libs is required (see --help)"
[ -n "$out" ] || die "OUT_DIR is required (see --help)"
for f in libcdnsign.so libcdnsign.a; do
  [ -f "$lib_dir/$f" ] || die "no $f in $lib_dir: build cdnsign-ffi first"
done
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  die "$out exists and is not empty"
fi
[ -n "$triple" ] || triple="$(rustc -vV | sed -n 's/^host: //p')"
case "$triple" in
  x86_64-*-linux-gnu) arch=x86_64; processor_regex='^(x86_64|amd64|AMD64)$' ;;
  aarch64-*-linux-gnu) arch=aarch64; processor_regex='^(aarch64|arm64|ARM64)$' ;;
  *) die "unsupported target $triple: the SDK layout is for x86_64 and aarch64 Linux (glibc)" ;;
esac
[ -z "$glibc" ] || [[ "$glibc" =~ ^[0-9]+\.[0-9]+$ ]] || die "--glibc $glibc is not X.Y"

version="$("$root/packaging/version.sh")"
IFS=. read -r major minor _ <<<"$version"
header_version="$(sed -n 's/^#define CDNSIGN_VERSION "\(.*\)"$/\1/p' "$root/include/cdnsign.h")"
[ "$header_version" = "$version" ] || \
  die "include/cdnsign.h says $header_version, Cargo.toml $version: regenerate the header (cargo run -p cdnsign-ffi --example gen_header)"
soname="libcdnsign.so.$major"
realname="libcdnsign.so.$version"
# The SONAME is linked in by ffi/build.rs; the symlinks below must match it or
# the loader will not find the library programs ask for.
built_soname="$(readelf -d "$lib_dir/libcdnsign.so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')"
[ "$built_soname" = "$soname" ] || \
  die "$lib_dir/libcdnsign.so has SONAME '${built_soname:-none}', expected $soname (see ffi/build.rs)"

# -lpthread becomes CMake's Threads::Threads; anything but -l<name> would need
# its own translation for CMake, so it is refused rather than guessed at.
libs_private="" cmake_deps=""
for flag in $native; do
  [[ "$flag" =~ ^-l[A-Za-z0-9_.+-]+$ ]] || die "native static lib '$flag' is not -l<name>"
  libs_private="${libs_private:+$libs_private }$flag"
  name="${flag#-l}"
  [ "$name" = pthread ] && name=Threads::Threads
  cmake_deps="${cmake_deps:+$cmake_deps;}$name"
done

if [ -n "$glibc" ]; then
  built_for="Built with glibc $glibc as the floor: it runs on $arch Linux with glibc $glibc or newer."
else
  built_for="Built against the build machine's glibc (no older floor)."
fi
fill() {
  sed -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" -e "s|@MINOR@|$minor|g" \
      -e "s|@MAJOR_MINOR@|$major.$minor|g" -e "s|@TRIPLE@|$triple|g" -e "s|@ARCH@|$arch|g" \
      -e "s#@PROCESSOR_REGEX@#$processor_regex#g" -e "s|@SONAME@|$soname|g" \
      -e "s|@REALNAME@|$realname|g" -e "s|@STATIC_DEPS@|$cmake_deps|g" \
      -e "s|@LIBS_PRIVATE@|$libs_private|g" -e "s|@BUILT_FOR@|$built_for|g" \
      -e "s|@prefix@|\${pcfiledir}/../..|g" -e "s|@version@|$version|g" \
      -e "s|@libs_private@|$libs_private|g" "$1"
}

mkdir -p "$out/include" "$out/lib/pkgconfig" "$out/lib/cmake/cdnsign"
install -m 0644 "$root/include/cdnsign.h" "$out/include/cdnsign.h"
install -m 0755 "$lib_dir/libcdnsign.so" "$out/lib/$realname"
ln -sfn "$realname" "$out/lib/$soname"
ln -sfn "$soname" "$out/lib/libcdnsign.so"
install -m 0644 "$lib_dir/libcdnsign.a" "$out/lib/libcdnsign.a"
fill "$here/cdnsign.pc.in" > "$out/lib/pkgconfig/cdnsign.pc"
fill "$here/cdnsignConfig.cmake.in" > "$out/lib/cmake/cdnsign/cdnsignConfig.cmake"
fill "$here/cdnsignConfigVersion.cmake.in" > "$out/lib/cmake/cdnsign/cdnsignConfigVersion.cmake"
fill "$here/README.sdk.md" > "$out/README.md"
install -m 0644 "$root/LICENSE-APACHE" "$root/LICENSE-MIT" "$out/"
chmod 0644 "$out/lib/pkgconfig/cdnsign.pc" "$out/lib/cmake/cdnsign/"*.cmake "$out/README.md"
