//! # cdnsign
//!
//! Mint and verify the credentials a video backend hands out or receives:
//!
//! | module | credential |
//! |---|---|
//! | [`cloudfront`] | AWS CloudFront signed URLs and cookies (RSA/ECDSA, canned and custom policies) |
//! | [`stream`] | Cloudflare Stream signed tokens (RS256 JWT) |
//! | [`webhook`] | Cloudflare Stream webhook signatures (HMAC-SHA256) |
//! | [`mediacdn`] | Google Media CDN signed requests and tokens (Ed25519 / HMAC) |
//! | [`cloudcdn`] | Google Cloud CDN signed URLs and cookies (HMAC-SHA1) |
//!
//! [`manifest`] signs a whole HLS playlist or DASH MPD with one credential
//! (CloudFront, Media CDN, Cloud CDN) and checks a signed one line by line.
//!
//! Each provider has a *signer* holding parsed key material (immutable,
//! `Send + Sync`) and a *verifier* holding one or more keys by id. Times are
//! absolute Unix seconds; every operation that depends on "now" takes it as an
//! argument. Every failure is an [`Error`] with a stable [`ErrorCode`].

// The only exception is crypto/aws_lc_evp.rs, which opts in explicitly.
#![deny(unsafe_code)]
#![warn(missing_docs)]

// The records' field types are written `cdnsign::api::records::…`, so that
// `record_fields!` hands them to a binding as paths that resolve there too.
extern crate self as cdnsign;

pub mod api;
pub mod cookie;
pub mod crypto;
pub mod encoding;
pub mod error;
mod google;
mod ip;
mod json;
pub mod keys;
pub mod manifest;
mod path;
mod text;
pub mod time;
mod wildcard;

pub mod cloudcdn;
pub mod cloudfront;
pub mod mediacdn;
pub mod stream;
pub mod webhook;

pub use error::{Error, ErrorCode, Result};

/// The crate version (one source of truth: the workspace `Cargo.toml`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
