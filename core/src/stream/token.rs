//! Taking a compact token apart without trusting it: the three parts, the
//! header, and the claims. Bounded: at most [`MAX_TOKEN_LEN`] bytes, strict
//! base64url, strict JSON (no duplicate members, nesting ≤ 128).

use serde_json::{Map, Value};

use super::claims::{AccessRule, MAX_ACCESS_RULES};
use crate::encoding::b64url_decode;
use crate::error::{Error, Result};
use crate::json::{kind, parse_object};

/// Longest token accepted (a token with five full rules is well under 4 KiB;
/// URLs longer than this do not survive proxies anyway).
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// The parts of a compact JWS, split and base64url-decoded, nothing verified.
pub(crate) struct Parts<'a> {
    pub signing_input: &'a str,
    pub header: Map<String, Value>,
    pub header_json: String,
    pub payload_b64: &'a str,
    pub signature_b64: &'a str,
}

pub(crate) fn split(token: &str) -> Result<Parts<'_>> {
    if token.is_empty() {
        return Err(Error::malformed("token", "the token is empty"));
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::malformed(
            "token",
            format!(
                "the token is {} bytes; at most {MAX_TOKEN_LEN} are accepted",
                token.len()
            ),
        ));
    }
    let mut it = token.split('.');
    let (h, p, s) = match (it.next(), it.next(), it.next(), it.next()) {
        (Some(h), Some(p), Some(s), None) => (h, p, s),
        _ => {
            return Err(Error::malformed(
                "token",
                format!(
                "a Stream token has 3 dot-separated parts (header.payload.signature), this has {}",
                token.split('.').count()
            ),
            ))
        }
    };
    let header_bytes = decode_part(h, "header")?;
    let header = parse_object(&header_bytes)
        .map_err(|why| Error::malformed("header", format!("the token header {why}")))?;
    let header_json = String::from_utf8(header_bytes).unwrap_or_default();
    Ok(Parts {
        signing_input: &token[..h.len() + 1 + p.len()],
        header,
        header_json,
        payload_b64: p,
        signature_b64: s,
    })
}

/// base64url without padding (RFC 7515 §2), strictly.
pub(crate) fn decode_part(part: &str, field: &'static str) -> Result<Vec<u8>> {
    if let Some(c) = part
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Error::malformed(
            field,
            format!("the token {field} contains {c:?}; tokens are base64url without padding"),
        ));
    }
    b64url_decode(part, field)
}

/// The header's `alg`, as found (not yet judged).
pub(crate) fn header_alg(header: &Map<String, Value>) -> Result<&str> {
    match header.get("alg") {
        Some(Value::String(a)) => Ok(a),
        Some(other) => Err(Error::malformed(
            "alg",
            format!("the header's alg is {}, not a string", kind(other)),
        )),
        None => Err(Error::malformed("alg", "the token header has no alg")),
    }
}

/// The header's `kid`.
pub(crate) fn header_kid(header: &Map<String, Value>) -> Result<&str> {
    match header.get("kid") {
        Some(Value::String(k)) => Ok(k),
        Some(other) => Err(Error::malformed(
            "kid",
            format!("the header's kid is {}, not a string", kind(other)),
        )),
        None => Err(Error::malformed(
            "kid",
            "the token header has no kid; Stream tokens name their signing key in the header",
        )),
    }
}

/// The claims of a token, as found in its payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    /// `sub`: the video uid (absent in some `/token` endpoint tokens).
    pub sub: Option<String>,
    /// `kid` in the payload.
    pub kid: Option<String>,
    /// `exp`.
    pub exp: Option<i64>,
    /// `nbf`.
    pub nbf: Option<i64>,
    /// True when `exp` was a numeric string (as the `/token` endpoint writes it).
    pub exp_was_string: bool,
    /// True when `nbf` was a numeric string.
    pub nbf_was_string: bool,
    /// `downloadable` (absent = false).
    pub downloadable: bool,
    /// `accessRules`, in order.
    pub access_rules: Vec<AccessRule>,
}

/// A JSON integer, or a string of 1 to 15 ASCII digits. Anything else
/// (floats, signs, spaces, booleans) is malformed.
fn time_claim(obj: &Map<String, Value>, name: &'static str) -> Result<(Option<i64>, bool)> {
    match obj.get(name) {
        None => Ok((None, false)),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(v) => Ok((Some(v), false)),
            None => Err(Error::malformed(
                name,
                format!("{name}={n} is not a whole number of seconds"),
            )),
        },
        Some(Value::String(s)) => {
            if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
                let shown: String = s.chars().take(24).collect();
                return Err(Error::malformed(
                    name,
                    format!("{name}={shown:?} is not a number of seconds (digits only)"),
                ));
            }
            let v: i64 = s
                .parse()
                .map_err(|_| Error::malformed(name, format!("{name} does not parse")))?;
            Ok((Some(v), true))
        }
        Some(other) => Err(Error::malformed(
            name,
            format!("{name} is {}, not a number", kind(other)),
        )),
    }
}

fn string_claim(obj: &Map<String, Value>, name: &'static str) -> Result<Option<String>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::malformed(
            name,
            format!("{name} is {}, not a string", kind(other)),
        )),
    }
}

/// Parses the payload part into claims.
pub(crate) fn parse_claims(payload_b64: &str) -> Result<TokenClaims> {
    let bytes = decode_part(payload_b64, "payload")?;
    let obj = parse_object(&bytes)
        .map_err(|why| Error::malformed("payload", format!("the token payload {why}")))?;
    claims_from_object(&obj)
}

pub(crate) fn claims_from_object(obj: &Map<String, Value>) -> Result<TokenClaims> {
    let sub = string_claim(obj, "sub")?;
    let kid = string_claim(obj, "kid")?;
    let (exp, exp_was_string) = time_claim(obj, "exp")?;
    let (nbf, nbf_was_string) = time_claim(obj, "nbf")?;
    let downloadable = match obj.get("downloadable") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(Error::malformed(
                "downloadable",
                format!("downloadable is {}, not true or false", kind(other)),
            ))
        }
    };
    let access_rules = match obj.get("accessRules") {
        None => Vec::new(),
        Some(v) => {
            if let Value::Array(a) = v {
                if a.len() > MAX_ACCESS_RULES {
                    return Err(Error::malformed(
                        "accessRules",
                        format!(
                            "accessRules has {} rules; Cloudflare accepts at most {MAX_ACCESS_RULES}",
                            a.len()
                        ),
                    ));
                }
            }
            AccessRule::list_from_json_value(v).map_err(|e| {
                Error::malformed(e.field().unwrap_or("accessRules"), e.message().to_string())
            })?
        }
    };
    Ok(TokenClaims {
        sub,
        kid,
        exp,
        nbf,
        exp_was_string,
        nbf_was_string,
        downloadable,
        access_rules,
    })
}

/// A token taken apart **without verification**, for `explain` and
/// debugging. Nothing in it is trustworthy until a [`super::Verifier`] says so.
#[derive(Clone, Debug)]
pub struct DecodedToken {
    /// The header JSON as sent.
    pub header_json: String,
    /// `alg`, if a string.
    pub alg: Option<String>,
    /// `kid`, if a string.
    pub kid: Option<String>,
    /// `typ`, if a string.
    pub typ: Option<String>,
    /// Header members other than `alg`, `kid`, `typ`.
    pub other_header_members: Vec<String>,
    /// The payload JSON as sent (lossy UTF-8).
    pub payload_json: String,
    /// The claims, or why they do not parse.
    pub claims: Result<TokenClaims>,
    /// Signature length in bytes (an RSA-2048 signature is 256), if decodable.
    pub signature_len: Option<usize>,
}

/// Decodes a token without verifying anything.
pub fn decode(token: &str) -> Result<DecodedToken> {
    let token = token.trim();
    let parts = split(token)?;
    let get = |k: &str| {
        parts
            .header
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let payload_bytes = decode_part(parts.payload_b64, "payload")?;
    let claims = parse_object(&payload_bytes)
        .map_err(|why| Error::malformed("payload", format!("the token payload {why}")))
        .and_then(|obj| claims_from_object(&obj));
    Ok(DecodedToken {
        header_json: parts.header_json.clone(),
        alg: get("alg"),
        kid: get("kid"),
        typ: get("typ"),
        other_header_members: parts
            .header
            .keys()
            .filter(|k| !matches!(k.as_str(), "alg" | "kid" | "typ"))
            .map(|k| k.chars().take(32).collect())
            .collect(),
        payload_json: String::from_utf8_lossy(&payload_bytes).into_owned(),
        claims,
        signature_len: decode_part(parts.signature_b64, "signature")
            .ok()
            .map(|s| s.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn b64(s: &str) -> String {
        crate::encoding::b64url_encode(s.as_bytes(), false)
    }

    #[test]
    fn structure_is_checked_before_anything_else() {
        for bad in [
            "",
            "a",
            "a.b",
            "a.b.c.d",
            "e30=.e30.x",
            "e+0.e30.x",
            "W10.e30.x",
        ] {
            let e = split(bad).map(|_| ()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::Malformed, "{bad:?}");
        }
        assert!(decode_part("eA=", "signature").is_err());
        let long = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(split(&long).is_err());
        let ok = format!("{}.{}.sig", b64(r#"{"alg":"RS256","kid":"k"}"#), b64("{}"));
        let p = split(&ok).unwrap();
        assert_eq!(header_alg(&p.header).unwrap(), "RS256");
        assert_eq!(header_kid(&p.header).unwrap(), "k");
        assert_eq!(p.signing_input, &ok[..ok.len() - 4]);
    }

    #[test]
    fn time_claims_accept_numbers_and_digit_strings_only() {
        let parse = |json: &str| {
            let obj = parse_object(json.as_bytes()).unwrap();
            claims_from_object(&obj)
        };
        let c = parse(r#"{"exp":"1767294000","nbf":1767290400}"#).unwrap();
        assert_eq!((c.exp, c.exp_was_string), (Some(1_767_294_000), true));
        assert_eq!((c.nbf, c.nbf_was_string), (Some(1_767_290_400), false));
        for bad in [
            r#"{"exp":1.5}"#,
            r#"{"exp":" 1"}"#,
            r#"{"exp":"+1"}"#,
            r#"{"exp":"1_0"}"#,
            r#"{"exp":""}"#,
            r#"{"exp":true}"#,
            r#"{"exp":"9999999999999999"}"#,
            r#"{"exp":18446744073709551615}"#,
        ] {
            assert_eq!(parse(bad).unwrap_err().field(), Some("exp"), "{bad}");
        }
        assert_eq!(
            parse(r#"{"downloadable":"yes"}"#).unwrap_err().field(),
            Some("downloadable")
        );
        let e = parse(r#"{"accessRules":[{"type":"x","action":"block"}]}"#).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::Malformed, Some("accessRules"))
        );
    }

    #[test]
    fn decode_reports_without_verifying() {
        let t = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"HS256","kid":"k","jku":"https://x"}"#),
            b64(r#"{"sub":"u","exp":"5"}"#),
            b64("sig")
        );
        let d = decode(&t).unwrap();
        assert_eq!(d.alg.as_deref(), Some("HS256"));
        assert_eq!(d.other_header_members, vec!["jku".to_string()]);
        assert_eq!(d.claims.unwrap().exp, Some(5));
        assert_eq!(d.signature_len, Some(3));
    }
}
