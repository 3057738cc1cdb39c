//! `tests/vectors/mediacdn.json`: Media CDN signatures, tokens, key shapes,
//! refusals and verification verdicts, computed by an independent Python
//! implementation of Google's documented formulas (and reproducing Google's
//! published sample outputs).

mod common;

use std::collections::BTreeMap;

use cdnsign::mediacdn::{
    sign_short_lived, Algorithm, HmacSecret, Keyset, PublicKey, Request, Signer, SigningKey,
    TokenClaims, TokenSigner, Verifier,
};
use cdnsign::{Error, ErrorCode};
use serde_json::Value;

fn key_text(input: &Value) -> String {
    if let Some(f) = input.get("key_file").and_then(Value::as_str) {
        String::from_utf8(common::read_vector_file(&format!("keys/{f}"))).unwrap()
    } else {
        input["key_text"]
            .as_str()
            .expect("key_file or key_text")
            .to_string()
    }
}

fn check_error(id: &str, err: &Error, expected: &Value) {
    let e = &expected["error"];
    let code = ErrorCode::from_name(e["code"].as_str().unwrap()).unwrap();
    assert_eq!(err.code(), code, "{id}: {err}");
    if let Some(field) = e.get("field").and_then(Value::as_str) {
        assert_eq!(err.field(), Some(field), "{id}: {err}");
    }
    assert!(!err.message().is_empty(), "{id}");
}

fn outcome<T>(id: &str, r: Result<T, Error>, expected: &Value) -> Option<T> {
    match (r, expected.get("error")) {
        (Ok(v), None) => Some(v),
        (Err(e), Some(_)) => {
            check_error(id, &e, expected);
            None
        }
        (Ok(_), Some(e)) => panic!("{id}: expected error {e}, got success"),
        (Err(e), None) => panic!("{id}: unexpected error {e:?}"),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn run_keys(id: &str, op: &str, input: &Value, expected: &Value) {
    let text = key_text(input);
    match op {
        "private_key" => {
            if let Some(k) = outcome(id, SigningKey::from_text(&text), expected) {
                assert_eq!(
                    k.public_key().keyset_value(),
                    expected["keyset_value"].as_str().unwrap(),
                    "{id}"
                );
            }
        }
        "public_key" => {
            if let Some(k) = outcome(id, PublicKey::from_text(&text), expected) {
                assert_eq!(
                    k.keyset_value(),
                    expected["keyset_value"].as_str().unwrap(),
                    "{id}"
                );
            }
        }
        "hmac_secret" => {
            if let Some(s) = outcome(id, HmacSecret::from_base64(&text), expected) {
                assert_eq!(s.len() as u64, expected["len"].as_u64().unwrap(), "{id}");
            }
        }
        _ => unreachable!(),
    }
}

fn run_signature(id: &str, op: &str, input: &Value, expected: &Value) {
    let key = SigningKey::from_text(&key_text(input)).unwrap();
    let signer = Signer::new(input["key_name"].as_str().unwrap(), key).map(|s| {
        s.with_padding(
            input
                .get("padded")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        )
    });
    let Some(signer) = outcome(
        id,
        signer.clone(),
        if signer.is_err() {
            expected
        } else {
            &Value::Null
        },
    ) else {
        return;
    };
    let expires = input["expires"].as_i64().unwrap();
    let s = |k: &str| input[k].as_str().unwrap();
    let (signed, output, cookie) = match op {
        "sign_url" => match outcome(id, signer.sign_url(s("url"), expires), expected) {
            Some(u) => (u.signed_value, u.url, None),
            None => return,
        },
        "sign_prefix" => match outcome(
            id,
            signer.sign_prefix(s("url"), s("prefix"), expires),
            expected,
        ) {
            Some(u) => (u.signed_value, u.url, None),
            None => return,
        },
        "sign_path" => match outcome(
            id,
            signer.sign_path(s("prefix"), s("rest"), expires),
            expected,
        ) {
            Some(u) => (u.signed_value, u.url, None),
            None => return,
        },
        "sign_cookie" => match outcome(id, signer.sign_cookie(s("prefix"), expires), expected) {
            Some(c) => (
                c.signed_value.clone(),
                c.value.clone(),
                Some(c.cookie_pair()),
            ),
            None => return,
        },
        _ => unreachable!(),
    };
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

fn token_signer(id: &str, input: &Value, expected: &Value) -> Option<TokenSigner> {
    let text = key_text(input);
    let algorithm = Algorithm::from_name(input["algorithm"].as_str().unwrap()).unwrap();
    let signer = match algorithm {
        Algorithm::Ed25519 => Ok(TokenSigner::ed25519(SigningKey::from_text(&text).unwrap())),
        a => HmacSecret::from_base64(&text).and_then(|s| TokenSigner::hmac(a, s)),
    };
    let signer = signer.map(|s| {
        s.with_padding(
            input
                .get("padded")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        )
    });
    let signer = match input.get("param").and_then(Value::as_str) {
        Some(p) => signer.and_then(|s| s.with_param(p)),
        None => signer,
    };
    match signer {
        Ok(s) => Some(s),
        Err(e) => {
            check_error(id, &e, expected);
            None
        }
    }
}

fn claims(input: &Value) -> TokenClaims {
    let mut c = TokenClaims::new(input.get("expires").and_then(Value::as_i64).unwrap_or(0));
    if let Some(g) = input.get("path_globs") {
        c = c.path_globs(strings(g));
    }
    if let Some(sep) = input.get("glob_separator").and_then(Value::as_str) {
        c = c.glob_separator(sep.chars().next().unwrap());
    }
    if let Some(p) = input.get("url_prefix").and_then(Value::as_str) {
        c = c.url_prefix(p);
    }
    if let Some(p) = input.get("full_path").and_then(Value::as_str) {
        c = c.full_path(p);
    }
    if let Some(t) = input.get("starts").and_then(Value::as_i64) {
        c = c.starts(t);
    }
    if let Some(v) = input.get("session_id").and_then(Value::as_str) {
        c = c.session_id(v);
    }
    if let Some(v) = input.get("data").and_then(Value::as_str) {
        c = c.data(v);
    }
    if let Some(hs) = input.get("headers").and_then(Value::as_array) {
        for h in hs {
            c = c.header(h[0].as_str().unwrap(), h[1].as_str().unwrap());
        }
    }
    if let Some(r) = input.get("ip_ranges") {
        c = c.ip_ranges(strings(r));
    }
    c
}

fn run_token(id: &str, op: &str, input: &Value, expected: &Value) {
    let Some(signer) = token_signer(id, input, expected) else {
        return;
    };
    let r = if op == "short_lived_token" {
        sign_short_lived(
            &signer,
            claims(input),
            input["now"].as_i64().unwrap(),
            input.get("lifetime").and_then(Value::as_i64),
        )
    } else {
        signer.sign(&claims(input))
    };
    let Some(t) = outcome(id, r, expected) else {
        return;
    };
    if let Some(prefix) = expected.get("query_prefix").and_then(Value::as_str) {
        assert!(t.query_pair().starts_with(prefix), "{id}");
        return;
    }
    assert_eq!(
        t.signed_value,
        expected["signed_value"].as_str().unwrap(),
        "{id}: signed value"
    );
    assert_eq!(t.token, expected["token"].as_str().unwrap(), "{id}: token");
    assert_eq!(
        t.query_pair(),
        expected["query"].as_str().unwrap(),
        "{id}: query"
    );
    assert_eq!(
        t.cookie().cookie_pair(),
        expected["cookie"].as_str().unwrap(),
        "{id}: cookie"
    );
}

fn keyset(spec: &Value) -> Keyset {
    let mut ks = Keyset::new();
    if let Some(name) = spec.get("name").and_then(Value::as_str) {
        ks = ks.with_name(name).unwrap();
    }
    for k in spec["public_keys"].as_array().unwrap() {
        let text = match k.get("file").and_then(Value::as_str) {
            Some(f) => String::from_utf8(common::read_vector_file(&format!("keys/{f}"))).unwrap(),
            None => k["value"].as_str().unwrap().to_string(),
        };
        ks.add_public_key(
            k["id"].as_str().unwrap(),
            PublicKey::from_text(&text).unwrap(),
        )
        .unwrap();
    }
    for k in spec["shared_keys"].as_array().unwrap() {
        let text = match k.get("file").and_then(Value::as_str) {
            Some(f) => String::from_utf8(common::read_vector_file(&format!("keys/{f}"))).unwrap(),
            None => k["secret_b64"].as_str().unwrap().to_string(),
        };
        ks.add_shared_key(
            k["id"].as_str().unwrap(),
            HmacSecret::from_base64(&text).unwrap(),
        )
        .unwrap();
    }
    ks
}

fn run_verify(id: &str, input: &Value, expected: &Value, default_now: i64, default_param: &str) {
    let mut v = Verifier::new(keyset(&input["keyset"]));
    let param = input
        .get("param")
        .and_then(Value::as_str)
        .unwrap_or(default_param);
    v = v.with_param(param).unwrap();
    if let Some(list) = input.get("allowed_algorithms").and_then(Value::as_array) {
        let algs: Vec<Algorithm> = list
            .iter()
            .map(|a| Algorithm::from_name(a.as_str().unwrap()).unwrap())
            .collect();
        v = v.with_allowed_algorithms(&algs);
    }
    if let Some(ttl) = input.get("max_expiration_ttl").and_then(Value::as_i64) {
        v = v.with_max_expiration_ttl(ttl).unwrap();
    }
    let r = &input["request"];
    let now = r.get("now").and_then(Value::as_i64).unwrap_or(default_now);
    let mut req = Request::new(r["url"].as_str().unwrap(), now);
    for h in r["headers"].as_array().unwrap() {
        req = req.header(h[0].as_str().unwrap(), h[1].as_str().unwrap());
    }
    if let Some(c) = r.get("cookie").and_then(Value::as_str) {
        req = req.cookie_header(c);
    }
    if let Some(ip) = r.get("client_ip").and_then(Value::as_str) {
        req = req.client_ip_str(ip).unwrap();
    }
    if let Some(ok) = outcome(id, v.verify(&req), expected) {
        assert_eq!(
            ok.form.as_str(),
            expected["form"].as_str().unwrap(),
            "{id}: form"
        );
        assert_eq!(ok.key_id, expected["key_id"].as_str().unwrap(), "{id}: key");
        assert_eq!(
            ok.expires,
            expected["expires"].as_i64().unwrap(),
            "{id}: expires"
        );
        assert_eq!(expected["ok"], Value::Bool(true), "{id}");
    }
}

#[test]
fn mediacdn_vectors() {
    let doc = common::load_vectors("mediacdn.json");
    let now = doc["now"].as_i64().unwrap();
    let param = doc["default_param"].as_str().unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 25);
    let mut by_op: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let input = &case["input"];
        let expected = &case["expected"];
        let op = input["op"].as_str().unwrap();
        match op {
            "private_key" | "public_key" | "hmac_secret" => run_keys(id, op, input, expected),
            "sign_url" | "sign_prefix" | "sign_path" | "sign_cookie" => {
                run_signature(id, op, input, expected)
            }
            "token" | "short_lived_token" => run_token(id, op, input, expected),
            "verify" => run_verify(id, input, expected, now, param),
            other => panic!("{id}: unknown op {other}"),
        }
        *by_op.entry(op.to_string()).or_default() += 1;
        *by_source
            .entry(case["source"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    eprintln!(
        "mediacdn.json: {} cases {by_op:?} {by_source:?}",
        cases.len()
    );
    assert!(by_source.get("google-sample").copied().unwrap_or(0) >= 20);
    // The forged requests of issue 13 (RULES.md T22, T23): each must stay
    // in the shared vectors, which every language's suite replays.
    let ids: Vec<&str> = cases.iter().filter_map(|c| c["id"].as_str()).collect();
    for id in [
        "verify-forged-ipranges-moved-into-header",
        "verify-forged-header-folded-into-another",
        "verify-forged-header-folded-by-repetition",
        "verify-forged-fullpath-starts-moved-into-path",
        "verify-token-hmac-refused-by-default-route",
        "verify-token-header-named-twice",
        "verify-token-header-value-too-long",
    ] {
        assert!(ids.contains(&id), "mediacdn.json lost the case {id}");
    }
}

/// Every signature form and token verifies after signing, and a one-byte
/// change anywhere in the credential makes it fail.
#[test]
fn round_trips_and_single_byte_changes() {
    let now = 1_767_290_400;
    let key = SigningKey::from_seed(&[42u8; 32]).unwrap();
    let secret = HmacSecret::from_bytes(&[7u8; 32]).unwrap();
    let keyset = Keyset::new()
        .with_public_key("k1", key.public_key())
        .unwrap()
        .with_shared_key("s1", secret.clone())
        .unwrap();
    let v = Verifier::new(keyset).with_allowed_algorithms(&[
        Algorithm::Ed25519,
        Algorithm::HmacSha1,
        Algorithm::HmacSha256,
    ]);
    let signer = Signer::new("k1", key.clone()).unwrap();
    let mut urls = vec![
        signer
            .sign_url("https://h.example/v/a.m3u8?q=1", now + 60)
            .unwrap()
            .url,
        signer
            .sign_prefix(
                "https://h.example/v/a.m3u8",
                "https://h.example/v/",
                now + 60,
            )
            .unwrap()
            .url,
        signer
            .sign_path("https://h.example/v/", "a.m3u8", now + 60)
            .unwrap()
            .url,
    ];
    let claims = TokenClaims::new(now + 60)
        .path_globs(["/v/*"])
        .session_id("s");
    for t in [
        TokenSigner::ed25519(key.clone()).sign(&claims).unwrap(),
        TokenSigner::hmac(Algorithm::HmacSha256, secret.clone())
            .unwrap()
            .sign(&claims)
            .unwrap(),
        TokenSigner::hmac(Algorithm::HmacSha1, secret)
            .unwrap()
            .sign(&claims)
            .unwrap(),
    ] {
        urls.push(t.apply_to_url("https://h.example/v/a.m3u8"));
    }
    for u in &urls {
        v.verify(&Request::new(u.as_str(), now))
            .unwrap_or_else(|e| panic!("{u}: {e}"));
        // The credential's own bytes: a change there must always fail. The
        // exact-URL form signs the whole URL.
        let span = if let Some(at) = u.find("?edge-cache-token=") {
            at..u.len()
        } else if let Some(at) = u.find("/edge-cache-token=") {
            let end = u[at + 1..].find('/').map_or(u.len(), |e| at + 1 + e);
            at..end
        } else if let Some(at) = u.find("URLPrefix=") {
            at..u.len()
        } else {
            0..u.len()
        };
        let start = u.find("/v/").unwrap();
        for i in start..u.len() {
            let mut bytes = u.clone().into_bytes();
            bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
            let Ok(changed) = String::from_utf8(bytes) else {
                continue;
            };
            if v.verify(&Request::new(changed.as_str(), now)).is_ok() {
                assert!(
                    !span.contains(&i),
                    "{changed}: a credential byte changed yet it verified"
                );
            }
        }
    }
}
