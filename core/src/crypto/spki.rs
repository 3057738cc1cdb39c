//! ASN.1 glue between key formats, in pure Rust so both backends share it:
//! `SubjectPublicKeyInfo` building and taking apart for RSA, P-256 and Ed25519.

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, UintRef};
use der::{Decode, Encode};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use crate::error::{Error, Result};

// The four object identifiers cdnsign reads and writes, defined here rather
// than through `const-oid`'s `db` feature (its whole OID database).
/// rsaEncryption (RFC 8017, RFC 5912).
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey (RFC 5480, RFC 5912).
pub(crate) const ID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1, the P-256 named curve (RFC 5480, RFC 5912).
pub(crate) const SECP_256_R_1: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// id-Ed25519 (RFC 8410).
pub(crate) const ID_ED_25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

fn der_err(what: &str) -> impl Fn(der::Error) -> Error + '_ {
    move |e| Error::invalid_key(format!("{what}: {e}"))
}

/// The RSA public key (as SPKI DER) inside a PKCS#8 RSA private key.
pub(super) fn rsa_public_spki_from_pkcs8(pkcs8: &[u8]) -> Result<Vec<u8>> {
    let info = pkcs8::PrivateKeyInfo::from_der(pkcs8).map_err(der_err("not a PKCS#8 key"))?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::invalid_key(format!(
            "expected an RSA key, found algorithm {}",
            info.algorithm.oid
        )));
    }
    let rsa = pkcs1::RsaPrivateKey::from_der(info.private_key)
        .map_err(der_err("PKCS#8 does not hold a PKCS#1 RSA key"))?;
    rsa_spki_from_components(rsa.modulus.as_bytes(), rsa.public_exponent.as_bytes())
}

/// SPKI DER for an RSA public key given big-endian `n` and `e`.
pub(super) fn rsa_spki_from_components(modulus: &[u8], exponent: &[u8]) -> Result<Vec<u8>> {
    let pkcs1 = pkcs1::RsaPublicKey {
        modulus: UintRef::new(modulus).map_err(der_err("bad RSA modulus"))?,
        public_exponent: UintRef::new(exponent).map_err(der_err("bad RSA exponent"))?,
    }
    .to_der()
    .map_err(der_err("cannot encode RSA key"))?;
    spki_der(RSA_ENCRYPTION, Some(AnyRef::NULL), &pkcs1)
}

/// `(n, e)` of an RSA SPKI.
pub(super) fn rsa_components_from_spki(der: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(der_err("not a public key"))?;
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::invalid_key(format!(
            "expected an RSA public key, found algorithm {}",
            spki.algorithm.oid
        )));
    }
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| Error::invalid_key("RSA public key bit string is not byte aligned"))?;
    let rsa = pkcs1::RsaPublicKey::from_der(bits).map_err(der_err("bad RSA public key"))?;
    Ok((
        rsa.modulus.as_bytes().to_vec(),
        rsa.public_exponent.as_bytes().to_vec(),
    ))
}

/// The uncompressed point of a P-256 SPKI.
pub(super) fn ec_point_from_spki(der: &[u8]) -> Result<Vec<u8>> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(der_err("not a public key"))?;
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(Error::invalid_key(format!(
            "expected an EC public key, found algorithm {}",
            spki.algorithm.oid
        )));
    }
    let curve: Option<ObjectIdentifier> = spki
        .algorithm
        .parameters
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    if curve != Some(SECP_256_R_1) {
        return Err(Error::invalid_key(
            "only EC keys on P-256 (prime256v1) are supported",
        ));
    }
    spki.subject_public_key
        .as_bytes()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| Error::invalid_key("EC public key bit string is not byte aligned"))
}

/// SPKI DER for a P-256 point.
pub(super) fn ec_spki_from_point(point: &[u8]) -> Result<Vec<u8>> {
    let curve = SECP_256_R_1
        .to_der()
        .map_err(der_err("cannot encode curve"))?;
    let params = AnyRef::from_der(&curve).map_err(der_err("cannot encode curve"))?;
    spki_der(ID_EC_PUBLIC_KEY, Some(params), point)
}

/// SPKI DER for an Ed25519 public key (RFC 8410: no parameters).
pub(super) fn ed25519_spki(public: &[u8; 32]) -> Vec<u8> {
    // Fixed 12-byte prefix of every Ed25519 SPKI (RFC 8410 §10.1).
    const PREFIX: [u8; 12] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    let mut out = Vec::with_capacity(44);
    out.extend_from_slice(&PREFIX);
    out.extend_from_slice(public);
    debug_assert_eq!(
        SubjectPublicKeyInfoRef::from_der(&out).map(|s| s.algorithm.oid),
        Ok(ID_ED_25519)
    );
    out
}

fn spki_der(oid: ObjectIdentifier, parameters: Option<AnyRef<'_>>, key: &[u8]) -> Result<Vec<u8>> {
    SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).map_err(der_err("key too long"))?,
    }
    .to_der()
    .map_err(der_err("cannot encode public key"))
}
