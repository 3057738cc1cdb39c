//! Token claims and access rules, with the limits Cloudflare documents.

use std::fmt;
use std::net::IpAddr;

use serde_json::{Map, Value};

use super::country;
use super::ip::IpRange;
use crate::encoding::push_json_string;
use crate::error::{Error, ErrorCode, Result};
use crate::json::kind;

/// At most this many access rules per token ("A token may have at most 5
/// members in the accessRules array").
pub const MAX_ACCESS_RULES: usize = 5;

/// Longest `sub` (video uid) or `kid` accepted. Stream uids and key ids are 32
/// hex characters.
pub const MAX_ID_LEN: usize = 64;

/// Most entries accepted in one rule's `ip` or `country` list (bounds the work
/// of evaluating a token; Cloudflare documents no number).
pub const MAX_RULE_ENTRIES: usize = 256;

/// What a matching rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The viewer may watch.
    Allow,
    /// The viewer is refused.
    Block,
}

impl Action {
    /// `"allow"` / `"block"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Block => "block",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `type` of an access rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleType {
    /// `any`: matches every viewer.
    Any,
    /// `ip.src`: the viewer's IP is in one of the ranges.
    IpSrc,
    /// `ip.geoip.country`: the viewer's country is in the list.
    Country,
}

impl RuleType {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleType::Any => "any",
            RuleType::IpSrc => "ip.src",
            RuleType::Country => "ip.geoip.country",
        }
    }

    /// The rejection code when a `block` rule of this type matches.
    pub fn block_code(self) -> ErrorCode {
        match self {
            RuleType::Any => ErrorCode::AccessDenied,
            RuleType::IpSrc => ErrorCode::IpNotAllowed,
            RuleType::Country => ErrorCode::CountryNotAllowed,
        }
    }
}

impl fmt::Display for RuleType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Matcher {
    Any,
    Ip(Vec<IpRange>),
    Country(Vec<String>),
}

/// One entry of `accessRules`. Built only through validating constructors, so
/// every `AccessRule` is one Cloudflare accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRule {
    action: Action,
    matcher: Matcher,
}

impl AccessRule {
    /// `{"type":"any","action":...}`.
    pub fn any(action: Action) -> AccessRule {
        AccessRule {
            action,
            matcher: Matcher::Any,
        }
    }

    /// `{"type":"ip.src","action":...,"ip":[...]}` from addresses or CIDRs.
    pub fn ip<I, S>(action: Action, ranges: I) -> Result<AccessRule>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::ip_in(action, ranges, 0)
    }

    fn ip_in<I, S>(action: Action, ranges: I, rule: usize) -> Result<AccessRule>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Vec::new();
        for r in ranges {
            if out.len() == MAX_RULE_ENTRIES {
                return Err(rules_error(format!(
                    "accessRules[{rule}].ip has more than {MAX_RULE_ENTRIES} entries"
                )));
            }
            out.push(IpRange::parse_in(r.as_ref(), rule, FIELD)?);
        }
        if out.is_empty() {
            return Err(rules_error(format!(
                "accessRules[{rule}] (ip.src) needs at least one address or CIDR in \"ip\""
            )));
        }
        Ok(AccessRule {
            action,
            matcher: Matcher::Ip(out),
        })
    }

    /// `{"type":"ip.geoip.country","action":...,"country":[...]}` from upper-case
    /// ISO 3166-1 alpha-2 codes.
    pub fn country<I, S>(action: Action, codes: I) -> Result<AccessRule>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::country_in(action, codes, 0)
    }

    fn country_in<I, S>(action: Action, codes: I, rule: usize) -> Result<AccessRule>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Vec::new();
        for c in codes {
            if out.len() == MAX_RULE_ENTRIES {
                return Err(rules_error(format!(
                    "accessRules[{rule}].country has more than {MAX_RULE_ENTRIES} entries"
                )));
            }
            country::check(c.as_ref(), rule, FIELD)?;
            out.push(c.as_ref().to_string());
        }
        if out.is_empty() {
            return Err(rules_error(format!(
                "accessRules[{rule}] (ip.geoip.country) needs at least one code in \"country\""
            )));
        }
        Ok(AccessRule {
            action,
            matcher: Matcher::Country(out),
        })
    }

    /// The action.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The type.
    pub fn rule_type(&self) -> RuleType {
        match self.matcher {
            Matcher::Any => RuleType::Any,
            Matcher::Ip(_) => RuleType::IpSrc,
            Matcher::Country(_) => RuleType::Country,
        }
    }

    /// The `ip` entries (empty unless `ip.src`).
    pub fn ips(&self) -> &[IpRange] {
        match &self.matcher {
            Matcher::Ip(v) => v,
            _ => &[],
        }
    }

    /// The `country` entries (empty unless `ip.geoip.country`).
    pub fn countries(&self) -> &[String] {
        match &self.matcher {
            Matcher::Country(v) => v,
            _ => &[],
        }
    }

    /// Parses one rule object (`{"type","action",...}`); `index` is its
    /// position, for messages.
    pub fn from_json_value(value: &Value, index: usize) -> Result<AccessRule> {
        let obj = value.as_object().ok_or_else(|| {
            rules_error(format!(
                "accessRules[{index}] is {}, not an object",
                kind(value)
            ))
        })?;
        let type_ = match obj.get("type") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(rules_error(format!(
                    "accessRules[{index}].type is {}, not a string",
                    kind(other)
                )))
            }
            None => {
                return Err(rules_error(format!(
                    "accessRules[{index}] has no \"type\" (any, ip.src or ip.geoip.country)"
                )))
            }
        };
        let action = match obj.get("action") {
            Some(Value::String(s)) if s == "allow" => Action::Allow,
            Some(Value::String(s)) if s == "block" => Action::Block,
            Some(Value::String(s)) => {
                let shown: String = s.chars().take(32).collect();
                return Err(rules_error(format!(
                    "accessRules[{index}].action {shown:?} is not \"allow\" or \"block\""
                )));
            }
            Some(other) => {
                return Err(rules_error(format!(
                    "accessRules[{index}].action is {}, not a string",
                    kind(other)
                )))
            }
            None => {
                return Err(rules_error(format!(
                    "accessRules[{index}] has no \"action\" (allow or block)"
                )))
            }
        };
        let (rule_type, list_key) = match type_ {
            "any" => (RuleType::Any, None),
            "ip.src" => (RuleType::IpSrc, Some("ip")),
            "ip.geoip.country" => (RuleType::Country, Some("country")),
            other => {
                let shown: String = other.chars().take(32).collect();
                return Err(rules_error(format!(
                    "accessRules[{index}].type {shown:?} is not one of any, ip.src, ip.geoip.country"
                )));
            }
        };
        for key in obj.keys() {
            let k = key.as_str();
            if k == "type" || k == "action" || Some(k) == list_key {
                continue;
            }
            let shown: String = k.chars().take(32).collect();
            return Err(rules_error(if k == "ip" || k == "country" {
                format!("accessRules[{index}] of type {type_} cannot have {shown:?}")
            } else {
                format!("accessRules[{index}] has an unknown member {shown:?}")
            }));
        }
        let list = |key: &str| -> Result<Vec<&str>> {
            match obj.get(key) {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_str().ok_or_else(|| {
                            rules_error(format!(
                                "accessRules[{index}].{key} has {}, not a string",
                                kind(v)
                            ))
                        })
                    })
                    .collect(),
                Some(other) => Err(rules_error(format!(
                    "accessRules[{index}].{key} is {}, not an array",
                    kind(other)
                ))),
                None => Err(rules_error(format!(
                    "accessRules[{index}] ({type_}) needs \"{key}\""
                ))),
            }
        };
        match rule_type {
            RuleType::Any => Ok(AccessRule::any(action)),
            RuleType::IpSrc => AccessRule::ip_in(action, list("ip")?, index),
            RuleType::Country => AccessRule::country_in(action, list("country")?, index),
        }
    }

    /// Parses a whole `accessRules` array.
    pub fn list_from_json_value(value: &Value) -> Result<Vec<AccessRule>> {
        let items = value
            .as_array()
            .ok_or_else(|| rules_error(format!("accessRules is {}, not an array", kind(value))))?;
        if items.len() > MAX_ACCESS_RULES {
            return Err(too_many_rules(items.len()));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, v)| AccessRule::from_json_value(v, i))
            .collect()
    }

    /// Parses a JSON array of rules, e.g. from a command line or a binding.
    pub fn list_from_json(json: &str) -> Result<Vec<AccessRule>> {
        let v: Value = serde_json::from_str(json)
            .map_err(|e| rules_error(format!("accessRules is not valid JSON: {e}")))?;
        Self::list_from_json_value(&v)
    }

    /// True when this rule applies to the viewer. `Err` names what is missing
    /// (`viewer_ip` / `viewer_country`) when the rule needs it.
    pub fn matches(&self, ip: Option<IpAddr>, country: Option<&str>, index: usize) -> Result<bool> {
        match &self.matcher {
            Matcher::Any => Ok(true),
            Matcher::Ip(ranges) => {
                let ip = ip.ok_or_else(|| {
                    Error::invalid_input(
                        "viewer_ip",
                        format!("accessRules[{index}] (ip.src) needs the viewer's IP address to be evaluated"),
                    )
                })?;
                Ok(ranges.iter().any(|r| r.contains(ip)))
            }
            Matcher::Country(codes) => {
                let c = country.ok_or_else(|| {
                    Error::invalid_input(
                        "viewer_country",
                        format!("accessRules[{index}] (ip.geoip.country) needs the viewer's country to be evaluated"),
                    )
                })?;
                let c = c.trim();
                Ok(codes.iter().any(|code| code.eq_ignore_ascii_case(c)))
            }
        }
    }

    /// Appends the compact JSON: `type`, `action`, then `ip`/`country` (the
    /// order of Cloudflare's Worker example).
    pub(crate) fn write_json(&self, out: &mut String) {
        out.push_str("{\"type\":");
        push_json_string(out, self.rule_type().as_str());
        out.push_str(",\"action\":");
        push_json_string(out, self.action.as_str());
        let (key, items): (&str, Vec<&str>) = match &self.matcher {
            Matcher::Any => {
                out.push('}');
                return;
            }
            Matcher::Ip(v) => ("ip", v.iter().map(IpRange::as_str).collect()),
            Matcher::Country(v) => ("country", v.iter().map(String::as_str).collect()),
        };
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(out, item);
        }
        out.push_str("]}");
    }

    /// The compact JSON of this rule.
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        self.write_json(&mut s);
        s
    }
}

impl fmt::Display for AccessRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.action, self.rule_type())?;
        match &self.matcher {
            Matcher::Any => Ok(()),
            Matcher::Ip(v) => {
                let list: Vec<&str> = v.iter().map(IpRange::as_str).collect();
                write!(f, " {}", list.join(", "))
            }
            Matcher::Country(v) => write!(f, " {}", v.join(", ")),
        }
    }
}

const FIELD: &str = "accessRules";

fn rules_error(message: String) -> Error {
    Error::invalid_input(FIELD, message)
}

fn too_many_rules(n: usize) -> Error {
    rules_error(format!(
        "accessRules has {n} rules; Cloudflare accepts at most {MAX_ACCESS_RULES}"
    ))
}

/// What a token grants: the video, the times, and optional restrictions.
///
/// The key id comes from the signing key. Times are Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The video uid (`sub`).
    pub sub: String,
    /// Expiry (`exp`): at most 24 h after the signing time.
    pub exp: i64,
    /// Not before (`nbf`), optional.
    pub nbf: Option<i64>,
    /// `downloadable`: written when set (`Some(false)` writes `false`).
    pub downloadable: Option<bool>,
    /// `accessRules`, evaluated first to last; empty = not written.
    pub access_rules: Vec<AccessRule>,
}

impl Claims {
    /// Claims for `video_uid` expiring at `exp`.
    pub fn new(video_uid: impl Into<String>, exp: i64) -> Claims {
        Claims {
            sub: video_uid.into(),
            exp,
            nbf: None,
            downloadable: None,
            access_rules: Vec::new(),
        }
    }

    /// Sets `nbf`.
    pub fn not_before(mut self, nbf: i64) -> Claims {
        self.nbf = Some(nbf);
        self
    }

    /// Sets `downloadable`.
    pub fn downloadable(mut self, yes: bool) -> Claims {
        self.downloadable = Some(yes);
        self
    }

    /// Appends an access rule.
    pub fn rule(mut self, rule: AccessRule) -> Claims {
        self.access_rules.push(rule);
        self
    }

    /// From a JSON object with `sub`, `exp` and optionally `nbf`,
    /// `downloadable`, `accessRules` (the request body of Cloudflare's
    /// `/token` endpoint, plus `sub`). Unknown members are refused, so a
    /// misspelt restriction cannot be silently dropped.
    pub fn from_json(json: &str) -> Result<Claims> {
        let v: Value = serde_json::from_str(json).map_err(|e| {
            Error::invalid_input("claims", format!("claims are not valid JSON: {e}"))
        })?;
        let obj = v.as_object().ok_or_else(|| {
            Error::invalid_input("claims", format!("claims are {}, not an object", kind(&v)))
        })?;
        Self::from_json_object(obj)
    }

    /// As [`Claims::from_json`], from a parsed object.
    pub fn from_json_object(obj: &Map<String, Value>) -> Result<Claims> {
        for key in obj.keys() {
            if !matches!(
                key.as_str(),
                "sub" | "exp" | "nbf" | "downloadable" | "accessRules"
            ) {
                let shown: String = key.chars().take(32).collect();
                return Err(Error::invalid_input(
                    "claims",
                    format!("unknown claim {shown:?}; expected sub, exp, nbf, downloadable, accessRules (kid comes from the key)"),
                ));
            }
        }
        let sub = match obj.get("sub") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(Error::invalid_input(
                    "sub",
                    format!("sub is {}, not a string", kind(other)),
                ))
            }
            None => {
                return Err(Error::invalid_input(
                    "sub",
                    "sub (the video uid) is required",
                ))
            }
        };
        let time = |name: &'static str| -> Result<Option<i64>> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| {
                    Error::invalid_input(
                        name,
                        format!("{name}={n} is not a whole number of seconds"),
                    )
                }),
                Some(other) => Err(Error::invalid_input(
                    name,
                    format!("{name} is {}, not a number", kind(other)),
                )),
            }
        };
        let exp = time("exp")?.ok_or_else(|| Error::invalid_input("exp", "exp is required"))?;
        let nbf = time("nbf")?;
        let downloadable = match obj.get("downloadable") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(Error::invalid_input(
                    "downloadable",
                    format!("downloadable is {}, not true or false", kind(other)),
                ))
            }
        };
        let access_rules = match obj.get("accessRules") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => AccessRule::list_from_json_value(v)?,
        };
        Ok(Claims {
            sub,
            exp,
            nbf,
            downloadable,
            access_rules,
        })
    }

    /// Checks every limit that does not depend on the key: `sub`, times
    /// against `now` (exp after now, at most 24 h ahead, after nbf), rules.
    pub fn validate(&self, now: i64) -> Result<()> {
        crate::time::check_unix_seconds("now", now)?;
        check_id("sub", &self.sub)?;
        crate::time::check_unix_seconds("exp", self.exp)?;
        if let Some(nbf) = self.nbf {
            crate::time::check_unix_seconds("nbf", nbf)?;
            if self.exp <= nbf {
                return Err(Error::invalid_input(
                    "exp",
                    format!(
                        "exp={} is not after nbf={nbf}: the token could never be valid",
                        self.exp
                    ),
                ));
            }
        }
        if self.exp <= now {
            return Err(Error::invalid_input(
                "exp",
                format!(
                    "exp={} is not after the signing time {now}: the token would be born expired",
                    self.exp
                ),
            ));
        }
        if self.exp > now + super::MAX_LIFETIME {
            return Err(Error::invalid_input(
                "exp",
                format!(
                    "exp={} is {} after the signing time {now}; Cloudflare Stream accepts at most 24 h (exp <= {})",
                    self.exp,
                    crate::time::human_duration(self.exp - now),
                    now + super::MAX_LIFETIME
                ),
            ));
        }
        if self.access_rules.len() > MAX_ACCESS_RULES {
            return Err(too_many_rules(self.access_rules.len()));
        }
        Ok(())
    }

    /// The compact payload JSON in Cloudflare's order: `sub`, `kid`, `exp`,
    /// then `nbf`, `downloadable`, `accessRules` when set.
    pub(crate) fn payload_json(&self, kid: &str) -> String {
        let mut out = String::with_capacity(128 + 64 * self.access_rules.len());
        out.push_str("{\"sub\":");
        push_json_string(&mut out, &self.sub);
        out.push_str(",\"kid\":");
        push_json_string(&mut out, kid);
        out.push_str(",\"exp\":");
        out.push_str(&self.exp.to_string());
        if let Some(nbf) = self.nbf {
            out.push_str(",\"nbf\":");
            out.push_str(&nbf.to_string());
        }
        if let Some(d) = self.downloadable {
            out.push_str(if d {
                ",\"downloadable\":true"
            } else {
                ",\"downloadable\":false"
            });
        }
        if !self.access_rules.is_empty() {
            out.push_str(",\"accessRules\":[");
            for (i, r) in self.access_rules.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                r.write_json(&mut out);
            }
            out.push(']');
        }
        out.push('}');
        out
    }
}

/// `sub` and `kid`: 1..=64 characters of `[A-Za-z0-9_-]` (Stream uids and key
/// ids are 32 hex characters; anything else is a mistake, and this keeps
/// every token ASCII so all JSON encoders agree on its bytes).
pub(crate) fn check_id(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(field, format!("{field} is empty")));
    }
    if value.len() > MAX_ID_LEN {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} is {} characters; at most {MAX_ID_LEN}",
                value.len()
            ),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} contains {c:?}; a Stream {} is letters, digits, '-' and '_'",
                if field == "kid" {
                    "key id"
                } else {
                    "video uid"
                }
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_290_400;

    #[test]
    fn payload_order_matches_the_worker() {
        let c = Claims::new("uid1", NOW + 60)
            .not_before(NOW)
            .downloadable(true)
            .rule(AccessRule::country(Action::Allow, ["GB"]).unwrap())
            .rule(AccessRule::ip(Action::Block, ["10.0.0.0/8", "2001:db8::/32"]).unwrap())
            .rule(AccessRule::any(Action::Block));
        assert_eq!(
            c.payload_json("k1"),
            format!(
                "{{\"sub\":\"uid1\",\"kid\":\"k1\",\"exp\":{},\"nbf\":{NOW},\"downloadable\":true,\"accessRules\":[{{\"type\":\"ip.geoip.country\",\"action\":\"allow\",\"country\":[\"GB\"]}},{{\"type\":\"ip.src\",\"action\":\"block\",\"ip\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}},{{\"type\":\"any\",\"action\":\"block\"}}]}}",
                NOW + 60
            )
        );
        assert_eq!(
            Claims::new("u", NOW + 1)
                .downloadable(false)
                .payload_json("k"),
            format!(
                "{{\"sub\":\"u\",\"kid\":\"k\",\"exp\":{},\"downloadable\":false}}",
                NOW + 1
            )
        );
    }

    #[test]
    fn limits_are_typed_errors_naming_the_field() {
        let field = |c: Claims| c.validate(NOW).unwrap_err().field();
        assert_eq!(field(Claims::new("u", NOW + 86_401)), Some("exp"));
        assert_eq!(field(Claims::new("u", NOW)), Some("exp"));
        assert_eq!(
            field(Claims::new("u", NOW + 10).not_before(NOW + 10)),
            Some("exp")
        );
        assert_eq!(
            field(Claims::new("u", NOW + 10).not_before(-1)),
            Some("nbf")
        );
        assert_eq!(field(Claims::new("", NOW + 10)), Some("sub"));
        assert_eq!(field(Claims::new("a/b", NOW + 10)), Some("sub"));
        let mut six = Claims::new("u", NOW + 10);
        six.access_rules = vec![AccessRule::any(Action::Allow); 6];
        assert_eq!(field(six), Some("accessRules"));
        assert!(Claims::new("u", NOW + 86_400).validate(NOW).is_ok());
        let e = Claims::new("u", (NOW + 60) * 1000)
            .validate(NOW)
            .unwrap_err();
        assert!(e.message().contains("milliseconds"), "{e}");
    }

    #[test]
    fn rules_parse_and_refuse_bad_shapes() {
        let rules = AccessRule::list_from_json(
            r#"[{"type":"ip.geoip.country","country":["US","MX"],"action":"allow"},{"action":"block","type":"any"}]"#,
        )
        .unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].countries(), ["US", "MX"]);
        assert_eq!(
            rules[0].to_json(),
            r#"{"type":"ip.geoip.country","action":"allow","country":["US","MX"]}"#
        );
        for bad in [
            r#"[{"type":"ip.dst","action":"block","ip":["1.2.3.4"]}]"#,
            r#"[{"type":"any","action":"deny"}]"#,
            r#"[{"type":"any"}]"#,
            r#"[{"action":"block"}]"#,
            r#"[{"type":"any","action":"block","ip":["1.2.3.4"]}]"#,
            r#"[{"type":"ip.src","action":"block","country":["US"],"ip":["1.2.3.4"]}]"#,
            r#"[{"type":"ip.src","action":"block"}]"#,
            r#"[{"type":"ip.src","action":"block","ip":[]}]"#,
            r#"[{"type":"ip.src","action":"block","ip":"1.2.3.4"}]"#,
            r#"[{"type":"ip.geoip.country","action":"block","country":[1]}]"#,
            r#"[{"type":"any","action":"block","note":1}]"#,
            r#"{"type":"any","action":"block"}"#,
            r#"[1]"#,
            r#"not json"#,
        ] {
            let e = AccessRule::list_from_json(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}");
            assert_eq!(e.field(), Some("accessRules"), "{bad}");
        }
        let too_many: Vec<&str> = vec![r#"{"type":"any","action":"allow"}"#; 6];
        let e = AccessRule::list_from_json(&format!("[{}]", too_many.join(","))).unwrap_err();
        assert!(e.message().contains("at most 5"), "{e}");
    }

    #[test]
    fn matching_needs_the_viewer_facts_it_uses() {
        let c = AccessRule::country(Action::Block, ["KP"]).unwrap();
        assert!(c.matches(None, Some("kp"), 0).unwrap());
        assert!(!c.matches(None, Some("KR"), 0).unwrap());
        assert_eq!(
            c.matches(Some("1.2.3.4".parse().unwrap()), None, 0)
                .unwrap_err()
                .field(),
            Some("viewer_country")
        );
        let i = AccessRule::ip(Action::Block, ["1.2.3.0/24"]).unwrap();
        assert_eq!(
            i.matches(None, Some("US"), 0).unwrap_err().field(),
            Some("viewer_ip")
        );
        assert!(AccessRule::any(Action::Block)
            .matches(None, None, 0)
            .unwrap());
    }

    #[test]
    fn claims_from_json() {
        let c = Claims::from_json(
            r#"{"sub":"abc","exp":1767294000,"nbf":1767290000,"downloadable":true,"accessRules":[{"type":"any","action":"block"}]}"#,
        )
        .unwrap();
        assert_eq!(c.exp, 1_767_294_000);
        assert_eq!(c.nbf, Some(1_767_290_000));
        assert_eq!(c.downloadable, Some(true));
        assert_eq!(c.access_rules.len(), 1);
        for (bad, field) in [
            (r#"{"exp":1}"#, "sub"),
            (r#"{"sub":"a"}"#, "exp"),
            (r#"{"sub":"a","exp":"1767294000"}"#, "exp"),
            (r#"{"sub":"a","exp":1.5}"#, "exp"),
            (
                r#"{"sub":"a","exp":1,"downloadable":"true"}"#,
                "downloadable",
            ),
            (r#"{"sub":"a","exp":1,"iat":1}"#, "claims"),
            (r#"[]"#, "claims"),
        ] {
            assert_eq!(
                Claims::from_json(bad).unwrap_err().field(),
                Some(field),
                "{bad}"
            );
        }
    }
}
