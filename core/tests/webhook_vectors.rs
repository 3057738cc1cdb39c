//! `tests/vectors/webhook.json`: headers from Python `hmac` over the
//! documented formula, header/body/secret variants with verdicts, and the
//! typed event view.

mod common;

use std::collections::BTreeMap;

use cdnsign::webhook::{sign, Event, Verifier};
use cdnsign::ErrorCode;
use serde_json::Value;

fn body(input: &Value) -> Vec<u8> {
    match (input.get("body"), input.get("body_b64")) {
        (Some(Value::String(s)), None) => s.as_bytes().to_vec(),
        (None, Some(Value::String(b))) => cdnsign::encoding::b64_decode(b, "body_b64").unwrap(),
        _ => panic!("case without body: {input}"),
    }
}

fn check_error(id: &str, err: &cdnsign::Error, expected: &Value) {
    let code = ErrorCode::from_name(expected["code"].as_str().unwrap()).unwrap();
    assert_eq!(err.code(), code, "{id}: {err}");
    if let Some(field) = expected.get("field").and_then(Value::as_str) {
        assert_eq!(err.field(), Some(field), "{id}: {err}");
    }
}

fn run_sign(id: &str, input: &Value, expected: &Value) {
    let r = sign(
        input["secret"].as_str().unwrap(),
        &body(input),
        input["time"].as_i64().unwrap(),
    );
    match expected.get("header").and_then(Value::as_str) {
        Some(h) => assert_eq!(r.unwrap_or_else(|e| panic!("{id}: {e}")), h, "{id}"),
        None => check_error(id, &r.unwrap_err(), expected),
    }
}

fn run_verify(id: &str, input: &Value, expected: &Value) {
    let secrets: Vec<&str> = input["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let result = Verifier::new(secrets.iter().copied()).and_then(|mut v| {
        if let Some(t) = input.get("tolerance").and_then(Value::as_u64) {
            v = v.with_tolerance(t);
        }
        if input.get("ignore_time").and_then(Value::as_bool) == Some(true) {
            v = v.ignore_timestamp();
        }
        v.verify(
            input["header"].as_str(),
            &body(input),
            input["now"].as_i64().unwrap(),
        )
    });
    if expected["ok"].as_bool().unwrap() {
        let ok = result.unwrap_or_else(|e| panic!("{id}: should verify: {e}"));
        assert_eq!(ok.time, expected["time"].as_i64().unwrap(), "{id}");
        assert_eq!(
            ok.secret_index as u64,
            expected["secret_index"].as_u64().unwrap(),
            "{id}"
        );
    } else {
        let err = result
            .err()
            .unwrap_or_else(|| panic!("{id}: should be rejected"));
        check_error(id, &err, expected);
    }
}

fn opt_f64(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn run_event(id: &str, input: &Value, expected: &Value) {
    let r = Event::parse(&body(input));
    if !expected["ok"].as_bool().unwrap() {
        check_error(id, &r.unwrap_err(), expected);
        return;
    }
    let e = r.unwrap_or_else(|err| panic!("{id}: {err}"));
    assert_eq!(e.uid, expected["uid"].as_str().unwrap(), "{id}");
    assert_eq!(
        e.ready_to_stream,
        expected["ready_to_stream"].as_bool(),
        "{id}"
    );
    assert_eq!(
        e.state.as_ref().map(|s| s.as_str()),
        expected["state"].as_str(),
        "{id}"
    );
    assert_eq!(
        e.state.as_ref().is_some_and(|s| s.is_known()),
        expected["state_known"].as_bool().unwrap(),
        "{id}"
    );
    assert_eq!(e.pct_complete, opt_f64(&expected["pct_complete"]), "{id}");
    assert_eq!(
        e.pct_complete_raw.as_deref(),
        expected["pct_complete_raw"].as_str(),
        "{id}"
    );
    assert_eq!(
        e.error_reason_code.as_deref(),
        expected["error_reason_code"].as_str(),
        "{id}"
    );
    assert_eq!(
        e.error_reason_text.as_deref(),
        expected["error_reason_text"].as_str(),
        "{id}"
    );
    let meta = match &expected["meta"] {
        Value::Null => None,
        m => Some(m.clone()),
    };
    assert_eq!(e.meta, meta, "{id}");
    assert_eq!(e.created.as_deref(), expected["created"].as_str(), "{id}");
    assert_eq!(e.modified.as_deref(), expected["modified"].as_str(), "{id}");
    assert_eq!(e.duration, opt_f64(&expected["duration"]), "{id}");
    assert_eq!(
        e.lifecycle().as_str(),
        expected["lifecycle"].as_str().unwrap(),
        "{id}"
    );
}

#[test]
fn webhook_vectors() {
    let v = common::load_vectors("webhook.json");
    assert_eq!(
        v["default_tolerance"].as_u64(),
        Some(cdnsign::webhook::DEFAULT_TOLERANCE)
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for case in v["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (input, expected) = (&case["input"], &case["expected"]);
        let kind = if id.starts_with("sign_") {
            run_sign(id, input, expected);
            "sign"
        } else if id.starts_with("verify_") {
            run_verify(id, input, expected);
            "verify"
        } else if id.starts_with("event_") {
            run_event(id, input, expected);
            "event"
        } else {
            panic!("unknown case kind: {id}");
        };
        *counts.entry(kind).or_default() += 1;
    }
    eprintln!("webhook.json: {counts:?}");
    for kind in ["sign", "verify", "event"] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} cases"
        );
    }
}

/// Every webhook rejection code is exercised by a vector.
#[test]
fn vectors_cover_every_webhook_rejection() {
    let v = common::load_vectors("webhook.json");
    let codes: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["expected"]["code"].as_str())
        .collect();
    for code in [
        "missing_credential",
        "malformed",
        "timestamp_too_old",
        "timestamp_in_future",
        "bad_signature",
        "invalid_key",
        "invalid_input",
    ] {
        assert!(codes.contains(&code), "no vector for {code}");
    }
}
