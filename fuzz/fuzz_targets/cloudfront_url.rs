//! CloudFront signed-URL verification and `explain` on arbitrary URLs.
//! Input: the signed URL (UTF-8).
#![no_main]

use cdnsign::cloudfront::{self, VerifyRequest};
use cdnsign_fuzz::{checked, cloudfront_verifier, CLIENT_IP, CLOUDFRONT_NOW as NOW};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let verifier = cloudfront_verifier();
    let request = VerifyRequest::new(NOW).client_ip(CLIENT_IP);
    if let Ok(ok) = checked(verifier.verify_url(url, &request)) {
        // A grant is only ever for a key we hold, and a policy we can read back.
        assert!(verifier.key_pair_ids().any(|k| k == ok.key_pair_id));
        let policy = cloudfront::parse_policy(ok.policy_json.as_bytes()).unwrap();
        assert_eq!(policy.expires, ok.expires);
        assert!(ok.expires > NOW);
        if let Some(resource) = &ok.resource {
            assert!(cloudfront::wildcard_matches(resource, &ok.request_url));
        }
    }
    let e = cloudfront::explain_url(url, NOW);
    let _ = (e.to_text(), e.to_json().to_string());
    if cloudfront::looks_like_cloudfront(url) {
        if let Some(e) = cloudfront::explain(url, NOW) {
            let _ = (e.to_text(), e.to_json().to_string());
        }
    }
});
