//! `methods!` and `functions!`: how the exports whose arguments are plain
//! JavaScript values are declared. Each argument is an `Unknown` its body
//! converts (`convert`, so a wrong type names the argument), a constructor's
//! or a method's body that takes `env` runs inside
//! [`convert::run`](crate::convert::run) (the panic guard and the error
//! mapping), and the TypeScript signature sits on the line above it, so none
//! of those can forget the guard or restate its boilerplate. Getters and
//! methods without `env` return a plain value and cannot fail; they keep
//! napi's `catch_unwind` alone (a panic there is napi's `GenericFailure`).
//!
//! ```text
//! methods! { "stream" StreamVerifier {
//!     #[doc = " What it does (index.d.ts's text)."]
//!     #[ts("keys?: object, options?: VerifierOptions")]
//!     new(env; keys, options) as "stream.Verifier" { Ok(Self { .. }) }
//!
//!     #[ts("token: string, options?: VerifyOptions", "stream.VerifiedToken")]
//!     fn verify(&self, env, token; options) -> Record<records::StreamVerified> { .. }
//!
//!     #[ts("kid: string, pem: string")]   // no receiver: a static method
//!     fn from_pem(env, kid, pem) -> ClassInstance<'e, Self> { .. }
//!
//!     get kids(&self) -> Vec<String> { .. }   // a getter, no `env`
//!     fn public_pem(&self) -> String { .. }   // no `env`: cannot fail
//! } }
//!
//! functions! { "cloudfront" {
//!     #[ts("url: string")]
//!     fn percent_encode_url(env, url) -> String { .. }
//! } }
//! ```
//!
//! Arguments before `;` are required (`Unknown`), those after it optional
//! (`Option<Unknown>`). `#[ts(args, return)]` gives `ts_args_type` and
//! `ts_return_type` (`#[ts(args)]` the arguments alone); on a getter or a
//! method without `env`, which take no arguments, `#[ts(return)]` is the
//! return type. Without it napi-rs derives both from the Rust types.
//! `env` and `self` are spelled in the invocation because the body uses
//! them (a name the macro made up would be hidden from it). `'e` is the
//! lifetime of `env`, for results that live in it (`Unknown<'e>`); clippy's
//! `needless_lifetimes` is allowed because most results do not name it.
//!
//! Each method is its own `#[napi] impl` block: napi-rs merges the blocks of
//! a class (as it does `manifest`'s), and `#[napi]` must see the methods
//! written out, which a macro call inside one block would hide.
//!
//! Docs are `#[doc]` strings, as in `ts_only!`: napi-derive 3.7 copies a
//! `///` comment that went through a macro into `index.d.ts` with its
//! raw-string quotes.

/// Declares methods of class `$class`, in namespace `$ns` (module doc).
macro_rules! methods {
    ($ns:literal $class:ident { $($items:tt)* }) => {
        $crate::export::methods!(@item $ns $class $($items)*);
    };
    (@item $ns:literal $class:ident) => {};
    (@item $ns:literal $class:ident
        $(#[doc = $doc:literal])*
        #[ts($args:literal)]
        new($env:ident $(, $p:ident)* $(; $($o:ident),+)?) as $js:literal $body:block
        $($rest:tt)*
    ) => {
        #[napi(namespace = $ns)]
        impl $class {
            $(#[doc = $doc])*
            #[napi(constructor, catch_unwind, ts_args_type = $args)]
            pub fn new(
                $env: &napi::Env,
                this: napi::bindgen_prelude::This<Unknown>,
                $($p: napi::Unknown,)*
                $($($o: Option<napi::Unknown>,)+)?
            ) -> napi::Result<Self> {
                $crate::convert::run($env, || {
                    $crate::convert::require_new(&this, $js)?;
                    $body
                })
            }
        }
        $crate::export::methods!(@item $ns $class $($rest)*);
    };
    // A getter (`get`) or a method without `env` (`fn`), told apart by `@plain`.
    (@item $ns:literal $class:ident
        $(#[doc = $doc:literal])*
        $(#[ts($rts:literal)])?
        $kind:ident $name:ident(&$s:ident) -> $ret:ty $body:block
        $($rest:tt)*
    ) => {
        $crate::export::methods!(@plain $kind $ns $class [$($doc)*]
            [$(, ts_return_type = $rts)?] $name $s $ret, $body);
        $crate::export::methods!(@item $ns $class $($rest)*);
    };
    (@plain get $ns:literal $class:ident [$($doc:literal)*] [$($ts:tt)*] $name:ident $s:ident $ret:ty, $body:block) => {
        #[napi(namespace = $ns)]
        impl $class { $(#[doc = $doc])* #[napi(getter, catch_unwind $($ts)*)] pub fn $name(&$s) -> $ret $body }
    };
    (@plain fn $ns:literal $class:ident [$($doc:literal)*] [$($ts:tt)*] $name:ident $s:ident $ret:ty, $body:block) => {
        #[napi(namespace = $ns)]
        impl $class { $(#[doc = $doc])* #[napi(catch_unwind $($ts)*)] pub fn $name(&$s) -> $ret $body }
    };
    (@item $ns:literal $class:ident
        $(#[doc = $doc:literal])*
        $(#[ts($args:literal $(, $rts:literal)?)])?
        fn $name:ident(&mut $s:ident, $env:ident $(, $p:ident)* $(; $($o:ident),+)?)
            -> $ret:ty $body:block
        $($rest:tt)*
    ) => {
        $crate::export::methods!(@fn $ns $class [$($doc)*]
            [$(, ts_args_type = $args $(, ts_return_type = $rts)?)?]
            $name [&mut $s,] $env [$($p)*] [$($($o)+)?] $ret, $body);
        $crate::export::methods!(@item $ns $class $($rest)*);
    };
    (@item $ns:literal $class:ident
        $(#[doc = $doc:literal])*
        $(#[ts($args:literal $(, $rts:literal)?)])?
        fn $name:ident(&$s:ident, $env:ident $(, $p:ident)* $(; $($o:ident),+)?)
            -> $ret:ty $body:block
        $($rest:tt)*
    ) => {
        $crate::export::methods!(@fn $ns $class [$($doc)*]
            [$(, ts_args_type = $args $(, ts_return_type = $rts)?)?]
            $name [&$s,] $env [$($p)*] [$($($o)+)?] $ret, $body);
        $crate::export::methods!(@item $ns $class $($rest)*);
    };
    (@item $ns:literal $class:ident
        $(#[doc = $doc:literal])*
        $(#[ts($args:literal $(, $rts:literal)?)])?
        fn $name:ident($env:ident $(, $p:ident)* $(; $($o:ident),+)?) -> $ret:ty $body:block
        $($rest:tt)*
    ) => {
        $crate::export::methods!(@fn $ns $class [$($doc)*]
            [$(, ts_args_type = $args $(, ts_return_type = $rts)?)?]
            $name [] $env [$($p)*] [$($($o)+)?] $ret, $body);
        $crate::export::methods!(@item $ns $class $($rest)*);
    };
    // One method taking `env`, whatever its receiver (`[&self,]`, `[&mut self,]`, `[]`).
    (@fn $ns:literal $class:ident [$($doc:literal)*] [$($ts:tt)*]
        $name:ident [$($recv:tt)*] $env:ident [$($p:ident)*] [$($o:ident)*] $ret:ty, $body:block
    ) => {
        #[napi(namespace = $ns)]
        impl $class {
            $(#[doc = $doc])*
            #[napi(catch_unwind $($ts)*)]
            #[allow(clippy::needless_lifetimes)]
            pub fn $name<'e>(
                $($recv)*
                $env: &'e napi::Env,
                $($p: napi::Unknown,)*
                $($o: Option<napi::Unknown>,)*
            ) -> napi::Result<$ret> {
                $crate::convert::run($env, || $body)
            }
        }
    };
}

/// Declares functions of namespace `$ns` (module doc).
macro_rules! functions {
    ($ns:literal { $($items:tt)* }) => {
        $crate::export::functions!(@item $ns $($items)*);
    };
    (@item $ns:literal) => {};
    (@item $ns:literal
        $(#[doc = $doc:literal])*
        $(#[ts($args:literal $(, $rts:literal)?)])?
        fn $name:ident($env:ident $(, $p:ident)* $(; $($o:ident),+)?) -> $ret:ty $body:block
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[napi(namespace = $ns, catch_unwind $(, ts_args_type = $args $(, ts_return_type = $rts)?)?)]
        #[allow(clippy::needless_lifetimes)]
        pub fn $name<'e>(
            $env: &'e napi::Env,
            $($p: napi::Unknown,)*
            $($($o: Option<napi::Unknown>,)+)?
        ) -> napi::Result<$ret> {
            $crate::convert::run($env, || $body)
        }
        $crate::export::functions!(@item $ns $($rest)*);
    };
}

pub(crate) use {functions, methods};
