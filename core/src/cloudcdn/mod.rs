//! Google Cloud CDN signed URLs, URL prefixes and signed cookies
//! (HMAC-SHA1 with a 16-byte key).
//!
//! ```
//! use cdnsign::cloudcdn::{Request, Signer, SigningKey, Verifier};
//! # fn main() -> cdnsign::Result<()> {
//! let key = SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==")?;
//! let signer = Signer::new("my-key", key.clone())?;
//! let url = signer.sign_url("http://35.186.234.33/index.html", 1_549_751_401)?;
//! assert_eq!(
//!     url.url,
//!     "http://35.186.234.33/index.html?Expires=1549751401&KeyName=my-key&Signature=CRFqQnVfFyiUyR63OQf-HRUpIwc="
//! );
//! let verifier = Verifier::new().with_key("my-key", key)?;
//! verifier.verify(&Request::new(&url.url, 1_549_751_400))?;
//! # Ok(()) }
//! ```
//!
//! Formats (sources in `core/src/mediacdn/RULES.md` §5): the exact URL signs
//! `<url>?Expires=N&KeyName=K` and appends `&Signature=<b64url(HMAC-SHA1)>`;
//! the prefix form appends `URLPrefix=<b64url>&Expires=N&KeyName=K&Signature=S`
//! and signs only that; the cookie is
//! `Cloud-CDN-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…`. Signatures
//! and prefixes are padded base64url by default, as Google's samples emit
//! them; the verifier accepts both.
//!
//! Cloud CDN only checks requests that carry a `Signature`; unsigned requests
//! reach the origin, which must verify ([`Verifier`]). Signers refuse URLs that
//! already carry `Expires`, `KeyName`, `Signature` or `URLPrefix`, URLs with a
//! fragment, and prefixes with a query.

mod explain;
mod key;
mod sign;
mod verify;

pub use crate::google::{
    CookieAttributes, Form, Request, SameSite, SignedCookie, SignedQuery, SignedUrl,
};
pub use explain::explain;
pub use key::{SigningKey, KEY_LEN, MAX_KEY_NAME_LEN};
pub use sign::{Signer, CLOUD_CDN_COOKIE};
pub use verify::{Verified, Verifier};

/// A fresh random 16-byte key and its key-file text ([`SigningKey::generate`]).
pub fn generate_key() -> crate::Result<(SigningKey, zeroize::Zeroizing<String>)> {
    SigningKey::generate()
}
