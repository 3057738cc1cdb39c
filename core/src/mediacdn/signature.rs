//! The four Ed25519 signature forms (RULES.md §1): exact URL, URL prefix,
//! path component and `Edge-Cache-Cookie`, and the parsers the verifiers
//! (Media CDN and Cloud CDN, which share the query and cookie grammar) use.

use crate::encoding::b64url_encode;
use crate::error::{Error, Result};
use crate::time::check_unix_seconds;

use super::keys::SigningKey;
use super::names::{check_key_name, validate_param_name, DEFAULT_TOKEN_PARAM};
use super::output::{SignedCookie, SignedUrl};
use super::url::{self, check_http_url, check_no_reserved_params, check_wire, Param};

/// The Media CDN signed cookie's name.
pub const EDGE_CACHE_COOKIE: &str = "Edge-Cache-Cookie";

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

/// Signs Media CDN requests with one Ed25519 key of a keyset. Immutable,
/// `Send + Sync`, cheap to clone.
#[derive(Clone, Debug)]
pub struct Signer {
    key: SigningKey,
    key_name: String,
    padded: bool,
    param: String,
}

impl Signer {
    /// A signer naming `key_name` (the keyset key id, `[a-zA-Z][a-zA-Z0-9_-]*`,
    /// 1-64 characters) in every signature.
    pub fn new(key_name: &str, key: SigningKey) -> Result<Signer> {
        check_key_name("key_name", key_name)?;
        Ok(Signer {
            key,
            key_name: key_name.to_string(),
            padded: false,
            param: DEFAULT_TOKEN_PARAM.to_string(),
        })
    }

    /// Pads `URLPrefix` and `Signature` with `=` (Google's Python samples do;
    /// its Go sample does not; Media CDN accepts both). Default: unpadded.
    pub fn with_padding(mut self, padded: bool) -> Signer {
        self.padded = padded;
        self
    }

    /// The path-component marker (`edge-cache-token` unless the route uses
    /// another token parameter name).
    pub fn with_param(mut self, name: &str) -> Result<Signer> {
        validate_param_name(name)?;
        self.param = name.to_string();
        Ok(self)
    }

    /// The key name put in `KeyName=`.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// The key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    fn signature(&self, signed: &str) -> String {
        b64url_encode(&self.key.sign(signed.as_bytes()), self.padded)
    }

    fn check_url<'a>(&self, field: &'static str, u: &'a str) -> Result<url::UrlParts<'a>> {
        let parts = check_http_url(field, u)?;
        check_no_reserved_params(field, &parts, &RESERVED_PARAMS)?;
        check_no_reserved_params(field, &parts, &[self.param.as_str()])?;
        Ok(parts)
    }

    /// Exact URL: signs `<url>?Expires=N&KeyName=K` (`&` when the URL has a
    /// query) and appends `&Signature=…` (RULES.md S2, S7).
    pub fn sign_url(&self, url: &str, expires: i64) -> Result<SignedUrl> {
        self.check_url("url", url)?;
        check_time("expires", expires)?;
        let signed = format!(
            "{}Expires={expires}&KeyName={}",
            sep_after(url),
            self.key_name
        );
        let signed = format!("{url}{signed}");
        let sig = self.signature(&signed);
        Ok(SignedUrl {
            url: format!("{signed}&Signature={sig}"),
            signed_value: signed,
        })
    }

    /// `URLPrefix=<b64url(prefix)>&Expires=N&KeyName=K&Signature=S`, for any URL
    /// starting with `prefix` (scheme and host included; a query is allowed,
    /// RULES.md S3, S8, S11).
    pub fn prefix_query(&self, prefix: &str, expires: i64) -> Result<SignedQuery> {
        check_http_url("prefix", prefix)?;
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

    /// `url` (which must start with `prefix`) carrying a prefix signature.
    pub fn sign_prefix(&self, url: &str, prefix: &str, expires: i64) -> Result<SignedUrl> {
        check_http_url("prefix", prefix)?;
        self.check_url("url", url)?;
        if !url.starts_with(prefix) {
            return Err(Error::invalid_input(
                "url",
                format!(
                    "url {:?} does not start with the signed prefix {:?}; Media CDN would answer 403",
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

    /// Path component: signs `<prefix>/edge-cache-token=Expires=N&KeyName=K`
    /// (the prefix's trailing `/` dropped first) and returns
    /// `<that>&Signature=S/<rest>`; relative URLs below it inherit the
    /// signature (RULES.md S4, S9). The prefix cannot have a query.
    pub fn sign_path(&self, prefix: &str, rest: &str, expires: i64) -> Result<SignedUrl> {
        let parts = check_http_url("prefix", prefix)?;
        if parts.query.is_some() {
            return Err(Error::invalid_input(
                "prefix",
                "a path-component signature goes into the path, so its prefix cannot have a ?query",
            ));
        }
        if parts.path.contains(&format!("/{}=", self.param)) {
            return Err(Error::invalid_input(
                "prefix",
                format!("prefix already contains a /{}= path component", self.param),
            ));
        }
        check_wire("rest", rest)?;
        if rest.contains('#') {
            return Err(Error::invalid_input(
                "rest",
                "rest has a #fragment, which a client never sends",
            ));
        }
        check_time("expires", expires)?;
        let base = prefix.trim_end_matches('/');
        let signed = format!(
            "{base}/{}=Expires={expires}&KeyName={}",
            self.param, self.key_name
        );
        let sig = self.signature(&signed);
        Ok(SignedUrl {
            url: format!("{signed}&Signature={sig}/{}", rest.trim_start_matches('/')),
            signed_value: signed,
        })
    }

    /// `Edge-Cache-Cookie` for every URL starting with `prefix`: value
    /// `URLPrefix=<b64url>:Expires=N:KeyName=K:Signature=S` (RULES.md S5, S10).
    pub fn sign_cookie(&self, prefix: &str, expires: i64) -> Result<SignedCookie> {
        check_http_url("prefix", prefix)?;
        check_time("expires", expires)?;
        let signed = format!(
            "URLPrefix={}:Expires={expires}:KeyName={}",
            b64url_encode(prefix.as_bytes(), self.padded),
            self.key_name
        );
        let sig = self.signature(&signed);
        Ok(SignedCookie {
            name: EDGE_CACHE_COOKIE,
            value: format!("{signed}:Signature={sig}"),
            signed_value: signed,
        })
    }
}

fn sep_after(url: &str) -> char {
    if url.contains('?') {
        '&'
    } else {
        '?'
    }
}

// ---- parsing what a client sent -------------------------------------------------

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

fn value_of<'a>(p: &Param<'a>, field: &'static str) -> Result<&'a str> {
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

/// A signature carried in a path component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PathSignature<'a> {
    pub signed_value: &'a str,
    /// The URL before `/<param>=`.
    pub prefix: &'a str,
    pub expires: i64,
    pub key_name: &'a str,
    pub signature: &'a str,
    /// The path after the component (starts with `/`, or empty).
    pub rest: &'a str,
}

/// Finds `/<param>=Expires=N&KeyName=K&Signature=S` in `url`'s path.
pub(crate) fn find_path_signature<'a>(
    url_text: &'a str,
    param: &str,
) -> Result<Option<PathSignature<'a>>> {
    let Some(parts) = url::split(url_text) else {
        return Ok(None);
    };
    let marker = format!("/{param}=");
    let Some(at) = parts.path.find(&marker) else {
        return Ok(None);
    };
    let path_start = parts.origin.len();
    let seg_start = path_start + at + marker.len();
    let seg_len = url_text[seg_start..path_start + parts.path.len()]
        .find('/')
        .unwrap_or(path_start + parts.path.len() - seg_start);
    let segment = &url_text[seg_start..seg_start + seg_len];
    let fields = url::params(segment, seg_start);
    let names: Vec<&str> = fields.iter().map(|p| p.name).collect();
    if names != ["Expires", "KeyName", "Signature"] {
        return Err(Error::malformed(
            "Signature",
            format!(
                "the {param}= path component must hold Expires=…&KeyName=…&Signature=…, found {}",
                names.join("&")
            ),
        ));
    }
    let expires = parse_seconds("Expires", value_of(&fields[0], "Expires")?)?;
    let key_name = value_of(&fields[1], "KeyName")?;
    let signature = value_of(&fields[2], "Signature")?;
    Ok(Some(PathSignature {
        signed_value: &url_text[..fields[2].start - 1],
        prefix: &url_text[..path_start + at],
        expires,
        key_name,
        signature,
        rest: &url_text[seg_start + seg_len..path_start + parts.path.len()],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new("key-1", SigningKey::from_seed(&[7u8; 32]).unwrap()).unwrap()
    }

    #[test]
    fn query_signature_round_trip() {
        let s = signer();
        let u = s.sign_url("https://h/a.m3u8?x=1", 1_900_000_000).unwrap();
        let q = find_query_signature(&u.url).unwrap().unwrap();
        assert_eq!(q.signed_value, u.signed_value);
        assert_eq!(q.key_name, "key-1");
        assert_eq!(q.expires, 1_900_000_000);
        assert!(q.url_prefix.is_none());
        let p = s
            .sign_prefix("https://h/v/a?z=2", "https://h/v/", 1_900_000_000)
            .unwrap();
        let q = find_query_signature(&p.url).unwrap().unwrap();
        assert_eq!(q.signed_value, p.signed_value);
        assert_eq!(
            decode_prefix(q.url_prefix.unwrap()).unwrap(),
            "https://h/v/"
        );
        assert!(find_query_signature("https://h/a?x=1").unwrap().is_none());
    }

    #[test]
    fn query_signature_malformed() {
        for (u, field) in [
            ("https://h/a?Signature=x", "KeyName"),
            ("https://h/a?KeyName=k&Signature=x", "Expires"),
            ("https://h/a?Expires=x&KeyName=k&Signature=x", "Expires"),
            (
                "https://h/a?Expires=1&KeyName=k&Signature=x&y=1",
                "Signature",
            ),
            ("https://h/a?Expires=1&KeyName=&Signature=x", "KeyName"),
            ("https://h/a?Expires=1&KeyName=k&Signature=", "Signature"),
        ] {
            assert_eq!(
                find_query_signature(u).unwrap_err().field(),
                Some(field),
                "{u}"
            );
        }
    }

    #[test]
    fn path_and_cookie_round_trip() {
        let s = signer().with_padding(true);
        let p = s
            .sign_path("https://h/video/", "hd/a.ts", 1_900_000_000)
            .unwrap();
        let f = find_path_signature(&p.url, "edge-cache-token")
            .unwrap()
            .unwrap();
        assert_eq!(f.signed_value, p.signed_value);
        assert_eq!(f.prefix, "https://h/video");
        assert_eq!(f.rest, "/hd/a.ts");
        let c = s.sign_cookie("https://h/v/", 1_900_000_000).unwrap();
        let f = parse_cookie_signature(&c.value).unwrap();
        assert_eq!(f.signed_value, c.signed_value);
        assert!(parse_cookie_signature("URLPrefix=aA:Expires=1").is_err());
        assert!(
            parse_cookie_signature("URLPrefix=aA:Expires=1:KeyName=k:Signature=s:x=1").is_err()
        );
    }

    #[test]
    fn refusals() {
        let s = signer();
        assert_eq!(
            s.sign_url("https://h/a?edge-cache-token=x", 5_000)
                .unwrap_err()
                .field(),
            Some("url")
        );
        assert_eq!(
            s.sign_url("https://h/a", 0).unwrap_err().field(),
            Some("expires")
        );
        assert_eq!(
            s.sign_path("https://h/v?x=1", "a", 5_000)
                .unwrap_err()
                .field(),
            Some("prefix")
        );
        assert!(Signer::new("", SigningKey::from_seed(&[7u8; 32]).unwrap()).is_err());
        let custom = signer().with_param("tok").unwrap();
        assert!(custom
            .sign_path("https://h/v/", "a", 5_000)
            .unwrap()
            .url
            .contains("/tok=Expires"));
    }
}
