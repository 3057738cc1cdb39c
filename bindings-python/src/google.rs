//! What Google Media CDN and Cloud CDN share (the core shares it too): the
//! result classes `SignedUrl`, `SignedQuery` and `SignedCookie` (Python
//! module `cdnsign.mediacdn`, re-exported by `cdnsign.cloudcdn`), cookie
//! attributes, the verification request, and [`google_signer!`], the four
//! signing methods both `Signer` classes offer.

use pyo3::prelude::*;

use cdnsign::api::records;
use cdnsign::mediacdn as mc;

use crate::args::{given, now_or, pairs, OptObj, Text};
use crate::call::core_err;

crate::records::record_class! {
    /// A signed URL and the exact bytes its signature covers.
    "cdnsign.mediacdn" SignedUrl from SignedUrl, repr(url)
    methods {
        fn __str__(&self) -> String {
            self.url.clone()
        }
    }
}

crate::records::record_class! {
    /// Signed query parameters, ready to append to any URL under the prefix.
    "cdnsign.mediacdn" SignedQuery from SignedQuery, repr(query)
    methods {
        /// `url` with the parameters appended (`?` or `&`).
        fn apply_to(&self, url: Text) -> String {
            append_query(&url, &self.query)
        }

        fn __str__(&self) -> String {
            self.query.clone()
        }
    }
}

/// `url` with `query` appended (`?` or `&`).
pub fn append_query(url: &str, query: &str) -> String {
    let query = query.to_owned();
    mc::SignedQuery {
        query,
        signed_value: String::new(),
    }
    .apply_to(url)
}

/// The record of a signed URL, moved out of the core's result (sign_url is
/// a hot path: no copies).
pub fn signed_url(py: Python<'_>, u: mc::SignedUrl) -> PyResult<SignedUrl> {
    let (url, signed_value) = (u.url, u.signed_value);
    SignedUrl::from_record(py, records::SignedUrl { url, signed_value })
}

crate::records::record_class! {
    /// A signed cookie (`Edge-Cache-Cookie` or `Cloud-CDN-Cookie`).
    "cdnsign.mediacdn" SignedCookie from SignedCookie, repr(name)
}

/// The core request: URL as received, headers (mapping or pairs; a `Cookie`
/// header is read too), `Cookie:` header value, client IP, now.
pub fn request(
    py: Python<'_>,
    url: &str,
    now: OptObj,
    headers: OptObj,
    cookie: Option<&str>,
    client_ip: Option<&str>,
) -> PyResult<mc::Request> {
    let now = now_or(now)?;
    let headers = given(headers).map(|h| pairs(h, "headers")).transpose()?;
    let request = mc::Request::of(url, now, headers.unwrap_or_default(), cookie, client_ip);
    request.map_err(|e| core_err(py, e))
}

/// The `#[pymethods]` of a Google `Signer` (`$provider`: `"mediacdn"` or
/// `"cloudcdn"`, a struct with `inner` the core signer): the methods given,
/// then `key_name`, `sign_url`, `sign_prefix`, `prefix_query`, `sign_cookie`
/// and `__repr__`, each run at its registered cost; `sign "op"` adds
/// `sign_manifest` (`manifest::pymethods!`).
macro_rules! google_signer {
    ($signer:ident, $provider:literal, $($sign:ident $op:literal,)? { $($methods:tt)* }) => {
        $crate::manifest::pymethods!($($sign $op,)? $signer {
            $($methods)*

            /// The key name (`KeyName=`).
            #[getter]
            fn key_name(&self) -> &str {
                self.inner.key_name()
            }

            /// Exact URL: signs `<url>?Expires=N&KeyName=K` and appends `&Signature=…`.
            #[pyo3(signature = (url, *, expires))]
            fn sign_url(&self, py: Python<'_>, url: Text, expires: $crate::args::Obj) -> PyResult<$crate::google::SignedUrl> {
                const OP: &str = concat!($provider, ".Signer.sign_url");
                $crate::call::py_guard(py, OP, || {
                    let expires = $crate::args::unix_time(expires, "expires")?;
                    let u = $crate::call!(py, OP, 0, || self.inner.sign_url(&url, expires))?;
                    $crate::google::signed_url(py, u)
                })
            }

            /// `url` (under `prefix`) carrying `URLPrefix=…&Expires=…&KeyName=…&Signature=…`.
            #[pyo3(signature = (url, prefix, *, expires))]
            fn sign_prefix(
                &self,
                py: Python<'_>,
                url: Text,
                prefix: Text,
                expires: $crate::args::Obj,
            ) -> PyResult<$crate::google::SignedUrl> {
                const OP: &str = concat!($provider, ".Signer.sign_prefix");
                $crate::call::py_guard(py, OP, || {
                    let expires = $crate::args::unix_time(expires, "expires")?;
                    let u = $crate::call!(py, OP, 0, || self.inner.sign_prefix(&url, &prefix, expires))?;
                    $crate::google::signed_url(py, u)
                })
            }

            /// The prefix signature as query parameters, to append to any URL under `prefix`.
            #[pyo3(signature = (prefix, *, expires))]
            fn prefix_query(
                &self,
                py: Python<'_>,
                prefix: Text,
                expires: $crate::args::Obj,
            ) -> PyResult<$crate::google::SignedQuery> {
                // The signing work of sign_prefix, at its cost.
                const OP: &str = concat!($provider, ".Signer.sign_prefix");
                const WHAT: &str = concat!($provider, ".Signer.prefix_query");
                $crate::call::py_guard(py, WHAT, || {
                    let expires = $crate::args::unix_time(expires, "expires")?;
                    let q = $crate::call!(py, OP => WHAT, 0, || self.inner.prefix_query(&prefix, expires))?;
                    let (query, signed_value) = (q.query, q.signed_value);
                    let record = cdnsign::api::records::SignedQuery { query, signed_value };
                    $crate::google::SignedQuery::from_record(py, record)
                })
            }

            /// The signed cookie (`Edge-Cache-Cookie` for Media CDN, `Cloud-CDN-Cookie`
            /// for Cloud CDN) for every URL under `prefix`, with its `Set-Cookie` value.
            #[pyo3(signature = (prefix, *, expires, domain=None, path=Text("/".into()), secure=true, http_only=true, same_site=None, max_age=None), text_signature = "($self, prefix, *, expires, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, max_age=None)")]
            #[allow(clippy::too_many_arguments)]
            fn sign_cookie(
                &self,
                py: Python<'_>,
                prefix: Text,
                expires: $crate::args::Obj,
                domain: Option<Text>,
                path: Text,
                secure: bool,
                http_only: bool,
                same_site: Option<Text>,
                max_age: Option<$crate::args::I64>,
            ) -> PyResult<$crate::google::SignedCookie> {
                const OP: &str = concat!($provider, ".Signer.sign_cookie");
                $crate::call::py_guard(py, OP, || {
                    let expires = $crate::args::unix_time(expires, "expires")?;
                    let attrs = (domain, Some(path), secure, http_only);
                    let attrs = $crate::args::cookie_attributes(py, attrs, (same_site, None, max_age))?;
                    let c = $crate::call!(py, OP, 0, || self.inner.sign_cookie(&prefix, expires))?;
                    let record = $crate::call::attached(py, OP, || cdnsign::api::records::SignedCookie::new(c, &attrs))?;
                    $crate::google::SignedCookie::from_record(py, record)
                })
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                $crate::records::repr(slf.as_any(), &["key_name"])
            }
        });
    };
}
pub(crate) use google_signer;
