//! Media CDN keys in every documented shape (RULES.md K2–K5).

use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::crypto::{Ed25519PrivateKey, Ed25519PublicKey, HmacAlgorithm, HmacKey};
use crate::encoding::{b64_any_decode, b64url_encode};
use crate::error::{Error, Result};
use crate::keys::{
    ed25519_pkcs8_from_seed, parse_private_key, parse_public_key, pem_encode, pem_encode_secret,
    PrivateKey, PublicKey as AnyPublicKey,
};

/// Shortest HMAC secret an EdgeCacheKeyset takes (RULES.md K4).
pub const MIN_SECRET_LEN: usize = 16;

/// Longest HMAC secret we read (Secret Manager's limit is 64 KiB).
pub const MAX_SECRET_LEN: usize = 64 * 1024;

fn is_pem(data: &[u8]) -> bool {
    data.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Text made only of base64 / base64url characters and whitespace.
fn as_base64_text(data: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(data).ok()?.trim();
    let ok = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='));
    ok.then_some(text)
}

/// An Ed25519 private key for Media CDN signatures and tokens. Cheap to
/// clone (shared), `Send + Sync`, zeroized on drop, never printed.
#[derive(Clone)]
pub struct SigningKey {
    inner: Arc<Ed25519PrivateKey>,
}

impl SigningKey {
    /// From the 32-byte seed (the RFC 8032 private key).
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        let inner = Ed25519PrivateKey::from_seed(seed).map_err(|e| e.with_field("private_key"))?;
        Ok(SigningKey {
            inner: Arc::new(inner),
        })
    }

    /// From raw bytes: the 32-byte seed, or the 64-byte seed ‖ public key
    /// that Google's keys overview and Go's `ed25519.PrivateKey` use. The
    /// public half of a 64-byte key must belong to its seed.
    pub fn from_raw(raw: &[u8]) -> Result<Self> {
        match raw.len() {
            32 => Self::from_seed(raw),
            64 => {
                let key = Self::from_seed(&raw[..32])?;
                if key.inner.public_key().as_bytes()[..] != raw[32..] {
                    return Err(Error::invalid_key(
                        "this 64-byte Ed25519 key is seed || public key, but its second half is not the public key of its seed (two keys pasted together?)",
                    )
                    .with_field("private_key"));
                }
                Ok(key)
            }
            n => Err(Error::invalid_key(format!(
                "an Ed25519 private key is a 32-byte seed or 64 bytes of seed || public key; got {n} bytes"
            ))
            .with_field("private_key")),
        }
    }

    /// Parses every shape users have: PKCS#8 PEM or DER (`openssl genpkey
    /// -algorithm ed25519`), or base64 / base64url text, padded or not, of
    /// the 32-byte seed or the 64-byte seed ‖ public key, or those raw bytes.
    pub fn parse(data: &[u8]) -> Result<Self> {
        if is_pem(data) {
            return match parse_private_key(data, None).map_err(|e| e.with_field("private_key"))? {
                PrivateKey::Ed25519(k) => Ok(SigningKey { inner: Arc::new(k) }),
                other => Err(Error::invalid_key(format!(
                    "Media CDN signs with Ed25519; this is an {} key",
                    other.kind()
                ))
                .with_field("private_key")),
            };
        }
        if let Some(text) = as_base64_text(data) {
            let raw = Zeroizing::new(b64_any_decode(text, "private_key").map_err(|_| {
                Error::invalid_key("the private key is neither PEM nor valid base64/base64url")
                    .with_field("private_key")
            })?);
            return Self::from_raw(&raw);
        }
        if data.len() == 32 || data.len() == 64 {
            return Self::from_raw(data);
        }
        if let Ok(PrivateKey::Ed25519(k)) = parse_private_key(data, None) {
            return Ok(SigningKey { inner: Arc::new(k) });
        }
        Err(Error::invalid_key(
            "not an Ed25519 private key: expected PKCS#8 PEM/DER, or the 32-byte seed / 64-byte seed||public key raw or in base64",
        )
        .with_field("private_key"))
    }

    /// [`SigningKey::parse`] on text.
    pub fn from_text(text: &str) -> Result<Self> {
        Self::parse(text.as_bytes())
    }

    /// A fresh random key.
    pub fn generate() -> Result<GeneratedKey> {
        let seed = Ed25519PrivateKey::generate_seed()?;
        let key = Self::from_seed(&seed[..])?;
        Ok(GeneratedKey { key, seed })
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: self.inner.public_key().clone(),
        }
    }

    pub(crate) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.inner.sign(msg)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mediacdn::SigningKey(public {}, <redacted>)",
            self.public_key().keyset_value()
        )
    }
}

/// A newly generated key pair and the ways to store it.
pub struct GeneratedKey {
    key: SigningKey,
    seed: Zeroizing<[u8; 32]>,
}

impl GeneratedKey {
    /// The key, ready to sign.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The 32-byte seed as base64url without padding (what to keep secret).
    pub fn seed_base64url(&self) -> Zeroizing<String> {
        Zeroizing::new(b64url_encode(&self.seed[..], false))
    }

    /// The private key as PKCS#8 PEM (as `openssl genpkey` writes it).
    pub fn private_pem(&self) -> Zeroizing<String> {
        let der = ed25519_pkcs8_from_seed(&self.seed);
        pem_encode_secret("PRIVATE KEY", &der)
    }

    /// The public key as the EdgeCacheKeyset wants it (44-character padded base64url).
    pub fn keyset_value(&self) -> String {
        self.key.public_key().keyset_value()
    }
}

impl fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GeneratedKey({:?})", self.key)
    }
}

/// An Ed25519 public key of an EdgeCacheKeyset.
#[derive(Clone)]
pub struct PublicKey {
    inner: Ed25519PublicKey,
}

impl PublicKey {
    /// From the raw 32 bytes.
    pub fn from_bytes(raw: &[u8]) -> Result<Self> {
        Ok(PublicKey {
            inner: Ed25519PublicKey::from_bytes(raw).map_err(|e| e.with_field("public_key"))?,
        })
    }

    /// From the keyset form: base64url of the 32 bytes, 43 characters
    /// unpadded or 44 padded (the standard alphabet is tolerated too).
    pub fn from_keyset_value(text: &str) -> Result<Self> {
        let t = text.trim();
        if t.len() != 43 && t.len() != 44 {
            return Err(Error::invalid_key(format!(
                "a keyset public key is 43 (unpadded) or 44 (padded) base64url characters; got {}",
                t.len()
            ))
            .with_field("public_key"));
        }
        let raw = b64_any_decode(t, "public_key").map_err(|_| {
            Error::invalid_key("the public key is not valid base64url").with_field("public_key")
        })?;
        Self::from_bytes(&raw)
    }

    /// Parses the keyset form, SPKI PEM/DER (`-----BEGIN PUBLIC KEY-----`),
    /// or the public half of an Ed25519 private key PEM.
    pub fn parse(data: &[u8]) -> Result<Self> {
        if is_pem(data) {
            return match parse_public_key(data).map_err(|e| e.with_field("public_key"))? {
                AnyPublicKey::Ed25519(k) => Ok(PublicKey { inner: k }),
                other => Err(Error::invalid_key(format!(
                    "Media CDN public keys are Ed25519; this is an {} key",
                    other.kind()
                ))
                .with_field("public_key")),
            };
        }
        if let Some(text) = as_base64_text(data) {
            return Self::from_keyset_value(text);
        }
        if data.len() == 32 {
            return Self::from_bytes(data);
        }
        match parse_public_key(data) {
            Ok(AnyPublicKey::Ed25519(k)) => Ok(PublicKey { inner: k }),
            _ => Err(Error::invalid_key(
                "not an Ed25519 public key: expected the keyset's base64url value, SPKI PEM/DER or 32 raw bytes",
            )
            .with_field("public_key")),
        }
    }

    /// [`PublicKey::parse`] on text.
    pub fn from_text(text: &str) -> Result<Self> {
        Self::parse(text.as_bytes())
    }

    /// The keyset value, padded (44 characters).
    pub fn keyset_value(&self) -> String {
        b64url_encode(self.inner.as_bytes(), true)
    }

    /// The keyset value, unpadded (43 characters; Google takes both).
    pub fn keyset_value_unpadded(&self) -> String {
        b64url_encode(self.inner.as_bytes(), false)
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM.
    pub fn to_pem(&self) -> String {
        pem_encode("PUBLIC KEY", &self.inner.spki_der())
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.inner.as_bytes()
    }

    pub(crate) fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        self.inner.verify(msg, signature)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mediacdn::PublicKey({})", self.keyset_value())
    }
}

/// A validation shared key (HMAC secret) of an EdgeCacheKeyset, usable with
/// HMAC-SHA1 and HMAC-SHA256. Zeroized on drop, never printed.
#[derive(Clone)]
pub struct HmacSecret {
    sha1: HmacKey,
    sha256: HmacKey,
}

impl HmacSecret {
    /// From the raw secret bytes (what Secret Manager stores); at least 16 bytes.
    pub fn from_bytes(secret: &[u8]) -> Result<Self> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(Error::invalid_key(format!(
                "a Media CDN shared key must be at least {MIN_SECRET_LEN} bytes (20 suggested for HMAC-SHA1, 32 for HMAC-SHA256); got {}",
                secret.len()
            ))
            .with_field("secret"));
        }
        if secret.len() > MAX_SECRET_LEN {
            return Err(Error::invalid_key(format!(
                "a shared key of {} bytes is larger than Secret Manager holds ({MAX_SECRET_LEN})",
                secret.len()
            ))
            .with_field("secret"));
        }
        Ok(HmacSecret {
            sha1: HmacKey::new(HmacAlgorithm::Sha1, secret).map_err(|e| e.with_field("secret"))?,
            sha256: HmacKey::new(HmacAlgorithm::Sha256, secret)
                .map_err(|e| e.with_field("secret"))?,
        })
    }

    /// From base64 or base64url text of the secret, padded or not.
    pub fn from_base64(text: &str) -> Result<Self> {
        let raw = Zeroizing::new(b64_any_decode(text, "secret").map_err(|_| {
            Error::invalid_key("the shared key is not valid base64/base64url").with_field("secret")
        })?);
        Self::from_bytes(&raw)
    }

    /// A fresh random secret of `len` bytes (≥ 16), with its raw bytes to store.
    pub fn generate(len: usize) -> Result<(Self, Zeroizing<Vec<u8>>)> {
        if !(MIN_SECRET_LEN..=1024).contains(&len) {
            return Err(Error::invalid_input(
                "len",
                format!("a shared key is {MIN_SECRET_LEN}..=1024 bytes; got {len}"),
            ));
        }
        let mut raw = Zeroizing::new(vec![0u8; len]);
        crate::crypto::random_bytes(&mut raw[..])?;
        Ok((Self::from_bytes(&raw)?, raw))
    }

    /// Secret length in bytes.
    pub fn len(&self) -> usize {
        self.sha1.len()
    }

    /// Never true (secrets are at least 16 bytes).
    pub fn is_empty(&self) -> bool {
        false
    }

    pub(crate) fn key(&self, algorithm: HmacAlgorithm) -> &HmacKey {
        match algorithm {
            HmacAlgorithm::Sha1 => &self.sha1,
            HmacAlgorithm::Sha256 => &self.sha256,
        }
    }
}

impl fmt::Debug for HmacSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mediacdn::HmacSecret({} bytes, <redacted>)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_HEX: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    // RFC 8032 test 1 public key.
    const PUB_HEX: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    fn unhex(s: &str) -> Vec<u8> {
        crate::encoding::hex_decode(s, "t").unwrap()
    }

    #[test]
    fn every_private_shape() {
        let seed = unhex(SEED_HEX);
        let public = unhex(PUB_HEX);
        let mut pair = seed.clone();
        pair.extend_from_slice(&public);
        let pem = pem_encode(
            "PRIVATE KEY",
            &ed25519_pkcs8_from_seed(&seed.clone().try_into().unwrap()),
        );
        let inputs: Vec<Vec<u8>> = vec![
            seed.clone(),
            pair.clone(),
            crate::encoding::b64_encode(&seed).into_bytes(),
            b64url_encode(&seed, false).into_bytes(),
            b64url_encode(&pair, true).into_bytes(),
            format!(
                "  {}\n",
                crate::encoding::b64_encode(&pair).trim_end_matches('=')
            )
            .into_bytes(),
            pem.into_bytes(),
        ];
        for input in inputs {
            let k = SigningKey::parse(&input).unwrap();
            assert_eq!(&k.public_key().as_bytes()[..], &public[..]);
        }
    }

    #[test]
    fn private_refusals_name_the_field() {
        let seed = unhex(SEED_HEX);
        let mut wrong_pair = seed.clone();
        wrong_pair.extend_from_slice(&[7u8; 32]);
        for bad in [
            b64url_encode(&seed[..31], false).into_bytes(),
            b64url_encode(&wrong_pair, false).into_bytes(),
            b"not a key!".to_vec(),
            vec![1u8; 33],
        ] {
            let e = SigningKey::parse(&bad).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::InvalidKey);
            assert_eq!(e.field(), Some("private_key"));
        }
    }

    #[test]
    fn public_shapes() {
        let public = unhex(PUB_HEX);
        let k = PublicKey::from_bytes(&public).unwrap();
        assert_eq!(k.keyset_value().len(), 44);
        assert_eq!(k.keyset_value_unpadded().len(), 43);
        for text in [k.keyset_value(), k.keyset_value_unpadded(), k.to_pem()] {
            assert_eq!(PublicKey::from_text(&text).unwrap(), k);
        }
        let e = PublicKey::from_text(&k.keyset_value()[..42]).unwrap_err();
        assert_eq!(e.field(), Some("public_key"));
    }

    #[test]
    fn secrets() {
        assert!(HmacSecret::from_bytes(&[1u8; 16]).is_ok());
        let e = HmacSecret::from_bytes(&[1u8; 15]).unwrap_err();
        assert_eq!(e.field(), Some("secret"));
        let s = HmacSecret::from_base64("g_SlMILiIWKqsC6Z2L7gy0sReDOqtSrJrE7CXNr5Nl8=").unwrap();
        assert_eq!(s.len(), 32);
        assert!(!format!("{s:?}").contains("g_Sl"));
        let (g, raw) = HmacSecret::generate(32).unwrap();
        assert_eq!((g.len(), raw.len()), (32, 32));
    }

    #[test]
    fn debug_hides_the_private_key() {
        let k = SigningKey::from_seed(&unhex(SEED_HEX)).unwrap();
        let dbg = format!("{k:?}");
        assert!(dbg.contains("redacted"));
        assert!(!dbg.contains(&b64url_encode(&unhex(SEED_HEX), false)));
    }
}
