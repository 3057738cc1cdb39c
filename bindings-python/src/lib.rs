//! `cdnsign._native`: the PyO3 extension behind the `cdnsign` Python package.
//!
//! Thin by design: `args` turns Python arguments into the core's inputs,
//! `call` runs a registered operation (panic guard, the GIL kept or released
//! as the registry's cost class says, errors mapped to `cdnsign` exceptions)
//! and `records` turns the core's result records into Python objects; the
//! provider modules only declare the Python classes. Every entry point runs
//! inside a panic guard, so a bug surfaces as `cdnsign.InternalError`, never
//! as PyO3's `PanicException`. The Python package (`python/cdnsign/`)
//! re-exports these under their public module names and adds the idiomatic
//! wrappers (`explain`, errors, the botocore shim, the Flask decorator).
#![forbid(unsafe_code)]

use pyo3::prelude::*;

/// `cdnsign._native.<name>`: its classes, functions and constants.
macro_rules! submodule {
    ($parent:ident, $name:literal, classes: $($class:ty),*; functions: $($f:ident),*;
     constants: $($k:ident = $v:expr),* $(,)?) => {{
        let m = PyModule::new($parent.py(), $name)?;
        $(m.add_class::<$class>()?;)*
        $(m.add_function(wrap_pyfunction!($f, &m)?)?;)*
        $(m.add(stringify!($k), $v)?;)*
        $parent.add_submodule(&m)
    }};
}

/// A frozen key class of `$module` holding the core's key `inner`, built by
/// `$parse(py, $arg)` (which also takes an instance of the class itself).
macro_rules! key_class {
    ($(#[$doc:meta])* $module:literal $name:ident($arg:ident) -> $inner:ty = $parse:expr;
     { $($methods:tt)* }) => {
        $(#[$doc])*
        #[pyclass(frozen, module = $module)]
        pub struct $name {
            inner: $inner,
        }

        #[pymethods]
        impl $name {
            #[new]
            fn new(py: Python<'_>, $arg: Obj) -> PyResult<Self> {
                let what = concat!($module, ".", stringify!($name));
                py_guard(py, what, || Ok($name { inner: ($parse)(py, $arg)? }))
            }

            $($methods)*
        }
    };
}

// first: its macros are used by every module below
#[macro_use]
mod records;
mod args;
mod call;
mod cloudcdn;
mod cloudfront;
mod google;
mod manifest;
mod mediacdn;
mod stream;
mod webhook;

use cdnsign::api::Provider;

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

/// The operation registry (core `api::OPERATIONS`) with each operation's
/// name on every surface, as JSON, for the parity test.
#[pyfunction]
fn _operations() -> String {
    let ops: Vec<_> = cdnsign::api::OPERATIONS.iter().map(|o| o.names()).collect();
    cdnsign::api::records::to_json(&ops)
}

call::pyfunctions! {
    /// Panics inside the guard `pyfunctions!` writes (the one every method and
    /// function declared in its guarded form runs in): lets the tests prove a
    /// panic reaches Python as `cdnsign.InternalError` rather than
    /// `PanicException`.
    #[pyfunction]
    fn _panic_for_tests(py, detached: bool) -> () as "_panic_for_tests" {
        if detached {
            call::detached(py, "_panic_for_tests", || -> cdnsign::Result<()> {
                panic!("deliberate panic (detached)")
            })
        } else {
            panic!("deliberate panic")
        }
    }

    /// `explain` of every provider (`cdnsign.<provider>.explain` calls it):
    /// decodes `input` as a `provider` credential without any key and says what
    /// the CDN would check and why it might refuse it. The core's explanation as
    /// a dict plus `"text"`, or `None` when `input` is not that kind of
    /// credential. `body_len` (webhooks) is the length of the body received.
    #[pyfunction]
    #[pyo3(signature = (provider, input, now=None, body_len=None))]
    fn explain<'py>(py, provider: args::Text, input: args::Text, now: args::OptObj,
        body_len: Option<args::Usize>,
    ) -> Option<Bound<'py, pyo3::types::PyDict>> as "explain" {
        let now = args::now_or(now)?;
        let p = Provider::from_name(&provider)
            .ok_or_else(|| call::input_err(py, "provider", format!("no provider {provider:?}")))?;
        // Every provider's explain is registered as cheap: it runs in place.
        let found = call::attached(py, "explain", || {
            Ok(cdnsign::api::explain_with_body_len(
                p,
                &input,
                now,
                body_len.map(|n| n.0),
            ))
        })?;
        records::explanation(py, found)
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(_operations, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add("__version__", cdnsign::VERSION)?;
    cloudfront::register(m)?;
    stream::register(m)?;
    webhook::register(m)?;
    mediacdn::register(m)?;
    cloudcdn::register(m)?;
    manifest::register(m)?;
    Ok(())
}
