//! Cloudflare Stream webhook signatures (`Webhook-Signature: time=…,sig1=…`)
//! and a typed view of the webhook body.
//!
//! ```
//! use cdnsign::webhook::{sign, Lifecycle, Verifier};
//! # fn main() -> cdnsign::Result<()> {
//! let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready"}}"#;
//! let now = 1_767_290_400;
//! let header = sign("85011ed3a913c6ad5f9cf6c5573cc0a7", body, now)?;
//!
//! let verifier = Verifier::new(["85011ed3a913c6ad5f9cf6c5573cc0a7"])?; // several during a rotation
//! let (_verified, event) = verifier.verify_event(Some(&header), body, now + 2)?;
//! assert_eq!(event.lifecycle(), Lifecycle::Ready);
//! # Ok(()) }
//! ```
//!
//! The formula (Cloudflare, "Use webhooks" → "Verify webhook authenticity"):
//! `sig1` = lowercase hex HMAC-SHA256 keyed with the secret string's UTF-8
//! bytes, over `"<time>." + raw body`. Verify on the raw body bytes, before
//! any JSON parsing; compare in constant time; refuse timestamps more than
//! the tolerance (default 300 s) in the past or the future.

mod event;
mod explain;
mod header;
mod signature;

pub use event::{Event, Lifecycle, VideoState, MAX_EVENT_BODY};
pub use explain::{explain, looks_like_header};
pub use header::{SignatureHeader, HEADER_NAME, MAX_HEADER_LEN, MAX_SIGNATURES};
pub use signature::{sign, Tolerance, Verified, Verifier, DEFAULT_TOLERANCE, MAX_SECRETS};

/// Parses a body into the typed event without checking a signature
/// ([`Event::parse`]; use [`Verifier::verify_event`] for requests).
pub fn parse_event(body: &[u8]) -> crate::Result<Event> {
    Event::parse(body)
}
