//! `cdnsign_status`: the result of every fallible function.

use std::ffi::CStr;

use cdnsign::ErrorCode;

/// `cdnsign_status` from the core's table of error codes, between success
/// and the C boundary's own statuses (10xx).
macro_rules! status_enum {
    ($( $(#[doc = $doc:literal])* $variant:ident = $number:literal, $name:literal, $python:literal; )*) => {
        /// The result of every fallible cdnsign function.
        ///
        /// The numbers are stable and never reused: 0 is success; 1xx are caller
        /// errors and 2xx verification rejections, each equal to the core's
        /// `cdnsign::ErrorCode::number()` (and named like its `as_str()`); 900 is an
        /// internal error; 10xx are errors of the C boundary itself (a NULL pointer,
        /// invalid UTF-8, a bad buffer, a caught panic). After any non-OK status,
        /// `cdnsign_last_error_message()` explains it on the same thread.
        #[repr(C)]
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum cdnsign_status {
            /// Success; out-parameters were written.
            Ok = 0,
            // the core's codes (`cdnsign::error_code_table!`)
            $( $(#[doc = $doc])* $variant = $number, )*
            /// A required pointer argument (input, handle or out-parameter) was NULL.
            NullArgument = 1000,
            /// A `const char *` argument is not valid UTF-8.
            InvalidUtf8 = 1001,
            /// A `(pointer, length)` or `(array, count)` pair is unusable: NULL with a
            /// non-zero length, or a length larger than `PTRDIFF_MAX`.
            InvalidBuffer = 1002,
            /// A string to be returned contains a NUL byte and cannot be a C string.
            InteriorNul = 1003,
            /// A Rust panic was caught at the boundary (a bug in cdnsign; please report it).
            Panic = 1004,
        }

        impl cdnsign_status {
            /// Every status, in number order.
            pub const ALL: &'static [cdnsign_status] = &[
                cdnsign_status::Ok,
                $( cdnsign_status::$variant, )*
                cdnsign_status::NullArgument,
                cdnsign_status::InvalidUtf8,
                cdnsign_status::InvalidBuffer,
                cdnsign_status::InteriorNul,
                cdnsign_status::Panic,
            ];
        }
    };
}

cdnsign::error_code_table!(status_enum);

impl cdnsign_status {
    /// The stable number.
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// The status for a core error code: the variant with the same number
    /// (`every_error_code_has_its_status` checks that one exists).
    pub fn from_code(code: ErrorCode) -> cdnsign_status {
        cdnsign_status::from_number(code.number()).unwrap_or(cdnsign_status::Internal)
    }

    /// The stable snake_case name: the core's `ErrorCode::as_str()` for the
    /// codes it shares, `"ok"` and the boundary's own names otherwise.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("unknown")
    }

    /// The same name, NUL-terminated, for the C API.
    pub(crate) fn c_name(self) -> &'static CStr {
        match self {
            cdnsign_status::Ok => c"ok",
            cdnsign_status::NullArgument => c"null_argument",
            cdnsign_status::InvalidUtf8 => c"invalid_utf8",
            cdnsign_status::InvalidBuffer => c"invalid_buffer",
            cdnsign_status::InteriorNul => c"interior_nul",
            cdnsign_status::Panic => c"panic",
            core => ErrorCode::ALL
                .iter()
                .find(|c| c.number() == core.number())
                .map_or(c"unknown", |c| c.as_c_str()),
        }
    }

    /// The status with this number, if there is one.
    pub fn from_number(number: u32) -> Option<cdnsign_status> {
        cdnsign_status::ALL
            .iter()
            .copied()
            .find(|s| s.number() == number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_status() {
        for code in ErrorCode::ALL {
            let status = cdnsign_status::from_code(*code);
            assert_eq!(
                status.number(),
                code.number(),
                "{code:?} maps to {status:?} with another number"
            );
            assert_eq!(status.name(), code.as_str(), "{code:?}: name differs");
        }
        // and every non-boundary status (other than OK) is a core code
        for status in cdnsign_status::ALL {
            let n = status.number();
            if n != 0 && n < 1000 {
                assert!(
                    ErrorCode::ALL.iter().any(|c| c.number() == n),
                    "{status:?} ({n}) is not a core ErrorCode"
                );
            }
        }
    }

    #[test]
    fn numbers_are_unique_sorted_and_names_agree() {
        let numbers: Vec<u32> = cdnsign_status::ALL.iter().map(|s| s.number()).collect();
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(numbers, sorted, "ALL must list every status once, in order");
        for s in cdnsign_status::ALL {
            assert_eq!(s.c_name().to_str().unwrap(), s.name());
            assert_eq!(cdnsign_status::from_number(s.number()), Some(*s));
            let p = crate::cdnsign_status_name(s.number());
            let got = unsafe { std::ffi::CStr::from_ptr(p) };
            assert_eq!(got.to_str().unwrap(), s.name());
        }
        let unknown = unsafe { std::ffi::CStr::from_ptr(crate::cdnsign_status_name(4242)) };
        assert_eq!(unknown.to_str().unwrap(), "unknown");
    }
}
