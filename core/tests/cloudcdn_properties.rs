//! Property tests for cdnsign::cloudcdn: signed URLs, URL prefixes and
//! cookies round-trip for arbitrary keys, key names and URLs; any single-byte
//! change to a signed URL or cookie, or to the key, is rejected with the code
//! the change calls for; the parsers never panic.

mod support;

use cdnsign::cloudcdn::{explain, Form, Request, Signer, SigningKey, Verifier};
use cdnsign::ErrorCode;
use proptest::prelude::*;
use support::{bump, is_word, replace_at, signed_field_code, value_after};

const HOST: &str = "https://cdn.example.com";

fn key_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,20}"
}

fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-][A-Za-z0-9._-]{0,9}"
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(segment(), 1..4),
        prop::option::of(prop::collection::vec(
            ("[a-z]{1,6}", "[A-Za-z0-9._-]{0,8}"),
            1..3,
        )),
    )
        .prop_map(|(p, q)| {
            let mut u = format!("{HOST}/{}", p.join("/"));
            if let Some(q) = q {
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

fn times() -> impl Strategy<Value = (i64, i64)> {
    (2_000_000i64..5_000_000_000, 1i64..1_000_000).prop_map(|(e, back)| (e, e - back))
}

fn code<T: std::fmt::Debug>(r: cdnsign::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

/// Cloud CDN: HMAC-SHA1 signatures (20 bytes), fields end at `&` or `:`.
fn field_code(
    original: &str,
    changed: &str,
    i: usize,
    sig: &std::ops::Range<usize>,
) -> Option<ErrorCode> {
    signed_field_code(original, changed, i, sig, 20, &['&', ':'])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn signed_urls_prefixes_and_cookies_round_trip(
        raw in any::<[u8; 16]>(),
        name in key_name(),
        url in url(),
        cut in any::<prop::sample::Index>(),
        (expires, now) in times(),
        padded in any::<bool>(),
    ) {
        let key = SigningKey::from_bytes(&raw).unwrap();
        let file = cdnsign::encoding::b64url_encode(&raw, padded);
        let signer = Signer::new(&name, SigningKey::from_key_file(&file).unwrap()).unwrap().with_padding(padded);
        // Rotation: another key is held first.
        let mut v = Verifier::new();
        if name != "decoy" {
            v.add_key("decoy", SigningKey::from_bytes(&[0u8; 16]).unwrap()).unwrap();
        }
        v.add_key(&name, key).unwrap();

        let exact = signer.sign_url(&url, expires).unwrap();
        prop_assert_eq!(&exact.url[..url.len()], url.as_str());
        let ok = v.verify(&Request::new(&exact.url, now)).unwrap();
        prop_assert_eq!((ok.form, ok.key_name.as_str(), ok.expires), (Form::SignedUrl, name.as_str(), expires));
        prop_assert_eq!(&ok.signed_value, &exact.signed_value);
        prop_assert_eq!(code(v.verify(&Request::new(&exact.url, expires))), ErrorCode::Expired);
        prop_assert_eq!(code(v.verify(&Request::new(&exact.url, i64::MAX))), ErrorCode::Expired);
        prop_assert!(v.verify(&Request::new(&exact.url, i64::MIN)).is_ok());

        let path_end = url.find('?').unwrap_or(url.len());
        let prefix = &url[..(HOST.len() + 1 + cut.index(path_end - HOST.len()))];
        let pre = signer.sign_prefix(&url, prefix, expires).unwrap();
        prop_assert_eq!(v.verify(&Request::new(&pre.url, now)).unwrap().form, Form::SignedPrefix);
        let cookie = signer.sign_cookie(prefix, expires).unwrap();
        let req = Request::new(&url, now).cookie_header(format!("x=1; {}", cookie.cookie_pair()));
        prop_assert_eq!(v.verify(&req).unwrap().form, Form::Cookie);
        let other_host = format!("https://other.example.com{}", &url[HOST.len()..]);
        let req = Request::new(&other_host, now).cookie_header(cookie.cookie_pair());
        prop_assert_eq!(code(v.verify(&req)), ErrorCode::UrlMismatch);
        prop_assert_eq!(code(v.verify(&Request::new(&url, now))), ErrorCode::MissingCredential);
    }

    #[test]
    fn a_changed_key_byte_is_a_bad_signature(
        raw in any::<[u8; 16]>(),
        url in url(),
        (expires, now) in times(),
        pos in 0usize..16,
        flip in 1u8..=255,
    ) {
        let signer = Signer::new("k", SigningKey::from_bytes(&raw).unwrap()).unwrap();
        let mut other = raw;
        other[pos] ^= flip;
        let v = Verifier::new().with_key("k", SigningKey::from_bytes(&other).unwrap()).unwrap();
        let signed = signer.sign_url(&url, expires).unwrap().url;
        prop_assert_eq!(code(v.verify(&Request::new(&signed, now))), ErrorCode::BadSignature);
    }

    #[test]
    fn a_changed_character_in_a_signed_url_is_rejected(
        raw in any::<[u8; 16]>(),
        url in url(),
        (expires, now) in times(),
        pos in any::<prop::sample::Index>(),
        padded in any::<bool>(),
    ) {
        let key = SigningKey::from_bytes(&raw).unwrap();
        let signer = Signer::new("my-key", key.clone()).unwrap().with_padding(padded);
        let v = Verifier::new().with_key("my-key", key).unwrap();
        let signed = signer.sign_url(&url, expires).unwrap().url;
        let i = pos.index(signed.len());
        let c = signed.as_bytes()[i];
        let changed = replace_at(&signed, i, bump(c));
        let got = v.verify(&Request::new(&changed, now));
        prop_assert!(got.is_err(), "{} still verifies", changed);
        let got = got.unwrap_err().code();
        let sig = value_after(&signed, "&Signature=", &['&']);
        if let Some(want) = field_code(&signed, &changed, i, &sig) {
            prop_assert_eq!(got, want, "{}", changed);
        } else if i >= HOST.len() && i < url.len() && is_word(c) {
            prop_assert_eq!(got, ErrorCode::BadSignature, "{}", changed);
        }
    }

    #[test]
    fn a_changed_character_in_a_cookie_is_rejected(
        raw in any::<[u8; 16]>(),
        url in url(),
        (expires, now) in times(),
        pos in any::<prop::sample::Index>(),
        padded in any::<bool>(),
    ) {
        let key = SigningKey::from_bytes(&raw).unwrap();
        let signer = Signer::new("my-key", key.clone()).unwrap().with_padding(padded);
        let v = Verifier::new().with_key("my-key", key).unwrap();
        let path_end = url.find('?').unwrap_or(url.len());
        let prefix = &url[..path_end];
        let value = signer.sign_cookie(prefix, expires).unwrap().value;
        let i = pos.index(value.len());
        let changed = replace_at(&value, i, bump(value.as_bytes()[i]));
        let req = Request::new(&url, now).cookie_header(format!("Cloud-CDN-Cookie={changed}"));
        let got = code(v.verify(&req));
        let sig = value_after(&value, ":Signature=", &[':']);
        let url_prefix = value_after(&value, "URLPrefix=", &[':']);
        // The URLPrefix text is signed (and checked before it is decoded);
        // a changed field name or separator no longer parses.
        let want = field_code(&value, &changed, i, &sig).unwrap_or(if url_prefix.contains(&i) {
            ErrorCode::BadSignature
        } else {
            ErrorCode::Malformed
        });
        prop_assert_eq!(got, want, "{}", changed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(text in ".{0,200}", now in any::<i64>()) {
        let v = Verifier::new().with_key("k", SigningKey::from_bytes(&[1u8; 16]).unwrap()).unwrap();
        for u in [
            text.clone(),
            format!("{HOST}/a?{text}"),
            format!("{HOST}/a?Expires={text}&KeyName=k&Signature={text}"),
            format!("{HOST}/a?URLPrefix={text}&Expires=1&KeyName=k&Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ] {
            let req = Request::new(u.as_str(), now)
                .cookie_header(format!("Cloud-CDN-Cookie={text}"))
                .cookie_header(text.as_str());
            let _ = v.verify(&req);
            let _ = explain(&u, now);
        }
        let _ = explain(&format!("Cloud-CDN-Cookie={text}"), now);
        let _ = SigningKey::from_key_file(&text);
        let _ = Signer::new(&text, SigningKey::from_bytes(&[1u8; 16]).unwrap());
    }
}
