//! One `Explanation` for every provider: what `explain` read from a
//! credential without any key, and why the CDN would refuse it.
//!
//! The JSON form (`serde_json::to_string`) is the same on every surface: the
//! C string of `cdnsign_*_explain`, Python's `dict`, Node's object and
//! `cdnsign explain --json`. Fields a provider has no use for are `null`.

use serde::ser::{Serialize, Serializer};

use super::provider::Provider;

/// A plain-words account of a credential, produced without any secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Whose credential it is.
    pub provider: Provider,
    /// What the input is (`"AWS CloudFront signed URL"`, ...).
    pub kind: String,
    /// The time everything was judged at (Unix seconds).
    pub now: i64,
    /// `url` or `cookies` (CloudFront).
    pub form: Option<String>,
    /// The key the credential names (`Key-Pair-Id`, `kid`, `KeyName`), when
    /// it names one.
    pub key_id: Option<String>,
    /// The signature algorithm (`SHA1`/`SHA256` for CloudFront, the JWT's
    /// `alg`, `Ed25519`, `HMAC-SHA1`, `HMAC-SHA256`).
    pub algorithm: Option<String>,
    /// Canned (`Expires`) or custom (`Policy`) (CloudFront).
    pub canned: Option<bool>,
    /// The policy the signature must cover (decoded, or rebuilt for canned).
    pub policy: Option<String>,
    /// The resource the credential grants.
    pub resource: Option<String>,
    /// The URL requested (signing parameters removed), when known.
    pub request_url: Option<String>,
    /// Whether the resource covers the request URL, when both are known.
    pub resource_matches: Option<bool>,
    /// Expiry (Unix seconds).
    pub expires: Option<i64>,
    /// Start (Unix seconds).
    pub starts: Option<i64>,
    /// The allowed client range (CloudFront's `IpAddress`, Media CDN's
    /// `IPRanges`).
    pub ip_range: Option<String>,
    /// Label → value, in reading order.
    pub facts: Vec<(String, String)>,
    /// Why the CDN or a verifier would refuse it; empty when nothing visible is wrong.
    pub problems: Vec<String>,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
    /// What a verifier checks with the key.
    pub checks: Vec<String>,
}

impl Explanation {
    /// An empty account of a `kind` of `provider` credential judged at `now`.
    pub fn new(provider: Provider, kind: impl Into<String>, now: i64) -> Explanation {
        Explanation {
            provider,
            kind: kind.into(),
            now,
            form: None,
            key_id: None,
            algorithm: None,
            canned: None,
            policy: None,
            resource: None,
            request_url: None,
            resource_matches: None,
            expires: None,
            starts: None,
            ip_range: None,
            facts: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// No problem visible without the key.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub(crate) fn fact(&mut self, label: &str, value: impl Into<String>) {
        self.facts.push((label.to_string(), value.into()));
    }

    /// Indented text for a terminal (what `cdnsign explain` prints).
    pub fn to_text(&self) -> String {
        // CloudFront's wording names the 403 its users see; the other
        // providers' reports predate it and their users' scripts match on them.
        let (none, problems, checks) = match self.provider {
            Provider::CloudFront => (
                "No reason for a 403 visible without the key.",
                "CloudFront would answer 403:",
                "With the key, CloudFront (and cdnsign cloudfront verify) also checks:",
            ),
            _ => (
                "No problem visible without the key.",
                "Problems:",
                "A verifier checks:",
            ),
        };
        let mut out = format!("{}\n", self.kind);
        let width = self.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &self.facts {
            out.push_str(&format!("  {k:<width$}  {v}\n"));
        }
        if self.problems.is_empty() {
            out.push_str(none);
            out.push('\n');
        }
        for (heading, items) in [
            (problems, &self.problems),
            ("Notes:", &self.notes),
            (checks, &self.checks),
        ] {
            if !items.is_empty() {
                out.push_str(heading);
                out.push('\n');
                for item in items {
                    out.push_str(&format!("  - {item}\n"));
                }
            }
        }
        out
    }

    /// The JSON form as a value (`serde_json::to_value`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::records::ExplanationJson::from(self).serialize(s)
    }
}
