//! The Rust surface of the parity test (`tests/parity/run.py`): reads the
//! cases as JSON on stdin, runs each through the core API with the fixture
//! keys under `<root>/tests/vectors/keys`, and prints one JSON array of
//! outcomes (`{"id", "result"}` or `{"id", "error"}`), as every other
//! surface's driver does.

use std::io::Read;

use cdnsign::api::{self, records, Provider};
use cdnsign::{cloudcdn, cloudfront, manifest, mediacdn, stream, webhook, Error, Result};
use serde_json::{json, Value};

struct Keys {
    cf_signer: cloudfront::Signer,
    cf_verifier: cloudfront::Verifier,
    stream_key: stream::SigningKey,
    stream_verifier: stream::Verifier,
    wh_verifier: webhook::Verifier,
    md_signer: mediacdn::Signer,
    md_token_signer: mediacdn::TokenSigner,
    md_verifier: mediacdn::Verifier,
    cc_signer: cloudcdn::Signer,
    cc_verifier: cloudcdn::Verifier,
}

fn read(root: &str, file: &str) -> String {
    std::fs::read_to_string(format!("{root}/tests/vectors/keys/{file}"))
        .unwrap_or_else(|e| panic!("fixture {file}: {e}"))
}

fn keys(root: &str, f: &Value) -> Result<Keys> {
    let s = |p: &str| f.pointer(p).and_then(Value::as_str).unwrap_or_default();
    let cf_id = s("/cloudfront/key_pair_id");
    let mut cf_verifier = cloudfront::Verifier::new();
    cf_verifier.add_public_key_pem(cf_id, read(root, s("/cloudfront/public_key")))?;
    let kid = s("/stream/kid");
    let mut stream_verifier = stream::Verifier::new();
    stream_verifier.add_pem(kid, read(root, s("/stream/public_key")))?;
    let md_key = mediacdn::SigningKey::parse(read(root, s("/mediacdn/private_key")).as_bytes())?;
    let md_public =
        mediacdn::PublicKey::from_keyset_value(read(root, s("/mediacdn/public_key")).trim())?;
    let keyset = mediacdn::Keyset::new().with_public_key(s("/mediacdn/key_name"), md_public)?;
    let cc_key = cloudcdn::SigningKey::from_key_file(read(root, s("/cloudcdn/key")).trim())?;
    Ok(Keys {
        cf_signer: cloudfront::Signer::from_pem(cf_id, read(root, s("/cloudfront/private_key")))?,
        cf_verifier,
        stream_key: stream::SigningKey::from_pem(kid, read(root, s("/stream/private_key")))?,
        stream_verifier,
        wh_verifier: webhook::Verifier::new([s("/webhook/secret").as_bytes()])?,
        md_token_signer: mediacdn::TokenSigner::ed25519(md_key.clone()),
        md_signer: mediacdn::Signer::new(s("/mediacdn/key_name"), md_key)?,
        md_verifier: mediacdn::Verifier::new(keyset),
        cc_signer: cloudcdn::Signer::new(s("/cloudcdn/key_name"), cc_key.clone())?,
        cc_verifier: cloudcdn::Verifier::new().with_key(s("/cloudcdn/key_name"), cc_key)?,
    })
}

fn run(k: &Keys, op: &str, a: &Value, secret: &str) -> Result<Value> {
    let s = |name: &str| a[name].as_str().unwrap_or_default();
    let n = |name: &str| a[name].as_i64().unwrap_or_default();
    let j = |v: &dyn erased::Record| v.json();
    Ok(match op {
        "cloudfront.Signer.sign_url" => {
            let mut o = cloudfront::SignOptions::expires(n("expires"));
            o.starts = a["starts"].as_i64();
            o.ip_range = a["ip_range"].as_str().map(str::to_string);
            o.resource = a["resource"].as_str().map(str::to_string);
            json!(k.cf_signer.sign_url(s("url"), &o)?)
        }
        "cloudfront.Verifier.verify_url" => {
            let mut request = cloudfront::VerifyRequest::new(n("now"));
            if let Some(ip) = a["client_ip"].as_str() {
                let ip = cdnsign::api::inputs::ip_address("client_ip", ip)?;
                request = request.client_ip(ip);
            }
            j(&records::CloudFrontVerified::from(
                &k.cf_verifier.verify_url(s("url"), &request)?,
            ))
        }
        "cloudfront.Verifier.verify_cookies" => j(&records::CloudFrontVerified::from(
            &k.cf_verifier.verify_cookie_header(
                s("cookie_header"),
                s("url"),
                &cloudfront::VerifyRequest::new(n("now")),
            )?,
        )),
        "stream.SigningKey.sign" => {
            let mut claims = stream::Claims::new(s("sub"), n("exp"));
            if let Some(nbf) = a["nbf"].as_i64() {
                claims = claims.not_before(nbf);
            }
            if a["access_rules"].is_array() {
                for rule in stream::AccessRule::list_from_json_value(&a["access_rules"])? {
                    claims = claims.rule(rule);
                }
            }
            json!(k.stream_key.sign(&claims, n("now"))?)
        }
        "stream.Verifier.verify" => {
            let mut request = stream::VerifyRequest::new(n("now"));
            if let Some(uid) = a["video_uid"].as_str() {
                request = request.subject(uid);
            }
            if let Some(country) = a["country"].as_str() {
                request = request.viewer_country(country);
            }
            j(&records::StreamVerified::from(
                &k.stream_verifier.verify(s("token"), &request)?,
            ))
        }
        "webhook.sign" => json!(webhook::sign(
            secret.as_bytes(),
            s("body").as_bytes(),
            n("time")
        )?),
        "webhook.Verifier.verify" => j(&records::WebhookVerified::from(&k.wh_verifier.verify(
            Some(s("header")),
            s("body").as_bytes(),
            n("now"),
        )?)),
        "webhook.Verifier.verify_event" => {
            let (v, e) =
                k.wh_verifier
                    .verify_event(Some(s("header")), s("body").as_bytes(), n("now"))?;
            j(&records::WebhookVerifiedEvent::new(&v, &e))
        }
        "mediacdn.Signer.sign_url" => j(&records::SignedUrl::from(
            &k.md_signer.sign_url(s("url"), n("expires"))?,
        )),
        "mediacdn.TokenSigner.sign" => {
            let mut claims = mediacdn::TokenClaims::new(n("expires"));
            if let Some(globs) = a["path_globs"].as_array() {
                claims = claims.path_globs(globs.iter().filter_map(Value::as_str));
            }
            for h in a["headers"].as_array().into_iter().flatten() {
                claims = claims.header(
                    h[0].as_str().unwrap_or_default(),
                    h[1].as_str().unwrap_or_default(),
                );
            }
            j(&records::MediaCdnToken::from(
                &k.md_token_signer.sign(&claims)?,
            ))
        }
        "mediacdn.Verifier.verify" => {
            let mut request = mediacdn::Request::new(s("url"), n("now"));
            for h in a["headers"].as_array().into_iter().flatten() {
                request = request.header(
                    h[0].as_str().unwrap_or_default(),
                    h[1].as_str().unwrap_or_default(),
                );
            }
            j(&records::MediaCdnVerified::from(
                &k.md_verifier.verify(&request)?,
            ))
        }
        "cloudcdn.Signer.sign_url" => j(&records::SignedUrl::from(
            &k.cc_signer.sign_url(s("url"), n("expires"))?,
        )),
        "cloudcdn.Verifier.verify" => j(&records::CloudCdnVerified::from(
            &k.cc_verifier
                .verify(&cloudcdn::Request::new(s("url"), n("now")))?,
        )),
        "cloudfront.Signer.sign_manifest" => j(&records::SignedManifestRecord::from(
            &k.cf_signer
                .sign_manifest(s("manifest").as_bytes(), &manifest_options(a))?,
        )),
        "mediacdn.TokenSigner.sign_manifest" => j(&records::SignedManifestRecord::from(
            &k.md_token_signer.sign_manifest(
                s("manifest").as_bytes(),
                &manifest_options(a),
                a["path_globs"].as_bool().unwrap_or(false),
            )?,
        )),
        "cloudcdn.Signer.sign_manifest" => j(&records::SignedManifestRecord::from(
            &k.cc_signer
                .sign_manifest(s("manifest").as_bytes(), &manifest_options(a))?,
        )),
        "cloudfront.Verifier.check_manifest" => j(&records::ManifestCheck::from(
            &k.cf_verifier
                .check_manifest(s("manifest").as_bytes(), s("url"), n("now"))?,
        )),
        "mediacdn.Verifier.check_manifest" => j(&records::ManifestCheck::from(
            &k.md_verifier
                .check_manifest(s("manifest").as_bytes(), s("url"), n("now"))?,
        )),
        "cloudcdn.Verifier.check_manifest" => j(&records::ManifestCheck::from(
            &k.cc_verifier
                .check_manifest(s("manifest").as_bytes(), s("url"), n("now"))?,
        )),
        explain if explain.ends_with(".explain") => {
            let provider = Provider::from_name(explain.trim_end_matches(".explain"))
                .ok_or_else(|| Error::invalid_input("op", explain.to_string()))?;
            match api::explain(provider, s("input"), n("now")) {
                Some(e) => e.to_json(),
                None => Value::Null,
            }
        }
        other => return Err(Error::invalid_input("op", format!("no driver for {other}"))),
    })
}

/// `sign_manifest`'s options from a case: `url`, `expires`, `prefix`, `absolute`.
fn manifest_options(a: &Value) -> manifest::SignOptions {
    let mut o = manifest::SignOptions::new(
        a["url"].as_str().unwrap_or_default(),
        a["expires"].as_i64().unwrap_or_default(),
    )
    .absolute(a["absolute"].as_bool().unwrap_or(false));
    if let Some(p) = a["prefix"].as_str() {
        o = o.prefix(p);
    }
    o
}

/// Records as JSON values, whatever their type.
mod erased {
    pub trait Record {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Record for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: parity <repo root> < cases.json");
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let doc: Value = serde_json::from_str(&input).expect("cases JSON");
    let k = keys(&root, &doc["fixtures"]).expect("fixture keys");
    let secret = doc["fixtures"]["webhook"]["secret"]
        .as_str()
        .unwrap_or_default();
    let out: Vec<Value> = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let id = c["id"].clone();
            match run(&k, c["op"].as_str().unwrap_or_default(), &c["args"], secret) {
                Ok(v) => json!({ "id": id, "result": v }),
                Err(e) => json!({ "id": id, "error": records::Failure::from(&e) }),
            }
        })
        .collect();
    println!("{}", Value::Array(out));
}
