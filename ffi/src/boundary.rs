//! The boundary: panic containment, the thread-local last error, and the
//! conversions of C arguments and results. Every exported function goes
//! through [`ffi_boundary`] (fallible functions, mostly by way of the body
//! helpers [`ffi_out`], [`ffi_opt_out`] and [`ffi_out_and_opt`]) or
//! [`ffi_infallible`] (destructors and static-string getters).

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::status::cdnsign_status;

/// Why a call failed: the status and the human message for
/// `cdnsign_last_error_message`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: cdnsign_status,
    pub(crate) message: String,
    pub(crate) field: Option<&'static str>,
}

impl Failure {
    pub(crate) fn new(status: cdnsign_status, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
            field: None,
        }
    }

    fn with_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}

impl From<cdnsign::Error> for Failure {
    fn from(err: cdnsign::Error) -> Self {
        // The core's message as every surface reports it; the field and the
        // status have getters of their own.
        Failure {
            status: cdnsign_status::from_code(err.code()),
            message: err.message().to_owned(),
            field: err.field(),
        }
    }
}

/// Result type of the closures run inside the boundary.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

#[derive(Default)]
struct LastError {
    message: Option<CString>,
    field: Option<CString>,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError::default());
}

fn to_cstring(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

fn set_last_error(failure: &Failure) {
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            slot.message = Some(to_cstring(&failure.message));
            slot.field = failure.field.map(to_cstring);
        }
    });
}

fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            slot.message = None;
            slot.field = None;
        }
    });
}

/// Pointer to the current message (or field), `""` when there is none.
pub(crate) fn last_error_ptr(field: bool) -> *const c_char {
    const EMPTY: &CStr = c"";
    LAST_ERROR
        .try_with(|slot| match slot.try_borrow() {
            Ok(slot) => {
                let which = if field { &slot.field } else { &slot.message };
                which.as_ref().map_or(EMPTY.as_ptr(), |s| s.as_ptr())
            }
            Err(_) => EMPTY.as_ptr(),
        })
        .unwrap_or(EMPTY.as_ptr())
}

/// Runs a fallible exported function: catches panics (→ `CDNSIGN_STATUS_PANIC`),
/// records the last error on failure and clears it on success.
pub(crate) fn ffi_boundary<F: FnOnce() -> FfiResult>(f: F) -> cdnsign_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            clear_last_error();
            cdnsign_status::Ok
        }
        Ok(Err(failure)) => {
            set_last_error(&failure);
            failure.status
        }
        Err(payload) => {
            let panic = cdnsign::Error::from_panic("the C ABI", payload.as_ref());
            let failure = Failure::new(cdnsign_status::Panic, panic.message());
            set_last_error(&failure);
            cdnsign_status::Panic
        }
    }
}

/// Runs an exported function that cannot fail (destructors, static getters):
/// a panic returns `fallback` instead of unwinding into C. The last error is
/// left alone.
pub(crate) fn ffi_infallible<T, F: FnOnce() -> T>(fallback: T, f: F) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

// ---- arguments ---------------------------------------------------------------

fn null(name: &'static str) -> Failure {
    Failure::new(
        cdnsign_status::NullArgument,
        format!("argument `{name}` is NULL"),
    )
    .with_field(name)
}

/// A required NUL-terminated UTF-8 string.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char, name: &'static str) -> FfiResult<&'a str> {
    if ptr.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            cdnsign_status::InvalidUtf8,
            format!(
                "argument `{name}` is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .with_field(name)
    })
}

/// An optional NUL-terminated UTF-8 string: NULL means absent.
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_opt_str<'a>(
    ptr: *const c_char,
    name: &'static str,
) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(ptr, name) }.map(Some)
    }
}

fn check_len(ptr_is_null: bool, len: usize, elem: usize, name: &'static str) -> FfiResult {
    if ptr_is_null && len != 0 {
        return Err(Failure::new(
            cdnsign_status::InvalidBuffer,
            format!("argument `{name}` is NULL but its length is {len}"),
        )
        .with_field(name));
    }
    if len
        .checked_mul(elem)
        .map_or(true, |n| n > isize::MAX as usize)
    {
        return Err(Failure::new(
            cdnsign_status::InvalidBuffer,
            format!("argument `{name}` has an impossible length {len}"),
        )
        .with_field(name));
    }
    Ok(())
}

/// A byte buffer `(ptr, len)`; `(NULL, 0)` is the empty buffer.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes valid for the call.
pub(crate) unsafe fn arg_bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> FfiResult<&'a [u8]> {
    check_len(ptr.is_null(), len, 1, name)?;
    if len == 0 {
        return Ok(&[]);
    }
    // SAFETY: non-NULL, `len` readable bytes, len <= isize::MAX (checked).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An optional byte buffer: NULL means absent (and `len` must be 0).
///
/// # Safety
/// As [`arg_bytes`].
pub(crate) unsafe fn arg_opt_bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> FfiResult<Option<&'a [u8]>> {
    if ptr.is_null() {
        check_len(true, len, 1, name)?;
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_bytes(ptr, len, name) }.map(Some)
    }
}

/// An array of `count` NUL-terminated UTF-8 strings; `(NULL, 0)` is empty.
///
/// # Safety
/// `ptr` is NULL or points to `count` pointers, each as in [`arg_str`].
pub(crate) unsafe fn arg_str_array<'a>(
    ptr: *const *const c_char,
    count: usize,
    name: &'static str,
) -> FfiResult<Vec<&'a str>> {
    check_len(
        ptr.is_null(),
        count,
        std::mem::size_of::<*const c_char>(),
        name,
    )?;
    if count == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: non-NULL, `count` readable pointers (checked size).
    let items = unsafe { std::slice::from_raw_parts(ptr, count) };
    items
        .iter()
        // SAFETY: each element follows arg_str's contract.
        .map(|p| unsafe { arg_str(*p, name) })
        .collect()
}

/// An optional array of strings, copied: `(NULL, 0)` means absent, anything
/// else is read as by [`arg_str_array`].
///
/// # Safety
/// As [`arg_str_array`].
pub(crate) unsafe fn arg_opt_strings(
    ptr: *const *const c_char,
    count: usize,
    name: &'static str,
) -> FfiResult<Option<Vec<String>>> {
    if ptr.is_null() && count == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    let items = unsafe { arg_str_array(ptr, count, name) }?;
    Ok(Some(items.into_iter().map(str::to_owned).collect()))
}

/// A required handle.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` created by this library.
pub(crate) unsafe fn arg_handle<'a, T>(ptr: *const T, name: &'static str) -> FfiResult<&'a T> {
    // SAFETY: per the caller's contract a non-NULL pointer is a live `T`.
    unsafe { ptr.as_ref() }.ok_or_else(|| null(name))
}

/// Checks an out-parameter up front; write it with [`Out::write`] once
/// everything else succeeded (out-params are written only on success).
pub(crate) struct Out<T>(*mut T);

pub(crate) fn arg_out<T>(ptr: *mut T, name: &'static str) -> FfiResult<Out<T>> {
    if ptr.is_null() {
        Err(null(name))
    } else {
        Ok(Out(ptr))
    }
}

/// An optional out-parameter: NULL means the caller does not want it.
pub(crate) fn arg_opt_out<T>(ptr: *mut T) -> Option<Out<T>> {
    (!ptr.is_null()).then_some(Out(ptr))
}

impl<T> Out<T> {
    /// # Safety
    /// The pointer given to [`arg_out`] is valid for writing a `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: non-NULL (checked) and writable per the caller's contract.
        unsafe { self.0.write(value) }
    }
}

// ---- results -------------------------------------------------------------------

/// A string to hand to C, checked for NUL bytes before anything is written.
pub(crate) fn c_string(text: String, what: &'static str) -> FfiResult<CString> {
    CString::new(text).map_err(|e| {
        Failure::new(
            cdnsign_status::InteriorNul,
            format!(
                "the {what} contains a NUL byte at offset {} and cannot be returned as a C string",
                e.nul_position()
            ),
        )
    })
}

/// A C string holding secret material: copied once into an exactly-sized
/// buffer, so no un-wiped intermediate copy is left behind (the caller's
/// `Zeroizing` source wipes itself; `cdnsign_string_free` wipes this one).
pub(crate) fn c_string_secret(text: &str, what: &'static str) -> FfiResult<CString> {
    if text.as_bytes().contains(&0) {
        return Err(Failure::new(
            cdnsign_status::InteriorNul,
            format!("the {what} contains a NUL byte and cannot be returned as a C string"),
        ));
    }
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(0);
    // SAFETY: exactly one NUL, at the end (checked above); capacity == length,
    // so no reallocation leaves a copy behind.
    Ok(unsafe { CString::from_vec_with_nul_unchecked(bytes) })
}

/// A JSON document for C.
pub(crate) fn c_json<T: serde::Serialize + ?Sized>(value: &T) -> FfiResult<CString> {
    // serde_json escapes NUL as \u0000, so this cannot fail in practice.
    let text = serde_json::to_string(value).map_err(|e| {
        Failure::from(cdnsign::Error::new(
            cdnsign::ErrorCode::Internal,
            e.to_string(),
        ))
    })?;
    c_string(text, "JSON result")
}

/// Why an argument is refused, as the core reports a caller mistake.
pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Failure {
    Failure::from(cdnsign::Error::invalid_input(field, message))
}

// ---- bodies ----------------------------------------------------------------------
//
// The shapes every exported function has: run the body in the boundary,
// then write one out-parameter, or an optional one, or a required one and an
// optional one, only when everything succeeded. The out-parameters are
// checked for NULL before the body runs.
//
// These are not `unsafe fn`s although they write through the out-pointers
// (as rustls-ffi's `set_boxed_mut_ptr` did while it took a `*mut *mut`):
// each is only ever given the out-parameters of the exported
// `unsafe extern "C" fn` it is the body of, whose contract says they are
// NULL or writable.

/// A value handed to C through an out-parameter: a library-owned string
/// (released with `cdnsign_string_free`), a boxed handle (released with its
/// `_free`), or a plain value.
pub(crate) trait IntoC {
    /// What the out-parameter points to.
    type C;
    fn into_c(self) -> Self::C;
}

impl IntoC for CString {
    type C = *mut c_char;
    fn into_c(self) -> *mut c_char {
        self.into_raw()
    }
}

impl<T> IntoC for Box<T> {
    type C = *mut T;
    fn into_c(self) -> *mut T {
        Box::into_raw(self)
    }
}

impl IntoC for usize {
    type C = usize;
    fn into_c(self) -> usize {
        self
    }
}

/// One required out-parameter `out` (argument `name`): `f`'s value is
/// written to it when `f` succeeds.
pub(crate) fn ffi_out<T: IntoC>(
    out: *mut T::C,
    name: &'static str,
    f: impl FnOnce() -> FfiResult<T>,
) -> cdnsign_status {
    ffi_boundary(|| {
        let out = arg_out(out, name)?;
        let value = f()?;
        // SAFETY: the exported function's contract (see above).
        unsafe { out.write(value.into_c()) };
        Ok(())
    })
}

/// One optional out-parameter (NULL: not wanted): `f` runs either way, and
/// `convert` turns its value into the C value only when it is wanted (a
/// verification whose details nobody asked for builds no JSON).
pub(crate) fn ffi_opt_out<V, T: IntoC>(
    out: *mut T::C,
    convert: impl FnOnce(V) -> FfiResult<T>,
    f: impl FnOnce() -> FfiResult<V>,
) -> cdnsign_status {
    ffi_boundary(|| {
        let value = f()?;
        if let Some(out) = arg_opt_out(out) {
            let value = convert(value)?;
            // SAFETY: the exported function's contract (see above).
            unsafe { out.write(value.into_c()) };
        }
        Ok(())
    })
}

/// [`ffi_opt_out`] writing the record `R` of `f`'s value as JSON.
pub(crate) fn ffi_opt_json<R, V>(
    out: *mut *mut c_char,
    f: impl FnOnce() -> FfiResult<V>,
) -> cdnsign_status
where
    R: serde::Serialize + for<'a> From<&'a V>,
{
    ffi_opt_out(out, |v| c_json(&R::from(&v)), f)
}

/// A result written to a required out-parameter and an optional one (the
/// signed URL and the signed value, a token and its details, ...): both C
/// values, the second built only when it is wanted.
pub(crate) trait SplitOut {
    type First: IntoC;
    type Second: IntoC;
    fn split(self, second_wanted: bool) -> FfiResult<(Self::First, Option<Self::Second>)>;
}

/// The JSON of the record `make` builds, when the caller `wanted` it (its
/// out-parameter was not NULL): the second output of a [`SplitOut`].
pub(crate) fn json_if<R: serde::Serialize>(
    wanted: bool,
    make: impl FnOnce() -> R,
) -> FfiResult<Option<CString>> {
    wanted.then(|| c_json(&make())).transpose()
}

/// A required out-parameter `out` (argument `name`) and an optional one
/// `opt` (NULL: not wanted), written from `f`'s value once both C values
/// are built.
pub(crate) fn ffi_out_and_opt<V: SplitOut>(
    out: *mut <V::First as IntoC>::C,
    name: &'static str,
    opt: *mut <V::Second as IntoC>::C,
    f: impl FnOnce() -> FfiResult<V>,
) -> cdnsign_status {
    ffi_boundary(|| {
        let out = arg_out(out, name)?;
        let opt = arg_opt_out(opt);
        let (first, second) = f()?.split(opt.is_some())?;
        // SAFETY (both): the exported function's contract (see above).
        unsafe { out.write(first.into_c()) };
        if let (Some(opt), Some(second)) = (opt, second) {
            unsafe { opt.write(second.into_c()) };
        }
        Ok(())
    })
}

/// The body of every `_free`: releases a handle boxed by [`ffi_out`]; NULL
/// is a no-op, and a panic in a destructor stops here.
///
/// # Safety
/// `ptr` is NULL or a `Box<T>` made by [`ffi_out`], not yet freed and used by
/// no other call. Unlike the body helpers above this one is an `unsafe fn`:
/// a second call on the same pointer would be a double free, so every call
/// site says why it cannot be one.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    ffi_infallible((), || {
        if !ptr.is_null() {
            // SAFETY: an unfreed Box<T> (the function's contract).
            drop(unsafe { Box::from_raw(ptr) });
        }
    })
}

/// The body of the getters of a handle's id (`_key_pair_id`, `_kid`): the
/// string borrowed from the handle, or NULL when the handle is NULL.
///
/// # Safety
/// `handle` is NULL or a live `T`.
pub(crate) unsafe fn handle_str<T>(
    handle: *const T,
    get: impl FnOnce(&T) -> &CStr,
) -> *const c_char {
    ffi_infallible(std::ptr::null(), || {
        // SAFETY: NULL or a live `T` (the function's contract).
        unsafe { handle.as_ref() }.map_or(std::ptr::null(), |h| get(h).as_ptr())
    })
}
