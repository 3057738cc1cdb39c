//! `webhook`: Cloudflare Stream webhook signatures (`cdnsign::webhook`).

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::webhook as core_webhook;

use std::cell::RefCell;
use std::rc::Rc;

use crate::convert::{self, core, input_err, now_or, run, JsResult, Opts, Shape};
use crate::export::{functions, methods};
use crate::handles::{self, Handle, Table};

// The members each options object may have (`Opts` refuses any other and
// reads own properties only).
static SIGN_OPTIONS: Shape = Shape::options("webhook.sign options", SignOptions::MEMBERS);
static VERIFIER_OPTIONS: Shape =
    Shape::options("webhook.Verifier options", VerifierOptions::MEMBERS);
static VERIFY_OPTIONS: Shape = Shape::options("verify options", VerifyOptions::MEMBERS);

/// The header Stream sends: `Webhook-Signature`.
#[napi(namespace = "webhook")]
pub const HEADER_NAME: &str = core_webhook::HEADER_NAME;

/// Default tolerance, seconds, in the past and in the future.
#[napi(namespace = "webhook")]
pub const DEFAULT_TOLERANCE: u32 = core_webhook::DEFAULT_TOLERANCE as u32;

ts_only! {
    "webhook";
    #[doc = " Options of `webhook.sign`."]
    SignOptions {
        #[doc = " The signed time (a `Date` or Unix seconds); now when omitted."]
        pub time: Option<()> as "Date | number",
    }

    #[doc = " Options of `new webhook.Verifier(secrets, options)`."]
    VerifierOptions {
        #[doc = " Seconds a timestamp may be in the past or the future (default 300)."]
        pub tolerance: Option<u32>,
        #[doc = " Skip the timestamp check (replaying stored events only; the signature"]
        #[doc = " is still checked)."]
        pub ignore_timestamp: Option<bool>,
    }

    #[doc = " Options of `verifier.verify` / `verifier.verifyEvent`."]
    VerifyOptions {
        #[doc = " The time to check against (a `Date` or Unix seconds); the clock when omitted."]
        pub now: Option<()> as "Date | number",
    }
}

// Built by results.js from the three numbers `Verifier.verify` writes.
ts_record! { "webhook" #[doc = " A delivery whose signature verified."] Verified = WebhookVerified }

ts_record! { "webhook" #[doc = " The typed view of a webhook body."] Event = WebhookEvent }
ts_record! {
    "webhook" #[doc = " A verified delivery and its parsed body."]
    VerifiedEvent = WebhookVerifiedEvent
}

/// An event's record as a JavaScript object (`convert::record_to_js`), with
/// `raw` (and `meta`) as `JSON.parse` of the body the core parsed, so that
/// key order and numbers are JavaScript's.
fn event_to_js<'a>(env: &'a Env, body: &[u8], e: core_webhook::Event) -> JsResult<Unknown<'a>> {
    let text = std::str::from_utf8(body)
        .map_err(|_| convert::internal_err("verified body is not UTF-8"))?;
    let raw = convert::json_parse(env, text)?;
    let mut record = records::WebhookEvent::from(e);
    let has_meta = record.meta.take().is_some();
    record.raw = serde_json::Value::Null; // null members are left out
    let obj = convert::record_to_js(env, &record)?;
    if has_meta {
        let body: Object = unsafe { raw.cast() }.map_err(convert::napi_fail)?;
        let meta: Unknown = body
            .get_named_property_unchecked("meta")
            .map_err(convert::napi_fail)?;
        convert::set_member(obj, "meta", meta)?;
    }
    convert::set_member(obj, "raw", raw)?;
    Ok(obj)
}

/// The header Stream would send for `body` at `options.time` (default now):
/// `time=<unix>,sig1=<hex HMAC-SHA256>`. For tests and replays to your own endpoint.
#[napi(
    namespace = "webhook",
    catch_unwind,
    ts_args_type = "secret: string | Buffer, body: string | Buffer, options?: SignOptions"
)]
pub fn sign(
    env: &Env,
    secret: Unknown,
    body: Unknown,
    options: Option<Unknown>,
) -> napi::Result<String> {
    run(env, || {
        let secret = convert::to_bytes(secret, "secret")?;
        let body = convert::to_bytes(body, "body")?;
        let opts = Opts::new(options, &SIGN_OPTIONS)?;
        let time = now_or(opts.time("time")?);
        core(core_webhook::sign(&secret, &body, time))
    })
}

functions! { "webhook" {
    #[doc = " Parses a webhook body (string or Buffer) into the typed event, without"]
    #[doc = " checking a signature: use `Verifier.verifyEvent` for requests."]
    #[ts("body: string | Buffer", "webhook.Event")]
    fn parse_event(env, body) -> Unknown<'e> {
        let body = convert::to_bytes(body, "body")?;
        let event = core(core_webhook::Event::parse(&body))?;
        event_to_js(env, &body, event)
    }
} }

/// Verifies `Webhook-Signature` headers against one or more secrets (during
/// a rotation both the old and the new one), on the raw body bytes.
#[napi(namespace = "webhook", js_name = "Verifier")]
pub struct WebhookVerifier {
    inner: Rc<core_webhook::Verifier>,
    handle: Handle<core_webhook::Verifier>,
}

thread_local! {
    static VERIFIERS: RefCell<Table<core_webhook::Verifier>> = const { RefCell::new(Table::new()) };
}

methods! { "webhook" WebhookVerifier {
    #[doc = " `secrets`: one secret or a list (strings as Cloudflare returned them,"]
    #[doc = " used as UTF-8 bytes; or Buffers). `options.tolerance` in seconds"]
    #[doc = " (default 300, both ways); `options.ignoreTimestamp` skips the time check."]
    #[ts("secrets: string | Buffer | Array<string | Buffer>, options?: VerifierOptions")]
    new(env, secrets; options) as "webhook.Verifier" {
        let list: Vec<Vec<u8>> = if secrets.is_array().unwrap_or(false) {
            convert::to_array(secrets, "secrets")?
                .into_iter()
                .enumerate()
                .map(|(i, s)| convert::to_bytes(s, &format!("secrets[{i}]")))
                .collect::<JsResult<_>>()?
        } else {
            vec![convert::to_bytes(secrets, "secrets")?]
        };
        let opts = Opts::new(options, &VERIFIER_OPTIONS)?;
        let mut inner = core(core_webhook::Verifier::new(list))?;
        if let Some(t) = opts.int("tolerance")? {
            let t = u64::try_from(t).map_err(|_| {
                input_err(
                    "tolerance",
                    format!("tolerance={t} must be zero or more seconds"),
                )
            })?;
            inner = inner.with_tolerance(t);
        }
        if opts.bool("ignoreTimestamp")? == Some(true) {
            inner = inner.ignore_timestamp();
        }
        Ok(WebhookVerifier {
            inner: Rc::new(inner),
            handle: Handle::new(&VERIFIERS),
        })
    }

    #[doc = " The tolerance in seconds, or `null` when timestamps are ignored."]
    get tolerance(&self) -> Option<i64> {
        match self.inner.tolerance() {
            core_webhook::Tolerance::Seconds(s) => Some(i64::try_from(s).unwrap_or(i64::MAX)),
            core_webhook::Tolerance::Ignore => None,
        }
    }
} }

#[napi(namespace = "webhook")]
impl WebhookVerifier {
    /// Checks `header` (the `Webhook-Signature` value; `undefined`/`null` when
    /// the request had none) against the raw `body`. Throws
    /// `CDNSIGN_MISSING_CREDENTIAL`, `CDNSIGN_MALFORMED`, `CDNSIGN_BAD_SIGNATURE`,
    /// `CDNSIGN_TIMESTAMP_TOO_OLD` or `CDNSIGN_TIMESTAMP_IN_FUTURE`.
    //
    // results.js replaces this method on the prototype: it calls
    // `verify_by_handle` (through raw.rs) with this instance's handle, which writes `time`,
    // `age` and `secretIndex` into a `Float64Array`, and builds `Verified`
    // in JavaScript. Creating that object through N-API, and unwrapping
    // `this`, each cost about a fifth of the HMAC of a 1 KiB body
    // (bench/ANALYSIS.md). This native method does the same with `out`.
    #[napi(
        catch_unwind,
        ts_args_type = "header: string | null | undefined, body: string | Buffer, options?: VerifyOptions",
        ts_return_type = "webhook.Verified"
    )]
    pub fn verify(
        &self,
        env: &Env,
        header: Unknown,
        body: Unknown,
        options: Option<Unknown>,
        out: Unknown,
    ) -> napi::Result<()> {
        run(env, || {
            verify_into(&self.inner, header, body, options, None, out)
        })
    }

    // This instance's handle for `verify_by_handle` (see handles.rs);
    // results.js takes it off the prototype.
    #[napi(js_name = "__handle", skip_typescript, catch_unwind)]
    pub fn handle(&self) -> u32 {
        self.handle.id(&self.inner)
    }
}

methods! { "webhook" WebhookVerifier {
    #[doc = " `verify`, then parses the body into the typed event."]
    #[ts("header: string | null | undefined, body: string | Buffer, options?: VerifyOptions", "webhook.VerifiedEvent")]
    fn verify_event(&self, env, header, body; options) -> Unknown<'e> {
        let (header, body, now) = verify_args(header, body, options)?;
        let (v, event) = core(self.inner.verify_event(header.as_deref(), &body, now))?;
        let obj = convert::record_to_js(env, &records::WebhookVerified::from(&v))?;
        convert::set_member(obj, "event", event_to_js(env, &body, event)?)?;
        Ok(obj)
    }
} }

/// `Verifier.verify` for results.js, by handle (see `WebhookVerifier::verify`;
/// called through raw.rs). When `options` is `{ now }` (or `{}`), results.js
/// passes `now` itself and no `options`: reading a one-member object through
/// N-API cost a third of the call.
pub(crate) fn verify_by_handle(
    handle: Unknown,
    header: Unknown,
    body: Unknown,
    options: Option<Unknown>,
    out: Unknown,
    now: Option<Unknown>,
) -> JsResult<()> {
    let verifier = handles::lookup(&VERIFIERS, handle)?;
    verify_into(&verifier, header, body, options, now, out)
}

/// `verify`: the header (read without an allocation), the options, then the
/// body (borrowed from a Buffer); `time`, `age`, `secretIndex` into `out`.
fn verify_into(
    verifier: &core_webhook::Verifier,
    header: Unknown,
    body: Unknown,
    options: Option<Unknown>,
    now: Option<Unknown>,
    out: Unknown,
) -> JsResult<()> {
    let check = |header: Option<&str>| {
        let now = match convert::present(now) {
            // `options.now`, which results.js read from a `{ now }` object
            Some(now) => convert::to_time(now, "now")?,
            None => now_or(Opts::new(options, &VERIFY_OPTIONS)?.time("now")?),
        };
        convert::with_bytes(body, "body", |body| {
            core(verifier.verify(header, body, now))
        })
    };
    let v = match convert::present(Some(header)) {
        None => check(None)?,
        Some(h) => convert::with_str(h, "header", |h| check(Some(h)))?,
    };
    convert::write_f64s(out, &[v.time as f64, v.age as f64, v.secret_index as f64])
}

type VerifyArgs = (Option<String>, Vec<u8>, i64);

fn header_arg(header: Unknown) -> JsResult<Option<String>> {
    match convert::present(Some(header)) {
        None => Ok(None),
        Some(h) => Ok(Some(convert::to_string(h, "header")?)),
    }
}

fn verify_args(header: Unknown, body: Unknown, options: Option<Unknown>) -> JsResult<VerifyArgs> {
    let header = header_arg(header)?;
    let body = convert::to_bytes(body, "body")?;
    let opts = Opts::new(options, &VERIFY_OPTIONS)?;
    Ok((header, body, now_or(opts.time("now")?)))
}

explain_export! {
    "webhook",
    Webhook,
    [" Options of `webhook.explain(input, options)`."],
    [
        " Decodes a `Webhook-Signature` header (with or without its name) without"
        " the secret and says in plain words what a verifier would check and refuse"
        " (a stale or future timestamp, a malformed signature...). `options.bodyLen`,"
        " the body's length in bytes when known, is reported with it."
    ],
    #[doc = " The body's length in bytes, when known."]
    pub body_len: Option<u32>,
}
