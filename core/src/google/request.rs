//! The request a Media CDN or Cloud CDN verifier checks, where its
//! credential was found, and the URL-prefix rule both apply.

use std::fmt;
use std::net::IpAddr;

use crate::error::{Error, ErrorCode, Result};

use super::url::{self, has_dot_segments};

/// At most this many `Edge-Cache-Cookie` / `Cloud-CDN-Cookie` cookies of one
/// request are checked.
pub const MAX_COOKIES_TRIED: usize = 4;

/// Where the credential was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `…?Expires=…&KeyName=…&Signature=…` over the exact URL.
    SignedUrl,
    /// `…URLPrefix=…&Expires=…&KeyName=…&Signature=…`.
    SignedPrefix,
    /// `/edge-cache-token=Expires=…&KeyName=…&Signature=…/` in the path.
    PathComponent,
    /// A signed cookie (`URLPrefix=…:Expires=…:KeyName=…:Signature=…`).
    Cookie,
    /// A token in the query parameter.
    Token,
    /// A token in the `Edge-Cache-Cookie` cookie.
    TokenCookie,
}

impl Form {
    /// `signed_url`, `signed_prefix`, `path_component`, `cookie`, `token`, `token_cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::SignedUrl => "signed_url",
            Form::SignedPrefix => "signed_prefix",
            Form::PathComponent => "path_component",
            Form::Cookie => "cookie",
            Form::Token => "token",
            Form::TokenCookie => "token_cookie",
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request as the origin received it. Times are Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) cookies: Vec<String>,
    pub(crate) client_ip: Option<IpAddr>,
    pub(crate) now: i64,
}

impl Request {
    /// The full URL as sent (`https://host/path?query`, not decoded) at time `now`.
    pub fn new(url: impl Into<String>, now: i64) -> Request {
        Request {
            url: url.into(),
            headers: Vec::new(),
            cookies: Vec::new(),
            client_ip: None,
            now,
        }
    }

    /// A request from the parts every surface is given: the URL at `now`,
    /// its headers (a `Cookie` header is read too), a `Cookie:` header value,
    /// and the client address as text, checked as
    /// [`Request::client_ip_str`] checks it.
    pub fn of<N: Into<String>, V: Into<String>>(
        url: impl Into<String>,
        now: i64,
        headers: impl IntoIterator<Item = (N, V)>,
        cookie: Option<&str>,
        client_ip: Option<&str>,
    ) -> Result<Request> {
        let request = Request::new(url, now);
        let mut request = headers
            .into_iter()
            .fold(request, |r, (n, v)| r.header(n, v));
        if let Some(cookie) = cookie {
            request = request.cookie_header(cookie);
        }
        match client_ip {
            Some(ip) => request.client_ip_str(ip),
            None => Ok(request),
        }
    }

    /// Adds a request header (a `Cookie` header is also read for cookies).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        let (name, value) = (name.into(), value.into());
        if name.eq_ignore_ascii_case("cookie") {
            self.cookies.push(value.clone());
        }
        self.headers.push((name, value));
        self
    }

    /// Adds a `Cookie:` header value (`a=1; Edge-Cache-Cookie=…`).
    pub fn cookie_header(mut self, value: impl Into<String>) -> Request {
        self.cookies.push(value.into());
        self
    }

    /// The client address (needed when a token has `IPRanges`).
    pub fn client_ip(mut self, ip: IpAddr) -> Request {
        self.client_ip = Some(ip);
        self
    }

    /// [`Request::client_ip`] from text.
    pub fn client_ip_str(self, ip: &str) -> Result<Request> {
        let parsed = crate::api::inputs::ip_address("client_ip", ip)?;
        Ok(self.client_ip(parsed))
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Now.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The `Cookie:` header values given.
    pub fn cookies(&self) -> &[String] {
        &self.cookies
    }

    /// A header's value: names compared case-insensitively, repeated
    /// headers joined with `,` (RFC 9110 §5.3), for display. The verifier
    /// does not use it: a header a token binds must appear once (RULES.md
    /// T22), since joined copies could spell another header's pair.
    pub fn header_value(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    pub(crate) fn ip(&self) -> Option<IpAddr> {
        self.client_ip
    }
}

pub(crate) fn dot_segments() -> Error {
    Error::rejected(
        ErrorCode::UrlMismatch,
        "the request path has '.' or '..' segments; after normalisation it could point outside what was signed",
    )
}

/// The request URL must start with the signed prefix, with no dot segments.
pub(crate) fn check_prefix(request_url: &str, prefix: &str) -> Result<()> {
    if !request_url.starts_with(prefix) {
        return Err(Error::rejected(
            ErrorCode::UrlMismatch,
            format!(
                "{:?} does not start with the signed URLPrefix {:?}",
                url::truncate(request_url, 100),
                url::truncate(prefix, 100)
            ),
        ));
    }
    if let Some(p) = url::split(request_url) {
        if has_dot_segments(p.path) {
            return Err(dot_segments());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_of_its_parts_is_the_request_the_builders_make() {
        let headers = [("Cookie", "a=1"), ("X-Id", "7")];
        let of = Request::of("https://h/p", 5, headers, Some("b=2"), Some("192.0.2.1")).unwrap();
        let built = Request::new("https://h/p", 5)
            .header("Cookie", "a=1")
            .header("X-Id", "7")
            .cookie_header("b=2")
            .client_ip_str("192.0.2.1")
            .unwrap();
        assert_eq!(of, built);
        assert_eq!(of.cookies(), ["a=1", "b=2"]);
        let none: [(&str, &str); 0] = [];
        let bad = Request::of("https://h/p", 5, none, None, Some("not an ip")).unwrap_err();
        assert_eq!(bad.field(), Some("client_ip"));
    }
}
