//! Result records: what a successful call gives, in the one JSON shape every
//! surface emits (C strings, Python `to_dict()`, Node objects with their keys
//! in camelCase, `cdnsign … --json`). Each is built from the core's own
//! result type with `From`, so a new field reaches every surface at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{cloudcdn, cloudfront, manifest, mediacdn, stream, webhook};

/// Declares the records and `cdnsign::record_fields!`, which hands a binding
/// one record's fields so that it declares its result type from them instead
/// of restating them: `record_fields!(CloudFrontVerified, callback, args...)`
/// expands to `callback! { args... { #[doc = "..."] name: Type as "TS type", ... } }`
/// (the field's docs, its Rust type, and the TypeScript type of its JSON
/// value when the Rust type alone does not say it: a union of the values it
/// takes, or another record's name in the bindings). `$d` is a `$` token,
/// which a macro writing a macro needs for the inner one's variables.
///
/// Field docs are `#[doc = "…"]` strings, not `///` comments: a binding
/// copies them into its own declarations, and napi-derive writes a doc
/// literal's token text into `index.d.ts` (a comment's raw string would
/// arrive with its `r"` quotes).
macro_rules! records {
    ($d:tt $(
        $(#[doc = $doc:literal])*
        #[derive($($derive:ident),*)]
        pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[serde($($serde:tt)*)])?
                pub $field:ident: $ty:ty $(as $ts:literal)?,
            )*
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[derive($($derive),*)]
            #[serde(deny_unknown_fields)]
            pub struct $name {
                $( $(#[doc = $fdoc])* $(#[serde($($serde)*)])? pub $field: $ty, )*
            }
        )*

        /// A record's fields for a binding's declaration of it (see
        /// `records!` in `core/src/api/records.rs`).
        #[macro_export]
        macro_rules! record_fields {
            $(
                ($name, $d callback:ident, $d($d args:tt)*) => {
                    $d callback! { $d($d args)* { $( $(#[doc = $fdoc])* $field: $ty $(as $ts)?, )* } }
                };
            )*
        }
    };
}

records! { $
    /// A cookie: name and value.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct NameValue {
        #[doc = " The cookie's name."]
        pub name: String,
        #[doc = " Its value."]
        pub value: String,
    }

    /// CloudFront signed cookies (`Signer::sign_cookies`).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CloudFrontCookies {
        #[doc = " The `CloudFront-*` cookies, in the order CloudFront documents."]
        pub cookies: Vec<cdnsign::api::records::NameValue>,
        #[doc = " One `Set-Cookie` header value per cookie."]
        pub set_cookie: Vec<String>,
        #[doc = " All of them as one `Cookie:` request header value."]
        pub cookie_header: String,
    }

    /// What a CloudFront verification established.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CloudFrontVerified {
        #[doc = " `url` (query parameters) or `cookies`."]
        pub form: String as "'url' | 'cookies'",
        #[doc = " The key that verified it."]
        pub key_pair_id: String,
        #[doc = " `SHA1` or `SHA256`."]
        pub hash_algorithm: String as "'SHA1' | 'SHA256'",
        #[doc = " Canned (`Expires`) rather than custom (`Policy`)."]
        pub canned: bool,
        #[doc = " The policy's resource (canned: the request URL)."]
        pub resource: Option<String>,
        #[doc = " `DateLessThan`, Unix seconds."]
        pub expires: i64,
        #[doc = " `DateGreaterThan`, Unix seconds."]
        pub starts: Option<i64>,
        #[doc = " `IpAddress` CIDR."]
        pub ip_range: Option<String>,
        #[doc = " The request URL it was checked against (signing parameters removed)."]
        pub request_url: String,
        #[doc = " The policy bytes the signature covers."]
        pub policy_json: String,
    }

    /// A Stream token's claims (`stream::decode`, and part of a verification).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct StreamClaims {
        #[doc = " `sub`: the video uid (absent in tokens from Cloudflare's `/token` endpoint)."]
        pub sub: Option<String>,
        #[doc = " `kid`."]
        pub kid: Option<String>,
        #[doc = " `exp`, Unix seconds."]
        pub exp: Option<i64>,
        #[doc = " `nbf`, Unix seconds."]
        pub nbf: Option<i64>,
        #[doc = " `exp` was a numeric string (as Cloudflare's `/token` endpoint writes it)."]
        pub exp_was_string: bool,
        #[doc = " `nbf` was sent as a string."]
        pub nbf_was_string: bool,
        #[doc = " `downloadable`: the mp4 download flag."]
        pub downloadable: bool,
        #[doc = " `accessRules`, as Cloudflare's JSON."]
        pub access_rules: Vec<serde_json::Value> as "AccessRule[]",
    }

    /// How the access rules decided a Stream verification.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AccessResult {
        #[doc = " `not_evaluated` (skipped), `no_match` (allowed: no rule matched) or"]
        #[doc = " `allowed_by_rule` (rule `rule` matched with `allow`). A block is an"]
        #[doc = " error, not a result."]
        pub decision: String as "'not_evaluated' | 'no_match' | 'allowed_by_rule'",
        #[doc = " The 0-based rule that decided, for `allowed_by_rule`."]
        pub rule: Option<usize> as "number",
    }

    /// A Stream token decoded without any key (`stream::decode`).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct DecodedToken {
        #[doc = " The header JSON as sent."]
        pub header_json: String,
        #[doc = " The payload JSON as sent."]
        pub payload_json: String,
        #[doc = " The header's `alg`."]
        pub alg: Option<String>,
        #[doc = " The header's `kid`."]
        pub kid: Option<String>,
        #[doc = " The header's `typ`."]
        pub typ: Option<String>,
        #[doc = " The signature's length in bytes, when it decodes."]
        pub signature_length: Option<usize> as "number",
        #[doc = " The claims, when the payload reads as Stream claims."]
        pub claims: Option<cdnsign::api::records::StreamClaims> as "TokenClaims",
        #[doc = " Why it does not, otherwise."]
        pub claims_error: Option<String>,
    }

    /// What a Stream verification established.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct StreamVerified {
        #[doc = " The key id that verified it."]
        pub kid: String,
        #[doc = " The token's claims."]
        pub claims: cdnsign::api::records::StreamClaims as "TokenClaims",
        #[doc = " How the access rules decided."]
        pub access: cdnsign::api::records::AccessResult as "AccessResult",
    }

    /// What a webhook signature verification established.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct WebhookVerified {
        #[doc = " The header's `time` (Unix seconds)."]
        pub time: i64,
        #[doc = " `now - time`: positive when sent in the past."]
        pub age: i64,
        #[doc = " Which secret matched (index in the order given)."]
        pub secret_index: usize as "number",
    }

    /// A Stream webhook event, with the field names of `tests/vectors/webhook.json`.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct WebhookEvent {
        #[doc = " `uid`: the video."]
        pub uid: String,
        #[doc = " `readyToStream`."]
        pub ready_to_stream: Option<bool>,
        #[doc = " `status.state` as sent (`pendingupload`, `downloading`, `queued`,"]
        #[doc = " `inprogress`, `ready`, `error`, `live-inprogress`, or unknown text)."]
        pub state: Option<String>,
        #[doc = " Whether `state` is one of the documented states."]
        pub state_known: bool,
        #[doc = " `status.pctComplete` as a number (Stream sends a string)."]
        pub pct_complete: Option<f64>,
        #[doc = " `status.pctComplete` as sent, when it is a string."]
        pub pct_complete_raw: Option<String>,
        #[doc = " `status.errorReasonCode` (or `errReasonCode`), when not empty."]
        pub error_reason_code: Option<String>,
        #[doc = " `status.errorReasonText` (or `errReasonText`), when not empty."]
        pub error_reason_text: Option<String>,
        #[doc = " `meta`: the video's user-defined names and values, as sent."]
        pub meta: Option<serde_json::Value> as "Record<string, unknown>",
        #[doc = " `created` (RFC 3339 text)."]
        pub created: Option<String>,
        #[doc = " `modified` (RFC 3339 text)."]
        pub modified: Option<String>,
        #[doc = " `duration`, seconds (`-1` = unknown)."]
        pub duration: Option<f64>,
        #[doc = " `ready` (state `ready`), `failed` (state `error`) or `processing` (anything else)."]
        pub lifecycle: String as "'processing' | 'ready' | 'failed'",
        #[doc = " The whole body as parsed (`json.loads`, `JSON.parse`), for the fields the typed view leaves out."]
        pub raw: serde_json::Value as "Record<string, unknown>",
    }

    /// A verified webhook delivery and its typed body (`Verifier::verify_event`).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct WebhookVerifiedEvent {
        #[doc = " The header's `time` (Unix seconds)."]
        pub time: i64,
        #[doc = " `now - time`: positive when sent in the past."]
        pub age: i64,
        #[doc = " Which secret matched (index in the order given)."]
        pub secret_index: usize as "number",
        #[doc = " The typed body."]
        pub event: cdnsign::api::records::WebhookEvent as "Event",
    }

    /// A signed URL (Media CDN, Cloud CDN).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SignedUrl {
        #[doc = " The URL to hand out."]
        pub url: String,
        #[doc = " The exact bytes the signature covers."]
        pub signed_value: String,
    }

    /// A prefix signature as query parameters for any URL under the prefix.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SignedQuery {
        #[doc = " `URLPrefix=…&Expires=…&KeyName=…&Signature=…` (no leading `?`/`&`)."]
        pub query: String,
        #[doc = " The exact bytes the signature covers."]
        pub signed_value: String,
    }

    /// A signed cookie (Media CDN's `Edge-Cache-Cookie`, Cloud CDN's
    /// `Cloud-CDN-Cookie`).
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SignedCookie {
        #[doc = " `Edge-Cache-Cookie` (Media CDN) or `Cloud-CDN-Cookie` (Cloud CDN)."]
        pub name: String,
        #[doc = " The cookie value."]
        pub value: String,
        #[doc = " The exact bytes the signature covers."]
        pub signed_value: String,
        #[doc = " `Name=value`, as a client sends it in `Cookie:`."]
        pub cookie_pair: String,
        #[doc = " A `Set-Cookie` header value with the attributes asked for."]
        pub set_cookie: String,
    }

    /// A Media CDN token and how it travels.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MediaCdnToken {
        #[doc = " The token (`…~Expires=…~Signature=…` or `…~hmac=…`)."]
        pub token: String,
        #[doc = " The exact bytes the signature covers (with `FullPath=` and header values)."]
        pub signed_value: String,
        #[doc = " The query parameter it travels in."]
        pub param: String,
        #[doc = " `edge-cache-token=<token>` (`param=token`)."]
        pub query: String,
        #[doc = " The token as `Edge-Cache-Cookie` (default attributes: `Path=/; Secure; HttpOnly`)."]
        pub cookie: cdnsign::api::records::SignedCookie as "SignedCookie",
        #[doc = " `ed25519`, `hmac-sha1` or `hmac-sha256`."]
        pub algorithm: String as "'ed25519' | 'hmac-sha1' | 'hmac-sha256'",
        #[doc = " The URL with the token appended, when a URL was signed (else left out)."]
        pub url: Option<String>,
    }

    /// What a Media CDN verification established.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MediaCdnVerified {
        #[doc = " `signed_url`, `signed_prefix`, `path_component`, `cookie`, `token` or `token_cookie`."]
        pub form: String as "'signed_url' | 'signed_prefix' | 'path_component' | 'cookie' | 'token' | 'token_cookie'",
        #[doc = " The key (or shared key) id that matched."]
        pub key_id: String,
        #[doc = " `ed25519`, `hmac-sha1` or `hmac-sha256`."]
        pub algorithm: String as "'ed25519' | 'hmac-sha1' | 'hmac-sha256'",
        #[doc = " `Expires`."]
        pub expires: i64,
        #[doc = " `Starts`."]
        pub starts: Option<i64>,
        #[doc = " `SessionID`."]
        pub session_id: Option<String>,
        #[doc = " `Data`."]
        pub data: Option<String>,
        #[doc = " The exact bytes the signature covered."]
        pub signed_value: String,
    }

    /// What a Cloud CDN verification established.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CloudCdnVerified {
        #[doc = " `signed_url`, `signed_prefix` or `cookie`."]
        pub form: String as "'signed_url' | 'signed_prefix' | 'cookie'",
        #[doc = " The key that matched."]
        pub key_name: String,
        #[doc = " `Expires`."]
        pub expires: i64,
        #[doc = " The exact bytes the signature covered."]
        pub signed_value: String,
    }

    /// One rewritten reference of a signed manifest.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ManifestReference {
        #[doc = " 1-based line number."]
        pub line: usize as "number",
        #[doc = " `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, `BaseURL`, …"]
        pub kind: String,
        #[doc = " The reference as written in the input."]
        pub original: String,
        #[doc = " What replaced it (with the credential)."]
        pub rewritten: String,
        #[doc = " The absolute URL it names, before the credential."]
        pub url: String,
    }

    /// A signed manifest (`Signer.sign_manifest`).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SignedManifestRecord {
        #[doc = " `hls` or `dash`."]
        pub format: String,
        #[doc = " The URL prefix the one credential covers."]
        pub coverage: String,
        #[doc = " The credential appended to every reference (query parameters)."]
        pub credential: String,
        #[doc = " Every rewritten reference, in order."]
        pub references: Vec<cdnsign::api::records::ManifestReference>,
        #[doc = " The signed manifest (text; invalid UTF-8 replaced)."]
        pub manifest: String,
    }

    /// The check of one reference of a signed manifest; `code`, `message` and
    /// `explain` only when it fails.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ManifestLineCheck {
        #[doc = " 1-based line number."]
        pub line: usize as "number",
        #[doc = " `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, …"]
        pub kind: String,
        #[doc = " The reference as written."]
        pub reference: String,
        #[doc = " The request URL checked."]
        pub url: String,
        #[doc = " Whether the request would be served."]
        pub ok: bool,
        #[doc = " The verifier's code (`expired`, `bad_signature`, …), on failure."]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        #[doc = " The verifier's message, on failure."]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub message: Option<String>,
        #[doc = " The provider's explain text for the request URL, on failure."]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub explain: Option<String>,
    }

    /// A manifest check (`Verifier.check_manifest`): the same JSON as
    /// [`manifest::CheckReport::to_json`].
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ManifestCheck {
        #[doc = " `hls` or `dash`."]
        pub format: String,
        #[doc = " True when every reference passes."]
        pub ok: bool,
        #[doc = " References checked."]
        pub checked: usize as "number",
        #[doc = " References failing."]
        pub failed: usize as "number",
        #[doc = " One entry per reference that causes a CDN request."]
        pub lines: Vec<cdnsign::api::records::ManifestLineCheck> as "ManifestLineCheck[]",
    }

    /// A refusal or error: what every surface reports (C: the status name,
    /// `cdnsign_last_error_field` and `_message`; Python: the exception's
    /// `code`, `field` and message; Node: `err.code` without its `CDNSIGN_`
    /// prefix, lower-cased, `err.field`, `err.message`).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Failure {
        #[doc = " The stable code (`expired`, `bad_signature`, ...)."]
        pub code: String,
        #[doc = " The field concerned, when there is one."]
        pub field: Option<String>,
        #[doc = " The explanation, with the numbers involved."]
        pub message: String,
    }

    /// What `explain` returns for every provider: the JSON view of an
    /// [`Explanation`](crate::api::Explanation) (a member the provider has no
    /// use for is `null`).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    pub struct ExplanationJson {
        #[doc = " `cloudfront`, `stream`, `webhook`, `mediacdn` or `cloudcdn`."]
        pub provider: String as "'cloudfront' | 'stream' | 'webhook' | 'mediacdn' | 'cloudcdn'",
        #[doc = " What the input is (`AWS CloudFront signed URL`, ...)."]
        pub kind: String,
        #[doc = " No problem visible without the key."]
        pub ok: bool,
        #[doc = " The time it was judged at (Unix seconds)."]
        pub now: i64,
        #[doc = " `url` or `cookies` (CloudFront)."]
        pub form: Option<String>,
        #[doc = " The key the credential names (`Key-Pair-Id`, `kid`, `KeyName`)."]
        pub key_id: Option<String>,
        #[doc = " The signature algorithm (`SHA1`/`SHA256` for CloudFront, the JWT's"]
        #[doc = " `alg`, `Ed25519`, `HMAC-SHA1`, `HMAC-SHA256`)."]
        pub algorithm: Option<String>,
        #[doc = " `canned` or `custom` (CloudFront)."]
        pub policy_kind: Option<String> as "'canned' | 'custom'",
        #[doc = " The policy the signature must cover (CloudFront)."]
        pub policy: Option<String>,
        #[doc = " The resource the credential grants."]
        pub resource: Option<String>,
        #[doc = " The URL requested, signing parameters removed."]
        pub request_url: Option<String>,
        #[doc = " Whether the resource covers the request URL."]
        pub resource_matches: Option<bool>,
        #[doc = " Expiry (Unix seconds)."]
        pub expires: Option<i64>,
        #[doc = " Start (Unix seconds)."]
        pub starts: Option<i64>,
        #[doc = " The allowed client range (`IpAddress`, `IPRanges`)."]
        pub ip_range: Option<String>,
        #[doc = " Label → value, in reading order."]
        #[serde(serialize_with = "facts_in_order")]
        pub facts: Vec<(String, String)> as "Record<string, string>",
        #[doc = " Why the CDN would refuse it."]
        pub problems: Vec<String>,
        #[doc = " Things worth knowing that are not errors."]
        pub notes: Vec<String>,
        #[doc = " What a verifier checks with the key."]
        pub checks: Vec<String>,
    }
}

impl From<&cloudfront::SignedCookies> for CloudFrontCookies {
    fn from(c: &cloudfront::SignedCookies) -> Self {
        CloudFrontCookies {
            cookies: c
                .cookies()
                .iter()
                .map(|c| NameValue {
                    name: c.name.to_string(),
                    value: c.value.clone(),
                })
                .collect(),
            set_cookie: c.set_cookie_headers().to_vec(),
            cookie_header: c.cookie_header(),
        }
    }
}

impl From<&cloudfront::Verified> for CloudFrontVerified {
    fn from(v: &cloudfront::Verified) -> Self {
        CloudFrontVerified {
            form: v.form.as_str().to_string(),
            key_pair_id: v.key_pair_id.clone(),
            hash_algorithm: v.hash_algorithm.as_str().to_string(),
            canned: v.canned,
            resource: v.resource.clone(),
            expires: v.expires,
            starts: v.starts,
            ip_range: v.ip_range.clone(),
            request_url: v.request_url.clone(),
            policy_json: v.policy_json.clone(),
        }
    }
}

impl From<&stream::TokenClaims> for StreamClaims {
    fn from(c: &stream::TokenClaims) -> Self {
        StreamClaims {
            sub: c.sub.clone(),
            kid: c.kid.clone(),
            exp: c.exp,
            nbf: c.nbf,
            exp_was_string: c.exp_was_string,
            nbf_was_string: c.nbf_was_string,
            downloadable: c.downloadable,
            access_rules: c
                .access_rules
                .iter()
                .map(|r| serde_json::from_str(&r.to_json()).unwrap_or(Value::Null))
                .collect(),
        }
    }
}

impl From<&stream::AccessDecision> for AccessResult {
    fn from(a: &stream::AccessDecision) -> Self {
        let (decision, rule) = match a {
            stream::AccessDecision::NotEvaluated => ("not_evaluated", None),
            stream::AccessDecision::NoMatch => ("no_match", None),
            stream::AccessDecision::AllowedByRule(i) => ("allowed_by_rule", Some(*i)),
        };
        AccessResult {
            decision: decision.to_string(),
            rule,
        }
    }
}

impl From<&stream::DecodedToken> for DecodedToken {
    fn from(d: &stream::DecodedToken) -> Self {
        let (claims, claims_error) = match &d.claims {
            Ok(c) => (Some(StreamClaims::from(c)), None),
            Err(e) => (None, Some(e.message().to_string())),
        };
        DecodedToken {
            header_json: d.header_json.clone(),
            payload_json: d.payload_json.clone(),
            alg: d.alg.clone(),
            kid: d.kid.clone(),
            typ: d.typ.clone(),
            signature_length: d.signature_len,
            claims,
            claims_error,
        }
    }
}

impl From<&stream::VerifiedToken> for StreamVerified {
    fn from(v: &stream::VerifiedToken) -> Self {
        StreamVerified {
            kid: v.kid.clone(),
            claims: StreamClaims::from(&v.claims),
            access: AccessResult::from(&v.access),
        }
    }
}

impl From<&webhook::Verified> for WebhookVerified {
    fn from(v: &webhook::Verified) -> Self {
        WebhookVerified {
            time: v.time,
            age: v.age,
            secret_index: v.secret_index,
        }
    }
}

impl From<&webhook::Event> for WebhookEvent {
    fn from(e: &webhook::Event) -> Self {
        WebhookEvent::from(e.clone())
    }
}

/// The record, moved out of the event (a surface that parses the body
/// itself drops `raw` without copying it first).
impl From<webhook::Event> for WebhookEvent {
    fn from(e: webhook::Event) -> Self {
        WebhookEvent {
            state_known: e.state.as_ref().is_some_and(|s| s.is_known()),
            state: e.state.as_ref().map(|s| s.as_str().to_string()),
            lifecycle: e.lifecycle().as_str().to_string(),
            uid: e.uid,
            ready_to_stream: e.ready_to_stream,
            pct_complete: e.pct_complete,
            pct_complete_raw: e.pct_complete_raw,
            error_reason_code: e.error_reason_code,
            error_reason_text: e.error_reason_text,
            meta: e.meta,
            created: e.created,
            modified: e.modified,
            duration: e.duration,
            raw: e.raw,
        }
    }
}

impl WebhookVerifiedEvent {
    /// The record of a verification and the event it let through.
    pub fn new(v: &webhook::Verified, e: &webhook::Event) -> Self {
        WebhookVerifiedEvent {
            time: v.time,
            age: v.age,
            secret_index: v.secret_index,
            event: WebhookEvent::from(e),
        }
    }
}

impl From<&mediacdn::SignedUrl> for SignedUrl {
    fn from(u: &mediacdn::SignedUrl) -> Self {
        SignedUrl {
            url: u.url.clone(),
            signed_value: u.signed_value.clone(),
        }
    }
}

impl From<&mediacdn::SignedQuery> for SignedQuery {
    fn from(q: &mediacdn::SignedQuery) -> Self {
        SignedQuery {
            query: q.query.clone(),
            signed_value: q.signed_value.clone(),
        }
    }
}

impl SignedCookie {
    /// The record of `cookie` set with `attributes`, moved out of the cookie
    /// (signing a cookie or a token is benchmarked: no copies).
    pub fn new(
        cookie: mediacdn::SignedCookie,
        attributes: &mediacdn::CookieAttributes,
    ) -> crate::Result<Self> {
        let set_cookie = cookie.set_cookie(attributes)?;
        Ok(SignedCookie::with_set_cookie(cookie, set_cookie))
    }

    fn with_set_cookie(cookie: mediacdn::SignedCookie, set_cookie: String) -> Self {
        SignedCookie {
            cookie_pair: cookie.cookie_pair(),
            name: cookie.name.to_string(),
            value: cookie.value,
            signed_value: cookie.signed_value,
            set_cookie,
        }
    }
}

impl From<&mediacdn::SignedToken> for MediaCdnToken {
    fn from(t: &mediacdn::SignedToken) -> Self {
        MediaCdnToken {
            token: t.token.clone(),
            signed_value: t.signed_value.clone(),
            param: t.param.clone(),
            query: t.query_pair(),
            cookie: {
                let c = t.cookie();
                // The default attributes always format; were they ever refused,
                // the pair alone still says how the token travels.
                let set_cookie = c
                    .set_cookie(&mediacdn::CookieAttributes::default())
                    .unwrap_or_else(|_| c.cookie_pair());
                SignedCookie::with_set_cookie(c, set_cookie)
            },
            algorithm: t.algorithm.as_str().to_string(),
            url: None,
        }
    }
}

impl From<&mediacdn::Verified> for MediaCdnVerified {
    fn from(v: &mediacdn::Verified) -> Self {
        MediaCdnVerified {
            form: v.form.as_str().to_string(),
            key_id: v.key_id.clone(),
            algorithm: v.algorithm.as_str().to_string(),
            expires: v.expires,
            starts: v.starts,
            session_id: v.session_id.clone(),
            data: v.data.clone(),
            signed_value: v.signed_value.clone(),
        }
    }
}

impl From<&cloudcdn::Verified> for CloudCdnVerified {
    fn from(v: &cloudcdn::Verified) -> Self {
        CloudCdnVerified {
            form: v.form.as_str().to_string(),
            key_name: v.key_name.clone(),
            expires: v.expires,
            signed_value: v.signed_value.clone(),
        }
    }
}

impl ManifestReference {
    /// Every rewritten reference of `m`, in order (without copying the
    /// manifest, for a surface that builds its result lazily).
    pub fn all(m: &manifest::SignedManifest) -> Vec<ManifestReference> {
        m.references
            .iter()
            .map(|r| ManifestReference {
                line: r.line,
                kind: r.kind.to_string(),
                original: r.original.clone(),
                rewritten: m.rewritten(r).to_string(),
                url: r.url.clone(),
            })
            .collect()
    }
}

impl From<&manifest::SignedManifest> for SignedManifestRecord {
    fn from(m: &manifest::SignedManifest) -> Self {
        SignedManifestRecord {
            format: m.format.as_str().to_string(),
            coverage: m.coverage.clone(),
            credential: m.credential.clone(),
            references: ManifestReference::all(m),
            manifest: String::from_utf8_lossy(&m.manifest).into_owned(),
        }
    }
}

impl From<&manifest::CheckReport> for ManifestCheck {
    fn from(r: &manifest::CheckReport) -> Self {
        ManifestCheck {
            format: r.format.as_str().to_string(),
            ok: r.ok(),
            checked: r.lines.len(),
            failed: r.failures().count(),
            lines: r
                .lines
                .iter()
                .map(|l| ManifestLineCheck {
                    line: l.line,
                    kind: l.kind.to_string(),
                    reference: l.reference.clone(),
                    url: l.url.clone(),
                    ok: l.failure.is_none(),
                    code: l.failure.as_ref().map(|f| f.code.as_str().to_string()),
                    message: l.failure.as_ref().map(|f| f.message.clone()),
                    explain: l.failure.as_ref().map(|f| f.explain.clone()),
                })
                .collect(),
        }
    }
}

impl From<&crate::Error> for Failure {
    fn from(e: &crate::Error) -> Self {
        Failure {
            code: e.code().as_str().to_string(),
            field: e.field().map(str::to_string),
            message: e.message().to_string(),
        }
    }
}

impl From<&crate::api::Explanation> for ExplanationJson {
    fn from(e: &crate::api::Explanation) -> Self {
        ExplanationJson {
            provider: e.provider.as_str().to_string(),
            kind: e.kind.clone(),
            ok: e.ok(),
            now: e.now,
            form: e.form.clone(),
            key_id: e.key_id.clone(),
            algorithm: e.algorithm.clone(),
            policy_kind: e
                .canned
                .map(|c| if c { "canned" } else { "custom" }.to_string()),
            policy: e.policy.clone(),
            resource: e.resource.clone(),
            request_url: e.request_url.clone(),
            resource_matches: e.resource_matches,
            expires: e.expires,
            starts: e.starts,
            ip_range: e.ip_range.clone(),
            facts: e.facts.clone(),
            problems: e.problems.clone(),
            notes: e.notes.clone(),
            checks: e.checks.clone(),
        }
    }
}

/// Facts keep their reading order as a JSON object.
fn facts_in_order<S: serde::Serializer>(
    facts: &[(String, String)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(facts.iter().map(|(k, v)| (k, v)))
}

/// Any record (or an `Explanation`) as one line of JSON.
pub fn to_json<T: Serialize>(record: &T) -> String {
    // Records hold strings, numbers, booleans and JSON values: they always
    // serialize.
    serde_json::to_string(record).unwrap_or_else(|_| "null".to_string())
}
