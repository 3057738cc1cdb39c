//! `cdnsign::cloudfront`: AWS CloudFront signed URLs and signed cookies.

use std::ffi::{c_char, CString};

use cdnsign::api::records;
use cdnsign::cloudfront::{
    self, CookieOptions, HashAlgorithm, Policy, PolicyKind, SameSite, SignOptions, Signer,
    SignerOptions, Verifier, VerifierOptions, VerifyRequest,
};

use crate::boundary::{
    arg_bytes, arg_handle, arg_opt_bytes, arg_opt_str, arg_str, arg_str_array, c_json, c_string,
    explain_into, ffi_opt_json, ffi_out, free_handle, handle_str, parse_ip, FfiResult,
};
use crate::status::cdnsign_status;

/// A CloudFront signer: key-pair id + RSA-2048 or ECDSA P-256 private key +
/// hash algorithm. Immutable after creation; safe to share between threads.
pub struct cdnsign_cloudfront_signer {
    pub(crate) inner: Signer,
    key_pair_id: CString,
}

/// A CloudFront verifier holding public keys by key-pair id. Immutable after
/// creation; safe to share between threads.
pub struct cdnsign_cloudfront_verifier {
    pub(crate) inner: Verifier,
}

/// What to sign besides the URL. Zero-initialise it and set `expires`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cdnsign_cloudfront_sign_options {
    /// `DateLessThan`, Unix seconds (at most 2147483647). Required: 0 is
    /// reported as missing.
    pub expires: i64,
    /// `DateGreaterThan`, Unix seconds; 0 = none. Makes the policy custom.
    pub starts: i64,
    /// `IpAddress`: an IPv4 address (becomes /32) or CIDR; NULL = none.
    /// Makes the policy custom.
    pub ip_range: *const c_char,
    /// The policy resource when it differs from the URL, usually a wildcard
    /// (`https://d111111abcdef8.cloudfront.net/videos/intro-*.mp4`); NULL = the URL.
    pub resource: *const c_char,
    /// `"auto"` (NULL), `"canned"` or `"custom"`.
    pub policy_kind: *const c_char,
}

/// Attributes of the `Set-Cookie` values of signed cookies. Pass NULL for the
/// defaults (`Secure; HttpOnly`, nothing else); a struct you fill sets every
/// attribute explicitly.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cdnsign_cloudfront_cookie_options {
    /// `Domain=`, or NULL.
    pub domain: *const c_char,
    /// `Path=` (starting with `/`), or NULL.
    pub path: *const c_char,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite=`: `"Strict"`, `"Lax"`, `"None"`, or NULL.
    pub same_site: *const c_char,
    /// `Expires=` as Unix seconds; 0 = not written.
    pub expires: i64,
    /// `Max-Age=` in seconds; 0 = not written.
    pub max_age: i64,
}

/// # Safety
/// `o` follows `cdnsign_cloudfront_sign_options`' contract.
unsafe fn sign_options(o: &cdnsign_cloudfront_sign_options) -> FfiResult<SignOptions> {
    // SAFETY (all blocks): forwarded contract.
    Ok(SignOptions {
        expires: (o.expires != 0).then_some(o.expires),
        starts: (o.starts != 0).then_some(o.starts),
        ip_range: unsafe { arg_opt_str(o.ip_range, "ip_range") }?.map(str::to_owned),
        resource: unsafe { arg_opt_str(o.resource, "resource") }?.map(str::to_owned),
        policy_kind: match unsafe { arg_opt_str(o.policy_kind, "policy_kind") }? {
            Some(k) => PolicyKind::from_name(k)?,
            None => PolicyKind::Auto,
        },
    })
}

/// # Safety
/// `o` is NULL or follows `cdnsign_cloudfront_cookie_options`' contract.
unsafe fn to_cookie_options(
    o: *const cdnsign_cloudfront_cookie_options,
) -> FfiResult<CookieOptions> {
    // SAFETY (all blocks): forwarded contract.
    let Some(o) = (unsafe { o.as_ref() }) else {
        return Ok(CookieOptions::new());
    };
    Ok(CookieOptions {
        domain: unsafe { arg_opt_str(o.domain, "domain") }?.map(str::to_owned),
        path: unsafe { arg_opt_str(o.path, "path") }?.map(str::to_owned),
        secure: o.secure,
        http_only: o.http_only,
        same_site: match unsafe { arg_opt_str(o.same_site, "same_site") }? {
            Some(s) => Some(SameSite::from_name(s)?),
            None => None,
        },
        expires: (o.expires != 0).then_some(o.expires),
        max_age: (o.max_age != 0).then_some(o.max_age),
    })
}

/// The request a verifier checks against: `now` and the optional client IP.
///
/// # Safety
/// `client_ip` is NULL or a NUL-terminated string.
unsafe fn verify_request(now: i64, client_ip: *const c_char) -> FfiResult<VerifyRequest> {
    // SAFETY: forwarded contract.
    let ip = unsafe { arg_opt_str(client_ip, "client_ip") }?;
    Ok(VerifyRequest {
        now,
        client_ip: parse_ip(ip, "client_ip")?,
    })
}

/// Creates a signer from a private key in PEM or DER (PKCS#1, PKCS#8, SEC1,
/// or encrypted PKCS#8 with `passphrase`; NULL with 0 when not encrypted):
/// RSA 2048 or ECDSA P-256. `key_pair_id` is the id CloudFront shows for the
/// public key (like `K2JCJMDEHXQW5F`). `hash_algorithm`: `"SHA1"` (NULL; the
/// default CloudFront assumes) or `"SHA256"` (adds `Hash-Algorithm=SHA256`).
/// `allow_weak_rsa_for_tests` accepts RSA keys under 2048 bits: only for test
/// vectors, never in production. Errors: `CDNSIGN_STATUS_INVALID_KEY`,
/// `CDNSIGN_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `key_pair_id` is a NUL-terminated string; `private_key` points to
/// `private_key_len` bytes; `passphrase` to `passphrase_len` bytes or is NULL
/// with 0; `hash_algorithm` NULL or NUL-terminated; `out_signer` writable.
///
/// Ownership: inputs are copied; on success `*out_signer` is a new handle for
/// `cdnsign_cloudfront_signer_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_new(
    key_pair_id: *const c_char,
    private_key: *const u8,
    private_key_len: usize,
    passphrase: *const u8,
    passphrase_len: usize,
    hash_algorithm: *const c_char,
    allow_weak_rsa_for_tests: bool,
    out_signer: *mut *mut cdnsign_cloudfront_signer,
) -> cdnsign_status {
    ffi_out(out_signer, "out_signer", || {
        // SAFETY (all blocks): the caller's contract above.
        let id = unsafe { arg_str(key_pair_id, "key_pair_id") }?;
        let key = unsafe { arg_bytes(private_key, private_key_len, "private_key") }?;
        let passphrase = unsafe { arg_opt_bytes(passphrase, passphrase_len, "passphrase") }?;
        let hash = unsafe { arg_opt_str(hash_algorithm, "hash_algorithm") }?;
        let options = SignerOptions {
            hash_algorithm: match hash {
                Some(h) => HashAlgorithm::from_name(h)?,
                None => HashAlgorithm::Sha1,
            },
            allow_weak_rsa_for_tests,
        };
        let signer = Signer::from_pem_with(id, key, passphrase, options)?;
        let key_pair_id = c_string(signer.key_pair_id().to_owned(), "key_pair_id")?;
        Ok(Box::new(cdnsign_cloudfront_signer {
            inner: signer,
            key_pair_id,
        }))
    })
}

/// Releases a CloudFront signer. NULL is a no-op.
///
/// # Safety
/// `signer` is NULL or a handle from `cdnsign_cloudfront_signer_new` not yet freed.
///
/// Ownership: takes ownership of `signer` (the key is wiped).
/// Thread safety: no other call may be using `signer` concurrently.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_free(signer: *mut cdnsign_cloudfront_signer) {
    // SAFETY: the caller hands over a live handle or NULL, freed once (contract above).
    unsafe { free_handle(signer) }
}

/// The signer's key-pair id, or NULL when `signer` is NULL.
///
/// # Safety
/// `signer` is NULL or a live handle.
///
/// Ownership: borrowed from the handle; valid until `cdnsign_cloudfront_signer_free`.
/// Thread safety: safe from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_key_pair_id(
    signer: *const cdnsign_cloudfront_signer,
) -> *const c_char {
    // SAFETY: NULL or a live handle (contract above).
    unsafe { handle_str(signer, |s| &s.key_pair_id) }
}

/// The signer's public key as SPKI PEM: what to upload to CloudFront and to
/// give a verifier.
///
/// # Safety
/// `signer` is a live handle; `out_pem` is writable.
///
/// Ownership: on success `*out_pem` is a new string for `cdnsign_string_free`.
/// Thread safety: safe to call concurrently on one signer.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_public_key_pem(
    signer: *const cdnsign_cloudfront_signer,
    out_pem: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_pem, "out_pem", || {
        // SAFETY: the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        c_string(signer.inner.public_key().to_pem(), "public key PEM")
    })
}

/// Signs a URL: `url` + `?`/`&` + `Expires=N&Signature=S&Key-Pair-Id=K`
/// (canned; byte-identical to botocore) or `Policy=P&Signature=S&Key-Pair-Id=K`
/// (custom: a start time, an IP range or a resource other than the URL), then
/// `&Hash-Algorithm=SHA256` when signing with SHA-256. Refusals
/// (`CDNSIGN_STATUS_INVALID_INPUT`, naming the field): a wildcard with a canned
/// policy; a URL already carrying CloudFront parameters; a fragment;
/// characters not valid on the wire (see `cdnsign_percent_encode_url`);
/// `expires` missing, after 2038, not after `starts` or in milliseconds; IPv6
/// or malformed CIDRs; a resource that does not cover the URL.
///
/// # Safety
/// `signer` is a live handle; `url` a NUL-terminated string; `options` points
/// to a valid struct; `out_url` writable.
///
/// Ownership: on success `*out_url` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_sign_url(
    signer: *const cdnsign_cloudfront_signer,
    url: *const c_char,
    options: *const cdnsign_cloudfront_sign_options,
    out_url: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_url, "out_url", || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let url = unsafe { arg_str(url, "url") }?;
        let options = unsafe { sign_options(arg_handle(options, "options")?) }?;
        c_string(signer.inner.sign_url(url, &options)?, "URL")
    })
}

/// Signs a URL under a policy you wrote (botocore's `policy=`): the policy
/// must parse as a CloudFront policy whose resource covers `url`; its bytes
/// are signed exactly as given.
///
/// # Safety
/// `signer` is a live handle; `url`, `policy_json` NUL-terminated strings;
/// `out_url` writable.
///
/// Ownership: on success `*out_url` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_sign_url_with_policy(
    signer: *const cdnsign_cloudfront_signer,
    url: *const c_char,
    policy_json: *const c_char,
    out_url: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_url, "out_url", || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let url = unsafe { arg_str(url, "url") }?;
        let policy = unsafe { arg_str(policy_json, "policy_json") }?;
        c_string(signer.inner.sign_url_with_policy(url, policy)?, "URL")
    })
}

/// Signs cookies for `resource`: the exact URL (canned policy) or a wildcard
/// pattern such as `https://d111111abcdef8.cloudfront.net/videos/intro-*.mp4` (custom).
/// Writes JSON
/// `{"cookies":[{"name","value"},...],"set_cookie":["CloudFront-Policy=...; Domain=...; Secure; HttpOnly",...],"cookie_header":"..."}`:
/// the cookies in order (Expires or Policy, Signature, Key-Pair-Id, then
/// Hash-Algorithm for SHA-256), one `Set-Cookie` value each with the
/// attributes of `cookie_options` (NULL = `Secure; HttpOnly`), and the
/// `Cookie` header a browser sends back. In auto mode only `*` makes the
/// policy custom; pass `policy_kind = "custom"` for `?` wildcards.
///
/// # Safety
/// `signer` is a live handle; `resource` a NUL-terminated string; `options`
/// valid; `cookie_options` NULL or valid; `out_json` writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_sign_cookies(
    signer: *const cdnsign_cloudfront_signer,
    resource: *const c_char,
    options: *const cdnsign_cloudfront_sign_options,
    cookie_options: *const cdnsign_cloudfront_cookie_options,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_json, "out_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let resource = unsafe { arg_str(resource, "resource") }?;
        let options = unsafe { sign_options(arg_handle(options, "options")?) }?;
        let cookie = unsafe { to_cookie_options(cookie_options) }?;
        let cookies = signer.inner.sign_cookies(resource, &options, &cookie)?;
        c_json(&records::CloudFrontCookies::from(&cookies))
    })
}

/// Signs cookies under a policy you wrote (checked like
/// `cdnsign_cloudfront_signer_sign_url_with_policy`, signed verbatim); output
/// as `cdnsign_cloudfront_signer_sign_cookies`.
///
/// # Safety
/// `signer` is a live handle; `policy_json` a NUL-terminated string;
/// `cookie_options` NULL or valid; `out_json` writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_sign_cookies_with_policy(
    signer: *const cdnsign_cloudfront_signer,
    policy_json: *const c_char,
    cookie_options: *const cdnsign_cloudfront_cookie_options,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_json, "out_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let policy = unsafe { arg_str(policy_json, "policy_json") }?;
        let cookie = unsafe { to_cookie_options(cookie_options) }?;
        let cookies = signer.inner.sign_cookies_with_policy(policy, &cookie)?;
        c_json(&records::CloudFrontCookies::from(&cookies))
    })
}

/// The policy JSON a signed URL for `url` with `options` would carry (the
/// bytes that get signed): for logging, debugging, or comparing with another
/// SDK. Same refusals as `cdnsign_cloudfront_signer_sign_url`.
///
/// # Safety
/// `url` is a NUL-terminated string; `options` valid; `out_policy_json` writable.
///
/// Ownership: on success `*out_policy_json` is a new string for `cdnsign_string_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_build_policy(
    url: *const c_char,
    options: *const cdnsign_cloudfront_sign_options,
    out_policy_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_policy_json, "out_policy_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let url = unsafe { arg_str(url, "url") }?;
        let options = unsafe { sign_options(arg_handle(options, "options")?) }?;
        c_string(Policy::for_url(url, &options)?.to_json(), "policy")
    })
}

/// Creates a verifier holding `keys_len` public keys: `key_pair_ids[i]` with
/// the PEM (SPKI, PKCS#1, or a private key's public half) `public_keys[i]`
/// (several for rotation). `allow_weak_rsa_for_tests`: accept RSA under 2048
/// bits (conformance vectors only). Errors: `CDNSIGN_STATUS_INVALID_KEY`,
/// `CDNSIGN_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `key_pair_ids` and `public_keys` each point to `keys_len` NUL-terminated
/// strings; `out_verifier` is writable.
///
/// Ownership: inputs are copied; on success `*out_verifier` is a new handle
/// for `cdnsign_cloudfront_verifier_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_verifier_new(
    key_pair_ids: *const *const c_char,
    public_keys: *const *const c_char,
    keys_len: usize,
    allow_weak_rsa_for_tests: bool,
    out_verifier: *mut *mut cdnsign_cloudfront_verifier,
) -> cdnsign_status {
    ffi_out(out_verifier, "out_verifier", || {
        // SAFETY (all blocks): the caller's contract above.
        let ids = unsafe { arg_str_array(key_pair_ids, keys_len, "key_pair_ids") }?;
        let pems = unsafe { arg_str_array(public_keys, keys_len, "public_keys") }?;
        let mut verifier = Verifier::with_options(VerifierOptions {
            allow_weak_rsa_for_tests,
        });
        for (id, pem) in ids.iter().zip(pems) {
            verifier.add_public_key_pem(id, pem)?;
        }
        Ok(Box::new(cdnsign_cloudfront_verifier { inner: verifier }))
    })
}

/// Releases a CloudFront verifier. NULL is a no-op.
///
/// # Safety
/// `verifier` is NULL or a handle from `cdnsign_cloudfront_verifier_new` not
/// yet freed.
///
/// Ownership: takes ownership of `verifier`.
/// Thread safety: no other call may be using `verifier` concurrently.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_verifier_free(
    verifier: *mut cdnsign_cloudfront_verifier,
) {
    // SAFETY: the caller hands over a live handle or NULL, freed once (contract above).
    unsafe { free_handle(verifier) }
}

/// Verifies a signed URL as a viewer requests it, the check CloudFront
/// itself does: the signature under the key-pair id, then the policy
/// (wildcard resource match, `DateLessThan`, `DateGreaterThan`, `IpAddress`
/// against `client_ip`, which may be NULL when the policy has no IP
/// condition). Parameters in any order (botocore's and the JS SDK's both
/// verify). Rejections: `MISSING_CREDENTIAL`, `MALFORMED`, `UNKNOWN_KEY`,
/// `BAD_SIGNATURE`, `EXPIRED`, `NOT_YET_VALID`, `URL_MISMATCH`,
/// `IP_NOT_ALLOWED`.
///
/// On success, if `out_json` is not NULL, writes
/// `{"form":"url","key_pair_id","hash_algorithm","canned","resource","expires",
/// "starts","ip_range","request_url","policy_json"}`.
///
/// # Safety
/// `verifier` is a live handle; `signed_url` NUL-terminated; `client_ip` NULL
/// or NUL-terminated; `out_json` NULL or writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may verify with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_verifier_verify_url(
    verifier: *const cdnsign_cloudfront_verifier,
    signed_url: *const c_char,
    now: i64,
    client_ip: *const c_char,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_opt_json::<records::CloudFrontVerified, _>(out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let url = unsafe { arg_str(signed_url, "signed_url") }?;
        let request = unsafe { verify_request(now, client_ip) }?;
        Ok(verifier.inner.verify_url(url, &request)?)
    })
}

/// Verifies the `CloudFront-*` cookies of a `Cookie:` header value (other
/// cookies are ignored) for a request to `request_url`; otherwise as
/// `cdnsign_cloudfront_verifier_verify_url` (`form` is `"cookies"`). A
/// `request_url` carrying any CloudFront parameter is a signed URL, and, as
/// in CloudFront, it alone is verified (`form` `"url"`); the cookies are not read.
///
/// # Safety
/// `verifier` is a live handle; `cookie_header`, `request_url`
/// NUL-terminated; `client_ip` NULL or NUL-terminated; `out_json` NULL or writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may verify with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_verifier_verify_cookies(
    verifier: *const cdnsign_cloudfront_verifier,
    cookie_header: *const c_char,
    request_url: *const c_char,
    now: i64,
    client_ip: *const c_char,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_opt_json::<records::CloudFrontVerified, _>(out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let header = unsafe { arg_str(cookie_header, "cookie_header") }?;
        let url = unsafe { arg_str(request_url, "request_url") }?;
        let request = unsafe { verify_request(now, client_ip) }?;
        Ok(verifier.inner.verify_cookie_header(header, url, &request)?)
    })
}

/// Explains a CloudFront signed URL (or a `Cookie` header value with
/// `CloudFront-*` cookies) at `now` without any key: what it grants and what
/// would make CloudFront answer 403, as JSON (the explain shape of the
/// conventions at the top). Input that is neither is
/// `CDNSIGN_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `input` is a NUL-terminated string; `out_json` is writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_explain(
    input: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    explain_into(input, out_json, "a CloudFront signed URL or cookies", |i| {
        cloudfront::explain(i, now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{cstr, last_error, take, vector_path};
    use std::ptr;

    #[test]
    fn sign_and_verify_through_the_c_api() {
        let pem = std::fs::read(vector_path("keys/cloudfront-rsa2048.pem")).unwrap();
        let id = cstr("K2JCJMDEHXQW5F");
        let mut s = ptr::null_mut();
        let st = unsafe {
            cdnsign_cloudfront_signer_new(
                id.as_ptr(),
                pem.as_ptr(),
                pem.len(),
                ptr::null(),
                0,
                ptr::null(),
                false,
                &mut s,
            )
        };
        assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
        let url = cstr("https://d111111abcdef8.cloudfront.net/image.jpg");
        let options = cdnsign_cloudfront_sign_options {
            expires: 1_767_290_400,
            starts: 0,
            ip_range: ptr::null(),
            resource: ptr::null(),
            policy_kind: ptr::null(),
        };
        let mut out = ptr::null_mut();
        let st = unsafe { cdnsign_cloudfront_signer_sign_url(s, url.as_ptr(), &options, &mut out) };
        assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
        let signed = cstr(&take(out));
        let mut pem_out = ptr::null_mut();
        assert_eq!(
            unsafe { cdnsign_cloudfront_signer_public_key_pem(s, &mut pem_out) },
            cdnsign_status::Ok
        );
        let public = cstr(&take(pem_out));
        let (ids, keys) = ([id.as_ptr()], [public.as_ptr()]);
        let mut v = ptr::null_mut();
        let st = unsafe {
            cdnsign_cloudfront_verifier_new(ids.as_ptr(), keys.as_ptr(), 1, false, &mut v)
        };
        assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
        let verify = |now| unsafe {
            cdnsign_cloudfront_verifier_verify_url(
                v,
                signed.as_ptr(),
                now,
                ptr::null(),
                ptr::null_mut(),
            )
        };
        assert_eq!(
            verify(1_767_290_399),
            cdnsign_status::Ok,
            "{}",
            last_error()
        );
        assert_eq!(verify(1_767_290_400), cdnsign_status::Expired);
        unsafe {
            cdnsign_cloudfront_verifier_free(v);
            cdnsign_cloudfront_signer_free(s);
        }
    }
}
