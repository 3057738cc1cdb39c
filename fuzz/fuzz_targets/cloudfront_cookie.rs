//! CloudFront signed-cookie verification, the `Cookie:` header parser and
//! `explain` for cookies. Input: `<request URL>\n<Cookie header value>`
//! (UTF-8; without a newline the whole input is the header).
#![no_main]

use cdnsign::cloudfront::{self, VerifyRequest};
use cdnsign_fuzz::{checked, cloudfront_verifier, fields, CLIENT_IP, CLOUDFRONT_NOW as NOW};
use libfuzzer_sys::fuzz_target;

const DEFAULT_URL: &str = "https://d111111abcdef8.cloudfront.net/videos/a.ts";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts = fields(text, 2);
    let (url, header) = match parts.as_slice() {
        [url, header] => (*url, *header),
        _ => (DEFAULT_URL, text),
    };
    let verifier = cloudfront_verifier();
    let request = VerifyRequest::new(NOW).client_ip(CLIENT_IP);
    if let Ok(pairs) = checked(cloudfront::parse_cookie_header(header)) {
        assert!(header.len() <= cloudfront::MAX_COOKIE_HEADER_LEN);
        let direct = checked(verifier.verify_cookies(&pairs, url, &request));
        let via_header = checked(verifier.verify_cookie_header(header, url, &request));
        // Same decision through both entry points.
        assert_eq!(
            direct.as_ref().map_err(|e| e.code()),
            via_header.as_ref().map_err(|e| e.code())
        );
        if let Ok(ok) = direct {
            assert!(verifier.key_pair_ids().any(|k| k == ok.key_pair_id));
            assert!(ok.expires > NOW);
            if let Some(resource) = &ok.resource {
                assert!(cloudfront::wildcard_matches(resource, &ok.request_url));
            }
        }
    } else {
        let _ = checked(verifier.verify_cookie_header(header, url, &request));
    }
    let e = cloudfront::explain_cookies(header, Some(url), NOW);
    let _ = (e.to_text(), e.to_json().to_string());
    if let Some(e) = cloudfront::explain(text, NOW) {
        let _ = (e.to_text(), e.to_json().to_string());
    }
});
