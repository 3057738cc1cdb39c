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

/// The crate after macro expansion, written to a file cbindgen can read: the
/// exported functions are written by `export!` (src/export.rs), and cbindgen
/// does not expand macros itself. Expansion is `rustc -Zunpretty=expanded`,
/// which stable rustc runs only with `RUSTC_BOOTSTRAP=1`; it is set on that
/// one child process, a pretty-printing run that builds nothing that ships,
/// in its own target directory (off the lock of the build running this).
fn expanded_crate() -> PathBuf {
    let dir = crate_dir();
    let target = dir.join("../target/header-expand");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(["rustc", "--lib", "--profile=check", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-Zunpretty=expanded"])
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cannot run cargo to expand ffi/");
    assert!(
        output.status.success(),
        "expanding ffi/ failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One file per process: the tests of one binary share it (`generate`
    // runs once), and no other process rewrites it while cbindgen reads it.
    let path = target.join(format!("cdnsign-ffi-expanded-{}.rs", std::process::id()));
    std::fs::write(&path, &output.stdout).expect("cannot write the expanded crate");
    path
}

/// A fresh generation of the header, as text; made once per process (the
/// header tests share it).
pub fn generate() -> String {
    static HEADER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HEADER.get_or_init(generate_now).clone()
}

fn generate_now() -> String {
    let dir = crate_dir();
    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml must parse");
    config.after_includes = Some(version_macros());
    let expanded = expanded_crate();
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(&expanded)
        .generate()
        .expect("cbindgen failed to generate the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    let _ = std::fs::remove_file(expanded);
    String::from_utf8(out).expect("the header is UTF-8")
}
