//! What the Google CDNs' commands share (`cdnsign mediacdn …` and `cdnsign
//! cloudcdn …`, as the core's `google` module holds what their formats
//! share): the key arguments of a signed URL, prefix or cookie, and the
//! signed cookie's output.

use cdnsign::api::records;
use cdnsign::mediacdn::SignedCookie;

use crate::{args, CliResult, Global};

/// The key of a Google signed URL, prefix or cookie (Media CDN, Cloud CDN):
/// `--key`, `--key-name`, `--expires`, `--now`, and the provider's padding
/// flag `P` (their defaults differ).
#[derive(clap::Args, Debug)]
pub struct KeyArgs<P: clap::Args> {
    /// The signing key; `-` = stdin. Media CDN: an Ed25519 private key, PKCS#8 PEM, or the
    /// 32-byte seed / 64-byte seed||public in base64 or base64url (padded or not). Cloud CDN:
    /// the key file, base64url of 16 bytes (as given to gcloud --key-file).
    #[arg(long, value_name = "FILE")]
    pub key: String,
    /// KeyName=: the Media CDN keyset's key id, or the key name registered on the Cloud CDN
    /// backend.
    #[arg(long, value_name = "NAME")]
    pub key_name: String,
    #[command(flatten)]
    pub expiry: args::Expiry,
    #[command(flatten)]
    pub padding: P,
}

/// `sign-cookie`: an `Edge-Cache-Cookie` (Media CDN) or `Cloud-CDN-Cookie`
/// (Cloud CDN) for a URL prefix.
#[derive(clap::Args, Debug)]
pub struct CookieArgs<P: clap::Args> {
    #[command(flatten)]
    pub key: KeyArgs<P>,
    /// The prefix the cookie grants (Cloud CDN: no query).
    #[arg(long)]
    pub prefix: String,
    #[command(flatten)]
    pub attributes: args::CookieAttributeArgs,
}

/// A signed cookie (Media CDN's or Cloud CDN's) with the `Set-Cookie`
/// attributes of `a`: its `Set-Cookie` line, or with `--json` its record.
pub fn print_cookie(
    c: SignedCookie,
    a: &args::CookieAttributeArgs,
    now: i64,
    global: &Global,
) -> CliResult {
    let record = records::SignedCookie::new(c, &a.attributes(now)?)?;
    let set_cookie = record.set_cookie.clone();
    args::emit(global, || record, || println!("Set-Cookie: {set_cookie}"))
}
