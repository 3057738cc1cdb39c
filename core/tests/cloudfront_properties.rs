//! Property tests for cdnsign::cloudfront: sign → verify round trips over
//! generated URLs, times and IP ranges; any single-character change to a
//! signed credential fails; the parsers never panic on arbitrary input.

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use cdnsign::cloudfront::{
    explain, parse_cookie_header, parse_policy, wildcard_matches, CookieOptions, PolicyKind,
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
            .sign_cookies(&resource, &SignOptions::expires(2_000_000_000), &CookieOptions::new())
            .unwrap();
        let inside = format!("https://d111111abcdef8.cloudfront.net/{dir}/{file}");
        let outside = format!("https://d111111abcdef8.cloudfront.net/{dir}x/{file}");
        let now = VerifyRequest::new(1_900_000_000);
        prop_assert!(verifier().verify_cookie_header(&cookies.cookie_header(), &inside, &now).is_ok());
        prop_assert_eq!(
            verifier()
                .verify_cookie_header(&cookies.cookie_header(), &outside, &now)
                .unwrap_err()
                .code(),
            cdnsign::ErrorCode::UrlMismatch
        );
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
