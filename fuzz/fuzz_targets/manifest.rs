//! Signed HLS and DASH (issue 17): `manifest::sign` and `manifest::check` on
//! hostile manifests. Input: one mode byte, then the manifest (any bytes).
//! The mode picks the signer (Cloud CDN; Media CDN URLPrefix Ed25519 token;
//! Media CDN PathGlobs HMAC token), relative or absolute output, and whether
//! the coverage is the manifest's folder or the host's root.
//!
//! Invariants, whenever signing succeeds: the checker passes every
//! reference of the signed manifest with that provider's verifier; in
//! relative mode, putting each original reference back where its rewrite is
//! gives the input byte for byte; the signed manifest signs again only to be
//! refused (its references already carry the credential), never to panic.
#![no_main]

use std::sync::OnceLock;

use cdnsign::manifest::{self, SignOptions, Signer, Verifier};
use cdnsign::{cloudcdn, mediacdn};
use cdnsign_fuzz::{
    check_error, checked, cloudcdn_keys, cloudcdn_verifier, mediacdn_signing_key,
    mediacdn_verifier, MEDIACDN_HMAC_SHA256, NOW,
};
use libfuzzer_sys::fuzz_target;

const URL: &str = "https://media.example.com/v/hand/index.m3u8?session=1";
const EXPIRES: i64 = NOW + 3600;

fn cloudcdn_signer() -> &'static cloudcdn::Signer {
    static S: OnceLock<cloudcdn::Signer> = OnceLock::new();
    S.get_or_init(|| cloudcdn::Signer::new("key-1", cloudcdn_keys()[0].1.clone()).unwrap())
}

fn ed25519_tokens() -> &'static mediacdn::TokenSigner {
    static S: OnceLock<mediacdn::TokenSigner> = OnceLock::new();
    S.get_or_init(|| mediacdn::TokenSigner::ed25519(mediacdn_signing_key().clone()))
}

fn hmac_tokens() -> &'static mediacdn::TokenSigner {
    static S: OnceLock<mediacdn::TokenSigner> = OnceLock::new();
    S.get_or_init(|| {
        mediacdn::TokenSigner::hmac(
            mediacdn::Algorithm::HmacSha256,
            mediacdn::HmacSecret::from_base64(MEDIACDN_HMAC_SHA256.trim()).unwrap(),
        )
        .unwrap()
    })
}

/// Each original reference put back where its rewrite is.
fn unsign(signed: &manifest::SignedManifest) -> Vec<u8> {
    let mut out = Vec::with_capacity(signed.manifest.len());
    let mut pos = 0;
    for r in &signed.references {
        assert!(pos <= r.span.start && r.span.start <= r.span.end);
        out.extend_from_slice(&signed.manifest[pos..r.span.start]);
        out.extend_from_slice(r.original.as_bytes());
        pos = r.span.end;
    }
    out.extend_from_slice(&signed.manifest[pos..]);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, input)) = data.split_first() else {
        return;
    };
    let (signer, verifier) = match mode % 3 {
        0 => (
            Signer::CloudCdn(cloudcdn_signer()),
            Verifier::CloudCdn(cloudcdn_verifier()),
        ),
        1 => (
            Signer::MediaCdn(ed25519_tokens()),
            Verifier::MediaCdn(mediacdn_verifier()),
        ),
        _ => (
            Signer::MediaCdnPathGlobs(hmac_tokens()),
            Verifier::MediaCdn(mediacdn_verifier()),
        ),
    };
    let absolute = mode & 0x10 != 0;
    let mut options = SignOptions::new(URL, EXPIRES).absolute(absolute);
    if mode & 0x20 != 0 {
        options = options.prefix("https://media.example.com/");
    }

    // The input as a signed manifest: reports, never panics.
    if let Ok(report) = checked(manifest::check(input, URL, &verifier, NOW)) {
        for l in report.failures() {
            check_error(&cdnsign::Error::new(
                l.failure.as_ref().unwrap().code,
                l.failure.as_ref().unwrap().message.clone(),
            ));
        }
        let _ = (report.to_text(), report.to_json().to_string());
    }

    let Ok(signed) = checked(manifest::sign(input, &signer, &options)) else {
        return;
    };
    let report = manifest::check(&signed.manifest, URL, &verifier, NOW)
        .expect("a manifest we signed parses again");
    assert!(report.ok(), "{}", report.to_text());
    assert_eq!(report.lines.len(), signed.references.len());
    if !absolute {
        assert_eq!(unsign(&signed), input, "only the references changed");
    }
    if !signed.references.is_empty() {
        let again = manifest::sign(&signed.manifest, &signer, &options);
        assert!(again.is_err(), "a signed manifest signs again");
    }
});
