//! The raw primitives every provider rests on (RSA-2048 PKCS#1 v1.5, ECDSA
//! P-256, Ed25519, HMAC-SHA1/SHA-256), so the cost of our formatting over the
//! crypto floor is visible next to `benches/providers.rs`.
//! `cargo bench -p cdnsign --bench primitives` (add
//! `--no-default-features --features rust-crypto` for the pure-Rust backend).

use std::hint::black_box;

use cdnsign::crypto::{Digest, Ed25519PrivateKey, HmacAlgorithm, HmacKey};
use cdnsign::keys::{self, PrivateKey};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};

type Group<'a> = BenchmarkGroup<'a, WallTime>;

fn vector_file(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `op` once and panics unless it succeeds, then times it, so a broken
/// bench cannot silently measure an error path.
fn bench_ok<T>(group: &mut Group<'_>, name: &str, mut op: impl FnMut() -> cdnsign::Result<T>) {
    if let Err(e) = op() {
        panic!("{name}: {e}");
    }
    group.bench_function(name, |b| b.iter(&mut op));
}

/// [`bench_ok`] for the operations answering a plain yes/no.
fn bench_true(group: &mut Group<'_>, name: &str, mut op: impl FnMut() -> bool) {
    assert!(op(), "{name}: failed before timing");
    group.bench_function(name, |b| b.iter(&mut op));
}

fn primitives(c: &mut Criterion) {
    let backend = cdnsign::crypto::BACKEND;
    let mut group = c.benchmark_group(format!("primitives/{backend}"));
    let g = &mut group;

    // A canned CloudFront policy: the message the CloudFront signer really signs.
    let policy = br#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/intro.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#;

    let PrivateKey::Rsa(rsa) =
        keys::parse_private_key(&vector_file("keys/test-rsa2048.pkcs8.pem"), None).unwrap()
    else {
        panic!("not RSA")
    };
    let public = rsa.public_key().clone();
    bench_ok(g, "rsa2048_pkcs1v15_sha1_sign", || {
        rsa.sign_pkcs1v15(Digest::Sha1, black_box(policy))
    });
    bench_ok(g, "rsa2048_pkcs1v15_sha256_sign", || {
        rsa.sign_pkcs1v15(Digest::Sha256, black_box(policy))
    });
    let sig1 = rsa.sign_pkcs1v15(Digest::Sha1, policy).unwrap();
    bench_true(g, "rsa2048_pkcs1v15_sha1_verify", || {
        public.verify_pkcs1v15(Digest::Sha1, black_box(policy), black_box(&sig1))
    });
    let sig256 = rsa.sign_pkcs1v15(Digest::Sha256, policy).unwrap();
    bench_true(g, "rsa2048_pkcs1v15_sha256_verify", || {
        public.verify_pkcs1v15(Digest::Sha256, black_box(policy), black_box(&sig256))
    });

    // CloudFront's other key type.
    let PrivateKey::Ec(ec) =
        keys::parse_private_key(&vector_file("keys/test-ec-p256.pkcs8.pem"), None).unwrap()
    else {
        panic!("not EC")
    };
    bench_ok(g, "ecdsa_p256_sha1_sign", || {
        ec.sign_der(Digest::Sha1, black_box(policy))
    });
    let ec_sig = ec.sign_der(Digest::Sha1, policy).unwrap();
    bench_true(g, "ecdsa_p256_sha1_verify", || {
        ec.public_key()
            .verify_der(Digest::Sha1, black_box(policy), black_box(&ec_sig))
    });

    // Media CDN signatures and tokens.
    // Infallible signers: checked by verifying their output before timing.
    let ed = Ed25519PrivateKey::from_seed(&[7u8; 32]).unwrap();
    let msg200 = [b'a'; 200];
    let ed_sig = ed.sign(&msg200);
    assert!(ed.public_key().verify(&msg200, &ed_sig));
    g.bench_function("ed25519_sign_200B", |b| {
        b.iter(|| ed.sign(black_box(&msg200)))
    });
    bench_true(g, "ed25519_verify_200B", || {
        ed.public_key()
            .verify(black_box(&msg200), black_box(&ed_sig))
    });

    // Stream webhooks (and Media CDN `hmac=` tokens).
    let hmac = HmacKey::new(HmacAlgorithm::Sha256, b"whsec_0123456789abcdef").unwrap();
    let body = vec![b'{'; 1024];
    let tag = hmac.sign(&body);
    assert!(hmac.verify(&body, &tag));
    g.bench_function("hmac_sha256_1KiB", |b| {
        b.iter(|| hmac.sign(black_box(&body)))
    });
    bench_true(g, "hmac_sha256_verify_1KiB", || {
        hmac.verify(black_box(&body), black_box(&tag))
    });

    // Cloud CDN: HMAC-SHA1 with a 16-byte key over the URL being signed.
    let sha1 = HmacKey::new(HmacAlgorithm::Sha1, &[0x5a; 16]).unwrap();
    let url = b"https://cdn.example.com/videos/intro.mp4?Expires=1767203600&KeyName=key-1";
    let url_tag = sha1.sign(url);
    assert!(sha1.verify(url, &url_tag));
    g.bench_function("hmac_sha1_url", |b| b.iter(|| sha1.sign(black_box(url))));
    bench_true(g, "hmac_sha1_verify_url", || {
        sha1.verify(black_box(url), black_box(&url_tag))
    });
    group.finish();
}

criterion_group!(benches, primitives);
criterion_main!(benches);
