//! Checking Cloud CDN signed requests at the origin. Cloud CDN lets requests
//! without a `Signature` through, so the origin must check (RULES.md C6).

use std::fmt;

use crate::encoding::b64url_decode;
use crate::error::{Error, ErrorCode, Result};
use crate::google::request::{Form, Request};
use crate::google::signature::{first_verified, verify_cookie, verify_query, Claimed};
use crate::google::url::{self, cookie_values, MAX_URL_LEN};
use crate::time::human_duration;

use super::key::{check_key_name, SigningKey};
use super::sign::CLOUD_CDN_COOKIE;

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// `SignedUrl`, `SignedPrefix` or `Cookie`.
    pub form: Form,
    /// The key that matched.
    pub key_name: String,
    /// `Expires`.
    pub expires: i64,
    /// The exact bytes the signature covered.
    pub signed_value: String,
}

/// Verifies Cloud CDN signed URLs and cookies against named keys.
#[derive(Clone, Default)]
pub struct Verifier {
    keys: Vec<(String, SigningKey)>,
}

impl Verifier {
    /// A verifier without keys.
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// Adds a key under its name (a backend holds up to three).
    pub fn add_key(&mut self, name: &str, key: SigningKey) -> Result<()> {
        check_key_name(name)?;
        if self.keys.iter().any(|(n, _)| n == name) {
            return Err(Error::invalid_input(
                "key_name",
                format!("the verifier already has a key named {name:?}"),
            ));
        }
        self.keys.push((name.to_string(), key));
        Ok(())
    }

    /// [`Verifier::add_key`], chained.
    pub fn with_key(mut self, name: &str, key: SigningKey) -> Result<Verifier> {
        self.add_key(name, key)?;
        Ok(self)
    }

    /// Key names, in order.
    pub fn key_names(&self) -> Vec<&str> {
        self.keys.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Checks a request: a `Signature` query parameter (exact URL or
    /// `URLPrefix`), else a `Cloud-CDN-Cookie`.
    pub fn verify(&self, request: &Request) -> Result<Verified> {
        let u = request.url();
        if u.len() > MAX_URL_LEN {
            return Err(Error::malformed("url", "the URL is too long"));
        }
        if url::split(u).is_none() {
            return Err(Error::invalid_input(
                "url",
                "the request URL must be absolute (https://host/path?query, as sent)",
            ));
        }
        let now = request.now();
        let check = |c: Claimed<'_>| {
            self.check(
                c.form,
                c.signed_value,
                c.key_name,
                c.signature,
                c.expires,
                now,
            )
        };
        if let Some(v) = verify_query(u, check)? {
            return Ok(v);
        }
        first_verified(
            cookie_values(request.cookies(), CLOUD_CDN_COOKIE),
            |value| verify_cookie(u, value, check),
            || {
                Error::rejected(
                ErrorCode::MissingCredential,
                format!("no Cloud CDN credential: no Signature parameter and no {CLOUD_CDN_COOKIE} cookie (Cloud CDN lets such requests through; the origin decides)"),
            )
            },
        )
    }

    fn check(
        &self,
        form: Form,
        signed_value: &str,
        key_name: &str,
        signature: &str,
        expires: i64,
        now: i64,
    ) -> Result<Verified> {
        let key = self
            .keys
            .iter()
            .find(|(n, _)| n == key_name)
            .map(|(_, k)| k)
            .ok_or_else(|| {
                Error::rejected(
                    ErrorCode::UnknownKey,
                    format!(
                        "KeyName={:?} is not one of this verifier's keys ({})",
                        url::truncate(key_name, 64),
                        self.key_names().join(", ")
                    ),
                )
                .with_field("KeyName")
            })?;
        let tag = b64url_decode(signature, "Signature")?;
        if tag.len() != 20 {
            return Err(Error::malformed(
                "Signature",
                format!(
                    "a Cloud CDN signature is a 20-byte HMAC-SHA1; this one is {} bytes{}",
                    tag.len(),
                    if tag.len() == 64 {
                        " (an Ed25519 signature: Media CDN)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if !key.verify(signed_value.as_bytes(), &tag) {
            return Err(Error::rejected(
                ErrorCode::BadSignature,
                format!(
                    "the HMAC-SHA1 signature does not match the {} signed bytes under key {key_name:?}",
                    signed_value.len()
                ),
            ));
        }
        if now >= expires {
            return Err(Error::rejected(
                ErrorCode::Expired,
                format!(
                    "expired {} ago: Expires={expires}, now={now}",
                    human_duration(now.saturating_sub(expires))
                ),
            )
            .with_field("Expires"));
        }
        Ok(Verified {
            form,
            key_name: key_name.to_string(),
            expires,
            signed_value: signed_value.to_string(),
        })
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("cloudcdn::Verifier")
            .field("keys", &self.key_names())
            .finish()
    }
}
