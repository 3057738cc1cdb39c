//! The check CloudFront itself does, for origins, tests and 403 hunts: a
//! signed URL or cookie set + the request (URL, now, client IP) → the
//! verified policy, or a typed rejection.
//!
//! Order: parse the credential (`missing_credential` / `malformed`), find the
//! key by key-pair id (`unknown_key`), check the signature over the policy
//! bytes (`bad_signature`; a canned policy is rebuilt from the request URL),
//! then what CloudFront refuses in any policy (`malformed`: a time after
//! 2147483647, a `Resource` not starting with `http://`, `https://` or `*`),
//! the resource pattern (`url_mismatch`, also for a request path with `.` or
//! `..` segments under a wildcard), `DateLessThan` (`expired`),
//! `DateGreaterThan` (`not_yet_valid`) and `IpAddress` (`ip_not_allowed`).
//! Parameter and condition order do not matter, so botocore's and the JS
//! SDK's credentials both verify.
//!
//! A request whose URL carries any CloudFront parameter is judged by its URL
//! alone, even by the cookie entry points: "CloudFront assumes that URLs that
//! contain any of those query string parameters are signed URLs, and
//! therefore won't look at signed cookies" (Developer Guide, "Choosing
//! between signed URLs and signed cookies").

use std::net::IpAddr;

use super::cookies::{
    parse_cookie_header, COOKIE_EXPIRES, COOKIE_HASH_ALGORITHM, COOKIE_KEY_PAIR_ID, COOKIE_NAMES,
    COOKIE_POLICY, COOKIE_SIGNATURE,
};
use super::credential::HashAlgorithm;
use super::ip::Ipv4Cidr;
use super::policy::{
    check_policy_limits, format_policy_json, parse_policy, ParsedPolicy, MAX_POLICY_LEN,
};
use super::signer::{check_key_pair_id, check_rsa_bits, Signer};
use super::url::{dot_segment, shown, split_signed_url, url_path, SplitUrl, MAX_URL_LEN};
use crate::encoding::cloudfront_b64_decode;
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{parse_public_key, PublicKey};
use crate::time::human_duration;
use crate::wildcard;

/// The request being checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyRequest {
    /// The time of the request, Unix seconds.
    pub now: i64,
    /// The viewer's address. Needed when the policy has an `IpAddress`
    /// condition; without it such a credential is refused.
    pub client_ip: Option<IpAddr>,
}

impl VerifyRequest {
    /// A request at `now` from an unknown address.
    pub fn new(now: i64) -> Self {
        VerifyRequest {
            now,
            client_ip: None,
        }
    }

    /// Sets the client IP.
    pub fn client_ip(mut self, ip: IpAddr) -> Self {
        self.client_ip = Some(ip);
        self
    }

    /// A request at `now` from `client_ip` given as text, as every surface
    /// takes it (checked by `api::inputs::ip_address`, field `client_ip`).
    pub fn of(now: i64, client_ip: Option<&str>) -> Result<Self> {
        let ip = client_ip.map(|ip| crate::api::inputs::ip_address("client_ip", ip));
        Ok(VerifyRequest {
            now,
            client_ip: ip.transpose()?,
        })
    }
}

/// Where the credential came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CredentialForm {
    /// Query parameters of a signed URL.
    Url,
    /// `CloudFront-*` cookies.
    Cookies,
}

impl CredentialForm {
    /// `url` or `cookies`, as every surface spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            CredentialForm::Url => "url",
            CredentialForm::Cookies => "cookies",
        }
    }
}

/// What a verified credential grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// URL parameters or cookies.
    pub form: CredentialForm,
    /// The key that verified it.
    pub key_pair_id: String,
    /// SHA-1 or SHA-256.
    pub hash_algorithm: HashAlgorithm,
    /// Canned (`Expires`) rather than custom (`Policy`).
    pub canned: bool,
    /// The policy's resource (for canned: the request URL).
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

/// Verifier settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifierOptions {
    /// Accept RSA public keys under 2048 bits (conformance vectors only).
    pub allow_weak_rsa_for_tests: bool,
}

/// Holds CloudFront public keys by key-pair id (several, for rotation) and
/// verifies signed URLs and cookies with them.
#[derive(Clone, Debug, Default)]
pub struct Verifier {
    keys: Vec<(String, PublicKey)>,
    options: VerifierOptions,
}

/// The credential's raw values, from URL parameters or cookies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawCredential {
    pub expires: Option<String>,
    pub policy: Option<String>,
    pub signature: Option<String>,
    pub key_pair_id: Option<String>,
    pub hash_algorithm: Option<String>,
}

impl RawCredential {
    pub fn is_empty(&self) -> bool {
        self.expires.is_none()
            && self.policy.is_none()
            && self.signature.is_none()
            && self.key_pair_id.is_none()
            && self.hash_algorithm.is_none()
    }

    pub fn from_url_params(params: &[(&'static str, String)]) -> Self {
        let get = |n: &str| params.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone());
        RawCredential {
            expires: get("Expires"),
            policy: get("Policy"),
            signature: get("Signature"),
            key_pair_id: get("Key-Pair-Id"),
            hash_algorithm: get("Hash-Algorithm"),
        }
    }

    /// From cookie pairs; a CloudFront cookie given twice is `malformed`.
    pub fn from_cookies<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> Result<Self> {
        let mut raw = RawCredential::default();
        for (name, value) in pairs {
            let name = name.as_ref();
            let slot = match name {
                COOKIE_EXPIRES => &mut raw.expires,
                COOKIE_POLICY => &mut raw.policy,
                COOKIE_SIGNATURE => &mut raw.signature,
                COOKIE_KEY_PAIR_ID => &mut raw.key_pair_id,
                COOKIE_HASH_ALGORITHM => &mut raw.hash_algorithm,
                _ => continue,
            };
            if slot.is_some() {
                let field = COOKIE_NAMES
                    .iter()
                    .copied()
                    .find(|n| *n == name)
                    .unwrap_or("cookie");
                return Err(Error::malformed(
                    field,
                    format!(
                        "the request carries the {name} cookie twice (set for two paths or domains?); CloudFront cannot tell which one applies"
                    ),
                ));
            }
            *slot = Some(value.as_ref().to_string());
        }
        Ok(raw)
    }
}

/// The names a form uses for each value, for messages and error fields.
pub(crate) struct Names {
    pub expires: &'static str,
    pub policy: &'static str,
    pub signature: &'static str,
    pub key_pair_id: &'static str,
    pub hash_algorithm: &'static str,
}

pub(crate) fn names(form: CredentialForm) -> Names {
    match form {
        CredentialForm::Url => Names {
            expires: "Expires",
            policy: "Policy",
            signature: "Signature",
            key_pair_id: "Key-Pair-Id",
            hash_algorithm: "Hash-Algorithm",
        },
        CredentialForm::Cookies => Names {
            expires: COOKIE_EXPIRES,
            policy: COOKIE_POLICY,
            signature: COOKIE_SIGNATURE,
            key_pair_id: COOKIE_KEY_PAIR_ID,
            hash_algorithm: COOKIE_HASH_ALGORITHM,
        },
    }
}

/// A credential with its pieces decoded but nothing verified yet.
pub(crate) struct Decoded {
    pub key_pair_id: String,
    pub hash: HashAlgorithm,
    pub signature: Vec<u8>,
    /// Canned: the `Expires` value.
    pub canned_expires: Option<i64>,
    /// The bytes the signature must cover.
    pub policy_bytes: Vec<u8>,
}

/// Decodes a credential's values. `request_url` is needed to rebuild a canned
/// policy.
pub(crate) fn decode(
    raw: &RawCredential,
    form: CredentialForm,
    request_url: &str,
) -> Result<Decoded> {
    let n = names(form);
    if raw.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingCredential,
            match form {
                CredentialForm::Url => "the URL carries no CloudFront signature (no Expires/Policy, Signature or Key-Pair-Id parameter)",
                CredentialForm::Cookies => "the request carries no CloudFront-* cookies",
            },
        ));
    }
    let missing = |what: &'static str| {
        Error::malformed(
            what,
            format!("{what} is missing, so CloudFront answers 403"),
        )
    };
    let key_pair_id = raw
        .key_pair_id
        .clone()
        .ok_or_else(|| missing(n.key_pair_id))?;
    check_key_pair_id(&key_pair_id, n.key_pair_id)
        .map_err(|e| Error::malformed(n.key_pair_id, e.message().to_string()))?;
    let signature_text = raw
        .signature
        .as_deref()
        .ok_or_else(|| missing(n.signature))?;
    if signature_text.len() > 1024 {
        return Err(Error::malformed(
            n.signature,
            format!(
                "{} is {} characters, far longer than any RSA-2048 or ECDSA signature",
                n.signature,
                signature_text.len()
            ),
        ));
    }
    let signature = cloudfront_b64_decode(signature_text, n.signature)?;
    if signature.is_empty() {
        return Err(missing(n.signature));
    }
    let hash = match &raw.hash_algorithm {
        None => HashAlgorithm::Sha1,
        Some(v) => HashAlgorithm::from_wire(v, n.hash_algorithm)?,
    };
    let (canned_expires, policy_bytes) = match (&raw.expires, &raw.policy) {
        (Some(_), Some(_)) => {
            return Err(Error::malformed(
                n.policy,
                format!(
                    "both {} and {} are present; a credential is canned (Expires) or custom (Policy), not both",
                    n.expires, n.policy
                ),
            ))
        }
        (None, None) => {
            return Err(Error::malformed(
                n.expires,
                format!("neither {} nor {} is present", n.expires, n.policy),
            ))
        }
        (Some(e), None) => {
            let expires = parse_expires(e, n.expires)?;
            (
                Some(expires),
                format_policy_json(Some(request_url), expires, None, None).into_bytes(),
            )
        }
        (None, Some(p)) => {
            if p.len() > MAX_POLICY_LEN * 4 / 3 + 4 {
                return Err(Error::malformed(
                    n.policy,
                    format!("{} is {} characters; a policy that long cannot fit in a request", n.policy, p.len()),
                ));
            }
            (None, cloudfront_b64_decode(p, n.policy)?)
        }
    };
    Ok(Decoded {
        key_pair_id,
        hash,
        signature,
        canned_expires,
        policy_bytes,
    })
}

/// `Expires`: plain decimal digits, no sign, no leading zeros (CloudFront
/// rebuilds the canned policy from this text).
pub(crate) fn parse_expires(text: &str, field: &'static str) -> Result<i64> {
    let ok = !text.is_empty()
        && text.len() <= 12
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    let value = if ok { text.parse::<i64>().ok() } else { None };
    value.ok_or_else(|| {
        Error::malformed(
            field,
            format!("{field}={} is not a Unix time in seconds", shown(text)),
        )
    })
}

impl Verifier {
    /// An empty verifier; add keys before verifying.
    pub fn new() -> Self {
        Verifier::default()
    }

    /// An empty verifier with options.
    pub fn with_options(options: VerifierOptions) -> Self {
        Verifier {
            keys: Vec::new(),
            options,
        }
    }

    /// Adds a public key under its key-pair id. RSA must be 2048-bit (unless
    /// the test-only option allows smaller); EC must be P-256. A second key
    /// under the same id replaces the first.
    pub fn add_public_key(&mut self, key_pair_id: &str, key: PublicKey) -> Result<&mut Self> {
        check_key_pair_id(key_pair_id, "key_pair_id")?;
        match &key {
            PublicKey::Rsa(k) => check_rsa_bits(k.bits(), self.options.allow_weak_rsa_for_tests)?,
            PublicKey::Ec(_) => {}
            PublicKey::Ed25519(_) => {
                return Err(Error::invalid_key(
                    "this is an Ed25519 key; CloudFront uses RSA 2048 or ECDSA P-256 keys",
                ))
            }
        }
        self.keys.retain(|(id, _)| id != key_pair_id);
        self.keys.push((key_pair_id.to_string(), key));
        Ok(self)
    }

    /// Adds a public key from PEM or DER (SPKI, PKCS#1, or a private key's
    /// public half).
    pub fn add_public_key_pem(
        &mut self,
        key_pair_id: &str,
        pem: impl AsRef<[u8]>,
    ) -> Result<&mut Self> {
        let key = parse_public_key(pem.as_ref())?;
        self.add_public_key(key_pair_id, key)
    }

    /// Adds the public half of a signer's key under its key-pair id.
    pub fn add_signer(&mut self, signer: &Signer) -> Result<&mut Self> {
        self.add_public_key(signer.key_pair_id(), signer.public_key())
    }

    /// The key-pair ids held.
    pub fn key_pair_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(id, _)| id.as_str())
    }

    /// Verifies a signed URL as the viewer requests it. The request URL is
    /// the signed URL without its CloudFront parameters (and fragment).
    pub fn verify_url(&self, signed_url: &str, request: &VerifyRequest) -> Result<Verified> {
        self.verify_split_url(&split_signed_url(signed_url)?, request)
    }

    /// Verifies signed cookies (name/value pairs; other cookies are ignored)
    /// for a request to `request_url`. When `request_url` carries any
    /// CloudFront parameter (`Expires`, `Policy`, `Signature`, `Key-Pair-Id`,
    /// `Hash-Algorithm`), the URL is verified instead and the cookies are not
    /// read, as CloudFront does: the result's form is then
    /// [`CredentialForm::Url`], and a good cookie cannot rescue a bad URL.
    pub fn verify_cookies<N: AsRef<str>, V: AsRef<str>>(
        &self,
        cookies: &[(N, V)],
        request_url: &str,
        request: &VerifyRequest,
    ) -> Result<Verified> {
        let split = split_request(request_url)?;
        if !split.params.is_empty() {
            return self.verify_split_url(&split, request);
        }
        let raw = RawCredential::from_cookies(cookies)?;
        self.verify_raw(&raw, CredentialForm::Cookies, &split.base, request)
    }

    /// Verifies the `CloudFront-*` cookies in a `Cookie:` header value for a
    /// request to `request_url`; a `request_url` with CloudFront parameters
    /// is verified instead, as in [`Verifier::verify_cookies`].
    pub fn verify_cookie_header(
        &self,
        cookie_header: &str,
        request_url: &str,
        request: &VerifyRequest,
    ) -> Result<Verified> {
        let split = split_request(request_url)?;
        if !split.params.is_empty() {
            return self.verify_split_url(&split, request);
        }
        let pairs = parse_cookie_header(cookie_header)?;
        let raw = RawCredential::from_cookies(&pairs)?;
        self.verify_raw(&raw, CredentialForm::Cookies, &split.base, request)
    }

    fn verify_split_url(&self, split: &SplitUrl, request: &VerifyRequest) -> Result<Verified> {
        let raw = RawCredential::from_url_params(&split.params);
        self.verify_raw(&raw, CredentialForm::Url, &split.base, request)
    }

    fn verify_raw(
        &self,
        raw: &RawCredential,
        form: CredentialForm,
        request_url: &str,
        request: &VerifyRequest,
    ) -> Result<Verified> {
        let n = names(form);
        let decoded = decode(raw, form, request_url)?;
        let key = self
            .keys
            .iter()
            .find(|(id, _)| *id == decoded.key_pair_id)
            .map(|(_, k)| k)
            .ok_or_else(|| {
                let held: Vec<&str> = self.key_pair_ids().collect();
                Error::rejected(
                    ErrorCode::UnknownKey,
                    format!(
                        "{}={} is not a key this verifier holds ({})",
                        n.key_pair_id,
                        decoded.key_pair_id,
                        if held.is_empty() {
                            "none".to_string()
                        } else {
                            held.join(", ")
                        }
                    ),
                )
                .with_field(n.key_pair_id)
            })?;
        let digest = decoded.hash.digest();
        let valid = match key {
            PublicKey::Rsa(k) => {
                k.verify_pkcs1v15(digest, &decoded.policy_bytes, &decoded.signature)
            }
            PublicKey::Ec(k) => k.verify_der(digest, &decoded.policy_bytes, &decoded.signature),
            PublicKey::Ed25519(_) => false,
        };
        if !valid {
            let what = if decoded.canned_expires.is_some() {
                format!(
                    "the {} signature does not match the canned policy for this exact URL and Expires (a different URL, a changed Expires or another key)",
                    decoded.hash
                )
            } else {
                format!(
                    "the {} signature does not match the policy (changed policy or signature, or another key)",
                    decoded.hash
                )
            };
            return Err(Error::rejected(
                ErrorCode::BadSignature,
                format!("{what}; key {}", decoded.key_pair_id),
            )
            .with_field(n.signature));
        }
        let (policy, canned) = match decoded.canned_expires {
            Some(expires) => (
                ParsedPolicy {
                    resource: Some(request_url.to_string()),
                    expires,
                    starts: None,
                    ip_range: None,
                    ip_cidr: None,
                    condition_order: vec!["DateLessThan".to_string()],
                },
                true,
            ),
            None => (parse_policy(&decoded.policy_bytes)?, false),
        };
        check_policy_limits(&policy, canned.then_some(n.expires))?;
        check_policy(&policy, request_url, request)?;
        Ok(Verified {
            form,
            key_pair_id: decoded.key_pair_id,
            hash_algorithm: decoded.hash,
            canned,
            resource: policy.resource,
            expires: policy.expires,
            starts: policy.starts,
            ip_range: policy.ip_range,
            request_url: request_url.to_string(),
            policy_json: String::from_utf8_lossy(&decoded.policy_bytes).into_owned(),
        })
    }
}

/// The URL a cookie request is for, taken apart: `base` is what the resource
/// is compared with (fragment and CloudFront parameters removed), `params`
/// any CloudFront parameters it carries.
fn split_request(request_url: &str) -> Result<SplitUrl> {
    if request_url.len() > MAX_URL_LEN {
        return Err(Error::invalid_input(
            "request_url",
            format!(
                "request_url is {} bytes; CloudFront refuses URLs over {MAX_URL_LEN}",
                request_url.len()
            ),
        ));
    }
    split_signed_url(request_url)
}

/// The policy checks after the signature: resource, DateLessThan,
/// DateGreaterThan, IpAddress.
pub(crate) fn check_policy(
    policy: &ParsedPolicy,
    request_url: &str,
    request: &VerifyRequest,
) -> Result<()> {
    if let Some(resource) = &policy.resource {
        if !wildcard::matches(resource, request_url) {
            return Err(Error::rejected(
                ErrorCode::UrlMismatch,
                format!(
                    "the policy's resource {} does not match the requested URL {}",
                    shown(resource),
                    shown(request_url)
                ),
            )
            .with_field("Resource"));
        }
        // A pattern matched: refuse dot segments, which the pattern was never
        // checked against. CloudFront forwards the path as sent, so an origin
        // that normalises `/videos/../secret/a.mp4` serves `/secret/a.mp4`.
        // Browsers remove dot segments before sending (RFC 3986 §5.2.4), so
        // only a crafted request has them. An exact resource is what the
        // signer wrote, dots and all.
        if resource != request_url {
            let path = url_path(request_url);
            if let Some(segment) = dot_segment(path) {
                return Err(Error::rejected(
                    ErrorCode::UrlMismatch,
                    format!(
                        "the request path {} has the dot segment {} (%2F, %5C and \\ count as /); the policy's resource {} is a pattern, and an origin that normalises the path could serve a file outside it",
                        shown(path),
                        shown(segment),
                        shown(resource)
                    ),
                )
                .with_field("Resource"));
            }
        }
    }
    let now = request.now;
    if now >= policy.expires {
        return Err(Error::rejected(
            ErrorCode::Expired,
            format!(
                "expired {} ago: Expires={}, now={now}",
                human_duration(now.saturating_sub(policy.expires)),
                policy.expires
            ),
        )
        .with_field("DateLessThan"));
    }
    if let Some(starts) = policy.starts {
        if now <= starts {
            return Err(Error::rejected(
                ErrorCode::NotYetValid,
                format!(
                    "not valid for another {}: DateGreaterThan={starts}, now={now} (valid only after that second)",
                    human_duration(starts.saturating_sub(now).saturating_add(1))
                ),
            )
            .with_field("DateGreaterThan"));
        }
    }
    if let Some(cidr) = policy.ip_cidr {
        check_ip(
            cidr,
            policy.ip_range.as_deref().unwrap_or(""),
            request.client_ip,
        )?;
    }
    Ok(())
}

fn check_ip(cidr: Ipv4Cidr, written: &str, client: Option<IpAddr>) -> Result<()> {
    let Some(ip) = client else {
        return Err(Error::rejected(
            ErrorCode::IpNotAllowed,
            format!("the policy allows only {written}, and no client IP was given to check"),
        )
        .with_field("IpAddress"));
    };
    if cidr.contains(ip) {
        return Ok(());
    }
    let why = if ip.is_ipv6() {
        " (an IPv6 viewer can never satisfy an IpAddress condition; disable IPv6 on the distribution)"
    } else {
        ""
    };
    Err(Error::rejected(
        ErrorCode::IpNotAllowed,
        format!("client IP {ip} is outside the allowed range {written}{why}"),
    )
    .with_field("IpAddress"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(
        resource: Option<&str>,
        expires: i64,
        starts: Option<i64>,
        ip: Option<&str>,
    ) -> ParsedPolicy {
        parse_policy(format_policy_json(resource, expires, starts, ip).as_bytes()).unwrap()
    }

    #[test]
    fn messages_carry_the_numbers() {
        let p = policy(Some("https://d/*"), 1_767_290_400, None, None);
        let e = check_policy(&p, "https://d/x", &VerifyRequest::new(1_767_290_437)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Expired);
        assert_eq!(
            e.message(),
            "expired 37 s ago: Expires=1767290400, now=1767290437"
        );
        let p = policy(Some("https://d/*"), 200, Some(100), None);
        let e = check_policy(&p, "https://d/x", &VerifyRequest::new(90)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotYetValid);
        assert!(e.message().contains("DateGreaterThan=100, now=90"), "{e}");
        check_policy(&p, "https://d/x", &VerifyRequest::new(101)).unwrap();
        assert_eq!(
            check_policy(&p, "https://d/x", &VerifyRequest::new(100))
                .unwrap_err()
                .code(),
            ErrorCode::NotYetValid
        );
        let e = check_policy(&p, "https://e/x", &VerifyRequest::new(150)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UrlMismatch);
    }

    #[test]
    fn ip_conditions() {
        let p = policy(None, 200, None, Some("192.0.2.0/24"));
        let at = |ip: Option<&str>| {
            let mut r = VerifyRequest::new(100);
            r.client_ip = ip.map(|s| s.parse().unwrap());
            check_policy(&p, "https://anything/", &r)
        };
        at(Some("192.0.2.9")).unwrap();
        for bad in [None, Some("198.51.100.1"), Some("2001:db8::1")] {
            let e = at(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::IpNotAllowed, "{bad:?}");
        }
        assert!(at(Some("2001:db8::1"))
            .unwrap_err()
            .message()
            .contains("IPv6"));
    }

    #[test]
    fn expires_text_is_strict() {
        assert_eq!(
            parse_expires("1767290400", "Expires").unwrap(),
            1_767_290_400
        );
        for bad in ["", "-1", "+5", "01", "1e9", "12345678901234", " 5"] {
            assert_eq!(
                parse_expires(bad, "Expires").unwrap_err().code(),
                ErrorCode::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn decoding_errors() {
        let url = "https://d/x";
        let raw = |f: &dyn Fn(&mut RawCredential)| {
            let mut r = RawCredential {
                expires: Some("5".into()),
                signature: Some("AAAA".into()),
                key_pair_id: Some("K".into()),
                ..RawCredential::default()
            };
            f(&mut r);
            decode(&r, CredentialForm::Url, url)
                .map(|_| ())
                .unwrap_err()
        };
        let e = decode(&RawCredential::default(), CredentialForm::Url, url)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::MissingCredential);
        assert_eq!(raw(&|r| r.key_pair_id = None).field(), Some("Key-Pair-Id"));
        assert_eq!(raw(&|r| r.signature = None).field(), Some("Signature"));
        assert_eq!(
            raw(&|r| r.signature = Some("!!".into())).field(),
            Some("Signature")
        );
        assert_eq!(
            raw(&|r| r.policy = Some("e30_".into())).field(),
            Some("Policy")
        );
        assert_eq!(raw(&|r| r.expires = None).field(), Some("Expires"));
        assert_eq!(
            raw(&|r| r.hash_algorithm = Some("MD5".into())).field(),
            Some("Hash-Algorithm")
        );
        assert_eq!(
            raw(&|r| r.key_pair_id = Some("K&x".into())).field(),
            Some("Key-Pair-Id")
        );
        let cookies = RawCredential::from_cookies(&[
            ("CloudFront-Signature", "a"),
            ("CloudFront-Signature", "b"),
        ]);
        assert_eq!(cookies.unwrap_err().field(), Some("CloudFront-Signature"));
    }
}
