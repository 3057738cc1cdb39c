//! Replays every input kept under `fuzz/regressions/<target>/` through the
//! same code path as the cargo-fuzz target of that name (see
//! `fuzz/fuzz_targets/`), so the crashes fuzzing found stay fixed in the
//! ordinary `cargo test`. Also feeds oversized inputs too big to keep as
//! files (a 10 MB cookie, a 1 MB policy, a 1 MB JWT) and checks each is a
//! typed error, not a panic, with no key material in any message.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use cdnsign::{cloudcdn, cloudfront, keys, mediacdn, stream, webhook, Error, ErrorCode};

const NOW: i64 = 1_767_290_400;
const CLOUDFRONT_NOW: i64 = 1_767_286_800;
const CLIENT_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
const PASSPHRASE: &[u8] = b"correct horse battery staple";

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!("../../tests/vectors/keys/", $name))
    };
}

const WEBHOOK_SECRETS: [&str; 2] = [
    "85011ed3a913c6ad5f9cf6c5573cc0a7",
    "f3b1c0de5a7e4d2b9c8a6f4e2d1b0a99",
];

/// Key material an error must never show (the loaded secrets, and the body
/// of a private key PEM the key inputs are made from).
fn secrets() -> Vec<String> {
    let mut s: Vec<String> = WEBHOOK_SECRETS.iter().map(|s| s.to_string()).collect();
    s.push(key!("mediacdn-hmac-sha1.secret.b64url").trim().to_string());
    s.push(
        key!("mediacdn-hmac-sha256.secret.b64url")
            .trim()
            .to_string(),
    );
    s.push("nZtRohdNF9m3cKM24IcK4w".to_string());
    // Any full base64 line of the private keys the inputs are built from.
    for pem in [
        key!("test-rsa2048.pkcs8.pem"),
        key!("test-ec-p256.pkcs8.pem"),
        key!("mediacdn-ed25519.pkcs8.pem"),
    ] {
        s.extend(
            pem.lines()
                .filter(|l| !l.starts_with("-----") && l.len() >= 40)
                .map(str::to_string),
        );
    }
    s
}

/// Every rejection is typed: a known code, a message, never `internal`, and
/// no secret in its `Display` or `Debug`.
fn check(e: &Error, secrets: &[String], what: &str) {
    assert_eq!(ErrorCode::from_name(e.code().as_str()), Some(e.code()));
    assert!(!e.message().is_empty(), "{what}: empty message");
    assert_ne!(e.code(), ErrorCode::Internal, "{what}: {e}");
    let shown = format!("{e} {e:?}");
    for s in secrets {
        assert!(
            !shown.contains(s.as_str()),
            "{what}: error text leaks key material: {shown}"
        );
    }
}

struct Fixtures {
    cloudfront: cloudfront::Verifier,
    stream: stream::Verifier,
    webhook: webhook::Verifier,
    mediacdn: mediacdn::Verifier,
    cloudcdn: cloudcdn::Verifier,
    secrets: Vec<String>,
}

impl Fixtures {
    fn new() -> Fixtures {
        let mut cf = cloudfront::Verifier::with_options(cloudfront::VerifierOptions {
            allow_weak_rsa_for_tests: true,
        });
        cf.add_public_key_pem("K2JCJMDEHXQW5F", key!("cloudfront-rsa2048.pub.pem"))
            .unwrap();
        cf.add_public_key_pem("K3P256EXAMPLE7", key!("cloudfront-ec-p256.pub.pem"))
            .unwrap();
        let mut st = stream::Verifier::new();
        st.add_stream_keys_response(key!("stream-key.json"))
            .unwrap();
        let secret = |t: &str| mediacdn::HmacSecret::from_base64(t.trim()).unwrap();
        let keyset = mediacdn::Keyset::new()
            .with_public_key(
                "key-1",
                mediacdn::PublicKey::from_text(key!("mediacdn-ed25519.pub.b64url")).unwrap(),
            )
            .unwrap()
            .with_shared_key(
                "secret-sha1",
                secret(key!("mediacdn-hmac-sha1.secret.b64url")),
            )
            .unwrap()
            .with_shared_key(
                "secret-sha256",
                secret(key!("mediacdn-hmac-sha256.secret.b64url")),
            )
            .unwrap();
        let cc = cloudcdn::Verifier::new()
            .with_key(
                "key-1",
                cloudcdn::SigningKey::from_key_file(key!("cloudcdn-key.b64url")).unwrap(),
            )
            .unwrap();
        Fixtures {
            cloudfront: cf,
            stream: st,
            webhook: webhook::Verifier::new(WEBHOOK_SECRETS).unwrap(),
            mediacdn: mediacdn::Verifier::new(keyset),
            cloudcdn: cc,
            secrets: secrets(),
        }
    }

    fn typed<T>(&self, r: cdnsign::Result<T>, what: &str) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                check(&e, &self.secrets, what);
                None
            }
        }
    }

    /// Runs `data` through the code path of fuzz target `target`.
    fn replay(&self, target: &str, data: &[u8], what: &str) {
        let text = std::str::from_utf8(data).ok();
        match target {
            "cloudfront_url" => {
                let Some(url) = text else { return };
                let request = cloudfront::VerifyRequest::new(CLOUDFRONT_NOW).client_ip(CLIENT_IP);
                self.typed(self.cloudfront.verify_url(url, &request), what);
                let _ = cloudfront::explain_url(url, CLOUDFRONT_NOW).to_text();
                let _ = cloudfront::explain(url, CLOUDFRONT_NOW).map(|e| e.to_text());
            }
            "cloudfront_cookie" => {
                let Some(text) = text else { return };
                let (url, header) = text
                    .split_once('\n')
                    .unwrap_or(("https://d111111abcdef8.cloudfront.net/videos/a.ts", text));
                let request = cloudfront::VerifyRequest::new(CLOUDFRONT_NOW).client_ip(CLIENT_IP);
                self.typed(cloudfront::parse_cookie_header(header), what);
                self.typed(
                    self.cloudfront.verify_cookie_header(header, url, &request),
                    what,
                );
                let _ = cloudfront::explain_cookies(header, Some(url), CLOUDFRONT_NOW).to_text();
                let _ = cloudfront::explain(text, CLOUDFRONT_NOW).map(|e| e.to_text());
            }
            "cloudfront_policy" => {
                self.typed(cloudfront::parse_policy(data), what);
                if let Some(nul) = data.iter().position(|b| *b == 0) {
                    if let (Ok(p), Ok(t)) = (
                        std::str::from_utf8(&data[..nul]),
                        std::str::from_utf8(&data[nul + 1..]),
                    ) {
                        let _ = cloudfront::wildcard_matches(p, t);
                    }
                }
            }
            "stream_token" => {
                let Some(text) = text else { return };
                if text.starts_with('{') {
                    self.typed(stream::Claims::from_json(text), what);
                }
                if text.starts_with('[') {
                    self.typed(stream::AccessRule::list_from_json(text), what);
                }
                let request = stream::VerifyRequest::new(NOW)
                    .viewer_ip(CLIENT_IP)
                    .viewer_country("KR");
                self.typed(self.stream.verify(text, &request), what);
                if let Some(d) = self.typed(stream::decode(text), what) {
                    if let Ok(c) = &d.claims {
                        let _ =
                            stream::evaluate_access(&c.access_rules, Some(CLIENT_IP), Some("US"));
                    }
                }
                let _ = stream::explain(text, NOW).map(|e| e.to_text());
            }
            "webhook" => {
                let (head, body) = match data.iter().position(|b| *b == b'\n') {
                    Some(i) => (&data[..i], &data[i + 1..]),
                    None => (data, &[][..]),
                };
                self.typed(webhook::Event::parse(body), what);
                let Ok(header) = std::str::from_utf8(head) else {
                    return;
                };
                self.typed(webhook::SignatureHeader::parse(header), what);
                self.typed(self.webhook.verify(Some(header), body, NOW), what);
                let _ = webhook::explain(header, NOW, Some(body.len())).map(|e| e.to_text());
            }
            "mediacdn_verify" => {
                let Some(text) = text else { return };
                let lines: Vec<&str> = text.splitn(2 + mediacdn::MAX_HEADERS, '\n').collect();
                let bare = !lines[0].contains("://");
                let url = if bare {
                    "https://media.example.com/videos/a.ts"
                } else {
                    lines[0]
                };
                let mut request = mediacdn::Request::new(url, NOW).client_ip(CLIENT_IP);
                if let Some(c) = lines.get(1).filter(|c| !c.is_empty()) {
                    request = request.cookie_header(*c);
                }
                for line in lines.iter().skip(2) {
                    if let Some((n, v)) = line.split_once(':') {
                        request = request.header(n.trim(), v.trim());
                    }
                }
                if bare {
                    self.typed(self.mediacdn.verify_token(lines[0], &request), what);
                } else {
                    self.typed(self.mediacdn.verify(&request), what);
                }
                for line in lines.iter().take(2) {
                    let _ = mediacdn::explain(line, NOW).map(|e| e.to_text());
                }
            }
            "cloudcdn_verify" => {
                let Some(text) = text else { return };
                let (url, cookie) = match text.split_once('\n') {
                    Some((u, c)) => (u, Some(c)),
                    None => (text, None),
                };
                let mut request = cloudcdn::Request::new(url, NOW);
                if let Some(c) = cookie {
                    request = request.cookie_header(c);
                }
                self.typed(self.cloudcdn.verify(&request), what);
                let _ = cloudcdn::explain(text, NOW).map(|e| e.to_text());
            }
            "keys" => {
                let Some((&mode, key)) = data.split_first() else {
                    return;
                };
                let text = std::str::from_utf8(key).ok();
                match mode % 13 {
                    0 => drop(self.typed(keys::parse_private_key(key, None), what)),
                    1 => drop(self.typed(keys::parse_private_key(key, Some(PASSPHRASE)), what)),
                    2 => drop(self.typed(keys::parse_public_key(key), what)),
                    3 => {
                        drop(self.typed(cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", key), what))
                    }
                    4 | 5 => {
                        let kid = (mode % 13 == 5).then_some("2a8ac671e190e2e51c685b2fe32951bd");
                        if let Some(t) = text {
                            self.typed(stream::SigningKey::from_text(t, kid), what);
                        }
                    }
                    6 => {
                        if let Some(t) = text {
                            self.typed(stream::SigningKey::from_jwk(t, None), what);
                        }
                    }
                    7 | 8 => {
                        if let Some(t) = text {
                            let mut v = stream::Verifier::new();
                            if mode % 13 == 7 {
                                self.typed(v.add_key_text(t, Some("kid-1")), what);
                            } else {
                                self.typed(v.add_jwk(t), what);
                            }
                        }
                    }
                    9 => drop(self.typed(mediacdn::SigningKey::parse(key), what)),
                    10 => drop(self.typed(mediacdn::PublicKey::parse(key), what)),
                    11 => {
                        self.typed(mediacdn::HmacSecret::from_bytes(key), what);
                        if let Some(t) = text {
                            self.typed(mediacdn::HmacSecret::from_base64(t), what);
                        }
                    }
                    _ => {
                        self.typed(cloudcdn::SigningKey::from_bytes(key), what);
                        if let Some(t) = text {
                            self.typed(cloudcdn::SigningKey::from_key_file(t), what);
                        }
                    }
                }
            }
            // Structured input decoded by the `arbitrary` crate, which this
            // crate does not depend on: replayed with `cargo fuzz run
            // roundtrip fuzz/regressions/roundtrip`. What it found is pinned
            // by `a_fragment_that_only_cuts_padding_is_the_same_credential`.
            "roundtrip" => assert!(!data.is_empty(), "{what}: empty"),
            // Typed results here; the target's invariants (a signed
            // manifest passes its own check, unsigning gives the input) are
            // replayed by `manifest_fuzz_regressions` in manifest_properties.rs.
            "manifest" => {
                use cdnsign::manifest::{self, SignOptions};
                let Some((_, input)) = data.split_first() else {
                    return;
                };
                let url = "https://media.example.com/v/hand/index.m3u8?session=1";
                let verifier = manifest::Verifier::CloudCdn(&self.cloudcdn);
                self.typed(manifest::check(input, url, &verifier, NOW), what);
                let key = cloudcdn::SigningKey::from_key_file(key!("cloudcdn-key.b64url")).unwrap();
                let signer = cloudcdn::Signer::new("key-1", key).unwrap();
                let options = SignOptions::new(url, NOW + 3600);
                let signer = manifest::Signer::CloudCdn(&signer);
                self.typed(manifest::sign(input, &signer, &options), what);
            }
            other => panic!("{what}: no replay for fuzz target {other:?}"),
        }
    }
}

fn regressions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fuzz")
        .join("regressions")
}

#[test]
fn every_kept_fuzz_input_is_a_typed_result() {
    let fx = Fixtures::new();
    let mut count = 0;
    let mut targets: Vec<_> = std::fs::read_dir(regressions_dir())
        .expect("fuzz/regressions exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    targets.sort();
    for dir in targets {
        let target = dir.file_name().unwrap().to_str().unwrap().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let what = format!("{target}/{}", file.file_name().unwrap().to_string_lossy());
            fx.replay(&target, &data, &what);
            count += 1;
        }
    }
    assert!(count >= 10, "only {count} regression inputs found");
}

// ---------------------------------------------------------------------------
// Findings, each pinned to the error it now gets.

/// Found by the `keys` target: an END line before the BEGIN line made the
/// PEM block slice run backwards (a panic).
#[test]
fn pem_end_line_before_begin_line_is_an_invalid_key() {
    let input = "-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\nMzj0DAQc\n";
    for r in [
        keys::parse_public_key(input.as_bytes()).map(|_| ()),
        keys::parse_private_key(input.as_bytes(), None).map(|_| ()),
    ] {
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey, "{e}");
    }
}

/// Found by the `keys` target: a BEGIN line without its closing dashes made
/// the "label" run into the base64 body, which the error then quoted — the
/// private key itself.
#[test]
fn mangled_pem_begin_line_does_not_echo_the_key() {
    let pem = key!("test-rsa2048.pkcs8.pem");
    let broken = pem.replacen("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY", 1);
    let secrets = secrets();
    for r in [
        keys::parse_private_key(broken.as_bytes(), None).map(|_| ()),
        keys::parse_public_key(broken.as_bytes()).map(|_| ()),
        cloudfront::Signer::from_pem("K2JCJMDEHXQW5F", broken.as_bytes()).map(|_| ()),
        stream::SigningKey::from_pem("kid", broken.as_bytes()).map(|_| ()),
    ] {
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey, "{e}");
        check(&e, &secrets, "mangled BEGIN line");
    }
}

/// Found by the `mediacdn_verify` target: a token that is only its `hmac=`
/// or `Signature=` field made the cut before the signature underflow (a
/// panic with overflow checks, an out-of-range slice without).
#[test]
fn mediacdn_token_of_only_a_signature_is_malformed() {
    let fx = Fixtures::new();
    let url = "https://media.example.com/videos/a.ts";
    for token in [
        format!("hmac={}", "0".repeat(40)),
        format!("hmac={}", "0".repeat(64)),
        format!("Signature={}", "A".repeat(86)),
    ] {
        let request = mediacdn::Request::new(url, NOW);
        let e = fx.mediacdn.verify_token(&token, &request).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
        let in_query = mediacdn::Request::new(format!("{url}?edge-cache-token={token}"), NOW);
        let e = fx.mediacdn.verify(&in_query).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
        let in_cookie =
            mediacdn::Request::new(url, NOW).cookie_header(format!("Edge-Cache-Cookie={token}"));
        check(
            &fx.mediacdn.verify(&in_cookie).unwrap_err(),
            &fx.secrets,
            "cookie",
        );
        let _ = mediacdn::explain(&token, NOW).map(|e| e.to_text());
        let _ = mediacdn::explain(&format!("{url}?edge-cache-token={token}"), NOW);
    }
}

/// Found by the `roundtrip` target (a harness finding, not a core bug): in a
/// padded Cloud CDN signed URL, turning the final `=` into `#` still
/// verifies, because the fragment is dropped (browsers never send it) and
/// padding is optional. Same signature bytes, so not a forgery; a `#` that
/// cuts into the signature itself must fail.
#[test]
fn a_fragment_that_only_cuts_padding_is_the_same_credential() {
    let fx = Fixtures::new();
    let key = cloudcdn::SigningKey::from_key_file(key!("cloudcdn-key.b64url")).unwrap();
    let signed = cloudcdn::Signer::new("key-1", key)
        .unwrap()
        .with_padding(true)
        .sign_url("https://cdn.example.com/", NOW + 1)
        .unwrap();
    assert!(signed.url.ends_with('='), "{}", signed.url);
    let ok = fx
        .cloudcdn
        .verify(&cloudcdn::Request::new(&signed.url, NOW))
        .unwrap();
    let respelled = format!("{}#", &signed.url[..signed.url.len() - 1]);
    let same = fx
        .cloudcdn
        .verify(&cloudcdn::Request::new(&respelled, NOW))
        .unwrap();
    assert_eq!(same.signed_value, ok.signed_value);
    let cut = format!("{}#=", &signed.url[..signed.url.len() - 2]);
    assert!(fx
        .cloudcdn
        .verify(&cloudcdn::Request::new(&cut, NOW))
        .is_err());
}

// ---------------------------------------------------------------------------
// Oversized inputs: bounded work and a typed error.

#[test]
fn ten_megabyte_cookie_header_is_refused() {
    let fx = Fixtures::new();
    let mut header = String::from("CloudFront-Expires=1767290400; CloudFront-Signature=");
    while header.len() < 10 * 1024 * 1024 {
        header.push_str("aGVsbG8gd29ybGQ~");
    }
    header.push_str("; CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F");
    let request = cloudfront::VerifyRequest::new(CLOUDFRONT_NOW);
    let e = fx
        .cloudfront
        .verify_cookie_header(&header, "https://d111111abcdef8.cloudfront.net/a", &request)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    assert!(e.message().len() < 1024);
    assert_eq!(
        cloudfront::parse_cookie_header(&header).unwrap_err().code(),
        ErrorCode::Malformed
    );
    let _ = cloudfront::explain_cookies(&header, None, CLOUDFRONT_NOW).to_text();
    // The same size as Media CDN and Cloud CDN cookies.
    let google = format!("Edge-Cache-Cookie={}", &header[19..]);
    let r = mediacdn::Request::new("https://media.example.com/v/a.ts", NOW).cookie_header(&google);
    check(
        &fx.mediacdn.verify(&r).unwrap_err(),
        &fx.secrets,
        "10 MB Edge-Cache-Cookie",
    );
    let google = format!("Cloud-CDN-Cookie={}", &header[19..]);
    let r = cloudcdn::Request::new("https://cdn.example.com/v/a.ts", NOW).cookie_header(&google);
    check(
        &fx.cloudcdn.verify(&r).unwrap_err(),
        &fx.secrets,
        "10 MB Cloud-CDN-Cookie",
    );
}

#[test]
fn megabyte_policy_and_deep_nesting_are_malformed() {
    let mut big = String::from(r#"{"Statement":[{"Resource":""#);
    big.push_str(&"a".repeat(1024 * 1024));
    big.push_str(r#"","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#);
    let e = cloudfront::parse_policy(big.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    // Nested deeper than serde_json's recursion limit, inside the size cap.
    let deep = format!("{}{}", "[".repeat(4000), "]".repeat(4000));
    let e = cloudfront::parse_policy(deep.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    let deep_obj = format!(
        r#"{{"Statement":[{{"Resource":{}1{},"Condition":{{}}}}]}}"#,
        "[".repeat(3000),
        "]".repeat(3000)
    );
    let e = cloudfront::parse_policy(deep_obj.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
}

#[test]
fn megabyte_jwt_is_malformed() {
    let fx = Fixtures::new();
    let header = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjJhOGFjNjcxZTE5MGUyZTUxYzY4NWIyZmUzMjk1MWJkIn0";
    let token = format!("{header}.{}.{}", "A".repeat(1024 * 1024), "B".repeat(342));
    let e = fx
        .stream
        .verify(&token, &stream::VerifyRequest::new(NOW))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    assert_eq!(
        stream::decode(&token).unwrap_err().code(),
        ErrorCode::Malformed
    );
    let _ = stream::explain(&token, NOW).map(|e| e.to_text());
}

#[test]
fn megabyte_webhook_header_and_url_are_refused() {
    let fx = Fixtures::new();
    let header = format!("time=1767290400{}", ",sig1=00".repeat(128 * 1024));
    let e = fx.webhook.verify(Some(&header), b"{}", NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    let url = format!(
        "https://media.example.com/{}?edge-cache-token=Expires=1~Signature=AA",
        "a/".repeat(512 * 1024)
    );
    let e = fx
        .mediacdn
        .verify(&mediacdn::Request::new(&url, NOW))
        .unwrap_err();
    check(&e, &fx.secrets, "1 MB Media CDN URL");
    let url = format!(
        "https://d111111abcdef8.cloudfront.net/{}?Expires=1&Signature=a&Key-Pair-Id=K",
        "a".repeat(1 << 20)
    );
    let e = fx
        .cloudfront
        .verify_url(&url, &cloudfront::VerifyRequest::new(CLOUDFRONT_NOW))
        .unwrap_err();
    check(&e, &fx.secrets, "1 MB CloudFront URL");
}
