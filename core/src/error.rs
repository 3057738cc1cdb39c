//! One error type for the whole crate.
//!
//! Every failure carries a stable machine [`ErrorCode`] (the bindings map it to
//! `CDNSIGN_STATUS_*` numbers, Python exception classes and Node `err.code`
//! strings), the input field it concerns when there is one, and a human message
//! that explains it with the numbers involved. Messages never contain secret
//! material: callers build them from field names, lengths, key ids and times.

use std::fmt;

/// The one table of error codes. Every other list is generated from it or
/// checked against it: the C status enum (`ffi/src/status.rs`, a unit test),
/// the Python exception classes (`errors.py`, a pytest reading
/// `_native.error_codes()`), the Node `CDNSIGN_*` codes (`as_str` upper-cased)
/// and the CLI's exit messages.
///
/// Columns: variant, stable number, stable snake_case name, the Python
/// exception class raised for it. Numbers and names are part of every
/// binding's contract: never renumber or reuse one, only append.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $number:literal, $name:literal, $python:literal; )*) => {
        /// Stable machine-readable codes (1xx caller errors, 2xx verification
        /// rejections, 9xx internal).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in number order (bindings generate and check their tables from it).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable snake_case name (`"expired"`, `"bad_signature"`, ...).
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }

            /// The same name, NUL-terminated, for the C ABI.
            pub const fn as_c_str(self) -> &'static std::ffi::CStr {
                match self {
                    $(ErrorCode::$variant => match std::ffi::CStr::from_bytes_with_nul(concat!($name, "\0").as_bytes()) {
                        Ok(c) => c,
                        Err(_) => panic!("error names hold no NUL"),
                    },)*
                }
            }

            /// The stable number used by the C ABI.
            pub const fn number(self) -> u32 {
                match self { $(ErrorCode::$variant => $number,)* }
            }

            /// The Python exception class raised for it (`cdnsign.errors.<name>`).
            pub const fn python_class(self) -> &'static str {
                match self { $(ErrorCode::$variant => $python,)* }
            }

        }
    };
}

error_codes! {
    /// An argument is not acceptable (bad URL, out-of-range time, too many rules...).
    InvalidInput = 100, "invalid_input", "InvalidInputError";
    /// A key could not be parsed, is of the wrong type, or is too weak.
    InvalidKey = 101, "invalid_key", "InvalidKeyError";
    /// The credential's expiry is in the past.
    Expired = 200, "expired", "ExpiredError";
    /// The credential's start time is in the future.
    NotYetValid = 201, "not_yet_valid", "NotYetValidError";
    /// The signature does not match the signed content under the selected key.
    BadSignature = 202, "bad_signature", "SignatureMismatchError";
    /// The credential names a key id the verifier does not hold.
    UnknownKey = 203, "unknown_key", "UnknownKeyError";
    /// The credential does not cover the requested URL or path.
    UrlMismatch = 204, "url_mismatch", "UrlMismatchError";
    /// The client IP is outside the allowed ranges.
    IpNotAllowed = 205, "ip_not_allowed", "IpNotAllowedError";
    /// The viewer's country is blocked by an access rule.
    CountryNotAllowed = 206, "country_not_allowed", "CountryNotAllowedError";
    /// The credential cannot be parsed.
    Malformed = 207, "malformed", "MalformedError";
    /// A webhook timestamp is further in the past than the tolerance allows.
    TimestampTooOld = 208, "timestamp_too_old", "TimestampTooOldError";
    /// A webhook timestamp is further in the future than the tolerance allows.
    TimestampInFuture = 209, "timestamp_in_future", "TimestampInFutureError";
    /// The request carries no credential at all (no header, no parameter, no cookie).
    MissingCredential = 210, "missing_credential", "MissingCredentialError";
    /// The token uses an algorithm other than the pinned one (`none`, HS256, ...).
    AlgorithmNotAllowed = 211, "algorithm_not_allowed", "AlgorithmNotAllowedError";
    /// The token was issued for another subject (video uid) than the expected one.
    SubjectMismatch = 212, "subject_mismatch", "SubjectMismatchError";
    /// A header bound into the credential is missing or has another value.
    HeaderMismatch = 213, "header_mismatch", "HeaderMismatchError";
    /// An access rule other than a country rule blocked the viewer (e.g. an `any` block).
    AccessDenied = 214, "access_denied", "AccessDeniedError";
    /// A bug: an invariant broke. Reported instead of panicking across an FFI boundary.
    Internal = 900, "internal", "InternalError";
}

impl ErrorCode {
    /// Parses the snake_case name back (vectors store codes as strings).
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// True for the codes a verifier returns when it rejects a credential
    /// (as opposed to a caller mistake or a bad key).
    pub const fn is_rejection(self) -> bool {
        let n = self.number();
        n >= 200 && n < 300
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every fallible cdnsign operation returns.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<&'static str>,
    message: String,
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error. `message` must never contain secret material.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            field: None,
            message: message.into(),
        }
    }

    /// A panic caught at a surface's boundary (the C ABI, a binding's call
    /// path, a thread-pool task), as `internal`: every surface reports it in
    /// these words, with the panic's own text when it has one. `what` names
    /// the call (`cloudfront.Signer.sign_url`).
    pub fn from_panic(what: &str, payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        Error::new(
            ErrorCode::Internal,
            format!("internal error in {what} (a bug in cdnsign, please report it): {detail}"),
        )
    }

    /// A caller mistake concerning `field` (the argument or option name).
    pub fn invalid_input(field: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidInput, message).with_field(field)
    }

    /// A key that cannot be used. Never include key bytes in `message`.
    pub fn invalid_key(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidKey, message)
    }

    /// A verification rejection (`code.is_rejection()` should hold).
    pub fn rejected(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::new(code, message)
    }

    /// A malformed credential, naming the part that could not be parsed.
    pub fn malformed(field: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Malformed, message).with_field(field)
    }

    /// Attaches the name of the field the error concerns.
    pub fn with_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The field (argument, option, token field, query parameter) concerned, if any.
    pub fn field(&self) -> Option<&'static str> {
        self.field
    }

    /// The human explanation, without the code prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) if !self.message.contains(field) => {
                write!(f, "{}: {} ({})", self.code, self.message, field)
            }
            _ => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code)
            .field("field", &self.field)
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_internal_with_its_text() {
        let caught = |f: fn()| std::panic::catch_unwind(f).unwrap_err();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let text = caught(|| panic!("boom"));
        let formatted = caught(|| panic!("boom {}", 2));
        let other = caught(|| std::panic::panic_any(7_u8));
        std::panic::set_hook(prev);
        let e = Error::from_panic("x.y", text.as_ref());
        assert_eq!(e.code(), ErrorCode::Internal);
        assert_eq!(
            e.message(),
            "internal error in x.y (a bug in cdnsign, please report it): boom"
        );
        assert!(Error::from_panic("x", formatted.as_ref())
            .message()
            .ends_with(": boom 2"));
        assert!(Error::from_panic("x", other.as_ref())
            .message()
            .ends_with(": no message"));
    }

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut numbers: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.number()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(*code));
        }
        assert!(ErrorCode::Expired.is_rejection());
        assert!(!ErrorCode::InvalidKey.is_rejection());
    }

    #[test]
    fn display_names_code_and_field() {
        let e = Error::invalid_input("expires", "must be after starts");
        assert_eq!(
            e.to_string(),
            "invalid_input: must be after starts (expires)"
        );
        let e = Error::invalid_input("expires", "expires=5 is before starts");
        assert_eq!(e.to_string(), "invalid_input: expires=5 is before starts");
    }
}
