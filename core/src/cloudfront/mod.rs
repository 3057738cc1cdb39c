//! AWS CloudFront signed URLs and signed cookies: sign, verify, explain.
//!
//! ```no_run
//! use cdnsign::cloudfront::{CookieOptions, SignOptions, Signer, Verifier, VerifyRequest};
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
//!     &CookieOptions::new().domain("d111111abcdef8.cloudfront.net").path("/videos/"),
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
//! over 8192 bytes. Keys: RSA 2048 (smaller only with
//! [`SignerOptions::allow_weak_rsa_for_tests`]) or ECDSA P-256 (`invalid_key`
//! otherwise).
#![forbid(unsafe_code)]

mod cookies;
mod explain;
mod ip;
mod policy;
mod signer;
mod url;
mod verifier;
mod wildcard;

pub use cookies::{
    parse_cookie_header, Cookie, CookieOptions, SameSite, SignedCookies, COOKIE_EXPIRES,
    COOKIE_HASH_ALGORITHM, COOKIE_KEY_PAIR_ID, COOKIE_NAMES, COOKIE_POLICY, COOKIE_SIGNATURE,
    MAX_COOKIE_HEADER_LEN,
};
pub use explain::{explain, explain_cookies, explain_url, looks_like_cloudfront, Explanation};
pub use ip::Ipv4Cidr;
pub use policy::{
    format_policy_json, parse_policy, ParsedPolicy, Policy, PolicyKind, SignOptions, MAX_POLICY_LEN,
};
pub use signer::{HashAlgorithm, Signer, SignerOptions, MAX_KEY_PAIR_ID_LEN, RSA_BITS};
pub use url::{MAX_URL_LEN, RESERVED_PARAMS};
pub use verifier::{CredentialForm, Verified, Verifier, VerifierOptions, VerifyRequest};
pub use wildcard::matches as wildcard_matches;

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
            .sign_cookies(&format!("{D}/videos/*"), &custom, &CookieOptions::new())
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
