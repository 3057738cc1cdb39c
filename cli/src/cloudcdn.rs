//! `cdnsign cloudcdn …`: Google Cloud CDN signed URLs and cookies
//! (HMAC-SHA1), plus the `explain` hook.

use cdnsign::api::records;
use cdnsign::cloudcdn::{Request, Signer, SigningKey, Verifier};
use cdnsign::Error;
use serde_json::json;

use crate::{args, google, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign a URL (exact), or with --prefix a URL prefix.
    SignUrl(SignUrlArgs),
    /// Sign a URL prefix (URLPrefix=…&Expires=…&KeyName=…&Signature=…) for --url.
    SignPrefix(SignUrlArgs),
    /// A fresh 16-byte key file (`cdnsign keygen cloudcdn`).
    GenerateKey,
    /// Sign a Cloud-CDN-Cookie for a URL prefix.
    SignCookie(google::CookieArgs<Padding>),
    /// Verify a request (URL and cookies) at the origin.
    Verify(VerifyArgs),
    /// `explain`, `sign-manifest`, `check-manifest`.
    #[command(flatten)]
    Shared(crate::manifest::ProviderCommand),
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::Shared(c) => c.run(cdnsign::manifest::Provider::CloudCdn, global),
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

#[derive(clap::Args, Debug)]
pub struct SignUrlArgs {
    #[command(flatten)]
    key: google::KeyArgs<Padding>,
    /// The URL to sign, exactly as it will be requested.
    #[arg(long)]
    url: String,
    /// Sign this prefix (no query) instead of the exact URL.
    #[arg(long)]
    prefix: Option<String>,
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

/// Cloud CDN's padding flag (padded by default).
#[derive(clap::Args, Debug)]
pub struct Padding {
    /// Leave out base64 '=' padding (Google's samples pad; both are accepted).
    #[arg(long)]
    unpadded: bool,
}

fn read_key(path: &str) -> Result<SigningKey, Error> {
    let bytes = args::read_secret(path, "key")?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid_key("the key file is not text").with_field("key"))?;
    SigningKey::from_key_file(text)
}

/// A signer from a key file (`-` = stdin) and its name (`sign-url`,
/// `sign-cookie`, `manifest sign`).
pub fn signer(key: &str, key_name: &str, padded: bool) -> Result<Signer, Error> {
    Ok(Signer::new(key_name, read_key(key)?)?.with_padding(padded))
}

/// A verifier holding every `--key NAME=FILE` (`verify`, `manifest check`).
pub fn verifier(keys: &[String]) -> Result<Verifier, Error> {
    let mut v = Verifier::new();
    for spec in keys {
        let (name, path) = args::id_and_file(spec, "--key", "NAME=FILE")?;
        v.add_key(name, read_key(path)?)?;
    }
    Ok(v)
}

fn sign_url(a: SignUrlArgs, global: &Global) -> CliResult {
    let (_, expires) = a.key.expiry.resolve()?;
    let s = signer(&a.key.key, &a.key.key_name, !a.key.padding.unpadded)?;
    let u = match &a.prefix {
        Some(p) => s.sign_prefix(&a.url, p, expires)?,
        None => s.sign_url(&a.url, expires)?,
    };
    args::emit(
        global,
        || records::SignedUrl::from(&u),
        || println!("{}", u.url),
    )
}

fn sign_cookie(a: google::CookieArgs<Padding>, global: &Global) -> CliResult {
    let (now, expires) = a.key.expiry.resolve()?;
    let s = signer(&a.key.key, &a.key.key_name, !a.key.padding.unpadded)?;
    let c = s.sign_cookie(&a.prefix, expires)?;
    google::print_cookie(c, &a.attributes, now, global)
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let v = verifier(&a.keys)?;
    let now = args::now_or_clock(a.now);
    let no_headers = std::iter::empty::<(&str, &str)>();
    let req = Request::of(a.url.as_str(), now, no_headers, a.cookie.as_deref(), None)?;
    args::verified::<records::CloudCdnVerified, _>(v.verify(&req), global, |ok| {
        println!("VALID Cloud CDN {} (HMAC-SHA1)", ok.form);
        println!("  key          {}", ok.key_name);
        println!("  expires      {}", args::when(ok.expires, now));
    })
}

/// A Cloud CDN key file (16 random bytes, padded base64url).
pub fn keygen(global: &Global) -> CliResult {
    let (_, text) = SigningKey::generate()?;
    args::emit(
        global,
        || json!({ "key_file": &*text }),
        || println!("{}", &*text),
    )
}
