//! The operation layer: what cdnsign can do, once, for every surface.
//!
//! - [`OPERATIONS`] names every operation a user calls (mint, verify,
//!   explain), its provider, its [`Cost`] and the records it takes and gives.
//!   The parity test (`tests/parity/`) checks each one exists on every surface
//!   (Rust, C, Python, Node, CLI) under the name [`Operation`] derives for it.
//! - [`Explanation`] is the one shape `explain` returns for every provider.
//! - [`records`] holds the result records whose JSON every surface emits.
//! - [`Cost`] is what a binding reads to decide whether a call leaves the
//!   interpreter's thread (Python's GIL, Node's libuv pool).

mod cost;
pub mod explanation;
/// Checks on a caller's input every surface shares (option names, times).
pub mod inputs;
pub mod provider;
/// Result records.
pub mod records;
mod registry;

pub use cost::{Cost, BODY_IN_PLACE_LIMIT};
pub use explanation::Explanation;
pub use provider::Provider;
pub use registry::{cost_of, find, Names, Operation, OPERATIONS};

/// Explains `input` as a `provider` credential at `now`, or `None` when it is
/// not one. The webhook form reads `time=…,sig1=…` headers (no body length:
/// [`explain_with_body_len`]).
/// A URL copied out of a DASH MPD keeps XML's `&amp;` between its parameters;
/// it is explained as the URL a player requests (with `&`), and a note says so.
pub fn explain(provider: Provider, input: &str, now: i64) -> Option<Explanation> {
    explain_with_body_len(provider, input, now, None)
}

/// [`explain`], given the length of the webhook body when it is known, which
/// a webhook explanation reports. The other providers sign no body: each
/// surface refuses the option for them, and here it is ignored.
pub fn explain_with_body_len(
    provider: Provider,
    input: &str,
    now: i64,
    body_len: Option<usize>,
) -> Option<Explanation> {
    if input.contains(XML_AMP) {
        let replaced = input.replace(XML_AMP, "&");
        let mut e = explain_as_given(provider, &replaced, now, body_len)?;
        e.notes.push(format!(
            "the input has {XML_AMP} (XML, as a DASH MPD writes a URL): explained as the URL a player requests, with & in its place"
        ));
        return Some(e);
    }
    explain_as_given(provider, input, now, body_len)
}

const XML_AMP: &str = "&amp;";

fn explain_as_given(
    provider: Provider,
    input: &str,
    now: i64,
    body_len: Option<usize>,
) -> Option<Explanation> {
    match provider {
        Provider::CloudFront => crate::cloudfront::explain(input, now),
        Provider::Stream => crate::stream::explain(input, now),
        Provider::Webhook => crate::webhook::explain(input, now, body_len),
        Provider::MediaCdn => crate::mediacdn::explain(input, now),
        Provider::CloudCdn => crate::cloudcdn::explain(input, now),
    }
}

/// Explains `input` as whichever provider's credential it is, trying them in
/// the order `cdnsign explain` does: the most specific formats first, and
/// Cloud CDN before Media CDN because its URLs are also Media CDN-shaped.
pub fn explain_any(input: &str, now: i64) -> Option<Explanation> {
    [
        Provider::Webhook,
        Provider::Stream,
        Provider::CloudFront,
        Provider::CloudCdn,
        Provider::MediaCdn,
    ]
    .into_iter()
    .find_map(|p| explain(p, input, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_length_reaches_a_webhook_explanation_only() {
        let now = 1_767_290_400;
        let header = crate::webhook::sign(b"whsec-test-secret", b"{}", now).unwrap();
        let with = explain_with_body_len(Provider::Webhook, &header, now, Some(2)).unwrap();
        assert!(
            with.checks.iter().any(|c| c.contains("(2 bytes)")),
            "{with:?}"
        );
        let without = explain(Provider::Webhook, &header, now).unwrap();
        assert!(
            without.checks.iter().all(|c| !c.contains("bytes)")),
            "{without:?}"
        );
        assert_eq!(
            explain_with_body_len(Provider::Stream, &header, now, Some(2)),
            None
        );
    }

    #[test]
    fn a_url_copied_from_an_mpd_is_explained_as_requested() {
        let signer = crate::cloudcdn::Signer::new(
            "k1",
            crate::cloudcdn::SigningKey::from_bytes(&[7u8; 16]).unwrap(),
        )
        .unwrap();
        let now = 1_767_290_400;
        let url = signer
            .sign_url("https://cdn.example/v/init.mp4", now + 60)
            .unwrap()
            .url;
        let as_written = url.replace('&', "&amp;");
        let plain = explain_any(&url, now).unwrap();
        let e = explain_any(&as_written, now).unwrap();
        assert_eq!(e.provider, Provider::CloudCdn);
        assert!(e.ok(), "{e:?}");
        assert_eq!((&e.facts, e.expires), (&plain.facts, plain.expires));
        assert!(e.notes.last().unwrap().contains("&amp;"), "{e:?}");
        assert!(plain.notes.iter().all(|n| !n.contains("&amp;")));
    }
}
