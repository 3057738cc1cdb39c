//! Every public sign and verify operation of every provider, to set against
//! `benches/primitives.rs`: the difference is the cost of our formatting,
//! parsing and checks over the crypto floor. Each verify bench checks a
//! credential its matching sign produced. All land in one flat group,
//! `providers/<backend>`, named `<provider>_<operation>`.
//! `cargo bench -p cdnsign --bench providers [-- <name filter>]` (add
//! `--no-default-features --features rust-crypto` for the pure-Rust backend).

use std::hint::black_box;
use std::net::IpAddr;

use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, webhook};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};

type Group<'a> = BenchmarkGroup<'a, WallTime>;

const NOW: i64 = 1_767_200_000;

fn vector_file(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vector_text(relative: &str) -> String {
    String::from_utf8(vector_file(relative)).unwrap()
}

/// Runs `op` once and panics unless it succeeds, then times it, so a broken
/// bench cannot silently measure an error path.
fn bench_ok<T>(group: &mut Group<'_>, name: &str, mut op: impl FnMut() -> cdnsign::Result<T>) {
    if let Err(e) = op() {
        panic!("{name}: {e}");
    }
    group.bench_function(name, |b| b.iter(&mut op));
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn cloudfront(g: &mut Group<'_>) {
    use cloudfront::{
        CookieAttributes, CredentialForm, HashAlgorithm, SignOptions, Signer, SignerOptions,
        Verifier, VerifyRequest,
    };
    const D: &str = "https://d111111abcdef8.cloudfront.net";
    let rsa_pem = vector_file("keys/test-rsa2048.pkcs8.pem");
    let ec_pem = vector_file("keys/test-ec-p256.pkcs8.pem");
    let sha1 = Signer::from_pem("K2JCJMDEHXQW5F", &rsa_pem).unwrap();
    let sha256 = Signer::from_pem_with(
        "K2JCJMDEHXQW5F",
        &rsa_pem,
        None,
        SignerOptions {
            hash_algorithm: HashAlgorithm::Sha256,
            ..SignerOptions::default()
        },
    )
    .unwrap();
    let ecdsa = Signer::from_pem("K3ECDSAP256KEY", &ec_pem).unwrap();
    let mut verifier = Verifier::new();
    verifier.add_signer(&sha1).unwrap();
    verifier.add_signer(&ecdsa).unwrap();

    let url = format!("{D}/videos/intro.mp4");
    let url = url.as_str();
    let wildcard = format!("{D}/videos/*");
    let canned = SignOptions::expires(NOW + 3600);
    let custom = SignOptions::expires(NOW + 3600)
        .resource(wildcard.as_str())
        .ip_range("192.0.2.0/24");
    let cookie_custom = SignOptions::expires(NOW + 3600).ip_range("192.0.2.0/24");
    let cookie_opts = CookieAttributes::new()
        .domain("d111111abcdef8.cloudfront.net")
        .path("/videos/");
    let own_policy =
        cloudfront::format_policy_json(Some(&wildcard), NOW + 3600, Some(NOW - 60), None);
    let at = VerifyRequest::new(NOW);
    let from_ip = VerifyRequest::new(NOW).client_ip(ip("192.0.2.7"));

    // Signing.
    bench_ok(g, "cloudfront_sign_policy", || {
        sha1.sign_policy(black_box(own_policy.as_bytes()))
    });
    bench_ok(g, "cloudfront_sign_url_canned_sha1", || {
        sha1.sign_url(black_box(url), black_box(&canned))
    });
    bench_ok(g, "cloudfront_sign_url_canned_sha256", || {
        sha256.sign_url(black_box(url), black_box(&canned))
    });
    bench_ok(g, "cloudfront_sign_url_canned_ecdsa_sha1", || {
        ecdsa.sign_url(black_box(url), black_box(&canned))
    });
    bench_ok(g, "cloudfront_sign_url_custom", || {
        sha1.sign_url(black_box(url), black_box(&custom))
    });
    bench_ok(g, "cloudfront_sign_url_with_policy", || {
        sha1.sign_url_with_policy(black_box(url), black_box(&own_policy))
    });
    bench_ok(g, "cloudfront_sign_cookies_canned", || {
        sha1.sign_cookies(black_box(url), black_box(&canned), black_box(&cookie_opts))
    });
    bench_ok(g, "cloudfront_sign_cookies_custom", || {
        sha1.sign_cookies(
            black_box(&wildcard),
            black_box(&cookie_custom),
            black_box(&cookie_opts),
        )
    });
    bench_ok(g, "cloudfront_sign_cookies_with_policy", || {
        sha1.sign_cookies_with_policy(black_box(&own_policy), black_box(&cookie_opts))
    });

    // Verifying what the signers above produce.
    let check = |v: cloudfront::Verified, form, canned, hash| {
        assert_eq!((v.form, v.canned, v.hash_algorithm), (form, canned, hash));
    };
    let urls = [
        (
            "canned_sha1",
            sha1.sign_url(url, &canned),
            true,
            HashAlgorithm::Sha1,
            at,
        ),
        (
            "canned_sha256",
            sha256.sign_url(url, &canned),
            true,
            HashAlgorithm::Sha256,
            at,
        ),
        (
            "canned_ecdsa_sha1",
            ecdsa.sign_url(url, &canned),
            true,
            HashAlgorithm::Sha1,
            at,
        ),
        (
            "custom",
            sha1.sign_url(url, &custom),
            false,
            HashAlgorithm::Sha1,
            from_ip,
        ),
    ];
    for (name, signed, is_canned, hash, request) in urls {
        let signed = signed.unwrap();
        check(
            verifier.verify_url(&signed, &request).unwrap(),
            CredentialForm::Url,
            is_canned,
            hash,
        );
        bench_ok(g, &format!("cloudfront_verify_url_{name}"), || {
            verifier.verify_url(black_box(&signed), black_box(&request))
        });
    }

    let cookie_sets = [
        (
            "canned",
            sha1.sign_cookies(url, &canned, &cookie_opts),
            true,
            at,
        ),
        (
            "custom",
            sha1.sign_cookies(&wildcard, &cookie_custom, &cookie_opts),
            false,
            from_ip,
        ),
    ];
    for (name, cookies, is_canned, request) in cookie_sets {
        let cookies = cookies.unwrap();
        // As a web framework hands them over, other cookies included.
        let mut pairs: Vec<(&str, &str)> = vec![("session", "8f14e45fceea167a")];
        pairs.extend(cookies.cookies().iter().map(|c| (c.name, c.value.as_str())));
        check(
            verifier.verify_cookies(&pairs, url, &request).unwrap(),
            CredentialForm::Cookies,
            is_canned,
            HashAlgorithm::Sha1,
        );
        bench_ok(g, &format!("cloudfront_verify_cookies_{name}"), || {
            verifier.verify_cookies(black_box(&pairs), black_box(url), black_box(&request))
        });
        let header = format!("session=8f14e45fceea167a; {}", cookies.cookie_header());
        check(
            verifier
                .verify_cookie_header(&header, url, &request)
                .unwrap(),
            CredentialForm::Cookies,
            is_canned,
            HashAlgorithm::Sha1,
        );
        bench_ok(
            g,
            &format!("cloudfront_verify_cookie_header_{name}"),
            || {
                verifier.verify_cookie_header(
                    black_box(&header),
                    black_box(url),
                    black_box(&request),
                )
            },
        );
    }
}

fn stream(g: &mut Group<'_>) {
    use stream::{AccessDecision, AccessRule, Action, Claims, SigningKey, Verifier, VerifyRequest};
    let uid = "6b9e68b07dfee8cc2d116e4c51d6a957";
    let rsa_pem = vector_file("keys/test-rsa2048.pkcs8.pem");
    let key = SigningKey::from_pem("78dd08da507c4f5f5f909a4db94938eb", &rsa_pem).unwrap();
    let claims = Claims::new(uid, NOW + 3600);
    let ruled = Claims::new(uid, NOW + 3600)
        .rule(AccessRule::ip(Action::Block, ["198.51.100.0/24", "2001:db8::/32"]).unwrap())
        .rule(AccessRule::country(Action::Allow, ["KR", "JP", "DE"]).unwrap())
        .rule(AccessRule::any(Action::Block));
    bench_ok(g, "stream_token_sign", || key.sign(black_box(&claims), NOW));
    bench_ok(g, "stream_token_sign_access_rules", || {
        key.sign(black_box(&ruled), NOW)
    });

    // A verifier holding three kids, as during a rotation.
    let mut verifier = Verifier::new();
    for file in ["keys/stream-key.json", "keys/stream-key-2.json"] {
        let other = SigningKey::from_stream_keys_response(&vector_text(file)).unwrap();
        verifier.add_signing_key(&other).unwrap();
    }
    verifier.add_signing_key(&key).unwrap();
    assert_eq!(verifier.kids().count(), 3);

    let token = key.sign(&claims, NOW).unwrap();
    let request = VerifyRequest::new(NOW + 10).subject(uid);
    assert_eq!(verifier.verify(&token, &request).unwrap().kid, key.kid());
    bench_ok(g, "stream_token_verify", || {
        verifier.verify(black_box(&token), black_box(&request))
    });

    let ruled_token = key.sign(&ruled, NOW).unwrap();
    let viewer = VerifyRequest::new(NOW + 10)
        .subject(uid)
        .viewer_ip(ip("203.0.113.9"))
        .viewer_country("DE");
    assert_eq!(
        verifier.verify(&ruled_token, &viewer).unwrap().access,
        AccessDecision::AllowedByRule(1)
    );
    bench_ok(g, "stream_token_verify_access_rules", || {
        verifier.verify(black_box(&ruled_token), black_box(&viewer))
    });
}

fn webhook(g: &mut Group<'_>) {
    let (old, new) = ("whsec_0123456789abcdef", "whsec_fedcba9876543210");
    let body = {
        let mut b = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready"},"meta":{"name":""#.to_vec();
        b.resize(1021, b'x');
        b.extend_from_slice(b"\"}}");
        b
    };
    assert_eq!(body.len(), 1024);
    bench_ok(g, "webhook_sign_1KiB", || {
        webhook::sign(black_box(old), black_box(&body), NOW)
    });

    let header = webhook::sign(old, &body, NOW).unwrap();
    let one = webhook::Verifier::new([old]).unwrap();
    assert_eq!(
        one.verify(Some(&header), &body, NOW).unwrap().secret_index,
        0
    );
    bench_ok(g, "webhook_verify_1KiB", || {
        one.verify(Some(black_box(&header)), black_box(&body), NOW)
    });

    // Rotation: signed with the new secret, which the verifier tries second.
    let rotated = webhook::sign(new, &body, NOW).unwrap();
    let two = webhook::Verifier::new([old, new]).unwrap();
    assert_eq!(
        two.verify(Some(&rotated), &body, NOW).unwrap().secret_index,
        1
    );
    bench_ok(g, "webhook_verify_1KiB_2_secrets", || {
        two.verify(Some(black_box(&rotated)), black_box(&body), NOW)
    });
}

fn mediacdn(g: &mut Group<'_>) {
    use mediacdn::{
        Algorithm, Form, HmacSecret, Keyset, Request, Signer, SigningKey, TokenClaims, TokenSigner,
        Verifier,
    };
    const H: &str = "https://media.example.com";
    let key =
        SigningKey::from_text(&vector_text("keys/mediacdn-ed25519.seed.b64url-nopad")).unwrap();
    let secret =
        HmacSecret::from_base64(vector_text("keys/mediacdn-hmac-sha256.secret.b64url").trim())
            .unwrap();
    let prefix = format!("{H}/live/channel-7/");
    let segment = format!("{prefix}seg-1.ts");
    let expires = NOW + 3600;

    // Tokens (Ed25519 and HMAC), and the dual-token short-lived one.
    let ed = TokenSigner::ed25519(key.clone());
    let hm =
        TokenSigner::hmac(Algorithm::from_name("hmac-sha256").unwrap(), secret.clone()).unwrap();
    let claims = TokenClaims::new(NOW + 60).path_globs(["/live/channel-7/*"]);
    bench_ok(g, "mediacdn_token_ed25519", || ed.sign(black_box(&claims)));
    bench_ok(g, "mediacdn_token_hmac_sha256", || {
        hm.sign(black_box(&claims))
    });
    // Takes the claims by value: the clone is part of the caller's cost.
    bench_ok(g, "mediacdn_token_ed25519_short_lived", || {
        mediacdn::sign_short_lived(&ed, black_box(&claims).clone(), NOW, None)
    });

    // The four Ed25519 signature forms.
    let signer = Signer::new("ed-key", key.clone()).unwrap();
    bench_ok(g, "mediacdn_sign_url", || {
        signer.sign_url(black_box(&segment), expires)
    });
    bench_ok(g, "mediacdn_sign_prefix", || {
        signer.sign_prefix(black_box(&segment), black_box(&prefix), expires)
    });
    bench_ok(g, "mediacdn_sign_path", || {
        signer.sign_path(black_box(&prefix), black_box("seg-1.ts"), expires)
    });
    bench_ok(g, "mediacdn_sign_cookie", || {
        signer.sign_cookie(black_box(&prefix), expires)
    });

    // Verifying each at the origin, with a keyset holding both key kinds.
    let keyset = Keyset::new()
        .with_public_key("ed-key", key.public_key())
        .unwrap()
        .with_shared_key("hmac-key", secret)
        .unwrap();
    let verifier = Verifier::new(keyset);
    let cookie = signer.sign_cookie(&prefix, expires).unwrap();
    let requests = [
        (
            "mediacdn_token_ed25519_verify",
            ed.sign(&claims).unwrap().apply_to_url(&segment),
            Form::Token,
        ),
        (
            "mediacdn_token_hmac_sha256_verify",
            hm.sign(&claims).unwrap().apply_to_url(&segment),
            Form::Token,
        ),
        (
            "mediacdn_verify_url",
            signer.sign_url(&segment, expires).unwrap().url,
            Form::SignedUrl,
        ),
        (
            "mediacdn_verify_prefix",
            signer.sign_prefix(&segment, &prefix, expires).unwrap().url,
            Form::SignedPrefix,
        ),
        (
            "mediacdn_verify_path",
            signer.sign_path(&prefix, "seg-1.ts", expires).unwrap().url,
            Form::PathComponent,
        ),
        ("mediacdn_verify_cookie", segment.clone(), Form::Cookie),
    ];
    for (name, url, form) in requests {
        let mut request = Request::new(url, NOW);
        if form == Form::Cookie {
            request = request.cookie_header(format!("session=1; {}", cookie.cookie_pair()));
        }
        assert_eq!(verifier.verify(&request).unwrap().form, form, "{name}");
        bench_ok(g, name, || verifier.verify(black_box(&request)));
    }
}

fn cloudcdn(g: &mut Group<'_>) {
    use cloudcdn::{Form, Request, Signer, SigningKey, Verifier};
    let key = |file| SigningKey::from_key_file(vector_text(file).trim()).unwrap();
    let (key1, key2) = (
        key("keys/cloudcdn-key.b64url"),
        key("keys/cloudcdn-key-2.b64url"),
    );
    let prefix = "https://cdn.example.com/videos/";
    let url = "https://cdn.example.com/videos/intro.mp4";
    let expires = NOW + 3600;

    let signer = Signer::new("key-2", key2.clone()).unwrap();
    bench_ok(g, "cloudcdn_sign_url", || {
        signer.sign_url(black_box(url), expires)
    });
    bench_ok(g, "cloudcdn_sign_prefix", || {
        signer.sign_prefix(black_box(url), black_box(prefix), expires)
    });
    bench_ok(g, "cloudcdn_sign_cookie", || {
        signer.sign_cookie(black_box(prefix), expires)
    });

    // A backend holding two keys, as during a rotation.
    let verifier = Verifier::new()
        .with_key("key-1", key1)
        .unwrap()
        .with_key("key-2", key2)
        .unwrap();
    let cookie = signer.sign_cookie(prefix, expires).unwrap();
    let requests = [
        (
            "cloudcdn_verify_url",
            Request::new(signer.sign_url(url, expires).unwrap().url, NOW),
            Form::SignedUrl,
        ),
        (
            "cloudcdn_verify_prefix",
            Request::new(signer.sign_prefix(url, prefix, expires).unwrap().url, NOW),
            Form::SignedPrefix,
        ),
        (
            "cloudcdn_verify_cookie",
            Request::new(url, NOW).cookie_header(format!("session=1; {}", cookie.cookie_pair())),
            Form::Cookie,
        ),
    ];
    for (name, request, form) in requests {
        let verified = verifier.verify(&request).unwrap();
        assert_eq!(
            (verified.form, verified.key_name.as_str()),
            (form, "key-2"),
            "{name}"
        );
        bench_ok(g, name, || verifier.verify(black_box(&request)));
    }
}

fn providers(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("providers/{}", cdnsign::crypto::BACKEND));
    cloudfront(&mut group);
    stream(&mut group);
    webhook(&mut group);
    mediacdn(&mut group);
    cloudcdn(&mut group);
    group.finish();
}

criterion_group!(benches, providers);
criterion_main!(benches);
