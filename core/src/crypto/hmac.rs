//! HMAC-SHA1 / HMAC-SHA256 on RustCrypto for both backends (fastest measured
//! here), with constant-time tag comparison.

use std::fmt;

use hmac::{Hmac, Mac};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The hash inside the HMAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HmacAlgorithm {
    /// HMAC-SHA1 (Cloud CDN, Media CDN `hmac=` tokens).
    Sha1,
    /// HMAC-SHA256 (Stream webhooks, Media CDN `hmac=` tokens).
    Sha256,
}

impl HmacAlgorithm {
    /// Tag length in bytes.
    pub fn tag_len(self) -> usize {
        match self {
            HmacAlgorithm::Sha1 => 20,
            HmacAlgorithm::Sha256 => 32,
        }
    }
}

/// An HMAC secret. The bytes are zeroized on drop and never printed.
#[derive(Clone)]
pub struct HmacKey {
    algorithm: HmacAlgorithm,
    secret: Zeroizing<Vec<u8>>,
}

impl HmacKey {
    /// A key over `secret` (the raw bytes, already decoded). Empty secrets are
    /// refused: an HMAC with an empty key authenticates nothing.
    pub fn new(algorithm: HmacAlgorithm, secret: &[u8]) -> Result<Self> {
        if secret.is_empty() {
            return Err(Error::invalid_key("the HMAC secret is empty"));
        }
        Ok(HmacKey {
            algorithm,
            secret: Zeroizing::new(secret.to_vec()),
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> HmacAlgorithm {
        self.algorithm
    }

    /// Secret length in bytes (for minimum-length checks and messages).
    pub fn len(&self) -> usize {
        self.secret.len()
    }

    /// Never true: empty secrets are refused at construction.
    pub fn is_empty(&self) -> bool {
        self.secret.is_empty()
    }

    /// The tag over the concatenation of `parts` (avoids building the message).
    pub fn sign_parts(&self, parts: &[&[u8]]) -> Vec<u8> {
        match self.algorithm {
            HmacAlgorithm::Sha1 => keyed::<Hmac<sha1::Sha1>>(&self.secret, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
            HmacAlgorithm::Sha256 => keyed::<Hmac<sha2::Sha256>>(&self.secret, parts)
                .finalize()
                .into_bytes()
                .to_vec(),
        }
    }

    /// The tag over `msg`.
    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.sign_parts(&[msg])
    }

    /// Constant-time check of `tag` over the concatenation of `parts`.
    /// A tag of the wrong length fails.
    pub fn verify_parts(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        match self.algorithm {
            HmacAlgorithm::Sha1 => keyed::<Hmac<sha1::Sha1>>(&self.secret, parts)
                .verify_slice(tag)
                .is_ok(),
            HmacAlgorithm::Sha256 => keyed::<Hmac<sha2::Sha256>>(&self.secret, parts)
                .verify_slice(tag)
                .is_ok(),
        }
    }

    /// Constant-time check of `tag` over `msg`.
    pub fn verify(&self, msg: &[u8], tag: &[u8]) -> bool {
        self.verify_parts(&[msg], tag)
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(secret: &[u8], parts: &[&[u8]]) -> M {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail; the
    // fallback keeps this function panic-free anyway.
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| <M as hmac::digest::KeyInit>::new(&Default::default()));
    for part in parts {
        mac.update(part);
    }
    mac
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HmacKey({:?}, {} bytes, <redacted>)",
            self.algorithm,
            self.secret.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // HmacKey holds its secret in `Zeroizing`, which wipes it on drop; this
    // fails to compile if the field's type loses that property.
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}

    #[test]
    fn the_secret_is_wiped_on_drop_and_never_printed() {
        let key = HmacKey::new(HmacAlgorithm::Sha256, b"s3cret-s3cret").unwrap();
        zeroize_on_drop(&key.secret);
        assert!(!format!("{key:?}").contains("s3cret"));
    }
}
