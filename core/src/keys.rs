//! Key loading: every PEM/DER shape users paste, reduced to the parsed key
//! types of [`crate::crypto`].
//!
//! Private keys: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`), SEC1
//! (`EC PRIVATE KEY`, an `EC PARAMETERS` block before it is skipped),
//! encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`, PBES2 or 3DES), each as PEM or
//! DER. Public keys: SPKI (`PUBLIC KEY`), PKCS#1 (`RSA PUBLIC KEY`), or the
//! public half of any private key above. PEM pasted into an environment
//! variable with literal `\n` sequences is accepted, because that is how
//! keys reach most backends.

use std::fmt;

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, OctetStringRef, UintRef};
use der::{Decode, Encode};
use zeroize::Zeroizing;

use crate::crypto::spki::{ID_EC_PUBLIC_KEY, ID_ED_25519, RSA_ENCRYPTION, SECP_256_R_1};
use crate::crypto::{
    EcPrivateKey, EcPublicKey, Ed25519PrivateKey, Ed25519PublicKey, RsaPrivateKey, RsaPublicKey,
};
use crate::error::{Error, Result};

/// Which algorithm a key is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA (any size; providers enforce their minimum).
    Rsa,
    /// ECDSA on P-256.
    EcP256,
    /// Ed25519.
    Ed25519,
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyKind::Rsa => "RSA",
            KeyKind::EcP256 => "EC P-256",
            KeyKind::Ed25519 => "Ed25519",
        })
    }
}

/// A parsed private key of any supported kind.
#[derive(Debug)]
pub enum PrivateKey {
    /// RSA.
    Rsa(RsaPrivateKey),
    /// ECDSA P-256.
    Ec(EcPrivateKey),
    /// Ed25519.
    Ed25519(Ed25519PrivateKey),
}

impl PrivateKey {
    /// The algorithm.
    pub fn kind(&self) -> KeyKind {
        match self {
            PrivateKey::Rsa(_) => KeyKind::Rsa,
            PrivateKey::Ec(_) => KeyKind::EcP256,
            PrivateKey::Ed25519(_) => KeyKind::Ed25519,
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        match self {
            PrivateKey::Rsa(k) => PublicKey::Rsa(k.public_key().clone()),
            PrivateKey::Ec(k) => PublicKey::Ec(k.public_key().clone()),
            PrivateKey::Ed25519(k) => PublicKey::Ed25519(k.public_key().clone()),
        }
    }
}

/// A parsed public key of any supported kind.
#[derive(Clone, Debug)]
pub enum PublicKey {
    /// RSA.
    Rsa(RsaPublicKey),
    /// ECDSA P-256.
    Ec(EcPublicKey),
    /// Ed25519.
    Ed25519(Ed25519PublicKey),
}

impl PublicKey {
    /// The algorithm.
    pub fn kind(&self) -> KeyKind {
        match self {
            PublicKey::Rsa(_) => KeyKind::Rsa,
            PublicKey::Ec(_) => KeyKind::EcP256,
            PublicKey::Ed25519(_) => KeyKind::Ed25519,
        }
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn spki_der(&self) -> Vec<u8> {
        match self {
            PublicKey::Rsa(k) => k.spki_der().to_vec(),
            PublicKey::Ec(k) => k.spki_der().to_vec(),
            PublicKey::Ed25519(k) => k.spki_der(),
        }
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM.
    pub fn to_pem(&self) -> String {
        pem_encode("PUBLIC KEY", &self.spki_der())
    }
}

/// Upper bound on key input, so a hostile "key" cannot make us allocate much.
const MAX_KEY_INPUT: usize = 64 * 1024;

/// Parses a private key from PEM text or DER bytes. `passphrase` is needed
/// only for encrypted PKCS#8; giving one for an unencrypted key is an error,
/// since it usually means the wrong file was loaded.
pub fn parse_private_key(data: &[u8], passphrase: Option<&[u8]>) -> Result<PrivateKey> {
    let (label, der) = first_der(data, PRIVATE_LABELS, "private key")?;
    let pkcs8 = match label.as_deref() {
        Some("RSA PRIVATE KEY") => pkcs1_to_pkcs8(&der)?,
        Some("EC PRIVATE KEY") => sec1_to_pkcs8(&der)?,
        Some("ENCRYPTED PRIVATE KEY") => decrypt_pkcs8(&der, passphrase)?,
        Some("PRIVATE KEY") => Zeroizing::new(der.to_vec()),
        Some("PUBLIC KEY") | Some("RSA PUBLIC KEY") => {
            return Err(Error::invalid_key(
                "this is a public key; signing needs the private key",
            ))
        }
        Some("CERTIFICATE") => {
            return Err(Error::invalid_key(
                "this is a certificate; signing needs the private key",
            ))
        }
        Some(other) => {
            return Err(Error::invalid_key(format!(
                "unsupported PEM block \"{other}\"; expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY"
            )))
        }
        None => der_private_to_pkcs8(&der, passphrase)?,
    };
    if passphrase.is_some() && label.as_deref() != Some("ENCRYPTED PRIVATE KEY") && label.is_some()
    {
        return Err(Error::invalid_input(
            "passphrase",
            "a passphrase was given but the key is not encrypted",
        ));
    }
    private_from_pkcs8(&pkcs8)
}

/// Parses a public key: SPKI or PKCS#1 PEM/DER, or the public half of a private key.
pub fn parse_public_key(data: &[u8]) -> Result<PublicKey> {
    let (label, der) = first_der(data, ALL_LABELS, "public key")?;
    match label.as_deref() {
        Some("PUBLIC KEY") => public_from_spki(&der),
        Some("RSA PUBLIC KEY") => {
            let rsa = pkcs1::RsaPublicKey::from_der(&der)
                .map_err(|e| Error::invalid_key(format!("bad PKCS#1 RSA public key: {e}")))?;
            RsaPublicKey::from_components(rsa.modulus.as_bytes(), rsa.public_exponent.as_bytes())
                .map(PublicKey::Rsa)
        }
        Some("CERTIFICATE") => Err(Error::invalid_key(
            "this is a certificate; extract its public key (openssl x509 -pubkey -noout)",
        )),
        Some(_) => Ok(parse_private_key(data, None)?.public_key()),
        None => public_from_spki(&der)
            .or_else(|_| {
                pkcs1::RsaPublicKey::from_der(&der)
                    .map_err(|e| Error::invalid_key(format!("not a public key: {e}")))
                    .and_then(|rsa| {
                        RsaPublicKey::from_components(
                            rsa.modulus.as_bytes(),
                            rsa.public_exponent.as_bytes(),
                        )
                    })
                    .map(PublicKey::Rsa)
            })
            .or_else(|_| Ok(parse_private_key(&der, None)?.public_key())),
    }
}

/// Big-endian RSA private components, as in a JWK (`n e d p q dp dq qi`).
pub struct RsaComponents {
    /// Modulus.
    pub n: Vec<u8>,
    /// Public exponent.
    pub e: Vec<u8>,
    /// Private exponent.
    pub d: Zeroizing<Vec<u8>>,
    /// First prime.
    pub p: Zeroizing<Vec<u8>>,
    /// Second prime.
    pub q: Zeroizing<Vec<u8>>,
    /// d mod (p-1).
    pub dp: Zeroizing<Vec<u8>>,
    /// d mod (q-1).
    pub dq: Zeroizing<Vec<u8>>,
    /// q^-1 mod p.
    pub qi: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for RsaComponents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaComponents(n: {} bytes, <redacted>)", self.n.len())
    }
}

/// Takes an RSA PKCS#8 (or PKCS#1) DER apart into its components.
pub fn rsa_components(der: &[u8]) -> Result<RsaComponents> {
    let pkcs1_der = match pkcs8::PrivateKeyInfo::from_der(der) {
        Ok(info) if info.algorithm.oid == RSA_ENCRYPTION => info.private_key.to_vec(),
        Ok(info) => {
            return Err(Error::invalid_key(format!(
                "expected an RSA key, found algorithm {}",
                info.algorithm.oid
            )))
        }
        Err(_) => der.to_vec(),
    };
    let pkcs1_der = Zeroizing::new(pkcs1_der);
    let k = pkcs1::RsaPrivateKey::from_der(&pkcs1_der)
        .map_err(|e| Error::invalid_key(format!("bad RSA private key: {e}")))?;
    let z = |u: UintRef<'_>| Zeroizing::new(u.as_bytes().to_vec());
    Ok(RsaComponents {
        n: k.modulus.as_bytes().to_vec(),
        e: k.public_exponent.as_bytes().to_vec(),
        d: z(k.private_exponent),
        p: z(k.prime1),
        q: z(k.prime2),
        dp: z(k.exponent1),
        dq: z(k.exponent2),
        qi: z(k.coefficient),
    })
}

/// Builds an RSA PKCS#8 DER from components (e.g. a private JWK).
pub fn rsa_pkcs8_from_components(c: &RsaComponents) -> Result<Zeroizing<Vec<u8>>> {
    fn uint<'a>(b: &'a [u8], name: &str) -> Result<UintRef<'a>> {
        UintRef::new(b).map_err(|e| Error::invalid_key(format!("bad RSA component {name}: {e}")))
    }
    let key = pkcs1::RsaPrivateKey {
        modulus: uint(&c.n, "n")?,
        public_exponent: uint(&c.e, "e")?,
        private_exponent: uint(&c.d, "d")?,
        prime1: uint(&c.p, "p")?,
        prime2: uint(&c.q, "q")?,
        exponent1: uint(&c.dp, "dp")?,
        exponent2: uint(&c.dq, "dq")?,
        coefficient: uint(&c.qi, "qi")?,
        other_prime_infos: None,
    };
    let pkcs1_der = Zeroizing::new(
        key.to_der()
            .map_err(|e| Error::invalid_key(format!("cannot encode RSA key: {e}")))?,
    );
    pkcs1_to_pkcs8(&pkcs1_der)
}

/// PKCS#1 `RSAPrivateKey` DER of an RSA PKCS#8 DER (for tools that want
/// `-----BEGIN RSA PRIVATE KEY-----`, like Cloudflare's `/stream/keys`).
pub fn rsa_pkcs8_to_pkcs1(pkcs8_der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let info = pkcs8::PrivateKeyInfo::from_der(pkcs8_der)
        .map_err(|e| Error::invalid_key(format!("not a PKCS#8 key: {e}")))?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::invalid_key("not an RSA key"));
    }
    Ok(Zeroizing::new(info.private_key.to_vec()))
}

/// PKCS#8 DER for an Ed25519 seed (RFC 8410).
pub fn ed25519_pkcs8_from_seed(seed: &[u8; 32]) -> Zeroizing<Vec<u8>> {
    // Fixed 16-byte prefix of every RFC 8410 v1 Ed25519 PrivateKeyInfo.
    const PREFIX: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut out = Zeroizing::new(Vec::with_capacity(48));
    out.extend_from_slice(&PREFIX);
    out.extend_from_slice(seed);
    out
}

/// PEM text (RFC 7468: 64-column base64, LF line ends) of a public key or
/// other non-secret DER. For private keys use [`pem_encode_secret`].
///
/// `label` is a fixed label such as `PUBLIC KEY`; it panics only when given
/// a label RFC 7468 forbids (cdnsign passes constants).
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let mut secret = pem_encode_secret(label, der);
    std::mem::take(&mut *secret)
}

/// PEM text of a private key (`PRIVATE KEY`, `RSA PRIVATE KEY`, ...), written
/// by `pem-rfc7468` into one buffer sized up front and held in `Zeroizing`:
/// the base64 of the key exists in that buffer only and is wiped on drop.
///
/// `label` is a fixed label; it panics only when given a label RFC 7468
/// forbids (cdnsign passes constants).
pub fn pem_encode_secret(label: &str, der: &[u8]) -> Zeroizing<String> {
    use pem_rfc7468::LineEnding;
    let len = pem_rfc7468::encoded_len(label, LineEnding::LF, der)
        .expect("cdnsign encodes PEM only under valid RFC 7468 labels");
    let mut buf = Zeroizing::new(vec![0u8; len]);
    let written = pem_rfc7468::encode(label, LineEnding::LF, der, &mut buf[..])
        .expect("cdnsign encodes PEM only under valid RFC 7468 labels")
        .len();
    buf.truncate(written);
    // PEM is ASCII; the Vec's allocation moves into the String, no copy.
    match String::from_utf8(std::mem::take(&mut *buf)) {
        Ok(text) => Zeroizing::new(text),
        Err(e) => {
            let _wiped = Zeroizing::new(e.into_bytes());
            unreachable!("pem-rfc7468 writes ASCII")
        }
    }
}

/// Ed25519 seed out of an Ed25519 PKCS#8 DER.
pub fn ed25519_seed_from_pkcs8(der: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let info = pkcs8::PrivateKeyInfo::from_der(der)
        .map_err(|e| Error::invalid_key(format!("not a PKCS#8 key: {e}")))?;
    if info.algorithm.oid != ID_ED_25519 {
        return Err(Error::invalid_key(format!(
            "expected an Ed25519 key, found algorithm {}",
            info.algorithm.oid
        )));
    }
    let inner = OctetStringRef::from_der(info.private_key)
        .map_err(|e| Error::invalid_key(format!("bad Ed25519 private key: {e}")))?;
    let seed: [u8; 32] = inner.as_bytes().try_into().map_err(|_| {
        Error::invalid_key(format!(
            "an Ed25519 seed is 32 bytes, got {}",
            inner.as_bytes().len()
        ))
    })?;
    Ok(Zeroizing::new(seed))
}

const PRIVATE_LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
];
const ALL_LABELS: &[&str] = PRIVATE_LABELS;

/// The first key-bearing PEM block's label and DER, or the input itself as DER.
fn first_der(
    data: &[u8],
    wanted: &[&str],
    what: &str,
) -> Result<(Option<String>, Zeroizing<Vec<u8>>)> {
    if data.is_empty() {
        return Err(Error::invalid_key(format!("the {what} is empty")));
    }
    if data.len() > MAX_KEY_INPUT {
        return Err(Error::invalid_key(format!(
            "the {what} input is {} bytes; keys are far smaller (limit {MAX_KEY_INPUT})",
            data.len()
        )));
    }
    let text = match std::str::from_utf8(data) {
        Ok(t) if t.contains("-----BEGIN ") => t,
        Ok(t) if t.trim_start().starts_with('{') => {
            return Err(Error::invalid_key(format!(
                "the {what} looks like JSON (a JWK?); use the JWK loader of the provider"
            )))
        }
        _ => return Ok((None, Zeroizing::new(data.to_vec()))),
    };
    let owned;
    let text = if !text.contains('\n') && text.contains("\\n") {
        owned = Zeroizing::new(text.replace("\\n", "\n"));
        owned.as_str()
    } else {
        text
    };
    let mut rest = text;
    let mut seen = Vec::new();
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        // A mangled BEGIN line (dashes or newline missing) makes "the label"
        // run into the base64 body: never echo that, it is key material.
        if !is_plain_label(label) {
            return Err(Error::invalid_key(
                "a PEM BEGIN line is malformed: expected -----BEGIN <LABEL>----- on a line of its own",
            ));
        }
        let end_marker = format!("-----END {label}-----");
        // The END line is searched for after this BEGIN line only (an END
        // line earlier in the text would make the block run backwards).
        let body_start = start + 11 + label_end + 5;
        let Some(end) = rest[body_start..].find(&end_marker).map(|i| body_start + i) else {
            return Err(Error::invalid_key(format!(
                "PEM block \"{label}\" has no END line"
            )));
        };
        let block = &rest[start..end + end_marker.len()];
        rest = &rest[end + end_marker.len()..];
        if !wanted.contains(&label) {
            seen.push(label.to_string());
            continue;
        }
        if block.contains("Proc-Type:") {
            return Err(Error::invalid_key(format!(
                "legacy OpenSSL-encrypted \"{label}\" PEM is not supported; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
            )));
        }
        let normalized: String = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let normalized = Zeroizing::new(normalized);
        let (_, der) = pem_rfc7468::decode_vec(normalized.as_bytes())
            .map_err(|e| Error::invalid_key(format!("bad PEM block \"{label}\": {e}")))?;
        return Ok((Some(label.to_string()), Zeroizing::new(der)));
    }
    if seen.is_empty() {
        Err(Error::invalid_key(format!(
            "no complete PEM block in the {what}"
        )))
    } else {
        Err(Error::invalid_key(format!(
            "no key in the {what}: found only PEM block(s) {}",
            seen.join(", ")
        )))
    }
}

/// A label we may show in a message: short, upper-case ASCII letters,
/// digits and spaces (every label of RFC 7468 is).
fn is_plain_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 40
        && label
            .bytes()
            .all(|b| b == b' ' || b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn pkcs1_to_pkcs8(pkcs1_der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    pkcs1::RsaPrivateKey::from_der(pkcs1_der)
        .map_err(|e| Error::invalid_key(format!("bad PKCS#1 RSA private key: {e}")))?;
    let info = pkcs8::PrivateKeyInfo {
        algorithm: pkcs8::AlgorithmIdentifierRef {
            oid: RSA_ENCRYPTION,
            parameters: Some(AnyRef::NULL),
        },
        private_key: pkcs1_der,
        public_key: None,
    };
    info.to_der()
        .map(Zeroizing::new)
        .map_err(|e| Error::invalid_key(format!("cannot re-encode RSA key: {e}")))
}

fn sec1_to_pkcs8(sec1_der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let key = sec1::EcPrivateKey::from_der(sec1_der)
        .map_err(|e| Error::invalid_key(format!("bad SEC1 EC private key: {e}")))?;
    match key.parameters.and_then(|p| p.named_curve()) {
        Some(curve) if curve == SECP_256_R_1 => {}
        Some(curve) => {
            return Err(Error::invalid_key(format!(
                "EC curve {curve} is not supported; only P-256 (prime256v1)"
            )))
        }
        None => {
            return Err(Error::invalid_key(
                "the SEC1 EC key does not name its curve; only P-256 (prime256v1) is supported",
            ))
        }
    }
    let curve = SECP_256_R_1
        .to_der()
        .map_err(|e| Error::invalid_key(format!("cannot encode curve: {e}")))?;
    let params = AnyRef::from_der(&curve)
        .map_err(|e| Error::invalid_key(format!("cannot encode curve: {e}")))?;
    let info = pkcs8::PrivateKeyInfo {
        algorithm: pkcs8::AlgorithmIdentifierRef {
            oid: ID_EC_PUBLIC_KEY,
            parameters: Some(params),
        },
        private_key: sec1_der,
        public_key: None,
    };
    info.to_der()
        .map(Zeroizing::new)
        .map_err(|e| Error::invalid_key(format!("cannot re-encode EC key: {e}")))
}

fn decrypt_pkcs8(der: &[u8], passphrase: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>> {
    let Some(passphrase) = passphrase else {
        return Err(Error::invalid_key(
            "the private key is encrypted; pass its passphrase",
        ));
    };
    let enc = pkcs8::EncryptedPrivateKeyInfo::from_der(der)
        .map_err(|e| Error::invalid_key(format!("bad encrypted PKCS#8 key: {e}")))?;
    let doc = enc.decrypt(passphrase).map_err(|e| {
        Error::invalid_key(format!(
            "cannot decrypt the private key (wrong passphrase or unsupported cipher): {e}"
        ))
    })?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

fn der_private_to_pkcs8(der: &[u8], passphrase: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>> {
    if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
        if passphrase.is_some() {
            return Err(Error::invalid_input(
                "passphrase",
                "a passphrase was given but the key is not encrypted",
            ));
        }
        return Ok(Zeroizing::new(der.to_vec()));
    }
    if pkcs8::EncryptedPrivateKeyInfo::from_der(der).is_ok() {
        return decrypt_pkcs8(der, passphrase);
    }
    if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
        return pkcs1_to_pkcs8(der);
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return sec1_to_pkcs8(der);
    }
    Err(Error::invalid_key(
        "not a PEM or DER private key (PKCS#1, PKCS#8, SEC1 or encrypted PKCS#8)",
    ))
}

fn private_from_pkcs8(der: &[u8]) -> Result<PrivateKey> {
    let info = pkcs8::PrivateKeyInfo::from_der(der)
        .map_err(|e| Error::invalid_key(format!("bad PKCS#8 private key: {e}")))?;
    let oid = info.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        RsaPrivateKey::from_pkcs8_der(der).map(PrivateKey::Rsa)
    } else if oid == ID_EC_PUBLIC_KEY {
        let curve: Option<ObjectIdentifier> = info
            .algorithm
            .parameters
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve != Some(SECP_256_R_1) {
            return Err(Error::invalid_key(
                "only EC keys on P-256 (prime256v1) are supported",
            ));
        }
        EcPrivateKey::from_pkcs8_der(der).map(PrivateKey::Ec)
    } else if oid == ID_ED_25519 {
        let seed = ed25519_seed_from_pkcs8(der)?;
        Ed25519PrivateKey::from_seed(&seed[..]).map(PrivateKey::Ed25519)
    } else {
        Err(Error::invalid_key(format!(
            "unsupported key algorithm {oid}; expected RSA, EC P-256 or Ed25519"
        )))
    }
}

fn public_from_spki(der: &[u8]) -> Result<PublicKey> {
    let spki = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| Error::invalid_key(format!("bad SubjectPublicKeyInfo: {e}")))?;
    let oid = spki.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        RsaPublicKey::from_spki_der(der).map(PublicKey::Rsa)
    } else if oid == ID_EC_PUBLIC_KEY {
        EcPublicKey::from_spki_der(der).map(PublicKey::Ec)
    } else if oid == ID_ED_25519 {
        let bytes = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| Error::invalid_key("Ed25519 key bit string is not byte aligned"))?;
        Ed25519PublicKey::from_bytes(bytes).map(PublicKey::Ed25519)
    } else {
        Err(Error::invalid_key(format!(
            "unsupported public key algorithm {oid}; expected RSA, EC P-256 or Ed25519"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fails to compile if the private PEM stops being `Zeroizing`.
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}

    #[test]
    fn pem_is_rfc7468_armour_and_the_private_form_is_wiped() {
        // 100 bytes: 136 base64 characters, two full 64-column lines and a short one.
        let der: Vec<u8> = (0u8..100).collect();
        let b64 = crate::encoding::b64_encode(&der);
        let want = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n{}\n{}\n-----END PRIVATE KEY-----\n",
            &b64[..64],
            &b64[64..128],
            &b64[128..]
        );
        let secret: Zeroizing<String> = pem_encode_secret("PRIVATE KEY", &der);
        zeroize_on_drop(&secret);
        assert_eq!(*secret, want);
        assert_eq!(pem_encode("PRIVATE KEY", &der), want);
        assert_eq!(
            pem_encode("PUBLIC KEY", &der[..48]),
            format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
                crate::encoding::b64_encode(&der[..48])
            )
        );
    }
}
