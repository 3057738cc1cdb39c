//! `cdnsign.mediacdn`: Google Media CDN signed requests and tokens
//! (`cdnsign::mediacdn`). `SignedUrl`, `SignedQuery` and `SignedCookie` are
//! in `google.rs`, shared with `cdnsign.cloudcdn`.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use cdnsign::api::records;
use cdnsign::mediacdn as mc;

use crate::args::{
    bytes_of, given, keyed, now_or, opt_time, pairs, str_list, text_or_bytes, unix_time, Obj,
    OptObj, Text, I64,
};
use crate::call::{attached, core_err, input_err, py_guard};
use crate::google::{request, SignedCookie, SignedQuery, SignedUrl};

// ---- keys -----------------------------------------------------------------------

fn signing_key_of(py: Python<'_>, key: Obj) -> PyResult<mc::SigningKey> {
    if let Ok(k) = key.cast::<SigningKey>() {
        return Ok(k.get().inner.clone());
    }
    let raw = bytes_of(key, "private_key")?;
    attached(py, "mediacdn key", || mc::SigningKey::parse(&raw))
}

fn public_key_of_obj(py: Python<'_>, key: Obj) -> PyResult<mc::PublicKey> {
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
fn secret_of(secret: Obj) -> PyResult<mc::HmacSecret> {
    if let Ok(s) = secret.cast::<HmacSecret>() {
        return Ok(s.get().inner.clone());
    }
    let expected = "secret must be str (base64) or bytes (raw)";
    let from_text = |t: &str| mc::HmacSecret::from_base64(t.trim());
    text_or_bytes(
        secret,
        "secret",
        expected,
        from_text,
        mc::HmacSecret::from_bytes,
    )
}

key_class! {
    /// An Ed25519 private key: PKCS#8 PEM/DER, or base64/base64url (padded or
    /// not) of the 32-byte seed or 64-byte seed ‖ public key, or those raw bytes.
    "cdnsign.mediacdn" SigningKey(key) -> mc::SigningKey = signing_key_of;
    {
        /// The public half.
        #[getter]
        fn public_key(&self) -> PublicKey {
            let inner = self.inner.public_key();
            PublicKey { inner }
        }

        fn __repr__(&self) -> String {
            let public = self.inner.public_key().keyset_value();
            format!("<cdnsign.mediacdn.SigningKey public={public}>")
        }
    }
}

key_class! {
    /// An Ed25519 public key: the keyset's base64url value (43/44 characters),
    /// SPKI PEM/DER, 32 raw bytes, or a private key's public half.
    "cdnsign.mediacdn" PublicKey(key) -> mc::PublicKey = public_key_of_obj;
    {
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

        fn __eq__(&self, other: Obj) -> bool {
            let other = other.cast::<PublicKey>();
            other.is_ok_and(|o| o.get().inner == self.inner)
        }

        fn __hash__(&self) -> u64 {
            let b = self.inner.as_bytes();
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        }

        fn __repr__(&self) -> String {
            format!("<cdnsign.mediacdn.PublicKey {}>", self.inner.keyset_value())
        }
    }
}

key_class! {
    /// An HMAC shared key (at least 16 bytes): `str` is base64/base64url text of
    /// the secret, `bytes` the raw secret (as Secret Manager stores it).
    "cdnsign.mediacdn" HmacSecret(secret) -> mc::HmacSecret = |_, s| secret_of(s);
    {
        fn __len__(&self) -> usize {
            self.inner.len()
        }

        fn __repr__(&self) -> String {
            format!("<cdnsign.mediacdn.HmacSecret {} bytes>", self.inner.len())
        }
    }
}

// ---- signatures -------------------------------------------------------------------

/// Signs Media CDN requests (exact URL, URL prefix, path component, cookie)
/// with one Ed25519 key of a keyset.
#[pyclass(frozen, module = "cdnsign.mediacdn")]
pub struct Signer {
    inner: mc::Signer,
}

crate::google::google_signer!(Signer, "mediacdn", {
    /// `padded=True` pads `URLPrefix` and `Signature` like Google's Python
    /// samples; `param` is the path-component marker (default `edge-cache-token`).
    #[new]
    #[pyo3(signature = (key_name, private_key, *, padded=false, param=Text("edge-cache-token".into())), text_signature = "(key_name, private_key, *, padded=False, param=\"edge-cache-token\")")]
    fn new(py, key_name: Text, private_key: Obj, padded: bool, param: Text,
    ) -> Self as "mediacdn.Signer" {
        let key = signing_key_of(py, private_key)?;
        let inner = attached(py, "mediacdn.Signer", || {
            mc::Signer::new(&key_name, key)?
                .with_padding(padded)
                .with_param(&param)
        })?;
        Ok(Signer { inner })
    }

    /// The public key as the EdgeCacheKeyset wants it (padded base64url).
    #[getter]
    fn public_key(&self) -> String {
        self.inner.signing_key().public_key().keyset_value()
    }

    /// Path component: `<prefix>edge-cache-token=Expires=N&KeyName=K&Signature=S/<rest>`.
    #[pyo3(signature = (prefix, rest, *, expires))]
    fn sign_path(&self, py, prefix: Text, rest: Text, expires: Obj,
    ) -> SignedUrl as "mediacdn.Signer.sign_path" {
        let expires = unix_time(expires, "expires")?;
        let u = crate::call!(py, "mediacdn.Signer.sign_path", 0, || {
            self.inner.sign_path(&prefix, &rest, expires)
        })?;
        crate::google::signed_url(py, u)
    }
});

// ---- tokens -----------------------------------------------------------------------

crate::records::record_class! {
    /// A signed token and how it travels.
    "cdnsign.mediacdn" SignedToken from MediaCdnToken, repr(algorithm, token)
    methods {
        /// `url` with the token appended as a query parameter.
        fn apply_to_url(&self, url: Text) -> String {
            crate::google::append_query(&url, &self.query)
        }

        fn __str__(&self) -> String {
            self.token.clone()
        }
    }
}

fn signed_token(py: Python<'_>, t: mc::SignedToken, url: Option<String>) -> PyResult<SignedToken> {
    // The record, moved out of the token (no copies: token signing is benchmarked).
    let cookie = attached(py, "set_cookie", || {
        records::SignedCookie::new(t.cookie(), &Default::default())
    })?;
    let record = records::MediaCdnToken {
        url: url.map(|u| t.apply_to_url(&u)),
        query: t.query_pair(),
        cookie,
        algorithm: t.algorithm.as_str().to_owned(),
        token: t.token,
        signed_value: t.signed_value,
        param: t.param,
    };
    SignedToken::from_record(py, record)
}

/// How a token's expiry is given: `expires` (and the URL to append it to),
/// or `now` and a lifetime (the dual-token flow's short-lived token).
enum Expiry {
    At(i64, Option<String>),
    ShortLived(i64, Option<i64>),
}

/// The `#[pymethods]` of `TokenSigner`: the methods given, then each signing
/// method `name(leading parameters) [signature before the claims] "text
/// signature" => Expiry` with the claims keywords all three take.
macro_rules! token_signer {
    ({ $($methods:tt)* } $(
        $(#[$doc:meta])*
        $name:ident($($lead:tt)*) [$($sig:tt)*] $text:literal => $expiry:expr;
    )*) => {
        crate::call::pymethods!(TokenSigner {
            $($methods)*
            $(
                $(#[$doc])*
                #[pyo3(signature = ($($sig)* path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=Text(",".into())), text_signature = $text)]
                #[allow(clippy::too_many_arguments)]
                fn $name(
                    &self,
                    py: Python<'_>,
                    $($lead)*
                    path_globs: OptObj,
                    url_prefix: Option<Text>,
                    full_path: Option<Text>,
                    starts: OptObj,
                    session_id: Option<Text>,
                    data: Option<Text>,
                    headers: OptObj,
                    ip_ranges: OptObj,
                    glob_separator: Text,
                ) -> PyResult<SignedToken> {
                    const WHAT: &str = concat!("mediacdn.TokenSigner.", stringify!($name));
                    py_guard(py, WHAT, || {
                        let expiry = $expiry;
                        let separator = mc::glob_separator_from_name(&glob_separator);
                        let separator = separator.map_err(|e| core_err(py, e))?;
                        let claims = mc::TokenClaims {
                            path_globs: given(path_globs).map(|g| str_list(g, "path_globs")).transpose()?,
                            glob_separator: separator,
                            url_prefix: url_prefix.map(String::from),
                            full_path: full_path.map(String::from),
                            starts: opt_time(starts, "starts")?,
                            session_id: session_id.map(String::from),
                            data: data.map(String::from),
                            headers: given(headers).map(|h| pairs(h, "headers")).transpose()?.unwrap_or_default(),
                            ip_ranges: given(ip_ranges).map(|r| str_list(r, "ip_ranges")).transpose()?,
                            ..mc::TokenClaims::new(0)
                        };
                        self.mint(py, WHAT, claims, expiry)
                    })
                }
            )*
        });
    };
}

/// Signs Media CDN tokens (`edge-cache-token`): Ed25519 (`private_key=`) or
/// HMAC (`secret=`, with `algorithm="hmac-sha1"` or `"hmac-sha256"`).
#[pyclass(frozen, module = "cdnsign.mediacdn")]
pub struct TokenSigner {
    inner: mc::TokenSigner,
}

impl TokenSigner {
    fn mint(
        &self,
        py: Python<'_>,
        what: &str,
        mut claims: mc::TokenClaims,
        expiry: Expiry,
    ) -> PyResult<SignedToken> {
        let (token, url) = match expiry {
            Expiry::At(expires, url) => {
                claims.expires = expires;
                let signed = crate::call!(py, "mediacdn.TokenSigner.sign" => what, 0, || {
                    self.inner.sign(&claims)
                });
                (signed, url)
            }
            Expiry::ShortLived(now, lifetime) => {
                let signed = crate::call!(py, "mediacdn.TokenSigner.sign_short_lived", 0, || {
                    mc::sign_short_lived(&self.inner, claims, now, lifetime)
                });
                (signed, None)
            }
        };
        signed_token(py, token?, url)
    }
}

token_signer!({
    /// Signs every reference of an HLS playlist or DASH MPD (`str` or
    /// `bytes`; the result's `.manifest` is the same type) with one
    /// credential covering `prefix` (default: the manifest's folder).
    #[pyo3(signature = (manifest, *, url, expires, prefix=None, absolute=false, path_globs=false))]
    #[allow(clippy::too_many_arguments)]
    fn sign_manifest(
        &self,
        py: Python<'_>,
        manifest: crate::args::Obj,
        url: crate::args::Text,
        expires: crate::args::Obj,
        prefix: Option<crate::args::Text>,
        absolute: bool,
        path_globs: bool,
    ) -> PyResult<crate::manifest::SignedManifest> {
        let cost = crate::manifest::cost!("mediacdn.TokenSigner.sign_manifest");
        let prefix = prefix.map(String::from);
        crate::manifest::sign(py, "mediacdn.TokenSigner.sign_manifest", cost, manifest, &url, expires, prefix, absolute, |m, o| {
            self.inner.sign_manifest(m, o, path_globs)
        })
    }

    #[new]
    #[pyo3(signature = (*, private_key=None, secret=None, algorithm=None, padded=false, param=Text("edge-cache-token".into())), text_signature = "(*, private_key=None, secret=None, algorithm=None, padded=False, param=\"edge-cache-token\")")]
    fn new(py, private_key: OptObj, secret: OptObj, algorithm: Option<Text>, padded: bool,
        param: Text,
    ) -> Self as "mediacdn.TokenSigner" {
        let algorithm = algorithm.map(|a| mc::Algorithm::from_name(&a)).transpose();
        let algorithm = algorithm.map_err(|e| core_err(py, e))?;
        let signer = match (private_key, secret, algorithm) {
            (Some(_), None, Some(a)) if a != mc::Algorithm::Ed25519 => {
                let message = "private_key= signs Ed25519 tokens; HMAC tokens take secret=";
                return Err(input_err(py, "algorithm", message));
            }
            (Some(k), None, _) => mc::TokenSigner::ed25519(signing_key_of(py, k)?),
            (None, Some(s), Some(a)) => {
                let secret = secret_of(s)?;
                attached(py, "mediacdn.TokenSigner", || mc::TokenSigner::hmac(a, secret))?
            }
            (None, Some(s), None) => {
                secret_of(s)?;
                let message = "an HMAC token signer needs algorithm=\"hmac-sha1\" or \"hmac-sha256\"";
                return Err(input_err(py, "algorithm", message));
            }
            _ => {
                let message = "give exactly one of private_key= (Ed25519) or secret= (HMAC)";
                return Err(input_err(py, "private_key", message));
            }
        };
        let inner = attached(py, "mediacdn.TokenSigner", || {
            signer.with_padding(padded).with_param(&param)
        })?;
        Ok(TokenSigner { inner })
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

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["algorithm", "param"])
    }
}
    /// Signs a token. Fields are emitted in the documented order (path field,
    /// Starts, Expires, SessionID, Data, Headers, IPRanges). Exactly one of
    /// `path_globs`, `url_prefix`, `full_path` is required.
    sign(expires: Obj,) [*, expires,]
    "($self, *, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")"
    => Expiry::At(unix_time(expires, "expires")?, None);

    /// `sign`, with the token appended to `url` as a query parameter (`.url`).
    sign_url(url: Text, expires: Obj,) [url, *, expires,]
    "($self, url, *, expires, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")"
    => Expiry::At(unix_time(expires, "expires")?, Some(url.0));

    /// The dual-token flow's short-lived token the app server issues:
    /// `Expires = now + lifetime` (default 60 s, at most 3600).
    sign_short_lived(now: OptObj, lifetime: Option<I64>,) [*, now=None, lifetime=None,]
    "($self, *, now=None, lifetime=None, path_globs=None, url_prefix=None, full_path=None, starts=None, session_id=None, data=None, headers=None, ip_ranges=None, glob_separator=\",\")"
    => Expiry::ShortLived(now_or(now)?, lifetime.map(|l| l.0));
);

// ---- verification ------------------------------------------------------------------

crate::records::record_class! {
    /// What a successful verification established.
    "cdnsign.mediacdn" Verified from MediaCdnVerified, repr(form, key_id, expires)
}

/// Verifies Media CDN signed requests and tokens at the origin against a
/// keyset (Ed25519 public keys and HMAC shared keys, by id).
#[pyclass(frozen, module = "cdnsign.mediacdn")]
pub struct Verifier {
    inner: mc::Verifier,
}

crate::manifest::pymethods!(check "mediacdn.Verifier.check_manifest", Verifier {
    /// `public_keys`: `{id: key}` (keyset value, PEM, 32 raw bytes, or a
    /// `PublicKey`/`SigningKey`); `shared_keys`: `{id: secret}` (base64 `str`,
    /// raw `bytes`, or `HmacSecret`); `keyset_name`: a `KeyName` equal to it
    /// tries every public key. `allowed_algorithms`: the route's
    /// `allowedSignatureAlgorithms` (default Ed25519 alone, as on a route
    /// that lists none: list `hmac-sha1`/`hmac-sha256` to accept HMAC tokens); `max_expiration_ttl`: seconds; `leeway`: 0..300 s.
    #[new]
    #[pyo3(signature = (*, public_keys=None, shared_keys=None, keyset_name=None, param=Text("edge-cache-token".into()), allowed_algorithms=None, max_expiration_ttl=None, leeway=I64(0)), text_signature = "(*, public_keys=None, shared_keys=None, keyset_name=None, param=\"edge-cache-token\", allowed_algorithms=None, max_expiration_ttl=None, leeway=0)")]
    #[allow(clippy::too_many_arguments)]
    fn new(py, public_keys: OptObj, shared_keys: OptObj, keyset_name: Option<Text>, param: Text,
        allowed_algorithms: Option<Vec<Text>>, max_expiration_ttl: Option<I64>, leeway: I64,
    ) -> Self as "mediacdn.Verifier" {
        let public_message = "public_keys must be a mapping {id: key}";
        let public = keyed(public_keys, public_message, |k| public_key_of_obj(py, k))?;
        let shared = keyed(
            shared_keys,
            "shared_keys must be a mapping {id: secret}",
            secret_of,
        )?;
        let options = mc::VerifierOptions {
            param: Some(param.0),
            allowed_algorithms: allowed_algorithms.map(|list| list.into_iter().map(String::from).collect()),
            max_expiration_ttl: max_expiration_ttl.map(|ttl| ttl.0),
            leeway: Some(leeway.0),
        };
        let inner = attached(py, "mediacdn.Verifier", || {
            mc::Verifier::with_options(mc::Keyset::of(keyset_name.as_deref(), public, shared)?, &options)
        })?;
        Ok(Verifier { inner })
    }

    /// Verifies whichever credential the request carries (token parameter,
    /// token cookie, signed URL / prefix / path component, signed cookie).
    #[pyo3(signature = (url, *, now=None, headers=None, cookie=None, client_ip=None))]
    fn verify(&self, py, url: Text, now: OptObj, headers: OptObj, cookie: Option<Text>,
        client_ip: Option<Text>,
    ) -> Verified as "mediacdn.Verifier.verify" {
        let (cookie, ip) = (cookie.as_deref(), client_ip.as_deref());
        let req = request(py, &url, now, headers, cookie, ip)?;
        let v = crate::call!(py, "mediacdn.Verifier.verify", 0, || self
            .inner
            .verify(&req))?;
        Verified::from_record(py, (&v).into())
    }

    /// Verifies a token given on its own, for a request to `url`.
    #[pyo3(signature = (token, url, *, now=None, headers=None, client_ip=None))]
    fn verify_token(
        &self,
        py: Python<'_>,
        token: Text,
        url: Text,
        now: OptObj,
        headers: OptObj,
        client_ip: Option<Text>,
    ) -> PyResult<Verified> {
        const WHAT: &str = "mediacdn.Verifier.verify_token";
        py_guard(py, WHAT, || {
            let req = request(py, &url, now, headers, None, client_ip.as_deref())?;
            let v = crate::call!(py, "mediacdn.Verifier.verify" => WHAT, 0, || {
                self.inner.verify_token(&token, &req)
            })?;
            Verified::from_record(py, (&v).into())
        })
    }

    fn __repr__(&self) -> String {
        let ks = self.inner.keyset();
        let (public, shared) = (ks.public_key_ids(), ks.shared_key_ids());
        format!("<cdnsign.mediacdn.Verifier public={public:?} shared={shared:?}>")
    }
});

crate::call::pyfunctions! {
    /// Media CDN's `PathGlobs` matching: `*` any run of characters (`/`
    /// included), `?` exactly one; the glob covers the whole path.
    #[pyfunction]
    fn glob_matches(glob: Text, path: Text) -> bool {
        mc::glob_matches(&glob, &path)
    }

    /// The keyset value (padded base64url) of the public half of an Ed25519
    /// private key in any accepted shape (use `PublicKey(key).keyset_value` to
    /// normalise a public key).
    #[pyfunction]
    fn public_key_of(py, private_key: Obj) -> String as "mediacdn.public_key_of" {
        Ok(signing_key_of(py, private_key)?.public_key().keyset_value())
    }

    /// A fresh Ed25519 key: `{"seed": <base64url seed, secret>, "private_pem":
    /// <PKCS#8 PEM>, "keyset_value": <public key for the EdgeCacheKeyset>}`.
    #[pyfunction]
    fn generate_key<'py>(py) -> Bound<'py, PyDict> as "mediacdn.generate_key" {
        let g = crate::call!(py, "mediacdn.generate_key", 0, mc::SigningKey::generate)?;
        let d = PyDict::new(py);
        d.set_item("seed", g.seed_base64url().as_str())?;
        d.set_item("private_pem", g.private_pem().as_str())?;
        d.set_item("keyset_value", g.keyset_value())?;
        Ok(d)
    }
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "mediacdn",
        classes: SigningKey, PublicKey, HmacSecret, Signer, TokenSigner, Verifier, Verified, SignedUrl, SignedQuery, SignedCookie, SignedToken;
        functions: glob_matches, public_key_of, generate_key;
        constants: DEFAULT_TOKEN_PARAM = mc::DEFAULT_TOKEN_PARAM,
            DEFAULT_SHORT_LIFETIME = mc::DEFAULT_SHORT_LIFETIME,
            MAX_SHORT_LIFETIME = mc::MAX_SHORT_LIFETIME,
            MAX_GLOBS = mc::MAX_GLOBS,
            EDGE_CACHE_COOKIE = mc::EDGE_CACHE_COOKIE,
    }
}
