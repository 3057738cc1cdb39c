//! `--json` prints the core's result records, the JSON C writes for the same
//! call, not a CLI-only shape.

mod common;

use cdnsign::api::records;
use cdnsign::cloudfront::{CookieAttributes, SignOptions, Signer};
use common::{json_of, key, run};

#[test]
fn cloudfront_sign_cookies_json_is_the_record() {
    let resource = "https://d111111abcdef8.cloudfront.net/videos/*";
    let printed: records::CloudFrontCookies = json_of(&[
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
    ]);

    let pem = std::fs::read(key("cloudfront-rsa2048.pem")).unwrap();
    let signer = Signer::from_pem("K2JCJMDEHXQW5F", &pem).unwrap();
    let options = SignOptions {
        expires: Some(1_767_290_400),
        ..SignOptions::default()
    };
    let attributes = CookieAttributes {
        domain: Some(".example.com".into()),
        ..CookieAttributes::new()
    };
    let signed = signer
        .sign_cookies(resource, &options, &attributes)
        .unwrap();
    assert_eq!(printed, records::CloudFrontCookies::from(&signed));
}

#[test]
fn google_sign_cookie_json_is_the_record_with_every_attribute() {
    for (provider, key, name) in [
        (
            "mediacdn",
            "mediacdn-ed25519.pkcs8.pem",
            "Edge-Cache-Cookie",
        ),
        ("cloudcdn", "cloudcdn-key.b64url", "Cloud-CDN-Cookie"),
    ] {
        let key = common::key(key);
        let printed: records::SignedCookie = json_of(&[
            "--json",
            provider,
            "sign-cookie",
            "--key",
            &key,
            "--key-name",
            "k1",
            "--prefix",
            "https://cdn.example.com/v/",
            "--expires",
            "+60",
            "--now",
            "1767290400",
            "--domain",
            ".example.com",
            "--path",
            "/v/",
            "--same-site",
            "lax",
            "--cookie-expires",
            "+60",
            "--max-age",
            "60",
        ]);
        assert_eq!(printed.name, name);
        assert_eq!(printed.cookie_pair, format!("{name}={}", printed.value));
        let attributes = "; Domain=.example.com; Path=/v/; Expires=Thu, 01 Jan 2026 18:01:00 GMT; \
                          Max-Age=60; Secure; HttpOnly; SameSite=Lax";
        assert_eq!(
            printed.set_cookie,
            format!("{}{attributes}", printed.cookie_pair)
        );

        let out = run(
            &[
                provider,
                "sign-cookie",
                "--key",
                &key,
                "--key-name",
                "k1",
                "--prefix",
                "https://cdn.example.com/v/",
                "--same-site",
                "none",
                "--no-secure",
            ],
            b"",
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "SameSite=None without Secure is refused"
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("same_site"));
    }
}
