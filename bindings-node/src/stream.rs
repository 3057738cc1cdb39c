//! `stream`: Cloudflare Stream signed tokens (`cdnsign::stream`).

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, ClassInstance, JavaScriptClassExt, Object};
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::stream as core_stream;

use crate::convert::{self, core, input_err, now_or, JsResult, Opts, PoolTask, Record, Shape};
use crate::export::{functions, methods};

// The members each options object may have (`Opts` refuses any other and
// reads own properties only).
static SIGN_OPTIONS: Shape = Shape::options("sign options", SignOptions::MEMBERS);
// By hand: `AccessRule` renames `rule_type` to `type`, which its `MEMBERS` cannot see.
static ACCESS_RULE: Shape = Shape::new(
    "member",
    "access rule",
    &["type", "action", "country", "ip"],
);
static VERIFIER_OPTIONS: Shape =
    Shape::options("stream.Verifier options", VerifierOptions::MEMBERS);
static VERIFY_OPTIONS: Shape = Shape::options("verify options", VerifyOptions::MEMBERS);

/// Longest a token may live: `expires` at most this many seconds after signing (24 h).
#[napi(namespace = "stream")]
pub const MAX_LIFETIME: u32 = core_stream::MAX_LIFETIME as u32;

/// At most this many access rules per token.
#[napi(namespace = "stream")]
pub const MAX_ACCESS_RULES: u32 = core_stream::MAX_ACCESS_RULES as u32;

/// Default clock leeway of a `Verifier`, seconds: 0. Cloudflare documents
/// `exp`/`nbf` with no leeway, and a verifier must not accept a token Stream
/// would refuse. (It was 30 before.)
#[napi(namespace = "stream")]
pub const DEFAULT_LEEWAY: u32 = core_stream::DEFAULT_LEEWAY;

/// The only algorithm accepted: `RS256`.
#[napi(namespace = "stream")]
pub const ALGORITHM: &str = core_stream::ALGORITHM;

ts_only! {
    "stream";
    // Validated by the core
    #[doc = " An access rule, as in Cloudflare's `accessRules` (evaluated first match wins)."]
    AccessRule {
        #[doc = " `any`, `ip.src` or `ip.geoip.country`."]
        #[napi(js_name = "type", ts_type = "'any' | 'ip.src' | 'ip.geoip.country'")]
        pub rule_type: (),
        #[doc = " `allow` or `block`."]
        pub action: () as "'allow' | 'block'",
        #[doc = " For `ip.geoip.country`: ISO 3166-1 alpha-2 codes (`[\"KR\"]`)."]
        pub country: Option<Vec<String>>,
        #[doc = " For `ip.src`: IPv4/IPv6 addresses or CIDRs."]
        pub ip: Option<Vec<String>>,
    }

    #[doc = " Options of `key.sign(videoUid, options)`."]
    SignOptions {
        #[doc = " `exp`: a `Date` or Unix seconds, after `now` and at most 24 h later."]
        pub expires: () as "Date | number",
        #[doc = " `nbf`: a `Date` or Unix seconds."]
        pub not_before: Option<()> as "Date | number",
        #[doc = " `downloadable`: allow the MP4 download."]
        pub downloadable: Option<bool>,
        #[doc = " `accessRules`, at most 5."]
        pub access_rules: Option<()> as "AccessRule[]",
        #[doc = " The signing time the limits are checked against; the clock when omitted."]
        pub now: Option<()> as "Date | number",
    }

    #[doc = " Options of `new stream.Verifier(keys, options)`."]
    VerifierOptions {
        #[doc = " Clock leeway for `exp`/`nbf`, seconds (default 0: Cloudflare documents"]
        #[doc = " none, so more accepts tokens Stream itself refuses; raise it only when"]
        #[doc = " this host's clock lags the signer's)."]
        pub leeway: Option<u32>,
        #[doc = " Refuse tokens without `exp` (default true)."]
        pub require_exp: Option<bool>,
    }

    #[doc = " Options of `verifier.verify(token, options)`."]
    VerifyOptions {
        #[doc = " The time to check against; the clock when omitted."]
        pub now: Option<()> as "Date | number",
        #[doc = " The video the request is for: the token's `sub` must equal it."]
        pub video_uid: Option<String>,
        #[doc = " The viewer's IP, for `ip.src` rules."]
        pub viewer_ip: Option<String>,
        #[doc = " The viewer's country (ISO alpha-2), for `ip.geoip.country` rules."]
        pub viewer_country: Option<String>,
        #[doc = " Do not evaluate `accessRules` (signature and times only)."]
        pub skip_access_rules: Option<bool>,
    }
}

// Built by `convert::Record` from `records::StreamVerified` and its claims.
ts_record! { "stream" #[doc = " The claims of a verified or decoded token."] TokenClaims = StreamClaims }
ts_record! { "stream" #[doc = " How the access rules decided."] AccessResult = AccessResult }
ts_record! { "stream" #[doc = " A token that passed every check."] VerifiedToken = StreamVerified }

ts_record! {
    "stream" #[doc = " A token taken apart without any check (for logs and support)."]
    DecodedToken = DecodedToken
}

/// A Stream signing key: the key id and the parsed RSA private key, parsed
/// once and reused for every token.
#[napi(namespace = "stream", js_name = "SigningKey")]
pub struct StreamSigningKey {
    inner: Arc<core_stream::SigningKey>,
}

fn sign_args(video_uid: Unknown, options: Option<Unknown>) -> JsResult<(core_stream::Claims, i64)> {
    let uid = convert::to_string(video_uid, "videoUid")?;
    let o = Opts::new(options, &SIGN_OPTIONS)?;
    let claims = core_stream::Claims {
        sub: uid,
        exp: o.req_time("expires")?,
        nbf: o.time("notBefore")?,
        downloadable: o.bool("downloadable")?,
        access_rules: match o.get("accessRules")? {
            Some(rules) => core(core_stream::AccessRule::list_from_json_value(
                &access_rules(rules)?,
            ))?,
            None => Vec::new(),
        },
    };
    Ok((claims, now_or(o.time("now")?)))
}

/// `accessRules` as the JSON the core validates, each rule read as an
/// `AccessRule` (own members, unknown names refused with the closest known
/// one). `JSON.stringify` would drop a misspelt member's suggestion and
/// serialise whatever `toJSON` says; the values' own checks (types,
/// actions, countries, CIDRs, counts) stay the core's, with its messages.
/// Every error is about the field `accessRules`, as the core's are.
fn access_rules(rules: Unknown) -> JsResult<serde_json::Value> {
    read_access_rules(rules).map_err(|e| e.in_field("accessRules"))
}

fn read_access_rules(rules: Unknown) -> JsResult<serde_json::Value> {
    use serde_json::Value;
    let items = convert::to_array(rules, "accessRules")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let what = format!("accessRules[{i}]");
        // null is not "no rule": refused as the core refuses it
        convert::to_object(item, &what)?;
        let r = Opts::named(Some(item), &ACCESS_RULE, &what)?;
        let mut rule = serde_json::Map::new();
        for name in ["type", "action"] {
            if let Some(s) = r.string(name)? {
                rule.insert(name.to_owned(), Value::String(s));
            }
        }
        for name in ["country", "ip"] {
            if let Some(list) = r.get(name)? {
                let field = format!("{what}.{name}");
                let list = convert::to_array(list, &field)?
                    .into_iter()
                    .enumerate()
                    .map(|(j, v)| {
                        convert::to_string(v, &format!("{field}[{j}]")).map(Value::String)
                    })
                    .collect::<JsResult<Vec<_>>>()?;
                rule.insert(name.to_owned(), Value::Array(list));
            }
        }
        out.push(Value::Object(rule));
    }
    Ok(Value::Array(out))
}

/// A new `SigningKey` instance. The static constructors are plain methods,
/// not napi `factory`s: napi's factories build the instance from `this`, so a
/// detached call (`const { fromText } = stream.SigningKey`) failed.
fn key_instance<'e>(
    env: &'e Env,
    key: cdnsign::Result<core_stream::SigningKey>,
) -> JsResult<ClassInstance<'e, StreamSigningKey>> {
    let inner = Arc::new(core(key)?);
    StreamSigningKey { inner }
        .into_instance(env)
        .map_err(convert::napi_fail)
}

methods! { "stream" StreamSigningKey {
    #[doc = " From the `POST /accounts/{id}/stream/keys` response as returned (the"]
    #[doc = " whole envelope or its `result`), as an object or JSON text. `pem` (base64"]
    #[doc = " of a PKCS#1 PEM) is used, else `jwk`; when both are present they must be"]
    #[doc = " the same key."]
    #[ts("response: object | string | Buffer", "SigningKey")]
    fn from_api_response(env, response) -> ClassInstance<'e, Self> {
        let text = convert::to_json_text(env, response, "response")?;
        key_instance(env, core_stream::SigningKey::from_stream_keys_response(&text))
    }

    #[doc = " From a key id and a PEM (or DER) RSA private key, PKCS#1 or PKCS#8."]
    #[ts("kid: string, pem: string | Buffer", "SigningKey")]
    fn from_pem(env, kid, pem) -> ClassInstance<'e, Self> {
        let kid = convert::to_string(kid, "kid")?;
        let pem = convert::to_bytes(pem, "pem")?;
        key_instance(env, core_stream::SigningKey::from_pem(&kid, pem))
    }

    #[doc = " From a private RSA JWK (object, JSON text, or base64 of it as in the"]
    #[doc = " response's `jwk` field); `kid` overrides or supplies the JWK's `kid`."]
    #[ts("jwk: object | string | Buffer, kid?: string", "SigningKey")]
    fn from_jwk(env, jwk; kid) -> ClassInstance<'e, Self> {
        let text = convert::to_json_text(env, jwk, "jwk")?;
        let kid = convert::opt_string(kid, "kid")?;
        key_instance(env, core_stream::SigningKey::from_jwk(&text, kid.as_deref()))
    }

    #[doc = " Whatever `text` is: a `/stream/keys` response, a JWK (JSON or base64),"]
    #[doc = " a PEM (then `kid` is required), or the response's base64 `pem` field."]
    #[ts("text: string | Buffer, kid?: string", "SigningKey")]
    fn from_text(env, text; kid) -> ClassInstance<'e, Self> {
        let text = String::from_utf8(convert::to_bytes(text, "text")?)
            .map_err(|_| input_err("text", "the key text is not UTF-8"))?;
        let kid = convert::opt_string(kid, "kid")?;
        key_instance(env, core_stream::SigningKey::from_text(&text, kid.as_deref()))
    }
} }

methods! { "stream" StreamSigningKey {
    #[doc = " The key id (`kid` in the header and the payload)."]
    get kid(&self) -> String {
        self.inner.kid().to_owned()
    }

    #[doc = " The public key as a JWK object (`use`, `kty`, `kid`, `alg`, `n`, `e`)."]
    #[ts("", "Record<string, string>")]
    fn public_jwk(&self, env) -> Unknown<'e> { convert::json_parse(env, &self.inner.public_jwk()) }

    #[doc = " The public key as an SPKI PEM."]
    fn public_pem(&self) -> String {
        self.inner.public_pem()
    }

    #[doc = " Signs a token for `videoUid`: header `{\"alg\":\"RS256\",\"kid\":…}`, payload"]
    #[doc = " `sub`, `kid`, `exp`, then `nbf`, `downloadable`, `accessRules` when set —"]
    #[doc = " byte for byte what Cloudflare's documented Worker produces. Throws"]
    #[doc = " `CDNSIGN_INVALID_INPUT` for `expires` not after now or more than 24 h"]
    #[doc = " later, more than 5 rules, a bad rule, a bad uid."]
    #[ts("videoUid: string, options: SignOptions")]
    fn sign(&self, env, video_uid; options) -> String {
        let (claims, now) = sign_args(video_uid, options)?;
        core(self.inner.sign(&claims, now))
    }

    #[doc = " `sign` on the libuv thread pool (RSA signing off the event loop)."]
    #[ts("videoUid: string, options: SignOptions", "Promise<string>")]
    fn sign_async(&self, env, video_uid; options) -> AsyncTask<PoolTask<String>> {
        let (claims, now) = sign_args(video_uid, options)?;
        let key = Arc::clone(&self.inner);
        Ok(PoolTask::new("stream sign", move || {
            core(key.sign(&claims, now))
        }))
    }
} }

/// Verifies Stream tokens at the origin against keys by `kid` (several
/// during a rotation): RS256 pinned, `exp`/`nbf` (numbers or numeric
/// strings) with no leeway unless asked, `sub`, then the access rules for
/// the viewer.
#[napi(namespace = "stream", js_name = "Verifier")]
pub struct StreamVerifier {
    inner: core_stream::Verifier,
}

fn is_key_document(obj: &Object) -> JsResult<bool> {
    // own keys only: a polluted `Object.prototype.kty` must not turn a
    // `{ [kid]: pem }` map into a key document
    let keys = convert::own_keys(obj)?;
    Ok(keys
        .iter()
        .any(|k| k == "kty" || k == "keys" || k == "result"))
}

impl StreamVerifier {
    fn add_one(
        &mut self,
        env: &Env,
        key: Unknown,
        kid: Option<&str>,
        field: &str,
    ) -> JsResult<Vec<String>> {
        if let Some(k) = convert::class_instance::<StreamSigningKey>(key) {
            core(self.inner.add_signing_key(&k.inner))?;
            return Ok(vec![k.inner.kid().to_owned()]);
        }
        let text = convert::to_json_text(env, key, field)?;
        core(self.inner.add_key_text(&text, kid))
    }
}

methods! { "stream" StreamVerifier {
    #[doc = " `keys`: `{ [kid]: PEM | JWK | response }`, or a list of `SigningKey`s,"]
    #[doc = " JWKs / JWK Sets / `/stream/keys` responses (objects or text), or one"]
    #[doc = " such document. `options.leeway`: seconds of clock skew allowed on"]
    #[doc = " `exp`/`nbf`, default 0 (`DEFAULT_LEEWAY`): Cloudflare documents none,"]
    #[doc = " so with the default a token 10 s before its `nbf` is"]
    #[doc = " `CDNSIGN_NOT_YET_VALID`. `options.requireExp` (default true)."]
    #[ts("keys?: Record<string, string | Buffer> | Array<SigningKey | object | string | Buffer> | object, options?: VerifierOptions")]
    new(env; keys, options) as "stream.Verifier" {
        let o = Opts::new(options, &VERIFIER_OPTIONS)?;
        let mut inner = core_stream::Verifier::new();
        if let Some(l) = o.int("leeway")? {
            let l = u32::try_from(l).map_err(|_| {
                input_err("leeway", format!("leeway={l} must be 0 or more seconds"))
            })?;
            inner = inner.with_leeway(l);
        }
        if let Some(r) = o.bool("requireExp")? {
            inner = inner.with_require_exp(r);
        }
        let mut v = StreamVerifier { inner };
        if let Some(keys) = convert::present(keys) {
            if keys.is_array().unwrap_or(false) {
                for (i, k) in convert::to_array(keys, "keys")?.into_iter().enumerate() {
                    v.add_one(env, k, None, &format!("keys[{i}]"))?;
                }
            } else if convert::class_instance::<StreamSigningKey>(keys).is_some() {
                v.add_one(env, keys, None, "keys")?;
            } else {
                let obj = convert::to_object(keys, "keys")?;
                if is_key_document(&obj)? {
                    v.add_one(env, keys, None, "keys")?;
                } else {
                    for (kid, k) in convert::entries(&obj)? {
                        v.add_one(env, k, Some(&kid), &format!("keys.{kid}"))?;
                    }
                }
            }
        }
        Ok(v)
    }

    #[doc = " Adds a key: a `SigningKey`, a JWK / JWK Set / `/stream/keys` response"]
    #[doc = " (object or text), or a PEM with its `kid`. Returns the kids added."]
    #[ts("key: SigningKey | object | string | Buffer, kid?: string")]
    fn add_key(&mut self, env, key; kid) -> Vec<String> {
        let kid = convert::opt_string(kid, "kid")?;
        self.add_one(env, key, kid.as_deref(), "key")
    }

    #[doc = " The key ids held."]
    get kids(&self) -> Vec<String> {
        self.inner.kids().map(str::to_owned).collect()
    }

    #[doc = " The clock leeway, seconds (0 unless given: Cloudflare allows none)."]
    get leeway(&self) -> u32 {
        self.inner.leeway()
    }

    #[doc = " Verifies a token. Throws, each with its own code: `CDNSIGN_MALFORMED`,"]
    #[doc = " `CDNSIGN_ALGORITHM_NOT_ALLOWED` (none, HS256, ...), `CDNSIGN_UNKNOWN_KEY`,"]
    #[doc = " `CDNSIGN_BAD_SIGNATURE`, `CDNSIGN_EXPIRED`, `CDNSIGN_NOT_YET_VALID`,"]
    #[doc = " `CDNSIGN_SUBJECT_MISMATCH`, `CDNSIGN_IP_NOT_ALLOWED`,"]
    #[doc = " `CDNSIGN_COUNTRY_NOT_ALLOWED`, `CDNSIGN_ACCESS_DENIED`."]
    #[ts("token: string, options?: VerifyOptions", "stream.VerifiedToken")]
    fn verify(&self, env, token; options) -> Record<records::StreamVerified> {
        let token = convert::to_string(token, "token")?;
        let o = Opts::new(options, &VERIFY_OPTIONS)?;
        let (uid, ip) = (o.string("videoUid")?, o.string("viewerIp")?);
        let (country, now) = (o.string("viewerCountry")?, now_or(o.time("now")?));
        let evaluate = o.bool("skipAccessRules")? != Some(true);
        let (uid, ip, country) = (uid.as_deref(), ip.as_deref(), country.as_deref());
        let req = core(core_stream::VerifyRequest::of(now, uid, ip, country, evaluate))?;
        let t = core(self.inner.verify(&token, &req))?;
        Ok(Record::of(&t))
    }
} }

functions! { "stream" {
    #[doc = " Takes a token apart without checking anything (for logs and support)."]
    #[doc = " Throws `CDNSIGN_MALFORMED` when it is not a JWT at all."]
    #[ts("token: string", "stream.DecodedToken")]
    fn decode(env, token) -> Record<records::DecodedToken> {
        let token = convert::to_string(token, "token")?;
        core(core_stream::decode(&token)).map(|d| Record::of(&d))
    }
} }

functions! { "stream" {
    #[doc = " The video uid or token in a `customer-<CODE>.cloudflarestream.com` URL."]
    #[ts("url: string")]
    fn id_from_url(env, url) -> Option<String> {
        let url = convert::to_string(url, "url")?;
        Ok(core_stream::id_from_url(&url).map(str::to_owned))
    }
} }

/// Playback URLs on `https://customer-<CODE>.cloudflarestream.com/<TOKEN|UID>/…`.
#[napi(namespace = "stream", js_name = "Urls")]
pub struct StreamUrls {
    inner: core_stream::StreamUrls,
}

impl StreamUrls {
    /// The URL of `kind` for `token_or_uid` (`url_kinds!`' methods).
    fn kind_url(&self, token_or_uid: Unknown, kind: core_stream::UrlKind) -> JsResult<String> {
        core(
            self.inner
                .url(&convert::to_string(token_or_uid, "tokenOrUid")?, kind),
        )
    }
}

methods! { "stream" StreamUrls {
    #[doc = " `customerCode`: the `<CODE>` of `customer-<CODE>.cloudflarestream.com`."]
    #[ts("customerCode: string")]
    new(env, customer_code) as "stream.Urls" {
        let code = convert::to_string(customer_code, "customerCode")?;
        Ok(StreamUrls {
            inner: core(core_stream::StreamUrls::new(&code))?,
        })
    }

    #[doc = " `https://customer-<CODE>.cloudflarestream.com`."]
    get base(&self) -> String {
        self.inner.base().to_owned()
    }

    #[doc = " The URL of `kind` (`iframe`, `hls`, `dash`, `thumbnail`, `mp4`...) for a token or uid."]
    #[ts("tokenOrUid: string, kind: string")]
    fn url(&self, env, token_or_uid, kind) -> String {
        let id = convert::to_string(token_or_uid, "tokenOrUid")?;
        let kind = convert::to_string(kind, "kind")?;
        core(
            self.inner
                .url(&id, core(core_stream::UrlKind::from_name(&kind))?),
        )
    }
} }

/// `iframe`, `hls`, `dash`, `thumbnail` and `mp4Download` of `stream.Urls`:
/// the URL of one `UrlKind` each, with its doc.
macro_rules! url_kinds {
    ($($name:ident $kind:ident $doc:literal;)*) => {
        methods! { "stream" StreamUrls { $(
            #[doc = $doc]
            #[ts("tokenOrUid: string")]
            fn $name(&self, env, token_or_uid) -> String {
                self.kind_url(token_or_uid, core_stream::UrlKind::$kind)
            }
        )* } }
    };
}

url_kinds! {
    iframe Iframe " `…/<id>/iframe`.";
    hls Hls " `…/<id>/manifest/video.m3u8`.";
    dash Dash " `…/<id>/manifest/video.mpd`.";
    thumbnail Thumbnail " `…/<id>/thumbnails/thumbnail.jpg`.";
    mp4_download Mp4Download " `…/<id>/downloads/default.mp4`.";
}

explain_export! {
    "stream",
    Stream,
    [" Options of `stream.explain(input, options)`."],
    [
        " Decodes a Cloudflare Stream signed token (or a playback URL carrying one)"
        " without any key and says in plain words what it grants and what a"
        " verifier would refuse (expired, not yet valid, a bad header...)."
    ],
}
