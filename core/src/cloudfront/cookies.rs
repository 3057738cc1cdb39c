//! Signed cookies: the values, their `Set-Cookie` header lines, and reading a
//! `Cookie:` request header back.
//!
//! Names (CloudFront's guide): `CloudFront-Expires` (canned) or
//! `CloudFront-Policy` (custom), `CloudFront-Signature`,
//! `CloudFront-Key-Pair-Id`, and `CloudFront-Hash-Algorithm` when the
//! signature uses SHA-256. The guide recommends leaving out `Expires` and
//! `Max-Age` so the browser drops the cookies when it closes; they are only
//! written when asked for.

use std::fmt;

use super::credential::{HashAlgorithm, Parameters};
use super::url::shown;
pub use crate::cookie::SameSite;
use crate::cookie::{self, Attributes, HeaderError};
use crate::error::{Error, Result};

/// `CloudFront-Expires`.
pub const COOKIE_EXPIRES: &str = "CloudFront-Expires";
/// `CloudFront-Policy`.
pub const COOKIE_POLICY: &str = "CloudFront-Policy";
/// `CloudFront-Signature`.
pub const COOKIE_SIGNATURE: &str = "CloudFront-Signature";
/// `CloudFront-Key-Pair-Id`.
pub const COOKIE_KEY_PAIR_ID: &str = "CloudFront-Key-Pair-Id";
/// `CloudFront-Hash-Algorithm`.
pub const COOKIE_HASH_ALGORITHM: &str = "CloudFront-Hash-Algorithm";

/// Every cookie name CloudFront reads.
pub const COOKIE_NAMES: [&str; 5] = [
    COOKIE_EXPIRES,
    COOKIE_POLICY,
    COOKIE_SIGNATURE,
    COOKIE_KEY_PAIR_ID,
    COOKIE_HASH_ALGORITHM,
];

/// Largest `Cookie:` header a verifier reads.
pub const MAX_COOKIE_HEADER_LEN: usize = 16 * 1024;

/// Attributes for the `Set-Cookie` header values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieOptions {
    /// `Domain=` (e.g. `d111111abcdef8.cloudfront.net` or your alternate domain).
    pub domain: Option<String>,
    /// `Path=`, starting with `/`.
    pub path: Option<String>,
    /// `Secure` (default on).
    pub secure: bool,
    /// `HttpOnly` (default on).
    pub http_only: bool,
    /// `SameSite=`; not written by default.
    pub same_site: Option<SameSite>,
    /// `Expires=` as a Unix time; not written by default (CloudFront's advice).
    pub expires: Option<i64>,
    /// `Max-Age=` in seconds; not written by default.
    pub max_age: Option<i64>,
}

impl Default for CookieOptions {
    fn default() -> Self {
        CookieOptions {
            domain: None,
            path: None,
            secure: true,
            http_only: true,
            same_site: None,
            expires: None,
            max_age: None,
        }
    }
}

impl CookieOptions {
    /// Default attributes: `Secure; HttpOnly`, nothing else.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `Domain`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sets `Path`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets `SameSite`.
    pub fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = Some(same_site);
        self
    }

    /// The attributes as the crate's one cookie model (`core/src/cookie.rs`).
    fn as_attributes(&self) -> Attributes<'_> {
        Attributes {
            domain: self.domain.as_deref(),
            path: self.path.as_deref(),
            expires: self.expires,
            max_age: self.max_age,
            secure: self.secure,
            http_only: self.http_only,
            same_site: self.same_site,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        self.as_attributes().check()
    }

    fn attributes(&self) -> String {
        let mut out = String::new();
        self.as_attributes().write(&mut out);
        out
    }
}

/// One signed cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct Cookie {
    /// `CloudFront-...`.
    pub name: &'static str,
    /// The value (CloudFront base64 or digits; never needs quoting).
    pub value: String,
}

impl fmt::Debug for Cookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

/// Signed cookies: the values, and one `Set-Cookie` value per cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCookies {
    cookies: Vec<Cookie>,
    set_cookie: Vec<String>,
}

impl SignedCookies {
    pub(crate) fn new(params: &Parameters, options: &CookieOptions) -> Result<Self> {
        let mut cookies = Vec::with_capacity(4);
        match (&params.policy, params.expires) {
            (Some(p), _) => cookies.push(Cookie {
                name: COOKIE_POLICY,
                value: p.clone(),
            }),
            (None, Some(e)) => cookies.push(Cookie {
                name: COOKIE_EXPIRES,
                value: e.to_string(),
            }),
            (None, None) => {
                return Err(Error::new(
                    crate::ErrorCode::Internal,
                    "a credential has neither Expires nor Policy",
                ))
            }
        }
        cookies.push(Cookie {
            name: COOKIE_SIGNATURE,
            value: params.signature.clone(),
        });
        cookies.push(Cookie {
            name: COOKIE_KEY_PAIR_ID,
            value: params.key_pair_id.clone(),
        });
        if params.hash == HashAlgorithm::Sha256 {
            cookies.push(Cookie {
                name: COOKIE_HASH_ALGORITHM,
                value: "SHA256".to_string(),
            });
        }
        let attributes = options.attributes();
        let set_cookie = cookies
            .iter()
            .map(|c| format!("{}={}{attributes}", c.name, c.value))
            .collect();
        Ok(SignedCookies {
            cookies,
            set_cookie,
        })
    }

    /// The cookies in order: Expires or Policy, Signature, Key-Pair-Id,
    /// then Hash-Algorithm for SHA-256.
    pub fn cookies(&self) -> &[Cookie] {
        &self.cookies
    }

    /// The value of one cookie.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value.as_str())
    }

    /// One value per cookie for `Set-Cookie:` response headers.
    pub fn set_cookie_headers(&self) -> &[String] {
        &self.set_cookie
    }

    /// The cookies as a browser would send them back (`Cookie:` header value).
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Splits a `Cookie:` request header value (a leading `Cookie:` is allowed)
/// into name/value pairs; quoted values are unquoted. Errors are `malformed`.
pub fn parse_cookie_header(header: &str) -> Result<Vec<(String, String)>> {
    match cookie::parse_pairs(header, cookie::CLOUDFRONT) {
        Ok(pairs) => Ok(pairs
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()),
        Err(HeaderError::TooLong { len, max }) => Err(Error::malformed(
            "cookie",
            format!("the Cookie header is {len} bytes; at most {max} are read"),
        )),
        Err(HeaderError::PairWithoutEquals(part)) => Err(Error::malformed(
            "cookie",
            format!("the cookie {} has no '='", shown(part)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_parsing() {
        let pairs = parse_cookie_header(
            "Cookie: a=1; CloudFront-Policy=\"eyJ_\";CloudFront-Key-Pair-Id=K ;;",
        )
        .unwrap();
        assert_eq!(
            pairs,
            vec![
                ("a".to_string(), "1".to_string()),
                ("CloudFront-Policy".to_string(), "eyJ_".to_string()),
                ("CloudFront-Key-Pair-Id".to_string(), "K".to_string()),
            ]
        );
        assert!(parse_cookie_header("novalue").is_err());
        // Multi-byte characters around the "Cookie:" prefix position.
        assert!(parse_cookie_header("abcdef\u{e9}=1").is_ok());
        assert!(parse_cookie_header("\u{e9}\u{e9}\u{e9}\u{e9}").is_err());
        assert!(parse_cookie_header(&"a=1; ".repeat(5000)).is_err());
        assert_eq!(cookie::CLOUDFRONT.max_len, Some(MAX_COOKIE_HEADER_LEN));
    }

    #[test]
    fn attribute_checks_name_the_field() {
        let field = |o: CookieOptions| o.check().unwrap_err().field();
        assert_eq!(field(CookieOptions::new().domain("a b")), Some("domain"));
        assert_eq!(field(CookieOptions::new().domain("")), Some("domain"));
        assert_eq!(field(CookieOptions::new().path("videos")), Some("path"));
        assert_eq!(field(CookieOptions::new().path("/a;b")), Some("path"));
        let mut o = CookieOptions::new().same_site(SameSite::None);
        o.secure = false;
        assert_eq!(field(o), Some("same_site"));
        let o = CookieOptions {
            max_age: Some(-1),
            ..CookieOptions::default()
        };
        assert_eq!(field(o), Some("max_age"));
        let o = CookieOptions {
            expires: Some(1_767_290_400_000),
            ..CookieOptions::default()
        };
        assert_eq!(field(o), Some("cookie_expires"));
        CookieOptions::new()
            .domain(".example.org")
            .path("/videos/")
            .same_site(SameSite::Lax)
            .check()
            .unwrap();
        assert_eq!(SameSite::from_name("LAX").unwrap(), SameSite::Lax);
        assert_eq!(
            SameSite::from_name("x").unwrap_err().field(),
            Some("same_site")
        );
    }

    #[test]
    fn attributes_render_in_a_fixed_order() {
        let o = CookieOptions {
            domain: Some("example.org".into()),
            path: Some("/videos/".into()),
            secure: true,
            http_only: true,
            same_site: Some(SameSite::Strict),
            expires: Some(1_767_290_400),
            max_age: Some(3600),
        };
        assert_eq!(
            o.attributes(),
            "; Domain=example.org; Path=/videos/; Expires=Thu, 01 Jan 2026 18:00:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"
        );
        assert_eq!(CookieOptions::new().attributes(), "; Secure; HttpOnly");
    }
}
