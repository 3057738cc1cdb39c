//! `explain`: read a Stream token (or a playback URL carrying one) without
//! any key and say in plain words what it grants, what a verifier checks,
//! and what would make Cloudflare answer 403.

use super::claims::MAX_ACCESS_RULES;
use super::token::{self, TokenClaims};
use super::urls::id_from_url;
use super::verify::ALGORITHM;
use super::MAX_LIFETIME;
use serde_json::Value;

use crate::api::explanation::Explanation;
use crate::api::provider::Provider;
use crate::time::{human_duration, when};

/// True when `input` (a token or a Stream playback URL) looks like a Stream
/// token: three base64url parts whose first decodes to a JSON object with `alg`.
pub fn looks_like_token(input: &str) -> bool {
    token_text(input).is_some()
}

fn token_text(input: &str) -> Option<&str> {
    let t = input.trim();
    let t = id_from_url(t).unwrap_or(t);
    if t.split('.').count() != 3 || t.len() > token::MAX_TOKEN_LEN {
        return None;
    }
    let header = t.split('.').next()?;
    let bytes = token::decode_part(header, "header").ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.as_object()?.contains_key("alg").then_some(t)
}

/// Explains a Stream token (or a playback URL carrying one) at time `now`.
/// `None` when the input is not a Stream token.
pub fn explain(input: &str, now: i64) -> Option<Explanation> {
    let text = token_text(input)?;
    let mut e = Explanation::new(
        Provider::Stream,
        "Cloudflare Stream signed token (RS256 JWT)",
        now,
    );
    if text != input.trim() {
        e.fact(
            "from URL",
            input.trim().chars().take(120).collect::<String>(),
        );
    }
    let decoded = match token::decode(text) {
        Ok(d) => d,
        Err(err) => {
            e.problems
                .push(format!("cannot be decoded: {}", err.message()));
            return Some(e);
        }
    };
    e.fact("header", decoded.header_json.clone());
    e.key_id = decoded.kid.clone();
    e.algorithm = decoded.alg.clone();
    match decoded.alg.as_deref() {
        Some(ALGORITHM) => {}
        Some(other) => e.problems.push(format!(
            "alg is {other:?}: Stream tokens are RS256 only; a verifier pinned to RS256 refuses this (algorithm_not_allowed){}",
            if other.eq_ignore_ascii_case("none") || other.starts_with("HS") {
                " — this is the shape of an algorithm-confusion attack"
            } else {
                ""
            }
        )),
        None => e.problems.push("the header has no string alg".to_string()),
    }
    if decoded.kid.is_none() {
        e.problems.push(
            "no kid in the header: Cloudflare cannot tell which signing key to use (PyJWT users: pass headers={\"kid\": key_id})".to_string(),
        );
    }
    if !decoded.other_header_members.is_empty() {
        e.fact(
            "other header members",
            decoded.other_header_members.join(", "),
        );
        if decoded.other_header_members.iter().any(|m| m == "crit") {
            e.problems
                .push("the header has crit, which a verifier must refuse".to_string());
        }
        if decoded
            .other_header_members
            .iter()
            .any(|m| matches!(m.as_str(), "jwk" | "jku" | "x5u" | "x5c"))
        {
            e.problems.push(
                "the header carries its own key material (jwk/jku/x5u/x5c); it is ignored — keys come from the verifier's key set, by kid".to_string(),
            );
        }
    }
    e.fact(
        "payload",
        decoded.payload_json.chars().take(600).collect::<String>(),
    );
    match &decoded.claims {
        Ok(c) => describe_claims(&mut e, c, decoded.kid.as_deref(), now),
        Err(err) => e
            .problems
            .push(format!("the claims do not parse: {}", err.message())),
    }
    match decoded.signature_len {
        Some(0) => e.problems.push("the signature is empty".to_string()),
        Some(n) if n != 256 && decoded.alg.as_deref() == Some(ALGORITHM) => e.fact(
            "signature",
            format!("{n} bytes (an RSA-2048 signature, what Stream keys make, is 256)"),
        ),
        Some(n) => e.fact("signature", format!("{n} bytes")),
        None => e
            .problems
            .push("the signature is not base64url".to_string()),
    }
    e.checks = vec![
        "alg is exactly RS256 (none, HS256 and the rest are refused before any key is used)".to_string(),
        format!(
            "the RSASSA-PKCS1-v1_5 SHA-256 signature over the first two parts, with the public key whose kid is {}",
            decoded.kid.as_deref().unwrap_or("(missing)")
        ),
        "exp is in the future and nbf (if any) in the past, within the verifier's leeway".to_string(),
        "sub equals the video being played (Cloudflare serves only that video)".to_string(),
        "accessRules first to last against the viewer's IP and country; the first match decides, no match allows".to_string(),
    ];
    Some(e)
}

fn describe_claims(e: &mut Explanation, c: &TokenClaims, header_kid: Option<&str>, now: i64) {
    match &c.sub {
        Some(s) => e.fact("video (sub)", s.clone()),
        None => e.fact(
            "video (sub)",
            "absent (Cloudflare's /token endpoint can omit it; a verifier told which video to expect refuses it)",
        ),
    }
    match (&c.kid, header_kid) {
        (Some(p), Some(h)) if p != h => e
            .problems
            .push(format!("payload kid {p:?} differs from header kid {h:?}")),
        _ => {}
    }
    e.expires = c.exp;
    e.starts = c.nbf;
    match c.exp {
        Some(exp) => {
            e.fact("expires (exp)", when(exp, now));
            if exp <= now {
                e.problems.push(format!(
                    "expired {} ago (exp={exp}, now={now}): Cloudflare answers 403",
                    human_duration(now.saturating_sub(exp))
                ));
            } else if exp.saturating_sub(now) > MAX_LIFETIME {
                e.problems.push(format!(
                    "exp is {} from now: Cloudflare refuses tokens signed for more than 24 h",
                    human_duration(exp.saturating_sub(now))
                ));
            }
        }
        None => e.problems.push(
            "no exp: the token never expires; cdnsign's verifier refuses it by default".to_string(),
        ),
    }
    if let Some(nbf) = c.nbf {
        e.fact("not before (nbf)", when(nbf, now));
        if nbf > now {
            e.problems.push(format!(
                "not valid for another {} (nbf={nbf}, now={now})",
                human_duration(nbf.saturating_sub(now))
            ));
        }
        if let Some(exp) = c.exp {
            if exp <= nbf {
                e.problems
                    .push(format!("exp={exp} is not after nbf={nbf}: never valid"));
            }
        }
    }
    if c.exp_was_string || c.nbf_was_string {
        e.fact(
            "time format",
            "exp/nbf are numeric strings, as Cloudflare's /token endpoint writes them (accepted by cdnsign and PyJWT; Node jsonwebtoken refuses them)",
        );
    }
    e.fact(
        "downloadable",
        if c.downloadable {
            "yes (mp4 downloads allowed)"
        } else {
            "no (mp4 downloads refused)"
        },
    );
    if c.access_rules.is_empty() {
        e.fact("access rules", "none: any viewer");
    } else {
        for (i, r) in c.access_rules.iter().enumerate() {
            e.fact(&format!("accessRules[{i}]"), r.to_string());
        }
        if c.access_rules.len() > MAX_ACCESS_RULES {
            e.problems.push(format!(
                "{} access rules; Cloudflare accepts at most {MAX_ACCESS_RULES}",
                c.access_rules.len()
            ));
        }
        if !c
            .access_rules
            .iter()
            .any(|r| r.rule_type() == super::RuleType::Any)
        {
            e.fact(
                "default",
                "no rule of type any: viewers no rule matches are allowed",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        crate::encoding::b64url_encode(s.as_bytes(), false)
    }

    #[test]
    fn recognises_tokens_and_urls_only() {
        let t = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"k"}"#),
            b64("{}"),
            b64("s")
        );
        assert!(looks_like_token(&t));
        assert!(looks_like_token(&format!(
            "https://customer-abc.cloudflarestream.com/{t}/iframe"
        )));
        assert!(!looks_like_token("time=1,sig1=ab"));
        assert!(!looks_like_token(
            "https://d1.cloudfront.net/a.mp4?Expires=1"
        ));
        assert!(!looks_like_token("a.b.c"));
    }

    #[test]
    fn names_the_problems() {
        let t = format!(
            "{}.{}.",
            b64(r#"{"alg":"none","kid":"k"}"#),
            b64(r#"{"kid":"k","exp":"100","nbf":"50"}"#)
        );
        let e = explain(&t, 1000).unwrap();
        let all = e.problems.join("\n");
        assert!(all.contains("algorithm-confusion"), "{all}");
        assert!(all.contains("expired"), "{all}");
        assert!(e.to_text().contains("video (sub)"));
        assert!(all.contains("signature is empty"), "{all}");
        assert!(e.to_text().contains("numeric strings"));
        assert_eq!(e.to_json()["ok"], false);
    }
}
