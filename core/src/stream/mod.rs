//! Cloudflare Stream signed tokens (RS256 JWT), signed locally with a key
//! from `POST /accounts/{id}/stream/keys`, and verified at the origin.
//!
//! ```no_run
//! use cdnsign::stream::{AccessRule, Action, Claims, SigningKey, StreamUrls, Verifier, VerifyRequest};
//! # fn main() -> cdnsign::Result<()> {
//! # let response_json = "";
//! let now = cdnsign::time::now_unix();
//! let key = SigningKey::from_stream_keys_response(response_json)?;
//! let claims = Claims::new("6b9e68b07dfee8cc2d116e4c51d6a957", now + 3600)
//!     .rule(AccessRule::country(Action::Allow, ["KR"])?)
//!     .rule(AccessRule::any(Action::Block));
//! let token = key.sign(&claims, now)?;
//! let hls = StreamUrls::new("f33zs165nr7gyfy4")?.hls(&token)?;
//!
//! let mut verifier = Verifier::new();
//! verifier.add_signing_key(&key)?;
//! let ok = verifier.verify(&token, &VerifyRequest::new(now).viewer_country("KR"))?;
//! # let _ = (hls, ok);
//! # Ok(()) }
//! ```
//!
//! Format (see `tests/vectors/generate/NOTES-stream.md` for the sources):
//! header exactly `{"alg":"RS256","kid":"<key id>"}`; payload `sub`, `kid`,
//! `exp`, then `nbf`, `downloadable`, `accessRules` when set; compact JSON,
//! base64url without padding; RSASSA-PKCS1-v1_5 with SHA-256. Tokens equal,
//! byte for byte, those of Cloudflare's documented Worker and of PyJWT with
//! `headers={"kid": id}` and no `typ`.
//!
//! Limits enforced when signing, each a typed `invalid_input` naming the
//! field: `exp` after the signing time and at most 24 h later, `exp > nbf`,
//! at most 5 access rules of type `any` / `ip.src` / `ip.geoip.country`
//! with action `allow` / `block`, officially assigned upper-case ISO 3166-1
//! alpha-2 countries, IPv4/IPv6 addresses or CIDRs, `sub` a plain id.
//!
//! Verification pins RS256 and accepts `exp`/`nbf` as numbers or numeric
//! strings (Cloudflare's `/token` endpoint writes strings), with no clock
//! leeway unless asked ([`DEFAULT_LEEWAY`] is 0: Cloudflare documents none,
//! and a verifier must not accept what Stream refuses). Access rules are
//! evaluated first-match-wins; no match means allowed. An `ip.src` rule
//! matches by address family, with IPv4-mapped viewers and ranges
//! (`::ffff:a.b.c.d`) counting as IPv4 ([`IpRange::contains`]).

mod claims;
mod country;
mod explain;
mod ip;
mod jwk;
mod key;
mod token;
mod urls;
mod verify;

pub use crate::api::explanation::Explanation;
pub use claims::{
    AccessRule, Action, Claims, RuleType, MAX_ACCESS_RULES, MAX_ID_LEN, MAX_RULE_ENTRIES,
};
pub use country::{is_assigned as is_assigned_country, ASSIGNED as ASSIGNED_COUNTRIES};
pub use explain::{explain, looks_like_token};
pub use ip::IpRange;
pub use key::{GeneratedKey, SigningKey, MIN_SIGNING_BITS};

/// Formats `unix` (seconds, UTC) as RFC 3339 (`2026-01-01T18:00:00Z`), for
/// the `created` field of generated keys and for messages. A time outside
/// years 0000-9999 is clamped to the nearest one RFC 3339 can write
/// (`9999-12-31T23:59:59Z`); see [`crate::time::rfc3339`].
pub fn format_utc(unix: i64) -> String {
    crate::time::rfc3339_clamped(unix)
}
pub use token::{decode, DecodedToken, TokenClaims, MAX_TOKEN_LEN};
pub use urls::{id_from_url, StreamUrls, UrlKind};
pub use verify::{
    evaluate_access, AccessDecision, AccessEvaluation, VerifiedToken, Verifier, VerifyRequest,
    ALGORITHM, DEFAULT_LEEWAY,
};

/// Longest a token may live: `exp` at most this many seconds after signing.
pub const MAX_LIFETIME: i64 = 24 * 60 * 60;

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn shared_types_are_send_and_sync() {
        assert_send_sync::<super::SigningKey>();
        assert_send_sync::<super::Verifier>();
        assert_send_sync::<super::StreamUrls>();
        assert_send_sync::<crate::webhook::Verifier>();
        assert_send_sync::<crate::webhook::Event>();
    }
}
