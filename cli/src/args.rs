//! Argument helpers shared by every subcommand: reading files or stdin,
//! parsing times, printing errors.

use std::io::Read as _;
use std::process::ExitCode;

use cdnsign::cookie::{CookieAttributes, SameSite};
use cdnsign::{Error, ErrorCode};
use zeroize::Zeroizing;

use crate::{CliResult, Global};

/// Reads `path`, or standard input when `path` is `-`.
pub fn read_input(path: &str, field: &'static str) -> Result<Vec<u8>, Error> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| {
            Error::invalid_input(field, format!("cannot read {field} from stdin: {e}"))
        })?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| {
            Error::invalid_input(field, format!("cannot read {field} from {path}: {e}"))
        })
    }
}

/// Reads key material (`path` or `-`) into memory wiped on drop.
pub fn read_secret(path: &str, field: &'static str) -> Result<Zeroizing<Vec<u8>>, Error> {
    Ok(Zeroizing::new(read_input(path, field)?))
}

/// Reads a text file (`path` or `-`), surrounding whitespace trimmed, into
/// memory wiped on drop.
pub fn read_text(path: &str, field: &'static str) -> Result<Zeroizing<String>, Error> {
    let bytes = read_secret(path, field)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid_input(field, format!("{field} is not UTF-8 text")))?;
    Ok(Zeroizing::new(text.trim().to_string()))
}

/// The passphrase held in the environment variable `var` (`--passphrase-env`).
pub fn passphrase_env(var: Option<&str>) -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
    var.map(|var| {
        let value = std::env::var(var).map_err(|_| {
            Error::invalid_input(
                "passphrase_env",
                format!("the environment variable {var} is not set (or not UTF-8)"),
            )
        })?;
        Ok(Zeroizing::new(value.into_bytes()))
    })
    .transpose()
}

/// `--expires` with `--now`: the signing time and the expiry it gives.
#[derive(clap::Args, Debug)]
pub struct Expiry {
    /// Expiry: Unix seconds or relative (+300, +30m, +2h, +1d).
    #[arg(long, default_value = "+1h", value_name = "TIME")]
    pub expires: String,
    /// Signing time instead of the clock (Unix seconds), for relative --expires.
    #[arg(long)]
    pub now: Option<i64>,
}

impl Expiry {
    /// `(now, expires)`.
    pub fn resolve(&self) -> Result<(i64, i64), Error> {
        let now = now_or_clock(self.now);
        Ok((now, parse_time(&self.expires, now, "expires")?))
    }
}

/// The `Set-Cookie` attributes of signed cookies, every provider's.
#[derive(clap::Args, Debug)]
pub struct CookieAttributeArgs {
    /// Domain attribute (a host name the CDN is reached at, e.g. .example.com).
    #[arg(long)]
    domain: Option<String>,
    /// Path attribute, starting with / (Media CDN and Cloud CDN write Path=/ without it).
    #[arg(long)]
    path: Option<String>,
    /// Leave out the Secure attribute.
    #[arg(long)]
    no_secure: bool,
    /// Leave out the HttpOnly attribute.
    #[arg(long)]
    no_http_only: bool,
    /// SameSite attribute: Strict, Lax or None.
    #[arg(long, value_name = "MODE")]
    same_site: Option<String>,
    /// Expires attribute (CloudFront advises leaving it out): Unix seconds or relative.
    #[arg(long, value_name = "TIME")]
    cookie_expires: Option<String>,
    /// Max-Age attribute in seconds (CloudFront advises leaving it out).
    #[arg(long, value_name = "SECONDS")]
    max_age: Option<i64>,
}

impl CookieAttributeArgs {
    /// The attributes, a relative `--cookie-expires` counted from `now`.
    pub fn attributes(&self, now: i64) -> Result<CookieAttributes, Error> {
        Ok(CookieAttributes {
            domain: self.domain.clone(),
            path: self.path.clone(),
            secure: !self.no_secure,
            http_only: !self.no_http_only,
            same_site: self
                .same_site
                .as_deref()
                .map(SameSite::from_name)
                .transpose()?,
            expires: opt_time(&self.cookie_expires, now, "cookie_expires")?,
            max_age: self.max_age,
        })
    }
}

/// A time argument: absolute Unix seconds (`1767290400`) or relative to now
/// (`+300`, `+5m`, `+2h`, `+1d`, `-30s`).
pub fn parse_time(text: &str, now: i64, field: &'static str) -> Result<i64, Error> {
    let bad = || {
        Error::invalid_input(
            field,
            format!("{field}={text:?} is neither Unix seconds nor a relative time like +300, +5m, +2h, +1d"),
        )
    };
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => {
            let v: i64 = t.parse().map_err(|_| bad())?;
            return cdnsign::time::check_unix_seconds(field, v);
        }
    };
    let (digits, unit) = match rest.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => rest.split_at(i),
        None => (rest, "s"),
    };
    let n: i64 = digits.parse().map_err(|_| bad())?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(scale)
        .and_then(|d| now.checked_add(sign * d))
        .ok_or_else(bad)
}

/// An optional time argument ([`parse_time`]).
pub fn opt_time(
    text: &Option<String>,
    now: i64,
    field: &'static str,
) -> Result<Option<i64>, Error> {
    text.as_deref()
        .map(|t| parse_time(t, now, field))
        .transpose()
}

/// `t (in 5 min)` or `t (2 h ago)`: a time in a verification report.
pub fn when(t: i64, now: i64) -> String {
    if t >= now {
        format!("{t} (in {})", cdnsign::time::human_duration(t - now))
    } else {
        format!("{t} ({} ago)", cdnsign::time::human_duration(now - t))
    }
}

/// `now` from `--now` or the clock.
pub fn now_or_clock(now: Option<i64>) -> i64 {
    now.unwrap_or_else(cdnsign::time::now_unix)
}

/// Prints an error on stderr (or as JSON on stdout with `--json`).
pub fn print_error(e: &Error, global: &Global) {
    if global.json {
        let v = serde_json::json!({
            "ok": false,
            "code": e.code().as_str(),
            "field": e.field(),
            "message": e.message(),
        });
        println!("{v}");
    } else {
        eprintln!("error: {e}");
    }
}

/// Prints a record (or an `Explanation`) as one line of JSON: the same
/// JSON the C ABI returns and the Python and Node records carry.
pub fn print_json<T: serde::Serialize>(record: &T) {
    println!("{}", cdnsign::api::records::to_json(record));
}

/// The one way a command answers: the record `record` makes, as JSON with
/// `--json` (made only then: some hold key material), else the text `text`
/// prints; exit status 0.
pub fn emit<T: serde::Serialize>(
    global: &Global,
    record: impl FnOnce() -> T,
    text: impl FnOnce(),
) -> CliResult {
    if global.json {
        print_json(&record());
    } else {
        text();
    }
    Ok(ExitCode::SUCCESS)
}

/// The end of every `verify`: on success the verified result as the record
/// `R` (JSON) or the text `text` prints; a rejection printed with exit status
/// 1 ([`report_rejection`]); other errors passed on (exit status 2).
pub fn verified<R, V>(result: Result<V, Error>, global: &Global, text: impl FnOnce(&V)) -> CliResult
where
    R: serde::Serialize + for<'a> From<&'a V>,
{
    match result {
        Ok(v) => emit(global, || R::from(&v), || text(&v)),
        Err(e) => report_rejection(e, global),
    }
}

/// Prints a verification rejection and returns the exit code 1, or passes
/// other errors through.
pub fn report_rejection(e: Error, global: &Global) -> CliResult {
    if e.code().is_rejection() || e.code() == ErrorCode::Malformed {
        if global.json {
            print_json(&cdnsign::api::records::Failure::from(&e));
        } else {
            println!("REJECTED {}: {}", e.code(), e.message());
        }
        Ok(ExitCode::from(1))
    } else {
        Err(e)
    }
}

/// The error a demo step must end in (a credential the CDN refuses);
/// `internal` when it was accepted, naming `what`.
pub fn refused<T>(result: Result<T, Error>, what: &str) -> Result<Error, Error> {
    result.err().ok_or_else(|| {
        Error::new(
            ErrorCode::Internal,
            format!("the demo {what} was not refused"),
        )
    })
}

/// `ID=FILE` of a repeatable key flag (`--key`, `--public-key`, ...);
/// `example` is what the message shows instead.
pub fn id_and_file<'a>(
    spec: &'a str,
    flag: &'static str,
    example: &str,
) -> Result<(&'a str, &'a str), Error> {
    spec.split_once('=').ok_or_else(|| {
        Error::invalid_input(
            flag.trim_start_matches('-'),
            format!("{flag} {spec:?} must be {example}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_absolute_and_relative() {
        assert_eq!(
            parse_time("1767290400", 0, "expires").unwrap(),
            1_767_290_400
        );
        assert_eq!(parse_time("+300", 1000, "expires").unwrap(), 1300);
        assert_eq!(parse_time("+5m", 1000, "expires").unwrap(), 1300);
        assert_eq!(parse_time("+1d", 0, "expires").unwrap(), 86_400);
        assert_eq!(parse_time("-30s", 1000, "starts").unwrap(), 970);
        assert_eq!(
            parse_time("+3y", 0, "expires").unwrap_err().field(),
            Some("expires")
        );
        assert!(parse_time("1767290400000", 0, "expires")
            .unwrap_err()
            .message()
            .contains("milliseconds"));
    }
}
