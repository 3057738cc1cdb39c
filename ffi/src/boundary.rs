//! The boundary: panic containment, the thread-local last error, and the
//! conversions of C arguments and results. Every exported function goes
//! through [`ffi_boundary`] (fallible functions) or [`ffi_infallible`]
//! (destructors and static-string getters).

use std::any::Any;
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

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_owned()
    }
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
            let failure = Failure::new(
                cdnsign_status::Panic,
                format!(
                    "cdnsign panicked (a bug, please report it): {}",
                    panic_text(payload.as_ref())
                ),
            );
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

/// The body of every `cdnsign_<provider>_explain`: the explanation's JSON
/// (the core's `api::Explanation`, the same on every surface) into
/// `*out_json`, or `CDNSIGN_STATUS_INVALID_INPUT` naming `input` when it is
/// not `what`.
///
/// # Safety
/// `input` is NULL or a NUL-terminated string; `out_json` NULL or writable.
pub(crate) unsafe fn explain_into(
    input: *const c_char,
    out_json: *mut *mut c_char,
    what: &str,
    explain: impl FnOnce(&str) -> Option<cdnsign::api::Explanation>,
) -> cdnsign_status {
    ffi_boundary(|| {
        // SAFETY (all blocks): the caller's contract above.
        let input = unsafe { arg_str(input, "input") }?;
        let out = arg_out(out_json, "out_json")?;
        let e = explain(input).ok_or_else(|| {
            Failure::from(cdnsign::Error::invalid_input(
                "input",
                format!("not {what}"),
            ))
        })?;
        let json = c_json(&e)?;
        unsafe { write_string(out, json) };
        Ok(())
    })
}

/// Writes a library-owned string (freed with `cdnsign_string_free`).
///
/// # Safety
/// As [`Out::write`].
pub(crate) unsafe fn write_string(out: Out<*mut c_char>, value: CString) {
    // SAFETY: forwarded contract.
    unsafe { out.write(value.into_raw()) }
}

/// Boxes a handle for C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a handle made by [`into_handle`]; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or came from [`into_handle`] with the same `T` and was not freed.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: per the contract, `ptr` is an unfreed Box<T>.
        drop(unsafe { Box::from_raw(ptr) });
    }
}
