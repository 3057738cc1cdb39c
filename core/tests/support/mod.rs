//! Helpers for the property and attack tests: single-byte mutations that
//! keep a character in its class, and spans of `name=value` fields.
#![allow(dead_code)]

use std::ops::Range;

use cdnsign::ErrorCode;

/// Another character of the same class: letters and digits cycle within their
/// range, `-` and `_` swap, anything else becomes `x`. The result always
/// differs from `c`.
pub fn bump(c: u8) -> u8 {
    match c {
        b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => c + 1,
        b'z' => b'a',
        b'Z' => b'A',
        b'9' => b'0',
        b'-' => b'_',
        b'_' => b'-',
        _ => b'x',
    }
}

/// Another lowercase hex digit.
pub fn bump_hex(c: u8) -> u8 {
    match c {
        b'0'..=b'8' | b'a'..=b'e' => c + 1,
        b'9' => b'a',
        _ => b'0',
    }
}

/// `s` with byte `i` replaced by `b` (ASCII only).
pub fn replace_at(s: &str, i: usize, b: u8) -> String {
    assert!(b.is_ascii() && s.is_char_boundary(i) && s.is_char_boundary(i + 1));
    let mut bytes = s.as_bytes().to_vec();
    bytes[i] = b;
    String::from_utf8(bytes).expect("ASCII replacement keeps UTF-8")
}

/// The byte range of the value after the last occurrence of `marker` in `s`,
/// up to the first of `ends` (or the end).
pub fn value_after(s: &str, marker: &str, ends: &[char]) -> Range<usize> {
    let start = s
        .rfind(marker)
        .unwrap_or_else(|| panic!("{marker} not in {s}"))
        + marker.len();
    let end = s[start..].find(ends).map_or(s.len(), |i| start + i);
    start..end
}

/// True when `text` decodes as base64url (padded or not) to `len` bytes.
pub fn b64url_decodes_to(text: &str, len: usize) -> bool {
    cdnsign::encoding::b64url_decode(text, "t").is_ok_and(|b| b.len() == len)
}

/// True when `c` is a character `bump` keeps inside a URL-safe class.
pub fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// Proptest case count by backend: the pure-Rust backend's RSA and Ed25519
/// are slow in debug builds, so RSA/Ed25519-heavy properties run fewer
/// cases there to keep each test file to a few seconds.
pub fn cases(aws_lc: u32, rust_crypto: u32) -> u32 {
    if cdnsign::crypto::BACKEND == "aws-lc" {
        aws_lc
    } else {
        rust_crypto
    }
}

/// The code a changed character in the `Expires`, `KeyName` or `Signature`
/// value of a Google-style signed credential must produce (`None` when the
/// position is elsewhere). Spans come from `original`, before the change;
/// values end at one of `ends`; the signature decodes to `sig_len` bytes.
pub fn signed_field_code(
    original: &str,
    changed: &str,
    i: usize,
    sig: &Range<usize>,
    sig_len: usize,
    ends: &[char],
) -> Option<ErrorCode> {
    let expires = value_after(original, "Expires=", ends);
    let key = value_after(original, "KeyName=", ends);
    if sig.contains(&i) {
        // A valid encoding of other bytes, or not base64url at all.
        Some(if b64url_decodes_to(&changed[sig.clone()], sig_len) {
            ErrorCode::BadSignature
        } else {
            ErrorCode::Malformed
        })
    } else if expires.contains(&i) {
        // Digits stay digits: another signed value.
        Some(ErrorCode::BadSignature)
    } else if key.contains(&i) {
        // A key name the verifier does not hold.
        Some(ErrorCode::UnknownKey)
    } else {
        None
    }
}
