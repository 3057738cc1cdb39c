//! Stream signing keys: loading them in every shape Cloudflare hands out,
//! signing tokens, and generating new ones.

use std::fmt;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::claims::{check_id, Claims};
use super::jwk;
use crate::crypto::{Digest, RsaPrivateKey, RsaPublicKey};
use crate::encoding::{b64_decode, b64_encode, b64url_encode, push_json_string};
use crate::error::{Error, Result};
use crate::keys::{self, PrivateKey};

/// Smallest RSA key we sign with (Cloudflare issues 2048-bit keys).
pub const MIN_SIGNING_BITS: usize = 2048;

/// Largest `/stream/keys` response or key text accepted.
const MAX_KEY_TEXT: usize = 64 * 1024;

/// A Stream signing key: the key id Cloudflare assigned and the parsed RSA
/// private key. Immutable, `Send + Sync`, cheap to share behind an `Arc`;
/// `Debug` never prints key material.
pub struct SigningKey {
    kid: String,
    key: RsaPrivateKey,
}

impl SigningKey {
    /// From the `POST /accounts/{id}/stream/keys` response, as returned: the
    /// whole envelope `{"result":{"id","pem","jwk","created"},...}` or just its
    /// `result` object. `pem` (base64 of a PKCS#1 PEM) is used when present,
    /// else `jwk` (base64 of a JWK); when both are present they must be the
    /// same key, and the JWK's `kid` must equal `id`.
    pub fn from_stream_keys_response(json: &str) -> Result<SigningKey> {
        let (kid, pem, jwk) = response_fields(json)?;
        let from_pem = match &pem {
            Some(p) => {
                let text = Zeroizing::new(b64_decode(p, "pem").map_err(|_| {
                    Error::invalid_key(
                        "the response's pem is not base64 (it is base64 of the PEM text)",
                    )
                })?);
                Some(Self::from_pem(&kid, &text[..])?)
            }
            None => None,
        };
        let from_jwk = match &jwk {
            Some(j) => {
                let parsed = jwk::private_from_jwk(&jwk::parse_jwk(j)?)?;
                if let Some(jkid) = &parsed.kid {
                    if *jkid != kid {
                        return Err(Error::invalid_key(format!(
                            "the response's jwk has kid {:?} but its id is {kid:?}",
                            trunc(jkid)
                        )));
                    }
                }
                Some(Self::build(kid.clone(), parsed.key)?)
            }
            None => None,
        };
        match (from_pem, from_jwk) {
            (Some(p), Some(j)) => {
                if p.key.public_key().modulus() != j.key.public_key().modulus() {
                    return Err(Error::invalid_key(
                        "the response's pem and jwk are different keys",
                    ));
                }
                Ok(p)
            }
            (Some(k), None) | (None, Some(k)) => Ok(k),
            (None, None) => Err(Error::invalid_key(
                "the /stream/keys response has neither pem nor jwk",
            )),
        }
    }

    /// From a key id and a PEM (or DER) RSA private key, PKCS#1 or PKCS#8.
    pub fn from_pem(kid: &str, pem: impl AsRef<[u8]>) -> Result<SigningKey> {
        check_kid(kid)?;
        match keys::parse_private_key(pem.as_ref(), None)? {
            PrivateKey::Rsa(k) => Self::build(kid.to_string(), k),
            other => Err(Error::invalid_key(format!(
                "this is an {} key; Stream tokens need an RSA key (RS256)",
                other.kind()
            ))),
        }
    }

    /// From a private RSA JWK (the JSON, or base64 of it as in the response's
    /// `jwk` field). `kid` overrides the JWK's own `kid`; one of them is needed
    /// and, when both are given, they must agree.
    pub fn from_jwk(jwk_text: &str, kid: Option<&str>) -> Result<SigningKey> {
        Self::from_parsed_jwk(&jwk::parse_jwk(jwk_text)?, kid)
    }

    fn from_parsed_jwk(jwk: &jwk::Jwk, kid: Option<&str>) -> Result<SigningKey> {
        let parsed = jwk::private_from_jwk(jwk)?;
        let kid = match (kid, parsed.kid) {
            (Some(k), Some(j)) if k != j => {
                return Err(Error::invalid_key(format!(
                    "the JWK's kid {:?} differs from the key id given, {:?}",
                    trunc(&j),
                    trunc(k)
                )))
            }
            (Some(k), _) => k.to_string(),
            (None, Some(j)) => j,
            (None, None) => {
                return Err(Error::invalid_key(
                    "the JWK has no kid; give the key id Cloudflare returned",
                ))
            }
        };
        check_kid(&kid)?;
        Self::build(kid, parsed.key)
    }

    /// Any of the above, recognised from the text: a `/stream/keys` response,
    /// a JWK (JSON or base64), a PEM, or the response's base64 `pem` field.
    /// `kid` is required for a PEM.
    pub fn from_text(text: &str, kid: Option<&str>) -> Result<SigningKey> {
        if text.len() > MAX_KEY_TEXT {
            return Err(Error::invalid_key("the key text is larger than 64 KiB"));
        }
        let t = text.trim();
        if t.starts_with('{') {
            // Parsed once: a JWK's private members go straight into the
            // wiped `Jwk`; a response's members are skipped here.
            let parsed = jwk::jwk_from_json(t.as_bytes())?;
            if parsed.has_kty() {
                return Self::from_parsed_jwk(&parsed, kid);
            }
            drop(parsed);
            let k = Self::from_stream_keys_response(t)?;
            if let Some(want) = kid {
                if want != k.kid {
                    return Err(Error::invalid_key(format!(
                        "the response is for key id {:?}, not {:?}",
                        k.kid,
                        trunc(want)
                    )));
                }
            }
            return Ok(k);
        }
        if t.contains("-----BEGIN") {
            let kid = kid.ok_or_else(|| {
                Error::invalid_input(
                    "kid",
                    "a PEM key needs the key id (kid) Cloudflare returned with it",
                )
            })?;
            return Self::from_pem(kid, t);
        }
        let decoded = Zeroizing::new(
            b64_decode(t, "key")
                .map_err(|_| Error::invalid_key("not a /stream/keys response, JWK or PEM key"))?,
        );
        let inner = std::str::from_utf8(&decoded)
            .map_err(|_| Error::invalid_key("not a /stream/keys response, JWK or PEM key"))?;
        if inner.trim_start().starts_with('{') || inner.contains("-----BEGIN") {
            return Self::from_text(inner, kid);
        }
        Err(Error::invalid_key(
            "not a /stream/keys response, JWK or PEM key",
        ))
    }

    fn build(kid: String, key: RsaPrivateKey) -> Result<SigningKey> {
        if key.bits() < MIN_SIGNING_BITS {
            return Err(Error::invalid_key(format!(
                "RSA key of {} bits; Stream signing keys are at least {MIN_SIGNING_BITS} bits",
                key.bits()
            )));
        }
        Ok(SigningKey { kid, key })
    }

    /// The key id (`kid` in the header and the payload).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half (for a [`super::Verifier`]).
    pub fn public_key(&self) -> &RsaPublicKey {
        self.key.public_key()
    }

    /// The public key as a JWK (`{"use":"sig","kty":"RSA","kid","alg":"RS256","n","e"}`).
    pub fn public_jwk(&self) -> String {
        jwk::public_jwk_json(&self.kid, self.key.public_key())
    }

    /// The public key as an SPKI PEM.
    pub fn public_pem(&self) -> String {
        keys::pem_encode("PUBLIC KEY", self.key.public_key().spki_der())
    }

    /// Signs `claims` at time `now` (Unix seconds) into a compact token:
    /// header exactly `{"alg":"RS256","kid":…}`, payload `sub`, `kid`, `exp`,
    /// then `nbf`, `downloadable`, `accessRules` when set — byte for byte what
    /// Cloudflare's documented Worker produces. Refuses, naming the field:
    /// `exp` not after `now` or more than 24 h after it, `exp ≤ nbf`, more than
    /// 5 rules, a bad `sub`, millisecond times.
    pub fn sign(&self, claims: &Claims, now: i64) -> Result<String> {
        claims.validate(now)?;
        let header = header_json(&self.kid);
        let payload = claims.payload_json(&self.kid);
        let mut token = String::with_capacity((header.len() + payload.len()) * 4 / 3 + 350);
        token.push_str(&b64url_encode(header.as_bytes(), false));
        token.push('.');
        token.push_str(&b64url_encode(payload.as_bytes(), false));
        let signature = self.key.sign_pkcs1v15(Digest::Sha256, token.as_bytes())?;
        token.push('.');
        token.push_str(&b64url_encode(&signature, false));
        Ok(token)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SigningKey(kid={}, RSA-{}, <redacted>)",
            self.kid,
            self.key.bits()
        )
    }
}

/// `{"alg":"RS256","kid":"…"}`.
pub(crate) fn header_json(kid: &str) -> String {
    let mut h = String::with_capacity(32 + kid.len());
    h.push_str("{\"alg\":\"RS256\",\"kid\":");
    push_json_string(&mut h, kid);
    h.push('}');
    h
}

fn check_kid(kid: &str) -> Result<()> {
    check_id("kid", kid).map_err(|e| Error::invalid_key(e.message().to_string()).with_field("kid"))
}

fn trunc(s: &str) -> String {
    s.chars().take(40).collect()
}

fn object(text: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::invalid_key("the key JSON is not an object")),
        Err(e) => Err(Error::invalid_key(format!(
            "the key JSON does not parse: {e}"
        ))),
    }
}

type ResponseFields = (String, Option<Zeroizing<String>>, Option<Zeroizing<String>>);

/// `id`, `pem`, `jwk` out of the response (envelope or bare `result`).
fn response_fields(json: &str) -> Result<ResponseFields> {
    if json.len() > MAX_KEY_TEXT {
        return Err(Error::invalid_key(
            "the /stream/keys response is larger than 64 KiB",
        ));
    }
    let mut obj = object(json)?;
    if let Some(result) = obj.remove("result") {
        if obj.get("success") == Some(&Value::Bool(false)) {
            return Err(Error::invalid_key(
                "the /stream/keys response says success: false (no key was created)",
            ));
        }
        obj = match result {
            Value::Object(m) => m,
            _ => return Err(Error::invalid_key("the response's result is not an object")),
        };
    }
    let kid = match obj.remove("id") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(Error::invalid_key("the response's id is not a string")),
        None => return Err(Error::invalid_key("the /stream/keys response has no id")),
    };
    check_kid(&kid)?;
    let mut take = |name: &str| -> Result<Option<Zeroizing<String>>> {
        match obj.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(Zeroizing::new(s))),
            Some(_) => Err(Error::invalid_key(format!(
                "the response's {name} is not a string"
            ))),
        }
    };
    let pem = take("pem")?;
    let jwk = take("jwk")?;
    Ok((kid, pem, jwk))
}

/// A freshly generated signing key, printable in the `/stream/keys`
/// response shape (for tests and self-hosted verification; keys that
/// Cloudflare must honour are created by Cloudflare's API).
pub struct GeneratedKey {
    kid: String,
    pkcs8: Zeroizing<Vec<u8>>,
    created: i64,
}

impl GeneratedKey {
    /// A new RSA-2048 key with a random 32-hex-digit id, created at `now`.
    pub fn generate(now: i64) -> Result<GeneratedKey> {
        let mut id = [0u8; 16];
        crate::crypto::random_bytes(&mut id)?;
        let pkcs8 = RsaPrivateKey::generate_pkcs8(2048)?;
        Ok(GeneratedKey {
            kid: crate::encoding::hex_encode(&id),
            pkcs8,
            created: now,
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The signing key.
    pub fn signing_key(&self) -> Result<SigningKey> {
        SigningKey::build(
            self.kid.clone(),
            RsaPrivateKey::from_pkcs8_der(&self.pkcs8)?,
        )
    }

    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1), as inside the response's `pem`.
    pub fn pkcs1_pem(&self) -> Result<Zeroizing<String>> {
        let pkcs1 = keys::rsa_pkcs8_to_pkcs1(&self.pkcs8)?;
        Ok(keys::pem_encode_secret("RSA PRIVATE KEY", &pkcs1))
    }

    /// The private JWK JSON.
    pub fn private_jwk(&self) -> Result<Zeroizing<String>> {
        jwk::private_jwk_json(&self.kid, &self.pkcs8)
    }

    /// The response envelope exactly as `POST /stream/keys` shapes it:
    /// `{"result":{"id","pem","jwk","created"},"success":true,"errors":[],"messages":[]}`,
    /// indented. Contains the private key.
    pub fn response_json(&self) -> Result<Zeroizing<String>> {
        let pem = Zeroizing::new(b64_encode(self.pkcs1_pem()?.as_bytes()));
        let jwk = Zeroizing::new(b64_encode(self.private_jwk()?.as_bytes()));
        let mut out = Zeroizing::new(String::with_capacity(pem.len() + jwk.len() + 512));
        out.push_str("{\n  \"result\": {\n    \"id\": ");
        push_json_string(&mut out, &self.kid);
        out.push_str(",\n    \"pem\": ");
        push_json_string(&mut out, &pem);
        out.push_str(",\n    \"jwk\": ");
        push_json_string(&mut out, &jwk);
        out.push_str(",\n    \"created\": ");
        push_json_string(&mut out, &super::format_utc(self.created));
        out.push_str("\n  },\n  \"success\": true,\n  \"errors\": [],\n  \"messages\": []\n}\n");
        Ok(out)
    }
}

impl fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GeneratedKey(kid={}, <redacted>)", self.kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../../../tests/vectors/keys/stream-key.json");
    const PKCS8: &str = include_str!("../../../tests/vectors/keys/stream-key.pkcs8.pem");
    const JWK: &str = include_str!("../../../tests/vectors/keys/stream-key.jwk.json");
    const NOW: i64 = 1_767_290_400;

    #[test]
    fn every_source_is_the_same_key() {
        let a = SigningKey::from_stream_keys_response(KEY).unwrap();
        let kid = a.kid().to_string();
        let b = SigningKey::from_pem(&kid, PKCS8).unwrap();
        let c = SigningKey::from_jwk(JWK, None).unwrap();
        let d = SigningKey::from_text(KEY, None).unwrap();
        let e = SigningKey::from_text(PKCS8, Some(&kid)).unwrap();
        let f = SigningKey::from_text(JWK, None).unwrap();
        let result: serde_json::Value = serde_json::from_str(KEY).unwrap();
        let g = SigningKey::from_text(result["result"]["jwk"].as_str().unwrap(), None).unwrap();
        let h =
            SigningKey::from_text(result["result"]["pem"].as_str().unwrap(), Some(&kid)).unwrap();
        let i = SigningKey::from_stream_keys_response(&result["result"].to_string()).unwrap();
        let claims = Claims::new("abc", NOW + 10);
        let t = a.sign(&claims, NOW).unwrap();
        for k in [&b, &c, &d, &e, &f, &g, &h, &i] {
            assert_eq!(k.kid(), kid);
            assert_eq!(k.sign(&claims, NOW).unwrap(), t);
        }
        assert!(SigningKey::from_text(PKCS8, None).is_err());
        assert!(SigningKey::from_jwk(JWK, Some("another")).is_err());
        assert!(SigningKey::from_pem("bad kid!", PKCS8).is_err());
    }

    #[test]
    fn debug_never_prints_key_material() {
        let a = SigningKey::from_stream_keys_response(KEY).unwrap();
        let s = format!("{a:?}");
        assert!(s.contains(a.kid()) && s.contains("redacted"), "{s}");
        assert!(!s.contains("BEGIN") && s.len() < 120, "{s}");
    }

    #[test]
    fn generated_keys_round_trip_through_the_response_shape() {
        if crate::crypto::BACKEND != "aws-lc" {
            return; // RSA keygen in the pure-Rust backend is too slow for a debug test build
        }
        let g = GeneratedKey::generate(NOW).unwrap();
        assert_eq!(g.kid().len(), 32);
        let json = g.response_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["success"], true);
        assert_eq!(v["result"]["created"], "2026-01-01T18:00:00Z");
        let pem = crate::encoding::b64_decode(v["result"]["pem"].as_str().unwrap(), "pem").unwrap();
        assert!(pem.starts_with(b"-----BEGIN RSA PRIVATE KEY-----\n"));
        let jwk = crate::encoding::b64_decode(v["result"]["jwk"].as_str().unwrap(), "jwk").unwrap();
        assert!(jwk.starts_with(br#"{"use":"sig","kty":"RSA","kid":""#));
        let k = SigningKey::from_stream_keys_response(&json).unwrap();
        let direct = g.signing_key().unwrap();
        let claims = Claims::new("abc", NOW + 10);
        assert_eq!(
            k.sign(&claims, NOW).unwrap(),
            direct.sign(&claims, NOW).unwrap()
        );
    }
}
