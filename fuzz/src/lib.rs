//! Shared fixtures for the cdnsign fuzz targets: verifiers built once from
//! the committed test keys in `tests/vectors/keys/`, the clock the vectors
//! use, and cheap invariants every error must satisfy.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, webhook, Error};

/// `now` of most vectors (2026-01-01T18:00:00Z).
pub const NOW: i64 = 1_767_290_400;
/// `now` for CloudFront: its vectors expire at [`NOW`], so an hour before.
pub const CLOUDFRONT_NOW: i64 = 1_767_286_800;
/// A client address inside the ranges the vectors use (192.0.2.0/24).
pub const CLIENT_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!("../../tests/vectors/keys/", $name))
    };
}

/// CloudFront key-pair ids and public keys of `tests/vectors/cloudfront*.json`.
pub fn cloudfront_verifier() -> &'static cloudfront::Verifier {
    static V: OnceLock<cloudfront::Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = cloudfront::Verifier::with_options(cloudfront::VerifierOptions {
            allow_weak_rsa_for_tests: true,
        });
        v.add_public_key_pem("K2JCJMDEHXQW5F", key!("cloudfront-rsa2048.pub.pem"))
            .unwrap();
        v.add_public_key_pem("K1ROTATEDKEY22", key!("cloudfront-rsa2048-b.pub.pem"))
            .unwrap();
        v.add_public_key_pem("K3P256EXAMPLE7", key!("cloudfront-ec-p256.pub.pem"))
            .unwrap();
        let k1 =
            cdnsign::keys::parse_public_key(key!("cloudfront-conformance-rsa1024.pem").as_bytes())
                .unwrap();
        v.add_public_key("K1TESTKEY", k1).unwrap();
        v
    })
}

/// The CloudFront RSA-2048 signer (`K2JCJMDEHXQW5F`).
pub fn cloudfront_signer() -> &'static cloudfront::Signer {
    static S: OnceLock<cloudfront::Signer> = OnceLock::new();
    S.get_or_init(|| {
        cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", key!("cloudfront-rsa2048.pem")).unwrap()
    })
}

/// Both Stream keys of `tests/vectors/stream.json`.
pub fn stream_verifier() -> &'static stream::Verifier {
    static V: OnceLock<stream::Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = stream::Verifier::new();
        v.add_stream_keys_response(key!("stream-key.json")).unwrap();
        v.add_stream_keys_response(key!("stream-key-2.json"))
            .unwrap();
        v
    })
}

/// The first Stream signing key.
pub fn stream_signing_key() -> &'static stream::SigningKey {
    static K: OnceLock<stream::SigningKey> = OnceLock::new();
    K.get_or_init(|| {
        stream::SigningKey::from_stream_keys_response(key!("stream-key.json")).unwrap()
    })
}

/// Webhook secrets of `tests/vectors/webhook.json` (a rotation pair).
pub const WEBHOOK_SECRETS: [&str; 2] = [
    "85011ed3a913c6ad5f9cf6c5573cc0a7",
    "f3b1c0de5a7e4d2b9c8a6f4e2d1b0a99",
];

/// A webhook verifier with both secrets and the default tolerance.
pub fn webhook_verifier() -> &'static webhook::Verifier {
    static V: OnceLock<webhook::Verifier> = OnceLock::new();
    V.get_or_init(|| webhook::Verifier::new(WEBHOOK_SECRETS).unwrap())
}

/// The Media CDN HMAC-SHA1 / HMAC-SHA256 test secrets (base64url).
pub const MEDIACDN_HMAC_SHA1: &str = key!("mediacdn-hmac-sha1.secret.b64url");
/// See [`MEDIACDN_HMAC_SHA1`].
pub const MEDIACDN_HMAC_SHA256: &str = key!("mediacdn-hmac-sha256.secret.b64url");

/// Every key name of the Media CDN vectors' keysets in one keyset.
pub fn mediacdn_verifier() -> &'static mediacdn::Verifier {
    static V: OnceLock<mediacdn::Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let public = |text: &str| mediacdn::PublicKey::from_text(text).unwrap();
        let secret = |text: &str| mediacdn::HmacSecret::from_base64(text.trim()).unwrap();
        let keyset = mediacdn::Keyset::new()
            .with_name("cdnsign-test-keyset")
            .unwrap()
            .with_public_key("key-1", public(key!("mediacdn-ed25519.pub.b64url")))
            .unwrap()
            .with_public_key("key-2", public(key!("mediacdn-ed25519-2.pub.b64url-nopad")))
            .unwrap()
            .with_public_key(
                "my-key",
                public("g9u90RZv3ddq7pRAEsLaiT6ju1AGNVb2uXdPz0UGwPE="),
            )
            .unwrap()
            .with_public_key(
                "sample-ed25519",
                public("n7nwvhza11C0SuU9ay1uWjDSfzH-CpIBgXxqIz-Yd9Q="),
            )
            .unwrap()
            .with_shared_key("secret-sha1", secret(MEDIACDN_HMAC_SHA1))
            .unwrap()
            .with_shared_key("secret-sha256", secret(MEDIACDN_HMAC_SHA256))
            .unwrap()
            .with_shared_key(
                "sample-secret",
                secret("g_SlMILiIWKqsC6Z2L7gy0sReDOqtSrJrE7CXNr5Nl8="),
            )
            .unwrap();
        // The test route lists every algorithm (a route's default is
        // Ed25519 alone), so HMAC tokens reach the checks behind the tag.
        mediacdn::Verifier::new(keyset).with_allowed_algorithms(&[
            mediacdn::Algorithm::Ed25519,
            mediacdn::Algorithm::HmacSha1,
            mediacdn::Algorithm::HmacSha256,
        ])
    })
}

/// The Media CDN Ed25519 test key (`key-1`).
pub fn mediacdn_signing_key() -> &'static mediacdn::SigningKey {
    static K: OnceLock<mediacdn::SigningKey> = OnceLock::new();
    K.get_or_init(|| {
        mediacdn::SigningKey::from_text(key!("mediacdn-ed25519.seed.b64url-nopad")).unwrap()
    })
}

/// The Cloud CDN test keys (`key-1`, `key-2`, and Google's sample `my-key`).
pub fn cloudcdn_keys() -> &'static [(&'static str, cloudcdn::SigningKey)] {
    static K: OnceLock<Vec<(&'static str, cloudcdn::SigningKey)>> = OnceLock::new();
    K.get_or_init(|| {
        vec![
            (
                "key-1",
                cloudcdn::SigningKey::from_key_file(key!("cloudcdn-key.b64url")).unwrap(),
            ),
            (
                "key-2",
                cloudcdn::SigningKey::from_key_file(key!("cloudcdn-key-2.b64url")).unwrap(),
            ),
            (
                "my-key",
                cloudcdn::SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==").unwrap(),
            ),
        ]
    })
}

/// A Cloud CDN verifier holding [`cloudcdn_keys`].
pub fn cloudcdn_verifier() -> &'static cloudcdn::Verifier {
    static V: OnceLock<cloudcdn::Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = cloudcdn::Verifier::new();
        for (name, key) in cloudcdn_keys() {
            v.add_key(name, key.clone()).unwrap();
        }
        v
    })
}

/// Secrets an error message must never contain (key material the targets load).
pub const SECRETS: [&str; 5] = [
    WEBHOOK_SECRETS[0],
    WEBHOOK_SECRETS[1],
    MEDIACDN_HMAC_SHA1,
    MEDIACDN_HMAC_SHA256,
    "nZtRohdNF9m3cKM24IcK4w",
];

/// Invariants every rejection must hold: a stable code name, a non-empty
/// message, `Display`/`Debug` that work, and no loaded secret in any of them.
pub fn check_error(e: &Error) {
    let code = e.code();
    assert!(!code.as_str().is_empty());
    assert_eq!(cdnsign::ErrorCode::from_name(code.as_str()), Some(code));
    assert!(!e.message().is_empty(), "empty message for {code:?}");
    assert_ne!(
        code,
        cdnsign::ErrorCode::Internal,
        "untrusted input reached an internal error: {e}"
    );
    let shown = format!("{e} {e:?}");
    for secret in SECRETS {
        assert!(
            !shown.contains(secret.trim()),
            "error text leaks a secret: {shown}"
        );
    }
}

/// Runs [`check_error`] on the error side of a result and hands it back.
pub fn checked<T>(r: cdnsign::Result<T>) -> cdnsign::Result<T> {
    if let Err(e) = &r {
        check_error(e);
    }
    r
}

/// Splits fuzz input into at most `n` `\n`-separated fields (the last takes
/// the rest).
pub fn fields(text: &str, n: usize) -> Vec<&str> {
    text.splitn(n, '\n').collect()
}
