//! Per-request cost of each provider's check, in process (no HTTP):
//! `cargo run --release -p cdnsign-edge --example check_cost`.
use std::time::Instant;

use cdnsign::{cloudcdn, cloudfront, mediacdn, stream};
use cdnsign_edge::config::KeyConfig;
use cdnsign_edge::providers::{Ask, Rules};
use cdnsign_edge::RouteConfig;

fn key(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../tests/vectors/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn time(label: &str, rules: &Rules, target: &str, path: &str, rest: &str, cookie: &str, now: i64) {
    let headers = vec![
        ("host".to_string(), "127.0.0.1:8080".to_string()),
        ("user-agent".to_string(), "wrk".to_string()),
    ];
    let ask = Ask {
        target,
        path,
        rest,
        origin: "http://127.0.0.1:8080",
        cookie,
        headers: &headers,
        client_ip: "127.0.0.1".parse().unwrap(),
        country: None,
        now,
    };
    rules.check(&ask).expect(label);
    let n = 20_000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(rules.check(&ask).is_ok());
    }
    println!(
        "{label:<40} {:>8.2} µs/check",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let now = 1_800_000_000i64;
    let o = "http://127.0.0.1:8080";
    let route = |prefix: &str, provider: &str, k: KeyConfig| {
        let mut r = RouteConfig::new(prefix, provider);
        r.keys.push(k);
        Rules::from_config(&r).unwrap()
    };
    let cf = route(
        "/cf/",
        "cloudfront",
        KeyConfig {
            id: "K1".into(),
            public_key: Some(key("cloudfront-rsa2048.pub.pem")),
            ..Default::default()
        },
    );
    let cookies = cloudfront::Signer::from_pem("K1", key("cloudfront-rsa2048.pem"))
        .unwrap()
        .sign_cookies(
            &format!("{o}/cf/*"),
            &cloudfront::SignOptions::expires(now + 3600)
                .policy_kind(cloudfront::PolicyKind::Custom),
            &cloudfront::CookieAttributes::new(),
        )
        .unwrap()
        .cookie_header();
    time(
        "cloudfront cookies (cached after first)",
        &cf,
        "/cf/seg.ts",
        "/cf/seg.ts",
        "seg.ts",
        &cookies,
        now,
    );
    let url = cloudfront::Signer::from_pem("K1", key("cloudfront-rsa2048.pem"))
        .unwrap()
        .sign_url(
            &format!("{o}/cf/seg.ts"),
            &cloudfront::SignOptions::expires(now + 3600),
        )
        .unwrap();
    let target = url.strip_prefix(o).unwrap();
    time(
        "cloudfront signed URL (RSA every time)",
        &cf,
        target,
        "/cf/seg.ts",
        "seg.ts",
        "",
        now,
    );

    let gc = route(
        "/gc/",
        "cloudcdn",
        KeyConfig {
            id: "k1".into(),
            shared_key: Some(key("cloudcdn-key.b64url")),
            ..Default::default()
        },
    );
    let c = cloudcdn::Signer::new(
        "k1",
        cloudcdn::SigningKey::from_key_file(&key("cloudcdn-key.b64url")).unwrap(),
    )
    .unwrap()
    .sign_cookie(&format!("{o}/gc/"), now + 3600)
    .unwrap()
    .cookie_pair();
    time(
        "cloudcdn cookie (HMAC-SHA1)",
        &gc,
        "/gc/seg.ts",
        "/gc/seg.ts",
        "seg.ts",
        &c,
        now,
    );

    let mc = route(
        "/mc/",
        "mediacdn",
        KeyConfig {
            id: "key-1".into(),
            public_key: Some(key("mediacdn-ed25519.pub.b64url")),
            ..Default::default()
        },
    );
    let t = mediacdn::TokenSigner::ed25519(
        mediacdn::SigningKey::from_text(key("mediacdn-ed25519.seed.b64url-nopad").trim()).unwrap(),
    )
    .sign(&mediacdn::TokenClaims::new(now + 3600).path_globs(["/mc/*"]))
    .unwrap();
    let target = format!("/mc/seg.ts?{}", t.query_pair());
    time(
        "mediacdn token (Ed25519)",
        &mc,
        &target,
        "/mc/seg.ts",
        "seg.ts",
        "",
        now,
    );

    let st = route(
        "/st/",
        "stream",
        KeyConfig {
            public_key: Some(key("stream-key.json")),
            ..Default::default()
        },
    );
    let k = stream::SigningKey::from_stream_keys_response(&key("stream-key.json")).unwrap();
    let tok = k
        .sign(&stream::Claims::new("vid1", now + 3600), now)
        .unwrap();
    let path = format!("/st/{tok}/seg.ts");
    time(
        "stream token (RS256)",
        &st,
        &path,
        &path,
        &path[4..],
        "",
        now,
    );
}
