//! Verifying Stream tokens: what Cloudflare checks, done at the origin.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use super::claims::{check_id, AccessRule, Action, RuleType};
use super::jwk;
use super::key::SigningKey;
use super::token::{self, TokenClaims};
use crate::crypto::{Digest, RsaPublicKey};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{self, PublicKey};
use crate::time::human_duration;

/// Default clock leeway, seconds, applied to `exp` and `nbf`: none.
///
/// Cloudflare documents `exp` as the time "after which the token will stop
/// working" and `nbf` as the time "before which the token will not work",
/// with no allowance for clock skew. A verifier at the origin exists to
/// refuse what Stream would refuse, so by default it allows none either: a
/// token whose `nbf` is 10 s away, or whose `exp` passed a second ago, is
/// refused (`not_yet_valid`, `expired`). A non-zero leeway
/// ([`Verifier::with_leeway`]) accepts tokens Cloudflare would refuse; use
/// it only where this host's clock is known to lag the signer's. (Earlier
/// versions defaulted to 30 s.)
pub const DEFAULT_LEEWAY: u32 = 0;

/// The only algorithm a Stream token may use.
pub const ALGORITHM: &str = "RS256";

/// Holds the public keys a token may be signed with, by key id (Cloudflare
/// allows up to 1,000 keys per account, for rotation), and checks tokens the
/// way Stream does. Build it once, then share it (`Send + Sync`).
#[derive(Clone)]
pub struct Verifier {
    keys: BTreeMap<String, RsaPublicKey>,
    leeway: u32,
    require_exp: bool,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier::new()
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("kids", &self.keys.keys().collect::<Vec<_>>())
            .field("leeway", &self.leeway)
            .field("require_exp", &self.require_exp)
            .finish()
    }
}

/// What the caller knows about the request being authorised.
#[derive(Clone, Debug)]
pub struct VerifyRequest<'a> {
    /// Now, Unix seconds.
    pub now: i64,
    /// The video uid the token must be for (`sub`), if the caller knows it.
    pub expected_sub: Option<&'a str>,
    /// The viewer's IP address (for `ip.src` rules).
    pub viewer_ip: Option<IpAddr>,
    /// The viewer's country, ISO 3166-1 alpha-2 (for `ip.geoip.country` rules),
    /// e.g. from Cloudflare's `CF-IPCountry` header.
    pub viewer_country: Option<&'a str>,
    /// Evaluate `accessRules` (default). When true and a rule needs a viewer
    /// fact that is missing, verification fails with `invalid_input` naming
    /// `viewer_ip` or `viewer_country` rather than guessing.
    pub evaluate_access: bool,
}

impl<'a> VerifyRequest<'a> {
    /// A request at `now`, with access rules evaluated.
    pub fn new(now: i64) -> Self {
        VerifyRequest {
            now,
            expected_sub: None,
            viewer_ip: None,
            viewer_country: None,
            evaluate_access: true,
        }
    }

    /// A request from the parts every surface is given: the viewer's address
    /// as text (checked by `api::inputs::ip_address`, field `viewer_ip`), and
    /// `evaluate_access` false to skip the access rules.
    pub fn of(
        now: i64,
        expected_sub: Option<&'a str>,
        viewer_ip: Option<&str>,
        viewer_country: Option<&'a str>,
        evaluate_access: bool,
    ) -> Result<Self> {
        let ip = viewer_ip.map(|ip| crate::api::inputs::ip_address("viewer_ip", ip));
        Ok(VerifyRequest {
            now,
            expected_sub,
            viewer_ip: ip.transpose()?,
            viewer_country,
            evaluate_access,
        })
    }

    /// Requires `sub` to be this video uid.
    pub fn subject(mut self, video_uid: &'a str) -> Self {
        self.expected_sub = Some(video_uid);
        self
    }

    /// The viewer's IP.
    pub fn viewer_ip(mut self, ip: IpAddr) -> Self {
        self.viewer_ip = Some(ip);
        self
    }

    /// The viewer's country.
    pub fn viewer_country(mut self, country: &'a str) -> Self {
        self.viewer_country = Some(country);
        self
    }

    /// Skips `accessRules` (they are still parsed and returned).
    pub fn skip_access_rules(mut self) -> Self {
        self.evaluate_access = false;
        self
    }
}

/// The outcome of evaluating `accessRules` for one viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessEvaluation {
    /// Index of the first matching rule; `None` when none matched.
    pub rule: Option<usize>,
    /// The action applied (`Allow` when no rule matched).
    pub action: Action,
    /// The type of the deciding rule.
    pub rule_type: Option<RuleType>,
}

/// How access was decided for a verified token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessDecision {
    /// The request asked not to evaluate the rules.
    NotEvaluated,
    /// No rule matched (or the token has none): allowed.
    NoMatch,
    /// Rule `n` (0-based) matched with `allow`.
    AllowedByRule(usize),
}

/// Evaluates `rules` first to last for a viewer: the first matching rule's
/// action applies; no match means allowed (Cloudflare, "accessRules Schema").
/// A rule that needs a viewer fact that is missing is an `invalid_input`
/// error naming `viewer_ip` / `viewer_country`.
pub fn evaluate_access(
    rules: &[AccessRule],
    viewer_ip: Option<IpAddr>,
    viewer_country: Option<&str>,
) -> Result<AccessEvaluation> {
    for (i, rule) in rules.iter().enumerate() {
        if rule.matches(viewer_ip, viewer_country, i)? {
            return Ok(AccessEvaluation {
                rule: Some(i),
                action: rule.action(),
                rule_type: Some(rule.rule_type()),
            });
        }
    }
    Ok(AccessEvaluation {
        rule: None,
        action: Action::Allow,
        rule_type: None,
    })
}

/// A token that passed every check.
#[derive(Clone, Debug)]
pub struct VerifiedToken {
    /// The key id that verified it.
    pub kid: String,
    /// Its claims.
    pub claims: TokenClaims,
    /// How the access rules decided.
    pub access: AccessDecision,
}

impl Verifier {
    /// An empty verifier with the default leeway ([`DEFAULT_LEEWAY`]: none,
    /// as Cloudflare allows none), requiring `exp`.
    pub fn new() -> Verifier {
        Verifier {
            keys: BTreeMap::new(),
            leeway: DEFAULT_LEEWAY,
            require_exp: true,
        }
    }

    /// Sets the clock leeway (seconds) for `exp` and `nbf`: a token is
    /// expired once `exp <= now - leeway` and not yet valid while
    /// `nbf > now + leeway`. Cloudflare allows no leeway, so anything above
    /// the default 0 accepts tokens Stream itself would refuse.
    pub fn with_leeway(mut self, seconds: u32) -> Verifier {
        self.leeway = seconds;
        self
    }

    /// Whether a token without `exp` is refused (default: yes). Cloudflare's
    /// signers always set one; a token without it never expires.
    pub fn with_require_exp(mut self, require: bool) -> Verifier {
        self.require_exp = require;
        self
    }

    /// The leeway in seconds.
    pub fn leeway(&self) -> u32 {
        self.leeway
    }

    /// The key ids held, sorted.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// Adds a public key under `kid`. Adding the same key twice is fine; a
    /// different key under a known kid is refused.
    pub fn add_public_key(&mut self, kid: &str, key: RsaPublicKey) -> Result<()> {
        check_id("kid", kid)
            .map_err(|e| Error::invalid_key(e.message().to_string()).with_field("kid"))?;
        if key.bits() < 2048 {
            return Err(Error::invalid_key(format!(
                "RSA key of {} bits for kid {kid}; Stream keys are at least 2048 bits",
                key.bits()
            )));
        }
        if let Some(existing) = self.keys.get(kid) {
            if existing.spki_der() != key.spki_der() {
                return Err(Error::invalid_key(format!(
                    "kid {kid} is already registered with another key"
                )));
            }
            return Ok(());
        }
        self.keys.insert(kid.to_string(), key);
        Ok(())
    }

    /// Adds the public half of a signing key.
    pub fn add_signing_key(&mut self, key: &SigningKey) -> Result<()> {
        self.add_public_key(key.kid(), key.public_key().clone())
    }

    /// Adds an RSA public key from PEM or DER (SPKI `PUBLIC KEY`, PKCS#1
    /// `RSA PUBLIC KEY`, or a private key, whose public half is used).
    pub fn add_pem(&mut self, kid: &str, pem: impl AsRef<[u8]>) -> Result<()> {
        match keys::parse_public_key(pem.as_ref())? {
            PublicKey::Rsa(k) => self.add_public_key(kid, k),
            other => Err(Error::invalid_key(format!(
                "this is an {} key; Stream tokens are RS256 (RSA)",
                other.kind()
            ))),
        }
    }

    /// Adds a public or private RSA JWK (JSON or base64 of it), which must
    /// carry its `kid`, or a JWK Set `{"keys":[...]}`. Returns the kids added.
    pub fn add_jwk(&mut self, text: &str) -> Result<Vec<String>> {
        let parsed = jwk::parse_jwk(text)?;
        if let Some(entries) = parsed.set_entries() {
            let mut added = Vec::new();
            for k in entries? {
                added.push(self.add_jwk_object(k)?);
            }
            return Ok(added);
        }
        Ok(vec![self.add_jwk_object(&parsed)?])
    }

    fn add_jwk_object(&mut self, jwk: &jwk::Jwk) -> Result<String> {
        let parsed = jwk::public_from_jwk(jwk)?;
        let kid = parsed.kid.ok_or_else(|| {
            Error::invalid_key("the JWK has no kid; tokens are matched to keys by kid")
        })?;
        self.add_public_key(&kid, parsed.key)?;
        Ok(kid)
    }

    /// Adds the key of a `/stream/keys` response (its public half).
    pub fn add_stream_keys_response(&mut self, json: &str) -> Result<String> {
        let k = SigningKey::from_stream_keys_response(json)?;
        self.add_signing_key(&k)?;
        Ok(k.kid().to_string())
    }

    /// Adds whatever `text` is: a `/stream/keys` response, a JWK or JWK Set,
    /// or a PEM (which needs `kid`). Returns the kids added.
    pub fn add_key_text(&mut self, text: &str, kid: Option<&str>) -> Result<Vec<String>> {
        let t = text.trim();
        if t.starts_with('{') {
            let is_jwk = jwk::jwk_from_json(t.as_bytes())?.is_jwk_or_set();
            if is_jwk {
                return self.add_jwk(t);
            }
            return Ok(vec![self.add_stream_keys_response(t)?]);
        }
        if t.contains("-----BEGIN") {
            let kid = kid.ok_or_else(|| {
                Error::invalid_input("kid", "a PEM key needs the key id (kid) it was issued with")
            })?;
            self.add_pem(kid, t)?;
            return Ok(vec![kid.to_string()]);
        }
        let k = SigningKey::from_text(t, kid)?;
        self.add_signing_key(&k)?;
        Ok(vec![k.kid().to_string()])
    }

    /// Verifies `token` for `request`, in this order, each failure with its
    /// own code: structure (`malformed`), `alg` pinned to RS256
    /// (`algorithm_not_allowed`), `kid` known (`unknown_key`), RSA signature
    /// (`bad_signature`), claims (`malformed`), `exp` (`expired`), `nbf`
    /// (`not_yet_valid`), `sub` (`subject_mismatch`), then `accessRules`
    /// (`ip_not_allowed`, `country_not_allowed`, `access_denied`).
    pub fn verify(&self, token: &str, request: &VerifyRequest<'_>) -> Result<VerifiedToken> {
        let parts = token::split(token)?;
        let alg = token::header_alg(&parts.header)?;
        if alg != ALGORITHM {
            let shown: String = alg.chars().take(16).collect();
            return Err(Error::rejected(
                ErrorCode::AlgorithmNotAllowed,
                format!("alg {shown:?} is not allowed: Stream tokens are RS256 only (none, HS256 and other algorithms are refused)"),
            )
            .with_field("alg"));
        }
        if parts.header.contains_key("crit") {
            return Err(Error::malformed(
                "crit",
                "the header has crit: no JWS extension is understood here (RFC 7515 §4.1.11)",
            ));
        }
        let kid = token::header_kid(&parts.header)?;
        let key = self.keys.get(kid).ok_or_else(|| {
            let shown: String = kid.chars().take(64).collect();
            Error::rejected(
                ErrorCode::UnknownKey,
                format!(
                    "no key with kid {shown:?} (this verifier holds {} key{}); was it revoked, or is it another account's?",
                    self.keys.len(),
                    if self.keys.len() == 1 { "" } else { "s" }
                ),
            )
            .with_field("kid")
        })?;
        let signature = token::decode_part(parts.signature_b64, "signature")?;
        if !key.verify_pkcs1v15(Digest::Sha256, parts.signing_input.as_bytes(), &signature) {
            return Err(Error::rejected(
                ErrorCode::BadSignature,
                format!(
                    "the RS256 signature does not match the header and payload under key {kid}"
                ),
            )
            .with_field("signature"));
        }
        let claims = token::parse_claims(parts.payload_b64)?;
        if let Some(pkid) = &claims.kid {
            if pkid != kid {
                return Err(Error::malformed(
                    "kid",
                    "the payload's kid differs from the header's kid",
                ));
            }
        }
        let now = request.now;
        let leeway = i64::from(self.leeway);
        match claims.exp {
            None if self.require_exp => {
                return Err(Error::malformed(
                    "exp",
                    "the token has no exp (it would never expire); Stream tokens carry one",
                ))
            }
            Some(exp) if exp <= now.saturating_sub(leeway) => {
                return Err(Error::rejected(
                    ErrorCode::Expired,
                    format!(
                        "expired {} ago: exp={exp}, now={now}{}",
                        human_duration(now.saturating_sub(exp)),
                        leeway_note(leeway)
                    ),
                )
                .with_field("exp"))
            }
            _ => {}
        }
        if let Some(nbf) = claims.nbf {
            if nbf > now.saturating_add(leeway) {
                return Err(Error::rejected(
                    ErrorCode::NotYetValid,
                    format!(
                        "not valid for another {}: nbf={nbf}, now={now}{}",
                        human_duration(nbf.saturating_sub(now)),
                        leeway_note(leeway)
                    ),
                )
                .with_field("nbf"));
            }
        }
        if let Some(want) = request.expected_sub {
            if claims.sub.as_deref() != Some(want) {
                let shown_want: String = want.chars().take(64).collect();
                let message = match &claims.sub {
                    Some(got) => {
                        let got: String = got.chars().take(64).collect();
                        format!("the token is for video {got:?}, not {shown_want:?}")
                    }
                    None => format!("the token has no sub (video uid); expected {shown_want:?}"),
                };
                return Err(Error::rejected(ErrorCode::SubjectMismatch, message).with_field("sub"));
            }
        }
        let access = if !request.evaluate_access {
            AccessDecision::NotEvaluated
        } else {
            let e = evaluate_access(
                &claims.access_rules,
                request.viewer_ip,
                request.viewer_country,
            )?;
            match (e.rule, e.action, e.rule_type) {
                (None, _, _) => AccessDecision::NoMatch,
                (Some(i), Action::Allow, _) => AccessDecision::AllowedByRule(i),
                (Some(i), Action::Block, Some(t)) => {
                    let rule = &claims.access_rules[i];
                    let who = match t {
                        RuleType::Any => "every remaining viewer".to_string(),
                        RuleType::IpSrc => format!(
                            "viewer IP {}",
                            request
                                .viewer_ip
                                .map(|ip| ip.to_string())
                                .unwrap_or_default()
                        ),
                        RuleType::Country => format!(
                            "viewer country {}",
                            request
                                .viewer_country
                                .unwrap_or_default()
                                .trim()
                                .to_ascii_uppercase()
                        ),
                    };
                    return Err(Error::rejected(
                        t.block_code(),
                        format!("accessRules[{i}] ({rule}) blocks {who}"),
                    )
                    .with_field("accessRules"));
                }
                (Some(_), Action::Block, None) => {
                    return Err(Error::new(
                        ErrorCode::Internal,
                        "a matching rule has no type",
                    ))
                }
            }
        };
        Ok(VerifiedToken {
            kid: kid.to_string(),
            claims,
            access,
        })
    }
}

fn leeway_note(leeway: i64) -> String {
    if leeway > 0 {
        format!(", leeway {leeway} s")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::{AccessRule, Claims};

    const KEY: &str = include_str!("../../../tests/vectors/keys/stream-key.json");
    const KEY2: &str = include_str!("../../../tests/vectors/keys/stream-key-2.json");
    const NOW: i64 = 1_767_290_400;
    const UID: &str = "6b9e68b07dfee8cc2d116e4c51d6a957";

    fn setup() -> (SigningKey, Verifier) {
        let key = SigningKey::from_stream_keys_response(KEY).unwrap();
        let mut v = Verifier::new().with_leeway(0);
        v.add_signing_key(&key).unwrap();
        (key, v)
    }

    fn b64(s: &str) -> String {
        crate::encoding::b64url_encode(s.as_bytes(), false)
    }

    fn code(r: Result<VerifiedToken>) -> ErrorCode {
        r.unwrap_err().code()
    }

    #[test]
    fn every_rejection_code() {
        let (key, v) = setup();
        let req = VerifyRequest::new(NOW);
        let t = key
            .sign(&Claims::new(UID, NOW + 60).not_before(NOW), NOW)
            .unwrap();
        assert!(v.verify(&t, &req).is_ok());
        // malformed
        assert_eq!(code(v.verify("x.y", &req)), ErrorCode::Malformed);
        // algorithm_not_allowed
        let none = format!(
            "{}.{}.",
            b64(r#"{"alg":"none","kid":"x"}"#),
            t.split('.').nth(1).unwrap()
        );
        assert_eq!(code(v.verify(&none, &req)), ErrorCode::AlgorithmNotAllowed);
        // unknown_key
        let other = SigningKey::from_stream_keys_response(KEY2).unwrap();
        let t2 = other.sign(&Claims::new(UID, NOW + 60), NOW).unwrap();
        assert_eq!(code(v.verify(&t2, &req)), ErrorCode::UnknownKey);
        // bad_signature
        let mut parts: Vec<String> = t.split('.').map(str::to_string).collect();
        parts[2] = t2.split('.').nth(2).unwrap().to_string();
        assert_eq!(
            code(v.verify(&parts.join("."), &req)),
            ErrorCode::BadSignature
        );
        // expired / not_yet_valid (leeway honoured)
        assert_eq!(
            code(v.verify(&t, &VerifyRequest::new(NOW + 60))),
            ErrorCode::Expired
        );
        assert_eq!(
            code(v.verify(&t, &VerifyRequest::new(NOW - 1))),
            ErrorCode::NotYetValid
        );
        let lenient = v.clone().with_leeway(5);
        assert!(lenient.verify(&t, &VerifyRequest::new(NOW + 64)).is_ok());
        assert!(lenient.verify(&t, &VerifyRequest::new(NOW - 5)).is_ok());
        // subject_mismatch
        assert_eq!(
            code(v.verify(&t, &VerifyRequest::new(NOW).subject("other"))),
            ErrorCode::SubjectMismatch
        );
        // access rules
        let ruled = Claims::new(UID, NOW + 60)
            .rule(AccessRule::ip(Action::Block, ["192.0.2.0/24"]).unwrap())
            .rule(AccessRule::country(Action::Block, ["KP"]).unwrap())
            .rule(AccessRule::country(Action::Allow, ["KR"]).unwrap())
            .rule(AccessRule::any(Action::Block));
        let tr = key.sign(&ruled, NOW).unwrap();
        let viewer = |ip: &str, c: &'static str| {
            VerifyRequest::new(NOW)
                .viewer_ip(ip.parse().unwrap())
                .viewer_country(c)
        };
        assert_eq!(
            code(v.verify(&tr, &viewer("192.0.2.9", "KR"))),
            ErrorCode::IpNotAllowed
        );
        assert_eq!(
            code(v.verify(&tr, &viewer("198.51.100.1", "KP"))),
            ErrorCode::CountryNotAllowed
        );
        assert_eq!(
            code(v.verify(&tr, &viewer("198.51.100.1", "US"))),
            ErrorCode::AccessDenied
        );
        let ok = v.verify(&tr, &viewer("198.51.100.1", "KR")).unwrap();
        assert_eq!(ok.access, AccessDecision::AllowedByRule(2));
        let e = v.verify(&tr, &VerifyRequest::new(NOW)).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidInput, Some("viewer_ip"))
        );
        let skipped = v
            .verify(&tr, &VerifyRequest::new(NOW).skip_access_rules())
            .unwrap();
        assert_eq!(skipped.access, AccessDecision::NotEvaluated);
        assert_eq!(skipped.claims.access_rules.len(), 4);
    }

    #[test]
    fn default_leeway_is_none() {
        // Cloudflare documents no leeway: a token 10 s before its nbf, or 1 s
        // past its exp, is refused unless the caller opts into leeway.
        let (key, _) = setup();
        let mut v = Verifier::new();
        v.add_signing_key(&key).unwrap();
        assert_eq!(v.leeway(), 0);
        assert_eq!(DEFAULT_LEEWAY, 0);
        let early = key
            .sign(&Claims::new(UID, NOW + 600).not_before(NOW + 10), NOW)
            .unwrap();
        let e = v.verify(&early, &VerifyRequest::new(NOW)).unwrap_err();
        assert_eq!((e.code(), e.field()), (ErrorCode::NotYetValid, Some("nbf")));
        assert!(!e.message().contains("leeway"), "{e}");
        let late = key.sign(&Claims::new(UID, NOW + 60), NOW).unwrap();
        let e = v.verify(&late, &VerifyRequest::new(NOW + 61)).unwrap_err();
        assert_eq!((e.code(), e.field()), (ErrorCode::Expired, Some("exp")));
        let lenient = v.with_leeway(30);
        assert!(lenient.verify(&early, &VerifyRequest::new(NOW)).is_ok());
        assert!(lenient.verify(&late, &VerifyRequest::new(NOW + 61)).is_ok());
        let e = lenient
            .verify(&late, &VerifyRequest::new(NOW + 90))
            .unwrap_err();
        assert!(e.message().contains("leeway 30 s"), "{e}");
    }

    #[test]
    fn ip_rules_treat_mapped_ranges_and_viewers_as_ipv4() {
        let (key, v) = setup();
        let block = key
            .sign(
                &Claims::new(UID, NOW + 60)
                    .rule(AccessRule::ip(Action::Block, ["::ffff:1.2.3.0/120"]).unwrap()),
                NOW,
            )
            .unwrap();
        let at = |ip: &str| VerifyRequest::new(NOW).viewer_ip(ip.parse().unwrap());
        for viewer in ["1.2.3.4", "::ffff:1.2.3.4"] {
            let e = v.verify(&block, &at(viewer)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::IpNotAllowed, "{viewer}: {e}");
        }
        assert!(v.verify(&block, &at("1.2.4.4")).is_ok());
        assert!(v.verify(&block, &at("2001:db8::1")).is_ok());
        let allow = key
            .sign(
                &Claims::new(UID, NOW + 60)
                    .rule(AccessRule::ip(Action::Allow, ["1.2.3.0/24"]).unwrap())
                    .rule(AccessRule::any(Action::Block)),
                NOW,
            )
            .unwrap();
        let ok = v.verify(&allow, &at("::ffff:1.2.3.9")).unwrap();
        assert_eq!(ok.access, AccessDecision::AllowedByRule(0));
        let e = v.verify(&allow, &at("::ffff:1.2.4.9")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AccessDenied);
    }

    #[test]
    fn key_registration_rules() {
        let (key, mut v) = setup();
        // same key again is fine; another key under the same kid is not
        v.add_signing_key(&key).unwrap();
        let other = SigningKey::from_stream_keys_response(KEY2).unwrap();
        let e = v
            .add_public_key(key.kid(), other.public_key().clone())
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey);
        assert_eq!(
            v.add_jwk(&key.public_jwk()).unwrap(),
            vec![key.kid().to_string()]
        );
        let jwks = format!("{{\"keys\":[{}]}}", other.public_jwk());
        assert_eq!(
            v.add_key_text(&jwks, None).unwrap(),
            vec![other.kid().to_string()]
        );
        assert_eq!(v.kids().count(), 2);
        let e = v.add_key_text(&key.public_pem(), None).unwrap_err();
        assert_eq!(e.field(), Some("kid"));
        let dbg = format!("{v:?}");
        assert!(dbg.contains(key.kid()) && !dbg.contains("BEGIN"));
    }

    #[test]
    fn evaluate_access_first_match_wins() {
        let rules = [
            AccessRule::country(Action::Allow, ["GB"]).unwrap(),
            AccessRule::any(Action::Block),
        ];
        let e = evaluate_access(&rules, None, Some("GB")).unwrap();
        assert_eq!((e.rule, e.action), (Some(0), Action::Allow));
        let e = evaluate_access(&rules, None, Some("FR")).unwrap();
        assert_eq!(
            (e.rule, e.action, e.rule_type),
            (Some(1), Action::Block, Some(RuleType::Any))
        );
        let e = evaluate_access(&[], None, None).unwrap();
        assert_eq!((e.rule, e.action), (None, Action::Allow));
    }
}
