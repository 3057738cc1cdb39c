//! `cdnsign::stream`: Cloudflare Stream signed tokens (RS256 JWT).

use std::ffi::{c_char, CString};

use cdnsign::api::records;
use cdnsign::stream::{
    self, Claims, GeneratedKey, SigningKey, StreamUrls, UrlKind, Verifier, VerifyRequest,
};

use crate::boundary::{
    arg_opt_str, arg_str_array, c_json, c_string, c_string_secret, ffi_out, FfiResult,
};
use crate::export::export;
use crate::status::cdnsign_status;

/// The default clock leeway of a Stream token verifier, seconds, for `exp`
/// and `nbf` (equal to `cdnsign::stream::DEFAULT_LEEWAY`): none. Cloudflare
/// documents `exp` and `nbf` with no allowance for clock skew, and a verifier
/// must not accept a token Stream itself would refuse. (It was 30 before.)
pub const CDNSIGN_STREAM_DEFAULT_LEEWAY: u32 = 0;

/// A Stream signing key (key id + RSA private key). Immutable after creation;
/// safe to share between threads.
pub struct cdnsign_stream_signing_key {
    key: SigningKey,
    kid: CString,
}

/// A Stream token verifier: public keys by key id, leeway, `exp` policy.
/// Immutable after creation; safe to share between threads.
pub struct cdnsign_stream_verifier {
    inner: Verifier,
}

export! {
    /// Loads a signing key from text, recognising its form: the
    /// `POST /accounts/{id}/stream/keys` response as returned (or its `result`),
    /// a private JWK (JSON or base64), a PEM RSA private key (PKCS#1 or PKCS#8),
    /// or the response's base64 `pem` field.
    ///
    /// `kid` (the key id Cloudflare assigned) is required for a PEM, optional
    /// otherwise (it must then agree with the key's own). Errors:
    /// `CDNSIGN_STATUS_INVALID_KEY` (unreadable, not RSA, under 2048 bits, kid
    /// disagreement), `CDNSIGN_STATUS_INVALID_INPUT` (PEM without `kid`).
    fn cdnsign_stream_signing_key_new(
        key_text: str,
        kid: Option<str>,
    ) -> (handle out_signer: cdnsign_stream_signing_key) {
        let key = SigningKey::from_text(key_text, kid)?;
        let kid = c_string(key.kid().to_owned(), "kid")?;
        Ok(Box::new(cdnsign_stream_signing_key { key, kid }))
    }

    /// Releases a Stream signer. NULL is a no-op.
    fn cdnsign_stream_signing_key_free(signer: Box<cdnsign_stream_signing_key>);

    /// The signer's key id, or NULL when `signer` is NULL.
    fn cdnsign_stream_signing_key_kid(signer: &cdnsign_stream_signing_key) -> borrowed str {
        &signer.kid
    }

    /// The signer's public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for a
    /// verifier elsewhere.
    fn cdnsign_stream_signing_key_public_pem(
        signer: &cdnsign_stream_signing_key,
    ) -> (string out_pem) {
        c_string(signer.key.public_pem(), "public key PEM")
    }

    /// The signer's public key as a JWK
    /// (`{"use":"sig","kty":"RSA","kid","alg":"RS256","n","e"}`).
    fn cdnsign_stream_signing_key_public_jwk(
        signer: &cdnsign_stream_signing_key,
    ) -> (string out_jwk) {
        c_string(signer.key.public_jwk(), "public JWK")
    }
}

fn sign(signer: &cdnsign_stream_signing_key, claims: &Claims, now: i64) -> FfiResult<CString> {
    c_string(signer.key.sign(claims, now)?, "token")
}

export! {
    /// Signs a token for one video: `sub` = `video_uid`, expiring at `exp`,
    /// signed at `now` (Unix seconds). Byte for byte what Cloudflare's documented
    /// Worker produces. Errors (`CDNSIGN_STATUS_INVALID_INPUT`, naming the field):
    /// `exp` not after `now` or more than 24 h later, a bad `sub`, millisecond
    /// times. Use `cdnsign_stream_signing_key_sign_claims` for `nbf`, `downloadable`
    /// and access rules.
    fn cdnsign_stream_signing_key_sign(
        signer: &cdnsign_stream_signing_key,
        video_uid: str,
        exp: i64,
        now: i64,
    ) -> (string out_token) {
        sign(signer, &Claims::new(video_uid, exp), now)
    }

    /// Signs a token with full claims given as a JSON object:
    /// `{"sub": "<video uid>", "exp": N, "nbf": N, "downloadable": true,
    /// "accessRules": [{"type": "ip.geoip.country", "action": "allow",
    /// "country": ["KR"]}, {"type": "any", "action": "block"}]}` (`sub` and `exp`
    /// required; unknown members are refused so that a misspelt restriction is
    /// never dropped). Limits: at most 5 rules; types `any`, `ip.src`,
    /// `ip.geoip.country`; actions `allow`, `block`; `exp` at most 24 h after `now`.
    fn cdnsign_stream_signing_key_sign_claims(
        signer: &cdnsign_stream_signing_key,
        claims_json: str,
        now: i64,
    ) -> (string out_token) {
        sign(signer, &Claims::from_json(claims_json)?, now)
    }

    /// Generates a new RSA-2048 signing key created at `now` and writes it in the
    /// shape of a `POST /stream/keys` response
    /// (`{"result":{"id","pem","jwk","created"},...}`), which
    /// `cdnsign_stream_signing_key_new` reads. For tests and local development:
    /// production keys come from Cloudflare. It holds the private key:
    /// `cdnsign_string_free` wipes it.
    fn cdnsign_stream_generate_key(now: i64) -> (string out_response_json) {
        let key = GeneratedKey::generate(now)?;
        c_string_secret(&key.response_json()?, "key response")
    }
}

/// Creates a verifier holding `keys_len` keys. Each `key_texts[i]` is a
/// `/stream/keys` response, a JWK, a JWK Set (`{"keys":[...]}`), or a PEM
/// public or private RSA key; `kids[i]` is its key id, required for a PEM and
/// otherwise NULL (the key carries it). `kids` itself may be NULL when no
/// entry needs one.
///
/// `leeway_seconds` absorbs clock skew on `exp` and `nbf`: a token is
/// expired once `exp <= now - leeway` and not yet valid while
/// `nbf > now + leeway`. Pass `CDNSIGN_STREAM_DEFAULT_LEEWAY` (0): Cloudflare
/// documents no leeway, so any more accepts tokens Stream would refuse; raise
/// it only when this host's clock is known to lag the signer's.
/// `require_exp`: refuse tokens without `exp` (recommended: Cloudflare's
/// signers always set one).
/// Errors: `CDNSIGN_STATUS_INVALID_KEY` for an unusable key (not RSA, under
/// 2048 bits, a kid already held with another key).
///
/// # Safety
/// `key_texts` points to `keys_len` NUL-terminated strings; `kids` is NULL or
/// points to `keys_len` pointers, each NULL or a NUL-terminated string;
/// `out_verifier` is writable.
///
/// Ownership: inputs are copied; on success `*out_verifier` is a new handle
/// for `cdnsign_stream_verifier_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_stream_verifier_new(
    key_texts: *const *const c_char,
    kids: *const *const c_char,
    keys_len: usize,
    leeway_seconds: u32,
    require_exp: bool,
    out_verifier: *mut *mut cdnsign_stream_verifier,
) -> cdnsign_status {
    ffi_out(out_verifier, "out_verifier", || {
        // SAFETY (all blocks): the caller's contract above.
        let texts = unsafe { arg_str_array(key_texts, keys_len, "key_texts") }?;
        let kids: Vec<Option<&str>> = if kids.is_null() {
            vec![None; keys_len]
        } else {
            // SAFETY: `kids` has keys_len entries (contract); each NULL or a string.
            let raw = unsafe { std::slice::from_raw_parts(kids, keys_len) };
            raw.iter()
                .map(|p| unsafe { arg_opt_str(*p, "kids") })
                .collect::<FfiResult<_>>()?
        };
        let mut verifier = Verifier::new()
            .with_leeway(leeway_seconds)
            .with_require_exp(require_exp);
        for (text, kid) in texts.iter().zip(kids) {
            verifier.add_key_text(text, kid)?;
        }
        Ok(Box::new(cdnsign_stream_verifier { inner: verifier }))
    })
}

export! {
    /// Releases a Stream verifier. NULL is a no-op.
    fn cdnsign_stream_verifier_free(verifier: Box<cdnsign_stream_verifier>);

    /// Verifies a token as Stream would, at `now`, in this order: structure
    /// (`MALFORMED`), `alg` pinned to RS256 (`ALGORITHM_NOT_ALLOWED`), `kid`
    /// known (`UNKNOWN_KEY`), signature (`BAD_SIGNATURE`), `exp` (`EXPIRED`), `nbf`
    /// (`NOT_YET_VALID`), `sub` (`SUBJECT_MISMATCH`, when `expected_sub` is not
    /// NULL), then `accessRules` first-match-wins (`IP_NOT_ALLOWED`,
    /// `COUNTRY_NOT_ALLOWED`, `ACCESS_DENIED`).
    ///
    /// `viewer_ip` (IPv4/IPv6 text) and `viewer_country` (ISO 3166-1 alpha-2, e.g.
    /// from `CF-IPCountry`) may be NULL; a rule that needs a missing one is
    /// `CDNSIGN_STATUS_INVALID_INPUT` naming it. `skip_access_rules` skips the
    /// rules (they are still returned).
    ///
    /// On success, if `out_claims_json` is not NULL, writes
    /// `{"kid","claims":{"sub","kid","exp","nbf","exp_was_string","nbf_was_string",
    /// "downloadable","access_rules":[...]},"access":{"decision","rule"}}` where
    /// `decision` is `"not_evaluated"` (rules skipped), `"no_match"` or
    /// `"allowed_by_rule"`, and `rule` the deciding rule's 0-based index or null.
    fn cdnsign_stream_verifier_verify(
        verifier: &cdnsign_stream_verifier,
        token: str,
        now: i64,
        expected_sub: Option<str>,
        viewer_ip: Option<str>,
        viewer_country: Option<str>,
        skip_access_rules: bool,
    ) -> (opt json out_claims_json: records::StreamVerified) {
        let request =
            VerifyRequest::of(now, expected_sub, viewer_ip, viewer_country, !skip_access_rules)?;
        Ok(verifier.inner.verify(token, &request)?)
    }

    /// A Stream playback URL
    /// `https://customer-<CODE>.cloudflarestream.com/<TOKEN or UID>/<path>` where
    /// `kind` is `"iframe"`, `"hls"` (manifest/video.m3u8), `"dash"`
    /// (manifest/video.mpd), `"thumbnail"` (thumbnails/thumbnail.jpg) or `"mp4"`
    /// (downloads/default.mp4). `customer_code` may carry its `customer-` prefix.
    /// Errors: `CDNSIGN_STATUS_INVALID_INPUT` naming `customer_code`, `id` or `kind`.
    fn cdnsign_stream_url(customer_code: str, token_or_uid: str, kind: str) -> (string out_url) {
        let url_kind = UrlKind::from_name(kind)?;
        c_string(StreamUrls::new(customer_code)?.url(token_or_uid, url_kind)?, "URL")
    }

    /// Takes a token apart **without verifying it** (nothing in it is trustworthy
    /// until a verifier says so), as JSON:
    /// `{"header_json","payload_json","alg","kid","typ","signature_length","claims":{...}|null,
    /// "claims_error":"..."|null}` where `header_json`/`payload_json` are the JSON texts as
    /// sent and `claims` is shaped as the `claims` of
    /// `cdnsign_stream_verifier_verify`'s output. A token that cannot be split and decoded is
    /// `CDNSIGN_STATUS_MALFORMED`.
    fn cdnsign_stream_decode(token: str) -> (string out_json) {
        c_json(&records::DecodedToken::from(&stream::decode(token)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{cstr, out, take, vector_path};
    use std::ffi::CStr;
    use std::ptr;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(CDNSIGN_STREAM_DEFAULT_LEEWAY, stream::DEFAULT_LEEWAY);
    }

    #[test]
    fn sign_and_verify_with_the_vector_key() {
        let (null, none) = (ptr::null::<c_char>(), ptr::null_mut());
        let text = std::fs::read_to_string(vector_path("keys/stream-key.json")).unwrap();
        let text = cstr(&text);
        let signer = out(|o| unsafe { cdnsign_stream_signing_key_new(text.as_ptr(), null, o) });
        let kid = unsafe { CStr::from_ptr(cdnsign_stream_signing_key_kid(signer)) };
        assert_eq!(kid.to_str().unwrap(), "2a8ac671e190e2e51c685b2fe32951bd");
        let uid = cstr("6b9e68b07dfee8cc2d116e4c51d6a957");
        let (exp, now) = (1_767_294_000, 1_767_290_400);
        let token = take(out(|o| unsafe {
            cdnsign_stream_signing_key_sign(signer, uid.as_ptr(), exp, now, o)
        }));
        let token = cstr(&token);
        let keys = [text.as_ptr()];
        let v = out(|o| unsafe {
            cdnsign_stream_verifier_new(keys.as_ptr(), ptr::null(), 1, 0, true, o)
        });
        let claims = take(out(|o| unsafe {
            cdnsign_stream_verifier_verify(
                v,
                token.as_ptr(),
                now,
                uid.as_ptr(),
                null,
                null,
                false,
                o,
            )
        }));
        let verified: serde_json::Value = serde_json::from_str(&claims).unwrap();
        assert_eq!(verified["claims"]["exp"], exp);
        assert_eq!(verified["access"]["decision"], "no_match");
        let st = unsafe {
            cdnsign_stream_verifier_verify(v, token.as_ptr(), exp, null, null, null, false, none)
        };
        assert_eq!(st, cdnsign_status::Expired);
        unsafe {
            cdnsign_stream_verifier_free(v);
            cdnsign_stream_signing_key_free(signer);
        }
    }
}
