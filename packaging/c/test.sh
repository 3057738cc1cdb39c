#!/usr/bin/env bash
# Tests the C SDK tarballs in dist/c (from packaging/c/build.sh).
#
#   packaging/c/test.sh [--host-only]
#
# Every tarball: its name carries packaging/version.sh's version; the layout
# is complete; the libraries are for the tarball's machine; the SONAME is
# libcdnsign.so.<major> and the symlinks lead to the real file; no glibc
# symbol newer than 2.17 is needed; only cdnsign_* symbols are exported.
# The x86_64 tarball (on an x86_64 host): smoke.c and smoke.cpp
# (packaging/c/smoke/) built with CMake's find_package against the shared
# and the static library, and smoke.c built with pkg-config, shared and
# static; each must sign and verify a credential of every provider. The
# shared programs run with only the real file and the libcdnsign.so.<major>
# link on LD_LIBRARY_PATH, so the loader has to resolve the SONAME.
# The aarch64 tarball: smoke.c cross-compiled with zig against the shared and
# the static library, run under qemu-aarch64-static (skipped, with a
# message, when qemu is not installed).
# --host-only tests the x86_64 tarball alone (and requires it).
#
# Needs cmake, pkg-config, a C and a C++ compiler, binutils (readelf, nm).
set -euo pipefail
# With pipefail, `cmd | grep -q` fails at random: grep exits at the first
# match and `cmd`, still writing (ldd of a C++ program), dies of SIGPIPE.
# Output is captured first (`grep -q ... <<<"$(cmd)"`).
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "packaging/c/test.sh: $*" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }

host_only=0
case "${1:-}" in
  "") ;;
  --host-only) host_only=1 ;;
  -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
  *) die "unknown argument $1 (see --help)" ;;
esac
[ $# -le 1 ] || die "too many arguments (see --help)"
for tool in cmake pkg-config cc c++ readelf nm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install cmake pkg-config g++ binutils)"
done

version="$("$root/packaging/version.sh")"
IFS=. read -r major minor _ <<<"$version"
soname="libcdnsign.so.$major"
realname="libcdnsign.so.$version"
glibc_floor="${CDNSIGN_GLIBC:-2.17}"
host_arch="$(uname -m)"
dist="$root/dist/c"

shopt -s nullglob
tarballs=("$dist"/libcdnsign-*.tar.gz)
shopt -u nullglob
[ "${#tarballs[@]}" -gt 0 ] || die "no tarballs in dist/c: run packaging/c/build.sh x86_64-unknown-linux-gnu first"
if [ "$host_only" = 1 ]; then
  host_tarball="$dist/libcdnsign-$version-x86_64-unknown-linux-gnu.tar.gz"
  [ -f "$host_tarball" ] || die "no $(basename "$host_tarball") in dist/c: run packaging/c/build.sh x86_64-unknown-linux-gnu"
  tarballs=("$host_tarball")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What every smoke program prints after its first line.
expected_body="cloudfront signed url: signed, verified, expired refused
stream token: signed, verified, expired refused
stream webhook: signed, verified, expired refused
mediacdn signed url: signed, verified, expired refused
cloudcdn signed url: signed, verified, expired refused"

# check_output LABEL LANG OUTPUT
check_output() {
  local want
  want="cdnsign $version ($2, header $version)
$expected_body"
  if [ "$3" != "$want" ]; then
    printf 'expected:\n%s\ngot:\n%s\n' "$want" "$3" >&2
    fail "$1: unexpected output"
  fi
  echo "ok   $1: cdnsign_version() = CDNSIGN_VERSION = $version, 5 providers signed and verified"
}

# needed LIBRARY_OR_PROGRAM: its NEEDED entries, one a line.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'; }

check_not_linked_to_shared() {
  if grep -q '^libcdnsign' <<<"$(needed "$1")"; then
    fail "$1 is static but needs $(needed "$1" | grep '^libcdnsign')"
  fi
}

check_layout() {  # SDK TRIPLE
  local sdk="$1" triple="$2" machine f elf_machines glibc_max exports
  case "$triple" in
    x86_64-*) machine="Advanced Micro Devices X86-64" ;;
    aarch64-*) machine="AArch64" ;;
    *) fail "$triple: no machine known for it" ;;
  esac
  for f in include/cdnsign.h "lib/$realname" lib/libcdnsign.a lib/pkgconfig/cdnsign.pc \
           lib/cmake/cdnsign/cdnsignConfig.cmake lib/cmake/cdnsign/cdnsignConfigVersion.cmake \
           README.md LICENSE-APACHE LICENSE-MIT; do
    [ -f "$sdk/$f" ] && [ ! -L "$sdk/$f" ] || fail "$triple: no file $f"
  done
  [ "$(readlink "$sdk/lib/$soname")" = "$realname" ] || fail "$triple: lib/$soname does not link to $realname"
  [ "$(readlink "$sdk/lib/libcdnsign.so")" = "$soname" ] || fail "$triple: lib/libcdnsign.so does not link to $soname"
  cmp -s "$sdk/include/cdnsign.h" "$root/include/cdnsign.h" || fail "$triple: include/cdnsign.h differs from the committed header"
  grep -qx "Version: $version" "$sdk/lib/pkgconfig/cdnsign.pc" || fail "$triple: cdnsign.pc does not say Version: $version"
  grep -q '^Libs.private: -l' "$sdk/lib/pkgconfig/cdnsign.pc" || fail "$triple: cdnsign.pc has no Libs.private"

  grep -q "Machine: *$machine\$" <<<"$(readelf -h "$sdk/lib/$realname")" || fail "$triple: $realname is not $machine"
  elf_machines="$(readelf -h "$sdk/lib/libcdnsign.a" | sed -n 's/^ *Machine: *//p' | sort | uniq -c)"
  [ "$(wc -l <<<"$elf_machines")" = 1 ] && grep -q " $machine\$" <<<"$elf_machines" || \
    fail "$triple: libcdnsign.a objects are for: $elf_machines"
  [ "$(readelf -d "$sdk/lib/$realname" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" = "$soname" ] || \
    fail "$triple: SONAME of $realname is not $soname"
  glibc_max="$(readelf -V -W "$sdk/lib/$realname" | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/Name: GLIBC_//' | sort -uV | tail -n 1)"
  [ -n "$glibc_max" ] || fail "$triple: no GLIBC symbol versions found"
  [ "$(printf '%s\n%s\n' "$glibc_max" "$glibc_floor" | sort -V | tail -n 1)" = "$glibc_floor" ] || \
    fail "$triple: needs GLIBC_$glibc_max, newer than the $glibc_floor floor"
  exports="$(nm -D --defined-only "$sdk/lib/$realname" | awk '{print $3}')"
  [ -n "$exports" ] || fail "$triple: nm found no exported symbols"
  if [ -n "$(grep -v '^cdnsign_' <<<"$exports")" ]; then
    fail "$triple: exports beyond cdnsign_*: $(grep -v '^cdnsign_' <<<"$exports" | head -5 | tr '\n' ' ')"
  fi
  echo "ok   $triple layout: $machine (.so and all $(grep -o '^ *[0-9]*' <<<"$elf_machines" | tr -d ' ') objects of the .a)," \
       "SONAME $soname, symlinks, highest GLIBC_$glibc_max (floor $glibc_floor), $(wc -l <<<"$exports") exports all cdnsign_*"
}

# cdnsignConfigVersion.cmake through real find_package calls (a project with
# no language, so each configure takes a moment): which requests accept this
# version. With 0.x, another minor release is another ABI.
check_find_versions() {  # SDK
  local sdk="$1" req want proj="$work/find-version" accepted refused
  mkdir -p "$proj"
  printf '%s\n' 'cmake_minimum_required(VERSION 3.19)' 'project(find_version LANGUAGES NONE)' \
    'find_package(cdnsign ${REQ} CONFIG REQUIRED)' > "$proj/CMakeLists.txt"
  local cases="=yes $major.$minor=yes $version=yes $major.$minor...$major.$((minor + 1))=yes
    $major.$((minor + 1))=no $major.$minor.$((${version##*.} + 1))=no $((major + 1))=no"
  [ "$major" = 0 ] && cases="$cases 0=yes" || cases="$cases $major=yes"
  [ "$major" = 0 ] && [ "$minor" -gt 0 ] && cases="$cases 0.$((minor - 1))=no"
  accepted="" refused=""
  for c in $cases; do
    req="${c%=*}" want="${c##*=}"
    rm -rf "$proj/build"
    if cmake -S "$proj" -B "$proj/build" -DCMAKE_PREFIX_PATH="$sdk" -DREQ="$req" > "$proj/log" 2>&1; then
      [ "$want" = yes ] || fail "find_package(cdnsign $req) accepted $version"
      accepted="$accepted ${req:-(none)}"
    else
      [ "$want" = no ] || { cat "$proj/log"; fail "find_package(cdnsign $req) refused $version"; }
      grep -q 'not accepted' "$proj/log" || { cat "$proj/log"; fail "find_package(cdnsign $req) failed for another reason"; }
      refused="$refused $req"
    fi
  done
  echo "ok   find_package versions: $version accepted for${accepted}; refused for${refused}"
}

run_host_smoke() {  # SDK
  local sdk="$1" runlib="$work/runlib" out mode build
  # Only the real file and the SONAME link: the loader must ask for
  # libcdnsign.so.<major>, and must not find the tarball's lib/.
  mkdir -p "$runlib"
  cp "$sdk/lib/$realname" "$runlib/"
  ln -s "$realname" "$runlib/$soname"

  for mode in shared static; do
    build="$work/cmake-$mode"
    cmake -S "$here/smoke" -B "$build" -DCMAKE_PREFIX_PATH="$sdk" -DSMOKE_LINK="$mode" \
      -DSMOKE_FIND_VERSION="$major.$minor" -DCMAKE_SKIP_RPATH=ON -DCMAKE_BUILD_TYPE=Release \
      > "$build.log" 2>&1 || { cat "$build.log"; fail "cmake configure ($mode)"; }
    cmake --build "$build" -j 2 >> "$build.log" 2>&1 || { cat "$build.log"; fail "cmake build ($mode)"; }
    for prog in smoke_c smoke_cpp; do
      [ "$prog" = smoke_c ] && lang=C || lang=C++
      if [ "$mode" = shared ]; then
        [ "$(needed "$build/$prog" | grep '^libcdnsign')" = "$soname" ] || fail "cmake $prog does not need $soname"
        ! grep -Eq 'R(UN)?PATH' <<<"$(readelf -d "$build/$prog")" || fail "cmake $prog has an rpath"
        grep -q "$soname => $runlib/$soname" <<<"$(LD_LIBRARY_PATH="$runlib" ldd "$build/$prog")" || \
          fail "cmake $prog: the loader does not resolve $soname in $runlib"
        out="$(LD_LIBRARY_PATH="$runlib" "$build/$prog")" || fail "cmake $prog ($mode) exited $?"
      else
        check_not_linked_to_shared "$build/$prog"
        out="$("$build/$prog")" || fail "cmake $prog ($mode) exited $?"
      fi
      check_output "cmake find_package, $lang, $mode" "$lang" "$out"
    done
  done

  check_find_versions "$sdk"

  export PKG_CONFIG_PATH="$sdk/lib/pkgconfig"
  # shellcheck disable=SC2046 # pkg-config output is a list of flags
  cc -std=c11 -Wall -Wextra -Werror -pedantic "$here/smoke/smoke.c" -o "$work/pc_shared" \
    $(pkg-config --cflags --libs cdnsign) || fail "pkg-config shared build"
  [ "$(needed "$work/pc_shared" | grep '^libcdnsign')" = "$soname" ] || fail "pkg-config shared build does not need $soname"
  out="$(LD_LIBRARY_PATH="$runlib" "$work/pc_shared")" || fail "pkg-config shared program exited $?"
  check_output "pkg-config, C, shared" C "$out"

  # The linker prefers libcdnsign.so when it sits beside the .a: a static
  # link through pkg-config needs a lib/ with the archive alone.
  local static_sdk="$work/static-sdk"
  mkdir -p "$static_sdk/lib/pkgconfig" "$static_sdk/include"
  cp "$sdk/include/cdnsign.h" "$static_sdk/include/"
  ln -s "$sdk/lib/libcdnsign.a" "$static_sdk/lib/libcdnsign.a"
  cp "$sdk/lib/pkgconfig/cdnsign.pc" "$static_sdk/lib/pkgconfig/"
  export PKG_CONFIG_PATH="$static_sdk/lib/pkgconfig"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror -pedantic "$here/smoke/smoke.c" -o "$work/pc_static" \
    $(pkg-config --static --cflags --libs cdnsign) || fail "pkg-config --static build"
  check_not_linked_to_shared "$work/pc_static"
  out="$("$work/pc_static")" || fail "pkg-config static program exited $?"
  check_output "pkg-config --static, C, static" C "$out"
  unset PKG_CONFIG_PATH
}

find_zig() {
  if command -v zig >/dev/null 2>&1; then echo zig
  elif python3 -m ziglang version >/dev/null 2>&1; then echo "python3 -m ziglang"
  elif [ -x "$root/.venv/bin/python3" ] && "$root/.venv/bin/python3" -m ziglang version >/dev/null 2>&1; then
    echo "$root/.venv/bin/python3 -m ziglang"
  fi
}

run_aarch64_smoke() {  # SDK
  local sdk="$1" qemu=/usr/bin/qemu-aarch64-static sysroot=/usr/aarch64-linux-gnu zig out
  if [ ! -x "$qemu" ] || [ ! -d "$sysroot/lib" ]; then
    echo "SKIP aarch64 run: needs $qemu and $sysroot (apt-get install qemu-user-static libc6-arm64-cross)"
    return
  fi
  zig="$(find_zig)"
  [ -n "$zig" ] || die "no zig to cross-compile the aarch64 smoke program: pip install ziglang"
  # shellcheck disable=SC2086 # $zig may be "python3 -m ziglang"
  $zig cc -target "aarch64-linux-gnu.$glibc_floor" -std=c11 -Wall -Wextra -Werror -pedantic \
    "$here/smoke/smoke.c" -I"$sdk/include" -L"$sdk/lib" -lcdnsign -o "$work/smoke_aarch64" \
    || fail "zig cc for aarch64"
  grep -q 'Machine: *AArch64$' <<<"$(readelf -h "$work/smoke_aarch64")" || fail "the cross-compiled smoke program is not AArch64"
  [ "$(needed "$work/smoke_aarch64" | grep '^libcdnsign')" = "$soname" ] || fail "aarch64 smoke does not need $soname"
  out="$(LD_LIBRARY_PATH="$sdk/lib" "$qemu" -L "$sysroot" "$work/smoke_aarch64")" || fail "aarch64 smoke under qemu exited $?"
  check_output "aarch64 under qemu-aarch64-static, C, shared" C "$out"
  printf '%s\n' "$out" | sed 's/^/     | /'

  # shellcheck disable=SC2046,SC2086 # flag lists
  $zig cc -target "aarch64-linux-gnu.$glibc_floor" -std=c11 -Wall -Wextra -Werror -pedantic \
    "$here/smoke/smoke.c" -I"$sdk/include" "$sdk/lib/libcdnsign.a" \
    $(sed -n 's/^Libs.private: //p' "$sdk/lib/pkgconfig/cdnsign.pc") -o "$work/smoke_aarch64_static" \
    || fail "zig cc for aarch64, static"
  check_not_linked_to_shared "$work/smoke_aarch64_static"
  out="$("$qemu" -L "$sysroot" "$work/smoke_aarch64_static")" || fail "static aarch64 smoke under qemu exited $?"
  check_output "aarch64 under qemu-aarch64-static, C, static (Libs.private)" C "$out"
}

for tarball in "${tarballs[@]}"; do
  base="$(basename "$tarball" .tar.gz)"
  case "$base" in
    "libcdnsign-$version-"*) triple="${base#"libcdnsign-$version-"}" ;;
    *) fail "$(basename "$tarball") does not carry version $version (packaging/version.sh)" ;;
  esac
  echo "== $base"
  dir="$work/$triple"
  mkdir -p "$dir"
  tar -xzf "$tarball" -C "$dir"
  [ "$(ls "$dir")" = "$base" ] || fail "$(basename "$tarball") does not hold the single top directory $base/"
  sdk="$dir/$base"
  check_layout "$sdk" "$triple"
  case "$triple" in
    x86_64-*)
      if [ "$host_arch" = x86_64 ]; then run_host_smoke "$sdk"
      else echo "SKIP x86_64 smoke programs: the host is $host_arch"; fi ;;
    aarch64-*)
      if [ "$host_arch" = aarch64 ]; then die "an aarch64 host is not supported by this script yet"
      else run_aarch64_smoke "$sdk"; fi ;;
  esac
done
echo "packaging/c/test.sh: all passed"
