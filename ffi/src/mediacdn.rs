//! `cdnsign::mediacdn`: Google Media CDN signed requests (Ed25519) and tokens
//! (Ed25519, HMAC-SHA1, HMAC-SHA256).

use std::ffi::{c_char, CString};

use cdnsign::api::records;
use cdnsign::mediacdn::{
    sign_short_lived, Algorithm, HmacSecret, Keyset, PublicKey, Request, SignedToken, Signer,
    SigningKey, TokenClaims, TokenSigner, Verifier, VerifierOptions,
};

use crate::boundary::{
    arg_opt_str, arg_opt_strings, arg_out, arg_str_array, c_string, c_string_secret, ffi_boundary,
    json_if, FfiResult, IntoC, SplitOut,
};
use crate::export::export;
use crate::status::cdnsign_status;

/// An Ed25519 private key for Media CDN (signatures and tokens). Immutable;
/// safe to share between threads.
pub struct cdnsign_mediacdn_key {
    inner: SigningKey,
}

/// A Media CDN signer for the four signature forms (exact URL, URL prefix,
/// path component, cookie): key + key name + padding + token parameter name.
/// Immutable; safe to share between threads.
pub struct cdnsign_mediacdn_signer {
    pub(crate) inner: Signer,
}

/// A Media CDN token signer (Ed25519 or HMAC). Immutable; safe to share
/// between threads.
pub struct cdnsign_mediacdn_token_signer {
    pub(crate) inner: TokenSigner,
}

/// A Media CDN verifier over a keyset (public keys and shared secrets by id).
/// Immutable; safe to share between threads.
pub struct cdnsign_mediacdn_verifier {
    pub(crate) inner: Verifier,
}

/// The fields of a Media CDN token. Zero-initialise it (`= {0}`) and set what
/// you need: `expires` is required, and exactly one of `path_globs`,
/// `url_prefix`, `full_path`. Pointers are NULL when absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cdnsign_mediacdn_token_claims {
    /// `Expires`, Unix seconds.
    pub expires: i64,
    /// `Starts`, Unix seconds; 0 = absent.
    pub starts: i64,
    /// `PathGlobs` (at most 5), `path_globs_len` entries; NULL (with 0) = absent.
    pub path_globs: *const *const c_char,
    /// Number of entries in `path_globs`.
    pub path_globs_len: usize,
    /// Separator of `PathGlobs` in the token: `','` or `'!'`; 0 = `','`.
    pub glob_separator: c_char,
    /// `URLPrefix` (a full URL prefix, base64url-encoded in the token), or NULL.
    pub url_prefix: *const c_char,
    /// `FullPath`: the request path it is for, or NULL.
    pub full_path: *const c_char,
    /// `SessionID`, or NULL.
    pub session_id: *const c_char,
    /// `Data`, or NULL.
    pub data: *const c_char,
    /// `Headers`: names of request headers bound into the token...
    pub header_names: *const *const c_char,
    /// ...and their values (signed, not sent in the token).
    pub header_values: *const *const c_char,
    /// Number of entries in `header_names` and `header_values`.
    pub headers_len: usize,
    /// `IPRanges` (IPv4/IPv6 CIDRs, at most 5); NULL (with 0) = absent.
    pub ip_ranges: *const *const c_char,
    /// Number of entries in `ip_ranges`.
    pub ip_ranges_len: usize,
}

/// Options of a Media CDN verifier; pass NULL for all defaults.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cdnsign_mediacdn_verifier_options {
    /// The token query parameter / path marker; NULL = `edge-cache-token`.
    pub param: *const c_char,
    /// Token algorithms accepted (`"ed25519"`, `"hmac-sha1"`, `"hmac-sha256"`);
    /// NULL = Ed25519 alone, as on a Media CDN route that lists none: HMAC
    /// tokens verify only when "hmac-sha1"/"hmac-sha256" are listed here.
    pub allowed_algorithms: *const *const c_char,
    /// Number of entries in `allowed_algorithms`.
    pub allowed_algorithms_len: usize,
    /// Refuse credentials expiring more than this many seconds after now
    /// (`signedRequestMaximumExpirationTtl`); 0 = no limit.
    pub max_expiration_ttl: i64,
    /// Clock skew tolerated on `Starts`/`Expires`, 0..=300 seconds.
    pub leeway: i64,
}

// ---- helpers ------------------------------------------------------------------

/// Pairs two parallel string arrays.
///
/// # Safety
/// As `arg_str_array` for both.
unsafe fn pairs<'a>(
    names: *const *const c_char,
    values: *const *const c_char,
    len: usize,
    field: &'static str,
) -> FfiResult<Vec<(&'a str, &'a str)>> {
    // SAFETY: forwarded contract.
    let n = unsafe { arg_str_array(names, len, field) }?;
    let v = unsafe { arg_str_array(values, len, field) }?;
    Ok(n.into_iter().zip(v).collect())
}

/// # Safety
/// Every pointer in `c` follows `cdnsign_mediacdn_token_claims`' contract.
unsafe fn claims_from_c(c: &cdnsign_mediacdn_token_claims) -> FfiResult<TokenClaims> {
    // SAFETY (all blocks): forwarded contract.
    let owned = |s: Option<&str>| s.map(str::to_owned);
    Ok(TokenClaims {
        path_globs: unsafe { arg_opt_strings(c.path_globs, c.path_globs_len, "path_globs") }?,
        glob_separator: match c.glob_separator {
            0 => ',',
            s => char::from(s as u8),
        },
        url_prefix: owned(unsafe { arg_opt_str(c.url_prefix, "url_prefix") }?),
        full_path: owned(unsafe { arg_opt_str(c.full_path, "full_path") }?),
        starts: (c.starts != 0).then_some(c.starts),
        expires: c.expires,
        session_id: owned(unsafe { arg_opt_str(c.session_id, "session_id") }?),
        data: owned(unsafe { arg_opt_str(c.data, "data") }?),
        headers: unsafe { pairs(c.header_names, c.header_values, c.headers_len, "headers") }?
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect(),
        ip_ranges: unsafe { arg_opt_strings(c.ip_ranges, c.ip_ranges_len, "ip_ranges") }?,
    })
}

// ---- keys ----------------------------------------------------------------------

export! {
    /// Loads an Ed25519 private key: the 32-byte seed or 64-byte seed‖public key
    /// as base64 or base64url (padded or not), or PKCS#8 PEM.
    /// Errors: `CDNSIGN_STATUS_INVALID_KEY`.
    fn cdnsign_mediacdn_key_new(private_key: str) -> (handle out_key: cdnsign_mediacdn_key) {
        let key = SigningKey::from_text(private_key)?;
        Ok(Box::new(cdnsign_mediacdn_key { inner: key }))
    }

    /// Releases a Media CDN key. NULL is a no-op. Signers made from it keep
    /// their own copy and stay valid.
    fn cdnsign_mediacdn_key_free(key: Box<cdnsign_mediacdn_key>);

    /// The key's public half as the EdgeCacheKeyset wants it (44-character padded
    /// base64url).
    fn cdnsign_mediacdn_key_public(key: &cdnsign_mediacdn_key) -> (string out_keyset_value) {
        c_string(key.inner.public_key().keyset_value(), "public key")
    }

    /// Normalises a public key (43/44-character base64url, or SPKI PEM) to the
    /// keyset form. Errors: `CDNSIGN_STATUS_INVALID_KEY`.
    fn cdnsign_mediacdn_public_key_value(public_key: str) -> (string out_keyset_value) {
        c_string(PublicKey::from_text(public_key)?.keyset_value(), "public key")
    }

    /// Checks an HMAC shared secret given as base64/base64url (at least 16
    /// bytes) and writes its decoded length. Errors: `CDNSIGN_STATUS_INVALID_KEY`.
    fn cdnsign_mediacdn_hmac_secret_check(secret_base64: str) -> (value out_len: usize) {
        Ok(HmacSecret::from_base64(secret_base64)?.len())
    }
}

/// Generates an Ed25519 key: writes the seed (base64url, unpadded; keep it
/// secret; `cdnsign_mediacdn_key_new` reads it) and the public key in keyset
/// form (for `gcloud edge-cache keysets`).
///
/// # Safety
/// `out_seed` and `out_keyset_value` are writable.
///
/// Ownership: on success both are new strings for `cdnsign_string_free` (which
/// wipes the seed).
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_mediacdn_generate_key(
    out_seed: *mut *mut c_char,
    out_keyset_value: *mut *mut c_char,
) -> cdnsign_status {
    ffi_boundary(|| {
        let out_seed = arg_out(out_seed, "out_seed")?;
        let out_value = arg_out(out_keyset_value, "out_keyset_value")?;
        let key = SigningKey::generate()?;
        let seed = c_string_secret(&key.seed_base64url(), "seed")?;
        let value = c_string(key.keyset_value(), "public key")?;
        // SAFETY: the caller's contract above.
        unsafe {
            out_seed.write(seed.into_c());
            out_value.write(value.into_c());
        }
        Ok(())
    })
}

// ---- signatures ----------------------------------------------------------------

export! {
    /// Creates a signer for the four signature forms with `key` named `key_name`
    /// in the keyset. `padded`: pad `URLPrefix`/`Signature` with `=` like Google's
    /// Python samples (default elsewhere: unpadded; Media CDN accepts both).
    /// `param`: the route's token parameter name, used as the path-component
    /// marker; NULL = `edge-cache-token`.
    fn cdnsign_mediacdn_signer_new(
        key: &cdnsign_mediacdn_key,
        key_name: str,
        padded: bool,
        param: Option<str>,
    ) -> (handle out_signer: cdnsign_mediacdn_signer) {
        let mut signer = Signer::new(key_name, key.inner.clone())?.with_padding(padded);
        if let Some(p) = param {
            signer = signer.with_param(p)?;
        }
        Ok(Box::new(cdnsign_mediacdn_signer { inner: signer }))
    }

    /// Releases a Media CDN signer. NULL is a no-op.
    fn cdnsign_mediacdn_signer_free(signer: Box<cdnsign_mediacdn_signer>);

    /// Path-component signature: writes
    /// `<prefix ending in />edge-cache-token=Expires=N&KeyName=K&Signature=S/<rest>`
    /// (the whole URL up to the marker is signed) and, if wanted, the signed value.
    fn cdnsign_mediacdn_signer_sign_path(
        signer: &cdnsign_mediacdn_signer,
        prefix: str,
        rest: str,
        expires: i64,
    ) -> (string out_url, opt string out_signed_value) {
        let s = signer.inner.sign_path(prefix, rest, expires)?;
        Ok(crate::google::Signed(s.url, s.signed_value))
    }
}

// ---- tokens --------------------------------------------------------------------

fn finish_token_signer(
    signer: TokenSigner,
    padded: bool,
    param: Option<&str>,
) -> FfiResult<Box<cdnsign_mediacdn_token_signer>> {
    let mut signer = signer.with_padding(padded);
    if let Some(p) = param {
        signer = signer.with_param(p)?;
    }
    Ok(Box::new(cdnsign_mediacdn_token_signer { inner: signer }))
}

export! {
    /// Creates an Ed25519 token signer (`Signature=` field) from `key`.
    /// `padded` pads the base64url signature; `param` is the query parameter the
    /// token travels in (NULL = `edge-cache-token`).
    fn cdnsign_mediacdn_token_signer_new_ed25519(
        key: &cdnsign_mediacdn_key,
        padded: bool,
        param: Option<str>,
    ) -> (handle out_signer: cdnsign_mediacdn_token_signer) {
        finish_token_signer(TokenSigner::ed25519(key.inner.clone()), padded, param)
    }

    /// Creates an HMAC token signer (`hmac=` field, lowercase hex). `algorithm`
    /// is `"hmac-sha256"` or `"hmac-sha1"` (API names `HMAC_SHA_256`/`HMAC_SHA1`
    /// too); `secret_base64` the shared secret (at least 16 bytes) as base64 or
    /// base64url. Errors: `CDNSIGN_STATUS_INVALID_KEY`, `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_mediacdn_token_signer_new_hmac(
        algorithm: str,
        secret_base64: str,
        param: Option<str>,
    ) -> (handle out_signer: cdnsign_mediacdn_token_signer) {
        let algorithm = Algorithm::from_name(algorithm)?;
        let signer = TokenSigner::hmac(algorithm, HmacSecret::from_base64(secret_base64)?)?;
        finish_token_signer(signer, false, param)
    }

    /// Releases a token signer. NULL is a no-op.
    fn cdnsign_mediacdn_token_signer_free(signer: Box<cdnsign_mediacdn_token_signer>);
}

/// What the `_sign` functions write: the token, and its details record as
/// JSON when wanted.
impl SplitOut for SignedToken {
    type First = CString;
    type Second = CString;
    fn split(self, wanted: bool) -> FfiResult<(CString, Option<CString>)> {
        let details = json_if(wanted, || records::MediaCdnToken::from(&self))?;
        Ok((c_string(self.token, "token")?, details))
    }
}

export! {
    /// Signs a token from `claims`: writes the token (fields joined by `~`, last
    /// `Signature=` or `hmac=`) to `*out_token` and, when `out_details_json` is
    /// not NULL, `{"token","signed_value","param","query","cookie":{"name",
    /// "value","signed_value","cookie_pair","set_cookie"},"algorithm","url"}`
    /// where `query` is `param=token` (append it to the URL), `cookie` the
    /// token as an `Edge-Cache-Cookie` and `url` null. Errors (`CDNSIGN_STATUS_INVALID_INPUT`,
    /// naming the field): no or several of PathGlobs/URLPrefix/FullPath, more
    /// than 5 globs or ranges, bad times or ranges.
    fn cdnsign_mediacdn_token_signer_sign(
        signer: &cdnsign_mediacdn_token_signer,
        claims: &cdnsign_mediacdn_token_claims,
    ) -> (string out_token, opt string out_details_json) {
        // SAFETY: `claims`' pointers follow its contract (the caller's).
        let claims = unsafe { claims_from_c(claims) }?;
        Ok(signer.inner.sign(&claims)?)
    }

    /// Signs the short-lived token of Media CDN dual-token authentication:
    /// `Expires = now + lifetime_seconds` (0 = the default 60 s; at most 3600),
    /// overriding `claims->expires`. Outputs as `cdnsign_mediacdn_token_signer_sign`.
    fn cdnsign_mediacdn_token_signer_sign_short_lived(
        signer: &cdnsign_mediacdn_token_signer,
        claims: &cdnsign_mediacdn_token_claims,
        now: i64,
        lifetime_seconds: i64,
    ) -> (string out_token, opt string out_details_json) {
        // SAFETY: `claims`' pointers follow its contract (the caller's).
        let claims = unsafe { claims_from_c(claims) }?;
        let lifetime = (lifetime_seconds != 0).then_some(lifetime_seconds);
        Ok(sign_short_lived(&signer.inner, claims, now, lifetime)?)
    }
}

// ---- verification --------------------------------------------------------------

export! {
    /// Creates a verifier over a keyset: `public_keys_len` Ed25519 public keys
    /// (`public_key_ids[i]`, keyset value or SPKI PEM `public_keys[i]`) and
    /// `shared_keys_len` HMAC secrets (`shared_key_ids[i]`, base64
    /// `shared_secrets[i]`). `keyset_name` may be NULL. `options` may be NULL for
    /// the defaults. Errors: `CDNSIGN_STATUS_INVALID_KEY`, `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_mediacdn_verifier_new(
        keyset_name: Option<str>,
        public_key_ids: strs[public_keys_len],
        public_keys: strs[public_keys_len],
        public_keys_len: usize,
        shared_key_ids: strs[shared_keys_len],
        shared_secrets: strs[shared_keys_len],
        shared_keys_len: usize,
        options: Option<&cdnsign_mediacdn_verifier_options>,
    ) -> (handle out_verifier: cdnsign_mediacdn_verifier) {
        let public = public_key_ids.into_iter().zip(public_keys);
        let public = public.map(|(id, text)| Ok((id, PublicKey::from_text(text)?)));
        let public = public.collect::<FfiResult<Vec<_>>>()?;
        let shared = shared_key_ids.into_iter().zip(shared_secrets);
        let shared = shared.map(|(id, text)| Ok((id, HmacSecret::from_base64(text)?)));
        let shared = shared.collect::<FfiResult<Vec<_>>>()?;
        let keyset = Keyset::of(keyset_name, public, shared)?;
        let options = match options {
            // SAFETY (both blocks): `options`' pointers follow its contract (the caller's).
            Some(o) => VerifierOptions {
                param: unsafe { arg_opt_str(o.param, "param") }?.map(str::to_owned),
                allowed_algorithms: unsafe {
                    arg_opt_strings(o.allowed_algorithms, o.allowed_algorithms_len, "allowed_algorithms")
                }?,
                max_expiration_ttl: (o.max_expiration_ttl != 0).then_some(o.max_expiration_ttl),
                leeway: Some(o.leeway),
            },
            None => VerifierOptions::default(),
        };
        let verifier = Verifier::with_options(keyset, &options)?;
        Ok(Box::new(cdnsign_mediacdn_verifier { inner: verifier }))
    }

    /// Releases a Media CDN verifier. NULL is a no-op.
    fn cdnsign_mediacdn_verifier_free(verifier: Box<cdnsign_mediacdn_verifier>);

    /// Verifies a request at the origin: a token in the query parameter, a
    /// path-component signature, a query signature (exact URL or prefix), or an
    /// `Edge-Cache-Cookie` (signature or token), in that order.
    ///
    /// `url` is the full URL as received; `header_names`/`header_values` the
    /// request headers (`headers_len` of them; a `Cookie` header there is read
    /// too); `cookie_header` a `Cookie` header value or NULL; `client_ip` the
    /// client address (needed when a token has `IPRanges`) or NULL. Rejections:
    /// `MISSING_CREDENTIAL`, `MALFORMED`, `UNKNOWN_KEY`, `BAD_SIGNATURE`,
    /// `EXPIRED`, `NOT_YET_VALID`, `URL_MISMATCH`, `IP_NOT_ALLOWED`,
    /// `HEADER_MISMATCH`, `ALGORITHM_NOT_ALLOWED`.
    ///
    /// On success, if `out_json` is not NULL, writes
    /// `{"form","key_id","algorithm","expires","starts","session_id","data","signed_value"}`
    /// (`form`: `signed_url`, `signed_prefix`, `path_component`, `cookie`,
    /// `token`, `token_cookie`).
    fn cdnsign_mediacdn_verifier_verify(
        verifier: &cdnsign_mediacdn_verifier,
        url: str,
        now: i64,
        header_names: strs[headers_len],
        header_values: strs[headers_len],
        headers_len: usize,
        cookie_header: Option<str>,
        client_ip: Option<str>,
    ) -> (opt json out_json: records::MediaCdnVerified) {
        let headers = header_names.into_iter().zip(header_values);
        let request = Request::of(url, now, headers, cookie_header, client_ip)?;
        Ok(verifier.inner.verify(&request)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{cstr, last_error, out, take};
    use std::ptr;

    #[test]
    fn token_round_trip_through_the_c_api() {
        let (null, none) = (ptr::null::<c_char>(), ptr::null_mut());
        let seed = cstr("DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI=");
        let key = out(|o| unsafe { cdnsign_mediacdn_key_new(seed.as_ptr(), o) });
        let ts = out(|o| unsafe { cdnsign_mediacdn_token_signer_new_ed25519(key, false, null, o) });
        let glob = cstr("/v/*");
        let globs = [glob.as_ptr()];
        let claims = cdnsign_mediacdn_token_claims {
            expires: 1_767_290_460,
            starts: 0,
            path_globs: globs.as_ptr(),
            path_globs_len: 1,
            glob_separator: 0,
            url_prefix: null,
            full_path: null,
            session_id: null,
            data: null,
            header_names: ptr::null(),
            header_values: ptr::null(),
            headers_len: 0,
            ip_ranges: ptr::null(),
            ip_ranges_len: 0,
        };
        let token = take(out(|o| unsafe {
            cdnsign_mediacdn_token_signer_sign(ts, &claims, o, none)
        }));
        let public = cstr(&take(out(|o| unsafe {
            cdnsign_mediacdn_key_public(key, o)
        })));
        let id = cstr("key-1");
        let (ids, keys) = ([id.as_ptr()], [public.as_ptr()]);
        let v = out(|o| unsafe {
            let no_list = ptr::null();
            cdnsign_mediacdn_verifier_new(
                null,
                ids.as_ptr(),
                keys.as_ptr(),
                1,
                no_list,
                no_list,
                0,
                ptr::null(),
                o,
            )
        });
        let url = format!("https://media.example.com/v/main.m3u8?edge-cache-token={token}");
        let url = cstr(&url);
        let verify = |now: i64| unsafe {
            let no_list = ptr::null();
            cdnsign_mediacdn_verifier_verify(
                v,
                url.as_ptr(),
                now,
                no_list,
                no_list,
                0,
                null,
                null,
                none,
            )
        };
        assert_eq!(
            verify(1_767_290_400),
            cdnsign_status::Ok,
            "{}",
            last_error()
        );
        assert_eq!(verify(1_767_290_461), cdnsign_status::Expired);
        unsafe {
            cdnsign_mediacdn_verifier_free(v);
            cdnsign_mediacdn_token_signer_free(ts);
            cdnsign_mediacdn_key_free(key);
        }
    }
}
