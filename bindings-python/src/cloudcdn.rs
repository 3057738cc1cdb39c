//! `cdnsign.cloudcdn`: Google Cloud CDN signed URLs, prefixes and cookies
//! (`cdnsign::cloudcdn`). Outputs are `cdnsign.mediacdn`'s `SignedUrl`,
//! `SignedQuery` and `SignedCookie` (the core shares them too).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use cdnsign::cloudcdn as cc;

use crate::convert::{attached, bytes_of, detached, py_guard, text_of, unix_time};
use crate::mediacdn::{
    cookie_attributes, request, signed_cookie, SignedCookie, SignedQuery, SignedUrl,
};

/// `str` is the key file's base64url text; `bytes` are the 16 raw bytes.
fn key_of(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<cc::SigningKey> {
    if let Ok(k) = key.cast::<SigningKey>() {
        return Ok(k.get().inner.clone());
    }
    if key.is_instance_of::<PyString>() {
        let text = text_of(key, "key")?;
        return attached(py, "cloudcdn key", || cc::SigningKey::from_key_file(&text));
    }
    if key.is_instance_of::<PyBytes>() || key.is_instance_of::<PyByteArray>() {
        let raw = bytes_of(key, "key")?;
        return attached(py, "cloudcdn key", || cc::SigningKey::from_bytes(&raw));
    }
    Err(PyTypeError::new_err(format!(
        "a Cloud CDN key must be str (key-file text) or bytes (16 raw bytes), not {}",
        key.get_type().name()?
    )))
}

/// A 16-byte HMAC-SHA1 key: the key file's base64url text (`str`) or the raw
/// bytes (`bytes`).
#[pyclass(frozen, name = "SigningKey", module = "cdnsign.cloudcdn")]
pub struct SigningKey {
    inner: cc::SigningKey,
}

#[pymethods]
impl SigningKey {
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "cloudcdn.SigningKey", || {
            Ok(SigningKey {
                inner: key_of(py, key)?,
            })
        })
    }

    fn __repr__(&self) -> &'static str {
        "<cdnsign.cloudcdn.SigningKey 16 bytes>"
    }
}

/// Signs Cloud CDN URLs, URL prefixes and cookies (HMAC-SHA1).
#[pyclass(frozen, name = "Signer", module = "cdnsign.cloudcdn")]
pub struct Signer {
    inner: cc::Signer,
}

#[pymethods]
impl Signer {
    /// `padded` (default True) pads base64url as Google's samples emit it.
    #[new]
    #[pyo3(signature = (key_name, key, *, padded=true))]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] key_name: String,
        key: &Bound<'_, PyAny>,
        padded: bool,
    ) -> PyResult<Self> {
        py_guard(py, "cloudcdn.Signer", || {
            let key = key_of(py, key)?;
            let inner = attached(py, "cloudcdn.Signer", || {
                Ok(cc::Signer::new(&key_name, key)?.with_padding(padded))
            })?;
            Ok(Signer { inner })
        })
    }

    /// The key name (`KeyName=`).
    #[getter]
    fn key_name(&self) -> &str {
        self.inner.key_name()
    }

    /// Exact URL: signs `<url>?Expires=N&KeyName=K`, appends `&Signature=…`.
    #[pyo3(signature = (url, *, expires))]
    fn sign_url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedUrl> {
        py_guard(py, "cloudcdn.Signer.sign_url", || {
            let expires = unix_time(expires, "expires")?;
            crate::call!(py, "cloudcdn.Signer.sign_url", 0, || {
                self.inner.sign_url(&url, expires)
            })
            .map(SignedUrl::from)
        })
    }

    /// `url` (under `prefix`, which has no query) carrying
    /// `URLPrefix=…&Expires=…&KeyName=…&Signature=…`.
    #[pyo3(signature = (url, prefix, *, expires))]
    fn sign_prefix(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedUrl> {
        py_guard(py, "cloudcdn.Signer.sign_prefix", || {
            let expires = unix_time(expires, "expires")?;
            crate::call!(py, "cloudcdn.Signer.sign_prefix", 0, || {
                self.inner.sign_prefix(&url, &prefix, expires)
            })
            .map(SignedUrl::from)
        })
    }

    /// The prefix signature as query parameters for any URL under `prefix`.
    #[pyo3(signature = (prefix, *, expires))]
    fn prefix_query(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedQuery> {
        py_guard(py, "cloudcdn.Signer.prefix_query", || {
            let expires = unix_time(expires, "expires")?;
            detached(py, "cloudcdn.Signer.prefix_query", || {
                self.inner.prefix_query(&prefix, expires)
            })
            .map(SignedQuery::from)
        })
    }

    /// `Cloud-CDN-Cookie` for every URL under `prefix`, with its `Set-Cookie` value.
    #[pyo3(signature = (prefix, *, expires, domain=None, path=String::from("/"), secure=true, http_only=true, same_site=None, max_age=None), text_signature = "($self, prefix, *, expires, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, max_age=None)")]
    #[allow(clippy::too_many_arguments)]
    fn sign_cookie(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        expires: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::args::opt_text)] domain: Option<String>,
        #[pyo3(from_py_with = crate::args::text)] path: String,
        secure: bool,
        http_only: bool,
        #[pyo3(from_py_with = crate::args::opt_text)] same_site: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_i64)] max_age: Option<i64>,
    ) -> PyResult<SignedCookie> {
        py_guard(py, "cloudcdn.Signer.sign_cookie", || {
            let expires = unix_time(expires, "expires")?;
            let attrs = cookie_attributes(
                py,
                domain,
                &path,
                secure,
                http_only,
                same_site.as_deref(),
                max_age,
            )?;
            let c = crate::call!(py, "cloudcdn.Signer.sign_cookie", 0, || {
                self.inner.sign_cookie(&prefix, expires)
            })?;
            signed_cookie(py, c, &attrs)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.cloudcdn.Signer key_name={:?}>",
            self.inner.key_name()
        )
    }
}

/// What a successful verification established.
#[pyclass(frozen, get_all, name = "Verified", module = "cdnsign.cloudcdn")]
pub struct Verified {
    /// `signed_url`, `signed_prefix` or `cookie`.
    form: &'static str,
    /// The key that matched.
    key_name: String,
    /// `Expires`.
    expires: i64,
    /// The exact bytes the signature covered.
    signed_value: String,
}

#[pymethods]
impl Verified {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.cloudcdn.Verified form={:?} key_name={:?} expires={}>",
            self.form, self.key_name, self.expires
        )
    }
}

/// Verifies Cloud CDN signed URLs, prefixes and cookies at the origin (Cloud
/// CDN lets unsigned requests through, so the origin must check).
#[pyclass(frozen, name = "Verifier", module = "cdnsign.cloudcdn")]
pub struct Verifier {
    inner: cc::Verifier,
}

#[pymethods]
impl Verifier {
    /// `keys`: `{key_name: key}` (key-file text, 16 raw bytes, or a `SigningKey`).
    #[new]
    fn new(py: Python<'_>, keys: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "cloudcdn.Verifier", || {
            let mut inner = cc::Verifier::new();
            let items = keys
                .call_method0("items")
                .map_err(|_| PyTypeError::new_err("keys must be a mapping {key_name: key}"))?;
            for item in items.try_iter()? {
                let (name, key): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                let name = crate::args::text(&name)?;
                let k = key_of(py, &key)?;
                attached(py, "cloudcdn.Verifier", || inner.add_key(&name, k))?;
            }
            Ok(Verifier { inner })
        })
    }

    /// The key names held.
    #[getter]
    fn key_names(&self) -> Vec<String> {
        self.inner
            .key_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Verifies the signed URL, prefix or `Cloud-CDN-Cookie` of a request.
    #[pyo3(signature = (url, *, now=None, headers=None, cookie=None))]
    fn verify(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        now: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] cookie: Option<String>,
    ) -> PyResult<Verified> {
        py_guard(py, "cloudcdn.Verifier.verify", || {
            let req = request(py, &url, now, headers, cookie.as_deref(), None)?;
            let v = crate::call!(py, "cloudcdn.Verifier.verify", 0, || self
                .inner
                .verify(&req))?;
            Ok(Verified {
                form: v.form.as_str(),
                key_name: v.key_name,
                expires: v.expires,
                signed_value: v.signed_value,
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.cloudcdn.Verifier keys={:?}>",
            self.inner.key_names()
        )
    }
}

/// A fresh random 16-byte key as key-file text (padded base64url, for
/// `gcloud compute backend-services add-signed-url-key --key-file`).
#[pyfunction]
fn generate_key(py: Python<'_>) -> PyResult<String> {
    py_guard(py, "cloudcdn.generate_key", || {
        crate::call!(py, "cloudcdn.generate_key", 0, || {
            cc::SigningKey::generate().map(|(_, text)| text.to_string())
        })
    })
}

/// Decodes a credential without a key and says what the CDN would check and
/// why it might answer 403: a dict (the core's explanation, plus `"text"`),
/// or `None` when `input` is not this kind of credential.
#[pyfunction]
#[pyo3(signature = (input, *, now=None))]
fn explain<'py>(
    py: Python<'py>,
    #[pyo3(from_py_with = crate::args::text)] input: String,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    py_guard(py, "explain", || {
        let now = crate::convert::now_or(now)?;
        let input = input.to_owned();
        let found = crate::convert::attached(py, "explain", || {
            Ok(cc::explain(&input, now).map(|e| (e.to_json(), e.to_text())))
        })?;
        crate::convert::explanation(py, found)
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "cloudcdn")?;
    m.add_class::<SigningKey>()?;
    m.add_class::<Signer>()?;
    m.add_class::<Verifier>()?;
    m.add_class::<Verified>()?;
    m.add_function(wrap_pyfunction!(generate_key, &m)?)?;
    m.add("COOKIE_NAME", cc::CLOUD_CDN_COOKIE)?;
    m.add("KEY_LEN", cc::KEY_LEN)?;
    m.add_function(wrap_pyfunction!(explain, &m)?)?;
    parent.add_submodule(&m)
}
