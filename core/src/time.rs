//! Unix-seconds helpers. The core never reads the clock inside an operation:
//! every time-dependent call takes `now` so results are reproducible; the CLI
//! and the bindings pass [`now_unix`] by default.

use crate::error::{Error, Result};

/// Largest value a signed 32-bit epoch can hold (CloudFront's limit, 2038-01-19).
pub const MAX_EPOCH_32: i64 = 2_147_483_647;

/// Anything above this is far more likely milliseconds than a date in year 5138.
pub const MILLISECONDS_THRESHOLD: i64 = 100_000_000_000;

/// Seconds since the Unix epoch from the system clock.
pub fn now_unix() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// Validates a caller-supplied absolute time: not negative, and not a
/// millisecond timestamp passed where seconds are expected (the classic 1000×
/// mistake when porting from JavaScript's `Date.now()`).
pub fn check_unix_seconds(field: &'static str, value: i64) -> Result<i64> {
    if value < 0 {
        return Err(Error::invalid_input(
            field,
            format!("{field}={value} is negative; times are Unix seconds"),
        ));
    }
    if value >= MILLISECONDS_THRESHOLD {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field}={value} looks like milliseconds; times are Unix seconds (did you mean {}?)",
                value / 1000
            ),
        ));
    }
    Ok(value)
}

/// "37 s", "5 min 3 s", "2 h 0 min", "3 d 4 h": a short duration for messages.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {} s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_are_refused_with_a_hint() {
        let err = check_unix_seconds("expires", 1_767_290_400_000).unwrap_err();
        assert_eq!(err.field(), Some("expires"));
        assert!(err.message().contains("1767290400"), "{err}");
        assert!(check_unix_seconds("expires", -1).is_err());
        assert_eq!(
            check_unix_seconds("expires", 1_767_290_400).unwrap(),
            1_767_290_400
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(37), "37 s");
        assert_eq!(human_duration(-303), "5 min 3 s");
        assert_eq!(human_duration(7200), "2 h 0 min");
        assert_eq!(human_duration(90_000), "1 d 1 h");
    }
}
