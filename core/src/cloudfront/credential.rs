//! The values of a CloudFront credential (`Expires` or `Policy`,
//! `Signature`, `Key-Pair-Id`, `Hash-Algorithm`) before they become URL
//! parameters ([`super::signer`]) or cookies ([`super::cookies`]); both of
//! those read this module, and it reads neither.

use std::fmt;

use super::url::shown;
use crate::crypto::Digest;
use crate::error::{Error, Result};

/// The digest inside the signature. CloudFront's default is SHA-1; SHA-256
/// adds `Hash-Algorithm=SHA256` to URLs and a `CloudFront-Hash-Algorithm`
/// cookie.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-1 (CloudFront's default; nothing extra on the wire).
    #[default]
    Sha1,
    /// SHA-256.
    Sha256,
}

impl HashAlgorithm {
    /// `"SHA1"` / `"SHA256"`, as CloudFront spells it on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "SHA1",
            HashAlgorithm::Sha256 => "SHA256",
        }
    }

    /// Parses a caller's choice: `SHA1`, `SHA-1`, `SHA256`, `SHA-256`, any
    /// case. Errors name `hash_algorithm`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name.to_ascii_uppercase().as_str() {
            "SHA1" | "SHA-1" => Ok(HashAlgorithm::Sha1),
            "SHA256" | "SHA-256" => Ok(HashAlgorithm::Sha256),
            _ => Err(Error::invalid_input(
                "hash_algorithm",
                format!(
                    "hash_algorithm={} is not supported; CloudFront accepts SHA1 (default) or SHA256",
                    shown(name)
                ),
            )),
        }
    }

    /// Reads the `Hash-Algorithm` parameter or cookie exactly as CloudFront
    /// documents it (`SHA1` or `SHA256`). Errors are `malformed`.
    pub(crate) fn from_wire(value: &str, field: &'static str) -> Result<Self> {
        match value {
            "SHA1" => Ok(HashAlgorithm::Sha1),
            "SHA256" => Ok(HashAlgorithm::Sha256),
            _ => Err(Error::malformed(
                field,
                format!(
                    "{field}={} is not SHA1 or SHA256, so CloudFront cannot check the signature",
                    shown(value)
                ),
            )),
        }
    }

    pub(crate) fn digest(self) -> Digest {
        match self {
            HashAlgorithm::Sha1 => Digest::Sha1,
            HashAlgorithm::Sha256 => Digest::Sha256,
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The four (or five) values of a credential, before they become URL
/// parameters or cookies.
pub(crate) struct Parameters {
    pub expires: Option<i64>,
    pub policy: Option<String>,
    pub signature: String,
    pub key_pair_id: String,
    pub hash: HashAlgorithm,
}

impl Parameters {
    /// `Expires=N&Signature=S&Key-Pair-Id=K` or `Policy=P&...`, then
    /// `&Hash-Algorithm=SHA256` for SHA-256 (botocore's order, with the JS
    /// SDK's position for Hash-Algorithm).
    pub(crate) fn query(&self) -> String {
        let mut q = match (&self.policy, self.expires) {
            (Some(p), _) => format!("Policy={p}"),
            (None, Some(e)) => format!("Expires={e}"),
            (None, None) => String::new(),
        };
        q.push_str("&Signature=");
        q.push_str(&self.signature);
        q.push_str("&Key-Pair-Id=");
        q.push_str(&self.key_pair_id);
        if self.hash == HashAlgorithm::Sha256 {
            q.push_str("&Hash-Algorithm=SHA256");
        }
        q
    }
}
