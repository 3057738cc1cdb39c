//! The one `unsafe` module of cdnsign: RSA PKCS#1 v1.5 and ECDSA signing
//! through AWS-LC's EVP interface.
//!
//! Why it exists: CloudFront signs with SHA-1 by default, and aws-lc-rs (like
//! ring) deliberately offers no SHA-1 *signing*. Rather than keep two parsed
//! copies of every key (one for aws-lc-rs, one here), this module owns the
//! parsed `EVP_PKEY` and signs with either digest.
//!
//! Audit notes:
//! - `aws-lc-sys` and aws-lc-rs are compatible-version requirements in
//!   core/Cargo.toml; deny.toml refuses a second `aws-lc-sys` in the graph,
//!   so both talk to one copy of AWS-LC.
//! - Every pointer returned by AWS-LC is checked for NULL before use and
//!   released exactly once (`Drop` for the key, a guard for the digest ctx).
//! - `EVP_PKEY` is reference counted and documented safe for concurrent use
//!   by non-mutating operations; signing does not mutate the key (RSA
//!   blinding state is internally locked), which is what makes
//!   `Send + Sync` sound. aws-lc-rs relies on the same guarantee.
//! - AWS-LC frees the key's memory with `OPENSSL_cleanse` first, so the
//!   secret is zeroized on drop.
//! - Inputs are Rust slices; lengths are passed explicitly; the output
//!   buffer is sized by `EVP_PKEY_size` and truncated to the written length.

#![allow(unsafe_code)]

use std::ptr;

use aws_lc_sys as sys;

use super::Digest;

/// Which key type the parsed `EVP_PKEY` must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyType {
    Rsa,
    Ec,
}

/// A parsed private key owned by AWS-LC.
pub(super) struct EvpPrivateKey {
    pkey: ptr::NonNull<sys::EVP_PKEY>,
}

// SAFETY: see the module docs: EVP_PKEY may be shared across threads for
// non-mutating operations, and this type exposes only signing.
unsafe impl Send for EvpPrivateKey {}
// SAFETY: as above.
unsafe impl Sync for EvpPrivateKey {}

impl EvpPrivateKey {
    /// Parses an unencrypted PKCS#8 `PrivateKeyInfo` and checks its type.
    pub(super) fn from_pkcs8_der(der: &[u8], expected: KeyType) -> Result<Self, &'static str> {
        // SAFETY: `cbs` points into `der`, which outlives the call; the parser
        // does not retain the pointer. The result is NULL or an owned key.
        let raw = unsafe {
            let mut cbs = std::mem::MaybeUninit::<sys::CBS>::uninit();
            sys::CBS_init(cbs.as_mut_ptr(), der.as_ptr(), der.len());
            let mut cbs = cbs.assume_init();
            let key = sys::EVP_parse_private_key(&mut cbs);
            if !key.is_null() && sys::CBS_len(&cbs) != 0 {
                sys::EVP_PKEY_free(key);
                sys::ERR_clear_error();
                return Err("trailing data after the PKCS#8 structure");
            }
            key
        };
        let pkey = match ptr::NonNull::new(raw) {
            Some(p) => p,
            None => {
                // SAFETY: clears this thread's AWS-LC error queue; no pointers involved.
                unsafe { sys::ERR_clear_error() };
                return Err("AWS-LC could not parse the PKCS#8 private key");
            }
        };
        let key = EvpPrivateKey { pkey };
        // SAFETY: `pkey` is a valid key owned by `key`.
        let id = unsafe { sys::EVP_PKEY_id(key.pkey.as_ptr()) };
        let ok = match expected {
            KeyType::Rsa => id == sys::EVP_PKEY_RSA,
            KeyType::Ec => id == sys::EVP_PKEY_EC,
        };
        if !ok {
            return Err("the key is not of the expected type");
        }
        Ok(key)
    }

    /// Signs `msg`: RSASSA-PKCS1-v1_5 for RSA keys, ASN.1 DER ECDSA for EC keys.
    pub(super) fn sign(&self, digest: Digest, msg: &[u8]) -> Result<Vec<u8>, &'static str> {
        // SAFETY: the EVP_MD getters return static tables.
        let md = unsafe {
            match digest {
                Digest::Sha1 => sys::EVP_sha1(),
                Digest::Sha256 => sys::EVP_sha256(),
            }
        };
        // SAFETY: `pkey` is valid for the lifetime of `self`.
        let max = unsafe { sys::EVP_PKEY_size(self.pkey.as_ptr()) };
        let max = usize::try_from(max).map_err(|_| "key reports a negative size")?;
        if max == 0 {
            return Err("key reports a zero signature size");
        }
        let ctx = CtxGuard::new()?;
        let mut out = vec![0u8; max];
        let mut out_len = max;
        // SAFETY: `ctx` is a fresh context; `pkey` is valid and only read by
        // signing; `out` has `out_len` writable bytes; `msg` is a valid slice.
        let ok = unsafe {
            sys::EVP_DigestSignInit(
                ctx.0.as_ptr(),
                ptr::null_mut(),
                md,
                ptr::null_mut(),
                self.pkey.as_ptr(),
            ) == 1
                && sys::EVP_DigestSign(
                    ctx.0.as_ptr(),
                    out.as_mut_ptr(),
                    &mut out_len,
                    msg.as_ptr(),
                    msg.len(),
                ) == 1
        };
        if !ok || out_len > max {
            // SAFETY: clears this thread's error queue.
            unsafe { sys::ERR_clear_error() };
            return Err("AWS-LC signing failed");
        }
        out.truncate(out_len);
        Ok(out)
    }
}

impl Drop for EvpPrivateKey {
    fn drop(&mut self) {
        // SAFETY: we own exactly one reference, released once here.
        unsafe { sys::EVP_PKEY_free(self.pkey.as_ptr()) }
    }
}

struct CtxGuard(ptr::NonNull<sys::EVP_MD_CTX>);

impl CtxGuard {
    fn new() -> Result<Self, &'static str> {
        // SAFETY: allocation; NULL is handled.
        let raw = unsafe { sys::EVP_MD_CTX_new() };
        ptr::NonNull::new(raw)
            .map(CtxGuard)
            .ok_or("AWS-LC could not allocate a digest context")
    }
}

impl Drop for CtxGuard {
    fn drop(&mut self) {
        // SAFETY: owned context, freed once; also frees any EVP_PKEY_CTX it made.
        unsafe { sys::EVP_MD_CTX_free(self.0.as_ptr()) }
    }
}
