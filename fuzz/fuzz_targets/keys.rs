//! Key parsing: every shape a user can paste. The first input byte picks the
//! parser, the rest is the key:
//! 0 `keys::parse_private_key` (no passphrase), 1 with the vectors'
//! passphrase, 2 `keys::parse_public_key`, 3 `cloudfront::Signer::from_pem`,
//! 4 `stream::SigningKey::from_text` (no kid), 5 the same with a kid,
//! 6 `stream::SigningKey::from_jwk`, 7 `stream::Verifier::add_key_text`,
//! 8 `stream::Verifier::add_jwk` (JWK or JWK Set), 9 `mediacdn::SigningKey::parse`,
//! 10 `mediacdn::PublicKey::parse`, 11 `mediacdn::HmacSecret` (base64 and raw),
//! 12 `cloudcdn::SigningKey` (key file and raw).
#![no_main]

use cdnsign::{cloudcdn, cloudfront, keys, mediacdn, stream};
use cdnsign_fuzz::checked;
use libfuzzer_sys::fuzz_target;

const PASSPHRASE: &[u8] = b"correct horse battery staple";

/// The public half of a parsed private key reads back as the same key.
fn public_round_trip(public: &keys::PublicKey) {
    let pem = public.to_pem();
    let again = keys::parse_public_key(pem.as_bytes()).expect("our own public PEM parses");
    assert_eq!(again.spki_der(), public.spki_der());
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, key)) = data.split_first() else {
        return;
    };
    let text = std::str::from_utf8(key).ok();
    match mode % 13 {
        0 => {
            if let Ok(k) = checked(keys::parse_private_key(key, None)) {
                public_round_trip(&k.public_key());
            }
        }
        1 => {
            if let Ok(k) = checked(keys::parse_private_key(key, Some(PASSPHRASE))) {
                public_round_trip(&k.public_key());
            }
        }
        2 => {
            if let Ok(k) = checked(keys::parse_public_key(key)) {
                public_round_trip(&k);
            }
        }
        3 => {
            if let Ok(s) = checked(cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", key)) {
                public_round_trip(&s.public_key());
            }
        }
        4 | 5 => {
            let Some(text) = text else { return };
            let kid = (mode % 13 == 5).then_some("2a8ac671e190e2e51c685b2fe32951bd");
            if let Ok(k) = checked(stream::SigningKey::from_text(text, kid)) {
                let public = keys::parse_public_key(k.public_pem().as_bytes()).unwrap();
                public_round_trip(&public);
                let mut v = stream::Verifier::new();
                v.add_jwk(&k.public_jwk())
                    .expect("our own public JWK loads");
            }
        }
        6 => {
            let Some(text) = text else { return };
            let _ = checked(stream::SigningKey::from_jwk(text, None));
        }
        7 => {
            let Some(text) = text else { return };
            let mut v = stream::Verifier::new();
            if let Ok(kids) = checked(v.add_key_text(text, Some("kid-1"))) {
                assert!(!kids.is_empty());
                for kid in &kids {
                    assert!(v.kids().any(|k| k == kid));
                }
            }
        }
        8 => {
            let Some(text) = text else { return };
            let mut v = stream::Verifier::new();
            if let Ok(kids) = checked(v.add_jwk(text)) {
                for kid in &kids {
                    assert!(v.kids().any(|k| k == kid));
                }
            }
        }
        9 => {
            if let Ok(k) = checked(mediacdn::SigningKey::parse(key)) {
                let public = k.public_key();
                let again = mediacdn::PublicKey::from_keyset_value(&public.keyset_value()).unwrap();
                assert_eq!(again.as_bytes(), public.as_bytes());
            }
        }
        10 => {
            if let Ok(k) = checked(mediacdn::PublicKey::parse(key)) {
                let again = mediacdn::PublicKey::parse(k.to_pem().as_bytes()).unwrap();
                assert_eq!(again.as_bytes(), k.as_bytes());
            }
        }
        11 => {
            if let Ok(s) = checked(mediacdn::HmacSecret::from_bytes(key)) {
                assert!(s.len() >= mediacdn::MIN_SECRET_LEN);
            }
            if let Some(text) = text {
                let _ = checked(mediacdn::HmacSecret::from_base64(text));
            }
        }
        _ => {
            let _ = checked(cloudcdn::SigningKey::from_bytes(key));
            if let Some(text) = text {
                let _ = checked(cloudcdn::SigningKey::from_key_file(text));
            }
        }
    }
});
