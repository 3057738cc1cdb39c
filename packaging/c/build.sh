#!/usr/bin/env bash
# Builds the C SDK tarballs: dist/c/libcdnsign-<version>-<triple>.tar.gz for
# each Rust target triple given (x86_64-unknown-linux-gnu,
# aarch64-unknown-linux-gnu), with libcdnsign linked against glibc 2.17 so it
# loads on old distributions.
#
#   packaging/c/build.sh TRIPLE...
#
# Needs cargo-zigbuild and zig (`pip install ziglang`: found as `zig` on PATH,
# through `python3 -m ziglang`, or in the repository's .venv), and the rustup
# targets. Release profile; CDNSIGN_GLIBC overrides the glibc floor (2.17).
# Archive entries are sorted, owned by 0:0 and dated SOURCE_DATE_EPOCH (by
# default the last commit's time), so a rebuild of the same commit with the
# same toolchain gives the same tarball.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "packaging/c/build.sh: $*" >&2; exit 1; }

supported="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu"
case "${1:-}" in
  ""|-h|--help) sed -n '2,13p' "$0"; echo "supported: $supported"; [ $# -gt 0 ] && exit 0; exit 2 ;;
esac
for t in "$@"; do
  case " $supported " in
    *" $t "*) ;;
    *) die "unsupported target '$t' (supported: $supported)" ;;
  esac
done

glibc="${CDNSIGN_GLIBC:-2.17}"
[[ "$glibc" =~ ^2\.[0-9]+$ ]] || die "CDNSIGN_GLIBC=$glibc is not 2.N"
command -v cargo-zigbuild >/dev/null 2>&1 || die "cargo-zigbuild not found: cargo install --locked cargo-zigbuild"
# cargo-zigbuild runs `zig`, or `python3 -m ziglang` when there is none.
if ! command -v zig >/dev/null 2>&1 && ! python3 -m ziglang version >/dev/null 2>&1; then
  if [ -x "$root/.venv/bin/python3" ] && "$root/.venv/bin/python3" -m ziglang version >/dev/null 2>&1; then
    export PATH="$root/.venv/bin:$PATH"
  else
    die "zig not found: pip install ziglang (in .venv or on PATH), or put zig on PATH"
  fi
fi
for t in "$@"; do
  grep -qx "$t" <<<"$(rustup target list --installed 2>/dev/null)" || die "rustup target $t is not installed: rustup target add $t"
done

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct 2>/dev/null)" || \
    die "not a git checkout: set SOURCE_DATE_EPOCH"
fi
[[ "$SOURCE_DATE_EPOCH" =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH is not Unix seconds"
version="$("$root/packaging/version.sh")"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$root/dist/c"
mkdir -p "$dist"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

written=()
for t in "$@"; do
  echo "== $t (glibc $glibc)"
  log="$work/$t.log"
  # One build gives both libraries and, on stderr, the system libraries the
  # static one needs (cargo replays the note when nothing is rebuilt).
  { (cd "$root" && cargo-zigbuild rustc --release --target "$t.$glibc" -p cdnsign-ffi --lib \
      -- --print native-static-libs) 2>&1 1>&3 3>&- | tee "$log" >&2; } 3>&1
  native="$(sed -n 's/^note: native-static-libs: //p' "$log" | tail -n 1)"
  [ -n "$native" ] || die "the build printed no native-static-libs note for $t (see the output above)"
  name="libcdnsign-$version-$t"
  "$here/stage.sh" --lib-dir "$target_dir/$t/release" --native-static-libs "$native" \
      --triple "$t" --glibc "$glibc" "$work/$name"
  out="$dist/$name.tar.gz"
  tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner \
      --mtime="@$SOURCE_DATE_EPOCH" --format=gnu -cf - "$name" | gzip -9n > "$out.tmp"
  mv "$out.tmp" "$out"
  written+=("$out")
done

echo "== written"
for f in "${written[@]}"; do
  printf '%10s bytes  %s\n' "$(stat -c %s "$f")" "${f#"$root"/}"
done
