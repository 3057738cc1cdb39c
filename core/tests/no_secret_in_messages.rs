//! No secret reaches a message: for every kind of key material (RSA and EC
//! private keys, Ed25519 seeds, HMAC secrets for webhooks, Media CDN and
//! Cloud CDN, Stream signing keys), neither `{:?}`, `{:#?}` nor `{}` of the
//! keys, signers, verifiers, generated keys, and of the errors produced from
//! bad inputs *containing* the secret (a wrong passphrase, a corrupted or
//! truncated key, a key of the wrong size, a mismatched JWK) shows the secret
//! in raw, hex, base64, base64url or CloudFront-base64 form, whole or in
//! part. Verification failures do not reveal the tag that would have been
//! accepted either (that would make the verifier a forging oracle).
//!
//! This extends the `Debug` checks next to each type (which look for
//! `<redacted>` and one known string) with an exhaustive search: every
//! 12-byte window of every secret, at every offset, in every encoding.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use cdnsign::encoding::{b64_encode, b64url_encode, cloudfront_b64_encode, hex_encode};
use cdnsign::keys::{self, parse_private_key, PrivateKey};
use common::{load_vectors, read_vector_file};

/// Window length: long enough never to match by chance, short enough to
/// catch a partial leak.
const WINDOW: usize = 12;

/// One secret and the textual forms it is known under.
struct Secret {
    label: String,
    bytes: Vec<u8>,
    /// Text forms the user holds (PEM lines, a webhook secret string...).
    texts: Vec<String>,
}

impl Secret {
    fn bytes(label: impl Into<String>, bytes: &[u8]) -> Secret {
        assert!(!bytes.is_empty());
        Secret {
            label: label.into(),
            bytes: bytes.to_vec(),
            texts: Vec::new(),
        }
    }

    fn text(label: impl Into<String>, text: &str) -> Secret {
        Secret {
            label: label.into(),
            bytes: text.as_bytes().to_vec(),
            texts: vec![text.to_string()],
        }
    }

    /// Every needle that must not appear in output.
    fn needles(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let b = &self.bytes;
        let windows: Vec<&[u8]> = if b.len() <= WINDOW {
            vec![b]
        } else {
            (0..=b.len() - WINDOW).map(|i| &b[i..i + WINDOW]).collect()
        };
        for w in windows {
            let hex = hex_encode(w);
            for form in [
                hex.clone(),
                hex.to_ascii_uppercase(),
                b64_encode(w).trim_end_matches('=').to_string(),
                b64url_encode(w, false),
                cloudfront_b64_encode(w).trim_end_matches('_').to_string(),
            ] {
                out.push((format!("{} ({form})", self.label), form.into_bytes()));
            }
            out.push((format!("{} (raw)", self.label), w.to_vec()));
        }
        for t in &self.texts {
            let chars: Vec<char> = t.chars().collect();
            if chars.len() <= 16 {
                out.push((format!("{} (text)", self.label), t.clone().into_bytes()));
            } else {
                for i in 0..=chars.len() - 16 {
                    let piece: String = chars[i..i + 16].iter().collect();
                    out.push((format!("{} (text)", self.label), piece.into_bytes()));
                }
            }
        }
        out
    }
}

/// Fails if any rendering of any value contains any secret.
fn assert_no_leak(secrets: &[Secret], renderings: &[(String, String)]) {
    // Needles grouped by length, so each rendering is scanned once per length.
    let mut by_len: BTreeMap<usize, HashMap<Vec<u8>, String>> = BTreeMap::new();
    for s in secrets {
        for (label, needle) in s.needles() {
            by_len
                .entry(needle.len())
                .or_default()
                .insert(needle, label);
        }
    }
    let mut leaks = Vec::new();
    for (what, text) in renderings {
        let hay = text.as_bytes();
        'found: for (len, set) in &by_len {
            for w in hay.windows(*len) {
                if let Some(label) = set.get(w) {
                    leaks.push(format!("{what} shows {label}: {text}"));
                    break 'found;
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

fn debug_forms(what: &str, v: &impl Debug) -> Vec<(String, String)> {
    vec![
        (format!("{what} {{:?}}"), format!("{v:?}")),
        (format!("{what} {{:#?}}"), format!("{v:#?}")),
    ]
}

fn error_forms<T: Debug>(what: &str, r: cdnsign::Result<T>) -> Vec<(String, String)> {
    let e = match r {
        Ok(v) => panic!("{what}: expected an error, got {v:?}"),
        Err(e) => e,
    };
    let mut out = debug_forms(what, &e);
    out.push((format!("{what} {{}}"), e.to_string()));
    out.push((format!("{what} message"), e.message().to_string()));
    out
}

fn text(file: &str) -> String {
    String::from_utf8(read_vector_file(file)).unwrap()
}

fn pem_body(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect();
    cdnsign::encoding::b64_decode(&body, "pem").unwrap()
}

/// The private components of an RSA key (d, p, q, dp, dq, qinv) and the
/// PEM lines that encode them; `pem` is PKCS#1 or PKCS#8.
fn rsa_secrets(label: &str, pem: &str) -> Vec<Secret> {
    let der = pem_body(pem);
    let pkcs1 = if pem.contains("BEGIN RSA PRIVATE KEY") {
        der
    } else {
        keys::rsa_pkcs8_to_pkcs1(&der).unwrap().to_vec()
    };
    let c = keys::rsa_components(&pkcs1).unwrap();
    let mut out = vec![
        Secret::bytes(format!("{label} d"), &c.d),
        Secret::bytes(format!("{label} p"), &c.p),
        Secret::bytes(format!("{label} q"), &c.q),
        Secret::bytes(format!("{label} dp"), &c.dp),
        Secret::bytes(format!("{label} dq"), &c.dq),
        Secret::bytes(format!("{label} qinv"), &c.qi),
    ];
    // PEM lines after the modulus (which is public) carry private material.
    let lines: Vec<&str> = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for l in &lines[lines.len() / 2..lines.len() - 1] {
        out.push(Secret::text(format!("{label} PEM line"), l));
    }
    out
}

/// The 32-byte private scalar of a P-256 key in SEC1 or PKCS#8 DER: the
/// OCTET STRING after `version 1` in the SEC1 `ECPrivateKey`.
fn ec_scalar(der: &[u8]) -> Vec<u8> {
    let at = der
        .windows(5)
        .position(|w| w == [0x02, 0x01, 0x01, 0x04, 0x20])
        .expect("SEC1 ECPrivateKey with a 32-byte scalar");
    der[at + 5..at + 37].to_vec()
}

const NOW: i64 = 1_767_290_400;

#[test]
fn rsa_and_ec_keys_signers_and_verifiers_print_no_key_material() {
    let mut secrets = Vec::new();
    let mut out = Vec::new();
    for (file, id) in [
        ("keys/cloudfront-rsa2048.pem", "K2JCJMDEHXQW5F"),
        ("keys/test-rsa2048.pkcs8.pem", "KTESTRSA2048"),
    ] {
        let pem = text(file);
        secrets.extend(rsa_secrets(file, &pem));
        let key = parse_private_key(pem.as_bytes(), None).unwrap();
        out.extend(debug_forms(file, &key));
        let PrivateKey::Rsa(rsa) = key else { panic!() };
        out.extend(debug_forms("RsaPrivateKey", &rsa));
        out.extend(debug_forms("RsaPublicKey", rsa.public_key()));
        let der = pem_body(&pem);
        let pkcs1 = keys::rsa_pkcs8_to_pkcs1(&der).map_or(der, |d| d.to_vec());
        out.extend(debug_forms(
            "RsaComponents",
            &keys::rsa_components(&pkcs1).unwrap(),
        ));
        let signer = cdnsign::cloudfront::Signer::from_pem(id, &pem).unwrap();
        out.extend(debug_forms("cloudfront::Signer", &signer));
        let mut v = cdnsign::cloudfront::Verifier::new();
        v.add_signer(&signer).unwrap();
        out.extend(debug_forms("cloudfront::Verifier", &v));
    }
    for file in [
        "keys/cloudfront-ec-p256.pem",
        "keys/test-ec-p256.pkcs8.pem",
        "keys/test-ec-p256.sec1.pem",
    ] {
        let pem = text(file);
        secrets.push(Secret::bytes(
            format!("{file} scalar"),
            &ec_scalar(&pem_body(&pem)),
        ));
        let key = parse_private_key(pem.as_bytes(), None).unwrap();
        out.extend(debug_forms(file, &key));
        let PrivateKey::Ec(ec) = key else { panic!() };
        out.extend(debug_forms("EcPrivateKey", &ec));
        let signer = cdnsign::cloudfront::Signer::from_pem("KECDSA", &pem).unwrap();
        out.extend(debug_forms("cloudfront::Signer (EC)", &signer));
    }
    // Keys generated here (EC: RSA keygen is too slow in debug builds of the
    // pure-Rust backend).
    let generated = cdnsign::crypto::EcPrivateKey::generate_pkcs8().unwrap();
    secrets.push(Secret::bytes("generated EC scalar", &ec_scalar(&generated)));
    let key = parse_private_key(&generated, None).unwrap();
    out.extend(debug_forms("generated EC key", &key));
    assert_no_leak(&secrets, &out);
}

#[test]
fn errors_from_bad_rsa_and_ec_keys_print_no_key_material() {
    let passphrase = load_vectors("crypto.json")["passphrase"]
        .as_str()
        .unwrap()
        .to_string();
    let pem = text("keys/test-rsa2048.pkcs8.pem");
    let mut secrets = rsa_secrets("test-rsa2048", &pem);
    secrets.push(Secret::text("passphrase", &passphrase));
    let wrong = "my-wrong-but-secret-passphrase-7f3a9c";
    secrets.push(Secret::text("wrong passphrase", wrong));
    let encrypted = read_vector_file("keys/test-rsa2048.pkcs8-encrypted.pem");
    let der = pem_body(&pem);
    let lines: Vec<&str> = pem.lines().collect();
    let mut out = Vec::new();

    out.extend(error_forms(
        "wrong passphrase",
        parse_private_key(&encrypted, Some(wrong.as_bytes())),
    ));
    out.extend(error_forms(
        "no passphrase",
        parse_private_key(&encrypted, None),
    ));
    out.extend(error_forms(
        "passphrase on a plain key",
        parse_private_key(pem.as_bytes(), Some(passphrase.as_bytes())),
    ));
    out.extend(error_forms(
        "cloudfront wrong passphrase",
        cdnsign::cloudfront::Signer::from_pem_with(
            "K1",
            &encrypted,
            Some(wrong.as_bytes()),
            Default::default(),
        ),
    ));
    // Corrupted in the middle, truncated, relabelled, one line dropped.
    let mid = lines.len() / 2;
    let corrupted: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == mid {
                format!("{}!{}", &l[..30], &l[31..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dropped: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != mid)
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n");
    let truncated = format!("{}\n-----END PRIVATE KEY-----\n", lines[..mid].join("\n"));
    let relabelled = pem.replace("PRIVATE KEY", "CERTIFICATE");
    let mut flipped = der.clone();
    let n = flipped.len();
    flipped[n / 2] ^= 0xff;
    for (what, input) in [
        ("corrupted PEM", corrupted.into_bytes()),
        ("PEM missing a line", dropped.into_bytes()),
        ("truncated PEM", truncated.into_bytes()),
        ("relabelled PEM", relabelled.into_bytes()),
        ("truncated DER", der[..der.len() - 40].to_vec()),
        ("DER with a trailing byte", [&der[..], &[0]].concat()),
        ("DER with a flipped byte", flipped),
        (
            "PKCS#1 body in a PKCS#8 label",
            keys::pem_encode("PRIVATE KEY", &keys::rsa_pkcs8_to_pkcs1(&der).unwrap()).into_bytes(),
        ),
    ] {
        if let Err(e) = parse_private_key(&input, None) {
            out.extend(error_forms(what, Err::<(), _>(e)));
        }
        out.extend(
            cdnsign::cloudfront::Signer::from_pem("K1", &input)
                .err()
                .map(|e| error_forms(&format!("cloudfront {what}"), Err::<(), _>(e)))
                .unwrap_or_default(),
        );
        out.extend(
            cdnsign::stream::SigningKey::from_pem("kid", &input)
                .err()
                .map(|e| error_forms(&format!("stream {what}"), Err::<(), _>(e)))
                .unwrap_or_default(),
        );
    }
    // An RSA key where an Ed25519 one is expected, and the reverse.
    out.extend(error_forms(
        "RSA key as Media CDN key",
        cdnsign::mediacdn::SigningKey::parse(pem.as_bytes()),
    ));
    let ec = text("keys/cloudfront-ec-p256.pem");
    secrets.push(Secret::bytes("EC scalar", &ec_scalar(&pem_body(&ec))));
    out.extend(error_forms(
        "EC key as Stream key",
        cdnsign::stream::SigningKey::from_pem("kid", &ec),
    ));
    out.extend(error_forms(
        "EC key as Media CDN key",
        cdnsign::mediacdn::SigningKey::parse(ec.as_bytes()),
    ));
    assert!(out.len() > 40, "{}", out.len());
    assert_no_leak(&secrets, &out);
}

#[test]
fn stream_keys_and_their_errors_print_no_key_material() {
    let response = text("keys/stream-key.json");
    let pem = text("keys/stream-key.pkcs8.pem");
    let jwk = text("keys/stream-key.jwk.json");
    let v: serde_json::Value = serde_json::from_str(&response).unwrap();
    let pem_field = v["result"]["pem"].as_str().unwrap();
    let jwk_field = v["result"]["jwk"].as_str().unwrap();
    let jwk_json: serde_json::Value = serde_json::from_str(&jwk).unwrap();
    let mut secrets = rsa_secrets("stream-key", &pem);
    // The response's base64 fields and the JWK's private members, as text.
    // (Their first part encodes the public modulus; skip it.)
    secrets.push(Secret::text(
        "response pem field",
        &pem_field[pem_field.len() / 2..],
    ));
    secrets.push(Secret::text(
        "response jwk field",
        &jwk_field[jwk_field.len() / 2..],
    ));
    let other_jwk = text("keys/stream-key-2.jwk.json");
    let other_json: serde_json::Value = serde_json::from_str(&other_jwk).unwrap();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        secrets.push(Secret::text(
            format!("JWK {m}"),
            jwk_json[m].as_str().unwrap(),
        ));
        secrets.push(Secret::text(
            format!("JWK 2 {m}"),
            other_json[m].as_str().unwrap(),
        ));
    }
    let mut out = Vec::new();
    let key = cdnsign::stream::SigningKey::from_stream_keys_response(&response).unwrap();
    out.extend(debug_forms("stream::SigningKey", &key));
    let mut verifier = cdnsign::stream::Verifier::new();
    verifier.add_signing_key(&key).unwrap();
    out.extend(debug_forms("stream::Verifier", &verifier));
    for (what, r) in [
        (
            "from_text(JWK)",
            cdnsign::stream::SigningKey::from_text(&jwk, None),
        ),
        (
            "from_text(pem field)",
            cdnsign::stream::SigningKey::from_text(pem_field, Some(key.kid())),
        ),
        (
            "from_pem",
            cdnsign::stream::SigningKey::from_pem(key.kid(), &pem),
        ),
    ] {
        out.extend(debug_forms(what, &r.unwrap()));
    }
    // Errors from inputs that contain the private key.
    let mut broken_jwk = jwk_json.clone();
    let d = broken_jwk["d"].as_str().unwrap().to_string();
    broken_jwk["d"] = serde_json::Value::String(format!("{}!{}", &d[..40], &d[41..]));
    let mut short_jwk = jwk_json.clone();
    short_jwk["p"] = serde_json::Value::String(d[..100].to_string());
    let mut no_kid = jwk_json.clone();
    no_kid.as_object_mut().unwrap().remove("kid");
    let mismatched = serde_json::json!({"result": {
        "id": key.kid(), "pem": pem_field,
        "jwk": b64_encode(other_jwk.as_bytes()),
    }})
    .to_string();
    let bad_pem_field = serde_json::json!({"result": {
        "id": key.kid(), "pem": format!("{}!{}", &pem_field[..200], &pem_field[201..]),
    }})
    .to_string();
    let wrong_kid = serde_json::json!({"result": {
        "id": "ffffffffffffffffffffffffffffffff", "jwk": jwk_field,
    }})
    .to_string();
    let cases: Vec<(&str, cdnsign::Result<cdnsign::stream::SigningKey>)> = vec![
        (
            "corrupted JWK d",
            cdnsign::stream::SigningKey::from_jwk(&broken_jwk.to_string(), None),
        ),
        (
            "inconsistent JWK",
            cdnsign::stream::SigningKey::from_jwk(&short_jwk.to_string(), None),
        ),
        (
            "JWK without kid",
            cdnsign::stream::SigningKey::from_jwk(&no_kid.to_string(), None),
        ),
        (
            "JWK with another kid",
            cdnsign::stream::SigningKey::from_jwk(&jwk, Some("other")),
        ),
        (
            "pem and jwk of different keys",
            cdnsign::stream::SigningKey::from_stream_keys_response(&mismatched),
        ),
        (
            "corrupted pem field",
            cdnsign::stream::SigningKey::from_stream_keys_response(&bad_pem_field),
        ),
        (
            "jwk kid differs from id",
            cdnsign::stream::SigningKey::from_stream_keys_response(&wrong_kid),
        ),
        (
            "PEM without kid",
            cdnsign::stream::SigningKey::from_text(&pem, None),
        ),
        (
            "truncated response",
            cdnsign::stream::SigningKey::from_stream_keys_response(&response[..response.len() / 2]),
        ),
        (
            "private JWK as text without kid",
            cdnsign::stream::SigningKey::from_text(&no_kid.to_string(), None),
        ),
    ];
    for (what, r) in cases {
        out.extend(error_forms(what, r));
    }
    let mut v2 = cdnsign::stream::Verifier::new();
    out.extend(error_forms(
        "verifier: PEM without kid",
        v2.add_key_text(&pem, None),
    ));
    out.extend(error_forms("verifier: private JWK under a taken kid", {
        let mut v3 = verifier.clone();
        v3.add_key_text(
            &other_jwk.replace(other_json["kid"].as_str().unwrap(), key.kid()),
            None,
        )
    }));
    assert_no_leak(&secrets, &out);
}

#[test]
fn ed25519_seeds_and_media_cdn_secrets_never_print() {
    let mut secrets = Vec::new();
    let mut out = Vec::new();
    for file in [
        "keys/mediacdn-ed25519.seed.b64url-nopad",
        "keys/mediacdn-ed25519-2.seed.b64url-nopad",
        "keys/mediacdn-ed25519-other.seed.b64url-nopad",
    ] {
        let t = text(file);
        let seed = cdnsign::encoding::b64_any_decode(t.trim(), "s").unwrap();
        secrets.push(Secret::bytes(format!("{file} seed"), &seed));
        secrets.push(Secret::text(format!("{file} text"), t.trim()));
        let key = cdnsign::mediacdn::SigningKey::from_text(&t).unwrap();
        out.extend(debug_forms("mediacdn::SigningKey", &key));
        out.extend(debug_forms(
            "mediacdn::Signer",
            &cdnsign::mediacdn::Signer::new("k1", key.clone()).unwrap(),
        ));
        out.extend(debug_forms(
            "TokenSigner",
            &cdnsign::mediacdn::TokenSigner::ed25519(key.clone()),
        ));
        let ks = cdnsign::mediacdn::Keyset::new()
            .with_public_key("k1", key.public_key())
            .unwrap();
        out.extend(debug_forms("Keyset", &ks));
        out.extend(debug_forms(
            "Verifier",
            &cdnsign::mediacdn::Verifier::new(ks),
        ));
        let PrivateKey::Ed25519(k) = parse_private_key(
            keys::pem_encode(
                "PRIVATE KEY",
                &keys::ed25519_pkcs8_from_seed(&seed.clone().try_into().unwrap()),
            )
            .as_bytes(),
            None,
        )
        .unwrap() else {
            panic!()
        };
        out.extend(debug_forms("Ed25519PrivateKey", &k));
        // Wrong sizes and shapes made from the seed.
        let mut wrong_pair = seed.clone();
        wrong_pair.extend_from_slice(&[7u8; 32]);
        let bad_b64 = format!("{}!{}", &t.trim()[..20], &t.trim()[21..]);
        for (what, input) in [
            (
                "31-byte seed",
                b64url_encode(&seed[..31], false).into_bytes(),
            ),
            (
                "33-byte seed",
                b64url_encode(&[&seed[..], &[1]].concat(), false).into_bytes(),
            ),
            (
                "seed || wrong public",
                b64url_encode(&wrong_pair, true).into_bytes(),
            ),
            ("raw 33 bytes", [&seed[..], &[1]].concat()),
            ("raw 31 bytes", seed[..31].to_vec()),
            ("invalid base64", bad_b64.into_bytes()),
            ("seed as hex", hex_encode(&seed).into_bytes()),
        ] {
            out.extend(error_forms(
                &format!("mediacdn {what}"),
                cdnsign::mediacdn::SigningKey::parse(&input),
            ));
        }
        out.extend(error_forms(
            "crypto 31-byte seed",
            cdnsign::crypto::Ed25519PrivateKey::from_seed(&seed[..31]),
        ));
        out.extend(error_forms(
            "seed as a public key",
            cdnsign::mediacdn::PublicKey::from_text(&b64url_encode(
                &[&seed[..], &[0]].concat(),
                false,
            )),
        ));
    }
    let pkcs8 = text("keys/test-ed25519.pkcs8.pem");
    let seed = keys::ed25519_seed_from_pkcs8(&pem_body(&pkcs8)).unwrap();
    secrets.push(Secret::bytes("test-ed25519 seed", &seed[..]));
    out.extend(debug_forms(
        "Ed25519 PKCS#8",
        &parse_private_key(pkcs8.as_bytes(), None).unwrap(),
    ));
    out.extend(error_forms(
        "Ed25519 key for CloudFront",
        cdnsign::cloudfront::Signer::from_pem("K1", &pkcs8),
    ));
    out.extend(error_forms(
        "Ed25519 key for Stream",
        cdnsign::stream::SigningKey::from_pem("kid", &pkcs8),
    ));

    // Generated keys print the public half only.
    let g = cdnsign::mediacdn::SigningKey::generate().unwrap();
    secrets.push(Secret::text("generated seed", &g.seed_base64url()));
    secrets.push(Secret::bytes(
        "generated seed bytes",
        &cdnsign::encoding::b64url_decode(&g.seed_base64url(), "s").unwrap(),
    ));
    out.extend(debug_forms("GeneratedKey", &g));
    out.extend(debug_forms("generated SigningKey", g.signing_key()));

    // Media CDN shared keys.
    for file in [
        "keys/mediacdn-hmac-sha1.secret.b64url",
        "keys/mediacdn-hmac-sha256.secret.b64url",
    ] {
        let t = text(file);
        let raw = cdnsign::encoding::b64_any_decode(t.trim(), "s").unwrap();
        secrets.push(Secret::bytes(format!("{file} bytes"), &raw));
        secrets.push(Secret::text(format!("{file} text"), t.trim()));
        let s = cdnsign::mediacdn::HmacSecret::from_base64(&t).unwrap();
        out.extend(debug_forms("HmacSecret", &s));
        let signer = cdnsign::mediacdn::TokenSigner::hmac(
            cdnsign::mediacdn::Algorithm::HmacSha256,
            s.clone(),
        )
        .unwrap();
        out.extend(debug_forms("TokenSigner (HMAC)", &signer));
        let ks = cdnsign::mediacdn::Keyset::new()
            .with_shared_key("s1", s)
            .unwrap();
        out.extend(debug_forms("Keyset (shared)", &ks));
        out.extend(debug_forms(
            "Verifier (shared)",
            &cdnsign::mediacdn::Verifier::new(ks),
        ));
        out.extend(error_forms(
            "15-byte shared key",
            cdnsign::mediacdn::HmacSecret::from_bytes(&raw[..15]),
        ));
        let bad = format!("{}${}", &t.trim()[..10], &t.trim()[11..]);
        out.extend(error_forms(
            "invalid shared key text",
            cdnsign::mediacdn::HmacSecret::from_base64(&bad),
        ));
    }
    let (g, raw) = cdnsign::mediacdn::HmacSecret::generate(32).unwrap();
    secrets.push(Secret::bytes("generated shared key", &raw));
    out.extend(debug_forms("generated HmacSecret", &g));
    assert_no_leak(&secrets, &out);
}

#[test]
fn webhook_and_cloud_cdn_secrets_never_print() {
    let mut secrets = Vec::new();
    let mut out = Vec::new();
    let webhook_secrets = [
        "85011ed3a913c6ad5f9cf6c5573cc0a7",
        "a-rotated-webhook-secret-0f9e8d7c",
    ];
    for s in webhook_secrets {
        secrets.push(Secret::text("webhook secret", s));
    }
    let v = cdnsign::webhook::Verifier::new(webhook_secrets).unwrap();
    out.extend(debug_forms("webhook::Verifier", &v));
    out.extend(debug_forms(
        "webhook::Verifier (ignore time)",
        &v.clone().ignore_timestamp(),
    ));
    let key = cdnsign::crypto::HmacKey::new(
        cdnsign::crypto::HmacAlgorithm::Sha256,
        webhook_secrets[0].as_bytes(),
    )
    .unwrap();
    out.extend(debug_forms("HmacKey", &key));

    for file in ["keys/cloudcdn-key.b64url", "keys/cloudcdn-key-2.b64url"] {
        let t = text(file);
        let raw = cdnsign::encoding::b64_any_decode(t.trim(), "k").unwrap();
        secrets.push(Secret::bytes(format!("{file} bytes"), &raw));
        secrets.push(Secret::text(format!("{file} text"), t.trim()));
        let k = cdnsign::cloudcdn::SigningKey::from_key_file(&t).unwrap();
        out.extend(debug_forms("cloudcdn::SigningKey", &k));
        out.extend(debug_forms(
            "cloudcdn::Signer",
            &cdnsign::cloudcdn::Signer::new("k1", k.clone()).unwrap(),
        ));
        out.extend(debug_forms(
            "cloudcdn::Verifier",
            &cdnsign::cloudcdn::Verifier::new()
                .with_key("k1", k)
                .unwrap(),
        ));
        let bad = format!("{}!{}", &t.trim()[..8], &t.trim()[9..]);
        for (what, r) in [
            (
                "15-byte key",
                cdnsign::cloudcdn::SigningKey::from_bytes(&raw[..15]),
            ),
            (
                "17-byte key",
                cdnsign::cloudcdn::SigningKey::from_bytes(&[&raw[..], &[0]].concat()),
            ),
            (
                "invalid key file",
                cdnsign::cloudcdn::SigningKey::from_key_file(&bad),
            ),
            (
                "key file of 17 bytes",
                cdnsign::cloudcdn::SigningKey::from_key_file(&b64url_encode(
                    &[&raw[..], &[0]].concat(),
                    true,
                )),
            ),
            (
                "key as hex",
                cdnsign::cloudcdn::SigningKey::from_key_file(&hex_encode(&raw)),
            ),
        ] {
            out.extend(error_forms(&format!("cloudcdn {what}"), r));
        }
    }
    let (g, file_text) = cdnsign::cloudcdn::SigningKey::generate().unwrap();
    secrets.push(Secret::text("generated Cloud CDN key", &file_text));
    secrets.push(Secret::bytes(
        "generated Cloud CDN key bytes",
        &cdnsign::encoding::b64_any_decode(&file_text, "k").unwrap(),
    ));
    out.extend(debug_forms("generated cloudcdn key", &g));
    assert_no_leak(&secrets, &out);
}

/// A rejected credential's message never carries the tag that would have
/// been accepted for what was received, nor the secret.
#[test]
fn verification_failures_do_not_reveal_the_expected_tag() {
    use cdnsign::crypto::{HmacAlgorithm, HmacKey};
    let mut secrets = Vec::new();
    let mut out = Vec::new();

    // Webhook: the tag over the tampered body.
    let secret = "85011ed3a913c6ad5f9cf6c5573cc0a7";
    secrets.push(Secret::text("webhook secret", secret));
    let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true}"#;
    let header = cdnsign::webhook::sign(secret, body, NOW).unwrap();
    let tampered = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":false}"#;
    let key = HmacKey::new(HmacAlgorithm::Sha256, secret.as_bytes()).unwrap();
    let want = key.sign(&[format!("{NOW}.").as_bytes(), &tampered[..]].concat());
    secrets.push(Secret::bytes("expected webhook tag", &want));
    let v = cdnsign::webhook::Verifier::new([secret]).unwrap();
    out.extend(error_forms(
        "webhook bad signature",
        v.verify(Some(&header), tampered, NOW),
    ));
    out.extend(error_forms(
        "webhook stale",
        v.verify(Some(&header), body, NOW + 10_000),
    ));
    out.extend(error_forms(
        "webhook event",
        v.verify_event(Some(&header), tampered, NOW),
    ));

    // Cloud CDN: the signature over the tampered URL.
    let raw =
        cdnsign::encoding::b64_any_decode(text("keys/cloudcdn-key.b64url").trim(), "k").unwrap();
    secrets.push(Secret::bytes("cloud cdn key", &raw));
    let ck = cdnsign::cloudcdn::SigningKey::from_bytes(&raw).unwrap();
    let signed = cdnsign::cloudcdn::Signer::new("k1", ck.clone())
        .unwrap()
        .sign_url("https://cdn.example.com/a.ts", NOW + 60)
        .unwrap();
    let tampered_url = signed.url.replace("/a.ts", "/b.ts");
    let tampered_value = signed.signed_value.replace("/a.ts", "/b.ts");
    let want = HmacKey::new(HmacAlgorithm::Sha1, &raw)
        .unwrap()
        .sign(tampered_value.as_bytes());
    secrets.push(Secret::bytes("expected Cloud CDN signature", &want));
    let cv = cdnsign::cloudcdn::Verifier::new()
        .with_key("k1", ck)
        .unwrap();
    out.extend(error_forms(
        "cloudcdn bad signature",
        cv.verify(&cdnsign::cloudcdn::Request::new(tampered_url, NOW)),
    ));

    // Media CDN HMAC token: the hmac over the tampered token.
    let mraw = cdnsign::encoding::b64_any_decode(
        text("keys/mediacdn-hmac-sha256.secret.b64url").trim(),
        "s",
    )
    .unwrap();
    secrets.push(Secret::bytes("media cdn shared key", &mraw));
    let ms = cdnsign::mediacdn::HmacSecret::from_bytes(&mraw).unwrap();
    for alg in [
        cdnsign::mediacdn::Algorithm::HmacSha1,
        cdnsign::mediacdn::Algorithm::HmacSha256,
    ] {
        let t = cdnsign::mediacdn::TokenSigner::hmac(alg, ms.clone())
            .unwrap()
            .sign(
                &cdnsign::mediacdn::TokenClaims::new(NOW + 60)
                    .path_globs(["/v/*"])
                    .session_id("alice"),
            )
            .unwrap();
        let tampered_token = t.token.replace("SessionID=alice", "SessionID=mallory");
        let tampered_value = t
            .signed_value
            .replace("SessionID=alice", "SessionID=mallory");
        let h = if alg == cdnsign::mediacdn::Algorithm::HmacSha1 {
            HmacAlgorithm::Sha1
        } else {
            HmacAlgorithm::Sha256
        };
        let want = HmacKey::new(h, &mraw)
            .unwrap()
            .sign(tampered_value.as_bytes());
        secrets.push(Secret::bytes(format!("expected {alg} hmac"), &want));
        let mv = cdnsign::mediacdn::Verifier::new(
            cdnsign::mediacdn::Keyset::new()
                .with_shared_key("s1", ms.clone())
                .unwrap(),
        );
        let req = cdnsign::mediacdn::Request::new(
            format!("https://media.example.com/v/a.ts?edge-cache-token={tampered_token}"),
            NOW,
        );
        out.extend(error_forms(
            &format!("mediacdn {alg} bad signature"),
            mv.verify(&req),
        ));
        if let Some(e) = cdnsign::mediacdn::explain(&tampered_token, NOW) {
            out.push(("mediacdn explain".into(), e.to_text()));
        }
    }
    assert_no_leak(&secrets, &out);
}

/// The search itself finds a secret in every form it claims to cover.
#[test]
fn the_search_finds_secrets_in_every_encoding() {
    let secret = (0u8..48)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect::<Vec<u8>>();
    let s = [Secret::bytes("s", &secret)];
    let part = &secret[5..25];
    for leaked in [
        hex_encode(part),
        hex_encode(part).to_ascii_uppercase(),
        b64_encode(part),
        b64url_encode(part, false),
        cloudfront_b64_encode(part),
        format!("prefix {} suffix", b64_encode(&secret[1..40])),
    ] {
        let r = std::panic::catch_unwind(|| assert_no_leak(&s, &[("x".into(), leaked.clone())]));
        assert!(r.is_err(), "missed {leaked}");
    }
    let ascii = [Secret::bytes("ascii", b"ABCDEFGHIJKLMNOPQRSTUVWX")];
    let r = std::panic::catch_unwind(|| {
        assert_no_leak(&ascii, &[("x".into(), "..DEFGHIJKLMNOP..".into())])
    });
    assert!(r.is_err(), "missed a raw leak");
    let t = [Secret::text("t", "a-webhook-secret-that-is-long")];
    let r = std::panic::catch_unwind(|| {
        assert_no_leak(&t, &[("x".into(), "…secret-that-is-lo…".into())])
    });
    assert!(r.is_err());
    // And stays quiet on unrelated text.
    assert_no_leak(
        &s,
        &[("x".into(), "RsaPrivateKey(2048 bits, <redacted>)".into())],
    );
}
