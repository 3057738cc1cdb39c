//! CloudFront's resource wildcards: `*` matches any run of characters
//! (including none), `?` exactly one, "anywhere in the string"; every other
//! character matches itself, case-sensitively.
//!
//! The matcher works on bytes without recursion or backtracking blow-up: the
//! pattern is split at `*` into segments, the first anchored at the start, the
//! last at the end, and each middle one found at its leftmost position (which
//! is always a correct choice for `*`-separated literals). Cost is bounded by
//! `text.len() × longest segment`, and inputs are capped by the callers.

/// True when `text` matches the CloudFront wildcard `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern = pattern.as_bytes();
    let text = text.as_bytes();
    let mut segments = pattern.split(|b| *b == b'*');
    // `split` always yields at least one item.
    let first = segments.next().unwrap_or(&[]);
    let rest: Vec<&[u8]> = segments.collect();
    if rest.is_empty() {
        // No star: lengths must agree and every position match.
        return first.len() == text.len() && segment_at(first, text, 0);
    }
    if first.len() > text.len() || !segment_at(first, text, 0) {
        return false;
    }
    let (last, middle) = match rest.split_last() {
        Some(parts) => parts,
        None => return false,
    };
    let mut pos = first.len();
    for seg in middle {
        if seg.is_empty() {
            continue;
        }
        match find_segment(seg, text, pos) {
            Some(found) => pos = found + seg.len(),
            None => return false,
        }
    }
    // The last segment is anchored at the end and must not overlap what the
    // earlier segments consumed.
    if last.len() > text.len() - pos {
        return false;
    }
    segment_at(last, text, text.len() - last.len())
}

fn segment_at(seg: &[u8], text: &[u8], at: usize) -> bool {
    text.len() >= at + seg.len()
        && seg
            .iter()
            .zip(&text[at..at + seg.len()])
            .all(|(p, t)| *p == b'?' || p == t)
}

fn find_segment(seg: &[u8], text: &[u8], from: usize) -> Option<usize> {
    if seg.len() > text.len() {
        return None;
    }
    (from..=text.len() - seg.len()).find(|&i| segment_at(seg, text, i))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn literal_patterns_match_only_themselves() {
        assert!(matches("https://d/a.jpg", "https://d/a.jpg"));
        assert!(!matches("https://d/a.jpg", "https://d/a.jpgx"));
        assert!(!matches("https://d/a.jpg", "https://d/A.jpg"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
    }

    #[test]
    fn star_matches_any_run_including_empty() {
        assert!(matches("https://d/videos/*", "https://d/videos/"));
        assert!(matches(
            "https://d/videos/*",
            "https://d/videos/a/b.mp4?x=1"
        ));
        assert!(!matches("https://d/videos/*", "https://d/video/a.mp4"));
        assert!(matches("*", ""));
        assert!(matches("*", "anything at all"));
        assert!(matches("https://*", "https://d/x"));
        assert!(matches(
            "http://d111111abcdef8.cloudfront.net/*game_download.zip*",
            "http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes"
        ));
        assert!(matches(
            "http://d111111abcdef8.cloudfront.net/*game_download.zip*",
            "http://d111111abcdef8.cloudfront.net/game_download.zip"
        ));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("a**c", "ac"));
    }

    #[test]
    fn question_mark_matches_exactly_one() {
        assert!(matches("clip-?.mp4", "clip-7.mp4"));
        assert!(!matches("clip-?.mp4", "clip-.mp4"));
        assert!(!matches("clip-?.mp4", "clip-17.mp4"));
        assert!(matches("seg_?????.ts", "seg_00042.ts"));
        assert!(matches("*?", "x"));
        assert!(!matches("*?", ""));
        assert!(matches("a?*?c", "abbc"));
    }

    #[test]
    fn segments_do_not_overlap() {
        assert!(!matches("ab*ba", "aba"));
        assert!(matches("ab*ba", "abba"));
        assert!(!matches("a*aa", "aa"));
        assert!(matches("a*aa", "aaa"));
    }

    #[test]
    fn adversarial_input_stays_fast() {
        let text = "a".repeat(8192);
        let pattern = format!("{}b", "*a".repeat(2000));
        let start = std::time::Instant::now();
        assert!(!matches(&pattern, &text));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
