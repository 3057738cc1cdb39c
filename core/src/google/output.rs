//! What signing returns: a URL or a cookie, each with the exact string that
//! was signed (what `explain` and support tickets need).

use crate::error::Result;

/// A signed URL and the signed value behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedUrl {
    /// The URL to hand out.
    pub url: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

pub use crate::cookie::{CookieAttributes, SameSite};

/// A signed cookie: its name, value, and the signed value behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCookie {
    /// `Edge-Cache-Cookie` or `Cloud-CDN-Cookie`.
    pub name: &'static str,
    /// The cookie value.
    pub value: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

impl SignedCookie {
    /// `Name=value`, as a client sends it in `Cookie:`.
    pub fn cookie_pair(&self) -> String {
        format!("{}={}", self.name, self.value)
    }

    /// A `Set-Cookie` header value with `attributes`.
    pub fn set_cookie(&self, attributes: &CookieAttributes) -> Result<String> {
        // Media CDN and Cloud CDN always write a Path (`core/src/cookie.rs`).
        let attrs = attributes.written(Some("/"));
        attrs.check()?;
        let mut out = self.cookie_pair();
        attrs.write(&mut out);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_headers() {
        let c = SignedCookie {
            name: "Edge-Cache-Cookie",
            value: "URLPrefix=aA:Expires=1:KeyName=k:Signature=s".into(),
            signed_value: String::new(),
        };
        assert_eq!(
            c.set_cookie(&CookieAttributes::default()).unwrap(),
            "Edge-Cache-Cookie=URLPrefix=aA:Expires=1:KeyName=k:Signature=s; Path=/; Secure; HttpOnly"
        );
        let attrs = CookieAttributes {
            domain: Some(".example.com".into()),
            same_site: Some(SameSite::Lax),
            max_age: Some(60),
            ..Default::default()
        };
        assert!(c.set_cookie(&attrs).unwrap().ends_with(
            "; Domain=.example.com; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax"
        ));
        let bad = CookieAttributes {
            domain: Some("a b".into()),
            ..Default::default()
        };
        assert_eq!(c.set_cookie(&bad).unwrap_err().field(), Some("domain"));
        let insecure = CookieAttributes {
            secure: false,
            same_site: Some(SameSite::None),
            ..Default::default()
        };
        assert_eq!(
            c.set_cookie(&insecure).unwrap_err().field(),
            Some("same_site")
        );
    }
}
