//! RSA JSON Web Keys (RFC 7517/7518) as Cloudflare's `/stream/keys` returns
//! them: `{"use":"sig","kty":"RSA","kid","alg":"RS256","n","e","d","p","q","dp","dq","qi"}`.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::crypto::{RsaPrivateKey, RsaPublicKey};
use crate::encoding::{b64_decode, b64url_decode, b64url_encode, push_json_string};
use crate::error::{Error, Result};
use crate::keys::{rsa_components, rsa_pkcs8_from_components, RsaComponents};

/// Largest JWK text accepted (an RSA-8192 private JWK is about 6 KiB).
const MAX_JWK_LEN: usize = 32 * 1024;

/// A parsed JWK: its `kid` (if any) and the key.
pub(crate) struct ParsedJwk<K> {
    pub kid: Option<String>,
    pub key: K,
}

/// JWK text, either the JSON itself or base64 of it (the `jwk` field of the
/// `/stream/keys` response).
pub(crate) fn jwk_object(text: &str) -> Result<Map<String, Value>> {
    if text.len() > MAX_JWK_LEN {
        return Err(Error::invalid_key(format!(
            "the JWK is {} bytes; at most {MAX_JWK_LEN}",
            text.len()
        )));
    }
    let trimmed = text.trim();
    let json: Zeroizing<Vec<u8>> = if trimmed.starts_with('{') {
        Zeroizing::new(trimmed.as_bytes().to_vec())
    } else {
        Zeroizing::new(
            b64_decode(trimmed, "jwk")
                .map_err(|_| Error::invalid_key("the JWK is neither JSON nor base64 of JSON"))?,
        )
    };
    let v: Value = serde_json::from_slice(&json)
        .map_err(|e| Error::invalid_key(format!("the JWK is not valid JSON: {e}")))?;
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(Error::invalid_key("the JWK is not a JSON object")),
    }
}

fn check_header(obj: &Map<String, Value>) -> Result<Option<String>> {
    match obj.get("kty") {
        Some(Value::String(k)) if k == "RSA" => {}
        Some(Value::String(k)) => {
            let shown: String = k.chars().take(16).collect();
            return Err(Error::invalid_key(format!(
                "JWK kty is {shown:?}; Stream signing keys are RSA"
            )));
        }
        _ => return Err(Error::invalid_key("JWK has no kty (expected \"RSA\")")),
    }
    match obj.get("alg") {
        None => {}
        Some(Value::String(a)) if a == "RS256" => {}
        Some(other) => {
            let shown: String = other.to_string().chars().take(16).collect();
            return Err(Error::invalid_key(format!(
                "JWK alg is {shown}; Stream tokens are RS256"
            )));
        }
    }
    match obj.get("use") {
        None => {}
        Some(Value::String(u)) if u == "sig" => {}
        Some(_) => return Err(Error::invalid_key("JWK use is not \"sig\"")),
    }
    match obj.get("kid") {
        None => Ok(None),
        Some(Value::String(k)) => Ok(Some(k.clone())),
        Some(_) => Err(Error::invalid_key("JWK kid is not a string")),
    }
}

fn component(obj: &Map<String, Value>, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    match obj.get(name) {
        Some(Value::String(s)) => {
            let bytes = b64url_decode(s, name)
                .map_err(|_| Error::invalid_key(format!("JWK member {name} is not base64url")))?;
            if bytes.is_empty() {
                return Err(Error::invalid_key(format!("JWK member {name} is empty")));
            }
            Ok(Zeroizing::new(bytes))
        }
        Some(_) => Err(Error::invalid_key(format!(
            "JWK member {name} is not a string"
        ))),
        None => Err(Error::invalid_key(format!("JWK has no {name}"))),
    }
}

/// The public key (and kid) of a public or private RSA JWK.
pub(crate) fn public_from_jwk(obj: &Map<String, Value>) -> Result<ParsedJwk<RsaPublicKey>> {
    let kid = check_header(obj)?;
    let n = component(obj, "n")?;
    let e = component(obj, "e")?;
    Ok(ParsedJwk {
        kid,
        key: RsaPublicKey::from_components(&n, &e)?,
    })
}

/// The private key (and kid) of a private RSA JWK with its CRT members.
pub(crate) fn private_from_jwk(obj: &Map<String, Value>) -> Result<ParsedJwk<RsaPrivateKey>> {
    let kid = check_header(obj)?;
    if !obj.contains_key("d") {
        return Err(Error::invalid_key(
            "this JWK is a public key (no \"d\"); signing needs the private JWK",
        ));
    }
    let c = RsaComponents {
        n: component(obj, "n")?.to_vec(),
        e: component(obj, "e")?.to_vec(),
        d: component(obj, "d")?,
        p: component(obj, "p")?,
        q: component(obj, "q")?,
        dp: component(obj, "dp")?,
        dq: component(obj, "dq")?,
        qi: component(obj, "qi")?,
    };
    let pkcs8 = rsa_pkcs8_from_components(&c)?;
    let key = RsaPrivateKey::from_pkcs8_der(&pkcs8)?;
    if key.public_key().modulus() != strip(&c.n) {
        return Err(Error::invalid_key("JWK members do not form one RSA key"));
    }
    Ok(ParsedJwk { kid, key })
}

fn strip(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    &b[i..]
}

fn push_member(out: &mut String, name: &str, value: &str) {
    out.push(',');
    push_json_string(out, name);
    out.push(':');
    push_json_string(out, value);
}

fn head(kid: &str) -> String {
    let mut out = String::from("{\"use\":\"sig\",\"kty\":\"RSA\"");
    push_member(&mut out, "kid", kid);
    out.push_str(",\"alg\":\"RS256\"");
    out
}

/// The public JWK, Cloudflare's member order.
pub(crate) fn public_jwk_json(kid: &str, key: &RsaPublicKey) -> String {
    let mut out = head(kid);
    push_member(&mut out, "n", &b64url_encode(key.modulus(), false));
    push_member(&mut out, "e", &b64url_encode(key.exponent(), false));
    out.push('}');
    out
}

/// The private JWK (secret: zeroized on drop), Cloudflare's member order.
pub(crate) fn private_jwk_json(kid: &str, pkcs8_der: &[u8]) -> Result<Zeroizing<String>> {
    let c = rsa_components(pkcs8_der)?;
    // Reserved up front so growing the buffer never leaves a copy behind.
    let mut out = Zeroizing::new(String::with_capacity(16 * 1024));
    out.push_str(&head(kid));
    let enc = |b: &[u8]| Zeroizing::new(b64url_encode(strip(b), false));
    for (name, value) in [
        ("n", &c.n[..]),
        ("e", &c.e[..]),
        ("d", &c.d[..]),
        ("p", &c.p[..]),
        ("q", &c.q[..]),
        ("dp", &c.dp[..]),
        ("dq", &c.dq[..]),
        ("qi", &c.qi[..]),
    ] {
        push_member(&mut out, name, &enc(value));
    }
    out.push('}');
    Ok(out)
}
