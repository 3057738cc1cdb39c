//! `cdnsign explain` end to end: what the bindings' `explain` options have
//! here too (`--body-len`), and credentials every signer can mint.

mod common;

use common::{key, run};

const NOW: &str = "1767286800";
const EXPIRES: &str = "1767290400";

fn stdout(args: &[&str], stdin: &[u8]) -> String {
    let out = run(args, stdin);
    assert!(
        out.status.success(),
        "cdnsign {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn webhook_header() -> String {
    let header = stdout(
        &[
            "webhook",
            "sign",
            "--secret",
            "whsec-cli-explain-test",
            "--body",
            "-",
            "--time",
            NOW,
        ],
        b"{\"uid\":\"abc\"}",
    );
    header.trim().to_string()
}

#[test]
fn body_len_is_reported_with_a_webhook_header() {
    let header = webhook_header();
    for command in [&["explain"][..], &["webhook", "explain"]] {
        let mut args = command.to_vec();
        args.extend(["--now", NOW, "--body-len", "13", "--json", &header]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&args, b"")).unwrap();
        assert_eq!(json["provider"], "webhook", "{json}");
        assert_eq!(json["ok"], true, "{json}");
        let checks = json["checks"].to_string();
        assert!(checks.contains("(13 bytes)"), "{args:?}: {checks}");
    }
    // without it, no length is claimed
    let text = stdout(&["explain", "--now", NOW, &header], b"");
    assert!(!text.contains("bytes)"), "{text}");
}

#[test]
fn body_len_with_another_credential_is_refused() {
    let url = "https://d111111abcdef8.cloudfront.net/a?Expires=1767290400&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F";
    for (args, says) in [
        (
            vec!["cloudfront", "explain", "--body-len", "3", url],
            "--body-len is for webhook signature headers, not cloudfront",
        ),
        (
            vec!["explain", "--body-len", "3", url],
            "--body-len is for a webhook signature header, and the input is not one",
        ),
    ] {
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("invalid_input") && err.contains(says),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_path_signature_with_a_custom_marker_is_explained() {
    let seed = key("mediacdn-ed25519.seed.b64url-nopad");
    let url = stdout(
        &[
            "mediacdn",
            "sign-path",
            "--key",
            &seed,
            "--key-name",
            "k1",
            "--prefix",
            "https://media.example.com/v",
            "--rest",
            "a.m3u8",
            "--param",
            "tok",
            "--expires",
            EXPIRES,
        ],
        b"",
    );
    let url = url.trim();
    assert!(url.contains("/tok=Expires="), "{url}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["explain", "--now", NOW, "--json", url], b"")).unwrap();
    assert_eq!(json["provider"], "mediacdn", "{json}");
    assert_eq!(json["ok"], true, "{json}");
    assert_eq!(json["facts"]["marker"], "tok", "{json}");
    let later = stdout(&["mediacdn", "explain", "--now", "1767300000", url], b"");
    assert!(later.contains("expired"), "{later}");
}
