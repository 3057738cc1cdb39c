//! Google Media CDN signed requests and tokens.
//!
//! ```
//! use cdnsign::mediacdn::{
//!     Keyset, Request, Signer, SigningKey, TokenClaims, TokenSigner, Verifier,
//! };
//! # fn main() -> cdnsign::Result<()> {
//! let now = 1_767_290_400;
//! let key = SigningKey::from_text("DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI=")?;
//!
//! // The four Ed25519 signature forms.
//! let signer = Signer::new("key-1", key.clone())?;
//! let url = signer.sign_url("https://media.example.com/v/main.m3u8", now + 3600)?;
//! let cookie = signer.sign_cookie("https://media.example.com/v/", now + 3600)?;
//!
//! // A token, and the dual-token short-lived token (Expires = now + 60 s).
//! let tokens = TokenSigner::ed25519(key.clone());
//! let token = tokens.sign(&TokenClaims::short_lived(now).path_globs(["/v/*"]))?;
//! let manifest = token.apply_to_url("https://media.example.com/v/main.m3u8");
//!
//! // Verification at the origin, against the keyset's public keys.
//! let keyset = Keyset::new().with_public_key("key-1", key.public_key())?;
//! let verifier = Verifier::new(keyset);
//! let ok = verifier.verify(&Request::new(&manifest, now))?;
//! assert_eq!(ok.key_id, "key-1");
//! verifier.verify(&Request::new(&url.url, now))?;
//! verifier.verify(
//!     &Request::new("https://media.example.com/v/seg-1.ts", now)
//!         .cookie_header(cookie.cookie_pair()),
//! )?;
//! # Ok(()) }
//! ```
//!
//! Every rule implemented here, with its source in Google's documentation or
//! samples, is in [`RULES.md`](https://github.com/cdnsign/cdnsign/blob/main/core/src/mediacdn/RULES.md)
//! next to this file. In short:
//!
//! - **Signatures** (Ed25519 only; Media CDN refuses HMAC for them): the
//!   exact URL (`…?Expires=N&KeyName=K&Signature=S`, the whole URL signed),
//!   a URL prefix (`URLPrefix=<b64url>&Expires=N&KeyName=K&Signature=S`),
//!   a path component (`…/edge-cache-token=Expires=N&KeyName=K&Signature=S/…`)
//!   and the `Edge-Cache-Cookie` cookie (`URLPrefix=…:Expires=…:KeyName=…:Signature=…`).
//!   Unpadded base64url by default; [`Signer::with_padding`] pads like
//!   Google's Python samples. Verification checks the exact bytes received,
//!   padded or not.
//! - **Tokens**: `PathGlobs` | `URLPrefix` | `FullPath`, `Starts`, `Expires`,
//!   `SessionID`, `Data`, `Headers`, `IPRanges`, then `Signature=` (Ed25519)
//!   or `hmac=` (lowercase hex HMAC-SHA1/SHA-256). `FullPath` is bare in the
//!   token and `FullPath=<path>` in the signed value; `Headers` lists names in
//!   the token and `name=value` pairs in the signed value. The token travels in
//!   `edge-cache-token` (configurable) or in `Edge-Cache-Cookie`.
//! - **Dual-token**: [`sign_short_lived`] / [`TokenClaims::short_lived`] make
//!   the short-lived token the app server issues (60 s by default). The
//!   long-lived token is minted by Media CDN itself and is out of scope.
//! - **Keys**: Ed25519 seeds (32 bytes) or seed ‖ public (64 bytes) in base64
//!   or base64url, padded or not, or PKCS#8 PEM; public keys in the keyset's
//!   43/44-character base64url form or SPKI PEM; HMAC secrets of at least 16
//!   bytes.
//! - **Verification** ([`Verifier`]) tries the keyset's keys in order and
//!   returns typed rejections (`expired`, `not_yet_valid`, `bad_signature`,
//!   `unknown_key`, `url_mismatch`, `ip_not_allowed`, `header_mismatch`,
//!   `algorithm_not_allowed`, `malformed`, `missing_credential`, …) whose
//!   messages carry the numbers. Glob matching is linear-bounded on any input.

mod dualtoken;
mod explain;
mod glob;
mod ipranges;
mod keys;
mod names;
mod signature;
mod token;
mod verify;

pub use crate::api::explanation::Explanation;
pub use crate::google::url::MAX_URL_LEN;
pub use crate::google::{CookieAttributes, SameSite, SignedCookie, SignedQuery, SignedUrl};
pub use crate::google::{Form, Request, MAX_COOKIES_TRIED};
pub use crate::wildcard::matches as glob_matches;
pub use dualtoken::{sign_short_lived, DEFAULT_SHORT_LIFETIME, MAX_SHORT_LIFETIME};
pub use explain::explain;
pub use glob::{glob_separator_from_name, MAX_GLOBS, MAX_GLOB_LEN};
pub use ipranges::{IpRange, MAX_IP_RANGES};
pub use keys::{GeneratedKey, HmacSecret, PublicKey, SigningKey, MIN_SECRET_LEN};

/// A fresh Ed25519 key pair ([`SigningKey::generate`]).
pub fn generate_key() -> crate::Result<GeneratedKey> {
    SigningKey::generate()
}
pub use names::{validate_param_name, DEFAULT_TOKEN_PARAM, MAX_NAME_LEN, MAX_VALUE_LEN};
pub use signature::{Signer, EDGE_CACHE_COOKIE};
pub use token::{
    Algorithm, SignedToken, TokenClaims, TokenSigner, MAX_HEADERS, MAX_HEADER_VALUE_LEN,
    MAX_TOKEN_LEN,
};
pub use verify::{Keyset, Verified, Verifier, VerifierOptions};

// Shared with `cloudcdn` until the explanation types are one
// (the rest of what the two share is in `core/src/google/`).
pub(crate) use explain::{key_name, signature_fact, time_problems};
