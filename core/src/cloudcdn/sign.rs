//! Signing Cloud CDN URLs, URL prefixes and cookies (RULES.md C1–C4, C7).

use crate::error::{Error, Result};
use crate::google::output::{SignedCookie, SignedUrl};
use crate::google::signature::{Forms, SignedQuery, RESERVED_PARAMS};
use crate::google::url::{check_http_url, check_no_reserved_params};

use super::key::{check_key_name, SigningKey};

/// The Cloud CDN signed cookie's name.
pub const CLOUD_CDN_COOKIE: &str = "Cloud-CDN-Cookie";

/// Signs Cloud CDN requests with one named key. Immutable, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Signer {
    key: SigningKey,
    key_name: String,
    padded: bool,
}

impl Signer {
    /// A signer naming `key_name` (1-63 characters of `A-Z a-z 0-9 _ -`).
    pub fn new(key_name: &str, key: SigningKey) -> Result<Signer> {
        check_key_name(key_name)?;
        Ok(Signer {
            key,
            key_name: key_name.to_string(),
            padded: true,
        })
    }

    /// Padded base64url (`=`) as Google's samples emit (the default), or not.
    pub fn with_padding(mut self, padded: bool) -> Signer {
        self.padded = padded;
        self
    }

    /// The key name.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    fn with_forms<T>(&self, f: impl FnOnce(&Forms<'_>) -> T) -> T {
        let sign = |b: &[u8]| self.key.sign(b);
        f(&Forms {
            key_name: &self.key_name,
            padded: self.padded,
            cookie_name: CLOUD_CDN_COOKIE,
            sign: &sign,
        })
    }

    fn check_prefix(prefix: &str) -> Result<()> {
        let parts = check_http_url("prefix", prefix)?;
        if parts.query.is_some() {
            return Err(Error::invalid_input(
                "prefix",
                "a Cloud CDN URL prefix cannot contain a ?query",
            ));
        }
        Ok(())
    }

    /// Signs `<url>?Expires=N&KeyName=K` (`&` when the URL has a query) and
    /// appends `&Signature=<b64url HMAC-SHA1>`.
    pub fn sign_url(&self, url: &str, expires: i64) -> Result<SignedUrl> {
        let parts = check_http_url("url", url)?;
        check_no_reserved_params("url", &parts, &RESERVED_PARAMS)?;
        self.with_forms(|f| f.url(url, expires))
    }

    /// `URLPrefix=<b64url>&Expires=N&KeyName=K&Signature=S` for every URL
    /// starting with `prefix` (no query allowed in the prefix).
    pub fn prefix_query(&self, prefix: &str, expires: i64) -> Result<SignedQuery> {
        Self::check_prefix(prefix)?;
        self.with_forms(|f| f.prefix_query(prefix, expires))
    }

    /// `url` (under `prefix`) carrying a prefix signature.
    pub fn sign_prefix(&self, url: &str, prefix: &str, expires: i64) -> Result<SignedUrl> {
        Self::check_prefix(prefix)?;
        let parts = check_http_url("url", url)?;
        check_no_reserved_params("url", &parts, &RESERVED_PARAMS)?;
        self.with_forms(|f| f.prefixed_url(url, prefix, expires))
    }

    /// `Cloud-CDN-Cookie` value `URLPrefix=…:Expires=…:KeyName=…:Signature=…`.
    pub fn sign_cookie(&self, prefix: &str, expires: i64) -> Result<SignedCookie> {
        Self::check_prefix(prefix)?;
        self.with_forms(|f| f.cookie(prefix, expires))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_sample_output() {
        let key = SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==").unwrap();
        let s = Signer::new("my-key", key).unwrap();
        assert_eq!(
            s.sign_url("http://35.186.234.33/index.html", 1_549_751_401).unwrap().url,
            "http://35.186.234.33/index.html?Expires=1549751401&KeyName=my-key&Signature=CRFqQnVfFyiUyR63OQf-HRUpIwc="
        );
    }

    #[test]
    fn refusals() {
        let s = Signer::new("k", SigningKey::from_bytes(&[1u8; 16]).unwrap()).unwrap();
        assert_eq!(
            s.sign_url("https://h/a?KeyName=x", 5_000)
                .unwrap_err()
                .field(),
            Some("url")
        );
        assert_eq!(
            s.sign_cookie("https://h/a?x=1", 5_000).unwrap_err().field(),
            Some("prefix")
        );
        assert_eq!(
            s.sign_prefix("https://h/b", "https://h/a/", 5_000)
                .unwrap_err()
                .field(),
            Some("url")
        );
    }
}
