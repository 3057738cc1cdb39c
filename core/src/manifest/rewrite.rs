//! Signing a manifest: validate every reference, sign once, append.

use crate::encoding::first_invalid_url_char;
use crate::error::{Error, Result};
use crate::{cloudcdn, cloudfront, mediacdn};

use super::resolve::{folder_of, plain_relative, resolve, scheme_of, split, Resolver};
use super::{parse, Format, RawRef, Role};

/// The provider and the signer that mints the one credential.
#[derive(Clone, Copy, Debug)]
pub enum Signer<'a> {
    /// CloudFront: one custom policy over `<coverage>*`.
    CloudFront(&'a cloudfront::Signer),
    /// Media CDN: one `URLPrefix` token (Ed25519 or HMAC), in the token
    /// signer's query parameter (`edge-cache-token` by default).
    MediaCdn(&'a mediacdn::TokenSigner),
    /// Media CDN: one `PathGlobs=<coverage path>*` token.
    MediaCdnPathGlobs(&'a mediacdn::TokenSigner),
    /// Cloud CDN: one `URLPrefix` signature.
    CloudCdn(&'a cloudcdn::Signer),
    /// A credential already minted, appended as it is (`query` is
    /// `param=value`): what a Media CDN route configured for cookieless dual
    /// tokens does with the long-duration token it issues (`cdnsign edge`).
    Issued {
        /// Whose credential it is.
        provider: Provider,
        /// The query parameter it travels in (a reference must not carry it yet).
        param: &'a str,
        /// `param=value`.
        query: &'a str,
    },
}

/// The providers a manifest can be signed for, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// AWS CloudFront.
    CloudFront,
    /// Google Media CDN.
    MediaCdn,
    /// Google Cloud CDN.
    CloudCdn,
}

impl Provider {
    /// `cloudfront`, `mediacdn` or `cloudcdn`. `stream` is refused with the
    /// reason: Stream serves its own manifests with the token in the path.
    pub fn from_name(name: &str) -> Result<Provider> {
        match name {
            "cloudfront" => Ok(Provider::CloudFront),
            "mediacdn" => Ok(Provider::MediaCdn),
            "cloudcdn" => Ok(Provider::CloudCdn),
            "stream" => Err(Error::invalid_input(
                "provider",
                "Cloudflare Stream manifests need no rewrite: Stream serves its own manifests and the signed token sits in the path (https://customer-<code>.cloudflarestream.com/<TOKEN>/manifest/video.m3u8), so every relative reference inherits it; sign a Stream token and build that URL instead",
            )),
            other => Err(Error::invalid_input(
                "provider",
                format!(
                    "provider {:?} is not one of cloudfront, mediacdn, cloudcdn",
                    crate::google::url::truncate(other, 40)
                ),
            )),
        }
    }

    /// The name [`Provider::from_name`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::CloudFront => "cloudfront",
            Provider::MediaCdn => "mediacdn",
            Provider::CloudCdn => "cloudcdn",
        }
    }
}

impl From<Provider> for crate::api::Provider {
    fn from(p: Provider) -> Self {
        match p {
            Provider::CloudFront => crate::api::Provider::CloudFront,
            Provider::MediaCdn => crate::api::Provider::MediaCdn,
            Provider::CloudCdn => crate::api::Provider::CloudCdn,
        }
    }
}

impl Signer<'_> {
    /// The provider.
    pub fn provider(&self) -> Provider {
        match self {
            Signer::CloudFront(_) => Provider::CloudFront,
            Signer::MediaCdn(_) | Signer::MediaCdnPathGlobs(_) => Provider::MediaCdn,
            Signer::CloudCdn(_) => Provider::CloudCdn,
            Signer::Issued { provider, .. } => *provider,
        }
    }

    /// Query parameters a reference must not already carry.
    fn reserved(&self) -> Vec<&str> {
        match self {
            Signer::CloudFront(_) => cloudfront::RESERVED_PARAMS.to_vec(),
            Signer::MediaCdn(t) | Signer::MediaCdnPathGlobs(t) => vec![t.param()],
            Signer::CloudCdn(_) => crate::google::signature::RESERVED_PARAMS.to_vec(),
            Signer::Issued { param, .. } => vec![param],
        }
    }

    /// The longest request URL the provider (and its verifier) accepts.
    fn max_url_len(&self) -> usize {
        match self.provider() {
            Provider::CloudFront => cloudfront::MAX_URL_LEN,
            _ => mediacdn::MAX_URL_LEN,
        }
    }

    /// The one credential, as query parameters (no leading `?`/`&`).
    fn credential(&self, coverage: &str, expires: i64) -> Result<String> {
        match self {
            Signer::CloudFront(s) => {
                let options = cloudfront::SignOptions::expires(expires)
                    .resource(format!("{coverage}*"))
                    .policy_kind(cloudfront::PolicyKind::Custom);
                let url = s.sign_url(coverage, &options)?;
                Ok(url[coverage.len() + 1..].to_string())
            }
            Signer::MediaCdn(t) => Ok(t
                .sign(&mediacdn::TokenClaims::new(expires).url_prefix(coverage))?
                .query_pair()),
            Signer::MediaCdnPathGlobs(t) => {
                let path = split(coverage).path;
                Ok(
                    t.sign(&mediacdn::TokenClaims::new(expires).path_globs([format!("{path}*")]))?
                        .query_pair(),
                )
            }
            Signer::CloudCdn(s) => Ok(s.prefix_query(coverage, expires)?.query),
            Signer::Issued { query, .. } => Ok(query.to_string()),
        }
    }
}

/// What to sign the manifest for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignOptions {
    /// The manifest's own URL (what the player fetched it from); relative
    /// references resolve against it.
    pub url: String,
    /// The coverage: a URL prefix every reference must start with. Default:
    /// the manifest's folder (`https://host/path/to/`).
    pub prefix: Option<String>,
    /// When the credential expires (Unix seconds).
    pub expires: i64,
    /// Rewrite every reference to an absolute URL (default: keep each as
    /// written, relative or absolute, and append the credential).
    pub absolute: bool,
}

impl SignOptions {
    /// Options for the manifest at `url`, expiring at `expires`.
    pub fn new(url: impl Into<String>, expires: i64) -> SignOptions {
        SignOptions {
            url: url.into(),
            prefix: None,
            expires,
            absolute: false,
        }
    }

    /// Sets the coverage prefix.
    pub fn prefix(mut self, prefix: impl Into<String>) -> SignOptions {
        self.prefix = Some(prefix.into());
        self
    }

    /// Rewrites to absolute URLs.
    pub fn absolute(mut self, absolute: bool) -> SignOptions {
        self.absolute = absolute;
        self
    }
}

/// One rewritten reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// 1-based line number.
    pub line: usize,
    /// `uri-line`, `EXT-X-KEY@URI`, `SegmentTemplate@media`, `BaseURL`, …
    pub kind: &'static str,
    /// The reference as written in the input (XML-escaped in an MPD).
    pub original: String,
    /// Where its replacement sits in [`SignedManifest::manifest`] (byte
    /// range); [`SignedManifest::rewritten`] gives the text. A range, not a
    /// copy: with a CloudFront policy every rewrite carries ~600 bytes, and a
    /// 10,000-segment playlist would otherwise hold them twice.
    pub span: std::ops::Range<usize>,
    /// The absolute URL the reference names, before the credential is
    /// appended (for a template: unexpanded).
    pub url: String,
}

/// A signed manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedManifest {
    /// HLS or DASH.
    pub format: Format,
    /// The signed manifest's bytes.
    pub manifest: Vec<u8>,
    /// Every rewritten reference, in order.
    pub references: Vec<Reference>,
    /// The URL prefix the credential covers.
    pub coverage: String,
    /// The credential appended to every reference (query parameters).
    pub credential: String,
}

impl SignedManifest {
    /// The manifest as text (`None` only when the input was not UTF-8).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.manifest).ok()
    }

    /// What replaced `reference` in the output (the reference with the
    /// credential, escaped for XML in an MPD).
    pub fn rewritten(&self, reference: &Reference) -> &str {
        self.manifest
            .get(reference.span.clone())
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

fn refuse(r: &RawRef, why: impl std::fmt::Display) -> Error {
    Error::invalid_input(
        "manifest",
        format!(
            "line {}: {} {:?} {why}",
            r.line,
            r.kind,
            crate::google::url::truncate(&r.value, 200)
        ),
    )
}

/// Checks the manifest URL or the coverage prefix: absolute `http(s)`, a
/// host, a path, no fragment (and no query for the prefix).
fn check_absolute(field: &'static str, url: &str, allow_query: bool) -> Result<()> {
    let p = split(url);
    let scheme_ok = p
        .scheme
        .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    if !scheme_ok || p.authority.map_or(true, str::is_empty) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} {:?} is not an absolute http(s) URL with a host",
                crate::google::url::truncate(url, 100)
            ),
        ));
    }
    if !p.path.starts_with('/') {
        return Err(Error::invalid_input(
            field,
            format!("{field} must have a path, at least \"/\" after the host"),
        ));
    }
    if p.fragment.is_some() {
        return Err(Error::invalid_input(
            field,
            format!("{field} has a #fragment"),
        ));
    }
    if !allow_query && p.query.is_some() {
        return Err(Error::invalid_input(
            field,
            format!("{field} is a URL prefix and cannot carry a ?query"),
        ));
    }
    if let Some((i, c)) = first_invalid_url_char(url) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} has {c:?} at byte {i}, which is not valid in a URL; percent-encode it"
            ),
        ));
    }
    Ok(())
}

/// What `r` would request, checked against the coverage; `None` for a
/// reference that causes no CDN request (a folder `BaseURL`, `data:`, `skd:`).
fn checked_target(
    r: &RawRef,
    coverage: &str,
    reserved: &[&str],
    resolver: &mut Resolver,
) -> Result<Option<String>> {
    if r.role == Role::Base {
        // A folder BaseURL causes no request, but everything under it does:
        // a template inherited from an ancestor is requested under it too,
        // so it must itself be inside the coverage.
        let resolved = strip_fragment(&resolve(&r.base, &r.value)).to_string();
        if !resolved.starts_with(coverage) {
            return Err(refuse(
                r,
                format_args!(
                    "resolves to the folder {:?}, outside the signed coverage {:?}; the requests made under it would not be covered and the CDN would answer 403 (pass a wider prefix if they stay inside)",
                    crate::google::url::truncate(&resolved, 200),
                    coverage
                ),
            ));
        }
        return Ok(None);
    }
    if r.value.is_empty() {
        // Resolves to its base: the manifest itself, or a file BaseURL that
        // is signed where it is written (DASH `SegmentURL` without media).
        return Ok(None);
    }
    let scheme = if plain_relative(&r.value) {
        None
    } else {
        scheme_of(&r.value)
    };
    match scheme.as_deref() {
        None | Some("http") | Some("https") => {}
        Some("data") | Some("skd") => return Ok(None),
        Some(other) => {
            return Err(refuse(
                r,
                format_args!("has the scheme {other:?}: only http(s) references can carry a CDN credential (data: and skd: are left alone)"),
            ))
        }
    }
    let target = r.sample.as_deref().unwrap_or(&r.value);
    if let Some((i, c)) = first_invalid_url_char(target) {
        return Err(refuse(
            r,
            format_args!("has {c:?} at byte {i}, which is not valid in a URL: percent-encode it in the manifest"),
        ));
    }
    let mut resolved = resolver.resolve(&r.base, target);
    if let Some(i) = resolved.find('#') {
        resolved.truncate(i);
    }
    if !resolved.starts_with(coverage) {
        return Err(refuse(
            r,
            format_args!(
                "resolves to {:?}, outside the signed coverage {:?} (another host or folder); the credential would not cover it and the CDN would answer 403",
                crate::google::url::truncate(&resolved, 200),
                coverage
            ),
        ));
    }
    if let Some((_, q)) = resolved.split_once('?') {
        for name in q.split('&').map(|p| p.split('=').next().unwrap_or("")) {
            if reserved.contains(&name) {
                return Err(refuse(
                    r,
                    format_args!(
                        "already carries {name}=; remove the old credential before signing"
                    ),
                ));
            }
        }
    }
    Ok(Some(resolved))
}

fn strip_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Writes `written` (a reference without fragment, as it is written) then
/// `credential` into `out`, with the separator [`append`] would choose for
/// `value` (the reference unescaped); `ampersand` is how `&` is written.
fn push_appended(out: &mut Vec<u8>, written: &str, value: &str, credential: &str, ampersand: &str) {
    out.extend_from_slice(written.as_bytes());
    match separator(value) {
        "&" if !ampersand.is_empty() => out.extend_from_slice(ampersand.as_bytes()),
        sep => out.extend_from_slice(sep.as_bytes()),
    }
    out.extend_from_slice(credential.as_bytes());
}

/// What goes between a reference (without fragment) and the credential.
/// The query is what follows the first '?': a later '?' is a character of
/// it, not a separator.
fn separator(pre: &str) -> &'static str {
    match pre.split_once('?') {
        None => "?",
        Some((_, query)) if query.is_empty() || query.ends_with('&') => "",
        Some(_) => "&",
    }
}

/// `reference` with `credential` appended as query parameters, before any
/// fragment.
fn append(reference: &str, credential: &str) -> String {
    let (pre, frag) = match reference.find('#') {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, ""),
    };
    let sep = separator(pre);
    let mut out = String::with_capacity(reference.len() + 1 + credential.len());
    out.push_str(pre);
    out.push_str(sep);
    out.push_str(credential);
    out.push_str(frag);
    out
}

/// Signs every reference of `manifest` (HLS or DASH, detected) with one
/// credential. Bytes in, bytes out: everything but the references is kept.
pub fn sign(manifest: &[u8], signer: &Signer<'_>, options: &SignOptions) -> Result<SignedManifest> {
    check_absolute("url", &options.url, true)?;
    let coverage = match &options.prefix {
        Some(p) => {
            check_absolute("prefix", p, false)?;
            p.clone()
        }
        None => folder_of(&options.url),
    };
    if matches!(signer, Signer::CloudFront(_)) && coverage.contains('*') {
        return Err(Error::invalid_input(
            "prefix",
            "a CloudFront coverage prefix cannot contain '*' (a policy wildcard); percent-encode it as %2A",
        ));
    }
    let (format, refs) = parse(manifest, &options.url)?;
    let reserved = signer.reserved();
    let mut targets = Vec::with_capacity(refs.len());
    let mut resolver = Resolver::default();
    for r in refs {
        if let Some(resolved) = checked_target(&r, &coverage, &reserved, &mut resolver)? {
            targets.push((r, resolved));
        }
    }
    let credential = signer.credential(&coverage, options.expires)?;
    let escaped = quick_xml::escape::escape(credential.as_str()).into_owned();

    let extra: usize = targets.len() * (credential.len() + 8);
    let mut out = Vec::with_capacity(manifest.len() + extra);
    let mut references = Vec::with_capacity(targets.len());
    let mut pos = 0;
    for (mut r, resolved) in targets {
        // What the reference names, before the credential; a template's
        // checks ran on its sample expansion, its URL stays unexpanded.
        let url = match &r.sample {
            Some(_) => strip_fragment(&resolve(&r.base, &r.value)).to_string(),
            None => resolved,
        };
        let expansion = r
            .sample
            .as_ref()
            .map_or(0, |sample| sample.len().saturating_sub(r.value.len()));
        let request_len = url.len() + 1 + credential.len() + expansion;
        if request_len > signer.max_url_len() {
            return Err(refuse(
                &r,
                format_args!(
                    "would be requested as a {request_len}-byte URL with the credential, over the {} limit of {} bytes",
                    signer.provider().as_str(),
                    signer.max_url_len()
                ),
            ));
        }
        let has_fragment = r.value.contains('#');
        // In a playlist the reference is written as is; in an MPD escaped.
        let original = if r.xml {
            String::from_utf8_lossy(&manifest[r.start..r.end]).into_owned()
        } else {
            std::mem::take(&mut r.value)
        };
        out.extend_from_slice(&manifest[pos..r.start]);
        let start = out.len();
        match (r.xml, options.absolute, has_fragment) {
            // The common cases, written straight into the output.
            (false, false, false) => push_appended(&mut out, &original, &original, &credential, ""),
            (false, true, false) => push_appended(&mut out, &url, &url, &credential, ""),
            (true, false, false) => {
                // Keep the escapes as written; append the escaped credential.
                push_appended(&mut out, &original, &r.value, &escaped, "&amp;")
            }
            _ => {
                let value = if r.xml { &r.value } else { &original };
                let new_value = if options.absolute {
                    append(&resolve(&r.base, value), &credential)
                } else {
                    append(value, &credential)
                };
                if r.xml {
                    out.extend_from_slice(quick_xml::escape::escape(new_value.as_str()).as_bytes());
                } else {
                    out.extend_from_slice(new_value.as_bytes());
                }
            }
        }
        pos = r.end;
        references.push(Reference {
            line: r.line,
            kind: r.kind,
            original,
            span: start..out.len(),
            url,
        });
    }
    out.extend_from_slice(&manifest[pos..]);
    Ok(SignedManifest {
        format,
        manifest: out,
        references,
        coverage,
        credential,
    })
}

/// [`sign`] for text; [`SignedManifest::text`] is then always `Some`.
pub fn sign_str(
    manifest: &str,
    signer: &Signer<'_>,
    options: &SignOptions,
) -> Result<SignedManifest> {
    sign(manifest.as_bytes(), signer, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending() {
        assert_eq!(append("a.ts", "X=1"), "a.ts?X=1");
        assert_eq!(append("a.ts?b=2", "X=1"), "a.ts?b=2&X=1");
        assert_eq!(append("a.ts?", "X=1"), "a.ts?X=1");
        assert_eq!(append("a.ts?b&", "X=1"), "a.ts?b&X=1");
        assert_eq!(append("a.ts#t=1", "X=1"), "a.ts?X=1#t=1");
        // Found by the fuzzer: a '&' in the path is not a query separator.
        assert_eq!(append("a&b&", "X=1"), "a&b&?X=1");
        assert_eq!(append("a&?b", "X=1"), "a&?b&X=1");
        assert_eq!(append("a?.ts?", "X=1"), "a?.ts?&X=1");
        assert_eq!(append("a?b=1&", "X=1"), "a?b=1&X=1");
    }

    #[test]
    fn stream_is_refused_with_the_reason() {
        let e = Provider::from_name("stream").unwrap_err();
        assert_eq!(e.field(), Some("provider"));
        assert!(e.message().contains("token sits in the path"));
        assert_eq!(Provider::from_name("cloudcdn").unwrap(), Provider::CloudCdn);
        for name in ["cloudfront", "mediacdn", "cloudcdn"] {
            let api: crate::api::Provider = Provider::from_name(name).unwrap().into();
            assert_eq!(api.as_str(), name);
        }
    }
}
