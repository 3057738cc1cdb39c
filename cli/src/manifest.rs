//! `cdnsign manifest …`: sign every reference of an HLS playlist or DASH MPD
//! with one credential (CloudFront, Media CDN, Cloud CDN), and check a signed
//! one reference by reference. Keys are read by the provider modules'
//! functions, so `manifest` and `<provider> sign-url`/`verify` take them alike.

use std::io::Write as _;
use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::manifest::{self, Provider, SignOptions};
use cdnsign::{cloudcdn, cloudfront, mediacdn, Error};
use serde_json::json;

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

/// `explain`, `sign-manifest` and `check-manifest`, flattened into the
/// subcommands of each provider that signs manifests.
#[derive(clap::Subcommand, Debug)]
pub enum ProviderCommand {
    /// Decode a credential without any key and say what the CDN would check.
    Explain(crate::explain::Args),
    /// Sign every reference of an HLS playlist or DASH MPD with one credential (`manifest sign`).
    SignManifest(SignFlags),
    /// Check the credential every reference of a signed manifest would send (`manifest check`).
    CheckManifest(CheckFlags),
}

impl ProviderCommand {
    /// `--json` of `sign-manifest` prints the `SignedManifestRecord`, as C's
    /// `out_json` does.
    pub fn run(self, provider: Provider, global: &Global) -> CliResult {
        match self {
            ProviderCommand::Explain(a) => {
                crate::explain::explain(a, Some(provider.into()), global)
            }
            ProviderCommand::SignManifest(a) => sign(provider, a, true, global),
            ProviderCommand::CheckManifest(a) => check(provider, a, global),
        }
    }
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
    /// Media CDN: a keyset public key, repeatable: ID=FILE, or FILE (ids public-1, public-2, ...).
    #[arg(long = "public-key", value_name = "[ID=]FILE")]
    public_keys: Vec<String>,
    /// Media CDN: a keyset shared key, repeatable: ID=FILE, or FILE (ids shared-1, shared-2, ...).
    #[arg(long = "shared-key", value_name = "[ID=]FILE")]
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
    let key = || required(&a.key, "--key", "key", name);
    Ok(match provider {
        Provider::CloudFront => OwnedSigner::CloudFront(crate::cloudfront::signer(
            required(&a.private_key, "--private-key", "private_key", name)?,
            required(&a.key_pair_id, "--key-pair-id", "key_pair_id", name)?,
            a.passphrase_env.as_deref(),
            &a.hash_algorithm,
        )?),
        Provider::MediaCdn => {
            let tokens = crate::mediacdn::token_signer(key()?, &a.algorithm)?;
            OwnedSigner::MediaCdn(tokens.with_param(&a.param)?, a.path_globs)
        }
        Provider::CloudCdn => OwnedSigner::CloudCdn(crate::cloudcdn::signer(
            key()?,
            required(&a.key_name, "--key-name", "key_name", name)?,
            !a.unpadded,
        )?),
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
        args::print_json(&records::SignedManifestRecord::from(&signed));
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
        if a.output != "-" {
            write_output(&a.output, &signed.manifest)?;
        }
        args::print_json(&json!({
            "ok": true,
            "provider": provider.as_str(),
            "format": signed.format.as_str(),
            "coverage": signed.coverage,
            "credential": signed.credential,
            "expires": expires,
            "references": refs,
            "manifest": String::from_utf8_lossy(&signed.manifest),
        }));
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
    let url = &a.common.url;
    let report = match provider {
        Provider::CloudFront => {
            let v = crate::cloudfront::verifier(&a.keys)?;
            manifest::check(&input, url, &manifest::Verifier::CloudFront(&v), now)?
        }
        Provider::MediaCdn => {
            let keyset = crate::mediacdn::keyset(&a.public_keys, &a.shared_keys, None)?;
            let v = crate::mediacdn::verifier(keyset, &a.param, &a.allow, None, None)?;
            manifest::check(&input, url, &manifest::Verifier::MediaCdn(&v), now)?
        }
        Provider::CloudCdn => {
            let v = crate::cloudcdn::verifier(&a.keys)?;
            manifest::check(&input, url, &manifest::Verifier::CloudCdn(&v), now)?
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
        let id_and_file = |spec| args::id_and_file(spec, "--key", "ID=FILE");
        assert_eq!(id_and_file("k=/tmp/a").unwrap(), ("k", "/tmp/a"));
        assert_eq!(id_and_file("nofile").unwrap_err().field(), Some("key"));
        let e = required(&None, "--key-pair-id", "key_pair_id", "cloudfront").unwrap_err();
        assert_eq!(e.field(), Some("key_pair_id"));
        assert!(e
            .message()
            .contains("--provider cloudfront needs --key-pair-id"));
    }
}
