//! Checks on a caller's input that every surface makes the same way before
//! the input reaches an operation: an option name the operation does not
//! know (with the name the caller most likely meant), a time given as a
//! number (fractions, milliseconds, negatives), and a client's IP address.
//! The surfaces supply only their own words for what they accept (`a Date`,
//! `a datetime`) and their own name for the field.

use crate::time::MILLISECONDS_THRESHOLD;

/// Case and `_`/`-` folded, so `ip_range`, `IPRANGE` and `ipRange` compare equal.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance with adjacent transpositions (optimal string alignment):
/// `domian` is one edit from `domain`, as one slip of the fingers.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The longest unknown name [`closest_name`] looks for a near match of.
pub const MAX_SUGGESTED_LEN: usize = 256;

/// The known name `name` was most likely meant to be: equal once case and
/// `_`/`-` are folded (`ip_range` → `ipRange`, the Python spelling), or the
/// nearest within a third of its length (at least one edit). Ties go to the
/// earlier name in the table. Only on the error path, so it may allocate;
/// a name longer than [`MAX_SUGGESTED_LEN`] bytes gets no suggestion, as the
/// edit-distance table grows with its length (a caller's 50 MB key would
/// otherwise ask for gigabytes) and no option name is near it anyway.
pub fn closest_name<'n>(name: &str, names: &[&'n str]) -> Option<&'n str> {
    if name.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let key = fold(name);
    let (distance, best) = names
        .iter()
        .map(|n| (edit_distance(&key, &fold(n)), *n))
        .min_by_key(|(d, _)| *d)?;
    (distance <= (best.len() / 3).max(1)).then_some(best)
}

/// The message for a member `name` that `what` (`signUrl options`) does not
/// have: the closest of `names` when one is near (a misspelt `iprange` would
/// otherwise sign a URL without its IP restriction), else all of them.
/// `noun` is what a member is called (`option`, `claim`); `name` is shown
/// cut to 64 characters.
pub fn unknown_name_message(noun: &str, name: &str, what: &str, names: &[&str]) -> String {
    let shown: String = name.chars().take(64).collect();
    match closest_name(name, names) {
        Some(near) => format!("unknown {noun} {shown:?} for {what}; did you mean {near:?}?"),
        None => format!(
            "unknown {noun} {shown:?} for {what}; expected one of: {}",
            names.join(", ")
        ),
    }
}

/// Whole Unix seconds from a number given for `field` (a float, as a
/// JavaScript number is; a date already floored to seconds): the message
/// when it is not finite, not whole, looks like milliseconds or is
/// negative. `accepts` says what the surface takes there (`a Date or Unix
/// seconds`), `ms_fix` how a caller there turns milliseconds into seconds.
pub fn seconds_from_f64(
    field: &str,
    n: f64,
    accepts: &str,
    ms_fix: &str,
) -> std::result::Result<i64, String> {
    if !n.is_finite() {
        return Err(format!("{field} is {n}; expected {accepts}"));
    }
    if n.fract() != 0.0 {
        return Err(format!(
            "{field}={n} is not a whole number of seconds; expected {accepts}"
        ));
    }
    if n >= MILLISECONDS_THRESHOLD as f64 {
        return Err(format!(
            "{field}={n} looks like milliseconds; times are Unix seconds (did you mean {}?) {ms_fix}",
            (n / 1000.0).floor()
        ));
    }
    if n < 0.0 {
        return Err(format!("{field}={n} is negative; times are Unix seconds"));
    }
    Ok(n as i64)
}

/// A client's IP address as a caller gives it for `field` (`client_ip`,
/// `viewerIp`): IPv4 or IPv6, spaces around it allowed. Every surface reads
/// addresses with this, so all accept the same text and refuse the rest with
/// the same `invalid_input` error, naming the field in the surface's words.
pub fn ip_address(field: &'static str, text: &str) -> crate::Result<std::net::IpAddr> {
    text.trim().parse().map_err(|_| {
        let shown = crate::text::shown(text, 64);
        crate::Error::invalid_input(
            field,
            format!("{field} {shown} is not an IPv4 or IPv6 address"),
        )
    })
}

/// `snake_case` → `camelCase` (`key_pair_id` → `keyPairId`): Node's names
/// for the registry's methods and the records' fields.
pub fn camel_case(snake_case: &str) -> String {
    let mut out = String::with_capacity(snake_case.len());
    let mut upper = false;
    for c in snake_case.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGN_URL: &[&str] = &[
        "expires",
        "starts",
        "ipRange",
        "resource",
        "policyKind",
        "policy",
    ];

    #[test]
    fn ip_addresses_are_read_one_way() {
        assert_eq!(
            ip_address("client_ip", " 192.0.2.7 ").unwrap().to_string(),
            "192.0.2.7"
        );
        assert_eq!(
            ip_address("client_ip", "2001:db8::1").unwrap().to_string(),
            "2001:db8::1"
        );
        let long = "1".repeat(1 << 20);
        assert!(ip_address("client_ip", &long).unwrap_err().message().len() < 200);
        for bad in [
            "",
            "192.0.2.0/24",
            "192.0.2.256",
            "010.0.0.1",
            "fe80::1%eth0",
        ] {
            assert_eq!(
                ip_address("viewerIp", bad).unwrap_err().message(),
                format!("viewerIp {bad:?} is not an IPv4 or IPv6 address")
            );
        }
    }

    #[test]
    fn a_huge_name_gets_no_suggestion_and_no_huge_table() {
        let long = "ipRange".repeat(1_000_000);
        assert_eq!(closest_name(&long, SIGN_URL), None);
        let message = unknown_name_message("option", &long, "signUrl options", SIGN_URL);
        assert!(
            message.contains("expected one of: expires"),
            "{}",
            &message[..120]
        );
        assert!(message.len() < 300);
    }

    #[test]
    fn folded_case_and_snake_case_find_the_name() {
        for slip in ["iprange", "ip_range", "IPRANGE", "IpRange", "ip-range"] {
            assert_eq!(closest_name(slip, SIGN_URL), Some("ipRange"), "{slip}");
        }
        assert_eq!(
            closest_name("publickeys", &["name", "publicKeys", "sharedKeys"]),
            Some("publicKeys")
        );
        assert_eq!(
            closest_name("access_rules", &["expires", "accessRules"]),
            Some("accessRules")
        );
    }

    #[test]
    fn one_slip_finds_the_name() {
        let cookie = &["expires", "domain", "path", "secure", "httpOnly"];
        assert_eq!(closest_name("domian", cookie), Some("domain")); // transposition
        assert_eq!(closest_name("pth", cookie), Some("path")); // dropped letter
        assert_eq!(closest_name("secrue", cookie), Some("secure"));
        assert_eq!(
            closest_name("tolerence", &["tolerance", "ignoreTimestamp"]),
            Some("tolerance")
        );
        assert_eq!(closest_name("policyKnd", SIGN_URL), Some("policyKind"));
        assert_eq!(closest_name("polcy", SIGN_URL), Some("policy"));
    }

    #[test]
    fn unrelated_names_suggest_nothing() {
        assert_eq!(closest_name("zzzzzzzzz", SIGN_URL), None);
        assert_eq!(closest_name("xy", &["ip", "type"]), None);
        assert_eq!(closest_name("", SIGN_URL), None);
        assert_eq!(closest_name("anything", &[]), None);
    }

    #[test]
    fn unknown_names_get_the_near_one_or_the_list() {
        assert_eq!(
            unknown_name_message("option", "iprange", "signUrl options", SIGN_URL),
            r#"unknown option "iprange" for signUrl options; did you mean "ipRange"?"#
        );
        assert_eq!(
            unknown_name_message("claim", "zzz", "token claims", &["a", "b"]),
            r#"unknown claim "zzz" for token claims; expected one of: a, b"#
        );
        let long = "x".repeat(100);
        assert!(unknown_name_message("option", &long, "o", &[]).contains(&"x".repeat(64)));
        assert!(!unknown_name_message("option", &long, "o", &[]).contains(&"x".repeat(65)));
    }

    #[test]
    fn numbers_become_whole_seconds_or_say_why_not() {
        let s = |n| seconds_from_f64("expires", n, "a Date or Unix seconds", "Fix it.");
        assert_eq!(s(1_767_290_400.0), Ok(1_767_290_400));
        assert_eq!(s(0.0), Ok(0));
        assert_eq!(
            s(f64::NAN).unwrap_err(),
            "expires is NaN; expected a Date or Unix seconds"
        );
        assert!(s(1.5)
            .unwrap_err()
            .contains("not a whole number of seconds"));
        assert_eq!(
            s(1_767_290_400_000.0).unwrap_err(),
            "expires=1767290400000 looks like milliseconds; times are Unix seconds \
             (did you mean 1767290400?) Fix it."
        );
        assert_eq!(
            s(-1.0).unwrap_err(),
            "expires=-1 is negative; times are Unix seconds"
        );
    }
}
