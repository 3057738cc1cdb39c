//! `cdnsign::cloudcdn`: Google Cloud CDN signed URLs, URL prefixes and
//! cookies (HMAC-SHA1).

use std::ffi::c_char;

use cdnsign::api::records;
use cdnsign::cloudcdn::{self, Signer, SigningKey, Verifier};

use crate::boundary::{
    arg_handle, arg_opt_str, arg_str, arg_str_array, c_string_secret, explain_into, ffi_opt_json,
    ffi_out, ffi_out_and_opt, free_handle,
};
use crate::mediacdn::{request_from_c, Signed};
use crate::status::cdnsign_status;

/// A Cloud CDN signer: key name + 16-byte HMAC-SHA1 key + padding choice.
/// Immutable after creation; safe to share between threads.
pub struct cdnsign_cloudcdn_signer {
    pub(crate) inner: Signer,
}

/// A Cloud CDN verifier holding keys by name. Immutable after creation; safe
/// to share between threads.
pub struct cdnsign_cloudcdn_verifier {
    pub(crate) inner: Verifier,
}

/// Creates a signer. `key_file` is the key file text `gcloud compute
/// backend-services add-signed-url-key --key-file` takes (base64url of 16
/// bytes; padded or not). `padded`: pad the signature and URL prefix with `=`
/// as Google's samples do (Cloud CDN accepts both; `true` matches the docs).
/// Errors: `CDNSIGN_STATUS_INVALID_KEY` (not base64, not 16 bytes),
/// `CDNSIGN_STATUS_INVALID_INPUT` (bad key name).
///
/// # Safety
/// `key_name` and `key_file` are NUL-terminated strings; `out_signer` is
/// writable.
///
/// Ownership: inputs are copied; on success `*out_signer` is a new handle for
/// `cdnsign_cloudcdn_signer_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_new(
    key_name: *const c_char,
    key_file: *const c_char,
    padded: bool,
    out_signer: *mut *mut cdnsign_cloudcdn_signer,
) -> cdnsign_status {
    ffi_out(out_signer, "out_signer", || {
        // SAFETY (all blocks): the caller's contract above.
        let name = unsafe { arg_str(key_name, "key_name") }?;
        let key_file = unsafe { arg_str(key_file, "key_file") }?;
        let signer = Signer::new(name, SigningKey::from_key_file(key_file)?)?.with_padding(padded);
        Ok(Box::new(cdnsign_cloudcdn_signer { inner: signer }))
    })
}

/// Releases a Cloud CDN signer. NULL is a no-op.
///
/// # Safety
/// `signer` is NULL or a handle from `cdnsign_cloudcdn_signer_new` not yet freed.
///
/// Ownership: takes ownership of `signer` (the key is wiped).
/// Thread safety: no other call may be using `signer` concurrently.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_free(signer: *mut cdnsign_cloudcdn_signer) {
    // SAFETY: the caller hands over a live handle or NULL, freed once (contract above).
    unsafe { free_handle(signer) }
}

/// Signs one exact URL until `expires`: writes
/// `<url>?Expires=N&KeyName=K&Signature=S` (`&` when the URL has a query) to
/// `*out_url` and, when `out_signed_value` is not NULL, the exact string that
/// was HMACed. Refuses (`CDNSIGN_STATUS_INVALID_INPUT`, naming the field) URLs
/// that already carry `Expires`/`KeyName`/`Signature`/`URLPrefix`, fragments,
/// and bad times.
///
/// # Safety
/// `signer` is a live handle; `url` a NUL-terminated string; `out_url`
/// writable; `out_signed_value` NULL or writable.
///
/// Ownership: on success the written strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_sign_url(
    signer: *const cdnsign_cloudcdn_signer,
    url: *const c_char,
    expires: i64,
    out_url: *mut *mut c_char,
    out_signed_value: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_url, "out_url", out_signed_value, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let url = unsafe { arg_str(url, "url") }?;
        let signed = signer.inner.sign_url(url, expires)?;
        Ok(Signed(signed.url, signed.signed_value))
    })
}

/// Signs a URL prefix: writes `url` + `?`/`&` +
/// `URLPrefix=<b64url(prefix)>&Expires=N&KeyName=K&Signature=S` to `*out_url`
/// (the prefix must cover `url` and has no query) and, if wanted, the signed
/// value.
///
/// # Safety
/// `signer` is a live handle; `url` and `prefix` NUL-terminated strings;
/// `out_url` writable; `out_signed_value` NULL or writable.
///
/// Ownership: on success the written strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_sign_prefix(
    signer: *const cdnsign_cloudcdn_signer,
    url: *const c_char,
    prefix: *const c_char,
    expires: i64,
    out_url: *mut *mut c_char,
    out_signed_value: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_url, "out_url", out_signed_value, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let url = unsafe { arg_str(url, "url") }?;
        let prefix = unsafe { arg_str(prefix, "prefix") }?;
        let signed = signer.inner.sign_prefix(url, prefix, expires)?;
        Ok(Signed(signed.url, signed.signed_value))
    })
}

/// Signs a `Cloud-CDN-Cookie` for every URL under `prefix`: writes the
/// cookie's `name=value` pair
/// (`Cloud-CDN-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…`) to
/// `*out_cookie` (add `Domain`, `Path`, `Secure`, `HttpOnly` to make the
/// `Set-Cookie` header) and, if wanted, the signed value.
///
/// # Safety
/// `signer` is a live handle; `prefix` a NUL-terminated string; `out_cookie`
/// writable; `out_signed_value` NULL or writable.
///
/// Ownership: on success the written strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_sign_cookie(
    signer: *const cdnsign_cloudcdn_signer,
    prefix: *const c_char,
    expires: i64,
    out_cookie: *mut *mut c_char,
    out_signed_value: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_cookie, "out_cookie", out_signed_value, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let prefix = unsafe { arg_str(prefix, "prefix") }?;
        let cookie = signer.inner.sign_cookie(prefix, expires)?;
        Ok(Signed(cookie.cookie_pair(), cookie.signed_value))
    })
}

/// Generates a random 16-byte key and writes its key file text (padded
/// base64url), which `cdnsign_cloudcdn_signer_new` and
/// `gcloud ... add-signed-url-key --key-file` read.
///
/// # Safety
/// `out_key_file` is writable.
///
/// Ownership: on success `*out_key_file` (secret) is a new string for
/// `cdnsign_string_free`, which wipes it.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_generate_key(
    out_key_file: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_key_file, "out_key_file", || {
        let (_key, text) = SigningKey::generate()?;
        c_string_secret(&text, "key file")
    })
}

/// Creates a verifier holding `keys_len` keys: `key_names[i]` with the key
/// file text `key_files[i]` (several during a rotation).
/// Errors: `CDNSIGN_STATUS_INVALID_KEY`, `CDNSIGN_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `key_names` and `key_files` each point to `keys_len` NUL-terminated
/// strings; `out_verifier` is writable.
///
/// Ownership: inputs are copied; on success `*out_verifier` is a new handle
/// for `cdnsign_cloudcdn_verifier_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_verifier_new(
    key_names: *const *const c_char,
    key_files: *const *const c_char,
    keys_len: usize,
    out_verifier: *mut *mut cdnsign_cloudcdn_verifier,
) -> cdnsign_status {
    ffi_out(out_verifier, "out_verifier", || {
        // SAFETY (all blocks): the caller's contract above.
        let names = unsafe { arg_str_array(key_names, keys_len, "key_names") }?;
        let files = unsafe { arg_str_array(key_files, keys_len, "key_files") }?;
        let mut verifier = Verifier::new();
        for (name, file) in names.iter().zip(files) {
            verifier.add_key(name, SigningKey::from_key_file(file)?)?;
        }
        Ok(Box::new(cdnsign_cloudcdn_verifier { inner: verifier }))
    })
}

/// Releases a Cloud CDN verifier. NULL is a no-op.
///
/// # Safety
/// `verifier` is NULL or a handle from `cdnsign_cloudcdn_verifier_new` not yet
/// freed.
///
/// Ownership: takes ownership of `verifier` (keys are wiped).
/// Thread safety: no other call may be using `verifier` concurrently.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_verifier_free(verifier: *mut cdnsign_cloudcdn_verifier) {
    // SAFETY: the caller hands over a live handle or NULL, freed once (contract above).
    unsafe { free_handle(verifier) }
}

/// Verifies a request at the origin (Cloud CDN lets unsigned requests
/// through): the full `url` as received and its `Cookie` header
/// (`cookie_header`, NULL when none), at `now`. Rejections:
/// `MISSING_CREDENTIAL`, `MALFORMED`, `UNKNOWN_KEY`, `BAD_SIGNATURE`,
/// `EXPIRED`, `URL_MISMATCH`.
///
/// On success, if `out_json` is not NULL, writes
/// `{"form","key_name","expires","signed_value"}` where `form` is
/// `"signed_url"`, `"signed_prefix"` or `"cookie"`.
///
/// # Safety
/// `verifier` is a live handle; `url` a NUL-terminated string;
/// `cookie_header` NULL or NUL-terminated; `out_json` NULL or writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may verify with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_verifier_verify(
    verifier: *const cdnsign_cloudcdn_verifier,
    url: *const c_char,
    cookie_header: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_opt_json::<records::CloudCdnVerified, _>(out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let url = unsafe { arg_str(url, "url") }?;
        let cookie = unsafe { arg_opt_str(cookie_header, "cookie_header") }?;
        let request = request_from_c(url, now, &[], cookie, None)?;
        Ok(verifier.inner.verify(&request)?)
    })
}

/// Explains a Cloud CDN signed URL or cookie at `now` without the key, as
/// JSON (the explain shape of the conventions at the top). Input that is not
/// one is `CDNSIGN_STATUS_INVALID_INPUT`.
///
/// # Safety
/// `input` is a NUL-terminated string; `out_json` is writable.
///
/// Ownership: on success `*out_json` is a new string for `cdnsign_string_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_explain(
    input: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    explain_into(input, out_json, "a Cloud CDN signed URL or cookie", |i| {
        cloudcdn::explain(i, now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{cstr, last_error, take};
    use std::ptr;

    #[test]
    fn googles_documented_example() {
        let (name, key) = (cstr("my-key"), cstr("nZtRohdNF9m3cKM24IcK4w=="));
        let mut s = ptr::null_mut();
        let st = unsafe { cdnsign_cloudcdn_signer_new(name.as_ptr(), key.as_ptr(), true, &mut s) };
        assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
        let url = cstr("http://35.186.234.33/index.html");
        let mut out = ptr::null_mut();
        let st = unsafe {
            cdnsign_cloudcdn_signer_sign_url(
                s,
                url.as_ptr(),
                1_549_751_401,
                &mut out,
                ptr::null_mut(),
            )
        };
        assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
        assert_eq!(
            take(out),
            "http://35.186.234.33/index.html?Expires=1549751401&KeyName=my-key&Signature=CRFqQnVfFyiUyR63OQf-HRUpIwc="
        );
        unsafe { cdnsign_cloudcdn_signer_free(s) };
    }
}
