//! `cdnsign webhook …`: Cloudflare Stream webhook signatures.

use std::process::ExitCode;

use cdnsign::api::records;
use cdnsign::webhook::{self as core, Event, Verifier};
use cdnsign::Error;
use serde_json::json;
use zeroize::Zeroizing;

use crate::{args, CliResult, Global};

/// Environment variable read for the secret when no --secret/--secret-file is given.
pub const SECRET_ENV: &str = "CDNSIGN_WEBHOOK_SECRET";

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Compute the Webhook-Signature header Stream would send for a body.
    Sign(SignArgs),
    /// Verify a Webhook-Signature header against the raw body, then show the event.
    Verify(VerifyArgs),
    /// Verify, then parse the body into the typed event (refused when the
    /// signed body is not a Stream video event).
    VerifyEvent(VerifyArgs),
    /// Parse a body into the typed event, without checking a signature.
    ParseEvent(ParseEventArgs),
    #[command(flatten)]
    Explain(crate::explain::Command),
}

#[derive(clap::Args, Debug)]
pub struct ParseEventArgs {
    /// The body: a file, or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    body: String,
}

fn parse_event(a: ParseEventArgs) -> CliResult {
    let body = args::read_input(&a.body, "body")?;
    args::print_json(&records::WebhookEvent::from(&Event::parse(&body)?));
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct SecretArgs {
    /// The webhook secret (as returned by PUT /stream/webhook). Visible in the
    /// process list: prefer --secret-file or the CDNSIGN_WEBHOOK_SECRET variable.
    #[arg(long = "secret", value_name = "SECRET")]
    secrets: Vec<String>,
    /// A file holding the secret (surrounding whitespace ignored); repeatable.
    #[arg(long = "secret-file", value_name = "FILE")]
    secret_files: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct SignArgs {
    #[command(flatten)]
    secret: SecretArgs,
    /// The raw body: a file, or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    body: String,
    /// The time to sign for (Unix seconds or relative, e.g. -10m); default now.
    #[arg(long, value_name = "TIME")]
    time: Option<String>,
    /// Use this Unix time as "now".
    #[arg(long)]
    now: Option<i64>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    secret: SecretArgs,
    /// The Webhook-Signature header value (the whole `Webhook-Signature: …`
    /// line is accepted too).
    #[arg(long, value_name = "VALUE")]
    header: String,
    /// The raw body exactly as received: a file, or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    body: String,
    /// Seconds the timestamp may be off, past or future.
    #[arg(long, default_value_t = core::DEFAULT_TOLERANCE, conflicts_with = "ignore_time")]
    tolerance: u64,
    /// Do not check the timestamp (replaying a stored event).
    #[arg(long)]
    ignore_time: bool,
    /// Verify at this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
}

pub fn run(cmd: Command, global: &Global) -> CliResult {
    match cmd {
        Command::Explain(c) => c.run(cdnsign::api::Provider::Webhook, global),
        Command::Sign(a) => sign(a, global),
        Command::Verify(a) => verify(a, global),
        Command::VerifyEvent(a) => verify_event(a, global),
        Command::ParseEvent(a) => parse_event(a),
    }
}

fn secrets(a: &SecretArgs) -> Result<Vec<Zeroizing<Vec<u8>>>, Error> {
    let mut out: Vec<Zeroizing<Vec<u8>>> = a
        .secrets
        .iter()
        .map(|s| Zeroizing::new(s.as_bytes().to_vec()))
        .collect();
    for path in &a.secret_files {
        let raw = Zeroizing::new(args::read_input(path, "secret")?);
        let text = std::str::from_utf8(&raw)
            .map_err(|_| Error::invalid_input("secret", format!("{path} is not UTF-8 text")))?;
        out.push(Zeroizing::new(text.trim().as_bytes().to_vec()));
    }
    if out.is_empty() {
        if let Ok(s) = std::env::var(SECRET_ENV) {
            out.push(Zeroizing::new(s.into_bytes()));
        }
    }
    if out.is_empty() {
        return Err(Error::invalid_key(format!(
            "no webhook secret: give --secret, --secret-file or {SECRET_ENV}"
        ))
        .with_field("secret"));
    }
    Ok(out)
}

fn sign(a: SignArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let time = match &a.time {
        Some(t) => args::parse_time(t, now, "time")?,
        None => now,
    };
    let body = args::read_input(&a.body, "body")?;
    let secrets = secrets(&a.secret)?;
    let header = core::sign(&secrets[0][..], &body, time)?;
    args::emit(
        global,
        || json!({ "ok": true, "header": header, "time": time, "body_bytes": body.len() }),
        || println!("{header}"),
    )
}

fn header_value(input: &str) -> &str {
    let t = input.trim();
    match t.split_once(':') {
        Some((name, rest)) if name.trim().eq_ignore_ascii_case(core::HEADER_NAME) => rest.trim(),
        _ => t,
    }
}

fn verifier(a: &VerifyArgs) -> Result<Verifier, Error> {
    let secrets = secrets(&a.secret)?;
    let v = Verifier::new(secrets.iter().map(|s| &s[..]))?;
    Ok(if a.ignore_time {
        v.ignore_timestamp()
    } else {
        v.with_tolerance(a.tolerance)
    })
}

fn verify(a: VerifyArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let body = args::read_input(&a.body, "body")?;
    let result = verifier(&a)?.verify(Some(header_value(&a.header)), &body, now);
    args::verified::<records::WebhookVerified, _>(result, global, |ok| {
        print_verified(ok, &Event::parse(&body))
    })
}

fn verify_event(a: VerifyArgs, global: &Global) -> CliResult {
    let now = args::now_or_clock(a.now);
    let body = args::read_input(&a.body, "body")?;
    match verifier(&a)?.verify_event(Some(header_value(&a.header)), &body, now) {
        Ok((ok, event)) => args::emit(
            global,
            || records::WebhookVerifiedEvent::new(&ok, &event),
            || print_verified(&ok, &Ok(event.clone())),
        ),
        Err(e) => args::report_rejection(e, global),
    }
}

fn print_verified(ok: &core::Verified, event: &Result<Event, Error>) {
    println!(
        "VALID webhook signature (time {}, {} {}; secret #{})",
        ok.time,
        cdnsign::time::human_duration(ok.age),
        if ok.age >= 0 { "ago" } else { "in the future" },
        ok.secret_index + 1
    );
    match event {
        Ok(e) => {
            println!("  video      {}", e.uid);
            println!(
                "  state      {} -> {}",
                e.state.as_ref().map(|s| s.as_str()).unwrap_or("(none)"),
                e.lifecycle()
            );
            if let Some(p) = e.pct_complete {
                println!("  progress   {p}%");
            }
            if let Some(code) = &e.error_reason_code {
                println!(
                    "  error      {code}: {}",
                    e.error_reason_text.as_deref().unwrap_or("")
                );
            }
        }
        Err(err) => println!(
            "  (the body is not a Stream video event: {})",
            err.message()
        ),
    }
}

/// `cdnsign demo` section: sign a body, verify it, then show a re-serialised
/// body and a stale timestamp being refused.
pub fn demo(global: &Global) -> CliResult {
    let now = cdnsign::time::now_unix();
    let mut secret = [0u8; 16];
    cdnsign::crypto::random_bytes(&mut secret)?;
    let secret = Zeroizing::new(cdnsign::encoding::hex_encode(&secret));
    let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready","pctComplete":"100.000000","errorReasonCode":"","errorReasonText":""},"meta":{"name":"demo.mp4"},"duration":5.5}"#;
    let header = core::sign(secret.as_bytes(), body, now)?;
    let v = Verifier::new([secret.as_bytes()])?;
    let (ok, event) = v.verify_event(Some(&header), body, now + 1)?;
    let reserialised = serde_json::to_vec_pretty(&event.raw)
        .map_err(|e| Error::new(cdnsign::ErrorCode::Internal, e.to_string()))?;
    let refused = |r, what| {
        args::refused::<core::Verified>(r, what).map(|e| format!("{}: {}", e.code(), e.message()))
    };
    let tampered = refused(
        v.verify(Some(&header), &reserialised, now + 1),
        "re-serialised body",
    )?;
    let stale = refused(v.verify(Some(&header), body, now + 3600), "stale signature")?;
    if global.json {
        println!(
            "{}",
            json!({
                "section": "webhook",
                "header": header,
                "verified_time": ok.time,
                "lifecycle": event.lifecycle().as_str(),
                "reserialised_body": tampered,
                "one_hour_later": stale,
            })
        );
    } else {
        println!("== Cloudflare Stream webhook signature (HMAC-SHA256) ==");
        println!("{}: {header}", core::HEADER_NAME);
        println!(
            "raw body           VALID: video {} is {} -> {}",
            event.uid,
            event.state.as_ref().map(|s| s.as_str()).unwrap_or("?"),
            event.lifecycle()
        );
        println!("re-serialised body REJECTED {tampered}");
        println!("one hour later     REJECTED {stale}");
        println!();
    }
    Ok(ExitCode::SUCCESS)
}
