//! Helpers shared by the integration tests: locating and reading `tests/vectors/`.
#![allow(dead_code)]

use std::path::PathBuf;

/// `tests/vectors/` at the workspace root.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("vectors")
}

/// Parses `tests/vectors/<name>`.
pub fn load_vectors(name: &str) -> serde_json::Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// Reads a file relative to `tests/vectors/`.
pub fn read_vector_file(relative: &str) -> Vec<u8> {
    let path = vectors_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Decodes lowercase/uppercase hex (test-only; the crate has its own).
pub fn unhex(s: &str) -> Vec<u8> {
    cdnsign::encoding::hex_decode(s, "test").expect("valid hex in vector")
}
