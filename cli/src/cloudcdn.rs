//! `cdnsign cloudcdn …`: Google Cloud CDN signed URLs and cookies
//! (HMAC-SHA1), plus the `explain` hook.

use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::cloudcdn::{CookieAttributes, Request, Signer, SigningKey, Verifier};
use cdnsign::Error;
use serde_json::json;
use zeroize::Zeroizing;

use crate::{args, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign a URL (exact), or with --prefix a URL prefix.
    SignUrl(SignUrlArgs),
    /// Sign a URL prefix (URLPrefix=…&Expires=…&KeyName=…&Signature=…) for --url.
    SignPrefix(SignUrlArgs),
    /// A fresh 16-byte key file (`cdnsign keygen cloudcdn`).
    GenerateKey,
    /// Sign a Cloud-CDN-Cookie for a URL prefix.
    SignCookie(SignCookieArgs),
    /// Verify a request (URL and cookies) at the origin.
    Verify(VerifyArgs),
    /// Decode a credential without any key and say what the CDN would check.
    Explain(crate::explain::Args),
    /// Sign every reference of an HLS playlist or DASH MPD with one credential (`manifest sign`).
    SignManifest(crate::manifest::SignFlags),
    /// Check the credential every reference of a signed manifest would send (`manifest check`).
    CheckManifest(crate::manifest::CheckFlags),
}

#[derive(clap::Args, Debug)]
pub struct KeyArgs {
    /// The key file: base64url of 16 bytes (as given to gcloud --key-file); `-` = stdin.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The key name registered on the backend.
    #[arg(long, value_name = "NAME")]
    key_name: String,
    /// Expiry: Unix seconds or relative (+300, +30m, +2h, +1d).
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    expires: String,
    /// Leave out base64 '=' padding (Google's samples pad; both are accepted).
    #[arg(long)]
    unpadded: bool,
    /// Signing time instead of the clock (Unix seconds), for relative --expires.
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct SignUrlArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The URL to sign, exactly as it will be requested.
    #[arg(long)]
    url: String,
    /// Sign this prefix (no query) instead of the exact URL.
    #[arg(long)]
    prefix: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct SignCookieArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The prefix the cookie grants (no query).
    #[arg(long)]
    prefix: String,
    /// Print a Set-Cookie header with this Domain.
    #[arg(long)]
    domain: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The full request URL as received.
    #[arg(long)]
    url: String,
    /// The Cookie header value (a=1; Cloud-CDN-Cookie=…).
    #[arg(long)]
    cookie: Option<String>,
    /// A key, repeatable: NAME=FILE.
    #[arg(long = "key", value_name = "NAME=FILE", required = true)]
    keys: Vec<String>,
    /// Evaluate at this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::SignManifest(a) => {
            crate::manifest::sign_for(cdnsign::manifest::Provider::CloudCdn, a, global)
        }
        Command::CheckManifest(a) => {
            crate::manifest::check_for(cdnsign::manifest::Provider::CloudCdn, a, global)
        }
        Command::Explain(a) => {
            crate::explain::explain(a, Some(cdnsign::api::Provider::CloudCdn), global)
        }
        Command::SignUrl(a) => sign_url(a, global),
        Command::SignPrefix(a) => {
            if a.prefix.is_none() {
                return Err(Error::invalid_input("prefix", "sign-prefix takes --prefix"));
            }
            sign_url(a, global)
        }
        Command::GenerateKey => keygen(global),
        Command::SignCookie(a) => sign_cookie(a, global),
        Command::Verify(a) => verify(a, global),
    }
}

fn read_key(path: &str) -> Result<SigningKey, Error> {
    let bytes = Zeroizing::new(args::read_input(path, "key")?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid_key("the key file is not text").with_field("key"))?;
    SigningKey::from_key_file(text)
}

fn signer(k: &KeyArgs) -> Result<(Signer, i64), Error> {
    let now = args::now_or_clock(k.now);
    let expires = args::parse_time(&k.expires, now, "expires")?;
    Ok((
        Signer::new(&k.key_name, read_key(&k.key)?)?.with_padding(!k.unpadded),
        expires,
    ))
}

fn sign_url(a: SignUrlArgs, global: &Global) -> CliResult {
    let (s, expires) = signer(&a.key)?;
    let u = match &a.prefix {
        Some(p) => s.sign_prefix(&a.url, p, expires)?,
        None => s.sign_url(&a.url, expires)?,
    };
    if global.json {
        args::print_json(&records::SignedUrl::from(&u));
    } else {
        println!("{}", u.url);
    }
    Ok(ExitCode::SUCCESS)
}

fn sign_cookie(a: SignCookieArgs, global: &Global) -> CliResult {
    let (s, expires) = signer(&a.key)?;
    let c = s.sign_cookie(&a.prefix, expires)?;
    let set_cookie = c.set_cookie(&CookieAttributes {
        domain: a.domain,
        ..Default::default()
    })?;
    if global.json {
        println!(
            "{}",
            json!({
                "name": c.name,
                "value": c.value,
                "cookie": c.cookie_pair(),
                "set_cookie": set_cookie,
                "signed_value": c.signed_value,
                "expires": expires,
            })
        );
    } else {
        println!("Set-Cookie: {set_cookie}");
    }
    Ok(ExitCode::SUCCESS)
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let mut v = Verifier::new();
    for spec in &a.keys {
        let (name, path) = spec.split_once('=').ok_or_else(|| {
            Error::invalid_input("key", format!("--key {spec:?} must be NAME=FILE"))
        })?;
        v.add_key(name, read_key(path)?)?;
    }
    let now = args::now_or_clock(a.now);
    let mut req = Request::new(a.url.as_str(), now);
    if let Some(c) = &a.cookie {
        req = req.cookie_header(c.as_str());
    }
    let ok = match v.verify(&req) {
        Ok(ok) => ok,
        Err(e) => return args::report_rejection(e, global),
    };
    if global.json {
        args::print_json(&records::CloudCdnVerified::from(&ok));
    } else {
        println!("VALID Cloud CDN {} (HMAC-SHA1)", ok.form);
        println!("  key          {}", ok.key_name);
        println!(
            "  expires      {} (in {})",
            ok.expires,
            cdnsign::time::human_duration(ok.expires - now)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A Cloud CDN key file (16 random bytes, padded base64url).
pub fn keygen(global: &Global) -> CliResult {
    let (_, text) = SigningKey::generate()?;
    if global.json {
        println!("{}", json!({ "key_file": &*text }));
    } else {
        println!("{}", &*text);
    }
    Ok(ExitCode::SUCCESS)
}
