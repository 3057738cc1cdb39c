//! The edge's configuration: a TOML file (`cdnsign edge --config edge.toml`)
//! or the same structure built from command-line flags.
//!
//! ```toml
//! listen = "127.0.0.1:8080"
//! root = "media"                 # default directory served by every route
//! json = false                   # access log as JSON lines
//!
//! [client]
//! country_header = "CF-IPCountry"
//! trusted_proxies = ["127.0.0.1/32"]   # X-Forwarded-For is read only from these peers
//!
//! [[route]]
//! prefix = "/cf/"
//! provider = "cloudfront"
//! public_url = "https://d111111abcdef8.cloudfront.net"
//! keys = [{ id = "K2JCJMDEHXQW5F", public_key_file = "cf.pub.pem" }]
//! behaviors = [{ path_pattern = "/cf/premium/*", trusted_key_ids = ["K2JCJMDEHXQW5F"] }]
//! ```
//!
//! Every route names one provider; see README.md in this crate for each
//! provider's options (Media CDN's mirror the EdgeCacheService route's
//! `cdnPolicy`: `signedRequestMode`, `signedTokenOptions`, `addSignatures`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to bind: 127.0.0.1 unless told otherwise (port 0 = any free port).
    #[serde(default = "default_listen")]
    pub listen: String,
    /// The directory routes serve when they name none.
    pub root: Option<PathBuf>,
    /// Access log as JSON lines.
    #[serde(default)]
    pub json: bool,
    /// Access log file (default: standard output).
    pub log: Option<PathBuf>,
    /// No access log at all (benchmarks).
    #[serde(default)]
    pub quiet: bool,
    /// Size and time bounds.
    #[serde(default)]
    pub limits: Limits,
    /// How the viewer's address and country are found.
    #[serde(default)]
    pub client: ClientConfig,
    /// Routes, matched by longest prefix.
    #[serde(default, rename = "route")]
    pub routes: Vec<RouteConfig>,
}

fn default_listen() -> String {
    "127.0.0.1:8080".to_string()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: default_listen(),
            root: None,
            json: false,
            log: None,
            quiet: false,
            limits: Limits::default(),
            client: ClientConfig::default(),
            routes: Vec::new(),
        }
    }
}

impl Config {
    /// Parses a TOML document.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| format!("edge config: {e}"))
    }

    /// Reads a TOML file; relative paths in it are resolved against its folder.
    pub fn from_file(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("edge config {}: {e}", path.display()))?;
        let mut cfg = Config::from_toml(&text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.resolve_paths(base);
        Ok(cfg)
    }

    /// Makes every relative path absolute against `base`.
    pub fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        if let Some(r) = &mut self.root {
            fix(r);
        }
        if let Some(l) = &mut self.log {
            fix(l);
        }
        for route in &mut self.routes {
            if let Some(r) = &mut route.root {
                fix(r);
            }
            for k in route.keys.iter_mut().chain(
                route
                    .add_signatures
                    .iter_mut()
                    .flat_map(|a| a.keyset.iter_mut()),
            ) {
                if let Some(f) = &mut k.public_key_file {
                    fix(f);
                }
                if let Some(f) = &mut k.shared_key_file {
                    fix(f);
                }
            }
            if let Some(a) = &mut route.add_signatures {
                if let Some(f) = &mut a.private_key_file {
                    fix(f);
                }
            }
        }
    }
}

/// Bounds that keep one client from holding the edge.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Longest request target (path and query), bytes: longer is 414.
    pub max_url_len: usize,
    /// Request head buffer (request line and headers), bytes: larger is 431.
    pub max_header_bytes: usize,
    /// Seconds a client has to send a complete request head.
    pub header_read_timeout_secs: u64,
    /// Seconds a connection may live (slow readers are cut off).
    pub connection_timeout_secs: u64,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// Largest manifest rewritten in memory (HLS cookieless dual tokens).
    pub max_manifest_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_url_len: 8192,
            max_header_bytes: 32 * 1024,
            header_read_timeout_secs: 10,
            connection_timeout_secs: 300,
            max_connections: 512,
            max_manifest_bytes: 4 * 1024 * 1024,
        }
    }
}

/// Where the viewer's address and country come from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClientConfig {
    /// Header carrying the viewer's ISO country code (Cloudflare's `CF-IPCountry`).
    pub country_header: String,
    /// Peers (CIDRs) whose `X-Forwarded-For` is believed; the viewer is the
    /// right-most address in it that is not itself a trusted proxy.
    pub trusted_proxies: Vec<String>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            country_header: "CF-IPCountry".to_string(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// One key: an id and its public key or shared secret, inline or in a file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Key-pair id (CloudFront), kid (Stream), keyset key id (Media CDN) or key name (Cloud CDN).
    #[serde(default)]
    pub id: String,
    /// Public key text: PEM (CloudFront, Stream), a Stream keys response or
    /// JWK, a Media CDN keyset value (base64url Ed25519).
    pub public_key: Option<String>,
    /// The same, from a file.
    pub public_key_file: Option<PathBuf>,
    /// Shared secret, base64url (Media CDN validation shared key, Cloud CDN key file).
    pub shared_key: Option<String>,
    /// The same, from a file.
    pub shared_key_file: Option<PathBuf>,
}

impl KeyConfig {
    /// The public key text, inline or read from its file.
    pub fn public_text(&self) -> Result<Option<String>, String> {
        text_or_file(&self.public_key, &self.public_key_file, &self.id)
    }

    /// The shared secret text, inline or read from its file.
    pub fn shared_text(&self) -> Result<Option<String>, String> {
        text_or_file(&self.shared_key, &self.shared_key_file, &self.id)
    }
}

fn text_or_file(
    inline: &Option<String>,
    file: &Option<PathBuf>,
    id: &str,
) -> Result<Option<String>, String> {
    match (inline, file) {
        (Some(_), Some(_)) => Err(format!(
            "key {id:?}: give the key inline or as a file, not both"
        )),
        (Some(t), None) => Ok(Some(t.clone())),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map(Some)
            .map_err(|e| format!("key {id:?}: {}: {e}", f.display())),
        (None, None) => Ok(None),
    }
}

/// A CloudFront cache behavior: which key-pair ids a path pattern trusts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviorConfig {
    /// CloudFront path pattern (`*` any run, `?` one character), matched against the request path.
    pub path_pattern: String,
    /// The key-pair ids of the behavior's trusted key groups.
    pub trusted_key_ids: Vec<String>,
}

/// Media CDN `addSignatures`: what the edge mints after a short-duration token verifies.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddSignaturesConfig {
    /// `GENERATE_COOKIE`, `GENERATE_TOKEN_HLS_COOKIELESS`, `PROPAGATE_TOKEN_HLS_COOKIELESS`.
    pub actions: Vec<String>,
    /// Lifetime of the long-duration token, seconds (default 86400, at most 604800).
    #[serde(default = "default_token_ttl")]
    pub token_ttl: i64,
    /// Query parameter of the long-duration token (default: the route's token parameter).
    pub token_query_parameter: Option<String>,
    /// Short-token fields copied into the long one (default `PathGlobs`, `URLPrefix`, `SessionID`, `Data`).
    pub copied_parameters: Option<Vec<String>>,
    /// Ed25519 private key (seed) that signs long-duration tokens; a fresh one per run when absent.
    pub private_key: Option<String>,
    /// The same, from a file.
    pub private_key_file: Option<PathBuf>,
    /// Key id of that key in the long-duration keyset.
    #[serde(default = "default_long_key_id")]
    pub key_id: String,
    /// More public keys that long-duration tokens may be signed with.
    #[serde(default)]
    pub keyset: Vec<KeyConfig>,
}

fn default_token_ttl() -> i64 {
    86400
}

fn default_long_key_id() -> String {
    "edge-long".to_string()
}

fn yes() -> bool {
    true
}

/// One route: a path prefix, the directory behind it, and one provider's rules.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    /// Path prefix (`/cf/`); the rest of the path names the file under `root`.
    pub prefix: String,
    /// `cloudfront`, `stream`, `mediacdn`, `cloudcdn` or `none` (open).
    pub provider: String,
    /// The directory served (default: the top-level `root`).
    pub root: Option<PathBuf>,
    /// Proxy granted requests to this origin (`http://host:port[/path]`)
    /// instead of serving a directory: the file path is appended to it.
    pub origin: Option<String>,
    /// Scheme and host the viewer uses (`https://cdn.example.com`), which
    /// credentials name; default `http://<Host header>`.
    pub public_url: Option<String>,
    /// `false` serves without checking (a baseline for benchmarks).
    #[serde(default = "yes")]
    pub verify: bool,
    /// Public keys or shared secrets.
    #[serde(default)]
    pub keys: Vec<KeyConfig>,
    /// CloudFront: trusted key-pair ids per path pattern (first match wins);
    /// without any, every key is trusted everywhere.
    #[serde(default)]
    pub behaviors: Vec<BehaviorConfig>,
    /// Stream: refuse a video uid without a token (`requireSignedURLs`).
    #[serde(default = "yes")]
    pub require_signed_urls: bool,
    /// Media CDN `signedRequestMode`: `DISABLED`, `REQUIRE_SIGNATURES`, `REQUIRE_TOKENS` (default).
    pub signed_request_mode: Option<String>,
    /// Media CDN keyset name (a `KeyName` equal to it tries every public key).
    pub keyset_name: Option<String>,
    /// Media CDN `signedTokenOptions.tokenQueryParameter` (default `edge-cache-token`).
    pub token_query_parameter: Option<String>,
    /// Media CDN `signedTokenOptions.allowedSignatureAlgorithms` (default `ED25519`).
    #[serde(default)]
    pub allowed_signature_algorithms: Vec<String>,
    /// Media CDN `signedRequestMaximumExpirationTtl`, seconds.
    pub signed_request_maximum_expiration_ttl: Option<i64>,
    /// Media CDN `addSignatures` (dual-token authentication).
    pub add_signatures: Option<AddSignaturesConfig>,
    /// Cloud CDN lets requests without any signature through; `true` mirrors that.
    #[serde(default)]
    pub pass_unsigned: bool,
    /// Mark cookies the edge sets as `Secure` (browsers keep them only over HTTPS or on localhost).
    #[serde(default)]
    pub cookie_secure: bool,
}

impl RouteConfig {
    /// A route for `provider` under `prefix`, with defaults.
    pub fn new(prefix: &str, provider: &str) -> RouteConfig {
        RouteConfig {
            prefix: prefix.to_string(),
            provider: provider.to_string(),
            root: None,
            origin: None,
            public_url: None,
            verify: true,
            keys: Vec::new(),
            behaviors: Vec::new(),
            require_signed_urls: true,
            signed_request_mode: None,
            keyset_name: None,
            token_query_parameter: None,
            allowed_signature_algorithms: Vec::new(),
            signed_request_maximum_expiration_ttl: None,
            add_signatures: None,
            pass_unsigned: false,
            cookie_secure: false,
        }
    }
}
