//! Signed HLS and DASH playback: sign every reference of a manifest with one
//! credential, in one call, and check a signed manifest reference by reference.
//!
//! A signed manifest URL alone does not play: the player then fetches child
//! playlists, segments, init sections and keys, usually through relative
//! URIs, and each of those requests needs a credential too. [`sign`] parses
//! the manifest, resolves every reference against the manifest's URL, makes
//! sure one credential covers them all, signs **once**, and appends that
//! credential to every reference. Every other byte is kept: comments,
//! unknown tags, attribute order and quoting, line endings (LF or CRLF),
//! a UTF-8 BOM. [`check`] does the reverse for a manifest that answers 403:
//! it builds the request each reference causes and runs the provider's
//! verifier on it, reporting per line with the provider's explain text.
//!
//! ```
//! use cdnsign::cloudcdn::{self, SigningKey};
//! use cdnsign::manifest::{self, SignOptions};
//! # fn main() -> cdnsign::Result<()> {
//! let key = SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==")?;
//! let signer = cloudcdn::Signer::new("my-key", key.clone())?;
//! let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg-1.ts\n#EXT-X-ENDLIST\n";
//! let signed = manifest::sign_str(
//!     playlist,
//!     &manifest::Signer::CloudCdn(&signer),
//!     &SignOptions::new("https://media.example.com/v/7/index.m3u8", 1_767_290_400),
//! )?;
//! assert!(signed.text().unwrap().contains("\nseg-1.ts?URLPrefix="));
//! assert_eq!(signed.references.len(), 1);
//!
//! let verifier = cloudcdn::Verifier::new().with_key("my-key", key)?;
//! let report = manifest::check(
//!     &signed.manifest,
//!     "https://media.example.com/v/7/index.m3u8",
//!     &manifest::Verifier::CloudCdn(&verifier),
//!     1_767_290_000,
//! )?;
//! assert!(report.ok());
//! # Ok(()) }
//! ```
//!
//! ## One credential per manifest
//!
//! | provider | [`Signer`] | what is appended to every reference |
//! |---|---|---|
//! | CloudFront | [`Signer::CloudFront`] | one custom policy, `Resource` = `<coverage>*`, signed once: `Policy=…&Signature=…&Key-Pair-Id=…` (+ `Hash-Algorithm=SHA256` for a SHA-256 signer) |
//! | Media CDN | [`Signer::MediaCdn`] | one token `URLPrefix=<b64url(coverage)>~Expires=…~Signature=…` (or `hmac=`) in the token signer's parameter, `edge-cache-token` by default |
//! | Media CDN | [`Signer::MediaCdnPathGlobs`] | the same with `PathGlobs=<coverage path>*` (binds the path, not the host) |
//! | Cloud CDN | [`Signer::CloudCdn`] | one prefix signature `URLPrefix=…&Expires=…&KeyName=…&Signature=…` |
//!
//! The alternatives that need no rewrite are cookies (CloudFront signed
//! cookies, `Edge-Cache-Cookie`, `Cloud-CDN-Cookie`) and Media CDN's
//! path-component signature (`…/edge-cache-token=…/`), whose point is that
//! relative URIs inherit it.
//!
//! **Cloudflare Stream** has nothing to rewrite: Stream serves its own
//! manifests, and the signed token sits in the path
//! (`https://customer-<code>.cloudflarestream.com/<TOKEN>/manifest/video.m3u8`),
//! so every relative reference in the manifests Stream returns already
//! carries it. Sign the token ([`crate::stream`]) and build the manifest URL;
//! [`Provider::from_name`]`("stream")` says so as a typed error.
//!
//! ## What is a reference
//!
//! - **HLS** (master and media playlists): URI lines, and the `URI` attribute
//!   of `EXT-X-KEY`, `EXT-X-SESSION-KEY`, `EXT-X-MAP`, `EXT-X-MEDIA`,
//!   `EXT-X-I-FRAME-STREAM-INF`, `EXT-X-PART`, `EXT-X-PRELOAD-HINT`,
//!   `EXT-X-RENDITION-REPORT` and `EXT-X-SESSION-DATA`. Tags are matched by
//!   exact name; comments and unknown tags are never touched.
//! - **DASH** (MPD): `BaseURL`, `SegmentTemplate@media|initialization|index`,
//!   `SegmentURL@media|index`, `Initialization@sourceURL`,
//!   `RepresentationIndex@sourceURL` (see the DASH notes below).
//!   Templates (`$Number$`, `$Time$`, `$RepresentationID$`, `$Bandwidth$`,
//!   with `%0Nd` widths) keep working: the credential goes after the template
//!   as a query, and it is a prefix credential, never a per-segment one.
//!   A `BaseURL` naming a folder (ending in `/`) is a base, not a request,
//!   and stays as written; one naming a file is signed.
//!
//! ## Refusals
//!
//! Every refusal is `invalid_input` with `field` `manifest` (or the option
//! concerned) and a message naming the line and the reference, so nothing is
//! emitted that would answer 403:
//!
//! - a reference resolving outside the coverage (another host, another
//!   folder, `..` out of it), or a folder `BaseURL` outside it;
//! - a reference already carrying the provider's credential parameters;
//! - characters not valid in a URL on the wire (spaces, non-ASCII:
//!   percent-encode them in the manifest);
//! - a signed URL over the provider's length limit (8192 bytes on CloudFront);
//! - a scheme other than `http`/`https`, except `data:` (no request at all)
//!   and `skd:` (FairPlay: the app's key server, not the CDN), which are left
//!   alone and not listed, as is an empty reference (it names its base: the
//!   manifest, or a `BaseURL` signed where it is written);
//! - a malformed `SegmentTemplate` identifier (unpaired `$`, unknown name);
//! - a manifest over [`MAX_MANIFEST_LEN`] bytes, [`MAX_LINES`] lines or
//!   [`MAX_REFERENCES`] references; a playlist not starting with `#EXTM3U`;
//!   an MPD that is not well-formed XML (or not UTF-8, or uses entities other
//!   than XML's five).
//!
//! ## Checking
//!
//! [`check`] parses the signed manifest the same way, resolves each
//! reference (a template through [`sample_expansion`]: `$Number$` = 1, …),
//! and runs the provider's verifier on that URL at `now`; a failure carries
//! the verifier's code and message and the provider's `explain` text
//! ([`crate::cloudfront::explain_url`], [`crate::mediacdn::explain`],
//! [`crate::cloudcdn::explain`]). Folder `BaseURL`s, `data:`/`skd:` and
//! empty references make no request and are not listed.
//!
//! DASH notes: references resolve against the first `BaseURL` of their
//! nearest ancestors (MPD → Period → AdaptationSet → Representation); a
//! `SegmentTemplate` on an `AdaptationSet` is checked against the
//! `AdaptationSet`'s base, which is why every folder `BaseURL` must itself
//! resolve inside the coverage (it is refused otherwise, even though it is
//! not rewritten).
//!
//! Not rewritten (they name the manifest itself or, usually, another
//! service): an MPD's `Location`/`PatchLocation` and `xlink:href` remote
//! elements, HLS `EXT-X-CONTENT-STEERING:SERVER-URI` and the interstitial
//! `EXT-X-DATERANGE` attributes `X-ASSET-URI`/`X-ASSET-LIST`.

mod check;
mod dash;
mod hls;
mod ops;
mod resolve;
mod rewrite;

pub use check::{check, check_str, CheckFailure, CheckReport, LineCheck, Verifier};
pub use dash::BASE_URL;
pub use hls::URI_LINE;
pub use rewrite::{sign, sign_str, Provider, Reference, SignOptions, SignedManifest, Signer};

use crate::error::{Error, Result};

/// Largest manifest accepted, in bytes (a 10,000-segment playlist is about
/// 600 KB).
pub const MAX_MANIFEST_LEN: usize = 16 * 1024 * 1024;
/// Most lines accepted.
pub const MAX_LINES: usize = 1_000_000;
/// Most references accepted.
pub const MAX_REFERENCES: usize = 250_000;

/// The manifest kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An HLS playlist (master or media).
    Hls,
    /// A DASH MPD.
    Dash,
}

impl Format {
    /// `"hls"` or `"dash"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Hls => "hls",
            Format::Dash => "dash",
        }
    }
}

/// What a reference is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The player requests it.
    Request,
    /// A DASH template: the player requests its expansions.
    Template,
    /// A DASH folder `BaseURL`: resolves others, requested by nobody.
    Base,
}

/// A reference as found in the input.
#[derive(Clone, Debug)]
pub(crate) struct RawRef {
    /// Byte span of the reference as written (inside quotes; XML-escaped).
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub kind: &'static str,
    /// The reference (XML-unescaped).
    pub value: String,
    /// What it resolves against (absolute; shared by the references of a scope).
    pub base: std::rc::Rc<str>,
    pub role: Role,
    /// Written inside XML: what is appended must be escaped.
    pub xml: bool,
    /// For a template, a sample expansion of `value`.
    pub sample: Option<String>,
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Detects the format and lists the references.
pub(crate) fn parse(input: &[u8], manifest_url: &str) -> Result<(Format, Vec<RawRef>)> {
    if input.len() > MAX_MANIFEST_LEN {
        return Err(Error::invalid_input(
            "manifest",
            format!(
                "the manifest is {} bytes, over the limit of {MAX_MANIFEST_LEN}",
                input.len()
            ),
        ));
    }
    let start = if input.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &input[start..];
    if hls::looks_like_hls(body) {
        Ok((Format::Hls, hls::references(input, start, manifest_url)?))
    } else if dash::looks_like_xml(body) {
        Ok((Format::Dash, dash::references(input, start, manifest_url)?))
    } else {
        Err(Error::invalid_input(
            "manifest",
            "line 1: neither an HLS playlist (#EXTM3U) nor a DASH MPD (XML)",
        ))
    }
}

pub(crate) fn check_line_count(lines: usize) -> Result<()> {
    if lines > MAX_LINES {
        return Err(Error::invalid_input(
            "manifest",
            format!("the manifest has more than {MAX_LINES} lines"),
        ));
    }
    Ok(())
}

pub(crate) fn check_reference_count(refs: usize) -> Result<()> {
    if refs > MAX_REFERENCES {
        return Err(Error::invalid_input(
            "manifest",
            format!("the manifest has more than {MAX_REFERENCES} references"),
        ));
    }
    Ok(())
}

/// Line numbers from byte offsets.
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(input: &[u8]) -> LineIndex {
        LineIndex {
            newlines: input
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// 1-based line of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    pub fn count(&self) -> usize {
        self.newlines.len() + 1
    }
}

/// Checks the identifiers of a DASH `SegmentTemplate` string
/// (ISO/IEC 23009-1 §5.3.9.4.4): `$$`, or `$Name$` / `$Name%0<width>d$` with
/// Name one of `RepresentationID` (no format), `Number`, `Bandwidth`, `Time`,
/// `SubNumber`. Anything else (an unpaired `$`, an unknown identifier) is
/// refused: a player would not expand it the way the checker does, and the
/// credential must not land inside an identifier.
pub(crate) fn check_template(template: &str) -> std::result::Result<(), String> {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('$') else {
            return Err("has an unpaired '$' (write $$ for a literal '$')".to_string());
        };
        let ident = &after[..j];
        let (name, format) = match ident.split_once('%') {
            Some((n, f)) => (n, Some(f)),
            None => (ident, None),
        };
        let known = matches!(
            name,
            "" | "RepresentationID" | "Number" | "Bandwidth" | "Time" | "SubNumber"
        );
        let format_ok = match format {
            None => true,
            Some(f) => {
                name != "RepresentationID"
                    && !name.is_empty()
                    && f.len() >= 2
                    && f.starts_with('0')
                    && f.ends_with('d')
                    && f[1..f.len() - 1].bytes().all(|b| b.is_ascii_digit())
                    && f.len() <= 6
            }
        };
        if !known || !format_ok {
            return Err(format!(
                "has the template identifier ${}$, not one of $$, $RepresentationID$, $Number$, $Bandwidth$, $Time$, $SubNumber$ (with an optional %0<width>d)",
                ident.chars().take(40).collect::<String>()
            ));
        }
        rest = &after[j + 1..];
    }
    Ok(())
}

/// A sample expansion of a DASH `SegmentTemplate` string: `$Number$` and
/// `$SubNumber$` → 1, `$Time$` → 0, `$Bandwidth$` → 1000000,
/// `$RepresentationID$` → the representation's id (or `representation`),
/// `%0Nd` widths applied, `$$` → `$`. Unknown identifiers stay as written.
pub fn sample_expansion(template: &str, representation_id: Option<&str>) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find('$') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let ident = &after[..j];
        let (name, width) = match ident.split_once('%') {
            Some((n, f)) => (
                n,
                f.strip_suffix('d')
                    .and_then(|w| w.trim_start_matches('0').parse::<usize>().ok()),
            ),
            None => (ident, None),
        };
        let value = match name {
            "" => Some("$".to_string()),
            "Number" | "SubNumber" => Some("1".to_string()),
            "Time" => Some("0".to_string()),
            "Bandwidth" => Some("1000000".to_string()),
            "RepresentationID" => Some(representation_id.unwrap_or("representation").to_string()),
            _ => None,
        };
        match value {
            Some(v) => {
                if let Some(w) = width.filter(|_| name != "RepresentationID") {
                    out.push_str(&format!("{v:0>w$}"));
                } else {
                    out.push_str(&v);
                }
            }
            None => {
                out.push('$');
                out.push_str(ident);
                out.push('$');
            }
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_samples() {
        assert_eq!(sample_expansion("s-$Number%05d$.m4s", None), "s-00001.m4s");
        assert_eq!(
            sample_expansion("$RepresentationID$/$Time$.m4s?x=$$", Some("v1")),
            "v1/0.m4s?x=$"
        );
        assert_eq!(sample_expansion("a$Odd$b$", None), "a$Odd$b$");
        assert_eq!(sample_expansion("b$Bandwidth$", None), "b1000000");
    }

    #[test]
    fn template_identifiers() {
        for ok in [
            "a",
            "$$",
            "s-$Number%05d$-$RepresentationID$",
            "$Time$$SubNumber%0d$",
        ] {
            assert!(check_template(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a$",
            "$Odd$",
            "$RepresentationID%05d$",
            "$Number%5d$",
            "$Number%05TM#x$",
            "$Number%0123456d$",
        ] {
            assert!(check_template(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn line_index() {
        let l = LineIndex::new(b"a\nbc\n\nd");
        assert_eq!([0, 1, 2, 4, 5, 6].map(|o| l.line_of(o)), [1, 1, 2, 2, 3, 4]);
        assert_eq!(l.count(), 4);
    }
}
