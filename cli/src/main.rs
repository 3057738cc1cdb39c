//! `cdnsign`: sign, verify, explain and generate keys for CDN credentials.
//!
//! Conventions for the provider modules (`cloudfront.rs`, `stream.rs`, ...):
//! - each exposes a clap `Command` enum and `run(cmd, &Global) -> CliResult`;
//! - `explain(input, now, &Global) -> Option<CliResult>` answers `None` when the
//!   input is not its format, so `cdnsign explain` can try each in turn;
//! - `demo(&Global) -> CliResult` prints one section of `cdnsign demo`;
//! - verification failures print the rejection and return `ExitCode::from(1)`;
//!   an `Err` (bad input, bad key) is printed by `main` and exits with 2.
#![forbid(unsafe_code)]

// `print!`/`println!` for every module below: std's versions panic when a
// write fails. These hand the write error to `write_stdout`, which treats a
// closed stdout (`cdnsign ... | head`, `io::ErrorKind::BrokenPipe`) as a Unix
// filter treats SIGPIPE: exit quietly with status 141. Declared before the
// `mod` items so that their textual scope covers every module.
macro_rules! print {
    ($($arg:tt)*) => { $crate::write_stdout(format_args!($($arg)*), false) };
}
macro_rules! println {
    () => { $crate::write_stdout(format_args!(""), true) };
    ($($arg:tt)*) => { $crate::write_stdout(format_args!($($arg)*), true) };
}

mod args;
mod cloudcdn;
mod cloudfront;
mod demo;
mod edge;
mod explain;
mod google;
mod keygen;
mod manifest;
mod mediacdn;
mod stream;
mod webhook;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The result every subcommand returns.
pub type CliResult = Result<ExitCode, cdnsign::Error>;

/// Options every subcommand understands.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Parser, Debug)]
#[command(
    name = "cdnsign",
    version = cdnsign::VERSION,
    about = "Mint, verify and explain CDN credentials: CloudFront, Cloudflare Stream, Google Media CDN and Cloud CDN"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate a key pair (throwaway keys for tests, or real ones to register with the CDN).
    Keygen(keygen::Args),
    /// Decode any credential without a key and say what the CDN would check.
    Explain(explain::Args),
    /// Generate throwaway keys and show every credential being signed and verified.
    Demo,
    /// AWS CloudFront signed URLs and cookies: sign, verify.
    #[command(subcommand)]
    Cloudfront(cloudfront::Command),
    /// Cloudflare Stream signed tokens: sign, verify, playback URLs.
    #[command(subcommand)]
    Stream(stream::Command),
    /// Cloudflare Stream webhook signatures: sign, verify.
    #[command(subcommand)]
    Webhook(webhook::Command),
    /// Google Media CDN signed URLs, cookies and tokens: sign, verify.
    #[command(subcommand)]
    Mediacdn(mediacdn::Command),
    /// Google Cloud CDN signed URLs and cookies: sign, verify.
    #[command(subcommand)]
    Cloudcdn(cloudcdn::Command),
    /// Signed HLS and DASH: sign every reference of a manifest with one credential, check one.
    #[command(subcommand)]
    Manifest(manifest::Command),
    /// A local CDN edge enforcing one provider's signed-request rules per route, in front of a directory or an origin.
    Edge(Box<edge::Args>),
}

/// Write to stdout; on a closed pipe exit with 141 (128 + SIGPIPE) without a
/// panic report, and on any other write error report it and exit with 2.
fn write_stdout(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| {
        if newline {
            out.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(141),
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            std::process::exit(2);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(a) => keygen::run(a, &cli.global),
        Command::Explain(a) => explain::run(a, &cli.global),
        Command::Demo => demo::run(&cli.global),
        Command::Cloudfront(c) => cloudfront::run(c, &cli.global),
        Command::Stream(c) => stream::run(c, &cli.global),
        Command::Webhook(c) => webhook::run(c, &cli.global),
        Command::Mediacdn(c) => mediacdn::run(c, &cli.global),
        Command::Cloudcdn(c) => cloudcdn::run(c, &cli.global),
        Command::Manifest(c) => manifest::run(c, &cli.global),
        Command::Edge(a) => edge::run(*a, &cli.global),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            args::print_error(&e, &cli.global);
            ExitCode::from(2)
        }
    }
}
