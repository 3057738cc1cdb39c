//! Files under a route's root: path resolution that refuses to leave the
//! root (symlinks included), content types, `Range` (tower-http's
//! `ServeFile`), and the HLS manifest rewrite of cookieless dual tokens.

use std::path::{Path, PathBuf};

use bytes::Bytes;
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

/// Appends `param=token` to every URI of an HLS playlist (lines that are
/// not tags, and `URI="..."` attributes), as Media CDN does for cookieless
/// dual tokens.
pub fn rewrite_hls(text: &str, param: &str, token: &str) -> String {
    let add = |uri: &str| -> String {
        let sep = if uri.contains('?') { '&' } else { '?' };
        format!("{uri}{sep}{param}={token}")
    };
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            out.push_str(line);
        } else if t.starts_with('#') {
            if let Some(at) = line.find("URI=\"") {
                let start = at + 5;
                if let Some(len) = line[start..].find('"') {
                    out.push_str(&line[..start]);
                    out.push_str(&add(&line[start..start + len]));
                    out.push_str(&line[start + len..]);
                } else {
                    out.push_str(line);
                }
            } else {
                out.push_str(line);
            }
        } else {
            out.push_str(&add(t));
        }
        out.push('\n');
    }
    out
}

/// Serves an HLS playlist with its references carrying the token.
pub async fn serve_rewritten(file: &Path, param: &str, token: &str, max: u64) -> Response<Body> {
    let too_big = tokio::fs::metadata(file)
        .await
        .map(|m| m.len() > max)
        .unwrap_or(true);
    let text = if too_big {
        None
    } else {
        tokio::fs::read_to_string(file).await.ok()
    };
    let (status, ct, body) = match text {
        Some(t) => (
            StatusCode::OK,
            content_type(file),
            rewrite_hls(&t, param, token),
        ),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            "the playlist cannot be read or is too large to rewrite\n".to_string(),
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
