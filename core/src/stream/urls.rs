//! Playback URLs on a Stream customer subdomain:
//! `https://customer-<CODE>.cloudflarestream.com/<TOKEN or UID>/<path>`.

use std::fmt;

use super::token::MAX_TOKEN_LEN;
use crate::error::{Error, Result};

/// Which resource of a video.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UrlKind {
    /// The Stream Player embed: `…/iframe`.
    Iframe,
    /// HLS manifest: `…/manifest/video.m3u8`.
    Hls,
    /// DASH manifest: `…/manifest/video.mpd`.
    Dash,
    /// Thumbnail: `…/thumbnails/thumbnail.jpg` (append `?time=1s&height=270` etc.).
    Thumbnail,
    /// MP4 download: `…/downloads/default.mp4` (a token needs `downloadable`).
    Mp4Download,
}

impl UrlKind {
    /// Every kind, in a stable order.
    pub const ALL: [UrlKind; 5] = [
        UrlKind::Iframe,
        UrlKind::Hls,
        UrlKind::Dash,
        UrlKind::Thumbnail,
        UrlKind::Mp4Download,
    ];

    /// The path after the token or uid.
    pub fn path(self) -> &'static str {
        match self {
            UrlKind::Iframe => "iframe",
            UrlKind::Hls => "manifest/video.m3u8",
            UrlKind::Dash => "manifest/video.mpd",
            UrlKind::Thumbnail => "thumbnails/thumbnail.jpg",
            UrlKind::Mp4Download => "downloads/default.mp4",
        }
    }

    /// Short name: `iframe`, `hls`, `dash`, `thumbnail`, `mp4`.
    pub fn name(self) -> &'static str {
        match self {
            UrlKind::Iframe => "iframe",
            UrlKind::Hls => "hls",
            UrlKind::Dash => "dash",
            UrlKind::Thumbnail => "thumbnail",
            UrlKind::Mp4Download => "mp4",
        }
    }

    /// From the short name; errors name `kind` and list the names.
    pub fn from_name(name: &str) -> Result<UrlKind> {
        UrlKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                Error::invalid_input(
                    "kind",
                    format!(
                        "kind={} is not one of iframe, hls, dash, thumbnail, mp4",
                        crate::text::shown(name, 64)
                    ),
                )
            })
    }
}

impl fmt::Display for UrlKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Builds playback URLs for one Stream account (customer code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamUrls {
    base: String,
}

impl StreamUrls {
    /// From the customer code (`f33zs165nr7gyfy4`, or `customer-f33zs165nr7gyfy4`).
    pub fn new(customer_code: &str) -> Result<StreamUrls> {
        let code = customer_code
            .strip_prefix("customer-")
            .unwrap_or(customer_code);
        if code.is_empty()
            || code.len() > 50
            || !code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            let shown: String = customer_code.chars().take(64).collect();
            return Err(Error::invalid_input(
                "customer_code",
                format!("customer code {shown:?} is not the lower-case letters and digits of customer-<CODE>.cloudflarestream.com"),
            ));
        }
        Ok(StreamUrls {
            base: format!("https://customer-{code}.cloudflarestream.com"),
        })
    }

    /// `https://customer-<CODE>.cloudflarestream.com`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of `kind` for a token or a video uid.
    pub fn url(&self, token_or_uid: &str, kind: UrlKind) -> Result<String> {
        check_id(token_or_uid)?;
        Ok(format!("{}/{token_or_uid}/{}", self.base, kind.path()))
    }

    /// The player embed URL.
    pub fn iframe(&self, token_or_uid: &str) -> Result<String> {
        self.url(token_or_uid, UrlKind::Iframe)
    }

    /// The HLS manifest URL.
    pub fn hls(&self, token_or_uid: &str) -> Result<String> {
        self.url(token_or_uid, UrlKind::Hls)
    }

    /// The DASH manifest URL.
    pub fn dash(&self, token_or_uid: &str) -> Result<String> {
        self.url(token_or_uid, UrlKind::Dash)
    }

    /// The thumbnail URL.
    pub fn thumbnail(&self, token_or_uid: &str) -> Result<String> {
        self.url(token_or_uid, UrlKind::Thumbnail)
    }

    /// The MP4 download URL.
    pub fn mp4_download(&self, token_or_uid: &str) -> Result<String> {
        self.url(token_or_uid, UrlKind::Mp4Download)
    }
}

fn check_id(id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(
            "id",
            "the token or video uid is empty",
        ));
    }
    if id.len() > MAX_TOKEN_LEN {
        return Err(Error::invalid_input(
            "id",
            format!("the token is {} bytes; at most {MAX_TOKEN_LEN}", id.len()),
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(Error::invalid_input(
            "id",
            format!("{c:?} cannot appear in a token or video uid (base64url and '.')"),
        ));
    }
    if id.starts_with('.') || id.contains("..") {
        return Err(Error::invalid_input(
            "id",
            "a token or uid cannot start with '.' or contain \"..\"",
        ));
    }
    Ok(())
}

/// If `url` is a Stream playback URL (`https://customer-….cloudflarestream.com/<id>/…`,
/// `videodelivery.net`, or `watch.cloudflarestream.com`), its first path
/// segment (the token or uid).
pub fn id_from_url(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let stream_host = host.ends_with(".cloudflarestream.com")
        || host == "cloudflarestream.com"
        || host == "videodelivery.net"
        || host.ends_with(".videodelivery.net");
    if !stream_host {
        return None;
    }
    let seg = path.split(['/', '?', '#']).next()?;
    (!seg.is_empty()).then_some(seg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_documented_paths() {
        let u = StreamUrls::new("customer-f33zs165nr7gyfy4").unwrap();
        assert_eq!(
            u.hls("abc").unwrap(),
            "https://customer-f33zs165nr7gyfy4.cloudflarestream.com/abc/manifest/video.m3u8"
        );
        assert!(u.iframe("a.b-c_d").unwrap().ends_with("/a.b-c_d/iframe"));
        assert_eq!(UrlKind::from_name("mp4").unwrap(), UrlKind::Mp4Download);
        let e = UrlKind::from_name("HLS").unwrap_err();
        assert_eq!(e.field(), Some("kind"));
        assert_eq!(
            e.message(),
            "kind=\"HLS\" is not one of iframe, hls, dash, thumbnail, mp4"
        );
        for bad in ["", "../x", "a/b", "a?b", ".a", "a..b", "é"] {
            assert_eq!(u.hls(bad).unwrap_err().field(), Some("id"), "{bad:?}");
        }
        for bad in ["", "ABC", "a.b", "customer-", "a b"] {
            assert_eq!(
                StreamUrls::new(bad).unwrap_err().field(),
                Some("customer_code"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn finds_the_id_in_playback_urls() {
        assert_eq!(
            id_from_url("https://customer-x.cloudflarestream.com/tok.en.x/manifest/video.m3u8"),
            Some("tok.en.x")
        );
        assert_eq!(
            id_from_url("https://videodelivery.net/abc?x=1"),
            Some("abc")
        );
        assert_eq!(id_from_url("https://d111.cloudfront.net/abc"), None);
        assert_eq!(id_from_url("https://evilcloudflarestream.com/abc"), None);
    }
}
