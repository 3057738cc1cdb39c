//! `cdnsign.stream`: Cloudflare Stream signed tokens (`cdnsign::stream`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyMapping, PyString};

use cdnsign::stream as cs;

use crate::convert::{
    attached, bytes_of, detached, input_err, ip_addr, json_loads, json_text, now_or, opt_time,
    py_guard, text_of, unix_time,
};

/// A Stream signing key: the key id and the parsed RSA private key, parsed
/// once and reused for every token. Immutable and safe to share across threads.
#[pyclass(frozen, name = "SigningKey", module = "cdnsign.stream")]
pub struct SigningKey {
    inner: cs::SigningKey,
}

fn load_key(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> cdnsign::Result<cs::SigningKey> + Send,
) -> PyResult<SigningKey> {
    detached(py, what, f).map(|inner| SigningKey { inner })
}

#[pymethods]
impl SigningKey {
    /// `SigningKey(key_id, pem)`: an RSA private key (PEM or DER, PKCS#1 or
    /// PKCS#8) with the key id Cloudflare returned for it.
    #[new]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] key_id: String,
        pem: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        py_guard(py, "stream.SigningKey", || {
            let pem = bytes_of(pem, "pem")?;
            load_key(py, "stream.SigningKey", || {
                cs::SigningKey::from_pem(&key_id, &pem)
            })
        })
    }

    /// From the `POST /accounts/{id}/stream/keys` response as returned (the
    /// whole envelope or its `result`), as a dict or JSON text.
    #[staticmethod]
    fn from_api_response(py: Python<'_>, response: &Bound<'_, PyAny>) -> PyResult<Self> {
        py_guard(py, "stream.SigningKey.from_api_response", || {
            let text = json_text(response, "response")?;
            load_key(py, "stream.SigningKey.from_api_response", || {
                cs::SigningKey::from_stream_keys_response(&text)
            })
        })
    }

    /// From a private RSA JWK (dict, JSON text, or base64 of it as in the
    /// response's `jwk` field); `kid` supplies or must equal the JWK's `kid`.
    #[staticmethod]
    #[pyo3(signature = (jwk, kid=None))]
    fn from_jwk(
        py: Python<'_>,
        jwk: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::args::opt_text)] kid: Option<String>,
    ) -> PyResult<Self> {
        py_guard(py, "stream.SigningKey.from_jwk", || {
            let text = json_text(jwk, "jwk")?;
            load_key(py, "stream.SigningKey.from_jwk", || {
                cs::SigningKey::from_jwk(&text, kid.as_deref())
            })
        })
    }

    /// Whatever `text` is: a `/stream/keys` response, a JWK (JSON or base64),
    /// a PEM (then `kid` is required), or the response's base64 `pem` field.
    #[staticmethod]
    #[pyo3(signature = (text, kid=None))]
    fn from_text(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::args::opt_text)] kid: Option<String>,
    ) -> PyResult<Self> {
        py_guard(py, "stream.SigningKey.from_text", || {
            let text = text_of(text, "text")?;
            load_key(py, "stream.SigningKey.from_text", || {
                cs::SigningKey::from_text(&text, kid.as_deref())
            })
        })
    }

    /// A fresh RSA-2048 key with a random id, as the `/stream/keys` response
    /// JSON text (for tests and self-hosted verification: keys Cloudflare must
    /// honour are created by Cloudflare's API). Load it with `from_api_response`.
    #[staticmethod]
    #[pyo3(signature = (*, now=None))]
    fn generate_response(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        py_guard(py, "stream.SigningKey.generate_response", || {
            let now = now_or(now)?;
            detached(py, "stream.SigningKey.generate_response", || {
                cs::GeneratedKey::generate(now)?
                    .response_json()
                    .map(|s| s.to_string())
            })
        })
    }

    /// The key id (`kid` in the header and the payload).
    #[getter]
    fn kid(&self) -> &str {
        self.inner.kid()
    }

    /// The public key as a JWK dict (`use`, `kty`, `kid`, `alg`, `n`, `e`).
    fn public_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.inner.public_jwk())
    }

    /// The public key as an SPKI PEM.
    fn public_pem(&self) -> String {
        self.inner.public_pem()
    }

    /// Signs a token for `video_uid`: header `{"alg":"RS256","kid":…}`,
    /// payload `sub`, `kid`, `exp`, then `nbf`, `downloadable`, `accessRules`
    /// when set — byte for byte what Cloudflare's documented Worker produces.
    /// `downloadable=None` leaves the claim out (Stream reads that as false).
    /// `now` (default: the clock) is the signing time the 24 h limit is
    /// checked against.
    #[pyo3(signature = (video_uid, *, expires, not_before=None, downloadable=None, access_rules=None, now=None))]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] video_uid: String,
        expires: &Bound<'_, PyAny>,
        not_before: Option<&Bound<'_, PyAny>>,
        downloadable: Option<&Bound<'_, PyAny>>,
        access_rules: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        py_guard(py, "stream.SigningKey.sign", || {
            let mut claims = cs::Claims::new(video_uid, unix_time(expires, "exp")?);
            if let Some(nbf) = opt_time(not_before, "nbf")? {
                claims = claims.not_before(nbf);
            }
            match downloadable {
                None => {}
                Some(d) if d.is_none() => {}
                Some(d) if d.is_instance_of::<PyBool>() => {
                    claims = claims.downloadable(d.extract::<bool>()?);
                }
                Some(d) => {
                    return Err(PyTypeError::new_err(format!(
                        "downloadable must be a bool, not {}",
                        d.get_type().name()?
                    )))
                }
            }
            if let Some(rules) = access_rules.filter(|r| !r.is_none()) {
                let text = json_text(rules, "accessRules")?;
                for rule in crate::call!(py, "stream.SigningKey.sign", 0, || {
                    cs::AccessRule::list_from_json(&text)
                })? {
                    claims = claims.rule(rule);
                }
            }
            let now = now_or(now)?;
            crate::call!(py, "stream.SigningKey.sign", 0, || {
                self.inner.sign(&claims, now)
            })
        })
    }

    /// A `Verifier` holding this key's public half. `leeway` in seconds
    /// (default 0, `DEFAULT_LEEWAY`) for `exp`/`nbf`: Cloudflare documents no
    /// leeway, so any more accepts tokens Stream itself would refuse.
    #[pyo3(signature = (*, leeway=0, require_exp=true))]
    fn verifier(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::u32_)] leeway: u32,
        require_exp: bool,
    ) -> PyResult<Verifier> {
        py_guard(py, "stream.SigningKey.verifier", || {
            let mut inner = cs::Verifier::new()
                .with_leeway(leeway)
                .with_require_exp(require_exp);
            attached(py, "stream.SigningKey.verifier", || {
                inner.add_signing_key(&self.inner)
            })?;
            Ok(Verifier { inner })
        })
    }

    fn __repr__(&self) -> String {
        format!("<cdnsign.stream.SigningKey kid={:?}>", self.inner.kid())
    }
}

fn rule_dict<'py>(py: Python<'py>, rule: &cs::AccessRule) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("type", rule.rule_type().as_str())?;
    d.set_item("action", rule.action().as_str())?;
    match rule.rule_type() {
        cs::RuleType::Country => d.set_item("country", rule.countries().to_vec())?,
        cs::RuleType::IpSrc => d.set_item(
            "ip",
            rule.ips().iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        )?,
        cs::RuleType::Any => {}
    }
    Ok(d)
}

/// The claims as a dict in the payload's names: `sub`, `kid`, `exp`, `nbf`
/// when present (times as int even when the token had numeric strings),
/// `downloadable` (bool) and `accessRules` (list of dicts).
fn claims_dict<'py>(py: Python<'py>, c: &cs::TokenClaims) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    if let Some(sub) = &c.sub {
        d.set_item("sub", sub)?;
    }
    if let Some(kid) = &c.kid {
        d.set_item("kid", kid)?;
    }
    if let Some(exp) = c.exp {
        d.set_item("exp", exp)?;
    }
    if let Some(nbf) = c.nbf {
        d.set_item("nbf", nbf)?;
    }
    d.set_item("downloadable", c.downloadable)?;
    let rules = PyList::empty(py);
    for r in &c.access_rules {
        rules.append(rule_dict(py, r)?)?;
    }
    d.set_item("accessRules", rules)?;
    Ok(d)
}

/// A token that passed every check (`Verifier.verify_token`).
#[pyclass(frozen, get_all, name = "VerifiedToken", module = "cdnsign.stream")]
pub struct VerifiedToken {
    /// The key id that verified it.
    kid: String,
    /// The claims (as `Verifier.verify` returns them).
    claims: Py<PyDict>,
    /// `"no_match"` (allowed: no rule matched), `"allowed_by_rule"` or
    /// `"not_evaluated"` (`skip_access_rules=True`).
    access: &'static str,
    /// Index of the access rule that allowed the viewer, if one did.
    access_rule: Option<usize>,
}

#[pymethods]
impl VerifiedToken {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.stream.VerifiedToken kid={:?} access={:?}>",
            self.kid, self.access
        )
    }
}

/// Verifies Stream tokens at the origin against keys by `kid` (several during
/// a rotation): RS256 pinned, `exp`/`nbf` (numbers or numeric strings) with no
/// leeway unless asked, `sub`, then the access rules for the viewer.
#[pyclass(frozen, name = "Verifier", module = "cdnsign.stream")]
pub struct Verifier {
    inner: cs::Verifier,
}

fn add_key_obj(
    py: Python<'_>,
    v: &mut cs::Verifier,
    key: &Bound<'_, PyAny>,
    kid: Option<&str>,
) -> PyResult<()> {
    if let Ok(k) = key.cast::<SigningKey>() {
        let sk = &k.get().inner;
        if let Some(want) = kid {
            if want != sk.kid() {
                return Err(input_err(
                    py,
                    "keys",
                    format!("keys[{want:?}] is a SigningKey for kid {:?}", sk.kid()),
                ));
            }
        }
        return attached(py, "stream.Verifier", || v.add_signing_key(sk));
    }
    let text = if key.is_instance_of::<PyString>()
        || key.is_instance_of::<pyo3::types::PyBytes>()
        || key.is_instance_of::<pyo3::types::PyByteArray>()
    {
        text_of(key, "keys")?
    } else if key.is_instance_of::<PyDict>() {
        json_text(key, "keys")?
    } else {
        return Err(PyTypeError::new_err(format!(
            "a Stream key must be a SigningKey, a PEM/JWK/response str or bytes, or a JWK/response dict, not {}",
            key.get_type().name()?
        )));
    };
    attached(py, "stream.Verifier", || {
        v.add_key_text(&text, kid).map(|_| ())
    })
}

#[pymethods]
impl Verifier {
    /// `keys`: a mapping `{kid: PEM | JWK | response}`, a list of `SigningKey`s /
    /// JWKs / JWK Sets / `/stream/keys` responses (dicts or text), or one such
    /// document. `leeway` in seconds for `exp`/`nbf`, default 0
    /// (`DEFAULT_LEEWAY`): Cloudflare documents none, and a verifier must not
    /// accept a token Stream would refuse (a token 10 s before its `nbf` is
    /// `NotYetValidError`). Raise it only when this host's clock lags the
    /// signer's. `require_exp`: refuse tokens without `exp` (default).
    #[new]
    #[pyo3(signature = (keys, *, leeway=0, require_exp=true))]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::args::u32_)] leeway: u32,
        require_exp: bool,
    ) -> PyResult<Self> {
        py_guard(py, "stream.Verifier", || {
            let mut inner = cs::Verifier::new()
                .with_leeway(leeway)
                .with_require_exp(require_exp);
            let is_document = keys
                .cast::<PyDict>()
                .map(|d| {
                    d.contains("kty").unwrap_or(false)
                        || d.contains("keys").unwrap_or(false)
                        || d.contains("result").unwrap_or(false)
                        || d.contains("pem").unwrap_or(false)
                        || d.contains("jwk").unwrap_or(false)
                })
                .unwrap_or(false);
            if keys.cast::<SigningKey>().is_ok()
                || keys.is_instance_of::<PyString>()
                || keys.is_instance_of::<pyo3::types::PyBytes>()
                || is_document
            {
                add_key_obj(py, &mut inner, keys, None)?;
            } else if let Ok(m) = keys.cast::<PyMapping>() {
                for item in m.items()?.iter() {
                    let (kid, key): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                    let kid = crate::args::text(&kid)?;
                    add_key_obj(py, &mut inner, &key, Some(&kid))?;
                }
            } else {
                for key in keys.try_iter()? {
                    add_key_obj(py, &mut inner, &key?, None)?;
                }
            }
            Ok(Verifier { inner })
        })
    }

    /// The key ids held, sorted.
    #[getter]
    fn kids(&self) -> Vec<String> {
        self.inner.kids().map(str::to_owned).collect()
    }

    /// The clock leeway, seconds (0 unless given: Cloudflare allows none).
    #[getter]
    fn leeway(&self) -> u32 {
        self.inner.leeway()
    }

    /// Verifies a token and returns its claims as a dict (`sub`, `kid`, `exp`,
    /// `nbf`, `downloadable`, `accessRules`). `video_uid`: the token's `sub`
    /// must equal it. `ip` / `country` (ISO alpha-2): the viewer, for the
    /// token's access rules (first match wins; no match = allowed).
    #[pyo3(signature = (token, *, now=None, video_uid=None, ip=None, country=None, skip_access_rules=false))]
    #[allow(clippy::too_many_arguments)]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = crate::args::text)] token: String,
        now: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] video_uid: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] ip: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] country: Option<String>,
        skip_access_rules: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        py_guard(py, "stream.Verifier.verify", || {
            let v = self.run(
                py,
                &token,
                now,
                video_uid.as_deref(),
                ip.as_deref(),
                country.as_deref(),
                skip_access_rules,
            )?;
            claims_dict(py, &v.claims)
        })
    }

    /// `verify`, returning the verifying `kid` and how the access rules decided
    /// as well as the claims.
    #[pyo3(signature = (token, *, now=None, video_uid=None, ip=None, country=None, skip_access_rules=false))]
    #[allow(clippy::too_many_arguments)]
    fn verify_token(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token: String,
        now: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::args::opt_text)] video_uid: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] ip: Option<String>,
        #[pyo3(from_py_with = crate::args::opt_text)] country: Option<String>,
        skip_access_rules: bool,
    ) -> PyResult<VerifiedToken> {
        py_guard(py, "stream.Verifier.verify_token", || {
            let v = self.run(
                py,
                &token,
                now,
                video_uid.as_deref(),
                ip.as_deref(),
                country.as_deref(),
                skip_access_rules,
            )?;
            let (access, access_rule) = match v.access {
                cs::AccessDecision::NotEvaluated => ("not_evaluated", None),
                cs::AccessDecision::NoMatch => ("no_match", None),
                cs::AccessDecision::AllowedByRule(i) => ("allowed_by_rule", Some(i)),
            };
            Ok(VerifiedToken {
                kid: v.kid.clone(),
                claims: claims_dict(py, &v.claims)?.unbind(),
                access,
                access_rule,
            })
        })
    }

    fn __repr__(&self) -> String {
        let kids: Vec<&str> = self.inner.kids().collect();
        format!("<cdnsign.stream.Verifier kids={kids:?}>")
    }
}

impl Verifier {
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        py: Python<'_>,
        token: &str,
        now: Option<&Bound<'_, PyAny>>,
        video_uid: Option<&str>,
        ip: Option<&str>,
        country: Option<&str>,
        skip_access_rules: bool,
    ) -> PyResult<cs::VerifiedToken> {
        let mut req = cs::VerifyRequest::new(now_or(now)?);
        if let Some(uid) = video_uid {
            req = req.subject(uid);
        }
        if let Some(ip) = ip {
            req = req.viewer_ip(ip_addr(py, ip, "ip")?);
        }
        if let Some(c) = country {
            req = req.viewer_country(c);
        }
        if skip_access_rules {
            req = req.skip_access_rules();
        }
        crate::call!(py, "stream.Verifier.verify", 0, || {
            self.inner.verify(token, &req)
        })
    }
}

/// Playback URLs on `https://customer-<CODE>.cloudflarestream.com/<TOKEN|UID>/…`.
#[pyclass(frozen, name = "Urls", module = "cdnsign.stream")]
pub struct Urls {
    inner: cs::StreamUrls,
}

#[pymethods]
impl Urls {
    /// `customer_code`: the `<CODE>` of `customer-<CODE>.cloudflarestream.com`.
    #[new]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] customer_code: String,
    ) -> PyResult<Self> {
        attached(py, "stream.Urls", || cs::StreamUrls::new(&customer_code))
            .map(|inner| Urls { inner })
    }

    /// `https://customer-<CODE>.cloudflarestream.com`.
    #[getter]
    fn base(&self) -> &str {
        self.inner.base()
    }

    /// The URL of `kind` (`iframe`, `hls`, `dash`, `thumbnail`, `mp4`) for a token or uid.
    fn url(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
        #[pyo3(from_py_with = crate::args::text)] kind: String,
    ) -> PyResult<String> {
        let k = cs::UrlKind::from_name(&kind).ok_or_else(|| {
            input_err(
                py,
                "kind",
                format!("kind={kind:?} is not one of iframe, hls, dash, thumbnail, mp4"),
            )
        })?;
        attached(py, "stream.Urls.url", || self.inner.url(&token_or_uid, k))
    }

    /// `…/<id>/iframe`.
    fn iframe(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
    ) -> PyResult<String> {
        attached(py, "stream.Urls.iframe", || {
            self.inner.iframe(&token_or_uid)
        })
    }

    /// `…/<id>/manifest/video.m3u8`.
    fn hls(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
    ) -> PyResult<String> {
        attached(py, "stream.Urls.hls", || self.inner.hls(&token_or_uid))
    }

    /// `…/<id>/manifest/video.mpd`.
    fn dash(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
    ) -> PyResult<String> {
        attached(py, "stream.Urls.dash", || self.inner.dash(&token_or_uid))
    }

    /// `…/<id>/thumbnails/thumbnail.jpg`.
    fn thumbnail(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
    ) -> PyResult<String> {
        attached(py, "stream.Urls.thumbnail", || {
            self.inner.thumbnail(&token_or_uid)
        })
    }

    /// `…/<id>/downloads/default.mp4`.
    fn mp4_download(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = crate::args::text)] token_or_uid: String,
    ) -> PyResult<String> {
        attached(py, "stream.Urls.mp4_download", || {
            self.inner.mp4_download(&token_or_uid)
        })
    }

    fn __repr__(&self) -> String {
        format!("<cdnsign.stream.Urls {}>", self.inner.base())
    }
}

/// Takes a token apart without checking anything (for logs and support):
/// a dict with `alg`, `kid`, `typ`, `header_json`, `payload_json`, `claims`
/// (or `None` and `claims_error`), `signature_length`.
#[pyfunction]
fn decode<'py>(
    py: Python<'py>,
    #[pyo3(from_py_with = crate::args::text)] token: String,
) -> PyResult<Bound<'py, PyDict>> {
    py_guard(py, "stream.decode", || {
        let d = crate::call!(py, "stream.decode", 0, || cs::decode(&token))?;
        let out = PyDict::new(py);
        out.set_item("alg", &d.alg)?;
        out.set_item("kid", &d.kid)?;
        out.set_item("typ", &d.typ)?;
        out.set_item("header_json", &d.header_json)?;
        out.set_item("payload_json", &d.payload_json)?;
        match &d.claims {
            Ok(c) => {
                let cd = claims_dict(py, c)?;
                cd.set_item("exp_was_string", c.exp_was_string)?;
                cd.set_item("nbf_was_string", c.nbf_was_string)?;
                out.set_item("claims", cd)?;
                out.set_item("claims_error", py.None())?;
            }
            Err(e) => {
                out.set_item("claims", py.None())?;
                out.set_item("claims_error", e.message())?;
            }
        }
        out.set_item("signature_length", d.signature_len)?;
        Ok(out)
    })
}

/// The video uid or token in a `customer-<CODE>.cloudflarestream.com` URL.
#[pyfunction]
fn id_from_url(#[pyo3(from_py_with = crate::args::text)] url: String) -> Option<String> {
    cs::id_from_url(&url).map(str::to_owned)
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
            Ok(cs::explain(&input, now).map(|e| (e.to_json(), e.to_text())))
        })?;
        crate::convert::explanation(py, found)
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "stream")?;
    m.add_class::<SigningKey>()?;
    m.add_class::<Verifier>()?;
    m.add_class::<VerifiedToken>()?;
    m.add_class::<Urls>()?;
    m.add_function(wrap_pyfunction!(decode, &m)?)?;
    m.add_function(wrap_pyfunction!(id_from_url, &m)?)?;
    m.add("ALGORITHM", cs::ALGORITHM)?;
    m.add("DEFAULT_LEEWAY", cs::DEFAULT_LEEWAY)?;
    m.add("MAX_ACCESS_RULES", cs::MAX_ACCESS_RULES)?;
    m.add("MAX_LIFETIME", cs::MAX_LIFETIME)?;
    m.add_function(wrap_pyfunction!(explain, &m)?)?;
    parent.add_submodule(&m)
}
