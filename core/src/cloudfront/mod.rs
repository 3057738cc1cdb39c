//! AWS CloudFront signed URLs and signed cookies: sign, verify, explain.
//!
//! ```no_run
//! use cdnsign::cloudfront::{CookieAttributes, SignOptions, Signer, Verifier, VerifyRequest};
//! # fn main() -> cdnsign::Result<()> {
//! # let pem = "";
//! let signer = Signer::from_pem("K2JCJMDEHXQW5F", pem)?;
//! let expires = cdnsign::time::now_unix() + 3600;
//!
//! // Canned policy: this exact URL until then (botocore's bytes exactly).
//! let url = signer.sign_url(
//!     "https://d111111abcdef8.cloudfront.net/video.mp4",
//!     &SignOptions::expires(expires),
//! )?;
//! // Custom policy: a wildcard resource, for cookies covering a whole tree.
//! let cookies = signer.sign_cookies(
//!     "https://d111111abcdef8.cloudfront.net/videos/*",
//!     &SignOptions::expires(expires).ip_range("192.0.2.0/24"),
//!     &CookieAttributes::new().domain("d111111abcdef8.cloudfront.net").path("/videos/"),
//! )?;
//! for header in cookies.set_cookie_headers() {
//!     println!("Set-Cookie: {header}");
//! }
//!
//! let mut verifier = Verifier::new();
//! verifier.add_signer(&signer)?;
//! let now = cdnsign::time::now_unix();
//! let granted = verifier.verify_url(&url, &VerifyRequest::new(now))?;
//! # let _ = granted;
//! # Ok(()) }
//! ```
//!
//! Format (sources and SDK comparison: `tests/vectors/generate/NOTES-cloudfront.md`):
//! - policy JSON compact, UTF-8, `Resource` then `Condition` with
//!   `DateLessThan`, `DateGreaterThan`, `IpAddress` (the JS SDK's order);
//!   canned = `DateLessThan` only, resource = the URL exactly as sent;
//! - signature RSA PKCS#1 v1.5 (or ECDSA P-256, DER) over the policy bytes,
//!   SHA-1 by default or SHA-256 (`Hash-Algorithm=SHA256` /
//!   `CloudFront-Hash-Algorithm`), in CloudFront's base64 (`+`→`-`, `=`→`_`,
//!   `/`→`~`), as is the `Policy` value;
//! - URL = `url` + `?`/`&` + `Expires=N` or `Policy=P`, `&Signature=S&Key-Pair-Id=K`
//!   (botocore's order; the JS SDK puts `Key-Pair-Id` first: both verify).
//!
//! Refused when signing, each a typed `invalid_input` naming the field: a
//! wildcard, start time, IP range or other resource with an explicitly canned
//! policy; a `*` in a URL to sign with no separate resource unless a custom
//! policy is asked for (it could be a literal character, and a custom policy
//! would widen the grant); a URL already carrying `Expires`/`Policy`/`Signature`/`Key-Pair-Id`/
//! `Hash-Algorithm`; a fragment; characters not valid on the wire (use
//! [`percent_encode_url`]); `expires` missing, ≤ 0, after 2147483647, not
//! after `starts`, or looking like milliseconds; IPv6 or a malformed CIDR (a
//! bare IPv4 becomes `/32`); a URL the resource does not cover; a signed URL
//! over 8192 bytes; a policy of your own (`sign_*_with_policy`) with a time
//! after 2147483647 or a `Resource` not beginning with `http://`, `https://`
//! or `*`. Keys: RSA 2048 (smaller only with
//! [`SignerOptions::allow_weak_rsa_for_tests`]) or ECDSA P-256 (`invalid_key`
//! otherwise).
#![forbid(unsafe_code)]

mod cookies;
mod credential;
mod explain;
mod ip;
mod policy;
mod signer;
pub(crate) mod url;
mod verifier;

pub use crate::api::explanation::Explanation;
pub use crate::wildcard::matches as wildcard_matches;
pub use cookies::{
    parse_cookie_header, Cookie, CookieAttributes, SameSite, SignedCookies, COOKIE_EXPIRES,
    COOKIE_HASH_ALGORITHM, COOKIE_KEY_PAIR_ID, COOKIE_NAMES, COOKIE_POLICY, COOKIE_SIGNATURE,
    MAX_COOKIE_HEADER_LEN,
};
pub use credential::HashAlgorithm;
pub use explain::{explain, explain_cookies, explain_url, looks_like_cloudfront};
pub use ip::Ipv4Cidr;
pub use policy::{
    format_policy_json, parse_policy, ParsedPolicy, Policy, PolicyKind, SignOptions, MAX_POLICY_LEN,
};
pub use signer::{Signer, SignerOptions, MAX_KEY_PAIR_ID_LEN, RSA_BITS};
pub use url::{MAX_URL_LEN, RESERVED_PARAMS};
pub use verifier::{CredentialForm, Verified, Verifier, VerifierOptions, VerifyRequest};

/// The policy JSON `Signer::sign_url` signs for `url` and `options`
/// ([`Policy::for_url`]).
pub fn build_policy(url: &str, options: &SignOptions) -> crate::Result<String> {
    Ok(Policy::for_url(url, options)?.to_json())
}

/// Percent-encodes what cannot appear in a URL on the wire (spaces,
/// non-ASCII as UTF-8, controls, `"<>\^`{|}`), leaving `%XX` escapes and the
/// URL's structure alone. Signers refuse such characters instead of encoding
/// them silently; run the URL through this first and sign (and publish) the
/// result, so the signature covers exactly what browsers request.
pub fn percent_encode_url(url: &str) -> String {
    crate::encoding::percent_encode_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Signer>();
        assert_send_sync::<Verifier>();
        assert_send_sync::<SignedCookies>();
        assert_send_sync::<Explanation>();
    }

    const KEY: &[u8] = include_bytes!("../../../tests/vectors/keys/cloudfront-rsa2048.pem");
    const OTHER_KEY: &[u8] = include_bytes!("../../../tests/vectors/keys/cloudfront-rsa2048-b.pem");
    const D: &str = "https://d111111abcdef8.cloudfront.net";

    /// One credential per rejection code, through the public API.
    #[test]
    fn every_rejection_code() {
        use crate::ErrorCode::*;
        let signer = Signer::from_pem("K2JCJMDEHXQW5F", KEY).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_signer(&signer).unwrap();
        let ip = |s: &str| VerifyRequest::new(1_767_286_800).client_ip(s.parse().unwrap());
        let code = |r: crate::Result<Verified>| r.unwrap_err().code();

        let canned = signer
            .sign_url(&format!("{D}/a.jpg"), &SignOptions::expires(1_767_290_400))
            .unwrap();
        verifier.verify_url(&canned, &ip("192.0.2.1")).unwrap();
        let e = verifier
            .verify_url(&canned, &VerifyRequest::new(1_767_290_437))
            .unwrap_err();
        assert_eq!(
            (e.code(), e.message()),
            (
                Expired,
                "expired 37 s ago: Expires=1767290400, now=1767290437"
            )
        );
        assert_eq!(
            code(verifier.verify_url(&canned.replace("a.jpg", "b.jpg"), &ip("192.0.2.1"))),
            BadSignature
        );
        let other = Signer::from_pem("K1ROTATEDKEY22", OTHER_KEY).unwrap();
        let foreign = other
            .sign_url(&format!("{D}/a.jpg"), &SignOptions::expires(1_767_290_400))
            .unwrap();
        assert_eq!(
            code(verifier.verify_url(&foreign, &ip("192.0.2.1"))),
            UnknownKey
        );
        assert_eq!(
            code(verifier.verify_url(&format!("{D}/a.jpg"), &ip("192.0.2.1"))),
            MissingCredential
        );
        assert_eq!(
            code(verifier.verify_url(&format!("{canned}&Policy=e30_"), &ip("192.0.2.1"))),
            Malformed
        );

        let custom = SignOptions::expires(1_767_290_400)
            .starts(1_767_200_000)
            .ip_range("192.0.2.0/24");
        let cookies = signer
            .sign_cookies(&format!("{D}/videos/*"), &custom, &CookieAttributes::new())
            .unwrap();
        let header = cookies.cookie_header();
        let file = format!("{D}/videos/a.ts");
        verifier
            .verify_cookie_header(&header, &file, &ip("192.0.2.1"))
            .unwrap();
        assert_eq!(
            code(verifier.verify_cookie_header(
                &header,
                &format!("{D}/audio/a.ts"),
                &ip("192.0.2.1")
            )),
            UrlMismatch
        );
        assert_eq!(
            code(verifier.verify_cookie_header(&header, &file, &ip("198.51.100.1"))),
            IpNotAllowed
        );
        assert_eq!(
            code(verifier.verify_cookie_header(
                &header,
                &file,
                &VerifyRequest::new(1_767_100_000).client_ip("192.0.2.1".parse().unwrap())
            )),
            NotYetValid
        );
        assert_eq!(
            code(verifier.verify_cookie_header("session=1", &file, &ip("192.0.2.1"))),
            MissingCredential
        );
        let tampered = header.replace("CloudFront-Policy=eyJ", "CloudFront-Policy=eyK");
        assert!(matches!(
            code(verifier.verify_cookie_header(&tampered, &file, &ip("192.0.2.1"))),
            BadSignature | Malformed
        ));
    }

    /// Issue 13: what CloudFront refuses in a signed policy, on credentials
    /// our signer would not make (signed here with `sign_policy` over
    /// hand-written policies; the shared vectors do the same with botocore
    /// and `cryptography`).
    #[test]
    fn refuses_signed_policies_cloudfront_refuses() {
        use crate::encoding::cloudfront_b64_encode;
        use crate::ErrorCode::*;
        const KP: &str = "K2JCJMDEHXQW5F";
        let signer = Signer::from_pem(KP, KEY).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_signer(&signer).unwrap();
        let now = VerifyRequest::new(1_767_286_800);
        let canned = |url: &str, expires: i64| {
            let policy = format_policy_json(Some(url), expires, None, None);
            let sig = signer.sign_policy(policy.as_bytes()).unwrap();
            format!("{url}?Expires={expires}&Signature={sig}&Key-Pair-Id={KP}")
        };
        let custom = |url: &str, policy: &str| {
            let sig = signer.sign_policy(policy.as_bytes()).unwrap();
            let p = cloudfront_b64_encode(policy.as_bytes());
            format!("{url}?Policy={p}&Signature={sig}&Key-Pair-Id={KP}")
        };
        let refused = |url: &str| {
            let e = verifier.verify_url(url, &now).unwrap_err();
            (e.code(), e.field(), e.message().to_string())
        };
        let file = format!("{D}/a.jpg");

        // 32-bit times: canned, custom DateLessThan and DateGreaterThan.
        verifier
            .verify_url(&canned(&file, 2_147_483_647), &now)
            .unwrap();
        let (code, field, message) = refused(&canned(&file, 2_147_483_648));
        assert_eq!((code, field), (Malformed, Some("Expires")));
        for part in ["Expires=2147483648", "2038-01-19T03:14:07Z", "2147483647"] {
            assert!(message.contains(part), "{message}");
        }
        for expires in [4_102_444_800, i64::MAX] {
            let policy = format_policy_json(Some(&file), expires, None, None);
            let (code, field, message) = refused(&custom(&file, &policy));
            assert_eq!(
                (code, field),
                (Malformed, Some("DateLessThan")),
                "{expires}"
            );
            assert!(message.contains(&expires.to_string()), "{message}");
        }
        let policy = format_policy_json(Some(&file), 2_000_000_000, Some(2_147_483_648), None);
        assert_eq!(refused(&custom(&file, &policy)).1, Some("DateGreaterThan"));
        // The same through cookies names the cookie for a canned credential.
        let url = canned(&file, 4_102_444_800);
        let q = url.split_once('?').unwrap().1;
        let pairs: Vec<(String, String)> = q
            .split('&')
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap();
                (format!("CloudFront-{n}"), v.to_string())
            })
            .collect();
        let e = verifier.verify_cookies(&pairs, &file, &now).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (Malformed, Some("CloudFront-Expires"))
        );

        // Resource must begin with http://, https:// or *.
        for resource in [
            "?ttps://d111111abcdef8.cloudfront.net/a.jpg",
            "?*",
            "d111111abcdef8.cloudfront.net/*",
        ] {
            let policy = format_policy_json(Some(resource), 1_767_290_400, None, None);
            let (code, field, message) = refused(&custom(&file, &policy));
            assert_eq!((code, field), (Malformed, Some("Resource")), "{resource}");
            assert!(message.contains(resource), "{message}");
            let e = signer.sign_url_with_policy(&file, &policy).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (InvalidInput, Some("policy")),
                "{resource}"
            );
            let e = signer
                .sign_cookies_with_policy(&policy, &CookieAttributes::new())
                .unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (InvalidInput, Some("policy")),
                "{resource}"
            );
        }
        for resource in [
            "*ttps://d111111abcdef8.cloudfront.net/a.jpg",
            "*",
            "https://*",
        ] {
            let policy = format_policy_json(Some(resource), 1_767_290_400, None, None);
            verifier
                .verify_url(&custom(&file, &policy), &now)
                .unwrap_or_else(|e| panic!("{resource}: {e}"));
        }
        let policy = format_policy_json(Some(&file), 2_000_000_000, Some(2_147_483_648), None);
        let e = signer.sign_url_with_policy(&file, &policy).unwrap_err();
        assert!(e.message().contains("DateGreaterThan"), "{e}");
    }

    /// Issue 13: a wildcard does not stretch over `.` and `..` segments.
    #[test]
    fn wildcards_do_not_cover_dot_segments() {
        use crate::ErrorCode::*;
        let signer = Signer::from_pem("K2JCJMDEHXQW5F", KEY).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_signer(&signer).unwrap();
        let now = VerifyRequest::new(1_767_286_800);
        let grant = signer
            .sign_url(
                &format!("{D}/videos/a.mp4"),
                &SignOptions::expires(1_767_290_400).resource(format!("{D}/videos/*")),
            )
            .unwrap();
        let params = grant.split_once('?').unwrap().1;
        let at = |path: &str| format!("{D}{path}?{params}");
        for ok in [
            "/videos/a.mp4",
            "/videos/b/c.mp4",
            "/videos/..a.mp4",
            "/videos/.hidden/a.mp4",
        ] {
            verifier
                .verify_url(&at(ok), &now)
                .unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for (path, segment) in [
            ("/videos/../secret/a.mp4", "\"..\""),
            ("/videos/%2e%2e/secret/a.mp4", "\"%2e%2e\""),
            ("/videos/%2E%2e/secret/a.mp4", "\"%2E%2e\""),
            ("/videos/./a.mp4", "\".\""),
            ("/videos/..%2fsecret/a.mp4", "\"..\""),
            ("/videos/a/%2E%2E%5C..%5Csecret.mp4", "\"%2E%2E\""),
        ] {
            let e = verifier.verify_url(&at(path), &now).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (UrlMismatch, Some("Resource")),
                "{path}"
            );
            assert!(e.message().contains(segment), "{path}: {e}");
        }
        // The same through cookies.
        let cookies = signer
            .sign_cookies(
                &format!("{D}/videos/*"),
                &SignOptions::expires(1_767_290_400),
                &CookieAttributes::new(),
            )
            .unwrap();
        let e = verifier
            .verify_cookie_header(
                &cookies.cookie_header(),
                &format!("{D}/videos/%2e%2e/secret/a.mp4"),
                &now,
            )
            .unwrap_err();
        assert_eq!(e.code(), UrlMismatch);
        // What the signer wrote exactly, dots and all, is granted.
        let exact = format!("{D}/videos/../a.mp4");
        let canned = signer
            .sign_url(&exact, &SignOptions::expires(1_767_290_400))
            .unwrap();
        verifier.verify_url(&canned, &now).unwrap();
        let custom = signer
            .sign_url(
                &exact,
                &SignOptions::expires(1_767_290_400).policy_kind(PolicyKind::Custom),
            )
            .unwrap();
        verifier.verify_url(&custom, &now).unwrap();
    }

    /// Issue 13: signed-URL parameters in the request take precedence over
    /// cookies ("CloudFront ... won't look at signed cookies").
    #[test]
    fn a_signed_url_takes_precedence_over_cookies() {
        use crate::ErrorCode::*;
        let signer = Signer::from_pem("K2JCJMDEHXQW5F", KEY).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_signer(&signer).unwrap();
        let now = VerifyRequest::new(1_767_286_800);
        let file = format!("{D}/videos/a.mp4");
        let good_cookies = signer
            .sign_cookies(
                &format!("{D}/*"),
                &SignOptions::expires(1_767_290_400),
                &CookieAttributes::new(),
            )
            .unwrap();
        let header = good_cookies.cookie_header();
        let pairs: Vec<(String, String)> = good_cookies
            .cookies()
            .iter()
            .map(|c| (c.name.to_string(), c.value.clone()))
            .collect();
        let expired_url = signer
            .sign_url(&file, &SignOptions::expires(1_767_280_000))
            .unwrap();
        let good_url = signer
            .sign_url(&file, &SignOptions::expires(1_767_290_400))
            .unwrap();
        let check = |request_url: &str| {
            let a = verifier.verify_cookie_header(&header, request_url, &now);
            let b = verifier.verify_cookies(&pairs, request_url, &now);
            assert_eq!(
                a.as_ref()
                    .map(|v| v.form)
                    .map_err(|e| (e.code(), e.field())),
                b.as_ref()
                    .map(|v| v.form)
                    .map_err(|e| (e.code(), e.field())),
                "{request_url}"
            );
            a.map(|v| v.form).map_err(|e| (e.code(), e.field()))
        };
        assert_eq!(check(&file), Ok(CredentialForm::Cookies));
        assert_eq!(check(&good_url), Ok(CredentialForm::Url));
        assert_eq!(check(&expired_url), Err((Expired, Some("DateLessThan"))));
        let tampered = good_url.replace("Expires=1767290400", "Expires=1767290401");
        assert_eq!(check(&tampered), Err((BadSignature, Some("Signature"))));
        // Any one CloudFront parameter makes it a signed URL.
        for extra in [
            "Signature=x",
            "Key-Pair-Id=K2JCJMDEHXQW5F",
            "Expires=1",
            "Hash-Algorithm=SHA256",
            "Policy=",
        ] {
            let r = check(&format!("{file}?{extra}"));
            assert_eq!(r.map_err(|e| e.0), Err(Malformed), "{extra}");
        }
        // A good URL is judged alone, whatever the cookies hold.
        verifier
            .verify_cookie_header(
                "CloudFront-Signature=a; CloudFront-Signature=b",
                &good_url,
                &now,
            )
            .unwrap();
        // Lower-case look-alikes are the site's own parameters.
        assert_eq!(
            check(&format!("{file}?expires=1&signature=2")),
            Ok(CredentialForm::Cookies)
        );
    }

    #[test]
    fn percent_encoding_helper_makes_urls_signable() {
        let url = "https://d111111abcdef8.cloudfront.net/My Movie/caf\u{e9}.mp4";
        let encoded = percent_encode_url(url);
        assert_eq!(
            encoded,
            "https://d111111abcdef8.cloudfront.net/My%20Movie/caf%C3%A9.mp4"
        );
        Policy::for_url(&encoded, &SignOptions::expires(1_767_290_400)).unwrap();
        let err = Policy::for_url(url, &SignOptions::expires(1_767_290_400)).unwrap_err();
        assert!(err.message().contains("percent_encode_url"), "{err}");
    }
}
