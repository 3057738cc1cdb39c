//! Checking a request at the origin the way Media CDN does: any of the four
//! signature forms or a token, against a keyset of Ed25519 public keys and
//! HMAC shared keys tried in order (RULES.md K1, T10, T17–T19).

use std::fmt;

use crate::encoding::b64url_decode;
use crate::error::{Error, ErrorCode, Result};
use crate::time::human_duration;

use super::ipranges::ReceivedRange;
use super::keys::{HmacSecret, PublicKey};
use super::names::{is_google_name, validate_param_name, DEFAULT_TOKEN_PARAM};
use super::signature::{find_path_signature, EDGE_CACHE_COOKIE};
use super::token::{
    ambiguous_header_value, injected_field, looks_like_token, parse_token, Algorithm, Scope,
    TokenSignature, MAX_HEADER_VALUE_LEN,
};
use crate::google::request::{check_prefix, dot_segments};
use crate::google::request::{Form, Request};
use crate::google::signature::{first_verified, verify_cookie, verify_query, Claimed};
use crate::google::url::{self, cookie_values, has_dot_segments, url_params, MAX_URL_LEN};
use crate::wildcard::matches as glob_matches;

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// Where the credential was.
    pub form: Form,
    /// Id of the keyset key (or shared key) that matched.
    pub key_id: String,
    /// Its algorithm.
    pub algorithm: Algorithm,
    /// `Expires`.
    pub expires: i64,
    /// `Starts`, for tokens that carry it.
    pub starts: Option<i64>,
    /// `SessionID`, for tokens that carry it.
    pub session_id: Option<String>,
    /// `Data`, for tokens that carry it.
    pub data: Option<String>,
    /// The exact bytes the signature covered.
    pub signed_value: String,
}

/// The keys Media CDN would check against: an EdgeCacheKeyset.
#[derive(Clone, Default)]
pub struct Keyset {
    name: Option<String>,
    public_keys: Vec<(String, PublicKey)>,
    shared_keys: Vec<(String, HmacSecret)>,
}

impl Keyset {
    /// An empty keyset.
    pub fn new() -> Keyset {
        Keyset::default()
    }

    /// Gives the keyset its name: a signature whose `KeyName` is the keyset
    /// name is tried against every public key (Google's Go sample signs that way).
    pub fn with_name(mut self, name: &str) -> Result<Keyset> {
        if !is_google_name(name) {
            return Err(Error::invalid_input(
                "keyset_name",
                format!("keyset name {name:?} must match [a-zA-Z][a-zA-Z0-9_-]*, 1-64 characters"),
            ));
        }
        self.name = Some(name.to_string());
        Ok(self)
    }

    fn check_id(&self, id: &str) -> Result<()> {
        if id.is_empty() || id.len() > 256 || id.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(Error::invalid_input(
                "key_id",
                format!("key id {id:?} must be 1-256 visible ASCII characters"),
            ));
        }
        if self.public_keys.iter().any(|(i, _)| i == id)
            || self.shared_keys.iter().any(|(i, _)| i == id)
        {
            return Err(Error::invalid_input(
                "key_id",
                format!("the keyset already has a key with id {id:?}"),
            ));
        }
        Ok(())
    }

    /// Appends an Ed25519 public key under `id` (the name `KeyName` refers to).
    pub fn add_public_key(&mut self, id: &str, key: PublicKey) -> Result<()> {
        self.check_id(id)?;
        self.public_keys.push((id.to_string(), key));
        Ok(())
    }

    /// Appends an HMAC shared key under `id` (any label, e.g. the secret version).
    pub fn add_shared_key(&mut self, id: &str, secret: HmacSecret) -> Result<()> {
        self.check_id(id)?;
        self.shared_keys.push((id.to_string(), secret));
        Ok(())
    }

    /// A keyset named `name` (as [`Keyset::with_name`]) holding `public_keys`
    /// and then `shared_keys`, each under its id, in order: what every
    /// surface's verifier constructor builds from the keys it was given.
    pub fn of<I: AsRef<str>>(
        name: Option<&str>,
        public_keys: impl IntoIterator<Item = (I, PublicKey)>,
        shared_keys: impl IntoIterator<Item = (I, HmacSecret)>,
    ) -> Result<Keyset> {
        let mut keyset = match name {
            Some(name) => Keyset::new().with_name(name)?,
            None => Keyset::new(),
        };
        for (id, key) in public_keys {
            keyset.add_public_key(id.as_ref(), key)?;
        }
        for (id, secret) in shared_keys {
            keyset.add_shared_key(id.as_ref(), secret)?;
        }
        Ok(keyset)
    }

    /// [`Keyset::add_public_key`], chained.
    pub fn with_public_key(mut self, id: &str, key: PublicKey) -> Result<Keyset> {
        self.add_public_key(id, key)?;
        Ok(self)
    }

    /// [`Keyset::add_shared_key`], chained.
    pub fn with_shared_key(mut self, id: &str, secret: HmacSecret) -> Result<Keyset> {
        self.add_shared_key(id, secret)?;
        Ok(self)
    }

    /// The name, if set.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Public key ids, in order.
    pub fn public_key_ids(&self) -> Vec<&str> {
        self.public_keys.iter().map(|(i, _)| i.as_str()).collect()
    }

    /// Shared key ids, in order.
    pub fn shared_key_ids(&self) -> Vec<&str> {
        self.shared_keys.iter().map(|(i, _)| i.as_str()).collect()
    }
}

impl fmt::Debug for Keyset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyset")
            .field("name", &self.name)
            .field("public_keys", &self.public_key_ids())
            .field("shared_keys", &self.shared_key_ids())
            .finish()
    }
}

/// A verifier's settings as every surface takes them, `None` keeping the
/// default: the route's token parameter, its `allowedSignatureAlgorithms` by
/// name, `signedRequestMaximumExpirationTtl` and the clock skew tolerated.
/// The bindings fill it from their options and [`Verifier::with_options`]
/// checks it, so each setting is refused with one message everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifierOptions {
    /// The token query parameter (default `edge-cache-token`).
    pub param: Option<String>,
    /// Algorithm names ([`Algorithm::from_name`]); default Ed25519 alone.
    pub allowed_algorithms: Option<Vec<String>>,
    /// Seconds ([`Verifier::with_max_expiration_ttl`]); default no limit.
    pub max_expiration_ttl: Option<i64>,
    /// Seconds ([`Verifier::with_leeway`]); default 0.
    pub leeway: Option<i64>,
}

/// Verifies Media CDN signed requests and tokens at the origin.
#[derive(Clone, Debug)]
pub struct Verifier {
    keyset: Keyset,
    param: String,
    allowed: Option<Vec<Algorithm>>,
    max_expiration_ttl: Option<i64>,
    leeway: i64,
}

impl Verifier {
    /// A verifier over `keyset`, reading tokens from `edge-cache-token`.
    pub fn new(keyset: Keyset) -> Verifier {
        Verifier {
            keyset,
            param: DEFAULT_TOKEN_PARAM.to_string(),
            allowed: None,
            max_expiration_ttl: None,
            leeway: 0,
        }
    }

    /// A verifier over `keyset` with `options`, checked in field order.
    pub fn with_options(keyset: Keyset, options: &VerifierOptions) -> Result<Verifier> {
        let mut verifier = Verifier::new(keyset);
        if let Some(param) = &options.param {
            verifier = verifier.with_param(param)?;
        }
        if let Some(names) = &options.allowed_algorithms {
            let algorithms = names.iter().map(|n| Algorithm::from_name(n));
            verifier = verifier.with_allowed_algorithms(&algorithms.collect::<Result<Vec<_>>>()?);
        }
        if let Some(seconds) = options.max_expiration_ttl {
            verifier = verifier.with_max_expiration_ttl(seconds)?;
        }
        match options.leeway {
            Some(seconds) => verifier.with_leeway(seconds),
            None => Ok(verifier),
        }
    }

    /// The token query parameter (and path-component marker) the route uses.
    pub fn with_param(mut self, name: &str) -> Result<Verifier> {
        validate_param_name(name)?;
        self.param = name.to_string();
        Ok(self)
    }

    /// Token algorithms to accept (the route's `allowedSignatureAlgorithms`).
    /// Default: Ed25519 alone, as on a Media CDN route that does not list
    /// them (RULES.md T17); a keyset's shared keys are used for tokens only
    /// once HMAC-SHA1 or HMAC-SHA256 is listed here.
    pub fn with_allowed_algorithms(mut self, algorithms: &[Algorithm]) -> Verifier {
        self.allowed = Some(algorithms.to_vec());
        self
    }

    /// Rejects credentials expiring more than `seconds` after now
    /// (`signedRequestMaximumExpirationTtl`).
    pub fn with_max_expiration_ttl(mut self, seconds: i64) -> Result<Verifier> {
        if seconds <= 0 {
            return Err(Error::invalid_input(
                "max_expiration_ttl",
                "max_expiration_ttl must be > 0 seconds",
            ));
        }
        self.max_expiration_ttl = Some(seconds);
        Ok(self)
    }

    /// Tolerated clock skew for `Starts`/`Expires` (0..=300 s; default 0).
    pub fn with_leeway(mut self, seconds: i64) -> Result<Verifier> {
        if !(0..=300).contains(&seconds) {
            return Err(Error::invalid_input(
                "leeway",
                "leeway must be between 0 and 300 seconds",
            ));
        }
        self.leeway = seconds;
        Ok(self)
    }

    /// The keyset.
    pub fn keyset(&self) -> &Keyset {
        &self.keyset
    }

    fn allows(&self, a: Algorithm) -> bool {
        match &self.allowed {
            Some(list) => list.contains(&a),
            None => a == Algorithm::Ed25519,
        }
    }

    /// Checks `request`: a token in the query parameter, a path-component
    /// signature, a query signature (exact URL or prefix), or an
    /// `Edge-Cache-Cookie` (signature or token), in that order.
    pub fn verify(&self, request: &Request) -> Result<Verified> {
        let u = request.url.as_str();
        check_request_url(u)?;
        let tokens: Vec<_> = url_params(u)
            .into_iter()
            .filter(|p| p.name == self.param)
            .collect();
        if tokens.len() > 1 {
            return Err(Error::malformed(
                "token",
                format!("the URL carries {} {} parameters", tokens.len(), self.param),
            ));
        }
        if let Some(p) = tokens.first() {
            return self.check_token(p.value.unwrap_or(""), request, Form::Token);
        }
        if let Some(ps) = find_path_signature(u, &self.param)? {
            if has_dot_segments(ps.rest) {
                return Err(Error::rejected(
                    ErrorCode::UrlMismatch,
                    "the path after the signed path component has '.' or '..' segments, which could leave the signed prefix",
                ));
            }
            return self.check_signature(
                Form::PathComponent,
                ps.signed_value,
                ps.key_name,
                ps.signature,
                ps.expires,
                request.now,
            );
        }
        let check = |c: Claimed<'_>| {
            self.check_signature(
                c.form,
                c.signed_value,
                c.key_name,
                c.signature,
                c.expires,
                request.now,
            )
        };
        if let Some(v) = verify_query(u, check)? {
            return Ok(v);
        }
        first_verified(
            cookie_values(&request.cookies, EDGE_CACHE_COOKIE),
            |value| {
                if looks_like_token(value) {
                    self.check_token(value, request, Form::TokenCookie)
                } else {
                    verify_cookie(u, value, check)
                }
            },
            || {
                Error::rejected(
                ErrorCode::MissingCredential,
                format!(
                    "no Media CDN credential: no {} parameter, no /{}= path component, no Signature parameter, no {EDGE_CACHE_COOKIE} cookie",
                    self.param, self.param
                ),
            )
            },
        )
    }

    /// Checks a token obtained some other way against `request`.
    pub fn verify_token(&self, token: &str, request: &Request) -> Result<Verified> {
        check_request_url(&request.url)?;
        self.check_token(token, request, Form::Token)
    }

    fn check_signature(
        &self,
        form: Form,
        signed_value: &str,
        key_name: &str,
        signature: &str,
        expires: i64,
        now: i64,
    ) -> Result<Verified> {
        let keys = &self.keyset.public_keys;
        if keys.is_empty() {
            return Err(Error::rejected(
                ErrorCode::UnknownKey,
                "the keyset has no Ed25519 public key; Media CDN signed URLs and cookies are Ed25519 only (HMAC keys work for tokens)",
            )
            .with_field("KeyName"));
        }
        let candidates: Vec<&(String, PublicKey)> = if self.keyset.name.as_deref() == Some(key_name)
        {
            keys.iter().collect()
        } else {
            keys.iter().filter(|(id, _)| id == key_name).collect()
        };
        if candidates.is_empty() {
            return Err(Error::rejected(
                ErrorCode::UnknownKey,
                format!(
                    "KeyName={:?} is neither a key of this keyset ({}) nor its name",
                    url::truncate(key_name, 64),
                    self.keyset.public_key_ids().join(", ")
                ),
            )
            .with_field("KeyName"));
        }
        let sig = b64url_decode(signature, "Signature")?;
        if sig.len() != 64 {
            let hint = if sig.len() == 20 {
                " (20 bytes is a Cloud CDN HMAC-SHA1 signature; Media CDN rejects those)"
            } else {
                ""
            };
            return Err(Error::malformed(
                "Signature",
                format!(
                    "an Ed25519 signature is 64 bytes, this one {}{hint}",
                    sig.len()
                ),
            ));
        }
        let matched = candidates
            .iter()
            .find(|(_, k)| k.verify(signed_value.as_bytes(), &sig))
            .map(|(id, _)| id.clone())
            .ok_or_else(|| {
                Error::rejected(
                    ErrorCode::BadSignature,
                    format!(
                        "the Ed25519 signature does not match the {} signed bytes under key {:?} (altered URL, other key, or padding changed in transit)",
                        signed_value.len(),
                        url::truncate(key_name, 64)
                    ),
                )
            })?;
        self.check_times(None, expires, now)?;
        Ok(Verified {
            form,
            key_id: matched,
            algorithm: Algorithm::Ed25519,
            expires,
            starts: None,
            session_id: None,
            data: None,
            signed_value: signed_value.to_string(),
        })
    }

    fn check_times(&self, starts: Option<i64>, expires: i64, now: i64) -> Result<()> {
        if let Some(s) = starts {
            if now.saturating_add(self.leeway) < s {
                return Err(Error::rejected(
                    ErrorCode::NotYetValid,
                    format!(
                        "not valid for another {}: Starts={s}, now={now}",
                        human_duration(s.saturating_sub(now))
                    ),
                )
                .with_field("Starts"));
            }
        }
        if now.saturating_sub(self.leeway) >= expires {
            return Err(Error::rejected(
                ErrorCode::Expired,
                format!(
                    "expired {} ago: Expires={expires}, now={now}",
                    human_duration(now.saturating_sub(expires))
                ),
            )
            .with_field("Expires"));
        }
        if let Some(ttl) = self.max_expiration_ttl {
            if expires > now.saturating_add(ttl) {
                return Err(Error::rejected(
                    ErrorCode::TimestampInFuture,
                    format!(
                        "Expires={expires} is {} after now={now}, beyond the maximum expiration TTL of {ttl} s",
                        human_duration(expires.saturating_sub(now))
                    ),
                )
                .with_field("Expires"));
            }
        }
        Ok(())
    }

    fn check_token(&self, text: &str, request: &Request, form: Form) -> Result<Verified> {
        let t = parse_token(text)?;
        let parts = url::split(&request.url).ok_or_else(|| {
            Error::invalid_input("url", "the request URL is not an absolute http(s) URL")
        })?;
        let (algorithm, field) = match &t.signature {
            TokenSignature::Ed25519(_) => (Algorithm::Ed25519, "Signature"),
            TokenSignature::Hmac(tag) if tag.len() == 20 => (Algorithm::HmacSha1, "hmac"),
            TokenSignature::Hmac(_) => (Algorithm::HmacSha256, "hmac"),
        };
        if !self.allows(algorithm) {
            return Err(Error::rejected(
                ErrorCode::AlgorithmNotAllowed,
                format!(
                    "the token is signed with {algorithm}, which this verifier does not accept (allowed: {}{})",
                    self.allowed_list(),
                    if self.allowed.is_none() {
                        ", the default of a Media CDN route; list the HMAC algorithms in allowed_algorithms to accept HMAC tokens, as the route's allowedSignatureAlgorithms must"
                    } else {
                        ""
                    }
                ),
            )
            .with_field(field));
        }
        let bound = bound_header_values(&t.headers, request)?;
        let path = parts.path_or_root();
        if t.scope == Scope::FullPath {
            if let Some(field) = injected_field(path) {
                return Err(Error::malformed(
                    "FullPath",
                    format!(
                        "the request path {:?} has '~' followed by the token field name {field}; pasted into FullPath=<path> it would read as a {field} field, so no FullPath token can be checked against it (RULES.md T23)",
                        url::truncate(path, 80)
                    ),
                ));
            }
        }
        let signed = t.signed_value(path, |h| {
            bound
                .iter()
                .find(|(n, _)| *n == h)
                .map(|(_, v)| (*v).to_string())
        });
        let matched = match &t.signature {
            TokenSignature::Ed25519(sig) => {
                if self.keyset.public_keys.is_empty() {
                    return Err(Error::rejected(
                        ErrorCode::UnknownKey,
                        "the token is Ed25519-signed but the keyset has no public key",
                    ));
                }
                self.keyset
                    .public_keys
                    .iter()
                    .find(|(_, k)| k.verify(signed.as_bytes(), sig))
                    .map(|(id, _)| id.clone())
            }
            TokenSignature::Hmac(tag) => {
                if self.keyset.shared_keys.is_empty() {
                    return Err(Error::rejected(
                        ErrorCode::UnknownKey,
                        "the token has an hmac but the keyset has no shared key",
                    ));
                }
                let hmac = algorithm
                    .hmac()
                    .unwrap_or(crate::crypto::HmacAlgorithm::Sha256);
                self.keyset
                    .shared_keys
                    .iter()
                    .find(|(_, s)| s.key(hmac).verify(signed.as_bytes(), tag))
                    .map(|(id, _)| id.clone())
            }
        };
        let Some(key_id) = matched else {
            let mut covers = Vec::new();
            if t.fields.iter().any(|f| f.canonical == "FullPath") {
                covers.push(format!(
                    "the request path {:?} (FullPath)",
                    url::truncate(path, 80)
                ));
            }
            if !t.headers.is_empty() {
                covers.push(format!("the values of header(s) {}", t.headers.join(", ")));
            }
            let extra = if covers.is_empty() {
                String::new()
            } else {
                format!("; the signature also covers {}", covers.join(" and "))
            };
            let tried = match algorithm {
                Algorithm::Ed25519 => self.keyset.public_keys.len(),
                _ => self.keyset.shared_keys.len(),
            };
            return Err(Error::rejected(
                ErrorCode::BadSignature,
                format!(
                    "the {algorithm} signature matches none of the {tried} key(s) tried{extra}"
                ),
            ));
        };
        self.check_times(t.starts, t.expires, request.now)?;
        match &t.scope {
            Scope::Globs(globs) => {
                if has_dot_segments(path) {
                    return Err(dot_segments());
                }
                if !globs.iter().any(|g| glob_matches(g, path)) {
                    return Err(Error::rejected(
                        ErrorCode::UrlMismatch,
                        format!(
                            "path {:?} matches none of {}={}",
                            url::truncate(path, 100),
                            t.scope_field,
                            globs.join(",")
                        ),
                    ));
                }
            }
            Scope::Prefix(p) => check_prefix(&request.url, p)?,
            Scope::FullPath => {}
        }
        if let Some(ranges) = &t.ip_ranges {
            let shown: Vec<String> = ranges
                .iter()
                .map(|r| match r {
                    ReceivedRange::Range(r) => r.to_string(),
                    ReceivedRange::Invalid(s) => format!("{s:?} (invalid)"),
                })
                .collect();
            let Some(ip) = request.ip() else {
                return Err(Error::rejected(
                    ErrorCode::IpNotAllowed,
                    format!(
                        "the token is limited to IPRanges {} but no client IP was given",
                        shown.join(",")
                    ),
                ));
            };
            let inside = ranges
                .iter()
                .any(|r| matches!(r, ReceivedRange::Range(r) if r.contains(ip)));
            if !inside {
                return Err(Error::rejected(
                    ErrorCode::IpNotAllowed,
                    format!("client {ip} is outside IPRanges {}", shown.join(",")),
                ));
            }
        }
        Ok(Verified {
            form,
            key_id,
            algorithm,
            expires: t.expires,
            starts: t.starts,
            session_id: t.session_id.map(str::to_string),
            data: t.data.map(str::to_string),
            signed_value: signed,
        })
    }

    fn allowed_list(&self) -> String {
        let all = [
            Algorithm::Ed25519,
            Algorithm::HmacSha1,
            Algorithm::HmacSha256,
        ];
        let names: Vec<&str> = all
            .iter()
            .filter(|a| self.allows(**a))
            .map(|a| a.as_str())
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    }
}

/// The request's value of each header the token binds, in token order.
///
/// Every check here runs before any key is tried, so an unauthenticated
/// token costs at most [`MAX_HEADERS`](super::MAX_HEADERS) × [`MAX_HEADER_VALUE_LEN`] bytes of
/// signed value per key (RULES.md T24). A header sent twice is refused
/// rather than joined: joined with `,` its copies could spell another
/// header's `Name=value` pair (RULES.md T22).
fn bound_header_values<'r>(
    names: &[&'r str],
    request: &'r Request,
) -> Result<Vec<(&'r str, &'r str)>> {
    let mut out = Vec::with_capacity(names.len());
    let mut missing = Vec::new();
    for &name in names {
        let mut copies = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let Some((_, value)) = copies.next() else {
            missing.push(name);
            continue;
        };
        let extra = copies.count();
        if extra > 0 {
            return Err(Error::malformed(
                "Headers",
                format!(
                    "the token binds header {name} and the request carries it {} times; a bound header must appear once (RULES.md T22)",
                    extra + 1
                ),
            ));
        }
        if value.len() > MAX_HEADER_VALUE_LEN {
            return Err(Error::malformed(
                "Headers",
                format!(
                    "the value of bound header {name} is {} bytes; at most {MAX_HEADER_VALUE_LEN} are read (RULES.md T24)",
                    value.len()
                ),
            ));
        }
        if let Some(why) = ambiguous_header_value(value) {
            return Err(Error::malformed(
                "Headers",
                format!(
                    "the value of bound header {name} has {why}; pasted into Headers=Name=value,... it would read as another token's fields (RULES.md T22)"
                ),
            ));
        }
        out.push((name, value.as_str()));
    }
    if !missing.is_empty() {
        return Err(Error::rejected(
            ErrorCode::HeaderMismatch,
            format!(
                "the token is bound to header(s) {} which the request does not carry",
                missing.join(", ")
            ),
        )
        .with_field("Headers"));
    }
    Ok(out)
}

fn check_request_url(u: &str) -> Result<()> {
    if u.len() > MAX_URL_LEN {
        return Err(Error::malformed(
            "url",
            format!(
                "the URL is {} bytes; at most {MAX_URL_LEN} are read",
                u.len()
            ),
        ));
    }
    if url::split(u).is_none() {
        return Err(Error::invalid_input(
            "url",
            format!(
                "the request URL {:?} must be absolute (https://host/path?query, as sent)",
                url::truncate(u, 80)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediacdn::{Signer, SigningKey, TokenClaims, TokenSigner};

    const NOW: i64 = 1_767_290_400;

    struct Fixture {
        key: SigningKey,
        verifier: Verifier,
    }

    fn fixture() -> Fixture {
        let key = SigningKey::from_seed(&[11u8; 32]).unwrap();
        let keyset = Keyset::new()
            .with_name("ks")
            .unwrap()
            .with_public_key("k1", key.public_key())
            .unwrap()
            .with_shared_key("s1", HmacSecret::from_bytes(&[4u8; 20]).unwrap())
            .unwrap();
        Fixture {
            key,
            verifier: Verifier::new(keyset),
        }
    }

    fn token(f: &Fixture, claims: TokenClaims) -> String {
        TokenSigner::ed25519(f.key.clone())
            .sign(&claims)
            .unwrap()
            .apply_to_url("https://h/v/a.ts")
    }

    fn code(f: &Fixture, req: Request) -> (ErrorCode, String) {
        let e = f.verifier.verify(&req).unwrap_err();
        (e.code(), e.message().to_string())
    }

    #[test]
    fn options_and_keyset_are_checked_as_the_builders_check_them() {
        let f = fixture();
        let secret = || HmacSecret::from_bytes(&[4u8; 20]).unwrap();
        let ks = Keyset::of(Some("ks"), [("k1", f.key.public_key())], [("s1", secret())]).unwrap();
        assert_eq!(ks.public_key_ids(), ["k1"]);
        assert_eq!((ks.name(), ks.shared_key_ids()), (Some("ks"), vec!["s1"]));
        let field = |e: Error| e.field().map(str::to_owned);
        let dup = Keyset::of(None, [("k1", f.key.public_key())], [("k1", secret())]);
        assert_eq!(field(dup.unwrap_err()).as_deref(), Some("key_id"));
        let bad_name = Keyset::of::<&str>(Some("1x"), [], []);
        assert_eq!(field(bad_name.unwrap_err()).as_deref(), Some("keyset_name"));

        let hmac = VerifierOptions {
            allowed_algorithms: Some(vec!["HMAC_SHA_256".into()]),
            leeway: Some(30),
            ..VerifierOptions::default()
        };
        let v = Verifier::with_options(ks.clone(), &hmac).unwrap();
        assert!(v.allows(Algorithm::HmacSha256) && !v.allows(Algorithm::Ed25519));
        assert_eq!((v.leeway, v.max_expiration_ttl), (30, None));
        let refused =
            |o: VerifierOptions| field(Verifier::with_options(ks.clone(), &o).unwrap_err());
        let o = |f: fn(&mut VerifierOptions)| {
            let mut o = VerifierOptions::default();
            f(&mut o);
            o
        };
        assert_eq!(
            refused(o(|o| o.param = Some("a b".into()))).as_deref(),
            Some("param")
        );
        let rsa = o(|o| o.allowed_algorithms = Some(vec!["rs256".into()]));
        assert_eq!(refused(rsa).as_deref(), Some("algorithm"));
        let ttl = o(|o| o.max_expiration_ttl = Some(0));
        assert_eq!(refused(ttl).as_deref(), Some("max_expiration_ttl"));
        assert_eq!(
            refused(o(|o| o.leeway = Some(301))).as_deref(),
            Some("leeway")
        );
    }

    #[test]
    fn every_rejection_code_with_numbers() {
        let f = fixture();
        let base = || TokenClaims::new(NOW + 100).path_globs(["/v/*"]);

        let (c, m) = code(&f, Request::new(token(&f, base()), NOW + 137));
        assert_eq!(c, ErrorCode::Expired);
        assert!(
            m.contains("37 s ago") && m.contains(&format!("now={}", NOW + 137)),
            "{m}"
        );

        let (c, m) = code(&f, Request::new(token(&f, base().starts(NOW + 50)), NOW));
        assert_eq!(c, ErrorCode::NotYetValid);
        assert!(
            m.contains("50 s") && m.contains(&format!("Starts={}", NOW + 50)),
            "{m}"
        );

        let u = token(&f, base())
            .replace("a.ts", "b.ts")
            .replace("/v/*", "/w/*");
        assert_eq!(code(&f, Request::new(u, NOW)).0, ErrorCode::BadSignature);

        let other = TokenSigner::ed25519(f.key.clone())
            .sign(&base())
            .unwrap()
            .apply_to_url("https://h/x/a.ts");
        let (c, m) = code(&f, Request::new(other, NOW));
        assert_eq!(c, ErrorCode::UrlMismatch);
        assert!(m.contains("/x/a.ts"), "{m}");

        let ip = token(&f, base().ip_ranges(["10.0.0.0/8"]));
        let req = Request::new(ip, NOW).client_ip_str("192.0.2.7").unwrap();
        let (c, m) = code(&f, req);
        assert_eq!(c, ErrorCode::IpNotAllowed);
        assert!(m.contains("192.0.2.7") && m.contains("10.0.0.0/8"), "{m}");

        let h = token(&f, base().header("X-Id", "1"));
        assert_eq!(code(&f, Request::new(h, NOW)).0, ErrorCode::HeaderMismatch);

        let s = Signer::new("nope", f.key.clone()).unwrap();
        let u = s.sign_url("https://h/a", NOW + 10).unwrap().url;
        assert_eq!(code(&f, Request::new(u, NOW)).0, ErrorCode::UnknownKey);
        let by_keyset_name = Signer::new("ks", f.key.clone()).unwrap();
        let u = by_keyset_name
            .sign_url("https://h/a", NOW + 10)
            .unwrap()
            .url;
        assert_eq!(
            f.verifier.verify(&Request::new(u, NOW)).unwrap().key_id,
            "k1"
        );

        assert_eq!(
            code(
                &f,
                Request::new("https://h/v/a.ts?edge-cache-token=PathGlobs", NOW)
            )
            .0,
            ErrorCode::Malformed
        );
        assert_eq!(
            code(&f, Request::new("https://h/v/a.ts", NOW)).0,
            ErrorCode::MissingCredential
        );

        let ed_only = f
            .verifier
            .clone()
            .with_allowed_algorithms(&[Algorithm::Ed25519]);
        let hmac = TokenSigner::hmac(
            Algorithm::HmacSha1,
            HmacSecret::from_bytes(&[4u8; 20]).unwrap(),
        )
        .unwrap()
        .sign(&base())
        .unwrap()
        .apply_to_url("https://h/v/a.ts");
        assert_eq!(
            ed_only
                .verify(&Request::new(hmac.as_str(), NOW))
                .unwrap_err()
                .code(),
            ErrorCode::AlgorithmNotAllowed
        );
        // A route allows Ed25519 alone unless told otherwise (T17), even
        // when the keyset holds shared keys.
        let e = f
            .verifier
            .verify(&Request::new(hmac.as_str(), NOW))
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::AlgorithmNotAllowed);
        assert!(e.message().contains("allowed_algorithms"), "{e}");
        let with_hmac = f
            .verifier
            .clone()
            .with_allowed_algorithms(&[Algorithm::Ed25519, Algorithm::HmacSha1]);
        assert_eq!(
            with_hmac
                .verify(&Request::new(hmac.as_str(), NOW))
                .unwrap()
                .key_id,
            "s1"
        );

        let capped = f.verifier.clone().with_max_expiration_ttl(30).unwrap();
        let e = capped
            .verify(&Request::new(token(&f, base()), NOW))
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TimestampInFuture);
        assert!(e.message().contains("30 s"), "{e}");

        assert_eq!(
            f.verifier
                .verify(&Request::new("/relative", NOW))
                .unwrap_err()
                .code(),
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn leeway_and_cookies() {
        let f = fixture();
        let lenient = f.verifier.clone().with_leeway(5).unwrap();
        let t = TokenSigner::ed25519(f.key.clone())
            .sign(&TokenClaims::new(NOW + 10).url_prefix("https://h/v/"))
            .unwrap();
        let req =
            |now| Request::new("https://h/v/a.ts", now).header("Cookie", t.cookie().cookie_pair());
        assert_eq!(
            lenient.verify(&req(NOW + 12)).unwrap().form,
            Form::TokenCookie
        );
        assert_eq!(
            f.verifier.verify(&req(NOW + 12)).unwrap_err().code(),
            ErrorCode::Expired
        );
        assert!(f.verifier.clone().with_leeway(301).is_err());
        assert!(f.verifier.clone().with_max_expiration_ttl(0).is_err());
        assert!(!format!("{:?}", f.verifier).contains("Secret("));
    }
}
