//! Quoting caller input in messages, one way for every provider.

/// `text` quoted for an error message (`"abc"`), cut after `max_chars`
/// characters (`"abc"...`), so an attacker's megabyte never reaches a log.
pub(crate) fn shown(text: &str, max_chars: usize) -> String {
    let mut chars = text.char_indices();
    match chars.nth(max_chars) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn quotes_and_cuts() {
        assert_eq!(shown("abc", 3), "\"abc\"");
        assert_eq!(shown("abcd", 3), "\"abc\"...");
        assert_eq!(shown("é\"é", 2), "\"é\\\"\"...");
        assert_eq!(shown("", 0), "\"\"");
    }
}
