//! Dual-token authentication (RULES.md §3).
//!
//! The app server issues a **short-lived** token (about a minute) for the
//! first request of a playback session, usually the main manifest. Media CDN
//! validates it and then **mints the long-lived token itself** (a cookie or an
//! HLS query parameter, per the route's `addSignatures` configuration) for
//! every later request. Only the short-lived token is ours to sign and to
//! verify; the long-lived one is Media CDN's business and out of scope here.

use crate::error::{Error, Result};
use crate::time::check_unix_seconds;

use super::token::{SignedToken, TokenClaims, TokenSigner};

/// Default lifetime of the short-lived token, in seconds.
pub const DEFAULT_SHORT_LIFETIME: i64 = 60;

/// Longest lifetime [`sign_short_lived`] accepts; anything longer is not a
/// short-lived token (use [`TokenSigner::sign`] with your own `Expires`).
pub const MAX_SHORT_LIFETIME: i64 = 3600;

// Here rather than in token.rs, so that the token module does not depend on
// this one (which builds on it).
impl TokenClaims {
    /// The dual-token short-lived token: `Expires = now + 60` (RULES.md D1, D3).
    pub fn short_lived(now: i64) -> TokenClaims {
        TokenClaims::new(now.saturating_add(DEFAULT_SHORT_LIFETIME))
    }
}

/// Signs `claims` as a short-lived token: `Expires = now + lifetime`
/// (`None` = 60 s), overriding any `expires` the claims carry.
pub fn sign_short_lived(
    signer: &TokenSigner,
    claims: TokenClaims,
    now: i64,
    lifetime: Option<i64>,
) -> Result<SignedToken> {
    check_unix_seconds("now", now)?;
    let lifetime = lifetime.unwrap_or(DEFAULT_SHORT_LIFETIME);
    if !(1..=MAX_SHORT_LIFETIME).contains(&lifetime) {
        return Err(Error::invalid_input(
            "lifetime",
            format!(
                "a short-lived token lives 1..={MAX_SHORT_LIFETIME} s (default {DEFAULT_SHORT_LIFETIME}); got {lifetime}"
            ),
        ));
    }
    let mut claims = claims;
    claims.expires = now + lifetime;
    signer.sign(&claims)
}

impl TokenSigner {
    /// [`sign_short_lived`] with this signer: the registry's
    /// `mediacdn.TokenSigner.sign_short_lived`.
    pub fn sign_short_lived(
        &self,
        claims: TokenClaims,
        now: i64,
        lifetime: Option<i64>,
    ) -> Result<SignedToken> {
        sign_short_lived(self, claims, now, lifetime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediacdn::SigningKey;

    #[test]
    fn short_lived_defaults_to_a_minute() {
        let s = TokenSigner::ed25519(SigningKey::from_seed(&[1u8; 32]).unwrap());
        let t = sign_short_lived(
            &s,
            TokenClaims::new(0).url_prefix("https://h/live/"),
            1_767_290_400,
            None,
        )
        .unwrap();
        assert!(t.token.contains("~Expires=1767290460~"));
        let e = sign_short_lived(
            &s,
            TokenClaims::new(0).path_globs(["/*"]),
            1_767_290_400,
            Some(0),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("lifetime"));
        assert_eq!(
            TokenClaims::short_lived(1_767_290_400).expires,
            1_767_290_460
        );
    }
}
