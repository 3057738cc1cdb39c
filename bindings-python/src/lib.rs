//! `cdnsign._native`: the PyO3 extension behind the `cdnsign` Python package.
//!
//! Thin by design: each submodule converts Python values into the core's
//! types, calls `cdnsign` (releasing the GIL around RSA and Ed25519 work), and
//! converts results and errors back. Every entry point runs inside a panic
//! guard, so a bug surfaces as `cdnsign.InternalError`, never as PyO3's
//! `PanicException`. The Python package (`python/cdnsign/`) re-exports these
//! under their public module names and adds the idiomatic wrappers (errors,
//! the botocore shim, the Flask decorator).
#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod args;
mod cloudcdn;
mod cloudfront;
mod convert;
mod mediacdn;
mod stream;
mod webhook;

/// The library version (the workspace `Cargo.toml`, the single source of truth).
#[pyfunction]
fn version() -> &'static str {
    cdnsign::VERSION
}

/// Every error code from the core's one table, in its stable order:
/// `[(code, number, is_rejection, python_class), ...]`. `errors.py` is
/// checked against it by the test suite.
#[pyfunction]
fn error_codes() -> Vec<(&'static str, u32, bool, &'static str)> {
    cdnsign::ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str(), c.number(), c.is_rejection(), c.python_class()))
        .collect()
}

/// The operation registry (core `api::OPERATIONS`) as JSON, for the parity
/// test.
#[pyfunction]
fn _operations() -> String {
    cdnsign::api::records::to_json(&cdnsign::api::OPERATIONS)
}

/// Panics inside the guard: lets the tests prove a panic reaches Python as
/// `cdnsign.InternalError` rather than `PanicException`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, detached: bool) -> PyResult<()> {
    convert::py_guard(py, "_panic_for_tests", || {
        if detached {
            convert::detached(py, "_panic_for_tests", || -> cdnsign::Result<()> {
                panic!("deliberate panic (detached)")
            })
        } else {
            panic!("deliberate panic")
        }
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(_operations, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", cdnsign::VERSION)?;
    cloudfront::register(m)?;
    stream::register(m)?;
    webhook::register(m)?;
    mediacdn::register(m)?;
    cloudcdn::register(m)?;
    Ok(())
}
