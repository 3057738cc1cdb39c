//! `export!`: how every regular exported function is declared. Each
//! parameter is written once, with its kind; the macro writes the C
//! signature, reads every pointer through `boundary`'s checks (NULL, UTF-8,
//! lengths) in parameter order before the body runs, picks the body helper
//! that writes the out-parameters only on success, and writes the `# Safety`
//! list of the doc comment from the same kinds, so the contract in
//! `cdnsign.h` cannot drift from the signature.
//!
//! cbindgen reads the expanded crate (`tests/support/header_gen.rs`), so the
//! header shows the functions exactly as the macro writes them.
//!
//! ```text
//! export! {
//!     /// What it does (the header's text, before the generated # Safety).
//!     fn cdnsign_x_signer_sign_url(
//!         signer: &cdnsign_x_signer,  // const cdnsign_x_signer *: required → &T
//!         url: str,                   // const char *: NUL-terminated UTF-8 → &str
//!         prefix: Option<str>,        // NULL is None
//!         key: bytes[key_len],        // const uint8_t *, with its own `key_len: usize`
//!         pass: Option<bytes[pass_len]>,
//!         ids: strs[ids_len],         // const char *const *, with `ids_len: usize` → Vec<&str>
//!         options: Option<&opts>,     // NULL is None (the defaults)
//!         expires: i64,               // a `PassedByValue` type, as it is
//!     ) -> (string out_url, opt string out_signed_value) {
//!         Ok(Signed(...))             // FfiResult of what the outputs take
//!     }
//!
//!     /// Releases a signer. NULL is a no-op.
//!     fn cdnsign_x_signer_free(signer: Box<cdnsign_x_signer>);
//! }
//! ```
//!
//! Outputs: `(string o)`, `(handle o: T)` (a new `Box<T>`, freed by
//! `T_free`), `(value o: T)`, `(opt value o: T)` (`T: From` the body's
//! value, written only when `o` is not NULL), `(string o, opt string o2)` and
//! `(opt value o2: T, string o)` (a `SplitOut`), `(opt json o: Record)` (the
//! record of the body's value, built only when `o` is not NULL).

/// The types a C caller passes by value. A parameter whose kind is not one
/// of `export!`'s pointer kinds must be one of these, so a raw pointer cannot
/// slip through unchecked and undocumented.
pub(crate) trait PassedByValue {}
impl PassedByValue for bool {}
impl PassedByValue for i64 {}
impl PassedByValue for u32 {}
impl PassedByValue for usize {}

/// Compiles only for a [`PassedByValue`] type.
pub(crate) const fn passed_by_value<T: PassedByValue>() {}

/// Declares exported functions (see the module doc).
macro_rules! export {
    () => {};
    (
        $(#[doc = $doc:literal])*
        fn $name:ident($p:ident: Box<$t:ident>);
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = " # Safety"]
        #[doc = concat!(" `", stringify!($p), "` is NULL or a `", stringify!($t), "` not yet freed that no other")]
        #[doc = " call is using. It is freed (a secret no other handle shares is wiped) and not"]
        #[doc = " valid afterwards."]
        #[no_mangle]
        pub unsafe extern "C" fn $name($p: *mut $t) {
            // SAFETY: the caller hands over a live handle or NULL, freed once (contract above).
            unsafe { $crate::boundary::free_handle($p) }
        }
        $crate::export::export!($($rest)*);
    };
    (
        $(#[doc = $doc:literal])*
        fn $name:ident($p:ident: &$t:ident) -> borrowed str $body:block
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = " # Safety"]
        #[doc = concat!(" `", stringify!($p), "` is NULL (the result is then NULL) or a valid `", stringify!($t), "`.")]
        #[doc = concat!(" The string is borrowed from it: valid until `", stringify!($t), "_free`; never free it.")]
        #[no_mangle]
        pub unsafe extern "C" fn $name($p: *const $t) -> *const ::std::ffi::c_char {
            // SAFETY: NULL or a live handle (contract above).
            unsafe { $crate::boundary::handle_str($p, |$p| $body) }
        }
        $crate::export::export!($($rest)*);
    };
    (
        $(#[doc = $doc:literal])*
        fn $name:ident($($params:tt)*) -> $outs:tt $body:block
        $($rest:tt)*
    ) => {
        $crate::export::export!(@param [$($doc)*] $name $outs $body [] [] [] $($params)*);
        $crate::export::export!($($rest)*);
    };

    // ---- parameters: [C parameters] [reads] [# Safety lines] ----
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: &$t:ident$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const $t,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_handle($p, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: a valid `", stringify!($t), "`.")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: Option<&$t:ident>$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const $t,]
            [$($r)* let $p = unsafe { $p.as_ref() };]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: a valid `", stringify!($t), "`, or NULL.")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: str$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const ::std::ffi::c_char,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_str($p, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: a NUL-terminated string.")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: Option<str>$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const ::std::ffi::c_char,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_opt_str($p, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: a NUL-terminated string, or NULL.")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: bytes[$len:ident]$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const u8,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_bytes($p, $len, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: `", stringify!($len), "` readable bytes (NULL only when 0: else `CDNSIGN_STATUS_INVALID_BUFFER`).")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: Option<bytes[$len:ident]>$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const u8,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_opt_bytes($p, $len, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: `", stringify!($len), "` readable bytes, or NULL with 0 for none.")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: strs[$len:ident]$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: *const *const ::std::ffi::c_char,]
            [$($r)* let $p = unsafe { $crate::boundary::arg_str_array($p, $len, stringify!($p)) }?;]
            [$($s)* #[doc = concat!(" - `", stringify!($p), "`: `", stringify!($len), "` NUL-terminated strings (NULL only when 0: else `CDNSIGN_STATUS_INVALID_BUFFER`).")]]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block [$($c:tt)*] [$($r:tt)*] [$($s:tt)*]
        $p:ident: $t:ty$(, $($rest:tt)*)?) => {
        $crate::export::export!(@param $d $n $o $b
            [$($c)* $p: $t,]
            [$($r)* const _: () = $crate::export::passed_by_value::<$t>();]
            [$($s)*]
            $($($rest)*)?);
    };
    (@param $d:tt $n:ident $o:tt $b:block $c:tt $r:tt $s:tt) => {
        $crate::export::export!(@out $d $n $b $c $r $s $o);
    };

    // ---- outputs ----
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (string $out:ident)) => {
        $crate::export::export!(@fn $d $n $c [$out: *mut *mut ::std::ffi::c_char,] $s
            [#[doc = concat!(" - `", stringify!($out), "`: receives a new string on success (for `cdnsign_string_free`).")]]
            { $crate::boundary::ffi_out($out, stringify!($out), || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (handle $out:ident: $t:ident)) => {
        $crate::export::export!(@fn $d $n $c [$out: *mut *mut $t,] $s
            [#[doc = concat!(" - `", stringify!($out), "`: receives a new handle on success (for `", stringify!($t), "_free`).")]]
            { $crate::boundary::ffi_out($out, stringify!($out), || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (value $out:ident: $t:ty)) => {
        $crate::export::export!(@fn $d $n $c [$out: *mut $t,] $s
            [#[doc = concat!(" - `", stringify!($out), "`: receives the value on success.")]]
            { $crate::boundary::ffi_out($out, stringify!($out), || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (string $out:ident, opt string $opt:ident)) => {
        $crate::export::export!(@fn $d $n $c
            [$out: *mut *mut ::std::ffi::c_char, $opt: *mut *mut ::std::ffi::c_char,] $s
            [#[doc = concat!(" - `", stringify!($out), "`: receives a new string on success (for `cdnsign_string_free`).")]
             #[doc = concat!(" - `", stringify!($opt), "`: NULL, or receives a new string on success (for `cdnsign_string_free`).")]]
            { $crate::boundary::ffi_out_and_opt($out, stringify!($out), $opt, || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (opt value $opt:ident: $t:ty)) => {
        $crate::export::export!(@fn $d $n $c [$opt: *mut $t,] $s
            [#[doc = concat!(" - `", stringify!($opt), "`: NULL, or receives the value on success.")]]
            { $crate::boundary::ffi_opt_out($opt, |v| Ok(<$t>::from(v)), || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (opt value $opt:ident: $t:ty, string $out:ident)) => {
        $crate::export::export!(@fn $d $n $c
            [$opt: *mut $t, $out: *mut *mut ::std::ffi::c_char,] $s
            [#[doc = concat!(" - `", stringify!($opt), "`: NULL, or receives the value on success.")]
             #[doc = concat!(" - `", stringify!($out), "`: receives a new string on success (for `cdnsign_string_free`).")]]
            { $crate::boundary::ffi_out_and_opt($out, stringify!($out), $opt, || { $($r)* $b }) });
    };
    (@out $d:tt $n:ident $b:block $c:tt [$($r:tt)*] $s:tt (opt json $out:ident: $record:ty)) => {
        $crate::export::export!(@fn $d $n $c [$out: *mut *mut ::std::ffi::c_char,] $s
            [#[doc = concat!(" - `", stringify!($out), "`: NULL, or receives a new string on success (for `cdnsign_string_free`).")]]
            { $crate::boundary::ffi_opt_json::<$record, _>($out, || { $($r)* $b }) });
    };

    // ---- the function ----
    (@fn [$($doc:literal)*] $n:ident [$($c:tt)*] [$($oc:tt)*] [$($s:tt)*] [$($os:tt)*] $call:block) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = " # Safety"]
        #[doc = " Each pointer must be, unless NULL (`CDNSIGN_STATUS_NULL_ARGUMENT` where a"]
        #[doc = " value is required):"]
        $($s)*
        $($os)*
        #[no_mangle]
        #[allow(clippy::too_many_arguments)]
        pub unsafe extern "C" fn $n($($c)* $($oc)*) -> $crate::status::cdnsign_status $call
    };
}

pub(crate) use export;
