//! The signature forms Media CDN and Cloud CDN share (RULES.md C1-C4):
//! `…?Expires=N&KeyName=K&Signature=S` over the exact URL,
//! `URLPrefix=P&Expires=N&KeyName=K&Signature=S` for a prefix, and the
//! `URLPrefix=P:Expires=N:KeyName=K:Signature=S` cookie. The signature
//! itself (Ed25519 or HMAC-SHA1) is each provider's.

use crate::encoding::b64url_encode;
use crate::error::{Error, Result};
use crate::time::check_unix_seconds;

use super::output::{SignedCookie, SignedUrl};
use super::request::{check_prefix, Form, MAX_COOKIES_TRIED};
use super::url::{self, Param};

/// Query parameters a URL must not carry before it is signed.
pub(crate) const RESERVED_PARAMS: [&str; 4] = ["Expires", "KeyName", "Signature", "URLPrefix"];

/// `URLPrefix=…&Expires=…&KeyName=…&Signature=…` ready to append to any URL
/// under the prefix, and the signed value behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedQuery {
    /// The query parameters (no leading `?`/`&`).
    pub query: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

impl SignedQuery {
    /// `url` with the parameters appended (`?` or `&`).
    pub fn apply_to(&self, url: &str) -> String {
        url::append_query(url, &self.query)
    }
}

/// Checks an expiry (or start) time given to a signer.
pub(crate) fn check_time(field: &'static str, t: i64) -> Result<i64> {
    check_unix_seconds(field, t)?;
    if t == 0 {
        return Err(Error::invalid_input(
            field,
            format!("{field}=0 is the Unix epoch; give an absolute time in seconds"),
        ));
    }
    Ok(t)
}

/// The three signature forms both Google CDNs sign, for one provider's key.
/// The caller has checked the URL or prefix its own way (Cloud CDN refuses a
/// prefix with a query; Media CDN also reserves its token parameter).
pub(crate) struct Forms<'a> {
    /// `KeyName=`.
    pub key_name: &'a str,
    /// Padded base64url for the signature and `URLPrefix`.
    pub padded: bool,
    /// `Edge-Cache-Cookie` or `Cloud-CDN-Cookie`.
    pub cookie_name: &'static str,
    /// The signature over the signed value's bytes (Ed25519 or HMAC-SHA1).
    pub sign: &'a dyn Fn(&[u8]) -> Vec<u8>,
}

impl Forms<'_> {
    fn signature(&self, signed: &str) -> String {
        b64url_encode(&(self.sign)(signed.as_bytes()), self.padded)
    }

    /// Exact URL: signs `<url>?Expires=N&KeyName=K` (`&` when the URL has a
    /// query) and appends `&Signature=…`.
    pub fn url(&self, url: &str, expires: i64) -> Result<SignedUrl> {
        check_time("expires", expires)?;
        let signed =
            url::append_query(url, &format!("Expires={expires}&KeyName={}", self.key_name));
        let sig = self.signature(&signed);
        Ok(SignedUrl {
            url: format!("{signed}&Signature={sig}"),
            signed_value: signed,
        })
    }

    /// `URLPrefix=<b64url(prefix)>&Expires=N&KeyName=K&Signature=S`.
    pub fn prefix_query(&self, prefix: &str, expires: i64) -> Result<SignedQuery> {
        check_time("expires", expires)?;
        let signed = format!(
            "URLPrefix={}&Expires={expires}&KeyName={}",
            b64url_encode(prefix.as_bytes(), self.padded),
            self.key_name
        );
        let sig = self.signature(&signed);
        Ok(SignedQuery {
            query: format!("{signed}&Signature={sig}"),
            signed_value: signed,
        })
    }

    /// `url`, which must start with `prefix`, carrying a prefix signature.
    pub fn prefixed_url(&self, url: &str, prefix: &str, expires: i64) -> Result<SignedUrl> {
        if !url.starts_with(prefix) {
            return Err(Error::invalid_input(
                "url",
                format!(
                    "url {:?} does not start with the signed prefix {:?}; the CDN would answer 403",
                    url::truncate(url, 100),
                    url::truncate(prefix, 100)
                ),
            ));
        }
        let q = self.prefix_query(prefix, expires)?;
        Ok(SignedUrl {
            url: q.apply_to(url),
            signed_value: q.signed_value,
        })
    }

    /// The cookie `URLPrefix=<b64url>:Expires=N:KeyName=K:Signature=S`.
    pub fn cookie(&self, prefix: &str, expires: i64) -> Result<SignedCookie> {
        check_time("expires", expires)?;
        let signed = format!(
            "URLPrefix={}:Expires={expires}:KeyName={}",
            b64url_encode(prefix.as_bytes(), self.padded),
            self.key_name
        );
        let sig = self.signature(&signed);
        Ok(SignedCookie {
            name: self.cookie_name,
            value: format!("{signed}:Signature={sig}"),
            signed_value: signed,
        })
    }
}

/// A signature carried in query parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct QuerySignature<'a> {
    /// What the signature covers: the URL up to `&Signature`, or
    /// `URLPrefix=…&Expires=…&KeyName=…`.
    pub signed_value: &'a str,
    /// The raw `URLPrefix` value (prefix form only).
    pub url_prefix: Option<&'a str>,
    pub expires: i64,
    pub key_name: &'a str,
    pub signature: &'a str,
}

/// Parses Unix seconds as sent (ASCII digits only).
pub(crate) fn parse_seconds(field: &'static str, value: &str) -> Result<i64> {
    if value.is_empty() || value.len() > 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::malformed(
            field,
            format!(
                "{field}={:?} is not a Unix time in seconds",
                url::truncate(value, 40)
            ),
        ));
    }
    value
        .parse()
        .map_err(|_| Error::malformed(field, format!("{field} is out of range")))
}

pub(crate) fn value_of<'a>(p: &Param<'a>, field: &'static str) -> Result<&'a str> {
    match p.value {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::malformed(field, format!("{field} has no value"))),
    }
}

/// Finds `…Expires=N&KeyName=K&Signature=S` in `url`'s query. `Ok(None)`
/// when the URL has no `Signature` parameter.
pub(crate) fn find_query_signature(url_text: &str) -> Result<Option<QuerySignature<'_>>> {
    let params = url::url_params(url_text);
    let Some(sig_at) = params.iter().position(|p| p.name == "Signature") else {
        return Ok(None);
    };
    if params.iter().filter(|p| p.name == "Signature").count() > 1 {
        return Err(Error::malformed(
            "Signature",
            "the URL has two Signature parameters",
        ));
    }
    if sig_at + 1 != params.len() {
        return Err(Error::malformed(
            "Signature",
            format!(
                "Signature must be the last query parameter; {} follows it and would not be covered",
                params[sig_at + 1].name
            ),
        ));
    }
    let sig = &params[sig_at];
    let signature = value_of(sig, "Signature")?;
    let before = &params[..sig_at];
    let key = before
        .last()
        .filter(|p| p.name == "KeyName")
        .ok_or_else(|| Error::malformed("KeyName", "KeyName must come just before Signature"))?;
    let key_name = value_of(key, "KeyName")?;
    let exp = before
        .len()
        .checked_sub(2)
        .map(|i| &before[i])
        .filter(|p| p.name == "Expires")
        .ok_or_else(|| Error::malformed("Expires", "Expires must come just before KeyName"))?;
    let expires = parse_seconds("Expires", value_of(exp, "Expires")?)?;
    let prefix = before
        .len()
        .checked_sub(3)
        .map(|i| &before[i])
        .filter(|p| p.name == "URLPrefix");
    // `sig.start - 1` is the '&' before Signature (KeyName precedes it).
    let end = sig.start - 1;
    let (signed_value, url_prefix) = match prefix {
        Some(p) => (&url_text[p.start..end], Some(value_of(p, "URLPrefix")?)),
        None => (&url_text[..end], None),
    };
    Ok(Some(QuerySignature {
        signed_value,
        url_prefix,
        expires,
        key_name,
        signature,
    }))
}

/// A signature carried in a cookie (`Edge-Cache-Cookie` / `Cloud-CDN-Cookie`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CookieSignature<'a> {
    pub signed_value: &'a str,
    pub url_prefix: &'a str,
    pub expires: i64,
    pub key_name: &'a str,
    pub signature: &'a str,
}

/// Parses `URLPrefix=P:Expires=N:KeyName=K:Signature=S`.
pub(crate) fn parse_cookie_signature(value: &str) -> Result<CookieSignature<'_>> {
    if value.len() > url::MAX_URL_LEN {
        return Err(Error::malformed("cookie", "the cookie is too long"));
    }
    let mut fields: Vec<(&str, &str, usize)> = Vec::new();
    let mut pos = 0;
    for piece in value.split(':') {
        let (n, v) = piece.split_once('=').unwrap_or((piece, ""));
        fields.push((n, v, pos));
        pos += piece.len() + 1;
    }
    let expected = ["URLPrefix", "Expires", "KeyName", "Signature"];
    for (i, name) in expected.iter().enumerate() {
        match fields.get(i) {
            Some((n, v, _)) if n == name && !v.is_empty() => {}
            _ => {
                return Err(Error::malformed(
                    name,
                    format!("a signed cookie is URLPrefix=…:Expires=…:KeyName=…:Signature=…; {name} is missing or out of place"),
                ))
            }
        }
    }
    if fields.len() != expected.len() {
        return Err(Error::malformed(
            "Signature",
            "Signature must be the last field of the cookie",
        ));
    }
    Ok(CookieSignature {
        signed_value: &value[..fields[3].2 - 1],
        url_prefix: fields[0].1,
        expires: parse_seconds("Expires", fields[1].1)?,
        key_name: fields[2].1,
        signature: fields[3].1,
    })
}

/// Decodes a received `URLPrefix` (base64url, padded or not) to text.
pub(crate) fn decode_prefix(value: &str) -> Result<String> {
    let bytes = crate::encoding::b64url_decode(value, "URLPrefix")?;
    String::from_utf8(bytes)
        .map_err(|_| Error::malformed("URLPrefix", "URLPrefix does not decode to text"))
}

/// What a received signature claims, before any key is tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Claimed<'a> {
    pub form: Form,
    pub signed_value: &'a str,
    pub key_name: &'a str,
    pub signature: &'a str,
    pub expires: i64,
}

/// Verifies the query forms (exact URL, URL prefix) of `url` with the
/// provider's `check`, then the prefix rule; `Ok(None)` when the URL has no
/// `Signature` parameter.
pub(crate) fn verify_query<V>(
    url: &str,
    check: impl FnOnce(Claimed<'_>) -> Result<V>,
) -> Result<Option<V>> {
    let Some(q) = find_query_signature(url)? else {
        return Ok(None);
    };
    let v = check(Claimed {
        form: if q.url_prefix.is_some() {
            Form::SignedPrefix
        } else {
            Form::SignedUrl
        },
        signed_value: q.signed_value,
        key_name: q.key_name,
        signature: q.signature,
        expires: q.expires,
    })?;
    if let Some(p) = q.url_prefix {
        check_prefix(url, &decode_prefix(p)?)?;
    }
    Ok(Some(v))
}

/// Verifies one signed cookie value for a request to `url`.
pub(crate) fn verify_cookie<V>(
    url: &str,
    value: &str,
    check: impl FnOnce(Claimed<'_>) -> Result<V>,
) -> Result<V> {
    let c = parse_cookie_signature(value)?;
    let v = check(Claimed {
        form: Form::Cookie,
        signed_value: c.signed_value,
        key_name: c.key_name,
        signature: c.signature,
        expires: c.expires,
    })?;
    check_prefix(url, &decode_prefix(c.url_prefix)?)?;
    Ok(v)
}

/// Tries the cookie values in order, at most [`MAX_COOKIES_TRIED`] (browsers
/// may send a cookie twice, for two paths; an attacker's hundreds are not
/// all tried): the first that verifies wins, else the first error, else
/// `missing()`.
pub(crate) fn first_verified<V>(
    values: Vec<&str>,
    mut try_one: impl FnMut(&str) -> Result<V>,
    missing: impl FnOnce() -> Error,
) -> Result<V> {
    let mut first_err = None;
    for value in values.into_iter().take(MAX_COOKIES_TRIED) {
        match try_one(value) {
            Ok(v) => return Ok(v),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or_else(missing))
}
