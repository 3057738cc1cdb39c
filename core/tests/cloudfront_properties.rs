//! Property tests for cdnsign::cloudfront: sign → verify round trips over
//! generated URLs, times and IP ranges; any single-character change to a
//! signed credential fails; the parsers never panic on arbitrary input.

mod common;
mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use cdnsign::cloudfront::{
    explain, parse_cookie_header, parse_policy, wildcard_matches, CookieAttributes, PolicyKind,
    SignOptions, Signer, Verifier, VerifyRequest,
};
use proptest::prelude::*;

fn signer() -> &'static Signer {
    static SIGNER: OnceLock<Signer> = OnceLock::new();
    SIGNER.get_or_init(|| {
        Signer::from_pem(
            "K2JCJMDEHXQW5F",
            common::read_vector_file("keys/cloudfront-rsa2048.pem"),
        )
        .unwrap()
    })
}

fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let mut v = Verifier::new();
        v.add_signer(signer()).unwrap();
        v
    })
}

/// The pure-Rust backend's RSA is slow in debug builds: fewer cases there.
fn cases() -> u32 {
    if cdnsign::crypto::BACKEND == "aws-lc" {
        64
    } else {
        12
    }
}

fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~!$'()+,;=:@-]{1,12}|%[0-9A-F]{2}"
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(segment(), 1..5),
        prop::option::of(prop::collection::vec(
            ("[a-z]{1,6}", "[A-Za-z0-9._-]{0,8}"),
            1..4,
        )),
    )
        .prop_map(|(path, query)| {
            let mut u = format!("https://d111111abcdef8.cloudfront.net/{}", path.join("/"));
            if let Some(q) = query {
                u.push('?');
                u.push_str(
                    &q.iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join("&"),
                );
            }
            u
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn signed_urls_verify_until_they_expire(
        url in url(),
        expires in 1_000_000i64..2_147_483_647,
        lifetime in 1i64..1_000_000,
        custom in any::<bool>(),
        ip in prop::option::of((any::<u32>(), 8u8..=32)),
    ) {
        let starts = expires - lifetime;
        let mut options = SignOptions::expires(expires);
        if custom {
            options = options.starts(starts);
        }
        let client = ip.map(|(addr, _)| IpAddr::V4(Ipv4Addr::from(addr)));
        if let Some((addr, prefix)) = ip {
            options = options.ip_range(format!("{}/{prefix}", Ipv4Addr::from(addr)));
        }
        let signed = signer().sign_url(&url, &options).unwrap();
        prop_assert!(signed.starts_with(&url));
        let mut request = VerifyRequest::new(expires - 1);
        request.client_ip = client;
        let ok = verifier().verify_url(&signed, &request).unwrap();
        prop_assert_eq!(&ok.request_url, &url);
        prop_assert_eq!(ok.canned, !custom && ip.is_none());
        request.now = expires;
        prop_assert_eq!(
            verifier().verify_url(&signed, &request).unwrap_err().code(),
            cdnsign::ErrorCode::Expired
        );
        if custom {
            request.now = starts;
            prop_assert_eq!(
                verifier().verify_url(&signed, &request).unwrap_err().code(),
                cdnsign::ErrorCode::NotYetValid
            );
        }
    }

    #[test]
    fn one_changed_character_fails(url in url(), position in any::<prop::sample::Index>(), custom in any::<bool>()) {
        let kind = if custom { PolicyKind::Custom } else { PolicyKind::Canned };
        let signed = signer()
            .sign_url(&url, &SignOptions::expires(2_000_000_000).policy_kind(kind))
            .unwrap();
        let i = position.index(signed.len());
        let c = signed.as_bytes()[i];
        let replacement = match c {
            b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => c + 1,
            b'z' => b'a',
            b'Z' => b'A',
            b'9' => b'0',
            b'-' => b'~',
            _ => b'x',
        };
        let mut bytes = signed.clone().into_bytes();
        bytes[i] = replacement;
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert!(
            verifier().verify_url(&tampered, &VerifyRequest::new(1_900_000_000)).is_err(),
            "{} still verifies", tampered
        );
    }

    #[test]
    fn wildcard_cookies_cover_their_tree(file in segment(), dir in "[a-z]{1,8}") {
        let resource = format!("https://d111111abcdef8.cloudfront.net/{dir}/*");
        let cookies = signer()
            .sign_cookies(&resource, &SignOptions::expires(2_000_000_000), &CookieAttributes::new())
            .unwrap();
        let inside = format!("https://d111111abcdef8.cloudfront.net/{dir}/{file}");
        let outside = format!("https://d111111abcdef8.cloudfront.net/{dir}x/{file}");
        let now = VerifyRequest::new(1_900_000_000);
        let got = verifier().verify_cookie_header(&cookies.cookie_header(), &inside, &now);
        if is_dot_segment(&file) {
            // `dir/..` is not inside `dir/` once an origin normalises it.
            prop_assert_eq!(got.unwrap_err().code(), cdnsign::ErrorCode::UrlMismatch);
        } else {
            prop_assert!(got.is_ok());
        }
        prop_assert_eq!(
            verifier()
                .verify_cookie_header(&cookies.cookie_header(), &outside, &now)
                .unwrap_err()
                .code(),
            cdnsign::ErrorCode::UrlMismatch
        );
    }
}

/// `.` or `..`, each dot written raw or as `%2e`/`%2E` (an independent
/// spelling of the rule, for the properties).
fn is_dot_segment(segment: &str) -> bool {
    let dots = segment.to_ascii_lowercase().replace("%2e", ".");
    dots == "." || dots == ".."
}

/// A dot segment in any spelling, and a separator after it in any spelling
/// an origin might decode or translate into `/`.
fn dot_segment_and_separator() -> impl Strategy<Value = (String, &'static str)> {
    (
        prop::collection::vec(prop::sample::select(vec![".", "%2e", "%2E"]), 1..=2),
        prop::sample::select(vec!["/", "%2f", "%2F", "%5c", "%5C", "\\"]),
    )
        .prop_map(|(dots, sep)| (dots.concat(), sep))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Issue 13: under a wildcard resource, a request path with a `.` or `..`
    /// segment (raw or percent-encoded, before `/`, `%2F`, `%5C` or `\`) is
    /// refused wherever it sits, and the same path without it is granted.
    #[test]
    fn wildcards_never_cover_dot_segments(
        dir in "[a-z]{1,8}",
        before in prop::collection::vec(segment(), 0..3),
        after in prop::collection::vec(segment(), 1..3),
        (dots, sep) in dot_segment_and_separator(),
        query in prop::option::of("[a-z]{1,4}=[a-z./]{0,6}"),
    ) {
        prop_assume!(before.iter().chain(&after).all(|s| !is_dot_segment(s) && !s.contains('%')));
        let d = "https://d111111abcdef8.cloudfront.net";
        let grant = signer()
            .sign_url(
                &format!("{d}/{dir}/x"),
                &SignOptions::expires(2_000_000_000).resource(format!("{d}/{dir}/*")),
            )
            .unwrap();
        let params = grant.split_once('?').unwrap().1;
        let q = query.map(|q| format!("{q}&")).unwrap_or_default();
        let mut clean = vec![dir.clone()];
        clean.extend(before.iter().cloned());
        let path_ok = format!("{}/{}", clean.join("/"), after.join("/"));
        let path_bad = format!("{}/{dots}{sep}{}", clean.join("/"), after.join("/"));
        let now = VerifyRequest::new(1_900_000_000);
        let ok_url = format!("{d}/{path_ok}?{q}{params}");
        let granted = verifier().verify_url(&ok_url, &now);
        prop_assert!(granted.is_ok(), "{:?}", granted);
        let e = verifier()
            .verify_url(&format!("{d}/{path_bad}?{q}{params}"), &now)
            .unwrap_err();
        prop_assert_eq!(e.code(), cdnsign::ErrorCode::UrlMismatch, "{}", e);
        prop_assert!(e.message().contains(&format!("{dots:?}")), "{}", e);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(input in ".{0,300}", bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_policy(input.as_bytes());
        let _ = parse_policy(&bytes);
        let _ = parse_cookie_header(&input);
        let _ = explain(&input, 0);
        let _ = explain(&format!("https://d/x?{input}"), 0);
        let _ = explain(&format!("CloudFront-Policy={input}"), 0);
        let _ = verifier().verify_url(&format!("https://d/x?{input}"), &VerifyRequest::new(0));
        let _ = verifier().verify_cookie_header(&input, "https://d/x", &VerifyRequest::new(0));
    }

    #[test]
    fn wildcard_matching_agrees_with_a_reference(pattern in "[ab*?]{0,10}", text in "[ab]{0,10}") {
        prop_assert_eq!(wildcard_matches(&pattern, &text), reference_match(pattern.as_bytes(), text.as_bytes()));
    }
}

/// The textbook dynamic-programming matcher, for comparison only.
fn reference_match(p: &[u8], t: &[u8]) -> bool {
    let mut dp = vec![vec![false; t.len() + 1]; p.len() + 1];
    dp[0][0] = true;
    for i in 1..=p.len() {
        dp[i][0] = dp[i - 1][0] && p[i - 1] == b'*';
        for j in 1..=t.len() {
            dp[i][j] = match p[i - 1] {
                b'*' => dp[i - 1][j] || dp[i][j - 1],
                b'?' => dp[i - 1][j - 1],
                c => dp[i - 1][j - 1] && c == t[j - 1],
            };
        }
    }
    dp[p.len()][t.len()]
}

// ---- Cookies, policies, SHA-256 and ECDSA, extreme clocks ----------------------

use cdnsign::cloudfront::{HashAlgorithm, SignerOptions};
use cdnsign::encoding::{cloudfront_b64_decode, cloudfront_b64_encode};
use cdnsign::ErrorCode;

const D: &str = "https://d111111abcdef8.cloudfront.net";
const NOW: i64 = 1_900_000_000;

/// A handful of cookie sets, signed once (RSA signing is slow in debug
/// builds of the pure-Rust backend): canned and custom, SHA-1 and SHA-256.
fn cookie_sets() -> &'static (Verifier, Vec<String>) {
    static SETS: OnceLock<(Verifier, Vec<String>)> = OnceLock::new();
    SETS.get_or_init(|| {
        let sha256 = Signer::from_pem_with(
            "K2SHA256KEYID",
            common::read_vector_file("keys/cloudfront-rsa2048.pem"),
            None,
            SignerOptions {
                hash_algorithm: HashAlgorithm::Sha256,
                ..SignerOptions::default()
            },
        )
        .unwrap();
        let mut v = verifier().clone();
        v.add_signer(&sha256).unwrap();
        let c = CookieAttributes::new();
        let sets = [
            signer().sign_cookies(
                &format!("{D}/v/a.ts"),
                &SignOptions::expires(2_000_000_000),
                &c,
            ),
            signer().sign_cookies(
                &format!("{D}/v/*"),
                &SignOptions::expires(2_000_000_000),
                &c,
            ),
            sha256.sign_cookies(
                &format!("{D}/v/*"),
                &SignOptions::expires(2_000_000_000)
                    .starts(1_800_000_000)
                    .ip_range("192.0.2.0/24"),
                &c,
            ),
            sha256.sign_cookies(
                &format!("{D}/v/a.ts"),
                &SignOptions::expires(1_999_999_999),
                &c,
            ),
        ]
        .into_iter()
        .map(|r| r.unwrap().cookie_header())
        .collect();
        (v, sets)
    })
}

fn request() -> VerifyRequest {
    VerifyRequest::new(NOW).client_ip("192.0.2.7".parse().unwrap())
}

/// The byte range of cookie `name`'s value in a `Cookie:` header.
fn cookie_span(header: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let start = header.find(&format!("{name}="))? + name.len() + 1;
    let end = header[start..]
        .find(';')
        .map_or(header.len(), |i| start + i);
    Some(start..end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256, 32)))]

    #[test]
    fn a_changed_cookie_character_is_rejected_with_the_right_code(
        which in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
    ) {
        let (v, sets) = cookie_sets();
        let header = &sets[which.index(sets.len())];
        let url = format!("{D}/v/a.ts");
        prop_assert!(v.verify_cookie_header(header, &url, &request()).is_ok());
        let i = pos.index(header.len());
        let c = header.as_bytes()[i];
        let changed = support::replace_at(header, i, support::bump(c));
        let got = v.verify_cookie_header(&changed, &url, &request());
        prop_assert!(got.is_err(), "{} still verifies", changed);
        let got = got.unwrap_err().code();
        let inside = |name: &str| cookie_span(header, name).filter(|r| r.contains(&i));
        let want = if let Some(r) = inside("CloudFront-Signature") {
            // Another signature, or not CloudFront base64 at all.
            match cloudfront_b64_decode(&changed[r], "s") {
                Ok(_) => ErrorCode::BadSignature,
                Err(_) => ErrorCode::Malformed,
            }
        } else if let Some(r) = inside("CloudFront-Policy") {
            // Other policy bytes are checked against the signature first.
            match cloudfront_b64_decode(&changed[r], "p") {
                Ok(_) => ErrorCode::BadSignature,
                Err(_) => ErrorCode::Malformed,
            }
        } else if let Some(r) = inside("CloudFront-Expires") {
            // Another canned policy, unless the digits gained a leading zero.
            if changed.as_bytes()[r.start] == b'0' { ErrorCode::Malformed } else { ErrorCode::BadSignature }
        } else if inside("CloudFront-Key-Pair-Id").is_some() {
            ErrorCode::UnknownKey
        } else if header
            .find("; CloudFront-Hash-Algorithm=")
            .is_some_and(|at| (at + 1..at + "; CloudFront-Hash-Algorithm".len()).contains(&i))
        {
            // The SHA-256 cookie's name no longer counts: the signature is
            // then checked as SHA-1 (the default) and fails.
            ErrorCode::BadSignature
        } else {
            // A cookie name, '=', ';', a blank or the hash algorithm: a part
            // of the credential is missing or unreadable.
            ErrorCode::Malformed
        };
        prop_assert_eq!(got, want, "{}", changed);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256, 32)))]

    #[test]
    fn a_changed_policy_byte_is_a_bad_signature(
        which in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let (v, sets) = cookie_sets();
        let custom: Vec<&String> = sets.iter().filter(|h| h.contains("CloudFront-Policy=")).collect();
        let header = custom[which.index(custom.len())];
        let r = cookie_span(header, "CloudFront-Policy").unwrap();
        let mut policy = cloudfront_b64_decode(&header[r.clone()], "p").unwrap();
        let i = pos.index(policy.len());
        prop_assume!(policy[i] != byte);
        policy[i] = byte;
        let changed = format!("{}{}{}", &header[..r.start], cloudfront_b64_encode(&policy), &header[r.end..]);
        let got = v.verify_cookie_header(&changed, &format!("{D}/v/a.ts"), &request());
        prop_assert_eq!(got.unwrap_err().code(), ErrorCode::BadSignature);
    }
}

proptest! {
    // ECDSA (randomised) and RSA signing per case: few cases.
    #![proptest_config(ProptestConfig::with_cases(support::cases(16, 6)))]

    #[test]
    fn sha256_and_ecdsa_credentials_round_trip(
        url in url(),
        expires in 1_000_000i64..2_147_483_647,
        lifetime in 1i64..1_000_000,
        ec in any::<bool>(),
        cookies in any::<bool>(),
    ) {
        let (file, id) = if ec { ("keys/cloudfront-ec-p256.pem", "KECDSAP256") } else { ("keys/cloudfront-rsa2048.pem", "KRSASHA256") };
        let s = Signer::from_pem_with(
            id,
            common::read_vector_file(file),
            None,
            SignerOptions { hash_algorithm: HashAlgorithm::Sha256, ..SignerOptions::default() },
        )
        .unwrap();
        let mut v = Verifier::new();
        v.add_signer(&s).unwrap();
        let options = SignOptions::expires(expires).starts(expires - lifetime);
        let now = VerifyRequest::new(expires - 1);
        let ok = if cookies {
            let c = s.sign_cookies(&url, &options, &CookieAttributes::new()).unwrap();
            prop_assert_eq!(c.get("CloudFront-Hash-Algorithm"), Some("SHA256"));
            v.verify_cookie_header(&c.cookie_header(), &url, &now).unwrap()
        } else {
            let signed = s.sign_url(&url, &options).unwrap();
            prop_assert!(signed.ends_with("&Hash-Algorithm=SHA256"));
            v.verify_url(&signed, &now).unwrap()
        };
        prop_assert_eq!(ok.hash_algorithm, HashAlgorithm::Sha256);
        prop_assert_eq!((ok.expires, ok.starts), (expires, Some(expires - lifetime)));
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(16, 4)))]

    #[test]
    fn extreme_clocks_are_typed_rejections(url in url(), custom in any::<bool>()) {
        let kind = if custom { PolicyKind::Custom } else { PolicyKind::Canned };
        let options = SignOptions::expires(2_000_000_000).policy_kind(kind);
        let options = if custom { options.starts(1_000_000_000) } else { options };
        let signed = signer().sign_url(&url, &options).unwrap();
        let at = |now| verifier().verify_url(&signed, &VerifyRequest::new(now));
        prop_assert_eq!(at(i64::MAX).unwrap_err().code(), ErrorCode::Expired);
        if custom {
            prop_assert_eq!(at(i64::MIN).unwrap_err().code(), ErrorCode::NotYetValid);
        } else {
            prop_assert!(at(i64::MIN).is_ok());
        }
        let _ = explain(&signed, i64::MIN);
        let _ = explain(&signed, i64::MAX);
    }
}
