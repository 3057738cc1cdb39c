//! `explain` for a `Webhook-Signature` header: what it says and what a
//! verifier would check, without the secret.

use super::header::{SignatureHeader, HEADER_NAME};
use super::signature::DEFAULT_TOLERANCE;
use crate::api::explanation::Explanation;
use crate::api::provider::Provider;
use crate::stream::format_utc;
use crate::time::human_duration;

fn strip_name(input: &str) -> &str {
    let t = input.trim();
    match t.split_once(':') {
        Some((name, rest)) if name.trim().eq_ignore_ascii_case(HEADER_NAME) => rest.trim(),
        _ => t,
    }
}

/// True when `input` looks like a `Webhook-Signature` value (or the whole
/// header line): it has a `sig1=` or starts with `time=`.
pub fn looks_like_header(input: &str) -> bool {
    let t = strip_name(input);
    let lower = t.to_ascii_lowercase();
    !t.contains("://") && (lower.contains("sig1=") || lower.starts_with("time="))
}

/// Explains a header value at `now`; `body_len` (if known) is mentioned in
/// the checks. `None` when the input is not a webhook signature header.
pub fn explain(input: &str, now: i64, body_len: Option<usize>) -> Option<Explanation> {
    if !looks_like_header(input) {
        return None;
    }
    let value = strip_name(input);
    let mut e = Explanation::new(
        Provider::Webhook,
        format!("Cloudflare Stream webhook signature ({HEADER_NAME} header)"),
        now,
    );
    match SignatureHeader::parse(value) {
        Err(err) => {
            e.problems.push(format!(
                "{}: a verifier answers {} ({})",
                err.message(),
                err.code(),
                err.field().unwrap_or(HEADER_NAME)
            ));
        }
        Ok(h) => {
            let age = now.saturating_sub(h.time());
            let when = if age > 0 {
                format!("{} ago", human_duration(age))
            } else if age < 0 {
                format!(
                    "in {} (in the future)",
                    human_duration(age.saturating_neg())
                )
            } else {
                "now".to_string()
            };
            e.fact(
                "time",
                format!("{} ({}, {when})", h.time(), format_utc(h.time())),
            );
            e.fact("sig1 values", h.signatures().len().to_string());
            let tol = DEFAULT_TOLERANCE as i64;
            if age > tol {
                e.problems.push(format!(
                    "sent {} ago: with the default tolerance ({tol} s) a verifier answers timestamp_too_old (replaying a stored event needs the explicit ignore-time option)",
                    human_duration(age)
                ));
            } else if age.saturating_neg() > tol {
                e.problems.push(format!(
                    "time is {} in the future: with the default tolerance ({tol} s) a verifier answers timestamp_in_future — check the clocks",
                    human_duration(age.saturating_neg())
                ));
            }
            if value.chars().any(|c| c.is_ascii_uppercase()) {
                e.fact(
                    "note",
                    "upper-case hex or keys: accepted, though Stream sends lower case",
                );
            }
            e.checks = vec![
                format!(
                    "HMAC-SHA256 keyed with the webhook secret's UTF-8 bytes (as returned by PUT /stream/webhook, not hex-decoded) over \"{}.\" followed by the raw request body{}",
                    h.time_text(),
                    body_len.map(|n| format!(" ({n} bytes)")).unwrap_or_default()
                ),
                "that lowercase hex equals one of the sig1 values (constant-time)".to_string(),
                format!("|now - time| <= the tolerance (default {DEFAULT_TOLERANCE} s, both ways)"),
                "the body must be the exact bytes received: parsing and re-serialising the JSON (express.json(), request.json) breaks the signature".to_string(),
            ];
        }
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_the_doc_example() {
        let h = "Webhook-Signature: time=1230811200,sig1=60493ec9388b44585a29543bcf0de62e377d4da393246a8b1c901d0e3e672404";
        assert!(looks_like_header(h));
        let e = explain(h, 1_767_290_400, Some(10)).unwrap();
        assert!(
            e.problems[0].contains("timestamp_too_old"),
            "{:?}",
            e.problems
        );
        assert!(e.to_text().contains("2009-01-01T12:00:00Z"));
        let e = explain("time=abc,sig1=00", 0, None).unwrap();
        assert!(e.problems[0].contains("malformed"), "{:?}", e.problems);
        assert!(explain("https://x/?sig1=1", 0, None).is_none());
        assert!(explain("eyJ.eyJ.sig", 0, None).is_none());
    }
}
