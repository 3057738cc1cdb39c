//! `cdnsign.cloudcdn`: Google Cloud CDN signed URLs, prefixes and cookies
//! (`cdnsign::cloudcdn`). Outputs are `cdnsign.mediacdn`'s `SignedUrl`,
//! `SignedQuery` and `SignedCookie` (`google.rs`; the core shares them too).

use pyo3::prelude::*;

use cdnsign::cloudcdn as cc;

use crate::args::{items, text_or_bytes, Obj, OptObj, Text};
use crate::call::{attached, py_guard};
use crate::google::request;

/// `str` is the key file's base64url text; `bytes` are the 16 raw bytes.
fn key_of(key: Obj) -> PyResult<cc::SigningKey> {
    if let Ok(k) = key.cast::<SigningKey>() {
        return Ok(k.get().inner.clone());
    }
    let expected = "a Cloud CDN key must be str (key-file text) or bytes (16 raw bytes)";
    text_or_bytes(
        key,
        "key",
        expected,
        cc::SigningKey::from_key_file,
        cc::SigningKey::from_bytes,
    )
}

key_class! {
    /// A 16-byte HMAC-SHA1 key: the key file's base64url text (`str`) or the raw
    /// bytes (`bytes`).
    "cdnsign.cloudcdn" SigningKey(key) -> cc::SigningKey = |_, k| key_of(k);
    {
        fn __repr__(&self) -> &'static str {
            "<cdnsign.cloudcdn.SigningKey 16 bytes>"
        }
    }
}

/// Signs Cloud CDN URLs, URL prefixes and cookies (HMAC-SHA1).
#[pyclass(frozen, module = "cdnsign.cloudcdn")]
pub struct Signer {
    inner: cc::Signer,
}

crate::google::google_signer!(Signer, "cloudcdn", sign "cloudcdn.Signer.sign_manifest", {
    /// `padded` (default True) pads base64url as Google's samples emit it.
    #[new]
    #[pyo3(signature = (key_name, key, *, padded=true))]
    fn new(py, key_name: Text, key: Obj, padded: bool) -> Self as "cloudcdn.Signer" {
        let key = key_of(key)?;
        let inner = attached(py, "cloudcdn.Signer", || {
            Ok(cc::Signer::new(&key_name, key)?.with_padding(padded))
        })?;
        Ok(Signer { inner })
    }
});

crate::records::record_class! {
    /// What a successful verification established.
    "cdnsign.cloudcdn" Verified from CloudCdnVerified, repr(form, key_name, expires)
}

/// Verifies Cloud CDN signed URLs, prefixes and cookies at the origin (Cloud
/// CDN lets unsigned requests through, so the origin must check).
#[pyclass(frozen, module = "cdnsign.cloudcdn")]
pub struct Verifier {
    inner: cc::Verifier,
}

crate::manifest::pymethods!(check "cloudcdn.Verifier.check_manifest", Verifier {
    /// `keys`: `{key_name: key}` (key-file text, 16 raw bytes, or a `SigningKey`).
    #[new]
    fn new(py, keys: Obj) -> Self as "cloudcdn.Verifier" {
        let mut inner = cc::Verifier::new();
        for (name, key) in items(keys, "keys must be a mapping {key_name: key}")? {
            let k = key_of(&key)?;
            attached(py, "cloudcdn.Verifier", || inner.add_key(&name, k))?;
        }
        Ok(Verifier { inner })
    }

    /// The key names held.
    #[getter]
    fn key_names(&self) -> Vec<String> {
        let names = self.inner.key_names().into_iter();
        names.map(str::to_owned).collect()
    }

    /// Verifies the signed URL, prefix or `Cloud-CDN-Cookie` of a request.
    #[pyo3(signature = (url, *, now=None, headers=None, cookie=None))]
    fn verify(&self, py, url: Text, now: OptObj, headers: OptObj, cookie: Option<Text>,
    ) -> Verified as "cloudcdn.Verifier.verify" {
        let req = request(py, &url, now, headers, cookie.as_deref(), None)?;
        let v = crate::call!(py, "cloudcdn.Verifier.verify", 0, || self
            .inner
            .verify(&req))?;
        Verified::from_record(py, (&v).into())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["key_names"])
    }
});

crate::call::pyfunctions! {
    /// A fresh random 16-byte key as key-file text (padded base64url, for
    /// `gcloud compute backend-services add-signed-url-key --key-file`).
    #[pyfunction]
    fn generate_key(py) -> String as "cloudcdn.generate_key" {
        crate::call!(py, "cloudcdn.generate_key", 0, || {
            cc::SigningKey::generate().map(|(_, text)| text.to_string())
        })
    }
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "cloudcdn",
        classes: SigningKey, Signer, Verifier, Verified;
        functions: generate_key;
        constants: COOKIE_NAME = cc::CLOUD_CDN_COOKIE,
            KEY_LEN = cc::KEY_LEN,
    }
}
