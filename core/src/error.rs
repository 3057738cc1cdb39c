//! One error type for the whole crate.
//!
//! Every failure carries a stable machine [`ErrorCode`] (the bindings map it to
//! `CDNSIGN_STATUS_*` numbers, Python exception classes and Node `err.code`
//! strings), the input field it concerns when there is one, and a human message
//! that explains it with the numbers involved. Messages never contain secret
//! material: callers build them from field names, lengths, key ids and times.

use std::fmt;

/// Stable machine-readable codes. The string forms (`as_str`) and the numbers
/// (`number`) are part of the public contract of every binding: never renumber
/// or reuse one, only append.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    // ---- caller errors (100s) ----
    /// An argument is not acceptable (bad URL, out-of-range time, too many rules...).
    InvalidInput,
    /// A key could not be parsed, is of the wrong type, or is too weak.
    InvalidKey,

    // ---- verification rejections (200s) ----
    /// The credential's expiry is in the past.
    Expired,
    /// The credential's start time is in the future.
    NotYetValid,
    /// The signature does not match the signed content under the selected key.
    BadSignature,
    /// The credential names a key id the verifier does not hold.
    UnknownKey,
    /// The credential does not cover the requested URL or path.
    UrlMismatch,
    /// The client IP is outside the allowed ranges.
    IpNotAllowed,
    /// The viewer's country is blocked by an access rule.
    CountryNotAllowed,
    /// The credential cannot be parsed.
    Malformed,
    /// A webhook timestamp is further in the past than the tolerance allows.
    TimestampTooOld,
    /// A webhook timestamp is further in the future than the tolerance allows.
    TimestampInFuture,
    /// The request carries no credential at all (no header, no parameter, no cookie).
    MissingCredential,
    /// The token uses an algorithm other than the pinned one (`none`, HS256, ...).
    AlgorithmNotAllowed,
    /// The token was issued for another subject (video uid) than the expected one.
    SubjectMismatch,
    /// A header bound into the credential is missing or has another value.
    HeaderMismatch,
    /// An access rule other than a country rule blocked the viewer (e.g. an `any` block).
    AccessDenied,

    // ---- internal (900s) ----
    /// A bug: an invariant broke. Reported instead of panicking across an FFI boundary.
    Internal,
}

impl ErrorCode {
    /// Every code, in number order (used by bindings to generate tables and by tests).
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidInput,
        ErrorCode::InvalidKey,
        ErrorCode::Expired,
        ErrorCode::NotYetValid,
        ErrorCode::BadSignature,
        ErrorCode::UnknownKey,
        ErrorCode::UrlMismatch,
        ErrorCode::IpNotAllowed,
        ErrorCode::CountryNotAllowed,
        ErrorCode::Malformed,
        ErrorCode::TimestampTooOld,
        ErrorCode::TimestampInFuture,
        ErrorCode::MissingCredential,
        ErrorCode::AlgorithmNotAllowed,
        ErrorCode::SubjectMismatch,
        ErrorCode::HeaderMismatch,
        ErrorCode::AccessDenied,
        ErrorCode::Internal,
    ];

    /// The stable snake_case name (`"expired"`, `"bad_signature"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::InvalidKey => "invalid_key",
            ErrorCode::Expired => "expired",
            ErrorCode::NotYetValid => "not_yet_valid",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::UnknownKey => "unknown_key",
            ErrorCode::UrlMismatch => "url_mismatch",
            ErrorCode::IpNotAllowed => "ip_not_allowed",
            ErrorCode::CountryNotAllowed => "country_not_allowed",
            ErrorCode::Malformed => "malformed",
            ErrorCode::TimestampTooOld => "timestamp_too_old",
            ErrorCode::TimestampInFuture => "timestamp_in_future",
            ErrorCode::MissingCredential => "missing_credential",
            ErrorCode::AlgorithmNotAllowed => "algorithm_not_allowed",
            ErrorCode::SubjectMismatch => "subject_mismatch",
            ErrorCode::HeaderMismatch => "header_mismatch",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::Internal => "internal",
        }
    }

    /// The stable number used by the C ABI. Grouped: 1xx caller errors,
    /// 2xx verification rejections, 9xx internal.
    pub const fn number(self) -> u32 {
        match self {
            ErrorCode::InvalidInput => 100,
            ErrorCode::InvalidKey => 101,
            ErrorCode::Expired => 200,
            ErrorCode::NotYetValid => 201,
            ErrorCode::BadSignature => 202,
            ErrorCode::UnknownKey => 203,
            ErrorCode::UrlMismatch => 204,
            ErrorCode::IpNotAllowed => 205,
            ErrorCode::CountryNotAllowed => 206,
            ErrorCode::Malformed => 207,
            ErrorCode::TimestampTooOld => 208,
            ErrorCode::TimestampInFuture => 209,
            ErrorCode::MissingCredential => 210,
            ErrorCode::AlgorithmNotAllowed => 211,
            ErrorCode::SubjectMismatch => 212,
            ErrorCode::HeaderMismatch => 213,
            ErrorCode::AccessDenied => 214,
            ErrorCode::Internal => 900,
        }
    }

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
