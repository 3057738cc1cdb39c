//! The Rust surface of the operation registry: every registered operation is
//! a function or method of the core under the registry's own name. A path
//! below that stops existing fails to compile; an operation added to the
//! registry without a line here fails the test.

use cdnsign::api::{Provider, OPERATIONS};
use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, webhook};

macro_rules! rust_surface {
    ($($name:literal => $path:expr),* $(,)?) => {{
        let mut names = Vec::new();
        $(
            let _ = $path;
            names.push($name.to_string());
        )*
        names
    }};
}

#[test]
fn every_registered_operation_is_in_the_core_under_its_name() {
    let mut rust = rust_surface! {
        "cloudfront.Signer.sign_url" => cloudfront::Signer::sign_url,
        "cloudfront.Signer.sign_url_with_policy" => cloudfront::Signer::sign_url_with_policy,
        "cloudfront.Signer.sign_cookies" => cloudfront::Signer::sign_cookies,
        "cloudfront.Signer.sign_cookies_with_policy" => cloudfront::Signer::sign_cookies_with_policy,
        "cloudfront.Verifier.verify_url" => cloudfront::Verifier::verify_url,
        "cloudfront.Verifier.verify_cookies" => cloudfront::Verifier::verify_cookies::<&str, &str>,
        "cloudfront.Signer.sign_manifest" => cloudfront::Signer::sign_manifest,
        "cloudfront.Verifier.check_manifest" => cloudfront::Verifier::check_manifest,
        "cloudfront.build_policy" => cloudfront::build_policy,
        "cloudfront.explain" => cloudfront::explain,
        "stream.SigningKey.sign" => stream::SigningKey::sign,
        "stream.Verifier.verify" => stream::Verifier::verify,
        "stream.decode" => stream::decode,
        "stream.explain" => stream::explain,
        "webhook.sign" => |s: &[u8], b: &[u8], t: i64| webhook::sign(s, b, t),
        "webhook.Verifier.verify" => webhook::Verifier::verify,
        "webhook.Verifier.verify_event" => webhook::Verifier::verify_event,
        "webhook.parse_event" => webhook::parse_event,
        "webhook.explain" => webhook::explain,
        "mediacdn.Signer.sign_url" => mediacdn::Signer::sign_url,
        "mediacdn.Signer.sign_prefix" => mediacdn::Signer::sign_prefix,
        "mediacdn.Signer.sign_path" => mediacdn::Signer::sign_path,
        "mediacdn.Signer.sign_cookie" => mediacdn::Signer::sign_cookie,
        "mediacdn.TokenSigner.sign" => mediacdn::TokenSigner::sign,
        "mediacdn.TokenSigner.sign_short_lived" => mediacdn::TokenSigner::sign_short_lived,
        "mediacdn.Verifier.verify" => mediacdn::Verifier::verify,
        "mediacdn.TokenSigner.sign_manifest" => mediacdn::TokenSigner::sign_manifest,
        "mediacdn.Verifier.check_manifest" => mediacdn::Verifier::check_manifest,
        "mediacdn.generate_key" => mediacdn::generate_key,
        "mediacdn.explain" => mediacdn::explain,
        "cloudcdn.Signer.sign_url" => cloudcdn::Signer::sign_url,
        "cloudcdn.Signer.sign_prefix" => cloudcdn::Signer::sign_prefix,
        "cloudcdn.Signer.sign_cookie" => cloudcdn::Signer::sign_cookie,
        "cloudcdn.Verifier.verify" => cloudcdn::Verifier::verify,
        "cloudcdn.Signer.sign_manifest" => cloudcdn::Signer::sign_manifest,
        "cloudcdn.Verifier.check_manifest" => cloudcdn::Verifier::check_manifest,
        "cloudcdn.generate_key" => cloudcdn::generate_key,
        "cloudcdn.explain" => cloudcdn::explain,
    };
    let mut registry: Vec<String> = OPERATIONS.iter().map(|o| o.name()).collect();
    rust.sort();
    registry.sort();
    assert_eq!(rust, registry);
}

#[test]
fn every_provider_explains_through_the_registry() {
    for p in Provider::ALL {
        let explain = format!("{}.explain", p.as_str());
        assert!(
            OPERATIONS.iter().any(|o| o.name() == explain),
            "{explain} is not registered"
        );
        // not a credential of any kind: every provider says so with None
        assert!(cdnsign::api::explain(p, "hello", 0).is_none(), "{explain}");
    }
}
