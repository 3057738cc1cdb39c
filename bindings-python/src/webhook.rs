//! `cdnsign.webhook`: Cloudflare Stream webhook signatures (`cdnsign::webhook`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use cdnsign::webhook as wh;

use std::borrow::Cow;

use crate::convert::{bytes_of, json_loads, now_or, py_guard, unix_time, with_bytes};

/// The typed view of a webhook body (`Verifier.verify` / `parse_event`).
#[pyclass(frozen, get_all, name = "Event", module = "cdnsign.webhook")]
pub struct Event {
    /// `uid`: the video.
    uid: String,
    /// `readyToStream`.
    ready_to_stream: Option<bool>,
    /// `status.state` as sent (`pendingupload`, `downloading`, `queued`,
    /// `inprogress`, `ready`, `error`, `live-inprogress`, or unknown text).
    state: Option<String>,
    /// Whether `state` is one of the documented states.
    state_known: bool,
    /// `"ready"`, `"failed"` (state `error`) or `"processing"` (anything else).
    lifecycle: &'static str,
    /// `status.pctComplete` as a number (Stream sends a string).
    pct_complete: Option<f64>,
    /// `status.pctComplete` as sent, when it is a string.
    pct_complete_raw: Option<String>,
    /// `status.errorReasonCode` (or `errReasonCode`), when not empty.
    error_reason_code: Option<String>,
    /// `status.errorReasonText` (or `errReasonText`), when not empty.
    error_reason_text: Option<String>,
    /// `meta`.
    meta: Py<PyAny>,
    /// `created` (RFC 3339 text).
    created: Option<String>,
    /// `modified` (RFC 3339 text).
    modified: Option<String>,
    /// `duration`, seconds (`-1` = unknown).
    duration: Option<f64>,
    /// The whole body as `json.loads` returns it.
    raw: Py<PyAny>,
    /// The header's `time` (Unix seconds); `None` from `parse_event`.
    time: Option<i64>,
    /// `now - time`: positive when sent in the past; `None` from `parse_event`.
    age: Option<i64>,
    /// Which secret matched (index in the order given); `None` from `parse_event`.
    secret_index: Option<usize>,
}

#[pymethods]
impl Event {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.webhook.Event uid={:?} state={:?} lifecycle={:?}>",
            self.uid,
            self.state.as_deref().unwrap_or(""),
            self.lifecycle
        )
    }
}

fn event(py: Python<'_>, e: wh::Event, v: Option<wh::Verified>) -> PyResult<Event> {
    let to_py = |value: &serde_json::Value| -> PyResult<Py<PyAny>> {
        Ok(json_loads(py, &value.to_string())?.unbind())
    };
    Ok(Event {
        lifecycle: e.lifecycle().as_str(),
        state_known: e.state.as_ref().is_some_and(|s| s.is_known()),
        state: e.state.as_ref().map(|s| s.as_str().to_owned()),
        meta: match &e.meta {
            Some(m) => to_py(m)?,
            None => py.None(),
        },
        raw: to_py(&e.raw)?,
        uid: e.uid,
        ready_to_stream: e.ready_to_stream,
        pct_complete: e.pct_complete,
        pct_complete_raw: e.pct_complete_raw,
        error_reason_code: e.error_reason_code,
        error_reason_text: e.error_reason_text,
        created: e.created,
        modified: e.modified,
        duration: e.duration,
        time: v.map(|v| v.time),
        age: v.map(|v| v.age),
        secret_index: v.map(|v| v.secret_index),
    })
}

/// A delivery whose signature verified (`Verifier.verify_signature`).
#[pyclass(frozen, get_all, name = "Verified", module = "cdnsign.webhook")]
pub struct Verified {
    /// The header's `time` (Unix seconds).
    time: i64,
    /// `now - time`: positive when sent in the past.
    age: i64,
    /// Which secret matched (index in the order given).
    secret_index: usize,
}

#[pymethods]
impl Verified {
    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.webhook.Verified time={} age={} secret_index={}>",
            self.time, self.age, self.secret_index
        )
    }
}

fn header_of<'a>(header: Option<&'a Bound<'_, PyAny>>) -> PyResult<Option<Cow<'a, str>>> {
    match header {
        None => Ok(None),
        Some(h) if h.is_none() => Ok(None),
        Some(h) => {
            if let Ok(s) = h.cast::<PyString>() {
                return Ok(Some(crate::args::text_field(s, "header")?));
            }
            let raw = bytes_of(h, "header")?;
            // Header values are ASCII on the wire; anything else cannot verify.
            Ok(Some(Cow::Owned(String::from_utf8_lossy(&raw).into_owned())))
        }
    }
}

/// Verifies `Webhook-Signature` headers against one or more secrets (during a
/// rotation both the old and the new one), on the raw body bytes.
#[pyclass(frozen, name = "Verifier", module = "cdnsign.webhook")]
pub struct Verifier {
    inner: wh::Verifier,
}

#[pymethods]
impl Verifier {
    /// `secrets`: one secret or a list (`str` as Cloudflare returned it, used as
    /// its UTF-8 bytes, or `bytes`). `tolerance`: seconds a timestamp may be in
    /// the past or the future (default 300). `ignore_timestamp=True` skips the
    /// time check (replaying stored events only; the signature is still checked).
    #[new]
    #[pyo3(signature = (secrets, *, tolerance=300, ignore_timestamp=false))]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = crate::args::u64_)] tolerance: u64,
        ignore_timestamp: bool,
    ) -> PyResult<Self> {
        py_guard(py, "webhook.Verifier", || {
            let list: Vec<Vec<u8>> = if secrets.is_instance_of::<PyString>()
                || secrets.is_instance_of::<PyBytes>()
                || secrets.is_instance_of::<PyByteArray>()
            {
                vec![bytes_of(secrets, "secrets")?]
            } else {
                let iter = secrets.try_iter().map_err(|_| {
                    PyTypeError::new_err("secrets must be a str, bytes, or a list of them")
                })?;
                iter.map(|s| bytes_of(&s?, "secrets"))
                    .collect::<PyResult<_>>()?
            };
            let mut inner =
                crate::convert::attached(py, "webhook.Verifier", || wh::Verifier::new(&list))?
                    .with_tolerance(tolerance);
            if ignore_timestamp {
                inner = inner.ignore_timestamp();
            }
            Ok(Verifier { inner })
        })
    }

    /// The tolerance in seconds, or `None` when timestamps are ignored.
    #[getter]
    fn tolerance(&self) -> Option<u64> {
        match self.inner.tolerance() {
            wh::Tolerance::Seconds(s) => Some(s),
            wh::Tolerance::Ignore => None,
        }
    }

    /// Checks `header` (the `Webhook-Signature` value; `None` when the request
    /// had none) against the raw `body`, then parses the body into an `Event`.
    /// Raises `MissingCredentialError`, `MalformedError`,
    /// `SignatureMismatchError`, `TimestampTooOldError` or `TimestampInFutureError`.
    #[pyo3(signature = (header, body, *, now=None))]
    fn verify_event(
        &self,
        py: Python<'_>,
        header: Option<&Bound<'_, PyAny>>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Event> {
        py_guard(py, "webhook.Verifier.verify_event", || {
            let header = header_of(header)?;
            let now = now_or(now)?;
            let (v, e) = with_bytes(body, "body", |body| {
                crate::call!(py, "webhook.Verifier.verify_event", body.len(), || {
                    self.inner.verify_event(header.as_deref(), body, now)
                })
            })?;
            event(py, e, Some(v))
        })
    }

    /// Checks the signature only (no body parsing); `verify_event` also
    /// parses the body. Raises as `verify_event` does.
    #[pyo3(signature = (header, body, *, now=None))]
    fn verify(
        &self,
        py: Python<'_>,
        header: Option<&Bound<'_, PyAny>>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        py_guard(py, "webhook.Verifier.verify", || {
            let header = header_of(header)?;
            let now = now_or(now)?;
            let v = with_bytes(body, "body", |body| {
                crate::call!(py, "webhook.Verifier.verify", body.len(), || {
                    self.inner.verify(header.as_deref(), body, now)
                })
            })?;
            Ok(Verified {
                time: v.time,
                age: v.age,
                secret_index: v.secret_index,
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cdnsign.webhook.Verifier tolerance={:?}>",
            self.tolerance()
        )
    }
}

/// The header Stream would send for `body` at `time`:
/// `time=<unix>,sig1=<hex HMAC-SHA256>`. For tests and replays to your own endpoint.
#[pyfunction]
#[pyo3(signature = (secret, body, *, time=None))]
fn sign(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    time: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    py_guard(py, "webhook.sign", || {
        let secret = bytes_of(secret, "secret")?;
        let body = bytes_of(body, "body")?;
        let time = match time {
            Some(t) if !t.is_none() => unix_time(t, "time")?,
            _ => cdnsign::time::now_unix(),
        };
        crate::call!(py, "webhook.sign", body.len(), || wh::sign(
            &secret, &body, time
        ))
    })
}

/// Parses a webhook body into the typed event without checking a signature:
/// use `Verifier.verify_event` for requests.
#[pyfunction]
fn parse_event(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Event> {
    py_guard(py, "webhook.parse_event", || {
        let body = bytes_of(body, "body")?;
        let e = crate::call!(py, "webhook.parse_event", 0, || wh::Event::parse(&body))?;
        event(py, e, None)
    })
}

/// Decodes a credential without a key and says what the CDN would check and
/// why it might answer 403: a dict (the core's explanation, plus `"text"`),
/// or `None` when `input` is not this kind of credential.
#[pyfunction]
#[pyo3(signature = (input, *, now=None, body_len=None))]
fn explain<'py>(
    py: Python<'py>,
    #[pyo3(from_py_with = crate::args::text)] input: String,
    now: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = crate::args::opt_usize)] body_len: Option<usize>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    py_guard(py, "explain", || {
        let now = crate::convert::now_or(now)?;
        let input = input.to_owned();
        let found = crate::convert::attached(py, "explain", || {
            Ok(wh::explain(&input, now, body_len).map(|e| (e.to_json(), e.to_text())))
        })?;
        crate::convert::explanation(py, found)
    })
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "webhook")?;
    m.add_class::<Verifier>()?;
    m.add_class::<Verified>()?;
    m.add_class::<Event>()?;
    m.add_function(wrap_pyfunction!(sign, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_event, &m)?)?;
    m.add("HEADER_NAME", wh::HEADER_NAME)?;
    m.add("DEFAULT_TOLERANCE", wh::DEFAULT_TOLERANCE)?;
    m.add_function(wrap_pyfunction!(explain, &m)?)?;
    parent.add_submodule(&m)
}
