//! # cdnsign-edge
//!
//! A local CDN edge: serves a directory behind one provider's signed-request
//! rules per route prefix (CloudFront, Cloudflare Stream, Google Media CDN,
//! Google Cloud CDN), so a backend, its player and its CI can be tested end
//! to end on one machine. Started by `cdnsign edge`.
//!
//! - Allowed: the file, with `Range` support and the streaming content types.
//! - Refused: a 403 shaped like the CDN's where documented, an
//!   `x-cdnsign-code` header with the stable rejection code, and the verifier's
//!   message and `explain` text in the body.
//! - One access-log line per request (text, or JSON lines).
//! - Safety: no `.`/`..` segments, no symlinks out of the root, bounded
//!   request heads and URLs, header-read and connection timeouts, a bound on
//!   connections, 127.0.0.1 by default.
#![forbid(unsafe_code)]

pub mod config;
mod files;
mod log;
mod origin;
pub mod providers;

use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use config::{Config, RouteConfig};
use log::{AccessLog, Entry};
use providers::{Ask, Rules};

/// The response body type.
pub type Body = UnsyncBoxBody<Bytes, io::Error>;

/// The header carrying the rejection code on a refusal.
pub const CODE_HEADER: &str = "x-cdnsign-code";

/// Where a route's files come from.
enum Source {
    Dir(PathBuf),
    Origin(origin::Origin),
}

struct Route {
    prefix: String,
    source: Source,
    public_url: Option<String>,
    rules: Rules,
}

struct Cidr(cdnsign::stream::IpRange);

struct State {
    routes: Vec<Route>,
    limits: config::Limits,
    country_header: String,
    trusted: Vec<Cidr>,
    log: AccessLog,
}

/// A configured edge, ready to serve.
#[derive(Clone)]
pub struct Edge {
    state: Arc<State>,
    listen: String,
}

impl Edge {
    /// Checks the configuration and loads every key.
    pub fn new(cfg: Config) -> Result<Edge, String> {
        if cfg.routes.is_empty() {
            return Err("the edge needs at least one route".to_string());
        }
        let mut routes = Vec::new();
        for r in &cfg.routes {
            if !r.prefix.starts_with('/') {
                return Err(format!("route prefix {:?} must start with '/'", r.prefix));
            }
            let source = match &r.origin {
                Some(o) => Source::Origin(origin::Origin::new(o)?),
                None => {
                    let root = r.root.clone().or_else(|| cfg.root.clone()).ok_or_else(|| {
                        format!("route {}: no root directory or origin", r.prefix)
                    })?;
                    let root = std::fs::canonicalize(&root)
                        .map_err(|e| format!("route {}: root {}: {e}", r.prefix, root.display()))?;
                    if !root.is_dir() {
                        return Err(format!(
                            "route {}: {} is not a directory",
                            r.prefix,
                            root.display()
                        ));
                    }
                    Source::Dir(root)
                }
            };
            if let Some(u) = &r.public_url {
                if !(u.starts_with("http://") || u.starts_with("https://")) {
                    return Err(format!(
                        "route {}: public_url {u:?} must start with http:// or https://",
                        r.prefix
                    ));
                }
            }
            routes.push(Route {
                prefix: r.prefix.clone(),
                source,
                public_url: r
                    .public_url
                    .as_ref()
                    .map(|u| u.trim_end_matches('/').to_string()),
                rules: Rules::from_config(r)?,
            });
        }
        // Longest prefix first.
        routes.sort_by_key(|r| std::cmp::Reverse(r.prefix.len()));
        let trusted = cfg
            .client
            .trusted_proxies
            .iter()
            .map(|t| {
                cdnsign::stream::IpRange::parse(t)
                    .map(Cidr)
                    .map_err(|e| format!("trusted_proxies {t:?}: {}", e.message()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let log = if cfg.quiet {
            AccessLog::off()
        } else {
            AccessLog::open(cfg.log.as_deref(), cfg.json)?
        };
        Ok(Edge {
            state: Arc::new(State {
                routes,
                limits: cfg.limits.clone(),
                country_header: cfg.client.country_header.to_ascii_lowercase(),
                trusted,
                log,
            }),
            listen: cfg.listen.clone(),
        })
    }

    /// Binds the configured address.
    pub async fn bind(&self) -> io::Result<TcpListener> {
        TcpListener::bind(&self.listen).await
    }

    /// Serves connections from `listener` until the task is dropped.
    pub async fn serve(self, listener: TcpListener) -> io::Result<()> {
        let limits = &self.state.limits;
        let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        let conn_timeout = Duration::from_secs(limits.connection_timeout_secs.max(1));
        let head_timeout = Duration::from_secs(limits.header_read_timeout_secs.max(1));
        let max_buf = limits.max_header_bytes.max(8192);
        loop {
            let permit = permits
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| io::Error::other("semaphore closed"))?;
            let (stream, peer) = match listener.accept().await {
                Ok(x) => x,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let state = self.state.clone();
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(move |req| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(handle(&state, req, peer).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(head_timeout)
                    .max_buf_size(max_buf)
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), svc);
                let _ = tokio::time::timeout(conn_timeout, conn).await;
                drop(permit);
            });
        }
    }

    /// Binds, reports the URL through `on_listening`, and serves on a
    /// runtime of `threads` workers until Ctrl-C.
    pub fn run(self, threads: usize, on_listening: impl FnOnce(SocketAddr)) -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .enable_all()
            .build()
            .map_err(|e| format!("runtime: {e}"))?;
        rt.block_on(async move {
            let listener = self
                .bind()
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", self.listen))?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            on_listening(addr);
            let server = tokio::spawn(self.serve(listener));
            let _ = tokio::signal::ctrl_c().await;
            server.abort();
            Ok(())
        })
    }
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn full(status: StatusCode, content_type: &str, body: String) -> Response<Body> {
    let mut r = Response::new(
        Full::new(Bytes::from(body))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r
}

fn plain(status: StatusCode, code: &str, text: String) -> Response<Body> {
    let mut r = full(status, "text/plain; charset=utf-8", text);
    if let Ok(v) = HeaderValue::from_str(code) {
        r.headers_mut().insert(CODE_HEADER, v);
    }
    r
}

/// The viewer: the peer, or for a trusted proxy the right-most
/// `X-Forwarded-For` address that is not itself a trusted proxy.
fn client_ip(state: &State, peer: IpAddr, req: &Request<Incoming>) -> IpAddr {
    let trusted = |ip: IpAddr| state.trusted.iter().any(|c| c.0.contains(ip));
    if !trusted(peer) {
        return peer;
    }
    let mut ip = peer;
    let values: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    for part in values.join(",").rsplit(',') {
        match part.trim().parse::<IpAddr>() {
            Ok(a) => {
                ip = a;
                if !trusted(a) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    ip
}

fn bad_segments(path: &str) -> bool {
    path.split('/').any(|seg| {
        let d = files::percent_decode(seg);
        match d {
            None => true,
            Some(d) => {
                d == "." || d == ".." || d.contains('\\') || d.contains('\0') || d.contains('/')
            }
        }
    })
}

async fn handle(state: &State, req: Request<Incoming>, peer: SocketAddr) -> Response<Body> {
    let started = Instant::now();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".to_string());
    let path = req.uri().path().to_string();
    let ip = client_ip(state, peer.ip(), &req);
    let mut entry = Entry::new(ip, req.method().as_str(), &path);
    let resp = respond(state, req, &target, &path, ip, &mut entry).await;
    entry.status = resp.status().as_u16();
    entry.micros = started.elapsed().as_micros() as u64;
    state.log.write(&entry);
    resp
}

async fn respond(
    state: &State,
    req: Request<Incoming>,
    target: &str,
    path: &str,
    ip: IpAddr,
    entry: &mut Entry,
) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        entry.deny("method_not_allowed", "only GET and HEAD");
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "only GET and HEAD are served\n".into(),
        );
        r.headers_mut()
            .insert("allow", HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if target.len() > state.limits.max_url_len {
        entry.deny("url_too_long", "request target over the limit");
        return plain(
            StatusCode::URI_TOO_LONG,
            "url_too_long",
            format!(
                "the request target is longer than {} bytes\n",
                state.limits.max_url_len
            ),
        );
    }
    let Some(route) = state.routes.iter().find(|r| path.starts_with(&r.prefix)) else {
        entry.deny("no_route", "no route matches");
        return plain(
            StatusCode::NOT_FOUND,
            "no_route",
            "no route serves this path\n".into(),
        );
    };
    entry.provider = route.rules.name();
    entry.route = route.prefix.clone();
    if bad_segments(path) {
        entry.deny("bad_path", "'.'/'..' segments or bad escapes");
        return plain(
            StatusCode::BAD_REQUEST,
            "bad_path",
            "the path has '.' or '..' segments, an encoded '/' or '\\', or a bad %-escape\n".into(),
        );
    }
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let cookie = headers
        .iter()
        .filter(|(n, _)| n == "cookie")
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let country = headers
        .iter()
        .find(|(n, _)| *n == state.country_header)
        .map(|(_, v)| v.trim().to_string());
    let origin = match &route.public_url {
        Some(u) => u.clone(),
        None => format!(
            "http://{}",
            req.headers()
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost")
        ),
    };
    let now = now_unix();
    let ask = Ask {
        target,
        path,
        rest: &path[route.prefix.len()..],
        origin: &origin,
        cookie: &cookie,
        headers: &headers,
        client_ip: ip,
        country: country.as_deref(),
        now,
    };
    let grant = match route.rules.check(&ask) {
        Ok(g) => g,
        Err(refusal) => {
            entry.deny(&refusal.code, &refusal.message);
            let (ct, body) = route.rules.refusal_body(&refusal);
            let mut r = full(StatusCode::FORBIDDEN, ct, body);
            if let Ok(v) = HeaderValue::from_str(&refusal.code) {
                r.headers_mut().insert(CODE_HEADER, v);
            }
            return r;
        }
    };
    entry.allow(&grant.form, &grant.key, grant.note.clone());
    let mut resp = match &route.source {
        Source::Origin(o) => {
            let (parts, _) = req.into_parts();
            o.fetch(
                &parts,
                &grant.file,
                ip,
                grant
                    .rewrite
                    .as_ref()
                    .map(|(p, t)| (format!("{origin}{path}"), p.as_str(), t.as_str())),
                state.limits.max_manifest_bytes,
            )
            .await
        }
        Source::Dir(root) => match files::resolve(root, &grant.file) {
            Err((status, code, msg)) => {
                entry.code = Some(code.to_string());
                entry.message = Some(msg.clone());
                plain(status, code, format!("{msg}\n"))
            }
            Ok(file) => {
                let rewrite = grant.rewrite.as_ref().filter(|_| files::is_hls(&file));
                match rewrite {
                    Some((param, token)) => {
                        let url = format!("{origin}{path}");
                        files::serve_rewritten(
                            &file,
                            &url,
                            param,
                            token,
                            state.limits.max_manifest_bytes,
                        )
                        .await
                    }
                    None => files::serve(&file, req).await,
                }
            }
        },
    };
    for c in &grant.set_cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            resp.headers_mut().append("set-cookie", v);
        }
    }
    resp
}
