//! Signed HLS and DASH manifests (`cdnsign::manifest`): the bodies of
//! `Signer.sign_manifest` (CloudFront, Cloud CDN), `TokenSigner.sign_manifest`
//! (Media CDN) and `Verifier.check_manifest` (all three), and their result
//! classes. `bytes` in gives `bytes` out, `str` in gives `str` out.

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use cdnsign::api::{records, Cost};
use cdnsign::manifest::{CheckReport, SignOptions, SignedManifest as CoreSigned};

use crate::args::{bytes_of, now_or, unix_time, Obj, OptObj};
use crate::call::{py_guard, run_op};
use crate::records::to_py;

/// The cost of a registered manifest operation, looked up at compile time.
macro_rules! cost {
    ($op:literal) => {{
        const COST: cdnsign::api::Cost = cdnsign::api::cost_of($op);
        COST
    }};
}
pub(crate) use cost;

/// `#[pymethods] impl $class { ... }`: the methods given, and with `sign
/// "op"` the `sign_manifest` of a signer (`self.inner.sign_manifest(bytes,
/// options)`), with `check "op"` the `check_manifest` of a verifier
/// (`self.inner.check_manifest(bytes, url, now)`). One text for every
/// provider's class (Media CDN's `TokenSigner`, whose `sign_manifest` also
/// takes `path_globs`, writes its own). Through [`call::pymethods!`], so the
/// methods given may be declared in its guarded form.
///
/// [`call::pymethods!`]: crate::call::pymethods
macro_rules! pymethods {
    (sign $op:literal, $class:ident { $($methods:tt)* }) => {
        $crate::call::pymethods!($class {
            /// Signs every reference of an HLS playlist or DASH MPD (`str` or
            /// `bytes`; the result's `.manifest` is the same type) with one
            /// credential covering `prefix` (default: the manifest's folder).
            #[pyo3(signature = (manifest, *, url, expires, prefix=None, absolute=false))]
            #[allow(clippy::too_many_arguments)]
            fn sign_manifest(&self, py: pyo3::Python<'_>, manifest: $crate::args::Obj, url: $crate::args::Text,
                expires: $crate::args::Obj, prefix: Option<$crate::args::Text>, absolute: bool,
            ) -> pyo3::PyResult<$crate::manifest::SignedManifest> {
                let cost = $crate::manifest::cost!($op);
                let prefix = prefix.map(String::from);
                $crate::manifest::sign(py, $op, cost, manifest, &url, expires, prefix, absolute, |m, o| {
                    self.inner.sign_manifest(m, o)
                })
            }

            $($methods)*
        });
    };
    (check $op:literal, $class:ident { $($methods:tt)* }) => {
        $crate::call::pymethods!($class {
            /// Checks the credential every reference of a signed manifest would
            /// send at `now` (default: the clock), reference by reference.
            #[pyo3(signature = (manifest, *, url, now=None))]
            fn check_manifest(&self, py: pyo3::Python<'_>, manifest: $crate::args::Obj, url: $crate::args::Text,
                now: $crate::args::OptObj,
            ) -> pyo3::PyResult<$crate::manifest::ManifestCheck> {
                let cost = $crate::manifest::cost!($op);
                $crate::manifest::check(py, $op, cost, manifest, now, |m, now| {
                    self.inner.check_manifest(m, &url, now)
                })
            }

            $($methods)*
        });
    };
    ($class:ident { $($methods:tt)* }) => {
        $crate::call::pymethods!($class { $($methods)* });
    };
}
pub(crate) use pymethods;

/// The manifest's bytes and whether it came as `str`.
fn input(manifest: Obj) -> PyResult<(Vec<u8>, bool)> {
    let is_str = manifest.is_instance_of::<PyString>();
    if !is_str && !manifest.is_instance_of::<PyBytes>() && !manifest.is_instance_of::<PyByteArray>()
    {
        let ty = manifest.get_type().name()?;
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "manifest must be str or bytes, not {ty}"
        )));
    }
    Ok((bytes_of(manifest, "manifest")?, is_str))
}

/// A signed manifest: the manifest (the type it was given as), the coverage,
/// the credential and every rewritten reference. It holds the core's result
/// and makes the Python objects on first access: as Python objects (or even
/// as the core's record), a 10,000-segment playlist's references cost
/// several times its signing, and most callers only read `.manifest`.
#[pyclass(frozen, module = "cdnsign.manifest")]
pub struct SignedManifest {
    signed: CoreSigned,
    /// The input came as `str`, so `.manifest` is `str`.
    is_str: bool,
    manifest: OnceLock<Py<PyAny>>,
    references: OnceLock<Py<PyAny>>,
}

/// The value of `cell`, made by `make` on first access.
fn once(
    py: Python<'_>,
    cell: &OnceLock<Py<PyAny>>,
    make: impl FnOnce() -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    if let Some(v) = cell.get() {
        return Ok(v.clone_ref(py));
    }
    let v = make()?;
    Ok(cell.get_or_init(|| v).clone_ref(py))
}

#[pymethods]
impl SignedManifest {
    /// The signed manifest: `str` when the input was `str`, else `bytes`.
    #[getter]
    fn manifest(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        py_guard(py, "manifest.SignedManifest.manifest", || {
            once(py, &self.manifest, || {
                let bytes = &self.signed.manifest;
                Ok(match self.signed.text() {
                    Some(text) if self.is_str => PyString::new(py, text).into_any().unbind(),
                    _ if self.is_str => PyString::new(py, &String::from_utf8_lossy(bytes))
                        .into_any()
                        .unbind(),
                    _ => PyBytes::new(py, bytes).into_any().unbind(),
                })
            })
        })
    }

    /// `hls` or `dash`.
    #[getter]
    fn format(&self) -> &'static str {
        self.signed.format.as_str()
    }

    /// The URL prefix the one credential covers.
    #[getter]
    fn coverage(&self) -> &str {
        &self.signed.coverage
    }

    /// The credential appended to every reference (query parameters).
    #[getter]
    fn credential(&self) -> &str {
        &self.signed.credential
    }

    /// Every rewritten reference:
    /// `[{"line", "kind", "original", "rewritten", "url"}]`.
    #[getter]
    fn references(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        py_guard(py, "manifest.SignedManifest.references", || {
            once(py, &self.references, || {
                let references = records::ManifestReference::all(&self.signed);
                let json = serde_json::to_value(&references).unwrap_or_default();
                Ok(to_py(py, &json)?.unbind())
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.manifest.SignedManifest format={:?} coverage={:?} references={}>",
            self.format(),
            self.signed.coverage,
            self.signed.references.len()
        )
    }
}

/// The check of a signed manifest, reference by reference.
#[pyclass(frozen, module = "cdnsign.manifest")]
pub struct ManifestCheck {
    /// True when every reference passes.
    #[pyo3(get)]
    ok: bool,
    /// `hls` or `dash`.
    #[pyo3(get)]
    format: String,
    /// References checked.
    #[pyo3(get)]
    checked: usize,
    /// References failing.
    #[pyo3(get)]
    failed: usize,
    /// `[{"line", "kind", "reference", "url", "ok"}]`, a failing line adding
    /// `"code"`, `"message"` and `"explain"`.
    #[pyo3(get)]
    lines: Py<PyAny>,
    text: String,
}

#[pymethods]
impl ManifestCheck {
    /// One line per reference, the failures with the provider's explain text.
    fn to_text(&self) -> String {
        self.text.clone()
    }

    fn __bool__(&self) -> bool {
        self.ok
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.manifest.ManifestCheck ok={} checked={} failed={}>",
            if self.ok { "True" } else { "False" },
            self.checked,
            self.failed
        )
    }
}

/// `Signer.sign_manifest` of every provider: the options, the core call
/// `sign` through the operation's cost class, the result in the input's type.
#[allow(clippy::too_many_arguments)]
pub fn sign(
    py: Python<'_>,
    what: &'static str,
    cost: Cost,
    manifest: Obj,
    url: &str,
    expires: Obj,
    prefix: Option<String>,
    absolute: bool,
    sign: impl FnOnce(&[u8], &SignOptions) -> cdnsign::Result<CoreSigned> + Send,
) -> PyResult<SignedManifest> {
    py_guard(py, what, || {
        let (bytes, is_str) = input(manifest)?;
        let mut options = SignOptions::new(url, unix_time(expires, "expires")?).absolute(absolute);
        if let Some(p) = prefix {
            options = options.prefix(p);
        }
        let signed = run_op(py, cost, what, bytes.len(), || sign(&bytes, &options))?;
        Ok(SignedManifest {
            signed,
            is_str,
            manifest: OnceLock::new(),
            references: OnceLock::new(),
        })
    })
}

/// `Verifier.check_manifest` of every provider.
pub fn check(
    py: Python<'_>,
    what: &'static str,
    cost: Cost,
    manifest: Obj,
    now: OptObj,
    check: impl FnOnce(&[u8], i64) -> cdnsign::Result<CheckReport> + Send,
) -> PyResult<ManifestCheck> {
    py_guard(py, what, || {
        let (bytes, _) = input(manifest)?;
        let now = now_or(now)?;
        let report = run_op(py, cost, what, bytes.len(), || check(&bytes, now))?;
        let record = records::ManifestCheck::from(&report);
        let json = serde_json::to_value(&record.lines).unwrap_or_default();
        Ok(ManifestCheck {
            ok: record.ok,
            format: record.format,
            checked: record.checked,
            failed: record.failed,
            lines: to_py(py, &json)?.unbind(),
            text: report.to_text(),
        })
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "manifest",
        classes: SignedManifest, ManifestCheck;
        functions: ;
        constants: MAX_MANIFEST_LEN = cdnsign::manifest::MAX_MANIFEST_LEN,
    }
}
