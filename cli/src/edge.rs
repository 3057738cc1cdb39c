//! `cdnsign edge`: a local CDN that enforces one provider's signed-request
//! rules per route in front of a directory (the `cdnsign-edge` crate).
//!
//! One route from flags (`--provider cloudfront --key K1=cf.pub.pem --root media`)
//! or any number from `--config edge.toml`; flags given with `--config`
//! override its top-level settings. Prints `listening on http://ADDR` (or a
//! JSON object with `--json`) as its first line, then the access log.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cdnsign::Error;
use cdnsign_edge::config::{AddSignaturesConfig, BehaviorConfig, KeyConfig};
use cdnsign_edge::{Config, Edge, RouteConfig};

use crate::{CliResult, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// TOML configuration (routes, keys, limits); see edge/README.md.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port). Default 127.0.0.1:8080.
    #[arg(long)]
    listen: Option<String>,
    /// Directory to serve.
    #[arg(long)]
    root: Option<PathBuf>,
    /// Proxy granted requests to this origin (http://host:port[/path]) instead of serving --root.
    #[arg(long)]
    origin: Option<String>,
    /// One route from flags: cloudfront, stream, mediacdn, cloudcdn or none.
    #[arg(long)]
    provider: Option<String>,
    /// Path prefix of that route.
    #[arg(long, default_value = "/")]
    prefix: String,
    /// A key as ID=FILE or ID=VALUE (repeatable): CloudFront public key PEM,
    /// Stream key (keys response, JWK or PEM), Media CDN keyset public key,
    /// Cloud CDN key file.
    #[arg(long = "key", value_name = "ID=FILE")]
    keys: Vec<String>,
    /// A Media CDN validation shared key (HMAC) as ID=FILE or ID=BASE64 (repeatable).
    #[arg(long = "shared-key", value_name = "ID=FILE")]
    shared_keys: Vec<String>,
    /// CloudFront: key-pair ids trusted under a path pattern, PATTERN=ID1,ID2 (repeatable).
    #[arg(long = "behavior", value_name = "PATTERN=IDS")]
    behaviors: Vec<String>,
    /// Scheme and host the credentials name (https://cdn.example.com); default http://<Host>.
    #[arg(long)]
    public_url: Option<String>,
    /// Media CDN dual tokens: `cookie` (GENERATE_COOKIE) or `hls` (GENERATE_TOKEN_HLS_COOKIELESS).
    #[arg(long)]
    dual_token: Option<String>,
    /// Media CDN signedRequestMode: REQUIRE_TOKENS (default), REQUIRE_SIGNATURES, DISABLED.
    #[arg(long)]
    signed_request_mode: Option<String>,
    /// Cloud CDN: let requests without any signature through, as Cloud CDN does.
    #[arg(long)]
    pass_unsigned: bool,
    /// Serve without checking credentials (a baseline for benchmarks).
    #[arg(long)]
    no_verify: bool,
    /// Peers whose X-Forwarded-For is believed (CIDR, repeatable).
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxies: Vec<String>,
    /// Header carrying the viewer's country (default CF-IPCountry).
    #[arg(long)]
    country_header: Option<String>,
    /// Write the access log to this file instead of standard output.
    #[arg(long)]
    log: Option<PathBuf>,
    /// No access log.
    #[arg(long)]
    quiet: bool,
    /// Worker threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

fn bad(field: &'static str, msg: impl Into<String>) -> Error {
    Error::invalid_input(field, msg.into())
}

/// `ID=FILE` or `ID=VALUE`: the file's text when it exists, else the value.
fn key_arg(text: &str, field: &'static str) -> Result<(String, String), Error> {
    let (id, v) = text.split_once('=').ok_or_else(|| {
        bad(
            field,
            format!("--{field} {text:?}: expected ID=FILE or ID=VALUE"),
        )
    })?;
    let value = if Path::new(v).is_file() {
        std::fs::read_to_string(v).map_err(|e| bad(field, format!("{v}: {e}")))?
    } else {
        v.to_string()
    };
    Ok((id.to_string(), value))
}

fn route_from_flags(a: &Args, provider: &str) -> Result<RouteConfig, Error> {
    let mut r = RouteConfig::new(&a.prefix, provider);
    r.public_url = a.public_url.clone();
    r.origin = a.origin.clone();
    r.verify = !a.no_verify;
    r.pass_unsigned = a.pass_unsigned;
    r.signed_request_mode = a.signed_request_mode.clone();
    for k in &a.keys {
        let (id, value) = key_arg(k, "key")?;
        let mut kc = KeyConfig {
            id,
            ..KeyConfig::default()
        };
        if provider == "cloudcdn" {
            kc.shared_key = Some(value);
        } else {
            kc.public_key = Some(value);
        }
        r.keys.push(kc);
    }
    for k in &a.shared_keys {
        let (id, value) = key_arg(k, "shared-key")?;
        r.keys.push(KeyConfig {
            id,
            shared_key: Some(value),
            ..KeyConfig::default()
        });
    }
    for b in &a.behaviors {
        let (pattern, ids) = b.split_once('=').ok_or_else(|| {
            bad(
                "behavior",
                format!("--behavior {b:?}: expected PATTERN=ID1,ID2"),
            )
        })?;
        r.behaviors.push(BehaviorConfig {
            path_pattern: pattern.to_string(),
            trusted_key_ids: ids.split(',').map(str::to_string).collect(),
        });
    }
    if let Some(d) = &a.dual_token {
        let action = match d.as_str() {
            "cookie" => "GENERATE_COOKIE",
            "hls" => "GENERATE_TOKEN_HLS_COOKIELESS",
            other => {
                return Err(bad(
                    "dual-token",
                    format!("--dual-token {other:?}: cookie or hls"),
                ))
            }
        };
        r.add_signatures = Some(AddSignaturesConfig {
            actions: vec![action.to_string()],
            token_ttl: 86400,
            token_query_parameter: None,
            copied_parameters: None,
            private_key: None,
            private_key_file: None,
            key_id: "edge-long".to_string(),
            keyset: Vec::new(),
        });
    }
    Ok(r)
}

/// `cdnsign edge`.
pub fn run(a: Args, global: &Global) -> CliResult {
    let mut cfg = match &a.config {
        Some(p) => Config::from_file(p).map_err(|e| bad("config", e))?,
        None => Config::default(),
    };
    if let Some(l) = &a.listen {
        cfg.listen = l.clone();
    }
    if let Some(r) = &a.root {
        cfg.root = Some(r.clone());
    }
    if let Some(l) = &a.log {
        cfg.log = Some(l.clone());
    }
    cfg.json |= global.json;
    cfg.quiet |= a.quiet;
    if let Some(h) = &a.country_header {
        cfg.client.country_header = h.clone();
    }
    cfg.client
        .trusted_proxies
        .extend(a.trusted_proxies.iter().cloned());
    if let Some(p) = &a.provider {
        cfg.routes
            .push(route_from_flags(&a, &p.to_ascii_lowercase())?);
    } else if a.no_verify {
        for r in &mut cfg.routes {
            r.verify = false;
        }
    }
    if cfg.routes.is_empty() {
        return Err(bad(
            "provider",
            "no route: give --provider (with --key and --root) or --config edge.toml",
        ));
    }
    let json = cfg.json;
    let edge = Edge::new(cfg).map_err(|e| bad("config", e))?;
    edge.run(a.threads, |addr| {
        let url = format!("http://{addr}");
        let mut out = std::io::stdout().lock();
        let _ = if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"event": "listening", "url": url})
            )
        } else {
            writeln!(out, "cdnsign edge listening on {url}")
        };
        let _ = out.flush();
    })
    .map_err(|e| bad("listen", e))?;
    Ok(ExitCode::SUCCESS)
}
