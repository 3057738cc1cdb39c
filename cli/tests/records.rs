//! `--json` prints the core's result records, the JSON C writes for the same
//! call, not a CLI-only shape.

mod common;

use cdnsign::api::records;
use cdnsign::cloudfront::{CookieOptions, SignOptions, Signer};
use common::{key, run};

#[test]
fn cloudfront_sign_cookies_json_is_the_record() {
    let resource = "https://d111111abcdef8.cloudfront.net/videos/*";
    let out = run(
        &[
            "--json",
            "cloudfront",
            "sign-cookies",
            "--private-key",
            &key("cloudfront-rsa2048.pem"),
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--expires",
            "1767290400",
            "--domain",
            ".example.com",
            resource,
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: records::CloudFrontCookies =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not the record ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });

    let pem = std::fs::read(key("cloudfront-rsa2048.pem")).unwrap();
    let signer = Signer::from_pem("K2JCJMDEHXQW5F", &pem).unwrap();
    let options = SignOptions {
        expires: Some(1_767_290_400),
        ..SignOptions::default()
    };
    let attributes = CookieOptions {
        domain: Some(".example.com".into()),
        ..CookieOptions::new()
    };
    let signed = signer
        .sign_cookies(resource, &options, &attributes)
        .unwrap();
    assert_eq!(printed, records::CloudFrontCookies::from(&signed));
}
