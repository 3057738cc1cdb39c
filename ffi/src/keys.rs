//! Key helpers that do not belong to one provider (`cdnsign::keys`,
//! `cdnsign::encoding`).

use std::ffi::c_char;

use crate::boundary::{arg_bytes, arg_opt_bytes, arg_str, c_string, ffi_out};
use crate::status::cdnsign_status;

/// The public key, as `-----BEGIN PUBLIC KEY-----` PEM (SubjectPublicKeyInfo),
/// of a private or public key in any format cdnsign reads: PKCS#1, PKCS#8,
/// SEC1, encrypted PKCS#8 (give `passphrase`), SPKI, as PEM or DER. This is
/// the PEM to upload to CloudFront as a public key, for instance.
///
/// `passphrase` is optional: NULL (with `passphrase_len` 0) for an
/// unencrypted key. Errors: `CDNSIGN_STATUS_INVALID_KEY` for an unreadable,
/// encrypted-without-passphrase or unsupported key;
/// `CDNSIGN_STATUS_INVALID_INPUT` for a passphrase given with an unencrypted
/// key; `CDNSIGN_STATUS_NULL_ARGUMENT` / `CDNSIGN_STATUS_INVALID_BUFFER` for
/// bad pointers.
///
/// # Safety
/// `key` points to `key_len` readable bytes (or is NULL with 0);
/// `passphrase` likewise; `out_pem` is writable.
///
/// Ownership: reads its inputs during the call only; on success `*out_pem` is a
/// new string the caller frees with `cdnsign_string_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_public_key_pem(
    key: *const u8,
    key_len: usize,
    passphrase: *const u8,
    passphrase_len: usize,
    out_pem: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_pem, "out_pem", || {
        // SAFETY (all blocks): the caller's contract above.
        let key = unsafe { arg_bytes(key, key_len, "key") }?;
        let passphrase = unsafe { arg_opt_bytes(passphrase, passphrase_len, "passphrase") }?;
        let public = match passphrase {
            Some(p) => cdnsign::keys::parse_private_key(key, Some(p))?.public_key(),
            None => cdnsign::keys::parse_public_key(key)?,
        };
        c_string(public.to_pem(), "public key PEM")
    })
}

/// Percent-encodes the characters of `url` that are not valid on the wire
/// (spaces, non-ASCII, controls...) and leaves everything else, including
/// existing `%XX` escapes, as it is. Signers refuse such characters rather
/// than encoding them silently; run a URL through this first.
///
/// # Safety
/// `url` is a NUL-terminated string; `out_url` is writable.
///
/// Ownership: on success `*out_url` is a new string the caller frees with
/// `cdnsign_string_free`.
/// Thread safety: safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_percent_encode_url(
    url: *const c_char,
    out_url: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_url, "out_url", || {
        // SAFETY: the caller's contract above.
        let url = unsafe { arg_str(url, "url") }?;
        c_string(cdnsign::encoding::percent_encode_url(url), "URL")
    })
}
