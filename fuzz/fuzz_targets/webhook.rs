//! Cloudflare Stream webhooks: `Webhook-Signature` header parsing,
//! `Verifier::verify` / `verify_event` on a raw body, `Event::parse` and
//! `explain`. Input: `<header value>\n<raw body bytes>`.
#![no_main]

use cdnsign::webhook::{self, Event, SignatureHeader, Verifier};
use cdnsign::ErrorCode;
use cdnsign_fuzz::{checked, webhook_verifier, NOW, WEBHOOK_SECRETS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let _ = checked(Event::parse(body));
    let _ = checked(Event::parse(data));
    let Ok(header) = std::str::from_utf8(head) else {
        return;
    };
    let verifier = webhook_verifier();
    let parsed = checked(SignatureHeader::parse(header));
    let verified = checked(verifier.verify(Some(header), body, NOW));
    match (&parsed, &verified) {
        (Err(p), Err(v)) => assert_eq!(p.code(), v.code()),
        (Err(p), Ok(_)) => panic!("verified a header that does not parse: {p}"),
        _ => {}
    }
    if let Ok(ok) = &verified {
        assert!(ok.secret_index < WEBHOOK_SECRETS.len());
        assert!((NOW - ok.time).abs() <= webhook::DEFAULT_TOLERANCE as i64);
        let event = checked(verifier.verify_event(Some(header), body, NOW));
        if let Err(e) = event {
            assert_eq!(e.code(), ErrorCode::Malformed);
        }
    }
    if let Ok(p) = &parsed {
        assert!(header.len() <= webhook::MAX_HEADER_LEN);
        assert!(!p.signatures().is_empty() && p.signatures().len() <= webhook::MAX_SIGNATURES);
        // Our own signature at the header's time verifies on this body, and
        // not on the body with one more byte.
        let ours = webhook::sign(WEBHOOK_SECRETS[1], body, p.time()).unwrap();
        let lenient = Verifier::new(WEBHOOK_SECRETS).unwrap().ignore_timestamp();
        let ok = lenient.verify(Some(&ours), body, NOW).unwrap();
        assert_eq!(ok.secret_index, 1);
        let mut longer = body.to_vec();
        longer.push(b' ');
        let e = lenient.verify(Some(&ours), &longer, NOW).unwrap_err();
        assert_eq!(e.code(), ErrorCode::BadSignature);
        // Strict and lenient agree but for the clock.
        let _ = checked(lenient.verify(Some(header), body, NOW));
    }
    let _ = checked(verifier.verify(None, body, NOW));
    if let Some(e) = webhook::explain(header, NOW, Some(body.len())) {
        let _ = (e.to_text(), e.to_json().to_string());
    }
});
