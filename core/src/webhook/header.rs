//! The `Webhook-Signature` header: `time=<unix>,sig1=<hex>`.
//!
//! Tolerant where senders and proxies vary (whitespace around parts, keys and
//! values; parts in any order; unknown keys and empty parts ignored; several
//! `sig1`, any of which may match; hex in either case) and strict where it
//! matters: exactly one `time` of ASCII digits (a millisecond value is
//! refused), at least one `sig1`, each exactly 64 hex digits. Bounded: at most
//! [`MAX_HEADER_LEN`] bytes and [`MAX_SIGNATURES`] `sig1` values.

use std::fmt;

use crate::encoding::hex_decode;
use crate::error::{Error, ErrorCode, Result};
use crate::time::MILLISECONDS_THRESHOLD;

/// The header name Stream sends.
pub const HEADER_NAME: &str = "Webhook-Signature";

/// Longest header value accepted.
pub const MAX_HEADER_LEN: usize = 4096;

/// Most `sig1` values accepted in one header.
pub const MAX_SIGNATURES: usize = 16;

/// A parsed header.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    time: i64,
    time_text: String,
    signatures: Vec<[u8; 32]>,
}

impl fmt::Debug for SignatureHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureHeader")
            .field("time", &self.time)
            .field("sig1_count", &self.signatures.len())
            .finish()
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

impl SignatureHeader {
    /// Parses a header value. A missing or blank value is
    /// `missing_credential`; anything unusable is `malformed`, naming `time`,
    /// `sig1` or the header.
    pub fn parse(value: &str) -> Result<SignatureHeader> {
        if value.trim().is_empty() {
            return Err(Error::rejected(
                ErrorCode::MissingCredential,
                format!("no {HEADER_NAME} header: the request is not signed"),
            )
            .with_field(HEADER_NAME));
        }
        if value.len() > MAX_HEADER_LEN {
            return Err(Error::malformed(
                HEADER_NAME,
                format!(
                    "the {HEADER_NAME} header is {} bytes; at most {MAX_HEADER_LEN}",
                    value.len()
                ),
            ));
        }
        let mut time: Option<(i64, String)> = None;
        let mut signatures: Vec<[u8; 32]> = Vec::new();
        for part in value.split(',') {
            let part = part.trim_matches(is_blank);
            let Some((key, val)) = part.split_once('=') else {
                continue; // empty parts and bare words carry nothing
            };
            let key = key.trim_matches(is_blank);
            let val = val.trim_matches(is_blank);
            if key.eq_ignore_ascii_case("time") {
                if time.is_some() {
                    return Err(Error::malformed("time", "time= appears more than once"));
                }
                time = Some((parse_time(val)?, val.to_string()));
            } else if key.eq_ignore_ascii_case("sig1") {
                if signatures.len() == MAX_SIGNATURES {
                    return Err(Error::malformed(
                        "sig1",
                        format!("more than {MAX_SIGNATURES} sig1 values"),
                    ));
                }
                signatures.push(parse_sig(val)?);
            }
        }
        let (time, time_text) = time.ok_or_else(|| {
            Error::malformed(
                "time",
                format!("the {HEADER_NAME} header has no time= (expected time=<unix seconds>,sig1=<hex>)"),
            )
        })?;
        if signatures.is_empty() {
            return Err(Error::malformed(
                "sig1",
                format!("the {HEADER_NAME} header has no sig1= (expected time=<unix seconds>,sig1=<hex>)"),
            ));
        }
        Ok(SignatureHeader {
            time,
            time_text,
            signatures,
        })
    }

    /// The `time` value, Unix seconds.
    pub fn time(&self) -> i64 {
        self.time
    }

    /// The `time` digits exactly as sent (they are what was signed).
    pub fn time_text(&self) -> &str {
        &self.time_text
    }

    /// The `sig1` values, decoded.
    pub fn signatures(&self) -> &[[u8; 32]] {
        &self.signatures
    }
}

fn parse_time(val: &str) -> Result<i64> {
    if val.is_empty() || !val.bytes().all(|b| b.is_ascii_digit()) {
        let shown: String = val.chars().take(24).collect();
        return Err(Error::malformed(
            "time",
            format!("time={shown:?} is not Unix seconds (ASCII digits only)"),
        ));
    }
    if val.len() > 15 {
        return Err(Error::malformed(
            "time",
            format!(
                "time has {} digits; Unix seconds have at most 11",
                val.len()
            ),
        ));
    }
    let t: i64 = val
        .parse()
        .map_err(|_| Error::malformed("time", "time does not parse"))?;
    if t >= MILLISECONDS_THRESHOLD {
        return Err(Error::malformed(
            "time",
            format!(
                "time={t} looks like milliseconds; Stream sends Unix seconds (did the sender mean {}?)",
                t / 1000
            ),
        ));
    }
    Ok(t)
}

fn parse_sig(val: &str) -> Result<[u8; 32]> {
    if val.len() != 64 {
        return Err(Error::malformed(
            "sig1",
            format!(
                "sig1 has {} characters; an HMAC-SHA256 in hex has 64",
                val.chars().count()
            ),
        ));
    }
    let bytes = hex_decode(val, "sig1")?;
    let mut out = [0u8; 32];
    out.copy_from_slice(&bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "60493ec9388b44585a29543bcf0de62e377d4da393246a8b1c901d0e3e672404";

    #[test]
    fn tolerant_forms() {
        for h in [
            format!("time=1230811200,sig1={SIG}"),
            format!(" time = 1230811200 ,\tsig1 = {SIG} "),
            format!("sig1={SIG},time=1230811200"),
            format!("time=1230811200,,v0=x,junk,sig1={SIG},"),
            format!("TIME=1230811200,SIG1={}", SIG.to_uppercase()),
        ] {
            let p = SignatureHeader::parse(&h).unwrap();
            assert_eq!(p.time(), 1_230_811_200, "{h}");
            assert_eq!(p.signatures().len(), 1);
        }
        let p = SignatureHeader::parse(&format!("time=0012,sig1={SIG},sig1={SIG}")).unwrap();
        assert_eq!((p.time(), p.time_text()), (12, "0012"));
        assert_eq!(p.signatures().len(), 2);
    }

    #[test]
    fn strict_where_it_matters() {
        let field = |h: &str| {
            let e = SignatureHeader::parse(h).unwrap_err();
            (e.code(), e.field())
        };
        let m = ErrorCode::Malformed;
        assert_eq!(field(""), (ErrorCode::MissingCredential, Some(HEADER_NAME)));
        assert_eq!(
            field(" \t"),
            (ErrorCode::MissingCredential, Some(HEADER_NAME))
        );
        assert_eq!(field("garbage"), (m, Some("time")));
        assert_eq!(field(&format!("sig1={SIG}")), (m, Some("time")));
        assert_eq!(field("time=1"), (m, Some("sig1")));
        assert_eq!(field(&format!("time=-1,sig1={SIG}")), (m, Some("time")));
        assert_eq!(field(&format!("time=1.5,sig1={SIG}")), (m, Some("time")));
        assert_eq!(
            field(&format!("time=1767290400000,sig1={SIG}")),
            (m, Some("time"))
        );
        assert_eq!(
            field(&format!("time=1,time=1,sig1={SIG}")),
            (m, Some("time"))
        );
        assert_eq!(field("time=1,sig1=abc"), (m, Some("sig1")));
        assert_eq!(
            field(&format!("time=1,sig1={}", "g".repeat(64))),
            (m, Some("sig1"))
        );
        let many = vec![format!("sig1={SIG}"); MAX_SIGNATURES + 1].join(",");
        assert_eq!(field(&format!("time=1,{many}")), (m, Some("sig1")));
        let long = format!("time=1,sig1={SIG},x={}", "y".repeat(MAX_HEADER_LEN));
        assert_eq!(field(&long), (m, Some(HEADER_NAME)));
    }
}
