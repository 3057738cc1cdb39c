//! Result records: what a successful call gives, in the one JSON shape every
//! surface emits (C strings, Python `to_dict()`, Node objects with their keys
//! in camelCase, `cdnsign … --json`). Each is built from the core's own
//! result type with `From`, so a new field reaches every surface at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{cloudcdn, cloudfront, manifest, mediacdn, stream, webhook};

/// A cookie: name and value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameValue {
    /// The cookie's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// CloudFront signed cookies (`Signer::sign_cookies`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFrontCookies {
    /// The `CloudFront-*` cookies, in the order CloudFront documents.
    pub cookies: Vec<NameValue>,
    /// One `Set-Cookie` header value per cookie.
    pub set_cookie: Vec<String>,
    /// All of them as one `Cookie:` request header value.
    pub cookie_header: String,
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

/// What a CloudFront verification established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFrontVerified {
    /// `url` or `cookies`.
    pub form: String,
    /// The key that verified it.
    pub key_pair_id: String,
    /// `SHA1` or `SHA256`.
    pub hash_algorithm: String,
    /// Canned (`Expires`) rather than custom (`Policy`).
    pub canned: bool,
    /// The policy's resource.
    pub resource: Option<String>,
    /// `DateLessThan`.
    pub expires: i64,
    /// `DateGreaterThan`.
    pub starts: Option<i64>,
    /// `IpAddress`.
    pub ip_range: Option<String>,
    /// The request URL it was checked against (signing parameters removed).
    pub request_url: String,
    /// The policy bytes the signature covers.
    pub policy_json: String,
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

/// A Stream token's claims (`stream::decode`, and part of a verification).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamClaims {
    /// The video uid.
    pub sub: Option<String>,
    /// The key id.
    pub kid: Option<String>,
    /// Expiry.
    pub exp: Option<i64>,
    /// Not before.
    pub nbf: Option<i64>,
    /// `exp` was sent as a string (Cloudflare's own examples do).
    pub exp_was_string: bool,
    /// `nbf` was sent as a string.
    pub nbf_was_string: bool,
    /// The mp4 download flag.
    pub downloadable: bool,
    /// The access rules, as Cloudflare's JSON.
    pub access_rules: Vec<Value>,
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

/// How the access rules decided a Stream verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessResult {
    /// `not_evaluated` (skipped), `no_match` (allowed: no rule matched) or
    /// `allowed_by_rule` (rule `rule` matched with `allow`). A block is an
    /// error, not a result.
    pub decision: String,
    /// The 0-based rule that decided, for `allowed_by_rule`.
    pub rule: Option<usize>,
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

/// A Stream token decoded without any key (`stream::decode`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodedToken {
    /// The header JSON as sent.
    pub header: String,
    /// The payload JSON as sent.
    pub payload: String,
    /// The header's `alg`.
    pub alg: Option<String>,
    /// The header's `kid`.
    pub kid: Option<String>,
    /// The header's `typ`.
    pub typ: Option<String>,
    /// The signature's length in bytes, when it decodes.
    pub signature_len: Option<usize>,
    /// The claims, when the payload reads as Stream claims.
    pub claims: Option<StreamClaims>,
    /// Why it does not, otherwise.
    pub claims_error: Option<String>,
}

impl From<&stream::DecodedToken> for DecodedToken {
    fn from(d: &stream::DecodedToken) -> Self {
        let (claims, claims_error) = match &d.claims {
            Ok(c) => (Some(StreamClaims::from(c)), None),
            Err(e) => (None, Some(e.message().to_string())),
        };
        DecodedToken {
            header: d.header_json.clone(),
            payload: d.payload_json.clone(),
            alg: d.alg.clone(),
            kid: d.kid.clone(),
            typ: d.typ.clone(),
            signature_len: d.signature_len,
            claims,
            claims_error,
        }
    }
}

/// What a Stream verification established.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamVerified {
    /// The key id that verified it.
    pub kid: String,
    /// The token's claims.
    pub claims: StreamClaims,
    /// How the access rules decided.
    pub access: AccessResult,
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

/// What a webhook signature verification established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookVerified {
    /// The signed `time`.
    pub time: i64,
    /// `now - time` in seconds.
    pub age: i64,
    /// Which of the verifier's secrets matched.
    pub secret_index: usize,
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

/// A Stream webhook event, with the field names of `tests/vectors/webhook.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookEvent {
    /// The video uid.
    pub uid: String,
    /// `readyToStream`.
    pub ready_to_stream: Option<bool>,
    /// `status.state` as sent.
    pub state: Option<String>,
    /// Whether the state is one Cloudflare documents.
    pub state_known: bool,
    /// `status.pctComplete` as a number.
    pub pct_complete: Option<f64>,
    /// `status.pctComplete` as sent.
    pub pct_complete_raw: Option<String>,
    /// `status.errorReasonCode`.
    pub error_reason_code: Option<String>,
    /// `status.errorReasonText`.
    pub error_reason_text: Option<String>,
    /// `meta`, as sent.
    pub meta: Option<Value>,
    /// `created`.
    pub created: Option<String>,
    /// `modified`.
    pub modified: Option<String>,
    /// `duration`.
    pub duration: Option<f64>,
    /// `processing`, `ready` or `failed`.
    pub lifecycle: String,
    /// The whole body as parsed, for the fields the typed view leaves out.
    pub raw: Value,
}

impl From<&webhook::Event> for WebhookEvent {
    fn from(e: &webhook::Event) -> Self {
        WebhookEvent {
            uid: e.uid.clone(),
            ready_to_stream: e.ready_to_stream,
            state: e.state.as_ref().map(|s| s.as_str().to_string()),
            state_known: e.state.as_ref().is_some_and(|s| s.is_known()),
            pct_complete: e.pct_complete,
            pct_complete_raw: e.pct_complete_raw.clone(),
            error_reason_code: e.error_reason_code.clone(),
            error_reason_text: e.error_reason_text.clone(),
            meta: e.meta.clone(),
            created: e.created.clone(),
            modified: e.modified.clone(),
            duration: e.duration,
            lifecycle: e.lifecycle().as_str().to_string(),
            raw: e.raw.clone(),
        }
    }
}

/// A verified webhook delivery and its typed body (`Verifier::verify_event`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookVerifiedEvent {
    /// The signed `time`.
    pub time: i64,
    /// `now - time` in seconds.
    pub age: i64,
    /// Which of the verifier's secrets matched.
    pub secret_index: usize,
    /// The typed body.
    pub event: WebhookEvent,
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

/// A signed URL (Media CDN, Cloud CDN).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedUrl {
    /// The URL to hand out.
    pub url: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

impl From<&mediacdn::SignedUrl> for SignedUrl {
    fn from(u: &mediacdn::SignedUrl) -> Self {
        SignedUrl {
            url: u.url.clone(),
            signed_value: u.signed_value.clone(),
        }
    }
}

/// A prefix signature as query parameters for any URL under the prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedQuery {
    /// `URLPrefix=…&Expires=…&KeyName=…&Signature=…`.
    pub query: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
}

impl From<&mediacdn::SignedQuery> for SignedQuery {
    fn from(q: &mediacdn::SignedQuery) -> Self {
        SignedQuery {
            query: q.query.clone(),
            signed_value: q.signed_value.clone(),
        }
    }
}

/// A signed cookie (Media CDN's `Edge-Cache-Cookie`, Cloud CDN's
/// `Cloud-CDN-Cookie`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCookie {
    /// The cookie's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
    /// `Name=value`, as a client sends it in `Cookie:`.
    pub cookie_pair: String,
    /// The `Set-Cookie` header value with its attributes.
    pub set_cookie: String,
}

impl SignedCookie {
    /// The record of `cookie` set with `attributes`.
    pub fn new(
        cookie: &mediacdn::SignedCookie,
        attributes: &mediacdn::CookieAttributes,
    ) -> crate::Result<Self> {
        Ok(SignedCookie {
            name: cookie.name.to_string(),
            value: cookie.value.clone(),
            signed_value: cookie.signed_value.clone(),
            cookie_pair: cookie.cookie_pair(),
            set_cookie: cookie.set_cookie(attributes)?,
        })
    }
}

/// A Media CDN token and how it travels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaCdnToken {
    /// The token.
    pub token: String,
    /// The exact bytes the signature covers.
    pub signed_value: String,
    /// The query parameter it travels in.
    pub param: String,
    /// `param=token`.
    pub query: String,
    /// The token as `Edge-Cache-Cookie` (default attributes: `Path=/; Secure; HttpOnly`).
    pub cookie: SignedCookie,
    /// `ED25519`, `HMAC-SHA1` or `HMAC-SHA256`.
    pub algorithm: String,
    /// The URL with the token appended, when one was given to sign.
    pub url: Option<String>,
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
                SignedCookie::new(&c, &mediacdn::CookieAttributes::default()).unwrap_or_else(|_| {
                    SignedCookie {
                        name: c.name.to_string(),
                        value: c.value.clone(),
                        signed_value: c.signed_value.clone(),
                        cookie_pair: c.cookie_pair(),
                        set_cookie: c.cookie_pair(),
                    }
                })
            },
            algorithm: t.algorithm.as_str().to_string(),
            url: None,
        }
    }
}

/// What a Media CDN verification established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaCdnVerified {
    /// Where the credential was (`query`, `path`, `cookie`, `token`, ...).
    pub form: String,
    /// The keyset key that matched.
    pub key_id: String,
    /// Its algorithm.
    pub algorithm: String,
    /// `Expires`.
    pub expires: i64,
    /// `Starts`.
    pub starts: Option<i64>,
    /// `SessionID`.
    pub session_id: Option<String>,
    /// `Data`.
    pub data: Option<String>,
    /// The exact bytes the signature covered.
    pub signed_value: String,
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

/// What a Cloud CDN verification established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudCdnVerified {
    /// `signed_url`, `signed_prefix` or `cookie`.
    pub form: String,
    /// The key that matched.
    pub key_name: String,
    /// `Expires`.
    pub expires: i64,
    /// The exact bytes the signature covered.
    pub signed_value: String,
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

/// One rewritten reference of a signed manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestReference {
    /// 1-based line number.
    pub line: usize,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, `BaseURL`, …
    pub kind: String,
    /// The reference as written in the input.
    pub original: String,
    /// What replaced it (with the credential).
    pub rewritten: String,
    /// The absolute URL it names, before the credential.
    pub url: String,
}

/// A signed manifest (`Signer.sign_manifest`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedManifestRecord {
    /// `hls` or `dash`.
    pub format: String,
    /// The URL prefix the one credential covers.
    pub coverage: String,
    /// The credential appended to every reference (query parameters).
    pub credential: String,
    /// Every rewritten reference, in order.
    pub references: Vec<ManifestReference>,
    /// The signed manifest (text; invalid UTF-8 replaced).
    pub manifest: String,
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

/// The check of one reference of a signed manifest; `code`, `message` and
/// `explain` only when it fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestLineCheck {
    /// 1-based line number.
    pub line: usize,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, …
    pub kind: String,
    /// The reference as written.
    pub reference: String,
    /// The request URL checked.
    pub url: String,
    /// Whether the request would be served.
    pub ok: bool,
    /// The verifier's code, on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The verifier's message, on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The provider's explain text, on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
}

/// A manifest check (`Verifier.check_manifest`): the same JSON as
/// [`manifest::CheckReport::to_json`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestCheck {
    /// `hls` or `dash`.
    pub format: String,
    /// True when every reference passes.
    pub ok: bool,
    /// References checked.
    pub checked: usize,
    /// References failing.
    pub failed: usize,
    /// One entry per reference that causes a CDN request.
    pub lines: Vec<ManifestLineCheck>,
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

/// A refusal or error: what every surface reports (C: the status name,
/// `cdnsign_last_error_field` and `_message`; Python: the exception's
/// `code`, `field` and message; Node: `err.code` without its `CDNSIGN_`
/// prefix, lower-cased, `err.field`, `err.message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// The stable code (`expired`, `bad_signature`, ...).
    pub code: String,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// The explanation, with the numbers involved.
    pub message: String,
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

/// Any record (or an `Explanation`) as one line of JSON.
pub fn to_json<T: Serialize>(record: &T) -> String {
    // Records hold strings, numbers, booleans and JSON values: they always
    // serialize.
    serde_json::to_string(record).unwrap_or_else(|_| "null".to_string())
}
