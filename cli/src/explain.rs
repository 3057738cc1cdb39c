//! `cdnsign explain`: decode a credential without any key and say, in plain
//! words, what the CDN will check and what would make it answer 403.

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
}

/// One provider's explainer: `None` when the input is not its format.
type Explainer = fn(&str, i64, &Global) -> Option<CliResult>;

/// Tried in order; the most specific formats first.
const EXPLAINERS: &[Explainer] = &[
    crate::webhook::explain,
    crate::stream::explain,
    crate::cloudfront::explain,
    crate::cloudcdn::explain,
    crate::mediacdn::explain,
];

pub fn run(a: Args, global: &Global) -> CliResult {
    let input = if a.input == "-" {
        String::from_utf8(args::read_input("-", "input")?)
            .map_err(|_| Error::invalid_input("input", "the input is not UTF-8"))?
    } else {
        a.input
    };
    let input = input.trim();
    let now = args::now_or_clock(a.now);
    for explainer in EXPLAINERS {
        if let Some(result) = explainer(input, now, global) {
            return result;
        }
    }
    Err(Error::invalid_input(
        "input",
        "not a credential cdnsign recognises (CloudFront URL or cookies, Stream token, webhook signature header, Media CDN or Cloud CDN signature, token or cookie)",
    ))
}
