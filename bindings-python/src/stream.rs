//! `cdnsign.stream`: Cloudflare Stream signed tokens (`cdnsign::stream`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyString};
use serde_json::Value;

use cdnsign::api::records;
use cdnsign::stream as cs;

use crate::args::{
    bytes_of, given, items, json_text, now_or, opt_time, text_of, unix_time, Obj, OptObj, Text, U32,
};
use crate::call::{attached, core_err, detached, input_err, py_guard};
use crate::records::to_py;

/// A Stream signing key: the key id and the parsed RSA private key, parsed
/// once and reused for every token. Immutable and safe to share across threads.
#[pyclass(frozen, module = "cdnsign.stream")]
pub struct SigningKey {
    inner: cs::SigningKey,
}

/// A key parsed from `text` (RSA key parsing is slow: off the GIL).
fn load_key<T: Send + Sync>(
    py: Python<'_>,
    what: &str,
    text: PyResult<T>,
    f: impl FnOnce(&T) -> cdnsign::Result<cs::SigningKey> + Send,
) -> PyResult<SigningKey> {
    let text = text?;
    detached(py, what, || f(&text)).map(|inner| SigningKey { inner })
}

crate::call::pymethods!(SigningKey {
    /// `SigningKey(key_id, pem)`: an RSA private key (PEM or DER, PKCS#1 or
    /// PKCS#8) with the key id Cloudflare returned for it.
    #[new]
    fn new(py: Python<'_>, key_id: Text, pem: Obj) -> PyResult<Self> {
        let pem = bytes_of(pem, "pem");
        load_key(py, "stream.SigningKey", pem, |pem| {
            cs::SigningKey::from_pem(&key_id, pem)
        })
    }

    /// From the `POST /accounts/{id}/stream/keys` response as returned (the
    /// whole envelope or its `result`), as a dict or JSON text.
    #[staticmethod]
    fn from_api_response(py: Python<'_>, response: Obj) -> PyResult<Self> {
        let what = "stream.SigningKey.from_api_response";
        let text = json_text(response, "response");
        load_key(py, what, text, |t| {
            cs::SigningKey::from_stream_keys_response(t)
        })
    }

    /// From a private RSA JWK (dict, JSON text, or base64 of it as in the
    /// response's `jwk` field); `kid` supplies or must equal the JWK's `kid`.
    #[staticmethod]
    #[pyo3(signature = (jwk, kid=None))]
    fn from_jwk(py: Python<'_>, jwk: Obj, kid: Option<Text>) -> PyResult<Self> {
        let text = json_text(jwk, "jwk");
        let parse = |t: &String| cs::SigningKey::from_jwk(t, kid.as_deref());
        load_key(py, "stream.SigningKey.from_jwk", text, parse)
    }

    /// Whatever `text` is: a `/stream/keys` response, a JWK (JSON or base64),
    /// a PEM (then `kid` is required), or the response's base64 `pem` field.
    #[staticmethod]
    #[pyo3(signature = (text, kid=None))]
    fn from_text(py: Python<'_>, text: Obj, kid: Option<Text>) -> PyResult<Self> {
        let what = "stream.SigningKey.from_text";
        load_key(py, what, text_of(text, "text"), |t| {
            cs::SigningKey::from_text(t, kid.as_deref())
        })
    }

    /// A fresh RSA-2048 key with a random id, as the `/stream/keys` response
    /// JSON text (for tests and self-hosted verification: keys Cloudflare must
    /// honour are created by Cloudflare's API). Load it with `from_api_response`.
    #[staticmethod]
    #[pyo3(signature = (*, now=None))]
    fn generate_response(py, now: OptObj) -> String as "stream.SigningKey.generate_response" {
        let now = now_or(now)?;
        detached(py, "stream.SigningKey.generate_response", || {
            let key = cs::GeneratedKey::generate(now)?;
            Ok(key.response_json()?.to_string())
        })
    }

    /// The key id (`kid` in the header and the payload).
    #[getter]
    fn kid(&self) -> &str {
        self.inner.kid()
    }

    /// The public key as a JWK dict (`use`, `kty`, `kid`, `alg`, `n`, `e`).
    fn public_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let jwk = serde_json::from_str(&self.inner.public_jwk()).unwrap_or_default();
        to_py(py, &jwk)
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
    fn sign(&self, py, video_uid: Text, expires: Obj, not_before: OptObj, downloadable: OptObj,
        access_rules: OptObj, now: OptObj,
    ) -> String as "stream.SigningKey.sign" {
        let mut claims = cs::Claims::new(video_uid.0, unix_time(expires, "exp")?);
        if let Some(nbf) = opt_time(not_before, "nbf")? {
            claims = claims.not_before(nbf);
        }
        if let Some(d) = given(downloadable) {
            if !d.is_instance_of::<PyBool>() {
                let name = d.get_type().name()?;
                let message = format!("downloadable must be a bool, not {name}");
                return Err(PyTypeError::new_err(message));
            }
            claims = claims.downloadable(d.extract::<bool>()?);
        }
        if let Some(rules) = given(access_rules) {
            let text = json_text(rules, "accessRules")?;
            let rules = attached(py, "accessRules", || cs::AccessRule::list_from_json(&text))?;
            claims = rules.into_iter().fold(claims, cs::Claims::rule);
        }
        let now = now_or(now)?;
        crate::call!(py, "stream.SigningKey.sign", 0, || self
            .inner
            .sign(&claims, now))
    }

    /// A `Verifier` holding this key's public half. `leeway` in seconds
    /// (default 0, `DEFAULT_LEEWAY`) for `exp`/`nbf`: Cloudflare documents no
    /// leeway, so any more accepts tokens Stream itself would refuse.
    #[pyo3(signature = (*, leeway=U32(0), require_exp=true), text_signature = "($self, *, leeway=0, require_exp=True)")]
    fn verifier(&self, py: Python<'_>, leeway: U32, require_exp: bool) -> PyResult<Verifier> {
        let mut inner = cs::Verifier::new()
            .with_leeway(leeway.0)
            .with_require_exp(require_exp);
        attached(py, "stream.SigningKey.verifier", || {
            inner.add_signing_key(&self.inner)
        })?;
        Ok(Verifier { inner })
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["kid"])
    }
});

/// The claims as a dict in the payload's names (the record's, but
/// `accessRules`): `sub`, `kid`, `exp`, `nbf` when present (times as int even
/// when the token had numeric strings), `downloadable` (bool), `accessRules`
/// (list of dicts); `decoded` adds `exp_was_string` and `nbf_was_string`.
fn claims_dict<'py>(
    py: Python<'py>,
    c: &cs::TokenClaims,
    decoded: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let r = records::StreamClaims::from(c);
    let d = PyDict::new(py);
    let mut fields = vec![
        ("sub", r.sub.map(Value::from)),
        ("kid", r.kid.map(Value::from)),
        ("exp", r.exp.map(Value::from)),
        ("nbf", r.nbf.map(Value::from)),
        ("downloadable", Some(r.downloadable.into())),
        ("accessRules", Some(r.access_rules.into())),
    ];
    if decoded {
        fields.push(("exp_was_string", Some(r.exp_was_string.into())));
        fields.push(("nbf_was_string", Some(r.nbf_was_string.into())));
    }
    for (name, value) in fields {
        if let Some(v) = value {
            d.set_item(name, to_py(py, &v)?)?;
        }
    }
    Ok(d.into_any())
}

/// A token that passed every check (`Verifier.verify_token`).
#[pyclass(frozen, get_all, module = "cdnsign.stream")]
pub struct VerifiedToken {
    /// The key id that verified it.
    kid: String,
    /// The claims (as `Verifier.verify` returns them).
    claims: Py<PyAny>,
    /// `"no_match"` (allowed: no rule matched), `"allowed_by_rule"` or
    /// `"not_evaluated"` (`skip_access_rules=True`).
    access: String,
    /// Index of the access rule that allowed the viewer, if one did.
    access_rule: Option<usize>,
}

crate::call::pymethods!(VerifiedToken {
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["kid", "access"])
    }
});

/// Verifies Stream tokens at the origin against keys by `kid` (several during
/// a rotation): RS256 pinned, `exp`/`nbf` (numbers or numeric strings) with no
/// leeway unless asked, `sub`, then the access rules for the viewer.
#[pyclass(frozen, module = "cdnsign.stream")]
pub struct Verifier {
    inner: cs::Verifier,
}

fn add_key_obj(py: Python<'_>, v: &mut cs::Verifier, key: Obj, kid: Option<&str>) -> PyResult<()> {
    if let Ok(k) = key.cast::<SigningKey>() {
        let sk = &k.get().inner;
        if let Some(want) = kid.filter(|want| *want != sk.kid()) {
            let message = format!("keys[{want:?}] is a SigningKey for kid {:?}", sk.kid());
            return Err(input_err(py, "keys", message));
        }
        return attached(py, "stream.Verifier", || v.add_signing_key(sk));
    }
    let text = if key.is_instance_of::<PyString>()
        || key.is_instance_of::<PyBytes>()
        || key.is_instance_of::<PyByteArray>()
    {
        text_of(key, "keys")?
    } else if key.is_instance_of::<PyDict>() {
        json_text(key, "keys")?
    } else {
        let name = key.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "a Stream key must be a SigningKey, a PEM/JWK/response str or bytes, or a JWK/response dict, not {name}"
        )));
    };
    attached(py, "stream.Verifier", || {
        v.add_key_text(&text, kid).map(|_| ())
    })
}

/// The `#[pymethods]` of `Verifier`: the methods given, then `verify` and
/// `verify_token`, which take the same arguments.
macro_rules! stream_verifier {
    ({ $($methods:tt)* } $(
        $(#[$doc:meta])*
        fn $name:ident -> $ret:ty = |$py:ident, $v:ident| $out:expr;
    )*) => {
        #[pymethods]
        impl Verifier {
            $($methods)*
            $(
                $(#[$doc])*
                #[pyo3(signature = (token, *, now=None, video_uid=None, ip=None, country=None, skip_access_rules=false))]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(
                    &self,
                    $py: Python<'py>,
                    token: Text,
                    now: OptObj,
                    video_uid: Option<Text>,
                    ip: Option<Text>,
                    country: Option<Text>,
                    skip_access_rules: bool,
                ) -> PyResult<$ret> {
                    py_guard($py, concat!("stream.Verifier.", stringify!($name)), || {
                        let (uid, country) = (video_uid.as_deref(), country.as_deref());
                        let req = cs::VerifyRequest::of(now_or(now)?, uid, ip.as_deref(), country, !skip_access_rules);
                        let req = req.map_err(|e| core_err($py, e))?;
                        let $v = crate::call!($py, "stream.Verifier.verify", 0, || {
                            self.inner.verify(&token, &req)
                        })?;
                        $out
                    })
                }
            )*
        }
    };
}

stream_verifier!({
    /// `keys`: a mapping `{kid: PEM | JWK | response}`, a list of `SigningKey`s /
    /// JWKs / JWK Sets / `/stream/keys` responses (dicts or text), or one such
    /// document. `leeway` in seconds for `exp`/`nbf`, default 0
    /// (`DEFAULT_LEEWAY`): Cloudflare documents none, and a verifier must not
    /// accept a token Stream would refuse (a token 10 s before its `nbf` is
    /// `NotYetValidError`). Raise it only when this host's clock lags the
    /// signer's. `require_exp`: refuse tokens without `exp` (default).
    #[new]
    #[pyo3(signature = (keys, *, leeway=U32(0), require_exp=true), text_signature = "(keys, *, leeway=0, require_exp=True)")]
    fn new(
        py: Python<'_>,
        keys: Obj,
        leeway: U32,
        require_exp: bool,
    ) -> PyResult<Self> {
        py_guard(py, "stream.Verifier", || {
            let mut inner = cs::Verifier::new().with_leeway(leeway.0).with_require_exp(require_exp);
            let document = ["kty", "keys", "result", "pem", "jwk"];
            let is_document = keys.cast::<PyDict>().is_ok_and(|d| {
                document.iter().any(|k| d.contains(k).unwrap_or(false))
            });
            if keys.cast::<SigningKey>().is_ok()
                || keys.is_instance_of::<PyString>()
                || keys.is_instance_of::<PyBytes>()
                || is_document
            {
                add_key_obj(py, &mut inner, keys, None)?;
            } else if keys.hasattr("items")? {
                for (kid, key) in items(keys, "keys must be a mapping {kid: key}")? {
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

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["kids"])
    }
}
    /// Verifies a token and returns its claims as a dict (`sub`, `kid`, `exp`
    /// and `nbf` when the token has them; `downloadable` and `accessRules`
    /// always). `video_uid`: the token's `sub`
    /// must equal it. `ip` / `country` (ISO alpha-2): the viewer, for the
    /// token's access rules (first match wins; no match = allowed).
    fn verify -> Bound<'py, PyAny> = |py, v| claims_dict(py, &v.claims, false);

    /// `verify`, returning the verifying `kid` and how the access rules decided
    /// as well as the claims.
    fn verify_token -> VerifiedToken = |py, v| {
        let access = records::AccessResult::from(&v.access);
        Ok(VerifiedToken {
            kid: v.kid.clone(),
            claims: claims_dict(py, &v.claims, false)?.unbind(),
            access: access.decision,
            access_rule: access.rule,
        })
    };
);

/// Playback URLs on `https://customer-<CODE>.cloudflarestream.com/<TOKEN|UID>/…`.
#[pyclass(frozen, module = "cdnsign.stream")]
pub struct Urls {
    inner: cs::StreamUrls,
}

/// The `#[pymethods]` of `Urls`: the methods given, then one method per URL kind.
macro_rules! stream_urls {
    ({ $($methods:tt)* } $($(#[$doc:meta])* $kind:ident;)*) => {
        #[pymethods]
        impl Urls {
            $($methods)*
            $(
                $(#[$doc])*
                fn $kind(&self, py: Python<'_>, token_or_uid: Text) -> PyResult<String> {
                    let what = concat!("stream.Urls.", stringify!($kind));
                    attached(py, what, || self.inner.$kind(&token_or_uid))
                }
            )*
        }
    };
}

stream_urls!({
    /// `customer_code`: the `<CODE>` of `customer-<CODE>.cloudflarestream.com`.
    #[new]
    fn new(py: Python<'_>, customer_code: Text) -> PyResult<Self> {
        let inner = attached(py, "stream.Urls", || cs::StreamUrls::new(&customer_code))?;
        Ok(Urls { inner })
    }

    /// `https://customer-<CODE>.cloudflarestream.com`.
    #[getter]
    fn base(&self) -> &str {
        self.inner.base()
    }

    /// The URL of `kind` (`iframe`, `hls`, `dash`, `thumbnail`, `mp4`) for a token or uid.
    fn url(&self, py: Python<'_>, token_or_uid: Text, kind: Text) -> PyResult<String> {
        attached(py, "stream.Urls.url", || {
            self.inner.url(&token_or_uid, cs::UrlKind::from_name(&kind)?)
        })
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["base"])
    }
}
    /// `…/<id>/iframe`.
    iframe;
    /// `…/<id>/manifest/video.m3u8`.
    hls;
    /// `…/<id>/manifest/video.mpd`.
    dash;
    /// `…/<id>/thumbnails/thumbnail.jpg`.
    thumbnail;
    /// `…/<id>/downloads/default.mp4`.
    mp4_download;
);

crate::call::pyfunctions! {
    /// Takes a token apart without checking anything (for logs and support):
    /// a dict with `alg`, `kid`, `typ` (each `None` when the header lacks it),
    /// `header_json`, `payload_json`, `claims` (`verify`'s dict plus
    /// `exp_was_string` and `nbf_was_string`; or `None`, with `claims_error`
    /// saying why) and `signature_length` (`None` when the signature is not
    /// base64url).
    #[pyfunction]
    fn decode<'py>(py, token: Text) -> Bound<'py, PyDict> as "stream.decode" {
        let d = crate::call!(py, "stream.decode", 0, || cs::decode(&token))?;
        let claims = d
            .claims
            .as_ref()
            .ok()
            .map(|c| claims_dict(py, c, true))
            .transpose()?;
        let r = records::DecodedToken::from(&d);
        let out = PyDict::new(py);
        out.set_item("alg", r.alg)?;
        out.set_item("kid", r.kid)?;
        out.set_item("typ", r.typ)?;
        out.set_item("header_json", r.header_json)?;
        out.set_item("payload_json", r.payload_json)?;
        out.set_item("claims", claims)?;
        out.set_item("claims_error", r.claims_error)?;
        out.set_item("signature_length", r.signature_length)?;
        Ok(out)
    }

    /// The video uid or token in a `customer-<CODE>.cloudflarestream.com` URL.
    #[pyfunction]
    fn id_from_url(url: Text) -> Option<String> {
        cs::id_from_url(&url).map(str::to_owned)
    }
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "stream",
        classes: SigningKey, Verifier, VerifiedToken, Urls;
        functions: decode, id_from_url;
        constants: ALGORITHM = cs::ALGORITHM,
            DEFAULT_LEEWAY = cs::DEFAULT_LEEWAY,
            MAX_ACCESS_RULES = cs::MAX_ACCESS_RULES,
            MAX_LIFETIME = cs::MAX_LIFETIME,
    }
}
