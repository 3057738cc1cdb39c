//! # libcdnsign — the C ABI of cdnsign
//!
//! A thin layer over the `cdnsign` crate, modelled on rustls-ffi: it converts
//! C arguments into Rust values, calls the core, and converts results and
//! errors back. No signing or verification logic lives here.
//!
//! Conventions (repeated in `include/cdnsign.h`):
//! - Every fallible function returns a `cdnsign_status`; on anything but
//!   `CDNSIGN_STATUS_OK` its out-parameters are left untouched and
//!   `cdnsign_last_error_message()` explains the failure on that thread.
//! - Inputs come before outputs. Strings (URLs, ids, JSON) are NUL-terminated
//!   UTF-8; bytes (keys, bodies) are `(const uint8_t *ptr, size_t len)`, where
//!   `(NULL, 0)` is empty. Every pointer is checked: a NULL where a value is
//!   required gives `CDNSIGN_STATUS_NULL_ARGUMENT`, never undefined behaviour.
//! - Strings returned through `char **out` are owned by the caller and must be
//!   released with `cdnsign_string_free` (not `free`).
//! - Handles (`cdnsign_*_signer`, `cdnsign_*_verifier`) are created by `_new`,
//!   released by `_free`, immutable in between, and safe to use from several
//!   threads at once; only `_free` needs exclusive access. Every function
//!   may be called from any thread.
//! - Times are `int64_t` Unix seconds.
//! - Each function's `# Safety` lists what its pointers must point to
//!   (for the functions `export!` declares, written from the parameters'
//!   kinds). Out-parameters must be writable; a struct's pointer fields
//!   follow that struct's documentation. Inputs are read during the call
//!   only: a handle made from them keeps its own copy.
//! - A Rust panic never crosses the boundary: it becomes `CDNSIGN_STATUS_PANIC`.

// The crate name (`cdnsign`, for libcdnsign.so) is also the core's; the C names
// follow C conventions.
#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]

mod boundary;
pub mod cloudcdn;
pub mod cloudfront;
pub mod explain;
mod export;
pub mod google;
pub mod keys;
pub mod manifest;
pub mod mediacdn;
pub mod status;
pub mod stream;
pub mod webhook;

#[cfg(test)]
mod tests;

use std::ffi::{c_char, CString};

use zeroize::Zeroize;

pub use status::cdnsign_status;

use boundary::{ffi_infallible, last_error_ptr};

/// The library version, `"MAJOR.MINOR.PATCH"` (the workspace version; equal to
/// the `CDNSIGN_VERSION` macro of a matching header).
///
/// Ownership: the returned string is static; never free it.
/// Thread safety: safe to call from any thread at any time.
#[no_mangle]
pub extern "C" fn cdnsign_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    ffi_infallible(VERSION.as_ptr().cast(), || VERSION.as_ptr().cast())
}

/// The message of the last failed call on the calling thread, e.g.
/// `"expired 37 s ago: Expires=1767290400, now=1767290437"` (the same text
/// Python's exception and Node's `err.message` carry; the status has
/// `cdnsign_status_name` and the field `cdnsign_last_error_field`), or `""`
/// when the last fallible call on this thread succeeded or none was made. Never NULL. Messages never contain
/// key material.
///
/// Ownership: borrowed from a thread-local buffer; do not free it. It stays
/// valid until the next fallible cdnsign call (any function returning a
/// `cdnsign_status`) on the same thread; copy it to keep it longer. Destructors
/// (`_free`), `cdnsign_status_name`, `cdnsign_version` and these getters leave
/// it untouched.
/// Thread safety: each thread has its own last error.
#[no_mangle]
pub extern "C" fn cdnsign_last_error_message() -> *const c_char {
    ffi_infallible(c"".as_ptr(), || last_error_ptr(false))
}

/// The input field (argument, option, token field, query parameter) that the
/// last failed call on this thread concerns, e.g. `"expires"` or `"url"`, or
/// `""` when unknown or when the last call succeeded. Never NULL.
///
/// Ownership and thread safety: as `cdnsign_last_error_message`.
#[no_mangle]
pub extern "C" fn cdnsign_last_error_field() -> *const c_char {
    ffi_infallible(c"".as_ptr(), || last_error_ptr(true))
}

/// Releases a string returned by this library, overwriting its bytes first
/// (some strings carry key material, e.g. a generated key). NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string this library returned through a `char **`
/// out-parameter that has not been freed yet. Passing any other pointer (from
/// `malloc`, `strdup`, a string literal, `cdnsign_last_error_message`) is
/// undefined behaviour.
///
/// Ownership: takes ownership of `s`.
/// Thread safety: may be called from any thread, but not concurrently on the
/// same string.
#[no_mangle]
pub unsafe extern "C" fn cdnsign_string_free(s: *mut c_char) {
    ffi_infallible((), || {
        if !s.is_null() {
            // SAFETY: per the contract, `s` came from CString::into_raw here.
            let mut bytes = unsafe { CString::from_raw(s) }.into_bytes_with_nul();
            bytes.zeroize();
        }
    })
}

/// The stable snake_case name of a status number (`"ok"`, `"expired"`,
/// `"null_argument"`, ...), or `"unknown"` for a number that is not a status.
///
/// Takes the number rather than the enum so that any integer (read from a log,
/// from another language) is safe to pass.
///
/// Ownership: the returned string is static; never free it.
/// Thread safety: safe to call from any thread at any time.
#[no_mangle]
pub extern "C" fn cdnsign_status_name(status: u32) -> *const c_char {
    ffi_infallible(c"unknown".as_ptr(), || {
        match cdnsign_status::from_number(status) {
            Some(s) => s.c_name().as_ptr(),
            None => c"unknown".as_ptr(),
        }
    })
}
