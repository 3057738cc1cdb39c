//! What Google Media CDN and Google Cloud CDN share: the URL and query
//! grammar ([`url`]), the three signature forms both use — exact URL, URL
//! prefix and cookie — ([`signature`]), the request a verifier checks and the
//! URL-prefix rule ([`request`]), and what signing returns ([`output`]).
//! `mediacdn` and `cloudcdn` re-export the public types at their old paths
//! (`cdnsign::mediacdn::Request`, `cdnsign::cloudcdn::CookieAttributes`, …).

pub(crate) mod output;
pub(crate) mod request;
pub(crate) mod signature;
pub(crate) mod url;

pub use output::{CookieAttributes, SameSite, SignedCookie, SignedUrl};
pub use request::{Form, Request, MAX_COOKIES_TRIED};
pub use signature::SignedQuery;
