//! `tests/vectors/stream.json`: tokens from Cloudflare's Worker algorithm and
//! PyJWT (byte-equal), tokens from PyJWT / jsonwebtoken / crafted attacks
//! (verdicts), URL builders and key loading.

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use cdnsign::stream::{
    decode, AccessDecision, Claims, SigningKey, StreamUrls, UrlKind, Verifier, VerifyRequest,
};
use cdnsign::ErrorCode;
use serde_json::Value;

fn text(rel: &str) -> String {
    String::from_utf8(common::read_vector_file(rel)).expect("UTF-8 key file")
}

fn signing_key(desc: &Value) -> SigningKey {
    let file = desc["file"].as_str().unwrap();
    match desc["format"].as_str().unwrap() {
        "stream_keys_response" => SigningKey::from_stream_keys_response(&text(file)),
        "pem" => SigningKey::from_pem(desc["id"].as_str().unwrap(), text(file)),
        "jwk" => SigningKey::from_jwk(&text(file), None),
        other => panic!("unknown key format {other}"),
    }
    .unwrap_or_else(|e| panic!("loading {desc}: {e}"))
}

fn verifier(input: &Value) -> Verifier {
    // A vector without "leeway" checks the verifier's default.
    let mut v = Verifier::new();
    if let Some(leeway) = input.get("leeway") {
        v = v.with_leeway(u32::try_from(leeway.as_u64().unwrap()).unwrap());
    }
    let mut v = v.with_require_exp(
        input
            .get("require_exp")
            .and_then(Value::as_bool)
            .unwrap_or(true),
    );
    for desc in input["keys"].as_array().unwrap() {
        let file = desc["file"].as_str().unwrap();
        match desc["format"].as_str().unwrap() {
            "stream_keys_response" => {
                v.add_stream_keys_response(&text(file)).unwrap();
            }
            "pem" => v.add_pem(desc["id"].as_str().unwrap(), text(file)).unwrap(),
            "jwk" => {
                v.add_jwk(&text(file)).unwrap();
            }
            other => panic!("unknown key format {other}"),
        }
    }
    v
}

fn b64url_text(part: &str) -> String {
    String::from_utf8(cdnsign::encoding::b64url_decode(part, "part").unwrap()).unwrap()
}

fn check_error(id: &str, err: &cdnsign::Error, expected: &Value) {
    let code = ErrorCode::from_name(expected["code"].as_str().unwrap()).unwrap();
    assert_eq!(err.code(), code, "{id}: {err}");
    if let Some(field) = expected.get("field").and_then(Value::as_str) {
        assert_eq!(err.field(), Some(field), "{id}: {err}");
    }
    if let Some(rule) = expected.get("rule").and_then(Value::as_u64) {
        assert!(
            err.message().contains(&format!("accessRules[{rule}]")),
            "{id}: the message should name rule {rule}: {err}"
        );
    }
}

fn run_sign(id: &str, input: &Value, expected: &Value) {
    let key = signing_key(&input["key"]);
    let now = input["now"].as_i64().unwrap();
    let claims = Claims::from_json(&input["claims"].to_string()).unwrap();
    let token = key
        .sign(&claims, now)
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(
        token,
        expected["token"].as_str().unwrap(),
        "{id}: token differs"
    );
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(
        b64url_text(parts[0]),
        expected["header"].as_str().unwrap(),
        "{id}"
    );
    assert_eq!(
        b64url_text(parts[1]),
        expected["payload"].as_str().unwrap(),
        "{id}"
    );
    // and ours verifies ours, with the public half only
    let mut v = Verifier::new().with_leeway(0);
    v.add_pem(key.kid(), key.public_pem()).unwrap();
    let ok = v
        .verify(
            &token,
            &VerifyRequest::new(claims.nbf.unwrap_or(now).max(now))
                .skip_access_rules()
                .subject(&claims.sub),
        )
        .unwrap_or_else(|e| panic!("{id}: round trip: {e}"));
    assert_eq!(ok.claims.exp, Some(claims.exp));
}

fn run_sign_error(id: &str, input: &Value, expected: &Value) {
    let key = signing_key(&input["key"]);
    let now = input["now"].as_i64().unwrap();
    let err = match Claims::from_json(&input["claims"].to_string()) {
        Err(e) => e,
        Ok(claims) => match key.sign(&claims, now) {
            Err(e) => e,
            Ok(t) => panic!("{id}: signed {t} but should have refused"),
        },
    };
    check_error(id, &err, expected);
}

fn run_verify(id: &str, input: &Value, expected: &Value) {
    let v = verifier(input);
    let ip: Option<IpAddr> = input
        .get("viewer_ip")
        .and_then(Value::as_str)
        .map(|s| s.parse().unwrap());
    let mut req = VerifyRequest::new(input["now"].as_i64().unwrap());
    req.expected_sub = input.get("expected_sub").and_then(Value::as_str);
    req.viewer_ip = ip;
    req.viewer_country = input.get("viewer_country").and_then(Value::as_str);
    let result = v.verify(input["token"].as_str().unwrap(), &req);
    if expected["ok"].as_bool().unwrap() {
        let t = result.unwrap_or_else(|e| panic!("{id}: should verify: {e}"));
        let c = &t.claims;
        assert_eq!(c.sub.as_deref(), expected["sub"].as_str(), "{id}");
        assert_eq!(c.kid.as_deref(), expected["kid"].as_str(), "{id}");
        assert_eq!(c.exp, expected["exp"].as_i64(), "{id}");
        assert_eq!(c.nbf, expected["nbf"].as_i64(), "{id}");
        assert_eq!(
            c.downloadable,
            expected["downloadable"].as_bool().unwrap(),
            "{id}"
        );
        assert_eq!(
            c.access_rules.len() as u64,
            expected["access_rules"].as_u64().unwrap(),
            "{id}"
        );
        let d = &expected["decision"];
        assert_eq!(d["action"], "allow", "{id}");
        let want = match d["rule"].as_u64() {
            Some(i) => AccessDecision::AllowedByRule(i as usize),
            None => AccessDecision::NoMatch,
        };
        assert_eq!(t.access, want, "{id}");
    } else {
        let err = result
            .err()
            .unwrap_or_else(|| panic!("{id}: should be rejected"));
        check_error(id, &err, expected);
    }
}

fn run_decode(id: &str, input: &Value, expected: &Value) {
    let d = decode(input["token"].as_str().unwrap()).unwrap();
    assert_eq!(d.alg.as_deref(), expected["alg"].as_str(), "{id}");
    assert_eq!(d.kid.as_deref(), expected["kid"].as_str(), "{id}");
    let c = d.claims.unwrap();
    assert_eq!(c.sub.as_deref(), expected["sub"].as_str(), "{id}");
    assert_eq!(c.exp, expected["exp"].as_i64(), "{id}");
    assert_eq!(c.nbf, expected["nbf"].as_i64(), "{id}");
    assert_eq!(
        c.exp_was_string,
        expected["exp_is_string"].as_bool().unwrap(),
        "{id}"
    );
    let e = cdnsign::stream::explain(input["token"].as_str().unwrap(), 1_767_290_400).unwrap();
    assert!(!e.facts.is_empty(), "{id}");
}

fn run_url(id: &str, input: &Value, expected: &Value) {
    let result = UrlKind::from_name(input["kind"].as_str().unwrap()).and_then(|kind| {
        StreamUrls::new(input["customer_code"].as_str().unwrap())
            .and_then(|u| u.url(input["id"].as_str().unwrap(), kind))
    });
    match expected.get("url").and_then(Value::as_str) {
        Some(url) => assert_eq!(result.unwrap(), url, "{id}"),
        None => check_error(id, &result.unwrap_err(), expected),
    }
}

fn run_key_error(id: &str, input: &Value, expected: &Value) {
    let t = input["text"].as_str().unwrap();
    let result = match input["format"].as_str().unwrap() {
        "stream_keys_response" => SigningKey::from_stream_keys_response(t),
        "jwk" => SigningKey::from_jwk(t, None),
        "pem" => SigningKey::from_pem(input["id"].as_str().unwrap(), t),
        other => panic!("{other}"),
    };
    let err = result
        .err()
        .unwrap_or_else(|| panic!("{id}: key should be refused"));
    check_error(id, &err, expected);
}

#[test]
fn stream_vectors() {
    let v = common::load_vectors("stream.json");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for case in v["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (input, expected) = (&case["input"], &case["expected"]);
        let kind = if id.starts_with("sign_error_") {
            run_sign_error(id, input, expected);
            "sign_error"
        } else if id.starts_with("sign_") {
            run_sign(id, input, expected);
            "sign"
        } else if id.starts_with("verify_") {
            run_verify(id, input, expected);
            "verify"
        } else if id.starts_with("decode_") {
            run_decode(id, input, expected);
            "decode"
        } else if id.starts_with("url_") {
            run_url(id, input, expected);
            "url"
        } else if id.starts_with("key_") {
            run_key_error(id, input, expected);
            "key"
        } else {
            panic!("unknown case kind: {id}");
        };
        *counts.entry(kind).or_default() += 1;
    }
    eprintln!("stream.json: {counts:?}");
    for kind in ["sign", "sign_error", "verify", "decode", "url", "key"] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} cases"
        );
    }
}

/// Every rejection code the stream verifier can return is exercised by a vector.
#[test]
fn vectors_cover_every_stream_rejection() {
    let v = common::load_vectors("stream.json");
    let codes: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("verify_"))
        .filter_map(|c| c["expected"]["code"].as_str())
        .collect();
    for code in [
        "malformed",
        "algorithm_not_allowed",
        "unknown_key",
        "bad_signature",
        "expired",
        "not_yet_valid",
        "subject_mismatch",
        "ip_not_allowed",
        "country_not_allowed",
        "access_denied",
        "invalid_input",
    ] {
        assert!(codes.contains(&code), "no verify vector for {code}");
    }
}

/// The vectors check the default leeway (none: Cloudflare documents none)
/// with independently signed tokens, and IPv4-mapped ranges and viewers.
#[test]
fn vectors_cover_default_leeway_and_mapped_addresses() {
    let v = common::load_vectors("stream.json");
    let verify: Vec<&Value> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("verify_"))
        .collect();
    let refused_by_default: Vec<&str> = verify
        .iter()
        .filter(|c| c["input"].get("leeway").is_none())
        .filter_map(|c| c["expected"]["code"].as_str())
        .collect();
    assert!(refused_by_default.contains(&"expired"));
    assert!(refused_by_default.contains(&"not_yet_valid"));
    let mapped = verify
        .iter()
        .filter(|c| {
            c["input"]["viewer_ip"]
                .as_str()
                .is_some_and(|ip| ip.starts_with("::ffff:"))
        })
        .count();
    assert!(mapped >= 3, "{mapped} vectors with an IPv4-mapped viewer");
    // Our own default, stated where the vectors cannot see it.
    assert_eq!(Verifier::new().leeway(), 0);
}
