//! `cdnsign::manifest`: signed HLS and DASH manifests. Every reference of a
//! playlist or MPD signed with one credential, and a signed manifest checked
//! reference by reference, as methods of the providers' signers and
//! verifiers.

use std::ffi::CString;

use cdnsign::api::records;
use cdnsign::manifest::{CheckReport, SignOptions, SignedManifest};

use crate::boundary::{c_json, c_string, json_if, FfiResult, SplitOut};
use crate::cloudcdn::{cdnsign_cloudcdn_signer, cdnsign_cloudcdn_verifier};
use crate::cloudfront::{cdnsign_cloudfront_signer, cdnsign_cloudfront_verifier};
use crate::export::export;
use crate::mediacdn::{cdnsign_mediacdn_token_signer, cdnsign_mediacdn_verifier};

/// What every `_sign_manifest` signs: the manifest bytes, refused when they
/// hold a NUL byte (the signed manifest is returned as a NUL-terminated
/// string), and the options.
fn sign_request<'m>(
    manifest: &'m [u8],
    url: &str,
    prefix: Option<&str>,
    expires: i64,
    absolute: bool,
) -> FfiResult<(&'m [u8], SignOptions)> {
    if let Some(at) = manifest.iter().position(|&b| b == 0) {
        return Err(cdnsign::Error::invalid_input(
            "manifest",
            format!("the manifest contains a NUL byte at offset {at}; a manifest is text"),
        )
        .into());
    }
    let options = SignOptions::new(url, expires).absolute(absolute);
    let options = match prefix {
        Some(p) => options.prefix(p),
        None => options,
    };
    Ok((manifest, options))
}

/// What every `_sign_manifest` writes: the signed manifest, and its record
/// as JSON when wanted.
impl SplitOut for SignedManifest {
    type First = CString;
    type Second = CString;
    fn split(self, wanted: bool) -> FfiResult<(CString, Option<CString>)> {
        let json = json_if(wanted, || records::SignedManifestRecord::from(&self))?;
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

/// Each provider's `_sign_manifest` (its name and the signer it takes written
/// out, so it stays greppable; Media CDN's adds `path_globs`): one body.
macro_rules! sign_manifest {
    ($($(#[doc = $doc:literal])* fn $name:ident(signer: &$t:ident $(, $extra:ident)?);)*) => {
        export! { $(
            $(#[doc = $doc])*
            fn $name(signer: &$t, manifest: bytes[manifest_len], manifest_len: usize, url: str,
                prefix: Option<str>, expires: i64, absolute: bool, $($extra: bool,)?
            ) -> (string out_manifest, opt string out_json) {
                let (manifest, options) = sign_request(manifest, url, prefix, expires, absolute)?;
                Ok(signer.inner.sign_manifest(manifest, &options $(, $extra)?)?)
            }
        )* }
    };
}

/// Each provider's `_check_manifest`, as [`sign_manifest`] writes the signers'.
macro_rules! check_manifest {
    ($($(#[doc = $doc:literal])* fn $name:ident(verifier: &$t:ident);)*) => {
        export! { $(
            $(#[doc = $doc])*
            fn $name(verifier: &$t, manifest: bytes[manifest_len], manifest_len: usize, url: str,
                now: i64,
            ) -> (string out_json) {
                check_output(&verifier.inner.check_manifest(manifest, url, now)?)
            }
        )* }
    };
}

sign_manifest! {
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
    fn cdnsign_cloudfront_signer_sign_manifest(signer: &cdnsign_cloudfront_signer);

    /// Signs every reference of a manifest with one Cloud CDN `URLPrefix`
    /// signature (`URLPrefix=…&Expires=…&KeyName=…&Signature=…`), as
    /// `cdnsign_cloudfront_signer_sign_manifest` does for CloudFront.
    fn cdnsign_cloudcdn_signer_sign_manifest(signer: &cdnsign_cloudcdn_signer);

    /// Signs every reference of a manifest with one Media CDN token in the token
    /// signer's parameter (`edge-cache-token` by default): `URLPrefix`, or
    /// `PathGlobs=<coverage path>*` when `path_globs`; otherwise as
    /// `cdnsign_cloudfront_signer_sign_manifest`.
    fn cdnsign_mediacdn_token_signer_sign_manifest(signer: &cdnsign_mediacdn_token_signer, path_globs);
}

check_manifest! {
    /// Checks the CloudFront credential every reference of a signed manifest
    /// (`manifest`, `manifest_len` bytes, fetched from `url`) would send at
    /// `now`, and writes the report to `*out_json`:
    /// `{"format","ok","checked","failed","lines":[{"line","kind","reference","url","ok"}]}`,
    /// a failing line adding `"code","message","explain"`. A refused reference is
    /// in the report (`"ok": false`), not an error; errors are for a manifest that
    /// cannot be read (`CDNSIGN_STATUS_INVALID_INPUT`).
    fn cdnsign_cloudfront_verifier_check_manifest(verifier: &cdnsign_cloudfront_verifier);

    /// Checks the Media CDN credential every reference of a signed manifest
    /// would send, as `cdnsign_cloudfront_verifier_check_manifest`.
    fn cdnsign_mediacdn_verifier_check_manifest(verifier: &cdnsign_mediacdn_verifier);

    /// Checks the Cloud CDN credential every reference of a signed manifest
    /// would send, as `cdnsign_cloudfront_verifier_check_manifest`.
    fn cdnsign_cloudcdn_verifier_check_manifest(verifier: &cdnsign_cloudcdn_verifier);
}
