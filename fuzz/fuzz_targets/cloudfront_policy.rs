//! CloudFront policy JSON parsing (as read from a `Policy` parameter or
//! cookie) and the resource wildcard matcher.
//! Input: policy bytes; when it contains a NUL byte, the two sides of the
//! first NUL are also matched as `pattern` / `text`.
#![no_main]

use cdnsign::cloudfront;
use cdnsign_fuzz::checked;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(policy) = checked(cloudfront::parse_policy(data)) {
        assert!(data.len() <= cloudfront::MAX_POLICY_LEN);
        // What we read back, written in our order, reads back the same.
        let json = cloudfront::format_policy_json(
            policy.resource.as_deref(),
            policy.expires,
            policy.starts,
            policy.ip_range.as_deref(),
        );
        let again = cloudfront::parse_policy(json.as_bytes()).unwrap_or_else(|e| {
            panic!("our own rendering of an accepted policy is refused: {e}\n{json}")
        });
        assert_eq!(again.resource, policy.resource);
        assert_eq!(again.expires, policy.expires);
        assert_eq!(again.starts, policy.starts);
        assert_eq!(again.ip_range, policy.ip_range);
        assert_eq!(again.ip_cidr, policy.ip_cidr);
    }
    if let Some(nul) = data.iter().position(|b| *b == 0) {
        if let (Ok(pattern), Ok(text)) = (
            std::str::from_utf8(&data[..nul]),
            std::str::from_utf8(&data[nul + 1..]),
        ) {
            let m = cloudfront::wildcard_matches(pattern, text);
            // Literal patterns match only themselves.
            if !pattern.contains(['*', '?']) {
                assert_eq!(m, pattern == text);
            }
            if pattern == "*" {
                assert!(m);
            }
        }
    }
});
