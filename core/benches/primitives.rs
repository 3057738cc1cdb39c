//! The raw primitives every provider rests on, so the cost of our formatting
//! over the crypto floor is visible next to the provider benches.
//! `cargo bench -p cdnsign --bench primitives` (add
//! `--no-default-features --features rust-crypto` for the pure-Rust backend).

use std::hint::black_box;

use cdnsign::crypto::{Digest, Ed25519PrivateKey, HmacAlgorithm, HmacKey};
use cdnsign::keys::{self, PrivateKey};
use criterion::{criterion_group, criterion_main, Criterion};

fn vector_file(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn primitives(c: &mut Criterion) {
    let backend = cdnsign::crypto::BACKEND;
    let PrivateKey::Rsa(rsa) =
        keys::parse_private_key(&vector_file("keys/test-rsa2048.pkcs8.pem"), None).unwrap()
    else {
        panic!("not RSA")
    };
    // A canned CloudFront policy: the message the CloudFront signer really signs.
    let policy = br#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/intro.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#;
    let mut group = c.benchmark_group(format!("primitives/{backend}"));
    group.bench_function("rsa2048_pkcs1v15_sha1_sign", |b| {
        b.iter(|| rsa.sign_pkcs1v15(Digest::Sha1, black_box(policy)).unwrap())
    });
    group.bench_function("rsa2048_pkcs1v15_sha256_sign", |b| {
        b.iter(|| {
            rsa.sign_pkcs1v15(Digest::Sha256, black_box(policy))
                .unwrap()
        })
    });
    let sig = rsa.sign_pkcs1v15(Digest::Sha256, policy).unwrap();
    let public = rsa.public_key().clone();
    group.bench_function("rsa2048_pkcs1v15_sha256_verify", |b| {
        b.iter(|| assert!(public.verify_pkcs1v15(Digest::Sha256, black_box(policy), &sig)))
    });

    let ed = Ed25519PrivateKey::from_seed(&[7u8; 32]).unwrap();
    let msg200 = [b'a'; 200];
    group.bench_function("ed25519_sign_200B", |b| {
        b.iter(|| ed.sign(black_box(&msg200)))
    });
    let ed_sig = ed.sign(&msg200);
    group.bench_function("ed25519_verify_200B", |b| {
        b.iter(|| assert!(ed.public_key().verify(black_box(&msg200), &ed_sig)))
    });

    let hmac = HmacKey::new(HmacAlgorithm::Sha256, b"whsec_0123456789abcdef").unwrap();
    let body = vec![b'{'; 1024];
    group.bench_function("hmac_sha256_1KiB", |b| {
        b.iter(|| hmac.sign(black_box(&body)))
    });
    let tag = hmac.sign(&body);
    group.bench_function("hmac_sha256_verify_1KiB", |b| {
        b.iter(|| assert!(hmac.verify(black_box(&body), &tag)))
    });
    group.finish();
}

criterion_group!(benches, primitives);
criterion_main!(benches);
