//! Python arguments into the core's inputs. The parameter types (`Text`,
//! `U32`, ...) make text and integers that cannot be converted fail with
//! `cdnsign.InvalidInputError` instead of Python's `UnicodeEncodeError` (a
//! `str` holding a lone surrogate, which has no UTF-8 form) or
//! `OverflowError` (an int out of the parameter's range). A value of the
//! wrong type is still `TypeError`. PyO3 notes which argument failed
//! ("while processing 'url'", shown from Python 3.11).

use std::borrow::Cow;

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyType};

use cdnsign::cookie::{CookieAttributes, SameSite};
use cdnsign::{Error, ErrorCode};

use crate::call::{core_err, input_err};

const SURROGATE: &str =
    "contains a lone surrogate (a character such as '\\ud800' that has no UTF-8 form, \
     e.g. from bytes.decode(errors='surrogateescape')); pass valid text";

/// The UTF-8 of a `str` held in `field`; a lone surrogate is
/// `InvalidInputError` naming the field.
pub fn text_field<'a>(s: &'a Bound<'_, PyString>, field: &str) -> PyResult<Cow<'a, str>> {
    s.to_cow().map_err(|_| {
        let message = format!("{field} {SURROGATE}");
        core_err(s.py(), Error::new(ErrorCode::InvalidInput, message))
    })
}

/// A required `str` argument.
pub fn text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    text_field(obj.cast::<PyString>()?, "a text argument").map(Cow::into_owned)
}

/// A Python object parameter (`&Bound<PyAny>`), converted in the body.
pub type Obj<'a, 'py> = &'a Bound<'py, PyAny>;
/// An optional one (`None` when not given).
pub type OptObj<'a, 'py> = Option<&'a Bound<'py, PyAny>>;

/// A `str` parameter ([`text`]): derefs to `str`, `.0` is the `String`.
pub struct Text(pub String);

impl FromPyObject<'_, '_> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        text(&obj).map(Text)
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

/// An optional argument given and not `None`.
pub fn given<'a, 'py>(obj: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.filter(|o| !o.is_none())
}

/// A `str` or a list of `str` (`field` names it in the `TypeError`).
pub fn str_list(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Ok(vec![text(obj)?]);
    }
    let err = || PyTypeError::new_err(format!("{field} must be a str or a list of str"));
    let iter = obj.try_iter().map_err(|_| err())?;
    iter.map(|x| match x? {
        x if x.is_instance_of::<PyString>() => text(&x),
        _ => Err(err()),
    })
    .collect()
}

fn int<'py, T>(obj: &Bound<'py, PyAny>, range: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
    for<'a> <T as FromPyObject<'a, 'py>>::Error: Into<PyErr>,
{
    obj.extract::<T>().map_err(Into::into).map_err(|e| {
        if !e.is_instance_of::<PyOverflowError>(obj.py()) || !obj.is_instance_of::<PyInt>() {
            return e;
        }
        let mut shown = obj.to_string();
        if shown.len() > 40 {
            shown = format!("{}... ({} digits)", &shown[..20], shown.len());
        }
        let message = format!("an integer argument is out of range: {shown} (expected {range})");
        core_err(obj.py(), Error::new(ErrorCode::InvalidInput, message))
    })
}

macro_rules! int_params {
    ($($(#[$doc:meta])* $name:ident($t:ty) $range:literal;)*) => {$(
        $(#[$doc])*
        pub struct $name(pub $t);

        impl FromPyObject<'_, '_> for $name {
            type Error = PyErr;

            fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
                int(&obj, $range).map($name)
            }
        }
    )*};
}

int_params! {
    /// An `int` parameter in `0..=u32::MAX`.
    U32(u32) "0 to 4294967295";
    /// An `int` parameter in `0..=u64::MAX`.
    U64(u64) "0 to 18446744073709551615";
    /// An `int` parameter that fits in 64 signed bits.
    I64(i64) "-9223372036854775808 to 9223372036854775807";
    /// A non-negative `int` parameter.
    Usize(usize) "0 or more";
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

fn datetime_classes(py: Python<'_>) -> PyResult<(&Bound<'_, PyType>, &Bound<'_, PyType>)> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    Ok((
        DATETIME.import(py, "datetime", "datetime")?,
        DATE.import(py, "datetime", "date")?,
    ))
}

/// A time argument: `int` Unix seconds or an aware `datetime`. Refuses a
/// naive `datetime` (no timezone: which instant is it?), `bool` and `float`
/// (say `int(...)`), then applies the core's checks (negative, milliseconds).
pub fn unix_time(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<i64> {
    let py = obj.py();
    let check = |v: i64| cdnsign::time::check_unix_seconds(field, v).map_err(|e| core_err(py, e));
    let out_of_range = || {
        input_err(
            py,
            field,
            format!("{field}={obj} is out of range for Unix seconds"),
        )
    };
    let message = if obj.is_instance_of::<PyBool>() {
        format!("{field} must be int Unix seconds or an aware datetime, not bool")
    } else if obj.is_instance_of::<PyInt>() {
        return check(obj.extract().map_err(|_| out_of_range())?);
    } else if obj.is_instance_of::<PyFloat>() {
        format!("{field}={obj} is a float; pass int Unix seconds (e.g. int(time.time()) + 300) or an aware datetime")
    } else if obj.is_instance(datetime_classes(py)?.0)? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(input_err(py, field, format!(
                "{field} is a naive datetime ({obj}): attach a timezone, e.g. datetime.now(timezone.utc) or dt.replace(tzinfo=timezone.utc)"
            )));
        }
        let secs = obj.call_method0("timestamp")?.extract::<f64>()?.floor();
        if !(secs >= i64::MIN as f64 && secs <= i64::MAX as f64) {
            return Err(out_of_range());
        }
        return check(secs as i64);
    } else if obj.is_instance(datetime_classes(py)?.1)? {
        format!("{field} is a date without a time; pass an aware datetime or int Unix seconds")
    } else {
        let name = type_name(obj);
        format!("{field} must be int Unix seconds or an aware datetime, not {name}")
    };
    Err(PyTypeError::new_err(message))
}

/// An optional time argument (`None` → `None`).
pub fn opt_time(obj: Option<&Bound<'_, PyAny>>, field: &'static str) -> PyResult<Option<i64>> {
    given(obj).map(|o| unix_time(o, field)).transpose()
}

/// The `Set-Cookie` attributes of signed cookies, every provider's:
/// `domain`, `path`, `secure`, `http_only`, then `same_site` (any case),
/// `cookie_expires` and `max_age`, checked in that order.
pub fn cookie_attributes(
    py: Python<'_>,
    (domain, path, secure, http_only): (Option<Text>, Option<Text>, bool, bool),
    (same_site, expires, max_age): (Option<Text>, OptObj, Option<I64>),
) -> PyResult<CookieAttributes> {
    let same_site = same_site.map(|s| SameSite::from_name(&s)).transpose();
    Ok(CookieAttributes {
        domain: domain.map(String::from),
        path: path.map(String::from),
        secure,
        http_only,
        same_site: same_site.map_err(|e| core_err(py, e))?,
        expires: opt_time(expires, "cookie_expires")?,
        max_age: max_age.map(|m| m.0),
    })
}

/// `now`: the given time, or the clock.
pub fn now_or(obj: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    Ok(opt_time(obj, "now")?.unwrap_or_else(cdnsign::time::now_unix))
}

/// Calls `f` on the bytes of `obj`: `str` as its UTF-8, `bytes` borrowed in
/// place, `bytearray` copied (Python code may resize it meanwhile). Bodies
/// are hashed once, so copying them would be a large share of the work.
pub fn with_bytes<T>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    f: impl FnOnce(&[u8]) -> PyResult<T>,
) -> PyResult<T> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return f(b.as_bytes());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return f(text_field(s, field)?.as_bytes());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return f(&b.to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// Key material or a body: `str` (its UTF-8 bytes), `bytes` or `bytearray`.
pub fn bytes_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<u8>> {
    with_bytes(obj, field, |b| Ok(b.to_vec()))
}

/// Text that may come as `str` or UTF-8 `bytes`.
pub fn text_of(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(text_field(s, field)?.into_owned());
    }
    String::from_utf8(bytes_of(obj, field)?)
        .map_err(|_| input_err(obj.py(), field, format!("{field} is not valid UTF-8")))
}

/// A key given as text (`str`) or raw bytes (`bytes`, `bytearray`): parsed
/// by `from_text` or `from_bytes`; anything else is a `TypeError` saying
/// what is expected (`expected`).
pub fn text_or_bytes<T>(
    obj: &Bound<'_, PyAny>,
    field: &'static str,
    expected: &str,
    from_text: impl FnOnce(&str) -> cdnsign::Result<T>,
    from_bytes: impl FnOnce(&[u8]) -> cdnsign::Result<T>,
) -> PyResult<T> {
    let py = obj.py();
    let parsed = if obj.is_instance_of::<PyString>() {
        from_text(&text_of(obj, field)?)
    } else if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        from_bytes(&bytes_of(obj, field)?)
    } else {
        let what = type_name(obj);
        return Err(PyTypeError::new_err(format!("{expected}, not {what}")));
    };
    parsed.map_err(|e| core_err(py, e))
}

/// A JSON document given as a `dict`/`list` (serialised with `json.dumps`)
/// or as JSON text (`str`/`bytes`).
pub fn json_text(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    if obj.is_instance_of::<PyDict>() || obj.is_instance_of::<PyList>() {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = obj.py();
        let dumps = DUMPS.get_or_try_init(py, || {
            py.import("json")?.getattr("dumps").map(Bound::unbind)
        })?;
        return dumps.bind(py).call1((obj,))?.extract();
    }
    text_of(obj, field)
}

/// `(key, value)` of a mapping (anything with `.items()`), keys as text;
/// anything else is a `TypeError` with `message`.
pub fn items<'py>(
    obj: &Bound<'py, PyAny>,
    message: &str,
) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let items = obj
        .call_method0("items")
        .map_err(|_| PyTypeError::new_err(message.to_owned()))?;
    items
        .try_iter()?
        .map(|item| {
            let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?.extract()?;
            Ok((text(&k)?, v))
        })
        .collect()
}

/// `{id: key}` of an optional mapping, each key through `parse`.
pub fn keyed<T>(
    map: OptObj,
    message: &str,
    parse: impl Fn(Obj) -> PyResult<T>,
) -> PyResult<Vec<(String, T)>> {
    let items = given(map).map(|m| items(m, message)).transpose()?;
    let items = items.unwrap_or_default().into_iter();
    items.map(|(id, key)| Ok((id, parse(&key)?))).collect()
}

/// `(name, value)` text pairs from a mapping or an iterable of pairs.
pub fn pairs(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<(String, String)>> {
    let err = || PyTypeError::new_err(format!("{field} must be a mapping or (name, value) pairs"));
    let iter = if obj.is_instance_of::<PyDict>() || obj.hasattr("items")? {
        obj.call_method0("items")?.try_iter()
    } else {
        obj.try_iter()
    };
    iter.map_err(|_| err())?
        .map(|x| {
            let pair: Vec<Bound<'_, PyAny>> = x?.extract().map_err(|_| err())?;
            match pair.as_slice() {
                [n, v] if n.is_instance_of::<PyString>() && v.is_instance_of::<PyString>() => {
                    Ok((text(n)?, text(v)?))
                }
                _ => Err(err()),
            }
        })
        .collect()
}
