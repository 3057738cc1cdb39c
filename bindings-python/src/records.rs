//! The core's result records (`cdnsign::api::records`, `api::Explanation`)
//! into Python objects: one converter from their JSON values, and
//! [`record_class!`] for the result classes whose
//! attributes are a record's fields.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde_json::Value;

/// A JSON value as Python objects, as `json.loads` would give it.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let items = items.iter().map(|v| to_py(py, v));
            PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, v) in map {
                d.set_item(k, to_py(py, v)?)?;
            }
            d.into_any()
        }
    })
}

/// `explain`'s result: the explanation's JSON view as a dict (facts in
/// reading order) plus `"text"`, its report for a terminal; `None` when the
/// input was not that kind of credential.
pub fn explanation(
    py: Python<'_>,
    found: Option<cdnsign::api::Explanation>,
) -> PyResult<Option<Bound<'_, PyDict>>> {
    let Some(e) = found else {
        return Ok(None);
    };
    let d = to_py(py, &e.to_json())?.cast_into::<PyDict>()?;
    let facts = PyDict::new(py);
    for (label, value) in &e.facts {
        facts.set_item(label, value)?;
    }
    d.set_item("facts", facts)?;
    d.set_item("text", e.to_text())?;
    Ok(Some(d))
}

/// `<module.Class field=repr(value) ...>` from the object's own attributes.
pub fn repr(obj: &Bound<'_, PyAny>, fields: &[&str]) -> PyResult<String> {
    let ty = obj.get_type();
    let mut out = format!("<{}.{}", ty.module()?, ty.name()?);
    for field in fields {
        out.push_str(&format!(" {field}={}", obj.getattr(*field)?.repr()?));
    }
    out.push('>');
    Ok(out)
}

/// A record field's type as a Python attribute, and the conversion of its
/// value: most move as they are; JSON held verbatim (`meta`, `raw`) becomes
/// what `json.loads` gives, and a nested record becomes its Python class.
pub trait PyField {
    type Py;
    fn into_field(self, py: Python<'_>) -> PyResult<Self::Py>;
}

macro_rules! as_is {
    ($($t:ty),*) => {$(
        impl PyField for $t {
            type Py = $t;
            fn into_field(self, _: Python<'_>) -> PyResult<$t> {
                Ok(self)
            }
        }
    )*};
}
as_is!(String, i64, bool, usize, f64);

impl<T: PyField> PyField for Option<T> {
    type Py = Option<T::Py>;
    fn into_field(self, py: Python<'_>) -> PyResult<Self::Py> {
        self.map(|v| v.into_field(py)).transpose()
    }
}

impl PyField for Value {
    type Py = Py<PyAny>;
    fn into_field(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(to_py(py, &self)?.unbind())
    }
}

impl PyField for cdnsign::api::records::SignedCookie {
    type Py = Py<crate::google::SignedCookie>;
    fn into_field(self, py: Python<'_>) -> PyResult<Self::Py> {
        Py::new(py, crate::google::SignedCookie::from_record(py, self)?)
    }
}

/// A frozen result class whose read-only attributes are the fields of a core
/// record (`cdnsign::record_fields!`), in the record's names, types (as
/// [`PyField`] maps them) and docs: `Class::from_record(py, record, extra...)`
/// moves them over (the `extra` fields, not in the record, are arguments).
/// `__repr__` shows the fields named in `repr(...)`; `methods { ... }` adds
/// to the `#[pymethods]` block.
macro_rules! record_class {
    (
        $(#[$doc:meta])*
        $module:literal $name:ident from $record:ident, repr($($shown:ident),*)
        $(extra { $($extra:ident: $xty:ty = $xdoc:literal,)* })?
        $(methods { $($methods:tt)* })?
    ) => {
        cdnsign::record_fields!($record, record_class_fields,
            [$(#[$doc])*] $module $name, $record, [$($shown),*]
            [$($($extra: $xty = $xdoc,)*)?] [$($($methods)*)?]);
    };
}
pub(crate) use record_class;

/// [`record_class!`]'s callback, with the record's fields.
macro_rules! record_class_fields {
    (
        [$($doc:tt)*] $module:literal $name:ident, $record:ident, [$($shown:ident),*]
        [$($extra:ident: $xty:ty = $xdoc:literal,)*] [$($methods:tt)*]
        { $( $(#[doc = $fdoc:literal])* $field:ident: $ty:ty $(as $ts:literal)?, )* }
    ) => {
        $($doc)*
        #[pyo3::pyclass(frozen, get_all, module = $module)]
        pub struct $name {
            $($(#[doc = $fdoc])* $field: <$ty as $crate::records::PyField>::Py,)*
            $(#[doc = $xdoc] $extra: $xty,)*
        }

        impl $name {
            #[allow(clippy::too_many_arguments)]
            pub fn from_record(
                py: pyo3::Python<'_>,
                r: cdnsign::api::records::$record,
                $($extra: $xty,)*
            ) -> pyo3::PyResult<Self> {
                use $crate::records::PyField;
                Ok($name {
                    $($field: r.$field.into_field(py)?,)*
                    $($extra,)*
                })
            }
        }

        #[pyo3::pymethods]
        impl $name {
            fn __repr__(slf: &pyo3::Bound<'_, Self>) -> pyo3::PyResult<String> {
                $crate::records::repr(slf.as_any(), &[$(stringify!($shown)),*])
            }
            $($methods)*
        }
    };
}
