//! Just enough URL handling for signing and checking Google signed requests.
//! Everything works on the exact text sent on the wire: nothing is decoded or
//! normalised, because the signatures cover those exact bytes.

use crate::encoding::{first_invalid_url_char, percent_encode_url};
use crate::error::{Error, Result};

/// Longest URL a verifier looks at; longer requests are refused unread.
pub const MAX_URL_LEN: usize = 16 * 1024;

/// The parts of an absolute `http(s)` URL, as slices of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// `https://host[:port]`.
    pub origin: &'a str,
    /// From the first `/` after the host up to `?`/`#`; empty when absent.
    pub path: &'a str,
    /// After `?`, up to `#`; `None` without `?`.
    pub query: Option<&'a str>,
    /// Byte offset of the query in the URL (just after `?`).
    pub query_start: usize,
    /// After `#`.
    pub fragment: Option<&'a str>,
}

impl UrlParts<'_> {
    /// The path as a server sees it (`/` when the URL has none).
    pub fn path_or_root(&self) -> &str {
        if self.path.is_empty() {
            "/"
        } else {
            self.path
        }
    }
}

/// Splits `url`; `None` unless it is `http://` or `https://` with a host.
pub(crate) fn split(url: &str) -> Option<UrlParts<'_>> {
    let lower: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let rest = &url[scheme_len..];
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_len == 0 {
        return None;
    }
    let origin_end = scheme_len + host_len;
    let (before_frag, fragment) = match url[origin_end..].find('#') {
        Some(i) => (&url[..origin_end + i], Some(&url[origin_end + i + 1..])),
        None => (url, None),
    };
    let (path, query, query_start) = match before_frag[origin_end..].find('?') {
        Some(i) => (
            &before_frag[origin_end..origin_end + i],
            Some(&before_frag[origin_end + i + 1..]),
            origin_end + i + 1,
        ),
        None => (&before_frag[origin_end..], None, before_frag.len()),
    };
    Some(UrlParts {
        origin: &url[..origin_end],
        path,
        query,
        query_start,
        fragment,
    })
}

/// Refuses characters that cannot travel in a URL, pointing at the helper.
pub(crate) fn check_wire(field: &'static str, text: &str) -> Result<()> {
    if let Some((at, c)) = first_invalid_url_char(text) {
        let what = if c == ' ' {
            "a space".to_string()
        } else if c.is_control() {
            format!("control character U+{:04X}", c as u32)
        } else {
            format!("{c:?}")
        };
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} contains {what} at byte {at}, which cannot be sent as is; sign the percent-encoded form you will send: {:?}",
                truncate(&percent_encode_url(text), 120)
            ),
        ));
    }
    Ok(())
}

pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// An absolute `http(s)` URL on the wire, without a fragment.
pub(crate) fn check_http_url<'a>(field: &'static str, url: &'a str) -> Result<UrlParts<'a>> {
    if url.is_empty() {
        return Err(Error::invalid_input(field, format!("{field} is empty")));
    }
    if url.len() > MAX_URL_LEN {
        return Err(Error::invalid_input(
            field,
            format!("{field} is {} bytes; at most {MAX_URL_LEN}", url.len()),
        ));
    }
    check_wire(field, url)?;
    let parts = split(url).ok_or_else(|| {
        Error::invalid_input(
            field,
            format!(
                "{field} {:?} is not an absolute http:// or https:// URL with a host",
                truncate(url, 80)
            ),
        )
    })?;
    if parts.fragment.is_some() {
        return Err(Error::invalid_input(
            field,
            format!("{field} has a #fragment; browsers never send it, so the CDN would see another URL than the one signed"),
        ));
    }
    Ok(parts)
}

/// One `name=value` pair of a query, with the byte offset of `name` in the
/// string the query was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Param<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
    pub start: usize,
}

/// Splits a query (`a=1&b&c=3`) into pairs; `offset` is added to the starts.
pub(crate) fn params(query: &str, offset: usize) -> Vec<Param<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in query.split('&') {
        let (name, value) = match piece.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (piece, None),
        };
        out.push(Param {
            name,
            value,
            start: offset + pos,
        });
        pos += piece.len() + 1;
    }
    out
}

/// The query parameters of `url` (empty without a query).
pub(crate) fn url_params(url: &str) -> Vec<Param<'_>> {
    match split(url) {
        Some(UrlParts {
            query: Some(q),
            query_start,
            ..
        }) if !q.is_empty() => params(q, query_start),
        _ => Vec::new(),
    }
}

/// Refuses a URL that already carries one of `reserved` as a query parameter.
pub(crate) fn check_no_reserved_params(
    field: &'static str,
    parts: &UrlParts<'_>,
    reserved: &[&str],
) -> Result<()> {
    if let Some(q) = parts.query {
        for p in params(q, 0) {
            if reserved.contains(&p.name) {
                return Err(Error::invalid_input(
                    field,
                    format!(
                        "{field} already has a {} query parameter; signing it again would produce a URL the CDN reads differently (remove {})",
                        p.name,
                        reserved.join("/")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// True when a path has a `.` or `..` segment (also percent-encoded): a
/// server normalising it would serve another path than the one checked.
/// The crate's one rule, `core/src/path.rs`, shared with CloudFront.
pub(crate) fn has_dot_segments(path: &str) -> bool {
    crate::path::dot_segment(path).is_some()
}

/// Values of every cookie called `name` in `Cookie:` header values
/// (`a=1; Edge-Cache-Cookie=…`), read under the Google CDNs' rules of
/// `core/src/cookie.rs` (a leading `Cookie:` tolerated, pieces without `=`
/// skipped).
pub(crate) fn cookie_values<'a>(headers: &'a [String], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter_map(|h| crate::cookie::parse_pairs(h, crate::cookie::GOOGLE).ok())
        .flatten()
        .filter(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .collect()
}

/// `url` plus `?pair` or `&pair`.
pub(crate) fn append_query(url: &str, pair: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{pair}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        let p = split("https://h.example:8443/a/b.m3u8?x=1&y#f").unwrap();
        assert_eq!(p.origin, "https://h.example:8443");
        assert_eq!(p.path, "/a/b.m3u8");
        assert_eq!(p.query, Some("x=1&y"));
        assert_eq!(p.fragment, Some("f"));
        let p = split("http://h?x").unwrap();
        assert_eq!(p.path_or_root(), "/");
        assert_eq!(p.query, Some("x"));
        assert!(split("ftp://h/x").is_none());
        assert!(split("https:///x").is_none());
        assert!(split("/relative").is_none());
    }

    #[test]
    fn params_keep_offsets() {
        let url = "https://h/p?a=1&Expires=5&Signature=xyz";
        let ps = url_params(url);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[2].name, "Signature");
        assert_eq!(&url[ps[2].start..], "Signature=xyz");
        assert_eq!(ps[1].value, Some("5"));
    }

    #[test]
    fn refuses_bad_urls() {
        assert_eq!(
            check_http_url("url", "https://h/a b").unwrap_err().field(),
            Some("url")
        );
        assert!(check_http_url("url", "https://h/a#x").is_err());
        assert!(check_http_url("url", "h/a").is_err());
        assert!(check_http_url("url", "").is_err());
        let p = split("https://h/a?Expires=1").unwrap();
        assert!(check_no_reserved_params("url", &p, &["Expires"]).is_err());
        let p = split("https://h/a?MyExpires=1").unwrap();
        assert!(check_no_reserved_params("url", &p, &["Expires"]).is_ok());
    }

    #[test]
    fn dot_segments_and_cookies() {
        assert!(has_dot_segments("/a/../b"));
        assert!(has_dot_segments("/a/%2E%2e/b"));
        assert!(has_dot_segments("/a/./b"));
        assert!(!has_dot_segments("/a/..b/c.ts"));
        // Encoded or back slashes split segments too (an origin may decode them).
        assert!(has_dot_segments("/v/..%2fsecret/a.ts"));
        assert!(has_dot_segments("/v/%2E%2E%5Csecret/a.ts"));
        assert!(has_dot_segments("/v/..\\secret"));
        let hs = vec![
            "a=1; Edge-Cache-Cookie=URLPrefix=x:Expires=1".to_string(),
            "Cookie: Edge-Cache-Cookie=\"v2\"".to_string(),
        ];
        assert_eq!(
            cookie_values(&hs, "Edge-Cache-Cookie"),
            vec!["URLPrefix=x:Expires=1", "v2"]
        );
        assert!(cookie_values(&hs, "b").is_empty());
    }
}
