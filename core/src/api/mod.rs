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
/// not one. The webhook form reads `time=…,sig1=…` headers (no body length).
pub fn explain(provider: Provider, input: &str, now: i64) -> Option<Explanation> {
    match provider {
        Provider::CloudFront => crate::cloudfront::explain(input, now),
        Provider::Stream => crate::stream::explain(input, now),
        Provider::Webhook => crate::webhook::explain(input, now, None),
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
