//! Policy statements: building them byte-exact for signing, and reading them
//! back strictly for verification and `explain`.
//!
//! Written form (compact, UTF-8, this key order, the JS SDK's):
//! `{"Statement":[{"Resource":"R","Condition":{"DateLessThan":{"AWS:EpochTime":N},"DateGreaterThan":{"AWS:EpochTime":S},"IpAddress":{"AWS:SourceIp":"a.b.c.d/n"}}}]}`;
//! a canned policy has only `DateLessThan`. Read form: any condition order
//! (botocore writes `IpAddress` before `DateGreaterThan`), whitespace allowed,
//! duplicate or unknown keys refused.

use super::ip::Ipv4Cidr;
use super::url::{check_resource, check_url, has_http_scheme, shown};
use crate::encoding::push_json_string;
use crate::error::{Error, Result};
use crate::json::Json;
use crate::time::{check_unix_seconds, MAX_EPOCH_32};
use crate::wildcard;

/// Largest policy a verifier will read (decoded bytes). A policy travels in a
/// URL of at most 8192 bytes, so a real one is always smaller.
pub const MAX_POLICY_LEN: usize = 8192;

/// Canned (only an expiry; the resource is the exact URL requested) or custom
/// (a resource pattern, start time and IP range are possible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Canned unless something needs a custom policy: a start time, an IP
    /// range, a resource other than the URL, or `*` in a cookie resource (the
    /// rule the AWS CLI documents). A `*` in a URL to sign, with no separate
    /// resource, is refused as ambiguous: say `Custom` to sign the pattern.
    #[default]
    Auto,
    /// Exactly-this-URL-until-then. Refused together with a start time, an IP
    /// range, a different resource or a wildcard.
    Canned,
    /// Always a custom policy (`Policy=` / `CloudFront-Policy`).
    Custom,
}

impl PolicyKind {
    /// `"auto"`, `"canned"`, `"custom"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Auto => "auto",
            PolicyKind::Canned => "canned",
            PolicyKind::Custom => "custom",
        }
    }

    /// Parses `"auto"`, `"canned"` or `"custom"` (any case); errors name `policy_kind`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "auto" => Ok(PolicyKind::Auto),
            "canned" => Ok(PolicyKind::Canned),
            "custom" => Ok(PolicyKind::Custom),
            _ => Err(Error::invalid_input(
                "policy_kind",
                format!(
                    "policy_kind={} is not one of auto, canned, custom",
                    shown(name)
                ),
            )),
        }
    }
}

/// What to sign, besides the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignOptions {
    /// `DateLessThan`: the credential is valid while `now < expires` (Unix
    /// seconds, at most 2147483647). Required.
    pub expires: Option<i64>,
    /// `DateGreaterThan`: valid only while `now > starts`. Custom policy.
    pub starts: Option<i64>,
    /// `IpAddress`: an IPv4 address (becomes `/32`) or CIDR. Custom policy.
    pub ip_range: Option<String>,
    /// The policy's resource when it differs from the URL, usually a wildcard
    /// (`https://d111111abcdef8.cloudfront.net/videos/*`). The URL must match it.
    pub resource: Option<String>,
    /// Canned, custom, or decided from the options (default).
    pub policy_kind: PolicyKind,
}

impl SignOptions {
    /// Options with the one required field.
    pub fn expires(expires: i64) -> Self {
        SignOptions {
            expires: Some(expires),
            ..SignOptions::default()
        }
    }

    /// Sets the start time (`DateGreaterThan`).
    pub fn starts(mut self, starts: i64) -> Self {
        self.starts = Some(starts);
        self
    }

    /// Sets the IPv4 address or CIDR (`IpAddress`).
    pub fn ip_range(mut self, ip_range: impl Into<String>) -> Self {
        self.ip_range = Some(ip_range.into());
        self
    }

    /// Sets the policy resource (a wildcard pattern the URL matches).
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Forces a canned or custom policy.
    pub fn policy_kind(mut self, kind: PolicyKind) -> Self {
        self.policy_kind = kind;
        self
    }
}

/// A validated policy, ready to be written and signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    resource: String,
    expires: i64,
    starts: Option<i64>,
    ip_range: Option<Ipv4Cidr>,
    canned: bool,
}

impl Policy {
    /// The policy for a signed URL: `url` is what the viewer will request.
    pub fn for_url(url: &str, options: &SignOptions) -> Result<Policy> {
        check_url(url, "url")?;
        Self::build(url, "url", options, true)
    }

    /// The policy for signed cookies: `resource` is the exact URL (canned) or
    /// a wildcard pattern (custom), unless `options.resource` is set, in which
    /// case `resource` is a URL that must match it.
    pub fn for_cookies(resource: &str, options: &SignOptions) -> Result<Policy> {
        Self::build(resource, "resource", options, false)
    }

    fn build(
        target: &str,
        target_field: &'static str,
        options: &SignOptions,
        target_is_url: bool,
    ) -> Result<Policy> {
        let expires = options.expires.ok_or_else(|| {
            Error::invalid_input(
                "expires",
                "expires (the expiration time, DateLessThan) is required",
            )
        })?;
        check_expires(expires)?;
        if let Some(starts) = options.starts {
            check_unix_seconds("starts", starts)?;
            if expires <= starts {
                return Err(Error::invalid_input(
                    "expires",
                    format!(
                        "starts (the active-from time, DateGreaterThan) must be before expires (the expiration time, DateLessThan): starts={starts}, expires={expires}"
                    ),
                ));
            }
        }
        let ip_range = match &options.ip_range {
            Some(ip) => Some(Ipv4Cidr::parse(ip, "ip_range")?),
            None => None,
        };

        // Which string is the policy's Resource, and is it a pattern?
        let (resource, resource_field, explicit) = match &options.resource {
            Some(r) => (r.as_str(), "resource", true),
            None => (target, target_field, false),
        };
        if explicit && !target_is_url {
            check_url(target, target_field)?;
        }
        let star = resource.contains('*');
        if star && target_is_url && !explicit && options.policy_kind == PolicyKind::Auto {
            // A '*' in the URL itself is ambiguous: a literal character of an
            // exact URL (where a custom policy would silently widen the grant)
            // or a pattern whose parameters get applied to other URLs.
            return Err(Error::invalid_input(
                "url",
                format!(
                    "url {} contains '*': for a wildcard grant keep the concrete URL here and pass the pattern as resource; to sign the pattern itself (and apply its parameters to matching URLs) ask for a custom policy; for a literal '*' write %2A",
                    shown(target)
                ),
            ));
        }
        let differs = explicit && resource != target;
        let reason: Option<(&'static str, &'static str)> = if options.starts.is_some() {
            Some(("starts", "a start time (DateGreaterThan)"))
        } else if options.ip_range.is_some() {
            Some(("ip_range", "an IP range (IpAddress)"))
        } else if star {
            Some((resource_field, "a '*' wildcard"))
        } else if differs {
            Some(("resource", "a resource that differs from the URL"))
        } else {
            None
        };
        let canned = match (options.policy_kind, reason) {
            (PolicyKind::Custom, _) | (PolicyKind::Auto, Some(_)) => false,
            (PolicyKind::Auto, None) => true,
            (PolicyKind::Canned, None) => true,
            (PolicyKind::Canned, Some((field, what))) => {
                return Err(Error::invalid_input(
                    field,
                    format!(
                        "a canned policy cannot carry {what}: CloudFront rebuilds a canned policy from the exact URL requested, so it covers one URL until one time; use a custom policy (policy_kind custom or auto){}",
                        if field == "url" || field == "resource" {
                            " or percent-encode a literal '*' as %2A"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        };
        if canned {
            if !target_is_url {
                check_url(resource, resource_field)?;
            }
        } else {
            check_resource(resource, resource_field)?;
        }
        if explicit && !wildcard::matches(resource, target) {
            return Err(Error::invalid_input(
                "resource",
                format!(
                    "the URL {} does not match the resource {}, so CloudFront would answer 403; the resource must equal the URL or cover it with * and ? wildcards",
                    shown(target),
                    shown(resource)
                ),
            ));
        }
        Ok(Policy {
            resource: resource.to_string(),
            expires,
            starts: options.starts,
            ip_range,
            canned,
        })
    }

    /// True for a canned policy (`Expires=` on the wire).
    pub fn is_canned(&self) -> bool {
        self.canned
    }

    /// The `Resource`.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// `DateLessThan`.
    pub fn expires(&self) -> i64 {
        self.expires
    }

    /// `DateGreaterThan`, if any.
    pub fn starts(&self) -> Option<i64> {
        self.starts
    }

    /// `IpAddress`, if any.
    pub fn ip_range(&self) -> Option<Ipv4Cidr> {
        self.ip_range
    }

    /// The exact JSON bytes that get signed.
    pub fn to_json(&self) -> String {
        let ip = self.ip_range.map(|c| c.to_string());
        format_policy_json(
            Some(&self.resource),
            self.expires,
            self.starts,
            ip.as_deref(),
        )
    }
}

fn check_expires(expires: i64) -> Result<()> {
    check_unix_seconds("expires", expires)?;
    if expires == 0 {
        return Err(Error::invalid_input(
            "expires",
            "expires=0 is the Unix epoch (1970); give the expiration time in Unix seconds",
        ));
    }
    if expires > MAX_EPOCH_32 {
        return Err(Error::invalid_input(
            "expires",
            format!(
                "expires={expires} is after 2038-01-19T03:14:07Z (2147483647), the largest time CloudFront accepts"
            ),
        ));
    }
    Ok(())
}

/// Writes a policy statement in cdnsign's order with every string
/// JSON-escaped (quotes, backslashes, control characters), and nothing else:
/// no validation. This is the formatting primitive; [`Policy`] is the checked
/// way to get one. `resource: None` omits `Resource` (CloudFront then grants
/// every object the key pair can sign for).
pub fn format_policy_json(
    resource: Option<&str>,
    expires: i64,
    starts: Option<i64>,
    ip_range: Option<&str>,
) -> String {
    let mut out = String::with_capacity(160 + resource.map_or(0, str::len));
    out.push_str("{\"Statement\":[{");
    if let Some(resource) = resource {
        out.push_str("\"Resource\":");
        push_json_string(&mut out, resource);
        out.push(',');
    }
    out.push_str("\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":");
    out.push_str(&expires.to_string());
    out.push('}');
    if let Some(starts) = starts {
        out.push_str(",\"DateGreaterThan\":{\"AWS:EpochTime\":");
        out.push_str(&starts.to_string());
        out.push('}');
    }
    if let Some(ip) = ip_range {
        out.push_str(",\"IpAddress\":{\"AWS:SourceIp\":");
        push_json_string(&mut out, ip);
        out.push('}');
    }
    out.push_str("}}]}");
    out
}

/// What CloudFront refuses in a policy it has read, beyond its syntax: a
/// `DateLessThan` or `DateGreaterThan` after 2147483647 (its times are 32-bit;
/// the guide: "can be no later than 2147483647"), and a `Resource` that begins
/// with neither `http://`, `https://` nor `*` ("The value must begin with
/// http://, https://, or *"). Errors are `malformed`, the field naming the
/// policy value. `canned_expires_field` is the name `Expires` travels under
/// for a canned credential (`Expires` / `CloudFront-Expires`), whose
/// resource is the request URL itself and is not checked here.
pub(crate) fn check_policy_limits(
    policy: &ParsedPolicy,
    canned_expires_field: Option<&'static str>,
) -> Result<()> {
    check_epoch_limit(
        canned_expires_field.unwrap_or("DateLessThan"),
        policy.expires,
    )?;
    if let Some(starts) = policy.starts {
        check_epoch_limit("DateGreaterThan", starts)?;
    }
    if canned_expires_field.is_none() {
        if let Some(resource) = &policy.resource {
            if !(has_http_scheme(resource) || resource.starts_with('*')) {
                return Err(Error::malformed(
                    "Resource",
                    format!(
                        "the policy's Resource {} begins with neither http://, https:// nor *, which CloudFront requires, so it answers 403",
                        shown(resource)
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_epoch_limit(field: &'static str, value: i64) -> Result<()> {
    if value > MAX_EPOCH_32 {
        return Err(Error::malformed(
            field,
            format!(
                "{field}={value} is after 2038-01-19T03:14:07Z (2147483647), the largest time CloudFront accepts, so it answers 403"
            ),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Reading policies back.

/// A policy statement read from a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedPolicy {
    /// `Resource`; `None` when absent (every object of the key pair).
    pub resource: Option<String>,
    /// `DateLessThan`.
    pub expires: i64,
    /// `DateGreaterThan`.
    pub starts: Option<i64>,
    /// `IpAddress`, as written in the policy.
    pub ip_range: Option<String>,
    /// `IpAddress`, parsed (a bare address counts as `/32`).
    pub ip_cidr: Option<Ipv4Cidr>,
    /// The order the conditions were written in (for `explain`).
    pub condition_order: Vec<String>,
}

/// Parses a policy statement strictly. Errors are `malformed`, field `Policy`.
pub fn parse_policy(json: &[u8]) -> Result<ParsedPolicy> {
    let bad = |why: String| Error::malformed("Policy", format!("the policy {why}"));
    if json.len() > MAX_POLICY_LEN {
        return Err(bad(format!(
            "is {} bytes; at most {MAX_POLICY_LEN} fit in a URL",
            json.len()
        )));
    }
    let value: Json = serde_json::from_slice(json)
        .map_err(|e| bad(format!("is not valid JSON (or repeats a key): {e}")))?;
    let top = value
        .object()
        .ok_or_else(|| bad("is not a JSON object".into()))?;
    only_keys(top, &["Statement"], "the top level").map_err(bad)?;
    let statements = get(top, "Statement")
        .and_then(Json::array)
        .ok_or_else(|| bad("has no \"Statement\" array".into()))?;
    if statements.len() != 1 {
        return Err(bad(format!(
            "has {} statements; CloudFront allows exactly one",
            statements.len()
        )));
    }
    let statement = statements[0]
        .object()
        .ok_or_else(|| bad("statement is not an object".into()))?;
    only_keys(statement, &["Resource", "Condition"], "the statement").map_err(bad)?;
    let resource = match get(statement, "Resource") {
        None => None,
        Some(Json::Str(s)) => Some(s.clone()),
        Some(_) => return Err(bad("has a Resource that is not a string".into())),
    };
    let condition = get(statement, "Condition")
        .and_then(Json::object)
        .ok_or_else(|| bad("has no \"Condition\" object".into()))?;
    only_keys(
        condition,
        &["DateLessThan", "DateGreaterThan", "IpAddress"],
        "Condition",
    )
    .map_err(bad)?;
    let epoch = |name: &str| -> Result<Option<i64>> {
        let Some(v) = get(condition, name) else {
            return Ok(None);
        };
        let obj = v
            .object()
            .ok_or_else(|| bad(format!("has a {name} that is not an object")))?;
        only_keys(obj, &["AWS:EpochTime"], name).map_err(bad)?;
        match get(obj, "AWS:EpochTime") {
            Some(v) if v.as_i64().is_some_and(|n| n >= 0) => Ok(v.as_i64()),
            _ => Err(bad(format!(
                "has a {name} whose AWS:EpochTime is not a non-negative integer"
            ))),
        }
    };
    let expires = epoch("DateLessThan")?
        .ok_or_else(|| bad("has no DateLessThan, which CloudFront requires".into()))?;
    let starts = epoch("DateGreaterThan")?;
    let (ip_range, ip_cidr) = match get(condition, "IpAddress") {
        None => (None, None),
        Some(v) => {
            let obj = v
                .object()
                .ok_or_else(|| bad("has an IpAddress that is not an object".into()))?;
            only_keys(obj, &["AWS:SourceIp"], "IpAddress").map_err(bad)?;
            let text = match get(obj, "AWS:SourceIp") {
                Some(Json::Str(s)) => s.clone(),
                _ => return Err(bad("has an AWS:SourceIp that is not a string".into())),
            };
            let cidr = Ipv4Cidr::parse(&text, "Policy")
                .map_err(|e| Error::malformed("Policy", format!("the policy's {}", e.message())))?;
            (Some(text), Some(cidr))
        }
    };
    Ok(ParsedPolicy {
        resource,
        expires,
        starts,
        ip_range,
        ip_cidr,
        condition_order: condition.iter().map(|(k, _)| k.clone()).collect(),
    })
}

fn get<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn only_keys(obj: &[(String, Json)], allowed: &[&str], place: &str) -> Result<(), String> {
    match obj.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        Some((k, _)) => Err(format!(
            "has an unknown key {} in {place} (allowed: {})",
            shown(k),
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    const D: &str = "https://d111111abcdef8.cloudfront.net";

    fn err_field(r: Result<Policy>) -> (ErrorCode, Option<&'static str>) {
        let e = r.unwrap_err();
        (e.code(), e.field())
    }

    #[test]
    fn canned_and_custom_json_are_byte_exact() {
        let p =
            Policy::for_url(&format!("{D}/image.jpg"), &SignOptions::expires(1767290400)).unwrap();
        assert!(p.is_canned());
        assert_eq!(
            p.to_json(),
            r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#
        );
        let p = Policy::for_url(
            &format!("{D}/video.mp4"),
            &SignOptions::expires(1767290400)
                .starts(1767200000)
                .ip_range("10.0.0.1"),
        )
        .unwrap();
        assert!(!p.is_canned());
        assert_eq!(
            p.to_json(),
            r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/video.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400},"DateGreaterThan":{"AWS:EpochTime":1767200000},"IpAddress":{"AWS:SourceIp":"10.0.0.1/32"}}}]}"#
        );
    }

    #[test]
    fn auto_picks_custom_for_what_canned_cannot_say() {
        let url = format!("{D}/videos/a.mp4");
        let kind = |o: SignOptions| Policy::for_url(&url, &o).unwrap().is_canned();
        assert!(kind(SignOptions::expires(100)));
        assert!(!kind(SignOptions::expires(100).starts(50)));
        assert!(!kind(SignOptions::expires(100).ip_range("1.2.3.4")));
        assert!(!kind(
            SignOptions::expires(100).resource(format!("{D}/videos/*"))
        ));
        assert!(kind(SignOptions::expires(100).resource(url.clone())));
        assert!(!kind(
            SignOptions::expires(100).policy_kind(PolicyKind::Custom)
        ));
        // A '*' in the URL itself needs an explicit decision.
        let e = Policy::for_url(
            &format!("{D}/videos/*"),
            &SignOptions::expires(100).ip_range("1.2.3.4"),
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidInput, Some("url"))
        );
        assert!(e.message().contains("%2A"), "{e}");
        assert!(!Policy::for_url(
            &format!("{D}/videos/*"),
            &SignOptions::expires(100).policy_kind(PolicyKind::Custom)
        )
        .unwrap()
        .is_canned());
        assert!(
            !Policy::for_cookies(&format!("{D}/videos/*"), &SignOptions::expires(100))
                .unwrap()
                .is_canned()
        );
        assert!(
            Policy::for_cookies(&format!("{D}/a.jpg?x=1"), &SignOptions::expires(100))
                .unwrap()
                .is_canned()
        );
    }

    #[test]
    fn canned_refuses_what_it_cannot_say() {
        let canned = SignOptions::expires(100).policy_kind(PolicyKind::Canned);
        assert_eq!(
            err_field(Policy::for_url(&format!("{D}/images/*"), &canned)),
            (ErrorCode::InvalidInput, Some("url"))
        );
        assert_eq!(
            err_field(Policy::for_url(
                &format!("{D}/images/a.jpg"),
                &canned.clone().resource(format!("{D}/images/*"))
            )),
            (ErrorCode::InvalidInput, Some("resource"))
        );
        assert_eq!(
            err_field(Policy::for_url(
                &format!("{D}/a"),
                &canned.clone().starts(5)
            )),
            (ErrorCode::InvalidInput, Some("starts"))
        );
        assert_eq!(
            err_field(Policy::for_url(
                &format!("{D}/a"),
                &canned.clone().ip_range("1.2.3.4")
            )),
            (ErrorCode::InvalidInput, Some("ip_range"))
        );
        assert_eq!(
            err_field(Policy::for_cookies(&format!("{D}/images/*"), &canned)),
            (ErrorCode::InvalidInput, Some("resource"))
        );
    }

    #[test]
    fn times_are_checked() {
        let url = format!("{D}/a");
        let e = Policy::for_url(&url, &SignOptions::default()).unwrap_err();
        assert_eq!(e.field(), Some("expires"));
        assert!(e.message().contains("expiration") && e.message().contains("required"));
        for bad in [0, -1, 2_147_483_648, 1_767_290_400_000] {
            assert_eq!(
                err_field(Policy::for_url(&url, &SignOptions::expires(bad))),
                (ErrorCode::InvalidInput, Some("expires")),
                "{bad}"
            );
        }
        Policy::for_url(&url, &SignOptions::expires(2_147_483_647)).unwrap();
        let e = Policy::for_url(&url, &SignOptions::expires(100).starts(100)).unwrap_err();
        assert_eq!(e.field(), Some("expires"));
        for word in ["active", "before", "expiration"] {
            assert!(e.message().contains(word), "{e}");
        }
        assert_eq!(
            err_field(Policy::for_url(
                &url,
                &SignOptions::expires(100).starts(1_767_200_000_000)
            )),
            (ErrorCode::InvalidInput, Some("starts"))
        );
        assert_eq!(
            err_field(Policy::for_url(&url, &SignOptions::expires(100).starts(-5))),
            (ErrorCode::InvalidInput, Some("starts"))
        );
    }

    #[test]
    fn resources_are_checked() {
        let url = format!("{D}/audio/a.mp3");
        assert_eq!(
            err_field(Policy::for_url(
                &url,
                &SignOptions::expires(100).resource(format!("{D}/videos/*"))
            )),
            (ErrorCode::InvalidInput, Some("resource"))
        );
        assert_eq!(
            err_field(Policy::for_url(
                &format!("{D}/file"),
                &SignOptions::expires(100).resource(format!("{D}/file\",\"Resource\":\"*"))
            )),
            (ErrorCode::InvalidInput, Some("resource"))
        );
        assert_eq!(
            err_field(Policy::for_cookies("videos/*", &SignOptions::expires(100))),
            (ErrorCode::InvalidInput, Some("resource"))
        );
        // A cookie resource with its own URL: the URL must match.
        assert_eq!(
            err_field(Policy::for_cookies(
                "https://d/x y",
                &SignOptions::expires(100).resource("https://d/*")
            )),
            (ErrorCode::InvalidInput, Some("resource"))
        );
        Policy::for_cookies("*", &SignOptions::expires(100)).unwrap();
    }

    #[test]
    fn format_escapes_everything_that_could_break_out() {
        let json = format_policy_json(
            Some("https://example.com/file\",\"Resource\":\"*\",\"x\":\""),
            1767290400,
            None,
            None,
        );
        assert_eq!(
            json,
            r#"{"Statement":[{"Resource":"https://example.com/file\",\"Resource\":\"*\",\"x\":\"","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#
        );
        let parsed = parse_policy(json.as_bytes()).unwrap();
        assert_eq!(
            parsed.resource.as_deref(),
            Some("https://example.com/file\",\"Resource\":\"*\",\"x\":\"")
        );
        assert_eq!(
            format_policy_json(None, 5, Some(1), Some("1.2.3.4/32")),
            r#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":5},"DateGreaterThan":{"AWS:EpochTime":1},"IpAddress":{"AWS:SourceIp":"1.2.3.4/32"}}}]}"#
        );
    }

    #[test]
    fn parses_any_condition_order_and_whitespace() {
        let botocore = br#"{"Statement":[{"Resource":"https://d/*","Condition":{"DateLessThan":{"AWS:EpochTime":20},"IpAddress":{"AWS:SourceIp":"10.0.0.0/8"},"DateGreaterThan":{"AWS:EpochTime":10}}}]}"#;
        let p = parse_policy(botocore).unwrap();
        assert_eq!(p.resource.as_deref(), Some("https://d/*"));
        assert_eq!((p.expires, p.starts), (20, Some(10)));
        assert_eq!(p.ip_range.as_deref(), Some("10.0.0.0/8"));
        assert_eq!(
            p.condition_order,
            ["DateLessThan", "IpAddress", "DateGreaterThan"]
        );
        let spaced = b"{ \"Statement\": [ { \"Resource\": \"https://d/x\",\n \"Condition\": { \"DateLessThan\": { \"AWS:EpochTime\": 7 } } } ] }\n";
        assert_eq!(parse_policy(spaced).unwrap().expires, 7);
        let unicode = br#"{"Statement":[{"Resource":"https://d/caf\u00e9","Condition":{"DateLessThan":{"AWS:EpochTime":7}}}]}"#;
        assert_eq!(
            parse_policy(unicode).unwrap().resource.as_deref(),
            Some("https://d/caf\u{e9}")
        );
    }

    #[test]
    fn refuses_malformed_policies() {
        for bad in [
            &b"not json"[..],
            b"[]",
            b"{}",
            br#"{"Statement":[]}"#,
            br#"{"Statement":[{"Condition":{}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":"7"}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7.5}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":-7}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7},"DateLessThan":{"AWS:EpochTime":9}}}]}"#,
            br#"{"Statement":[{"Resource":"a","Resource":"b","Condition":{"DateLessThan":{"AWS:EpochTime":7}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7},"NotIpAddress":{"AWS:SourceIp":"1.2.3.4/32"}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7},"IpAddress":{"AWS:SourceIp":"::1/128"}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7}}},{"Condition":{"DateLessThan":{"AWS:EpochTime":7}}}]}"#,
            br#"{"Statement":[{"Resource":5,"Condition":{"DateLessThan":{"AWS:EpochTime":7}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":7}}}]} x"#,
        ] {
            let e = parse_policy(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::Malformed, "{}", String::from_utf8_lossy(bad));
            assert_eq!(e.field(), Some("Policy"));
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_policy(deep.as_bytes()).is_err());
        let nested = format!(
            r#"{{"Statement":[{{"Resource":{}1{},"Condition":{{}}}}]}}"#,
            "[".repeat(3000),
            "]".repeat(3000)
        );
        assert!(parse_policy(nested.as_bytes()).is_err());
        assert!(parse_policy(&vec![b' '; MAX_POLICY_LEN + 1]).is_err());
    }

    #[test]
    fn kind_names() {
        assert_eq!(PolicyKind::from_name("Canned").unwrap(), PolicyKind::Canned);
        assert_eq!(
            PolicyKind::from_name("x").unwrap_err().field(),
            Some("policy_kind")
        );
        assert_eq!(PolicyKind::Custom.as_str(), "custom");
    }
}
