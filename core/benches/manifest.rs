//! Issue 17 targets: a 10,000-segment HLS media playlist signed for
//! CloudFront (at most 1.5 × one RSA signature + 2 ms), Media CDN and Cloud
//! CDN (at most 3 ms each), beside the one RSA-2048 SHA-1 signature that
//! CloudFront's manifest signing costs, and the check of the CloudFront one.
//! `cargo bench -p cdnsign --bench manifest`

use std::hint::black_box;

use cdnsign::manifest::{self, SignOptions};
use cdnsign::{cloudcdn, cloudfront, mediacdn};
use criterion::{criterion_group, criterion_main, Criterion};

const URL: &str = "https://d111111abcdef8.cloudfront.net/v/7/index.m3u8";
const EXPIRES: i64 = 1_767_290_400;

fn vector_file(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vector_text(relative: &str) -> String {
    String::from_utf8(vector_file(relative))
        .unwrap()
        .trim()
        .to_string()
}

fn playlist(segments: usize) -> String {
    let mut m = String::from(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n",
    );
    for i in 0..segments {
        m.push_str(&format!("#EXTINF:4.000000,\nseg-{i:05}.ts\n"));
    }
    m.push_str("#EXT-X-ENDLIST\n");
    m
}

fn benches(c: &mut Criterion) {
    let m = playlist(10_000);
    let cf =
        cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", vector_file("keys/cloudfront-rsa2048.pem"))
            .unwrap();
    let mut cf_verifier = cloudfront::Verifier::new();
    cf_verifier.add_signer(&cf).unwrap();
    let ed =
        mediacdn::SigningKey::from_text(&vector_text("keys/mediacdn-ed25519.seed.b64url-nopad"))
            .unwrap();
    let tokens = mediacdn::TokenSigner::ed25519(ed);
    let cck =
        cloudcdn::SigningKey::from_key_file(&vector_text("keys/cloudcdn-key.b64url")).unwrap();
    let cc = cloudcdn::Signer::new("key-1", cck).unwrap();
    let options = SignOptions::new(URL, EXPIRES);

    let mut g = c.benchmark_group("manifest");
    g.sample_size(30);
    g.bench_function("rsa2048_sha1_one_signature", |b| {
        b.iter(|| cf.sign_policy(black_box(b"{\"Statement\":[]}")).unwrap())
    });
    for (name, signer) in [
        ("hls_10000_cloudfront", manifest::Signer::CloudFront(&cf)),
        ("hls_10000_mediacdn", manifest::Signer::MediaCdn(&tokens)),
        ("hls_10000_cloudcdn", manifest::Signer::CloudCdn(&cc)),
    ] {
        let signed = manifest::sign_str(&m, &signer, &options).unwrap();
        assert_eq!(signed.references.len(), 10_000);
        g.bench_function(name, |b| {
            b.iter(|| manifest::sign_str(black_box(&m), &signer, &options).unwrap())
        });
    }
    let signed = manifest::sign_str(&m, &manifest::Signer::CloudFront(&cf), &options).unwrap();
    g.bench_function("hls_10000_cloudfront_check", |b| {
        b.iter(|| {
            manifest::check(
                black_box(&signed.manifest),
                URL,
                &manifest::Verifier::CloudFront(&cf_verifier),
                EXPIRES - 60,
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(manifest_benches, benches);
criterion_main!(manifest_benches);
