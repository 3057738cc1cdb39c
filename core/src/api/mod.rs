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

mod explanation;
/// Result records.
pub mod records;
mod registry;

use serde::Serialize;

pub use explanation::Explanation;
pub use registry::{cost_of, find, Operation, OPERATIONS};

/// The five credential families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// AWS CloudFront signed URLs and cookies.
    #[serde(rename = "cloudfront")]
    CloudFront,
    /// Cloudflare Stream signed tokens.
    Stream,
    /// Cloudflare Stream webhook signatures.
    Webhook,
    /// Google Media CDN signed requests and tokens.
    #[serde(rename = "mediacdn")]
    MediaCdn,
    /// Google Cloud CDN signed URLs, prefixes and cookies.
    #[serde(rename = "cloudcdn")]
    CloudCdn,
}

impl Provider {
    /// Every provider, in the order the CLI and the docs list them.
    pub const ALL: [Provider; 5] = [
        Provider::CloudFront,
        Provider::Stream,
        Provider::Webhook,
        Provider::MediaCdn,
        Provider::CloudCdn,
    ];

    /// The module name on every surface (`cloudfront`, `mediacdn`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::CloudFront => "cloudfront",
            Provider::Stream => "stream",
            Provider::Webhook => "webhook",
            Provider::MediaCdn => "mediacdn",
            Provider::CloudCdn => "cloudcdn",
        }
    }

    /// The provider named `name` (as [`as_str`](Self::as_str) spells it).
    pub fn from_name(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// What one call costs, which decides where a binding runs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    /// Parsing, HMAC over a short string, formatting: about a microsecond,
    /// less than handing the call to another thread costs. Runs in place.
    Cheap,
    /// Hashes a caller-sized body (webhooks): in place under
    /// [`BODY_IN_PLACE_LIMIT`] bytes, off the interpreter's thread above.
    HashesBody,
    /// An RSA or Ed25519 signature check (15 to 60 µs): off the
    /// interpreter's thread, where other threads can run meanwhile.
    PublicKey,
    /// An RSA or Ed25519 private-key operation (10 µs to 1 ms): off the
    /// interpreter's thread, and offered as async in Node.
    PrivateKey,
}

/// Bodies shorter than this are hashed without releasing Python's GIL:
/// releasing and re-taking it costs about as much as hashing 16 KiB.
pub const BODY_IN_PLACE_LIMIT: usize = 16 * 1024;

impl Cost {
    /// Whether a call of this cost over `body_len` input bytes should leave
    /// the interpreter's thread.
    pub const fn leaves_thread(self, body_len: usize) -> bool {
        match self {
            Cost::Cheap => false,
            Cost::HashesBody => body_len >= BODY_IN_PLACE_LIMIT,
            Cost::PublicKey | Cost::PrivateKey => true,
        }
    }
}

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
