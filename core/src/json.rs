//! Strict JSON, one implementation for every attacker-controlled JSON the
//! crate reads: a duplicate member name is an error (so no two parsers can
//! read different values out of one document), object order is kept,
//! nesting is bounded by serde_json's recursion limit (128), and the text
//! must be UTF-8.
//!
//! | | CloudFront policy (`cloudfront::parse_policy`) | Stream token header and payload |
//! |---|---|---|
//! | duplicate member | refused (`malformed`, field `Policy`) | refused (`malformed`) |
//! | member order | kept ([`Json::Obj`]), reported by `explain` | not used ([`Json::into_value`]) |
//! | unknown member | refused by the policy reader (AWS lists the allowed keys) | ignored (JWT, RFC 7519 §4) |
//! | numbers | `AWS:EpochTime` must be a non-negative integer ([`Json::as_i64`]) | numbers or numeric strings (Cloudflare's `/token` emits strings) |
//! | size cap (before parsing) | 8 KiB policy | 16 KiB token |
//!
//! The vendors differ only in what the callers do with the parsed value, so
//! the parser itself takes no parameter. AWS and Cloudflare do not say what
//! they do with a duplicate member; the stricter rule (refuse) is kept for
//! both. Webhook bodies are not read through this module: they are HMAC
//! authenticated before they are parsed, and the event view keeps
//! serde_json's reading.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value that refused duplicate member names while parsing and keeps
/// the order of members as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// The members of an object, in order.
    pub fn object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// An integer that fits `i64` (`1.0` and `2^63` are not).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The same value as a `serde_json::Value` (member order is then the
    /// map's own).
    pub fn into_value(self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Number(n) => Value::Number(n),
            Json::Str(s) => Value::String(s),
            Json::Arr(a) => Value::Array(a.into_iter().map(Json::into_value).collect()),
            Json::Obj(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, v.into_value())).collect())
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Json>()? {
            out.push(v);
        }
        Ok(Json::Arr(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out: Vec<(String, Json)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value::<Json>()?;
            out.push((key, v));
        }
        // Sorted once per object: O(n log n) however many members.
        let mut keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
            let shown: String = w[0].chars().take(32).collect();
            return Err(de::Error::custom(format!("duplicate member {shown:?}")));
        }
        Ok(Json::Obj(out))
    }
}

/// Parses `bytes` as one strict JSON object.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8".to_string())?;
    let v = serde_json::from_str::<Json>(text).map_err(|e| format!("is not JSON: {e}"))?;
    match v.into_value() {
        Value::Object(m) => Ok(m),
        _ => Err("is not a JSON object".to_string()),
    }
}

/// Short JSON type name for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_non_objects_are_refused() {
        assert!(parse_object(br#"{"alg":"RS256","kid":"k"}"#).is_ok());
        let e = parse_object(br#"{"alg":"none","alg":"RS256"}"#).unwrap_err();
        assert!(e.contains("duplicate member \"alg\""), "{e}");
        let e = parse_object(br#"{"a":{"x":1,"x":2}}"#).unwrap_err();
        assert!(e.contains("duplicate"), "{e}");
        assert!(parse_object(b"[]")
            .unwrap_err()
            .contains("not a JSON object"));
        assert!(parse_object(b"\xff").unwrap_err().contains("UTF-8"));
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse_object(deep.as_bytes()).is_err());
    }

    #[test]
    fn order_is_kept_and_many_members_are_checked_quickly() {
        let v: Json = serde_json::from_str(r#"{"b":1,"a":[true,null,"x",1.5]}"#).unwrap();
        let keys: Vec<&str> = v
            .object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(v.object().unwrap()[0].1.as_i64(), Some(1));
        let big = format!(
            "{{{}\"k0\":0}}",
            (0..5000)
                .map(|i| format!("\"k{i}\":0,"))
                .collect::<String>()
        );
        let t = std::time::Instant::now();
        let e = serde_json::from_str::<Json>(&big).unwrap_err().to_string();
        assert!(e.contains("duplicate member \"k0\""), "{e}");
        assert!(t.elapsed().as_secs() < 2);
        let n: Json = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(n.as_i64(), None, "2^64-1 is not an i64");
        let f: Json = serde_json::from_str("1.0").unwrap();
        assert_eq!(f.as_i64(), None, "a float is not an integer");
    }
}
