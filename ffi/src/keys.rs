//! Key helpers that do not belong to one provider (`cdnsign::keys`,
//! `cdnsign::encoding`).

use crate::boundary::c_string;
use crate::export::export;

export! {
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
    fn cdnsign_public_key_pem(
        key: bytes[key_len],
        key_len: usize,
        passphrase: Option<bytes[passphrase_len]>,
        passphrase_len: usize,
    ) -> (string out_pem) {
        let public = match passphrase {
            Some(p) => cdnsign::keys::parse_private_key(key, Some(p))?.public_key(),
            None => cdnsign::keys::parse_public_key(key)?,
        };
        c_string(public.to_pem(), "public key PEM")
    }

    /// Percent-encodes the characters of `url` that are not valid on the wire
    /// (spaces, non-ASCII, controls...) and leaves everything else, including
    /// existing `%XX` escapes, as it is. Signers refuse such characters rather
    /// than encoding them silently; run a URL through this first.
    fn cdnsign_percent_encode_url(url: str) -> (string out_url) {
        c_string(cdnsign::encoding::percent_encode_url(url), "URL")
    }
}
