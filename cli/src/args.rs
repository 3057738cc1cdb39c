//! Argument helpers shared by every subcommand: reading files or stdin,
//! parsing times, printing errors.

use std::io::Read as _;

use cdnsign::{Error, ErrorCode};

use crate::Global;

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

/// Prints a verification rejection and returns the exit code 1, or passes
/// other errors through.
/// Prints a record (or an `Explanation`) as one line of JSON: the same
/// JSON the C ABI returns and the Python and Node records carry.
pub fn print_json<T: serde::Serialize>(record: &T) {
    println!("{}", cdnsign::api::records::to_json(record));
}

pub fn report_rejection(e: Error, global: &Global) -> crate::CliResult {
    if e.code().is_rejection() || e.code() == ErrorCode::Malformed {
        if global.json {
            print_json(&cdnsign::api::records::Failure::from(&e));
        } else {
            println!("REJECTED {}: {}", e.code(), e.message());
        }
        Ok(std::process::ExitCode::from(1))
    } else {
        Err(e)
    }
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
