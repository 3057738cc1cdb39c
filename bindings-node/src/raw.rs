//! The two hottest calls as plain N-API callbacks, without napi-rs's
//! generated glue (`CallbackInfo`, the native-borrow scope and barrier),
//! which cost about 5% of a 1 KiB webhook verification: results.js gets them
//! from `__rawFunctions()` and takes both off the exports. The bodies are
//! the napi-rs exports' own (`webhook::verify_by_handle`,
//! `mediacdn::sign_claims`), run by [`convert::run`] (panic guard, error
//! mapping); errors are thrown exactly as the generated glue throws them.

use std::ptr;

use napi::bindgen_prelude::{JsError, JsObjectValue, Object, ToNapiValue};
use napi::{sys, Env, Unknown};
use napi_derive::napi;

use crate::convert::{self, JsResult};

/// Reads up to `N` arguments (missing ones are `undefined`) and runs `body`;
/// its value, or a thrown error, is the call's result. Reading the
/// arguments, the body and the conversion of its value all run inside
/// [`convert::run`]'s panic guard; only the throw of its error is outside.
///
/// # Safety
/// `env` and `info` are the ones N-API passed to the callback.
unsafe fn call<const N: usize, T: ToNapiValue>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&Env, [Unknown; N]) -> JsResult<T>,
) -> sys::napi_value {
    let wrapped = Env::from(env);
    let result = convert::run(&wrapped, || {
        let mut argc = N;
        let mut argv = [ptr::null_mut(); N];
        // SAFETY: `argv` has room for `argc` values; N-API fills the ones the
        // caller did not pass with `undefined`.
        let status = unsafe {
            sys::napi_get_cb_info(
                env,
                info,
                &mut argc,
                argv.as_mut_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        if status != sys::Status::napi_ok {
            return Err(convert::internal_err("napi_get_cb_info failed"));
        }
        // SAFETY: live values of this call's scope.
        let args = argv.map(|v| unsafe { Unknown::from_raw_unchecked(env, v) });
        let value = body(&wrapped, args)?;
        // SAFETY: `env` is this call's.
        unsafe { T::to_napi_value(env, value) }.map_err(convert::napi_fail)
    });
    match result {
        Ok(v) => v,
        Err(e) => {
            // SAFETY: `env` is this call's.
            unsafe { JsError::from(e).throw_into(env) };
            ptr::null_mut()
        }
    }
}

unsafe extern "C" fn webhook_verify(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    unsafe {
        call(env, info, |_, [handle, header, body, options, out, now]| {
            crate::webhook::verify_by_handle(handle, header, body, Some(options), out, Some(now))
        })
    }
}

unsafe extern "C" fn mediacdn_sign_claims(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    unsafe {
        call(
            env,
            info,
            |_, [handle, mode, arg, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9]| {
                crate::mediacdn::sign_claims(
                    handle,
                    mode,
                    arg,
                    [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9],
                )
            },
        )
    }
}

type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

fn function<'a>(env: &'a Env, name: &str, cb: Callback) -> napi::Result<Unknown<'a>> {
    let mut f = ptr::null_mut();
    // SAFETY: `name` is valid for `name.len()` bytes; `f` receives the function.
    napi::check_status!(
        unsafe {
            sys::napi_create_function(
                env.raw(),
                name.as_ptr().cast(),
                name.len() as isize,
                Some(cb),
                ptr::null_mut(),
                &mut f,
            )
        },
        "napi_create_function failed"
    )?;
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), f) })
}

/// For results.js (which deletes this export once called, while the package
/// loads): `{ webhookVerify, mediacdnSignClaims }`. It also takes hold of
/// `JSON.parse` and `JSON.stringify` then ([`convert::hold_json`]).
#[napi(js_name = "__rawFunctions", skip_typescript)]
pub fn raw_functions(env: &Env) -> napi::Result<Object<'_>> {
    convert::hold_json(env).map_err(|e| convert::to_js_error(env, e))?;
    let mut o = Object::new(env)?;
    o.set_named_property("webhookVerify", function(env, "verify", webhook_verify)?)?;
    o.set_named_property(
        "mediacdnSignClaims",
        function(env, "signClaims", mediacdn_sign_claims)?,
    )?;
    Ok(o)
}
