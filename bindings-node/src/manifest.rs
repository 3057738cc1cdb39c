//! Signed HLS and DASH manifests (`cdnsign::manifest`): `signManifest` on
//! `cloudfront.Signer`, `cloudcdn.Signer` and `mediacdn.TokenSigner`, and
//! `checkManifest` on the three verifiers, as further `#[napi]` impl blocks
//! of those classes. A string in gives a string out, a Buffer a Buffer.

use napi::bindgen_prelude::{Buffer, Either};
use napi::{Env, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::manifest::{CheckReport, SignOptions, SignedManifest as CoreSigned};

use crate::cloudcdn::{CloudCdnSigner, CloudCdnVerifier};
use crate::cloudfront::{CloudFrontSigner, CloudFrontVerifier};
use crate::convert::{self, core, run, JsResult, Opts, Shape};
use crate::mediacdn::{MediaCdnTokenSigner, MediaCdnVerifier};

static SIGN: Shape = Shape::options(
    "signManifest options",
    &["url", "expires", "prefix", "absolute"],
);
static SIGN_TOKEN: Shape = Shape::options(
    "signManifest options",
    &["url", "expires", "prefix", "absolute", "pathGlobs"],
);
static CHECK: Shape = Shape::options("checkManifest options", &["url", "now"]);

/// Options of `signManifest(manifest, options)`.
#[allow(dead_code)] // TypeScript declaration only; parsed by `Opts`
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct SignManifestOptions {
    /// The manifest's own URL; relative references resolve against it.
    pub url: String,
    /// When the one credential expires: a `Date` or Unix seconds.
    #[napi(ts_type = "Date | number")]
    pub expires: (),
    /// The coverage: a URL prefix every reference must start with (default:
    /// the manifest's folder).
    pub prefix: Option<String>,
    /// Rewrite every reference to an absolute URL (default false).
    pub absolute: Option<bool>,
}

/// Options of `mediacdn.TokenSigner.signManifest(manifest, options)`.
#[allow(dead_code)] // TypeScript declaration only; parsed by `Opts`
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct SignManifestTokenOptions {
    /// The manifest's own URL; relative references resolve against it.
    pub url: String,
    /// When the one token expires: a `Date` or Unix seconds.
    #[napi(ts_type = "Date | number")]
    pub expires: (),
    /// The coverage (default: the manifest's folder).
    pub prefix: Option<String>,
    /// Rewrite every reference to an absolute URL (default false).
    pub absolute: Option<bool>,
    /// A `PathGlobs=<coverage path>*` token instead of `URLPrefix` (default false).
    pub path_globs: Option<bool>,
}

/// Options of `checkManifest(manifest, options)`.
#[allow(dead_code)] // TypeScript declaration only; parsed by `Opts`
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct CheckManifestOptions {
    /// The URL the manifest was fetched from.
    pub url: String,
    /// The time to check at (a `Date` or Unix seconds); the clock when omitted.
    #[napi(ts_type = "Date | number")]
    pub now: Option<()>,
}

/// One rewritten reference.
#[napi(object, object_from_js = false)]
pub struct ManifestReference {
    /// 1-based line number.
    pub line: u32,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, `BaseURL`, …
    pub kind: String,
    /// The reference as written in the input.
    pub original: String,
    /// What replaced it (with the credential).
    pub rewritten: String,
    /// The absolute URL it names, before the credential.
    pub url: String,
}

/// A signed manifest.
#[napi(object, object_from_js = false)]
pub struct SignedManifest {
    /// The signed manifest: a string when given a string, else a Buffer.
    #[napi(ts_type = "string | Buffer")]
    pub manifest: Either<String, Buffer>,
    /// `hls` or `dash`.
    pub format: String,
    /// The URL prefix the one credential covers.
    pub coverage: String,
    /// The credential appended to every reference (query parameters).
    pub credential: String,
    /// Every rewritten reference, in order.
    pub references: Vec<ManifestReference>,
}

/// The check of one reference; `code`, `message` and `explain` when it fails.
#[napi(object, object_from_js = false)]
pub struct ManifestLineCheck {
    /// 1-based line number.
    pub line: u32,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, …
    pub kind: String,
    /// The reference as written.
    pub reference: String,
    /// The request URL checked.
    pub url: String,
    /// Whether the request would be served.
    pub ok: bool,
    /// The verifier's code (`expired`, `bad_signature`, …).
    pub code: Option<String>,
    /// The verifier's message.
    pub message: Option<String>,
    /// The provider's explain text for the request URL.
    pub explain: Option<String>,
}

/// Every reference of a signed manifest checked.
#[napi(object, object_from_js = false)]
pub struct ManifestCheck {
    /// True when every reference passes.
    pub ok: bool,
    /// `hls` or `dash`.
    pub format: String,
    /// References checked.
    pub checked: u32,
    /// References failing.
    pub failed: u32,
    /// One entry per reference that causes a CDN request.
    pub lines: Vec<ManifestLineCheck>,
    /// The report for a terminal (`cdnsign <provider> check-manifest`).
    pub text: String,
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

fn sign<'a>(
    env: &Env,
    manifest: Unknown,
    options: Option<Unknown<'a>>,
    shape: &'static Shape,
    sign: impl FnOnce(&[u8], &SignOptions, &Opts<'a>) -> JsResult<CoreSigned>,
) -> napi::Result<SignedManifest> {
    run(env, || {
        let (bytes, is_string) = input(manifest)?;
        let o = Opts::new(options, shape)?;
        let options = sign_options(&o)?;
        let signed = sign(&bytes, &options, &o)?;
        let r = records::SignedManifestRecord::from(&signed);
        Ok(SignedManifest {
            manifest: if is_string {
                Either::A(r.manifest)
            } else {
                Either::B(signed.manifest.into())
            },
            format: r.format,
            coverage: r.coverage,
            credential: r.credential,
            references: r
                .references
                .into_iter()
                .map(|x| ManifestReference {
                    line: x.line as u32,
                    kind: x.kind,
                    original: x.original,
                    rewritten: x.rewritten,
                    url: x.url,
                })
                .collect(),
        })
    })
}

fn check(
    env: &Env,
    manifest: Unknown,
    options: Option<Unknown>,
    check: impl FnOnce(&[u8], &str, i64) -> cdnsign::Result<CheckReport>,
) -> napi::Result<ManifestCheck> {
    run(env, || {
        let (bytes, _) = input(manifest)?;
        let o = Opts::new(options, &CHECK)?;
        let url = o.req_string("url")?;
        let now = convert::now_or(o.time("now")?);
        let report = core(check(&bytes, &url, now))?;
        let r = records::ManifestCheck::from(&report);
        Ok(ManifestCheck {
            ok: r.ok,
            format: r.format,
            checked: r.checked as u32,
            failed: r.failed as u32,
            lines: r
                .lines
                .into_iter()
                .map(|l| ManifestLineCheck {
                    line: l.line as u32,
                    kind: l.kind,
                    reference: l.reference,
                    url: l.url,
                    ok: l.ok,
                    code: l.code,
                    message: l.message,
                    explain: l.explain,
                })
                .collect(),
            text: report.to_text(),
        })
    })
}

#[napi(namespace = "cloudfront")]
impl CloudFrontSigner {
    /// Signs every reference of an HLS playlist or DASH MPD with one custom
    /// policy over the coverage (`Policy`, `Signature`, `Key-Pair-Id`
    /// appended to each); everything else is kept byte for byte. A reference
    /// the credential cannot cover is refused (`CDNSIGN_INVALID_INPUT`,
    /// naming the line).
    #[napi(
        catch_unwind,
        ts_args_type = "manifest: string | Buffer, options: SignManifestOptions",
        ts_return_type = "SignedManifest"
    )]
    pub fn sign_manifest(
        &self,
        env: &Env,
        manifest: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<SignedManifest> {
        sign(env, manifest, options, &SIGN, |m, o, _| {
            core(self.inner.sign_manifest(m, o))
        })
    }
}

#[napi(namespace = "cloudcdn")]
impl CloudCdnSigner {
    /// Signs every reference of an HLS playlist or DASH MPD with one
    /// `URLPrefix` signature, as `cloudfront.Signer.signManifest`.
    #[napi(
        catch_unwind,
        ts_args_type = "manifest: string | Buffer, options: SignManifestOptions",
        ts_return_type = "SignedManifest"
    )]
    pub fn sign_manifest(
        &self,
        env: &Env,
        manifest: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<SignedManifest> {
        sign(env, manifest, options, &SIGN, |m, o, _| {
            core(self.inner.sign_manifest(m, o))
        })
    }
}

#[napi(namespace = "mediacdn")]
impl MediaCdnTokenSigner {
    /// Signs every reference of an HLS playlist or DASH MPD with one token
    /// (`URLPrefix`, or `PathGlobs` with `pathGlobs: true`) in the signer's
    /// parameter, as `cloudfront.Signer.signManifest`.
    #[napi(
        catch_unwind,
        ts_args_type = "manifest: string | Buffer, options: SignManifestTokenOptions",
        ts_return_type = "SignedManifest"
    )]
    pub fn sign_manifest(
        &self,
        env: &Env,
        manifest: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<SignedManifest> {
        sign(env, manifest, options, &SIGN_TOKEN, |m, o, opts| {
            let path_globs = opts.bool("pathGlobs")?.unwrap_or(false);
            core(self.inner.sign_manifest(m, o, path_globs))
        })
    }
}

/// `checkManifest` on each verifier class: one method, three classes. (Its
/// doc is a `#[doc]` string: napi-rs would copy a `///` comment that passed
/// through a macro into `index.d.ts` with its raw-string quotes.)
macro_rules! check_manifest {
    ($ns:tt, $class:ty) => {
        #[napi(namespace = $ns)]
        impl $class {
            #[doc = " Checks the credential every reference of a signed manifest would"]
            #[doc = " send at `now` (the clock when omitted), reference by reference, with"]
            #[doc = " the provider's explain text for each failure."]
            #[napi(
                catch_unwind,
                ts_args_type = "manifest: string | Buffer, options: CheckManifestOptions",
                ts_return_type = "ManifestCheck"
            )]
            pub fn check_manifest(
                &self,
                env: &Env,
                manifest: Unknown,
                options: Option<Unknown>,
            ) -> napi::Result<ManifestCheck> {
                check(env, manifest, options, |m, url, now| {
                    self.inner.check_manifest(m, url, now)
                })
            }
        }
    };
}

check_manifest!("cloudfront", CloudFrontVerifier);
check_manifest!("mediacdn", MediaCdnVerifier);
check_manifest!("cloudcdn", CloudCdnVerifier);
