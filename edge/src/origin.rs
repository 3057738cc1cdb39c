//! Proxying a granted request to an origin URL instead of a directory
//! (plain HTTP: the edge is a loopback test tool and links no TLS stack).

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full, Limited};
use hyper::header::{HeaderName, HeaderValue, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;

use crate::files::rewrite_hls;
use crate::Body;

/// Request headers passed to the origin; everything else (cookies,
/// credentials, hop-by-hop headers) stays at the edge, as a CDN's default
/// origin request policy does.
const FORWARDED: &[&str] = &[
    "range",
    "if-range",
    "if-none-match",
    "if-modified-since",
    "accept",
    "accept-language",
    "user-agent",
];

/// Response headers not passed back (hop-by-hop).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "te",
    "trailer",
    "proxy-authenticate",
    "proxy-authorization",
];

/// An origin: `http://host:port[/base]`.
pub struct Origin {
    base: String,
    client: Client<HttpConnector, Empty<Bytes>>,
}

impl Origin {
    /// Parses and checks the origin URL.
    pub fn new(url: &str) -> Result<Origin, String> {
        let base = url.trim_end_matches('/').to_string();
        let uri: Uri = base.parse().map_err(|e| format!("origin {url:?}: {e}"))?;
        if uri.scheme_str() != Some("http") || uri.host().is_none() || uri.query().is_some() {
            return Err(format!(
                "origin {url:?}: give http://host[:port][/path] (plain HTTP, no query)"
            ));
        }
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(Origin { base, client })
    }

    /// Fetches `file` (relative, still %-encoded) from the origin for `parts`.
    pub async fn fetch(
        &self,
        parts: &hyper::http::request::Parts,
        file: &str,
        client_ip: std::net::IpAddr,
        rewrite: Option<(String, &str, &str)>,
        max_manifest: u64,
    ) -> Response<Body> {
        let uri = format!("{}/{}", self.base, file.trim_start_matches('/'));
        let mut req = Request::builder().method(parts.method.clone()).uri(&uri);
        for name in FORWARDED {
            for v in parts.headers.get_all(*name) {
                req = req.header(*name, v);
            }
        }
        req = req.header("x-forwarded-for", client_ip.to_string());
        let Ok(req) = req.body(Empty::<Bytes>::new()) else {
            return bad_gateway("the origin request could not be built");
        };
        let resp =
            match tokio::time::timeout(Duration::from_secs(30), self.client.request(req)).await {
                Ok(Ok(r)) => r,
                Ok(Err(e)) => return bad_gateway(&format!("origin {}: {e}", self.base)),
                Err(_) => return bad_gateway(&format!("origin {}: no answer in 30 s", self.base)),
            };
        let (mut head, body) = resp.into_parts();
        for h in HOP_BY_HOP {
            head.headers.remove(*h);
        }
        let is_playlist = file.to_ascii_lowercase().ends_with(".m3u8");
        match rewrite {
            Some((url, param, token)) if is_playlist && head.status == StatusCode::OK => {
                let limited = Limited::new(body, max_manifest as usize);
                let Ok(collected) = limited.collect().await else {
                    return bad_gateway("the origin's playlist is too large to rewrite");
                };
                let out = match rewrite_hls(&collected.to_bytes(), &url, param, token) {
                    Ok(out) => out,
                    Err(why) => {
                        return bad_gateway(&format!("the playlist cannot carry the token: {why}"))
                    }
                };
                head.headers.remove(CONTENT_LENGTH);
                head.headers.remove(HeaderName::from_static("etag"));
                head.headers
                    .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                Response::from_parts(
                    head,
                    Full::new(Bytes::from(out))
                        .map_err(|never| match never {})
                        .boxed_unsync(),
                )
            }
            _ => Response::from_parts(head, body.map_err(std::io::Error::other).boxed_unsync()),
        }
    }
}

fn bad_gateway(msg: &str) -> Response<Body> {
    let mut r = Response::new(
        Full::new(Bytes::from(format!("{msg}\n")))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *r.status_mut() = StatusCode::BAD_GATEWAY;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r.headers_mut()
        .insert(crate::CODE_HEADER, HeaderValue::from_static("origin_error"));
    r
}
