#!/usr/bin/env bash
# The macOS and Windows half of the release (.github/workflows/release.yml
# runs it on each native runner; Linux artifacts come from `make dist`):
#
#   packaging/native.sh build TARGET   wheel, npm platform package, C archive
#   packaging/native.sh test TARGET    install each the way a user does, run
#                                      the same smoke programs as test-dist
#
# TARGET: x86_64-apple-darwin, aarch64-apple-darwin, x86_64-pc-windows-msvc.
# Writes dist/python/*.whl, dist/node/cdnsign-<platform>-<v>.tgz (the main
# npm package comes from the Linux job) and dist/c/libcdnsign-<v>-<TARGET>.zip.
# Needs on PATH: a venv with packaging/requirements.txt, node with
# bindings-node/node_modules installed, cmake, and the rustup target.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
die() { echo "packaging/native.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: packaging/native.sh build|test TARGET"
cmd="$1" target="$2"
v="$(packaging/version.sh)"
IFS=. read -r major minor _ <<<"$v"

case "$target" in
  x86_64-apple-darwin) platform=darwin-x64; arch=x86_64; processor_regex='^(x86_64|amd64)$' ;;
  aarch64-apple-darwin) platform=darwin-arm64; arch=aarch64; processor_regex='^(arm64|aarch64)$' ;;
  x86_64-pc-windows-msvc) platform=win32-x64-msvc; arch=x86_64; processor_regex='^(AMD64|x86_64|amd64)$' ;;
  *) die "unsupported target $target (Linux targets: make dist)" ;;
esac
case "$target" in
  *-windows-*)
    shared_file=bin/cdnsign.dll; implib_file=lib/cdnsign.dll.lib; static_file=lib/cdnsign.lib
    soname=""; exe=.exe; venv_bin=Scripts ;;
  *)
    shared_file="lib/libcdnsign.$major.dylib"; implib_file=""; static_file=lib/libcdnsign.a
    soname="@rpath/libcdnsign.$major.dylib"; exe=""; venv_bin=bin ;;
esac
work="$root/target/native-$target"
sdk_name="libcdnsign-$v-$target"

# rustc's native-static-libs line, as CMake link items: "-framework X" stays
# one item, "/defaultlib:msvcrt" is the C runtime the MSVC toolchain links
# anyway, "x.lib" is the library x.
cmake_deps() {
  local out="" framework=0 item
  for item in $1; do
    if [ "$framework" = 1 ]; then out="${out:+$out;}-framework $item"; framework=0; continue; fi
    case "$item" in
      -framework) framework=1 ;;
      -l*) out="${out:+$out;}${item#-l}" ;;
      /defaultlib:*) ;;
      *.lib) out="${out:+$out;}${item%.lib}" ;;
      *) die "native static lib '$item' has no CMake translation" ;;
    esac
  done
  echo "$out"
}

build() {
  rm -rf "$work" && mkdir -p "$work" dist/python dist/node dist/c

  # bindings-python/LICENSE-* are symlinks to the root's texts; a Windows
  # checkout without symlink support makes them files holding the path.
  for l in LICENSE-APACHE LICENSE-MIT; do rm -f "bindings-python/$l"; cp "$l" "bindings-python/$l"; done
  (cd bindings-python && maturin build --release --target "$target" -o "$work/wheels")
  cp "$work"/wheels/cdnsign-"$v"-*.whl dist/python/

  (cd bindings-node && npx napi build --release --platform --no-js --target "$target" -o "$work/addons")
  # The main package is published from the Linux job; this one is kept in
  # $work for the smoke test only.
  node packaging/node/assemble.js --version "$v" --addons "$work/addons" --out "$work/npm" >/dev/null
  cp "$work/npm/cdnsign-$platform-$v.tgz" dist/node/

  cargo rustc --release --target "$target" -p cdnsign-ffi --lib -- --print native-static-libs 2> "$work/ffi.log" \
    || { cat "$work/ffi.log" >&2; die "cdnsign-ffi build failed"; }
  native="$(sed -n 's/^note: native-static-libs: //p' "$work/ffi.log" | tail -n 1)"
  [ -n "$native" ] || die "no native-static-libs note in the cdnsign-ffi build"
  built="target/$target/release"
  sdk="$work/$sdk_name"
  mkdir -p "$sdk/include" "$sdk/lib/cmake/cdnsign"
  cp include/cdnsign.h "$sdk/include/"
  case "$target" in
    *-windows-*)
      mkdir -p "$sdk/bin"
      cp "$built/cdnsign.dll" "$sdk/bin/"
      cp "$built/cdnsign.dll.lib" "$sdk/lib/"
      cp "$built/cdnsign.lib" "$sdk/lib/" ;;
    *)
      cp "$built/libcdnsign.dylib" "$sdk/$shared_file"
      ln -s "libcdnsign.$major.dylib" "$sdk/lib/libcdnsign.dylib"
      cp "$built/libcdnsign.a" "$sdk/lib/" ;;
  esac
  fill() {
    sed -e "s|@VERSION@|$v|g" -e "s|@MAJOR@|$major|g" -e "s|@MINOR@|$minor|g" \
        -e "s|@MAJOR_MINOR@|$major.$minor|g" -e "s|@TRIPLE@|$target|g" -e "s|@ARCH@|$arch|g" \
        -e "s#@PROCESSOR_REGEX@#$processor_regex#g" -e "s|@SONAME@|$soname|g" \
        -e "s|@SHARED_FILE@|$shared_file|g" -e "s|@IMPLIB_FILE@|$implib_file|g" \
        -e "s|@STATIC_FILE@|$static_file|g" -e "s|@STATIC_DEPS@|$(cmake_deps "$native")|g" "$1"
  }
  fill packaging/c/cdnsignConfig.native.cmake.in > "$sdk/lib/cmake/cdnsign/cdnsignConfig.cmake"
  fill packaging/c/cdnsignConfigVersion.cmake.in > "$sdk/lib/cmake/cdnsign/cdnsignConfigVersion.cmake"
  cp LICENSE-APACHE LICENSE-MIT "$sdk/"
  {
    echo "# libcdnsign $v for $target"
    echo
    echo "include/cdnsign.h, $shared_file${implib_file:+ (import library $implib_file)}, $static_file."
    echo "CMake: find_package(cdnsign $major.$minor CONFIG REQUIRED) with CMAKE_PREFIX_PATH set to this"
    echo "directory, then link cdnsign::cdnsign (shared) or cdnsign::cdnsign_static."
    echo "Static linking needs these system libraries: $native"
    echo "Licence: Apache-2.0 OR MIT (LICENSE-APACHE, LICENSE-MIT)."
  } > "$sdk/README.md"
  (cd "$work" && python -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', '.', sys.argv[2])" \
    "$root/dist/c/$sdk_name" "$sdk_name")
  ls -l dist/python dist/node dist/c
}

smoke_python() {
  local venv="$work/smoke-venv"
  rm -rf "$venv"
  python -m venv "$venv"
  "$venv/$venv_bin/python" -m pip install -q --no-index "$(ls dist/python/cdnsign-"$v"-*.whl | head -1)"
  (cd "$work" && "$venv/$venv_bin/python" "$root/packaging/python/smoke.py" "$v")
}

smoke_node() {
  local app="$work/smoke-npm"
  rm -rf "$app" && mkdir -p "$app"
  echo '{"name":"smoke","version":"1.0.0","private":true}' > "$app/package.json"
  (cd "$app" && npm install --offline --no-audit --no-fund "$root/dist/node/cdnsign-$platform-$v.tgz" "$work/npm/cdnsign-$v.tgz")
  # smoke.js resolves `cdnsign` from its own directory: it runs inside the project.
  cp packaging/node/smoke.js "$app/"
  (cd "$app" && node smoke.js "$v")
}

smoke_c() {
  local sdk_dir="$work/unzipped" link
  rm -rf "$sdk_dir" && mkdir -p "$sdk_dir"
  (cd "$sdk_dir" && python -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall('.')" "$root/dist/c/$sdk_name.zip")
  for link in shared static; do
    cmake -S packaging/c/smoke -B "$work/smoke-c-$link" -DCMAKE_PREFIX_PATH="$sdk_dir/$sdk_name" \
      -DSMOKE_LINK="$link" -DSMOKE_FIND_VERSION="$major.$minor" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$work/smoke-c-$link" --config Release >/dev/null
    for prog in smoke_c smoke_cpp; do
      bin="$(find "$work/smoke-c-$link" -name "$prog$exe" -type f | head -1)"
      [ -n "$bin" ] || die "no $prog$exe built"
      # Windows finds the DLL on PATH; macOS through the rpath CMake records.
      PATH="$sdk_dir/$sdk_name/bin:$PATH" "$bin" | tee "$work/$prog-$link.out"
      [ "$(grep -c 'signed, verified, expired refused' "$work/$prog-$link.out")" = 5 ] \
        || die "$prog ($link) did not sign and verify all five providers"
    done
  done
}

case "$cmd" in
  build) build ;;
  test) smoke_python; smoke_node; smoke_c ;;
  *) die "unknown command $cmd (build or test)" ;;
esac
