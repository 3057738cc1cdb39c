//! `cdnsign::cloudfront`: AWS CloudFront signed URLs and signed cookies.

use std::ffi::{c_char, CString};

use cdnsign::api::records;
use cdnsign::cloudfront::{
    CookieAttributes, Policy, PolicyKind, SameSite, SignOptions, Signer, SignerOptions, Verifier,
    VerifierOptions, VerifyRequest,
};

use crate::boundary::{arg_opt_str, c_json, c_string, FfiResult};
use crate::export::export;

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
/// `o`'s pointers follow `cdnsign_cloudfront_cookie_options`' contract.
unsafe fn cookie_attributes(
    o: Option<&cdnsign_cloudfront_cookie_options>,
) -> FfiResult<CookieAttributes> {
    let Some(o) = o else {
        return Ok(CookieAttributes::new());
    };
    // SAFETY (all blocks): forwarded contract.
    Ok(CookieAttributes {
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

export! {
    /// Creates a signer from a private key in PEM or DER (PKCS#1, PKCS#8, SEC1,
    /// or encrypted PKCS#8 with `passphrase`; NULL with 0 when not encrypted):
    /// RSA 2048 or ECDSA P-256. `key_pair_id` is the id CloudFront shows for the
    /// public key (like `K2JCJMDEHXQW5F`). `hash_algorithm`: `"SHA1"` (NULL; the
    /// default CloudFront assumes) or `"SHA256"` (adds `Hash-Algorithm=SHA256`).
    /// `allow_weak_rsa_for_tests` accepts RSA keys under 2048 bits: only for test
    /// vectors, never in production. Errors: `CDNSIGN_STATUS_INVALID_KEY`,
    /// `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_cloudfront_signer_new(
        key_pair_id: str,
        private_key: bytes[private_key_len],
        private_key_len: usize,
        passphrase: Option<bytes[passphrase_len]>,
        passphrase_len: usize,
        hash_algorithm: Option<str>,
        allow_weak_rsa_for_tests: bool,
    ) -> (handle out_signer: cdnsign_cloudfront_signer) {
        let options = SignerOptions::named(hash_algorithm, allow_weak_rsa_for_tests)?;
        let signer = Signer::from_pem_with(key_pair_id, private_key, passphrase, options)?;
        let key_pair_id = c_string(signer.key_pair_id().to_owned(), "key_pair_id")?;
        Ok(Box::new(cdnsign_cloudfront_signer {
            inner: signer,
            key_pair_id,
        }))
    }

    /// Releases a CloudFront signer. NULL is a no-op.
    fn cdnsign_cloudfront_signer_free(signer: Box<cdnsign_cloudfront_signer>);

    /// The signer's key-pair id, or NULL when `signer` is NULL.
    fn cdnsign_cloudfront_signer_key_pair_id(signer: &cdnsign_cloudfront_signer) -> borrowed str {
        &signer.key_pair_id
    }

    /// The signer's public key as SPKI PEM: what to upload to CloudFront and to
    /// give a verifier.
    fn cdnsign_cloudfront_signer_public_key_pem(
        signer: &cdnsign_cloudfront_signer,
    ) -> (string out_pem) {
        c_string(signer.inner.public_key().to_pem(), "public key PEM")
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
    fn cdnsign_cloudfront_signer_sign_url(
        signer: &cdnsign_cloudfront_signer,
        url: str,
        options: &cdnsign_cloudfront_sign_options,
    ) -> (string out_url) {
        // SAFETY: `options`' pointers follow its contract (the caller's).
        let options = unsafe { sign_options(options) }?;
        c_string(signer.inner.sign_url(url, &options)?, "URL")
    }

    /// Signs a URL under a policy you wrote (botocore's `policy=`): the policy
    /// must parse as a CloudFront policy whose resource covers `url`; its bytes
    /// are signed exactly as given.
    fn cdnsign_cloudfront_signer_sign_url_with_policy(
        signer: &cdnsign_cloudfront_signer,
        url: str,
        policy_json: str,
    ) -> (string out_url) {
        c_string(signer.inner.sign_url_with_policy(url, policy_json)?, "URL")
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
    fn cdnsign_cloudfront_signer_sign_cookies(
        signer: &cdnsign_cloudfront_signer,
        resource: str,
        options: &cdnsign_cloudfront_sign_options,
        cookie_options: Option<&cdnsign_cloudfront_cookie_options>,
    ) -> (string out_json) {
        // SAFETY: `options`' pointers follow its contract (the caller's).
        let options = unsafe { sign_options(options) }?;
        // SAFETY: `cookie_options`' pointers follow its contract (the caller's).
        let cookie = unsafe { cookie_attributes(cookie_options) }?;
        let cookies = signer.inner.sign_cookies(resource, &options, &cookie)?;
        c_json(&records::CloudFrontCookies::from(&cookies))
    }

    /// Signs cookies under a policy you wrote (checked like
    /// `cdnsign_cloudfront_signer_sign_url_with_policy`, signed verbatim); output
    /// as `cdnsign_cloudfront_signer_sign_cookies`.
    fn cdnsign_cloudfront_signer_sign_cookies_with_policy(
        signer: &cdnsign_cloudfront_signer,
        policy_json: str,
        cookie_options: Option<&cdnsign_cloudfront_cookie_options>,
    ) -> (string out_json) {
        // SAFETY: `cookie_options`' pointers follow its contract (the caller's).
        let cookie = unsafe { cookie_attributes(cookie_options) }?;
        let cookies = signer.inner.sign_cookies_with_policy(policy_json, &cookie)?;
        c_json(&records::CloudFrontCookies::from(&cookies))
    }

    /// The policy JSON a signed URL for `url` with `options` would carry (the
    /// bytes that get signed): for logging, debugging, or comparing with another
    /// SDK. Same refusals as `cdnsign_cloudfront_signer_sign_url`.
    fn cdnsign_cloudfront_build_policy(
        url: str,
        options: &cdnsign_cloudfront_sign_options,
    ) -> (string out_policy_json) {
        // SAFETY: `options`' pointers follow its contract (the caller's).
        let options = unsafe { sign_options(options) }?;
        c_string(Policy::for_url(url, &options)?.to_json(), "policy")
    }

    /// Creates a verifier holding `keys_len` public keys: `key_pair_ids[i]` with
    /// the PEM (SPKI, PKCS#1, or a private key's public half) `public_keys[i]`
    /// (several for rotation). `allow_weak_rsa_for_tests`: accept RSA under 2048
    /// bits (conformance vectors only). Errors: `CDNSIGN_STATUS_INVALID_KEY`,
    /// `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_cloudfront_verifier_new(
        key_pair_ids: strs[keys_len],
        public_keys: strs[keys_len],
        keys_len: usize,
        allow_weak_rsa_for_tests: bool,
    ) -> (handle out_verifier: cdnsign_cloudfront_verifier) {
        let mut verifier = Verifier::with_options(VerifierOptions {
            allow_weak_rsa_for_tests,
        });
        for (id, pem) in key_pair_ids.iter().zip(public_keys) {
            verifier.add_public_key_pem(id, pem)?;
        }
        Ok(Box::new(cdnsign_cloudfront_verifier { inner: verifier }))
    }

    /// Releases a CloudFront verifier. NULL is a no-op.
    fn cdnsign_cloudfront_verifier_free(verifier: Box<cdnsign_cloudfront_verifier>);

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
    fn cdnsign_cloudfront_verifier_verify_url(
        verifier: &cdnsign_cloudfront_verifier,
        signed_url: str,
        now: i64,
        client_ip: Option<str>,
    ) -> (opt json out_json: records::CloudFrontVerified) {
        let request = VerifyRequest::of(now, client_ip)?;
        Ok(verifier.inner.verify_url(signed_url, &request)?)
    }

    /// Verifies the `CloudFront-*` cookies of a `Cookie:` header value (other
    /// cookies are ignored) for a request to `request_url`; otherwise as
    /// `cdnsign_cloudfront_verifier_verify_url` (`form` is `"cookies"`). A
    /// `request_url` carrying any CloudFront parameter is a signed URL, and, as
    /// in CloudFront, it alone is verified (`form` `"url"`); the cookies are not read.
    fn cdnsign_cloudfront_verifier_verify_cookies(
        verifier: &cdnsign_cloudfront_verifier,
        cookie_header: str,
        request_url: str,
        now: i64,
        client_ip: Option<str>,
    ) -> (opt json out_json: records::CloudFrontVerified) {
        let request = VerifyRequest::of(now, client_ip)?;
        Ok(verifier.inner.verify_cookie_header(cookie_header, request_url, &request)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::cdnsign_status;
    use crate::tests::{cstr, last_error, out, take, vector_path};
    use std::ptr;

    #[test]
    fn sign_and_verify_through_the_c_api() {
        let pem = std::fs::read(vector_path("keys/cloudfront-rsa2048.pem")).unwrap();
        let id = cstr("K2JCJMDEHXQW5F");
        let (key, key_len, none) = (pem.as_ptr(), pem.len(), ptr::null::<c_char>());
        let s = out(|o| unsafe {
            cdnsign_cloudfront_signer_new(id.as_ptr(), key, key_len, ptr::null(), 0, none, false, o)
        });
        let url = cstr("https://d111111abcdef8.cloudfront.net/image.jpg");
        let options = cdnsign_cloudfront_sign_options {
            expires: 1_767_290_400,
            starts: 0,
            ip_range: none,
            resource: none,
            policy_kind: none,
        };
        let signed = take(out(|o| unsafe {
            cdnsign_cloudfront_signer_sign_url(s, url.as_ptr(), &options, o)
        }));
        let signed = cstr(&signed);
        let public = cstr(&take(out(|o| unsafe {
            cdnsign_cloudfront_signer_public_key_pem(s, o)
        })));
        let (ids, keys) = ([id.as_ptr()], [public.as_ptr()]);
        let v = out(|o| unsafe {
            cdnsign_cloudfront_verifier_new(ids.as_ptr(), keys.as_ptr(), 1, false, o)
        });
        let verify = |now| unsafe {
            cdnsign_cloudfront_verifier_verify_url(v, signed.as_ptr(), now, none, ptr::null_mut())
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
