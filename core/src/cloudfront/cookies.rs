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

pub use crate::cookie::CookieAttributes;

/// CloudFront's attributes as written: `Path` only when one is given.
pub(crate) fn written(options: &CookieAttributes) -> Attributes<'_> {
    options.written(None)
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
    pub(crate) fn new(params: &Parameters, options: &CookieAttributes) -> Result<Self> {
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
        let mut attributes = String::new();
        written(options).write(&mut attributes);
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
        let field = |o: CookieAttributes| o.written(None).check().unwrap_err().field();
        assert_eq!(field(CookieAttributes::new().domain("a b")), Some("domain"));
        assert_eq!(field(CookieAttributes::new().domain("")), Some("domain"));
        assert_eq!(field(CookieAttributes::new().path("videos")), Some("path"));
        assert_eq!(field(CookieAttributes::new().path("/a;b")), Some("path"));
        let mut o = CookieAttributes::new().same_site(SameSite::None);
        o.secure = false;
        assert_eq!(field(o), Some("same_site"));
        let o = CookieAttributes {
            max_age: Some(-1),
            ..CookieAttributes::default()
        };
        assert_eq!(field(o), Some("max_age"));
        let o = CookieAttributes {
            expires: Some(1_767_290_400_000),
            ..CookieAttributes::default()
        };
        assert_eq!(field(o), Some("cookie_expires"));
        CookieAttributes::new()
            .domain(".example.org")
            .path("/videos/")
            .same_site(SameSite::Lax)
            .written(None)
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
        let o = CookieAttributes {
            domain: Some("example.org".into()),
            path: Some("/videos/".into()),
            secure: true,
            http_only: true,
            same_site: Some(SameSite::Strict),
            expires: Some(1_767_290_400),
            max_age: Some(3600),
        };
        let attributes = |o: &CookieAttributes| {
            let mut out = String::new();
            written(o).write(&mut out);
            out
        };
        assert_eq!(
            attributes(&o),
            "; Domain=example.org; Path=/videos/; Expires=Thu, 01 Jan 2026 18:00:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"
        );
        assert_eq!(attributes(&CookieAttributes::new()), "; Secure; HttpOnly");
    }
}
