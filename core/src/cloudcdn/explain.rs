//! `explain` for Cloud CDN signed URLs and cookies (no key needed).

use crate::api::explanation::Explanation;
use crate::api::provider::Provider;
use crate::encoding::b64url_decode;
use crate::google::signature::{decode_prefix, find_query_signature, parse_cookie_signature};
use crate::google::url;
use crate::mediacdn::{key_name, signature_fact, time_problems};

use super::sign::CLOUD_CDN_COOKIE;

fn is_hmac_sig(text: &str) -> bool {
    b64url_decode(text, "Signature")
        .map(|r| r.len() == 20)
        .unwrap_or(false)
}

/// Explains a Cloud CDN credential at `now`: a signed URL, a
/// `Cloud-CDN-Cookie=` pair or `Cookie:` header, or a bare cookie value with
/// an HMAC-SHA1 signature. `None` for anything else.
pub fn explain(input: &str, now: i64) -> Option<Explanation> {
    let input = input.trim();
    let stripped = ["Set-Cookie:", "set-cookie:", "Cookie:", "cookie:"]
        .iter()
        .find_map(|p| input.strip_prefix(p))
        .unwrap_or(input)
        .trim();
    if let Some(at) = stripped.find(&format!("{CLOUD_CDN_COOKIE}=")) {
        let value = stripped[at + CLOUD_CDN_COOKIE.len() + 1..]
            .split(';')
            .next()
            .unwrap_or("")
            .trim();
        return Some(explain_cookie(value, now));
    }
    if url::split(stripped).is_some() {
        let q = find_query_signature(stripped).ok()??;
        if !is_hmac_sig(q.signature) {
            return None;
        }
        let mut e = Explanation::new(
            Provider::CloudCdn,
            if q.url_prefix.is_some() {
                "Google Cloud CDN signed URL (URL prefix)"
            } else {
                "Google Cloud CDN signed URL (exact URL)"
            },
            now,
        );
        if let Some(p) = q.url_prefix {
            match decode_prefix(p) {
                Ok(prefix) => {
                    if !stripped.starts_with(&prefix) {
                        e.problems.push(format!(
                            "this URL does not start with the signed prefix {prefix:?}"
                        ));
                    }
                    e.fact("URLPrefix", prefix);
                }
                Err(err) => e.problems.push(err.message().to_string()),
            }
        } else {
            e.fact("covers", "exactly this URL (up to &Signature)");
        }
        key_name(&mut e, q.key_name);
        e.fact("signed value", q.signed_value);
        signature_fact(&mut e, "HMAC-SHA1", q.signature, 20);
        time_problems(&mut e, None, q.expires, now);
        e.checks.push(format!(
            "HMAC-SHA1 of the signed value with the 16-byte key named {:?}",
            q.key_name
        ));
        e.checks.push("now < Expires; GET or HEAD only".into());
        if q.url_prefix.is_some() {
            e.checks
                .push("the request URL starts with URLPrefix".into());
        }
        return Some(e);
    }
    if stripped.starts_with("URLPrefix=") {
        let c = parse_cookie_signature(stripped).ok()?;
        if is_hmac_sig(c.signature) {
            return Some(explain_cookie(stripped, now));
        }
    }
    None
}

fn explain_cookie(value: &str, now: i64) -> Explanation {
    let mut e = Explanation::new(
        Provider::CloudCdn,
        "Google Cloud CDN signed cookie (Cloud-CDN-Cookie)",
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
    signature_fact(&mut e, "HMAC-SHA1", c.signature, 20);
    time_problems(&mut e, None, c.expires, now);
    e.checks.push(format!(
        "HMAC-SHA1 of the signed value with the 16-byte key named {:?}",
        c.key_name
    ));
    e.checks
        .push("now < Expires; the request URL starts with URLPrefix".into());
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudcdn::{Signer, SigningKey};

    #[test]
    fn explains_and_leaves_media_cdn_alone() {
        let s = Signer::new("k", SigningKey::from_bytes(&[2u8; 16]).unwrap()).unwrap();
        let now = 1_767_290_400;
        let u = s.sign_url("https://h/a.mp4", now - 5).unwrap().url;
        let e = explain(&u, now).unwrap();
        assert!(e.kind.contains("Cloud CDN"));
        assert!(e.problems[0].starts_with("expired 5 s ago"));
        let c = s.sign_cookie("https://h/v/", now + 5).unwrap();
        assert!(explain(&c.cookie_pair(), now).unwrap().problems.is_empty());
        assert!(explain(&c.value, now).is_some());
        let m = crate::mediacdn::Signer::new(
            "k",
            crate::mediacdn::SigningKey::from_seed(&[1u8; 32]).unwrap(),
        )
        .unwrap()
        .sign_url("https://h/a", now + 5)
        .unwrap();
        assert!(explain(&m.url, now).is_none());
        assert!(crate::mediacdn::explain(&u, now).is_none());
    }
}
