#!/usr/bin/env bash
# Tests the Python distributions in dist/python/ as a user gets them:
#   packaging/python/test.sh [--host-only]
# - the x86_64 manylinux wheel into a fresh venv (no index: nothing else to
#   fetch), and the sdist into another (built from source by pip through
#   maturin), each running smoke.py outside the source tree;
# - every wheel: `auditwheel show` agrees with its tag and readelf with its
#   architecture (without --host-only: the aarch64 and musl wheels too).
# CDNSIGN_SDIST_PROFILE=dev builds the sdist with the dev profile into the
# repository's target/ (CI: the aws-lc objects `make test` built are reused);
# unset, pip builds it as a user's pip does, release profile in a temp dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$root/dist/python"
v="$("$root/packaging/version.sh")"
host_only=0
[ "${1:-}" = --host-only ] && host_only=1
py="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

host_wheel="$(ls "$dist"/cdnsign-"$v"-*manylinux*x86_64*.whl 2>/dev/null | head -1 || true)"
[ -f "$host_wheel" ] || { echo "no x86_64 manylinux wheel for $v in $dist" >&2; exit 1; }
sdist="$dist/cdnsign-$v.tar.gz"
[ -f "$sdist" ] || { echo "no sdist $sdist" >&2; exit 1; }

smoke() {
  local venv="$1" what="$2" out
  # From an empty directory, so `import cdnsign` cannot find the source tree.
  out="$(cd "$work" && "$venv/bin/python" "$root/packaging/python/smoke.py" "$v")"
  expected=$'cloudfront ok\nstream ok\nwebhook ok\nmediacdn ok\ncloudcdn ok\nrefusal ok'
  [ "$out" = "$expected" ] || { echo "$what: smoke output differs:" >&2; echo "$out" >&2; exit 1; }
  echo "python $what: every provider signed and verified, cdnsign.__version__ == $v"
}

"$py" -m venv "$work/wheel-venv"
"$work/wheel-venv/bin/pip" install -q --no-index "$host_wheel"
smoke "$work/wheel-venv" "$(basename "$host_wheel")"

"$py" -m venv "$work/sdist-venv"
# maturin, pinned like every other tool, is the sdist's build backend.
"$work/sdist-venv/bin/pip" install -q "$(grep '^maturin==' "$root/packaging/requirements.txt")"
if [ "${CDNSIGN_SDIST_PROFILE:-}" = dev ]; then
  CARGO_TARGET_DIR="$root/target" MATURIN_PEP517_ARGS="--profile dev" \
    "$work/sdist-venv/bin/pip" install -q --no-build-isolation "$sdist"
else
  "$work/sdist-venv/bin/pip" install -q --no-build-isolation "$sdist"
fi
smoke "$work/sdist-venv" "$(basename "$sdist")"

# The sdist must not point at files it does not carry.
tar xzf "$sdist" -C "$work"
sroot="$work/cdnsign-$v"
for f in $(cd "$sroot" && find . -name '*.md' -o -name '*.toml' -o -name PKG-INFO); do
  if grep -nE '\]\((\.\./|/)[^)]*\)' "$sroot/$f"; then
    echo "sdist file $f links outside the sdist" >&2; exit 1
  fi
done

machine_of() {
  case "$1" in
    x86_64) echo "Advanced Micro Devices X86-64" ;;
    aarch64) echo "AArch64" ;;
  esac
}
for w in "$dist"/cdnsign-"$v"-*.whl; do
  name="$(basename "$w")"
  case "$name" in *x86_64*) arch=x86_64 ;; *aarch64*) arch=aarch64 ;; *) echo "unknown arch: $name" >&2; exit 1 ;; esac
  if [ "$host_only" = 1 ] && [ "$w" != "$host_wheel" ]; then continue; fi
  case "$name" in
    *manylinux_2_17_*) tag="manylinux_2_17_$arch" ;;
    *musllinux_1_2_*) tag="musllinux_1_2_$arch" ;;
    *) echo "$name: neither manylinux_2_17 nor musllinux_1_2" >&2; exit 1 ;;
  esac
  "$root/packaging/python/auditwheel-tag.sh" "$w" "$tag" >/dev/null
  d="$work/unpack-$name"
  mkdir -p "$d" && (cd "$d" && "$py" -m zipfile -e "$w" .)
  so="$(ls "$d"/cdnsign/_native*.so)"
  machine="$(readelf -h "$so" | sed -n 's/^ *Machine: *//p')"
  [ "$machine" = "$(machine_of "$arch")" ] || { echo "$name: machine is $machine" >&2; exit 1; }
  for lic in LICENSE-APACHE LICENSE-MIT; do
    [ -f "$d"/cdnsign-"$v".dist-info/licenses/"$lic" ] || { echo "$name lacks dist-info/licenses/$lic" >&2; exit 1; }
  done
  # zig links against its own, newer musl: every libc symbol the extension
  # takes (strong references; weak ones such as aws-lc's optional allocator
  # hooks may stay unresolved) must exist in an older one too (Debian's musl 1.2.3, when
  # installed, stands in for the oldest musllinux_1_2 systems).
  musl_libc="/lib/$arch-linux-musl/libc.so"
  if [ "${tag#musllinux}" != "$tag" ] && [ -f "$musl_libc" ]; then
    missing="$(comm -23 \
      <(nm -D --undefined-only "$so" | awk '$1 == "U" {print $2}' | sed 's/@.*//' | grep -v '^_\?Py' | sort -u) \
      <(nm -D --defined-only "$musl_libc" | awk '{print $3}' | sort -u))"
    [ -z "$missing" ] || { echo "$name needs symbols $musl_libc lacks: $missing" >&2; exit 1; }
    echo "python $name: every libc symbol it needs is in $musl_libc"
  fi
  glibc="$(readelf -V "$so" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k1,1 -k2,2n -u | tail -1 || true)"
  echo "python $name: auditwheel $tag, $machine${glibc:+, highest $glibc}"
done
