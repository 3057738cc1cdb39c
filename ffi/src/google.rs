//! What the two Google signers (`cdnsign_mediacdn_signer`,
//! `cdnsign_cloudcdn_signer`) share: the core's `google` forms of an exact
//! URL, a URL prefix and a cookie, exported once for both.

use std::ffi::CString;

use crate::boundary::{c_string, FfiResult, SplitOut};
use crate::cloudcdn::cdnsign_cloudcdn_signer;
use crate::export::export;
use crate::mediacdn::cdnsign_mediacdn_signer;

/// What every `_sign_*` with an `out_signed_value` writes: the signed URL or
/// cookie, and the exact string that was signed when it is wanted.
pub(crate) struct Signed(pub(crate) String, pub(crate) String);

impl SplitOut for Signed {
    type First = CString;
    type Second = CString;
    fn split(self, wanted: bool) -> FfiResult<(CString, Option<CString>)> {
        let main = c_string(self.0, "result")?;
        let signed = wanted.then(|| c_string(self.1, "signed value"));
        Ok((main, signed.transpose()?))
    }
}

/// `_sign_url`, `_sign_prefix` and `_sign_cookie` of each signer, their names
/// written out so that they stay greppable; one body and one doc each.
macro_rules! google_signer_exports {
    ($($t:ident: $url:ident, $prefix:ident, $cookie:ident;)*) => { $(
        export! {
            /// Exact-URL signature: signs `<url>?Expires=N&KeyName=K` (`&` when the
            /// URL has a query) and writes it with `&Signature=S` appended to
            /// `*out_url`; the signed string to `*out_signed_value` when that is not
            /// NULL. Refuses (`CDNSIGN_STATUS_INVALID_INPUT`, naming the field) URLs
            /// that already carry `Expires`/`KeyName`/`Signature`/`URLPrefix`,
            /// fragments, and bad times.
            fn $url(signer: &$t, url: str, expires: i64) -> (string out_url, opt string out_signed_value) {
                let s = signer.inner.sign_url(url, expires)?;
                Ok(Signed(s.url, s.signed_value))
            }

            /// URL-prefix signature: writes `url` + `?`/`&` +
            /// `URLPrefix=<b64url(prefix)>&Expires=N&KeyName=K&Signature=S` to
            /// `*out_url` (the prefix must cover `url` and has no query) and, if
            /// wanted, the signed value.
            fn $prefix(signer: &$t, url: str, prefix: str, expires: i64) -> (string out_url, opt string out_signed_value) {
                let s = signer.inner.sign_prefix(url, prefix, expires)?;
                Ok(Signed(s.url, s.signed_value))
            }

            /// Cookie signature for every URL under `prefix`: writes the cookie's
            /// `name=value` pair (`Edge-Cache-Cookie=…` for Media CDN,
            /// `Cloud-CDN-Cookie=…` for Cloud CDN, each
            /// `URLPrefix=…:Expires=…:KeyName=…:Signature=…`) to `*out_cookie` (add
            /// `Domain`, `Path`, `Secure`, `HttpOnly` for the `Set-Cookie` header)
            /// and, if wanted, the signed value.
            fn $cookie(signer: &$t, prefix: str, expires: i64) -> (string out_cookie, opt string out_signed_value) {
                let c = signer.inner.sign_cookie(prefix, expires)?;
                Ok(Signed(c.cookie_pair(), c.signed_value))
            }
        }
    )* };
}

google_signer_exports! {
    cdnsign_mediacdn_signer: cdnsign_mediacdn_signer_sign_url, cdnsign_mediacdn_signer_sign_prefix, cdnsign_mediacdn_signer_sign_cookie;
    cdnsign_cloudcdn_signer: cdnsign_cloudcdn_signer_sign_url, cdnsign_cloudcdn_signer_sign_prefix, cdnsign_cloudcdn_signer_sign_cookie;
}
