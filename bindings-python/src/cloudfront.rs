//! `cdnsign.cloudfront`: AWS CloudFront signed URLs and cookies (`cdnsign::cloudfront`).

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyMapping, PyString};

use cdnsign::cloudfront as cf;

use crate::convert::{
    attached, bytes_of, detached, input_err, ip_addr, now_or, opt_time, py_guard, text_of,
};

fn policy_kind(py: Python<'_>, name: &str) -> PyResult<cf::PolicyKind> {
    attached(py, "cloudfront policy_kind", || {
        cf::PolicyKind::from_name(name)
    })
}

/// Mints CloudFront signed URLs and cookies. The key is parsed once, here;
/// the signer is immutable and safe to share across threads.
#[pyclass(frozen, name = "Signer", module = "cdnsign.cloudfront")]
pub struct Signer {
    inner: cf::Signer,
}

#[pymethods]
impl Signer {
    #[new]
    #[pyo3(signature = (key_pair_id, private_key, *, passphrase=None, hash_algorithm=String::from("SHA1"), allow_weak_rsa_for_tests=false), text_signature = "(key_pair_id, private_key, *, passphrase=None, hash_algorithm=\"SHA1\", allow_weak_rsa_for_tests=False)")]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] key_pair_id: String,
        private_key: &Bound<'_, PyAny>,
        passphrase: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::text)] hash_algorithm: String,
        allow_weak_rsa_for_tests: bool,
    ) -> PyResult<Self> {
        py_guard(py, "cloudfront.Signer", || {
            let key = bytes_of(private_key, "private_key")?;
            let passphrase = match passphrase {
                Some(p) if !p.is_none() => Some(bytes_of(p, "passphrase")?),
                _ => None,
            };
            let hash = attached(py, "cloudfront.Signer", || {
                cf::HashAlgorithm::from_name(&hash_algorithm)
            })?;
            let options = cf::SignerOptions {
                hash_algorithm: hash,
                allow_weak_rsa_for_tests,
            };
            let inner = detached(py, "cloudfront.Signer", || {
                cf::Signer::from_pem_with(&key_pair_id, &key, passphrase.as_deref(), options)
            })?;
            Ok(Signer { inner })
        })
    }

    /// The key-pair (public key) id written into every credential.
    #[getter]
    fn key_pair_id(&self) -> &str {
        self.inner.key_pair_id()
    }

    /// `"SHA1"` or `"SHA256"`.
    #[getter]
    fn hash_algorithm(&self) -> &'static str {
        self.inner.hash_algorithm().as_str()
    }

    /// `"RSA"` or `"EC P-256"`.
    #[getter]
    fn key_kind(&self) -> String {
        self.inner.key_kind().to_string()
    }

    /// The public key to upload to CloudFront (SPKI PEM).
    fn public_key_pem(&self, py: Python<'_>) -> PyResult<String> {
        py_guard(py, "cloudfront.Signer.public_key_pem", || {
            Ok(self.inner.public_key().to_pem())
        })
    }

    /// Signs arbitrary policy bytes; the signature in CloudFront's base64 alphabet.
    fn sign_policy(&self, py: Python<'_>, policy: &Bound<'_, PyAny>) -> PyResult<String> {
        py_guard(py, "cloudfront.Signer.sign_policy", || {
            let policy = bytes_of(policy, "policy")?;
            detached(py, "cloudfront.Signer.sign_policy", || {
                self.inner.sign_policy(&policy)
            })
        })
    }

    /// A signed URL: canned (`Expires=`) unless a start time, an IP range or a
    /// wildcard resource needs a custom policy (`Policy=`).
    #[pyo3(signature = (url, *, expires, starts=None, ip_range=None, resource=None, policy_kind=String::from("auto")), text_signature = "($self, url, *, expires, starts=None, ip_range=None, resource=None, policy_kind=\"auto\")")]
    #[allow(clippy::too_many_arguments)]
    fn sign_url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        expires: &Bound<'_, PyAny>,
        starts: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] ip_range: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] resource: Option<String>,
        #[pyo3(from_py_with = crate::args::text)] policy_kind: String,
    ) -> PyResult<String> {
        py_guard(py, "cloudfront.Signer.sign_url", || {
            let options = cf::SignOptions {
                expires: opt_time(Some(expires), "expires")?,
                starts: opt_time(starts, "starts")?,
                ip_range,
                resource,
                policy_kind: self::policy_kind(py, &policy_kind)?,
            };
            crate::call!(py, "cloudfront.Signer.sign_url", 0, || {
                self.inner.sign_url(&url, &options)
            })
        })
    }

    /// A signed URL under a policy you wrote yourself, signed byte for byte
    /// (botocore's `generate_presigned_url(url, policy=...)`).
    fn sign_url_with_policy(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        #[pyo3(from_py_with = crate::args::text)] policy: String,
    ) -> PyResult<String> {
        py_guard(py, "cloudfront.Signer.sign_url_with_policy", || {
            crate::call!(py, "cloudfront.Signer.sign_url_with_policy", 0, || {
                self.inner.sign_url_with_policy(&url, &policy)
            })
        })
    }

    /// Signed cookies for `resource` (the exact URL, or a wildcard such as
    /// `https://d111111abcdef8.cloudfront.net/videos/*`).
    #[pyo3(signature = (resource, *, expires, starts=None, ip_range=None, domain=None, path=String::from("/"), secure=true, http_only=true, same_site=None, policy_kind=String::from("auto"), cookie_expires=None, max_age=None), text_signature = "($self, resource, *, expires, starts=None, ip_range=None, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, policy_kind=\"auto\", cookie_expires=None, max_age=None)")]
    #[allow(clippy::too_many_arguments)]
    fn sign_cookies(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] resource: String,
        expires: &Bound<'_, PyAny>,
        starts: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] ip_range: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] domain: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] path: Option<String>,
        secure: bool,
        http_only: bool,
        #[pyo3(from_py_with = crate::args::opt_text)] same_site: Option<String>,
        #[pyo3(from_py_with = crate::args::text)] policy_kind: String,
        cookie_expires: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_i64)] max_age: Option<i64>,
    ) -> PyResult<Cookies> {
        py_guard(py, "cloudfront.Signer.sign_cookies", || {
            let options = cf::SignOptions {
                expires: opt_time(Some(expires), "expires")?,
                starts: opt_time(starts, "starts")?,
                ip_range,
                resource: None,
                policy_kind: self::policy_kind(py, &policy_kind)?,
            };
            let cookie = cookie_options(
                py,
                domain,
                path.as_deref(),
                secure,
                http_only,
                same_site,
                cookie_expires,
                max_age,
            )?;
            crate::call!(py, "cloudfront.Signer.sign_cookies", 0, || {
                self.inner.sign_cookies(&resource, &options, &cookie)
            })
            .map(Cookies::from)
        })
    }

    /// Signed cookies under a policy you wrote yourself, signed byte for byte.
    #[pyo3(signature = (policy, *, domain=None, path=String::from("/"), secure=true, http_only=true, same_site=None, cookie_expires=None, max_age=None), text_signature = "($self, policy, *, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, cookie_expires=None, max_age=None)")]
    #[allow(clippy::too_many_arguments)]
    fn sign_cookies_with_policy(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] policy: String,
        #[pyo3(from_py_with = crate::args::opt_text)] domain: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] path: Option<String>,
        secure: bool,
        http_only: bool,
        #[pyo3(from_py_with = crate::args::opt_text)] same_site: Option<String>,
        cookie_expires: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_i64)] max_age: Option<i64>,
    ) -> PyResult<Cookies> {
        py_guard(py, "cloudfront.Signer.sign_cookies_with_policy", || {
            let cookie = cookie_options(
                py,
                domain,
                path.as_deref(),
                secure,
                http_only,
                same_site,
                cookie_expires,
                max_age,
            )?;
            crate::call!(py, "cloudfront.Signer.sign_cookies_with_policy", 0, || {
                self.inner.sign_cookies_with_policy(&policy, &cookie)
            })
            .map(Cookies::from)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.cloudfront.Signer key_pair_id={:?} {} {}>",
            self.inner.key_pair_id(),
            self.inner.key_kind(),
            self.inner.hash_algorithm()
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn cookie_options(
    py: Python<'_>,
    domain: Option<String>,
    path: Option<&str>,
    secure: bool,
    http_only: bool,
    same_site: Option<String>,
    cookie_expires: Option<&Bound<'_, PyAny>>,
    max_age: Option<i64>,
) -> PyResult<cf::CookieOptions> {
    let mut c = cf::CookieOptions::new();
    c.domain = domain;
    c.path = path.map(str::to_owned);
    c.secure = secure;
    c.http_only = http_only;
    if let Some(s) = same_site {
        c.same_site = Some(attached(py, "cloudfront same_site", || {
            cf::SameSite::from_name(&s)
        })?);
    }
    c.expires = opt_time(cookie_expires, "cookie_expires")?;
    c.max_age = max_age;
    Ok(c)
}

/// Signed cookies: a read-only mapping name → value (in order:
/// `CloudFront-Expires` or `CloudFront-Policy`, `CloudFront-Signature`,
/// `CloudFront-Key-Pair-Id`, then `CloudFront-Hash-Algorithm` with SHA-256).
#[pyclass(frozen, name = "Cookies", module = "cdnsign.cloudfront", mapping)]
pub struct Cookies {
    pairs: Vec<(String, String)>,
    set_cookie: Vec<String>,
    header: String,
}

impl From<cf::SignedCookies> for Cookies {
    fn from(s: cf::SignedCookies) -> Self {
        Cookies {
            pairs: s
                .cookies()
                .iter()
                .map(|c| (c.name.to_owned(), c.value.clone()))
                .collect(),
            set_cookie: s.set_cookie_headers().to_vec(),
            header: s.cookie_header(),
        }
    }
}

impl Cookies {
    /// The value of cookie `name` (none for a str without a UTF-8 form).
    fn lookup(&self, name: &Bound<'_, PyString>) -> Option<String> {
        let name = name.to_cow().ok()?;
        self.pairs
            .iter()
            .find(|(n, _)| *n == *name)
            .map(|(_, v)| v.clone())
    }
}

#[pymethods]
impl Cookies {
    /// One value per cookie for `Set-Cookie:` response headers, with the attributes.
    fn set_cookie_headers(&self) -> Vec<String> {
        self.set_cookie.clone()
    }

    /// The cookies as a browser sends them back (a `Cookie:` request header value).
    fn cookie_header(&self) -> String {
        self.header.clone()
    }

    fn __getitem__(&self, name: &Bound<'_, PyAny>) -> PyResult<String> {
        // a str with no UTF-8 form names no cookie: KeyError, as in a dict
        self.lookup(name.cast::<PyString>()?)
            .ok_or_else(|| PyKeyError::new_err(name.clone().unbind()))
    }

    fn __len__(&self) -> usize {
        self.pairs.len()
    }

    fn __contains__(&self, name: &Bound<'_, PyAny>) -> bool {
        match name.cast::<PyString>() {
            Ok(s) => s
                .to_cow()
                .map(|s| self.pairs.iter().any(|(n, _)| *n == *s))
                .unwrap_or(false),
            Err(_) => false,
        }
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        let names: Vec<&str> = self.pairs.iter().map(|(n, _)| n.as_str()).collect();
        PyList::new(py, names)?.try_iter()
    }

    /// The cookie names, in order.
    fn keys(&self) -> Vec<String> {
        self.pairs.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The cookie values, in order.
    fn values(&self) -> Vec<String> {
        self.pairs.iter().map(|(_, v)| v.clone()).collect()
    }

    /// `(name, value)` pairs, in order.
    fn items(&self) -> Vec<(String, String)> {
        self.pairs.clone()
    }

    /// The value of cookie `name`, or `default`.
    #[pyo3(signature = (name, default=None))]
    fn get(
        &self,
        name: &Bound<'_, PyString>,
        #[pyo3(from_py_with = crate::args::opt_text)] default: Option<String>,
    ) -> Option<String> {
        self.lookup(name).or(default)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(o) = other.cast::<Cookies>() {
            return Ok(o.get().pairs == self.pairs);
        }
        if let Ok(d) = other.cast::<PyDict>() {
            if d.len() != self.pairs.len() {
                return Ok(false);
            }
            for (n, v) in &self.pairs {
                match d.get_item(n)? {
                    Some(x) if x.extract::<String>().ok().as_deref() == Some(v.as_str()) => {}
                    _ => return Ok(false),
                }
            }
            return Ok(true);
        }
        Ok(false)
    }

    fn __repr__(&self) -> String {
        let names: Vec<&str> = self.pairs.iter().map(|(n, _)| n.as_str()).collect();
        format!("<cdnsign.cloudfront.Cookies {}>", names.join(", "))
    }
}

/// What a verified credential grants.
#[pyclass(frozen, get_all, name = "Verified", module = "cdnsign.cloudfront")]
pub struct Verified {
    /// `"url"` (query parameters) or `"cookies"`.
    form: &'static str,
    /// The key that verified it.
    key_pair_id: String,
    /// `"SHA1"` or `"SHA256"`.
    hash_algorithm: &'static str,
    /// Canned (`Expires`) rather than custom (`Policy`).
    canned: bool,
    /// The policy's resource (canned: the request URL).
    resource: Option<String>,
    /// `DateLessThan`, Unix seconds.
    expires: i64,
    /// `DateGreaterThan`, Unix seconds.
    starts: Option<i64>,
    /// `IpAddress` CIDR.
    ip_range: Option<String>,
    /// The request URL it was checked against (signing parameters removed).
    request_url: String,
    /// The policy bytes the signature covers.
    policy_json: String,
}

#[pymethods]
impl Verified {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.cloudfront.Verified form={:?} key_pair_id={:?} canned={} expires={}>",
            self.form,
            self.key_pair_id,
            if self.canned { "True" } else { "False" },
            self.expires
        )
    }
}

impl From<cf::Verified> for Verified {
    fn from(v: cf::Verified) -> Self {
        Verified {
            form: match v.form {
                cf::CredentialForm::Url => "url",
                cf::CredentialForm::Cookies => "cookies",
            },
            key_pair_id: v.key_pair_id,
            hash_algorithm: v.hash_algorithm.as_str(),
            canned: v.canned,
            resource: v.resource,
            expires: v.expires,
            starts: v.starts,
            ip_range: v.ip_range,
            request_url: v.request_url,
            policy_json: v.policy_json,
        }
    }
}

/// Verifies signed URLs and cookies the way CloudFront does.
#[pyclass(frozen, name = "Verifier", module = "cdnsign.cloudfront")]
pub struct Verifier {
    inner: cf::Verifier,
}

fn verify_request(
    py: Python<'_>,
    now: Option<&Bound<'_, PyAny>>,
    client_ip: Option<&str>,
) -> PyResult<cf::VerifyRequest> {
    let mut req = cf::VerifyRequest::new(now_or(now)?);
    if let Some(ip) = client_ip {
        req = req.client_ip(ip_addr(py, ip, "client_ip")?);
    }
    Ok(req)
}

/// Cookie pairs from a `Cookie:` header (`str`), a mapping (Flask's
/// `request.cookies`), or an iterable of `(name, value)` pairs.
enum CookieInput {
    Header(String),
    Pairs(Vec<(String, String)>),
}

fn cookie_input(obj: &Bound<'_, PyAny>) -> PyResult<CookieInput> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<pyo3::types::PyBytes>() {
        return Ok(CookieInput::Header(text_of(obj, "cookies")?));
    }
    let mut pairs = Vec::new();
    if let Ok(m) = obj.cast::<PyMapping>() {
        for item in m.items()?.iter() {
            let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let name = crate::args::text(&name)?;
            // Only CloudFront's cookies matter; other cookies may hold anything.
            if name.starts_with("CloudFront-") {
                pairs.push((name, text_of(&value, "cookies")?));
            }
        }
        return Ok(CookieInput::Pairs(pairs));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(
            "cookies must be a Cookie header str, a mapping or (name, value) pairs",
        )
    })?;
    for item in iter {
        let (name, value): (String, String) = item?.extract().map_err(|_| {
            PyTypeError::new_err(
                "cookies must be a Cookie header str, a mapping or (name, value) pairs",
            )
        })?;
        pairs.push((name, value));
    }
    Ok(CookieInput::Pairs(pairs))
}

#[pymethods]
impl Verifier {
    /// `Verifier({key_pair_id: public_key_pem_or_signer, ...})`: SPKI or PKCS#1
    /// PEM/DER (or a private key, whose public half is used), or a `Signer`.
    #[new]
    #[pyo3(signature = (keys, *, allow_weak_rsa_for_tests=false))]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        allow_weak_rsa_for_tests: bool,
    ) -> PyResult<Self> {
        py_guard(py, "cloudfront.Verifier", || {
            let mut inner = cf::Verifier::with_options(cf::VerifierOptions {
                allow_weak_rsa_for_tests,
            });
            let keys = keys.cast::<PyMapping>().map_err(|_| {
                PyTypeError::new_err("keys must be a mapping {key_pair_id: public key PEM}")
            })?;
            for item in keys.items()?.iter() {
                let (id, key): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                let id = crate::args::text(&id)?;
                if let Ok(signer) = key.cast::<Signer>() {
                    if signer.get().inner.key_pair_id() != id {
                        return Err(input_err(
                            py,
                            "keys",
                            format!(
                                "keys[{id:?}] is a Signer for key-pair id {:?}",
                                signer.get().inner.key_pair_id()
                            ),
                        ));
                    }
                    attached(py, "cloudfront.Verifier", || {
                        inner.add_signer(&signer.get().inner).map(|_| ())
                    })?;
                    continue;
                }
                let pem = bytes_of(&key, "keys")?;
                attached(py, "cloudfront.Verifier", || {
                    inner.add_public_key_pem(&id, &pem).map(|_| ())
                })?;
            }
            Ok(Verifier { inner })
        })
    }

    /// The key-pair ids held.
    #[getter]
    fn key_pair_ids(&self) -> Vec<String> {
        self.inner.key_pair_ids().map(str::to_owned).collect()
    }

    /// Verifies a signed URL as the viewer requests it.
    #[pyo3(signature = (url, *, now=None, client_ip=None))]
    fn verify_url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        now: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] client_ip: Option<String>,
    ) -> PyResult<Verified> {
        py_guard(py, "cloudfront.Verifier.verify_url", || {
            let req = verify_request(py, now, client_ip.as_deref())?;
            crate::call!(py, "cloudfront.Verifier.verify_url", 0, || {
                self.inner.verify_url(&url, &req)
            })
            .map(Verified::from)
        })
    }

    /// Verifies signed cookies for a request to `url`. `cookies` is a
    /// `Cookie:` header value, a mapping (e.g. Flask's `request.cookies`) or
    /// `(name, value)` pairs; cookies other than `CloudFront-*` are ignored.
    /// A `url` carrying CloudFront parameters is a signed URL and is verified
    /// alone, as CloudFront does (`form == "url"`).
    #[pyo3(signature = (url, cookies, *, now=None, client_ip=None))]
    fn verify_cookies(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] url: String,
        cookies: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] client_ip: Option<String>,
    ) -> PyResult<Verified> {
        py_guard(py, "cloudfront.Verifier.verify_cookies", || {
            let req = verify_request(py, now, client_ip.as_deref())?;
            let input = cookie_input(cookies)?;
            crate::call!(
                py,
                "cloudfront.Verifier.verify_cookies",
                0,
                || match &input {
                    CookieInput::Header(h) => self.inner.verify_cookie_header(h, &url, &req),
                    CookieInput::Pairs(p) => self.inner.verify_cookies(p, &url, &req),
                }
            )
            .map(Verified::from)
        })
    }

    fn __repr__(&self) -> String {
        let ids: Vec<&str> = self.inner.key_pair_ids().collect();
        format!("<cdnsign.cloudfront.Verifier keys={ids:?}>")
    }
}

/// Percent-encodes what cannot appear in a URL on the wire (spaces, non-ASCII
/// as UTF-8, controls, `"<>\^`{|}`), leaving `%XX` escapes and the URL's
/// structure alone. Sign (and publish) the result.
#[pyfunction]
fn percent_encode_url(#[pyo3(from_py_with = crate::args::text)] url: String) -> String {
    cf::percent_encode_url(&url)
}

/// CloudFront's resource matching: `*` any run of characters, `?` exactly one.
#[pyfunction]
fn wildcard_matches(
    #[pyo3(from_py_with = crate::args::text)] pattern: String,
    #[pyo3(from_py_with = crate::args::text)] url: String,
) -> bool {
    cf::wildcard_matches(&pattern, &url)
}

/// The policy JSON CloudFront signs (botocore's `build_policy`), checked:
/// `resource` may hold `*`/`?` wildcards, `ip_range` is IPv4 (a bare address
/// becomes `/32`). Conditions in cdnsign's (the JS SDK's) order.
#[pyfunction]
#[pyo3(signature = (resource, *, expires, starts=None, ip_range=None))]
fn build_policy(
    py: Python<'_>,
    #[pyo3(from_py_with = crate::args::text)] resource: String,
    expires: &Bound<'_, PyAny>,
    starts: Option<&Bound<'_, PyAny>>,
    #[pyo3(from_py_with = crate::args::opt_text)] ip_range: Option<String>,
) -> PyResult<String> {
    py_guard(py, "cloudfront.build_policy", || {
        let mut options = cf::SignOptions::expires(crate::convert::unix_time(expires, "expires")?);
        options.starts = opt_time(starts, "starts")?;
        options.ip_range = ip_range;
        // A statement with conditions, as botocore's build_policy writes it;
        // with only `expires` its bytes equal the canned policy's.
        options.policy_kind = cf::PolicyKind::Custom;
        crate::call!(py, "cloudfront.build_policy", 0, || {
            cf::Policy::for_cookies(&resource, &options).map(|p| p.to_json())
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
            Ok(cf::explain(&input, now).map(|e| (e.to_json(), e.to_text())))
        })?;
        crate::convert::explanation(py, found)
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "cloudfront")?;
    m.add_class::<Signer>()?;
    m.add_class::<Verifier>()?;
    m.add_class::<Cookies>()?;
    m.add_class::<Verified>()?;
    m.add_function(wrap_pyfunction!(percent_encode_url, &m)?)?;
    m.add_function(wrap_pyfunction!(wildcard_matches, &m)?)?;
    m.add_function(wrap_pyfunction!(build_policy, &m)?)?;
    m.add("MAX_URL_LEN", cf::MAX_URL_LEN)?;
    m.add("RSA_BITS", cf::RSA_BITS)?;
    m.add_function(wrap_pyfunction!(explain, &m)?)?;
    parent.add_submodule(&m)
}
