//! What the Media CDN grammar lets through: key names, the token query
//! parameter name, and the free-form token values (RULES.md S14, T8, T16).

use crate::error::{Error, Result};

/// The default query parameter that carries a token (RULES.md T16).
pub const DEFAULT_TOKEN_PARAM: &str = "edge-cache-token";

/// Longest key name or parameter name (RULES.md S14, T16: 1–64 characters).
pub const MAX_NAME_LEN: usize = 64;

/// Longest `SessionID` or `Data` value we sign (RULES.md T8, design bound).
pub const MAX_VALUE_LEN: usize = 1024;

/// `[a-zA-Z][a-zA-Z0-9_-]*`, 1–64 characters: the pattern Google gives for
/// keyset key ids and for the token query parameter.
pub(crate) fn is_google_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_NAME_LEN
        && b[0].is_ascii_alphabetic()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

fn shown(text: &str) -> String {
    crate::text::shown(text, 40)
}

/// Checks a `KeyName` (or keyset key id).
pub(crate) fn check_key_name(field: &'static str, name: &str) -> Result<()> {
    if is_google_name(name) {
        return Ok(());
    }
    Err(Error::invalid_input(
        field,
        format!(
            "{field} {} is not a Media CDN key name: 1-{MAX_NAME_LEN} characters, a letter first, then letters, digits, '_' or '-'",
            shown(name)
        ),
    ))
}

/// Checks a token query parameter name (`edge-cache-token` or a custom one).
pub fn validate_param_name(name: &str) -> Result<()> {
    if is_google_name(name) {
        return Ok(());
    }
    Err(Error::invalid_input(
        "param",
        format!(
            "token parameter name {} must be 1-{MAX_NAME_LEN} characters matching [a-zA-Z][a-zA-Z0-9_-]* (Media CDN signedTokenOptions.tokenQueryParameter)",
            shown(name)
        ),
    ))
}

/// True for bytes a token value may hold: characters that are literal in a
/// URL query value and do not break the token grammar. `~` separates fields,
/// `&` and `#` end the query value, `;` ends a cookie value (a token can
/// travel in `Edge-Cache-Cookie`), `%` only as a `%XX` escape (checked
/// separately), `[` `]` are not allowed in a query.
pub(crate) fn is_token_value_byte(b: u8) -> bool {
    crate::encoding::is_url_wire_byte(b) && !matches!(b, b'~' | b'&' | b'#' | b';' | b'[' | b']')
}

/// Finds the first byte of `value` that `allowed` rejects, treating `%XX` as
/// one allowed escape. Returns a description of the offending character.
pub(crate) fn first_bad_char(value: &str, allowed: impl Fn(u8) -> bool) -> Option<String> {
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
                i += 3;
                continue;
            }
            return Some("'%' that does not start a %XX escape".to_string());
        }
        if !c.is_ascii() {
            let ch = value[i..].chars().next().unwrap_or('\u{fffd}');
            return Some(format!("non-ASCII {ch:?} (percent-encode it)"));
        }
        if !allowed(c) {
            return Some(match c {
                b' ' => "a space".to_string(),
                c if c.is_ascii_control() => format!("control character 0x{c:02x}"),
                c => format!("{:?}", c as char),
            });
        }
        i += 1;
    }
    None
}

/// Checks a free-form token value (`SessionID`, `Data`).
pub(crate) fn check_token_value(field: &'static str, token_field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(
            field,
            format!("{token_field} is empty; leave the field out instead"),
        ));
    }
    if value.len() > MAX_VALUE_LEN {
        return Err(Error::invalid_input(
            field,
            format!(
                "{token_field} is {} bytes; at most {MAX_VALUE_LEN} are signed",
                value.len()
            ),
        ));
    }
    if let Some(bad) = first_bad_char(value, is_token_value_byte) {
        return Err(Error::invalid_input(
            field,
            format!("{token_field} contains {bad}, which would break the token (~ separates fields, & and # end the query value, ; ends a cookie)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_names() {
        assert!(is_google_name("edge-cache-token"));
        assert!(is_google_name("a"));
        assert!(is_google_name(&"k".repeat(64)));
        assert!(!is_google_name(&"k".repeat(65)));
        assert!(!is_google_name(""));
        assert!(!is_google_name("1abc"));
        assert!(!is_google_name("a.b"));
        assert!(!is_google_name("key 1"));
        assert_eq!(
            validate_param_name("x y").unwrap_err().field(),
            Some("param")
        );
        assert_eq!(
            check_key_name("key_name", "-k").unwrap_err().field(),
            Some("key_name")
        );
    }

    #[test]
    fn token_values() {
        assert!(check_token_value("data", "Data", "plan:gold/x=1,2!").is_ok());
        assert!(check_token_value("data", "Data", "%7Bjson%7D").is_ok());
        for bad in [
            "",
            "a~b",
            "a&b",
            "a#b",
            "a b",
            "caf\u{e9}",
            "50%",
            "%zz",
            "a\nb",
            "a;b",
        ] {
            let e = check_token_value("data", "Data", bad).unwrap_err();
            assert_eq!(e.field(), Some("data"), "{bad:?}");
        }
        let long = "x".repeat(MAX_VALUE_LEN + 1);
        assert!(check_token_value("session_id", "SessionID", &long).is_err());
    }
}
