//! `tests/vectors/cloudcdn.json`: Cloud CDN signed URLs, prefixes and
//! cookies from an independent Python HMAC-SHA1 implementation of Google's
//! formulas (reproducing Google's published sample outputs), refusals and
//! verification verdicts.

mod common;

use std::collections::BTreeMap;

use cdnsign::cloudcdn::{Request, Signer, SigningKey, Verifier};
use cdnsign::{Error, ErrorCode};
use serde_json::Value;

fn key_text(spec: &Value) -> String {
    if let Some(f) = spec.get("key_file").and_then(Value::as_str) {
        String::from_utf8(common::read_vector_file(&format!("keys/{f}"))).unwrap()
    } else if let Some(f) = spec.get("file").and_then(Value::as_str) {
        String::from_utf8(common::read_vector_file(&format!("keys/{f}"))).unwrap()
    } else {
        spec["key_text"].as_str().expect("a key").to_string()
    }
}

fn outcome<T>(id: &str, r: Result<T, Error>, expected: &Value) -> Option<T> {
    match (r, expected.get("error")) {
        (Ok(v), None) => Some(v),
        (Err(err), Some(e)) => {
            let code = ErrorCode::from_name(e["code"].as_str().unwrap()).unwrap();
            assert_eq!(err.code(), code, "{id}: {err}");
            if let Some(field) = e.get("field").and_then(Value::as_str) {
                assert_eq!(err.field(), Some(field), "{id}: {err}");
            }
            None
        }
        (Ok(_), Some(e)) => panic!("{id}: expected error {e}, got success"),
        (Err(e), None) => panic!("{id}: unexpected error {e:?}"),
    }
}

fn run_sign(id: &str, op: &str, input: &Value, expected: &Value) {
    let key = SigningKey::from_key_file(&key_text(input)).unwrap();
    let padded = input.get("padded").and_then(Value::as_bool).unwrap_or(true);
    let signer = match Signer::new(input["key_name"].as_str().unwrap(), key) {
        Ok(s) => s.with_padding(padded),
        Err(e) => {
            outcome::<()>(id, Err(e), expected);
            return;
        }
    };
    let expires = input["expires"].as_i64().unwrap();
    let s = |k: &str| input[k].as_str().unwrap();
    let got = match op {
        "sign_url" => signer
            .sign_url(s("url"), expires)
            .map(|u| (u.signed_value, u.url, None)),
        "sign_prefix" => signer
            .sign_prefix(s("url"), s("prefix"), expires)
            .map(|u| (u.signed_value, u.url, None)),
        "sign_cookie" => signer.sign_cookie(s("prefix"), expires).map(|c| {
            (
                c.signed_value.clone(),
                c.value.clone(),
                Some(c.cookie_pair()),
            )
        }),
        _ => unreachable!(),
    };
    let Some((signed, output, cookie)) = outcome(id, got, expected) else {
        return;
    };
    if let Some(prefix) = expected.get("output_prefix").and_then(Value::as_str) {
        assert!(output.starts_with(prefix), "{id}: {output}");
        return;
    }
    assert_eq!(
        signed,
        expected["signed_value"].as_str().unwrap(),
        "{id}: signed value"
    );
    assert_eq!(output, expected["output"].as_str().unwrap(), "{id}: output");
    if let Some(c) = expected.get("cookie").and_then(Value::as_str) {
        assert_eq!(cookie.as_deref(), Some(c), "{id}: cookie");
    }
}

fn run_verify(id: &str, input: &Value, expected: &Value, default_now: i64) {
    let mut v = Verifier::new();
    for k in input["keys"].as_array().unwrap() {
        v.add_key(
            k["name"].as_str().unwrap(),
            SigningKey::from_key_file(&key_text(k)).unwrap(),
        )
        .unwrap();
    }
    let r = &input["request"];
    let now = r.get("now").and_then(Value::as_i64).unwrap_or(default_now);
    let mut req = Request::new(r["url"].as_str().unwrap(), now);
    if let Some(c) = r.get("cookie").and_then(Value::as_str) {
        req = req.cookie_header(c);
    }
    if let Some(ok) = outcome(id, v.verify(&req), expected) {
        assert_eq!(
            ok.form.as_str(),
            expected["form"].as_str().unwrap(),
            "{id}: form"
        );
        assert_eq!(
            ok.key_name,
            expected["key_name"].as_str().unwrap(),
            "{id}: key"
        );
        assert_eq!(
            ok.expires,
            expected["expires"].as_i64().unwrap(),
            "{id}: expires"
        );
    }
}

#[test]
fn cloudcdn_vectors() {
    let doc = common::load_vectors("cloudcdn.json");
    let now = doc["now"].as_i64().unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut by_op: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let input = &case["input"];
        let expected = &case["expected"];
        let op = input["op"].as_str().unwrap();
        match op {
            "key" => {
                if let Some(_k) = outcome(id, SigningKey::from_key_file(&key_text(input)), expected)
                {
                    assert_eq!(expected["len"].as_u64(), Some(16), "{id}");
                }
            }
            "sign_url" | "sign_prefix" | "sign_cookie" => run_sign(id, op, input, expected),
            "verify" => run_verify(id, input, expected, now),
            other => panic!("{id}: unknown op {other}"),
        }
        *by_op.entry(op.to_string()).or_default() += 1;
    }
    eprintln!("cloudcdn.json: {} cases {by_op:?}", cases.len());
    assert!(cases.len() >= 25);
}

#[test]
fn single_byte_changes_fail() {
    let now = 1_767_290_400;
    let key = SigningKey::from_bytes(&[9u8; 16]).unwrap();
    let s = Signer::new("k", key.clone()).unwrap();
    let v = Verifier::new().with_key("k", key).unwrap();
    let u = s
        .sign_url("https://h.example/a/b.mp4?x=1", now + 60)
        .unwrap()
        .url;
    v.verify(&Request::new(u.as_str(), now)).unwrap();
    for i in 0..u.len() {
        let mut b = u.clone().into_bytes();
        b[i] = if b[i] == b'q' { b'r' } else { b'q' };
        let changed = String::from_utf8(b).unwrap();
        assert!(
            v.verify(&Request::new(changed.as_str(), now)).is_err(),
            "{changed}"
        );
    }
}
