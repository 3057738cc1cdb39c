//! URL rules: what a signer accepts, and how a verifier takes a signed URL
//! apart into the base URL (the canned policy's resource) and the CloudFront
//! parameters.

use crate::encoding::first_invalid_url_char;
use crate::error::{Error, Result};
pub(crate) use crate::path::dot_segment;

/// CloudFront's limit on a URL ("Maximum length of a URL: 8,192 bytes").
/// Signers refuse to produce longer URLs; verifiers refuse to parse them.
pub const MAX_URL_LEN: usize = 8192;

/// The query parameters CloudFront reserves for itself. A URL to be signed
/// must not already carry any of them.
pub const RESERVED_PARAMS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// Checks a URL that is about to be signed (and sent as is).
pub(crate) fn check_url(url: &str, field: &'static str) -> Result<()> {
    check_common(url, field)?;
    if !has_http_scheme(url) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} must be an absolute http:// or https:// URL, got {}",
                shown(url)
            ),
        ));
    }
    let authority = &url[url.find("://").map_or(0, |i| i + 3)..];
    let host_end = authority.find(['/', '?']).unwrap_or(authority.len());
    if host_end == 0 {
        return Err(Error::invalid_input(
            field,
            format!("{field} has no host: {}", shown(url)),
        ));
    }
    if let Some((_, query)) = url.split_once('?') {
        for piece in query.split('&') {
            let name = piece.split_once('=').map_or(piece, |(n, _)| n);
            if RESERVED_PARAMS.contains(&name) {
                return Err(Error::invalid_input(
                    field,
                    format!(
                        "{field} already has a {name} parameter; CloudFront reserves Expires, Policy, Signature, Key-Pair-Id and Hash-Algorithm (is this URL signed already?)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Checks a custom policy's resource pattern (may contain `*` and `?`).
pub(crate) fn check_resource(resource: &str, field: &'static str) -> Result<()> {
    check_common(resource, field)?;
    if !(has_http_scheme(resource) || resource.starts_with('*')) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} must begin with http://, https:// or * (CloudFront's rule for Resource), got {}",
                shown(resource)
            ),
        ));
    }
    Ok(())
}

fn check_common(text: &str, field: &'static str) -> Result<()> {
    if text.is_empty() {
        return Err(Error::invalid_input(field, format!("{field} is empty")));
    }
    if text.len() > MAX_URL_LEN {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} is {} bytes; CloudFront accepts URLs of at most {MAX_URL_LEN} bytes",
                text.len()
            ),
        ));
    }
    if let Some(i) = text.find('#') {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} has a fragment ({}) at byte {i}; browsers never send it, so it cannot be signed: sign the URL without it and append the fragment afterwards",
                shown(&text[i..])
            ),
        ));
    }
    if let Some((i, c)) = first_invalid_url_char(text) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} has {} at byte {i}, which is not valid in a URL on the wire; percent-encode it first (cloudfront percent_encode_url; percentEncodeUrl in Node, cdnsign_percent_encode_url in C) so you sign exactly what the browser will send",
                describe_char(c)
            ),
        ));
    }
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(Error::invalid_input(
                field,
                format!("{field} has a '%' at byte {i} that does not start a %XX escape; write a literal '%' as %25"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn has_http_scheme(text: &str) -> bool {
    let lower = |n: usize| text.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c if !c.is_ascii() => format!("the non-ASCII character {c:?} (U+{:04X})", c as u32),
        c => format!("the character {c:?}"),
    }
}

/// Appends already-formatted parameters with `?` or `&` (the rule both AWS
/// SDKs and CloudFront's guide use).
pub(crate) fn append_params(base: &str, params: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = String::with_capacity(base.len() + 1 + params.len());
    out.push_str(base);
    out.push(sep);
    out.push_str(params);
    out
}

/// A signed URL taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SplitUrl {
    /// The URL without the CloudFront parameters and without a fragment: the
    /// URL the viewer is asking for, as CloudFront compares it.
    pub base: String,
    /// CloudFront parameters in order of appearance, values percent-decoded.
    pub params: Vec<(&'static str, String)>,
    /// A fragment was present and ignored (browsers do not send it).
    pub had_fragment: bool,
    /// Some of the caller's own parameters come after a CloudFront one.
    pub params_after_signature: bool,
}

impl SplitUrl {
    #[cfg(test)]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits `url` into its base and CloudFront parameters. Errors are
/// `malformed` (a parameter twice, a bad escape, an over-long URL).
pub(crate) fn split_signed_url(url: &str) -> Result<SplitUrl> {
    if url.len() > MAX_URL_LEN {
        return Err(Error::malformed(
            "url",
            format!(
                "the URL is {} bytes; CloudFront refuses URLs over {MAX_URL_LEN} bytes",
                url.len()
            ),
        ));
    }
    let (url, had_fragment) = match url.split_once('#') {
        Some((before, _)) => (before, true),
        None => (url, false),
    };
    let Some((path, query)) = url.split_once('?') else {
        return Ok(SplitUrl {
            base: url.to_string(),
            params: Vec::new(),
            had_fragment,
            params_after_signature: false,
        });
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut params: Vec<(&'static str, String)> = Vec::new();
    let mut params_after_signature = false;
    for piece in query.split('&') {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        match RESERVED_PARAMS.iter().find(|r| **r == name) {
            Some(reserved) => {
                if params.iter().any(|(n, _)| n == reserved) {
                    return Err(Error::malformed(
                        field_of(reserved),
                        format!("the URL has the {reserved} parameter twice"),
                    ));
                }
                params.push((reserved, percent_decode(value, field_of(reserved))?));
            }
            None => {
                if !params.is_empty() {
                    params_after_signature = true;
                }
                kept.push(piece);
            }
        }
    }
    let base = if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    };
    Ok(SplitUrl {
        base,
        params,
        had_fragment,
        params_after_signature,
    })
}

/// The error field for a CloudFront parameter.
pub(crate) fn field_of(param: &str) -> &'static str {
    match param {
        "Expires" => "Expires",
        "Policy" => "Policy",
        "Signature" => "Signature",
        "Key-Pair-Id" => "Key-Pair-Id",
        "Hash-Algorithm" => "Hash-Algorithm",
        _ => "url",
    }
}

/// Decodes `%XX` escapes (some URL libraries escape `~` as `%7E`). `+` is
/// left alone: CloudFront's alphabet never produces it.
pub(crate) fn percent_decode(value: &str, field: &'static str) -> Result<String> {
    if !value.contains('%') {
        return Ok(value.to_string());
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    Error::malformed(field, format!("{field} has a broken %-escape at byte {i}"))
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| {
        Error::malformed(
            field,
            format!("{field} decodes to bytes that are not UTF-8"),
        )
    })
}

/// The path of a request URL as sent: after the host, up to `?` or `#`
/// (the text before `?` when there is no `scheme://`).
pub(crate) fn url_path(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let before_query = &url[..end];
    match before_query.find("://") {
        Some(i) => {
            let after_scheme = &before_query[i + 3..];
            after_scheme.find('/').map_or("", |j| &after_scheme[j..])
        }
        None => before_query,
    }
}

/// A value quoted for an error message, cut after 80 characters.
pub(crate) fn shown(text: &str) -> String {
    crate::text::shown(text, 80)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn accepts_plain_urls() {
        for ok in [
            "https://d111111abcdef8.cloudfront.net/image.jpg",
            "https://d111111abcdef8.cloudfront.net",
            "http://example.com:8080/videos/intro.mp4?a=1&b=2",
            "https://d/a/b.txt?",
            "https://d/v/a:b@c+d,e;f=g$h!i'j(k)l.mp4",
            "HTTPS://d/x%20y",
            "https://[2001:db8::1]/x",
        ] {
            check_url(ok, "url").unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
    }

    #[test]
    fn refuses_with_the_field_named() {
        for (bad, needle) in [
            ("", "empty"),
            ("/images/a.jpg", "absolute"),
            ("ftp://d/x", "absolute"),
            ("https:///x", "no host"),
            ("https://d/x#t=10", "fragment"),
            ("https://d/a b", "space"),
            ("https://d/caf\u{e9}", "non-ASCII"),
            ("https://d/a\tb", "control"),
            ("https://d/a\"b", "'\"'"),
            ("https://d/100%", "%25"),
            ("https://d/%zz", "%25"),
            ("https://d/x?Expires=1", "Expires"),
            ("https://d/x?a=1&Signature=abc", "Signature"),
            ("https://d/x?Key-Pair-Id", "Key-Pair-Id"),
            ("https://d/x?Policy=e30_", "Policy"),
            ("https://d/x?Hash-Algorithm=SHA256", "Hash-Algorithm"),
        ] {
            let err = check_url(bad, "url").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}");
            assert_eq!(err.field(), Some("url"), "{bad}");
            assert!(err.message().contains(needle), "{bad}: {err}");
        }
        let long = format!("https://d/{}", "a".repeat(MAX_URL_LEN));
        assert!(check_url(&long, "url")
            .unwrap_err()
            .message()
            .contains("8192"));
        // Lower-case look-alikes of the reserved names are the caller's own.
        check_url("https://d/x?expires=1&signature=2", "url").unwrap();
    }

    #[test]
    fn resources_may_start_with_a_star() {
        check_resource("*", "resource").unwrap();
        check_resource("https://d/*", "resource").unwrap();
        check_resource("https://d/clip-?.mp4", "resource").unwrap();
        assert_eq!(
            check_resource("d/x", "resource").unwrap_err().field(),
            Some("resource")
        );
        assert!(check_resource("https://d/a b*", "resource").is_err());
    }

    #[test]
    fn splits_signed_urls_in_any_order() {
        let s = split_signed_url(
            "https://d/x.jpg?size=large&Expires=1&Key-Pair-Id=K&Signature=a%7Eb#t=3",
        )
        .unwrap();
        assert_eq!(s.base, "https://d/x.jpg?size=large");
        assert_eq!(s.get("Expires"), Some("1"));
        assert_eq!(s.get("Signature"), Some("a~b"));
        assert_eq!(s.get("Key-Pair-Id"), Some("K"));
        assert!(s.had_fragment);
        assert!(!s.params_after_signature);

        let s = split_signed_url("https://d/b.txt?&Expires=1&Signature=s&Key-Pair-Id=K").unwrap();
        assert_eq!(s.base, "https://d/b.txt?");
        let s = split_signed_url("https://d/b.txt?Policy=p&Signature=s&Key-Pair-Id=K&x=1").unwrap();
        assert_eq!(s.base, "https://d/b.txt?x=1");
        assert!(s.params_after_signature);
        let s = split_signed_url("https://d/b.txt").unwrap();
        assert!(s.params.is_empty());

        let err = split_signed_url("https://d/x?Signature=a&Signature=b").unwrap_err();
        assert_eq!(err.code(), ErrorCode::Malformed);
        assert_eq!(err.field(), Some("Signature"));
        assert_eq!(
            split_signed_url("https://d/x?Signature=%zz")
                .unwrap_err()
                .code(),
            ErrorCode::Malformed
        );
    }

    #[test]
    fn finds_dot_segments_with_every_separator() {
        assert_eq!(url_path("https://d/videos/a.mp4?x=../y#z"), "/videos/a.mp4");
        assert_eq!(url_path("https://d"), "");
        assert_eq!(url_path("https://d?x=1"), "");
        assert_eq!(url_path("/a/../b?c"), "/a/../b");
        for (path, segment) in [
            ("/videos/../secret/a.mp4", ".."),
            ("/videos/./a.mp4", "."),
            ("/videos/%2e%2e/secret/a.mp4", "%2e%2e"),
            ("/videos/%2E%2E/secret/a.mp4", "%2E%2E"),
            ("/videos/%2e./secret/a.mp4", "%2e."),
            ("/videos/.%2E/secret/a.mp4", ".%2E"),
            ("/videos/%2e/a.mp4", "%2e"),
            ("/videos/..%2fsecret/a.mp4", ".."),
            ("/videos/..%2Fsecret/a.mp4", ".."),
            ("/videos/%2e%2e%2fsecret/a.mp4", "%2e%2e"),
            ("/videos/..%5csecret/a.mp4", ".."),
            ("/videos/..\\secret/a.mp4", ".."),
            ("/videos/a/..", ".."),
            ("..", ".."),
        ] {
            assert_eq!(dot_segment(path), Some(segment), "{path}");
        }
        for path in [
            "/videos/a.mp4",
            "/videos/..a/b.mp4",
            "/videos/a../b.mp4",
            "/videos/.../b.mp4",
            "/videos/%2e%2e%2e/b.mp4",
            "/videos/.hidden",
            "/videos/%2",
            "/videos/%2f",
            "",
            "/",
        ] {
            assert_eq!(dot_segment(path), None, "{path}");
        }
    }

    #[test]
    fn appends_with_the_right_separator() {
        assert_eq!(append_params("https://d/x", "A=1"), "https://d/x?A=1");
        assert_eq!(
            append_params("https://d/x?q=1", "A=1"),
            "https://d/x?q=1&A=1"
        );
        assert_eq!(append_params("https://d/x?", "A=1"), "https://d/x?&A=1");
    }
}
