//! Unix-seconds helpers. The core never reads the clock inside an operation:
//! every time-dependent call takes `now` so results are reproducible; the CLI
//! and the bindings pass [`now_unix`] by default.
//!
//! Dates are written one way for every provider (one days-to-date routine,
//! `civil`, and one RFC 3339 writer, [`rfc3339`]). Where the providers need
//! different things from it:
//!
//! | use | providers | a time outside years 0000-9999 |
//! |---|---|---|
//! | `explain` (`when`: `1767294000 (2026-01-01T19:00:00Z, in 1 h 0 min)`) | CloudFront, Stream, Media CDN, Cloud CDN | `(out of range, …)`: no invented date |
//! | a field that must hold a date (`stream::format_utc`, the `created` of generated keys; messages) | Stream, webhooks | clamped to the nearest writable second, [`rfc3339_clamped`] |
//! | a cookie's `Expires` attribute (`http_date`, RFC 9110 IMF-fixdate) | CloudFront | not reached: cookie times are checked as Unix seconds below the millisecond threshold first |

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

/// Earliest second RFC 3339 can write: `0000-01-01T00:00:00Z`.
pub const MIN_RFC3339: i64 = -62_167_219_200;

/// Latest second RFC 3339 can write: `9999-12-31T23:59:59Z`.
pub const MAX_RFC3339: i64 = 253_402_300_799;

/// A Unix time broken down in UTC, proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    /// 1-12.
    pub month: u32,
    /// 1-31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Thursday (1970-01-01 was one), 1 = Friday, …
    pub weekday: u32,
}

/// The one days-to-date routine of the crate (Howard Hinnant's
/// `civil_from_days`): exact for every `i64`, without overflow.
pub(crate) fn civil(unix: i64) -> Civil {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // `days` is at most about 1.07e14, so none of the sums below overflow.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs % 3600 / 60) as u32,
        second: (secs % 60) as u32,
        weekday: days.rem_euclid(7) as u32,
    }
}

/// `2026-01-01T18:00:00Z`, or `None` when the year is outside 0000-9999
/// (RFC 3339 writes four-digit years; a clamped or five-digit year would
/// name another instant, or not be RFC 3339).
pub fn rfc3339(unix: i64) -> Option<String> {
    if !(MIN_RFC3339..=MAX_RFC3339).contains(&unix) {
        return None;
    }
    let c = civil(unix);
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    ))
}

/// [`rfc3339`], with a time outside it clamped to the nearest writable
/// second (`9999-12-31T23:59:59Z`), for fields that must hold a date.
pub fn rfc3339_clamped(unix: i64) -> String {
    rfc3339(unix.clamp(MIN_RFC3339, MAX_RFC3339)).unwrap_or_default()
}

/// `Thu, 01 Jan 2026 18:00:00 GMT` (RFC 9110 IMF-fixdate, for a cookie's
/// `Expires`). Callers pass times within 32-bit epochs, so the year has four
/// digits.
pub(crate) fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = civil(unix);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[c.weekday as usize],
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `1767294000 (2026-01-01T19:00:00Z, in 1 h 0 min)`: a time for
/// explanations, relative to `now`. A time outside years 0000-9999 reads
/// `(out of range, …)`.
pub(crate) fn when(t: i64, now: i64) -> String {
    let date = rfc3339(t).unwrap_or_else(|| "out of range".to_string());
    let d = t.saturating_sub(now);
    if d > 0 {
        format!("{t} ({date}, in {})", human_duration(d))
    } else if d < 0 {
        format!("{t} ({date}, {} ago)", human_duration(d.saturating_neg()))
    } else {
        format!("{t} ({date}, now)")
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

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_767_290_400).unwrap(), "2026-01-01T18:00:00Z");
        assert_eq!(rfc3339(1_230_811_200).unwrap(), "2009-01-01T12:00:00Z");
        assert_eq!(rfc3339(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(2_147_483_647).unwrap(), "2038-01-19T03:14:07Z");
        assert_eq!(rfc3339(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(MAX_RFC3339).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(MIN_RFC3339).unwrap(), "0000-01-01T00:00:00Z");
        assert_eq!(rfc3339(MAX_RFC3339 + 1), None);
        assert_eq!(rfc3339(MIN_RFC3339 - 1), None);
        assert_eq!(rfc3339(i64::MAX), None);
        assert_eq!(rfc3339(i64::MIN), None);
        assert_eq!(rfc3339_clamped(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_clamped(i64::MIN), "0000-01-01T00:00:00Z");
        // Every i64 breaks down without overflow.
        assert_eq!(civil(i64::MAX).second, 7);
        let _ = civil(i64::MIN);
    }

    #[test]
    fn http_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_767_290_400), "Thu, 01 Jan 2026 18:00:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(2_147_483_647), "Tue, 19 Jan 2038 03:14:07 GMT");
    }

    #[test]
    fn when_reads_relative_to_now() {
        assert_eq!(
            when(1_767_294_000, 1_767_290_400),
            "1767294000 (2026-01-01T19:00:00Z, in 1 h 0 min)"
        );
        assert_eq!(
            when(1_767_290_400, 1_767_290_437),
            "1767290400 (2026-01-01T18:00:00Z, 37 s ago)"
        );
        assert_eq!(when(5, 5), "5 (1970-01-01T00:00:05Z, now)");
        assert!(when(i64::MAX, 0).starts_with("9223372036854775807 (out of range, in "));
    }
}
