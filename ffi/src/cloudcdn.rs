//! `cdnsign::cloudcdn`: Google Cloud CDN signed URLs, URL prefixes and
//! cookies (HMAC-SHA1).

use cdnsign::api::records;
use cdnsign::cloudcdn::{Request, Signer, SigningKey, Verifier};

use crate::boundary::c_string_secret;
use crate::export::export;

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

export! {
    /// Creates a signer. `key_file` is the key file text `gcloud compute
    /// backend-services add-signed-url-key --key-file` takes (base64url of 16
    /// bytes; padded or not). `padded`: pad the signature and URL prefix with `=`
    /// as Google's samples do (Cloud CDN accepts both; `true` matches the docs).
    /// Errors: `CDNSIGN_STATUS_INVALID_KEY` (not base64, not 16 bytes),
    /// `CDNSIGN_STATUS_INVALID_INPUT` (bad key name).
    fn cdnsign_cloudcdn_signer_new(
        key_name: str,
        key_file: str,
        padded: bool,
    ) -> (handle out_signer: cdnsign_cloudcdn_signer) {
        let key = SigningKey::from_key_file(key_file)?;
        let signer = Signer::new(key_name, key)?.with_padding(padded);
        Ok(Box::new(cdnsign_cloudcdn_signer { inner: signer }))
    }

    /// Releases a Cloud CDN signer. NULL is a no-op.
    fn cdnsign_cloudcdn_signer_free(signer: Box<cdnsign_cloudcdn_signer>);

    /// Generates a random 16-byte key and writes its key file text (padded
    /// base64url), which `cdnsign_cloudcdn_signer_new` and
    /// `gcloud ... add-signed-url-key --key-file` read. It is secret:
    /// `cdnsign_string_free` wipes it.
    fn cdnsign_cloudcdn_generate_key() -> (string out_key_file) {
        let (_key, text) = SigningKey::generate()?;
        c_string_secret(&text, "key file")
    }

    /// Creates a verifier holding `keys_len` keys: `key_names[i]` with the key
    /// file text `key_files[i]` (several during a rotation).
    /// Errors: `CDNSIGN_STATUS_INVALID_KEY`, `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_cloudcdn_verifier_new(
        key_names: strs[keys_len],
        key_files: strs[keys_len],
        keys_len: usize,
    ) -> (handle out_verifier: cdnsign_cloudcdn_verifier) {
        let mut verifier = Verifier::new();
        for (name, file) in key_names.iter().zip(key_files) {
            verifier.add_key(name, SigningKey::from_key_file(file)?)?;
        }
        Ok(Box::new(cdnsign_cloudcdn_verifier { inner: verifier }))
    }

    /// Releases a Cloud CDN verifier. NULL is a no-op.
    fn cdnsign_cloudcdn_verifier_free(verifier: Box<cdnsign_cloudcdn_verifier>);

    /// Verifies a request at the origin (Cloud CDN lets unsigned requests
    /// through): the full `url` as received and its `Cookie` header
    /// (`cookie_header`, NULL when none), at `now`. Rejections:
    /// `MISSING_CREDENTIAL`, `MALFORMED`, `UNKNOWN_KEY`, `BAD_SIGNATURE`,
    /// `EXPIRED`, `URL_MISMATCH`.
    ///
    /// On success, if `out_json` is not NULL, writes
    /// `{"form","key_name","expires","signed_value"}` where `form` is
    /// `"signed_url"`, `"signed_prefix"` or `"cookie"`.
    fn cdnsign_cloudcdn_verifier_verify(
        verifier: &cdnsign_cloudcdn_verifier,
        url: str,
        cookie_header: Option<str>,
        now: i64,
    ) -> (opt json out_json: records::CloudCdnVerified) {
        let no_headers = std::iter::empty::<(&str, &str)>();
        let request = Request::of(url, now, no_headers, cookie_header, None)?;
        Ok(verifier.inner.verify(&request)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::*;
    use crate::status::cdnsign_status;
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
