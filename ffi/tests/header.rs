//! include/cdnsign.h is committed; it must be exactly what the pinned cbindgen
//! generates from ffi/src now, and its version macros must match the
//! workspace version in the root Cargo.toml.

#[path = "support/header_gen.rs"]
mod header_gen;

use header_gen::REGENERATE;

fn committed() -> String {
    std::fs::read_to_string(header_gen::header_path())
        .unwrap_or_else(|e| panic!("cannot read include/cdnsign.h ({e}); run `{REGENERATE}`"))
}

#[test]
fn committed_header_is_fresh() {
    let fresh = header_gen::generate();
    let committed = committed();
    if fresh != committed {
        let line = fresh
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the files differ in length".to_owned(),
                |i| {
                    format!(
                        "first difference at line {}:\n  committed: {}\n  generated: {}",
                        i + 1,
                        committed.lines().nth(i).unwrap_or(""),
                        fresh.lines().nth(i).unwrap_or("")
                    )
                },
            );
        panic!(
            "include/cdnsign.h is stale: {line}\nRegenerate it with `{REGENERATE}` and commit it."
        );
    }
}

/// `[workspace.package] version = "..."` of the root Cargo.toml, read as text.
fn workspace_version() -> String {
    let path = header_gen::crate_dir().join("../Cargo.toml");
    let text = std::fs::read_to_string(&path).expect("root Cargo.toml");
    let mut in_section = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == "[workspace.package]";
        } else if in_section {
            if let Some(rest) = line.strip_prefix("version") {
                let rest = rest.trim_start();
                if let Some(value) = rest.strip_prefix('=') {
                    return value.trim().trim_matches('"').to_owned();
                }
            }
        }
    }
    panic!("no version in [workspace.package] of {}", path.display());
}

fn macro_value(header: &str, name: &str) -> String {
    let prefix = format!("#define {name} ");
    header
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("include/cdnsign.h has no {name}; run `{REGENERATE}`"))
        .trim()
        .to_owned()
}

#[test]
fn version_macros_match_the_workspace_version() {
    let version = workspace_version();
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "cdnsign-ffi must use version.workspace = true"
    );
    let header = committed();
    let mut parts = version.split(['.', '-', '+']);
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let want = parts.next().unwrap_or("");
        let got = macro_value(&header, &format!("CDNSIGN_VERSION_{name}"));
        assert_eq!(
            got, want,
            "CDNSIGN_VERSION_{name} in include/cdnsign.h is {got}, Cargo.toml says {version}; run `{REGENERATE}`"
        );
    }
    let got = macro_value(&header, "CDNSIGN_VERSION");
    assert_eq!(
        got,
        format!("\"{version}\""),
        "CDNSIGN_VERSION in include/cdnsign.h differs from Cargo.toml; run `{REGENERATE}`"
    );
}

/// Doc comments become `/** ... */` blocks: a `/*` or `*/` inside one breaks
/// C compilation (`-Werror=comment`) or ends the comment early.
#[test]
fn no_comment_breakers_in_doc_comments() {
    let header = header_gen::generate();
    for (i, line) in header.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("* ") || t == "*" {
            assert!(
                !t[1..].contains("/*") && !t[1..].contains("*/"),
                "include/cdnsign.h line {}: a doc comment contains /* or */: {line}",
                i + 1
            );
        }
    }
}
