//! Backend-neutral signing primitives holding parsed keys.
//!
//! Two interchangeable backends implement the same small surface:
//! - `aws-lc` (default): aws-lc-rs, plus the audited `aws_lc_evp` shim for the
//!   RSA/ECDSA SHA-1 signatures CloudFront needs and aws-lc-rs does not expose;
//! - `rust-crypto`: pure Rust (`rsa`, `p256`, `ed25519-dalek`) for targets
//!   without a C toolchain. `rsa` 0.9 is affected by RUSTSEC-2023-0071
//!   (Marvin timing side channel) with no fixed release: prefer `aws-lc`
//!   wherever signing happens on shared hardware.
//!
//! Every key type here is parsed once, immutable, `Send + Sync`, zeroizes its
//! secret bytes on drop (the backends' own key structs do so too) and never
//! prints key material in `Debug`.

#[cfg(feature = "aws-lc")]
mod aws_lc;
#[cfg(feature = "aws-lc")]
mod aws_lc_evp;
#[cfg(feature = "aws-lc")]
use aws_lc as backend;

#[cfg(all(feature = "rust-crypto", not(feature = "aws-lc")))]
mod rust_crypto;
#[cfg(all(feature = "rust-crypto", not(feature = "aws-lc")))]
use rust_crypto as backend;

#[cfg(not(any(feature = "aws-lc", feature = "rust-crypto")))]
compile_error!(
    "cdnsign needs a crypto backend: enable feature `aws-lc` (default) or `rust-crypto`"
);

mod hmac;
pub(crate) mod spki;

pub use self::hmac::{HmacAlgorithm, HmacKey};

use std::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Name of the compiled-in backend (`"aws-lc"` or `"rust-crypto"`), for
/// diagnostics and benchmarks.
pub const BACKEND: &str = backend::NAME;

/// Message digest used inside an RSA PKCS#1 v1.5 or ECDSA signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Digest {
    /// SHA-1: CloudFront's default. Legacy; only where the vendor requires it.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl Digest {
    /// "SHA1" / "SHA256", as CloudFront spells it.
    pub fn name(self) -> &'static str {
        match self {
            Digest::Sha1 => "SHA1",
            Digest::Sha256 => "SHA256",
        }
    }
}

/// An RSA private key, parsed once.
pub struct RsaPrivateKey {
    inner: backend::RsaPrivateKey,
    public: RsaPublicKey,
}

impl RsaPrivateKey {
    /// From an unencrypted PKCS#8 `PrivateKeyInfo` (DER). See [`crate::keys`]
    /// for every other format; they all end up here.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let public = RsaPublicKey::from_spki_der(&spki::rsa_public_spki_from_pkcs8(der)?)?;
        let inner = backend::RsaPrivateKey::from_pkcs8_der(der)
            .map_err(|why| Error::invalid_key(format!("RSA private key rejected: {why}")))?;
        Ok(RsaPrivateKey { inner, public })
    }

    /// Generates a new key; returns its PKCS#8 DER.
    pub fn generate_pkcs8(bits: usize) -> Result<Zeroizing<Vec<u8>>> {
        if !(2048..=4096).contains(&bits) || bits % 1024 != 0 {
            return Err(Error::invalid_input(
                "bits",
                format!("RSA key size {bits} is not one of 2048, 3072, 4096"),
            ));
        }
        backend::generate_rsa_pkcs8(bits).map_err(|why| {
            Error::new(
                crate::ErrorCode::Internal,
                format!("RSA keygen failed: {why}"),
            )
        })
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// RSASSA-PKCS1-v1_5 signature over `msg` with `digest`.
    pub fn sign_pkcs1v15(&self, digest: Digest, msg: &[u8]) -> Result<Vec<u8>> {
        self.inner.sign(digest, msg).map_err(|why| {
            Error::new(
                crate::ErrorCode::Internal,
                format!("RSA signing failed: {why}"),
            )
        })
    }

    /// The public half.
    pub fn public_key(&self) -> &RsaPublicKey {
        &self.public
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPrivateKey({} bits, <redacted>)", self.bits())
    }
}

/// An RSA public key, parsed once.
#[derive(Clone)]
pub struct RsaPublicKey {
    inner: backend::RsaPublicKey,
    spki_der: Vec<u8>,
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

impl RsaPublicKey {
    /// From a `SubjectPublicKeyInfo` (DER).
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let (modulus, exponent) = spki::rsa_components_from_spki(der)?;
        Self::build(der.to_vec(), modulus, exponent)
    }

    /// From big-endian modulus and exponent (a JWK's `n` and `e`).
    pub fn from_components(modulus: &[u8], exponent: &[u8]) -> Result<Self> {
        let der = spki::rsa_spki_from_components(modulus, exponent)?;
        let (modulus, exponent) = spki::rsa_components_from_spki(&der)?;
        Self::build(der, modulus, exponent)
    }

    fn build(spki_der: Vec<u8>, modulus: Vec<u8>, exponent: Vec<u8>) -> Result<Self> {
        let bits = bit_length(&modulus);
        if !(1024..=8192).contains(&bits) {
            return Err(Error::invalid_key(format!(
                "RSA modulus of {bits} bits is outside 1024..=8192"
            )));
        }
        let inner = backend::RsaPublicKey::from_spki_der(&spki_der)
            .map_err(|why| Error::invalid_key(format!("RSA public key rejected: {why}")))?;
        Ok(RsaPublicKey {
            inner,
            spki_der,
            modulus,
            exponent,
        })
    }

    /// Verifies an RSASSA-PKCS1-v1_5 signature.
    pub fn verify_pkcs1v15(&self, digest: Digest, msg: &[u8], signature: &[u8]) -> bool {
        self.inner.verify(digest, msg, signature)
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        bit_length(&self.modulus)
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// Big-endian modulus without leading zeros (JWK `n`).
    pub fn modulus(&self) -> &[u8] {
        &self.modulus
    }

    /// Big-endian public exponent without leading zeros (JWK `e`).
    pub fn exponent(&self) -> &[u8] {
        &self.exponent
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPublicKey({} bits)", self.bits())
    }
}

/// An ECDSA P-256 private key, parsed once.
pub struct EcPrivateKey {
    inner: backend::EcPrivateKey,
    public: EcPublicKey,
}

impl EcPrivateKey {
    /// From an unencrypted PKCS#8 `PrivateKeyInfo` (DER) for a P-256 key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let inner = backend::EcPrivateKey::from_pkcs8_der(der)
            .map_err(|why| Error::invalid_key(format!("EC P-256 private key rejected: {why}")))?;
        let public = EcPublicKey::from_point(&inner.public_point())?;
        Ok(EcPrivateKey { inner, public })
    }

    /// Generates a new P-256 key; returns its PKCS#8 DER.
    pub fn generate_pkcs8() -> Result<Zeroizing<Vec<u8>>> {
        backend::generate_ec_pkcs8().map_err(|why| {
            Error::new(
                crate::ErrorCode::Internal,
                format!("EC keygen failed: {why}"),
            )
        })
    }

    /// ECDSA signature, ASN.1 DER encoded (what CloudFront expects).
    pub fn sign_der(&self, digest: Digest, msg: &[u8]) -> Result<Vec<u8>> {
        self.inner.sign(digest, msg).map_err(|why| {
            Error::new(
                crate::ErrorCode::Internal,
                format!("ECDSA signing failed: {why}"),
            )
        })
    }

    /// The public half.
    pub fn public_key(&self) -> &EcPublicKey {
        &self.public
    }
}

impl fmt::Debug for EcPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcPrivateKey(P-256, <redacted>)")
    }
}

/// An ECDSA P-256 public key, parsed once.
#[derive(Clone)]
pub struct EcPublicKey {
    inner: backend::EcPublicKey,
    spki_der: Vec<u8>,
}

impl EcPublicKey {
    /// From a `SubjectPublicKeyInfo` (DER) naming P-256.
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let point = spki::ec_point_from_spki(der)?;
        Self::from_point(&point)
    }

    /// From an uncompressed SEC1 point (65 bytes).
    pub fn from_point(point: &[u8]) -> Result<Self> {
        let inner = backend::EcPublicKey::from_point(point)
            .map_err(|why| Error::invalid_key(format!("EC P-256 public key rejected: {why}")))?;
        Ok(EcPublicKey {
            inner,
            spki_der: spki::ec_spki_from_point(point)?,
        })
    }

    /// Verifies an ASN.1 DER ECDSA signature.
    pub fn verify_der(&self, digest: Digest, msg: &[u8], signature: &[u8]) -> bool {
        self.inner.verify(digest, msg, signature)
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }
}

impl fmt::Debug for EcPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcPublicKey(P-256)")
    }
}

/// An Ed25519 private key, parsed once.
pub struct Ed25519PrivateKey {
    inner: backend::Ed25519PrivateKey,
    public: Ed25519PublicKey,
}

impl Ed25519PrivateKey {
    /// From the 32-byte seed (RFC 8032 "private key").
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| {
            Error::invalid_key(format!(
                "an Ed25519 seed is 32 bytes, got {} bytes",
                seed.len()
            ))
        })?;
        let inner = backend::Ed25519PrivateKey::from_seed(seed)
            .map_err(|why| Error::invalid_key(format!("Ed25519 key rejected: {why}")))?;
        let public = Ed25519PublicKey::from_bytes(&inner.public_bytes())?;
        Ok(Ed25519PrivateKey { inner, public })
    }

    /// Generates a new random 32-byte seed.
    pub fn generate_seed() -> Result<Zeroizing<[u8; 32]>> {
        let mut seed = Zeroizing::new([0u8; 32]);
        random_bytes(&mut seed[..])?;
        Ok(seed)
    }

    /// The 64-byte signature.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.inner.sign(msg)
    }

    /// The public half.
    pub fn public_key(&self) -> &Ed25519PublicKey {
        &self.public
    }
}

impl fmt::Debug for Ed25519PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519PrivateKey(<redacted>)")
    }
}

/// An Ed25519 public key.
#[derive(Clone)]
pub struct Ed25519PublicKey {
    inner: backend::Ed25519PublicKey,
    bytes: [u8; 32],
}

impl Ed25519PublicKey {
    /// From the raw 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| {
            Error::invalid_key(format!(
                "an Ed25519 public key is 32 bytes, got {} bytes",
                bytes.len()
            ))
        })?;
        let inner = backend::Ed25519PublicKey::from_bytes(&arr)
            .map_err(|why| Error::invalid_key(format!("Ed25519 public key rejected: {why}")))?;
        Ok(Ed25519PublicKey { inner, bytes: arr })
    }

    /// Verifies a 64-byte signature (any other length fails).
    pub fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        signature.len() == 64 && self.inner.verify(msg, signature)
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn spki_der(&self) -> Vec<u8> {
        spki::ed25519_spki(&self.bytes)
    }
}

impl fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519PublicKey(")?;
        f.write_str(&crate::encoding::b64url_encode(&self.bytes, false))?;
        f.write_str(")")
    }
}

/// Fills `buf` from the operating system's CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<()> {
    backend::random_bytes(buf)
        .map_err(|why| Error::new(crate::ErrorCode::Internal, format!("no randomness: {why}")))
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

fn bit_length(big_endian: &[u8]) -> usize {
    match big_endian.iter().position(|b| *b != 0) {
        None => 0,
        Some(i) => (big_endian.len() - i) * 8 - big_endian[i].leading_zeros() as usize,
    }
}
