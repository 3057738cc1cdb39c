//! The crypto layer against OpenSSL-made vectors (tests/vectors/crypto.json),
//! and the key loaders over every format. Runs on both backends.

mod common;

use cdnsign::crypto::{Digest, Ed25519PrivateKey, HmacAlgorithm, HmacKey};
use cdnsign::keys::{self, KeyKind, PrivateKey, PublicKey};
use cdnsign::ErrorCode;
use common::{load_vectors, read_vector_file, unhex};

fn digest(name: &str) -> Digest {
    match name {
        "SHA1" => Digest::Sha1,
        "SHA256" => Digest::Sha256,
        other => panic!("unknown digest {other}"),
    }
}

fn case<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

#[test]
fn rsa_signatures_equal_openssl_byte_for_byte() {
    let v = load_vectors("crypto.json");
    for id in ["rsa2048-pkcs1v15-sha1", "rsa2048-pkcs1v15-sha256"] {
        let c = case(&v, id);
        let key = keys::parse_private_key(
            &read_vector_file(c["input"]["privateKeyFile"].as_str().unwrap()),
            None,
        )
        .unwrap();
        let PrivateKey::Rsa(key) = key else {
            panic!("not RSA")
        };
        assert_eq!(key.bits(), 2048);
        let d = digest(c["input"]["digest"].as_str().unwrap());
        let msg = c["input"]["messageUtf8"].as_str().unwrap().as_bytes();
        let sig = key.sign_pkcs1v15(d, msg).unwrap();
        assert_eq!(
            sig,
            unhex(c["expected"]["signatureHex"].as_str().unwrap()),
            "{id}"
        );
        let public = keys::parse_public_key(&read_vector_file(
            c["input"]["publicKeyFile"].as_str().unwrap(),
        ))
        .unwrap();
        let PublicKey::Rsa(public) = public else {
            panic!("not RSA")
        };
        assert!(public.verify_pkcs1v15(d, msg, &sig));
        let other = if d == Digest::Sha1 {
            Digest::Sha256
        } else {
            Digest::Sha1
        };
        assert!(
            !public.verify_pkcs1v15(other, msg, &sig),
            "digest must be bound"
        );
        let mut tampered = sig.clone();
        tampered[10] ^= 1;
        assert!(!public.verify_pkcs1v15(d, msg, &tampered));
        assert!(!public.verify_pkcs1v15(d, b"other message", &sig));
    }
}

#[test]
fn ecdsa_verifies_openssl_and_round_trips() {
    let v = load_vectors("crypto.json");
    for id in ["ec-p256-ecdsa-sha1", "ec-p256-ecdsa-sha256"] {
        let c = case(&v, id);
        let d = digest(c["input"]["digest"].as_str().unwrap());
        let msg = c["input"]["messageUtf8"].as_str().unwrap().as_bytes();
        let PublicKey::Ec(public) = keys::parse_public_key(&read_vector_file(
            c["input"]["publicKeyFile"].as_str().unwrap(),
        ))
        .unwrap() else {
            panic!("not EC")
        };
        let theirs = unhex(c["expected"]["verifySignatureHex"].as_str().unwrap());
        assert!(
            public.verify_der(d, msg, &theirs),
            "{id}: OpenSSL signature"
        );
        let PrivateKey::Ec(key) = keys::parse_private_key(
            &read_vector_file(c["input"]["privateKeyFile"].as_str().unwrap()),
            None,
        )
        .unwrap() else {
            panic!("not EC")
        };
        let ours = key.sign_der(d, msg).unwrap();
        assert!(public.verify_der(d, msg, &ours), "{id}: our signature");
        assert!(!public.verify_der(d, b"x", &ours));
        assert_eq!(key.public_key().spki_der(), public.spki_der());
    }
}

#[test]
fn ed25519_matches_openssl() {
    let v = load_vectors("crypto.json");
    let c = case(&v, "ed25519");
    let msg = c["input"]["messageUtf8"].as_str().unwrap().as_bytes();
    let key =
        Ed25519PrivateKey::from_seed(&unhex(c["input"]["seedHex"].as_str().unwrap())).unwrap();
    assert_eq!(
        key.public_key().as_bytes().to_vec(),
        unhex(c["expected"]["publicKeyHex"].as_str().unwrap())
    );
    let sig = key.sign(msg);
    assert_eq!(
        sig.to_vec(),
        unhex(c["expected"]["signatureHex"].as_str().unwrap())
    );
    assert!(key.public_key().verify(msg, &sig));
    assert!(!key.public_key().verify(msg, &sig[..63]));
    let PrivateKey::Ed25519(from_pem) = keys::parse_private_key(
        &read_vector_file(c["input"]["privateKeyFile"].as_str().unwrap()),
        None,
    )
    .unwrap() else {
        panic!("not Ed25519")
    };
    assert_eq!(from_pem.sign(msg), sig);
    let spki = keys::pem_encode("PUBLIC KEY", &from_pem.public_key().spki_der());
    let PublicKey::Ed25519(parsed) = keys::parse_public_key(spki.as_bytes()).unwrap() else {
        panic!("not Ed25519")
    };
    assert!(parsed.verify(msg, &sig));
}

#[test]
fn hmac_matches_python_and_compares_in_constant_time() {
    let v = load_vectors("crypto.json");
    for (id, alg) in [
        ("hmac-sha1", HmacAlgorithm::Sha1),
        ("hmac-sha256", HmacAlgorithm::Sha256),
    ] {
        let c = case(&v, id);
        let key = HmacKey::new(alg, c["input"]["secretUtf8"].as_str().unwrap().as_bytes()).unwrap();
        let msg = c["input"]["messageUtf8"].as_str().unwrap().as_bytes();
        let tag = unhex(c["expected"]["tagHex"].as_str().unwrap());
        assert_eq!(key.sign(msg), tag);
        assert!(key.verify(msg, &tag));
        let (a, b) = msg.split_at(17);
        assert!(key.verify_parts(&[a, b], &tag));
        assert!(!key.verify(msg, &tag[..tag.len() - 1]));
        let mut bad = tag.clone();
        bad[0] ^= 0x80;
        assert!(!key.verify(msg, &bad));
        assert!(!format!("{key:?}").contains("0123456789abcdef"));
    }
    assert_eq!(
        HmacKey::new(HmacAlgorithm::Sha256, b"").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
}

#[test]
fn every_private_key_format_loads_to_the_same_key() {
    let reference = keys::parse_private_key(&read_vector_file("keys/test-rsa2048.pkcs8.pem"), None)
        .unwrap()
        .public_key()
        .spki_der();
    let passphrase = load_vectors("crypto.json")["passphrase"]
        .as_str()
        .unwrap()
        .to_string();
    for (file, pass) in [
        ("keys/test-rsa2048.pkcs1.pem", None),
        ("keys/test-rsa2048.pkcs8.der", None),
        ("keys/test-rsa2048.pkcs1.der", None),
        (
            "keys/test-rsa2048.pkcs8-encrypted.pem",
            Some(passphrase.as_bytes()),
        ),
    ] {
        let key = keys::parse_private_key(&read_vector_file(file), pass)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(key.kind(), KeyKind::Rsa);
        assert_eq!(key.public_key().spki_der(), reference, "{file}");
    }
    // PEM squeezed into one environment-variable line with literal \n.
    let pem = String::from_utf8(read_vector_file("keys/test-rsa2048.pkcs1.pem")).unwrap();
    let env_style = pem.replace('\n', "\\n");
    let key = keys::parse_private_key(env_style.as_bytes(), None).unwrap();
    assert_eq!(key.public_key().spki_der(), reference);
    // CRLF line endings.
    let crlf = pem.replace('\n', "\r\n");
    assert!(keys::parse_private_key(crlf.as_bytes(), None).is_ok());

    let ec_sec1 =
        keys::parse_private_key(&read_vector_file("keys/test-ec-p256.sec1.pem"), None).unwrap();
    let ec_pkcs8 =
        keys::parse_private_key(&read_vector_file("keys/test-ec-p256.pkcs8.pem"), None).unwrap();
    assert_eq!(ec_sec1.kind(), KeyKind::EcP256);
    assert_eq!(
        ec_sec1.public_key().spki_der(),
        ec_pkcs8.public_key().spki_der()
    );
    let ec_pub = keys::parse_public_key(&read_vector_file("keys/test-ec-p256.pub.pem")).unwrap();
    assert_eq!(ec_pub.spki_der(), ec_sec1.public_key().spki_der());
}

#[test]
fn public_keys_load_from_every_format() {
    let spki = keys::parse_public_key(&read_vector_file("keys/test-rsa2048.pub.pem")).unwrap();
    let pkcs1 =
        keys::parse_public_key(&read_vector_file("keys/test-rsa2048.pub-pkcs1.pem")).unwrap();
    let from_private =
        keys::parse_public_key(&read_vector_file("keys/test-rsa2048.pkcs8.pem")).unwrap();
    assert_eq!(spki.spki_der(), pkcs1.spki_der());
    assert_eq!(spki.spki_der(), from_private.spki_der());
    let again = keys::parse_public_key(spki.to_pem().as_bytes()).unwrap();
    assert_eq!(again.spki_der(), spki.spki_der());
    let PublicKey::Rsa(rsa) = &spki else { panic!() };
    assert_eq!(rsa.exponent(), &[1, 0, 1]);
    assert_eq!(rsa.bits(), 2048);
}

#[test]
fn bad_keys_get_clear_typed_errors() {
    let passphrase = b"correct horse battery staple";
    let encrypted = read_vector_file("keys/test-rsa2048.pkcs8-encrypted.pem");
    let e = keys::parse_private_key(&encrypted, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidKey);
    assert!(e.message().contains("passphrase"), "{e}");
    let e = keys::parse_private_key(&encrypted, Some(b"wrong")).unwrap_err();
    assert!(e.message().contains("wrong passphrase"), "{e}");
    assert!(keys::parse_private_key(&encrypted, Some(passphrase)).is_ok());
    let e = keys::parse_private_key(
        &read_vector_file("keys/test-rsa2048.pkcs8.pem"),
        Some(passphrase),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(e.field(), Some("passphrase"));

    let e =
        keys::parse_private_key(&read_vector_file("keys/test-rsa2048.pub.pem"), None).unwrap_err();
    assert!(e.message().contains("public key"), "{e}");
    for junk in [
        &b""[..],
        b"hello",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n",
        b"{\"kty\":\"RSA\"}",
    ] {
        let e = keys::parse_private_key(junk, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey, "{junk:?}");
    }
    let e = keys::parse_private_key(
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        None,
    )
    .unwrap_err();
    assert!(e.message().contains("certificate"), "{e}");
    let big = vec![b'A'; 1 << 20];
    assert_eq!(
        keys::parse_private_key(&big, None).unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    // Error text never echoes key bytes.
    let pem = String::from_utf8(read_vector_file("keys/test-rsa2048.pkcs8.pem")).unwrap();
    let broken = pem.replace("MII", "M!I");
    let e = keys::parse_private_key(broken.as_bytes(), None).unwrap_err();
    let body_line = pem.lines().nth(3).unwrap();
    assert!(!e.to_string().contains(&body_line[..20]), "{e}");
}

#[test]
fn debug_output_never_shows_key_material() {
    let key =
        keys::parse_private_key(&read_vector_file("keys/test-rsa2048.pkcs8.pem"), None).unwrap();
    let dbg = format!("{key:?}");
    assert!(dbg.contains("redacted"), "{dbg}");
    assert!(!dbg.contains("MII"));
    let c = keys::rsa_components(
        &keys::rsa_pkcs8_to_pkcs1(
            &cdnsign::encoding::b64_decode(
                &String::from_utf8(read_vector_file("keys/test-rsa2048.pkcs8.pem"))
                    .unwrap()
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
                "pem",
            )
            .unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(format!("{c:?}").contains("redacted"));
    // Components round-trip into a working key.
    let rebuilt = keys::rsa_pkcs8_from_components(&c).unwrap();
    let PrivateKey::Rsa(k) = keys::parse_private_key(&rebuilt, None).unwrap() else {
        panic!()
    };
    assert_eq!(k.bits(), 2048);
}

#[test]
fn keygen_produces_loadable_keys() {
    let ec = cdnsign::crypto::EcPrivateKey::generate_pkcs8().unwrap();
    assert_eq!(
        keys::parse_private_key(&ec, None).unwrap().kind(),
        KeyKind::EcP256
    );
    let seed = Ed25519PrivateKey::generate_seed().unwrap();
    let pkcs8 = keys::ed25519_pkcs8_from_seed(&seed);
    assert_eq!(*keys::ed25519_seed_from_pkcs8(&pkcs8).unwrap(), *seed);
    assert_eq!(
        cdnsign::crypto::RsaPrivateKey::generate_pkcs8(1024)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
}
