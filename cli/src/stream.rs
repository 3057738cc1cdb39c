//! `cdnsign stream …`: Cloudflare Stream signed tokens.

use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::stream::{
    self as core, AccessDecision, AccessRule, Action, Claims, GeneratedKey, SigningKey, StreamUrls,
    UrlKind, Verifier, VerifyRequest,
};
use cdnsign::Error;
use serde_json::{json, Value};

use crate::{args, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign a token for one video (no Cloudflare API call).
    #[command(alias = "token")]
    Sign(TokenArgs),
    /// Decode a token without any key: header, payload and claims.
    Decode(DecodeArgs),
    /// Verify a token (or a playback URL carrying one) the way Stream does.
    Verify(VerifyArgs),
    /// Print the playback URLs (iframe, HLS, DASH, thumbnail, mp4) for a token or uid.
    Urls(UrlsArgs),
    #[command(flatten)]
    Explain(crate::explain::Command),
}

#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    /// The token (or a playback URL carrying one).
    token: String,
}

fn decode(a: DecodeArgs) -> CliResult {
    args::print_json(&records::DecodedToken::from(&core::decode(a.token.trim())?));
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// The signing key: the `POST /stream/keys` response JSON, a private JWK
    /// (JSON or base64), or a PEM (PKCS#1/PKCS#8, needs --kid); `-` = stdin.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// Key id, needed with a PEM key (must match the key's own id otherwise).
    #[arg(long)]
    kid: Option<String>,
    /// The video uid (`sub`).
    #[arg(long, value_name = "UID")]
    video: String,
    /// Expiry: Unix seconds or relative (+300, +30m, +2h); at most 24 h ahead.
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    expires: String,
    /// Not-before time (`nbf`): Unix seconds or relative (-30s, +10m).
    #[arg(long, value_name = "TIME")]
    not_before: Option<String>,
    /// Allow mp4 downloads with this token (`downloadable: true`).
    #[arg(long)]
    downloadable: bool,
    /// An access rule, in order, repeatable (at most 5):
    /// "allow country=GB,US", "block ip=192.0.2.0/24,2001:db8::/32", "block any".
    #[arg(long = "rule", value_name = "RULE")]
    rules: Vec<String>,
    /// Access rules as a JSON array (Cloudflare's accessRules), instead of --rule.
    #[arg(long, value_name = "JSON", conflicts_with = "rules")]
    access_rules: Option<String>,
    /// Also print playback URLs for customer-<CODE>.cloudflarestream.com.
    #[arg(long, value_name = "CODE")]
    customer_code: Option<String>,
    /// Signing time instead of the clock (Unix seconds).
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The token, or a playback URL carrying it; `-` reads it from stdin.
    token: String,
    /// A verification key, repeatable: a `/stream/keys` response, a JWK or
    /// JWK Set (public or private), or a PEM (public or private; needs --kid).
    #[arg(long = "key", value_name = "FILE", required = true)]
    keys: Vec<String>,
    /// Key id for a PEM key.
    #[arg(long)]
    kid: Option<String>,
    /// The video uid the token must be for.
    #[arg(long, value_name = "UID")]
    video: Option<String>,
    /// The viewer's IP, for ip.src rules.
    #[arg(long)]
    ip: Option<String>,
    /// The viewer's country (ISO 3166-1 alpha-2), for ip.geoip.country rules.
    #[arg(long)]
    country: Option<String>,
    /// Do not evaluate accessRules (they are still listed).
    #[arg(long)]
    skip_access_rules: bool,
    /// Clock leeway for exp/nbf, seconds. None by default: Cloudflare documents
    /// none, and more accepts tokens Stream itself would refuse.
    #[arg(long, default_value_t = core::DEFAULT_LEEWAY)]
    leeway: u32,
    /// Accept a token without exp.
    #[arg(long)]
    allow_no_exp: bool,
    /// Verify at this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct UrlsArgs {
    /// A token or a video uid.
    id: String,
    /// The customer code of customer-<CODE>.cloudflarestream.com.
    #[arg(long, value_name = "CODE")]
    customer_code: String,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::Explain(c) => c.run(cdnsign::api::Provider::Stream, global),
        Command::Sign(a) => token(a, global),
        Command::Verify(a) => verify(a, global),
        Command::Decode(a) => decode(a),
        Command::Urls(a) => urls(a, global),
    }
}

/// `allow country=GB,US` / `block ip=1.2.3.0/24` / `block any`.
fn parse_rule(text: &str, index: usize) -> Result<AccessRule, Error> {
    let bad = |why: &str| {
        Error::invalid_input(
            "accessRules",
            format!("--rule {text:?} (rule {index}): {why}; expected \"allow|block any\", \"allow|block country=GB,US\" or \"allow|block ip=192.0.2.0/24,...\""),
        )
    };
    let mut words = text.split_whitespace();
    let action = match words.next() {
        Some("allow") => Action::Allow,
        Some("block") => Action::Block,
        _ => return Err(bad("it must start with allow or block")),
    };
    let spec = words.next().ok_or_else(|| bad("no match given"))?;
    if words.next().is_some() {
        return Err(bad("too many words"));
    }
    let list = |v: &str| -> Vec<String> {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    if spec == "any" {
        Ok(AccessRule::any(action))
    } else if let Some(v) = spec.strip_prefix("country=") {
        AccessRule::country(action, list(v))
    } else if let Some(v) = spec.strip_prefix("ip=") {
        AccessRule::ip(action, list(v))
    } else {
        Err(bad("unknown match"))
    }
}

fn urls_json(code: &str, id: &str) -> Result<Value, Error> {
    let u = StreamUrls::new(code)?;
    let mut m = serde_json::Map::new();
    for kind in UrlKind::ALL {
        m.insert(kind.name().to_string(), Value::String(u.url(id, kind)?));
    }
    Ok(Value::Object(m))
}

fn print_urls(urls: &Value) {
    for kind in UrlKind::ALL {
        if let Some(u) = urls.get(kind.name()).and_then(Value::as_str) {
            println!("{:<10} {u}", kind.name());
        }
    }
}

fn token(a: TokenArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let key_text = args::read_text(&a.key, "key")?;
    let key = SigningKey::from_text(&key_text, a.kid.as_deref())?;
    let claims = Claims {
        sub: a.video.clone(),
        exp: args::parse_time(&a.expires, now, "exp")?,
        nbf: args::opt_time(&a.not_before, now, "nbf")?,
        downloadable: a.downloadable.then_some(true),
        access_rules: match &a.access_rules {
            Some(json) => AccessRule::list_from_json(json)?,
            None => a
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| parse_rule(r, i))
                .collect::<Result<_, _>>()?,
        },
    };
    let token = key.sign(&claims, now)?;
    let urls = match &a.customer_code {
        Some(code) => Some(urls_json(code, &token)?),
        None => None,
    };
    let d = core::decode(&token)?;
    let record = || {
        let mut record = json!({
            "ok": true,
            "token": token,
            "kid": key.kid(),
            "header": d.header_json,
            "payload": d.payload_json,
            "exp": claims.exp,
            "nbf": claims.nbf,
        });
        if let Some(u) = &urls {
            record["urls"] = u.clone();
        }
        record
    };
    args::emit(global, record, || {
        println!("{token}");
        if let Some(u) = &urls {
            print_urls(u);
        }
    })
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let input = if a.token == "-" {
        args::read_text("-", "token")?.to_string()
    } else {
        a.token.trim().to_string()
    };
    let token = core::id_from_url(&input).unwrap_or(&input).to_string();
    let mut v = Verifier::new()
        .with_leeway(a.leeway)
        .with_require_exp(!a.allow_no_exp);
    for path in &a.keys {
        let text = args::read_text(path, "key")?;
        v.add_key_text(&text, a.kid.as_deref())?;
    }
    let (uid, ip, country) = (a.video.as_deref(), a.ip.as_deref(), a.country.as_deref());
    let req = VerifyRequest::of(now, uid, ip, country, !a.skip_access_rules)?;
    args::verified::<records::StreamVerified, _>(v.verify(&token, &req), global, |ok| {
        let c = &ok.claims;
        let access = match ok.access {
            AccessDecision::NotEvaluated => "not evaluated".to_string(),
            AccessDecision::NoMatch if c.access_rules.is_empty() => "no access rules".to_string(),
            AccessDecision::NoMatch => "no rule matched: allowed".to_string(),
            AccessDecision::AllowedByRule(i) => {
                format!("allowed by accessRules[{i}] ({})", c.access_rules[i])
            }
        };
        println!("VALID Stream token (kid {})", ok.kid);
        println!("  video        {}", c.sub.as_deref().unwrap_or("(no sub)"));
        if let Some(exp) = c.exp {
            println!(
                "  expires      {exp} ({}, in {})",
                core::format_utc(exp),
                cdnsign::time::human_duration(exp - now)
            );
        }
        if let Some(nbf) = c.nbf {
            println!("  not before   {nbf} ({})", core::format_utc(nbf));
        }
        println!(
            "  downloadable {}",
            if c.downloadable { "yes" } else { "no" }
        );
        println!("  access       {access}");
    })
}

fn urls(a: UrlsArgs, global: &Global) -> CliResult {
    let id = core::id_from_url(a.id.trim())
        .unwrap_or(a.id.trim())
        .to_string();
    let u = urls_json(&a.customer_code, &id)?;
    args::emit(global, || &u, || print_urls(&u))
}

/// `cdnsign keygen stream`: a new signing key printed exactly like the
/// `POST /stream/keys` response (id, base64 PKCS#1 pem, base64 jwk, created).
pub fn keygen(global: &Global) -> CliResult {
    let key = GeneratedKey::generate(cdnsign::time::now_unix())?;
    let response = key.response_json()?;
    if global.json {
        let v: Value = serde_json::from_str(&response)
            .map_err(|e| Error::new(cdnsign::ErrorCode::Internal, e.to_string()))?;
        args::print_json(&v);
    } else {
        print!("{}", &*response);
        eprintln!(
            "(a throwaway key in the shape of Cloudflare's POST /stream/keys response; Cloudflare only honours keys it created — use this for tests and self-hosted verification)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `cdnsign demo` section: a throwaway key, a token with access rules, and
/// the verifier allowing and refusing viewers.
pub fn demo(global: &Global) -> CliResult {
    let now = cdnsign::time::now_unix();
    let generated = GeneratedKey::generate(now)?;
    let key = generated.signing_key()?;
    let video = "6b9e68b07dfee8cc2d116e4c51d6a957";
    let claims = Claims::new(video, now + 3600)
        .not_before(now - 30)
        .rule(AccessRule::country(Action::Allow, ["KR", "JP"])?)
        .rule(AccessRule::any(Action::Block));
    let token = key.sign(&claims, now)?;
    let mut verifier = Verifier::new();
    verifier.add_pem(key.kid(), key.public_pem())?;
    let viewer = |country: &'static str| {
        VerifyRequest::new(now)
            .subject(video)
            .viewer_country(country)
    };
    let allowed = verifier.verify(&token, &viewer("KR"))?;
    let refused = args::refused(verifier.verify(&token, &viewer("US")), "token")?;
    let hls = StreamUrls::new("f33zs165nr7gyfy4")?.hls(&token)?;
    if global.json {
        println!(
            "{}",
            json!({
                "section": "stream",
                "kid": key.kid(),
                "token": token,
                "hls": hls,
                "viewer_kr": format!("{:?}", allowed.access),
                "viewer_us": refused.code().as_str(),
            })
        );
    } else {
        println!("== Cloudflare Stream signed token (RS256) ==");
        println!("key id        {} (RSA-2048, generated now)", key.kid());
        println!("claims        video {video}, 1 h, allow KR/JP, block everyone else");
        println!("token         {token}");
        println!("HLS URL       {hls}");
        println!(
            "viewer in KR  VALID ({})",
            match allowed.access {
                AccessDecision::AllowedByRule(i) => format!("allowed by accessRules[{i}]"),
                other => format!("{other:?}"),
            }
        );
        println!(
            "viewer in US  REJECTED {}: {}",
            refused.code(),
            refused.message()
        );
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_syntax() {
        assert_eq!(
            parse_rule("allow country=GB,US", 0).unwrap().to_json(),
            r#"{"type":"ip.geoip.country","action":"allow","country":["GB","US"]}"#
        );
        assert_eq!(
            parse_rule("block ip=192.0.2.0/24,2001:db8::/32", 1)
                .unwrap()
                .to_json(),
            r#"{"type":"ip.src","action":"block","ip":["192.0.2.0/24","2001:db8::/32"]}"#
        );
        assert_eq!(
            parse_rule("block any", 2).unwrap().to_json(),
            r#"{"type":"any","action":"block"}"#
        );
        for bad in [
            "deny any",
            "allow",
            "allow country=UK",
            "allow ip=x",
            "allow any more",
            "allow color=red",
        ] {
            assert_eq!(
                parse_rule(bad, 0).unwrap_err().field(),
                Some("accessRules"),
                "{bad}"
            );
        }
    }
}
