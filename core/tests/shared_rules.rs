//! The crate's shared rules (core/src/ip.rs, wildcard.rs, cookie.rs, time.rs,
//! json.rs), tested through every provider that uses them, public API only:
//! where the vendors differ, each provider shows its own row of the module's
//! table; where they agree, every provider gives the same answer.

use std::net::IpAddr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, ErrorCode};

const NOW: i64 = 1_767_290_400;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

// ---- IP ranges (core/src/ip.rs) -------------------------------------------------

#[test]
fn a_prefix_with_a_leading_zero_is_cloudfronts_only_refusal() {
    assert!(cloudfront::Ipv4Cidr::parse("10.0.0.0/08", "ip_range").is_err());
    assert!(cloudfront::Ipv4Cidr::parse("10.0.0.0/8", "ip_range").is_ok());
    assert_eq!(stream::IpRange::parse("10.0.0.0/08").unwrap().prefix(), 8);
    let media = mediacdn::IpRange::parse("10.0.0.0/08").unwrap();
    assert_eq!(media.to_string(), "10.0.0.0/8");
    assert!(media.contains(ip("10.200.0.1")));
    // Signing with it: CloudFront refuses, Stream and Media CDN sign.
    let err = cloudfront::SignOptions::expires(NOW + 60).ip_range("10.0.0.0/08");
    assert!(cloudfront::Policy::for_url("https://d.example/a", &err).is_err());
    let claims = mediacdn::TokenClaims::new(NOW + 60)
        .path_globs(["/v/*"])
        .ip_ranges(["10.0.0.0/08"]);
    let signer =
        mediacdn::TokenSigner::ed25519(mediacdn::SigningKey::from_seed(&[3u8; 32]).unwrap());
    assert!(signer.sign(&claims).is_ok());
}

#[test]
fn ipv4_mapped_ranges_are_ipv6_syntax_for_cloudfront_and_ipv4_ranges_elsewhere() {
    assert!(cloudfront::Ipv4Cidr::parse("::ffff:1.2.3.0/120", "ip_range").is_err());
    let s = stream::IpRange::parse("::ffff:1.2.3.0/120").unwrap();
    let m = mediacdn::IpRange::parse("::ffff:1.2.3.0/120").unwrap();
    let c = cloudfront::Ipv4Cidr::parse("1.2.3.0/24", "ip_range").unwrap();
    for client in ["1.2.3.4", "::ffff:1.2.3.4"] {
        assert!(s.contains(ip(client)) && m.contains(ip(client)) && c.contains(ip(client)));
    }
    for client in ["1.2.4.4", "::1.2.3.4", "2001:db8::1"] {
        assert!(!s.contains(ip(client)) && !m.contains(ip(client)) && !c.contains(ip(client)));
    }
}

// ---- wildcards (core/src/wildcard.rs) -------------------------------------------

#[test]
fn cloudfront_resources_and_media_cdn_globs_match_alike() {
    for (pattern, text) in [
        ("/v/*", "/v/a/b.ts"),
        ("/v/*.ts", "/v/a/b.ts"),
        ("/v/?.ts", "/v/a.ts"),
        ("/v/?.ts", "/v/ab.ts"),
        ("/V/*", "/v/a"),
        ("/a*b*c", "/aXbYc"),
        ("/ab*ba", "/aba"),
        ("*", ""),
    ] {
        assert_eq!(
            cloudfront::wildcard_matches(pattern, text),
            mediacdn::glob_matches(pattern, text),
            "{pattern} {text}"
        );
    }
}

// ---- Cookie headers (core/src/cookie.rs) ----------------------------------------

fn media_cookie() -> (mediacdn::Verifier, String) {
    let key = mediacdn::SigningKey::from_seed(&[9u8; 32]).unwrap();
    let signer = mediacdn::Signer::new("k1", key.clone()).unwrap();
    let cookie = signer
        .sign_cookie("https://m.example/v/", NOW + 60)
        .unwrap();
    let keyset = mediacdn::Keyset::new()
        .with_public_key("k1", key.public_key())
        .unwrap();
    (mediacdn::Verifier::new(keyset), cookie.cookie_pair())
}

fn cloudcdn_cookie() -> (cloudcdn::Verifier, String) {
    let key = cloudcdn::SigningKey::from_bytes(&[7u8; 16]).unwrap();
    let signer = cloudcdn::Signer::new("k1", key.clone()).unwrap();
    let cookie = signer
        .sign_cookie("https://c.example/v/", NOW + 60)
        .unwrap();
    let verifier = cloudcdn::Verifier::new().with_key("k1", key).unwrap();
    (verifier, cookie.cookie_pair())
}

#[test]
fn a_piece_without_equals_is_refused_by_cloudfront_and_skipped_by_the_google_cdns() {
    let e = cloudfront::parse_cookie_header("a=1; flag; CloudFront-Key-Pair-Id=K").unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::Malformed, Some("cookie"))
    );

    let (m, pair) = media_cookie();
    let req = mediacdn::Request::new("https://m.example/v/a.ts", NOW)
        .cookie_header(format!("flag; {pair}"));
    assert!(m.verify(&req).is_ok());

    let (c, pair) = cloudcdn_cookie();
    let req = cloudcdn::Request::new("https://c.example/v/a.ts", NOW)
        .cookie_header(format!("flag; {pair}"));
    assert!(c.verify(&req).is_ok());
}

#[test]
fn the_length_cap_is_cloudfronts_and_the_header_name_any_case_everywhere() {
    let long = format!("{}CloudFront-Key-Pair-Id=K", "a=1; ".repeat(4000));
    let e = cloudfront::parse_cookie_header(&long).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed);
    let pairs = cloudfront::parse_cookie_header("COOKIE: CloudFront-Key-Pair-Id=K").unwrap();
    assert_eq!(pairs, vec![("CloudFront-Key-Pair-Id".into(), "K".into())]);

    let (m, pair) = media_cookie();
    for header in [
        format!("{}{pair}", "a=1; ".repeat(4000)),
        format!("COOKIE: {pair}"),
    ] {
        let req = mediacdn::Request::new("https://m.example/v/a.ts", NOW).cookie_header(header);
        assert!(m.verify(&req).is_ok());
    }
    let (c, pair) = cloudcdn_cookie();
    let req = cloudcdn::Request::new("https://c.example/v/a.ts", NOW)
        .cookie_header(format!("cOoKiE: {pair}"));
    assert!(c.verify(&req).is_ok());
}

#[test]
fn one_cookie_attributes_type_and_one_set_of_attribute_checks() {
    let same: cloudfront::SameSite = mediacdn::SameSite::Lax;
    let also: cloudcdn::SameSite = same;
    assert_eq!(also.as_str(), "Lax");
    // One type: a Path that does not start with '/' is refused by every provider.
    let cf: cloudfront::CookieAttributes = mediacdn::CookieAttributes::new().path("videos/");
    let signer = cloudfront::Signer::from_pem(
        "K2JCJMDEHXQW5F",
        std::fs::read("../tests/vectors/keys/cloudfront-rsa2048.pem").unwrap(),
    )
    .unwrap();
    let opts = cloudfront::SignOptions::expires(NOW + 60);
    let e = signer
        .sign_cookies("https://d.example/v/*", &opts, &cf)
        .unwrap_err();
    assert_eq!(e.field(), Some("path"));
    let media = mediacdn::Signer::new("k1", mediacdn::SigningKey::from_seed(&[9u8; 32]).unwrap())
        .unwrap()
        .sign_cookie("https://m.example/v/", NOW + 60)
        .unwrap();
    assert_eq!(media.set_cookie(&cf).unwrap_err().field(), Some("path"));

    // The providers differ in Path alone: CloudFront writes one only when
    // given, the Google CDNs `Path=/` then. Expires is written for both.
    let defaults = cloudfront::CookieAttributes::default();
    let jar = signer
        .sign_cookies("https://d.example/v/*", &opts, &defaults)
        .unwrap();
    assert!(jar.set_cookie_headers()[0].ends_with("; Secure; HttpOnly"));
    assert!(!jar.set_cookie_headers()[0].contains("Path="));
    let at = mediacdn::CookieAttributes {
        expires: Some(NOW + 60),
        ..defaults
    };
    let set_cookie = media.set_cookie(&at).unwrap();
    assert!(set_cookie.contains("; Path=/; Expires="), "{set_cookie}");
}

// ---- time (core/src/time.rs) ----------------------------------------------------

#[test]
fn explanations_write_dates_one_way_and_refuse_to_invent_one() {
    let far = 999_999_999_999_i64; // the year 33658: no RFC 3339 date
    let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let token = format!(
        "{}.{}.{}",
        b64(r#"{"alg":"RS256","kid":"k"}"#),
        b64(&format!(r#"{{"sub":"v","kid":"k","exp":{far}}}"#)),
        b64("sig")
    );
    let texts = [
        stream::explain(&token, NOW).unwrap().to_text(),
        cloudfront::explain_url(
            &format!("https://d.example/a?Expires={far}&Signature=AA__&Key-Pair-Id=K"),
            NOW,
        )
        .to_text(),
        mediacdn::explain(
            &format!("https://m.example/a?Expires={far}&KeyName=k&Signature=AA"),
            NOW,
        )
        .unwrap()
        .to_text(),
    ];
    for text in &texts {
        assert!(
            text.contains(&format!("{far} (out of range, in ")),
            "{text}"
        );
    }
    let soon = stream::explain(
        &format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"k"}"#),
            b64(&format!(r#"{{"sub":"v","kid":"k","exp":{}}}"#, NOW + 3600)),
            b64("sig")
        ),
        NOW,
    )
    .unwrap()
    .to_text();
    assert!(
        soon.contains("1767294000 (2026-01-01T19:00:00Z, in 1 h 0 min)"),
        "{soon}"
    );
    assert_eq!(stream::format_utc(i64::MAX), "9999-12-31T23:59:59Z");
}

// ---- strict JSON (core/src/json.rs) ---------------------------------------------

#[test]
fn a_duplicate_member_is_refused_in_policies_and_tokens() {
    let policy = br#"{"Statement":[{"Resource":"https://d/a","Condition":{"DateLessThan":{"AWS:EpochTime":1},"DateLessThan":{"AWS:EpochTime":2}}}]}"#;
    let e = cloudfront::parse_policy(policy).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed);
    assert!(
        e.message().contains("duplicate member \"DateLessThan\""),
        "{e}"
    );

    let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let token = format!(
        "{}.{}.{}",
        b64(r#"{"alg":"none","alg":"RS256","kid":"k"}"#),
        b64(r#"{"sub":"v","kid":"k","exp":1}"#),
        b64("sig")
    );
    let e = stream::Verifier::new()
        .verify(&token, &stream::VerifyRequest::new(NOW))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed);
    assert!(e.message().contains("duplicate member \"alg\""), "{e}");
}
