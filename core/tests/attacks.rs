//! Attack tests: what an attacker who controls the credential, the request or
//! the webhook can try, and the exact typed rejection each one gets.
//!
//! - Stream JWTs: `alg: none`, HS256 keyed with the RSA public key (PEM, DER,
//!   modulus, JWK), other algorithms, `kid` pointing at another key of the
//!   verifier, embedded `jwk`/`jku`, `crit`, duplicate header members and
//!   claims, oversized tokens;
//! - CloudFront: JSON injection into the resource (refused when signing,
//!   escaped by the formatter, never a wider grant), validly signed policies
//!   with duplicate keys or extra statements, duplicate parameters, key-pair
//!   id of another key, a 10 MB cookie, a 1 MB policy;
//! - webhooks: timestamps far in the past and future, milliseconds,
//!   non-numeric and non-ASCII digits, huge bodies and headers;
//! - Media CDN: duplicate and aliased token fields, `~` injected into every
//!   value a signer takes, `KeyName` of another key, algorithm confusion
//!   (HMAC keyed with the Ed25519 public key), oversized cookies and tokens;
//! - Cloud CDN: `Expires` in the past, `KeyName` of another key, Media CDN
//!   signatures presented to Cloud CDN and back, a 10 MB cookie.

mod common;

use cdnsign::crypto::{Digest, HmacAlgorithm, HmacKey};
use cdnsign::encoding::{b64url_encode, cloudfront_b64_encode, hex_encode};
use cdnsign::keys::{parse_private_key, PrivateKey};
use cdnsign::ErrorCode::{self, *};
use common::read_vector_file;

fn code<T: std::fmt::Debug>(r: cdnsign::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

fn code_field<T: std::fmt::Debug>(r: cdnsign::Result<T>) -> (ErrorCode, Option<&'static str>) {
    let e = r.unwrap_err();
    (e.code(), e.field())
}

fn text(file: &str) -> String {
    String::from_utf8(read_vector_file(file)).unwrap()
}

// ---- Cloudflare Stream ------------------------------------------------------------

mod stream {
    use super::*;
    use cdnsign::stream::{Claims, SigningKey, Verifier, VerifyRequest};

    pub const NOW: i64 = 1_767_290_400;
    pub const UID: &str = "6b9e68b07dfee8cc2d116e4c51d6a957";

    pub struct Setup {
        pub key: SigningKey,
        pub other: SigningKey,
        pub verifier: Verifier,
        pub token: String,
    }

    /// A verifier holding two keys (A and B), and a token signed by A.
    pub fn setup() -> Setup {
        let key = SigningKey::from_stream_keys_response(&text("keys/stream-key.json")).unwrap();
        let other = SigningKey::from_stream_keys_response(&text("keys/stream-key-2.json")).unwrap();
        let mut verifier = Verifier::new().with_leeway(0);
        verifier.add_signing_key(&key).unwrap();
        verifier.add_signing_key(&other).unwrap();
        let token = key.sign(&Claims::new(UID, NOW + 600), NOW).unwrap();
        assert!(verifier.verify(&token, &VerifyRequest::new(NOW)).is_ok());
        Setup {
            key,
            other,
            verifier,
            token,
        }
    }

    pub fn b64(s: &str) -> String {
        b64url_encode(s.as_bytes(), false)
    }

    pub fn payload(token: &str) -> &str {
        token.split('.').nth(1).unwrap()
    }

    /// RS256 over `header.payload` with the private key in `pem`, whatever
    /// the header says: what an attacker holding some key can produce.
    pub fn rs256(pem: &str, header: &str, payload_json: &str) -> String {
        let PrivateKey::Rsa(k) = parse_private_key(pem.as_bytes(), None).unwrap() else {
            panic!("not RSA")
        };
        let input = format!("{}.{}", b64(header), b64(payload_json));
        let sig = k.sign_pkcs1v15(Digest::Sha256, input.as_bytes()).unwrap();
        format!("{input}.{}", b64url_encode(&sig, false))
    }

    pub fn verify(s: &Setup, token: &str) -> cdnsign::Result<cdnsign::stream::VerifiedToken> {
        s.verifier.verify(token, &VerifyRequest::new(NOW))
    }
}

#[test]
fn stream_alg_none_is_refused_in_every_spelling() {
    let s = stream::setup();
    let kid = s.key.kid();
    let p = stream::payload(&s.token);
    for alg in ["none", "None", "NONE", "nOnE", ""] {
        for header in [
            format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#),
            format!(r#"{{"alg":"{alg}"}}"#),
            format!(r#"{{"typ":"JWT","alg":"{alg}","kid":"{kid}"}}"#),
        ] {
            for sig in ["", "AA", stream::payload(&s.token)] {
                let t = format!("{}.{p}.{sig}", stream::b64(&header));
                assert_eq!(
                    code_field(stream::verify(&s, &t)),
                    (AlgorithmNotAllowed, Some("alg")),
                    "{header} / {sig:?}"
                );
            }
        }
    }
    // The unsecured two-part form is not even a JWS.
    let header = stream::b64(&format!(r#"{{"alg":"none","kid":"{kid}"}}"#));
    assert_eq!(
        code(stream::verify(&s, &format!("{header}.{p}"))),
        Malformed
    );
}

#[test]
fn stream_hs256_keyed_with_the_rsa_public_key_is_refused() {
    let s = stream::setup();
    let kid = s.key.kid();
    let p = stream::payload(&s.token);
    let public = s.key.public_key();
    // Every form of the public key a confused verifier might use as an HMAC key.
    let secrets: Vec<Vec<u8>> = vec![
        s.key.public_pem().into_bytes(),
        read_vector_file("keys/stream-key.pub.pem"),
        read_vector_file("keys/stream-key.pub-pkcs1.pem"),
        public.spki_der().to_vec(),
        public.modulus().to_vec(),
        s.key.public_jwk().into_bytes(),
        read_vector_file("keys/stream-key.pub.jwk.json"),
    ];
    for alg in ["HS256", "HS384", "HS512", "hs256"] {
        for secret in &secrets {
            let input = format!(
                "{}.{p}",
                stream::b64(&format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#))
            );
            let mac = HmacKey::new(HmacAlgorithm::Sha256, secret)
                .unwrap()
                .sign(input.as_bytes());
            let t = format!("{input}.{}", b64url_encode(&mac, false));
            assert_eq!(
                code_field(stream::verify(&s, &t)),
                (AlgorithmNotAllowed, Some("alg")),
                "{alg}"
            );
        }
    }
    // The same HMAC under the pinned alg is just a bad signature.
    let input = format!(
        "{}.{p}",
        stream::b64(&format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#))
    );
    let mac = HmacKey::new(HmacAlgorithm::Sha256, s.key.public_pem().as_bytes())
        .unwrap()
        .sign(input.as_bytes());
    let t = format!("{input}.{}", b64url_encode(&mac, false));
    assert_eq!(
        code_field(stream::verify(&s, &t)),
        (BadSignature, Some("signature"))
    );
}

#[test]
fn stream_other_algorithms_are_refused() {
    let s = stream::setup();
    // A genuine PS256 token made with the same key (RSA-PSS, as PyJWT signs it).
    let ps256 = text("keys/stream-key.ps256-sample.txt");
    assert_eq!(
        code(
            s.verifier
                .verify(ps256.trim(), &VerifyRequest::new(stream::NOW))
        ),
        AlgorithmNotAllowed
    );
    let kid = s.key.kid();
    let p = stream::payload(&s.token);
    let sig = s.token.split('.').nth(2).unwrap();
    for alg in [
        "RS384",
        "RS512",
        "PS256",
        "ES256",
        "EdDSA",
        "RS256 ",
        " RS256",
        "rs256",
        "RS256\u{0}",
    ] {
        let header = serde_json::json!({"alg": alg, "kid": kid}).to_string();
        let t = format!("{}.{p}.{sig}", stream::b64(&header));
        assert_eq!(code(stream::verify(&s, &t)), AlgorithmNotAllowed, "{alg:?}");
    }
    for header in [
        format!(r#"{{"alg":["RS256"],"kid":"{kid}"}}"#),
        format!(r#"{{"alg":null,"kid":"{kid}"}}"#),
        format!(r#"{{"kid":"{kid}"}}"#),
    ] {
        let t = format!("{}.{p}.{sig}", stream::b64(&header));
        assert_eq!(
            code_field(stream::verify(&s, &t)),
            (Malformed, Some("alg")),
            "{header}"
        );
    }
}

use cdnsign::stream::VerifyRequest;

#[test]
fn stream_kid_pointing_at_another_key_is_a_bad_signature() {
    let s = stream::setup();
    let payload = |kid: &str| {
        format!(
            r#"{{"sub":"{}","kid":"{kid}","exp":{}}}"#,
            stream::UID,
            stream::NOW + 600
        )
    };
    let pem_a = text("keys/stream-key.pkcs8.pem");
    let pem_attacker = text("keys/stream-attacker.pkcs8.pem");
    let (a, b) = (s.key.kid(), s.other.kid());
    // Signed with A, but naming B (which the verifier also holds).
    let header_b = format!(r#"{{"alg":"RS256","kid":"{b}"}}"#);
    let t = stream::rs256(&pem_a, &header_b, &payload(b));
    assert_eq!(
        code_field(stream::verify(&s, &t)),
        (BadSignature, Some("signature"))
    );
    // The same through the public API: A's key registered under B's id.
    let impostor = cdnsign::stream::SigningKey::from_pem(b, &pem_a).unwrap();
    let t = impostor
        .sign(
            &cdnsign::stream::Claims::new(stream::UID, stream::NOW + 60),
            stream::NOW,
        )
        .unwrap();
    assert_eq!(code(stream::verify(&s, &t)), BadSignature);
    // An attacker's own key, naming A.
    let header_a = format!(r#"{{"alg":"RS256","kid":"{a}"}}"#);
    let t = stream::rs256(&pem_attacker, &header_a, &payload(a));
    assert_eq!(code(stream::verify(&s, &t)), BadSignature);
    // ... with its public key embedded in the header (jwk / jku / x5u are never used).
    let attacker_pub = cdnsign::keys::parse_public_key(pem_attacker.as_bytes()).unwrap();
    let cdnsign::keys::PublicKey::Rsa(rsa) = &attacker_pub else {
        panic!()
    };
    let jwk = serde_json::json!({
        "kty": "RSA",
        "n": b64url_encode(rsa.modulus(), false),
        "e": b64url_encode(rsa.exponent(), false),
    });
    for (kid, want) in [(a, BadSignature), ("attacker", UnknownKey)] {
        let header = serde_json::json!({
            "alg": "RS256", "kid": kid, "jwk": jwk,
            "jku": "https://attacker.example/jwks.json", "x5u": "https://attacker.example/c.pem"
        })
        .to_string();
        let t = stream::rs256(&pem_attacker, &header, &payload(kid));
        assert_eq!(code(stream::verify(&s, &t)), want, "{kid}");
    }
    // Signed by A under A's kid, but the payload names B.
    let t = stream::rs256(&pem_a, &header_a, &payload(b));
    assert_eq!(code_field(stream::verify(&s, &t)), (Malformed, Some("kid")));
    // A kid the verifier does not hold.
    let header = r#"{"alg":"RS256","kid":"00000000000000000000000000000000"}"#;
    let t = stream::rs256(&pem_a, header, &payload(a));
    assert_eq!(
        code_field(stream::verify(&s, &t)),
        (UnknownKey, Some("kid"))
    );
    // crit names an extension nobody understands.
    let header = format!(r#"{{"alg":"RS256","kid":"{a}","crit":["exp"]}}"#);
    let t = stream::rs256(&pem_a, &header, &payload(a));
    assert_eq!(
        code_field(stream::verify(&s, &t)),
        (Malformed, Some("crit"))
    );
}

#[test]
fn stream_duplicate_members_are_malformed_even_when_signed() {
    let s = stream::setup();
    let pem = text("keys/stream-key.pkcs8.pem");
    let kid = s.key.kid();
    let good_header = format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#);
    // Two parsers could read two different algs out of this header.
    for header in [
        format!(r#"{{"alg":"none","alg":"RS256","kid":"{kid}"}}"#),
        format!(r#"{{"alg":"RS256","alg":"none","kid":"{kid}"}}"#),
        format!(r#"{{"alg":"RS256","kid":"{kid}","kid":"other"}}"#),
    ] {
        let t = stream::rs256(&pem, &header, r#"{"sub":"x","exp":1}"#);
        assert_eq!(
            code_field(stream::verify(&s, &t)),
            (Malformed, Some("header")),
            "{header}"
        );
    }
    // Validly signed payloads with a claim twice: which exp would apply?
    let later = stream::NOW + 600;
    for body in [
        format!(
            r#"{{"sub":"{}","kid":"{kid}","exp":1,"exp":{later}}}"#,
            stream::UID
        ),
        format!(
            r#"{{"sub":"{}","kid":"{kid}","exp":{later},"exp":1}}"#,
            stream::UID
        ),
        format!(
            r#"{{"sub":"a","sub":"{}","kid":"{kid}","exp":{later}}}"#,
            stream::UID
        ),
        format!(
            r#"{{"sub":"{}","kid":"{kid}","exp":{later},"accessRules":[{{"type":"any","action":"allow","action":"block"}}]}}"#,
            stream::UID
        ),
    ] {
        let t = stream::rs256(&pem, &good_header, &body);
        assert_eq!(
            code_field(stream::verify(&s, &t)),
            (Malformed, Some("payload")),
            "{body}"
        );
    }
    // The control: the same construction without duplicates verifies.
    let body = format!(r#"{{"sub":"{}","kid":"{kid}","exp":{later}}}"#, stream::UID);
    assert!(stream::verify(&s, &stream::rs256(&pem, &good_header, &body)).is_ok());
}

#[test]
fn stream_oversized_tokens_are_refused_unread() {
    let s = stream::setup();
    let max = cdnsign::stream::MAX_TOKEN_LEN;
    let (h, p, sig) = {
        let mut it = s.token.split('.');
        (it.next().unwrap(), it.next().unwrap(), it.next().unwrap())
    };
    for t in [
        format!("{h}.{}.{sig}", "A".repeat(1 << 20)),
        format!("{h}.{p}.{}", "A".repeat(1 << 20)),
        format!("{}.{p}.{sig}", "e".repeat(max + 1)),
        ".".repeat(1 << 20),
    ] {
        assert_eq!(
            code_field(stream::verify(&s, &t)),
            (Malformed, Some("token"))
        );
        assert!(cdnsign::stream::decode(&t).is_err());
    }
    // Deep nesting inside a well-formed token is bounded by the parser.
    let deep = format!(
        r#"{{"sub":"x","exp":1,"a":{}1{}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let header = format!(r#"{{"alg":"RS256","kid":"{}"}}"#, s.key.kid());
    let t = stream::rs256(&text("keys/stream-key.pkcs8.pem"), &header, &deep);
    assert!(t.len() < max);
    assert_eq!(
        code_field(stream::verify(&s, &t)),
        (Malformed, Some("payload"))
    );
}

// ---- AWS CloudFront ---------------------------------------------------------------

mod cloudfront {
    use super::*;
    use cdnsign::cloudfront::{Signer, Verifier};

    pub const D: &str = "https://d111111abcdef8.cloudfront.net";

    pub fn signers() -> (Signer, Signer, Verifier) {
        let a = Signer::from_pem(
            "KAAAAAAAAAAAAA",
            read_vector_file("keys/cloudfront-rsa2048.pem"),
        )
        .unwrap();
        let b = Signer::from_pem(
            "KBBBBBBBBBBBBB",
            read_vector_file("keys/cloudfront-rsa2048-b.pem"),
        )
        .unwrap();
        let mut v = Verifier::new();
        v.add_signer(&a).unwrap();
        v.add_signer(&b).unwrap();
        (a, b, v)
    }

    /// Cookies carrying exactly these policy bytes, validly signed by `signer`.
    pub fn cookies_for_policy(signer: &Signer, policy: &str) -> String {
        format!(
            "CloudFront-Policy={}; CloudFront-Signature={}; CloudFront-Key-Pair-Id={}",
            cloudfront_b64_encode(policy.as_bytes()),
            signer.sign_policy(policy.as_bytes()).unwrap(),
            signer.key_pair_id()
        )
    }
}

#[test]
fn cloudfront_json_injection_into_the_resource_is_refused_or_escaped() {
    use cdnsign::cloudfront::{
        format_policy_json, parse_policy, CookieAttributes, PolicyKind, SignOptions,
    };
    let (a, _, v) = cloudfront::signers();
    let d = cloudfront::D;
    let injections = [
        format!(r#"{d}/a"}}],"x":"y"#),
        format!(
            r#"{d}/a","Condition":{{"DateLessThan":{{"AWS:EpochTime":2147483647}}}}}},{{"Resource":"*"#
        ),
        format!("{d}/a\\\"}}"),
        format!("{d}/a}}"),
        format!("{d}/a\u{0}\"*"),
        format!("{d}/a\n*"),
    ];
    let opts = SignOptions::expires(2_000_000_000);
    for r in &injections {
        // Signers refuse characters that are not valid on the wire.
        assert_eq!(
            code_field(a.sign_url(r, &opts)),
            (InvalidInput, Some("url")),
            "{r:?}"
        );
        assert_eq!(
            code_field(a.sign_cookies(r, &opts, &CookieAttributes::new())),
            (InvalidInput, Some("resource")),
            "{r:?}"
        );
        assert_eq!(
            code_field(
                a.sign_url(
                    &format!("{d}/a"),
                    &opts
                        .clone()
                        .resource(r.clone())
                        .policy_kind(PolicyKind::Custom)
                )
            ),
            (InvalidInput, Some("resource")),
            "{r:?}"
        );
        // The formatting primitive escapes: the policy still has one
        // statement, and its resource reads back as the exact string.
        let json = format_policy_json(Some(r), 2_000_000_000, Some(1), Some("192.0.2.0/24"));
        let parsed = parse_policy(json.as_bytes()).unwrap();
        assert_eq!(parsed.resource.as_deref(), Some(r.as_str()));
        assert_eq!(parsed.expires, 2_000_000_000);
        assert_eq!(parsed.starts, Some(1));
    }
    // The percent-encoded form is what gets signed, and it grants that URL only.
    let encoded = cdnsign::cloudfront::percent_encode_url(&injections[0]);
    assert!(!encoded.contains('"') && !encoded.contains('}'));
    let url = a.sign_url(&encoded, &opts).unwrap();
    let req = cdnsign::cloudfront::VerifyRequest::new(1_900_000_000);
    let ok = v.verify_url(&url, &req).unwrap();
    assert_eq!(ok.resource.as_deref(), Some(encoded.as_str()));
    // A canned URL asked for with a quote appended: the canned policy is
    // rebuilt with escaping, so the signature no longer matches.
    let canned = a.sign_url(&format!("{d}/a"), &opts).unwrap();
    let forged = canned.replacen("/a?", "/a\"}],\"x\":\"?", 1);
    assert_eq!(code(v.verify_url(&forged, &req)), BadSignature);
}

#[test]
fn cloudfront_validly_signed_but_ambiguous_policies_are_malformed() {
    use cdnsign::cloudfront::VerifyRequest;
    // ECDSA P-256 (policy parsing does not depend on the key; EC signing is
    // much cheaper than RSA in debug builds of the pure-Rust backend).
    let (_, _, mut v) = cloudfront::signers();
    let a = cdnsign::cloudfront::Signer::from_pem(
        "KECDSAP256KEY",
        read_vector_file("keys/cloudfront-ec-p256.pem"),
    )
    .unwrap();
    v.add_signer(&a).unwrap();
    let d = cloudfront::D;
    let url = format!("{d}/private/a.mp4");
    let req = VerifyRequest::new(1_900_000_000);
    let cond = r#""Condition":{"DateLessThan":{"AWS:EpochTime":2000000000}}"#;
    for policy in [
        // A second Resource that another parser might read instead.
        format!(r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4","Resource":"*",{cond}}}]}}"#),
        format!(
            r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4",{cond},"Condition":{{"DateLessThan":{{"AWS:EpochTime":2147483647}}}}}}]}}"#
        ),
        // Two statements (CloudFront allows exactly one).
        format!(
            r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4",{cond}}},{{"Resource":"*",{cond}}}]}}"#
        ),
        // Two Statement arrays.
        format!(
            r#"{{"Statement":[{{"Resource":"*",{cond}}}],"Statement":[{{"Resource":"{d}/private/a.mp4",{cond}}}]}}"#
        ),
        // Unknown keys and conditions are not ignored.
        format!(r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4",{cond},"Effect":"Allow"}}]}}"#),
        format!(
            r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4","Condition":{{"DateLessThan":{{"AWS:EpochTime":2000000000}},"NotIpAddress":{{"AWS:SourceIp":"0.0.0.0/0"}}}}}}]}}"#
        ),
        // A float or string time.
        format!(
            r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4","Condition":{{"DateLessThan":{{"AWS:EpochTime":2.0e9}}}}}}]}}"#
        ),
        format!(
            r#"{{"Statement":[{{"Resource":"{d}/private/a.mp4","Condition":{{"DateLessThan":{{"AWS:EpochTime":"2000000000"}}}}}}]}}"#
        ),
    ] {
        let header = cloudfront::cookies_for_policy(&a, &policy);
        assert_eq!(
            code_field(v.verify_cookie_header(&header, &url, &req)),
            (Malformed, Some("Policy")),
            "{policy}"
        );
    }
    // The control: a well-formed policy made the same way verifies.
    let policy = format!(r#"{{"Statement":[{{"Resource":"{d}/private/*",{cond}}}]}}"#);
    let header = cloudfront::cookies_for_policy(&a, &policy);
    assert!(v.verify_cookie_header(&header, &url, &req).is_ok());
}

#[test]
fn cloudfront_key_pair_id_of_another_key_and_duplicates() {
    use cdnsign::cloudfront::{SignOptions, VerifyRequest};
    let (a, b, v) = cloudfront::signers();
    let d = cloudfront::D;
    let req = VerifyRequest::new(1_900_000_000);
    let url = a
        .sign_url(&format!("{d}/a.mp4"), &SignOptions::expires(2_000_000_000))
        .unwrap();
    assert!(v.verify_url(&url, &req).is_ok());
    // Signed by A, relabelled as B (which the verifier also holds).
    let relabelled = url.replace(a.key_pair_id(), b.key_pair_id());
    assert_eq!(
        code_field(v.verify_url(&relabelled, &req)),
        (BadSignature, Some("Signature"))
    );
    // A's key loaded under B's id.
    let impostor = cdnsign::cloudfront::Signer::from_pem(
        b.key_pair_id(),
        read_vector_file("keys/cloudfront-rsa2048.pem"),
    )
    .unwrap();
    let forged = impostor
        .sign_url(&format!("{d}/a.mp4"), &SignOptions::expires(2_000_000_000))
        .unwrap();
    assert_eq!(code(v.verify_url(&forged, &req)), BadSignature);
    // Each CloudFront parameter twice.
    for p in ["Expires=1", "Signature=AAAA", "Key-Pair-Id=KBBBBBBBBBBBBB"] {
        let twice = format!("{url}&{p}");
        let field = p.split('=').next().unwrap();
        let e = v.verify_url(&twice, &req).unwrap_err();
        assert_eq!(e.code(), Malformed, "{p}");
        assert_eq!(e.field(), Some(field), "{p}");
    }
    // Each CloudFront cookie twice (two paths or domains).
    let cookies = a
        .sign_cookies(
            &format!("{d}/v/*"),
            &SignOptions::expires(2_000_000_000),
            &cdnsign::cloudfront::CookieAttributes::new(),
        )
        .unwrap()
        .cookie_header();
    let ours = format!("{d}/v/a.ts");
    assert!(v.verify_cookie_header(&cookies, &ours, &req).is_ok());
    for name in [
        "CloudFront-Policy",
        "CloudFront-Signature",
        "CloudFront-Key-Pair-Id",
    ] {
        let header = format!("{cookies}; {name}=x");
        assert_eq!(
            code_field(v.verify_cookie_header(&header, &ours, &req)),
            (Malformed, Some(name))
        );
    }
}

#[test]
fn cloudfront_oversized_cookies_policies_and_urls_get_typed_errors() {
    use cdnsign::cloudfront::{parse_policy, CookieAttributes, VerifyRequest};
    let (a, _, v) = cloudfront::signers();
    let d = cloudfront::D;
    let req = VerifyRequest::new(1_900_000_000);
    let url = format!("{d}/a.mp4");
    let ten_mb = "A".repeat(10 << 20);
    // A 10 MB Cookie header is not read.
    let header = format!("CloudFront-Policy={ten_mb}; CloudFront-Signature=AA; CloudFront-Key-Pair-Id=KAAAAAAAAAAAAA");
    assert_eq!(
        code_field(v.verify_cookie_header(&header, &url, &req)),
        (Malformed, Some("cookie"))
    );
    // 10 MB cookie values handed over as pairs are refused by length.
    let pairs = |policy: &str, sig: &str| {
        vec![
            ("CloudFront-Policy", policy.to_string()),
            ("CloudFront-Signature", sig.to_string()),
            ("CloudFront-Key-Pair-Id", "KAAAAAAAAAAAAA".to_string()),
        ]
    };
    assert_eq!(
        code_field(v.verify_cookies(&pairs(&ten_mb, "AA"), &url, &req)),
        (Malformed, Some("CloudFront-Policy"))
    );
    assert_eq!(
        code_field(v.verify_cookies(&pairs("e30_", &ten_mb), &url, &req)),
        (Malformed, Some("CloudFront-Signature"))
    );
    let long_id = vec![
        ("CloudFront-Expires", "2000000000".to_string()),
        ("CloudFront-Signature", "AA".to_string()),
        ("CloudFront-Key-Pair-Id", ten_mb.clone()),
    ];
    assert_eq!(
        code_field(v.verify_cookies(&long_id, &url, &req)),
        (Malformed, Some("CloudFront-Key-Pair-Id"))
    );
    // A 1 MB policy: refused when signing, when parsing, and in a URL.
    let big_policy = format!(
        r#"{{"Statement":[{{"Resource":"{d}/{}","Condition":{{"DateLessThan":{{"AWS:EpochTime":2000000000}}}}}}]}}"#,
        "a".repeat(1 << 20)
    );
    assert_eq!(
        code_field(a.sign_url_with_policy(&url, &big_policy)),
        (InvalidInput, Some("policy"))
    );
    assert_eq!(
        code_field(a.sign_cookies_with_policy(&big_policy, &CookieAttributes::new())),
        (InvalidInput, Some("policy"))
    );
    assert_eq!(
        code_field(parse_policy(big_policy.as_bytes())),
        (Malformed, Some("Policy"))
    );
    let encoded = cloudfront_b64_encode(big_policy.as_bytes());
    assert_eq!(
        code_field(v.verify_cookies(&pairs(&encoded, "AA"), &url, &req)),
        (Malformed, Some("CloudFront-Policy"))
    );
    let big_url = format!("{url}?Policy={encoded}&Signature=AA&Key-Pair-Id=KAAAAAAAAAAAAA");
    assert_eq!(
        code_field(v.verify_url(&big_url, &req)),
        (Malformed, Some("url"))
    );
    // Explain is bounded too.
    let _ = cdnsign::cloudfront::explain(&big_url, 0);
    let _ = cdnsign::cloudfront::explain(&header, 0);
}

// ---- Cloudflare Stream webhooks ---------------------------------------------------

#[test]
fn webhook_timestamps_far_off_or_not_numbers() {
    use cdnsign::webhook::{sign, Verifier};
    let secret = "85011ed3a913c6ad5f9cf6c5573cc0a7";
    let v = Verifier::new([secret]).unwrap();
    let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957"}"#;
    let now = 1_767_290_400;
    // Correctly signed, but far in the past or the future.
    for (time, want) in [
        (1, TimestampTooOld),
        (now - 301, TimestampTooOld),
        (now - 86_400 * 365 * 10, TimestampTooOld),
        (now + 301, TimestampInFuture),
        (99_999_999_999, TimestampInFuture),
    ] {
        let h = sign(secret, body, time).unwrap();
        assert_eq!(
            code_field(v.verify(Some(&h), body, now)),
            (want, Some("time")),
            "{time}"
        );
    }
    // Forged with a fresh time: the signature is checked first.
    let old = sign(secret, body, 1).unwrap();
    let sig = old.split("sig1=").nth(1).unwrap();
    let fresh = format!("time={now},sig1={sig}");
    assert_eq!(
        code_field(v.verify(Some(&fresh), body, now)),
        (BadSignature, Some("sig1"))
    );
    // Not Unix seconds.
    let sig = hex_encode(&[0u8; 32]);
    for time in [
        "1767290400000",
        "1767290400.5",
        "-1",
        "+1767290400",
        "1e9",
        "0x6957",
        "abc",
        "",
        "１７６７２９０４００",
        "1767290400 1",
        "18446744073709551617",
        "99999999999999999999999999999999",
    ] {
        let h = format!("time={time},sig1={sig}");
        assert_eq!(
            code_field(v.verify(Some(&h), body, now)),
            (Malformed, Some("time")),
            "{time:?}"
        );
    }
    // The time twice: which one was signed?
    let h = sign(secret, body, now).unwrap();
    assert_eq!(
        code_field(v.verify(Some(&format!("time=1,{h}")), body, now)),
        (Malformed, Some("time"))
    );
}

#[test]
fn webhook_huge_bodies_and_headers_get_typed_errors() {
    use cdnsign::webhook::{sign, Verifier, HEADER_NAME, MAX_HEADER_LEN, MAX_SIGNATURES};
    let secret = "s3cret";
    let v = Verifier::new([secret]).unwrap();
    let now = 1_767_290_400;
    let body = vec![b'{'; 4 << 20];
    let h = sign(secret, b"{}", now).unwrap();
    assert_eq!(
        code_field(v.verify(Some(&h), &body, now)),
        (BadSignature, Some("sig1"))
    );
    // Validly signed but too large to parse as an event.
    let signed = sign(secret, &body, now).unwrap();
    assert!(v.verify(Some(&signed), &body, now).is_ok());
    assert_eq!(
        code_field(v.verify_event(Some(&signed), &body, now)),
        (Malformed, Some("body"))
    );
    // A 1 MB header, and one with too many sig1 values.
    let big = format!("{h},x={}", "y".repeat(1 << 20));
    assert_eq!(
        code_field(v.verify(Some(&big), b"{}", now)),
        (Malformed, Some(HEADER_NAME))
    );
    let just_over = format!("{h},x={}", "y".repeat(MAX_HEADER_LEN));
    assert_eq!(code(v.verify(Some(&just_over), b"{}", now)), Malformed);
    let many = vec![format!("sig1={}", hex_encode(&[1u8; 32])); MAX_SIGNATURES + 1].join(",");
    assert_eq!(
        code_field(v.verify(Some(&format!("time={now},{many}")), b"{}", now)),
        (Malformed, Some("sig1"))
    );
    let _ = cdnsign::webhook::explain(&big, now, Some(body.len()));
}

// ---- Google Media CDN -------------------------------------------------------------

mod mediacdn {
    use super::*;
    use cdnsign::mediacdn::{HmacSecret, Keyset, SigningKey, Verifier};

    pub const NOW: i64 = 1_767_290_400;
    pub const HOST: &str = "https://media.example.com";

    pub fn keys() -> (SigningKey, SigningKey, HmacSecret) {
        (
            SigningKey::from_text(&text("keys/mediacdn-ed25519.seed.b64url-nopad")).unwrap(),
            SigningKey::from_text(&text("keys/mediacdn-ed25519-2.seed.b64url-nopad")).unwrap(),
            HmacSecret::from_base64(&text("keys/mediacdn-hmac-sha256.secret.b64url")).unwrap(),
        )
    }

    /// Keyset: Ed25519 k1 and k2, shared key s1; every algorithm allowed
    /// (a route lists HMAC explicitly; the default is Ed25519 alone).
    pub fn verifier() -> Verifier {
        let (k1, k2, s1) = keys();
        Verifier::new(
            Keyset::new()
                .with_public_key("k1", k1.public_key())
                .unwrap()
                .with_public_key("k2", k2.public_key())
                .unwrap()
                .with_shared_key("s1", s1)
                .unwrap(),
        )
        .with_allowed_algorithms(&[
            cdnsign::mediacdn::Algorithm::Ed25519,
            cdnsign::mediacdn::Algorithm::HmacSha1,
            cdnsign::mediacdn::Algorithm::HmacSha256,
        ])
    }

    /// A token with `fields` (joined by `~`) and an HMAC-SHA256 `hmac=` over
    /// the unsigned part, as anyone holding the shared key can build.
    pub fn hmac_token(fields: &str) -> String {
        let raw = cdnsign::encoding::b64_any_decode(
            &text("keys/mediacdn-hmac-sha256.secret.b64url"),
            "s",
        )
        .unwrap();
        let mac = HmacKey::new(HmacAlgorithm::Sha256, &raw)
            .unwrap()
            .sign(fields.as_bytes());
        format!("{fields}~hmac={}", hex_encode(&mac))
    }
}

#[test]
fn mediacdn_duplicate_and_aliased_token_fields_are_malformed() {
    use cdnsign::mediacdn::Request;
    let v = mediacdn::verifier();
    let url = format!("{}/v/a.ts", mediacdn::HOST);
    let exp = mediacdn::NOW + 60;
    for (fields, field) in [
        (
            format!("PathGlobs=/v/*~Expires={exp}~Expires=9999999999"),
            "Expires",
        ),
        (
            format!("PathGlobs=/v/*~Expires=9999999999~Expires={exp}"),
            "Expires",
        ),
        (format!("PathGlobs=/v/*~acl=/*~Expires={exp}"), "PathGlobs"),
        (
            format!("paths=/x/*~PathGlobs=/v/*~Expires={exp}"),
            "PathGlobs",
        ),
        (
            format!("PathGlobs=/v/*~Expires={exp}~SessionID=a~id=b"),
            "SessionID",
        ),
        (
            format!("PathGlobs=/v/*~Expires={exp}~Data=a~payload=b"),
            "Data",
        ),
        (
            format!("PathGlobs=/v/*~Expires={exp}~data=a~Data=b"),
            "Data",
        ),
        (
            format!("PathGlobs=/v/*~Starts=1~Starts=2~Expires={exp}"),
            "Starts",
        ),
        (
            format!("PathGlobs=/v/*~Expires={exp}~Headers=A~Headers=B"),
            "Headers",
        ),
        (
            format!("PathGlobs=/v/*~Expires={exp}~IPRanges=MTAuMC4wLjAvOA~IPRanges=MC4wLjAuMC8w"),
            "IPRanges",
        ),
    ] {
        // Validly signed with the shared key: the parser still refuses.
        let token = mediacdn::hmac_token(&fields);
        let req = Request::new(format!("{url}?edge-cache-token={token}"), mediacdn::NOW);
        assert_eq!(
            code_field(v.verify(&req)),
            (Malformed, Some(field)),
            "{fields}"
        );
        let cookie = Request::new(url.as_str(), mediacdn::NOW)
            .cookie_header(format!("Edge-Cache-Cookie={token}"));
        assert_eq!(
            code_field(v.verify(&cookie)),
            (Malformed, Some(field)),
            "{fields}"
        );
    }
    // Two path fields of different kinds, two signatures, a signature not last.
    for fields in [
        format!("PathGlobs=/v/*~URLPrefix=aHR0cHM6Ly9tZWRpYS5leGFtcGxlLmNvbS8~Expires={exp}"),
        format!("FullPath~PathGlobs=/v/*~Expires={exp}"),
    ] {
        let token = mediacdn::hmac_token(&fields);
        let req = Request::new(format!("{url}?edge-cache-token={token}"), mediacdn::NOW);
        assert_eq!(
            code_field(v.verify(&req)),
            (Malformed, Some("scope")),
            "{fields}"
        );
    }
    let token = mediacdn::hmac_token(&format!("PathGlobs=/v/*~Expires={exp}"));
    for t in [
        format!("{token}~hmac=00"),
        format!("{token}~Signature=AA"),
        token.replacen("~Expires", &format!("~hmac={}~Expires", "0".repeat(64)), 1),
    ] {
        let req = Request::new(format!("{url}?edge-cache-token={t}"), mediacdn::NOW);
        assert_eq!(code(v.verify(&req)), Malformed, "{t}");
    }
    // Two token parameters, two Signature parameters.
    let req = Request::new(
        format!("{url}?edge-cache-token={token}&edge-cache-token={token}"),
        mediacdn::NOW,
    );
    assert_eq!(code_field(v.verify(&req)), (Malformed, Some("token")));
    let (k1, _, _) = mediacdn::keys();
    let signed = cdnsign::mediacdn::Signer::new("k1", k1)
        .unwrap()
        .sign_url(&url, exp)
        .unwrap()
        .url;
    let sig = signed.rsplit("Signature=").next().unwrap();
    let req = Request::new(format!("{signed}&Signature={sig}"), mediacdn::NOW);
    assert_eq!(code_field(v.verify(&req)), (Malformed, Some("Signature")));
    // The control: the same construction without duplicates verifies.
    let req = Request::new(format!("{url}?edge-cache-token={token}"), mediacdn::NOW);
    assert_eq!(v.verify(&req).unwrap().key_id, "s1");
}

#[test]
fn mediacdn_tilde_injection_is_refused_by_every_signer() {
    use cdnsign::mediacdn::{Signer, TokenClaims, TokenSigner, Verifier};
    let (k1, _, _) = mediacdn::keys();
    let tokens = TokenSigner::ed25519(k1.clone());
    let exp = mediacdn::NOW + 60;
    let base = || TokenClaims::new(exp).path_globs(["/v/*"]);
    let inj = "x~PathGlobs=/*~Expires=9999999999";
    for (claims, field) in [
        (base().session_id(inj), "session_id"),
        (base().data(inj), "data"),
        (base().data("a~Data=b"), "data"),
        (
            TokenClaims::new(exp).path_globs(["/v/*~Expires=9999999999"]),
            "path_globs",
        ),
        (TokenClaims::new(exp).path_globs(["/v/~x"]), "path_globs"),
        (base().header("X-A~Data", "1"), "headers"),
        (base().header("X-A", "v~SessionID=admin"), "headers"),
        (base().header("X-A", "v~Expires=9999999999"), "headers"),
        (base().header("X-A", "v~IPRanges=MC4wLjAuMC8w"), "headers"),
        (
            base().ip_ranges(["10.0.0.0/8~Expires=9999999999"]),
            "ip_ranges",
        ),
        (
            TokenClaims::new(exp).full_path("/v/a.ts~SessionID=admin"),
            "full_path",
        ),
        (
            TokenClaims::new(exp).full_path("/v/a.ts~Data=x"),
            "full_path",
        ),
        (
            TokenClaims::new(exp).full_path("/v/a~payload=x/b.ts"),
            "full_path",
        ),
        (
            TokenClaims::new(exp).full_path("/v/a.ts~Expires=9999999999"),
            "full_path",
        ),
        (
            TokenClaims::new(exp).full_path("/v/a.ts~FullPath"),
            "full_path",
        ),
    ] {
        assert_eq!(
            code_field(tokens.sign(&claims)),
            (InvalidInput, Some(field)),
            "{claims:?}"
        );
    }
    // Key names and the token parameter cannot carry '~' either.
    assert_eq!(
        code_field(Signer::new("k1~Expires=1", k1.clone())),
        (InvalidInput, Some("key_name"))
    );
    assert_eq!(
        code_field(TokenSigner::ed25519(k1.clone()).with_param("edge~cache")),
        (InvalidInput, Some("param"))
    );
    assert!(Verifier::new(cdnsign::mediacdn::Keyset::new())
        .with_param("a~b")
        .is_err());
    // URLPrefix and IPRanges travel base64url-encoded: a '~' in the prefix
    // URL cannot reach the token text.
    let t = tokens
        .sign(&TokenClaims::new(exp).url_prefix(format!("{}/~user/", mediacdn::HOST)))
        .unwrap();
    assert_eq!(t.token.matches('~').count(), 2, "{}", t.token);
    // '~' is an ordinary path character when it cannot start a field: a
    // FullPath token for /~user/a.ts covers that path and nothing else.
    let t = tokens
        .sign(&TokenClaims::new(exp).full_path("/~user/a~b.ts"))
        .unwrap();
    let v = mediacdn::verifier();
    let at = |path: &str| {
        v.verify(&cdnsign::mediacdn::Request::new(
            t.apply_to_url(&format!("{}{path}", mediacdn::HOST)),
            mediacdn::NOW,
        ))
    };
    assert!(at("/~user/a~b.ts").is_ok());
    assert_eq!(code(at("/~user/a.ts")), BadSignature);
    assert_eq!(code(at("/~user/a~b.ts~")), BadSignature);
}

/// Why the signer refuses a `~` that starts a field inside a FullPath or a
/// header value: the signed bytes of such a token are the same as those of
/// another token that moves the text into a field of its own. Built here by
/// hand with the shared key, as a careless signer would.
#[test]
fn mediacdn_what_the_tilde_refusal_prevents() {
    use cdnsign::mediacdn::Request;
    let v = mediacdn::verifier();
    let exp = mediacdn::NOW + 60;
    let host = mediacdn::HOST;
    // Signed for the path "/v/a.ts~SessionID=admin" with no SessionID ...
    let signed = format!("FullPath=/v/a.ts~SessionID=admin~Expires={exp}");
    let mac = {
        let raw = cdnsign::encoding::b64_any_decode(
            &text("keys/mediacdn-hmac-sha256.secret.b64url"),
            "s",
        )
        .unwrap();
        hex_encode(
            &HmacKey::new(HmacAlgorithm::Sha256, &raw)
                .unwrap()
                .sign(signed.as_bytes()),
        )
    };
    // ... the same signature read as a token for "/v/a.ts" with SessionID=admin.
    let moved = format!("FullPath~SessionID=admin~Expires={exp}~hmac={mac}");
    let ok = v
        .verify(&Request::new(
            format!("{host}/v/a.ts?edge-cache-token={moved}"),
            mediacdn::NOW,
        ))
        .unwrap();
    assert_eq!(ok.session_id.as_deref(), Some("admin"));
    // So cdnsign never signs such a path (see the test above).
    let s = cdnsign::mediacdn::TokenSigner::hmac(
        cdnsign::mediacdn::Algorithm::HmacSha256,
        mediacdn::keys().2,
    )
    .unwrap();
    assert_eq!(
        code_field(
            s.sign(&cdnsign::mediacdn::TokenClaims::new(exp).full_path("/v/a.ts~SessionID=admin"))
        ),
        (InvalidInput, Some("full_path"))
    );
}

#[test]
fn mediacdn_key_name_of_another_key_and_algorithm_confusion() {
    use cdnsign::mediacdn::{
        Algorithm, HmacSecret, Keyset, Request, Signer, TokenClaims, TokenSigner, Verifier,
    };
    let (k1, k2, _) = mediacdn::keys();
    let v = mediacdn::verifier();
    let url = format!("{}/v/a.ts", mediacdn::HOST);
    let exp = mediacdn::NOW + 60;
    // Signed with k1 but naming k2, in every signature form.
    let lying = Signer::new("k2", k1.clone()).unwrap();
    let forms = [
        lying.sign_url(&url, exp).unwrap().url,
        lying
            .sign_prefix(&url, &format!("{}/v/", mediacdn::HOST), exp)
            .unwrap()
            .url,
        lying
            .sign_path(&format!("{}/v/", mediacdn::HOST), "a.ts", exp)
            .unwrap()
            .url,
    ];
    for u in &forms {
        assert_eq!(
            code(v.verify(&Request::new(u.as_str(), mediacdn::NOW))),
            BadSignature,
            "{u}"
        );
    }
    let cookie = lying
        .sign_cookie(&format!("{}/v/", mediacdn::HOST), exp)
        .unwrap();
    let req = Request::new(url.as_str(), mediacdn::NOW).cookie_header(cookie.cookie_pair());
    assert_eq!(code(v.verify(&req)), BadSignature);
    // An unknown key name.
    let unknown = Signer::new("k9", k1.clone())
        .unwrap()
        .sign_url(&url, exp)
        .unwrap()
        .url;
    assert_eq!(
        code_field(v.verify(&Request::new(unknown, mediacdn::NOW))),
        (UnknownKey, Some("KeyName"))
    );
    // Tokens name no key: one signed by a key outside the keyset fails.
    let outsider = cdnsign::mediacdn::SigningKey::from_text(&text(
        "keys/mediacdn-ed25519-other.seed.b64url-nopad",
    ))
    .unwrap();
    let t = TokenSigner::ed25519(outsider)
        .sign(&TokenClaims::new(exp).path_globs(["/v/*"]))
        .unwrap();
    assert_eq!(
        code(v.verify(&Request::new(t.apply_to_url(&url), mediacdn::NOW))),
        BadSignature
    );
    // Algorithm confusion: HMAC keyed with the Ed25519 public key.
    let ed_only = Verifier::new(
        Keyset::new()
            .with_public_key("k1", k1.public_key())
            .unwrap()
            .with_public_key("k2", k2.public_key())
            .unwrap(),
    );
    let public = k1.public_key();
    for secret in [
        public.as_bytes().to_vec(),
        public.keyset_value().into_bytes(),
        public.keyset_value_unpadded().into_bytes(),
        public.to_pem().into_bytes(),
    ] {
        for alg in [Algorithm::HmacSha1, Algorithm::HmacSha256] {
            let t = TokenSigner::hmac(alg, HmacSecret::from_bytes(&secret).unwrap())
                .unwrap()
                .sign(&TokenClaims::new(exp).path_globs(["/v/*"]))
                .unwrap();
            let req = Request::new(t.apply_to_url(&url), mediacdn::NOW);
            assert_eq!(
                code_field(ed_only.verify(&req)),
                (AlgorithmNotAllowed, Some("hmac"))
            );
            // Even when HMAC is explicitly allowed, no shared key means no match.
            let allowing = ed_only.clone().with_allowed_algorithms(&[
                Algorithm::Ed25519,
                Algorithm::HmacSha1,
                Algorithm::HmacSha256,
            ]);
            assert_eq!(code(allowing.verify(&req)), UnknownKey);
        }
    }
    // A keyset with shared keys does not by itself enable HMAC: a route
    // allows Ed25519 alone unless it lists more (RULES.md T17).
    let (_, _, s1) = mediacdn::keys();
    let shared_only = Verifier::new(Keyset::new().with_shared_key("s1", s1.clone()).unwrap());
    let h = TokenSigner::hmac(Algorithm::HmacSha256, s1.clone())
        .unwrap()
        .sign(&TokenClaims::new(exp).path_globs(["/v/*"]))
        .unwrap();
    let hreq = Request::new(h.apply_to_url(&url), mediacdn::NOW);
    assert_eq!(
        code_field(shared_only.verify(&hreq)),
        (AlgorithmNotAllowed, Some("hmac"))
    );
    let hmac_only = shared_only.with_allowed_algorithms(&[Algorithm::HmacSha256]);
    assert_eq!(hmac_only.verify(&hreq).unwrap().key_id, "s1");
    // And the reverse: an Ed25519 token against an HMAC-only route.
    let t = TokenSigner::ed25519(k1)
        .sign(&TokenClaims::new(exp).path_globs(["/v/*"]))
        .unwrap();
    assert_eq!(
        code_field(hmac_only.verify(&Request::new(t.apply_to_url(&url), mediacdn::NOW))),
        (AlgorithmNotAllowed, Some("Signature"))
    );
}

#[test]
fn mediacdn_and_cloudcdn_signatures_are_not_interchangeable() {
    use cdnsign::mediacdn::Request;
    let (k1, _, _) = mediacdn::keys();
    let url = format!("{}/v/a.ts", mediacdn::HOST);
    let exp = mediacdn::NOW + 60;
    let media = cdnsign::mediacdn::Signer::new("k1", k1)
        .unwrap()
        .sign_url(&url, exp)
        .unwrap()
        .url;
    let cloud_key =
        cdnsign::cloudcdn::SigningKey::from_key_file(&text("keys/cloudcdn-key.b64url")).unwrap();
    let cloud = cdnsign::cloudcdn::Signer::new("k1", cloud_key.clone())
        .unwrap()
        .sign_url(&url, exp)
        .unwrap()
        .url;
    let cloud_v = cdnsign::cloudcdn::Verifier::new()
        .with_key("k1", cloud_key)
        .unwrap();
    assert_eq!(
        code_field(cloud_v.verify(&Request::new(media.as_str(), mediacdn::NOW))),
        (Malformed, Some("Signature"))
    );
    assert_eq!(
        code_field(mediacdn::verifier().verify(&Request::new(cloud.as_str(), mediacdn::NOW))),
        (Malformed, Some("Signature"))
    );
}

#[test]
fn mediacdn_oversized_inputs_get_typed_errors() {
    use cdnsign::mediacdn::{Request, MAX_TOKEN_LEN};
    let v = mediacdn::verifier();
    let url = format!("{}/v/a.ts", mediacdn::HOST);
    let ten_mb = "A".repeat(10 << 20);
    // A 10 MB signed-cookie value, and a 10 MB token cookie.
    let req = Request::new(url.as_str(), mediacdn::NOW)
        .cookie_header(format!("Edge-Cache-Cookie={ten_mb}"));
    assert_eq!(code_field(v.verify(&req)), (Malformed, Some("cookie")));
    let token_like = format!("PathGlobs=/*~Expires=1~{ten_mb}~Signature=AA");
    let req = Request::new(url.as_str(), mediacdn::NOW)
        .cookie_header(format!("Edge-Cache-Cookie={token_like}"));
    assert_eq!(code_field(v.verify(&req)), (Malformed, Some("token")));
    // Thousands of cookies: only a few are tried.
    let many =
        vec![format!("Edge-Cache-Cookie=URLPrefix=x:Expires=1:KeyName=k1:Signature=AA"); 100_000]
            .join("; ");
    let req = Request::new(url.as_str(), mediacdn::NOW).cookie_header(many);
    assert_eq!(code(v.verify(&req)), Malformed);
    // A 1 MB URL, and a 1 MB token handed over directly.
    let big = format!("{url}?edge-cache-token={}", "A".repeat(1 << 20));
    assert_eq!(
        code_field(v.verify(&Request::new(big, mediacdn::NOW))),
        (Malformed, Some("url"))
    );
    let t = format!("PathGlobs=/*~{}~hmac=00", "x".repeat(MAX_TOKEN_LEN));
    assert_eq!(
        code_field(v.verify_token(&t, &Request::new(url.as_str(), mediacdn::NOW))),
        (Malformed, Some("token"))
    );
    // Many fields, many globs, many ranges.
    let t = format!("{}~hmac=00", vec!["Data=x"; 100].join("~"));
    assert_eq!(
        code(v.verify_token(&t, &Request::new(url.as_str(), mediacdn::NOW))),
        Malformed
    );
    let globs = ["/v/*"; 6].join(",");
    let t = mediacdn::hmac_token(&format!("PathGlobs={globs}~Expires={}", mediacdn::NOW + 60));
    assert_eq!(
        code_field(v.verify_token(&t, &Request::new(url.as_str(), mediacdn::NOW))),
        (Malformed, Some("PathGlobs"))
    );
    // A glob built to make naive matchers backtrack exponentially.
    let nasty = format!("/{}b", "*a".repeat(100));
    let path = format!("/{}", "a".repeat(200));
    assert!(!cdnsign::mediacdn::glob_matches(&nasty, &path));
    let _ = cdnsign::mediacdn::explain(&ten_mb, 0);
}

// ---- Google Cloud CDN -------------------------------------------------------------

#[test]
fn cloudcdn_expired_and_key_name_of_another_key() {
    use cdnsign::cloudcdn::{Request, Signer, SigningKey, Verifier};
    let k1 = SigningKey::from_key_file(&text("keys/cloudcdn-key.b64url")).unwrap();
    let k2 = SigningKey::from_key_file(&text("keys/cloudcdn-key-2.b64url")).unwrap();
    let v = Verifier::new()
        .with_key("k1", k1.clone())
        .unwrap()
        .with_key("k2", k2)
        .unwrap();
    let url = "https://cdn.example.com/v/a.ts";
    let now = 1_767_290_400;
    let s1 = Signer::new("k1", k1.clone()).unwrap();
    // Expires in the past (by one second, and by years).
    for expires in [now, now - 1, 1] {
        let u = s1.sign_url(url, expires).unwrap().url;
        assert_eq!(
            code_field(v.verify(&Request::new(u, now))),
            (Expired, Some("Expires"))
        );
    }
    let c = s1
        .sign_cookie("https://cdn.example.com/v/", now - 1)
        .unwrap();
    let req = Request::new(url, now).cookie_header(c.cookie_pair());
    assert_eq!(code(v.verify(&req)), Expired);
    // Signed with k1, naming k2, in every form.
    let lying = Signer::new("k2", k1).unwrap();
    let forms = [
        lying.sign_url(url, now + 60).unwrap().url,
        lying
            .sign_prefix(url, "https://cdn.example.com/v/", now + 60)
            .unwrap()
            .url,
    ];
    for u in forms {
        assert_eq!(code(v.verify(&Request::new(u, now))), BadSignature);
    }
    let c = lying
        .sign_cookie("https://cdn.example.com/v/", now + 60)
        .unwrap();
    let req = Request::new(url, now).cookie_header(c.cookie_pair());
    assert_eq!(code(v.verify(&req)), BadSignature);
    // A key the verifier does not hold; a 10 MB cookie.
    let u = Signer::new("k3", SigningKey::from_bytes(&[9u8; 16]).unwrap())
        .unwrap()
        .sign_url(url, now + 60)
        .unwrap()
        .url;
    assert_eq!(
        code_field(v.verify(&Request::new(u, now))),
        (UnknownKey, Some("KeyName"))
    );
    let req =
        Request::new(url, now).cookie_header(format!("Cloud-CDN-Cookie={}", "A".repeat(10 << 20)));
    assert_eq!(code_field(v.verify(&req)), (Malformed, Some("cookie")));
}
