//! Cloudflare Stream tokens: `decode`, `Verifier::verify` (RS256 pinned),
//! access-rule evaluation and `explain`; JSON input (`{`/`[`) also goes
//! through the claims / access-rules parsers. Input: UTF-8.
#![no_main]

use std::net::IpAddr;

use cdnsign::stream::{self, AccessRule, Claims, VerifyRequest};
use cdnsign_fuzz::{checked, stream_verifier, CLIENT_IP, NOW};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.starts_with('{') {
        if let Ok(claims) = checked(Claims::from_json(text)) {
            let _ = checked(claims.validate(NOW));
        }
    }
    if text.starts_with('[') {
        if let Ok(rules) = checked(AccessRule::list_from_json(text)) {
            for rule in &rules {
                let _ = rule.to_json();
            }
        }
    }
    let v6: IpAddr = "2001:db8::1".parse().unwrap();
    for (ip, country) in [
        (Some(CLIENT_IP), Some("KR")),
        (Some(v6), None),
        (None, None),
    ] {
        let mut request = VerifyRequest::new(NOW);
        if let Some(ip) = ip {
            request = request.viewer_ip(ip);
        }
        if let Some(c) = country {
            request = request.viewer_country(c);
        }
        if let Ok(ok) = checked(stream_verifier().verify(text, &request)) {
            assert!(stream_verifier().kids().any(|k| k == ok.kid));
            if let Some(exp) = ok.claims.exp {
                assert!(exp + i64::from(stream_verifier().leeway()) > NOW);
            }
        }
    }
    if let Ok(decoded) = checked(stream::decode(text)) {
        assert!(text.len() <= stream::MAX_TOKEN_LEN);
        if let Ok(claims) = &decoded.claims {
            let _ = checked(stream::evaluate_access(
                &claims.access_rules,
                Some(CLIENT_IP),
                Some("US"),
            ));
        }
    }
    if stream::looks_like_token(text) {
        if let Some(e) = stream::explain(text, NOW) {
            let _ = (e.to_text(), e.to_json().to_string());
        }
    }
});
