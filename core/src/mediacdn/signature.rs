//! The four Ed25519 signature forms (RULES.md §1): exact URL, URL prefix,
//! path component and `Edge-Cache-Cookie`, and the parsers the verifiers
//! (Media CDN and Cloud CDN, which share the query and cookie grammar) use.

use crate::encoding::b64url_encode;
use crate::error::{Error, Result};

use super::keys::SigningKey;
use super::names::{check_key_name, validate_param_name, DEFAULT_TOKEN_PARAM};
use crate::google::output::{SignedCookie, SignedUrl};
use crate::google::signature::{
    check_time, parse_seconds, value_of, Forms, SignedQuery, RESERVED_PARAMS,
};
use crate::google::url::{self, check_http_url, check_no_reserved_params, check_wire};

/// The Media CDN signed cookie's name.
pub const EDGE_CACHE_COOKIE: &str = "Edge-Cache-Cookie";

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

    fn with_forms<T>(&self, f: impl FnOnce(&Forms<'_>) -> T) -> T {
        let sign = |b: &[u8]| self.key.sign(b).to_vec();
        f(&Forms {
            key_name: &self.key_name,
            padded: self.padded,
            cookie_name: EDGE_CACHE_COOKIE,
            sign: &sign,
        })
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
        self.with_forms(|f| f.url(url, expires))
    }

    /// `URLPrefix=<b64url(prefix)>&Expires=N&KeyName=K&Signature=S`, for any URL
    /// starting with `prefix` (scheme and host included; a query is allowed,
    /// RULES.md S3, S8, S11).
    pub fn prefix_query(&self, prefix: &str, expires: i64) -> Result<SignedQuery> {
        check_http_url("prefix", prefix)?;
        self.with_forms(|f| f.prefix_query(prefix, expires))
    }

    /// `url` (which must start with `prefix`) carrying a prefix signature.
    pub fn sign_prefix(&self, url: &str, prefix: &str, expires: i64) -> Result<SignedUrl> {
        check_http_url("prefix", prefix)?;
        self.check_url("url", url)?;
        self.with_forms(|f| f.prefixed_url(url, prefix, expires))
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
        self.with_forms(|f| f.cookie(prefix, expires))
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::signature::{decode_prefix, find_query_signature, parse_cookie_signature};

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
