//! The viewer's address is read by the core's request constructors
//! (`cloudfront::VerifyRequest::of`, `stream::VerifyRequest::of`,
//! `mediacdn::Request::of`): a bad one is refused before anything is
//! verified, with the field name every surface reports.

mod common;

use common::{key, run};

/// `--json` of a refused command: its code and field.
fn refusal(args: &[&str]) -> (String, String) {
    let out = run(args, b"");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = |k: &str| printed[k].as_str().unwrap_or_default().to_owned();
    (text("code"), text("field"))
}

#[test]
fn a_bad_viewer_address_names_the_cores_field() {
    let cf_key = format!("K2JCJMDEHXQW5F={}", key("cloudfront-rsa2048.pub.pem"));
    let url = "https://d111111abcdef8.cloudfront.net/a.mp4?Expires=1&Signature=AA__&Key-Pair-Id=K";
    let cloudfront = [
        "--json",
        "cloudfront",
        "verify",
        "--key",
        &cf_key,
        "--client-ip",
        "nope",
        url,
    ];
    let stream_key = key("stream-key.pub.jwk.json");
    let stream = [
        "--json",
        "stream",
        "verify",
        "--key",
        &stream_key,
        "--ip",
        "nope",
        "a.b.c",
    ];
    let media_key = format!("key-1={}", key("mediacdn-ed25519.pub.b64url"));
    let mediacdn = [
        "--json",
        "mediacdn",
        "verify",
        "--public-key",
        &media_key,
        "--client-ip",
        "nope",
        "--url",
        "https://media.example.com/a.ts",
    ];
    for (args, field) in [
        (&cloudfront[..], "client_ip"),
        (&stream[..], "viewer_ip"),
        (&mediacdn[..], "client_ip"),
    ] {
        assert_eq!(
            refusal(args),
            ("invalid_input".into(), field.into()),
            "{args:?}"
        );
    }
}
