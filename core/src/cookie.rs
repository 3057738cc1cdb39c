//! Cookies, one implementation for every provider: reading a `Cookie:`
//! request header (`parse_pairs`) and writing `Set-Cookie` attributes
//! ([`CookieAttributes`], [`SameSite`]).
//!
//! # Reading `Cookie:` (CloudFront, Media CDN, Cloud CDN)
//!
//! A header value is split on `;` into `name=value` pairs; names and values
//! are trimmed, a value in double quotes is unquoted, empty pieces (`;;`) are
//! skipped, and a leading `Cookie:` header name is tolerated in any case
//! (HTTP field names are case-insensitive, RFC 9110 §5.1).
//!
//! | | CloudFront (`cloudfront::parse_cookie_header`) | Media CDN and Cloud CDN (`Edge-Cache-Cookie`, `Cloud-CDN-Cookie`) |
//! |---|---|---|
//! | length cap (`HeaderRules::max_len`) | 16 KiB per header, longer is `malformed` (SECURITY.md's cap) | none here: the request's cookies are bounded by the caller and at most `MAX_COOKIES_TRIED` values are tried |
//! | a piece without `=` (`HeaderRules::refuse_pair_without_equals`) | `malformed`, field `cookie` | skipped |
//! | cookie-name case | exact (`CloudFront-Policy`); `explain` points out a name that differs only in case | exact (`Edge-Cache-Cookie`, `Cloud-CDN-Cookie`) |
//! | leading `Cookie:` | any case | any case (was `Cookie:` or `cookie:` only) |
//! | the same name twice | an error in the CloudFront verifier (which cookie CloudFront reads is not documented) | each value is tried, up to `MAX_COOKIES_TRIED` |
//!
//! AWS documents neither the cap nor pieces without `=`: the stricter rules
//! (refuse) are kept for CloudFront, which has always applied them. Google
//! does not say either; Media CDN and Cloud CDN keep reading past a piece
//! without `=` (browsers send such pieces for other cookies of the site, and
//! refusing them would refuse valid credentials).
//!
//! # Writing `Set-Cookie` attributes (every provider)
//!
//! One set of checks and one attribute order:
//! `; Domain=…; Path=…; Expires=…; Max-Age=…; Secure; HttpOnly; SameSite=…`.
//! `Domain` is a host name (letters, digits, `-`, `.`, one optional leading
//! `.`, at most 253 bytes); `Path` starts with `/` (RFC 6265 §5.2.4: a browser
//! ignores any other) and holds no `;`, `,`, space, control or non-ASCII byte,
//! at most 1024 bytes; `SameSite=None` needs `Secure`; `Expires` is Unix
//! seconds; `Max-Age` is not negative. Every provider takes the same
//! [`CookieAttributes`] (the bindings build it field by field), checked and
//! written here; the providers differ only in `Path`:
//!
//! | attribute | CloudFront | Media CDN and Cloud CDN |
//! |---|---|---|
//! | `Path` | only when given | always, `/` by default |
//! | `Expires` | optional (AWS advises leaving it out) | optional |
//! | `Secure`, `HttpOnly` | on by default | on by default |
//! | `Domain`, `Max-Age`, `SameSite` | optional | optional |

use crate::error::{Error, Result};

/// The `SameSite` cookie attribute (every provider's; re-exported as
/// `cloudfront::SameSite` and `mediacdn::SameSite`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// `SameSite=Strict`.
    Strict,
    /// `SameSite=Lax`.
    Lax,
    /// `SameSite=None` (requires `Secure`).
    None,
}

impl SameSite {
    /// `"Strict"`, `"Lax"`, `"None"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }

    /// Parses `strict`, `lax` or `none`, any case; errors name `same_site`.
    pub fn from_name(name: &str) -> Result<Self> {
        [SameSite::Strict, SameSite::Lax, SameSite::None]
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::invalid_input(
                    "same_site",
                    format!("same_site={} is not Strict, Lax or None", shown(name)),
                )
            })
    }
}

/// The `Set-Cookie` attributes of signed cookies, one type for every
/// provider (re-exported as `cloudfront::CookieAttributes` and
/// `mediacdn::CookieAttributes`): `Secure; HttpOnly` by default. CloudFront
/// writes `Path` only when one is given; Media CDN and Cloud CDN write
/// `Path=/` then (see the module doc).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieAttributes {
    /// `Domain=` (e.g. `.example.com`, so the CDN host receives the cookie).
    pub domain: Option<String>,
    /// `Path=`, starting with `/`.
    pub path: Option<String>,
    /// `Secure` (default on).
    pub secure: bool,
    /// `HttpOnly` (default on).
    pub http_only: bool,
    /// `SameSite=`; not written by default.
    pub same_site: Option<SameSite>,
    /// `Expires=` as a Unix time; not written by default (CloudFront advises
    /// leaving it out).
    pub expires: Option<i64>,
    /// `Max-Age=` in seconds; not written by default.
    pub max_age: Option<i64>,
}

impl Default for CookieAttributes {
    fn default() -> Self {
        CookieAttributes {
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

impl CookieAttributes {
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

    /// The attributes as written, with `default_path` when no path is given.
    pub(crate) fn written(&self, default_path: Option<&'static str>) -> Attributes<'_> {
        Attributes {
            domain: self.domain.as_deref(),
            path: self.path.as_deref().or(default_path),
            expires: self.expires,
            max_age: self.max_age,
            secure: self.secure,
            http_only: self.http_only,
            same_site: self.same_site,
        }
    }
}

/// `Set-Cookie` attributes as every provider writes them (see the module doc).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attributes<'a> {
    pub domain: Option<&'a str>,
    pub path: Option<&'a str>,
    pub expires: Option<i64>,
    pub max_age: Option<i64>,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<SameSite>,
}

impl Attributes<'_> {
    /// The checks of the module doc; errors name the attribute.
    pub fn check(&self) -> Result<()> {
        if let Some(domain) = self.domain {
            let host = domain.strip_prefix('.').unwrap_or(domain);
            if host.is_empty()
                || host.len() > 253
                || !host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            {
                return Err(Error::invalid_input(
                    "domain",
                    format!(
                        "domain={} is not a host name (letters, digits, '-' and '.')",
                        shown(domain)
                    ),
                ));
            }
        }
        if let Some(path) = self.path {
            if !path.starts_with('/')
                || path.len() > 1024
                || path
                    .bytes()
                    .any(|b| b == b';' || b == b',' || !(0x21..0x7f).contains(&b))
            {
                return Err(Error::invalid_input(
                    "path",
                    format!(
                        "path={} must start with '/' and contain no ';', ',', spaces, controls or non-ASCII",
                        shown(path)
                    ),
                ));
            }
        }
        if self.same_site == Some(SameSite::None) && !self.secure {
            return Err(Error::invalid_input(
                "same_site",
                "SameSite=None requires Secure; browsers drop such cookies otherwise",
            ));
        }
        if let Some(expires) = self.expires {
            crate::time::check_unix_seconds("cookie_expires", expires)?;
        }
        if let Some(max_age) = self.max_age {
            if max_age < 0 {
                return Err(Error::invalid_input(
                    "max_age",
                    format!("max_age={max_age} is negative"),
                ));
            }
        }
        Ok(())
    }

    /// `; Domain=…; Path=…; …` in the order of the module doc (unchecked:
    /// call [`Attributes::check`] first).
    pub fn write(&self, out: &mut String) {
        if let Some(d) = self.domain {
            out.push_str("; Domain=");
            out.push_str(d);
        }
        if let Some(p) = self.path {
            out.push_str("; Path=");
            out.push_str(p);
        }
        if let Some(e) = self.expires {
            out.push_str("; Expires=");
            out.push_str(&crate::time::http_date(e));
        }
        if let Some(m) = self.max_age {
            out.push_str("; Max-Age=");
            out.push_str(&m.to_string());
        }
        if self.secure {
            out.push_str("; Secure");
        }
        if self.http_only {
            out.push_str("; HttpOnly");
        }
        if let Some(s) = self.same_site {
            out.push_str("; SameSite=");
            out.push_str(s.as_str());
        }
    }
}

/// How a provider reads a `Cookie:` header: the differences in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeaderRules {
    /// Longest header value read; a longer one is an error.
    pub max_len: Option<usize>,
    /// A piece without `=` is an error (else it is skipped).
    pub refuse_pair_without_equals: bool,
}

/// CloudFront: 16 KiB, a piece without `=` refused.
pub(crate) const CLOUDFRONT: HeaderRules = HeaderRules {
    max_len: Some(16 * 1024),
    refuse_pair_without_equals: true,
};

/// Media CDN and Cloud CDN: no cap here, pieces without `=` skipped.
pub(crate) const GOOGLE: HeaderRules = HeaderRules {
    max_len: None,
    refuse_pair_without_equals: false,
};

/// Why a `Cookie:` header could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderError<'a> {
    /// Longer than [`HeaderRules::max_len`].
    TooLong { len: usize, max: usize },
    /// A piece without `=`, trimmed.
    PairWithoutEquals(&'a str),
}

/// The `name=value` pairs of a `Cookie:` header value, in order, under
/// `rules` (see the module doc).
pub(crate) fn parse_pairs(
    header: &str,
    rules: HeaderRules,
) -> std::result::Result<Vec<(&str, &str)>, HeaderError<'_>> {
    if let Some(max) = rules.max_len {
        if header.len() > max {
            return Err(HeaderError::TooLong {
                len: header.len(),
                max,
            });
        }
    }
    let mut text = header.trim();
    if text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("cookie:"))
    {
        text = text[7..].trim_start();
    }
    let mut out = Vec::new();
    for part in text.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            if rules.refuse_pair_without_equals {
                return Err(HeaderError::PairWithoutEquals(part));
            }
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        out.push((name.trim(), value));
    }
    Ok(out)
}

fn shown(text: &str) -> String {
    crate::text::shown(text, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rules_differ_only_where_the_table_says() {
        let h = "Cookie: a=1; CloudFront-Policy=\"eyJ_\";CloudFront-Key-Pair-Id=K ;;";
        let want = vec![
            ("a", "1"),
            ("CloudFront-Policy", "eyJ_"),
            ("CloudFront-Key-Pair-Id", "K"),
        ];
        assert_eq!(parse_pairs(h, CLOUDFRONT).unwrap(), want);
        assert_eq!(parse_pairs(h, GOOGLE).unwrap(), want);
        for prefix in ["Cookie:", "cookie:", "COOKIE:", "cOoKiE:"] {
            let h = format!("{prefix} a=1");
            assert_eq!(parse_pairs(&h, CLOUDFRONT).unwrap(), vec![("a", "1")]);
            assert_eq!(parse_pairs(&h, GOOGLE).unwrap(), vec![("a", "1")]);
        }
        // A piece without '='.
        assert_eq!(
            parse_pairs("a=1; flag; b=2", CLOUDFRONT),
            Err(HeaderError::PairWithoutEquals("flag"))
        );
        assert_eq!(
            parse_pairs("a=1; flag; b=2", GOOGLE).unwrap(),
            vec![("a", "1"), ("b", "2")]
        );
        // The length cap.
        let long = "a=1; ".repeat(5000);
        assert!(matches!(
            parse_pairs(&long, CLOUDFRONT),
            Err(HeaderError::TooLong { max: 16384, .. })
        ));
        assert_eq!(parse_pairs(&long, GOOGLE).unwrap().len(), 5000);
        // Multi-byte characters around the "Cookie:" prefix position.
        assert!(parse_pairs("abcdef\u{e9}=1", CLOUDFRONT).is_ok());
        assert!(parse_pairs("\u{e9}\u{e9}\u{e9}\u{e9}", CLOUDFRONT).is_err());
        assert!(parse_pairs("\u{e9}\u{e9}\u{e9}\u{e9}", GOOGLE)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn attributes_are_checked_and_written_once() {
        let mut out = String::new();
        let a = Attributes {
            domain: Some(".example.com"),
            path: Some("/v/"),
            expires: Some(1_767_290_400),
            max_age: Some(60),
            secure: true,
            http_only: true,
            same_site: Some(SameSite::Lax),
        };
        a.check().unwrap();
        a.write(&mut out);
        assert_eq!(
            out,
            "; Domain=.example.com; Path=/v/; Expires=Thu, 01 Jan 2026 18:00:00 GMT; Max-Age=60; Secure; HttpOnly; SameSite=Lax"
        );
        let field = |a: Attributes| a.check().unwrap_err().field();
        assert_eq!(
            field(Attributes {
                domain: Some("a b"),
                ..a
            }),
            Some("domain")
        );
        assert_eq!(
            field(Attributes {
                domain: Some("."),
                ..a
            }),
            Some("domain")
        );
        assert_eq!(
            field(Attributes {
                path: Some("v/"),
                ..a
            }),
            Some("path")
        );
        assert_eq!(
            field(Attributes {
                path: Some("/a,b"),
                ..a
            }),
            Some("path")
        );
        assert_eq!(
            field(Attributes {
                path: Some(""),
                ..a
            }),
            Some("path")
        );
        assert_eq!(
            field(Attributes {
                max_age: Some(-1),
                ..a
            }),
            Some("max_age")
        );
        assert_eq!(
            field(Attributes {
                expires: Some(-1),
                ..a
            }),
            Some("cookie_expires")
        );
        assert_eq!(
            field(Attributes {
                secure: false,
                same_site: Some(SameSite::None),
                ..a
            }),
            Some("same_site")
        );
        assert_eq!(SameSite::from_name("LAX").unwrap(), SameSite::Lax);
        assert_eq!(
            SameSite::from_name("x").unwrap_err().field(),
            Some("same_site")
        );
    }
}
