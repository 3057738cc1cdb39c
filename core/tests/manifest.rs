//! Issue 17: every fixture in tests/manifests/ signed for CloudFront, Media
//! CDN (URLPrefix token, Ed25519; PathGlobs token, HMAC) and Cloud CDN, then
//! checked with that provider's verifier; byte preservation; tampering;
//! refusals naming the line.

mod common;

use std::path::PathBuf;

use cdnsign::manifest::{self, SignOptions, SignedManifest};
use cdnsign::mediacdn::{Algorithm, HmacSecret, Keyset, TokenSigner};
use cdnsign::{cloudcdn, cloudfront, mediacdn, ErrorCode};
use common::read_vector_file;

const EXPIRES: i64 = 1_767_290_400;
const NOW: i64 = 1_767_286_800;
const HOST: &str = "https://media.example.com";

fn text(file: &str) -> String {
    String::from_utf8(read_vector_file(file))
        .unwrap()
        .trim()
        .to_string()
}

struct Keys {
    cf: cloudfront::Signer,
    cf_verifier: cloudfront::Verifier,
    mc_ed: TokenSigner,
    mc_hmac: TokenSigner,
    mc_verifier: mediacdn::Verifier,
    cc: cloudcdn::Signer,
    cc_verifier: cloudcdn::Verifier,
}

fn keys() -> Keys {
    let cf = cloudfront::Signer::from_pem(
        "K2JCJMDEHXQW5F",
        read_vector_file("keys/cloudfront-rsa2048.pem"),
    )
    .unwrap();
    let mut cf_verifier = cloudfront::Verifier::new();
    cf_verifier.add_signer(&cf).unwrap();

    let ed =
        mediacdn::SigningKey::from_text(&text("keys/mediacdn-ed25519.seed.b64url-nopad")).unwrap();
    let secret = text("keys/mediacdn-hmac-sha256.secret.b64url");
    let keyset = Keyset::new()
        .with_public_key("ed", ed.public_key())
        .unwrap()
        .with_shared_key("hm", HmacSecret::from_base64(&secret).unwrap())
        .unwrap();
    let mc_verifier = mediacdn::Verifier::new(keyset)
        .with_allowed_algorithms(&[Algorithm::Ed25519, Algorithm::HmacSha256]);
    let mc_hmac = TokenSigner::hmac(
        Algorithm::HmacSha256,
        HmacSecret::from_base64(&secret).unwrap(),
    )
    .unwrap();

    let cck = cloudcdn::SigningKey::from_key_file(&text("keys/cloudcdn-key.b64url")).unwrap();
    let cc = cloudcdn::Signer::new("key-1", cck.clone()).unwrap();
    let cc_verifier = cloudcdn::Verifier::new().with_key("key-1", cck).unwrap();
    Keys {
        cf,
        cf_verifier,
        mc_ed: TokenSigner::ed25519(ed),
        mc_hmac,
        mc_verifier,
        cc,
        cc_verifier,
    }
}

/// (name, signer, verifier) for every provider and Media CDN form.
fn providers(k: &Keys) -> Vec<(&'static str, manifest::Signer<'_>, manifest::Verifier<'_>)> {
    vec![
        (
            "cloudfront",
            manifest::Signer::CloudFront(&k.cf),
            manifest::Verifier::CloudFront(&k.cf_verifier),
        ),
        (
            "mediacdn-urlprefix-ed25519",
            manifest::Signer::MediaCdn(&k.mc_ed),
            manifest::Verifier::MediaCdn(&k.mc_verifier),
        ),
        (
            "mediacdn-pathglobs-hmac",
            manifest::Signer::MediaCdnPathGlobs(&k.mc_hmac),
            manifest::Verifier::MediaCdn(&k.mc_verifier),
        ),
        (
            "cloudcdn",
            manifest::Signer::CloudCdn(&k.cc),
            manifest::Verifier::CloudCdn(&k.cc_verifier),
        ),
    ]
}

fn manifests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/manifests")
}

struct Fixture {
    name: String,
    bytes: Vec<u8>,
    url: String,
    prefix: Option<String>,
}

/// Every fixture that must sign, with the URL it is served from.
fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for dir in ["ffmpeg", "hand"] {
        let mut entries: Vec<_> = std::fs::read_dir(manifests_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if !(name.ends_with(".m3u8") || name.ends_with(".mpd")) || name.starts_with("refuse-") {
                continue;
            }
            // The low-latency fixture reports a rendition in a sibling folder
            // (../1M/): it is served one level down, covered from above.
            let (url, prefix) = if name == "hls-ll-parts.m3u8" {
                (
                    format!("{HOST}/v/{dir}/ll/{name}?_HLS_msn=267"),
                    Some(format!("{HOST}/v/{dir}/")),
                )
            } else {
                (format!("{HOST}/v/{dir}/{name}"), None)
            };
            out.push(Fixture {
                bytes: std::fs::read(&path).unwrap(),
                name: format!("{dir}/{name}"),
                url,
                prefix,
            });
        }
    }
    assert!(out.len() >= 16, "fixtures missing: {}", out.len());
    out
}

fn options(f: &Fixture, absolute: bool) -> SignOptions {
    let mut o = SignOptions::new(&f.url, EXPIRES).absolute(absolute);
    if let Some(p) = &f.prefix {
        o = o.prefix(p);
    }
    o
}

/// The signed manifest with each rewritten reference put back as it was,
/// after checking that each differs from its original only by the appended
/// credential (and its separator).
fn strip_credential(signed: &SignedManifest) -> Vec<u8> {
    let c = &signed.credential;
    let escaped = c.replace('&', "&amp;");
    let mut out = Vec::new();
    let mut pos = 0;
    for r in &signed.references {
        let rewritten = signed.rewritten(r);
        let credential = if rewritten.contains(&escaped) && rewritten.contains("&amp;") {
            &escaped
        } else {
            c
        };
        let at = rewritten.find(credential.as_str()).unwrap();
        let before = &rewritten[..at];
        let after = &rewritten[at + credential.len()..];
        // The separator added: none after a trailing '?' or '&'.
        let candidates = [
            before.strip_suffix("&amp;"),
            before.strip_suffix('&'),
            before.strip_suffix('?'),
            Some(before).filter(|b| b.ends_with('?') || b.ends_with('&')),
        ];
        assert!(
            candidates
                .iter()
                .flatten()
                .any(|b| format!("{b}{after}") == r.original),
            "{r:?}"
        );
        out.extend_from_slice(&signed.manifest[pos..r.span.start]);
        out.extend_from_slice(r.original.as_bytes());
        pos = r.span.end;
    }
    out.extend_from_slice(&signed.manifest[pos..]);
    out
}

#[test]
fn manifest_every_fixture_signs_and_checks_for_every_provider() {
    let k = keys();
    for f in fixtures() {
        for (provider, signer, verifier) in providers(&k) {
            for absolute in [false, true] {
                let what = format!("{} / {provider} / absolute={absolute}", f.name);
                let signed = manifest::sign(&f.bytes, &signer, &options(&f, absolute))
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(!signed.references.is_empty(), "{what}: no references");
                // One credential: the signature appears once per reference.
                let count = String::from_utf8_lossy(&signed.manifest)
                    .matches(signed.credential.split('&').next_back().unwrap())
                    .count();
                assert_eq!(count, signed.references.len(), "{what}");

                let report = manifest::check(&signed.manifest, &f.url, &verifier, NOW).unwrap();
                assert!(report.ok(), "{what}:\n{}", report.to_text());
                assert_eq!(report.lines.len(), signed.references.len(), "{what}");

                // Only the references changed.
                if !absolute {
                    assert_eq!(strip_credential(&signed), f.bytes, "{what}");
                } else {
                    for r in &signed.references {
                        assert!(signed.rewritten(r).starts_with("https://"), "{what}: {r:?}");
                    }
                }
                assert_eq!(
                    signed.manifest.starts_with(b"\xEF\xBB\xBF"),
                    f.bytes.starts_with(b"\xEF\xBB\xBF"),
                    "{what}: BOM"
                );
                let crlf = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
                assert_eq!(crlf(&signed.manifest), crlf(&f.bytes), "{what}: CRLF");

                // Not yet valid / expired for every line.
                let late =
                    manifest::check(&signed.manifest, &f.url, &verifier, EXPIRES + 1).unwrap();
                assert!(
                    late.lines.iter().all(|l| l
                        .failure
                        .as_ref()
                        .is_some_and(|x| x.code == ErrorCode::Expired && !x.explain.is_empty())),
                    "{what}:\n{}",
                    late.to_text()
                );
            }
        }
    }
}

/// Changes one character of the first reference's signature: the check fails
/// on that line only, with bad_signature.
#[test]
fn manifest_a_tampered_signature_fails_on_its_line() {
    let k = keys();
    for f in fixtures() {
        for (provider, signer, verifier) in providers(&k) {
            let what = format!("{} / {provider}", f.name);
            let signed = manifest::sign(&f.bytes, &signer, &options(&f, false)).unwrap();
            let line = signed.references[0].line;
            let mut text = String::from_utf8(signed.manifest.clone()).unwrap();
            let line_start: usize = text
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum();
            let rel = text[line_start..]
                .find("Signature=")
                .or_else(|| text[line_start..].find("hmac="))
                .unwrap();
            let at = line_start + rel + text[line_start + rel..].find('=').unwrap() + 8;
            let old = text.as_bytes()[at];
            let new = if old == b'a' { "b" } else { "a" };
            text.replace_range(at..at + 1, new);

            let report = manifest::check_str(&text, &f.url, &verifier, NOW).unwrap();
            let failures: Vec<_> = report.failures().collect();
            assert!(!failures.is_empty(), "{what}");
            for l in failures {
                assert_eq!(l.line, line, "{what}:\n{}", report.to_text());
                let x = l.failure.as_ref().unwrap();
                assert_eq!(x.code, ErrorCode::BadSignature, "{what}: {x:?}");
                assert!(!x.explain.is_empty());
            }
        }
    }
}

/// A reference moved outside the coverage after signing fails with
/// url_mismatch on its line; one with its credential removed, with
/// missing_credential.
#[test]
fn manifest_a_tampered_path_fails_on_its_line() {
    let k = keys();
    let f = fixtures()
        .into_iter()
        .find(|f| f.name == "ffmpeg/hls-vod.m3u8")
        .unwrap();
    for (provider, signer, verifier) in providers(&k) {
        let signed = manifest::sign(&f.bytes, &signer, &options(&f, false)).unwrap();
        let text = signed.text().unwrap();
        let moved = text.replacen("\nseg-001.ts?", "\n../elsewhere/seg-001.ts?", 1);
        let report = manifest::check_str(&moved, &f.url, &verifier, NOW).unwrap();
        let failures: Vec<_> = report.failures().collect();
        assert_eq!(failures.len(), 1, "{provider}:\n{}", report.to_text());
        assert_eq!(failures[0].line, 9);
        assert_eq!(
            failures[0].failure.as_ref().unwrap().code,
            ErrorCode::UrlMismatch,
            "{provider}: {:?}",
            failures[0]
        );

        let seg2 = &signed.references[2];
        assert_eq!((seg2.line, seg2.original.as_str()), (11, "seg-002.ts"));
        let bare = text.replacen(signed.rewritten(seg2), "seg-002.ts", 1);
        let report = manifest::check_str(&bare, &f.url, &verifier, NOW).unwrap();
        let failures: Vec<_> = report.failures().collect();
        assert_eq!(failures.len(), 1, "{provider}");
        assert_eq!(failures[0].line, 11);
        assert_eq!(
            failures[0].failure.as_ref().unwrap().code,
            ErrorCode::MissingCredential
        );
    }
}

#[test]
fn manifest_references_outside_the_coverage_are_refused_naming_the_line() {
    let k = keys();
    for (file, line, shown) in [
        (
            "refuse-other-host.m3u8",
            7,
            "https://ads.example.net/break/ad-001.ts",
        ),
        (
            "refuse-other-host.mpd",
            5,
            "https://cdn2.example.org/v/seg-$Number$.m4s",
        ),
        ("refuse-parent-folder.m3u8", 3, "../shared/init.mp4"),
        // The template sits on the AdaptationSet, the other host on the
        // Representation's BaseURL, after it.
        (
            "refuse-representation-base.mpd",
            7,
            "https://cdn2.example.org/v/",
        ),
    ] {
        let bytes = std::fs::read(manifests_dir().join("hand").join(file)).unwrap();
        for (provider, signer, _) in providers(&k) {
            let e = manifest::sign(
                &bytes,
                &signer,
                &SignOptions::new(format!("{HOST}/v/hand/{file}"), EXPIRES),
            )
            .unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{file} {provider}");
            assert_eq!(e.field(), Some("manifest"));
            assert!(
                e.message().starts_with(&format!("line {line}: ")) && e.message().contains(shown),
                "{file} {provider}: {e}"
            );
        }
    }
}

#[test]
fn manifest_what_is_left_alone_and_what_is_refused() {
    let k = keys();
    let signer = manifest::Signer::CloudCdn(&k.cc);
    let url = format!("{HOST}/v/hand/hls-query.m3u8");
    let bytes = std::fs::read(manifests_dir().join("hand/hls-query.m3u8")).unwrap();
    let signed = manifest::sign(&bytes, &signer, &SignOptions::new(&url, EXPIRES)).unwrap();
    let kinds: Vec<_> = signed
        .references
        .iter()
        .map(|r| (r.line, r.kind, r.original.as_str()))
        .collect();
    // skd: and data: keys cause no CDN request: not rewritten.
    assert_eq!(
        kinds,
        vec![
            (4, "EXT-X-SESSION-KEY@URI", "keys/session.key?v=2&kid=abc"),
            (5, "EXT-X-MAP@URI", "init.mp4?cache=1"),
            (7, "uri-line", "seg-1.ts?session=42&start=0"),
            (9, "uri-line", "seg-2.ts?session=42#t=0"),
            (11, "uri-line", "seg-3.ts?"),
            (15, "uri-line", "seg-4.ts"),
        ]
    );
    let c = &signed.credential;
    assert_eq!(
        signed.rewritten(&signed.references[2]),
        format!("seg-1.ts?session=42&start=0&{c}")
    );
    assert_eq!(
        signed.rewritten(&signed.references[3]),
        format!("seg-2.ts?session=42&{c}#t=0")
    );
    assert_eq!(
        signed.rewritten(&signed.references[4]),
        format!("seg-3.ts?{c}")
    );
    assert_eq!(signed.coverage, format!("{HOST}/v/hand/"));

    // An empty reference names its base: nothing to rewrite.
    let empty = manifest::sign_str(
        "#EXTM3U\n#EXT-X-MAP:URI=\"\"\n#EXTINF:4,\nseg.ts\n",
        &signer,
        &SignOptions::new(&url, EXPIRES),
    )
    .unwrap();
    assert_eq!(empty.references.len(), 1);
    assert!(empty.text().unwrap().contains("URI=\"\"\n"));

    // Signing twice is refused: the references already carry the credential.
    let e =
        manifest::sign(&signed.manifest, &signer, &SignOptions::new(&url, EXPIRES)).unwrap_err();
    assert!(
        e.message().starts_with("line 4: ") && e.message().contains("already carries"),
        "{e}"
    );

    // A narrower coverage than the folder.
    let e = manifest::sign(
        &bytes,
        &signer,
        &SignOptions::new(&url, EXPIRES).prefix(format!("{HOST}/v/hand/keys/")),
    )
    .unwrap_err();
    assert!(e.message().starts_with("line 5: "), "{e}");

    // Not a manifest, an unknown scheme, a space, a prefix with a query.
    for (input, want) in [
        ("hello", "line 1: neither"),
        ("#EXTM3U\n#EXTINF:1,\nftp://h/a.ts\n", "line 3: "),
        ("#EXTM3U\n#EXTINF:1,\na b.ts\n", "percent-encode"),
    ] {
        let e = manifest::sign_str(input, &signer, &SignOptions::new(&url, EXPIRES)).unwrap_err();
        assert!(e.message().contains(want), "{input:?}: {e}");
    }
    let e = manifest::sign_str(
        "#EXTM3U\n",
        &signer,
        &SignOptions::new(&url, EXPIRES).prefix(format!("{HOST}/v/?x")),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("prefix"));
}

#[test]
fn manifest_dash_templates_keep_expanding_and_escapes_are_kept() {
    let k = keys();
    let bytes = std::fs::read(manifests_dir().join("hand/dash-number-baseurl.mpd")).unwrap();
    let url = format!("{HOST}/v/hand/dash-number-baseurl.mpd");
    let signed = manifest::sign(
        &bytes,
        &manifest::Signer::CloudFront(&k.cf),
        &SignOptions::new(&url, EXPIRES),
    )
    .unwrap();
    let got: Vec<_> = signed
        .references
        .iter()
        .map(|r| (r.line, r.kind, r.original.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                9,
                "SegmentTemplate@initialization",
                "$RepresentationID$/init.mp4"
            ),
            (
                9,
                "SegmentTemplate@media",
                "$RepresentationID$/seg-$Number$.m4s?track=v&amp;x=1"
            ),
            (17, "Initialization@sourceURL", "init-a1.mp4"),
            (18, "SegmentURL@media", "a1-1.m4s"),
            (19, "SegmentURL@media", "a1-2.m4s"),
            (20, "SegmentURL@media", "a1-3.m4s"),
            (26, "BaseURL", "subs/en.vtt"),
            (31, "BaseURL", "ondemand/video.mp4"),
            (34, "RepresentationIndex@sourceURL", "video.sidx"),
        ]
    );
    let media = &signed.references[1];
    let escaped = signed.credential.replace('&', "&amp;");
    assert_eq!(
        signed.rewritten(media),
        format!("{}&amp;{escaped}", media.original)
    );
    assert_eq!(
        media.url,
        format!("{HOST}/v/hand/period0/$RepresentationID$/seg-$Number$.m4s?track=v&x=1")
    );
    // The policy is a wildcard over the folder, signed once.
    let policy = signed.credential.split('&').next().unwrap();
    let json = cdnsign::encoding::cloudfront_b64_decode(&policy["Policy=".len()..], "p").unwrap();
    assert!(String::from_utf8(json)
        .unwrap()
        .contains(&format!("\"Resource\":\"{HOST}/v/hand/*\"")));

    // The checker expands a sample: $RepresentationID$ of the representation
    // in scope (here on the AdaptationSet: a placeholder) and $Number$ = 1.
    let report = manifest::check(
        &signed.manifest,
        &url,
        &manifest::Verifier::CloudFront(&k.cf_verifier),
        NOW,
    )
    .unwrap();
    assert!(report.ok());
    assert!(report.lines[1].url.starts_with(&format!(
        "{HOST}/v/hand/period0/representation/seg-1.m4s?track=v&x=1&Policy="
    )));
    let json = report.to_json();
    assert_eq!(json["ok"], true);
    assert_eq!(json["checked"], 9);
}

/// The separator is chosen from the unescaped reference, the escapes as
/// written are kept.
#[test]
fn manifest_xml_escapes_and_separators() {
    let k = keys();
    let mpd = "<MPD><Period><AdaptationSet><Representation id=\"r\"><SegmentList>\n<SegmentURL media=\"a.m4s?x=1&amp;\"/>\n<SegmentURL media=\"b&#63;x\"/>\n<SegmentURL media=\"c.m4s\"/>\n</SegmentList></Representation></AdaptationSet></Period></MPD>\n";
    let url = format!("{HOST}/v/x/main.mpd");
    for absolute in [false, true] {
        let signed = manifest::sign_str(
            mpd,
            &manifest::Signer::CloudCdn(&k.cc),
            &SignOptions::new(&url, EXPIRES).absolute(absolute),
        )
        .unwrap();
        let e = signed.credential.replace('&', "&amp;");
        let got: Vec<&str> = signed
            .references
            .iter()
            .map(|r| signed.rewritten(r))
            .collect();
        let want: Vec<String> = if absolute {
            vec![
                format!("{HOST}/v/x/a.m4s?x=1&amp;{e}"),
                format!("{HOST}/v/x/b?x&amp;{e}"),
                format!("{HOST}/v/x/c.m4s?{e}"),
            ]
        } else {
            vec![
                format!("a.m4s?x=1&amp;{e}"),
                format!("b&#63;x&amp;{e}"),
                format!("c.m4s?{e}"),
            ]
        };
        assert_eq!(got, want, "absolute={absolute}");
        let report = manifest::check(
            &signed.manifest,
            &url,
            &manifest::Verifier::CloudCdn(&k.cc_verifier),
            NOW,
        )
        .unwrap();
        assert!(report.ok(), "{}", report.to_text());
    }
}

#[test]
fn an_issued_credential_is_appended_as_it_is() {
    use cdnsign::manifest::{sign, Provider, SignOptions, Signer};
    let playlist = b"#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXTINF:2,\r\nseg1.m4s?x=1\r\n";
    let signer = Signer::Issued {
        provider: Provider::MediaCdn,
        param: "edge-cache-token",
        query: "edge-cache-token=Expires=1~Signature=AA",
    };
    let url = "http://127.0.0.1:8080/live/main.m3u8";
    let options = SignOptions::new(url, 0).prefix("http://127.0.0.1:8080/");
    let signed = sign(playlist, &signer, &options).unwrap();
    assert_eq!(
        signed.text().unwrap(),
        "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4?edge-cache-token=Expires=1~Signature=AA\"\r\n#EXTINF:2,\r\nseg1.m4s?x=1&edge-cache-token=Expires=1~Signature=AA\r\n"
    );
    // a reference that already carries the parameter, or names another host, is refused
    let carried = b"#EXTM3U\n#EXTINF:2,\nseg1.ts?edge-cache-token=x\n";
    assert!(sign(carried, &signer, &options).is_err());
    let elsewhere = b"#EXTM3U\n#EXTINF:2,\nhttp://other.example/seg1.ts\n";
    let err = sign(elsewhere, &signer, &options).unwrap_err();
    assert!(err.message().contains("line 3"), "{}", err.message());
}
