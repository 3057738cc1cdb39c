#!/usr/bin/env bash
# Installs what `make dist` / `make dist-host` / `make test-dist` need and the
# machine lacks:  packaging/tools.sh all|host
# - rustup targets for the cross builds;
# - cargo-zigbuild (the napi CLI and the C SDK build through it), pinned;
# - Debian packages: patchelf (musl wheels), cmake (the C SDK smoke tests),
#   and for `all` qemu-user-static + libc6-arm64-cross (the aarch64 C smoke
#   program runs under qemu) and musl (the musl addon is dlopen()ed by musl's
#   own loader).
# The Python tools (maturin, ziglang, auditwheel, wheel) are in
# packaging/requirements.txt, which the Makefile installs into .venv.
set -euo pipefail
mode="${1:-host}"
CARGO_ZIGBUILD_VERSION=0.24.1

case "$mode" in
  all) targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
       debs=(patchelf cmake qemu-user-static libc6-arm64-cross musl musl-dev) ;;
  host) targets=(x86_64-unknown-linux-gnu)
        debs=(patchelf cmake) ;;
  *) echo "usage: packaging/tools.sh all|host" >&2; exit 2 ;;
esac

installed="$(rustup target list --installed)"
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done

if ! cargo zigbuild --help >/dev/null 2>&1; then
  cargo install --locked "cargo-zigbuild@$CARGO_ZIGBUILD_VERSION"
fi

missing=()
for d in "${debs[@]}"; do
  grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$d" 2>/dev/null)" || missing+=("$d")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "packaging/tools.sh: install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
fi
