//! Signed HLS and DASH manifests (`cdnsign::manifest`): `signManifest` on
//! `cloudfront.Signer`, `cloudcdn.Signer` and `mediacdn.TokenSigner`, and
//! `checkManifest` on the three verifiers, as further `#[napi]` impl blocks
//! of those classes. A string in gives a string out, a Buffer a Buffer.

use napi::bindgen_prelude::Buffer;
use napi::{Env, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::manifest::{CheckReport, SignOptions, SignedManifest as CoreSigned};

use crate::cloudcdn::{CloudCdnSigner, CloudCdnVerifier};
use crate::cloudfront::{CloudFrontSigner, CloudFrontVerifier};
use crate::convert::{self, core, JsResult, Opts, Shape};
use crate::export::methods;
use crate::mediacdn::{MediaCdnTokenSigner, MediaCdnVerifier};

static SIGN: Shape = Shape::options("signManifest options", SignManifestOptions::MEMBERS);
static SIGN_TOKEN: Shape =
    Shape::options("signManifest options", SignManifestTokenOptions::MEMBERS);
static CHECK: Shape = Shape::options("checkManifest options", CheckManifestOptions::MEMBERS);

ts_only! {
    #[doc = " Options of `signManifest(manifest, options)`."]
    SignManifestOptions {
        #[doc = " The manifest's own URL; relative references resolve against it."]
        pub url: String,
        #[doc = " When the one credential expires: a `Date` or Unix seconds."]
        pub expires: () as "Date | number",
        #[doc = " The coverage: a URL prefix every reference must start with (default:"]
        #[doc = " the manifest's folder)."]
        pub prefix: Option<String>,
        #[doc = " Rewrite every reference to an absolute URL (default false)."]
        pub absolute: Option<bool>,
    }

    #[doc = " Options of `mediacdn.TokenSigner.signManifest(manifest, options)`."]
    SignManifestTokenOptions {
        #[doc = " The manifest's own URL; relative references resolve against it."]
        pub url: String,
        #[doc = " When the one token expires: a `Date` or Unix seconds."]
        pub expires: () as "Date | number",
        #[doc = " The coverage (default: the manifest's folder)."]
        pub prefix: Option<String>,
        #[doc = " Rewrite every reference to an absolute URL (default false)."]
        pub absolute: Option<bool>,
        #[doc = " A `PathGlobs=<coverage path>*` token instead of `URLPrefix` (default false)."]
        pub path_globs: Option<bool>,
    }

    #[doc = " Options of `checkManifest(manifest, options)`."]
    CheckManifestOptions {
        #[doc = " The URL the manifest was fetched from."]
        pub url: String,
        #[doc = " The time to check at (a `Date` or Unix seconds); the clock when omitted."]
        pub now: Option<()> as "Date | number",
    }
}

// Declarations for index.d.ts; built by `convert::record_to_js` from
// `records::SignedManifestRecord` and `records::ManifestCheck`.
ts_record! { #[doc = " One rewritten reference."] ManifestReference = ManifestReference }

/// A signed manifest.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct SignedManifest {
    /// The signed manifest: a string when given a string, else a Buffer.
    #[napi(ts_type = "string | Buffer")]
    pub manifest: (),
    /// `hls` or `dash`.
    pub format: String,
    /// The URL prefix the one credential covers.
    pub coverage: String,
    /// The credential appended to every reference (query parameters).
    pub credential: String,
    /// Every rewritten reference, in order.
    pub references: Vec<ManifestReference>,
}

ts_record! {
    #[doc = " The check of one reference; `code`, `message` and `explain` when it fails."]
    ManifestLineCheck = ManifestLineCheck
}
ts_record! {
    #[doc = " Every reference of a signed manifest checked."]
    ManifestCheck = ManifestCheck {
        #[doc = " The report for a terminal (`cdnsign <provider> check-manifest`)."]
        pub text: String,
    }
}

/// The manifest's bytes and whether it came as a string.
fn input(manifest: Unknown) -> JsResult<(Vec<u8>, bool)> {
    let is_string = manifest.get_type().map_err(convert::napi_fail)? == ValueType::String;
    Ok((convert::to_bytes(manifest, "manifest")?, is_string))
}

fn sign_options(o: &Opts) -> JsResult<SignOptions> {
    let mut options = SignOptions::new(o.req_string("url")?, o.req_time("expires")?)
        .absolute(o.bool("absolute")?.unwrap_or(false));
    if let Some(p) = o.string("prefix")? {
        options = options.prefix(p);
    }
    Ok(options)
}

fn sign<'e, 'a>(
    env: &'e Env,
    manifest: Unknown,
    options: Option<Unknown<'a>>,
    shape: &'static Shape,
    sign: impl FnOnce(&[u8], &SignOptions, &Opts<'a>) -> JsResult<CoreSigned>,
) -> JsResult<Unknown<'e>> {
    let (bytes, is_string) = input(manifest)?;
    let o = Opts::new(options, shape)?;
    let options = sign_options(&o)?;
    let signed = sign(&bytes, &options, &o)?;
    let js = convert::record_to_js(env, &records::SignedManifestRecord::from(&signed))?;
    if !is_string {
        // a Buffer in gives a Buffer out, byte for byte (the record holds text)
        convert::set_member(js, "manifest", Buffer::from(signed.manifest))?;
    }
    Ok(js)
}

fn check<'e>(
    env: &'e Env,
    manifest: Unknown,
    options: Option<Unknown>,
    check: impl FnOnce(&[u8], &str, i64) -> cdnsign::Result<CheckReport>,
) -> JsResult<Unknown<'e>> {
    let (bytes, _) = input(manifest)?;
    let o = Opts::new(options, &CHECK)?;
    let url = o.req_string("url")?;
    let now = convert::now_or(o.time("now")?);
    let report = core(check(&bytes, &url, now))?;
    let js = convert::record_to_js(env, &records::ManifestCheck::from(&report))?;
    convert::set_member(js, "text", report.to_text())?;
    Ok(js)
}

/// `signManifest` on each signer class: one method, three classes, which
/// differ in the docs, the options and the core call (`$sign`, given the
/// signer, the manifest's bytes, the core's options and the `Opts`).
macro_rules! sign_manifest {
    (
        $ns:tt, $class:ident, [$($doc:tt)*], $ts_args:tt, $shape:expr,
        |$signer:ident, $m:pat_param, $o:pat_param, $opts:pat_param| $sign:expr $(,)?
    ) => {
        methods! { $ns $class {
            $(#[doc = $doc])*
            #[ts($ts_args, "SignedManifest")]
            fn sign_manifest(&self, env, manifest; options) -> Unknown<'e> {
                let $signer = &self.inner;
                sign(env, manifest, options, $shape, |$m, $o, $opts| $sign)
            }
        } }
    };
}

sign_manifest!(
    "cloudfront",
    CloudFrontSigner,
    [
        " Signs every reference of an HLS playlist or DASH MPD with one custom"
        " policy over the coverage (`Policy`, `Signature`, `Key-Pair-Id`"
        " appended to each); everything else is kept byte for byte. A reference"
        " the credential cannot cover is refused (`CDNSIGN_INVALID_INPUT`,"
        " naming the line)."
    ],
    "manifest: string | Buffer, options: SignManifestOptions",
    &SIGN,
    |signer, m, o, _| core(signer.sign_manifest(m, o)),
);
sign_manifest!(
    "cloudcdn",
    CloudCdnSigner,
    [
        " Signs every reference of an HLS playlist or DASH MPD with one"
        " `URLPrefix` signature, as `cloudfront.Signer.signManifest`."
    ],
    "manifest: string | Buffer, options: SignManifestOptions",
    &SIGN,
    |signer, m, o, _| core(signer.sign_manifest(m, o)),
);
sign_manifest!(
    "mediacdn",
    MediaCdnTokenSigner,
    [
        " Signs every reference of an HLS playlist or DASH MPD with one token"
        " (`URLPrefix`, or `PathGlobs` with `pathGlobs: true`) in the signer's"
        " parameter, as `cloudfront.Signer.signManifest`."
    ],
    "manifest: string | Buffer, options: SignManifestTokenOptions",
    &SIGN_TOKEN,
    |signer, m, o, opts| {
        let path_globs = opts.bool("pathGlobs")?.unwrap_or(false);
        core(signer.sign_manifest(m, o, path_globs))
    },
);

/// `checkManifest` on each verifier class: one method, three classes.
macro_rules! check_manifest {
    ($ns:tt, $class:ident) => {
        methods! { $ns $class {
            #[doc = " Checks the credential every reference of a signed manifest would"]
            #[doc = " send at `now` (the clock when omitted), reference by reference, with"]
            #[doc = " the provider's explain text for each failure."]
            #[ts("manifest: string | Buffer, options: CheckManifestOptions", "ManifestCheck")]
            fn check_manifest(&self, env, manifest; options) -> Unknown<'e> {
                check(env, manifest, options, |m, url, now| self.inner.check_manifest(m, url, now))
            }
        } }
    };
}

check_manifest!("cloudfront", CloudFrontVerifier);
check_manifest!("mediacdn", MediaCdnVerifier);
check_manifest!("cloudcdn", CloudCdnVerifier);
