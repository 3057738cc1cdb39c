//! No verify path compares secret, MAC or signature bytes with `==` / `!=`
//! (or `.eq()` / `.ne()`): tags are checked with `hmac`'s `verify_slice` or
//! `subtle`'s `ConstantTimeEq`, signatures with the backends' verify
//! functions. This test reads every `.rs` file under `core/src` and applies
//! the rule below; it is checked itself against snippets that must and must
//! not trip it.
//!
//! The rule, on source with comments, string and char literals blanked and
//! `#[cfg(test)]` items removed:
//! 1. for every `==`, `!=`, `.eq(` and `.ne(`, take the operand on each side
//!    (a path, field and method-call chain with its brackets);
//! 2. an operand is *secret* when one of its identifier words (split on `_`,
//!    `.`, `::` and brackets) names tag or key material: `sig`,
//!    `signature(s)`, `mac`, `hmac`, `tag(s)`, `digest`, `expected`,
//!    `computed`, `secret(s)`, `seed`, `private`;
//! 3. unless its last word reads a public property (`len`, `count`,
//!    `is_empty`, `kind`, `name`, `algorithm`, `bits`, `canonical`, `id`) or
//!    it ends in a constant (`MAX_SIGNATURES`);
//! 4. a comparison with a secret operand is a finding, unless listed in
//!    [`ALLOWED`] with its justification (an entry that matches nothing is a
//!    finding too, so the list cannot go stale).
//!
//! Public values compared with `==` on purpose (key ids, SPKI, moduli, the
//! public half of a 64-byte Ed25519 key) do not use these words and pass by
//! rule 2. Separately, no type holding secret material may implement
//! `PartialEq`, derived or by hand: `a == b` on such a type would compare
//! secrets byte by byte.

use std::path::{Path, PathBuf};

/// `(file under core/src, text of the flagged comparison, why it is fine)`.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// Types that hold private keys or HMAC secrets.
const SECRET_TYPES: &[(&str, &str)] = &[
    ("crypto/hmac.rs", "HmacKey"),
    ("crypto/mod.rs", "RsaPrivateKey"),
    ("crypto/mod.rs", "EcPrivateKey"),
    ("crypto/mod.rs", "Ed25519PrivateKey"),
    ("keys.rs", "PrivateKey"),
    ("keys.rs", "RsaComponents"),
    ("cloudfront/signer.rs", "Signer"),
    ("stream/key.rs", "SigningKey"),
    ("stream/key.rs", "GeneratedKey"),
    ("mediacdn/keys.rs", "SigningKey"),
    ("mediacdn/keys.rs", "GeneratedKey"),
    ("mediacdn/keys.rs", "HmacSecret"),
    ("mediacdn/token.rs", "TokenSigner"),
    ("mediacdn/signature.rs", "Signer"),
    ("mediacdn/verify.rs", "Keyset"),
    ("cloudcdn/key.rs", "SigningKey"),
    ("cloudcdn/sign.rs", "Signer"),
    ("cloudcdn/verify.rs", "Verifier"),
    ("webhook/signature.rs", "Verifier"),
];

const SECRET_WORDS: &[&str] = &[
    "sig",
    "sig1",
    "sigs",
    "signature",
    "signatures",
    "mac",
    "macs",
    "hmac",
    "tag",
    "tags",
    "digest",
    "expected",
    "computed",
    "secret",
    "secrets",
    "seed",
    "private",
];

const PUBLIC_LAST_WORDS: &[&str] = &[
    "len",
    "count",
    "is_empty",
    "empty",
    "kind",
    "name",
    "algorithm",
    "bits",
    "canonical",
    "id",
];

/// A comparison the rule flags: line (1-based) and the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    line: usize,
    text: String,
}

/// Blanks comments and the contents of string, byte-string, raw-string and
/// char literals (keeping the quotes and every newline, so line numbers and
/// columns stay put).
fn blank_literals_and_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // Nested block comments.
                let (mut depth, mut j) = (0usize, i);
                while j < b.len() {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0
                    || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
                    || b[i - 1] == b'b') =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let open = i + 1 + hashes;
                let closing = format!("\"{}", "#".repeat(hashes));
                let end = src[open + 1..]
                    .find(&closing)
                    .map_or(b.len(), |n| open + 1 + n);
                blank(&mut out, open + 1, end);
                i = end + closing.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j.min(b.len()));
                i = j + 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{1F600}', '"'), or a lifetime.
                let rest = &src[i + 1..];
                let len = if let Some(esc) = rest.strip_prefix('\\') {
                    // '\n', '\'', '\x7f', '\u{1F600}'
                    let body = if esc.starts_with('u') {
                        esc.find('}').map(|n| n + 1)
                    } else if esc.starts_with('x') {
                        Some(3)
                    } else {
                        esc.chars().next().map(char::len_utf8)
                    };
                    body.filter(|n| esc[*n..].starts_with('\'')).map(|n| n + 1)
                } else {
                    rest.chars()
                        .next()
                        .filter(|c| rest[c.len_utf8()..].starts_with('\''))
                        .map(char::len_utf8)
                };
                match len {
                    Some(n) => {
                        blank(&mut out, i + 1, i + 1 + n);
                        i += n + 2;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8: only ASCII replaced whole characters")
}

/// Blanks every item annotated `#[cfg(test)]` (test modules and helpers).
fn remove_test_items(code: &str) -> String {
    let mut out = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let start = from + at;
        let Some(open) = code[start..].find(['{', ';']).map(|n| start + n) else {
            break;
        };
        let mut end = open + 1;
        if code.as_bytes()[open] == b'{' {
            let mut depth = 0usize;
            for (k, c) in code[open..].bytes().enumerate() {
                match c {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        for c in &mut out[start..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    String::from_utf8(out).expect("ASCII blanks keep UTF-8")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn closing(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        _ => open,
    }
}

/// The operand that ends just before byte `end`.
fn operand_left(code: &[u8], end: usize) -> String {
    let mut i = end;
    while i > 0 && code[i - 1] == b' ' {
        i -= 1;
    }
    let stop = i;
    while i > 0 {
        let c = code[i - 1];
        if is_ident(c) || matches!(c, b'.' | b':' | b'*' | b'&' | b'?' | b'\'' | b'"') {
            i -= 1;
        } else if c == b')' || c == b']' {
            let open = if c == b')' { b'(' } else { b'[' };
            let mut depth = 0usize;
            while i > 0 {
                i -= 1;
                if code[i] == c {
                    depth += 1;
                } else if code[i] == open {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
        } else {
            break;
        }
    }
    String::from_utf8_lossy(&code[i..stop]).trim().to_string()
}

/// The operand that starts at byte `start`.
fn operand_right(code: &[u8], start: usize) -> String {
    let mut i = start;
    while i < code.len() && code[i] == b' ' {
        i += 1;
    }
    let from = i;
    while i < code.len() {
        let c = code[i];
        if is_ident(c) || matches!(c, b'.' | b':' | b'*' | b'&' | b'-' | b'\'' | b'"') {
            i += 1;
        } else if c == b'(' || c == b'[' {
            let close = closing(c);
            let mut depth = 0usize;
            while i < code.len() {
                if code[i] == c {
                    depth += 1;
                } else if code[i] == close {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
        } else {
            break;
        }
    }
    String::from_utf8_lossy(&code[from..i]).trim().to_string()
}

fn words(operand: &str) -> Vec<String> {
    operand
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .flat_map(|w| w.split('_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whole identifiers, for the public-property check (`is_empty`, `len`).
fn identifiers(operand: &str) -> Vec<String> {
    operand
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn is_secret_operand(operand: &str) -> bool {
    // A constant (`MAX_SIGNATURES`) is a compile-time bound, not key material.
    let last_ident = operand
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    if last_ident.bytes().any(|c| c.is_ascii_uppercase())
        && !last_ident.bytes().any(|c| c.is_ascii_lowercase())
    {
        return false;
    }
    let ids = identifiers(operand);
    let Some(last) = ids.last() else {
        return false;
    };
    let last_word = last.rsplit('_').next().unwrap_or(last);
    if PUBLIC_LAST_WORDS.contains(&last.as_str()) || PUBLIC_LAST_WORDS.contains(&last_word) {
        return false;
    }
    words(operand)
        .iter()
        .any(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// Every comparison in `src` (a Rust file) with a secret operand.
fn findings(src: &str) -> Vec<Finding> {
    scan(src, is_secret_operand)
}

/// Comparisons with an operand that merely mentions a secret word (lengths
/// and constants included): what the exemptions of rule 3 let through.
fn mentions(src: &str) -> Vec<Finding> {
    scan(src, |op| {
        words(op).iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
    })
}

fn scan(src: &str, flag: impl Fn(&str) -> bool) -> Vec<Finding> {
    let code = remove_test_items(&blank_literals_and_comments(src));
    let b = code.as_bytes();
    let mut out = Vec::new();
    let line_of = |pos: usize| code[..pos].bytes().filter(|c| *c == b'\n').count() + 1;
    let line_text = |pos: usize| {
        let start = code[..pos].rfind('\n').map_or(0, |n| n + 1);
        let end = code[pos..].find('\n').map_or(code.len(), |n| pos + n);
        src[start..end].trim().to_string()
    };
    for i in 0..b.len().saturating_sub(1) {
        let two = &b[i..i + 2];
        let (left_end, right_start, receiver_only) = if (two == b"==" || two == b"!=")
            && b.get(i + 2) != Some(&b'=')
            && (i == 0 || !matches!(b[i - 1], b'=' | b'<' | b'>' | b'!'))
        {
            (i, i + 2, false)
        } else if b[i..].starts_with(b".eq(") || b[i..].starts_with(b".ne(") {
            (i, i + 3, true)
        } else {
            continue;
        };
        let left = operand_left(b, left_end);
        let right = if receiver_only {
            // `.eq(x)`: the argument, without its parentheses.
            let arg = operand_right(b, right_start);
            arg.trim_start_matches('(')
                .trim_end_matches(')')
                .to_string()
        } else {
            operand_right(b, right_start)
        };
        if flag(&left) || flag(&right) {
            out.push(Finding {
                line: line_of(i),
                text: line_text(i),
            });
        }
    }
    out
}

/// True when `code` declares `struct name` or `enum name` (whole word).
fn declares(code: &str, name: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for kind in ["struct", "enum"] {
        let decl = format!("{kind} {name}");
        let mut from = 0;
        while let Some(at) = code[from..].find(&decl) {
            let pos = from + at;
            from = pos + decl.len();
            let before_ok = pos == 0 || !is_ident(code.as_bytes()[pos - 1]);
            let after_ok = !code.as_bytes().get(from).copied().is_some_and(is_ident);
            if before_ok && after_ok {
                out.push(pos);
            }
        }
    }
    out
}

/// Types among `names` that implement `PartialEq` in `src` (derived or by hand).
fn partial_eq_types(src: &str, names: &[&str]) -> Vec<String> {
    let code = remove_test_items(&blank_literals_and_comments(src));
    let mut found = Vec::new();
    for name in names {
        for pos in declares(&code, name) {
            // The attribute lines just above the declaration (a derive may
            // span several lines), and the start of its own line.
            let line_start = code[..pos].rfind('\n').map_or(0, |n| n + 1);
            let mut attrs = code[line_start..pos].to_string();
            for l in code[..line_start].lines().rev() {
                let t = l.trim();
                if t.starts_with("#[") || t.is_empty() || t.ends_with(")]") || t.ends_with(',') {
                    attrs.push_str(t);
                } else {
                    break;
                }
            }
            if attrs.contains("derive(") && words(&attrs).iter().any(|w| w == "partialeq") {
                found.push(format!("{name} derives PartialEq"));
            }
        }
        // `impl PartialEq for Name` / `impl PartialEq<Other> for Name`.
        let mut from = 0;
        while let Some(at) = code[from..].find("impl") {
            let pos = from + at;
            from = pos + 4;
            let header_end = code[pos..].find('{').map_or(code.len(), |n| pos + n);
            let header = code[pos..header_end].trim_end();
            let target = format!(" for {name}");
            if header.contains("PartialEq") && header.ends_with(&target) {
                found.push(format!("{name} implements PartialEq"));
            }
        }
    }
    found
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

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
fn no_verify_path_compares_secrets_with_eq() {
    let root = src_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 40, "found only {} files", files.len());
    let mut problems = Vec::new();
    let mut used = vec![false; ALLOWED.len()];
    let mut comparisons_seen = 0;
    let mut mentioned = 0;
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(path).unwrap();
        comparisons_seen += src.matches("==").count();
        mentioned += mentions(&src).len();
        for f in findings(&src) {
            match ALLOWED
                .iter()
                .position(|(file, text, _)| rel == *file && f.text.contains(text))
            {
                Some(k) => used[k] = true,
                None => problems.push(format!("{rel}:{}: {}", f.line, f.text)),
            }
        }
    }
    for (k, (file, text, _)) in ALLOWED.iter().enumerate() {
        if !used[k] {
            problems.push(format!("stale allowlist entry {file}: {text}"));
        }
    }
    // The scan looked at real code: the crate compares plenty of public values.
    assert!(comparisons_seen > 100, "{comparisons_seen}");
    // And the operands were read: the verify paths check tag and signature
    // lengths (`tag.len() != 20`, `sig.len() != 64`...), which mention
    // secret words and pass only by rule 3.
    assert!(
        mentioned >= 8,
        "only {mentioned} comparisons mention tag/signature words"
    );
    assert!(
        problems.is_empty(),
        "secret, MAC or signature bytes compared with ==/!= (use ConstantTimeEq, verify_slice or the crypto verify functions):\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_secret_type_implements_partial_eq() {
    let root = src_dir();
    let mut problems = Vec::new();
    for (file, name) in SECRET_TYPES {
        let src = std::fs::read_to_string(root.join(file)).unwrap();
        // The list must name real types, or it checks nothing.
        assert!(
            !declares(&src, name).is_empty(),
            "{file} no longer declares {name}: update SECRET_TYPES"
        );
        for p in partial_eq_types(&src, &[name]) {
            problems.push(format!("{file}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Tag and signature checks go through the constant-time primitives.
#[test]
fn verify_paths_use_the_constant_time_primitives() {
    let read = |f: &str| {
        remove_test_items(&blank_literals_and_comments(
            &std::fs::read_to_string(src_dir().join(f)).unwrap(),
        ))
    };
    let hmac = read("crypto/hmac.rs");
    assert_eq!(
        hmac.matches(".verify_slice(tag)").count(),
        2,
        "HmacKey::verify_parts checks both algorithms with verify_slice"
    );
    assert!(read("webhook/signature.rs").contains(".ct_eq("));
    assert!(read("cloudcdn/key.rs").contains("self.key.verify(msg, tag)"));
    assert!(read("mediacdn/verify.rs").contains(".verify(signed.as_bytes(), tag)"));
    for backend in ["crypto/aws_lc.rs", "crypto/rust_crypto.rs"] {
        let code = read(backend);
        assert!(
            code.matches("fn verify(").count() >= 3,
            "{backend}: RSA, ECDSA and Ed25519 verify through the library"
        );
    }
}

// ---- The checker, checked ---------------------------------------------------------

#[test]
fn the_checker_flags_non_constant_time_comparisons() {
    let bad = [
        "fn verify(&self, msg: &[u8], tag: &[u8]) -> bool {\n    let expected = self.sign(msg);\n    expected == tag\n}",
        "fn check(sig: &[u8], k: &Key) -> bool { k.sign(b\"m\").as_slice() != sig }",
        "fn f(signature: &[u8], computed_mac: Vec<u8>) -> bool { computed_mac[..] == signature[..] }",
        "let c = b'\\''; if c == b'x' && tag == c {}",
        "if hex_encode(&key.sign(body)) == header.sig1 { return Ok(()) }",
        "let ok = expected.as_slice().eq(provided);",
        "let ok = provided.eq(&expected_tag);",
        "match x { _ if sig == other => 1, _ => 2 }",
        "if self.secret == other.secret {}",
        "let same = *seed_a == seed_b;",
        "if Some(hmac) != parsed.hmac.as_deref() {}",
        "if signature_text != received {}",
        "/* c */ let t = x; if tags[0] == y {}",
    ];
    for snippet in bad {
        let f = findings(snippet);
        assert_eq!(f.len(), 1, "not flagged exactly once: {snippet}\n{f:?}");
    }
    let f = findings("fn a() {}\n\nfn verify(m: &[u8], tag: &[u8]) -> bool {\n    tag == m\n}\n");
    assert_eq!(f[0].line, 4);
    assert_eq!(f[0].text, "tag == m");
}

#[test]
fn the_checker_passes_lengths_names_literals_comments_and_tests() {
    let good = [
        "let ok = expected.as_slice().ct_eq(&sig[..]);",
        "mac.verify_slice(tag).is_ok()",
        "if tag.len() != 20 { return Err(e) }",
        "if sig.len() == 64 && key.verify(m, &sig) {}",
        "let p = (raw.len() != expected_len).then(|| 1);",
        "if f.canonical == \"Signature\" || p.name == \"hmac\" {}",
        "if names != [\"Expires\", \"KeyName\", \"Signature\"] {}",
        "// never write: if expected == tag\nlet x = 1;",
        "/* expected == tag */ let y = 2;",
        "let s = \"signature == expected\";",
        "let s = r#\"sig != tag\"#;",
        "let c = b'='; if c == b'=' {}",
        "if key.public_key().as_bytes()[..] != raw[32..] {}",
        "if existing.spki_der() != key.spki_der() {}",
        "if self.keyset.name.as_deref() == Some(key_name) {}",
        "if tags.is_empty() || signatures.count() == 0 {}",
        "if signatures.len() == MAX_SIGNATURES || n != super::MAX_SECRETS {}",
        "fn f<'a>(sig: &'a [u8]) -> &'a [u8] { sig }",
        "let ok = a <= sig_len && b >= tag_count;",
        "match x { Some(sig) => sig, None => y }",
        "#[cfg(test)]\nmod tests {\n    fn t() { assert!(expected == tag); }\n}",
        "#[cfg(test)]\nfn helper(sig: &[u8], tag: &[u8]) -> bool { sig == tag }",
    ];
    for snippet in good {
        assert!(
            findings(snippet).is_empty(),
            "flagged: {snippet}\n{:?}",
            findings(snippet)
        );
    }
}

#[test]
fn the_partial_eq_check_sees_derives_and_impls() {
    let derived =
        "#[derive(Clone, Debug, PartialEq)]\npub struct HmacKey {\n    secret: Vec<u8>,\n}";
    assert_eq!(partial_eq_types(derived, &["HmacKey"]).len(), 1);
    let multi = "#[derive(\n    Clone,\n    PartialEq,\n)]\n#[non_exhaustive]\npub struct SigningKey(Vec<u8>);";
    assert_eq!(partial_eq_types(multi, &["SigningKey"]).len(), 1);
    let by_hand = "pub struct SigningKey(u8);\nimpl PartialEq for SigningKey {\n    fn eq(&self, o: &Self) -> bool { true }\n}";
    assert_eq!(partial_eq_types(by_hand, &["SigningKey"]).len(), 1);
    let fine = "#[derive(Clone)]\npub struct SigningKey(u8);\n#[derive(PartialEq)]\npub struct SigningKeyId(u8);\nimpl PartialEq for SigningKeyId { }";
    assert!(partial_eq_types(fine, &["SigningKey"]).is_empty());
}
