//! Google Cloud CDN at the origin: signed URLs, URL prefixes and
//! `Cloud-CDN-Cookie`, plus `explain`. Input (UTF-8):
//! `<request URL>\n<Cookie header>` (the cookie line is optional).
#![no_main]

use cdnsign::cloudcdn::{self, Request};
use cdnsign_fuzz::{checked, cloudcdn_keys, cloudcdn_verifier, fields, NOW};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = fields(text, 2);
    let mut request = Request::new(lines[0], NOW);
    if let Some(cookie) = lines.get(1) {
        request = request.cookie_header(*cookie);
    }
    if let Ok(ok) = checked(cloudcdn_verifier().verify(&request)) {
        assert!(cloudcdn_keys().iter().any(|(name, _)| *name == ok.key_name));
        assert!(ok.expires > NOW);
    }
    for line in &lines {
        if let Some(e) = cloudcdn::explain(line, NOW) {
            let _ = (e.to_text(), e.to_json().to_string());
        }
    }
    if let Some(e) = cloudcdn::explain(text, NOW) {
        let _ = e.to_text();
    }
});
