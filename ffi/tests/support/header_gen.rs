//! Shared by `examples/gen_header.rs` (writes include/cdnsign.h) and
//! `tests/header.rs` (checks it is fresh): one generation, one configuration.
//! Each user uses a different subset of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The command that regenerates the header (quoted in failure messages).
pub const REGENERATE: &str = "cargo run -p cdnsign-ffi --example gen_header";

/// ffi/
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// include/cdnsign.h
pub fn header_path() -> PathBuf {
    crate_dir().join("../include/cdnsign.h")
}

/// The version macros, from this crate's version, which is the workspace's
/// (`version.workspace = true`): the one source of truth.
pub fn version_macros() -> String {
    format!(
        "\n#define CDNSIGN_VERSION_MAJOR {}\n#define CDNSIGN_VERSION_MINOR {}\n#define CDNSIGN_VERSION_PATCH {}\n#define CDNSIGN_VERSION \"{}\"\n",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

/// A fresh generation of the header, as text.
pub fn generate() -> String {
    let dir = crate_dir();
    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml must parse");
    config.after_includes = Some(version_macros());
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen failed to generate the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}
