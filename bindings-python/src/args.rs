//! Argument converters for `#[pyo3(from_py_with = ...)]`: text and integer
//! arguments whose values cannot be converted fail with
//! `cdnsign.InvalidInputError` instead of Python's `UnicodeEncodeError`
//! (a `str` holding a lone surrogate, which has no UTF-8 form) or
//! `OverflowError` (an int out of the parameter's range). A value of the
//! wrong type is still `TypeError`. PyO3 notes which argument failed
//! ("while processing 'url'", shown from Python 3.11).

use std::borrow::Cow;

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyString};

const SURROGATE: &str =
    "contains a lone surrogate (a character such as '\\ud800' that has no UTF-8 form, \
     e.g. from bytes.decode(errors='surrogateescape')); pass valid text";

/// The UTF-8 of a `str` held in `field`; a lone surrogate is
/// `InvalidInputError` naming the field.
pub fn text_field<'a>(s: &'a Bound<'_, PyString>, field: &str) -> PyResult<Cow<'a, str>> {
    s.to_cow().map_err(|_| {
        crate::convert::core_err(
            s.py(),
            cdnsign::Error::new(
                cdnsign::ErrorCode::InvalidInput,
                format!("{field} {SURROGATE}"),
            ),
        )
    })
}

fn text_cow<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let s = obj.cast::<PyString>()?;
    s.to_cow().map_err(|_| {
        crate::convert::core_err(
            obj.py(),
            cdnsign::Error::new(
                cdnsign::ErrorCode::InvalidInput,
                format!("a text argument {SURROGATE}"),
            ),
        )
    })
}

/// A required `str` argument.
pub fn text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    text_cow(obj).map(Cow::into_owned)
}

/// An optional `str` argument (`None` → `None`).
pub fn opt_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if obj.is_none() {
        return Ok(None);
    }
    text(obj).map(Some)
}

/// An optional list of `str` (`None` → `None`).
pub fn opt_text_list(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<String>>> {
    if obj.is_none() {
        return Ok(None);
    }
    // the same TypeError as PyO3's Vec<String> for a str or a non-sequence
    let _: Vec<Bound<'_, PyAny>> = obj.extract()?;
    obj.try_iter()?
        .map(|x| text(&x?))
        .collect::<PyResult<_>>()
        .map(Some)
}

fn int<'py, T>(obj: &Bound<'py, PyAny>, range: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
    for<'a> <T as FromPyObject<'a, 'py>>::Error: Into<PyErr>,
{
    obj.extract::<T>().map_err(Into::into).map_err(|e| {
        if e.is_instance_of::<PyOverflowError>(obj.py()) && obj.is_instance_of::<PyInt>() {
            let mut shown = obj.to_string();
            if shown.len() > 40 {
                shown = format!("{}... ({} digits)", &shown[..20], shown.len());
            }
            crate::convert::core_err(
                obj.py(),
                cdnsign::Error::new(
                    cdnsign::ErrorCode::InvalidInput,
                    format!("an integer argument is out of range: {shown} (expected {range})"),
                ),
            )
        } else {
            e
        }
    })
}

/// An `int` in `0..=u32::MAX`.
pub fn u32_(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    int(obj, "0 to 4294967295")
}

/// An `int` in `0..=u64::MAX`.
pub fn u64_(obj: &Bound<'_, PyAny>) -> PyResult<u64> {
    int(obj, "0 to 18446744073709551615")
}

/// An `int` that fits in 64 signed bits.
pub fn i64_(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    int(obj, "-9223372036854775808 to 9223372036854775807")
}

/// An optional `int` that fits in 64 signed bits (`None` → `None`).
pub fn opt_i64(obj: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    if obj.is_none() {
        return Ok(None);
    }
    i64_(obj).map(Some)
}

/// An optional non-negative `int` (`None` → `None`).
pub fn opt_usize(obj: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    if obj.is_none() {
        return Ok(None);
    }
    int(obj, "0 or more").map(Some)
}
