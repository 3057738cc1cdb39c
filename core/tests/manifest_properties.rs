//! Property tests for cdnsign::manifest (issue 17): over generated HLS
//! playlists (tags, comments, unknown tags, URIs with and without queries,
//! LF or CRLF, with or without a BOM) `check(sign(m))` passes for Cloud CDN
//! and Media CDN, and putting the original references back gives `m` byte
//! for byte; arbitrary bytes never make the parser, signer or checker panic.

mod common;

use cdnsign::manifest::{self, SignOptions, Signer, Verifier};
use cdnsign::{cloudcdn, mediacdn};
use common::read_vector_file;
use proptest::prelude::*;

const URL: &str = "https://media.example.com/v/p/index.m3u8";
const EXPIRES: i64 = 1_767_290_400;
const NOW: i64 = 1_767_286_800;

fn text(file: &str) -> String {
    String::from_utf8(read_vector_file(file))
        .unwrap()
        .trim()
        .to_string()
}

fn reference() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[A-Za-z0-9_-][A-Za-z0-9._-]{0,8}", 1..3),
        prop::option::of("[a-z]{1,4}=[A-Za-z0-9]{0,4}"),
        any::<u8>(),
    )
        .prop_map(|(segments, query, form)| {
            let path = segments.join("/");
            let mut r = match form % 4 {
                0 => format!("https://media.example.com/v/p/{path}"),
                1 => format!("/v/p/{path}"),
                2 => format!("./{path}"),
                _ => path,
            };
            if let Some(q) = query {
                r.push('?');
                r.push_str(&q);
            }
            r
        })
}

fn line() -> impl Strategy<Value = String> {
    (any::<u8>(), reference(), "[ -~]{0,20}").prop_map(|(pick, r, junk)| {
        let junk = junk.replace('"', "'");
        match pick % 10 {
            0 => format!("#EXTINF:4.0,{}", junk.replace(',', ";")),
            1 => format!("# {junk}"),
            2 => format!("#EXT-X-KEY:METHOD=AES-128,URI=\"{r}\",IV=0x01"),
            3 => format!("#EXT-X-MAP:URI=\"{r}\",BYTERANGE=\"600@0\""),
            4 => format!("#EXT-X-PART:DURATION=0.3,URI=\"{r}\""),
            5 => format!("#EXT-X-VENDOR:URI=\"{r}\",X=\"{junk}\""),
            6 => String::new(),
            7 => "#EXT-X-DISCONTINUITY".to_string(),
            _ => r,
        }
    })
}

fn playlist() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(line(), 0..30),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, bom, final_newline)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            out.push_str("#EXTM3U");
            for l in lines {
                out.push_str(nl);
                out.push_str(&l);
            }
            if final_newline {
                out.push_str(nl);
            }
            out.into_bytes()
        })
}

struct Keys {
    cc: cloudcdn::Signer,
    cc_verifier: cloudcdn::Verifier,
    mc: mediacdn::TokenSigner,
    mc_verifier: mediacdn::Verifier,
}

fn keys() -> Keys {
    let cck = cloudcdn::SigningKey::from_key_file(&text("keys/cloudcdn-key.b64url")).unwrap();
    let ed =
        mediacdn::SigningKey::from_text(&text("keys/mediacdn-ed25519.seed.b64url-nopad")).unwrap();
    Keys {
        cc: cloudcdn::Signer::new("key-1", cck.clone()).unwrap(),
        cc_verifier: cloudcdn::Verifier::new().with_key("key-1", cck).unwrap(),
        mc_verifier: mediacdn::Verifier::new(
            mediacdn::Keyset::new()
                .with_public_key("k", ed.public_key())
                .unwrap(),
        ),
        mc: mediacdn::TokenSigner::ed25519(ed),
    }
}

/// Puts each reference's original back where its rewrite is.
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn manifest_check_of_sign_passes_and_unsigning_gives_the_input(m in playlist()) {
        let k = keys();
        for (signer, verifier) in [
            (Signer::CloudCdn(&k.cc), Verifier::CloudCdn(&k.cc_verifier)),
            (Signer::MediaCdn(&k.mc), Verifier::MediaCdn(&k.mc_verifier)),
        ] {
            let signed = manifest::sign(&m, &signer, &SignOptions::new(URL, EXPIRES)).unwrap();
            for r in &signed.references {
                prop_assert!(signed.rewritten(r).starts_with(&r.original));
                prop_assert!(signed.rewritten(r).ends_with(&signed.credential));
            }
            prop_assert_eq!(unsign(&signed), m.clone());
            let report = manifest::check(&signed.manifest, URL, &verifier, NOW).unwrap();
            prop_assert!(report.ok(), "{}", report.to_text());
            prop_assert_eq!(report.lines.len(), signed.references.len());
        }
    }

    #[test]
    fn manifest_parsers_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        head in prop::sample::select(vec!["", "#EXTM3U\n", "<MPD>", "\u{feff}#EXTM3U\r\n"]),
        absolute in any::<bool>(),
    ) {
        let k = keys();
        let mut input = head.as_bytes().to_vec();
        input.extend_from_slice(&bytes);
        let signer = Signer::CloudCdn(&k.cc);
        let _ = manifest::sign(&input, &signer, &SignOptions::new(URL, EXPIRES).absolute(absolute));
        let _ = manifest::check(&input, URL, &Verifier::CloudCdn(&k.cc_verifier), NOW);
    }
}

#[test]
fn manifest_limits_are_refused_with_a_clear_error() {
    let k = keys();
    let signer = Signer::CloudCdn(&k.cc);
    let mut big = b"#EXTM3U\n".to_vec();
    big.resize(manifest::MAX_MANIFEST_LEN + 1, b'#');
    let e = manifest::sign(&big, &signer, &SignOptions::new(URL, EXPIRES)).unwrap_err();
    assert!(e.message().contains("over the limit"), "{e}");

    let many = format!("#EXTM3U{}", "\n".repeat(manifest::MAX_LINES + 1));
    let e = manifest::sign_str(&many, &signer, &SignOptions::new(URL, EXPIRES)).unwrap_err();
    assert!(e.message().contains("lines"), "{e}");

    let refs = format!("#EXTM3U{}", "\na".repeat(manifest::MAX_REFERENCES + 1));
    let e = manifest::sign_str(&refs, &signer, &SignOptions::new(URL, EXPIRES)).unwrap_err();
    assert!(e.message().contains("references"), "{e}");
}

/// A 10,000-segment playlist signs in one pass (timing is for BENCHMARKS.md,
/// not asserted here) and every segment carries the same credential.
#[test]
fn manifest_ten_thousand_segments() {
    let k = keys();
    let mut m = String::from("#EXTM3U\n#EXT-X-TARGETDURATION:4\n");
    for i in 0..10_000 {
        m.push_str(&format!("#EXTINF:4.0,\nseg-{i:05}.ts\n"));
    }
    m.push_str("#EXT-X-ENDLIST\n");
    let signed = manifest::sign_str(
        &m,
        &Signer::CloudCdn(&k.cc),
        &SignOptions::new(URL, EXPIRES),
    )
    .unwrap();
    assert_eq!(signed.references.len(), 10_000);
    assert_eq!(signed.references[9_999].line, 20_002);
}

#[test]
fn manifest_a_reference_too_long_once_signed_is_refused() {
    let k = keys();
    let cf = cdnsign::cloudfront::Signer::from_pem(
        "K2JCJMDEHXQW5F",
        read_vector_file("keys/cloudfront-rsa2048.pem"),
    )
    .unwrap();
    let m = format!("#EXTM3U\n#EXTINF:4,\n{}.ts\n", "a".repeat(7800));
    let e = manifest::sign_str(
        &m,
        &Signer::CloudFront(&cf),
        &SignOptions::new(URL, EXPIRES),
    )
    .unwrap_err();
    assert!(
        e.message().starts_with("line 3: ") && e.message().contains("limit of 8192"),
        "{e}"
    );
    // Within Google's 16 KiB.
    manifest::sign_str(
        &m,
        &Signer::CloudCdn(&k.cc),
        &SignOptions::new(URL, EXPIRES),
    )
    .unwrap();
}

/// Replays fuzz/regressions/manifest/ (inputs the `manifest` fuzz target
/// once crashed on) with the target's mode byte and invariants: when signing
/// succeeds the checker passes every reference, and in relative mode putting
/// the originals back gives the input.
#[test]
fn manifest_fuzz_regressions() {
    let k = keys();
    let secret = text("keys/mediacdn-hmac-sha256.secret.b64url");
    let hmac = mediacdn::TokenSigner::hmac(
        mediacdn::Algorithm::HmacSha256,
        mediacdn::HmacSecret::from_base64(&secret).unwrap(),
    )
    .unwrap();
    let mc_verifier = mediacdn::Verifier::new(
        mediacdn::Keyset::new()
            .with_public_key(
                "k",
                mediacdn::SigningKey::from_text(&text("keys/mediacdn-ed25519.seed.b64url-nopad"))
                    .unwrap()
                    .public_key(),
            )
            .unwrap()
            .with_shared_key("s", mediacdn::HmacSecret::from_base64(&secret).unwrap())
            .unwrap(),
    )
    .with_allowed_algorithms(&[
        mediacdn::Algorithm::Ed25519,
        mediacdn::Algorithm::HmacSha256,
    ]);
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/manifest");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let Some((&mode, input)) = data.split_first() else {
            continue;
        };
        let (signer, verifier) = match mode % 3 {
            0 => (Signer::CloudCdn(&k.cc), Verifier::CloudCdn(&k.cc_verifier)),
            1 => (Signer::MediaCdn(&k.mc), Verifier::MediaCdn(&mc_verifier)),
            _ => (
                Signer::MediaCdnPathGlobs(&hmac),
                Verifier::MediaCdn(&mc_verifier),
            ),
        };
        let url = "https://media.example.com/v/hand/index.m3u8?session=1";
        let mut options = SignOptions::new(url, 1_767_294_000).absolute(mode & 0x10 != 0);
        if mode & 0x20 != 0 {
            options = options.prefix("https://media.example.com/");
        }
        if let Ok(signed) = manifest::sign(input, &signer, &options) {
            let report = manifest::check(&signed.manifest, url, &verifier, 1_767_290_400).unwrap();
            assert!(report.ok(), "{}", report.to_text());
            if mode & 0x10 == 0 {
                assert_eq!(unsign(&signed), input);
            }
        }
        seen += 1;
    }
    assert!(seen >= 1);
}
