//! One provider's rules per route: the check the real CDN does, through the
//! core's verifiers, and the shape of its refusal.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Mutex;

use base64::Engine;
use cdnsign::api::{self, Provider};
use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, Error, ErrorCode};

use crate::config::{AddSignaturesConfig, RouteConfig};

/// What the route needs to know about one request.
pub struct Ask<'a> {
    /// Path and query exactly as received.
    pub target: &'a str,
    /// The path alone (no query).
    pub path: &'a str,
    /// The path after the route prefix.
    pub rest: &'a str,
    /// `scheme://host` the credential must name.
    pub origin: &'a str,
    /// All `Cookie` headers, joined with `; `.
    pub cookie: &'a str,
    /// Every request header (name, value).
    pub headers: &'a [(String, String)],
    /// The viewer's address.
    pub client_ip: IpAddr,
    /// The viewer's country (from the configured header).
    pub country: Option<&'a str>,
    /// Unix seconds.
    pub now: i64,
}

/// A granted request.
#[derive(Debug, Default)]
pub struct Grant {
    /// The file, relative to the route's root (still percent-encoded).
    pub file: String,
    /// Which credential form allowed it (`url`, `cookies`, `token`, ...).
    pub form: String,
    /// The key that verified it.
    pub key: String,
    /// `Set-Cookie` values to send (Media CDN dual-token long-duration cookie).
    pub set_cookies: Vec<String>,
    /// Rewrite HLS manifest references to carry `param=token` (cookieless dual tokens).
    pub rewrite: Option<(String, String)>,
    /// A note for the access log.
    pub note: Option<String>,
}

/// A refused request.
#[derive(Debug)]
pub struct Refusal {
    /// The stable rejection code (`expired`, `bad_signature`, ...).
    pub code: String,
    /// The verifier's message.
    pub message: String,
    /// `explain`'s account of the credential, when there is one.
    pub explain: Option<String>,
}

impl Refusal {
    fn from_error(e: &Error, explain: Option<String>) -> Refusal {
        Refusal {
            code: e.code().as_str().to_string(),
            message: e.message().to_string(),
            explain,
        }
    }
}

/// The provider half of a route.
pub enum Rules {
    /// No check (provider `none`, or `verify = false`).
    Open,
    /// AWS CloudFront.
    CloudFront(Box<CloudFrontRules>),
    /// Cloudflare Stream.
    Stream(Box<StreamRules>),
    /// Google Media CDN.
    MediaCdn(Box<MediaCdnRules>),
    /// Google Cloud CDN.
    CloudCdn(Box<CloudCdnRules>),
}

impl Rules {
    /// The provider name for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Rules::Open => "none",
            Rules::CloudFront(_) => "cloudfront",
            Rules::Stream(_) => "stream",
            Rules::MediaCdn(_) => "mediacdn",
            Rules::CloudCdn(_) => "cloudcdn",
        }
    }

    /// Builds a route's rules from its configuration.
    pub fn from_config(route: &RouteConfig) -> Result<Rules, String> {
        let provider = route.provider.to_ascii_lowercase();
        let rules = match provider.as_str() {
            "none" | "open" => Rules::Open,
            "cloudfront" => Rules::CloudFront(Box::new(CloudFrontRules::new(route)?)),
            "stream" => Rules::Stream(Box::new(StreamRules::new(route)?)),
            "mediacdn" => Rules::MediaCdn(Box::new(MediaCdnRules::new(route)?)),
            "cloudcdn" => Rules::CloudCdn(Box::new(CloudCdnRules::new(route)?)),
            other => {
                return Err(format!(
                "route {}: unknown provider {other:?} (cloudfront, stream, mediacdn, cloudcdn, none)",
                route.prefix
            ))
            }
        };
        if !route.verify {
            return Ok(Rules::Open);
        }
        Ok(rules)
    }

    /// Checks one request.
    pub fn check(&self, ask: &Ask<'_>) -> Result<Grant, Refusal> {
        match self {
            Rules::Open => Ok(Grant {
                file: ask.rest.to_string(),
                form: "none".to_string(),
                ..Grant::default()
            }),
            Rules::CloudFront(r) => r.check(ask),
            Rules::Stream(r) => r.check(ask),
            Rules::MediaCdn(r) => r.check(ask),
            Rules::CloudCdn(r) => r.check(ask),
        }
    }

    /// The body and content type of a 403, shaped like the CDN's where it is documented.
    pub fn refusal_body(&self, refusal: &Refusal) -> (&'static str, String) {
        let detail = refusal_text(refusal);
        match self {
            Rules::CloudFront(_) => {
                // CloudFront answers signed-request failures with an S3-style
                // XML error: MissingKey when no key-pair id was sent, else
                // AccessDenied / "Access denied".
                let (code, message) = if refusal.code == "missing_credential" {
                    (
                        "MissingKey",
                        "Missing Key-Pair-Id query parameter or cookie value",
                    )
                } else {
                    ("AccessDenied", "Access denied")
                };
                (
                    "text/xml",
                    format!(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>\n<!-- cdnsign edge:\n{}-->\n",
                        detail.replace("--", "- -")
                    ),
                )
            }
            _ => (
                "text/plain; charset=utf-8",
                format!("403 Forbidden\n\n{detail}"),
            ),
        }
    }
}

fn refusal_text(r: &Refusal) -> String {
    let mut out = format!("{}: {}\n", r.code, r.message);
    if let Some(e) = &r.explain {
        out.push('\n');
        out.push_str(e);
        if !e.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn explain_first(provider: Provider, inputs: &[String], now: i64) -> Option<String> {
    inputs
        .iter()
        .filter(|i| !i.trim().is_empty() && i.trim() != "Cookie:")
        .find_map(|i| api::explain(provider, i, now))
        .map(|e| e.to_text())
}

fn err_str(prefix: &str, e: Error) -> String {
    format!("{prefix}: {}", e.message())
}

// ---- CloudFront ------------------------------------------------------------------

/// CloudFront: signed URLs and cookies, trusted key-pair ids per path pattern.
pub struct CloudFrontRules {
    all: cloudfront::Verifier,
    behaviors: Vec<(String, cloudfront::Verifier)>,
    /// Custom-policy cookie headers whose signature verified, by behavior:
    /// a player sends the same cookies for every segment, and the RSA check
    /// is the cost. A hit re-checks the policy (resource, times, IP) against
    /// the request; anything else goes through the full verification.
    cookie_cache: Mutex<HashMap<(usize, String), cloudfront::Verified>>,
}

/// Cookie headers remembered at most (the cache is emptied when full).
const COOKIE_CACHE_MAX: usize = 4096;

impl CloudFrontRules {
    fn new(route: &RouteConfig) -> Result<Self, String> {
        let mut keys = Vec::new();
        let mut all = cloudfront::Verifier::new();
        for k in &route.keys {
            let pem = k
                .public_text()?
                .ok_or_else(|| format!("cloudfront key {:?}: no public_key", k.id))?;
            all.add_public_key_pem(&k.id, pem.as_bytes())
                .map_err(|e| err_str(&format!("cloudfront key {:?}", k.id), e))?;
            keys.push((k.id.clone(), pem));
        }
        if keys.is_empty() {
            return Err(format!("route {}: cloudfront needs keys", route.prefix));
        }
        let mut behaviors = Vec::new();
        for b in &route.behaviors {
            let mut v = cloudfront::Verifier::new();
            for id in &b.trusted_key_ids {
                let (_, pem) = keys.iter().find(|(i, _)| i == id).ok_or_else(|| {
                    format!(
                        "behavior {:?}: trusted key {id:?} is not among the route's keys",
                        b.path_pattern
                    )
                })?;
                v.add_public_key_pem(id, pem.as_bytes())
                    .map_err(|e| err_str("cloudfront key", e))?;
            }
            behaviors.push((b.path_pattern.clone(), v));
        }
        Ok(CloudFrontRules {
            all,
            behaviors,
            cookie_cache: Mutex::new(HashMap::new()),
        })
    }

    /// A remembered custom-policy cookie whose policy also allows this request.
    fn cached(&self, behavior: usize, ask: &Ask<'_>, url: &str) -> Option<Grant> {
        if ask.target.contains('?') || ask.target.contains('%') || ask.target.contains('\\') {
            return None;
        }
        let cache = self.cookie_cache.lock().ok()?;
        let v = cache.get(&(behavior, ask.cookie.to_string()))?;
        let resource = v.resource.as_deref()?;
        let ip_ok = match &v.ip_range {
            None => true,
            Some(r) => cloudfront::Ipv4Cidr::parse(r, "IpAddress")
                .map(|c| c.contains(ask.client_ip))
                .unwrap_or(false),
        };
        let ok = cloudfront::wildcard_matches(resource, url)
            && ask.now < v.expires
            && v.starts.map_or(true, |s| ask.now > s)
            && ip_ok;
        ok.then(|| Grant {
            file: ask.rest.to_string(),
            form: "cookies".to_string(),
            key: v.key_pair_id.clone(),
            note: Some("signature verified earlier".to_string()),
            ..Grant::default()
        })
    }

    fn check(&self, ask: &Ask<'_>) -> Result<Grant, Refusal> {
        let url = format!("{}{}", ask.origin, ask.target);
        let (behavior, verifier) = self
            .behaviors
            .iter()
            .enumerate()
            .find(|(_, (p, _))| cloudfront::wildcard_matches(p, ask.path))
            .map(|(i, (_, v))| (i + 1, v))
            .unwrap_or((0, &self.all));
        if let Some(g) = self.cached(behavior, ask, &url) {
            return Ok(g);
        }
        let req = cloudfront::VerifyRequest::new(ask.now).client_ip(ask.client_ip);
        match verifier.verify_cookie_header(ask.cookie, &url, &req) {
            Ok(v) => {
                if v.form == cloudfront::CredentialForm::Cookies && !v.canned {
                    if let Ok(mut cache) = self.cookie_cache.lock() {
                        if cache.len() >= COOKIE_CACHE_MAX {
                            cache.clear();
                        }
                        cache.insert((behavior, ask.cookie.to_string()), v.clone());
                    }
                }
                Ok(Grant {
                    file: ask.rest.to_string(),
                    form: v.form.as_str().to_string(),
                    key: v.key_pair_id,
                    ..Grant::default()
                })
            }
            Err(e) => {
                let explain = if url.contains("Signature=") || !ask.cookie.contains("CloudFront-") {
                    Some(cloudfront::explain_url(&url, ask.now).to_text())
                } else {
                    Some(cloudfront::explain_cookies(ask.cookie, Some(&url), ask.now).to_text())
                };
                Err(Refusal::from_error(&e, explain))
            }
        }
    }
}

// ---- Stream ----------------------------------------------------------------------

/// Cloudflare Stream: `/<token>/...` in the path, access rules by IP and country.
pub struct StreamRules {
    verifier: stream::Verifier,
    require_signed: bool,
}

impl StreamRules {
    fn new(route: &RouteConfig) -> Result<Self, String> {
        let mut verifier = stream::Verifier::new();
        for k in &route.keys {
            let text = k
                .public_text()?
                .ok_or_else(|| format!("stream key {:?}: no public_key", k.id))?;
            let kid = (!k.id.is_empty()).then_some(k.id.as_str());
            verifier
                .add_key_text(&text, kid)
                .map_err(|e| err_str(&format!("stream key {:?}", k.id), e))?;
        }
        if route.keys.is_empty() {
            return Err(format!("route {}: stream needs keys", route.prefix));
        }
        Ok(StreamRules {
            verifier,
            require_signed: route.require_signed_urls,
        })
    }

    fn check(&self, ask: &Ask<'_>) -> Result<Grant, Refusal> {
        let (first, after) = match ask.rest.split_once('/') {
            Some((a, b)) => (a, b),
            None => (ask.rest, ""),
        };
        if !stream::looks_like_token(first) {
            if self.require_signed || !is_uid(first) {
                return Err(Refusal {
                    code: "missing_credential".to_string(),
                    message: format!(
                        "the path does not start with a signed token (/<token>/...): this video requires signed URLs{}",
                        if first.is_empty() { "" } else { "; got a video uid or something else" }
                    ),
                    explain: None,
                });
            }
            return Ok(Grant {
                file: ask.rest.to_string(),
                form: "uid".to_string(),
                ..Grant::default()
            });
        }
        let mut req = stream::VerifyRequest::new(ask.now).viewer_ip(ask.client_ip);
        if let Some(c) = ask.country {
            req = req.viewer_country(c);
        }
        match self.verifier.verify(first, &req) {
            Ok(v) => {
                let sub = v.claims.sub.clone().unwrap_or_default();
                if !is_uid(&sub) {
                    return Err(Refusal {
                        code: "malformed".to_string(),
                        message: "the token's sub is not a video uid ([A-Za-z0-9_-]+)".to_string(),
                        explain: None,
                    });
                }
                Ok(Grant {
                    file: format!("{sub}/{after}"),
                    form: "token".to_string(),
                    key: v.claims.kid.clone().unwrap_or_default(),
                    ..Grant::default()
                })
            }
            Err(e) => {
                let explain = stream::explain(first, ask.now).map(|x| x.to_text());
                Err(Refusal::from_error(&e, explain))
            }
        }
    }
}

fn is_uid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// ---- Media CDN ---------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Disabled,
    Signatures,
    Tokens,
}

struct Dual {
    signer: mediacdn::TokenSigner,
    verifier: mediacdn::Verifier,
    param: String,
    ttl: i64,
    generate_cookie: bool,
    hls_cookieless: bool,
    propagate: bool,
    copied: Vec<String>,
    /// Long-duration tokens this edge minted for cookieless HLS: a query
    /// token among them is checked against the long-duration keyset alone
    /// (one Ed25519 verification per segment instead of two).
    minted: Mutex<HashSet<String>>,
}

/// Minted tokens remembered at most (the set is emptied when full).
const MINTED_MAX: usize = 4096;

/// Media CDN: signatures and tokens against a keyset, `signedRequestMode`,
/// and the dual-token flow (`addSignatures`).
pub struct MediaCdnRules {
    verifier: mediacdn::Verifier,
    param: String,
    mode: Mode,
    dual: Option<Dual>,
    cookie_path: String,
    cookie_secure: bool,
}

fn keyset_from(keys: &[crate::config::KeyConfig]) -> Result<mediacdn::Keyset, String> {
    let mut ks = mediacdn::Keyset::new();
    for k in keys {
        if let Some(p) = k.public_text()? {
            let key = mediacdn::PublicKey::from_text(p.trim())
                .map_err(|e| err_str(&format!("mediacdn key {:?}", k.id), e))?;
            ks.add_public_key(&k.id, key)
                .map_err(|e| err_str("mediacdn key", e))?;
        }
        if let Some(s) = k.shared_text()? {
            let secret = mediacdn::HmacSecret::from_base64(s.trim())
                .map_err(|e| err_str(&format!("mediacdn shared key {:?}", k.id), e))?;
            ks.add_shared_key(&k.id, secret)
                .map_err(|e| err_str("mediacdn key", e))?;
        }
    }
    Ok(ks)
}

impl MediaCdnRules {
    fn new(route: &RouteConfig) -> Result<Self, String> {
        let mut ks = keyset_from(&route.keys)?;
        if let Some(n) = &route.keyset_name {
            ks = ks.with_name(n).map_err(|e| err_str("keyset_name", e))?;
        }
        let param = route
            .token_query_parameter
            .clone()
            .unwrap_or_else(|| mediacdn::DEFAULT_TOKEN_PARAM.to_string());
        let mut verifier = mediacdn::Verifier::new(ks)
            .with_param(&param)
            .map_err(|e| err_str("token_query_parameter", e))?;
        if !route.allowed_signature_algorithms.is_empty() {
            let algs = route
                .allowed_signature_algorithms
                .iter()
                .map(|a| mediacdn::Algorithm::from_name(a))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| err_str("allowed_signature_algorithms", e))?;
            verifier = verifier.with_allowed_algorithms(&algs);
        }
        if let Some(ttl) = route.signed_request_maximum_expiration_ttl {
            verifier = verifier
                .with_max_expiration_ttl(ttl)
                .map_err(|e| err_str("signed_request_maximum_expiration_ttl", e))?;
        }
        let mode = match route
            .signed_request_mode
            .as_deref()
            .unwrap_or("REQUIRE_TOKENS")
            .to_ascii_uppercase()
            .as_str()
        {
            "DISABLED" => Mode::Disabled,
            "REQUIRE_SIGNATURES" => Mode::Signatures,
            "REQUIRE_TOKENS" => Mode::Tokens,
            other => {
                return Err(format!(
                    "signed_request_mode {other:?}: DISABLED, REQUIRE_SIGNATURES or REQUIRE_TOKENS"
                ))
            }
        };
        let dual = match &route.add_signatures {
            None => None,
            Some(a) => {
                if mode != Mode::Tokens {
                    return Err(
                        "add_signatures needs signed_request_mode = REQUIRE_TOKENS (as on Media CDN)"
                            .to_string(),
                    );
                }
                Some(Dual::new(a, &param)?)
            }
        };
        if mode != Mode::Disabled && route.keys.is_empty() {
            return Err(format!("route {}: mediacdn needs keys", route.prefix));
        }
        Ok(MediaCdnRules {
            verifier,
            param,
            mode,
            dual,
            cookie_path: route.prefix.clone(),
            cookie_secure: route.cookie_secure,
        })
    }

    fn check(&self, ask: &Ask<'_>) -> Result<Grant, Refusal> {
        let file = strip_path_component(ask.rest, &self.param);
        if self.mode == Mode::Disabled {
            return Ok(Grant {
                file,
                form: "none".to_string(),
                ..Grant::default()
            });
        }
        let url = format!("{}{}", ask.origin, ask.target);
        let mut req = mediacdn::Request::new(url.clone(), ask.now).client_ip(ask.client_ip);
        for (n, v) in ask.headers {
            req = req.header(n.as_str(), v.as_str());
        }
        let has_query_token = query_has(ask.target, &self.param)
            || self
                .dual
                .as_ref()
                .is_some_and(|d| query_has(ask.target, &d.param));
        let explain = || {
            explain_first(
                Provider::MediaCdn,
                &[url.clone(), format!("Cookie: {}", ask.cookie)],
                ask.now,
            )
        };
        let Some(dual) = &self.dual else {
            return match self.verifier.verify(&req) {
                Ok(v) => self.grant(file, &v, "", ask),
                Err(e) => Err(Refusal::from_error(&e, explain())),
            };
        };
        // Dual tokens: a token in the query is first the short-duration one
        // (this route's keyset); failing that, a long-duration one the edge
        // minted (cookieless HLS). Without one, the long-duration cookie.
        let own = query_value(ask.target, &dual.param)
            .is_some_and(|t| dual.minted.lock().map(|m| m.contains(t)).unwrap_or(false));
        if own {
            return match dual.verifier.verify(&req) {
                Ok(v) => {
                    let mut g = self.grant(file, &v, "long-duration ", ask)?;
                    if let Some(t) = query_value(ask.target, &dual.param) {
                        g.rewrite = Some((dual.param.clone(), t.to_string()));
                    }
                    Ok(g)
                }
                Err(e) => Err(Refusal::from_error(&e, explain())),
            };
        }
        if has_query_token {
            let short = self.verifier.verify(&req);
            match short {
                Ok(v) => {
                    let mut g = self.grant(file, &v, "short-duration ", ask)?;
                    let long = dual.mint(ask, &v, &self.param).map_err(|e| Refusal {
                        code: "internal".to_string(),
                        message: format!("minting the long-duration token: {}", e.message()),
                        explain: None,
                    })?;
                    if dual.generate_cookie {
                        g.set_cookies.push(format!(
                            "{}={}; Path={}; Max-Age={}; HttpOnly{}",
                            mediacdn::EDGE_CACHE_COOKIE,
                            long,
                            self.cookie_path,
                            dual.ttl,
                            if self.cookie_secure { "; Secure" } else { "" }
                        ));
                    }
                    if dual.hls_cookieless {
                        if let Ok(mut m) = dual.minted.lock() {
                            if m.len() >= MINTED_MAX {
                                m.clear();
                            }
                            m.insert(long.clone());
                        }
                        g.rewrite = Some((dual.param.clone(), long));
                    }
                    g.note = Some("long-duration token issued".to_string());
                    Ok(g)
                }
                Err(short_err) => match dual.verifier.verify(&req) {
                    Ok(v) => {
                        let mut g = self.grant(file, &v, "long-duration ", ask)?;
                        if dual.propagate || dual.hls_cookieless {
                            if let Some(t) = query_value(ask.target, &dual.param) {
                                g.rewrite = Some((dual.param.clone(), t.to_string()));
                            }
                        }
                        Ok(g)
                    }
                    Err(long_err) => {
                        let e = if short_err.code() == ErrorCode::BadSignature
                            && long_err.code() != ErrorCode::BadSignature
                        {
                            long_err
                        } else {
                            short_err
                        };
                        Err(Refusal::from_error(&e, explain()))
                    }
                },
            }
        } else {
            match dual.verifier.verify(&req) {
                Ok(v) => self.grant(file, &v, "long-duration ", ask),
                Err(e) => Err(Refusal::from_error(&e, explain())),
            }
        }
    }

    fn grant(
        &self,
        file: String,
        v: &mediacdn::Verified,
        which: &str,
        _ask: &Ask<'_>,
    ) -> Result<Grant, Refusal> {
        let is_token = matches!(v.form, mediacdn::Form::Token | mediacdn::Form::TokenCookie);
        if self.mode == Mode::Tokens && !is_token {
            return Err(Refusal {
                code: "missing_credential".to_string(),
                message: format!(
                    "the route's signedRequestMode is REQUIRE_TOKENS; a {} signature is not a token",
                    v.form
                ),
                explain: None,
            });
        }
        if self.mode == Mode::Signatures && is_token {
            return Err(Refusal {
                code: "missing_credential".to_string(),
                message: "the route's signedRequestMode is REQUIRE_SIGNATURES; a token is not a signature".to_string(),
                explain: None,
            });
        }
        Ok(Grant {
            file,
            form: format!("{which}{}", v.form),
            key: v.key_id.clone(),
            ..Grant::default()
        })
    }
}

impl Dual {
    fn new(a: &AddSignaturesConfig, route_param: &str) -> Result<Dual, String> {
        let mut generate_cookie = false;
        let mut hls_cookieless = false;
        let mut propagate = false;
        for act in &a.actions {
            match act.to_ascii_uppercase().as_str() {
                "GENERATE_COOKIE" => generate_cookie = true,
                "GENERATE_TOKEN_HLS_COOKIELESS" => hls_cookieless = true,
                "PROPAGATE_TOKEN_HLS_COOKIELESS" => propagate = true,
                other => return Err(format!("add_signatures action {other:?}: GENERATE_COOKIE, GENERATE_TOKEN_HLS_COOKIELESS or PROPAGATE_TOKEN_HLS_COOKIELESS")),
            }
        }
        if !(1..=604_800).contains(&a.token_ttl) {
            return Err("add_signatures.token_ttl: 1..=604800 seconds".to_string());
        }
        let seed = match (&a.private_key, &a.private_key_file) {
            (Some(k), None) => Some(k.clone()),
            (None, Some(f)) => Some(
                std::fs::read_to_string(f)
                    .map_err(|e| format!("add_signatures.private_key_file: {e}"))?,
            ),
            (None, None) => None,
            _ => return Err("add_signatures: private_key or private_key_file, not both".into()),
        };
        let key = match seed {
            Some(s) => mediacdn::SigningKey::from_text(s.trim())
                .map_err(|e| err_str("add_signatures.private_key", e))?,
            None => mediacdn::SigningKey::generate()
                .map_err(|e| err_str("add_signatures key", e))?
                .signing_key()
                .clone(),
        };
        let param = a
            .token_query_parameter
            .clone()
            .unwrap_or_else(|| route_param.to_string());
        let mut ks = keyset_from(&a.keyset)?;
        ks.add_public_key(&a.key_id, key.public_key())
            .map_err(|e| err_str("add_signatures.key_id", e))?;
        let verifier = mediacdn::Verifier::new(ks)
            .with_param(&param)
            .map_err(|e| err_str("add_signatures.token_query_parameter", e))?;
        let signer = mediacdn::TokenSigner::ed25519(key)
            .with_param(&param)
            .map_err(|e| err_str("add_signatures.token_query_parameter", e))?;
        let copied = a.copied_parameters.clone().unwrap_or_else(|| {
            ["PathGlobs", "URLPrefix", "SessionID", "Data"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        });
        Ok(Dual {
            signer,
            verifier,
            param,
            ttl: a.token_ttl,
            generate_cookie,
            hls_cookieless,
            propagate,
            copied,
            minted: Mutex::new(HashSet::new()),
        })
    }

    /// The long-duration token for a verified short-duration one: the copied
    /// fields of the short token, else the request's folder (`/dir/*`).
    fn mint(
        &self,
        ask: &Ask<'_>,
        v: &mediacdn::Verified,
        short_param: &str,
    ) -> cdnsign::Result<String> {
        let copy = |name: &str| self.copied.iter().any(|c| c.eq_ignore_ascii_case(name));
        let mut claims = mediacdn::TokenClaims::new(ask.now + self.ttl);
        let short = query_value(ask.target, short_param).unwrap_or("");
        let mut scoped = false;
        for field in short.split('~') {
            let (name, value) = field.split_once('=').unwrap_or((field, ""));
            match name {
                "PathGlobs" | "paths" | "acl" if copy("PathGlobs") => {
                    let sep = if value.contains('!') { '!' } else { ',' };
                    claims = claims
                        .path_globs(value.split(sep).map(str::to_string))
                        .glob_separator(sep);
                    scoped = true;
                }
                "URLPrefix" if copy("URLPrefix") => {
                    if let Ok(raw) = base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .decode(value.trim_end_matches('='))
                    {
                        if let Ok(p) = String::from_utf8(raw) {
                            claims = claims.url_prefix(p);
                            scoped = true;
                        }
                    }
                }
                _ => {}
            }
        }
        if !scoped {
            let dir = match ask.path.rfind('/') {
                Some(i) => &ask.path[..=i],
                None => "/",
            };
            claims = claims.path_globs([format!("{dir}*")]);
        }
        if copy("SessionID") {
            if let Some(s) = &v.session_id {
                claims = claims.session_id(s.clone());
            }
        }
        if copy("Data") {
            if let Some(d) = &v.data {
                claims = claims.data(d.clone());
            }
        }
        Ok(self.signer.sign(&claims)?.token)
    }
}

/// The path without a `/<param>=.../` path-component signature segment.
fn strip_path_component(rest: &str, param: &str) -> String {
    let marker = format!("{param}=");
    rest.split('/')
        .filter(|seg| !seg.starts_with(&marker))
        .collect::<Vec<_>>()
        .join("/")
}

fn query_value<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let q = target.split_once('?')?.1;
    q.split('&').find_map(|p| {
        let (n, v) = p.split_once('=').unwrap_or((p, ""));
        (n == name).then_some(v)
    })
}

fn query_has(target: &str, name: &str) -> bool {
    query_value(target, name).is_some()
}

// ---- Cloud CDN ---------------------------------------------------------------------

/// Cloud CDN: signed URLs, URL prefixes and signed cookies (HMAC-SHA1).
pub struct CloudCdnRules {
    verifier: cloudcdn::Verifier,
    pass_unsigned: bool,
}

impl CloudCdnRules {
    fn new(route: &RouteConfig) -> Result<Self, String> {
        let mut verifier = cloudcdn::Verifier::new();
        for k in &route.keys {
            let text = k
                .shared_text()?
                .ok_or_else(|| format!("cloudcdn key {:?}: no shared_key", k.id))?;
            let key = cloudcdn::SigningKey::from_key_file(&text)
                .map_err(|e| err_str(&format!("cloudcdn key {:?}", k.id), e))?;
            verifier
                .add_key(&k.id, key)
                .map_err(|e| err_str("cloudcdn key", e))?;
        }
        if route.keys.is_empty() {
            return Err(format!("route {}: cloudcdn needs keys", route.prefix));
        }
        Ok(CloudCdnRules {
            verifier,
            pass_unsigned: route.pass_unsigned,
        })
    }

    fn check(&self, ask: &Ask<'_>) -> Result<Grant, Refusal> {
        let url = format!("{}{}", ask.origin, ask.target);
        let mut req = mediacdn::Request::new(url.clone(), ask.now).client_ip(ask.client_ip);
        if !ask.cookie.is_empty() {
            req = req.cookie_header(ask.cookie);
        }
        match self.verifier.verify(&req) {
            Ok(v) => Ok(Grant {
                file: ask.rest.to_string(),
                form: v.form.as_str().to_string(),
                key: v.key_name,
                ..Grant::default()
            }),
            Err(e) if e.code() == ErrorCode::MissingCredential && self.pass_unsigned => Ok(Grant {
                file: ask.rest.to_string(),
                form: "unsigned".to_string(),
                note: Some("unsigned request passed through, as Cloud CDN does".to_string()),
                ..Grant::default()
            }),
            Err(e) => {
                let explain = explain_first(
                    Provider::CloudCdn,
                    &[url, format!("Cookie: {}", ask.cookie)],
                    ask.now,
                );
                Err(Refusal::from_error(&e, explain))
            }
        }
    }
}
