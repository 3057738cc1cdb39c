//! What signing returns: a URL or a cookie, each with the exact string that
//! was signed (what `explain` and support tickets need).

use crate::error::{Error, Result};

/// A signed URL and the signed value behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedUrl {
    /// The URL to hand out.
    pub url: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

/// `SameSite` cookie attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// `SameSite=Strict`.
    Strict,
    /// `SameSite=Lax`.
    Lax,
    /// `SameSite=None` (needs `Secure`).
    None,
}

impl SameSite {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

/// Attributes of a `Set-Cookie` header. The default is `Path=/; Secure; HttpOnly`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieAttributes {
    /// `Domain=` (e.g. `.example.com` so the CDN host receives it).
    pub domain: Option<String>,
    /// `Path=`.
    pub path: String,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite=`.
    pub same_site: Option<SameSite>,
    /// `Max-Age=` in seconds.
    pub max_age: Option<i64>,
}

impl Default for CookieAttributes {
    fn default() -> Self {
        CookieAttributes {
            domain: None,
            path: "/".to_string(),
            secure: true,
            http_only: true,
            same_site: None,
            max_age: None,
        }
    }
}

fn check_attr(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty()
        || value
            .bytes()
            .any(|b| b <= b' ' || b == b';' || b == b',' || b >= 0x7f)
    {
        return Err(Error::invalid_input(
            field,
            format!("cookie {field} {value:?} is empty or contains characters a cookie attribute cannot hold"),
        ));
    }
    Ok(())
}

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
        let mut out = self.cookie_pair();
        if let Some(d) = &attributes.domain {
            check_attr("domain", d)?;
            out.push_str("; Domain=");
            out.push_str(d);
        }
        check_attr("path", &attributes.path)?;
        out.push_str("; Path=");
        out.push_str(&attributes.path);
        if let Some(age) = attributes.max_age {
            out.push_str(&format!("; Max-Age={age}"));
        }
        if attributes.secure {
            out.push_str("; Secure");
        }
        if attributes.http_only {
            out.push_str("; HttpOnly");
        }
        if let Some(s) = attributes.same_site {
            if s == SameSite::None && !attributes.secure {
                return Err(Error::invalid_input(
                    "same_site",
                    "SameSite=None requires Secure (browsers drop the cookie otherwise)",
                ));
            }
            out.push_str("; SameSite=");
            out.push_str(s.as_str());
        }
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
