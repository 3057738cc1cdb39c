//! `mediacdn`: Google Media CDN signed requests and tokens (`cdnsign::mediacdn`).

use napi::bindgen_prelude::Either;
use napi::{Env, JsValue, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::mediacdn as mc;

use std::cell::RefCell;
use std::rc::Rc;

use crate::convert::{self, core, input_err, now_or, JsResult, Opts, Record, Shape};
use crate::export::{functions, methods};
use crate::handles::{self, Handle, Table};

// The members each options object may have (`Opts` refuses any other and
// reads own properties only). Shared with `cloudcdn`, whose methods take
// the same objects.
pub(crate) static SIGN_URL: Shape = Shape::options("signUrl options", ExpiresOptions::MEMBERS);
pub(crate) static SIGN_PREFIX: Shape =
    Shape::options("signPrefix options", ExpiresOptions::MEMBERS);
pub(crate) static PREFIX_QUERY: Shape =
    Shape::options("prefixQuery options", ExpiresOptions::MEMBERS);
static SIGN_PATH: Shape = Shape::options("signPath options", ExpiresOptions::MEMBERS);
pub(crate) static SIGN_COOKIE: Shape = Shape::options("signCookie options", CookieOptions::MEMBERS);
static SIGNER_OPTIONS: Shape = Shape::options("mediacdn.Signer options", SignerOptions::MEMBERS);
static TOKEN_SIGNER_OPTIONS: Shape =
    Shape::options("mediacdn.TokenSigner options", TokenSignerOptions::MEMBERS);
static SHORT_LIVED_OPTIONS: Shape =
    Shape::options("signShortLived options", ShortLivedOptions::MEMBERS);
static TOKEN_CLAIMS: Shape = Shape::new("claim", "token claims", TokenClaims::MEMBERS);
static KEYSET: Shape = Shape::new("member", "keyset", Keyset::MEMBERS);
static VERIFIER_OPTIONS: Shape =
    Shape::options("mediacdn.Verifier options", VerifierOptions::MEMBERS);
static REQUEST: Shape = Shape::new("member", "request", Request::MEMBERS);

/// The default token query parameter: `edge-cache-token`.
#[napi(namespace = "mediacdn")]
pub const DEFAULT_TOKEN_PARAM: &str = mc::DEFAULT_TOKEN_PARAM;

/// Default lifetime of a short-lived (dual-token) token, seconds.
#[napi(namespace = "mediacdn")]
pub const DEFAULT_SHORT_LIFETIME: u32 = mc::DEFAULT_SHORT_LIFETIME as u32;

/// At most this many path globs per token.
#[napi(namespace = "mediacdn")]
pub const MAX_GLOBS: u32 = mc::MAX_GLOBS as u32;

ts_only! {
    "mediacdn";
    #[doc = " Options of `new mediacdn.Signer(options)`."]
    SignerOptions {
        #[doc = " The key's name in the keyset (`KeyName=`)."]
        pub key_name: String,
        #[doc = " Ed25519: PKCS#8 PEM/DER, or base64/base64url (padded or not) of the"]
        #[doc = " 32-byte seed or 64-byte seed‖public key, or those raw bytes."]
        pub private_key: () as "string | Buffer",
        #[doc = " Pad `URLPrefix` and `Signature` base64url (Google's Python samples do; default false)."]
        pub padded: Option<bool>,
        #[doc = " The path-component marker (default `edge-cache-token`)."]
        pub param: Option<String>,
    }

    #[doc = " Options of the `Signer` methods (`mediacdn.Signer`'s and `cloudcdn.Signer`'s)."]
    ExpiresOptions {
        #[doc = " `Expires`: a `Date` or Unix seconds."]
        pub expires: () as "Date | number",
    }

    #[doc = " `Set-Cookie` attributes (and `expires` for the signature)."]
    CookieOptions {
        #[doc = " `Expires` of the signature: a `Date` or Unix seconds (tokens carry their own)."]
        pub expires: Option<()> as "Date | number",
        #[doc = " `Domain=` (e.g. `.example.com` so the CDN host receives it)."]
        pub domain: Option<String>,
        #[doc = " `Path=` (default `/`)."]
        pub path: Option<String>,
        #[doc = " `Secure` (default true)."]
        pub secure: Option<bool>,
        #[doc = " `HttpOnly` (default true)."]
        pub http_only: Option<bool>,
        #[doc = " `SameSite=`."]
        pub same_site: Option<String> as "'Strict' | 'Lax' | 'None'",
        #[doc = " `Max-Age=`, seconds."]
        pub max_age: Option<u32>,
    }

    #[doc = " Token claims (`TokenSigner.sign`)."]
    TokenClaims {
        #[doc = " `Expires`: a `Date` or Unix seconds (for `signShortLived`: now + lifetime)."]
        pub expires: Option<()> as "Date | number",
        #[doc = " `Starts`: a `Date` or Unix seconds."]
        pub starts: Option<()> as "Date | number",
        #[doc = " `PathGlobs`: up to 5 globs (`/videos/*`)."]
        pub path_globs: Option<()> as "string | string[]",
        #[doc = " Separator between globs: `,` (default) or `!`."]
        pub glob_separator: Option<String> as "',' | '!'",
        #[doc = " `URLPrefix`: scheme, host and path prefix."]
        pub url_prefix: Option<String>,
        #[doc = " `FullPath`: the request path the token is for."]
        pub full_path: Option<String>,
        #[doc = " `SessionID`."]
        pub session_id: Option<String>,
        #[doc = " `Data`."]
        pub data: Option<String>,
        #[doc = " `Headers`: header names and the values bound into the signature."]
        pub headers: Option<()> as "Record<string, string> | Array<[string, string]>",
        #[doc = " `IPRanges`: CIDRs (up to 5)."]
        pub ip_ranges: Option<()> as "string | string[]",
    }

    #[doc = " Options of `tokenSigner.signShortLived(claims, options)`."]
    ShortLivedOptions {
        #[doc = " The signing time; the clock when omitted."]
        pub now: Option<()> as "Date | number",
        #[doc = " Seconds the token lives (default 60, at most 3600)."]
        pub lifetime: Option<u32>,
    }

    #[doc = " Options of `new mediacdn.TokenSigner(options)`."]
    TokenSignerOptions {
        #[doc = " `ed25519` (default with `privateKey`), `hmac-sha1` or `hmac-sha256`"]
        #[doc = " (the API names `ED25519`, `HMAC_SHA1`, `HMAC_SHA_256` work too)."]
        pub algorithm: Option<String>,
        #[doc = " Ed25519 private key (as for `Signer`)."]
        pub private_key: Option<()> as "string | Buffer",
        #[doc = " HMAC shared key: base64/base64url text, or the raw bytes as a Buffer (≥ 16 bytes)."]
        pub secret: Option<()> as "string | Buffer",
        #[doc = " Pad the base64url signature (default false)."]
        pub padded: Option<bool>,
        #[doc = " The token query parameter (default `edge-cache-token`)."]
        pub param: Option<String>,
    }

    #[doc = " A request as the origin received it."]
    Request {
        #[doc = " The full URL as sent (`https://host/path?query`, not decoded)."]
        pub url: String,
        #[doc = " The time of the request; the clock when omitted."]
        pub now: Option<()> as "Date | number",
        #[doc = " Request headers, with their `cookie` read too. Prefer Node's"]
        #[doc = " `req.headersDistinct`: `req.headers` has already joined repeated headers"]
        #[doc = " with `, ` (and kept only the first `user-agent`, `authorization`, …), so"]
        #[doc = " a header a token binds that was sent twice, which is refused, goes unseen."]
        pub headers: Option<()> as "Record<string, string | string[] | undefined> | Array<[string, string]>",
        #[doc = " A `Cookie:` header value."]
        pub cookie: Option<String>,
        #[doc = " The client address (needed for `IPRanges`)."]
        pub client_ip: Option<String>,
    }

    #[doc = " Options of `new mediacdn.Verifier(keyset, options)`."]
    VerifierOptions {
        #[doc = " The token query parameter (default `edge-cache-token`)."]
        pub param: Option<String>,
        #[doc = " Token algorithms to accept (the route's `allowedSignatureAlgorithms`)."]
        pub allowed_algorithms: Option<Vec<String>>,
        #[doc = " Refuse credentials expiring more than this many seconds after now."]
        pub max_expiration_ttl: Option<u32>,
        #[doc = " Tolerated clock skew, 0..=300 s (default 0)."]
        pub leeway: Option<u32>,
    }

    #[doc = " An EdgeCacheKeyset: Ed25519 public keys and HMAC shared keys by id."]
    Keyset {
        #[doc = " The keyset's name (a `KeyName` equal to it tries every public key)."]
        pub name: Option<String>,
        #[doc = " id → public key (the keyset's base64url value, PEM, or 32 raw bytes)."]
        pub public_keys: Option<()> as "Record<string, string | Buffer>",
        #[doc = " id → shared key (base64/base64url text, or raw bytes as a Buffer)."]
        pub shared_keys: Option<()> as "Record<string, string | Buffer>",
    }
}

ts_record! { "mediacdn" #[doc = " A signed URL and the exact bytes its signature covers."] SignedUrl = SignedUrl }
ts_record! {
    "mediacdn" #[doc = " Signed query parameters, ready to append to any URL under the prefix."]
    SignedQuery = SignedQuery
}
ts_record! { "mediacdn" #[doc = " A signed cookie."] SignedCookie = SignedCookie }
// Built by results.js from what `token_result` returns.
ts_record! {
    "mediacdn"
    #[doc = " A token and every form it travels in, as plain data: no native memory"]
    #[doc = " behind it, and `JSON.stringify`, spreading and `structuredClone` see"]
    #[doc = " every field."]
    SignedToken = MediaCdnToken
}
ts_record! { "mediacdn" #[doc = " What a successful verification established."] Verified = MediaCdnVerified }

/// A freshly generated Ed25519 key.
#[napi(object, object_from_js = false, namespace = "mediacdn")]
pub struct GeneratedKey {
    /// The 32-byte seed, base64url without padding (keep it secret).
    pub seed: String,
    /// The private key as PKCS#8 PEM.
    pub private_pem: String,
    /// The public key as the EdgeCacheKeyset wants it.
    pub keyset_value: String,
}

pub(crate) fn signed_cookie(
    c: mc::SignedCookie,
    attributes: &mc::CookieAttributes,
) -> JsResult<Record<records::SignedCookie>> {
    core(records::SignedCookie::new(c, attributes)).map(Record)
}

/// Builds a core `Request` from `{ url, now?, headers?, cookie?, clientIp? }`.
pub(crate) fn request(v: Unknown) -> JsResult<mc::Request> {
    let o = Opts::new(Some(v), &REQUEST)?;
    let (url, now) = (o.req_string("url")?, now_or(o.time("now")?));
    let headers = o.get("headers")?.map(header_pairs).transpose()?;
    let (cookie, ip) = (o.string("cookie")?, o.string("clientIp")?);
    let headers = headers.unwrap_or_default();
    core(mc::Request::of(
        url,
        now,
        headers,
        cookie.as_deref(),
        ip.as_deref(),
    ))
}

/// Header pairs from `Record<string, string | string[] | undefined>` (Node's
/// `req.headers`) or `Array<[name, value]>`.
fn header_pairs(v: Unknown) -> JsResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    if v.is_array().unwrap_or(false) {
        for (i, pair) in convert::to_array(v, "headers")?.into_iter().enumerate() {
            out.push(convert::pair(pair, &format!("headers[{i}]"))?);
        }
        return Ok(out);
    }
    let obj = convert::to_object(v, "headers")?;
    for (name, value) in convert::entries(&obj)? {
        let field = format!("headers.{name}");
        match convert::present(Some(value)) {
            None => {}
            Some(value) if value.is_array().unwrap_or(false) => {
                for item in convert::to_array(value, &field)? {
                    out.push((name.clone(), convert::to_string(item, &field)?));
                }
            }
            Some(value) => out.push((name.clone(), convert::to_string(value, &field)?)),
        }
    }
    Ok(out)
}

fn private_key(o: &Opts) -> JsResult<mc::SigningKey> {
    let raw = o.req_bytes("privateKey")?;
    core(mc::SigningKey::parse(&raw))
}

/// Signs Media CDN requests (exact URL, URL prefix, path component, cookie)
/// with one Ed25519 key of a keyset.
#[napi(namespace = "mediacdn", js_name = "Signer")]
pub struct MediaCdnSigner {
    inner: mc::Signer,
}

methods! { "mediacdn" MediaCdnSigner {
    #[doc = " `new mediacdn.Signer({ keyName, privateKey, padded?, param? })`."]
    #[ts("options: SignerOptions")]
    new(env, options) as "mediacdn.Signer" {
        let o = Opts::new(Some(options), &SIGNER_OPTIONS)?;
        let name = o.req_string("keyName")?;
        let mut inner = core(mc::Signer::new(&name, private_key(&o)?))?;
        if let Some(p) = o.bool("padded")? {
            inner = inner.with_padding(p);
        }
        if let Some(param) = o.string("param")? {
            inner = core(inner.with_param(&param))?;
        }
        Ok(Self { inner })
    }

    #[doc = " The key name (`KeyName=`)."]
    get key_name(&self) -> String {
        self.inner.key_name().to_owned()
    }

    #[doc = " The public key as the EdgeCacheKeyset wants it (padded base64url)."]
    get public_key(&self) -> String {
        self.inner.signing_key().public_key().keyset_value()
    }

    #[doc = " Path component: `<prefix>edge-cache-token=Expires=N&KeyName=K&Signature=S/<rest>`;"]
    #[doc = " relative URLs below it inherit the signature."]
    #[ts("prefix: string, rest: string, options: ExpiresOptions", "mediacdn.SignedUrl")]
    fn sign_path(&self, env, prefix, rest; options) -> Record<records::SignedUrl> {
        let prefix = convert::to_string(prefix, "prefix")?;
        let rest = convert::to_string(rest, "rest")?;
        let o = Opts::new(options, &SIGN_PATH)?;
        core(self.inner.sign_path(&prefix, &rest, o.req_time("expires")?))
            .map(|u| Record::of(&u))
    }
} }

google_signer_methods! {
    "mediacdn",
    MediaCdnSigner,
    sign_url: [
        " Exact URL: signs `<url>?Expires=N&KeyName=K` and appends `&Signature=…`."
    ] "mediacdn.SignedUrl",
    sign_prefix: [
        " `url` (under `prefix`) carrying `URLPrefix=…&Expires=…&KeyName=…&Signature=…`."
    ] "mediacdn.SignedUrl",
    prefix_query: [
        " The prefix signature as query parameters, to append to any URL under `prefix`."
    ] "mediacdn.SignedQuery",
    sign_cookie: [
        " `Edge-Cache-Cookie` for every URL under `prefix`, with its `Set-Cookie` value."
    ] "prefix: string, options: CookieOptions & { expires: Date | number }" "mediacdn.SignedCookie",
}

fn token_claims(claims: Unknown) -> JsResult<mc::TokenClaims> {
    claims_of(&Opts::new(Some(claims), &TOKEN_CLAIMS)?)
}

fn claims_of(o: &Opts) -> JsResult<mc::TokenClaims> {
    // Fields are read in the order written, which decides the error reported first.
    Ok(mc::TokenClaims {
        expires: o.time("expires")?.unwrap_or(0),
        path_globs: o.strings("pathGlobs")?,
        glob_separator: match o.string("globSeparator")? {
            Some(sep) => core(mc::glob_separator_from_name(&sep))?,
            None => ',',
        },
        url_prefix: o.string("urlPrefix")?,
        full_path: o.string("fullPath")?,
        starts: o.time("starts")?,
        session_id: o.string("sessionId")?,
        data: o.string("data")?,
        headers: o
            .get("headers")?
            .map(header_pairs)
            .transpose()?
            .unwrap_or_default(),
        ip_ranges: o.strings("ipRanges")?,
    })
}

/// What the addon hands `results.js` for a token: the token alone when the
/// signed value is the token up to its last `~` (the signature field), which
/// `results.js` then takes from it; otherwise `[token, signedValue]`
/// (`FullPath` and `Headers` tokens sign more than they carry). Two strings
/// instead of a class instance or a 7-member object: N-API object creation
/// costs more than the JavaScript literal built from them.
fn token_result(t: mc::SignedToken) -> Either<String, Vec<String>> {
    let derivable = t
        .token
        .rfind('~')
        .is_some_and(|i| t.token[..i] == t.signed_value);
    if derivable {
        Either::A(t.token)
    } else {
        Either::B(vec![t.token, t.signed_value])
    }
}

// The claim names in the order `sign_claims` takes their values, for
// results.js (which deletes this export once read).
#[napi(namespace = "mediacdn", js_name = "__tokenClaimNames", skip_typescript)]
pub fn token_claim_names() -> Vec<String> {
    TOKEN_CLAIMS.js_names()
}

/// Signs Media CDN tokens (`edge-cache-token`): Ed25519 or HMAC.
#[napi(namespace = "mediacdn", js_name = "TokenSigner")]
pub struct MediaCdnTokenSigner {
    pub(crate) inner: Rc<mc::TokenSigner>,
    handle: Handle<mc::TokenSigner>,
}

thread_local! {
    static TOKEN_SIGNERS: RefCell<Table<mc::TokenSigner>> = const { RefCell::new(Table::new()) };
}

#[napi(namespace = "mediacdn")]
impl MediaCdnTokenSigner {
    // This instance's handle for `sign_claims` (see handles.rs);
    // results.js takes it off the prototype.
    #[napi(js_name = "__handle", skip_typescript, catch_unwind)]
    pub fn handle(&self) -> u32 {
        self.handle.id(&self.inner)
    }
}

methods! { "mediacdn" MediaCdnTokenSigner {
    #[doc = " `new mediacdn.TokenSigner({ privateKey })` (Ed25519) or"]
    #[doc = " `new mediacdn.TokenSigner({ algorithm: 'hmac-sha256', secret })`."]
    #[ts("options: TokenSignerOptions")]
    new(env, options) as "mediacdn.TokenSigner" {
        let o = Opts::new(Some(options), &TOKEN_SIGNER_OPTIONS)?;
        let algorithm = match o.string("algorithm")? {
            Some(a) => core(mc::Algorithm::from_name(&a))?,
            None if o.get("secret")?.is_some() => return Err(input_err(
                "algorithm",
                "with a shared secret, say which HMAC: algorithm 'hmac-sha1' or 'hmac-sha256'",
            )),
            None => mc::Algorithm::Ed25519,
        };
        let mut inner = match algorithm {
            mc::Algorithm::Ed25519 => {
                if o.get("secret")?.is_some() {
                    return Err(input_err(
                        "secret",
                        "an ed25519 token signer takes privateKey, not secret",
                    ));
                }
                mc::TokenSigner::ed25519(private_key(&o)?)
            }
            hmac => {
                if o.get("privateKey")?.is_some() {
                    return Err(input_err(
                        "privateKey",
                        "an HMAC token signer takes secret, not privateKey",
                    ));
                }
                let secret = shared_key(o.get("secret")?, "secret")?;
                core(mc::TokenSigner::hmac(hmac, secret))?
            }
        };
        if let Some(p) = o.bool("padded")? {
            inner = inner.with_padding(p);
        }
        if let Some(param) = o.string("param")? {
            inner = core(inner.with_param(&param))?;
        }
        Ok(Self {
            inner: Rc::new(inner),
            handle: Handle::new(&TOKEN_SIGNERS),
        })
    }

    #[doc = " `ed25519`, `hmac-sha1` or `hmac-sha256`."]
    #[ts("'ed25519' | 'hmac-sha1' | 'hmac-sha256'")]
    get algorithm(&self) -> String {
        self.inner.algorithm().as_str().to_owned()
    }

    #[doc = " The token query parameter."]
    get param(&self) -> String {
        self.inner.param().to_owned()
    }

    #[doc = " Signs a token. Fields are emitted in the documented order (path field,"]
    #[doc = " Starts, Expires, SessionID, Data, Headers, IPRanges)."]
    //
    // The addon returns the token's strings (`token_result`); results.js
    // replaces this method and the two below on the prototype with ones that
    // return the `SignedToken` object.
    #[ts("claims: TokenClaims", "mediacdn.SignedToken")]
    fn sign(&self, env, claims) -> Either<String, Vec<String>> {
        let c = token_claims(claims)?;
        Ok(token_result(core(self.inner.sign(&c))?))
    }

    #[doc = " `sign`, with the token appended to `url` as a query parameter (`.url`)."]
    #[ts("url: string, claims: TokenClaims", "mediacdn.SignedToken")]
    fn sign_url(&self, env, url, claims) -> Either<String, Vec<String>> {
        // Checked here, in argument order; results.js appends the token to it.
        convert::to_string(url, "url")?;
        let c = token_claims(claims)?;
        Ok(token_result(core(self.inner.sign(&c))?))
    }

    #[doc = " The dual-token flow's short-lived token: `Expires = now + lifetime`"]
    #[doc = " (default 60 s, at most 3600), whatever `claims.expires` says."]
    #[ts("claims: TokenClaims, options?: ShortLivedOptions", "mediacdn.SignedToken")]
    fn sign_short_lived(&self, env, claims; options) -> Either<String, Vec<String>> {
        let c = token_claims(claims)?;
        Ok(token_result(short_lived(&self.inner, c, options)?))
    }
} }

fn short_lived(
    signer: &mc::TokenSigner,
    c: mc::TokenClaims,
    options: Option<Unknown>,
) -> JsResult<mc::SignedToken> {
    let o = Opts::new(options, &SHORT_LIVED_OPTIONS)?;
    let now = now_or(o.time("now")?);
    core(mc::sign_short_lived(signer, c, now, o.int("lifetime")?))
}

/// The three `TokenSigner` signing methods, by handle (see handles.rs),
/// with the claims read by results.js (own enumerable names, all known;
/// anything else goes to the methods, which refuse it) and passed in
/// `TOKEN_CLAIMS` order: reading them in JavaScript costs less than N-API's
/// enumeration and lookups. `mode` 0 is `sign`, 1 `signUrl` (`arg` the URL),
/// 2 `signShortLived` (`arg` the options). Called through raw.rs.
pub(crate) fn sign_claims(
    handle: Unknown,
    mode: Unknown,
    arg: Unknown,
    claims: [Unknown; 10],
) -> JsResult<Either<String, Vec<String>>> {
    let signer = handles::lookup(&TOKEN_SIGNERS, handle)?;
    let mode = convert::to_int(mode, "mode")?;
    if mode == 1 {
        convert::to_string(arg, "url")?;
    }
    let c = claims_of(&Opts::positional(&claims, &TOKEN_CLAIMS)?)?;
    let t = match mode {
        0 | 1 => core(signer.sign(&c))?,
        2 => short_lived(&signer, c, Some(arg))?,
        _ => return Err(convert::internal_err(format!("signClaims mode {mode}"))),
    };
    Ok(token_result(t))
}

fn shared_key(v: Option<Unknown>, field: &str) -> JsResult<mc::HmacSecret> {
    let v = v.ok_or_else(|| input_err(field, format!("{field} is required")))?;
    if v.get_type().map_err(convert::napi_fail)? == ValueType::String {
        core(mc::HmacSecret::from_base64(&convert::to_string(v, field)?))
    } else {
        core(mc::HmacSecret::from_bytes(&convert::to_bytes(v, field)?))
    }
}

/// The keys of keyset member `member` (`{ id: key }`), each read by `key`
/// with its field (`publicKeys.k1`).
fn keyed<T>(
    keyset: &Opts,
    member: &str,
    key: impl Fn(&str, Unknown) -> JsResult<T>,
) -> JsResult<Vec<(String, T)>> {
    let Some(map) = keyset.get(member)? else {
        return Ok(Vec::new());
    };
    let entries = convert::entries(&convert::to_object(map, member)?)?;
    entries
        .into_iter()
        .map(|(id, v)| Ok((id.clone(), key(&format!("{member}.{id}"), v)?)))
        .collect()
}

/// Verifies Media CDN signed requests and tokens at the origin against a
/// keyset (several public keys and shared keys).
#[napi(namespace = "mediacdn", js_name = "Verifier")]
pub struct MediaCdnVerifier {
    pub(crate) inner: mc::Verifier,
}

methods! { "mediacdn" MediaCdnVerifier {
    #[doc = " `new mediacdn.Verifier({ name?, publicKeys?, sharedKeys? }, { param?, allowedAlgorithms?, maxExpirationTtl?, leeway? })`."]
    #[doc = " `allowedAlgorithms` defaults to Ed25519 alone, as on a Media CDN route that"]
    #[doc = " lists none: list `hmac-sha1`/`hmac-sha256` to accept HMAC tokens."]
    #[ts("keyset: Keyset, options?: VerifierOptions")]
    new(env, keyset; options) as "mediacdn.Verifier" {
        let k = Opts::new(Some(keyset), &KEYSET)?;
        let name = k.string("name")?;
        let public = keyed(&k, "publicKeys", |field, v| {
            core(mc::PublicKey::parse(&convert::to_bytes(v, field)?))
        })?;
        let shared = keyed(&k, "sharedKeys", |field, v| shared_key(Some(v), field))?;
        let ks = core(mc::Keyset::of(name.as_deref(), public, shared))?;
        let o = Opts::new(options, &VERIFIER_OPTIONS)?;
        let options = mc::VerifierOptions {
            param: o.string("param")?,
            allowed_algorithms: o.strings("allowedAlgorithms")?,
            max_expiration_ttl: o.int("maxExpirationTtl")?,
            leeway: o.int("leeway")?,
        };
        let v = core(mc::Verifier::with_options(ks, &options))?;
        Ok(Self { inner: v })
    }

    #[doc = " Verifies whichever credential the request carries (token parameter,"]
    #[doc = " token cookie, signed URL / prefix / path component, signed cookie)."]
    #[ts("request: Request", "mediacdn.Verified")]
    fn verify(&self, env, request) -> Record<records::MediaCdnVerified> {
        let req = self::request(request)?;
        core(self.inner.verify(&req)).map(|v| Record::of(&v))
    }

    #[doc = " Verifies a token given on its own, for `request` (URL, headers, IP)."]
    #[ts("token: string, request: Request", "mediacdn.Verified")]
    fn verify_token(&self, env, token, request) -> Record<records::MediaCdnVerified> {
        let token = convert::to_string(token, "token")?;
        let req = self::request(request)?;
        core(self.inner.verify_token(&token, &req)).map(|v| Record::of(&v))
    }
} }

functions! { "mediacdn" {
    #[doc = " The public key, as the EdgeCacheKeyset wants it (padded base64url), of an"]
    #[doc = " Ed25519 private key in any accepted shape."]
    #[ts("privateKey: string | Buffer")]
    fn public_key_of(env, private_key) -> String {
        let raw = convert::to_bytes(private_key, "privateKey")?;
        Ok(core(mc::SigningKey::parse(&raw))?
            .public_key()
            .keyset_value())
    }
} }

functions! { "mediacdn" {
    #[doc = " An Ed25519 public key (base64/base64url of 32 bytes, SPKI PEM, or raw"]
    #[doc = " bytes) normalised to the keyset's padded base64url value."]
    #[ts("publicKey: string | Buffer")]
    fn keyset_value(env, public_key) -> String {
        let raw = convert::to_bytes(public_key, "publicKey")?;
        Ok(core(mc::PublicKey::parse(&raw))?.keyset_value())
    }
} }

functions! { "mediacdn" {
    #[doc = " A fresh Ed25519 key: its seed, PKCS#8 PEM and keyset value."]
    fn generate_key(env) -> GeneratedKey {
        let g = core(mc::SigningKey::generate())?;
        Ok(GeneratedKey {
            seed: g.seed_base64url().to_string(),
            private_pem: g.private_pem().to_string(),
            keyset_value: g.keyset_value(),
        })
    }
} }

functions! { "mediacdn" {
    #[doc = " Media CDN's `PathGlobs` matching: `*` any run of characters (`/` included),"]
    #[doc = " `?` exactly one; the glob must cover the whole path."]
    #[ts("glob: string, path: string")]
    fn glob_matches(env, glob, path) -> bool {
        Ok(mc::glob_matches(
            &convert::to_string(glob, "glob")?,
            &convert::to_string(path, "path")?,
        ))
    }
} }

explain_export! {
    "mediacdn",
    MediaCdn,
    [" Options of `mediacdn.explain(input, options)`."],
    [
        " Decodes a Media CDN signed URL, signed prefix, `Edge-Cache-Token` or"
        " `Cookie:` header without any key and says in plain words what it grants"
        " and why Media CDN would refuse it."
    ],
}
