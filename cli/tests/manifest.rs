//! `cdnsign manifest sign|check` end to end: the built binary, stdin to
//! stdout, exit codes (0 ok, 1 a reference fails the check, 2 bad input).

mod common;

use common::{key, root, run};

const URL: &str = "https://media.example.com/v/ffmpeg/hls-fmp4.m3u8";
const EXPIRES: &str = "1767290400";
const NOW: &str = "1767286800";

/// (provider, sign key options, check key options)
fn providers() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    vec![
        (
            "cloudfront",
            vec![
                "--private-key".into(),
                key("cloudfront-rsa2048.pem"),
                "--key-pair-id".into(),
                "K2JCJMDEHXQW5F".into(),
            ],
            vec![
                "--key".into(),
                format!("K2JCJMDEHXQW5F={}", key("cloudfront-rsa2048.pub.pem")),
            ],
        ),
        (
            "mediacdn",
            vec!["--key".into(), key("mediacdn-ed25519.seed.b64url-nopad")],
            vec![
                "--public-key".into(),
                format!("k1={}", key("mediacdn-ed25519.pub.b64url")),
            ],
        ),
        (
            "cloudcdn",
            vec![
                "--key".into(),
                key("cloudcdn-key.b64url"),
                "--key-name".into(),
                "key-1".into(),
            ],
            vec![
                "--key".into(),
                format!("key-1={}", key("cloudcdn-key.b64url")),
            ],
        ),
    ]
}

#[test]
fn manifest_sign_then_check_for_every_provider() {
    let input = std::fs::read(root().join("tests/manifests/ffmpeg/hls-fmp4.m3u8")).unwrap();
    for (provider, sign_keys, check_keys) in providers() {
        let mut args = vec![
            "manifest",
            "sign",
            "--provider",
            provider,
            "--url",
            URL,
            "--expires",
            EXPIRES,
        ];
        args.extend(sign_keys.iter().map(String::as_str));
        let signed = run(&args, &input);
        assert!(
            signed.status.success(),
            "{provider}: {}",
            String::from_utf8_lossy(&signed.stderr)
        );
        let text = String::from_utf8(signed.stdout.clone()).unwrap();
        assert!(text.starts_with("#EXTM3U\n#EXT-X-VERSION:7\n"), "{text}");
        assert!(text.contains("\n#EXT-X-MAP:URI=\"init.mp4?"), "{text}");
        assert!(String::from_utf8_lossy(&signed.stderr).contains("signed 5 references"));

        let mut check = vec![
            "manifest",
            "check",
            "--provider",
            provider,
            "--url",
            URL,
            "--now",
            NOW,
        ];
        check.extend(check_keys.iter().map(String::as_str));
        let ok = run(&check, &signed.stdout);
        assert!(
            ok.status.success(),
            "{provider}: {}{}",
            String::from_utf8_lossy(&ok.stdout),
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(String::from_utf8_lossy(&ok.stdout).contains("5 references checked, 0 failed"));

        // Expired: every line fails, exit 1, JSON names the line and the code.
        let mut late = check.clone();
        let at = late.iter().position(|a| *a == NOW).unwrap();
        late[at] = "1767290401";
        late.insert(0, "--json");
        let bad = run(&late, &signed.stdout);
        assert_eq!(bad.status.code(), Some(1), "{provider}");
        let v: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["failed"], 5);
        assert_eq!(v["lines"][0]["line"], 6);
        assert_eq!(v["lines"][0]["kind"], "EXT-X-MAP@URI");
        assert_eq!(v["lines"][0]["code"], "expired");
        assert!(!v["lines"][0]["explain"].as_str().unwrap().is_empty());
    }
}

#[test]
fn manifest_refusals_exit_2_naming_the_line() {
    let input = b"#EXTM3U\n#EXTINF:4,\nseg-1.ts\n#EXTINF:4,\nhttps://other.example.net/seg-2.ts\n";
    let (_, keys, _) = providers().remove(2);
    let mut args = vec![
        "manifest",
        "sign",
        "--provider",
        "cloudcdn",
        "--url",
        URL,
        "--expires",
        EXPIRES,
    ];
    args.extend(keys.iter().map(String::as_str));
    let out = run(&args, input);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 5: ") && err.contains("other.example.net"),
        "{err}"
    );

    let out = run(
        &["manifest", "sign", "--provider", "stream", "--url", URL],
        input,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Stream serves its own manifests"));

    let out = run(
        &["manifest", "sign", "--provider", "cloudfront", "--url", URL],
        input,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --private-key"));
}

/// `cdnsign <provider> sign-manifest|check-manifest` (the registry's names):
/// `manifest sign|check` with the provider fixed; `--json` prints the records
/// (`SignedManifestRecord`, `ManifestCheck`), as C's `out_json` does.
#[test]
fn provider_commands_sign_and_check() {
    let input = std::fs::read(root().join("tests/manifests/ffmpeg/hls-fmp4.m3u8")).unwrap();
    for (provider, sign_keys, check_keys) in providers() {
        let mut args = vec![
            "--json",
            provider,
            "sign-manifest",
            "--url",
            URL,
            "--expires",
            EXPIRES,
            "--now",
            NOW,
        ];
        args.extend(sign_keys.iter().map(String::as_str));
        let out = run(&args, &input);
        assert!(
            out.status.success(),
            "{provider}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            record["references"].as_array().unwrap().len() > 1,
            "{provider}"
        );
        assert!(
            record.get("provider").is_none(),
            "{provider}: the record, not `manifest sign --json`"
        );
        let signed = record["manifest"].as_str().unwrap().as_bytes().to_vec();

        let mut args = vec![
            "--json",
            provider,
            "check-manifest",
            "--url",
            URL,
            "--now",
            NOW,
        ];
        args.extend(check_keys.iter().map(String::as_str));
        let out = run(&args, &signed);
        assert!(
            out.status.success(),
            "{provider}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["ok"], true, "{provider}");
        assert_eq!(report["failed"], 0, "{provider}");

        // the unsigned input: every reference fails, exit status 1
        let out = run(&args, &input);
        assert_eq!(out.status.code(), Some(1), "{provider}");
    }
    // the provider is fixed: no --provider flag
    let out = run(
        &[
            "cloudcdn",
            "sign-manifest",
            "--provider",
            "cloudcdn",
            "--url",
            URL,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Every fixture that must sign, for every provider, through the binary:
/// signed, checked (exit 0), one signature character changed (exit 1).
#[test]
fn every_fixture_round_trips_through_the_cli() {
    let mut fixtures = Vec::new();
    for dir in ["ffmpeg", "hand"] {
        for entry in std::fs::read_dir(root().join("tests/manifests").join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if (name.ends_with(".m3u8") || name.ends_with(".mpd")) && !name.starts_with("refuse-") {
                fixtures.push((dir, name));
            }
        }
    }
    fixtures.sort();
    assert_eq!(fixtures.len(), 16, "{fixtures:?}");
    for (dir, name) in &fixtures {
        let input = std::fs::read(root().join("tests/manifests").join(dir).join(name)).unwrap();
        // where core/tests/manifest.rs serves it: the low-latency playlist
        // reports a rendition in its parent folder
        let (url, prefix) = if name == "hls-ll-parts.m3u8" {
            (
                format!("https://media.example.com/v/{dir}/ll/{name}?_HLS_msn=267"),
                Some(format!("https://media.example.com/v/{dir}/")),
            )
        } else {
            (format!("https://media.example.com/v/{dir}/{name}"), None)
        };
        for (provider, sign_keys, check_keys) in providers() {
            let mut args = vec!["manifest", "sign", "--provider", provider, "--url", &url];
            args.extend(["--expires", EXPIRES]);
            if let Some(p) = &prefix {
                args.extend(["--prefix", p.as_str()]);
            }
            args.extend(sign_keys.iter().map(String::as_str));
            let signed = run(&args, &input);
            assert!(
                signed.status.success(),
                "{provider} {name}: {}",
                String::from_utf8_lossy(&signed.stderr)
            );
            let mut check = vec!["manifest", "check", "--provider", provider, "--url", &url];
            check.extend(["--now", NOW]);
            check.extend(check_keys.iter().map(String::as_str));
            let ok = run(&check, &signed.stdout);
            assert!(
                ok.status.success(),
                "{provider} {name}: {}",
                String::from_utf8_lossy(&ok.stdout)
            );
            let text = String::from_utf8_lossy(&signed.stdout).into_owned();
            let at = text.find("Signature=").expect("a signature") + "Signature=".len();
            let mut tampered = text.into_bytes();
            tampered[at] = if tampered[at] == b'a' { b'b' } else { b'a' };
            let bad = run(&check, &tampered);
            assert_eq!(bad.status.code(), Some(1), "{provider} {name}");
        }
    }
}
