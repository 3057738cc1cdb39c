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
///
/// cbindgen reads the crate after macro expansion, because the exported
/// functions are written by `export!` (src/export.rs). Expansion is
/// `rustc -Zunpretty=expanded`, which stable rustc runs only with
/// `RUSTC_BOOTSTRAP=1`: it is set for that one pretty-printing run, which
/// builds nothing that ships. Its own target directory keeps it off the lock
/// of the build that runs this.
pub fn generate() -> String {
    let dir = crate_dir();
    std::env::set_var("RUSTC_BOOTSTRAP", "1");
    std::env::set_var(
        "CARGO_EXPAND_TARGET_DIR",
        dir.join("../target/header-expand"),
    );
    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml must parse");
    config.after_includes = Some(version_macros());
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_crate(&dir)
        .with_parse_expand(&["cdnsign-ffi"])
        .generate()
        .expect("cbindgen failed to generate the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}
