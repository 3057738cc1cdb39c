//! One operation per provider, to set against `benches/primitives.rs`: the
//! difference is the cost of our formatting, parsing and checks over the
//! crypto floor. `cargo bench -p cdnsign --bench providers` (add
//! `--no-default-features --features rust-crypto` for the pure-Rust backend).

use std::hint::black_box;

use cdnsign::{cloudfront, mediacdn, stream, webhook};
use criterion::{criterion_group, criterion_main, Criterion};

const NOW: i64 = 1_767_200_000;

fn vector_file(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn providers(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("providers/{}", cdnsign::crypto::BACKEND));

    let rsa_pem = vector_file("keys/test-rsa2048.pkcs8.pem");
    let cf = cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", &rsa_pem).unwrap();
    let url = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
    let opts = cloudfront::SignOptions::expires(NOW + 3600);
    group.bench_function("cloudfront_sign_url_canned_sha1", |b| {
        b.iter(|| cf.sign_url(black_box(url), &opts).unwrap())
    });

    let st = stream::SigningKey::from_pem("78dd08da507c4f5f5f909a4db94938eb", &rsa_pem).unwrap();
    let claims = stream::Claims::new("6b9e68b07dfee8cc2d116e4c51d6a957", NOW + 3600);
    group.bench_function("stream_token_sign", |b| {
        b.iter(|| st.sign(black_box(&claims), NOW).unwrap())
    });

    let body = {
        let mut b = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready"},"meta":{"name":""#.to_vec();
        b.resize(1023, b'x');
        b.extend_from_slice(b"\"}}");
        b.truncate(1024);
        b
    };
    let header = webhook::sign("whsec_0123456789abcdef", &body, NOW).unwrap();
    let wh = webhook::Verifier::new(["whsec_0123456789abcdef"]).unwrap();
    group.bench_function("webhook_verify_1KiB", |b| {
        b.iter(|| {
            wh.verify(Some(black_box(&header)), black_box(&body), NOW)
                .unwrap()
        })
    });

    let ed = mediacdn::TokenSigner::ed25519(mediacdn::SigningKey::from_seed(&[7u8; 32]).unwrap());
    let token_claims = mediacdn::TokenClaims::new(NOW + 60).path_globs(["/live/channel-7/*"]);
    group.bench_function("mediacdn_token_ed25519", |b| {
        b.iter(|| ed.sign(black_box(&token_claims)).unwrap())
    });
    let hm = mediacdn::TokenSigner::hmac(
        mediacdn::Algorithm::from_name("hmac-sha256").unwrap(),
        mediacdn::HmacSecret::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap(),
    )
    .unwrap();
    group.bench_function("mediacdn_token_hmac_sha256", |b| {
        b.iter(|| hm.sign(black_box(&token_claims)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, providers);
criterion_main!(benches);
