//! `cdnsign mediacdn verify`: the verifier settings every surface takes
//! (`mediacdn::VerifierOptions`), from its flags.

mod common;

use common::{json_of, key, run};

const NOW: &str = "1767290400";
const URL: &str = "https://media.example.com/videos/a.ts";

/// A token for `/videos/*` expiring at NOW + 60, appended to `URL`.
fn signed_url() -> String {
    let printed: serde_json::Value = json_of(&[
        "--json",
        "mediacdn",
        "sign",
        "--key",
        &key("mediacdn-ed25519.pkcs8.pem"),
        "--path-glob",
        "/videos/*",
        "--expires",
        "+60",
        "--now",
        NOW,
        "--url",
        URL,
    ]);
    printed["url"].as_str().expect("the signed URL").to_owned()
}

/// `mediacdn verify` of `url` at `now` with `extra` flags: success, and
/// what `--json` printed (the error's code and field when refused).
fn verify(url: &str, now: i64, extra: &[&str]) -> (bool, serde_json::Value) {
    let now = now.to_string();
    let public = format!("key-1={}", key("mediacdn-ed25519.pub.b64url"));
    let mut args = vec![
        "--json",
        "mediacdn",
        "verify",
        "--url",
        url,
        "--public-key",
        &public,
    ];
    args.extend(["--now", &now]);
    args.extend(extra);
    let out = run(&args, b"");
    let printed = serde_json::from_slice(&out.stdout);
    (
        out.status.success(),
        printed.unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn leeway_and_max_ttl_are_the_verifier_options() {
    let url = signed_url();
    let expired_by_10 = 1_767_290_400 + 70;
    assert!(verify(&url, 1_767_290_400, &[]).0);
    let (ok, refused) = verify(&url, expired_by_10, &[]);
    assert!(!ok);
    assert_eq!(refused["code"], "expired", "{refused}");
    assert!(verify(&url, expired_by_10, &["--leeway", "30"]).0);

    let (ok, refused) = verify(&url, 1_767_290_400, &["--leeway", "301"]);
    assert!(!ok);
    assert_eq!(
        (&refused["code"], &refused["field"]),
        (&"invalid_input".into(), &"leeway".into())
    );
    let (ok, refused) = verify(&url, 1_767_290_400, &["--max-ttl", "30"]);
    assert!(!ok);
    // Expires is 60 s after now, beyond --max-ttl 30.
    assert_eq!(refused["code"], "timestamp_in_future", "{refused}");
    let (ok, refused) = verify(&url, 1_767_290_400, &["--allow", "rs256"]);
    assert!(!ok);
    assert_eq!(refused["field"], "algorithm", "{refused}");
}
