//! `cdnsign::manifest`: signed HLS and DASH manifests. Every reference of a
//! playlist or MPD signed with one credential, and a signed manifest checked
//! reference by reference, as methods of the providers' signers and
//! verifiers.

use std::ffi::{c_char, CString};

use cdnsign::api::records;
use cdnsign::manifest::{CheckReport, SignOptions, SignedManifest};

use crate::boundary::{
    arg_bytes, arg_handle, arg_opt_str, arg_str, c_json, c_string, ffi_out, ffi_out_and_opt,
    FfiResult, SplitOut,
};
use crate::cloudcdn::{cdnsign_cloudcdn_signer, cdnsign_cloudcdn_verifier};
use crate::cloudfront::{cdnsign_cloudfront_signer, cdnsign_cloudfront_verifier};
use crate::mediacdn::{cdnsign_mediacdn_token_signer, cdnsign_mediacdn_verifier};
use crate::status::cdnsign_status;

/// The manifest bytes, refused when they hold a NUL byte (the signed
/// manifest is returned as a NUL-terminated string).
///
/// # Safety
/// As `arg_bytes`.
unsafe fn arg_manifest<'a>(ptr: *const u8, len: usize) -> FfiResult<&'a [u8]> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { arg_bytes(ptr, len, "manifest") }?;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(cdnsign::Error::invalid_input(
            "manifest",
            format!("the manifest contains a NUL byte at offset {at}; a manifest is text"),
        )
        .into());
    }
    Ok(bytes)
}

/// The options of every `_sign_manifest`.
///
/// # Safety
/// `url` NUL-terminated; `prefix` NULL or NUL-terminated.
unsafe fn sign_options(
    url: *const c_char,
    prefix: *const c_char,
    expires: i64,
    absolute: bool,
) -> FfiResult<SignOptions> {
    // SAFETY (all blocks): forwarded contract.
    let url = unsafe { arg_str(url, "url") }?;
    let prefix = unsafe { arg_opt_str(prefix, "prefix") }?;
    let mut options = SignOptions::new(url, expires).absolute(absolute);
    if let Some(p) = prefix {
        options = options.prefix(p);
    }
    Ok(options)
}

/// What every `_sign_manifest` writes: the signed manifest, and its record
/// as JSON when wanted.
impl SplitOut for SignedManifest {
    type First = CString;
    type Second = CString;
    fn split(self, wanted: bool) -> FfiResult<(CString, Option<CString>)> {
        let json = wanted.then(|| c_json(&records::SignedManifestRecord::from(&self)));
        let json = json.transpose()?;
        let text = String::from_utf8(self.manifest).map_err(|_| {
            cdnsign::Error::invalid_input("manifest", "the manifest is not UTF-8 text")
        })?;
        Ok((c_string(text, "signed manifest")?, json))
    }
}

/// The check's record as JSON.
fn check_output(report: &CheckReport) -> FfiResult<CString> {
    c_json(&records::ManifestCheck::from(report))
}

/// Signs every reference of an HLS playlist or DASH MPD (`manifest`,
/// `manifest_len` bytes of UTF-8 text, fetched from `url`) with one custom
/// policy over the coverage (`prefix`, or the manifest's folder when NULL)
/// until `expires`, appending `Policy`, `Signature` and `Key-Pair-Id` to every
/// reference; `absolute` rewrites every reference to an absolute URL.
/// Everything else is kept byte for byte. Refuses
/// (`CDNSIGN_STATUS_INVALID_INPUT`, field `manifest`, the message naming the
/// line) a reference the one credential cannot cover, and a manifest holding
/// a NUL byte.
///
/// Writes the signed manifest to `*out_manifest` and, when `out_json` is not
/// NULL, the record
/// `{"format","coverage","credential","references":[{"line","kind","original","rewritten","url"}],"manifest"}`.
///
/// # Safety
/// `signer` is a live handle; `manifest` points to `manifest_len` readable
/// bytes (NULL when 0); `url` is NUL-terminated; `prefix` NULL or
/// NUL-terminated; `out_manifest` writable; `out_json` NULL or writable.
///
/// Ownership: inputs are borrowed for the call; on success the written
/// strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_signer_sign_manifest(
    signer: *const cdnsign_cloudfront_signer,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    prefix: *const c_char,
    expires: i64,
    absolute: bool,
    out_manifest: *mut *mut c_char,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_manifest, "out_manifest", out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let manifest = unsafe { arg_manifest(manifest, manifest_len) }?;
        let options = unsafe { sign_options(url, prefix, expires, absolute) }?;
        Ok(signer.inner.sign_manifest(manifest, &options)?)
    })
}

/// Signs every reference of a manifest with one Cloud CDN `URLPrefix`
/// signature (`URLPrefix=…&Expires=…&KeyName=…&Signature=…`), as
/// `cdnsign_cloudfront_signer_sign_manifest` does for CloudFront.
///
/// # Safety
/// As `cdnsign_cloudfront_signer_sign_manifest`.
///
/// Ownership: inputs are borrowed for the call; on success the written
/// strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_signer_sign_manifest(
    signer: *const cdnsign_cloudcdn_signer,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    prefix: *const c_char,
    expires: i64,
    absolute: bool,
    out_manifest: *mut *mut c_char,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_manifest, "out_manifest", out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let manifest = unsafe { arg_manifest(manifest, manifest_len) }?;
        let options = unsafe { sign_options(url, prefix, expires, absolute) }?;
        Ok(signer.inner.sign_manifest(manifest, &options)?)
    })
}

/// Signs every reference of a manifest with one Media CDN token in the token
/// signer's parameter (`edge-cache-token` by default): `URLPrefix`, or
/// `PathGlobs=<coverage path>*` when `path_globs`; otherwise as
/// `cdnsign_cloudfront_signer_sign_manifest`.
///
/// # Safety
/// `signer` is a live token signer; the rest as
/// `cdnsign_cloudfront_signer_sign_manifest`.
///
/// Ownership: inputs are borrowed for the call; on success the written
/// strings are new, for `cdnsign_string_free`.
/// Thread safety: any number of threads may sign with one signer at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_mediacdn_token_signer_sign_manifest(
    signer: *const cdnsign_mediacdn_token_signer,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    prefix: *const c_char,
    expires: i64,
    absolute: bool,
    path_globs: bool,
    out_manifest: *mut *mut c_char,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out_and_opt(out_manifest, "out_manifest", out_json, || {
        // SAFETY (all blocks): the caller's contract above.
        let signer = unsafe { arg_handle(signer, "signer") }?;
        let manifest = unsafe { arg_manifest(manifest, manifest_len) }?;
        let options = unsafe { sign_options(url, prefix, expires, absolute) }?;
        Ok(signer.inner.sign_manifest(manifest, &options, path_globs)?)
    })
}

/// Checks the CloudFront credential every reference of a signed manifest
/// (`manifest`, `manifest_len` bytes, fetched from `url`) would send at
/// `now`, and writes the report to `*out_json`:
/// `{"format","ok","checked","failed","lines":[{"line","kind","reference","url","ok"}]}`,
/// a failing line adding `"code","message","explain"`. A refused reference is
/// in the report (`"ok": false`), not an error; errors are for a manifest that
/// cannot be read (`CDNSIGN_STATUS_INVALID_INPUT`).
///
/// # Safety
/// `verifier` is a live handle; `manifest` points to `manifest_len` readable
/// bytes (NULL when 0); `url` is NUL-terminated; `out_json` writable.
///
/// Ownership: inputs are borrowed for the call; on success `*out_json` is a
/// new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may check with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudfront_verifier_check_manifest(
    verifier: *const cdnsign_cloudfront_verifier,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_json, "out_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let manifest = unsafe { arg_bytes(manifest, manifest_len, "manifest") }?;
        let url = unsafe { arg_str(url, "url") }?;
        check_output(&verifier.inner.check_manifest(manifest, url, now)?)
    })
}

/// Checks the Media CDN credential every reference of a signed manifest
/// would send, as `cdnsign_cloudfront_verifier_check_manifest`.
///
/// # Safety
/// As `cdnsign_cloudfront_verifier_check_manifest`.
///
/// Ownership: inputs are borrowed for the call; on success `*out_json` is a
/// new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may check with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_mediacdn_verifier_check_manifest(
    verifier: *const cdnsign_mediacdn_verifier,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_json, "out_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let manifest = unsafe { arg_bytes(manifest, manifest_len, "manifest") }?;
        let url = unsafe { arg_str(url, "url") }?;
        check_output(&verifier.inner.check_manifest(manifest, url, now)?)
    })
}

/// Checks the Cloud CDN credential every reference of a signed manifest
/// would send, as `cdnsign_cloudfront_verifier_check_manifest`.
///
/// # Safety
/// As `cdnsign_cloudfront_verifier_check_manifest`.
///
/// Ownership: inputs are borrowed for the call; on success `*out_json` is a
/// new string for `cdnsign_string_free`.
/// Thread safety: any number of threads may check with one verifier at once.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_cloudcdn_verifier_check_manifest(
    verifier: *const cdnsign_cloudcdn_verifier,
    manifest: *const u8,
    manifest_len: usize,
    url: *const c_char,
    now: i64,
    out_json: *mut *mut c_char,
) -> cdnsign_status {
    ffi_out(out_json, "out_json", || {
        // SAFETY (all blocks): the caller's contract above.
        let verifier = unsafe { arg_handle(verifier, "verifier") }?;
        let manifest = unsafe { arg_bytes(manifest, manifest_len, "manifest") }?;
        let url = unsafe { arg_str(url, "url") }?;
        check_output(&verifier.inner.check_manifest(manifest, url, now)?)
    })
}
