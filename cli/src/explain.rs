//! `cdnsign explain`: decode a credential without any key and say, in plain
//! words, what the CDN will check and what would make it answer 403.

use cdnsign::api::{self, Provider};
use cdnsign::Error;

use crate::{args, CliResult, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A signed URL, a `Cookie:` header value, a token, or a webhook
    /// signature header; `-` reads it from stdin.
    input: String,
    /// Evaluate times against this Unix time instead of the clock.
    #[arg(long)]
    now: Option<i64>,
    /// The webhook body's length in bytes, when known: reported with a
    /// webhook signature header (Node's and Python's `bodyLen`/`body_len`).
    #[arg(long, value_name = "BYTES")]
    body_len: Option<usize>,
}

/// `cdnsign <provider> explain`, flattened into each provider's subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Decode a credential without any key and say what the CDN would check.
    Explain(Args),
}

impl Command {
    pub fn run(self, provider: Provider, global: &Global) -> CliResult {
        let Command::Explain(a) = self;
        explain(a, Some(provider), global)
    }
}

/// `cdnsign explain` (any provider's credential).
pub fn run(a: Args, global: &Global) -> CliResult {
    explain(a, None, global)
}

/// `cdnsign <provider> explain`: only that provider's formats.
pub fn explain(a: Args, provider: Option<Provider>, global: &Global) -> CliResult {
    let input = if a.input == "-" {
        String::from_utf8(args::read_input("-", "input")?)
            .map_err(|_| Error::invalid_input("input", "the input is not UTF-8"))?
    } else {
        a.input
    };
    let input = input.trim();
    let now = args::now_or_clock(a.now);
    let found = match (provider, a.body_len) {
        (None | Some(Provider::Webhook), Some(n)) => {
            let e = api::explain_with_body_len(Provider::Webhook, input, now, Some(n));
            if e.is_none() {
                return Err(Error::invalid_input(
                    "body_len",
                    "--body-len is for a webhook signature header, and the input is not one",
                ));
            }
            e
        }
        (Some(p), Some(_)) => {
            return Err(Error::invalid_input(
                "body_len",
                format!(
                    "--body-len is for webhook signature headers, not {}",
                    p.as_str()
                ),
            ))
        }
        (Some(p), None) => api::explain(p, input, now),
        (None, None) => api::explain_any(input, now),
    };
    if let Some(e) = found {
        return args::emit(global, || &e, || print!("{}", e.to_text()));
    }
    if let Some(p) = provider {
        return Err(Error::invalid_input(
            "input",
            format!("not a {} credential", p.as_str()),
        ));
    }
    Err(Error::invalid_input(
        "input",
        "not a credential cdnsign recognises (CloudFront URL or cookies, Stream token, webhook signature header, Media CDN or Cloud CDN signature, token or cookie)",
    ))
}
