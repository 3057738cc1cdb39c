//! `cdnsign.mediacdn`: Google Media CDN signed requests and tokens
//! (`cdnsign::mediacdn`). The output classes (`SignedUrl`, `SignedQuery`,
//! `SignedCookie`) are shared with `cdnsign.cloudcdn`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};

use cdnsign::mediacdn as mc;

use crate::convert::{
    attached, bytes_of, detached, ip_addr, now_or, opt_time, py_guard, text_of, unix_time,
};

// ---- outputs --------------------------------------------------------------------

/// A signed URL and the exact bytes its signature covers.
#[pyclass(frozen, get_all, name = "SignedUrl", module = "cdnsign.mediacdn")]
pub struct SignedUrl {
    /// The URL to hand out.
    url: String,
    /// The exact bytes the signature covers.
    signed_value: String,
}

#[pymethods]
impl SignedUrl {
    fn __str__(&self) -> String {
        self.url.clone()
    }

    fn __repr__(&self) -> String {
        format!("<SignedUrl {}>", self.url)
    }
}

impl From<mc::SignedUrl> for SignedUrl {
    fn from(s: mc::SignedUrl) -> Self {
        SignedUrl {
            url: s.url,
            signed_value: s.signed_value,
        }
    }
}

/// Signed query parameters, ready to append to any URL under the prefix.
#[pyclass(frozen, get_all, name = "SignedQuery", module = "cdnsign.mediacdn")]
pub struct SignedQuery {
    /// `URLPrefix=…&Expires=…&KeyName=…&Signature=…` (no leading `?`/`&`).
    query: String,
    /// The exact bytes the signature covers.
    signed_value: String,
}

#[pymethods]
impl SignedQuery {
    /// `url` with the parameters appended (`?` or `&`).
    fn apply_to(&self, #[pyo3(from_py_with = crate::args::text)] url: String) -> String {
        mc::SignedQuery {
            query: self.query.clone(),
            signed_value: self.signed_value.clone(),
        }
        .apply_to(&url)
    }

    fn __str__(&self) -> String {
        self.query.clone()
    }

    fn __repr__(&self) -> String {
        format!("<SignedQuery {}>", self.query)
    }
}

impl From<mc::SignedQuery> for SignedQuery {
    fn from(s: mc::SignedQuery) -> Self {
        SignedQuery {
            query: s.query,
            signed_value: s.signed_value,
        }
    }
}

/// A signed cookie (`Edge-Cache-Cookie` or `Cloud-CDN-Cookie`).
#[pyclass(frozen, get_all, name = "SignedCookie", module = "cdnsign.mediacdn")]
pub struct SignedCookie {
    /// The cookie name.
    name: &'static str,
    /// The cookie value.
    value: String,
    /// The exact bytes the signature covers.
    signed_value: String,
    /// `Name=value`, as a client sends it in `Cookie:`.
    cookie_pair: String,
    /// A `Set-Cookie` header value with the attributes asked for.
    set_cookie: String,
}

#[pymethods]
impl SignedCookie {
    fn __repr__(&self) -> String {
        format!("<SignedCookie {}>", self.name)
    }
}

pub fn signed_cookie(
    py: Python<'_>,
    c: mc::SignedCookie,
    attributes: &mc::CookieAttributes,
) -> PyResult<SignedCookie> {
    let set_cookie = attached(py, "set_cookie", || c.set_cookie(attributes))?;
    Ok(SignedCookie {
        name: c.name,
        cookie_pair: c.cookie_pair(),
        value: c.value,
        signed_value: c.signed_value,
        set_cookie,
    })
}

pub fn cookie_attributes(
    py: Python<'_>,
    domain: Option<String>,
    path: &str,
    secure: bool,
    http_only: bool,
    same_site: Option<&str>,
    max_age: Option<i64>,
) -> PyResult<mc::CookieAttributes> {
    let same_site = match same_site.map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("strict") => Some(mc::SameSite::Strict),
        Some("lax") => Some(mc::SameSite::Lax),
        Some("none") => Some(mc::SameSite::None),
        Some(other) => {
            return Err(crate::convert::input_err(
                py,
                "same_site",
                format!("same_site={other:?} is not Strict, Lax or None"),
            ))
        }
    };
    Ok(mc::CookieAttributes {
        domain,
        path: path.to_owned(),
        secure,
        http_only,
        same_site,
        max_age,
    })
}

// ---- keys -----------------------------------------------------------------------

fn signing_key_of(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<mc::SigningKey> {
    if let Ok(k) = key.cast::<SigningKey>() {
        return Ok(k.get().inner.clone());
    }
    let raw = bytes_of(key, "private_key")?;
    attached(py, "mediacdn key", || mc::SigningKey::parse(&raw))
}

fn public_key_of_obj(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<mc::PublicKey> {
    if let Ok(k) = key.cast::<PublicKey>() {
        return Ok(k.get().inner.clone());
    }
    if let Ok(k) = key.cast::<SigningKey>() {
        return Ok(k.get().inner.public_key());
    }
    let raw = bytes_of(key, "public_key")?;
    attached(py, "mediacdn public key", || mc::PublicKey::parse(&raw))
}

/// `str` is base64/base64url text of the secret; `bytes` are the raw secret.
fn secret_of(py: Python<'_>, secret: &Bound<'_, PyAny>) -> PyResult<mc::HmacSecret> {
    if let Ok(s) = secret.cast::<HmacSecret>() {
        return Ok(s.get().inner.clone());
    }
    if secret.is_instance_of::<PyString>() {
        let text = text_of(secret, "secret")?;
        return attached(py, "mediacdn secret", || {
            mc::HmacSecret::from_base64(text.trim())
        });
    }
    if secret.is_instance_of::<PyBytes>() || secret.is_instance_of::<PyByteArray>() {
        let raw = bytes_of(secret, "secret")?;
        return attached(py, "mediacdn secret", || mc::HmacSecret::from_bytes(&raw));
    }
    Err(PyTypeError::new_err(format!(
        "secret must be str (base64) or bytes (raw), not {}",
        secret.get_type().name()?
    )))
}

/// An Ed25519 private key: PKCS#8 PEM/DER, or base64/base64url (padded or
/// not) of the 32-byte seed or 64-byte seed ‖ public key, or those raw bytes.
#[pyclass(frozen, name = "SigningKey", module = "cdnsign.mediacdn")]
pub struct SigningKey {
    inner: mc::SigningKey,
}

#[pymethods]
impl SigningKey {
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "mediacdn.SigningKey", || {
            Ok(SigningKey {
                inner: signing_key_of(py, key)?,
            })
        })
    }

    /// The public half.
    #[getter]
    fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: self.inner.public_key(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.mediacdn.SigningKey public={}>",
            self.inner.public_key().keyset_value()
        )
    }
}

/// An Ed25519 public key: the keyset's base64url value (43/44 characters),
/// SPKI PEM/DER, 32 raw bytes, or a private key's public half.
#[pyclass(frozen, name = "PublicKey", module = "cdnsign.mediacdn")]
pub struct PublicKey {
    inner: mc::PublicKey,
}

#[pymethods]
impl PublicKey {
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "mediacdn.PublicKey", || {
            Ok(PublicKey {
                inner: public_key_of_obj(py, key)?,
            })
        })
    }

    /// The value the EdgeCacheKeyset wants (44-character padded base64url).
    #[getter]
    fn keyset_value(&self) -> String {
        self.inner.keyset_value()
    }

    /// SPKI PEM.
    fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// The 32 raw bytes.
    fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.as_bytes())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PublicKey>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        let b = self.inner.as_bytes();
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    fn __repr__(&self) -> String {
        format!("<cdnsign.mediacdn.PublicKey {}>", self.inner.keyset_value())
    }
}

/// An HMAC shared key (at least 16 bytes): `str` is base64/base64url text of
/// the secret, `bytes` the raw secret (as Secret Manager stores it).
#[pyclass(frozen, name = "HmacSecret", module = "cdnsign.mediacdn")]
pub struct HmacSecret {
    inner: mc::HmacSecret,
}

#[pymethods]
impl HmacSecret {
    #[new]
    fn new(py: Python<'_>, secret: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "mediacdn.HmacSecret", || {
            Ok(HmacSecret {
                inner: secret_of(py, secret)?,
            })
        })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("<cdnsign.mediacdn.HmacSecret {} bytes>", self.inner.len())
    }
}

// ---- signatures -------------------------------------------------------------------

/// Signs Media CDN requests (exact URL, URL prefix, path component, cookie)
/// with one Ed25519 key of a keyset.
#[pyclass(frozen, name = "Signer", module = "cdnsign.mediacdn")]
pub struct Signer {
    inner: mc::Signer,
}

#[pymethods]
impl Signer {
    /// `padded=True` pads `URLPrefix` and `Signature` like Google's Python
    /// samples; `param` is the path-component marker (default `edge-cache-token`).
    #[new]
    #[pyo3(signature = (key_name, private_key, *, padded=false, param=String::from("edge-cache-token")), text_signature = "(key_name, private_key, *, padded=False, param=\"edge-cache-token\")")]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] key_name: String,
        private_key: &Bound<'_, PyAny>,
        padded: bool,
        #[pyo3(from_py_with = crate::args::text)] param: String,
    ) -> PyResult<Self> {
        py_guard(py, "mediacdn.Signer", || {
            let key = signing_key_of(py, private_key)?;
            let inner = attached(py, "mediacdn.Signer", || {
                mc::Signer::new(&key_name, key)?
                    .with_padding(padded)
                    .with_param(&param)
            })?;
            Ok(Signer { inner })
        })
    }

    /// The key name (`KeyName=`).
    #[getter]
    fn key_name(&self) -> &str {
        self.inner.key_name()
    }

    /// The public key as the EdgeCacheKeyset wants it (padded base64url).
    #[getter]
    fn public_key(&self) -> String {
        self.inner.signing_key().public_key().keyset_value()
    }

    /// Exact URL: signs `<url>?Expires=N&KeyName=K` and appends `&Signature=…`.
    #[pyo3(signature = (url, *, expires))]
    fn sign_url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedUrl> {
        py_guard(py, "mediacdn.Signer.sign_url", || {
            let expires = unix_time(expires, "expires")?;
            crate::call!(py, "mediacdn.Signer.sign_url", 0, || {
                self.inner.sign_url(&url, expires)
            })
            .map(SignedUrl::from)
        })
    }

    /// `url` (under `prefix`) carrying `URLPrefix=…&Expires=…&KeyName=…&Signature=…`.
    #[pyo3(signature = (url, prefix, *, expires))]
    fn sign_prefix(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedUrl> {
        py_guard(py, "mediacdn.Signer.sign_prefix", || {
            let expires = unix_time(expires, "expires")?;
            crate::call!(py, "mediacdn.Signer.sign_prefix", 0, || {
                self.inner.sign_prefix(&url, &prefix, expires)
            })
            .map(SignedUrl::from)
        })
    }

    /// The prefix signature as query parameters, to append to any URL under `prefix`.
    #[pyo3(signature = (prefix, *, expires))]
    fn prefix_query(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedQuery> {
        py_guard(py, "mediacdn.Signer.prefix_query", || {
            let expires = unix_time(expires, "expires")?;
            detached(py, "mediacdn.Signer.prefix_query", || {
                self.inner.prefix_query(&prefix, expires)
            })
            .map(SignedQuery::from)
        })
    }

    /// Path component: `<prefix>edge-cache-token=Expires=N&KeyName=K&Signature=S/<rest>`.
    #[pyo3(signature = (prefix, rest, *, expires))]
    fn sign_path(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] prefix: String,
        #[pyo3(from_py_with = crate::args::text)] rest: String,
        expires: &Bound<'_, PyAny>,
    ) -> PyResult<SignedUrl> {
        py_guard(py, "mediacdn.Signer.sign_path", || {
            let expires = unix_time(expires, "expires")?;
            crate::call!(py, "mediacdn.Signer.sign_path", 0, || {
                self.inner.sign_path(&prefix, &rest, expires)
            })
            .map(SignedUrl::from)
        })
    }

    /// `Edge-Cache-Cookie` for every URL under `prefix`, with its `Set-Cookie` value.
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
        py_guard(py, "mediacdn.Signer.sign_cookie", || {
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
            let c = crate::call!(py, "mediacdn.Signer.sign_cookie", 0, || {
                self.inner.sign_cookie(&prefix, expires)
            })?;
            signed_cookie(py, c, &attrs)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.mediacdn.Signer key_name={:?}>",
            self.inner.key_name()
        )
    }
}

// ---- tokens -----------------------------------------------------------------------

/// A signed token and how it travels.
#[pyclass(frozen, get_all, name = "SignedToken", module = "cdnsign.mediacdn")]
pub struct SignedToken {
    /// The token (`…~Expires=…~Signature=…` or `…~hmac=…`).
    token: String,
    /// The exact bytes the signature covers (with `FullPath=` and header values).
    signed_value: String,
    /// The query parameter it travels in.
    param: String,
    /// `"ed25519"`, `"hmac-sha1"` or `"hmac-sha256"`.
    algorithm: &'static str,
    /// `edge-cache-token=<token>`.
    query: String,
    /// The URL with the token appended (from `sign_url`), else `None`.
    url: Option<String>,
    /// The token as an `Edge-Cache-Cookie` (default attributes).
    cookie: Py<SignedCookie>,
}

#[pymethods]
impl SignedToken {
    /// `url` with the token appended as a query parameter.
    fn apply_to_url(&self, #[pyo3(from_py_with = crate::args::text)] url: String) -> String {
        mc::SignedToken {
            token: self.token.clone(),
            signed_value: self.signed_value.clone(),
            param: self.param.clone(),
            algorithm: mc::Algorithm::from_name(self.algorithm).unwrap_or(mc::Algorithm::Ed25519),
        }
        .apply_to_url(&url)
    }

    fn __str__(&self) -> String {
        self.token.clone()
    }

    fn __repr__(&self) -> String {
        format!("<SignedToken {} {}>", self.algorithm, self.token)
    }
}

fn signed_token(py: Python<'_>, t: mc::SignedToken, url: Option<&str>) -> PyResult<SignedToken> {
    let cookie = signed_cookie(py, t.cookie(), &mc::CookieAttributes::default())?;
    Ok(SignedToken {
        query: t.query_pair(),
        url: url.map(|u| t.apply_to_url(u)),
        cookie: Py::new(py, cookie)?,
        algorithm: t.algorithm.as_str(),
        token: t.token,
        signed_value: t.signed_value,
        param: t.param,
    })
}

fn str_list(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Ok(vec![crate::args::text(obj)?]);
    }
    let err = || PyTypeError::new_err(format!("{field} must be a str or a list of str"));
    obj.try_iter()
        .map_err(|_| err())?
        .map(|x| {
            let x = x?;
            if !x.is_instance_of::<PyString>() {
                return Err(err());
            }
            crate::args::text(&x)
        })
        .collect()
}

/// `(name, value)` pairs from a mapping (or anything with `.items()`, like a
/// Flask/Werkzeug `Headers`) or an iterable of pairs.
pub fn pairs(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<(String, String)>> {
    let err = || PyTypeError::new_err(format!("{field} must be a mapping or (name, value) pairs"));
    let iter = if obj.is_instance_of::<PyDict>() || obj.hasattr("items")? {
        obj.call_method0("items")?.try_iter().map_err(|_| err())?
    } else {
        obj.try_iter().map_err(|_| err())?
    };
    iter.map(|x| {
        let x = x?;
        let pair = match x.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() {
            Ok(pair) => pair,
            Err(_) => match x.extract::<Vec<Bound<'_, PyAny>>>() {
                Ok(v) if v.len() == 2 => {
                    let mut v = v.into_iter();
                    match (v.next(), v.next()) {
                        (Some(n), Some(v)) => (n, v),
                        _ => return Err(err()),
                    }
                }
                _ => return Err(err()),
            },
        };
        if !pair.0.is_instance_of::<PyString>() || !pair.1.is_instance_of::<PyString>() {
            return Err(err());
        }
        Ok((crate::args::text(&pair.0)?, crate::args::text(&pair.1)?))
    })
    .collect()
}

#[allow(clippy::too_many_arguments)]
fn token_claims(
    expires: i64,
    path_globs: Option<&Bound<'_, PyAny>>,
    url_prefix: Option<String>,
    full_path: Option<String>,
    starts: Option<&Bound<'_, PyAny>>,
    session_id: Option<String>,
    data: Option<String>,
    headers: Option<&Bound<'_, PyAny>>,
    ip_ranges: Option<&Bound<'_, PyAny>>,
    glob_separator: &str,
) -> PyResult<mc::TokenClaims> {
    let mut c = mc::TokenClaims::new(expires);
    if let Some(g) = path_globs.filter(|g| !g.is_none()) {
        c.path_globs = Some(str_list(g, "path_globs")?);
    }
    // token_claims_py checked it is exactly one character; the core checks which.
    c.glob_separator = glob_separator.chars().next().unwrap_or(',');
    c.url_prefix = url_prefix;
    c.full_path = full_path;
    c.starts = opt_time(starts, "starts")?;
    c.session_id = session_id;
    c.data = data;
    if let Some(h) = headers.filter(|h| !h.is_none()) {
        c.headers = pairs(h, "headers")?;
    }
    if let Some(r) = ip_ranges.filter(|r| !r.is_none()) {
        c.ip_ranges = Some(str_list(r, "ip_ranges")?);
    }
    Ok(c)
}

/// Signs Media CDN tokens (`edge-cache-token`): Ed25519 (`private_key=`) or
/// HMAC (`secret=`, with `algorithm="hmac-sha1"` or `"hmac-sha256"`).
#[pyclass(frozen, name = "TokenSigner", module = "cdnsign.mediacdn")]
pub struct TokenSigner {
    inner: mc::TokenSigner,
}

#[pymethods]
impl TokenSigner {
    #[new]
    #[pyo3(signature = (*, private_key=None, secret=None, algorithm=None, padded=false, param=String::from("edge-cache-token")), text_signature = "(*, private_key=None, secret=None, algorithm=None, padded=False, param=\"edge-cache-token\")")]
    fn new(
        py: Python<'_>,
        private_key: Option<&Bound<'_, PyAny>>,
        secret: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] algorithm: Option<String>,
        padded: bool,
        #[pyo3(from_py_with = crate::args::text)] param: String,
    ) -> PyResult<Self> {
        py_guard(py, "mediacdn.TokenSigner", || {
            let algorithm = match algorithm {
                Some(a) => Some(attached(py, "mediacdn.TokenSigner", || {
                    mc::Algorithm::from_name(&a)
                })?),
                None => None,
            };
            let signer = match (private_key, secret) {
                (Some(k), None) => {
                    if algorithm.is_some_and(|a| a != mc::Algorithm::Ed25519) {
                        return Err(crate::convert::input_err(
                            py,
                            "algorithm",
                            "private_key= signs Ed25519 tokens; HMAC tokens take secret=",
                        ));
                    }
                    mc::TokenSigner::ed25519(signing_key_of(py, k)?)
                }
                (None, Some(s)) => {
                    let secret = secret_of(py, s)?;
                    let algorithm = algorithm.ok_or_else(|| {
                        crate::convert::input_err(
                            py,
                            "algorithm",
                            "an HMAC token signer needs algorithm=\"hmac-sha1\" or \"hmac-sha256\"",
                        )
                    })?;
                    attached(py, "mediacdn.TokenSigner", || {
                        mc::TokenSigner::hmac(algorithm, secret)
                    })?
                }
                _ => {
                    return Err(crate::convert::input_err(
                        py,
                        "private_key",
                        "give exactly one of private_key= (Ed25519) or secret= (HMAC)",
                    ))
                }
            };
            let inner = attached(py, "mediacdn.TokenSigner", || {
                signer.with_padding(padded).with_param(&param)
            })?;
            Ok(TokenSigner { inner })
        })
    }

    /// `"ed25519"`, `"hmac-sha1"` or `"hmac-sha256"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The token query parameter.
    #[getter]
    fn param(&self) -> &str {
        self.inner.param()
    }

    /// Signs a token. Fields are emitted in the documented order (path field,
    /// Starts, Expires, SessionID, Data, Headers, IPRanges). Exactly one of
    /// `path_globs`, `url_prefix`, `full_path` is required.
    #[pyo3(signature = (*, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=String::from(",")), text_signature = "($self, *, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")")]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        py: Python<'_>,
        expires: &Bound<'_, PyAny>,
        path_globs: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] url_prefix: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] full_path: Option<String>,
        starts: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] session_id: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] data: Option<String>,
        headers: Option<&Bound<'_, PyAny>>,
        ip_ranges: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::text)] glob_separator: String,
    ) -> PyResult<SignedToken> {
        py_guard(py, "mediacdn.TokenSigner.sign", || {
            let claims = token_claims_py(
                py,
                unix_time(expires, "expires")?,
                path_globs,
                url_prefix,
                full_path,
                starts,
                session_id,
                data,
                headers,
                ip_ranges,
                &glob_separator,
            )?;
            let t = crate::call!(py, "mediacdn.TokenSigner.sign", 0, || self
                .inner
                .sign(&claims))?;
            signed_token(py, t, None)
        })
    }

    /// `sign`, with the token appended to `url` as a query parameter (`.url`).
    #[pyo3(signature = (url, *, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=String::from(",")), text_signature = "($self, url, *, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")")]
    #[allow(clippy::too_many_arguments)]
    fn sign_url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        expires: &Bound<'_, PyAny>,
        path_globs: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] url_prefix: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] full_path: Option<String>,
        starts: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] session_id: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] data: Option<String>,
        headers: Option<&Bound<'_, PyAny>>,
        ip_ranges: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::text)] glob_separator: String,
    ) -> PyResult<SignedToken> {
        py_guard(py, "mediacdn.TokenSigner.sign_url", || {
            let claims = token_claims_py(
                py,
                unix_time(expires, "expires")?,
                path_globs,
                url_prefix,
                full_path,
                starts,
                session_id,
                data,
                headers,
                ip_ranges,
                &glob_separator,
            )?;
            let t = detached(py, "mediacdn.TokenSigner.sign_url", || {
                self.inner.sign(&claims)
            })?;
            signed_token(py, t, Some(&url))
        })
    }

    /// The dual-token flow's short-lived token the app server issues:
    /// `Expires = now + lifetime` (default 60 s, at most 3600).
    #[pyo3(signature = (*, now=None, lifetime=None, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=String::from(",")), text_signature = "($self, *, now=None, lifetime=None, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")")]
    #[allow(clippy::too_many_arguments)]
    fn sign_short_lived(
        &self,
        py: Python<'_>,
        now: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_i64)] lifetime: Option<i64>,
        path_globs: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] url_prefix: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] full_path: Option<String>,
        starts: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] session_id: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] data: Option<String>,
        headers: Option<&Bound<'_, PyAny>>,
        ip_ranges: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::text)] glob_separator: String,
    ) -> PyResult<SignedToken> {
        py_guard(py, "mediacdn.TokenSigner.sign_short_lived", || {
            let now = now_or(now)?;
            let claims = token_claims_py(
                py,
                0,
                path_globs,
                url_prefix,
                full_path,
                starts,
                session_id,
                data,
                headers,
                ip_ranges,
                &glob_separator,
            )?;
            let t = crate::call!(py, "mediacdn.TokenSigner.sign_short_lived", 0, || {
                mc::sign_short_lived(&self.inner, claims, now, lifetime)
            })?;
            signed_token(py, t, None)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.mediacdn.TokenSigner {} param={:?}>",
            self.inner.algorithm(),
            self.inner.param()
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn token_claims_py(
    py: Python<'_>,
    expires: i64,
    path_globs: Option<&Bound<'_, PyAny>>,
    url_prefix: Option<String>,
    full_path: Option<String>,
    starts: Option<&Bound<'_, PyAny>>,
    session_id: Option<String>,
    data: Option<String>,
    headers: Option<&Bound<'_, PyAny>>,
    ip_ranges: Option<&Bound<'_, PyAny>>,
    glob_separator: &str,
) -> PyResult<mc::TokenClaims> {
    if glob_separator.chars().count() != 1 {
        return Err(crate::convert::input_err(
            py,
            "glob_separator",
            format!("glob_separator={glob_separator:?} must be ',' or '!'"),
        ));
    }
    token_claims(
        expires,
        path_globs,
        url_prefix,
        full_path,
        starts,
        session_id,
        data,
        headers,
        ip_ranges,
        glob_separator,
    )
}

// ---- verification ------------------------------------------------------------------

/// What a successful verification established.
#[pyclass(frozen, get_all, name = "Verified", module = "cdnsign.mediacdn")]
pub struct Verified {
    /// `signed_url`, `signed_prefix`, `path_component`, `cookie`, `token`, `token_cookie`.
    form: &'static str,
    /// The key (or shared key) id that matched.
    key_id: String,
    /// `"ed25519"`, `"hmac-sha1"` or `"hmac-sha256"`.
    algorithm: &'static str,
    /// `Expires`.
    expires: i64,
    /// `Starts`.
    starts: Option<i64>,
    /// `SessionID`.
    session_id: Option<String>,
    /// `Data`.
    data: Option<String>,
    /// The exact bytes the signature covered.
    signed_value: String,
}

#[pymethods]
impl Verified {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.mediacdn.Verified form={:?} key_id={:?} expires={}>",
            self.form, self.key_id, self.expires
        )
    }
}

impl From<mc::Verified> for Verified {
    fn from(v: mc::Verified) -> Self {
        Verified {
            form: v.form.as_str(),
            key_id: v.key_id,
            algorithm: v.algorithm.as_str(),
            expires: v.expires,
            starts: v.starts,
            session_id: v.session_id,
            data: v.data,
            signed_value: v.signed_value,
        }
    }
}

/// Builds the core request: URL as received, headers (mapping or pairs; a
/// `Cookie` header is read too), `Cookie:` header value, client IP, now.
pub fn request(
    py: Python<'_>,
    url: &str,
    now: Option<&Bound<'_, PyAny>>,
    headers: Option<&Bound<'_, PyAny>>,
    cookie: Option<&str>,
    client_ip: Option<&str>,
) -> PyResult<mc::Request> {
    let mut req = mc::Request::new(url, now_or(now)?);
    if let Some(h) = headers.filter(|h| !h.is_none()) {
        for (n, v) in pairs(h, "headers")? {
            req = req.header(n, v);
        }
    }
    if let Some(c) = cookie {
        req = req.cookie_header(c);
    }
    if let Some(ip) = client_ip {
        req = req.client_ip(ip_addr(py, ip, "client_ip")?);
    }
    Ok(req)
}

/// Verifies Media CDN signed requests and tokens at the origin against a
/// keyset (Ed25519 public keys and HMAC shared keys, by id).
#[pyclass(frozen, name = "Verifier", module = "cdnsign.mediacdn")]
pub struct Verifier {
    inner: mc::Verifier,
}

#[pymethods]
impl Verifier {
    /// `public_keys`: `{id: key}` (keyset value, PEM, 32 raw bytes, or a
    /// `PublicKey`/`SigningKey`); `shared_keys`: `{id: secret}` (base64 `str`,
    /// raw `bytes`, or `HmacSecret`); `keyset_name`: a `KeyName` equal to it
    /// tries every public key. `allowed_algorithms`: the route's
    /// `allowedSignatureAlgorithms` (default Ed25519 alone, as on a route
    /// that lists none: list `hmac-sha1`/`hmac-sha256` to accept HMAC tokens); `max_expiration_ttl`: seconds; `leeway`: 0..300 s.
    #[new]
    #[pyo3(signature = (*, public_keys=None, shared_keys=None, keyset_name=None, param=String::from("edge-cache-token"), allowed_algorithms=None, max_expiration_ttl=None, leeway=0), text_signature = "(*, public_keys=None, shared_keys=None, keyset_name=None, param=\"edge-cache-token\", allowed_algorithms=None, max_expiration_ttl=None, leeway=0)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        public_keys: Option<&Bound<'_, PyAny>>,
        shared_keys: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] keyset_name: Option<String>,
        #[pyo3(from_py_with = crate::args::text)] param: String,
        #[pyo3(from_py_with = crate::args::opt_text_list)] allowed_algorithms: Option<Vec<String>>,
        #[pyo3(from_py_with = crate::args::opt_i64)] max_expiration_ttl: Option<i64>,
        #[pyo3(from_py_with = crate::args::i64_)] leeway: i64,
    ) -> PyResult<Self> {
        py_guard(py, "mediacdn.Verifier", || {
            let mut ks = mc::Keyset::new();
            if let Some(name) = keyset_name {
                ks = attached(py, "mediacdn.Verifier", || ks.with_name(&name))?;
            }
            for (label, map) in [("public_keys", public_keys), ("shared_keys", shared_keys)] {
                let Some(map) = map.filter(|m| !m.is_none()) else {
                    continue;
                };
                let items = map.call_method0("items").map_err(|_| {
                    PyTypeError::new_err(format!("{label} must be a mapping {{id: key}}"))
                })?;
                for item in items.try_iter()? {
                    let (id, key): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                    let id = crate::args::text(&id)?;
                    if label == "public_keys" {
                        let k = public_key_of_obj(py, &key)?;
                        attached(py, "mediacdn.Verifier", || ks.add_public_key(&id, k))?;
                    } else {
                        let s = secret_of(py, &key)?;
                        attached(py, "mediacdn.Verifier", || ks.add_shared_key(&id, s))?;
                    }
                }
            }
            let mut v = attached(py, "mediacdn.Verifier", || {
                mc::Verifier::new(ks)
                    .with_param(&param)?
                    .with_leeway(leeway)
            })?;
            if let Some(list) = allowed_algorithms {
                let algs = list
                    .iter()
                    .map(|a| attached(py, "mediacdn.Verifier", || mc::Algorithm::from_name(a)))
                    .collect::<PyResult<Vec<_>>>()?;
                v = v.with_allowed_algorithms(&algs);
            }
            if let Some(ttl) = max_expiration_ttl {
                v = attached(py, "mediacdn.Verifier", || v.with_max_expiration_ttl(ttl))?;
            }
            Ok(Verifier { inner: v })
        })
    }

    /// Verifies whichever credential the request carries (token parameter,
    /// token cookie, signed URL / prefix / path component, signed cookie).
    #[pyo3(signature = (url, *, now=None, headers=None, cookie=None, client_ip=None))]
    fn verify(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        now: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] cookie: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] client_ip: Option<String>,
    ) -> PyResult<Verified> {
        py_guard(py, "mediacdn.Verifier.verify", || {
            let req = request(
                py,
                &url,
                now,
                headers,
                cookie.as_deref(),
                client_ip.as_deref(),
            )?;
            crate::call!(py, "mediacdn.Verifier.verify", 0, || self
                .inner
                .verify(&req))
            .map(Verified::from)
        })
    }

    /// Verifies a token given on its own, for a request to `url`.
    #[pyo3(signature = (token, url, *, now=None, headers=None, client_ip=None))]
    fn verify_token(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token: String,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        now: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] client_ip: Option<String>,
    ) -> PyResult<Verified> {
        py_guard(py, "mediacdn.Verifier.verify_token", || {
            let req = request(py, &url, now, headers, None, client_ip.as_deref())?;
            detached(py, "mediacdn.Verifier.verify_token", || {
                self.inner.verify_token(&token, &req)
            })
            .map(Verified::from)
        })
    }

    fn __repr__(&self) -> String {
        let ks = self.inner.keyset();
        format!(
            "<cdnsign.mediacdn.Verifier public={:?} shared={:?}>",
            ks.public_key_ids(),
            ks.shared_key_ids()
        )
    }
}

/// Media CDN's `PathGlobs` matching: `*` any run of characters (`/`
/// included), `?` exactly one; the glob covers the whole path.
#[pyfunction]
fn glob_matches(
    #[pyo3(from_py_with = crate::args::text)] glob: String,
    #[pyo3(from_py_with = crate::args::text)] path: String,
) -> bool {
    mc::glob_matches(&glob, &path)
}

/// The keyset value (padded base64url) of the public half of an Ed25519
/// private key in any accepted shape (use `PublicKey(key).keyset_value` to
/// normalise a public key).
#[pyfunction]
fn public_key_of(py: Python<'_>, private_key: &Bound<'_, PyAny>) -> PyResult<String> {
    py_guard(py, "mediacdn.public_key_of", || {
        Ok(signing_key_of(py, private_key)?.public_key().keyset_value())
    })
}

/// A fresh Ed25519 key: `{"seed": <base64url seed, secret>, "private_pem":
/// <PKCS#8 PEM>, "keyset_value": <public key for the EdgeCacheKeyset>}`.
#[pyfunction]
fn generate_key<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
    py_guard(py, "mediacdn.generate_key", || {
        let g = crate::call!(py, "mediacdn.generate_key", 0, mc::SigningKey::generate)?;
        let d = PyDict::new(py);
        d.set_item("seed", g.seed_base64url().as_str())?;
        d.set_item("private_pem", g.private_pem().as_str())?;
        d.set_item("keyset_value", g.keyset_value())?;
        Ok(d)
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
            Ok(mc::explain(&input, now).map(|e| (e.to_json(), e.to_text())))
        })?;
        crate::convert::explanation(py, found)
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "mediacdn")?;
    m.add_class::<SigningKey>()?;
    m.add_class::<PublicKey>()?;
    m.add_class::<HmacSecret>()?;
    m.add_class::<Signer>()?;
    m.add_class::<TokenSigner>()?;
    m.add_class::<Verifier>()?;
    m.add_class::<Verified>()?;
    m.add_class::<SignedUrl>()?;
    m.add_class::<SignedQuery>()?;
    m.add_class::<SignedCookie>()?;
    m.add_class::<SignedToken>()?;
    m.add_function(wrap_pyfunction!(glob_matches, &m)?)?;
    m.add_function(wrap_pyfunction!(public_key_of, &m)?)?;
    m.add_function(wrap_pyfunction!(generate_key, &m)?)?;
    m.add("DEFAULT_TOKEN_PARAM", mc::DEFAULT_TOKEN_PARAM)?;
    m.add("DEFAULT_SHORT_LIFETIME", mc::DEFAULT_SHORT_LIFETIME)?;
    m.add("MAX_SHORT_LIFETIME", mc::MAX_SHORT_LIFETIME)?;
    m.add("MAX_GLOBS", mc::MAX_GLOBS)?;
    m.add("EDGE_CACHE_COOKIE", mc::EDGE_CACHE_COOKIE)?;
    m.add_function(wrap_pyfunction!(explain, &m)?)?;
    parent.add_submodule(&m)
}
