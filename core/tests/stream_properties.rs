//! Property tests: random claims sign and verify; any single-byte change to a
//! token or a webhook body/header is refused.

mod common;

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
