//! RSA JSON Web Keys (RFC 7517/7518) as Cloudflare's `/stream/keys` returns
//! them: `{"use":"sig","kty":"RSA","kid","alg":"RS256","n","e","d","p","q","dp","dq","qi"}`.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

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

/// The members of an RSA JWK (or a JWK Set) that cdnsign reads, parsed once.
///
/// The private members (`d`, `p`, `q`, `dp`, `dq`, `qi`) are [`Secret`]s,
/// wiped when the struct is dropped; public members stay JSON values so that
/// their type errors can be reported as before. serde's derive refuses a
/// member given twice (`duplicate field`), so two `d` or two `kty` members
/// cannot disagree; other members are skipped without being stored.
#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
pub(crate) struct Jwk {
    #[zeroize(skip)]
    kty: Option<Value>,
    #[zeroize(skip)]
    alg: Option<Value>,
    #[zeroize(skip)]
    #[serde(rename = "use")]
    use_: Option<Value>,
    #[zeroize(skip)]
    kid: Option<Value>,
    #[zeroize(skip)]
    n: Option<Value>,
    #[zeroize(skip)]
    e: Option<Value>,
    d: Option<Secret>,
    p: Option<Secret>,
    q: Option<Secret>,
    dp: Option<Secret>,
    dq: Option<Secret>,
    qi: Option<Secret>,
    /// A JWK Set's entries, each read the same way.
    keys: Option<JwkSet>,
}

impl Jwk {
    /// Whether this object is a JWK (has `kty`) or a JWK Set (has `keys`).
    pub(crate) fn is_jwk_or_set(&self) -> bool {
        self.kty.is_some() || self.keys.is_some()
    }

    /// Whether this object has `kty`.
    pub(crate) fn has_kty(&self) -> bool {
        self.kty.is_some()
    }

    /// A JWK Set's entries, or `None` when this is a single JWK.
    pub(crate) fn set_entries(&self) -> Option<Result<&[Jwk]>> {
        self.keys.as_ref().map(|k| match k {
            JwkSet::Keys(list) => Ok(&list[..]),
            JwkSet::NotAnArray => Err(Error::invalid_key("the JWK Set's keys is not an array")),
            JwkSet::EntryNotAnObject(i) => Err(Error::invalid_key(format!(
                "JWK Set entry {i} is not an object"
            ))),
        })
    }
}

/// A private JWK member's text, wiped on drop. A member that is not a JSON
/// string is remembered as such (its value is skipped, never stored), so
/// the error can say "not a string" without echoing it.
#[derive(Zeroize)]
pub(crate) enum Secret {
    Text(String),
    NotString,
}

/// A JWK Set's `keys`: the entries, or what was wrong with it.
#[derive(Zeroize)]
pub(crate) enum JwkSet {
    Keys(Vec<Jwk>),
    NotAnArray,
    EntryNotAnObject(usize),
}

/// One entry of `keys`: a JWK object, or anything else (skipped).
enum Entry {
    Object(Box<Jwk>),
    Other,
}

/// Visitor methods answering `$value` for a JSON value of the wrong shape,
/// after skipping it unread: every scalar, plus the listed compound kinds.
macro_rules! wrong_shape {
    ($ty:ty, $value:expr $(, $kind:ident)*) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<$ty, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<$ty, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<$ty, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<$ty, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<$ty, E> {
            Ok($value)
        }
        $(wrong_shape!(@$kind $ty, $value);)*
    };
    (@str $ty:ty, $value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<$ty, E> {
            Ok($value)
        }
    };
    (@seq $ty:ty, $value:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<$ty, A::Error> {
            while a.next_element::<IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
    (@map $ty:ty, $value:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<$ty, A::Error> {
            while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
}

struct SecretVisitor;

impl<'de> Visitor<'de> for SecretVisitor {
    type Value = Secret;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JWK member")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Secret, E> {
        Ok(Secret::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Secret, E> {
        Ok(Secret::Text(v))
    }
    wrong_shape!(Secret, Secret::NotString, seq, map);
}

struct JwkSetVisitor;

impl<'de> Visitor<'de> for JwkSetVisitor {
    type Value = JwkSet;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JWK Set's keys")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<JwkSet, A::Error> {
        let mut keys = Vec::new();
        while let Some(entry) = a.next_element::<Entry>()? {
            match entry {
                Entry::Object(k) => keys.push(*k),
                Entry::Other => {
                    let i = keys.len();
                    while a.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(JwkSet::EntryNotAnObject(i));
                }
            }
        }
        Ok(JwkSet::Keys(keys))
    }
    wrong_shape!(JwkSet, JwkSet::NotAnArray, str, map);
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JWK")
    }
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> std::result::Result<Entry, A::Error> {
        Jwk::deserialize(de::value::MapAccessDeserializer::new(a))
            .map(|k| Entry::Object(Box::new(k)))
    }
    wrong_shape!(Entry, Entry::Other, str, seq);
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(SecretVisitor)
    }
}

impl<'de> Deserialize<'de> for JwkSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(JwkSetVisitor)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

/// JWK text, either the JSON itself or base64 of it (the `jwk` field of the
/// `/stream/keys` response), parsed once into a [`Jwk`].
pub(crate) fn parse_jwk(text: &str) -> Result<Jwk> {
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
    jwk_from_json(&json)
}

/// A JSON object parsed into a [`Jwk`] (any object: members that are not
/// JWK members are skipped). The error never quotes a member's value.
pub(crate) fn jwk_from_json(json: &[u8]) -> Result<Jwk> {
    // A struct also deserializes from a JSON array; a JWK is an object.
    match json.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {}
        Some(_) if serde_json::from_slice::<IgnoredAny>(json).is_ok() => {
            return Err(Error::invalid_key("the JWK is not a JSON object"))
        }
        _ => {}
    }
    serde_json::from_slice::<Jwk>(json).map_err(|e| {
        if e.is_data() {
            // `duplicate field` (the only data error the types above raise).
            Error::invalid_key(format!("the JWK is not valid: {e}"))
        } else {
            Error::invalid_key(format!("the JWK is not valid JSON: {e}"))
        }
    })
}

fn check_header(jwk: &Jwk) -> Result<Option<String>> {
    match &jwk.kty {
        Some(Value::String(k)) if k == "RSA" => {}
        Some(Value::String(k)) => {
            let shown: String = k.chars().take(16).collect();
            return Err(Error::invalid_key(format!(
                "JWK kty is {shown:?}; Stream signing keys are RSA"
            )));
        }
        _ => return Err(Error::invalid_key("JWK has no kty (expected \"RSA\")")),
    }
    match &jwk.alg {
        None => {}
        Some(Value::String(a)) if a == "RS256" => {}
        Some(other) => {
            let shown: String = other.to_string().chars().take(16).collect();
            return Err(Error::invalid_key(format!(
                "JWK alg is {shown}; Stream tokens are RS256"
            )));
        }
    }
    match &jwk.use_ {
        None => {}
        Some(Value::String(u)) if u == "sig" => {}
        Some(_) => return Err(Error::invalid_key("JWK use is not \"sig\"")),
    }
    match &jwk.kid {
        None => Ok(None),
        Some(Value::String(k)) => Ok(Some(k.clone())),
        Some(_) => Err(Error::invalid_key("JWK kid is not a string")),
    }
}

fn decode_member(text: Option<&str>, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    match text {
        Some(s) => {
            let bytes =
                Zeroizing::new(b64url_decode(s, name).map_err(|_| {
                    Error::invalid_key(format!("JWK member {name} is not base64url"))
                })?);
            if bytes.is_empty() {
                return Err(Error::invalid_key(format!("JWK member {name} is empty")));
            }
            Ok(bytes)
        }
        None => Err(Error::invalid_key(format!("JWK has no {name}"))),
    }
}

fn public_member(v: &Option<Value>, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    match v {
        Some(Value::String(s)) => decode_member(Some(s), name),
        Some(_) => Err(Error::invalid_key(format!(
            "JWK member {name} is not a string"
        ))),
        None => decode_member(None, name),
    }
}

fn private_member(v: &Option<Secret>, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    match v {
        Some(Secret::Text(s)) => decode_member(Some(s), name),
        Some(Secret::NotString) => Err(Error::invalid_key(format!(
            "JWK member {name} is not a string"
        ))),
        None => decode_member(None, name),
    }
}

/// The public key (and kid) of a public or private RSA JWK.
pub(crate) fn public_from_jwk(jwk: &Jwk) -> Result<ParsedJwk<RsaPublicKey>> {
    let kid = check_header(jwk)?;
    let n = public_member(&jwk.n, "n")?;
    let e = public_member(&jwk.e, "e")?;
    Ok(ParsedJwk {
        kid,
        key: RsaPublicKey::from_components(&n, &e)?,
    })
}

/// The private key (and kid) of a private RSA JWK with its CRT members.
pub(crate) fn private_from_jwk(jwk: &Jwk) -> Result<ParsedJwk<RsaPrivateKey>> {
    let kid = check_header(jwk)?;
    if jwk.d.is_none() {
        return Err(Error::invalid_key(
            "this JWK is a public key (no \"d\"); signing needs the private JWK",
        ));
    }
    let c = RsaComponents {
        n: public_member(&jwk.n, "n")?.to_vec(),
        e: public_member(&jwk.e, "e")?.to_vec(),
        d: private_member(&jwk.d, "d")?,
        p: private_member(&jwk.p, "p")?,
        q: private_member(&jwk.q, "q")?,
        dp: private_member(&jwk.dp, "dp")?,
        dq: private_member(&jwk.dq, "dq")?,
        qi: private_member(&jwk.qi, "qi")?,
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

#[cfg(test)]
mod tests {
    use super::*;

    // Fails to compile if the parsed JWK stops wiping its private members on
    // drop, or a private member's type stops being wipeable.
    fn zeroize_on_drop<T: ZeroizeOnDrop>() {}
    fn zeroize<T: Zeroize>() {}

    #[test]
    fn private_members_are_wiped_on_drop() {
        zeroize_on_drop::<Jwk>();
        zeroize::<Secret>();
        zeroize::<JwkSet>();
    }

    #[test]
    fn duplicate_members_are_refused() {
        for dup in [
            r#"{"kty":"RSA","kty":"RSA","n":"AQAB","e":"AQAB"}"#,
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB","d":"AQAC"}"#,
            r#"{"kty":"RSA","kid":"a","kid":"b","n":"AQAB","e":"AQAB"}"#,
        ] {
            let e = parse_jwk(dup).err().expect(dup);
            assert!(e.message().contains("duplicate field"), "{}", e.message());
        }
    }

    #[test]
    fn a_private_member_that_is_not_a_string_is_not_echoed() {
        let jwk = parse_jwk(r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":[123456789],"p":{"x":1}}"#)
            .unwrap();
        let e = private_from_jwk(&jwk).err().unwrap();
        assert_eq!(e.message(), "JWK member d is not a string");
        assert!(!e.message().contains("123456789"));
    }

    #[test]
    fn only_objects_are_jwks() {
        assert_eq!(
            parse_jwk("[1,2]").err().unwrap().message(),
            "the JWK is neither JSON nor base64 of JSON"
        );
        assert_eq!(
            jwk_from_json(b" [1,2]").err().unwrap().message(),
            "the JWK is not a JSON object"
        );
        let set = parse_jwk(r#"{"keys":[{"kty":"RSA"},3]}"#).unwrap();
        assert_eq!(
            set.set_entries().unwrap().err().unwrap().message(),
            "JWK Set entry 1 is not an object"
        );
        let set = parse_jwk(r#"{"keys":{"kty":"RSA"}}"#).unwrap();
        assert_eq!(
            set.set_entries().unwrap().err().unwrap().message(),
            "the JWK Set's keys is not an array"
        );
    }
}
