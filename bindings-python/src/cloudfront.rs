//! `cdnsign.cloudfront`: AWS CloudFront signed URLs and cookies (`cdnsign::cloudfront`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString};

use cdnsign::api::records;
use cdnsign::cloudfront as cf;

use crate::args::{
    bytes_of, cookie_attributes, given, items, now_or, opt_time, text_of, Obj, OptObj, Text, I64,
};
use crate::call::{attached, core_err, detached, input_err, py_guard};
use crate::records::to_py;

/// The options of a signed URL or signed cookies.
fn sign_options(
    expires: Obj,
    starts: OptObj,
    ip_range: Option<Text>,
    resource: Option<Text>,
    policy_kind: &str,
) -> PyResult<cf::SignOptions> {
    Ok(cf::SignOptions {
        expires: opt_time(Some(expires), "expires")?,
        starts: opt_time(starts, "starts")?,
        ip_range: ip_range.map(String::from),
        resource: resource.map(String::from),
        policy_kind: cf::PolicyKind::from_name(policy_kind)
            .map_err(|e| core_err(expires.py(), e))?,
    })
}

/// Mints CloudFront signed URLs and cookies. The key is parsed once, here;
/// the signer is immutable and safe to share across threads.
#[pyclass(frozen, module = "cdnsign.cloudfront")]
pub struct Signer {
    inner: cf::Signer,
}

crate::manifest::pymethods!(sign "cloudfront.Signer.sign_manifest", Signer {
    #[new]
    #[pyo3(signature = (key_pair_id, private_key, *, passphrase=None, hash_algorithm=Text("SHA1".into()), allow_weak_rsa_for_tests=false), text_signature = "(key_pair_id, private_key, *, passphrase=None, hash_algorithm=\"SHA1\", allow_weak_rsa_for_tests=False)")]
    fn new(py, key_pair_id: Text, private_key: Obj, passphrase: OptObj, hash_algorithm: Text,
        allow_weak_rsa_for_tests: bool,
    ) -> Self as "cloudfront.Signer" {
        let key = bytes_of(private_key, "private_key")?;
        let passphrase = given(passphrase)
            .map(|p| bytes_of(p, "passphrase"))
            .transpose()?;
        let options = cf::SignerOptions::named(Some(&hash_algorithm), allow_weak_rsa_for_tests);
        let options = options.map_err(|e| core_err(py, e))?;
        let inner = detached(py, "cloudfront.Signer", || {
            cf::Signer::from_pem_with(&key_pair_id, &key, passphrase.as_deref(), options)
        })?;
        Ok(Signer { inner })
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
    fn public_key_pem(&self) -> String {
        self.inner.public_key().to_pem()
    }

    /// Signs arbitrary policy bytes; the signature in CloudFront's base64 alphabet.
    fn sign_policy(&self, py: Python<'_>, policy: Obj) -> PyResult<String> {
        const WHAT: &str = "cloudfront.Signer.sign_policy";
        py_guard(py, WHAT, || {
            let policy = bytes_of(policy, "policy")?;
            crate::call!(py, "cloudfront.Signer.sign_url_with_policy" => WHAT, 0, || {
                self.inner.sign_policy(&policy)
            })
        })
    }

    /// A signed URL: canned (`Expires=`) unless a start time, an IP range or a
    /// wildcard resource needs a custom policy (`Policy=`).
    #[pyo3(signature = (url, *, expires, starts=None, ip_range=None, resource=None, policy_kind=Text("auto".into())), text_signature = "($self, url, *, expires, starts=None, ip_range=None, resource=None, policy_kind=\"auto\")")]
    #[allow(clippy::too_many_arguments)]
    fn sign_url(&self, py, url: Text, expires: Obj, starts: OptObj, ip_range: Option<Text>,
        resource: Option<Text>, policy_kind: Text,
    ) -> String as "cloudfront.Signer.sign_url" {
        let options = sign_options(expires, starts, ip_range, resource, &policy_kind)?;
        crate::call!(py, "cloudfront.Signer.sign_url", 0, || {
            self.inner.sign_url(&url, &options)
        })
    }

    /// A signed URL under a policy you wrote yourself, signed byte for byte
    /// (botocore's `generate_presigned_url(url, policy=...)`).
    fn sign_url_with_policy(&self, py, url: Text, policy: Text,
    ) -> String as "cloudfront.Signer.sign_url_with_policy" {
        crate::call!(py, "cloudfront.Signer.sign_url_with_policy", 0, || {
            self.inner.sign_url_with_policy(&url, &policy)
        })
    }

    /// Signed cookies for `resource` (the exact URL, or a wildcard such as
    /// `https://d111111abcdef8.cloudfront.net/videos/*`).
    #[pyo3(signature = (resource, *, expires, starts=None, ip_range=None, domain=None, path=Some(Text("/".into())), secure=true, http_only=true, same_site=None, policy_kind=Text("auto".into()), cookie_expires=None, max_age=None), text_signature = "($self, resource, *, expires, starts=None, ip_range=None, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, policy_kind=\"auto\", cookie_expires=None, max_age=None)")]
    #[allow(clippy::too_many_arguments)]
    fn sign_cookies<'py>(&self, py, resource: Text, expires: Obj, starts: OptObj,
        ip_range: Option<Text>, domain: Option<Text>, path: Option<Text>, secure: bool,
        http_only: bool, same_site: Option<Text>, policy_kind: Text, cookie_expires: OptObj,
        max_age: Option<I64>,
    ) -> Bound<'py, PyAny> as "cloudfront.Signer.sign_cookies" {
        let options = sign_options(expires, starts, ip_range, None, &policy_kind)?;
        let attributes = (domain, path, secure, http_only);
        let cookie = cookie_attributes(py, attributes, (same_site, cookie_expires, max_age))?;
        let c = crate::call!(py, "cloudfront.Signer.sign_cookies", 0, || {
            self.inner.sign_cookies(&resource, &options, &cookie)
        })?;
        cookies(py, &c)
    }

    /// Signed cookies under a policy you wrote yourself, signed byte for byte.
    #[pyo3(signature = (policy, *, domain=None, path=Some(Text("/".into())), secure=true, http_only=true, same_site=None, cookie_expires=None, max_age=None), text_signature = "($self, policy, *, domain=None, path=\"/\", secure=True, http_only=True, same_site=None, cookie_expires=None, max_age=None)")]
    #[allow(clippy::too_many_arguments)]
    fn sign_cookies_with_policy<'py>(&self, py, policy: Text, domain: Option<Text>,
        path: Option<Text>, secure: bool, http_only: bool, same_site: Option<Text>,
        cookie_expires: OptObj, max_age: Option<I64>
    ) -> Bound<'py, PyAny> as "cloudfront.Signer.sign_cookies_with_policy" {
        let attributes = (domain, path, secure, http_only);
        let cookie = cookie_attributes(py, attributes, (same_site, cookie_expires, max_age))?;
        let c = crate::call!(py, "cloudfront.Signer.sign_cookies_with_policy", 0, || {
            self.inner.sign_cookies_with_policy(&policy, &cookie)
        })?;
        cookies(py, &c)
    }

    fn __repr__(&self) -> String {
        let (id, kind) = (self.inner.key_pair_id(), self.inner.key_kind());
        let hash = self.inner.hash_algorithm();
        format!("<cdnsign.cloudfront.Signer key_pair_id={id:?} {kind} {hash}>")
    }
});

/// `cdnsign.cloudfront.Cookies` (a Python `Mapping`, `cloudfront.py`) of
/// signed cookies, from their record.
fn cookies<'py>(py: Python<'py>, c: &cf::SignedCookies) -> PyResult<Bound<'py, PyAny>> {
    static MAKE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let record = serde_json::to_value(records::CloudFrontCookies::from(c)).unwrap_or_default();
    let make = MAKE.import(py, "cdnsign.cloudfront", "_cookies")?;
    make.call1((to_py(py, &record)?,))
}

crate::records::record_class! {
    /// What a verified credential grants.
    "cdnsign.cloudfront" Verified from CloudFrontVerified, repr(form, key_pair_id, canned, expires)
}

/// Verifies signed URLs and cookies the way CloudFront does.
#[pyclass(frozen, module = "cdnsign.cloudfront")]
pub struct Verifier {
    inner: cf::Verifier,
}

fn verify_request(
    py: Python<'_>,
    now: OptObj,
    client_ip: Option<Text>,
) -> PyResult<cf::VerifyRequest> {
    let request = cf::VerifyRequest::of(now_or(now)?, client_ip.as_deref());
    request.map_err(|e| core_err(py, e))
}

/// Cookie pairs from a `Cookie:` header (`str`), a mapping (Flask's
/// `request.cookies`), or an iterable of `(name, value)` pairs.
enum CookieInput {
    Header(String),
    Pairs(Vec<(String, String)>),
}

fn cookie_input(obj: Obj) -> PyResult<CookieInput> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Ok(CookieInput::Header(text_of(obj, "cookies")?));
    }
    let message = "cookies must be a Cookie header str, a mapping or (name, value) pairs";
    let mut pairs = Vec::new();
    if obj.hasattr("items")? {
        for (name, value) in items(obj, message)? {
            // Only CloudFront's cookies matter; other cookies may hold anything.
            if name.starts_with("CloudFront-") {
                pairs.push((name, text_of(&value, "cookies")?));
            }
        }
        return Ok(CookieInput::Pairs(pairs));
    }
    for item in obj.try_iter().map_err(|_| PyTypeError::new_err(message))? {
        let pair = item?.extract().map_err(|_| PyTypeError::new_err(message))?;
        pairs.push(pair);
    }
    Ok(CookieInput::Pairs(pairs))
}

crate::manifest::pymethods!(check "cloudfront.Verifier.check_manifest", Verifier {
    /// `Verifier({key_pair_id: public_key_pem_or_signer, ...})`: SPKI or PKCS#1
    /// PEM/DER (or a private key, whose public half is used), or a `Signer`.
    #[new]
    #[pyo3(signature = (keys, *, allow_weak_rsa_for_tests=false))]
    fn new(py, keys: Obj, allow_weak_rsa_for_tests: bool) -> Self as "cloudfront.Verifier" {
        let options = cf::VerifierOptions {
            allow_weak_rsa_for_tests,
        };
        let mut inner = cf::Verifier::with_options(options);
        for (id, key) in items(keys, "keys must be a mapping {key_pair_id: public key PEM}")? {
            if let Ok(signer) = key.cast::<Signer>() {
                let signer = &signer.get().inner;
                if signer.key_pair_id() != id {
                    let other = signer.key_pair_id();
                    let message = format!("keys[{id:?}] is a Signer for key-pair id {other:?}");
                    return Err(input_err(py, "keys", message));
                }
                attached(py, "cloudfront.Verifier", || {
                    inner.add_signer(signer).map(|_| ())
                })?;
                continue;
            }
            let pem = bytes_of(&key, "keys")?;
            attached(py, "cloudfront.Verifier", || {
                inner.add_public_key_pem(&id, &pem).map(|_| ())
            })?;
        }
        Ok(Verifier { inner })
    }

    /// The key-pair ids held.
    #[getter]
    fn key_pair_ids(&self) -> Vec<String> {
        self.inner.key_pair_ids().map(str::to_owned).collect()
    }

    /// Verifies a signed URL as the viewer requests it.
    #[pyo3(signature = (url, *, now=None, client_ip=None))]
    fn verify_url(&self, py, url: Text, now: OptObj, client_ip: Option<Text>,
    ) -> Verified as "cloudfront.Verifier.verify_url" {
        let req = verify_request(py, now, client_ip)?;
        let v = crate::call!(py, "cloudfront.Verifier.verify_url", 0, || {
            self.inner.verify_url(&url, &req)
        })?;
        Verified::from_record(py, (&v).into())
    }

    /// Verifies signed cookies for a request to `url`. `cookies` is a
    /// `Cookie:` header value, a mapping (e.g. Flask's `request.cookies`) or
    /// `(name, value)` pairs; cookies other than `CloudFront-*` are ignored.
    /// A `url` carrying CloudFront parameters is a signed URL and is verified
    /// alone, as CloudFront does (`form == "url"`).
    #[pyo3(signature = (url, cookies, *, now=None, client_ip=None))]
    fn verify_cookies(&self, py, url: Text, cookies: Obj, now: OptObj, client_ip: Option<Text>,
    ) -> Verified as "cloudfront.Verifier.verify_cookies" {
        let req = verify_request(py, now, client_ip)?;
        let input = cookie_input(cookies)?;
        let v = crate::call!(
            py,
            "cloudfront.Verifier.verify_cookies",
            0,
            || match &input {
                CookieInput::Header(h) => self.inner.verify_cookie_header(h, &url, &req),
                CookieInput::Pairs(p) => self.inner.verify_cookies(p, &url, &req),
            }
        )?;
        Verified::from_record(py, (&v).into())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["key_pair_ids"])
    }
});

crate::call::pyfunctions! {
    /// Percent-encodes what cannot appear in a URL on the wire (spaces, non-ASCII
    /// as UTF-8, controls, `"<>\^`{|}`), leaving `%XX` escapes and the URL's
    /// structure alone. Sign (and publish) the result.
    #[pyfunction]
    fn percent_encode_url(url: Text) -> String {
        cf::percent_encode_url(&url)
    }

    /// CloudFront's resource matching: `*` any run of characters, `?` exactly one.
    #[pyfunction]
    fn wildcard_matches(pattern: Text, url: Text) -> bool {
        cf::wildcard_matches(&pattern, &url)
    }

    /// The policy JSON CloudFront signs (botocore's `build_policy`), checked:
    /// `resource` may hold `*`/`?` wildcards, `ip_range` is IPv4 (a bare address
    /// becomes `/32`). Conditions in cdnsign's (the JS SDK's) order.
    #[pyfunction]
    #[pyo3(signature = (resource, *, expires, starts=None, ip_range=None))]
    fn build_policy(py, resource: Text, expires: Obj, starts: OptObj, ip_range: Option<Text>
    ) -> String as "cloudfront.build_policy" {
        // A statement with conditions, as botocore's build_policy writes it;
        // with only `expires` its bytes equal the canned policy's.
        let options = sign_options(expires, starts, ip_range, None, "custom")?;
        crate::call!(py, "cloudfront.build_policy", 0, || {
            cf::Policy::for_cookies(&resource, &options).map(|p| p.to_json())
        })
    }
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "cloudfront",
        classes: Signer, Verifier, Verified;
        functions: percent_encode_url, wildcard_matches, build_policy;
        constants: MAX_URL_LEN = cf::MAX_URL_LEN,
            RSA_BITS = cf::RSA_BITS,
    }
}
