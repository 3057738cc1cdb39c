//! `cdnsign mediacdn …`: Google Media CDN signed requests and tokens, plus
//! `keygen ed25519|hmac` and the `explain`/`demo` hooks.

use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::mediacdn::{
    self as core, sign_short_lived, Algorithm, HmacSecret, Keyset, PublicKey, Request, Signer,
    SigningKey, TokenClaims, TokenSigner, Verifier, VerifierOptions,
};
use cdnsign::Error;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::{args, google, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign one exact URL (…?Expires=…&KeyName=…&Signature=…).
    SignUrl(SignUrlArgs),
    /// Sign a URL prefix (URLPrefix=…&Expires=…&KeyName=…&Signature=…).
    SignPrefix(SignPrefixArgs),
    /// Sign a path component (…/edge-cache-token=Expires=…&KeyName=…&Signature=…/rest).
    SignPath(SignPathArgs),
    /// Sign an Edge-Cache-Cookie for a URL prefix.
    SignCookie(SignCookieArgs),
    /// Sign a token (Ed25519, HMAC-SHA1 or HMAC-SHA256), e.g. the dual-token short-lived token.
    #[command(alias = "token")]
    Sign(TokenArgs),
    /// The dual-token short-lived token (`sign --short-lived`).
    SignShortLived(TokenArgs),
    /// A fresh Ed25519 key pair (`cdnsign keygen ed25519`).
    GenerateKey,
    /// Verify a request (URL, headers, cookies, client IP) the way Media CDN does.
    Verify(VerifyArgs),
    /// `explain`, `sign-manifest`, `check-manifest`.
    #[command(flatten)]
    Shared(crate::manifest::ProviderCommand),
}

/// Media CDN's padding flag (unpadded by default).
#[derive(clap::Args, Debug)]
pub struct Padding {
    /// Pad URLPrefix and Signature with '=' (Google's Python samples do; default unpadded).
    #[arg(long)]
    padded: bool,
}

type KeyArgs = google::KeyArgs<Padding>;
type SignCookieArgs = google::CookieArgs<Padding>;

#[derive(clap::Args, Debug)]
pub struct SignUrlArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The URL to sign, exactly as it will be requested.
    #[arg(long)]
    url: String,
}

#[derive(clap::Args, Debug)]
pub struct SignPrefixArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The prefix to grant (scheme, host, start of the path; a query is allowed).
    #[arg(long)]
    prefix: String,
    /// A URL under the prefix to print signed; without it the parameters are printed.
    #[arg(long)]
    url: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct SignPathArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The prefix (scheme, host, path; no query) the component is inserted after.
    #[arg(long)]
    prefix: String,
    /// The rest of the path after the component (e.g. manifest.m3u8).
    #[arg(long, default_value = "")]
    rest: String,
    /// The path-component marker, if the route uses another token parameter name.
    #[arg(long, default_value = core::DEFAULT_TOKEN_PARAM)]
    param: String,
}

#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// Signing key: an Ed25519 private key (as for sign-url) or, with an HMAC
    /// algorithm, the shared secret (raw bytes, or base64/base64url text); `-` = stdin.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// ed25519 (default), hmac-sha1 or hmac-sha256.
    #[arg(long, default_value = "ed25519")]
    algorithm: String,
    /// PathGlobs entry, repeatable (at most 5): /videos/* ('*' spans '/', '?' one character).
    #[arg(long = "path-glob", value_name = "GLOB")]
    path_globs: Vec<String>,
    /// Write globs separated by '!' instead of ','.
    #[arg(long)]
    bang_separator: bool,
    /// URLPrefix: https://host/path/ the request URL must start with.
    #[arg(long)]
    url_prefix: Option<String>,
    /// FullPath: the exact request path (/videos/main.m3u8).
    #[arg(long)]
    full_path: Option<String>,
    /// Starts: Unix seconds or relative.
    #[arg(long, value_name = "TIME")]
    starts: Option<String>,
    /// Expires: Unix seconds or relative (ignored with --short-lived).
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    expires: String,
    /// The dual-token short-lived token: Expires = now + --lifetime.
    #[arg(long)]
    short_lived: bool,
    /// Lifetime of the short-lived token in seconds.
    #[arg(long, default_value_t = core::DEFAULT_SHORT_LIFETIME)]
    lifetime: i64,
    /// SessionID.
    #[arg(long)]
    session_id: Option<String>,
    /// Data.
    #[arg(long)]
    data: Option<String>,
    /// A header the request must carry, repeatable: "Name=value" or "Name: value".
    #[arg(long = "header", value_name = "NAME=VALUE")]
    headers: Vec<String>,
    /// An IPv4/IPv6 address or CIDR the client must be in, repeatable (at most 5).
    #[arg(long = "ip-range", value_name = "CIDR")]
    ip_ranges: Vec<String>,
    /// The query parameter carrying the token.
    #[arg(long, default_value = core::DEFAULT_TOKEN_PARAM)]
    param: String,
    /// Pad the Ed25519 Signature with '='.
    #[arg(long)]
    padded: bool,
    /// Also print this URL with the token appended.
    #[arg(long)]
    url: Option<String>,
    /// Signing time instead of the clock (Unix seconds).
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The full request URL as received (https://host/path?query); `-` = stdin.
    #[arg(long)]
    url: String,
    /// A request header, repeatable: "Name: value".
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The Cookie header value (a=1; Edge-Cache-Cookie=…).
    #[arg(long)]
    cookie: Option<String>,
    /// The client IP (needed for tokens with IPRanges).
    #[arg(long)]
    client_ip: Option<String>,
    /// A keyset public key, repeatable: ID=FILE (base64url keyset value or SPKI PEM).
    #[arg(long = "public-key", value_name = "ID=FILE")]
    public_keys: Vec<String>,
    /// A keyset shared key, repeatable: ID=FILE (raw secret or base64 text).
    #[arg(long = "shared-key", value_name = "ID=FILE")]
    shared_keys: Vec<String>,
    /// The keyset name (a KeyName equal to it tries every public key).
    #[arg(long)]
    keyset_name: Option<String>,
    /// The token query parameter the route uses.
    #[arg(long, default_value = core::DEFAULT_TOKEN_PARAM)]
    param: String,
    /// Allowed token algorithms, repeatable (default: ed25519 alone, as on a Media CDN
    /// route that lists none; add hmac-sha1/hmac-sha256 to accept HMAC tokens).
    #[arg(long = "allow", value_name = "ALGORITHM")]
    allow: Vec<String>,
    /// Reject credentials expiring more than this many seconds from now.
    #[arg(long, value_name = "SECONDS")]
    max_ttl: Option<i64>,
    /// Clock skew tolerated on Starts/Expires, 0..=300 seconds (default 0).
    #[arg(long, value_name = "SECONDS")]
    leeway: Option<i64>,
    /// Evaluate at this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::Shared(c) => c.run(cdnsign::manifest::Provider::MediaCdn, global),
        Command::SignUrl(a) => sign_url(a, global),
        Command::SignPrefix(a) => sign_prefix(a, global),
        Command::SignPath(a) => sign_path(a, global),
        Command::SignCookie(a) => sign_cookie(a, global),
        Command::Sign(a) => token(a, global),
        Command::SignShortLived(mut a) => {
            a.short_lived = true;
            token(a, global)
        }
        Command::GenerateKey => keygen_ed25519(global),
        Command::Verify(a) => verify(a, global),
    }
}

/// A shared secret file: base64/base64url text when it reads as such, raw bytes otherwise.
pub fn read_secret(path: &str) -> Result<HmacSecret, Error> {
    let bytes = args::read_secret(path, "secret")?;
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let t = text.trim();
        if !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='))
        {
            return HmacSecret::from_base64(t);
        }
    }
    HmacSecret::from_bytes(&bytes)
}

/// A token signer from a key file (`-` = stdin): an Ed25519 private key, or
/// with an HMAC `algorithm` the shared secret (`sign`, `manifest sign`).
pub fn token_signer(path: &str, algorithm: &str) -> Result<TokenSigner, Error> {
    match Algorithm::from_name(algorithm)? {
        Algorithm::Ed25519 => Ok(TokenSigner::ed25519(SigningKey::parse(
            &args::read_secret(path, "private_key")?,
        )?)),
        alg => TokenSigner::hmac(alg, read_secret(path)?),
    }
}

/// The signer of `k` and its `(now, expires)`, from one reading of the clock.
fn signer(k: &KeyArgs) -> Result<(Signer, (i64, i64)), Error> {
    let key = SigningKey::parse(&args::read_secret(&k.key, "private_key")?)?;
    let times = k.expiry.resolve()?;
    Ok((
        Signer::new(&k.key_name, key)?.with_padding(k.padding.padded),
        times,
    ))
}

fn print_signed<T: serde::Serialize>(record: &T, text: &str, global: &Global) -> CliResult {
    args::emit(global, || record, || println!("{text}"))
}

fn sign_url(a: SignUrlArgs, global: &Global) -> CliResult {
    let (s, (_, expires)) = signer(&a.key)?;
    let u = s.sign_url(&a.url, expires)?;
    print_signed(&records::SignedUrl::from(&u), &u.url, global)
}

fn sign_prefix(a: SignPrefixArgs, global: &Global) -> CliResult {
    let (s, (_, expires)) = signer(&a.key)?;
    match &a.url {
        Some(url) => {
            let u = s.sign_prefix(url, &a.prefix, expires)?;
            print_signed(&records::SignedUrl::from(&u), &u.url, global)
        }
        None => {
            let q = s.prefix_query(&a.prefix, expires)?;
            print_signed(&records::SignedQuery::from(&q), &q.query, global)
        }
    }
}

fn sign_path(a: SignPathArgs, global: &Global) -> CliResult {
    let (s, (_, expires)) = signer(&a.key)?;
    let u = s
        .with_param(&a.param)?
        .sign_path(&a.prefix, &a.rest, expires)?;
    print_signed(&records::SignedUrl::from(&u), &u.url, global)
}

fn sign_cookie(a: SignCookieArgs, global: &Global) -> CliResult {
    let (s, (now, expires)) = signer(&a.key)?;
    let c = s.sign_cookie(&a.prefix, expires)?;
    google::print_cookie(c, &a.attributes, now, global)
}

fn parse_header(text: &str, field: &'static str) -> Result<(String, String), Error> {
    let split = text
        .split_once(':')
        .filter(|(n, _)| !n.contains('='))
        .or_else(|| text.split_once('='));
    match split {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.trim().to_string(), v.trim().to_string())),
        _ => Err(Error::invalid_input(
            field,
            format!("{field} {text:?} must be \"Name: value\" or \"Name=value\""),
        )),
    }
}

fn token(a: TokenArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let signer = token_signer(&a.key, &a.algorithm)?
        .with_padding(a.padded)
        .with_param(&a.param)?;
    // The claims as the flags give them; the core checks them when signing.
    let listed = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    let mut claims = TokenClaims {
        path_globs: listed(&a.path_globs),
        glob_separator: if a.bang_separator { '!' } else { ',' },
        url_prefix: a.url_prefix.clone(),
        full_path: a.full_path.clone(),
        starts: args::opt_time(&a.starts, now, "starts")?,
        session_id: a.session_id.clone(),
        data: a.data.clone(),
        headers: a
            .headers
            .iter()
            .map(|h| parse_header(h, "headers"))
            .collect::<Result<_, _>>()?,
        ip_ranges: listed(&a.ip_ranges),
        ..TokenClaims::new(0)
    };
    let t = if a.short_lived {
        sign_short_lived(&signer, claims, now, Some(a.lifetime))?
    } else {
        claims.expires = args::parse_time(&a.expires, now, "expires")?;
        signer.sign(&claims)?
    };
    let url = a.url.as_deref().map(|u| t.apply_to_url(u));
    let record = records::MediaCdnToken {
        url: url.clone(),
        ..records::MediaCdnToken::from(&t)
    };
    print_signed(&record, url.as_deref().unwrap_or(&t.token), global)
}

fn id_and_path(spec: &str, default_id: String) -> (String, &str) {
    match spec.split_once('=') {
        Some((id, path)) if !id.is_empty() && !path.is_empty() => (id.to_string(), path),
        _ => (default_id, spec),
    }
}

/// A keyset of `--public-key` and `--shared-key` files, `ID=FILE` or a bare
/// `FILE` (ids `public-1`, `shared-1`, ...), named `keyset_name`.
pub fn keyset(
    public_keys: &[String],
    shared_keys: &[String],
    keyset_name: Option<&str>,
) -> Result<Keyset, Error> {
    let public = keys(public_keys, "public", |path| {
        PublicKey::parse(&args::read_secret(path, "public_key")?)
    })?;
    let shared = keys(shared_keys, "shared", read_secret)?;
    Keyset::of(keyset_name, public, shared)
}

/// Each `ID=FILE` (or bare `FILE`, id `<kind>-<n>`) of `specs`, read by `key`.
fn keys<T>(
    specs: &[String],
    kind: &str,
    key: impl Fn(&str) -> Result<T, Error>,
) -> Result<Vec<(String, T)>, Error> {
    let specs = specs.iter().enumerate();
    let specs = specs.map(|(i, spec)| id_and_path(spec, format!("{kind}-{}", i + 1)));
    specs.map(|(id, path)| Ok((id, key(path)?))).collect()
}

/// A verifier of `keyset` for the route's token parameter, `--allow`ed
/// algorithms, `--max-ttl` and `--leeway` (`verify`, `manifest check`).
pub fn verifier(
    keyset: Keyset,
    param: &str,
    allow: &[String],
    max_expiration_ttl: Option<i64>,
    leeway: Option<i64>,
) -> Result<Verifier, Error> {
    let options = VerifierOptions {
        param: Some(param.to_owned()),
        allowed_algorithms: (!allow.is_empty()).then(|| allow.to_vec()),
        max_expiration_ttl,
        leeway,
    };
    Verifier::with_options(keyset, &options)
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let keyset = keyset(&a.public_keys, &a.shared_keys, a.keyset_name.as_deref())?;
    if a.public_keys.is_empty() && a.shared_keys.is_empty() {
        return Err(Error::invalid_input(
            "keys",
            "give at least one --public-key ID=FILE or --shared-key ID=FILE",
        ));
    }
    let verifier = verifier(keyset, &a.param, &a.allow, a.max_ttl, a.leeway)?;
    let url = if a.url == "-" {
        args::read_text("-", "url")?.to_string()
    } else {
        a.url.clone()
    };
    let now = args::now_or_clock(a.now);
    let headers = a.headers.iter().map(|h| parse_header(h, "header"));
    let headers = headers.collect::<Result<Vec<_>, _>>()?;
    let req = Request::of(
        url,
        now,
        headers,
        a.cookie.as_deref(),
        a.client_ip.as_deref(),
    )?;
    args::verified::<records::MediaCdnVerified, _>(verifier.verify(&req), global, |ok| {
        println!("VALID Media CDN {} ({})", ok.form, ok.algorithm);
        println!("  key          {}", ok.key_id);
        println!("  expires      {}", args::when(ok.expires, now));
        if let Some(s) = &ok.session_id {
            println!("  session id   {s}");
        }
        if let Some(d) = &ok.data {
            println!("  data         {d}");
        }
    })
}

/// `cdnsign keygen ed25519`: a Media CDN key pair; the public key is printed
/// exactly as an EdgeCacheKeyset takes it (44-character base64url).
pub fn keygen_ed25519(global: &Global) -> CliResult {
    let g = SigningKey::generate()?;
    let pem = g.private_pem();
    args::emit(
        global,
        || {
            json!({
                "private_key_pem": &*pem,
                "private_key_seed_base64url": &*g.seed_base64url(),
                "public_key": g.keyset_value(),
                "public_key_pem": g.signing_key().public_key().to_pem(),
            })
        },
        || {
            print!("{}", &*pem);
            println!("# EdgeCacheKeyset public key (gcloud edge-cache keysets ... --public-key='id=NAME,value=…'):");
            println!("{}", g.keyset_value());
        },
    )
}

/// `cdnsign keygen hmac [--bytes N]`: a random shared secret (Media CDN
/// validation shared key, at least 16 bytes; 16 bytes is a Cloud CDN key).
pub fn keygen_hmac(bytes: usize, global: &Global) -> CliResult {
    let (_, raw) = HmacSecret::generate(bytes)?;
    let b64url = Zeroizing::new(cdnsign::encoding::b64url_encode(&raw, true));
    let hex = Zeroizing::new(cdnsign::encoding::hex_encode(&raw));
    args::emit(
        global,
        || json!({ "bytes": bytes, "base64url": &*b64url, "hex": &*hex }),
        || {
            println!("{}", &*b64url);
            eprintln!(
            "({bytes} random bytes as padded base64url: a Cloud CDN key file when 16 bytes; for a Media CDN shared key store the raw bytes in Secret Manager, e.g. `base64 -d` of this line)"
        );
        },
    )
}

/// `cdnsign demo` section: a throwaway Ed25519 key, the dual-token
/// short-lived token for a manifest, verified, then refused when expired and
/// for another path.
pub fn demo(global: &Global) -> CliResult {
    let now = cdnsign::time::now_unix();
    let generated = SigningKey::generate()?;
    let key = generated.signing_key().clone();
    let keyset = Keyset::new().with_public_key("demo-key", key.public_key())?;
    let verifier = Verifier::new(keyset);
    let claims = TokenClaims::new(0).path_globs(["/live/channel-7/*"]);
    let token = sign_short_lived(&TokenSigner::ed25519(key.clone()), claims, now, None)?;
    let manifest = token.apply_to_url("https://media.example.com/live/channel-7/main.m3u8");
    let ok = verifier.verify(&Request::new(manifest.as_str(), now))?;
    let refused = args::refused::<core::Verified>;
    let late = refused(
        verifier.verify(&Request::new(manifest.as_str(), now + 61)),
        "expired token",
    )?;
    let elsewhere = refused(
        verifier.verify(&Request::new(
            token.apply_to_url("https://media.example.com/vod/secret.m3u8"),
            now,
        )),
        "token for another path",
    )?;
    let signed_url = Signer::new("demo-key", key)?
        .sign_url("https://media.example.com/vod/trailer.mp4", now + 3600)?
        .url;
    let url_ok = verifier.verify(&Request::new(signed_url.as_str(), now))?;
    if global.json {
        let v: Value = json!({
            "section": "mediacdn",
            "public_key": generated.keyset_value(),
            "token": token.token,
            "manifest_url": manifest,
            "verified": { "form": ok.form.as_str(), "key_id": ok.key_id, "expires": ok.expires },
            "after_61s": late.code().as_str(),
            "other_path": elsewhere.code().as_str(),
            "signed_url": signed_url,
            "signed_url_verified": url_ok.form.as_str(),
        });
        println!("{v}");
    } else {
        println!("== Google Media CDN dual-token short-lived token (Ed25519) ==");
        println!(
            "keyset key    demo-key = {} (generated now)",
            generated.keyset_value()
        );
        println!("token         {}", token.token);
        println!("manifest URL  {manifest}");
        println!(
            "verify now    VALID {} with key {}, expires in 60 s",
            ok.form, ok.key_id
        );
        println!("verify +61 s  REJECTED {}: {}", late.code(), late.message());
        println!(
            "other path    REJECTED {}: {}",
            elsewhere.code(),
            elsewhere.message()
        );
        println!("signed URL    {signed_url}");
        println!("verify        VALID {}", url_ok.form);
        println!(
            "(the long-lived token for the rest of the session is minted by Media CDN itself)"
        );
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_arguments() {
        assert_eq!(
            parse_header("X-Id: abc", "header").unwrap(),
            ("X-Id".to_string(), "abc".to_string())
        );
        assert_eq!(
            parse_header("X-Id=a:b", "header").unwrap(),
            ("X-Id".to_string(), "a:b".to_string())
        );
        assert_eq!(
            parse_header("novalue", "headers").unwrap_err().field(),
            Some("headers")
        );
        assert_eq!(
            id_and_path("key-1=/tmp/k.pub", "x".into()),
            ("key-1".to_string(), "/tmp/k.pub")
        );
        assert_eq!(
            id_and_path("/tmp/k.pub", "public-1".into()),
            ("public-1".to_string(), "/tmp/k.pub")
        );
    }

    #[test]
    fn secrets_from_files() {
        let dir = std::env::temp_dir().join(format!("cdnsign-mediacdn-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = dir.join("secret.b64");
        std::fs::write(&text, "g_SlMILiIWKqsC6Z2L7gy0sReDOqtSrJrE7CXNr5Nl8=\n").unwrap();
        assert_eq!(read_secret(text.to_str().unwrap()).unwrap().len(), 32);
        let raw = dir.join("secret.bin");
        std::fs::write(&raw, [0xffu8; 20]).unwrap();
        assert_eq!(read_secret(raw.to_str().unwrap()).unwrap().len(), 20);
        std::fs::write(&raw, [0xffu8; 8]).unwrap();
        assert_eq!(
            read_secret(raw.to_str().unwrap()).unwrap_err().field(),
            Some("secret")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
