//! `PathGlobs` (RULES.md T4, T5): the checks before signing and the split of
//! a received value. Matching is the crate's one wildcard matcher,
//! `core/src/wildcard.rs` (re-exported as [`super::glob_matches`]).

use crate::error::{Error, Result};

use super::names::first_bad_char;

/// At most this many globs in one `PathGlobs` field (RULES.md T4).
pub const MAX_GLOBS: usize = 5;

/// Longest single glob we sign or read (a design bound keeping matching cheap).
pub const MAX_GLOB_LEN: usize = 256;

/// True for bytes a glob may hold: literal in a URL path, not one of the
/// separators `,` `!`, not `;` (path parameters are not supported), not the
/// token separator `~`, not `&` `#` (they end a query value). `*` and `?` are
/// the wildcards.
fn is_glob_byte(b: u8) -> bool {
    crate::encoding::is_url_wire_byte(b)
        && !matches!(b, b',' | b'!' | b';' | b'~' | b'&' | b'#' | b'[' | b']')
}

/// The `PathGlobs` separator a caller names as text (`","` or `"!"`), as
/// Python and Node take it; errors name `glob_separator`.
pub fn glob_separator_from_name(name: &str) -> Result<char> {
    match name {
        "," => Ok(','),
        "!" => Ok('!'),
        _ => Err(bad_separator(name)),
    }
}

fn bad_separator(name: &str) -> Error {
    Error::invalid_input(
        "glob_separator",
        format!(
            "glob_separator={} is not ',' or '!' (what separates PathGlobs)",
            crate::text::shown(name, 16)
        ),
    )
}

/// Checks the separator of a token's claims, whether or not it has globs: a
/// separator that is neither is a caller's mistake either way.
pub(crate) fn check_separator(separator: char) -> Result<()> {
    match separator {
        ',' | '!' => Ok(()),
        other => Err(bad_separator(&other.to_string())),
    }
}

/// Checks a list of globs before signing.
pub(crate) fn check_globs(globs: &[String], separator: char) -> Result<()> {
    check_separator(separator)?;
    if globs.is_empty() {
        return Err(Error::invalid_input(
            "path_globs",
            "PathGlobs needs at least one glob (\"/*\" covers every path)",
        ));
    }
    if globs.len() > MAX_GLOBS {
        return Err(Error::invalid_input(
            "path_globs",
            format!(
                "PathGlobs holds at most {MAX_GLOBS} globs, got {}",
                globs.len()
            ),
        ));
    }
    for (i, glob) in globs.iter().enumerate() {
        if !glob.starts_with('/') {
            return Err(Error::invalid_input(
                "path_globs",
                format!("PathGlobs[{i}] {glob:?} must start with '/' (it is matched against the request path)"),
            ));
        }
        if glob.len() > MAX_GLOB_LEN {
            return Err(Error::invalid_input(
                "path_globs",
                format!(
                    "PathGlobs[{i}] is {} bytes; at most {MAX_GLOB_LEN}",
                    glob.len()
                ),
            ));
        }
        if let Some(bad) = first_bad_char(glob, is_glob_byte) {
            return Err(Error::invalid_input(
                "path_globs",
                format!("PathGlobs[{i}] contains {bad}; globs cannot hold the separators ',' '!', path parameters ';', '~', '&', '#' or characters that are not sent literally in a URL"),
            ));
        }
    }
    Ok(())
}

/// Splits a received `PathGlobs` value. Either separator is accepted, but
/// not both in one value (we refuse to sign that, and do not guess at it).
pub(crate) fn parse_globs(value: &str) -> Result<Vec<&str>> {
    let has_comma = value.contains(',');
    let has_bang = value.contains('!');
    if has_comma && has_bang {
        return Err(Error::malformed(
            "PathGlobs",
            "PathGlobs mixes ',' and '!' separators",
        ));
    }
    let sep = if has_bang { '!' } else { ',' };
    let globs: Vec<&str> = value.split(sep).collect();
    if globs.len() > MAX_GLOBS {
        return Err(Error::malformed(
            "PathGlobs",
            format!(
                "PathGlobs holds {} globs; Media CDN allows at most {MAX_GLOBS}",
                globs.len()
            ),
        ));
    }
    for g in &globs {
        if g.is_empty() || g.len() > MAX_GLOB_LEN {
            return Err(Error::malformed(
                "PathGlobs",
                format!("PathGlobs has an empty glob or one longer than {MAX_GLOB_LEN} bytes"),
            ));
        }
    }
    Ok(globs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_checks() {
        let ok = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_globs(&ok(&["/a/*", "/b/?.ts"]), ',').is_ok());
        assert!(check_globs(&ok(&["/a/%20b/*"]), '!').is_ok());
        for bad in [
            vec!["a/*"],
            vec!["/a,b"],
            vec!["/a!b"],
            vec!["/a;x"],
            vec!["/~a"],
            vec!["/a b"],
            vec![],
            vec!["/1", "/2", "/3", "/4", "/5", "/6"],
        ] {
            let e = check_globs(&ok(&bad), ',').unwrap_err();
            assert_eq!(e.field(), Some("path_globs"), "{bad:?}");
        }
        assert_eq!(
            check_globs(&ok(&["/a"]), ';').unwrap_err().message(),
            glob_separator_from_name(";").unwrap_err().message()
        );
        assert_eq!(glob_separator_from_name("!").unwrap(), '!');
        for bad in [";", "", ",!", " ,"] {
            let e = glob_separator_from_name(bad).unwrap_err();
            assert_eq!(e.field(), Some("glob_separator"), "{bad:?}");
        }
    }

    #[test]
    fn parsing_received_globs() {
        assert_eq!(parse_globs("/a/*,/b/*").unwrap(), vec!["/a/*", "/b/*"]);
        assert_eq!(
            parse_globs("/tv/*!/film/*").unwrap(),
            vec!["/tv/*", "/film/*"]
        );
        assert!(parse_globs("/a,/b!/c").is_err());
        assert!(parse_globs("/a,/b,/c,/d,/e,/f").is_err());
        assert!(parse_globs("/a,,/b").is_err());
    }
}
