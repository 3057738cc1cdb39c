//! `explain`: read a Media CDN signature, token or cookie without any key and
//! say in plain words what it grants, what a verifier (or Media CDN) checks,
//! and what is visibly wrong.

use crate::api::explanation::Explanation;
use crate::api::provider::Provider;
use crate::encoding::b64url_decode;
use crate::time::{human_duration, when};

use super::ipranges::ReceivedRange;
use super::names::DEFAULT_TOKEN_PARAM;
use super::signature::{find_path_signature, EDGE_CACHE_COOKIE};
use super::token::{looks_like_token, parse_token, Scope, TokenSignature};
use crate::google::signature::{decode_prefix, find_query_signature, parse_cookie_signature};
use crate::google::url::{self, url_params};

/// Describes a received signature's encoding (`64 bytes, unpadded base64url`).
fn describe_signature(text: &str, expected_len: usize) -> (String, Option<String>) {
    match b64url_decode(text, "Signature") {
        Ok(raw) => {
            let padding = if text.ends_with('=') {
                "padded"
            } else {
                "unpadded"
            };
            let problem = (raw.len() != expected_len).then(|| {
                format!(
                    "the signature is {} bytes; {expected_len} expected",
                    raw.len()
                )
            });
            (format!("{} bytes, {padding} base64url", raw.len()), problem)
        }
        Err(e) => ("not base64url".to_string(), Some(e.message().to_string())),
    }
}

/// The `signature` fact (`<algorithm>, <encoding>`), the algorithm field,
/// and a problem when the signature is not `expected_len` bytes.
pub(crate) fn signature_fact(
    e: &mut Explanation,
    algorithm: &str,
    text: &str,
    expected_len: usize,
) {
    let (desc, problem) = describe_signature(text, expected_len);
    e.algorithm = Some(algorithm.to_string());
    e.fact("signature", format!("{algorithm}, {desc}"));
    e.problems.extend(problem);
}

/// The `KeyName` fact, and the key the credential names.
pub(crate) fn key_name(e: &mut Explanation, name: &str) {
    e.key_id = Some(name.to_string());
    e.fact("KeyName", name);
}

/// The `Starts`/`Expires` facts, fields and problems.
pub(crate) fn time_problems(e: &mut Explanation, starts: Option<i64>, expires: i64, now: i64) {
    e.starts = starts;
    e.expires = Some(expires);
    if let Some(s) = starts {
        e.fact("Starts", when(s, now));
        if now < s {
            e.problems.push(format!(
                "not valid yet: Starts={s} is {} after now={now}",
                human_duration(s.saturating_sub(now))
            ));
        }
    }
    e.fact("Expires", when(expires, now));
    if now >= expires {
        e.problems.push(format!(
            "expired {} ago: Expires={expires}, now={now}",
            human_duration(now.saturating_sub(expires))
        ));
    }
}

/// Explains a Media CDN credential at time `now`: a URL carrying a token, a
/// path-component or query signature, a `Cookie:`/`Set-Cookie:` header or
/// `Edge-Cache-Cookie=` pair, a bare token, or a bare signed-cookie value.
/// `None` when the input is none of these (or is a Cloud CDN signature).
pub fn explain(input: &str, now: i64) -> Option<Explanation> {
    let input = input.trim();
    let stripped = ["Set-Cookie:", "set-cookie:", "Cookie:", "cookie:"]
        .iter()
        .find_map(|p| input.strip_prefix(p))
        .unwrap_or(input)
        .trim();
    if let Some(at) = stripped.find(&format!("{EDGE_CACHE_COOKIE}=")) {
        let value = &stripped[at + EDGE_CACHE_COOKIE.len() + 1..];
        let value = value.split(';').next().unwrap_or("").trim();
        return Some(if looks_like_token(value) {
            explain_token(
                value,
                now,
                "Google Media CDN token (Edge-Cache-Cookie cookie)",
            )
        } else {
            explain_cookie(value, now)
        });
    }
    if url::split(stripped).is_some() {
        return explain_url(stripped, now);
    }
    if looks_like_token(stripped) {
        return Some(explain_token(stripped, now, "Google Media CDN token"));
    }
    if stripped.starts_with("URLPrefix=") && stripped.contains(":Signature=") {
        let c = parse_cookie_signature(stripped).ok()?;
        let raw = b64url_decode(c.signature, "Signature").ok()?;
        if raw.len() == 64 {
            return Some(explain_cookie(stripped, now));
        }
    }
    None
}

/// The name of a path component shaped like a path-component signature
/// (`/<name>=Expires=…`): the route's marker, `edge-cache-token` unless the
/// route names another, which explain (given no route) cannot know. The
/// verifier is told its marker and looks for that one only.
fn path_marker(u: &str) -> Option<&str> {
    let parts = url::split(u)?;
    parts.path.split('/').find_map(|segment| {
        let (name, rest) = segment.split_once('=')?;
        let token_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        (!name.is_empty() && name.chars().all(token_char) && rest.starts_with("Expires="))
            .then_some(name)
    })
}

fn explain_url(u: &str, now: i64) -> Option<Explanation> {
    for p in url_params(u) {
        if let Some(v) = p.value {
            if p.name == DEFAULT_TOKEN_PARAM || looks_like_token(v) {
                let mut e = explain_token(v, now, "Google Media CDN token (query parameter)");
                e.facts
                    .insert(0, ("parameter".to_string(), p.name.to_string()));
                return Some(e);
            }
        }
    }
    let marker = path_marker(u).unwrap_or(DEFAULT_TOKEN_PARAM);
    match find_path_signature(u, marker) {
        Ok(Some(ps)) => {
            let mut e = Explanation::new(
                Provider::MediaCdn,
                "Google Media CDN signed URL (path component)",
                now,
            );
            if marker != DEFAULT_TOKEN_PARAM {
                e.fact("marker", marker);
            }
            e.fact("covers", format!("every URL starting with {}/", ps.prefix));
            key_name(&mut e, ps.key_name);
            e.fact("signed value", ps.signed_value);
            signature_fact(&mut e, "Ed25519", ps.signature, 64);
            time_problems(&mut e, None, ps.expires, now);
            if url::has_dot_segments(ps.rest) {
                e.problems
                    .push("the path after the token has '.' or '..' segments".into());
            }
            e.checks.push(format!(
                "the Ed25519 signature over the signed value with the public key {:?} (or every key, when KeyName is the keyset name)",
                ps.key_name
            ));
            e.checks.push("now < Expires".into());
            return Some(e);
        }
        Ok(None) => {}
        Err(err) => {
            let mut e = Explanation::new(
                Provider::MediaCdn,
                "Google Media CDN signed URL (path component)",
                now,
            );
            e.problems.push(err.message().to_string());
            return Some(e);
        }
    }
    match find_query_signature(u) {
        Ok(Some(qs)) => {
            let raw = b64url_decode(qs.signature, "Signature").ok();
            if raw.as_ref().map(Vec::len) == Some(20) {
                return None; // Cloud CDN (HMAC-SHA1)
            }
            let kind = if qs.url_prefix.is_some() {
                "Google Media CDN signed URL (URL prefix)"
            } else {
                "Google Media CDN signed URL (exact URL)"
            };
            let mut e = Explanation::new(Provider::MediaCdn, kind, now);
            if let Some(p) = qs.url_prefix {
                match decode_prefix(p) {
                    Ok(prefix) => {
                        e.fact("URLPrefix", prefix.clone());
                        if !u.starts_with(&prefix) {
                            e.problems.push(format!(
                                "this URL does not start with the signed prefix {prefix:?}"
                            ));
                        }
                    }
                    Err(err) => e.problems.push(err.message().to_string()),
                }
            } else {
                e.fact("covers", "exactly this URL (up to &Signature)");
            }
            key_name(&mut e, qs.key_name);
            e.fact("signed value", qs.signed_value);
            signature_fact(&mut e, "Ed25519", qs.signature, 64);
            time_problems(&mut e, None, qs.expires, now);
            e.checks.push(format!(
                "the Ed25519 signature over the signed value with the public key {:?}",
                qs.key_name
            ));
            e.checks.push("now < Expires".into());
            if qs.url_prefix.is_some() {
                e.checks
                    .push("the request URL starts with URLPrefix".into());
            }
            Some(e)
        }
        Ok(None) => None,
        Err(err) => {
            let mut e = Explanation::new(
                Provider::MediaCdn,
                "Google signed URL (Media CDN or Cloud CDN)",
                now,
            );
            e.problems.push(err.message().to_string());
            Some(e)
        }
    }
}

fn explain_cookie(value: &str, now: i64) -> Explanation {
    let mut e = Explanation::new(
        Provider::MediaCdn,
        "Google Media CDN signed cookie (Edge-Cache-Cookie)",
        now,
    );
    let c = match parse_cookie_signature(value) {
        Ok(c) => c,
        Err(err) => {
            e.problems.push(err.message().to_string());
            return e;
        }
    };
    match decode_prefix(c.url_prefix) {
        Ok(p) => e.fact("URLPrefix", format!("every URL starting with {p}")),
        Err(err) => e.problems.push(err.message().to_string()),
    }
    key_name(&mut e, c.key_name);
    e.fact("signed value", c.signed_value);
    signature_fact(&mut e, "Ed25519", c.signature, 64);
    time_problems(&mut e, None, c.expires, now);
    e.checks.push(format!(
        "the Ed25519 signature over the signed value with the public key {:?}",
        c.key_name
    ));
    e.checks
        .push("now < Expires; the request URL starts with URLPrefix".into());
    e
}

fn explain_token(text: &str, now: i64, kind: &str) -> Explanation {
    let mut e = Explanation::new(Provider::MediaCdn, kind, now);
    let t = match parse_token(text) {
        Ok(t) => t,
        Err(err) => {
            e.problems
                .push(format!("malformed token: {}", err.message()));
            return e;
        }
    };
    let alias_note = |name: &str, canon: &str| {
        if name != canon {
            format!(" (alias {name})")
        } else {
            String::new()
        }
    };
    match &t.scope {
        Scope::Globs(g) => e.fact(
            "PathGlobs",
            format!("{}{}", g.join(" or "), alias_note(t.scope_field, "PathGlobs")),
        ),
        Scope::Prefix(p) => e.fact("URLPrefix", format!("every URL starting with {p}")),
        Scope::FullPath => e.fact(
            "FullPath",
            "only the request path it was signed for (the path is in the signed value, not in the token)",
        ),
    }
    time_problems(&mut e, t.starts, t.expires, now);
    if let Some(s) = t.session_id {
        e.fact("SessionID", s);
    }
    if let Some(d) = t.data {
        e.fact("Data", d);
    }
    if !t.headers.is_empty() {
        e.fact(
            "Headers",
            format!(
                "{} (their values are signed, not shown)",
                t.headers.join(", ")
            ),
        );
    }
    if let Some(r) = &t.ip_ranges {
        let shown: Vec<String> = r
            .iter()
            .map(|x| match x {
                ReceivedRange::Range(r) => r.to_string(),
                ReceivedRange::Invalid(s) => {
                    e.problems.push(format!(
                        "IPRanges entry {s:?} is not a CIDR; it matches no client"
                    ));
                    format!("{s} (invalid)")
                }
            })
            .collect();
        e.ip_range = Some(shown.join(", "));
        e.fact("IPRanges", shown.join(", "));
    }
    let algo = match &t.signature {
        TokenSignature::Ed25519(_) => {
            let (desc, _) = describe_signature(t.signature_text, 64);
            format!("Ed25519 Signature, {desc}")
        }
        TokenSignature::Hmac(tag) if tag.len() == 20 => {
            "hmac, HMAC-SHA1 (40 hex digits)".to_string()
        }
        TokenSignature::Hmac(_) => "hmac, HMAC-SHA256 (64 hex digits)".to_string(),
    };
    e.algorithm = Some(
        match &t.signature {
            TokenSignature::Ed25519(_) => "Ed25519",
            TokenSignature::Hmac(tag) if tag.len() == 20 => "HMAC-SHA1",
            TokenSignature::Hmac(_) => "HMAC-SHA256",
        }
        .into(),
    );
    e.fact("signature", algo);
    let template = t.signed_value("<request path>", |h| Some(format!("<value of {h}>")));
    e.fact("signed value", template);
    match &t.signature {
        TokenSignature::Ed25519(_) => e
            .checks
            .push("the Ed25519 signature against each public key of the keyset, in order".into()),
        TokenSignature::Hmac(_) => e.checks.push(
            "the HMAC against each shared key of the keyset, in order (the route must allow HMAC)"
                .into(),
        ),
    }
    e.checks.push(match &t.scope {
        Scope::Globs(_) => "the request path matches one of the globs ('*' spans '/')".to_string(),
        Scope::Prefix(_) => "the request URL starts with URLPrefix".to_string(),
        Scope::FullPath => "the request path is the one signed".to_string(),
    });
    e.checks.push(if t.starts.is_some() {
        "Starts <= now < Expires".to_string()
    } else {
        "now < Expires".to_string()
    });
    if !t.headers.is_empty() {
        e.checks
            .push("the request carries the listed headers with the signed values".into());
    }
    if t.ip_ranges.is_some() {
        e.checks.push("the client IP is inside IPRanges".into());
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediacdn::{Signer, SigningKey, TokenClaims, TokenSigner};

    #[test]
    fn explains_every_form() {
        let key = SigningKey::from_seed(&[5u8; 32]).unwrap();
        let s = Signer::new("k1", key.clone()).unwrap();
        let now = 1_767_290_400;
        let u = s.sign_url("https://h/a.m3u8", now + 60).unwrap().url;
        let e = explain(&u, now).unwrap();
        assert!(e.kind.contains("exact URL"), "{e:?}");
        assert!(e.problems.is_empty());
        let e = explain(&u, now + 61).unwrap();
        assert!(e.problems[0].starts_with("expired 1 s ago"));
        let p = s.sign_path("https://h/v/", "a.ts", now + 60).unwrap().url;
        assert!(explain(&p, now).unwrap().kind.contains("path component"));
        // a route's own marker is found by its shape, and named
        let custom = Signer::new("k1", key.clone())
            .unwrap()
            .with_param("tok")
            .unwrap();
        let p = custom
            .sign_path("https://h/v/", "a.ts", now + 60)
            .unwrap()
            .url;
        assert!(p.contains("/tok=Expires="), "{p}");
        let e = explain(&p, now).unwrap();
        assert!(e.kind.contains("path component"), "{e:?}");
        assert!(e.problems.is_empty(), "{e:?}");
        assert_eq!(e.facts[0], ("marker".to_string(), "tok".to_string()));
        assert!(explain(&p, now + 61).unwrap().problems[0].starts_with("expired 1 s ago"));
        // shaped like one but not one: said, not passed over
        let broken = explain("https://h/v/tok=Expires=1/a.ts", now).unwrap();
        assert!(broken.kind.contains("path component"), "{broken:?}");
        assert!(
            broken.problems[0].contains("tok= path component must hold"),
            "{broken:?}"
        );
        let c = s.sign_cookie("https://h/v/", now + 60).unwrap();
        assert!(explain(&c.cookie_pair(), now)
            .unwrap()
            .kind
            .contains("cookie"));
        assert!(explain(&c.value, now).unwrap().kind.contains("cookie"));
        let t = TokenSigner::ed25519(key)
            .sign(
                &TokenClaims::new(now + 60)
                    .full_path("/a")
                    .header("X-Id", "1")
                    .ip_ranges(["10.0.0.0/8"]),
            )
            .unwrap();
        let e = explain(&t.apply_to_url("https://h/a"), now).unwrap();
        assert!(e.kind.contains("token"));
        let text = e.to_text();
        assert!(text.contains("FullPath=<request path>"), "{text}");
        assert!(text.contains("<value of X-Id>"));
        assert!(explain(&t.token, now).is_some());
        assert!(explain("hello world", now).is_none());
        assert!(explain("https://h/plain", now).is_none());
        let bad = explain("PathGlobs=/*~Expires=x~Signature=AA", now).unwrap();
        assert!(bad.problems[0].starts_with("malformed token"));
    }
}
