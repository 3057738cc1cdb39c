//! `cdnsign cloudfront …`: AWS CloudFront signed URLs and cookies (sign,
//! verify), plus the `explain` and `demo` hooks.

use std::net::IpAddr;
use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::cloudfront::{
    self as core, CookieAttributes, PolicyKind, SameSite, SignOptions, Signer, SignerOptions,
    Verified, Verifier, VerifyRequest,
};
use cdnsign::{Error, ErrorCode};
use serde_json::json;

use crate::{args, CliResult, Global};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sign a URL: canned policy (this URL until --expires), or custom with
    /// --starts, --ip-range or --resource (a wildcard pattern the URL matches).
    SignUrl(SignUrlArgs),
    /// Sign cookies for one URL (canned) or a wildcard resource such as
    /// https://d111111abcdef8.cloudfront.net/videos/* (custom); prints Set-Cookie values.
    SignCookies(SignCookiesArgs),
    /// Sign a URL with a policy given verbatim (--policy-file).
    SignUrlWithPolicy(SignUrlArgs),
    /// Sign cookies with a policy given verbatim (--policy-file).
    SignCookiesWithPolicy(SignCookiesArgs),
    /// Verify a signed URL, or a Cookie header for a request URL, the way CloudFront does.
    Verify(VerifyArgs),
    /// Verify a signed URL the way CloudFront does.
    VerifyUrl(VerifyArgs),
    /// Verify CloudFront-* cookies (--cookie) for a request URL (--request-url).
    VerifyCookies(VerifyArgs),
    /// Print the policy JSON sign-url would sign for a URL and options.
    BuildPolicy(BuildPolicyArgs),
    /// `explain`, `sign-manifest`, `check-manifest`.
    #[command(flatten)]
    Shared(crate::manifest::ProviderCommand),
}

#[derive(clap::Args, Debug)]
pub struct SignerArgs {
    /// Private key: PEM or DER (PKCS#1, PKCS#8, SEC1 EC, encrypted PKCS#8); `-` = stdin.
    #[arg(long, value_name = "FILE")]
    private_key: String,
    /// The id CloudFront shows for the public key (Key-Pair-Id), e.g. K2JCJMDEHXQW5F.
    #[arg(long, value_name = "ID")]
    key_pair_id: String,
    /// Environment variable holding the passphrase of an encrypted PKCS#8 key.
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
    /// SHA1 (CloudFront's default) or SHA256 (adds Hash-Algorithm=SHA256).
    #[arg(long, default_value = "SHA1", value_name = "NAME")]
    hash_algorithm: String,
}

#[derive(clap::Args, Debug)]
pub struct PolicyArgs {
    /// Expiry (DateLessThan): Unix seconds or relative (+300, +30m, +2h, +1d).
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    expires: String,
    /// Start (DateGreaterThan): Unix seconds or relative; makes the policy custom.
    #[arg(long, value_name = "TIME")]
    starts: Option<String>,
    /// Viewer IPv4 address or CIDR (a bare address becomes /32); makes the policy custom.
    #[arg(long, value_name = "CIDR")]
    ip_range: Option<String>,
    /// Policy resource when it differs from the URL, with * and ? wildcards.
    #[arg(long, value_name = "PATTERN")]
    resource: Option<String>,
    /// auto (default), canned or custom.
    #[arg(long, default_value = "auto", value_name = "KIND")]
    policy: String,
    /// Sign this policy JSON verbatim instead (botocore's policy=…, the JS SDK's policy option).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["starts", "ip_range", "resource"])]
    policy_file: Option<String>,
    /// Signing time instead of the clock (Unix seconds), for relative times.
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct SignUrlArgs {
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// The URL exactly as viewers will request it (percent-encoded; no fragment).
    url: String,
}

#[derive(clap::Args, Debug)]
pub struct SignCookiesArgs {
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    #[command(flatten)]
    attributes: args::CookieAttributeArgs,
    /// The URL (canned policy) or wildcard resource (custom policy) the cookies grant.
    #[arg(value_name = "URL_OR_RESOURCE")]
    target: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// A public key as KEY_PAIR_ID=FILE (PEM or DER; SPKI, PKCS#1 or a private
    /// key's public half). Repeat for rotation.
    #[arg(long = "key", value_name = "ID=FILE", required = true)]
    keys: Vec<String>,
    /// A Cookie header value to verify instead of a URL (needs --request-url).
    #[arg(long, value_name = "HEADER", requires = "request_url")]
    cookie: Option<String>,
    /// The URL requested with the cookies.
    #[arg(long, value_name = "URL")]
    request_url: Option<String>,
    /// Time of the request (Unix seconds) instead of the clock.
    #[arg(long)]
    now: Option<i64>,
    /// The viewer's IP address (needed when the policy has an IpAddress condition).
    #[arg(long, value_name = "IP")]
    client_ip: Option<String>,
    /// The signed URL to verify.
    #[arg(required_unless_present = "cookie")]
    url: Option<String>,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    let policy_file =
        |a: &PolicyArgs| require(a.policy_file.is_some(), "policy_file", "--policy-file");
    match cmd {
        Command::Shared(c) => c.run(cdnsign::manifest::Provider::CloudFront, global),
        Command::SignUrl(a) => sign_url(a, global),
        Command::SignCookies(a) => sign_cookies(a, global),
        Command::SignUrlWithPolicy(a) => {
            policy_file(&a.policy)?;
            sign_url(a, global)
        }
        Command::SignCookiesWithPolicy(a) => {
            policy_file(&a.policy)?;
            sign_cookies(a, global)
        }
        Command::Verify(a) => verify(a, global),
        Command::VerifyUrl(a) => {
            require(a.cookie.is_none(), "cookie", "a signed URL, not --cookie")?;
            verify(a, global)
        }
        Command::VerifyCookies(a) => {
            require(a.cookie.is_some(), "cookie", "--cookie and --request-url")?;
            verify(a, global)
        }
        Command::BuildPolicy(a) => build_policy(a, global),
    }
}

/// A signer from its key file (`-` = stdin), Key-Pair-Id, the environment
/// variable holding an encrypted key's passphrase, and hash algorithm name
/// (`sign-url`, `sign-cookies` and `manifest sign --provider cloudfront`).
pub fn signer(
    private_key: &str,
    key_pair_id: &str,
    passphrase_env: Option<&str>,
    hash_algorithm: &str,
) -> Result<Signer, Error> {
    let key = args::read_secret(private_key, "private_key")?;
    let passphrase = args::passphrase_env(passphrase_env)?;
    Signer::from_pem_with(
        key_pair_id,
        &key[..],
        passphrase.as_deref().map(|p| &p[..]),
        SignerOptions::named(Some(hash_algorithm), false)?,
    )
}

fn load_signer(a: &SignerArgs) -> Result<Signer, Error> {
    signer(
        &a.private_key,
        &a.key_pair_id,
        a.passphrase_env.as_deref(),
        &a.hash_algorithm,
    )
}

/// A verifier holding every `--key KEY_PAIR_ID=FILE` (`verify`, `manifest check`).
pub fn verifier(keys: &[String]) -> Result<Verifier, Error> {
    let mut verifier = Verifier::new();
    for k in keys {
        let (id, file) = parse_key_arg(k)?;
        verifier.add_public_key_pem(id, args::read_input(file, "key")?)?;
    }
    Ok(verifier)
}

fn require(ok: bool, field: &'static str, what: &str) -> Result<(), Error> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!("this command takes {what}"),
        ))
    }
}

#[derive(clap::Args, Debug)]
pub struct BuildPolicyArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    /// The URL the policy is for.
    url: String,
}

fn build_policy(a: BuildPolicyArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.policy.now);
    let policy = core::Policy::for_url(&a.url, &sign_options(&a.policy, now)?)?.to_json();
    args::emit(
        global,
        || json!({ "policy": policy }),
        || println!("{policy}"),
    )
}

fn sign_options(p: &PolicyArgs, now: i64) -> Result<SignOptions, Error> {
    Ok(SignOptions {
        expires: Some(args::parse_time(&p.expires, now, "expires")?),
        starts: args::opt_time(&p.starts, now, "starts")?,
        ip_range: p.ip_range.clone(),
        resource: p.resource.clone(),
        policy_kind: PolicyKind::from_name(&p.policy)?,
    })
}

fn read_policy(path: &str) -> Result<String, Error> {
    String::from_utf8(args::read_input(path, "policy_file")?)
        .map(|s| s.trim_end_matches(['\n', '\r']).to_string())
        .map_err(|_| Error::invalid_input("policy_file", "the policy file is not UTF-8"))
}

fn sign_url(a: SignUrlArgs, global: &Global) -> CliResult {
    let signer = load_signer(&a.signer)?;
    let now = args::now_or_clock(a.policy.now);
    let url = match &a.policy.policy_file {
        Some(path) => signer.sign_url_with_policy(&a.url, &read_policy(path)?)?,
        None => signer.sign_url(&a.url, &sign_options(&a.policy, now)?)?,
    };
    let e = core::explain_url(&url, now);
    args::emit(
        global,
        || {
            json!({
                "ok": true,
                "url": url,
                "key_pair_id": signer.key_pair_id(),
                "hash_algorithm": signer.hash_algorithm().as_str(),
                "policy_kind": e.canned.map(|c| if c { "canned" } else { "custom" }),
                "policy": e.policy,
                "expires": e.expires,
            })
        },
        || println!("{url}"),
    )
}

fn sign_cookies(a: SignCookiesArgs, global: &Global) -> CliResult {
    let signer = load_signer(&a.signer)?;
    let now = args::now_or_clock(a.policy.now);
    let attributes = a.attributes.attributes(now)?;
    let cookies = match (&a.policy.policy_file, &a.target) {
        (Some(path), None) => signer.sign_cookies_with_policy(&read_policy(path)?, &attributes)?,
        (Some(_), Some(_)) => {
            return Err(Error::invalid_input(
                "resource",
                "give either a resource or --policy-file (the policy names its resource)",
            ))
        }
        (None, Some(resource)) => {
            signer.sign_cookies(resource, &sign_options(&a.policy, now)?, &attributes)?
        }
        (None, None) => {
            return Err(Error::invalid_input(
                "resource",
                "give the URL or wildcard resource the cookies grant (or --policy-file)",
            ))
        }
    };
    args::emit(
        global,
        || records::CloudFrontCookies::from(&cookies),
        || {
            for line in cookies.set_cookie_headers() {
                println!("Set-Cookie: {line}");
            }
        },
    )
}

fn parse_key_arg(arg: &str) -> Result<(&str, &str), Error> {
    let example = "KEY_PAIR_ID=FILE (e.g. K2JCJMDEHXQW5F=public.pem)";
    args::id_and_file(arg, "--key", example)
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let verifier = verifier(&a.keys)?;
    let request = VerifyRequest::of(args::now_or_clock(a.now), a.client_ip.as_deref())?;
    let result = match (&a.cookie, &a.url) {
        (Some(header), _) => verifier.verify_cookie_header(
            header,
            a.request_url.as_deref().unwrap_or_default(),
            &request,
        ),
        (None, Some(url)) => verifier.verify_url(url, &request),
        (None, None) => {
            return Err(Error::invalid_input(
                "url",
                "give a signed URL, or --cookie with --request-url",
            ))
        }
    };
    let now = request.now;
    args::verified::<records::CloudFrontVerified, _>(result, global, |v| print_verified(v, now))
}

fn print_verified(v: &Verified, now: i64) {
    println!(
        "VALID {} credential, {} policy, key {}, hash {}",
        match v.form {
            core::CredentialForm::Url => "URL",
            core::CredentialForm::Cookies => "cookie",
        },
        if v.canned { "canned" } else { "custom" },
        v.key_pair_id,
        v.hash_algorithm
    );
    println!("  request URL  {}", v.request_url);
    match &v.resource {
        Some(r) => println!("  resource     {r}"),
        None => println!("  resource     (none: every object the key may sign for)"),
    }
    println!("  expires      {}", args::when(v.expires, now));
    if let Some(s) = v.starts {
        println!("  valid after  {}", args::when(s, now));
    }
    if let Some(ip) = &v.ip_range {
        println!("  client IP    in {ip}");
    }
}

/// `cdnsign demo` section: a throwaway RSA-2048 key pair, a canned signed
/// URL, wildcard cookies with their Set-Cookie headers, both verified, and
/// the refusals CloudFront would give (expired, another path, another IP).
pub fn demo(global: &Global) -> CliResult {
    let now = cdnsign::time::now_unix();
    let pkcs8 = cdnsign::crypto::RsaPrivateKey::generate_pkcs8(2048)?;
    let key = cdnsign::keys::parse_private_key(&pkcs8, None)?;
    let signer = Signer::new("K2JCJMDEHXQW5F", key, SignerOptions::default())?;
    let mut verifier = Verifier::new();
    verifier.add_signer(&signer)?;

    let host = "https://d111111abcdef8.cloudfront.net";
    let video = format!("{host}/videos/intro.mp4");
    let url = signer.sign_url(&video, &SignOptions::expires(now + 3600))?;
    let cookies = signer.sign_cookies(
        &format!("{host}/videos/*"),
        &SignOptions::expires(now + 3600).ip_range("192.0.2.0/24"),
        &CookieAttributes::new()
            .domain("d111111abcdef8.cloudfront.net")
            .path("/videos/")
            .same_site(SameSite::Lax),
    )?;
    let viewer: IpAddr = "192.0.2.10".parse().map_err(|_| internal("viewer IP"))?;
    let at = |t: i64| VerifyRequest::new(t).client_ip(viewer);
    let url_ok = verifier.verify_url(&url, &at(now))?;
    let segment = format!("{host}/videos/intro/seg_00042.ts");
    let cookies_ok = verifier.verify_cookie_header(&cookies.cookie_header(), &segment, &at(now))?;
    let refused = args::refused::<Verified>;
    let expired = refused(verifier.verify_url(&url, &at(now + 3637)), "expired URL")?;
    let other_file = refused(
        verifier.verify_url(&url.replace("intro.mp4", "other.mp4"), &at(now)),
        "URL for another file",
    )?;
    let other_ip = refused(
        verifier.verify_cookie_header(
            &cookies.cookie_header(),
            &segment,
            &VerifyRequest::new(now).client_ip("198.51.100.7".parse().map_err(|_| internal("IP"))?),
        ),
        "cookies from another IP",
    )?;
    let outside = refused(
        verifier.verify_cookie_header(
            &cookies.cookie_header(),
            &format!("{host}/admin/"),
            &at(now),
        ),
        "cookies outside /videos/",
    )?;
    if global.json {
        println!(
            "{}",
            json!({
                "section": "cloudfront",
                "key_pair_id": signer.key_pair_id(),
                "signed_url": url,
                "url_verified": records::CloudFrontVerified::from(&url_ok),
                "set_cookie": cookies.set_cookie_headers(),
                "cookies_verified": records::CloudFrontVerified::from(&cookies_ok),
                "refusals": {
                    "expired": expired.code().as_str(),
                    "other_file": other_file.code().as_str(),
                    "other_ip": other_ip.code().as_str(),
                    "outside_resource": outside.code().as_str(),
                },
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("== AWS CloudFront signed URL and cookies (RSA-2048, SHA-1) ==");
    println!("key pair id   {} (generated now)", signer.key_pair_id());
    println!("signed URL    {url}");
    println!(
        "  verified    VALID canned policy for exactly this URL, expires {}",
        args::when(url_ok.expires, now)
    );
    println!("cookies for   {host}/videos/* from 192.0.2.0/24 (custom policy)");
    for line in cookies.set_cookie_headers() {
        let shown = if line.len() > 110 {
            format!("{}…{}", &line[..60], &line[line.len() - 45..])
        } else {
            line.clone()
        };
        println!("  Set-Cookie: {shown}");
    }
    println!(
        "  verified    VALID for {} from {viewer}",
        cookies_ok.request_url
    );
    println!(
        "refused       the URL 1 h later: {}: {}",
        expired.code(),
        expired.message()
    );
    println!(
        "refused       the URL edited to another file: {}",
        other_file.code()
    );
    println!(
        "refused       the cookies from 198.51.100.7: {}: {}",
        other_ip.code(),
        other_ip.message()
    );
    println!(
        "refused       the cookies for {host}/admin/: {}",
        outside.code()
    );
    println!();
    Ok(ExitCode::SUCCESS)
}

fn internal(what: &str) -> Error {
    Error::new(ErrorCode::Internal, what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        global: Global,
        #[command(subcommand)]
        command: Command,
    }

    #[test]
    fn arguments_are_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_the_documented_forms() {
        let cli = Cli::try_parse_from([
            "cloudfront",
            "sign-cookies",
            "--private-key",
            "k.pem",
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--ip-range",
            "192.0.2.0/24",
            "--domain",
            "d111111abcdef8.cloudfront.net",
            "https://d111111abcdef8.cloudfront.net/videos/*",
        ])
        .unwrap();
        match cli.command {
            Command::SignCookies(a) => {
                assert_eq!(
                    a.target.as_deref(),
                    Some("https://d111111abcdef8.cloudfront.net/videos/*")
                );
                assert_eq!(a.policy.expires, "+1h");
            }
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["cloudfront", "verify", "--key", "K=f.pem"]).is_err());
        assert!(Cli::try_parse_from([
            "cloudfront",
            "verify",
            "--key",
            "K=f.pem",
            "--cookie",
            "CloudFront-Policy=x"
        ])
        .is_err());
        assert_eq!(parse_key_arg("K2=a=b.pem").unwrap(), ("K2", "a=b.pem"));
        assert_eq!(parse_key_arg("nokey").unwrap_err().field(), Some("key"));
    }
}
