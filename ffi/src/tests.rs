//! Rust-side tests of the C ABI: they call the exported functions exactly as C
//! does (raw pointers, out-parameters) and check the boundary's contract.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use crate::boundary::{ffi_boundary, Failure};
use crate::*;

pub(crate) fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

pub(crate) fn last_error() -> String {
    unsafe { CStr::from_ptr(cdnsign_last_error_message()) }
        .to_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn last_field() -> String {
    unsafe { CStr::from_ptr(cdnsign_last_error_field()) }
        .to_str()
        .unwrap()
        .to_owned()
}

/// Takes ownership of a library string.
pub(crate) fn take(s: *mut c_char) -> String {
    assert!(!s.is_null());
    let out = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
    unsafe { cdnsign_string_free(s) };
    out
}

/// Runs `call` with a fresh out-pointer, asserts it succeeded (with the
/// library's message), and returns what it wrote.
pub(crate) fn out<T>(call: impl FnOnce(*mut *mut T) -> cdnsign_status) -> *mut T {
    let mut out = ptr::null_mut();
    let status = call(&mut out);
    assert_eq!(status, cdnsign_status::Ok, "{}", last_error());
    out
}

pub(crate) fn vector_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(rel)
}

#[test]
fn version_is_the_workspace_version() {
    let v = unsafe { CStr::from_ptr(cdnsign_version()) };
    assert_eq!(v.to_str().unwrap(), cdnsign::VERSION);
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_panic_becomes_a_status_and_a_message() {
    let status = ffi_boundary(|| panic!("boom {}", 42));
    assert_eq!(status, cdnsign_status::Panic);
    assert_eq!(status.number(), 1004);
    let msg = last_error();
    assert!(
        msg.starts_with("internal error in the C ABI (a bug in cdnsign"),
        "{msg}"
    );
    assert!(msg.contains("boom 42"), "{msg}");
    // and the next successful call clears it
    assert_eq!(ffi_boundary(|| Ok(())), cdnsign_status::Ok);
    assert_eq!(last_error(), "");
}

#[test]
fn core_errors_keep_code_message_and_field() {
    let status = ffi_boundary(|| {
        Err(Failure::from(cdnsign::Error::invalid_input(
            "expires",
            "must be after starts",
        )))
    });
    assert_eq!(status, cdnsign_status::InvalidInput);
    // the core's message alone: the status and the field have getters
    assert_eq!(last_error(), "must be after starts");
    assert_eq!(last_field(), "expires");
    let status = ffi_boundary(|| {
        Err(Failure::from(cdnsign::Error::rejected(
            cdnsign::ErrorCode::Expired,
            "expired 37 s ago",
        )))
    });
    assert_eq!(status, cdnsign_status::Expired);
    assert_eq!(last_error(), "expired 37 s ago");
    assert_eq!(last_field(), "");
}

#[test]
fn last_error_is_per_thread() {
    let status = ffi_boundary(|| Err(Failure::new(cdnsign_status::Internal, "main thread")));
    assert_eq!(status, cdnsign_status::Internal);
    std::thread::spawn(|| {
        assert_eq!(last_error(), "");
        ffi_boundary(|| Err(Failure::new(cdnsign_status::Internal, "other thread")));
        assert_eq!(last_error(), "other thread");
    })
    .join()
    .unwrap();
    assert_eq!(last_error(), "main thread");
}

#[test]
fn string_free_accepts_null() {
    unsafe { cdnsign_string_free(ptr::null_mut()) };
}

#[test]
fn public_key_pem_from_every_private_format() {
    let expected = std::fs::read_to_string(vector_path("keys/test-rsa2048.pub.pem")).unwrap();
    for file in [
        "keys/test-rsa2048.pkcs1.pem",
        "keys/test-rsa2048.pkcs8.pem",
        "keys/test-rsa2048.pkcs8.der",
        "keys/test-rsa2048.pub.pem",
    ] {
        let key = std::fs::read(vector_path(file)).unwrap();
        let mut out: *mut c_char = ptr::null_mut();
        let st = unsafe {
            keys::cdnsign_public_key_pem(key.as_ptr(), key.len(), ptr::null(), 0, &mut out)
        };
        assert_eq!(st, cdnsign_status::Ok, "{file}: {}", last_error());
        assert_eq!(take(out), expected, "{file}");
    }
    // encrypted: needs the passphrase
    let key = std::fs::read(vector_path("keys/test-rsa2048.pkcs8-encrypted.pem")).unwrap();
    let mut out: *mut c_char = ptr::null_mut();
    let st =
        unsafe { keys::cdnsign_public_key_pem(key.as_ptr(), key.len(), ptr::null(), 0, &mut out) };
    assert_eq!(st, cdnsign_status::InvalidKey);
    assert!(out.is_null(), "out-param written on failure");
    let pass = b"correct horse battery staple";
    let st = unsafe {
        keys::cdnsign_public_key_pem(key.as_ptr(), key.len(), pass.as_ptr(), pass.len(), &mut out)
    };
    assert_eq!(st, cdnsign_status::Ok, "{}", last_error());
    assert_eq!(take(out), expected);
}

#[test]
fn null_and_bad_buffers_are_statuses() {
    let mut out: *mut c_char = ptr::null_mut();
    let st = unsafe { keys::cdnsign_public_key_pem(ptr::null(), 5, ptr::null(), 0, &mut out) };
    assert_eq!(st, cdnsign_status::InvalidBuffer);
    assert_eq!(last_field(), "key");
    let st = unsafe {
        keys::cdnsign_public_key_pem(b"x".as_ptr(), usize::MAX, ptr::null(), 0, &mut out)
    };
    assert_eq!(st, cdnsign_status::InvalidBuffer);
    let st =
        unsafe { keys::cdnsign_public_key_pem(b"x".as_ptr(), 1, ptr::null(), 0, ptr::null_mut()) };
    assert_eq!(st, cdnsign_status::NullArgument);
    assert_eq!(last_error(), "argument `out_pem` is NULL");
    // empty key: the core's own message
    let st = unsafe { keys::cdnsign_public_key_pem(ptr::null(), 0, ptr::null(), 0, &mut out) };
    assert_eq!(st, cdnsign_status::InvalidKey);
    assert!(out.is_null());
}

#[test]
fn invalid_utf8_is_a_status() {
    let bad = b"https://h/\xff\xfe\0";
    let mut out: *mut c_char = ptr::null_mut();
    let st = unsafe { keys::cdnsign_percent_encode_url(bad.as_ptr().cast(), &mut out) };
    assert_eq!(st, cdnsign_status::InvalidUtf8);
    assert!(last_error().contains("offset 10"), "{}", last_error());
    assert!(out.is_null());
    let url = cstr("https://h/a b/é");
    let st = unsafe { keys::cdnsign_percent_encode_url(url.as_ptr(), &mut out) };
    assert_eq!(st, cdnsign_status::Ok);
    assert_eq!(take(out), "https://h/a%20b/%C3%A9");
}
