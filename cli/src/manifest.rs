//! `cdnsign manifest …`: sign every reference of an HLS playlist or DASH MPD
//! with one credential (CloudFront, Media CDN, Cloud CDN), and check a signed
//! one reference by reference. Self-contained: key reading is repeated here
//! rather than shared with the provider modules.

use std::io::Write as _;
use std::process::ExitCode;

use cdnsign::api::records::to_json;
use cdnsign::manifest::{self, Provider, SignOptions};
use cdnsign::{cloudcdn, cloudfront, mediacdn, Error};
use serde_json::json;
use zeroize::Zeroizing;

use crate::{args, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign every reference of a manifest (stdin → stdout) with one credential.
    Sign(SignArgs),
    /// Check the credential every reference of a signed manifest would send.
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
pub struct Common {
    /// The manifest's own URL; relative references resolve against it.
    #[arg(long, value_name = "URL")]
    url: String,
    /// The manifest to read; `-` = stdin.
    #[arg(long, default_value = "-", value_name = "FILE")]
    input: String,
    /// Evaluate at (check) or sign relative to (sign) this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct SignArgs {
    /// cloudfront, mediacdn or cloudcdn (Cloudflare Stream needs no rewrite).
    #[arg(long, value_name = "PROVIDER")]
    provider: String,
    #[command(flatten)]
    flags: SignFlags,
}

/// `cdnsign <provider> sign-manifest`: `manifest sign` with the provider fixed.
#[derive(clap::Args, Debug)]
pub struct SignFlags {
    #[command(flatten)]
    common: Common,
    /// Coverage: the URL prefix every reference must start with (default: the manifest's folder).
    #[arg(long, value_name = "URL")]
    prefix: Option<String>,
    /// Expiry: Unix seconds or relative (+300, +30m, +2h, +1d).
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    expires: String,
    /// Rewrite every reference to an absolute URL (default: keep relative ones relative).
    #[arg(long)]
    absolute: bool,
    /// Write the signed manifest here instead of stdout.
    #[arg(long, default_value = "-", value_name = "FILE")]
    output: String,
    /// CloudFront: the private key (PEM or DER); `-` = stdin.
    #[arg(long, value_name = "FILE")]
    private_key: Option<String>,
    /// CloudFront: the Key-Pair-Id.
    #[arg(long, value_name = "ID")]
    key_pair_id: Option<String>,
    /// CloudFront: environment variable holding the passphrase of an encrypted PKCS#8 key.
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
    /// CloudFront: SHA1 (default) or SHA256.
    #[arg(long, default_value = "SHA1", value_name = "NAME")]
    hash_algorithm: String,
    /// Media CDN: the Ed25519 private key or HMAC secret; Cloud CDN: the key file.
    #[arg(long, value_name = "FILE")]
    key: Option<String>,
    /// Cloud CDN: the key name.
    #[arg(long, value_name = "NAME")]
    key_name: Option<String>,
    /// Media CDN: ed25519 (default), hmac-sha1 or hmac-sha256.
    #[arg(long, default_value = "ed25519")]
    algorithm: String,
    /// Media CDN: a PathGlobs token (`<prefix path>*`) instead of URLPrefix.
    #[arg(long)]
    path_globs: bool,
    /// Media CDN: the token query parameter the route uses.
    #[arg(long, default_value = mediacdn::DEFAULT_TOKEN_PARAM)]
    param: String,
    /// Cloud CDN: leave out base64 '=' padding.
    #[arg(long)]
    unpadded: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// cloudfront, mediacdn or cloudcdn (Cloudflare Stream needs no rewrite).
    #[arg(long, value_name = "PROVIDER")]
    provider: String,
    #[command(flatten)]
    flags: CheckFlags,
}

/// `cdnsign <provider> check-manifest`: `manifest check` with the provider fixed.
#[derive(clap::Args, Debug)]
pub struct CheckFlags {
    #[command(flatten)]
    common: Common,
    /// CloudFront: a public key, repeatable: KEY_PAIR_ID=FILE (PEM); Cloud CDN: NAME=FILE (key file).
    #[arg(long = "key", value_name = "ID=FILE")]
    keys: Vec<String>,
    /// Media CDN: a keyset public key, repeatable: ID=FILE.
    #[arg(long = "public-key", value_name = "ID=FILE")]
    public_keys: Vec<String>,
    /// Media CDN: a keyset shared key, repeatable: ID=FILE.
    #[arg(long = "shared-key", value_name = "ID=FILE")]
    shared_keys: Vec<String>,
    /// Media CDN: allowed token algorithms, repeatable (default ed25519; add hmac-sha256 …).
    #[arg(long = "allow", value_name = "ALGORITHM")]
    allow: Vec<String>,
    /// Media CDN: the token query parameter the route uses.
    #[arg(long, default_value = mediacdn::DEFAULT_TOKEN_PARAM)]
    param: String,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::Sign(a) => sign(Provider::from_name(&a.provider)?, a.flags, false, global),
        Command::Check(a) => check(Provider::from_name(&a.provider)?, a.flags, global),
    }
}

/// `cdnsign <provider> sign-manifest`: `--json` prints the
/// `SignedManifestRecord`, as C's `out_json` does.
pub fn sign_for(provider: Provider, a: SignFlags, global: &Global) -> CliResult {
    sign(provider, a, true, global)
}

/// `cdnsign <provider> check-manifest`.
pub fn check_for(provider: Provider, a: CheckFlags, global: &Global) -> CliResult {
    check(provider, a, global)
}

fn read_secret_bytes(path: &str, field: &'static str) -> Result<Zeroizing<Vec<u8>>, Error> {
    Ok(Zeroizing::new(args::read_input(path, field)?))
}

fn read_text(path: &str, field: &'static str) -> Result<Zeroizing<String>, Error> {
    let bytes = read_secret_bytes(path, field)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid_input(field, format!("{field} is not UTF-8 text")))?;
    Ok(Zeroizing::new(text.trim().to_string()))
}

/// An HMAC secret file: base64/base64url text when it reads as such, raw bytes otherwise.
fn read_hmac_secret(path: &str) -> Result<mediacdn::HmacSecret, Error> {
    let bytes = read_secret_bytes(path, "secret")?;
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let t = text.trim();
        if !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='))
        {
            return mediacdn::HmacSecret::from_base64(t);
        }
    }
    mediacdn::HmacSecret::from_bytes(&bytes)
}

fn required<'a>(
    value: &'a Option<String>,
    flag: &'static str,
    field: &'static str,
    provider: &str,
) -> Result<&'a str, Error> {
    value
        .as_deref()
        .ok_or_else(|| Error::invalid_input(field, format!("--provider {provider} needs {flag}")))
}

fn id_and_file<'a>(spec: &'a str, flag: &'static str) -> Result<(&'a str, &'a str), Error> {
    spec.split_once('=').ok_or_else(|| {
        Error::invalid_input(
            flag.trim_start_matches('-'),
            format!("{flag} {spec:?} must be ID=FILE"),
        )
    })
}

/// The one signer a manifest is signed with, owning its key.
enum OwnedSigner {
    CloudFront(cloudfront::Signer),
    MediaCdn(mediacdn::TokenSigner, bool),
    CloudCdn(cloudcdn::Signer),
}

impl OwnedSigner {
    fn as_signer(&self) -> manifest::Signer<'_> {
        match self {
            OwnedSigner::CloudFront(s) => manifest::Signer::CloudFront(s),
            OwnedSigner::MediaCdn(t, false) => manifest::Signer::MediaCdn(t),
            OwnedSigner::MediaCdn(t, true) => manifest::Signer::MediaCdnPathGlobs(t),
            OwnedSigner::CloudCdn(s) => manifest::Signer::CloudCdn(s),
        }
    }
}

fn signer(provider: Provider, a: &SignFlags) -> Result<OwnedSigner, Error> {
    let name = provider.as_str();
    Ok(match provider {
        Provider::CloudFront => {
            let key = read_secret_bytes(
                required(&a.private_key, "--private-key", "private_key", name)?,
                "private_key",
            )?;
            let passphrase = match &a.passphrase_env {
                Some(var) => Some(Zeroizing::new(
                    std::env::var(var)
                        .map_err(|_| {
                            Error::invalid_input(
                                "passphrase_env",
                                format!("the environment variable {var} is not set (or not UTF-8)"),
                            )
                        })?
                        .into_bytes(),
                )),
                None => None,
            };
            OwnedSigner::CloudFront(cloudfront::Signer::from_pem_with(
                required(&a.key_pair_id, "--key-pair-id", "key_pair_id", name)?,
                &key[..],
                passphrase.as_deref().map(|p| &p[..]),
                cloudfront::SignerOptions {
                    hash_algorithm: cloudfront::HashAlgorithm::from_name(&a.hash_algorithm)?,
                    allow_weak_rsa_for_tests: false,
                },
            )?)
        }
        Provider::MediaCdn => {
            let path = required(&a.key, "--key", "key", name)?;
            let tokens = match mediacdn::Algorithm::from_name(&a.algorithm)? {
                mediacdn::Algorithm::Ed25519 => mediacdn::TokenSigner::ed25519(
                    mediacdn::SigningKey::parse(&read_secret_bytes(path, "private_key")?)?,
                ),
                alg => mediacdn::TokenSigner::hmac(alg, read_hmac_secret(path)?)?,
            }
            .with_param(&a.param)?;
            OwnedSigner::MediaCdn(tokens, a.path_globs)
        }
        Provider::CloudCdn => {
            let key = read_text(required(&a.key, "--key", "key", name)?, "key")?;
            OwnedSigner::CloudCdn(
                cloudcdn::Signer::new(
                    required(&a.key_name, "--key-name", "key_name", name)?,
                    cloudcdn::SigningKey::from_key_file(&key)?,
                )?
                .with_padding(!a.unpadded),
            )
        }
    })
}

fn write_output(path: &str, bytes: &[u8]) -> Result<(), Error> {
    let result = if path == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes).and_then(|()| out.flush())
    } else {
        std::fs::write(path, bytes)
    };
    result.map_err(|e| Error::invalid_input("output", format!("cannot write {path}: {e}")))
}

fn sign(provider: Provider, a: SignFlags, record: bool, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.common.now);
    let expires = args::parse_time(&a.expires, now, "expires")?;
    let owned = signer(provider, &a)?;
    let input = args::read_input(&a.common.input, "manifest")?;
    let mut options = SignOptions::new(&a.common.url, expires).absolute(a.absolute);
    if let Some(p) = &a.prefix {
        options = options.prefix(p);
    }
    let signed = manifest::sign(&input, &owned.as_signer(), &options)?;
    if global.json && record {
        if a.output != "-" {
            write_output(&a.output, &signed.manifest)?;
        }
        println!(
            "{}",
            to_json(&cdnsign::api::records::SignedManifestRecord::from(&signed))
        );
    } else if global.json {
        let refs: Vec<_> = signed
            .references
            .iter()
            .map(|r| {
                json!({
                    "line": r.line,
                    "kind": r.kind,
                    "original": r.original,
                    "rewritten": signed.rewritten(r),
                    "url": r.url,
                })
            })
            .collect();
        let v = json!({
            "ok": true,
            "provider": provider.as_str(),
            "format": signed.format.as_str(),
            "coverage": signed.coverage,
            "credential": signed.credential,
            "expires": expires,
            "references": refs,
            "manifest": String::from_utf8_lossy(&signed.manifest),
        });
        if a.output == "-" {
            println!("{v}");
        } else {
            write_output(&a.output, &signed.manifest)?;
            println!("{v}");
        }
    } else {
        write_output(&a.output, &signed.manifest)?;
        eprintln!(
            "signed {} references ({}) with one {} credential covering {} until {expires}",
            signed.references.len(),
            signed.format.as_str(),
            provider.as_str(),
            signed.coverage
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn check(provider: Provider, a: CheckFlags, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.common.now);
    let input = args::read_input(&a.common.input, "manifest")?;
    let report = match provider {
        Provider::CloudFront => {
            let mut v = cloudfront::Verifier::new();
            for spec in &a.keys {
                let (id, file) = id_and_file(spec, "--key")?;
                v.add_public_key_pem(id, args::read_input(file, "key")?)?;
            }
            manifest::check(
                &input,
                &a.common.url,
                &manifest::Verifier::CloudFront(&v),
                now,
            )?
        }
        Provider::MediaCdn => {
            let mut keyset = mediacdn::Keyset::new();
            for spec in &a.public_keys {
                let (id, file) = id_and_file(spec, "--public-key")?;
                keyset.add_public_key(
                    id,
                    mediacdn::PublicKey::parse(&read_secret_bytes(file, "public_key")?)?,
                )?;
            }
            for spec in &a.shared_keys {
                let (id, file) = id_and_file(spec, "--shared-key")?;
                keyset.add_shared_key(id, read_hmac_secret(file)?)?;
            }
            let mut v = mediacdn::Verifier::new(keyset).with_param(&a.param)?;
            if !a.allow.is_empty() {
                let algs = a
                    .allow
                    .iter()
                    .map(|n| mediacdn::Algorithm::from_name(n))
                    .collect::<Result<Vec<_>, _>>()?;
                v = v.with_allowed_algorithms(&algs);
            }
            manifest::check(
                &input,
                &a.common.url,
                &manifest::Verifier::MediaCdn(&v),
                now,
            )?
        }
        Provider::CloudCdn => {
            let mut v = cloudcdn::Verifier::new();
            for spec in &a.keys {
                let (name, file) = id_and_file(spec, "--key")?;
                v.add_key(
                    name,
                    cloudcdn::SigningKey::from_key_file(&read_text(file, "key")?)?,
                )?;
            }
            manifest::check(
                &input,
                &a.common.url,
                &manifest::Verifier::CloudCdn(&v),
                now,
            )?
        }
    };
    if global.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_file_arguments() {
        assert_eq!(id_and_file("k=/tmp/a", "--key").unwrap(), ("k", "/tmp/a"));
        assert_eq!(
            id_and_file("nofile", "--key").unwrap_err().field(),
            Some("key")
        );
        let e = required(&None, "--key-pair-id", "key_pair_id", "cloudfront").unwrap_err();
        assert_eq!(e.field(), Some("key_pair_id"));
        assert!(e
            .message()
            .contains("--provider cloudfront needs --key-pair-id"));
    }
}
