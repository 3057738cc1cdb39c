//! Byte encodings shared by the providers: the base64 dialects, hex, JSON string
//! escaping and URL percent-encoding.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::error::{Error, Result};

/// base64url that accepts input with or without `=` padding (the vendors'
/// samples disagree; a verifier must take what it is sent).
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard alphabet, padding optional on decode.
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const URL_SAFE_PADDED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(true),
);

/// Standard base64 with padding (RFC 4648 §4).
pub fn b64_encode(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Standard base64, padding optional.
pub fn b64_decode(text: &str, field: &'static str) -> Result<Vec<u8>> {
    STANDARD_LENIENT
        .decode(text.trim())
        .map_err(|e| Error::malformed(field, format!("{field} is not valid base64: {e}")))
}

/// base64url (RFC 4648 §5), unpadded or padded.
pub fn b64url_encode(data: &[u8], padded: bool) -> String {
    if padded {
        URL_SAFE_PADDED.encode(data)
    } else {
        URL_SAFE_LENIENT.encode(data)
    }
}

/// base64url, padding optional.
pub fn b64url_decode(text: &str, field: &'static str) -> Result<Vec<u8>> {
    URL_SAFE_LENIENT
        .decode(text)
        .map_err(|e| Error::malformed(field, format!("{field} is not valid base64url: {e}")))
}

/// Either alphabet, padded or not: for key material users paste from anywhere.
pub fn b64_any_decode(text: &str, field: &'static str) -> Result<Vec<u8>> {
    let text = text.trim();
    let urlish = text.contains('-') || text.contains('_');
    let first = if urlish {
        URL_SAFE_LENIENT.decode(text)
    } else {
        STANDARD_LENIENT.decode(text)
    };
    first.map_err(|e| {
        Error::invalid_input(
            field,
            format!("{field} is neither base64 nor base64url: {e}"),
        )
    })
}

/// CloudFront's URL-safe base64: standard base64 with padding, then
/// `+`→`-`, `=`→`_`, `/`→`~`.
pub fn cloudfront_b64_encode(data: &[u8]) -> String {
    STANDARD
        .encode(data)
        .chars()
        .map(|c| match c {
            '+' => '-',
            '=' => '_',
            '/' => '~',
            other => other,
        })
        .collect()
}

/// Inverse of [`cloudfront_b64_encode`]. Accepts missing padding.
pub fn cloudfront_b64_decode(text: &str, field: &'static str) -> Result<Vec<u8>> {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            other => other,
        })
        .collect();
    STANDARD_LENIENT.decode(mapped.as_bytes()).map_err(|e| {
        Error::malformed(
            field,
            format!("{field} is not valid CloudFront base64: {e}"),
        )
    })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex.
pub fn hex_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 2);
    for b in data {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
    }
    out
}

/// Hex, either case. Errors name `field`.
pub fn hex_decode(text: &str, field: &'static str) -> Result<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return Err(Error::malformed(
            field,
            format!("{field} has an odd number of hex digits ({})", bytes.len()),
        ));
    }
    // A plain loop: collecting `Result<u8, Error>`s costs several times more
    // on the webhook hot path, where every request decodes a 64-digit sig1.
    let mut out = Vec::with_capacity(bytes.len() / 2);
    for pair in bytes.chunks_exact(2) {
        match (nibble(pair[0]), nibble(pair[1])) {
            (Some(h), Some(l)) => out.push(h << 4 | l),
            _ => {
                return Err(Error::malformed(
                    field,
                    format!("{field} contains a character that is not a hex digit"),
                ))
            }
        }
    }
    Ok(out)
}

/// Appends `value` as a JSON string literal (with quotes) to `out`, escaping
/// quotes, backslashes and every control character, so that no input can
/// break out of the string (policy-injection defence).
pub fn push_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// True for bytes that may appear literally in a URL on the wire
/// (RFC 3986 unreserved, reserved, and `%`).
pub fn is_url_wire_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b':'
                | b'/'
                | b'?'
                | b'#'
                | b'['
                | b']'
                | b'@'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b'%'
        )
}

/// Returns the first character of `url` that cannot appear on the wire, with
/// its byte offset, if any.
pub fn first_invalid_url_char(url: &str) -> Option<(usize, char)> {
    url.char_indices()
        .find(|(_, c)| !c.is_ascii() || !is_url_wire_byte(*c as u8))
}

/// Percent-encodes every byte of `url` that cannot appear on the wire
/// (spaces, non-ASCII as UTF-8 bytes, controls, `"<>\^`{|}`), leaving
/// existing `%XX` escapes and URL structure untouched. Signers refuse such
/// URLs rather than encode them silently; this helper is what the error
/// message points callers to, so they sign the exact URL they will send.
pub fn percent_encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii() && is_url_wire_byte(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize].to_ascii_uppercase() as char);
            out.push(HEX[(b & 0xf) as usize].to_ascii_uppercase() as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudfront_alphabet_round_trips() {
        let data: Vec<u8> = (0u8..=255).collect();
        let enc = cloudfront_b64_encode(&data);
        assert!(!enc.contains('+') && !enc.contains('/') && !enc.contains('='));
        assert_eq!(cloudfront_b64_decode(&enc, "Signature").unwrap(), data);
        assert_eq!(cloudfront_b64_encode(&[0xfb, 0xff]), "-~8_");
    }

    #[test]
    fn base64url_padding_is_optional_on_decode() {
        assert_eq!(b64url_encode(b"ab", false), "YWI");
        assert_eq!(b64url_encode(b"ab", true), "YWI=");
        assert_eq!(b64url_decode("YWI", "x").unwrap(), b"ab");
        assert_eq!(b64url_decode("YWI=", "x").unwrap(), b"ab");
        assert!(b64url_decode("YW+I", "x").is_err());
        assert_eq!(b64_any_decode("-_8", "k").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(b64_any_decode("+/8=", "k").unwrap(), vec![0xfb, 0xff]);
    }

    #[test]
    fn hex_round_trip_and_errors() {
        assert_eq!(hex_encode(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(hex_decode("00ABff", "sig1").unwrap(), vec![0, 0xab, 0xff]);
        assert_eq!(hex_decode("abc", "sig1").unwrap_err().field(), Some("sig1"));
        assert!(hex_decode("zz", "sig1").is_err());
    }

    #[test]
    fn json_strings_cannot_be_broken_out_of() {
        let mut s = String::new();
        push_json_string(&mut s, "a\"}]},{\"x\\\n\u{1}é");
        assert_eq!(s, r#""a\"}]},{\"x\\\n\u0001é""#);
    }

    #[test]
    fn percent_encoding_only_touches_invalid_bytes() {
        assert_eq!(
            percent_encode_url("https://h/a b/é?q=1%20"),
            "https://h/a%20b/%C3%A9?q=1%20"
        );
        assert_eq!(first_invalid_url_char("https://h/a b"), Some((11, ' ')));
        assert_eq!(first_invalid_url_char("https://h/ab?x=*"), None);
    }
}
