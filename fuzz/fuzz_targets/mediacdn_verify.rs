//! Google Media CDN at the origin: tokens (query parameter, cookie or given
//! directly), exact-URL / URL-prefix / path-component signatures, the
//! `Edge-Cache-Cookie`, and `explain`. Input (UTF-8), one field per line:
//! `<URL or bare token>\n<Cookie header>\n<Name: value>\n<Name: value>...`.
//! A first line without `://` is a bare token checked against a fixed URL.
#![no_main]

use cdnsign::mediacdn::{self, Request};
use cdnsign_fuzz::{checked, fields, mediacdn_verifier, CLIENT_IP, NOW};
use libfuzzer_sys::fuzz_target;

const DEFAULT_URL: &str = "https://media.example.com/videos/a.ts";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = fields(text, 2 + mediacdn::MAX_HEADERS);
    let first = lines[0];
    let bare_token = !first.contains("://");
    let mut request =
        Request::new(if bare_token { DEFAULT_URL } else { first }, NOW).client_ip(CLIENT_IP);
    if let Some(cookie) = lines.get(1) {
        if !cookie.is_empty() {
            request = request.cookie_header(*cookie);
        }
    }
    for line in lines.iter().skip(2) {
        if let Some((name, value)) = line.split_once(':') {
            request = request.header(name.trim(), value.trim());
        }
    }
    let verifier = mediacdn_verifier();
    let result = if bare_token {
        checked(verifier.verify_token(first, &request))
    } else {
        checked(verifier.verify(&request))
    };
    if let Ok(ok) = result {
        let keyset = verifier.keyset();
        assert!(
            keyset.public_key_ids().contains(&ok.key_id.as_str())
                || keyset.shared_key_ids().contains(&ok.key_id.as_str())
        );
        assert!(!ok.signed_value.is_empty());
    }
    for line in lines.iter().take(2) {
        if let Some(e) = mediacdn::explain(line, NOW) {
            let _ = (e.to_text(), e.to_json().to_string());
        }
    }
});
