//! `explain`: decode a CloudFront signed URL or `Cookie:` header without any
//! key and say in plain words what it grants and why CloudFront would answer
//! 403.

use super::cookies::{parse_cookie_header, COOKIE_NAMES};
use super::policy::{check_policy_limits, format_policy_json, parse_policy, ParsedPolicy};
use super::url::{dot_segment, split_signed_url, url_path, RESERVED_PARAMS};
use super::verifier::{decode, names, CredentialForm, RawCredential};
use crate::api::explanation::Explanation;
use crate::api::provider::Provider;
use crate::encoding::{cloudfront_b64_decode, first_invalid_url_char};
use crate::time::{human_duration, when};
use crate::wildcard;

/// True when `input` looks like a CloudFront signed URL or a `Cookie:`
/// header with `CloudFront-*` cookies.
pub fn looks_like_cloudfront(input: &str) -> bool {
    classify(input.trim()).is_some()
}

enum Input<'a> {
    Url(&'a str),
    Cookies(&'a str),
}

fn classify(input: &str) -> Option<Input<'_>> {
    if input.len() > 64 * 1024 {
        return None;
    }
    let lower = input.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let query = input.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or(query);
        let names: Vec<&str> = query
            .split('&')
            .map(|p| p.split_once('=').map_or(p, |(n, _)| n))
            .collect();
        let has = |n: &str| names.contains(&n);
        // Other CDNs' and S3's signed URLs also use Expires and Signature.
        let foreign = names.iter().any(|n| {
            matches!(
                *n,
                "KeyName" | "URLPrefix" | "AWSAccessKeyId" | "GoogleAccessId" | "edge-cache-token"
            ) || n.starts_with("X-Amz-")
                || n.starts_with("X-Goog-")
        });
        let ours = has("Key-Pair-Id") || has("Policy") || (has("Signature") && has("Expires"));
        return (ours && !foreign).then_some(Input::Url(input));
    }
    let body = if lower.starts_with("cookie:") {
        &input[7..]
    } else {
        input
    };
    COOKIE_NAMES
        .iter()
        .any(|n| body.contains(&format!("{n}=")))
        .then_some(Input::Cookies(input))
}

/// Explains a signed URL or a `Cookie:` header value at time `now`. `None`
/// when the input is neither.
pub fn explain(input: &str, now: i64) -> Option<Explanation> {
    match classify(input.trim())? {
        Input::Url(url) => Some(explain_url(url, now)),
        Input::Cookies(header) => Some(explain_cookies(header, None, now)),
    }
}

/// Explains a signed URL.
pub fn explain_url(url: &str, now: i64) -> Explanation {
    let mut e = Explanation::new(Provider::CloudFront, "AWS CloudFront signed URL", now);
    e.form = Some(CredentialForm::Url.as_str().to_string());
    let split = match split_signed_url(url) {
        Ok(s) => s,
        Err(err) => {
            e.problems
                .push(format!("cannot be read: {}", err.message()));
            return e;
        }
    };
    if split.had_fragment {
        e.notes
            .push("the #fragment is ignored: browsers do not send it to CloudFront".to_string());
    }
    if split.params_after_signature {
        e.notes.push(
            "some of your own parameters come after the CloudFront ones; CloudFront allows it, but parameters added after signing are part of the URL the signature must cover".to_string(),
        );
    }
    if let Some((i, c)) = first_invalid_url_char(&split.base) {
        e.problems.push(format!(
            "the URL has {c:?} at byte {i}; a browser sends it percent-encoded, so the URL CloudFront sees is not the one that was signed"
        ));
    }
    let query = url.split_once('?').map_or("", |(_, q)| q);
    for piece in query.split('&') {
        let name = piece.split_once('=').map_or(piece, |(n, _)| n);
        if let Some(real) = RESERVED_PARAMS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(name) && **r != name)
        {
            e.problems.push(format!(
                "the parameter {name:?} should be spelled {real:?}: CloudFront's parameter names are case-sensitive"
            ));
        }
    }
    let raw = RawCredential::from_url_params(&split.params);
    e.request_url = Some(split.base.clone());
    e.fact("URL requested", split.base.clone());
    describe(&mut e, &raw, CredentialForm::Url, Some(&split.base));
    e
}

/// Explains a `Cookie:` header value, optionally for a request URL.
pub fn explain_cookies(header: &str, request_url: Option<&str>, now: i64) -> Explanation {
    let mut e = Explanation::new(Provider::CloudFront, "AWS CloudFront signed cookies", now);
    e.form = Some(CredentialForm::Cookies.as_str().to_string());
    let pairs = match parse_cookie_header(header) {
        Ok(p) => p,
        Err(err) => {
            e.problems
                .push(format!("cannot be read: {}", err.message()));
            return e;
        }
    };
    for (name, _) in &pairs {
        if let Some(real) = COOKIE_NAMES
            .iter()
            .find(|r| r.eq_ignore_ascii_case(name) && **r != name)
        {
            e.problems.push(format!(
                "the cookie {name:?} should be named {real:?}: CloudFront's cookie names are case-sensitive"
            ));
        }
    }
    let raw = match RawCredential::from_cookies(&pairs) {
        Ok(r) => r,
        Err(err) => {
            e.problems.push(err.message().to_string());
            return e;
        }
    };
    let split = request_url.map(|u| split_signed_url(u).map_err(|_| u));
    if let Some(Ok(s)) = &split {
        if !s.params.is_empty() {
            // A problem, not a note: whatever these cookies say, the
            // request is decided by the URL, as the verifier decides it.
            e.problems.push(
                "the request URL carries CloudFront parameters, so CloudFront treats it as a signed URL and does not look at these cookies (explain the URL instead)".to_string(),
            );
        }
    }
    let base = split.map(|r| match r {
        Ok(s) => s.base,
        Err(u) => u.to_string(),
    });
    if let Some(b) = &base {
        e.request_url = Some(b.clone());
        e.fact("URL requested", b.clone());
    }
    describe(&mut e, &raw, CredentialForm::Cookies, base.as_deref());
    e
}

fn describe(
    e: &mut Explanation,
    raw: &RawCredential,
    form: CredentialForm,
    request_url: Option<&str>,
) {
    let n = names(form);
    if raw.is_empty() {
        e.problems.push(match form {
            CredentialForm::Url => {
                "no CloudFront parameters (Expires or Policy, Signature, Key-Pair-Id)".to_string()
            }
            CredentialForm::Cookies => "no CloudFront-* cookies".to_string(),
        });
        return;
    }
    e.key_id = raw.key_pair_id.clone();
    e.algorithm = Some(
        raw.hash_algorithm
            .clone()
            .unwrap_or_else(|| "SHA1".to_string()),
    );
    if let Some(id) = &raw.key_pair_id {
        e.fact("key-pair id", id.clone());
        if id.starts_with("APKA") {
            e.notes.push(format!(
                "{id} looks like a legacy account key pair (APKA...): it works only if the distribution still trusts the account as a signer; new setups use a public key in a key group"
            ));
        }
    }
    e.fact(
        "hash",
        format!(
            "{}{}",
            e.algorithm.as_deref().unwrap_or("SHA1"),
            if raw.hash_algorithm.is_none() {
                " (default)"
            } else {
                ""
            }
        ),
    );
    if let Some(sig) = &raw.signature {
        match cloudfront_b64_decode(sig, n.signature) {
            Ok(bytes) => {
                let kind = match bytes.len() {
                    256 => "RSA-2048".to_string(),
                    128 => {
                        e.problems.push(format!(
                            "the {} is 128 bytes, an RSA-1024 signature; CloudFront accepts only RSA-2048 or ECDSA P-256 keys",
                            n.signature
                        ));
                        "RSA-1024".to_string()
                    }
                    8..=72 if bytes.first() == Some(&0x30) => "ECDSA (DER)".to_string(),
                    len => {
                        e.problems.push(format!(
                            "the {} is {len} bytes, which is neither an RSA-2048 (256 bytes) nor an ECDSA P-256 signature",
                            n.signature
                        ));
                        format!("{len} bytes, unknown")
                    }
                };
                e.fact("signature", kind);
            }
            Err(err) => e.problems.push(err.message().to_string()),
        }
    }

    // Rebuild or decode the policy; `decode` gives the exact messages for
    // missing or contradictory values.
    let placeholder = request_url.unwrap_or("");
    match decode(raw, form, placeholder) {
        Err(err) => {
            if !e.problems.iter().any(|p| p == err.message()) {
                e.problems.push(err.message().to_string());
            }
        }
        Ok(decoded) => {
            let canned = decoded.canned_expires.is_some();
            e.canned = Some(canned);
            e.fact(
                "policy",
                if canned {
                    format!("canned ({})", n.expires)
                } else {
                    format!("custom ({})", n.policy)
                },
            );
            if let Some(expires) = decoded.canned_expires {
                e.expires = Some(expires);
                let canned = ParsedPolicy {
                    resource: None,
                    expires,
                    starts: None,
                    ip_range: None,
                    ip_cidr: None,
                    condition_order: Vec::new(),
                };
                if let Err(err) = check_policy_limits(&canned, Some(n.expires)) {
                    e.problems.push(err.message().to_string());
                }
                if request_url.is_some() {
                    e.policy = Some(format_policy_json(request_url, expires, None, None));
                    e.resource = request_url.map(str::to_string);
                    e.resource_matches = Some(true);
                } else {
                    e.notes.push(
                        "a canned cookie covers exactly one URL (CloudFront rebuilds the policy from the URL requested); give the request URL to see the policy".to_string(),
                    );
                }
            } else {
                let text = String::from_utf8_lossy(&decoded.policy_bytes).into_owned();
                e.fact("policy JSON", text.clone());
                e.policy = Some(text);
                match parse_policy(&decoded.policy_bytes) {
                    Err(err) => e.problems.push(err.message().to_string()),
                    Ok(p) => {
                        if let Err(err) = check_policy_limits(&p, None) {
                            e.problems.push(err.message().to_string());
                        }
                        e.expires = Some(p.expires);
                        e.starts = p.starts;
                        e.ip_range = p.ip_range.clone();
                        e.resource = p.resource.clone();
                        if p.condition_order.len() > 1 {
                            e.fact("condition order", p.condition_order.join(", "));
                        }
                        match &p.resource {
                            None => e.notes.push(
                                "the policy has no Resource: it opens every object of every distribution that trusts this key".to_string(),
                            ),
                            Some(r) => {
                                e.fact("resource", r.clone());
                                if let Some(u) = request_url {
                                    let ok = wildcard::matches(r, u);
                                    e.resource_matches = Some(ok);
                                    if !ok {
                                        e.problems.push(format!(
                                            "the resource {r:?} does not match the URL requested {u:?} (wildcards: * any run, ? one character; case and %-escapes must be identical)"
                                        ));
                                    } else if r != u {
                                        if let Some(seg) = dot_segment(url_path(u)) {
                                            e.notes.push(format!(
                                                "the path has the dot segment {seg:?}: CloudFront forwards it as sent, and an origin that normalises it may serve a file outside the pattern {r:?}, so cdnsign's verifier refuses it (url_mismatch)"
                                            ));
                                        }
                                    }
                                } else {
                                    e.notes.push("give the request URL to check it against the resource".to_string());
                                }
                                if r == "*" || r == "http://*" || r == "https://*" {
                                    e.notes.push(format!(
                                        "the resource {r:?} opens every object of every distribution that trusts this key"
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    if let Some(expires) = e.expires {
        e.fact("expires", when(expires, e.now));
        if e.now >= expires {
            e.problems.push(format!(
                "expired {} ago: Expires={expires}, now={}",
                human_duration(e.now.saturating_sub(expires)),
                e.now
            ));
        }
    }
    if let Some(starts) = e.starts {
        e.fact("valid after", when(starts, e.now));
        if e.now <= starts {
            e.problems.push(format!(
                "not valid yet: DateGreaterThan={starts}, now={} ({} to go)",
                e.now,
                human_duration(starts.saturating_sub(e.now).saturating_add(1))
            ));
        }
    }
    if let Some(ip) = e.ip_range.clone() {
        e.fact("client IP", format!("must be in {ip}"));
        e.notes.push(format!(
            "only viewers from {ip} get through; CloudFront sees the viewer's public address (not a proxy's client header), and a viewer arriving over IPv6 never matches"
        ));
    }
    let algo = e.algorithm.clone().unwrap_or_else(|| "SHA1".to_string());
    e.checks.push(format!(
        "the signature: RSA or ECDSA with {algo} over the policy, by the public key registered as {} in a key group trusted by this cache behavior (cdnsign cloudfront verify --key {}=<public key file>)",
        raw.key_pair_id.as_deref().unwrap_or("<missing Key-Pair-Id>"),
        raw.key_pair_id.as_deref().unwrap_or("<id>")
    ));
    if e.ip_range.is_some() {
        e.checks
            .push("the viewer's IP address against IpAddress".to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_cloudfront() {
        assert!(looks_like_cloudfront(
            "https://d/x.jpg?Expires=1&Signature=a&Key-Pair-Id=K"
        ));
        assert!(looks_like_cloudfront("https://d/x.jpg?Policy=e30_"));
        assert!(looks_like_cloudfront(
            "Cookie: CloudFront-Policy=a; CloudFront-Signature=b"
        ));
        assert!(!looks_like_cloudfront("https://d/x.jpg"));
        assert!(!looks_like_cloudfront(
            "https://b.s3.amazonaws.com/k?AWSAccessKeyId=A&Expires=1&Signature=s"
        ));
        assert!(!looks_like_cloudfront(
            "https://cdn/x?Expires=1&KeyName=k&Signature=s"
        ));
        assert!(!looks_like_cloudfront("eyJhbGciOi.x.y"));
    }

    #[test]
    fn explains_problems_in_plain_words() {
        let e = explain(
            "https://d/x.jpg?expires=1&Signature=AAAA&Key-Pair-Id=K#t=1",
            100,
        )
        .unwrap();
        assert!(
            e.problems.iter().any(|p| p.contains("case-sensitive")),
            "{e:?}"
        );
        assert!(e.notes.iter().any(|p| p.contains("fragment")));
        let e = explain(
            "https://d/x.jpg?Expires=50&Signature=AAAA&Key-Pair-Id=K",
            87,
        )
        .unwrap();
        assert_eq!(e.expires, Some(50));
        assert!(
            e.problems.iter().any(|p| p.contains("expired 37 s ago")),
            "{e:?}"
        );
        assert_eq!(e.canned, Some(true));
        assert!(e.to_text().contains("403"));
        assert_eq!(e.to_json()["ok"], false);
    }

    /// The verifier's refusals (issue 13) show up as the same words here.
    #[test]
    fn agrees_with_the_verifier_on_issue_13() {
        use crate::encoding::cloudfront_b64_encode;
        let custom = |url: &str, policy: &str| {
            let p = cloudfront_b64_encode(policy.as_bytes());
            format!("{url}?Policy={p}&Signature=AAAA&Key-Pair-Id=K")
        };
        let has = |e: &Explanation, words: &[&str]| {
            e.problems
                .iter()
                .any(|p| words.iter().all(|w| p.contains(w)))
        };
        let e = explain(
            "https://d/x.jpg?Expires=4102444800&Signature=AAAA&Key-Pair-Id=K",
            100,
        )
        .unwrap();
        assert!(
            has(&e, &["Expires=4102444800", "2038-01-19T03:14:07Z", "403"]),
            "{e:?}"
        );
        let e = explain(
            "Cookie: CloudFront-Expires=4102444800; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K",
            100,
        )
        .unwrap();
        assert!(has(&e, &["CloudFront-Expires=4102444800"]), "{e:?}");
        let p = format_policy_json(
            Some("https://d/*"),
            2_000_000_000,
            Some(2_147_483_648),
            None,
        );
        let e = explain(&custom("https://d/x.jpg", &p), 100).unwrap();
        assert!(has(&e, &["DateGreaterThan=2147483648", "2038"]), "{e:?}");
        let p = format_policy_json(Some("https://d/*"), i64::MAX, None, None);
        let e = explain(&custom("https://d/x.jpg", &p), 100).unwrap();
        assert!(has(&e, &["DateLessThan=9223372036854775807"]), "{e:?}");
        let p = format_policy_json(Some("?ttps://d/x.jpg"), 2_000_000_000, None, None);
        let e = explain(&custom("https://d/x.jpg", &p), 100).unwrap();
        assert!(
            has(&e, &["\"?ttps://d/x.jpg\"", "http://, https:// nor *"]),
            "{e:?}"
        );

        let p = format_policy_json(Some("https://d/videos/*"), 2_000_000_000, None, None);
        let e = explain(&custom("https://d/videos/%2e%2e/secret.mp4", &p), 100).unwrap();
        assert!(
            e.notes
                .iter()
                .any(|n| n.contains("\"%2e%2e\"") && n.contains("url_mismatch")),
            "{e:?}"
        );
        let e = explain(&custom("https://d/videos/a.mp4", &p), 100).unwrap();
        assert!(
            e.resource_matches == Some(true) && !e.notes.iter().any(|n| n.contains("dot segment")),
            "{e:?}"
        );

        let header = format!(
            "CloudFront-Policy={}; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K",
            cloudfront_b64_encode(p.as_bytes())
        );
        let e = explain_cookies(&header, Some("https://d/videos/a.mp4?Signature=x"), 100);
        assert!(
            e.problems
                .iter()
                .any(|n| n.contains("does not look at these cookies")),
            "{e:?}"
        );
        let e = explain_cookies(&header, Some("https://d/videos/a.mp4"), 100);
        assert!(
            !e.problems.iter().any(|n| n.contains("does not look")),
            "{e:?}"
        );
    }
}
