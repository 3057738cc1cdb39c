//! Pure-Rust backend (`--no-default-features --features rust-crypto`), for
//! targets without a C toolchain.
//!
//! Known limit: `rsa` 0.9 is affected by RUSTSEC-2023-0071 (Marvin: timing
//! side channel in RSA decryption/signing) with no patched release. RSA
//! signing on shared hardware should use the default `aws-lc` backend.

use ed25519_dalek::{Signer as _, Verifier as _};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::pkcs8::DecodePublicKey as _;
use rsa::Pkcs1v15Sign;
use sha1::Digest as _;
use zeroize::Zeroizing;

use super::Digest;

pub(super) const NAME: &str = "rust-crypto";

type BackendResult<T> = Result<T, String>;

fn rejected(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn hashed(digest: Digest, msg: &[u8]) -> (Pkcs1v15Sign, Vec<u8>) {
    match digest {
        Digest::Sha1 => (
            Pkcs1v15Sign::new::<sha1::Sha1>(),
            sha1::Sha1::digest(msg).to_vec(),
        ),
        Digest::Sha256 => (
            Pkcs1v15Sign::new::<sha2::Sha256>(),
            sha2::Sha256::digest(msg).to_vec(),
        ),
    }
}

pub(super) struct RsaPrivateKey(rsa::RsaPrivateKey);

impl RsaPrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> BackendResult<Self> {
        let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(rejected)?;
        key.validate().map_err(rejected)?;
        Ok(RsaPrivateKey(key))
    }

    pub(super) fn sign(&self, digest: Digest, msg: &[u8]) -> BackendResult<Vec<u8>> {
        let (scheme, hash) = hashed(digest, msg);
        // `sign_with_rng` applies blinding, the mitigation `rsa` offers.
        self.0
            .sign_with_rng(&mut rand_core::OsRng, scheme, &hash)
            .map_err(rejected)
    }
}

#[derive(Clone)]
pub(super) struct RsaPublicKey(rsa::RsaPublicKey);

impl RsaPublicKey {
    pub(super) fn from_spki_der(der: &[u8]) -> BackendResult<Self> {
        rsa::RsaPublicKey::from_public_key_der(der)
            .map(RsaPublicKey)
            .map_err(rejected)
    }

    pub(super) fn verify(&self, digest: Digest, msg: &[u8], sig: &[u8]) -> bool {
        let (scheme, hash) = hashed(digest, msg);
        self.0.verify(scheme, &hash, sig).is_ok()
    }
}

fn prehash(digest: Digest, msg: &[u8]) -> Vec<u8> {
    match digest {
        Digest::Sha1 => sha1::Sha1::digest(msg).to_vec(),
        Digest::Sha256 => sha2::Sha256::digest(msg).to_vec(),
    }
}

pub(super) struct EcPrivateKey(p256::ecdsa::SigningKey);

impl EcPrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> BackendResult<Self> {
        p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(EcPrivateKey)
            .map_err(rejected)
    }

    pub(super) fn sign(&self, digest: Digest, msg: &[u8]) -> BackendResult<Vec<u8>> {
        let sig: p256::ecdsa::Signature = self
            .0
            .sign_prehash(&prehash(digest, msg))
            .map_err(rejected)?;
        Ok(sig.to_der().as_bytes().to_vec())
    }

    pub(super) fn public_point(&self) -> Vec<u8> {
        self.0
            .verifying_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec()
    }
}

#[derive(Clone)]
pub(super) struct EcPublicKey(p256::ecdsa::VerifyingKey);

impl EcPublicKey {
    pub(super) fn from_point(point: &[u8]) -> BackendResult<Self> {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map(EcPublicKey)
            .map_err(rejected)
    }

    pub(super) fn verify(&self, digest: Digest, msg: &[u8], sig: &[u8]) -> bool {
        match p256::ecdsa::Signature::from_der(sig) {
            Ok(sig) => self.0.verify_prehash(&prehash(digest, msg), &sig).is_ok(),
            Err(_) => false,
        }
    }
}

pub(super) struct Ed25519PrivateKey(ed25519_dalek::SigningKey);

impl Ed25519PrivateKey {
    pub(super) fn from_seed(seed: &[u8; 32]) -> BackendResult<Self> {
        Ok(Ed25519PrivateKey(ed25519_dalek::SigningKey::from_bytes(
            seed,
        )))
    }

    pub(super) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.0.sign(msg).to_bytes()
    }

    pub(super) fn public_bytes(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }
}

#[derive(Clone)]
pub(super) struct Ed25519PublicKey(ed25519_dalek::VerifyingKey);

impl Ed25519PublicKey {
    pub(super) fn from_bytes(bytes: &[u8; 32]) -> BackendResult<Self> {
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map(Ed25519PublicKey)
            .map_err(rejected)
    }

    pub(super) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match ed25519_dalek::Signature::from_slice(sig) {
            Ok(sig) => self.0.verify(msg, &sig).is_ok(),
            Err(_) => false,
        }
    }
}

pub(super) fn generate_rsa_pkcs8(bits: usize) -> BackendResult<Zeroizing<Vec<u8>>> {
    use rsa::pkcs8::EncodePrivateKey as _;
    let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, bits).map_err(rejected)?;
    let doc = key.to_pkcs8_der().map_err(rejected)?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

pub(super) fn generate_ec_pkcs8() -> BackendResult<Zeroizing<Vec<u8>>> {
    let key = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
    let doc = key.to_pkcs8_der().map_err(rejected)?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

pub(super) fn random_bytes(buf: &mut [u8]) -> BackendResult<()> {
    use rand_core::RngCore as _;
    rand_core::OsRng.try_fill_bytes(buf).map_err(rejected)
}

#[cfg(test)]
mod tests {
    // The pure-Rust backend relies on these types wiping their secrets when
    // dropped; an update or a lost feature flag (ed25519-dalek's `zeroize`)
    // that took the guarantee away fails to compile here.
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}

    #[test]
    fn secret_key_types_zeroize_on_drop() {
        zeroize_on_drop::<rsa::RsaPrivateKey>();
        zeroize_on_drop::<p256::ecdsa::SigningKey>();
        zeroize_on_drop::<ed25519_dalek::SigningKey>();
        zeroize_on_drop::<zeroize::Zeroizing<Vec<u8>>>();
    }
}
