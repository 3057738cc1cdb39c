//! Property tests for cdnsign::webhook: sign → verify round trips over
//! arbitrary secrets, bodies and times (with rotation and several `sig1`);
//! any single-byte change to the body, the header or the secret is rejected
//! with the code the change calls for; the parsers never panic.

use cdnsign::webhook::{
    explain, sign, Event, SignatureHeader, Verifier, DEFAULT_TOLERANCE, MAX_HEADER_LEN,
};
use cdnsign::ErrorCode;
use proptest::prelude::*;

/// Times a sender may use: non-negative Unix seconds below the millisecond threshold.
fn time() -> impl Strategy<Value = i64> {
    0i64..cdnsign::time::MILLISECONDS_THRESHOLD
}

fn secret() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..80)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

fn code<T: std::fmt::Debug>(r: cdnsign::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

/// The byte range of the value of the first `name=` part in a header we made.
fn value_span(header: &str, name: &str) -> std::ops::Range<usize> {
    let start = header.find(&format!("{name}=")).unwrap() + name.len() + 1;
    let end = header[start..]
        .find(',')
        .map_or(header.len(), |i| start + i);
    start..end
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn signed_bodies_verify_within_the_tolerance(
        secret in secret(),
        others in prop::collection::vec(secret(), 0..3),
        slot in any::<prop::sample::Index>(),
        body in body(),
        time in time(),
        skew in -(DEFAULT_TOLERANCE as i64)..=(DEFAULT_TOLERANCE as i64),
    ) {
        // Rotation: the right secret sits anywhere among other secrets.
        let mut secrets: Vec<Vec<u8>> = others.into_iter().filter(|s| *s != secret).collect();
        let at = slot.index(secrets.len() + 1);
        secrets.insert(at, secret.clone());
        let verifier = Verifier::new(&secrets).unwrap();

        let header = sign(&secret, &body, time).unwrap();
        prop_assert_eq!(&header[..format!("time={time},sig1=").len()], format!("time={time},sig1="));
        let now = time.saturating_add(skew);
        let ok = verifier.verify(Some(&header), &body, now).unwrap();
        prop_assert_eq!((ok.time, ok.age, ok.secret_index), (time, now - time, at));

        // Just outside the tolerance, each side has its own code.
        let tol = DEFAULT_TOLERANCE as i64;
        prop_assert_eq!(code(verifier.verify(Some(&header), &body, time + tol + 1)), ErrorCode::TimestampTooOld);
        prop_assert_eq!(code(verifier.verify(Some(&header), &body, time - tol - 1)), ErrorCode::TimestampInFuture);
        // Extreme clocks are typed rejections, not overflows.
        prop_assert_eq!(code(verifier.verify(Some(&header), &body, i64::MIN)), ErrorCode::TimestampInFuture);
        prop_assert_eq!(code(verifier.verify(Some(&header), &body, i64::MAX)), ErrorCode::TimestampTooOld);
        prop_assert!(explain(&header, i64::MIN, Some(body.len())).is_some());
        // Ignoring the timestamp still checks the signature.
        let replay = verifier.clone().ignore_timestamp();
        prop_assert!(replay.verify(Some(&header), &body, i64::MAX).is_ok());
        prop_assert!(replay.verify(Some(&header), &[&body[..], b"x"].concat(), time).is_err());
    }

    #[test]
    fn any_matching_sig1_among_several_verifies(
        secret in secret(),
        body in body(),
        time in time(),
        decoys in prop::collection::vec(any::<[u8; 32]>(), 1..6),
        slot in any::<prop::sample::Index>(),
        upper in any::<bool>(),
    ) {
        let header = sign(&secret, &body, time).unwrap();
        let real = &header[value_span(&header, "sig1")];
        let mut sigs: Vec<String> = decoys.iter().map(|d| cdnsign::encoding::hex_encode(d)).collect();
        // Hex is case-insensitive on the wire.
        let real = if upper { real.to_ascii_uppercase() } else { real.to_string() };
        sigs.insert(slot.index(sigs.len() + 1), real);
        let many = format!(
            "{},time={time}",
            sigs.iter().map(|s| format!("sig1={s}")).collect::<Vec<_>>().join(" , ")
        );
        let verifier = Verifier::new([&secret]).unwrap();
        prop_assert!(verifier.verify(Some(&many), &body, time).is_ok());
        // Without the real one, no decoy matches.
        let decoys_only = format!(
            "time={time},{}",
            decoys.iter().map(|d| format!("sig1={}", cdnsign::encoding::hex_encode(d))).collect::<Vec<_>>().join(",")
        );
        prop_assert_eq!(code(verifier.verify(Some(&decoys_only), &body, time)), ErrorCode::BadSignature);
    }

    #[test]
    fn a_changed_body_byte_is_a_bad_signature(
        secret in secret(),
        body in prop::collection::vec(any::<u8>(), 1..2048),
        time in time(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let header = sign(&secret, &body, time).unwrap();
        let mut changed = body.clone();
        let i = pos.index(changed.len());
        changed[i] ^= flip;
        let verifier = Verifier::new([&secret]).unwrap();
        // The signature is checked before the time, so even a stale forged
        // request is bad_signature.
        prop_assert_eq!(code(verifier.verify(Some(&header), &changed, time)), ErrorCode::BadSignature);
        prop_assert_eq!(code(verifier.verify(Some(&header), &changed, time + 100_000)), ErrorCode::BadSignature);
        // Appending or dropping a byte too.
        prop_assert_eq!(code(verifier.verify(Some(&header), &body[1..], time)), ErrorCode::BadSignature);
        prop_assert_eq!(code(verifier.verify(Some(&header), &[&body[..], b" "].concat(), time)), ErrorCode::BadSignature);
    }

    #[test]
    fn a_changed_secret_byte_is_a_bad_signature(
        secret in secret(),
        body in body(),
        time in time(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let header = sign(&secret, &body, time).unwrap();
        let mut other = secret.clone();
        let i = pos.index(other.len());
        other[i] ^= flip;
        let verifier = Verifier::new([&other]).unwrap();
        prop_assert_eq!(code(verifier.verify(Some(&header), &body, time)), ErrorCode::BadSignature);
    }

    #[test]
    fn a_changed_header_byte_is_rejected_with_the_right_code(
        secret in secret(),
        body in body(),
        time in 1_000_000_000i64..10_000_000_000,
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let header = sign(&secret, &body, time).unwrap();
        let i = pos.index(header.len());
        let orig = header.as_bytes()[i];
        // Tolerated by design: case changes (hex digits and key names are
        // case-insensitive) and blanks (trimmed around parts).
        prop_assume!(!orig.eq_ignore_ascii_case(&byte));
        prop_assume!(!(byte == b' ' || byte == b'\t'));
        let mut bytes = header.clone().into_bytes();
        bytes[i] = byte;
        let Ok(changed) = String::from_utf8(bytes) else { return Ok(()) };
        let verifier = Verifier::new([&secret]).unwrap().ignore_timestamp();
        let got = code(verifier.verify(Some(&changed), &body, time));
        let sig = value_span(&header, "sig1");
        let t = value_span(&header, "time");
        let expected = if sig.contains(&i) && byte.is_ascii_hexdigit() {
            // Still 64 hex digits: a different tag.
            Some(ErrorCode::BadSignature)
        } else if t.contains(&i) && byte.is_ascii_digit() {
            // Another time: it is part of the signed message.
            Some(ErrorCode::BadSignature)
        } else if t.contains(&i) && byte == b',' && i > t.start {
            // Cuts the time short ("time=1,00000000,..."): the rest becomes
            // an ignored bare word and the shorter time, still digits, is
            // not the one that was signed.
            Some(ErrorCode::BadSignature)
        } else if sig.contains(&i) || t.contains(&i) {
            Some(ErrorCode::Malformed)
        } else {
            // The key names or the separators: the header no longer has
            // both parts, or has them with other names.
            None
        };
        match expected {
            Some(c) => prop_assert_eq!(got, c, "{}", changed),
            None => prop_assert!(
                matches!(got, ErrorCode::Malformed | ErrorCode::BadSignature),
                "{:?} for {}", got, changed
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(
        text in ".{0,200}",
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        now in any::<i64>(),
    ) {
        let _ = SignatureHeader::parse(&text);
        let _ = Event::parse(&bytes);
        let _ = Event::parse(text.as_bytes());
        let _ = explain(&text, now, Some(bytes.len()));
        let _ = explain(&format!("time={text},sig1={text}"), now, None);
        let v = Verifier::new(["secret"]).unwrap();
        let _ = v.verify(Some(&text), &bytes, now);
        let _ = v.verify(Some(&format!("time={now},sig1={text}")), &bytes, now);
        let _ = v.verify_event(Some(&text), &bytes, now);
        let _ = v.clone().with_tolerance(u64::MAX).verify(Some(&text), &bytes, now);
    }

    #[test]
    fn header_grammar_round_trips(time in time(), tag in any::<[u8; 32]>(), pad in "[ \t]{0,3}") {
        let hex = cdnsign::encoding::hex_encode(&tag);
        let h = format!("{pad}sig1{pad}={pad}{hex}{pad},{pad}time={time}{pad}");
        prop_assert!(h.len() <= MAX_HEADER_LEN);
        let p = SignatureHeader::parse(&h).unwrap();
        prop_assert_eq!(p.time(), time);
        prop_assert_eq!(p.time_text(), time.to_string());
        prop_assert_eq!(p.signatures(), &[tag][..]);
    }
}

/// A JSON body re-serialised by a framework no longer verifies.
#[test]
fn re_serialised_json_fails() {
    let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready"}}"#;
    let header = sign("secret", body, 1_767_290_400).unwrap();
    let v = Verifier::new(["secret"]).unwrap();
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    assert_eq!(
        code(v.verify(Some(&header), &pretty, 1_767_290_400)),
        ErrorCode::BadSignature
    );
    assert!(v.verify(Some(&header), body, 1_767_290_400).is_ok());
}
