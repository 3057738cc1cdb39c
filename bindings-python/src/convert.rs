//! Conversions between Python values and the core's types, error mapping, and
//! the panic boundary. Everything here is plumbing: no credential logic.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyFloat, PyInt, PyString, PyType};

use cdnsign::{Error, ErrorCode};

/// The Python exception for a core error: `cdnsign.errors._from_core` picks
/// the class for the code (`ExpiredError`, `SignatureMismatchError`, ...) and
/// sets `.code`, `.field` and `.message` on it.
pub fn core_err(py: Python<'_>, err: Error) -> PyErr {
    static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let make = || -> PyResult<PyErr> {
        let from_core = FROM_CORE.get_or_try_init(py, || {
            py.import("cdnsign.errors")?
                .getattr("_from_core")
                .map(Bound::unbind)
        })?;
        let value = from_core.bind(py).call1((
            err.code().as_str(),
            err.code().is_rejection(),
            err.message(),
            err.field(),
        ))?;
        Ok(PyErr::from_value(value))
    };
    // If even the error classes cannot be loaded, say so rather than hiding the error.
    make().unwrap_or_else(|e| e)
}

/// Runs a core call, turning a panic into an `internal` core error.
pub fn guard<T>(what: &str, f: impl FnOnce() -> cdnsign::Result<T>) -> cdnsign::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(panic_error(what, payload)),
    }
}

/// Runs a whole binding function: a panic anywhere in it becomes
/// `cdnsign.InternalError` (a `CdnSignError`), never PyO3's `PanicException`.
pub fn py_guard<T>(py: Python<'_>, what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(core_err(py, panic_error(what, payload))),
    }
}

/// `guard` with the GIL released (RSA and Ed25519 work, HMAC over large bodies).
pub fn detached<T: Send>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> cdnsign::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| guard(what, f)).map_err(|e| core_err(py, e))
}

/// The one call path of a registered operation: the panic guard, the GIL
/// kept or released as the operation's cost class says (core
/// `api::OPERATIONS`; `body_len` for those that hash a body), and the error
/// mapping. Use through [`call!`](crate::call), which looks the cost up at
/// compile time.
pub fn run_op<T: Send>(
    py: Python<'_>,
    cost: cdnsign::api::Cost,
    what: &str,
    body_len: usize,
    f: impl FnOnce() -> cdnsign::Result<T> + Send,
) -> PyResult<T> {
    if cost.leaves_thread(body_len) {
        detached(py, what, f)
    } else {
        attached(py, what, f)
    }
}

/// `call!(py, "provider.Object.method", body_len, || core call)`: a
/// registered operation through [`run_op`]. An unregistered name does not
/// compile.
#[macro_export]
macro_rules! call {
    ($py:expr, $op:literal, $len:expr, $f:expr) => {{
        const COST: cdnsign::api::Cost = cdnsign::api::cost_of($op);
        $crate::convert::run_op($py, COST, $op, $len, $f)
    }};
}

/// `guard` keeping the GIL (cheap calls).
pub fn attached<T>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> cdnsign::Result<T>,
) -> PyResult<T> {
    guard(what, f).map_err(|e| core_err(py, e))
}

fn panic_error(what: &str, payload: Box<dyn std::any::Any + Send>) -> Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    Error::new(
        ErrorCode::Internal,
        format!("internal error in {what} (a bug in cdnsign, please report it): {detail}"),
    )
}

/// A caller mistake on `field`, as `cdnsign.InvalidInputError`.
pub fn input_err(py: Python<'_>, field: &'static str, message: impl Into<String>) -> PyErr {
    core_err(py, Error::invalid_input(field, message))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

fn datetime_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATETIME.import(py, "datetime", "datetime")
}

fn date_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATE.import(py, "datetime", "date")
}

/// A time argument: `int` Unix seconds or an aware `datetime`. Refuses a
/// naive `datetime` (no timezone: which instant is it?), `bool` and `float`
/// (say `int(...)`), then applies the core's checks (negative, milliseconds).
pub fn unix_time(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<i64> {
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be int Unix seconds or an aware datetime, not bool"
        )));
    }
    if obj.is_instance_of::<PyInt>() {
        let v: i64 = obj.extract().map_err(|_| {
            input_err(
                py,
                field,
                format!("{field}={obj} is out of range for Unix seconds"),
            )
        })?;
        return cdnsign::time::check_unix_seconds(field, v).map_err(|e| core_err(py, e));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "{field}={obj} is a float; pass int Unix seconds (e.g. int(time.time()) + 300) or an aware datetime"
        )));
    }
    if obj.is_instance(datetime_class(py)?)? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(input_err(
                py,
                field,
                format!(
                    "{field} is a naive datetime ({obj}): attach a timezone, e.g. datetime.now(timezone.utc) or dt.replace(tzinfo=timezone.utc)"
                ),
            ));
        }
        let ts: f64 = obj.call_method0("timestamp")?.extract()?;
        let secs = ts.floor();
        if !(secs >= i64::MIN as f64 && secs <= i64::MAX as f64) {
            return Err(input_err(
                py,
                field,
                format!("{field}={obj} is out of range"),
            ));
        }
        return cdnsign::time::check_unix_seconds(field, secs as i64).map_err(|e| core_err(py, e));
    }
    if obj.is_instance(date_class(py)?)? {
        return Err(PyTypeError::new_err(format!(
            "{field} is a date without a time; pass an aware datetime or int Unix seconds"
        )));
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be int Unix seconds or an aware datetime, not {}",
        type_name(obj)
    )))
}

/// An optional time argument (`None` → `None`).
pub fn opt_time(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Option<i64>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => unix_time(o, field).map(Some),
    }
}

/// `now`: the given time, or the clock.
pub fn now_or(obj: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(opt_time(obj, "now")?.unwrap_or_else(cdnsign::time::now_unix))
}

/// Key material or a body: `str` (its UTF-8 bytes), `bytes` or `bytearray`.
pub fn bytes_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(crate::args::text_field(s, field)?.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// Calls `f` on the bytes of `obj` (`bytes` borrowed in place, `str` as its
/// UTF-8, `bytearray` copied since Python code may resize it meanwhile).
/// Bodies are hashed once, so copying them would be a large share of the work.
pub fn with_bytes<T>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    f: impl FnOnce(&[u8]) -> PyResult<T>,
) -> PyResult<T> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return f(b.as_bytes());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return f(crate::args::text_field(s, field)?.as_bytes());
    }
    f(&bytes_of(obj, field)?)
}

/// Text that may come as `str` or UTF-8 `bytes`.
pub fn text_of(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(crate::args::text_field(s, field)?.into_owned());
    }
    let raw = bytes_of(obj, field)?;
    String::from_utf8(raw)
        .map_err(|_| input_err(obj.py(), field, format!("{field} is not valid UTF-8")))
}

/// A JSON document given as a `dict`/`list` (serialised with `json.dumps`)
/// or as JSON text (`str`/`bytes`).
pub fn json_text(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    if obj.is_instance_of::<pyo3::types::PyDict>() || obj.is_instance_of::<pyo3::types::PyList>() {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let dumps = DUMPS.get_or_try_init(obj.py(), || {
            obj.py().import("json")?.getattr("dumps").map(Bound::unbind)
        })?;
        return dumps.bind(obj.py()).call1((obj,))?.extract();
    }
    text_of(obj, field)
}

/// Parses JSON text into Python objects (`json.loads`).
pub fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || {
        py.import("json")?.getattr("loads").map(Bound::unbind)
    })?;
    loads.bind(py).call1((text,))
}

/// An IP address argument.
pub fn ip_addr(py: Python<'_>, text: &str, field: &'static str) -> PyResult<std::net::IpAddr> {
    text.trim()
        .parse()
        .map_err(|_| input_err(py, field, format!("{field}={text:?} is not an IP address")))
}

/// An explanation as a dict: the core's JSON view plus `"text"` (its
/// human-readable form), or `None` when the input is not this kind of credential.
pub fn explanation<'py>(
    py: Python<'py>,
    found: Option<(serde_json::Value, String)>,
) -> PyResult<Option<Bound<'py, pyo3::types::PyDict>>> {
    let Some((json, text)) = found else {
        return Ok(None);
    };
    let d = match json_loads(py, &json.to_string())?.cast_into::<pyo3::types::PyDict>() {
        Ok(d) => d,
        Err(e) => {
            let d = pyo3::types::PyDict::new(py);
            d.set_item("data", e.into_inner())?;
            d
        }
    };
    d.set_item("text", text)?;
    Ok(Some(d))
}
