//! `cloudfront`: AWS CloudFront signed URLs and cookies (`cdnsign::cloudfront`).

use std::sync::Arc;

use indexmap::IndexMap;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, JsValue, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::cloudfront as cf;

use crate::convert::{
    self, core, input_err, now_or, BindError, JsResult, Opts, PoolTask, Record, Shape,
};
use crate::export::{functions, methods};

// The members each options object may have (`Opts` refuses any other and
// reads own properties only).
static SIGNER_OPTIONS: Shape = Shape::options("cloudfront.Signer options", SignerOptions::MEMBERS);
static SIGN_URL: Shape = Shape::options("signUrl options", SignUrlOptions::MEMBERS);
static SIGN_COOKIES: Shape = Shape::options("signCookies options", SignCookiesOptions::MEMBERS);
static VERIFIER_OPTIONS: Shape =
    Shape::options("cloudfront.Verifier options", VerifierOptions::MEMBERS);
// `url` is known to verifyUrl so that it gets a message saying where the URL goes.
static VERIFY_URL: Shape = Shape::options("verifyUrl options", VerifyOptions::MEMBERS);
static VERIFY_COOKIES: Shape = Shape::options("verifyCookies options", VerifyOptions::MEMBERS);

/// CloudFront refuses URLs longer than this many bytes.
#[napi(namespace = "cloudfront")]
pub const MAX_URL_LEN: u32 = cf::MAX_URL_LEN as u32;

/// The only RSA size CloudFront accepts.
#[napi(namespace = "cloudfront")]
pub const RSA_BITS: u32 = cf::RSA_BITS as u32;

ts_only! {
    "cloudfront";
    #[doc = " Options of `new cloudfront.Signer(options)`."]
    SignerOptions {
        #[doc = " The public key's id in CloudFront (like `K2JCJMDEHXQW5F`)."]
        pub key_pair_id: String,
        #[doc = " PEM or DER: PKCS#1 / PKCS#8 RSA-2048, SEC1 / PKCS#8 EC P-256, or"]
        #[doc = " encrypted PKCS#8 with `passphrase`."]
        pub private_key: () as "string | Buffer",
        #[doc = " The passphrase of an encrypted PKCS#8 key."]
        pub passphrase: Option<()> as "string | Buffer",
        #[doc = " `SHA1` (CloudFront's default) or `SHA256` (adds `Hash-Algorithm=SHA256`)."]
        pub hash_algorithm: Option<String> as "'SHA1' | 'SHA256'",
        #[doc = " Accept RSA keys under 2048 bits. Test vectors only: CloudFront refuses them."]
        pub allow_weak_rsa_for_tests: Option<bool>,
    }

    #[doc = " Options of `signer.signUrl(url, options)`."]
    SignUrlOptions {
        #[doc = " `DateLessThan`: a `Date` or Unix seconds (required unless `policy` is given)."]
        pub expires: Option<()> as "Date | number",
        #[doc = " `DateGreaterThan` (custom policy)."]
        pub starts: Option<()> as "Date | number",
        #[doc = " `IpAddress`: an IPv4 address (becomes `/32`) or CIDR (custom policy)."]
        pub ip_range: Option<String>,
        #[doc = " The policy's resource when it differs from the URL, usually a wildcard"]
        #[doc = " the URL matches (custom policy)."]
        pub resource: Option<String>,
        #[doc = " `auto` (default: canned unless something needs custom), `canned` or"]
        #[doc = " `custom`, in any case."]
        pub policy_kind: Option<String> as "'auto' | 'canned' | 'custom'",
        #[doc = " A policy you wrote yourself, signed verbatim (instead of the options above)."]
        pub policy: Option<String>,
    }

    #[doc = " Options of `signer.signCookies(resource, options)`."]
    SignCookiesOptions {
        #[doc = " `DateLessThan`: a `Date` or Unix seconds (required unless `policy` is given)."]
        pub expires: Option<()> as "Date | number",
        #[doc = " `DateGreaterThan` (custom policy)."]
        pub starts: Option<()> as "Date | number",
        #[doc = " `IpAddress`: an IPv4 address or CIDR (custom policy)."]
        pub ip_range: Option<String>,
        #[doc = " `auto` (default), `canned` or `custom`, in any case."]
        pub policy_kind: Option<String> as "'auto' | 'canned' | 'custom'",
        #[doc = " A policy you wrote yourself, signed verbatim."]
        pub policy: Option<String>,
        #[doc = " `Domain=` attribute (must cover the CDN host, e.g. `.example.com`)."]
        pub domain: Option<String>,
        #[doc = " `Path=` attribute."]
        pub path: Option<String>,
        #[doc = " `Secure` (default true)."]
        pub secure: Option<bool>,
        #[doc = " `HttpOnly` (default true)."]
        pub http_only: Option<bool>,
        #[doc = " `SameSite=` attribute."]
        pub same_site: Option<String> as "'Strict' | 'Lax' | 'None'",
        #[doc = " `Expires=` attribute of the cookies (a `Date` or Unix seconds); not written by default."]
        pub cookie_expires: Option<()> as "Date | number",
        #[doc = " `Max-Age=` attribute, seconds; not written by default."]
        pub max_age: Option<u32>,
        #[doc = " Not an option: the resource is `signCookies`' first argument (the"]
        #[doc = " policy names it in `signCookiesWithPolicy`)."]
        pub resource: Option<()> as "never",
    }

    #[doc = " Options of `verifier.verifyUrl` / `verifier.verifyCookies`."]
    VerifyOptions {
        #[doc = " The time of the request; the clock when omitted."]
        pub now: Option<()> as "Date | number",
        #[doc = " The viewer's address (needed when the policy has `IpAddress`)."]
        pub client_ip: Option<String>,
        #[doc = " For cookies: the URL requested (scheme, host, path, query)."]
        pub url: Option<String>,
    }

    #[doc = " Options of `new cloudfront.Verifier(keys, options)`."]
    VerifierOptions {
        #[doc = " Accept RSA keys under 2048 bits. Test vectors only: CloudFront refuses them."]
        pub allow_weak_rsa_for_tests: Option<bool>,
    }
}

/// Signed cookies.
#[napi(object, object_from_js = false, namespace = "cloudfront")]
pub struct SignedCookies {
    /// Name → value, in order: `CloudFront-Expires` or `CloudFront-Policy`,
    /// `CloudFront-Signature`, `CloudFront-Key-Pair-Id` (`CloudFront-Hash-Algorithm`).
    #[napi(ts_type = "Record<string, string>")]
    pub cookies: IndexMap<String, String>,
    /// One value per cookie for `Set-Cookie:` response headers, with the attributes.
    pub set_cookie_headers: Vec<String>,
    /// The cookies as a browser sends them back (`Cookie:` request header value).
    pub cookie_header: String,
}

impl From<cf::SignedCookies> for SignedCookies {
    fn from(s: cf::SignedCookies) -> Self {
        SignedCookies {
            cookies: s
                .cookies()
                .iter()
                .map(|c| (c.name.to_owned(), c.value.clone()))
                .collect(),
            set_cookie_headers: s.set_cookie_headers().to_vec(),
            cookie_header: s.cookie_header(),
        }
    }
}

ts_record! { "cloudfront" #[doc = " What a verified credential grants."] Verified = CloudFrontVerified }

/// What to sign: options built from the JS object, or a caller's own policy.
enum What {
    Options(cf::SignOptions),
    Policy(String),
}

/// The options a policy replaces.
const POLICY_SAYS: [&str; 5] = ["expires", "starts", "ipRange", "resource", "policyKind"];

/// Refuses any of `names` given beside a policy of the caller's own.
fn refuse_beside_policy(o: &Opts, names: &[&str]) -> JsResult<()> {
    for &name in names {
        if o.get(name)?.is_some() {
            let message =
                format!("{name} cannot be combined with a policy (the policy says it all)");
            return Err(input_err(name, message));
        }
    }
    Ok(())
}

fn what_to_sign(o: &Opts, allow_resource: bool) -> JsResult<What> {
    if let Some(policy) = o.string("policy")? {
        refuse_beside_policy(o, &POLICY_SAYS)?;
        return Ok(What::Policy(policy));
    }
    // A missing `expires` is left to the core, whose message says what CloudFront needs.
    Ok(What::Options(cf::SignOptions {
        expires: o.time("expires")?,
        starts: o.time("starts")?,
        ip_range: o.string("ipRange")?,
        resource: match (allow_resource, o.get("resource")?) {
            (true, _) => o.string("resource")?,
            (false, None) => None,
            (false, Some(_)) => {
                let message = "for cookies the resource is the first argument of signCookies";
                return Err(input_err("resource", message));
            }
        },
        // The core's parser (any case), as in Python and C.
        policy_kind: core(cf::PolicyKind::from_name(
            o.string("policyKind")?.as_deref().unwrap_or("auto"),
        ))?,
    }))
}

fn url_args(url: Unknown, options: Option<Unknown>) -> JsResult<(String, What)> {
    let url = convert::to_string(url, "url")?;
    let o = Opts::new(options, &SIGN_URL)?;
    Ok((url, what_to_sign(&o, true)?))
}

/// A batch's URLs (an array of strings, `urls[i]` in messages) and options.
fn urls_args(urls: Unknown, options: Option<Unknown>) -> JsResult<(Vec<String>, What)> {
    let urls = convert::to_array(urls, "urls")?
        .into_iter()
        .enumerate()
        .map(|(i, u)| convert::to_string(u, &format!("urls[{i}]")))
        .collect::<JsResult<_>>()?;
    let o = Opts::new(options, &SIGN_URL)?;
    Ok((urls, what_to_sign(&o, true)?))
}

/// `do_sign_url` for each URL; the first refusal names its index. A refusal
/// about the URL (or about no field) gets `urls[i]` as its field; one about
/// an option (`ip_range`, `expires`) keeps that field, as `signUrl` reports
/// it, with `urls[i]: ` before the message to say where it stopped.
fn sign_each(signer: &cf::Signer, urls: &[String], what: &What) -> JsResult<Vec<String>> {
    urls.iter()
        .enumerate()
        .map(|(i, url)| {
            do_sign_url(signer, url, what).map_err(|e| {
                let about_url = matches!(e.field(), None | Some("url"));
                let at = format!("urls[{i}]");
                let e = BindError::from(e);
                if about_url {
                    e.at(&at)
                } else {
                    e.prefixed(&at)
                }
            })
        })
        .collect()
}

fn cookie_args(
    resource: Unknown,
    options: Option<Unknown>,
) -> JsResult<(Option<String>, What, cf::CookieAttributes)> {
    let o = Opts::new(options, &SIGN_COOKIES)?;
    let what = what_to_sign(&o, false)?;
    let resource = match (convert::present(Some(resource)), &what) {
        (Some(r), _) => Some(convert::to_string(r, "resource")?),
        (None, What::Policy(_)) => None,
        (None, What::Options(_)) => {
            return Err(input_err(
                "resource",
                "signCookies needs the resource: the URL, or a wildcard such as https://d111111abcdef8.cloudfront.net/videos/*",
            ))
        }
    };
    Ok((resource, what, convert::cookie_attributes(&o, true)?))
}

fn do_sign_url(signer: &cf::Signer, url: &str, what: &What) -> cdnsign::Result<String> {
    match what {
        What::Options(o) => signer.sign_url(url, o),
        What::Policy(p) => signer.sign_url_with_policy(url, p),
    }
}

fn do_sign_cookies(
    signer: &cf::Signer,
    resource: Option<&str>,
    what: &What,
    cookie: &cf::CookieAttributes,
) -> cdnsign::Result<cf::SignedCookies> {
    match what {
        What::Options(o) => signer.sign_cookies(resource.unwrap_or_default(), o, cookie),
        What::Policy(p) => signer.sign_cookies_with_policy(p, cookie),
    }
}

/// Mints CloudFront signed URLs and cookies. The key is parsed once, here.
#[napi(namespace = "cloudfront", js_name = "Signer")]
pub struct CloudFrontSigner {
    pub(crate) inner: Arc<cf::Signer>,
}

methods! { "cloudfront" CloudFrontSigner {
    #[doc = " `new cloudfront.Signer({ keyPairId, privateKey, passphrase?, hashAlgorithm? })`."]
    #[ts("options: SignerOptions")]
    new(env, options) as "cloudfront.Signer" {
        let o = Opts::new(Some(options), &SIGNER_OPTIONS)?;
        let key_pair_id = o.req_string("keyPairId")?;
        let key = o.req_bytes("privateKey")?;
        let passphrase = o.bytes("passphrase")?;
        let (hash, weak) = (o.string("hashAlgorithm")?, o.bool("allowWeakRsaForTests")?);
        let opts = core(cf::SignerOptions::named(hash.as_deref(), weak.unwrap_or(false)))?;
        let signer = core(cf::Signer::from_pem_with(
            &key_pair_id,
            &key,
            passphrase.as_deref(),
            opts,
        ))?;
        Ok(Self {
            inner: Arc::new(signer),
        })
    }

    #[doc = " The key-pair (public key) id written into every credential."]
    get key_pair_id(&self) -> String {
        self.inner.key_pair_id().to_owned()
    }

    #[doc = " `SHA1` or `SHA256`."]
    #[ts("'SHA1' | 'SHA256'")]
    get hash_algorithm(&self) -> String {
        self.inner.hash_algorithm().as_str().to_owned()
    }

    #[doc = " `RSA` or `EC P-256`."]
    #[ts("'RSA' | 'EC P-256'")]
    get key_kind(&self) -> String {
        self.inner.key_kind().to_string()
    }

    #[doc = " The public key to upload to CloudFront (SPKI PEM)."]
    fn public_key_pem(&self) -> String {
        self.inner.public_key().to_pem()
    }

    #[doc = " Signs arbitrary policy bytes; the signature in CloudFront's base64 alphabet."]
    #[ts("policy: string | Buffer")]
    fn sign_policy(&self, env, policy) -> String {
        let policy = convert::to_bytes(policy, "policy")?;
        core(self.inner.sign_policy(&policy))
    }

    #[doc = " A signed URL: `url` + `?`/`&` + `Expires=N&Signature=S&Key-Pair-Id=K`"]
    #[doc = " (canned) or `Policy=P&Signature=S&Key-Pair-Id=K` (custom), then"]
    #[doc = " `&Hash-Algorithm=SHA256` with SHA-256. Refuses (`CDNSIGN_INVALID_INPUT`)"]
    #[doc = " URLs CloudFront would not match: spaces or non-ASCII (see"]
    #[doc = " `percentEncodeUrl`), a fragment, existing signing parameters, a"]
    #[doc = " wildcard with a canned policy, times after 2038 or in milliseconds."]
    #[ts("url: string, options: SignUrlOptions")]
    fn sign_url(&self, env, url; options) -> String {
        let (url, what) = url_args(url, options)?;
        core(do_sign_url(&self.inner, &url, &what))
    }

    #[doc = " `url` signed with `policy`, your own policy JSON, as it is: what"]
    #[doc = " `signUrl(url, { policy })` does, under the name every surface uses."]
    #[ts("url: string, policy: string")]
    fn sign_url_with_policy(&self, env, url, policy) -> String {
        let url = convert::to_string(url, "url")?;
        let policy = convert::to_string(policy, "policy")?;
        core(self.inner.sign_url_with_policy(&url, &policy))
    }

    #[doc = " `signUrl` on the libuv thread pool (RSA signing off the event loop)."]
    #[ts("url: string, options: SignUrlOptions", "Promise<string>")]
    fn sign_url_async(&self, env, url; options) -> AsyncTask<PoolTask<String>> {
        let (url, what) = url_args(url, options)?;
        let signer = Arc::clone(&self.inner);
        Ok(PoolTask::new("cloudfront signUrl", move || {
            core(do_sign_url(&signer, &url, &what))
        }))
    }

    #[doc = " Every URL of `urls` signed with the same `options` (one expiry, one"]
    #[doc = " policy shape), as `signUrl` signs each; the signed URLs in order. A"]
    #[doc = " URL `signUrl` would refuse is refused here with `field` naming its"]
    #[doc = " index (`urls[3]`), and nothing is returned."]
    #[ts("urls: string[], options: SignUrlOptions", "string[]")]
    fn sign_urls(&self, env, urls; options) -> Vec<String> {
        let (urls, what) = urls_args(urls, options)?;
        sign_each(&self.inner, &urls, &what)
    }

    #[doc = " `signUrls` on the libuv thread pool as one task: one hand-off, one"]
    #[doc = " wake-up and one promise per batch instead of per URL, which is what"]
    #[doc = " lets a server under load use a second core fully (BENCHMARKS.md, \"Two"]
    #[doc = " cores\"). Rejects as `signUrls` throws."]
    #[ts("urls: string[], options: SignUrlOptions", "Promise<string[]>")]
    fn sign_urls_async(&self, env, urls; options) -> AsyncTask<PoolTask<Vec<String>>> {
        let (urls, what) = urls_args(urls, options)?;
        let signer = Arc::clone(&self.inner);
        Ok(PoolTask::new("cloudfront signUrls", move || {
            sign_each(&signer, &urls, &what)
        }))
    }

    #[doc = " Signed cookies for `resource` (the exact URL, or a wildcard such as"]
    #[doc = " `https://d111111abcdef8.cloudfront.net/videos/*`, which makes a custom"]
    #[doc = " policy): the values and ready `Set-Cookie` header values."]
    #[ts("resource: string | undefined, options: SignCookiesOptions")]
    fn sign_cookies(&self, env, resource; options) -> SignedCookies {
        let (resource, what, cookie) = cookie_args(resource, options)?;
        core(do_sign_cookies(
            &self.inner,
            resource.as_deref(),
            &what,
            &cookie,
        ))
        .map(SignedCookies::from)
    }

    #[doc = " Cookies carrying `policy`, your own policy JSON, as it is, with the"]
    #[doc = " cookie attributes of `options`: what `signCookies(undefined, { policy })`"]
    #[doc = " does, under the name every surface uses."]
    #[ts("policy: string, options?: SignCookiesOptions")]
    fn sign_cookies_with_policy(&self, env, policy; options) -> SignedCookies {
        let policy = convert::to_string(policy, "policy")?;
        let o = Opts::new(options, &SIGN_COOKIES)?;
        refuse_beside_policy(&o, &POLICY_SAYS)?;
        if o.get("policy")?.is_some() {
            let message = "the policy is the first argument of signCookiesWithPolicy, not an option";
            return Err(input_err("policy", message));
        }
        core(
            self.inner
                .sign_cookies_with_policy(&policy, &convert::cookie_attributes(&o, true)?),
        )
        .map(SignedCookies::from)
    }

    #[doc = " `signCookies` on the libuv thread pool."]
    #[ts("resource: string | undefined, options: SignCookiesOptions", "Promise<SignedCookies>")]
    fn sign_cookies_async(&self, env, resource; options) -> AsyncTask<PoolTask<SignedCookies>> {
        let (resource, what, cookie) = cookie_args(resource, options)?;
        let signer = Arc::clone(&self.inner);
        Ok(PoolTask::new("cloudfront signCookies", move || {
            core(do_sign_cookies(
                &signer,
                resource.as_deref(),
                &what,
                &cookie,
            ))
            .map(SignedCookies::from)
        }))
    }
} }

/// Verifies signed URLs and cookies the way CloudFront does: the signature by
/// key-pair id (several keys, for rotation), then the policy (resource
/// wildcards, `DateLessThan`, `DateGreaterThan`, `IpAddress`).
#[napi(namespace = "cloudfront", js_name = "Verifier")]
pub struct CloudFrontVerifier {
    pub(crate) inner: cf::Verifier,
}

fn verify_request(o: &Opts) -> JsResult<cf::VerifyRequest> {
    let now = now_or(o.time("now")?);
    core(cf::VerifyRequest::of(now, o.string("clientIp")?.as_deref()))
}

methods! { "cloudfront" CloudFrontVerifier {
    #[doc = " `new cloudfront.Verifier({ [keyPairId]: publicKeyPem })`: SPKI or"]
    #[doc = " PKCS#1 PEM/DER (or a private key, whose public half is used)."]
    #[ts("keys?: Record<string, string | Buffer>, options?: VerifierOptions")]
    new(env; keys, options) as "cloudfront.Verifier" {
        let o = Opts::new(options, &VERIFIER_OPTIONS)?;
        let mut inner = cf::Verifier::with_options(cf::VerifierOptions {
            allow_weak_rsa_for_tests: o.bool("allowWeakRsaForTests")?.unwrap_or(false),
        });
        if let Some(keys) = convert::present(keys) {
            let obj = convert::to_object(keys, "keys")?;
            for (id, pem) in convert::entries(&obj)? {
                let pem = convert::to_bytes(pem, &format!("keys.{id}"))?;
                core(inner.add_public_key_pem(&id, pem))?;
            }
        }
        Ok(CloudFrontVerifier { inner })
    }

    #[doc = " Adds a public key (PEM/DER) under its key-pair id, or a `Signer`'s public half."]
    #[ts("keyPairIdOrSigner: string | Signer, publicKey?: string | Buffer")]
    fn add_key(&mut self, env, key_pair_id_or_signer; public_key) -> () {
        if let Some(s) = convert::class_instance::<CloudFrontSigner>(key_pair_id_or_signer) {
            core(self.inner.add_signer(&s.inner))?;
            return Ok(());
        }
        let id = convert::to_string(key_pair_id_or_signer, "keyPairId")?;
        let pem = match convert::present(public_key) {
            Some(p) => convert::to_bytes(p, "publicKey")?,
            None => {
                return Err(input_err(
                    "publicKey",
                    "addKey(keyPairId, publicKey) needs the public key",
                ))
            }
        };
        core(self.inner.add_public_key_pem(&id, pem))?;
        Ok(())
    }

    #[doc = " The key-pair ids held."]
    get key_pair_ids(&self) -> Vec<String> {
        self.inner.key_pair_ids().map(str::to_owned).collect()
    }

    #[doc = " Verifies a signed URL as the viewer requests it. Throws"]
    #[doc = " `CDNSIGN_MISSING_CREDENTIAL`, `CDNSIGN_MALFORMED`, `CDNSIGN_UNKNOWN_KEY`,"]
    #[doc = " `CDNSIGN_BAD_SIGNATURE`, `CDNSIGN_URL_MISMATCH`, `CDNSIGN_EXPIRED`,"]
    #[doc = " `CDNSIGN_NOT_YET_VALID` or `CDNSIGN_IP_NOT_ALLOWED`."]
    #[ts("signedUrl: string, options?: VerifyOptions", "cloudfront.Verified")]
    fn verify_url(&self, env, signed_url; options) -> Record<records::CloudFrontVerified> {
        let url = convert::to_string(signed_url, "signedUrl")?;
        let o = Opts::new(options, &VERIFY_URL)?;
        if o.get("url")?.is_some() {
            return Err(input_err("url", "verifyUrl takes the signed URL as its first argument; `url` is for verifyCookies"));
        }
        let req = verify_request(&o)?;
        core(self.inner.verify_url(&url, &req)).map(|v| Record::of(&v))
    }

    #[doc = " Verifies signed cookies for a request to `options.url`. `cookies` is a"]
    #[doc = " `Cookie:` header value, or name → value pairs (an object such as"]
    #[doc = " `req.cookies`, or `[name, value]` pairs); other cookies are ignored."]
    #[ts("cookies: string | Record<string, string> | Array<[string, string]>, options: VerifyOptions & { url: string }", "cloudfront.Verified")]
    fn verify_cookies(&self, env, cookies; options) -> Record<records::CloudFrontVerified> {
        let o = Opts::new(options, &VERIFY_COOKIES)?;
        let url = o.req_string("url")?;
        let req = verify_request(&o)?;
        if cookies.get_type().map_err(convert::napi_fail)? == ValueType::String {
            let header = convert::to_string(cookies, "cookies")?;
            return core(self.inner.verify_cookie_header(&header, &url, &req))
                .map(|v| Record::of(&v));
        }
        let pairs: Vec<(String, String)> = if cookies.is_array().unwrap_or(false) {
            convert::to_array(cookies, "cookies")?
                .into_iter()
                .enumerate()
                .map(|(i, pair)| convert::pair(pair, &format!("cookies[{i}]")))
                .collect::<JsResult<_>>()?
        } else {
            let obj = convert::to_object(cookies, "cookies")?;
            convert::entries(&obj)?
                .into_iter()
                // only CloudFront's cookies matter; others may hold anything
                .filter(|(k, _)| k.starts_with("CloudFront-"))
                .map(|(k, v)| {
                    let field = format!("cookies.{k}");
                    Ok((k, convert::to_string(v, &field)?))
                })
                .collect::<JsResult<_>>()?
        };
        core(self.inner.verify_cookies(&pairs, &url, &req)).map(|v| Record::of(&v))
    }
} }

functions! { "cloudfront" {
    #[doc = " Percent-encodes what cannot appear in a URL on the wire (spaces,"]
    #[doc = " non-ASCII as UTF-8, controls, `\"<>\\^`{|}`), leaving `%XX` escapes and the"]
    #[doc = " URL's structure alone. Sign (and publish) the result."]
    #[ts("url: string")]
    fn percent_encode_url(env, url) -> String {
        Ok(cf::percent_encode_url(&convert::to_string(url, "url")?))
    }
} }

functions! { "cloudfront" {
    #[doc = " The policy JSON `signUrl(url, options)` would sign (`policy` itself is"]
    #[doc = " not an option here: it already is the policy)."]
    #[ts("url: string, options: SignUrlOptions")]
    fn build_policy(env, url; options) -> String {
        let (url, what) = url_args(url, options)?;
        match what {
            What::Options(o) => core(cf::build_policy(&url, &o)),
            What::Policy(_) => Err(input_err(
                "policy",
                "buildPolicy builds a policy from expires, starts, ipRange and resource; policy is one already",
            )),
        }
    }
} }

functions! { "cloudfront" {
    #[doc = " CloudFront's resource matching: `*` any run of characters, `?` one."]
    #[ts("pattern: string, url: string")]
    fn wildcard_matches(env, pattern, url) -> bool {
        Ok(cf::wildcard_matches(
            &convert::to_string(pattern, "pattern")?,
            &convert::to_string(url, "url")?,
        ))
    }
} }

explain_export! {
    "cloudfront",
    CloudFront,
    [" Options of `cloudfront.explain(input, options)`."],
    [
        " Decodes a CloudFront signed URL or `Cookie:` header (`CloudFront-Policy` /"
        " `-Expires`, `-Signature`, `-Key-Pair-Id`) without any key and says in plain"
        " words what it grants and why CloudFront would answer 403 (expired, not yet"
        " valid, a resource that does not cover the URL, a malformed part...)."
    ],
}
