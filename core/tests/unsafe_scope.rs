//! `unsafe` lives in exactly one audited module (crypto/aws_lc_evp.rs); this
//! test fails if it spreads, or if the crate-level `deny` is weakened.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn unsafe_only_in_the_evp_shim() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(lib.contains("#![deny(unsafe_code)]"));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let shim = src.join("crypto").join("aws_lc_evp.rs");
    for file in files {
        if file == shim {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("unsafe ") && !code.contains("allow(unsafe_code)"),
                "{}:{} uses unsafe outside the audited shim",
                file.display(),
                n + 1
            );
        }
    }
}
