//! Files under a route's root: path resolution that refuses to leave the
//! root (symlinks included), content types, `Range` (tower-http's
//! `ServeFile`), and the HLS manifest rewrite of cookieless dual tokens.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use cdnsign::manifest;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};
use tower_http::services::ServeFile;
use tower_service::Service;

use crate::Body;

/// Decodes `%XX` escapes; `None` for a bad escape or non-UTF-8 result.
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(h).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "m3u8" => "application/vnd.apple.mpegurl",
        "mpd" => "application/dash+xml",
        "ts" => "video/mp2t",
        "m4s" => "video/iso.segment",
        "mp4" | "m4v" => "video/mp4",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "vtt" => "text/vtt",
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "css" => "text/css",
        "txt" => "text/plain; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Whether the file is an HLS playlist.
pub fn is_hls(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("m3u8"))
}

type Failure = (StatusCode, &'static str, String);

/// The file `rel` (percent-encoded, relative) names under `root` (canonical),
/// refusing anything that resolves outside it.
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, Failure> {
    let mut p = root.to_path_buf();
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        let d = percent_decode(seg).ok_or((
            StatusCode::BAD_REQUEST,
            "bad_path",
            "bad %-escape in the path".to_string(),
        ))?;
        if d == "." || d == ".." || d.contains('/') || d.contains('\\') || d.contains('\0') {
            return Err((
                StatusCode::BAD_REQUEST,
                "bad_path",
                "'.' or '..' segment in the path".to_string(),
            ));
        }
        p.push(d);
    }
    let real = std::fs::canonicalize(&p).map_err(|_| {
        (
            StatusCode::NOT_FOUND,
            "not_found",
            "no such file under the root".to_string(),
        )
    })?;
    if !real.starts_with(root) {
        return Err((
            StatusCode::FORBIDDEN,
            "outside_root",
            "the path resolves (through a symlink) outside the served directory".to_string(),
        ));
    }
    if !real.is_file() {
        return Err((
            StatusCode::NOT_FOUND,
            "not_found",
            "not a file (directories are not listed)".to_string(),
        ));
    }
    Ok(real)
}

/// Serves `file` for `req` (GET/HEAD, `Range`, `If-Modified-Since`).
pub async fn serve(file: &Path, req: Request<Incoming>) -> Response<Body> {
    let ct = content_type(file);
    let mime: mime::Mime = ct.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let mut svc = ServeFile::new_with_mime(file, &mime);
    let (parts, _) = req.into_parts();
    let req = Request::from_parts(parts, Full::new(Bytes::new()));
    match svc.call(req).await {
        Ok(resp) => {
            let mut resp = resp.map(|b| b.map_err(std::io::Error::other).boxed_unsync());
            resp.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => {
            let mut r = Response::new(
                Full::new(Bytes::from(format!("read error: {e}\n")))
                    .map_err(|never| match never {})
                    .boxed_unsync(),
            );
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}

/// The playlist at `url` with every reference carrying `param=token`, as
/// Media CDN does for cookieless dual tokens: through the core's manifest
/// rewriter, so bytes, line endings and every URI attribute are kept, and a
/// reference the token could not cover (another host) is refused instead of
/// being sent out to answer 403.
pub fn rewrite_hls(text: &[u8], url: &str, param: &str, token: &str) -> Result<Vec<u8>, String> {
    let query = format!("{param}={token}");
    let signer = manifest::Signer::Issued {
        provider: manifest::Provider::MediaCdn,
        param,
        query: &query,
    };
    // The token's own scope is checked per request; here the coverage is the
    // whole host, so relative references anywhere on it keep working.
    let host_end = url
        .find("://")
        .and_then(|s| url[s + 3..].find('/').map(|p| s + 3 + p + 1))
        .unwrap_or(url.len());
    let options = manifest::SignOptions::new(url, 0).prefix(&url[..host_end]);
    manifest::sign(text, &signer, &options)
        .map(|m| m.manifest)
        .map_err(|e| e.message().to_string())
}

/// Serves an HLS playlist with its references carrying the token.
pub async fn serve_rewritten(
    file: &Path,
    url: &str,
    param: &str,
    token: &str,
    max: u64,
) -> Response<Body> {
    let too_big = tokio::fs::metadata(file)
        .await
        .map(|m| m.len() > max)
        .unwrap_or(true);
    let text = if too_big {
        None
    } else {
        tokio::fs::read(file).await.ok()
    };
    let plain = "text/plain; charset=utf-8";
    let (status, ct, body) = match text.map(|t| rewrite_hls(&t, url, param, token)) {
        Some(Ok(t)) => (StatusCode::OK, content_type(file), t),
        Some(Err(why)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            plain,
            format!("the playlist cannot carry the token: {why}\n").into_bytes(),
        ),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            plain,
            b"the playlist cannot be read or is too large to rewrite\n".to_vec(),
        ),
    };
    let mut r = Response::new(
        Full::new(Bytes::from(body))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
