//! Signed HLS and DASH manifests (`cdnsign::manifest`): the bodies of
//! `Signer.sign_manifest` (CloudFront, Cloud CDN), `TokenSigner.sign_manifest`
//! (Media CDN) and `Verifier.check_manifest` (all three), and their result
//! classes. `bytes` in gives `bytes` out, `str` in gives `str` out.

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
/// the credential and every rewritten reference.
#[pyclass(frozen, module = "cdnsign.manifest")]
pub struct SignedManifest {
    /// The signed manifest: `str` when the input was `str`, else `bytes`.
    #[pyo3(get)]
    manifest: Py<PyAny>,
    /// `hls` or `dash`.
    #[pyo3(get)]
    format: String,
    /// The URL prefix the one credential covers.
    #[pyo3(get)]
    coverage: String,
    /// The credential appended to every reference (query parameters).
    #[pyo3(get)]
    credential: String,
    refs: Vec<records::ManifestReference>,
    // Made on first access: as Python objects, a 10,000-segment playlist's
    // references cost ten times its signing, and most callers never read them.
    references: std::sync::OnceLock<Py<PyAny>>,
}

#[pymethods]
impl SignedManifest {
    /// Every rewritten reference:
    /// `[{"line", "kind", "original", "rewritten", "url"}]`.
    #[getter]
    fn references(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(r) = self.references.get() {
            return Ok(r.clone_ref(py));
        }
        let json = serde_json::to_value(&self.refs).unwrap_or_default();
        let list = to_py(py, &json)?.unbind();
        Ok(self.references.get_or_init(|| list).clone_ref(py))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let s = slf.get();
        let n = s.refs.len();
        Ok(format!(
            "<cdnsign.manifest.SignedManifest format={:?} coverage={:?} references={n}>",
            s.format, s.coverage
        ))
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
        let record = records::SignedManifestRecord::from(&signed);
        let out = if is_str {
            PyString::new(py, &record.manifest).into_any().unbind()
        } else {
            PyBytes::new(py, &signed.manifest).into_any().unbind()
        };
        Ok(SignedManifest {
            manifest: out,
            format: record.format,
            coverage: record.coverage,
            credential: record.credential,
            refs: record.references,
            references: std::sync::OnceLock::new(),
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
