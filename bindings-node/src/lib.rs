//! Node.js bindings for cdnsign (napi-rs).
//!
//! Thin by design: every export converts its JavaScript arguments
//! ([`convert`]), calls the core, and maps the core's errors to `Error`
//! objects whose `code` is `CDNSIGN_<UPPER_SNAKE of ErrorCode::as_str()>`.
//! No signing, parsing or verification logic lives here. Every export is
//! compiled with `catch_unwind`, and work sent to the libuv pool is wrapped in
//! [`convert::guard`], so a panic becomes `CDNSIGN_INTERNAL` instead of
//! aborting the process.

#![deny(clippy::all)]

/// TypeScript declarations of objects that napi never converts: options
/// read by `convert::Opts` (own properties only, unknown names refused),
/// and records the core validates (results whose members are a core
/// record's fields are [`ts_record!`] declarations). Each is a
/// `#[napi(object)]` struct (in namespace `$ns` when one is given) with both conversions off
/// (so no export can take one and skip `Opts`' checks): it exists for the
/// generated `index.d.ts` only, and is dead code in Rust. A comment in the
/// invocation says who reads or builds one when it is not `Opts`. A
/// member's TypeScript type, when napi's from the Rust type is not the one
/// meant, follows it: `pub expires: () as "Date | number"`.
///
/// Their docs are `#[doc]` strings, not `///` comments: napi-derive 3.7
/// copies a doc comment that went through a macro into `index.d.ts` with its
/// raw-string quotes (`/** r" text" */`; `extract_doc_comments` takes the
/// literal's token text instead of its value).
///
/// Each also gets `MEMBERS`, its member names (snake_case, as written): the
/// `convert::Shape` `Opts` reads an options object with, so for those the
/// names `index.d.ts` declares are the names accepted. `MEMBERS` does not see
/// `#[napi(js_name)]`: a struct renaming a member (`AccessRule`'s `type`)
/// keeps a hand-written list, as do objects declared elsewhere (the
/// explain options, `JS_SHAPES`).
macro_rules! ts_only {
    ($ns:literal; $($items:tt)*) => { ts_only!(@each [, namespace = $ns] $($items)*); };
    (@each [$($ns:tt)*]) => {};
    (@each [$($ns:tt)*] $(#[doc = $doc:tt])* $name:ident {
        $( $(#[doc = $fdoc:tt])* $(#[napi($($attr:tt)*)])? pub $field:ident: $ty:ty $(as $ts:literal)? ),*
        $(,)?
    } $($rest:tt)*) => {
        $(#[doc = $doc])*
        #[allow(dead_code)]
        #[napi(object, object_from_js = false, object_to_js = false $($ns)*)]
        pub struct $name {
            $( $(#[doc = $fdoc])* $(#[napi($($attr)*)])? $(#[napi(ts_type = $ts)])? pub $field: $ty, )*
        }

        #[allow(dead_code)]
        impl $name {
            pub(crate) const MEMBERS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        ts_only!(@each [$($ns)*] $($rest)*);
    };
    ($($items:tt)*) => { ts_only!(@each [] $($items)*); };
}

/// A result declaration (as [`ts_only!`] makes, in namespace `$ns` when
/// one is given) whose members are the fields of a core record, with their
/// docs and TypeScript types (`cdnsign::record_fields!`): `ts_record! {
/// "cloudfront" #[doc = "…"] Verified = CloudFrontVerified }`.
/// `convert::Record` (or results.js) builds the object from that record;
/// members in `{ … }` after it are ones the Node result adds, as napi
/// declares them (`#[doc = "…"] pub text: String,`).
macro_rules! ts_record {
    ($($ns:literal)? $(#[doc = $doc:tt])* $name:ident = $record:ident $({ $($extra:tt)* })?) => {
        cdnsign::record_fields!($record, ts_record_fields, [$($ns)?] [$(#[doc = $doc])*] $name [$($($extra)*)?]);
    };
}

/// [`ts_record!`]'s callback: the declaration, with the record's fields.
macro_rules! ts_record_fields {
    ([$($ns:literal)?] [$($doc:tt)*] $name:ident [$($extra:tt)*] {
        $( $(#[doc = $fdoc:tt])* $field:ident: $ty:ty $(as $ts:literal)?, )*
    }) => {
        $($doc)*
        #[allow(dead_code)]
        #[napi(object, object_from_js = false, object_to_js = false $(, namespace = $ns)?)]
        pub struct $name {
            $( $(#[doc = $fdoc])* $(#[napi(ts_type = $ts)])? pub $field: $ty, )*
            $($extra)*
        }
    };
}

/// `signUrl`, `signPrefix`, `prefixQuery` and `signCookie` of the two Google
/// signers (`mediacdn.Signer`, `cloudcdn.Signer`), whose cores take the same
/// arguments and give the same records (`mediacdn`'s result types). Per
/// method: its doc lines, then its TypeScript argument and result types.
/// Docs as `#[doc]` strings, as in [`ts_only!`].
macro_rules! google_signer_methods {
    (
        $ns:tt, $class:ident,
        sign_url: [$($d1:tt)*] $r1:tt,
        sign_prefix: [$($d2:tt)*] $r2:tt,
        prefix_query: [$($d3:tt)*] $r3:tt,
        sign_cookie: [$($d4:tt)*] $a4:tt $r4:tt $(,)?
    ) => {
        $crate::export::methods! { $ns $class {
            $(#[doc = $d1])*
            #[ts("url: string, options: mediacdn.ExpiresOptions", $r1)]
            fn sign_url(&self, env, url; options) -> Record<records::SignedUrl> {
                let url = convert::to_string(url, "url")?;
                let o = Opts::new(options, &$crate::mediacdn::SIGN_URL)?;
                core(self.inner.sign_url(&url, o.req_time("expires")?)).map(|u| Record::of(&u))
            }

            $(#[doc = $d2])*
            #[ts("url: string, prefix: string, options: mediacdn.ExpiresOptions", $r2)]
            fn sign_prefix(&self, env, url, prefix; options) -> Record<records::SignedUrl> {
                let url = convert::to_string(url, "url")?;
                let prefix = convert::to_string(prefix, "prefix")?;
                let o = Opts::new(options, &$crate::mediacdn::SIGN_PREFIX)?;
                let expires = o.req_time("expires")?;
                core(self.inner.sign_prefix(&url, &prefix, expires)).map(|u| Record::of(&u))
            }

            $(#[doc = $d3])*
            #[ts("prefix: string, options: mediacdn.ExpiresOptions", $r3)]
            fn prefix_query(&self, env, prefix; options) -> Record<records::SignedQuery> {
                let prefix = convert::to_string(prefix, "prefix")?;
                let o = Opts::new(options, &$crate::mediacdn::PREFIX_QUERY)?;
                let expires = o.req_time("expires")?;
                core(self.inner.prefix_query(&prefix, expires)).map(|q| Record::of(&q))
            }

            $(#[doc = $d4])*
            #[ts($a4, $r4)]
            fn sign_cookie(&self, env, prefix; options) -> Record<records::SignedCookie> {
                let prefix = convert::to_string(prefix, "prefix")?;
                let o = Opts::new(options, &$crate::mediacdn::SIGN_COOKIE)?;
                let attributes = convert::cookie_attributes(&o, false)?;
                let c = core(self.inner.sign_cookie(&prefix, o.req_time("expires")?))?;
                $crate::mediacdn::signed_cookie(c, &attributes)
            }
        } }
    };
}

/// A provider's `explain(input, options?)` export (`convert::explain`) and
/// its `ExplainOptions` declaration, which differ between the providers
/// only in what the input is (`$doc`, the head of the function's doc) and
/// the webhook form's `bodyLen` (`$extra` members). What it returns is said
/// once, here: the shape belongs to `Explanation`, so no provider's doc
/// lists (and can drift from) its members. The docs are `#[doc]` strings:
/// napi-rs copies a `///` comment that went through a macro into
/// `index.d.ts` with its raw-string quotes.
macro_rules! explain_export {
    ($ns:tt, $provider:ident, [$($options_doc:tt)*], [$($doc:tt)*], $($extra:tt)*) => {
        $(#[doc = $options_doc])*
        #[allow(dead_code)] // TypeScript declaration only; parsed by `Opts`
        #[napi(object, object_from_js = false, object_to_js = false, namespace = $ns)]
        pub struct ExplainOptions {
            #[doc = " The time to judge it at (a `Date` or Unix seconds); the clock when omitted."]
            #[napi(ts_type = "Date | number")]
            pub now: Option<()>,
            $($extra)*
        }

        $(#[doc = $doc])*
        #[doc = " Returns an `Explanation`: the core's JSON view, the same as"]
        #[doc = " `cdnsign explain --json` prints and Python's `explain` returns"]
        #[doc = " (its keys in camelCase), plus `text`, the CLI's report; `null`"]
        #[doc = " when `input` is not such a credential. `options.now` (a `Date`"]
        #[doc = " or Unix seconds; the clock when omitted) is the time it is"]
        #[doc = " judged at."]
        #[napi(
            namespace = $ns,
            catch_unwind,
            ts_args_type = "input: string, options?: ExplainOptions",
            ts_return_type = "Explanation | null"
        )]
        pub fn explain<'a>(
            env: &'a Env,
            input: Unknown,
            options: Option<Unknown>,
        ) -> napi::Result<Option<Unknown<'a>>> {
            $crate::convert::explain(env, input, options, cdnsign::api::Provider::$provider)
        }
    };
}

pub mod cloudcdn;
pub mod cloudfront;
pub mod convert;
mod export;
pub mod handles;
pub mod mediacdn;
pub mod raw;
pub mod stream;
pub mod webhook;
// after the modules whose classes it adds methods to (napi-rs learns a
// class's JavaScript name from its struct)
pub mod manifest;

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Unknown};
use napi_derive::napi;

use convert::code_name;

/// The library version (the workspace `Cargo.toml`, the single source of truth;
/// `package.json` is checked against it by the test suite).
#[napi(catch_unwind)]
pub fn version() -> String {
    cdnsign::VERSION.to_owned()
}

/// Every `err.code` this package can throw, in the core's stable order
/// (`CDNSIGN_INVALID_INPUT`, `CDNSIGN_INVALID_KEY`, `CDNSIGN_EXPIRED`, ...).
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<String> {
    cdnsign::ErrorCode::ALL
        .iter()
        .map(|c| code_name(*c))
        .collect()
}

/// Converts a `Date` or Unix seconds to Unix seconds, with the same checks
/// every time option gets: a number above 1e11 is refused as milliseconds
/// (`CDNSIGN_INVALID_INPUT`), as are fractions, negatives and invalid dates.
#[napi(catch_unwind, ts_args_type = "time: Date | number")]
pub fn to_unix_seconds(env: &Env, time: Unknown) -> napi::Result<i64> {
    convert::run(env, || convert::to_time(time, "time"))
}

// The members of the JavaScript helpers' options objects (compat/,
// express.js), which `__checkOptions` checks by the same rules as the
// addon's own: their .d.ts files declare the same names.
const COMPAT_INPUT: &[&str] = &[
    "keyPairId",
    "privateKey",
    "passphrase",
    "algorithm",
    "url",
    "dateLessThan",
    "dateGreaterThan",
    "ipAddress",
    "policy",
];
static JS_SHAPES: [convert::Shape; 3] = [
    convert::Shape::options("getSignedUrl input", COMPAT_INPUT),
    convert::Shape::options("getSignedCookies input", COMPAT_INPUT),
    convert::Shape::options(
        "streamWebhook options",
        &["secrets", "tolerance", "ignoreTimestamp", "limit", "now"],
    ),
];

/// For the package's JavaScript helpers: refuses (`CDNSIGN_INVALID_INPUT`)
/// an own enumerable name of `value` that the options object named `what`
/// does not have, with the closest known one; the helper then copies the
/// own properties itself (values are not read here).
#[napi(catch_unwind, js_name = "__checkOptions", skip_typescript)]
pub fn check_options(env: &Env, value: Option<Unknown>, what: Unknown) -> napi::Result<()> {
    convert::run(env, || {
        let what = convert::to_string(what, "what")?;
        let shape = JS_SHAPES
            .iter()
            .find(|s| s.what == what)
            .ok_or_else(|| convert::internal_err(format!("no options shape {what:?}")))?;
        convert::check_names(value, shape)
    })
}

/// Test hook: panics inside the addon so the suite can prove a panic becomes a
/// `CDNSIGN_INTERNAL` error instead of aborting the process. `where` picks the
/// path: `"sync"` (inside an export's body) or `"pool"` (inside work on the
/// libuv thread pool, reported through a rejected promise).
#[napi(catch_unwind, js_name = "__panicForTests", skip_typescript)]
pub fn panic_for_tests(
    env: &Env,
    place: Unknown,
) -> napi::Result<Option<AsyncTask<convert::PoolTask<()>>>> {
    convert::run(env, || match convert::to_string(place, "where")?.as_str() {
        "sync" => panic!("deliberate panic from __panicForTests"),
        "pool" => Ok(Some(convert::PoolTask::new("__panicForTests", || {
            panic!("deliberate panic on the thread pool")
        }))),
        other => Err(convert::input_err(
            "where",
            format!("unknown place {other}"),
        )),
    })
}
