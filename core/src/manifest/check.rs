//! Checking a signed manifest: the request every reference causes, through
//! the provider's verifier, with the provider's explain text on failure.

use serde_json::{json, Value};

use crate::error::{ErrorCode, Result};
use crate::{cloudcdn, cloudfront, mediacdn};

use super::resolve::{plain_relative, scheme_of, Resolver};
use super::{parse, Format, Role};

/// The provider's verifier.
#[derive(Clone, Copy, Debug)]
pub enum Verifier<'a> {
    /// CloudFront signed URLs.
    CloudFront(&'a cloudfront::Verifier),
    /// Media CDN tokens and signatures.
    MediaCdn(&'a mediacdn::Verifier),
    /// Cloud CDN signed URLs and prefixes.
    CloudCdn(&'a cloudcdn::Verifier),
}

impl Verifier<'_> {
    fn verify(&self, url: &str, now: i64) -> Result<()> {
        match self {
            Verifier::CloudFront(v) => v
                .verify_url(url, &cloudfront::VerifyRequest::new(now))
                .map(drop),
            Verifier::MediaCdn(v) => v.verify(&mediacdn::Request::new(url, now)).map(drop),
            Verifier::CloudCdn(v) => v.verify(&cloudcdn::Request::new(url, now)).map(drop),
        }
    }

    fn explain(&self, url: &str, now: i64) -> String {
        match self {
            Verifier::CloudFront(_) => cloudfront::explain_url(url, now).to_text(),
            Verifier::MediaCdn(_) => mediacdn::explain(url, now)
                .map(|e| e.to_text())
                .unwrap_or_else(|| "no Media CDN credential found in the URL\n".to_string()),
            Verifier::CloudCdn(_) => cloudcdn::explain(url, now)
                .map(|e| e.to_text())
                .unwrap_or_else(|| "no Cloud CDN signature found in the URL\n".to_string()),
        }
    }
}

/// Why one reference's request would be refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFailure {
    /// The verifier's code (`expired`, `bad_signature`, `url_mismatch`,
    /// `missing_credential`, …).
    pub code: ErrorCode,
    /// The verifier's message.
    pub message: String,
    /// The provider's explain text for the request URL.
    pub explain: String,
}

/// The check of one reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineCheck {
    /// 1-based line number.
    pub line: usize,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, …
    pub kind: &'static str,
    /// The reference as written.
    pub reference: String,
    /// The request URL checked (a template's sample expansion).
    pub url: String,
    /// `None` when the request would be served.
    pub failure: Option<CheckFailure>,
}

/// Every reference's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    /// HLS or DASH.
    pub format: Format,
    /// One entry per reference that causes a CDN request, in order.
    pub lines: Vec<LineCheck>,
}

impl CheckReport {
    /// True when every reference passes.
    pub fn ok(&self) -> bool {
        self.lines.iter().all(|l| l.failure.is_none())
    }

    /// The failing references.
    pub fn failures(&self) -> impl Iterator<Item = &LineCheck> {
        self.lines.iter().filter(|l| l.failure.is_some())
    }

    /// `{"format","ok","checked","failed","lines":[{"line","kind","reference","url","ok","code","message","explain"}]}`.
    pub fn to_json(&self) -> Value {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .map(|l| {
                let mut v = json!({
                    "line": l.line,
                    "kind": l.kind,
                    "reference": l.reference,
                    "url": l.url,
                    "ok": l.failure.is_none(),
                });
                if let Some(f) = &l.failure {
                    v["code"] = json!(f.code.as_str());
                    v["message"] = json!(f.message);
                    v["explain"] = json!(f.explain);
                }
                v
            })
            .collect();
        json!({
            "format": self.format.as_str(),
            "ok": self.ok(),
            "checked": self.lines.len(),
            "failed": self.failures().count(),
            "lines": lines,
        })
    }

    /// One line per reference (`line N kind: ok` or the code, message and
    /// indented explain text).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            match &l.failure {
                None => out.push_str(&format!("line {} {}: ok {}\n", l.line, l.kind, l.url)),
                Some(f) => {
                    out.push_str(&format!(
                        "line {} {}: {}: {}\n  request: {}\n",
                        l.line, l.kind, f.code, f.message, l.url
                    ));
                    for e in f.explain.lines() {
                        out.push_str(&format!("  | {e}\n"));
                    }
                }
            }
        }
        let failed = self.failures().count();
        out.push_str(&format!(
            "{} references checked, {failed} failed\n",
            self.lines.len()
        ));
        out
    }
}

/// Checks the credential every reference of the signed `manifest` (fetched
/// from `manifest_url`) would send, at `now`. Errors only when the manifest
/// cannot be read; refusals are in the report.
pub fn check(
    manifest: &[u8],
    manifest_url: &str,
    verifier: &Verifier<'_>,
    now: i64,
) -> Result<CheckReport> {
    let (format, refs) = parse(manifest, manifest_url)?;
    let mut lines = Vec::with_capacity(refs.len());
    let mut resolver = Resolver::default();
    for r in refs {
        if r.role == Role::Base || r.value.is_empty() {
            continue;
        }
        if !plain_relative(&r.value)
            && matches!(scheme_of(&r.value).as_deref(), Some("data") | Some("skd"))
        {
            continue;
        }
        let target = r.sample.as_deref().unwrap_or(&r.value);
        let mut url = resolver.resolve(&r.base, target);
        if let Some(i) = url.find('#') {
            url.truncate(i);
        }
        let failure = match verifier.verify(&url, now) {
            Ok(()) => None,
            Err(e) => Some(CheckFailure {
                code: e.code(),
                message: e.message().to_string(),
                explain: verifier.explain(&url, now),
            }),
        };
        lines.push(LineCheck {
            line: r.line,
            kind: r.kind,
            reference: String::from_utf8_lossy(&manifest[r.start..r.end]).into_owned(),
            url,
            failure,
        });
    }
    Ok(CheckReport { format, lines })
}

/// [`check`] for text.
pub fn check_str(
    manifest: &str,
    manifest_url: &str,
    verifier: &Verifier<'_>,
    now: i64,
) -> Result<CheckReport> {
    check(manifest.as_bytes(), manifest_url, verifier, now)
}
