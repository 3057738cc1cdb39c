//! The one call path: the panic guard, the GIL kept or released as the
//! operation's cost class says (core `api::OPERATIONS`), and the mapping of
//! core errors to `cdnsign` exceptions. Imports nothing else of the binding.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use cdnsign::Error;

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

/// A caller mistake on `field`, as `cdnsign.InvalidInputError`.
pub fn input_err(py: Python<'_>, field: &'static str, message: impl Into<String>) -> PyErr {
    core_err(py, Error::invalid_input(field, message))
}

/// Runs a core call, turning a panic into an `internal` core error.
fn guard<T>(what: &str, f: impl FnOnce() -> cdnsign::Result<T>) -> cdnsign::Result<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::from_panic(what, payload.as_ref())))
}

/// Runs a whole binding function: a panic anywhere in it becomes
/// `cdnsign.InternalError` (a `CdnSignError`), never PyO3's `PanicException`.
pub fn py_guard<T>(py: Python<'_>, what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(core_err(py, Error::from_panic(what, payload.as_ref()))))
}

/// `guard` with the GIL released (RSA and Ed25519 work, HMAC over large bodies).
pub fn detached<T: Send>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> cdnsign::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| guard(what, f)).map_err(|e| core_err(py, e))
}

/// `guard` keeping the GIL (cheap calls: parsing keys and options).
pub fn attached<T>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> cdnsign::Result<T>,
) -> PyResult<T> {
    guard(what, f).map_err(|e| core_err(py, e))
}

/// A registered operation: [`detached`] or [`attached`] as its cost class
/// says for `body_len` input bytes. Use through [`call!`](crate::call), which
/// looks the cost up at compile time.
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
/// compile. `call!(py, "op" => "what", ...)` runs an unregistered method
/// `what` at the cost of the registered operation `op` it shares its work with.
#[macro_export]
macro_rules! call {
    ($py:expr, $op:expr => $what:expr, $len:expr, $f:expr) => {{
        const COST: cdnsign::api::Cost = cdnsign::api::cost_of($op);
        $crate::call::run_op($py, COST, $what, $len, $f)
    }};
    ($py:expr, $op:expr, $len:expr, $f:expr) => {
        $crate::call!($py, $op => $op, $len, $f)
    };
}

/// `#[pymethods] impl $class { … }` for the items given, where a method
/// written with a bare `py` and `as "what"`,
///
/// ```text
/// fn verify(&self, py, url: Text, now: OptObj) -> Verified as "x.Verifier.verify" { body }
/// ```
///
/// (or without the receiver: `#[new]`, static methods) is the method taking
/// `py: Python<'_>` and returning `PyResult<Verified>`, its body run inside
/// [`py_guard`] named `what`: the panic guard cannot be forgotten and is not
/// restated. `fn name<'py>(…)` takes `Python<'py>`, for results that live in
/// it (`Bound<'py, PyAny>`). Every other item is kept as written. `self` and
/// `py` are spelled in the declaration because the body uses them (names the
/// macro made up would be hidden from it).
macro_rules! pymethods {
    ($class:ident { $($items:tt)* }) => {
        $crate::call::pymethods!(@munch [impl $class] [] $($items)*);
    };
    (@munch [impl $class:ident] [$($done:tt)*]) => {
        #[pyo3::pymethods]
        impl $class {
            $($done)*
        }
    };
    (@munch [fns] [$($done:tt)*]) => {
        $($done)*
    };
    (@munch $w:tt [$($done:tt)*]
        $(#[$m:meta])*
        fn $name:ident $(<$l:lifetime>)?(&$s:ident, $py:ident $(, $p:ident: $t:ty)* $(,)?)
            -> $ret:ty as $what:literal $body:block
        $($rest:tt)*
    ) => {
        $crate::call::pymethods!(@munch $w [$($done)*
            $(#[$m])*
            fn $name $(<$l>)?(&$s, $py: pyo3::Python$(<$l>)? $(, $p: $t)*) -> pyo3::PyResult<$ret> {
                $crate::call::py_guard($py, $what, || $body)
            }
        ] $($rest)*);
    };
    (@munch $w:tt [$($done:tt)*]
        $(#[$m:meta])*
        fn $name:ident $(<$l:lifetime>)?($py:ident $(, $p:ident: $t:ty)* $(,)?)
            -> $ret:ty as $what:literal $body:block
        $($rest:tt)*
    ) => {
        $crate::call::pymethods!(@munch $w [$($done)*
            $(#[$m])*
            fn $name $(<$l>)?($py: pyo3::Python$(<$l>)? $(, $p: $t)*) -> pyo3::PyResult<$ret> {
                $crate::call::py_guard($py, $what, || $body)
            }
        ] $($rest)*);
    };
    (@munch $w:tt [$($done:tt)*]
        $(#[$m:meta])* fn $name:ident $(<$l:lifetime>)? ($($args:tt)*) $(-> $ret:ty)? $body:block
        $($rest:tt)*
    ) => {
        $crate::call::pymethods!(@munch $w [$($done)*
            $(#[$m])* fn $name $(<$l>)? ($($args)*) $(-> $ret)? $body
        ] $($rest)*);
    };
}

/// Module-level functions (`#[pyfunction]`s) declared as [`pymethods!`]
/// declares methods: `fn name(py, a: A) -> T as "what" { body }`.
macro_rules! pyfunctions {
    ($($items:tt)*) => {
        $crate::call::pymethods!(@munch [fns] [] $($items)*);
    };
}
pub(crate) use {pyfunctions, pymethods};
