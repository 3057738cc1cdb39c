//! `cdnsign.webhook`: Cloudflare Stream webhook signatures (`cdnsign::webhook`).

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use cdnsign::webhook as wh;

use crate::args::{bytes_of, given, now_or, opt_time, text_field, with_bytes, Obj, OptObj, U64};
use crate::call::{attached, py_guard};

crate::records::record_class! {
    /// The typed view of a webhook body (`Verifier.verify_event` / `parse_event`).
    "cdnsign.webhook" Event from WebhookEvent, repr(uid, state, lifecycle)
    extra {
        time: Option<i64> = "The header's `time` (Unix seconds); `None` from `parse_event`.",
        age: Option<i64> = "`now - time`: positive when sent in the past; `None` from `parse_event`.",
        secret_index: Option<usize> = "Which secret matched (index in the order given); `None` from `parse_event`.",
    }
}

crate::records::record_class! {
    /// A delivery whose signature verified (`Verifier.verify`).
    "cdnsign.webhook" Verified from WebhookVerified, repr(time, age, secret_index)
}

fn header_of<'a>(header: Option<&'a Bound<'_, PyAny>>) -> PyResult<Option<Cow<'a, str>>> {
    let Some(h) = given(header) else {
        return Ok(None);
    };
    if let Ok(s) = h.cast::<PyString>() {
        return Ok(Some(text_field(s, "header")?));
    }
    // Header values are ASCII on the wire; anything else cannot verify.
    let raw = bytes_of(h, "header")?;
    Ok(Some(Cow::Owned(String::from_utf8_lossy(&raw).into_owned())))
}

impl Verifier {
    /// `verify` and `verify_event`: the header and the body's bytes through
    /// `check`, at the registered cost of hashing the body.
    fn check<T: Send>(
        &self,
        py: Python<'_>,
        what: &str,
        (header, body, now): (OptObj, Obj, OptObj),
        check: impl FnOnce(&wh::Verifier, Option<&str>, &[u8], i64) -> cdnsign::Result<T> + Send,
    ) -> PyResult<T> {
        py_guard(py, what, || {
            let (header, now) = (header_of(header)?, now_or(now)?);
            with_bytes(body, "body", |body| {
                crate::call!(py, "webhook.Verifier.verify" => what, body.len(), || {
                    check(&self.inner, header.as_deref(), body, now)
                })
            })
        })
    }
}

/// Verifies `Webhook-Signature` headers against one or more secrets (during a
/// rotation both the old and the new one), on the raw body bytes.
#[pyclass(frozen, module = "cdnsign.webhook")]
pub struct Verifier {
    inner: wh::Verifier,
}

crate::call::pymethods!(Verifier {
    /// `secrets`: one secret or a list (`str` as Cloudflare returned it, used as
    /// its UTF-8 bytes, or `bytes`). `tolerance`: seconds a timestamp may be in
    /// the past or the future (default 300). `ignore_timestamp=True` skips the
    /// time check (replaying stored events only; the signature is still checked).
    #[new]
    #[pyo3(signature = (secrets, *, tolerance=U64(300), ignore_timestamp=false), text_signature = "(secrets, *, tolerance=300, ignore_timestamp=False)")]
    fn new(py, secrets: Obj, tolerance: U64, ignore_timestamp: bool) -> Self as "webhook.Verifier" {
        let list: Vec<Vec<u8>> = if secrets.is_instance_of::<PyString>()
            || secrets.is_instance_of::<PyBytes>()
            || secrets.is_instance_of::<PyByteArray>()
        {
            vec![bytes_of(secrets, "secrets")?]
        } else {
            let message = "secrets must be a str, bytes, or a list of them";
            let iter = secrets
                .try_iter()
                .map_err(|_| PyTypeError::new_err(message))?;
            iter.map(|s| bytes_of(&s?, "secrets"))
                .collect::<PyResult<_>>()?
        };
        let inner = attached(py, "webhook.Verifier", || wh::Verifier::new(&list))?;
        let mut inner = inner.with_tolerance(tolerance.0);
        if ignore_timestamp {
            inner = inner.ignore_timestamp();
        }
        Ok(Verifier { inner })
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
        header: OptObj,
        body: Obj,
        now: OptObj,
    ) -> PyResult<Event> {
        let what = "webhook.Verifier.verify_event";
        let (v, e) = self.check(py, what, (header, body, now), wh::Verifier::verify_event)?;
        let (time, age, index) = (Some(v.time), Some(v.age), Some(v.secret_index));
        Event::from_record(py, (&e).into(), time, age, index)
    }

    /// Checks the signature only (no body parsing); `verify_event` also
    /// parses the body. Raises as `verify_event` does.
    #[pyo3(signature = (header, body, *, now=None))]
    fn verify(&self, py: Python<'_>, header: OptObj, body: Obj, now: OptObj) -> PyResult<Verified> {
        let v = self.check(
            py,
            "webhook.Verifier.verify",
            (header, body, now),
            wh::Verifier::verify,
        )?;
        Verified::from_record(py, (&v).into())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::records::repr(slf.as_any(), &["tolerance"])
    }
});

crate::call::pyfunctions! {
    /// The header Stream would send for `body` at `time`:
    /// `time=<unix>,sig1=<hex HMAC-SHA256>`. For tests and replays to your own endpoint.
    #[pyfunction]
    #[pyo3(signature = (secret, body, *, time=None))]
    fn sign(py, secret: Obj, body: Obj, time: OptObj) -> String as "webhook.sign" {
        let secret = bytes_of(secret, "secret")?;
        let body = bytes_of(body, "body")?;
        let time = opt_time(time, "time")?.unwrap_or_else(cdnsign::time::now_unix);
        crate::call!(py, "webhook.sign", body.len(), || wh::sign(
            &secret, &body, time
        ))
    }

    /// Parses a webhook body into the typed event without checking a signature:
    /// use `Verifier.verify_event` for requests.
    #[pyfunction]
    fn parse_event(py, body: Obj) -> Event as "webhook.parse_event" {
        let body = bytes_of(body, "body")?;
        let e = crate::call!(py, "webhook.parse_event", 0, || wh::Event::parse(&body))?;
        Event::from_record(py, (&e).into(), None, None, None)
    }
}

pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    submodule! {
        parent, "webhook",
        classes: Verifier, Verified, Event;
        functions: sign, parse_event;
        constants: HEADER_NAME = wh::HEADER_NAME,
            DEFAULT_TOLERANCE = wh::DEFAULT_TOLERANCE,
    }
}
