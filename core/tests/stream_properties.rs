//! Property tests: random claims sign and verify; any single-byte change to a
//! token or a webhook body/header is refused.

mod common;
mod support;

use cdnsign::stream::{AccessRule, Action, Claims, SigningKey, Verifier, VerifyRequest};
use proptest::prelude::*;

const NOW: i64 = 1_767_290_400;

fn key() -> SigningKey {
    let text = String::from_utf8(common::read_vector_file("keys/stream-key.json")).unwrap();
    SigningKey::from_stream_keys_response(&text).unwrap()
}

fn rule() -> impl Strategy<Value = AccessRule> {
    let action = prop_oneof![Just(Action::Allow), Just(Action::Block)];
    let countries = prop::collection::vec(
        prop::sample::select(cdnsign::stream::ASSIGNED_COUNTRIES.to_vec()),
        1..4,
    );
    let v4 = (any::<[u8; 4]>(), 0u8..=32)
        .prop_map(|(o, p)| format!("{}.{}.{}.{}/{p}", o[0], o[1], o[2], o[3]));
    let v6 = (any::<[u16; 8]>(), 0u8..=128).prop_map(|(s, p)| {
        let a = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
        format!("{a}/{p}")
    });
    let ips = prop::collection::vec(prop_oneof![v4, v6], 1..4);
    (action, 0u8..3, countries, ips).prop_map(|(a, kind, c, ips)| match kind {
        0 => AccessRule::any(a),
        1 => AccessRule::country(a, c).unwrap(),
        _ => AccessRule::ip(a, ips).unwrap(),
    })
}

fn claims() -> impl Strategy<Value = Claims> {
    (
        "[0-9a-f]{32}|[A-Za-z0-9_-]{1,64}",
        1i64..=86_400,
        prop::option::of(0i64..=3_600),
        prop::option::of(any::<bool>()),
        prop::collection::vec(rule(), 0..=5),
    )
        .prop_filter_map("exp after nbf", |(sub, ttl, nbf_back, dl, rules)| {
            let mut c = Claims::new(sub, NOW + ttl);
            if let Some(b) = nbf_back {
                c = c.not_before(NOW - b);
            }
            c.downloadable = dl;
            c.access_rules = rules;
            Some(c)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn signed_claims_verify_and_read_back(c in claims()) {
        let k = key();
        let token = k.sign(&c, NOW).unwrap();
        let mut v = Verifier::new().with_leeway(0);
        v.add_signing_key(&k).unwrap();
        let ok = v.verify(&token, &VerifyRequest::new(NOW).subject(&c.sub).skip_access_rules()).unwrap();
        prop_assert_eq!(ok.claims.exp, Some(c.exp));
        prop_assert_eq!(ok.claims.nbf, c.nbf);
        prop_assert_eq!(ok.claims.downloadable, c.downloadable.unwrap_or(false));
        prop_assert_eq!(&ok.claims.access_rules, &c.access_rules);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_single_byte_change_to_a_token_fails(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let v = common::load_vectors("stream.json");
        let case = v["cases"].as_array().unwrap().iter().find(|c| c["id"] == "sign_full").unwrap();
        let token = case["expected"]["token"].as_str().unwrap();
        let mut bytes = token.as_bytes().to_vec();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        let Ok(changed) = String::from_utf8(bytes) else { return Ok(()) };
        let mut verifier = Verifier::new().with_leeway(0);
        verifier.add_signing_key(&key()).unwrap();
        let r = verifier.verify(&changed, &VerifyRequest::new(NOW).skip_access_rules());
        prop_assert!(r.is_err(), "accepted a changed token: {}", changed);
    }

    #[test]
    fn any_single_byte_change_to_a_webhook_fails(pos in any::<prop::sample::Index>(), byte in any::<u8>(), in_header in any::<bool>()) {
        let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready","pctComplete":"100.000000"}}"#.to_vec();
        let header = cdnsign::webhook::sign("85011ed3a913c6ad5f9cf6c5573cc0a7", &body, NOW).unwrap();
        let verifier = cdnsign::webhook::Verifier::new(["85011ed3a913c6ad5f9cf6c5573cc0a7"]).unwrap();
        let (mut h, mut b) = (header.clone().into_bytes(), body.clone());
        let target = if in_header { &mut h } else { &mut b };
        let i = pos.index(target.len());
        prop_assume!(target[i] != byte);
        target[i] = byte;
        // Case and whitespace changes inside the header are tolerated by design
        // (hex and key names are case-insensitive, blanks are trimmed): skip those.
        if in_header {
            let orig = header.as_bytes()[i];
            prop_assume!(!(orig.eq_ignore_ascii_case(&byte)));
            prop_assume!(!(byte == b' ' || byte == b'\t'));
        }
        let Ok(h) = String::from_utf8(h) else { return Ok(()) };
        prop_assert!(verifier.verify(Some(&h), &b, NOW).is_err(), "accepted: {} / {:?}", h, String::from_utf8_lossy(&b));
    }
}

// ---- Header, payload and signature changes with their codes; parsers ------------

use std::sync::OnceLock;

use cdnsign::encoding::{b64url_decode, b64url_encode};
use cdnsign::ErrorCode;

/// Tokens signed once (RSA signing is slow in debug builds of the pure-Rust
/// backend) and the verifier for them.
fn signed_tokens() -> &'static (Verifier, Vec<String>) {
    static TOKENS: OnceLock<(Verifier, Vec<String>)> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let k = key();
        let mut v = Verifier::new().with_leeway(0);
        v.add_signing_key(&k).unwrap();
        let uid = "6b9e68b07dfee8cc2d116e4c51d6a957";
        let tokens = [
            Claims::new(uid, NOW + 60),
            Claims::new(uid, NOW + 3600)
                .not_before(NOW - 10)
                .downloadable(true),
            Claims::new(uid, NOW + 600)
                .rule(AccessRule::country(Action::Allow, ["KR", "GB"]).unwrap())
                .rule(AccessRule::ip(Action::Block, ["192.0.2.0/24", "2001:db8::/32"]).unwrap())
                .rule(AccessRule::any(Action::Block)),
        ]
        .iter()
        .map(|c| k.sign(c, NOW).unwrap())
        .collect();
        (v, tokens)
    })
}

fn part(token: &str, n: usize) -> Vec<u8> {
    b64url_decode(token.split('.').nth(n).unwrap(), "t").unwrap()
}

fn with_part(token: &str, n: usize, bytes: &[u8]) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[n] = b64url_encode(bytes, false);
    parts.join(".")
}

/// What the verifier must answer for a token whose header JSON is `header`
/// (and whose signature was made over another header).
fn header_verdict(header: &[u8], kids: &[&str]) -> ErrorCode {
    let Ok(serde_json::Value::Object(h)) = serde_json::from_slice::<serde_json::Value>(header)
    else {
        return ErrorCode::Malformed;
    };
    match h.get("alg") {
        Some(serde_json::Value::String(a)) if a == "RS256" => {}
        Some(serde_json::Value::String(_)) => return ErrorCode::AlgorithmNotAllowed,
        _ => return ErrorCode::Malformed,
    }
    if h.contains_key("crit") {
        return ErrorCode::Malformed;
    }
    match h.get("kid") {
        Some(serde_json::Value::String(k)) if kids.contains(&k.as_str()) => ErrorCode::BadSignature,
        Some(serde_json::Value::String(_)) => ErrorCode::UnknownKey,
        _ => ErrorCode::Malformed,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256, 32)))]

    #[test]
    fn a_changed_payload_or_signature_byte_is_a_bad_signature(
        which in any::<prop::sample::Index>(),
        in_signature in any::<bool>(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let (v, tokens) = signed_tokens();
        let t = &tokens[which.index(tokens.len())];
        let req = VerifyRequest::new(NOW).skip_access_rules();
        prop_assert!(v.verify(t, &req).is_ok());
        let n = if in_signature { 2 } else { 1 };
        let mut bytes = part(t, n);
        let i = pos.index(bytes.len());
        bytes[i] ^= flip;
        let changed = with_part(t, n, &bytes);
        // The signature is checked before the claims are even parsed.
        prop_assert_eq!(v.verify(&changed, &req).unwrap_err().code(), ErrorCode::BadSignature);
        // A shortened or lengthened signature too.
        let sig = part(t, 2);
        prop_assert_eq!(v.verify(&with_part(t, 2, &sig[..i % sig.len()]), &req).unwrap_err().code(), ErrorCode::BadSignature);
        prop_assert_eq!(v.verify(&with_part(t, 2, &[&sig[..], &[flip]].concat()), &req).unwrap_err().code(), ErrorCode::BadSignature);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256, 128)))]

    #[test]
    fn a_changed_header_byte_gets_the_code_its_header_calls_for(
        which in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let (v, tokens) = signed_tokens();
        let t = &tokens[which.index(tokens.len())];
        let mut header = part(t, 0);
        let i = pos.index(header.len());
        prop_assume!(header[i] != byte);
        header[i] = byte;
        let kids: Vec<&str> = v.kids().collect();
        let want = header_verdict(&header, &kids);
        let got = v.verify(&with_part(t, 0, &header), &VerifyRequest::new(NOW).skip_access_rules());
        prop_assert_eq!(got.unwrap_err().code(), want, "{}", String::from_utf8_lossy(&header));
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(8, 4)))]

    #[test]
    fn extreme_clocks_are_typed_rejections(which in any::<prop::sample::Index>()) {
        let (v, tokens) = signed_tokens();
        let t = &tokens[which.index(tokens.len())];
        let at = |now| v.verify(t, &VerifyRequest::new(now).skip_access_rules());
        prop_assert_eq!(at(i64::MAX).unwrap_err().code(), ErrorCode::Expired);
        let early = at(i64::MIN);
        if t.split('.').nth(1).is_some_and(|p| String::from_utf8(b64url_decode(p, "p").unwrap()).unwrap().contains("\"nbf\"")) {
            prop_assert_eq!(early.unwrap_err().code(), ErrorCode::NotYetValid);
        } else {
            prop_assert!(early.is_ok());
        }
        prop_assert!(cdnsign::stream::explain(t, i64::MIN).is_some());
        prop_assert!(cdnsign::stream::explain(t, i64::MAX).is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(text in ".{0,200}", bytes in prop::collection::vec(any::<u8>(), 0..200), now in any::<i64>()) {
        let (v, _) = signed_tokens();
        let b64 = b64url_encode(&bytes, false);
        let bt = b64url_encode(text.as_bytes(), false);
        for t in [
            text.clone(),
            format!("{b64}.{b64}.{b64}"),
            format!("{bt}.{bt}.{b64}"),
            format!("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.{bt}.{b64}"),
        ] {
            let _ = v.verify(&t, &VerifyRequest::new(now));
            let _ = v.verify(&t, &VerifyRequest::new(now).viewer_country(&text).viewer_ip("192.0.2.1".parse().unwrap()));
            let _ = cdnsign::stream::decode(&t);
            let _ = cdnsign::stream::explain(&t, now);
        }
        let _ = SigningKey::from_text(&text, Some("k"));
        let _ = SigningKey::from_stream_keys_response(&text);
        let _ = Verifier::new().add_key_text(&text, Some("k"));
        let _ = Claims::from_json(&text);
        let _ = AccessRule::list_from_json(&text);
        let _ = cdnsign::stream::id_from_url(&text);
        let _ = cdnsign::stream::StreamUrls::new(&text);
    }
}
