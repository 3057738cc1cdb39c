#!/usr/bin/env bash
# Builds the Python distributions into dist/python/:
#   packaging/python/build.sh [--sdist] [RUST_TARGET...]
# --sdist writes cdnsign-<v>.tar.gz; each target writes one abi3 wheel:
#   *-linux-gnu   manylinux_2_17 (manylinux2014): zig links against glibc 2.17
#   *-linux-musl  musllinux_1_2
# and `auditwheel show` must agree with the tag in the file name, or the
# build fails. Needs maturin, ziglang, auditwheel, wheel (packaging/
# requirements.txt) on PATH, patchelf for musl, and the rustup targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/dist/python"
v="$("$root/packaging/version.sh")"
mkdir -p "$out"

sdist=0
targets=()
for a in "$@"; do
  case "$a" in
    --sdist) sdist=1 ;;
    *-unknown-linux-gnu|*-unknown-linux-musl) targets+=("$a") ;;
    *) echo "packaging/python/build.sh: unsupported argument '$a' (want --sdist or a *-unknown-linux-{gnu,musl} target)" >&2; exit 2 ;;
  esac
done

cd "$root/bindings-python"
if [ "$sdist" = 1 ]; then
  rm -f "$out/cdnsign-$v.tar.gz"
  maturin sdist -o "$out" >/dev/null
  test -f "$out/cdnsign-$v.tar.gz" || { echo "maturin sdist did not write cdnsign-$v.tar.gz" >&2; exit 1; }
fi

for t in "${targets[@]}"; do
  arch="${t%%-*}"
  tmp="$(mktemp -d)"
  case "$t" in
    *-gnu) compat=manylinux2014; tag="manylinux_2_17_$arch" ;;
    *-musl) compat=musllinux_1_2; tag="musllinux_1_2_$arch" ;;
  esac
  maturin build --quiet --release --zig --target "$t" --compatibility "$compat" -o "$tmp"
  wheel="$(ls "$tmp"/cdnsign-"$v"-*.whl)"
  if [ "$compat" = musllinux_1_2 ]; then
    # zig links against its own musl stub, whose soname is `libc.so`. musl's
    # loader takes any `libc.so` as itself, so that loads, but the musllinux
    # reference platform (Alpine, PEP 656) names its libc
    # libc.musl-<arch>.so.1 and auditwheel's policy whitelists only that name:
    # rename the dependency to what a wheel linked on Alpine records.
    unpacked="$tmp/unpacked"
    wheel unpack -d "$unpacked" "$wheel" >/dev/null
    so="$(ls "$unpacked"/cdnsign-"$v"/cdnsign/_native*.so)"
    needed="$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
    [ "$needed" = "libc.so " ] || { echo "$t: unexpected NEEDED entries: $needed" >&2; exit 1; }
    patchelf --replace-needed libc.so "libc.musl-$arch.so.1" "$so"
    rm "$wheel"
    wheel pack -d "$tmp" "$unpacked"/cdnsign-"$v" >/dev/null
    wheel="$(ls "$tmp"/cdnsign-"$v"-*.whl)"
  fi
  case "$(basename "$wheel")" in
    *"$tag"*) ;;
    *) echo "$t: maturin named the wheel $(basename "$wheel"), which lacks $tag" >&2; exit 1 ;;
  esac
  "$root/packaging/python/auditwheel-tag.sh" "$wheel" "$tag"
  mv "$wheel" "$out/"
  rm -rf "$tmp"
done
