//! Cloud CDN signing keys: 16 random bytes, kept in a key file as base64url
//! (RULES.md C5).

use std::fmt;

use zeroize::Zeroizing;

use crate::crypto::{HmacAlgorithm, HmacKey};
use crate::encoding::{b64_any_decode, b64url_encode};
use crate::error::{Error, Result};

/// A Cloud CDN key is exactly 128 bits.
pub const KEY_LEN: usize = 16;

/// Longest key name Cloud CDN takes.
pub const MAX_KEY_NAME_LEN: usize = 63;

/// An HMAC-SHA1 signing key of a backend service or bucket. Cheap to clone,
/// zeroized on drop, never printed.
#[derive(Clone)]
pub struct SigningKey {
    key: HmacKey,
}

impl SigningKey {
    /// From the 16 raw key bytes.
    pub fn from_bytes(raw: &[u8]) -> Result<SigningKey> {
        if raw.len() != KEY_LEN {
            return Err(Error::invalid_key(format!(
                "a Cloud CDN signing key is {KEY_LEN} bytes (128 bits); this one is {}",
                raw.len()
            ))
            .with_field("key"));
        }
        Ok(SigningKey {
            key: HmacKey::new(HmacAlgorithm::Sha1, raw).map_err(|e| e.with_field("key"))?,
        })
    }

    /// From the key file `gcloud compute backend-services add-signed-url-key
    /// --key-file` takes: base64url of the 16 bytes (padded or not; the
    /// standard alphabet is tolerated).
    pub fn from_key_file(text: &str) -> Result<SigningKey> {
        let raw = Zeroizing::new(b64_any_decode(text.trim(), "key").map_err(|_| {
            Error::invalid_key("the Cloud CDN key file is not base64url text").with_field("key")
        })?);
        Self::from_bytes(&raw)
    }

    /// A fresh random key and its key-file text (padded base64url, as
    /// `head -c 16 /dev/urandom | base64 | tr +/ -_` writes it).
    pub fn generate() -> Result<(SigningKey, Zeroizing<String>)> {
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        crate::crypto::random_bytes(&mut raw[..])?;
        let text = Zeroizing::new(b64url_encode(&raw[..], true));
        Ok((Self::from_bytes(&raw[..])?, text))
    }

    pub(crate) fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.key.sign(msg)
    }

    pub(crate) fn verify(&self, msg: &[u8], tag: &[u8]) -> bool {
        self.key.verify(msg, tag)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cloudcdn::SigningKey(HMAC-SHA1, 16 bytes, <redacted>)")
    }
}

/// Checks a key name: 1-63 characters of `A-Z a-z 0-9 _ -`.
pub(crate) fn check_key_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= MAX_KEY_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        return Ok(());
    }
    let shown: String = name.chars().take(70).collect();
    Err(Error::invalid_input(
        "key_name",
        format!("Cloud CDN key name {shown:?} must be 1-{MAX_KEY_NAME_LEN} characters of A-Z a-z 0-9 _ -"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files() {
        assert!(SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==").is_ok());
        assert!(SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w\n").is_ok());
        for bad in [
            "nZtRohdNF9m3cKM24IcK",
            "nZtRohdNF9m3cKM24IcK4wAA",
            "not base64!",
        ] {
            let e = SigningKey::from_key_file(bad).unwrap_err();
            assert_eq!(e.field(), Some("key"), "{bad}");
        }
        let (k, text) = SigningKey::generate().unwrap();
        assert_eq!(text.len(), 24);
        assert!(format!("{k:?}").contains("redacted"));
    }

    #[test]
    fn key_names() {
        assert!(check_key_name("my-key_1").is_ok());
        assert!(check_key_name(&"k".repeat(63)).is_ok());
        for bad in ["", "my key", "k.k", &"k".repeat(64)] {
            assert_eq!(check_key_name(bad).unwrap_err().field(), Some("key_name"));
        }
    }
}
