//! `tests/vectors/cloudfront-sdk-conformance.json` (the cross-SDK set) and
//! `tests/vectors/cloudfront.json` (botocore and @aws-sdk/cloudfront-signer
//! outputs on fixed keys, design refusals and verdicts).

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use cdnsign::cloudfront::{
    format_policy_json, parse_policy, CookieAttributes, CredentialForm, HashAlgorithm, Policy,
    PolicyKind, SignOptions, Signer, SignerOptions, Verifier, VerifierOptions, VerifyRequest,
};
use cdnsign::keys::parse_private_key;
use cdnsign::ErrorCode;
use serde_json::Value;

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn opt_s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn opt_i(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

/// The URL's query parameters as name → value (last wins; names are unique here).
fn query_params(url: &str) -> BTreeMap<String, String> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (n.to_string(), v.to_string())
        })
        .collect()
}

fn cookie_map(cookies: &cdnsign::cloudfront::SignedCookies) -> BTreeMap<String, String> {
    cookies
        .cookies()
        .iter()
        .map(|c| (c.name.to_string(), c.value.clone()))
        .collect()
}

/// A cookie object as a reference returned it. The JS SDK gives
/// `CloudFront-Expires` as a number; a `Set-Cookie` carries its decimal text.
fn json_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => panic!("cookie {k} is {other}"),
            };
            (k.clone(), text)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// cloudfront-sdk-conformance.json

fn conformance_options(input: &Value) -> SignOptions {
    SignOptions {
        expires: opt_i(input, "expirationDate"),
        starts: opt_i(input, "activeDate"),
        ip_range: opt_s(input, "ipRange").map(str::to_string),
        ..SignOptions::default()
    }
}

#[test]
fn conformance_vectors() {
    let doc = common::load_vectors("cloudfront-sdk-conformance.json");
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 12);
    let weak = SignerOptions {
        allow_weak_rsa_for_tests: true,
        ..SignerOptions::default()
    };
    let mut passed = 0;
    for case in cases {
        let id = s(case, "id");
        let input = &case["input"];
        let expected = &case["expected"];
        let key_pem = common::read_vector_file(s(input, "privateKeyFile"));
        let kp = s(input, "keyPairId");
        let signer = Signer::from_pem_with(kp, &key_pem, None, weak).unwrap();
        let mut verifier = Verifier::with_options(VerifierOptions {
            allow_weak_rsa_for_tests: true,
        });
        verifier.add_signer(&signer).unwrap();
        let resource = s(input, "resource");
        let options = conformance_options(input);
        let valid_at = VerifyRequest::new(opt_i(input, "expirationDate").unwrap_or(0) - 1);

        if expected.get("error").and_then(Value::as_bool) == Some(true) {
            let err = signer.sign_url(resource, &options).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidInput, "{id}: {err}");
            assert_eq!(err.field(), Some("expires"), "{id}: {err}");
            // Our messages happen to use the words the shared set looks for.
            for word in expected["errorContains"].as_array().unwrap() {
                assert!(
                    err.message().contains(word.as_str().unwrap()),
                    "{id}: {err} lacks {word}"
                );
            }
            passed += 1;
            continue;
        }

        let policy_json = s(expected, "policyJson");
        if id.starts_with("json-injection") {
            // Inputs our signer refuses on purpose (a '"' is not valid in a URL;
            // the IP range is not a CIDR), but the escaping and the signature
            // must still be exactly the reference's.
            let ours = format_policy_json(
                Some(resource),
                opt_i(input, "expirationDate").unwrap(),
                None,
                opt_s(input, "ipRange"),
            );
            assert_eq!(ours, policy_json, "{id}: JSON escaping");
            assert_eq!(
                signer.sign_policy(policy_json.as_bytes()).unwrap(),
                s(expected, "signature"),
                "{id}"
            );
            let err = signer.sign_url(resource, &options).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidInput, "{id}");
            let field = if input.get("ipRange").is_some() {
                "ip_range"
            } else {
                "url"
            };
            assert_eq!(err.field(), Some(field), "{id}: {err}");
            // The escaped policy still reads back to the same (hostile) strings.
            let parsed = parse_policy(policy_json.as_bytes());
            match input.get("ipRange") {
                None => assert_eq!(parsed.unwrap().resource.as_deref(), Some(resource)),
                Some(_) => assert_eq!(parsed.unwrap_err().code(), ErrorCode::Malformed),
            }
            passed += 1;
            continue;
        }

        if s(expected, "signatureAlgorithm") == "ECDSA-SHA1" {
            // Randomised: the reference signature must verify, and so must ours.
            let url = format!(
                "{resource}?Expires={}&Signature={}&Key-Pair-Id={kp}",
                opt_i(input, "expirationDate").unwrap(),
                s(expected, "signature")
            );
            let ok = verifier.verify_url(&url, &valid_at).unwrap();
            assert_eq!(ok.policy_json, policy_json, "{id}");
            let ours = signer.sign_url(resource, &options).unwrap();
            verifier.verify_url(&ours, &valid_at).unwrap();
            assert_ne!(ours, url, "{id}: ECDSA signatures are randomised");
            let bad = url.replacen("Expires=17", "Expires=18", 1);
            assert_eq!(
                verifier.verify_url(&bad, &valid_at).unwrap_err().code(),
                ErrorCode::BadSignature
            );
            passed += 1;
            continue;
        }

        if let Some(cookies) = expected.get("cookies") {
            let signed = signer
                .sign_cookies(resource, &options, &CookieAttributes::new())
                .unwrap();
            assert_eq!(cookie_map(&signed), json_map(cookies), "{id}");
            let request_url = resource.replace('*', "videos/intro.mp4");
            verifier
                .verify_cookie_header(
                    &signed.cookie_header(),
                    &request_url,
                    &valid_at.client_ip("10.1.2.3".parse().unwrap()),
                )
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            passed += 1;
            continue;
        }

        // Signed URLs: for the wildcard case the signature is applied to a file.
        let (url, options) = match opt_s(expected, "applyTo") {
            Some(apply_to) => (apply_to, options.resource(resource)),
            None => (resource, options),
        };
        let policy = Policy::for_url(url, &options).unwrap();
        assert_eq!(policy.to_json(), policy_json, "{id}: policy bytes");
        let signed = signer.sign_url(url, &options).unwrap();
        let params = query_params(&signed);
        assert_eq!(params["Signature"], s(expected, "signature"), "{id}");
        for (name, value) in expected["queryParams"].as_object().unwrap() {
            assert_eq!(params[name], value.as_str().unwrap(), "{id}: {name}");
        }
        assert_eq!(params.contains_key("Policy"), !policy.is_canned(), "{id}");
        let mut request = valid_at;
        if input.get("ipRange").is_some() {
            request = request.client_ip("192.168.0.9".parse().unwrap());
        }
        verifier
            .verify_url(&signed, &request)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        passed += 1;
    }
    assert_eq!(passed, 12);
}

// ---------------------------------------------------------------------------
// cloudfront.json

struct Keys {
    signers: BTreeMap<String, (String, Vec<u8>)>,
    verifier: Verifier,
}

fn load_keys(doc: &Value) -> Keys {
    let mut verifier = Verifier::new();
    let mut signers = BTreeMap::new();
    for (name, k) in doc["keys"].as_object().unwrap() {
        let kp = s(k, "keyPairId");
        verifier
            .add_public_key_pem(kp, common::read_vector_file(s(k, "publicKeyFile")))
            .unwrap();
        signers.insert(
            name.clone(),
            (
                kp.to_string(),
                common::read_vector_file(s(k, "privateKeyFile")),
            ),
        );
    }
    Keys { signers, verifier }
}

fn signer_for(input: &Value) -> cdnsign::Result<Signer> {
    let hash = HashAlgorithm::from_name(opt_s(input, "hashAlgorithm").unwrap_or("SHA1"))?;
    Signer::from_pem_with(
        s(input, "keyPairId"),
        common::read_vector_file(s(input, "privateKeyFile")),
        None,
        SignerOptions {
            hash_algorithm: hash,
            allow_weak_rsa_for_tests: false,
        },
    )
}

fn sign_options(input: &Value) -> cdnsign::Result<SignOptions> {
    Ok(SignOptions {
        expires: opt_i(input, "expires"),
        starts: opt_i(input, "starts"),
        ip_range: opt_s(input, "ipRange").map(str::to_string),
        resource: opt_s(input, "resource").map(str::to_string),
        policy_kind: match opt_s(input, "policyKind") {
            Some(k) => PolicyKind::from_name(k)?,
            None => PolicyKind::Auto,
        },
    })
}

const SIGNING_PARAMS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// The signing parameters of `url`, in order, appended to `concrete`.
fn apply_to(url: &str, concrete: &str) -> String {
    let query = url.split_once('?').unwrap().1;
    let params: Vec<&str> = query
        .split('&')
        .filter(|p| SIGNING_PARAMS.contains(&p.split_once('=').map_or(*p, |(n, _)| n)))
        .collect();
    let sep = if concrete.contains('?') { '&' } else { '?' };
    format!("{concrete}{sep}{}", params.join("&"))
}

/// Byte ranges of the CloudFront parameters (with the separator before each).
fn signing_ranges(url: &str) -> Vec<std::ops::Range<usize>> {
    let Some(q) = url.find('?') else {
        return Vec::new();
    };
    let mut ranges = Vec::new();
    let mut start = q + 1;
    for piece in url[q + 1..].split('&') {
        let name = piece.split_once('=').map_or(piece, |(n, _)| n);
        if SIGNING_PARAMS.contains(&name) {
            ranges.push(start - 1..start + piece.len());
        }
        start += piece.len() + 1;
    }
    ranges
}

enum Credential {
    Url(String),
    Cookies(Vec<(String, String)>, String),
}

fn present(verifier: &Verifier, cred: &Credential, now: i64, ip: &str) -> Result<(), ErrorCode> {
    let ip: IpAddr = ip.parse().unwrap();
    let request = VerifyRequest::new(now).client_ip(ip);
    let result = match cred {
        Credential::Url(url) => verifier.verify_url(url, &request),
        Credential::Cookies(pairs, request_url) => {
            verifier.verify_cookies(pairs, request_url, &request)
        }
    };
    result.map(|_| ()).map_err(|e| e.code())
}

fn expect_result(id: &str, what: &str, got: Result<(), ErrorCode>, want: &str) {
    let got_name = match got {
        Ok(()) => "ok",
        Err(code) => code.as_str(),
    };
    assert_eq!(got_name, want, "{id}: {what}");
}

/// A different character of the same kind, never an alias of the original in
/// CloudFront's base64 (`~` and `/`, `-` and `+`, `_` and `=` are aliases).
fn mutate(c: char) -> char {
    match c {
        'a'..='y' | 'A'..='Y' | '0'..='8' => char::from(c as u8 + 1),
        'z' => 'a',
        'Z' => 'A',
        '9' => '0',
        '-' => '~',
        '~' => '-',
        '_' => '-',
        _ => 'x',
    }
}

fn credential_of(
    out: &Value,
    target_kind: &str,
    apply: Option<&str>,
    request_url: Option<&str>,
) -> Credential {
    match target_kind {
        "url" => {
            let url = s(out, "url");
            Credential::Url(match apply {
                Some(concrete) => apply_to(url, concrete),
                None => url.to_string(),
            })
        }
        _ => Credential::Cookies(
            json_map(&out["cookies"]).into_iter().collect(),
            request_url.unwrap().to_string(),
        ),
    }
}

#[test]
fn reference_vectors() {
    let doc = common::load_vectors("cloudfront.json");
    let keys = load_keys(&doc);
    let mut counts = BTreeMap::<&str, usize>::new();
    let mut bump = |k: &'static str| *counts.entry(k).or_default() += 1;
    for (case_index, case) in doc["cases"].as_array().unwrap().iter().enumerate() {
        if s(case, "source") != "references" {
            continue;
        }
        let id = s(case, "id");
        let input = &case["input"];
        let expected = &case["expected"];
        let signer = signer_for(input).unwrap();
        let options = sign_options(input).unwrap();
        let url = s(input, "url");
        let rsa = signer.key_kind() == cdnsign::keys::KeyKind::Rsa;
        bump("cases");

        // Our own credential for the same input, if we accept the input.
        if id != "jssdk_canned_wildcard_quirk" {
            let ours_policy = Policy::for_url(url, &options).unwrap();
            assert_eq!(
                ours_policy.is_canned(),
                s(expected, "policyKind") == "canned",
                "{id}: policy kind"
            );
            let ours_url = signer.sign_url(url, &options).unwrap();
            // The JS SDK's getSignedCookies takes the pattern itself as its url.
            let cookie_target = opt_s(input, "resource").unwrap_or(url);
            // A pattern with only '?' wildcards needs an explicit custom policy
            // (auto mode reads a lone '?' as a query string, as the AWS CLI does).
            let cookie_options = SignOptions {
                resource: None,
                policy_kind: if input.get("resource").is_some() {
                    PolicyKind::Custom
                } else {
                    options.policy_kind
                },
                ..options.clone()
            };
            let ours_cookies = signer
                .sign_cookies(cookie_target, &cookie_options, &CookieAttributes::new())
                .unwrap();
            let ours_json = ours_policy.to_json();

            if let Some(boto) = expected.get("botocore") {
                if s(boto, "policy") == ours_json {
                    bump("policy == botocore");
                    if rsa {
                        assert_eq!(ours_url, s(boto, "url"), "{id}: URL vs botocore");
                        bump("URL byte-equal to botocore");
                        if ours_policy.is_canned() {
                            bump("canned URL byte-equal to botocore");
                        }
                    }
                } else {
                    // Only the condition order may differ.
                    let theirs = parse_policy(s(boto, "policy").as_bytes()).unwrap();
                    let mine = parse_policy(ours_json.as_bytes()).unwrap();
                    assert_eq!(
                        (
                            &theirs.resource,
                            theirs.expires,
                            theirs.starts,
                            &theirs.ip_range
                        ),
                        (&mine.resource, mine.expires, mine.starts, &mine.ip_range),
                        "{id}"
                    );
                    assert_ne!(theirs.condition_order, mine.condition_order, "{id}");
                    bump("botocore condition order differs");
                }
            }
            // Signing a reference's own policy bytes (botocore's policy=...,
            // the JS SDK's policy option) reproduces its credential exactly,
            // whatever its condition order.
            if let (Some(boto), true) = (expected.get("botocore"), rsa) {
                if s(expected, "policyKind") == "custom" {
                    assert_eq!(
                        signer.sign_url_with_policy(url, s(boto, "policy")).unwrap(),
                        s(boto, "url"),
                        "{id}: sign_url_with_policy vs botocore"
                    );
                    bump("URL byte-equal to botocore via its own policy");
                }
            }
            if let Some(js) = expected.get("jssdk") {
                let theirs = json_map(&js["cookies"]);
                if theirs.contains_key("CloudFront-Policy") {
                    let policy = opt_s(js, "cookiesPolicy").unwrap_or(s(js, "policy"));
                    let ours = signer
                        .sign_cookies_with_policy(policy, &CookieAttributes::new())
                        .unwrap();
                    assert_eq!(
                        cookie_map(&ours),
                        theirs,
                        "{id}: cookies via the JS SDK's policy"
                    );
                    bump("cookies equal to JS SDK via its own policy");
                }
                let js_params = query_params(s(js, "url"));
                if js_params.contains_key("Policy") {
                    let js_base = &s(js, "url")[..s(js, "url").find("Policy=").unwrap() - 1];
                    let ours = signer
                        .sign_url_with_policy(js_base, s(js, "policy"))
                        .unwrap();
                    let ours_params = query_params(&ours);
                    for name in ["Policy", "Signature", "Key-Pair-Id"] {
                        assert_eq!(
                            ours_params[name], js_params[name],
                            "{id}: {name} via the JS SDK's policy"
                        );
                    }
                    bump("URL parameters equal to JS SDK via its own policy");
                }
                if s(js, "policy") == ours_json {
                    assert_eq!(
                        query_params(&ours_url)["Signature"],
                        query_params(s(js, "url"))["Signature"],
                        "{id}: signature vs JS SDK URL"
                    );
                    bump("URL signature == JS SDK");
                } else {
                    bump("JS SDK re-encoded the URL (different policy)");
                }
                let js_cookie_policy = opt_s(js, "cookiesPolicy").unwrap_or(s(js, "policy"));
                let ours_cookie_policy = Policy::for_cookies(cookie_target, &cookie_options)
                    .unwrap()
                    .to_json();
                if js_cookie_policy == ours_cookie_policy {
                    let theirs = json_map(&js["cookies"]);
                    assert_eq!(cookie_map(&ours_cookies), theirs, "{id}: cookies vs JS SDK");
                    bump("cookies equal to JS SDK");
                }
            }
            // Our own credentials verify wherever the references' do.
            let concrete = opt_s(input, "requestUrl");
            let ok_now = opt_i(input, "expires").unwrap() - 1;
            let ok_ip = expected["verify"]["checks"][0]["clientIp"]
                .as_str()
                .unwrap();
            let ours_url_cred = match concrete {
                Some(c) => apply_to(&ours_url, c),
                None => ours_url.clone(),
            };
            present(
                &keys.verifier,
                &Credential::Url(ours_url_cred),
                ok_now,
                ok_ip,
            )
            .unwrap_or_else(|e| panic!("{id}: our URL: {e}"));
            let pairs: Vec<(String, String)> = cookie_map(&ours_cookies).into_iter().collect();
            present(
                &keys.verifier,
                &Credential::Cookies(pairs, concrete.unwrap_or(url).to_string()),
                ok_now,
                ok_ip,
            )
            .unwrap_or_else(|e| panic!("{id}: our cookies: {e}"));
        }

        // The references' credentials against the design verdicts.
        let verify = &expected["verify"];
        assert_eq!(s(verify, "source"), "design");
        for target in verify["targets"].as_array().unwrap() {
            let (reference, kind) = s(target, "target").split_once('.').unwrap();
            let out = &expected[reference];
            let cred = credential_of(
                out,
                kind,
                opt_s(target, "applyTo"),
                opt_s(target, "requestUrl"),
            );
            let checks = target.get("checks").unwrap_or(&verify["checks"]);
            for check in checks.as_array().unwrap() {
                let got = present(
                    &keys.verifier,
                    &cred,
                    check["now"].as_i64().unwrap(),
                    s(check, "clientIp"),
                );
                expect_result(
                    id,
                    &format!(
                        "{} at {} from {}",
                        s(target, "target"),
                        check["now"],
                        s(check, "clientIp")
                    ),
                    got,
                    s(check, "result"),
                );
                bump("verdicts");
            }
        }

        // Any one-character change to a reference credential fails, except
        // in the part of a URL that a wildcard resource covers anyway.
        let first = &verify["checks"][0];
        assert_eq!(s(first, "result"), "ok");
        let (now, ip) = (first["now"].as_i64().unwrap(), s(first, "clientIp"));
        // Every position on aws-lc. The pure-Rust backend's RSA is ~8 ms per
        // verification in a debug build, so it takes every 29th position,
        // shifted per case so the cases together still cover every offset.
        let stride = if cdnsign::crypto::BACKEND == "aws-lc" {
            1
        } else {
            29
        };
        let shift = case_index % stride;
        let sampled = |i: usize| (i + shift) % stride == 0;
        for reference in ["botocore", "jssdk"] {
            let Some(out) = expected.get(reference) else {
                continue;
            };
            let resource_has_wildcard = opt_s(input, "resource").is_some() || url.contains('*');
            if let Some(signed) = out.get("url").and_then(Value::as_str) {
                let signed = match opt_s(input, "requestUrl") {
                    Some(c) => apply_to(signed, c),
                    None => signed.to_string(),
                };
                assert!(
                    present(&keys.verifier, &Credential::Url(signed.clone()), now, ip).is_ok(),
                    "{id}"
                );
                let covered = signing_ranges(&signed);
                for (i, c) in signed.char_indices() {
                    // Under a wildcard resource only the CloudFront parameters
                    // are bound; the path and the viewer's own query may vary.
                    if !sampled(i)
                        || (resource_has_wildcard && !covered.iter().any(|r| r.contains(&i)))
                    {
                        continue;
                    }
                    let mut tampered = signed.clone();
                    tampered.replace_range(i..i + c.len_utf8(), &mutate(c).to_string());
                    assert!(
                        present(&keys.verifier, &Credential::Url(tampered.clone()), now, ip)
                            .is_err(),
                        "{id}: {reference} URL still verifies after changing byte {i}: {tampered}"
                    );
                    bump("tampered URLs rejected");
                }
            }
            let request_url = opt_s(input, "requestUrl").unwrap_or(url).to_string();
            let cookies = json_map(&out["cookies"]);
            if id == "jssdk_canned_wildcard_quirk" {
                continue;
            }
            for (name, value) in &cookies {
                for (i, c) in value.char_indices() {
                    if !sampled(i) {
                        continue;
                    }
                    let mut pairs: Vec<(String, String)> = cookies.clone().into_iter().collect();
                    let mut v = value.clone();
                    v.replace_range(i..i + c.len_utf8(), &mutate(c).to_string());
                    for p in pairs.iter_mut() {
                        if &p.0 == name {
                            p.1 = v.clone();
                        }
                    }
                    assert!(
                        present(
                            &keys.verifier,
                            &Credential::Cookies(pairs, request_url.clone()),
                            now,
                            ip
                        )
                        .is_err(),
                        "{id}: {reference} cookie {name} still verifies after changing char {i}"
                    );
                    bump("tampered cookies rejected");
                }
            }
        }
    }
    eprintln!("cloudfront.json: {counts:?}");
    assert!(counts["cases"] >= 20);
    assert!(counts["canned URL byte-equal to botocore"] >= 8);
    assert!(counts["URL signature == JS SDK"] >= 10);
    assert!(counts["botocore condition order differs"] >= 2);
}

#[test]
fn design_refusals() {
    let doc = common::load_vectors("cloudfront.json");
    let mut n = 0;
    for case in doc["cases"].as_array().unwrap() {
        if s(case, "source") != "design" {
            continue;
        }
        let id = s(case, "id");
        let input = &case["input"];
        let want = &case["expected"]["error"];
        let result = signer_for(input).and_then(|signer| {
            let options = sign_options(input)?;
            signer.sign_url(s(input, "url"), &options)
        });
        let err = result.expect_err(id);
        assert_eq!(err.code().as_str(), s(want, "code"), "{id}: {err}");
        assert_eq!(err.field(), want["field"].as_str(), "{id}: {err}");
        // The cookie signer refuses the same inputs (same code; the URL's
        // field is called "resource" there), where the case applies to it.
        let applies: Vec<&str> = case["appliesTo"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(applies.contains(&"sign_url"), "{id}");
        if !applies.contains(&"sign_cookies") {
            n += 1;
            continue;
        }
        let cookie_result = signer_for(input).and_then(|signer| {
            let options = sign_options(input)?;
            signer.sign_cookies(s(input, "url"), &options, &CookieAttributes::new())
        });
        match cookie_result {
            Err(e) => assert_eq!(e.code(), err.code(), "{id}: cookies: {e}"),
            Ok(_) => panic!("{id}: sign_cookies accepted what sign_url refuses"),
        }
        n += 1;
    }
    assert!(n >= 30, "{n} design cases");
}

/// Issue 13: credentials from botocore and from `cryptography` following
/// AWS's recipe, each presented as a URL or as cookies, with the verdict
/// (and the error's field, or the form that decided) the vectors give.
#[test]
fn verifier_presentations() {
    let doc = common::load_vectors("cloudfront.json");
    let keys = load_keys(&doc);
    let mut counts = BTreeMap::<String, usize>::new();
    for case in doc["cases"].as_array().unwrap() {
        if s(case, "source") != "verifier" {
            continue;
        }
        let id = s(case, "id");
        for p in case["expected"]["presentations"].as_array().unwrap() {
            let request = VerifyRequest::new(p["now"].as_i64().unwrap())
                .client_ip(s(p, "clientIp").parse().unwrap());
            let (got, what) = match s(p, "present") {
                "url" => (keys.verifier.verify_url(s(p, "url"), &request), s(p, "url")),
                _ => {
                    let pairs: Vec<(String, String)> =
                        json_map(&p["cookies"]).into_iter().collect();
                    let header = pairs
                        .iter()
                        .map(|(n, v)| format!("{n}={v}"))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let via_pairs =
                        keys.verifier
                            .verify_cookies(&pairs, s(p, "requestUrl"), &request);
                    let via_header =
                        keys.verifier
                            .verify_cookie_header(&header, s(p, "requestUrl"), &request);
                    assert_eq!(
                        via_pairs
                            .as_ref()
                            .map(|v| v.form)
                            .map_err(|e| (e.code(), e.field())),
                        via_header
                            .as_ref()
                            .map(|v| v.form)
                            .map_err(|e| (e.code(), e.field())),
                        "{id}: pairs and header disagree"
                    );
                    (via_header, s(p, "requestUrl"))
                }
            };
            match (&got, s(p, "result")) {
                (Ok(v), "ok") => {
                    let form = match v.form {
                        CredentialForm::Url => "url",
                        CredentialForm::Cookies => "cookies",
                    };
                    assert_eq!(form, s(p, "form"), "{id}: {what}");
                }
                (Err(e), want) => {
                    assert_eq!(e.code().as_str(), want, "{id}: {what}: {e}");
                    assert_eq!(e.field(), opt_s(p, "field"), "{id}: {what}: {e}");
                    if want == "malformed" && p["present"] == "url" {
                        // explain names the same problem without the key.
                        let field = opt_s(p, "field").unwrap();
                        let e = cdnsign::cloudfront::explain(s(p, "url"), request.now).unwrap();
                        assert!(
                            e.problems.iter().any(|m| m.contains(field)),
                            "{id}: explain misses {field}: {:?}",
                            e.problems
                        );
                    }
                }
                (Ok(v), want) => panic!("{id}: {what} verified ({:?}), want {want}", v.form),
            }
            *counts
                .entry(format!("{} {}", s(p, "present"), s(p, "result")))
                .or_default() += 1;
            if let Some(field) = opt_s(p, "field") {
                *counts.entry(format!("field {field}")).or_default() += 1;
            }
        }
    }
    eprintln!("cloudfront.json verifier presentations: {counts:?}");
    for (key, at_least) in [
        ("field Expires", 3),
        ("field CloudFront-Expires", 3),
        ("field DateLessThan", 8),
        ("field DateGreaterThan", 2),
        ("field Resource", 20),
        ("url url_mismatch", 9),
        ("cookies url_mismatch", 9),
        ("cookies expired", 2),
        ("cookies bad_signature", 1),
    ] {
        assert!(
            counts.get(key).copied().unwrap_or(0) >= at_least,
            "{key}: {counts:?}"
        );
    }
}

#[test]
fn keys_load_in_every_shape_and_rotate() {
    // The same credential verifies only under its own key-pair id.
    let doc = common::load_vectors("cloudfront.json");
    let keys = load_keys(&doc);
    let (kp_a, pem_a) = &keys.signers["rsa2048"];
    let (kp_b, pem_b) = &keys.signers["rsa2048b"];
    let a = Signer::from_pem(kp_a, pem_a).unwrap();
    let b = Signer::from_pem(kp_b, pem_b).unwrap();
    let url = "https://d111111abcdef8.cloudfront.net/rotate.jpg";
    let opts = SignOptions::expires(2_000_000_000);
    let now = VerifyRequest::new(1_900_000_000);
    keys.verifier
        .verify_url(&a.sign_url(url, &opts).unwrap(), &now)
        .unwrap();
    keys.verifier
        .verify_url(&b.sign_url(url, &opts).unwrap(), &now)
        .unwrap();
    // b's signature under a's id is a bad signature.
    let swapped = b.sign_url(url, &opts).unwrap().replace(kp_b.as_str(), kp_a);
    assert_eq!(
        keys.verifier.verify_url(&swapped, &now).unwrap_err().code(),
        ErrorCode::BadSignature
    );
    let mut only_a = Verifier::new();
    only_a.add_signer(&a).unwrap();
    let err = only_a
        .verify_url(&b.sign_url(url, &opts).unwrap(), &now)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnknownKey);
    assert!(err.message().contains(kp_b.as_str()), "{err}");

    // The EC key (SEC1 PEM) signs and verifies; its Debug shows no key material.
    let (kp_ec, pem_ec) = &keys.signers["ecp256"];
    let ec = Signer::from_pem(kp_ec, pem_ec).unwrap();
    keys.verifier
        .verify_url(&ec.sign_url(url, &opts).unwrap(), &now)
        .unwrap();
    let debug = format!("{ec:?} {a:?}");
    assert!(
        debug.contains("redacted") && !debug.contains("MII"),
        "{debug}"
    );

    // PKCS#8 and DER forms of the same RSA key give the same signatures.
    let parsed = parse_private_key(pem_a, None).unwrap();
    let from_key = Signer::new(kp_a, parsed, SignerOptions::default()).unwrap();
    assert_eq!(
        from_key.sign_url(url, &opts).unwrap(),
        a.sign_url(url, &opts).unwrap()
    );
}
