//! What the CLI's end-to-end tests share: the built binary, the test keys.
// Each test crate compiles this module and uses only some of it.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The path of a test key under `tests/vectors/keys/`.
pub fn key(name: &str) -> String {
    root()
        .join("tests/vectors/keys")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs `cdnsign args` with `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cdnsign"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads stdin closes the pipe: a broken
    // pipe here is expected then, not an error.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// What `cdnsign args` printed (with `--json`) as a `T`; the command must succeed.
pub fn json_of<T: serde::de::DeserializeOwned>(args: &[&str]) -> T {
    let out = run(args, b"");
    assert!(
        out.status.success(),
        "cdnsign {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not the record ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}
