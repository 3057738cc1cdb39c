//! Default backend: aws-lc-rs (constant-time, FIPS-capable), with the
//! [`super::aws_lc_evp`] shim for RSA/ECDSA signing with SHA-1 or SHA-256.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{self, KeyPair, ParsedPublicKey};
use zeroize::Zeroizing;

use super::aws_lc_evp::{EvpPrivateKey, KeyType};
use super::Digest;

pub(super) const NAME: &str = "aws-lc";

type BackendResult<T> = Result<T, String>;

fn rejected(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub(super) struct RsaPrivateKey(EvpPrivateKey);

impl RsaPrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> BackendResult<Self> {
        EvpPrivateKey::from_pkcs8_der(der, KeyType::Rsa)
            .map(RsaPrivateKey)
            .map_err(rejected)
    }

    pub(super) fn sign(&self, digest: Digest, msg: &[u8]) -> BackendResult<Vec<u8>> {
        self.0.sign(digest, msg).map_err(rejected)
    }
}

/// Both digests are parsed up front: verification must not parse per call.
#[derive(Clone)]
pub(super) struct RsaPublicKey {
    sha1: ParsedPublicKey,
    sha256: ParsedPublicKey,
}

impl RsaPublicKey {
    pub(super) fn from_spki_der(der: &[u8]) -> BackendResult<Self> {
        Ok(RsaPublicKey {
            sha1: ParsedPublicKey::new(
                &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                der,
            )
            .map_err(rejected)?,
            sha256: ParsedPublicKey::new(
                &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                der,
            )
            .map_err(rejected)?,
        })
    }

    pub(super) fn verify(&self, digest: Digest, msg: &[u8], sig: &[u8]) -> bool {
        let key = match digest {
            Digest::Sha1 => &self.sha1,
            Digest::Sha256 => &self.sha256,
        };
        key.verify_sig(msg, sig).is_ok()
    }
}

pub(super) struct EcPrivateKey {
    key: EvpPrivateKey,
    point: Vec<u8>,
}

impl EcPrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> BackendResult<Self> {
        // aws-lc-rs validates the curve and yields the public point; the
        // signing key itself lives in the shim (one parse each, at load time).
        let pair =
            signature::EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_ASN1_SIGNING, der)
                .map_err(rejected)?;
        let point = pair.public_key().as_ref().to_vec();
        let key = EvpPrivateKey::from_pkcs8_der(der, KeyType::Ec).map_err(rejected)?;
        Ok(EcPrivateKey { key, point })
    }

    pub(super) fn sign(&self, digest: Digest, msg: &[u8]) -> BackendResult<Vec<u8>> {
        self.key.sign(digest, msg).map_err(rejected)
    }

    pub(super) fn public_point(&self) -> Vec<u8> {
        self.point.clone()
    }
}

#[derive(Clone)]
pub(super) struct EcPublicKey {
    sha1: ParsedPublicKey,
    sha256: ParsedPublicKey,
}

impl EcPublicKey {
    pub(super) fn from_point(point: &[u8]) -> BackendResult<Self> {
        Ok(EcPublicKey {
            sha1: ParsedPublicKey::new(&signature::ECDSA_P256_SHA1_ASN1, point)
                .map_err(rejected)?,
            sha256: ParsedPublicKey::new(&signature::ECDSA_P256_SHA256_ASN1, point)
                .map_err(rejected)?,
        })
    }

    pub(super) fn verify(&self, digest: Digest, msg: &[u8], sig: &[u8]) -> bool {
        let key = match digest {
            Digest::Sha1 => &self.sha1,
            Digest::Sha256 => &self.sha256,
        };
        key.verify_sig(msg, sig).is_ok()
    }
}

pub(super) struct Ed25519PrivateKey(signature::Ed25519KeyPair);

impl Ed25519PrivateKey {
    pub(super) fn from_seed(seed: &[u8; 32]) -> BackendResult<Self> {
        signature::Ed25519KeyPair::from_seed_unchecked(seed)
            .map(Ed25519PrivateKey)
            .map_err(rejected)
    }

    pub(super) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let sig = self.0.sign(msg);
        let mut out = [0u8; 64];
        out.copy_from_slice(sig.as_ref());
        out
    }

    pub(super) fn public_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.0.public_key().as_ref());
        out
    }
}

#[derive(Clone)]
pub(super) struct Ed25519PublicKey(ParsedPublicKey);

impl Ed25519PublicKey {
    pub(super) fn from_bytes(bytes: &[u8; 32]) -> BackendResult<Self> {
        ParsedPublicKey::new(&signature::ED25519, bytes)
            .map(Ed25519PublicKey)
            .map_err(rejected)
    }

    pub(super) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.0.verify_sig(msg, sig).is_ok()
    }
}

pub(super) fn generate_rsa_pkcs8(bits: usize) -> BackendResult<Zeroizing<Vec<u8>>> {
    use aws_lc_rs::rsa::KeySize;
    let size = match bits {
        2048 => KeySize::Rsa2048,
        3072 => KeySize::Rsa3072,
        4096 => KeySize::Rsa4096,
        other => return Err(format!("unsupported RSA size {other}")),
    };
    let pair = signature::RsaKeyPair::generate(size).map_err(rejected)?;
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).map_err(rejected)?;
    Ok(Zeroizing::new(der.as_ref().to_vec()))
}

pub(super) fn generate_ec_pkcs8() -> BackendResult<Zeroizing<Vec<u8>>> {
    let pair = signature::EcdsaKeyPair::generate(&signature::ECDSA_P256_SHA256_ASN1_SIGNING)
        .map_err(rejected)?;
    let doc = pair.to_pkcs8v1().map_err(rejected)?;
    Ok(Zeroizing::new(doc.as_ref().to_vec()))
}

pub(super) fn random_bytes(buf: &mut [u8]) -> BackendResult<()> {
    aws_lc_rs::rand::fill(buf).map_err(rejected)
}
