//! JavaScript ↔ Rust conversions and the error mapping.
//!
//! Every exported function takes its arguments as `Unknown` values and
//! converts them here, so that a wrong type, a missing option or a time in
//! milliseconds is reported as `CDNSIGN_INVALID_INPUT` with a message naming
//! the option, exactly like the core's own input errors, instead of napi's
//! generic conversion errors.

use std::cell::RefCell;
use std::ptr;

use napi::bindgen_prelude::{
    AsyncTask, ClassInstance, Float64ArraySlice, Function, JsObjectValue, KeyCollectionMode,
    KeyConversion, KeyFilter, Object, Uint8ArraySlice,
};
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName};
use napi::{sys, Env, JsDate, JsValue, Status, Task, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::{inputs, Provider};
use cdnsign::cookie::{CookieAttributes, SameSite};
use cdnsign::ErrorCode;

/// An error on its way to JavaScript: the stable code, the message, and the
/// field (argument, option, token field) it concerns.
#[derive(Debug)]
pub struct BindError {
    code: ErrorCode,
    message: String,
    field: Option<String>,
}

impl BindError {
    /// The same error about `field` (a member inside it named by the message).
    pub fn in_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// The same error about item `field` of a batch (`urls[3]`): `field`
    /// becomes the error's field and leads its message.
    pub fn at(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self.prefixed(field)
    }

    /// The same error, its message starting with `where_: ` (the field kept).
    pub fn prefixed(mut self, where_: &str) -> Self {
        self.message = format!("{where_}: {}", self.message);
        self
    }
}

/// Shorthand for the conversion and export bodies' results.
pub type JsResult<T> = std::result::Result<T, BindError>;

impl From<cdnsign::Error> for BindError {
    fn from(err: cdnsign::Error) -> Self {
        BindError {
            code: err.code(),
            message: message_of(&err),
            field: err.field().map(str::to_owned),
        }
    }
}

/// `CDNSIGN_<UPPER_SNAKE>` for a core error code (`expired` → `CDNSIGN_EXPIRED`).
pub fn code_name(code: ErrorCode) -> String {
    format!("CDNSIGN_{}", code.as_str().to_ascii_uppercase())
}

/// The message a core error carries, as every surface reports it (the
/// field is `err.field`).
pub fn message_of(err: &cdnsign::Error) -> String {
    err.message().to_owned()
}

/// `CDNSIGN_INVALID_INPUT` raised by the binding itself (wrong JS type,
/// missing option), naming the argument or option.
pub fn input_err(field: &str, message: impl Into<String>) -> BindError {
    BindError {
        code: ErrorCode::InvalidInput,
        message: message.into(),
        field: Some(field.to_owned()),
    }
}

/// `CDNSIGN_INTERNAL`: a napi call failed, or a panic was caught.
pub fn internal_err(message: impl Into<String>) -> BindError {
    BindError {
        code: ErrorCode::Internal,
        message: message.into(),
        field: None,
    }
}

/// Converts napi's own failures (a throwing getter, a dead env) into ours.
pub fn napi_fail(err: napi::Error) -> BindError {
    internal_err(format!("napi: {}", err.reason))
}

/// Maps a core result.
pub fn core<T>(r: cdnsign::Result<T>) -> JsResult<T> {
    r.map_err(BindError::from)
}

/// Runs an export's body and turns its error into a JS `Error` with `code`
/// (and `field` when known). A panic becomes `CDNSIGN_INTERNAL` with the
/// core's wording (`cdnsign::Error::from_panic`; napi's own `catch_unwind`
/// attribute, kept on every export for the generated argument code, would
/// report it as `GenericFailure`).
pub fn run<T>(env: &Env, f: impl FnOnce() -> JsResult<T>) -> napi::Result<T> {
    guard("the Node binding", f).map_err(|e| to_js_error(env, e))
}

/// Runs `f` (an export's body, or work on the thread pool), turning a panic
/// into the core's `CDNSIGN_INTERNAL` error naming `what`.
pub fn guard<T>(what: &str, f: impl FnOnce() -> JsResult<T>) -> JsResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(cdnsign::Error::from_panic(what, payload.as_ref()).into()))
}

/// Work for the libuv thread pool, behind every `*Async` method: the
/// arguments were converted on the main thread, `work` runs on the pool
/// inside [`guard`], and its value (or error, with its `field`) settles the
/// promise on the main thread.
pub struct PoolTask<T> {
    what: &'static str,
    work: Option<Box<dyn FnOnce() -> JsResult<T> + Send>>,
}

impl<T: ToNapiValue + TypeName + Send + 'static> PoolTask<T> {
    /// A task for `AsyncTask::new`; `what` names the call in a panic's message.
    pub fn new(
        what: &'static str,
        work: impl FnOnce() -> JsResult<T> + Send + 'static,
    ) -> AsyncTask<Self> {
        AsyncTask::new(PoolTask {
            what,
            work: Some(Box::new(work)),
        })
    }
}

impl<T: ToNapiValue + TypeName + Send + 'static> Task for PoolTask<T> {
    type Output = JsResult<T>;
    type JsValue = T;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let work = self.work.take();
        Ok(guard(self.what, || match work {
            Some(work) => work(),
            None => Err(internal_err("a pool task ran twice")),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<T> {
        output.map_err(|e| to_js_error(&env, e))
    }
}

/// Builds the JS `Error` (own `code`, `field`) and wraps it so napi throws
/// (or rejects with) that very object.
pub fn to_js_error(env: &Env, err: BindError) -> napi::Error {
    let code = code_name(err.code);
    let build = || -> napi::Result<napi::Error> {
        let mut obj = env.create_error(napi::Error::new(
            Status::GenericFailure,
            err.message.clone(),
        ))?;
        obj.set_named_property("code", code.clone())?;
        if let Some(field) = &err.field {
            obj.set_named_property("field", field.clone())?;
        }
        Ok(napi::Error::from(obj.to_unknown()))
    };
    // If even that fails the env is tearing down; a plain error still carries the code.
    build().unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, err.message))
}

/// A JS value's type name for messages ("string", "number", "Date", "null", ...).
fn type_desc(v: &Unknown) -> String {
    match v.get_type() {
        Ok(ValueType::Object) => {
            if v.is_date().unwrap_or(false) {
                "Date".into()
            } else if v.is_array().unwrap_or(false) {
                "array".into()
            } else if v.is_buffer().unwrap_or(false) {
                "Buffer".into()
            } else {
                "object".into()
            }
        }
        Ok(t) => format!("{t}").to_lowercase(),
        Err(_) => "unknown".into(),
    }
}

/// `None` for `undefined` and `null`, the value otherwise.
pub fn present(v: Option<Unknown<'_>>) -> Option<Unknown<'_>> {
    let v = v?;
    match v.get_type() {
        Ok(ValueType::Undefined) | Ok(ValueType::Null) => None,
        _ => Some(v),
    }
}

/// A time: a `Date` or whole Unix seconds. Milliseconds (> 1e11) are refused
/// with a hint, as are fractions, NaN, negative numbers and invalid dates.
pub fn to_time(v: Unknown, field: &str) -> JsResult<i64> {
    let secs: f64 = match v.get_type().map_err(napi_fail)? {
        ValueType::Number => unsafe { v.cast() }.map_err(napi_fail)?,
        ValueType::Object if v.is_date().unwrap_or(false) => {
            let d: JsDate = unsafe { v.cast() }.map_err(napi_fail)?;
            let ms = d.value_of().map_err(napi_fail)?;
            if !ms.is_finite() {
                return Err(input_err(field, format!("{field} is an Invalid Date")));
            }
            (ms / 1000.0).floor()
        }
        _ => {
            return Err(input_err(
                field,
                format!(
                    "{field} must be a Date or Unix seconds (a number), got {}",
                    type_desc(&v)
                ),
            ))
        }
    };
    inputs::seconds_from_f64(
        field,
        secs,
        "a Date or Unix seconds",
        "Pass a Date or Math.floor(ms / 1000)",
    )
    .map_err(|message| input_err(field, message))
}

/// The UTF-8 of a JS string, refusing a lone UTF-16 surrogate: it has no
/// UTF-8 form, and napi would silently turn it into U+FFFD (so that two
/// different strings read as the same key, URL or secret). Only a string that
/// came out holding U+FFFD is read again as UTF-16 to tell the two apart.
fn well_formed(v: Unknown, field: &str) -> JsResult<String> {
    let s: String = unsafe { v.cast::<String>() }.map_err(napi_fail)?;
    if s.contains('\u{FFFD}') {
        let units: napi::bindgen_prelude::Utf16String = unsafe { v.cast() }.map_err(napi_fail)?;
        if char::decode_utf16(units.iter().copied()).any(|c| c.is_err()) {
            return Err(input_err(
                field,
                format!(
                    "{field} contains a lone UTF-16 surrogate (a \\ud800-\\udfff code unit without its pair), \
                     which has no UTF-8 form; pass well-formed text"
                ),
            ));
        }
    }
    Ok(s)
}

/// A string (no coercion).
pub fn to_string(v: Unknown, field: &str) -> JsResult<String> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::String => well_formed(v, field),
        _ => Err(input_err(
            field,
            format!("{field} must be a string, got {}", type_desc(&v)),
        )),
    }
}

/// One `napi_get_value_string_utf8` of `v` into `buf`: the status and the
/// bytes written. napi writes at most `buf.len() - 1` bytes plus a NUL,
/// never splitting a character; a string that did not fit is cut short.
#[inline]
fn utf8_into(v: &Unknown, buf: &mut [u8]) -> (napi::sys::napi_status, usize) {
    let raw = v.value();
    let mut written = 0usize;
    // SAFETY: `buf` is writable for `buf.len()` bytes, of which napi writes
    // at most all; `raw` is a live value of this env (an argument, or a key
    // array on the handle scope).
    let status = unsafe {
        napi::sys::napi_get_value_string_utf8(
            raw.env,
            raw.value,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut written,
        )
    };
    (status, written)
}

/// Calls `f` with a string argument (no coercion, as [`to_string`]). A
/// short string is read with one `napi_get_value_string_utf8` into a stack
/// buffer, where a `String` takes two calls and an allocation; longer text,
/// or text that came out holding U+FFFD (a lone surrogate, or a real U+FFFD),
/// takes the [`to_string`] path. For the short hot arguments (a webhook's
/// `Webhook-Signature` header).
pub fn with_str<T>(v: Unknown, field: &str, f: impl FnOnce(&str) -> JsResult<T>) -> JsResult<T> {
    const CAP: usize = 256;
    let mut buf = [0u8; CAP];
    let (status, written) = utf8_into(&v, &mut buf);
    // A character of up to 4 bytes that did not fit may have been left out:
    // only a string shorter than that margin is known to be whole.
    if status == napi::sys::Status::napi_ok && written + 4 < CAP {
        if let Ok(s) = std::str::from_utf8(&buf[..written]) {
            if !s.contains('\u{FFFD}') {
                return f(s);
            }
        }
    }
    f(&to_string(v, field)?)
}

/// An optional string: `None` for a missing, `undefined` or `null` argument.
pub fn opt_string(v: Option<Unknown>, field: &str) -> JsResult<Option<String>> {
    present(v).map(|v| to_string(v, field)).transpose()
}

/// A `[name, value]` pair of strings (`field` is the pair's place, `headers[2]`).
pub fn pair(v: Unknown, field: &str) -> JsResult<(String, String)> {
    match to_array(v, field)?.as_slice() {
        [name, value] => Ok((to_string(*name, field)?, to_string(*value, field)?)),
        _ => Err(input_err(
            field,
            format!("{field} must be a [name, value] pair"),
        )),
    }
}

/// Bytes from a `string` (UTF-8) or a `Buffer` / `Uint8Array`.
pub fn to_bytes(v: Unknown, field: &str) -> JsResult<Vec<u8>> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::String => Ok(well_formed(v, field)?.into_bytes()),
        ValueType::Object if v.is_typedarray().unwrap_or(false) => {
            match unsafe { v.cast::<Uint8ArraySlice>() } {
                Ok(slice) => Ok(slice.to_vec()),
                Err(_) => Err(input_err(
                    field,
                    format!(
                        "{field} must be a string, Buffer or Uint8Array, got another typed array"
                    ),
                )),
            }
        }
        _ => Err(input_err(
            field,
            format!(
                "{field} must be a string or a Buffer, got {}",
                type_desc(&v)
            ),
        )),
    }
}

/// Calls `f` on the bytes of a `string` (its UTF-8) or a `Buffer` /
/// `Uint8Array` (borrowed in place: a webhook body is hashed once, and
/// copying it first would be a visible share of the work).
pub fn with_bytes<T>(v: Unknown, field: &str, f: impl FnOnce(&[u8]) -> JsResult<T>) -> JsResult<T> {
    // `napi_get_typedarray_info` refuses anything but a typed array (and the
    // cast anything but a Uint8Array): no type checks before it.
    if let Ok(slice) = unsafe { v.cast::<Uint8ArraySlice>() } {
        return f(&slice);
    }
    f(&to_bytes(v, field)?)
}

/// Writes `values` into `out`, a `Float64Array` of at least that length
/// (the out-parameter `results.js` passes to methods whose result it builds
/// in JavaScript). Anything else there is a bug in `results.js`.
pub fn write_f64s(out: Unknown, values: &[f64]) -> JsResult<()> {
    let not_out = || internal_err("results.js passed no Float64Array out-parameter");
    let mut slice = unsafe { out.cast::<Float64ArraySlice>() }.map_err(|_| not_out())?;
    // SAFETY: this runs on the JavaScript thread that owns the array, inside
    // a synchronous call, so no JavaScript touches it while it is written.
    let dst = unsafe { slice.as_mut() };
    if dst.len() < values.len() {
        return Err(not_out());
    }
    dst[..values.len()].copy_from_slice(values);
    Ok(())
}

/// A boolean (no truthiness coercion).
pub fn to_bool(v: Unknown, field: &str) -> JsResult<bool> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::Boolean => unsafe { v.cast::<bool>() }.map_err(napi_fail),
        _ => Err(input_err(
            field,
            format!("{field} must be a boolean, got {}", type_desc(&v)),
        )),
    }
}

/// A whole number (seconds of a duration, a count).
pub fn to_int(v: Unknown, field: &str) -> JsResult<i64> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::Number => {
            let n: f64 = unsafe { v.cast() }.map_err(napi_fail)?;
            if !n.is_finite() || n.fract() != 0.0 || n.abs() > 9.0e15 {
                return Err(input_err(
                    field,
                    format!("{field}={n} must be a whole number"),
                ));
            }
            Ok(n as i64)
        }
        _ => Err(input_err(
            field,
            format!("{field} must be a number, got {}", type_desc(&v)),
        )),
    }
}

/// A plain object (not an array, not null).
pub fn to_object<'a>(v: Unknown<'a>, field: &str) -> JsResult<Object<'a>> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::Object if !v.is_array().unwrap_or(false) => {
            unsafe { v.cast::<Object>() }.map_err(napi_fail)
        }
        _ => Err(input_err(
            field,
            format!("{field} must be an object, got {}", type_desc(&v)),
        )),
    }
}

/// The elements of a JS array.
pub fn to_array<'a>(v: Unknown<'a>, field: &str) -> JsResult<Vec<Unknown<'a>>> {
    if v.get_type().map_err(napi_fail)? != ValueType::Object || !v.is_array().unwrap_or(false) {
        return Err(input_err(
            field,
            format!("{field} must be an array, got {}", type_desc(&v)),
        ));
    }
    let arr: napi::bindgen_prelude::Array = unsafe { v.cast() }.map_err(napi_fail)?;
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item: Option<Unknown> = arr.get(i).map_err(napi_fail)?;
        match item {
            Some(x) => out.push(x),
            None => return Err(input_err(field, format!("{field}[{i}] is missing"))),
        }
    }
    Ok(out)
}

/// A string or an array of strings.
pub fn to_strings(v: Unknown, field: &str) -> JsResult<Vec<String>> {
    if v.get_type().map_err(napi_fail)? == ValueType::String {
        return Ok(vec![to_string(v, field)?]);
    }
    to_array(v, field)?
        .into_iter()
        .enumerate()
        .map(|(i, x)| to_string(x, &format!("{field}[{i}]")))
        .collect()
}

/// Calls `f` with each own enumerable string key of `obj`, from one
/// `napi_get_all_property_names`. Own only: `Object.keys` semantics, so a
/// polluted `Object.prototype` (or any prototype) adds nothing. napi's own
/// `Object::keys` is `napi_get_property_names`, which walks the prototype
/// chain like `for...in`; it must not be used on caller objects.
fn for_each_own_key<'a>(
    obj: &Object<'a>,
    mut f: impl FnMut(Unknown<'a>) -> JsResult<()>,
) -> JsResult<()> {
    let names = obj
        .get_all_property_names(
            KeyCollectionMode::OwnOnly,
            KeyFilter::Enumerable,
            KeyConversion::NumbersToStrings,
        )
        .map_err(napi_fail)?;
    let len = names.get_array_length_unchecked().map_err(napi_fail)?;
    for i in 0..len {
        f(names.get_element(i).map_err(napi_fail)?)?;
    }
    Ok(())
}

/// The own enumerable string keys of an object (a record such as a key map
/// or headers) with their values.
pub fn entries<'a>(obj: &Object<'a>) -> JsResult<Vec<(String, Unknown<'a>)>> {
    let mut out = Vec::new();
    for_each_own_key(obj, |key| {
        if key.get_type().map_err(napi_fail)? != ValueType::String {
            return Ok(()); // symbol keys are not data
        }
        let k: String = unsafe { key.cast() }.map_err(napi_fail)?;
        // napi returns a key with a lone surrogate as U+FFFD, which names
        // another property (or none): refuse it rather than read the wrong one
        if k.contains('\u{FFFD}') && !obj.has_own_property(&k).map_err(napi_fail)? {
            return Err(input_err(
                "key",
                format!(
                    "the object key {k:?} contains a lone UTF-16 surrogate, which has no UTF-8 form; \
                     pass well-formed text"
                ),
            ));
        }
        let v: Unknown = obj.get_property(key).map_err(napi_fail)?;
        out.push((k, v));
        Ok(())
    })?;
    Ok(out)
}

/// The own enumerable string keys of an object, without their values.
pub fn own_keys(obj: &Object) -> JsResult<Vec<String>> {
    let mut out = Vec::new();
    for_each_own_key(obj, |key| {
        if key.get_type().map_err(napi_fail)? == ValueType::String {
            out.push(unsafe { key.cast::<String>() }.map_err(napi_fail)?);
        }
        Ok(())
    })?;
    Ok(out)
}

/// Most members an options type may have (`SignCookiesOptions` has 13).
const MAX_NAMES: usize = 16;
/// Longest member name; a longer key cannot be one.
const MAX_NAME_LEN: usize = 32;

/// The members an options object (or token claims, an access rule, a
/// request...) may have. A `static` per type, so reading one allocates
/// nothing for the names.
pub struct Shape {
    /// What the object is, in messages: "signUrl options", "token claims".
    pub what: &'static str,
    /// What one of its members is called in messages: "option", "claim".
    pub noun: &'static str,
    /// The member names, snake_case as a `ts_only!` struct declares them
    /// (`MEMBERS`) or already camelCase: JavaScript spells them camelCase
    /// ([`spelled_as`]).
    pub names: &'static [&'static str],
}

/// Whether `js` is `name` in JavaScript's spelling (`ip_range` is `ipRange`;
/// a name without `_` is itself), compared in place: options are read on
/// the benchmarked signing paths.
fn spelled_as(name: &str, js: &[u8]) -> bool {
    let mut rest = js.iter();
    let mut upper = false;
    for &b in name.as_bytes() {
        if b == b'_' {
            upper = true;
            continue;
        }
        let want = if upper { b.to_ascii_uppercase() } else { b };
        upper = false;
        if rest.next() != Some(&want) {
            return false;
        }
    }
    rest.next().is_none()
}

impl Shape {
    /// Checked when the `static` is evaluated (at compile time), so a table
    /// that does not fit `Opts` fails the build.
    pub const fn new(
        noun: &'static str,
        what: &'static str,
        names: &'static [&'static str],
    ) -> Shape {
        assert!(names.len() <= MAX_NAMES, "too many names for Opts");
        let mut i = 0;
        while i < names.len() {
            assert!(names[i].len() <= MAX_NAME_LEN, "name too long for Opts");
            i += 1;
        }
        Shape { what, noun, names }
    }

    /// An options object's shape (members called "option").
    pub const fn options(what: &'static str, names: &'static [&'static str]) -> Shape {
        Shape::new("option", what, names)
    }

    /// The member names as JavaScript spells them, for messages.
    pub fn js_names(&self) -> Vec<String> {
        self.names.iter().map(|n| inputs::camel_case(n)).collect()
    }

    fn position(&self, js: &[u8]) -> Option<usize> {
        self.names.iter().position(|n| spelled_as(n, js))
    }
}

/// The UTF-8 of a property key, into `buf` when it fits: `Ok(None)` for a
/// symbol key. One `napi_get_value_string_utf8` into the stack, where
/// converting to a `String` takes two calls and an allocation per key.
fn key_bytes<'b>(key: &Unknown, buf: &'b mut [u8; MAX_NAME_LEN + 2]) -> JsResult<Option<&'b [u8]>> {
    let (status, written) = utf8_into(key, buf);
    match status {
        napi::sys::Status::napi_ok => Ok(Some(&buf[..written.min(buf.len() - 1)])),
        napi::sys::Status::napi_string_expected => Ok(None),
        other => Err(internal_err(format!(
            "napi: reading a property name failed (status {other})"
        ))),
    }
}

/// `CDNSIGN_INVALID_INPUT` for a member `shape` does not have, naming the
/// closest one it does.
fn unknown_name(shape: &Shape, what: &str, key: &Unknown) -> BindError {
    let name: String = unsafe { key.cast() }.unwrap_or_default();
    let shown: String = name.chars().take(64).collect();
    input_err(
        &shown,
        inputs::unknown_name_message(
            shape.noun,
            &name,
            what,
            &shape
                .js_names()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
    )
}

/// Calls `f` with the index in `shape.names` of each own enumerable string
/// key of `obj`, and the key; the first key not in the table is refused.
fn scan_names<'a>(
    obj: &Object<'a>,
    shape: &Shape,
    what: &str,
    mut f: impl FnMut(usize, Unknown<'a>) -> JsResult<()>,
) -> JsResult<()> {
    for_each_own_key(obj, |key| {
        let mut buf = [0u8; MAX_NAME_LEN + 2];
        let Some(bytes) = key_bytes(&key, &mut buf)? else {
            return Ok(()); // symbol keys are not options
        };
        let index = if bytes.len() > MAX_NAME_LEN {
            None
        } else {
            shape.position(bytes)
        };
        match index {
            Some(i) => f(i, key),
            None => Err(unknown_name(shape, what, &key)),
        }
    })
}

/// Checks that every own enumerable string key of `v` (an object, or
/// `undefined`/`null` for none) is one of `shape.names`, without reading
/// the values: for the JavaScript helpers (compat, express), which then
/// copy the own properties themselves.
pub fn check_names(v: Option<Unknown>, shape: &'static Shape) -> JsResult<()> {
    match present(v) {
        None => Ok(()),
        Some(v) => scan_names(&to_object(v, shape.what)?, shape, shape.what, |_, _| Ok(())),
    }
}

/// An options object (or any object with a fixed set of members): read
/// with one own-property enumeration, every name checked against its
/// `Shape`. An unknown name is refused with the closest known one (a
/// misspelt `iprange` would otherwise sign a URL without its IP
/// restriction), and inherited properties are not read at all (an
/// `Object.create({ resource: 'https://*' })` or a polluted
/// `Object.prototype` must not widen a credential). `undefined`/`null`
/// behave as `{}`; getters return `None` for absent, `undefined` and `null`
/// members. One enumeration also costs less than a lookup per possible
/// name (bench/ANALYSIS.md).
pub struct Opts<'a> {
    shape: &'static Shape,
    /// By index into `shape.names`: the own value, if the object has one.
    values: [Option<Unknown<'a>>; MAX_NAMES],
}

impl<'a> Opts<'a> {
    /// Reads `v` as an object of `shape`.
    pub fn new(v: Option<Unknown<'a>>, shape: &'static Shape) -> JsResult<Self> {
        Self::named(v, shape, shape.what)
    }

    /// Like `new`, with `what` naming this object in messages instead of
    /// `shape.what` (one of several: `accessRules[2]`).
    pub fn named(v: Option<Unknown<'a>>, shape: &'static Shape, what: &str) -> JsResult<Self> {
        let mut opts = Opts {
            shape,
            values: [None; MAX_NAMES],
        };
        let Some(v) = present(v) else {
            return Ok(opts);
        };
        let obj = to_object(v, what)?;
        scan_names(&obj, shape, what, |index, key| {
            opts.values[index] = Some(obj.get_property(key).map_err(napi_fail)?);
            Ok(())
        })?;
        Ok(opts)
    }

    /// The same reader over values the caller already took out of the
    /// object, in `shape.names` order (results.js reads a token's claims in
    /// JavaScript, by the same rules, and passes them positionally), so
    /// only the conversions are left.
    pub fn positional(values: &[Unknown<'a>], shape: &'static Shape) -> JsResult<Self> {
        if values.len() != shape.names.len() {
            return Err(internal_err(format!(
                "{} values for the {} members of {}",
                values.len(),
                shape.names.len(),
                shape.what
            )));
        }
        let mut opts = Opts {
            shape,
            values: [None; MAX_NAMES],
        };
        for (slot, v) in opts.values.iter_mut().zip(values) {
            *slot = Some(*v);
        }
        Ok(opts)
    }

    /// The raw value of a member, if set.
    pub fn get(&self, name: &str) -> JsResult<Option<Unknown<'a>>> {
        match self.shape.position(name.as_bytes()) {
            Some(i) => Ok(present(self.values[i])),
            // a reader asking for a name its table lacks: a bug here, and
            // silently `None` would be the very hole this type closes
            None => Err(internal_err(format!(
                "{name} is read but not declared for {}",
                self.shape.what
            ))),
        }
    }

    fn required(&self, name: &str) -> JsResult<Unknown<'a>> {
        self.get(name)?
            .ok_or_else(|| input_err(name, format!("{name} is required ({})", self.shape.what)))
    }

    /// An optional time (`Date` or seconds).
    pub fn time(&self, name: &str) -> JsResult<Option<i64>> {
        self.get(name)?.map(|v| to_time(v, name)).transpose()
    }
    /// A required time.
    pub fn req_time(&self, name: &str) -> JsResult<i64> {
        to_time(self.required(name)?, name)
    }
    /// An optional string.
    pub fn string(&self, name: &str) -> JsResult<Option<String>> {
        self.get(name)?.map(|v| to_string(v, name)).transpose()
    }
    /// A required string.
    pub fn req_string(&self, name: &str) -> JsResult<String> {
        to_string(self.required(name)?, name)
    }
    /// Optional bytes (string or Buffer).
    pub fn bytes(&self, name: &str) -> JsResult<Option<Vec<u8>>> {
        self.get(name)?.map(|v| to_bytes(v, name)).transpose()
    }
    /// Required bytes (string or Buffer).
    pub fn req_bytes(&self, name: &str) -> JsResult<Vec<u8>> {
        to_bytes(self.required(name)?, name)
    }
    /// An optional boolean.
    pub fn bool(&self, name: &str) -> JsResult<Option<bool>> {
        self.get(name)?.map(|v| to_bool(v, name)).transpose()
    }
    /// An optional whole number.
    pub fn int(&self, name: &str) -> JsResult<Option<i64>> {
        self.get(name)?.map(|v| to_int(v, name)).transpose()
    }
    /// An optional string or array of strings.
    pub fn strings(&self, name: &str) -> JsResult<Option<Vec<String>>> {
        self.get(name)?.map(|v| to_strings(v, name)).transpose()
    }
}

/// The `Set-Cookie` attributes of a provider's cookie options (`domain`,
/// `path`, `secure`, `httpOnly`, `sameSite`, then CloudFront's
/// `cookieExpires` when `cookie_expires`, then `maxAge`), in that order.
pub fn cookie_attributes(o: &Opts, cookie_expires: bool) -> JsResult<CookieAttributes> {
    let default = CookieAttributes::default();
    Ok(CookieAttributes {
        domain: o.string("domain")?,
        path: o.string("path")?,
        secure: o.bool("secure")?.unwrap_or(default.secure),
        http_only: o.bool("httpOnly")?.unwrap_or(default.http_only),
        // The core's parser (any case): one message everywhere.
        same_site: o
            .string("sameSite")?
            .map(|s| core(SameSite::from_name(&s)))
            .transpose()?,
        expires: if cookie_expires {
            o.time("cookieExpires")?
        } else {
            None
        },
        max_age: o.int("maxAge")?,
    })
}

/// The current time for operations whose `now` option was omitted.
pub fn now_or(now: Option<i64>) -> i64 {
    now.unwrap_or_else(cdnsign::time::now_unix)
}

/// The two `JSON` functions the binding calls, by their index in
/// [`JSON_FNS`]: [`json_parse`] builds results with one, [`json_stringify`]
/// reads caller objects with the other.
const JSON_FNS: [&str; 2] = ["parse", "stringify"];
const PARSE: usize = 0;
const STRINGIFY: usize = 1;

thread_local! {
    /// [`JSON_FNS`] as the global `JSON` held them when the addon was
    /// installed ([`hold_json`]), per env of this thread: one env per JS
    /// thread in Node (the main thread, each worker), though an embedder may
    /// run more. An entry leaves with its env ([`forget_json`]); Node
    /// releases the references itself then.
    static HELD_JSON: RefCell<Vec<(sys::napi_env, [sys::napi_ref; 2])>> = const { RefCell::new(Vec::new()) };
}

/// Takes hold of this env's `JSON.parse` and `JSON.stringify`, so that a
/// program (or a library it loads) replacing them later (to parse big
/// integers, to log) cannot change what our results are made of or what a
/// key object reads as, nor see either. results.js calls it at install,
/// while the package loads; [`json_parse`] and [`json_stringify`] call it if
/// that has not happened.
pub fn hold_json(env: &Env) -> JsResult<[sys::napi_ref; 2]> {
    let held = HELD_JSON.with(|h| {
        h.borrow()
            .iter()
            .find(|(e, _)| *e == env.raw())
            .map(|(_, refs)| *refs)
    });
    if let Some(refs) = held {
        return Ok(refs);
    }
    let global = env.get_global().map_err(napi_fail)?;
    let json: Object = global
        .get_named_property_unchecked("JSON")
        .map_err(napi_fail)?;
    let mut refs = [ptr::null_mut(); 2];
    for (name, r) in JSON_FNS.iter().zip(&mut refs) {
        let f: Unknown = json.get_named_property_unchecked(name).map_err(napi_fail)?;
        if f.get_type().map_err(napi_fail)? != ValueType::Function {
            return Err(internal_err(format!("JSON.{name} is not a function")));
        }
        // SAFETY: `f` is a live value of `env`; `r` receives the reference.
        let status = unsafe { sys::napi_create_reference(env.raw(), f.raw(), 1, r) };
        if status != sys::Status::napi_ok {
            return Err(internal_err("napi_create_reference failed"));
        }
    }
    // Once per env (its entry was missing), as Node allows one hook per
    // function and argument.
    // SAFETY: the env is live; the hook reads its argument only as a key.
    let status =
        unsafe { sys::napi_add_env_cleanup_hook(env.raw(), Some(forget_json), env.raw().cast()) };
    if status != sys::Status::napi_ok {
        return Err(internal_err("napi_add_env_cleanup_hook failed"));
    }
    HELD_JSON.with(|h| h.borrow_mut().push((env.raw(), refs)));
    Ok(refs)
}

/// The env cleanup hook of [`hold_json`] (`env` is the torn-down env), run
/// on that env's thread: a later env at the same address must not find the
/// old references.
unsafe extern "C" fn forget_json(env: *mut std::ffi::c_void) {
    // `try_with`: during thread exit the list may already be gone.
    let _ = HELD_JSON.try_with(|h| h.borrow_mut().retain(|(e, _)| e.cast() != env));
}

/// The held `JSON.<JSON_FNS[index]>` of `env`.
fn held_json_fn<A, R>(env: &Env, index: usize) -> JsResult<Function<'_, A, R>>
where
    A: napi::bindgen_prelude::JsValuesTupleIntoVec,
    R: FromNapiValue,
{
    let r = hold_json(env)?[index];
    let mut value = ptr::null_mut();
    // SAFETY: `r` is a reference of this env (found or made above), held.
    let status = unsafe { sys::napi_get_reference_value(env.raw(), r, &mut value) };
    if status != sys::Status::napi_ok || value.is_null() {
        return Err(internal_err("a held JSON function was lost"));
    }
    // SAFETY: a live function value of `env` (its type was checked when held).
    unsafe { Function::from_napi_value(env.raw(), value) }.map_err(napi_fail)
}

/// `JSON.parse(text)`, as held (key order and numbers as JavaScript has
/// them; `__proto__` an own member, never the prototype).
pub fn json_parse<'a>(env: &'a Env, text: &str) -> JsResult<Unknown<'a>> {
    let parse: Function<String, Unknown> = held_json_fn(env, PARSE)?;
    parse.call(text.to_owned()).map_err(napi_fail)
}

/// A core result record (`cdnsign::api::records`) as a Node result: the one
/// converter from records to JavaScript, for every result off the
/// benchmarked paths (those build theirs in results.js or return strings).
/// Member names become camelCase (`signed_value` → `signedValue`), `null`
/// members are left out (the TypeScript types declare them optional), and
/// the members in [`VERBATIM`] keep their JSON as the record holds it. The
/// TypeScript shape is a `ts_record!` declaration, named by the export's
/// `ts_return_type`.
pub struct Record<R>(pub R);

impl<R> Record<R> {
    /// The record of a core result (`records::SignedUrl::from(&url)`).
    pub fn of<C>(core: &C) -> Self
    where
        R: for<'c> From<&'c C>,
    {
        Record(R::from(core))
    }
}

/// Record members whose values are JSON in another format's own spelling
/// (Cloudflare's access rules, a webhook's `meta` and `raw` body, explain's
/// fact labels): neither renamed nor pruned.
const VERBATIM: [&str; 4] = ["access_rules", "facts", "meta", "raw"];

/// A record's JSON with its members in the record's order (`serde_json::Value`
/// would sort them).
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
enum Tree {
    Object(indexmap::IndexMap<String, Tree>),
    Array(Vec<Tree>),
    Leaf(serde_json::Value),
}

impl Tree {
    /// The JavaScript shape: camelCase member names, `null` members left out.
    fn node_shape(self) -> Tree {
        match self {
            Tree::Object(members) => Tree::Object(
                members
                    .into_iter()
                    .filter(|(_, v)| !matches!(v, Tree::Leaf(serde_json::Value::Null)))
                    .map(|(k, v)| {
                        let v = if VERBATIM.contains(&k.as_str()) {
                            v
                        } else {
                            v.node_shape()
                        };
                        (inputs::camel_case(&k), v)
                    })
                    .collect(),
            ),
            Tree::Array(items) => Tree::Array(items.into_iter().map(Tree::node_shape).collect()),
            leaf => leaf,
        }
    }
}

/// `record` as a JavaScript object (see [`Record`]), through `JSON.parse`
/// so numbers are JavaScript's.
pub fn record_to_js<'a, R: serde::Serialize>(env: &'a Env, record: &R) -> JsResult<Unknown<'a>> {
    let fail = |e: serde_json::Error| internal_err(format!("result record: {e}"));
    let tree: Tree =
        serde_json::from_str(&serde_json::to_string(record).map_err(fail)?).map_err(fail)?;
    json_parse(
        env,
        &serde_json::to_string(&tree.node_shape()).map_err(fail)?,
    )
}

/// Sets member `name` of `obj`, an object this binding built (a member a
/// Node result adds to its record: explain's `text`).
pub fn set_member<V: ToNapiValue>(obj: Unknown, name: &str, value: V) -> JsResult<()> {
    let mut obj: Object = unsafe { obj.cast() }.map_err(napi_fail)?;
    obj.set_named_property(name, value).map_err(napi_fail)
}

impl<R: serde::Serialize> ToNapiValue for Record<R> {
    unsafe fn to_napi_value(
        raw_env: napi::sys::napi_env,
        val: Self,
    ) -> napi::Result<napi::sys::napi_value> {
        let env = Env::from_raw(raw_env);
        match record_to_js(&env, &val.0) {
            Ok(v) => Ok(v.raw()),
            Err(e) => Err(to_js_error(&env, e)),
        }
    }
}

impl<R> TypeName for Record<R> {
    fn type_name() -> &'static str {
        "Object"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// The options each provider's `explain` takes, in `Provider::ALL` order:
/// `now` for all, and the webhook form's `bodyLen`.
static EXPLAIN_OPTIONS: [Shape; 5] = [
    Shape::options("cloudfront.explain options", &["now"]),
    Shape::options("stream.explain options", &["now"]),
    Shape::options("webhook.explain options", &["now", "bodyLen"]),
    Shape::options("mediacdn.explain options", &["now"]),
    Shape::options("cloudcdn.explain options", &["now"]),
];

/// Every provider's `explain(input, options)`: reads `input` and the options
/// (`now`; the webhook form's `bodyLen`), decodes without a key
/// (`cdnsign::api::explain`), and returns the core's JSON view (`JSON.parse`
/// of its text: the same keys and values the CLI's `explain --json` prints
/// and Python's dict holds) plus `text`, its human-readable form; `null`
/// when the input is not this provider's credential. (The core's view is
/// always an object; were it not, it would sit under `data`, as Python does.)
pub fn explain<'a>(
    env: &'a Env,
    input: Unknown,
    options: Option<Unknown>,
    provider: Provider,
) -> napi::Result<Option<Unknown<'a>>> {
    run(env, || {
        let input = to_string(input, "input")?;
        let index = Provider::ALL.iter().position(|p| *p == provider);
        let shape = &EXPLAIN_OPTIONS[index.unwrap_or_default()];
        let opts = Opts::new(options, shape)?;
        let now = now_or(opts.time("now")?);
        // `bodyLen` is in the webhook form's options only (`EXPLAIN_OPTIONS`)
        let body_len = if provider == Provider::Webhook {
            opts.int("bodyLen")?
                .map(|n| {
                    usize::try_from(n).map_err(|_| {
                        input_err("bodyLen", format!("bodyLen={n} must be zero or more bytes"))
                    })
                })
                .transpose()?
        } else {
            None
        };
        let explanation = cdnsign::api::explain_with_body_len(provider, &input, now, body_len);
        let Some(e) = explanation else {
            return Ok(None);
        };
        // The one record converter: the core's member order, `facts` in
        // reading order, members the provider has no use for left out.
        let obj = record_to_js(env, &e)?;
        set_member(obj, "text", e.to_text())?;
        Ok(Some(obj))
    })
}

// Declaration for index.d.ts only; `explain` builds it from the core's JSON.
ts_record! {
    #[doc = " What `explain` returns for every provider (`cdnsign::api::Explanation`,"]
    #[doc = " its keys in camelCase, in its order; a member the provider has no use"]
    #[doc = " for is left out) plus `text`, the CLI's report."]
    Explanation = ExplanationJson {
        #[doc = " The CLI's text report."]
        pub text: String,
    }
}

/// `JSON.stringify(value)`: how a JS object (a key document, access rules)
/// reaches the core, whose parsers do the validation.
pub fn json_stringify(env: &Env, value: Unknown, field: &str) -> JsResult<String> {
    let stringify: Function<Unknown, Unknown> = held_json_fn(env, STRINGIFY)?;
    let out = stringify.call(value).map_err(|e| {
        input_err(
            field,
            format!("{field} cannot be serialised to JSON: {}", e.reason),
        )
    })?;
    to_string(out, field)
}

/// JSON text from a string, a Buffer (UTF-8) or a plain object/array (`JSON.stringify`).
pub fn to_json_text(env: &Env, v: Unknown, field: &str) -> JsResult<String> {
    match v.get_type().map_err(napi_fail)? {
        ValueType::String => to_string(v, field),
        ValueType::Object if v.is_typedarray().unwrap_or(false) => {
            String::from_utf8(to_bytes(v, field)?)
                .map_err(|_| input_err(field, format!("{field} is not UTF-8 text")))
        }
        ValueType::Object => json_stringify(env, v, field),
        _ => Err(input_err(
            field,
            format!(
                "{field} must be a string, a Buffer or an object, got {}",
                type_desc(&v)
            ),
        )),
    }
}

/// Refuses a class constructor called without `new` (`cloudcdn.Signer(options)`):
/// napi would wrap the native object into whatever `this` is, there the
/// namespace object. With `new`, `this` inherits from the class's prototype
/// (or a subclass's), whose `constructor` has the class name. (napi's own
/// `instance_of` cannot tell apart classes of one name in two namespaces.)
pub fn require_new(this: &Unknown, class: &str) -> JsResult<()> {
    let name = class.rsplit('.').next().unwrap_or(class);
    let refuse = || {
        input_err(
            "new",
            format!("{class} is a class: create it with `new {class}(...)`"),
        )
    };
    if this.get_type().map_err(napi_fail)? != ValueType::Object {
        return Err(refuse());
    }
    let mut obj: Object = unsafe { this.cast() }.map_err(napi_fail)?;
    for _ in 0..64 {
        let proto = obj.get_prototype().map_err(napi_fail)?;
        if proto.get_type().map_err(napi_fail)? != ValueType::Object {
            break;
        }
        let p: Object = unsafe { proto.cast() }.map_err(napi_fail)?;
        if p.has_own_property("constructor").map_err(napi_fail)? {
            let ctor: Unknown = p
                .get_named_property_unchecked("constructor")
                .map_err(napi_fail)?;
            if ctor.get_type().map_err(napi_fail)? == ValueType::Function {
                let f: Object = unsafe { ctor.cast() }.map_err(napi_fail)?;
                let n: Unknown = f.get_named_property_unchecked("name").map_err(napi_fail)?;
                if n.get_type().map_err(napi_fail)? == ValueType::String
                    && unsafe { n.cast::<String>() }.map_err(napi_fail)? == name
                {
                    return Ok(());
                }
            }
        }
        obj = p;
    }
    Err(refuse())
}

/// The instance of class `T` behind `v`, if it is one. napi's
/// `ClassInstance` conversion checks the class identity recorded at wrap
/// time, so another class's object (even one with the same JS name in
/// another namespace, where `instance_of` is unreliable) is refused, never
/// reinterpreted.
pub fn class_instance<'a, T: 'a + napi::bindgen_prelude::MaybeTypeTag>(
    v: Unknown<'a>,
) -> Option<ClassInstance<'a, T>> {
    if v.get_type().ok()? != ValueType::Object {
        return None;
    }
    unsafe { v.cast::<ClassInstance<'a, T>>() }.ok()
}
