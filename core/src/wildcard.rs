//! `*` / `?` wildcard matching, one implementation for every provider that
//! has wildcards: CloudFront policy resources (`cloudfront::wildcard_matches`)
//! and Media CDN `PathGlobs` (`mediacdn::glob_matches`).
//!
//! `*` matches any run of bytes, including none and including `/` (so `**`
//! is the same as `*`); `?` matches exactly one byte; every other byte
//! matches itself, case-sensitively; the pattern must cover the whole text.
//!
//! | | CloudFront `Resource` | Media CDN `PathGlobs` |
//! |---|---|---|
//! | documented | `*`: zero or more characters, `?`: exactly one, anywhere in the URL | `*` and `?` in a path glob, `*` crossing `/` (RULES.md T4, T5) |
//! | matched against | the whole request URL, query included | the request path |
//! | `?` against a multi-byte UTF-8 character | one byte (AWS does not say; URLs on the wire are ASCII, see `first_invalid_url_char`) | one byte (Google does not say; paths on the wire are ASCII) |
//! | length caps | 8 KiB policy, 8 KiB URL (callers) | 256-byte glob, 16 KiB URL (callers) |
//!
//! No parameter is needed: both vendors document the same two wildcards with
//! the same meaning. Where neither says (a `?` against a non-ASCII
//! character), the stricter reading, one byte, is kept: such URLs are
//! refused before matching anyway.
//!
//! The matcher works on bytes without recursion or backtracking blow-up: the
//! pattern is split at `*` into segments, the first anchored at the start, the
//! last at the end, and each middle one found at its leftmost position (which
//! is always a correct choice for `*`-separated literals). Cost is bounded by
//! `text.len() × longest segment`, and inputs are capped by the callers.

/// True when `pattern` matches all of `text` (see the module doc).
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
    fn wildcards() {
        // CloudFront resources (AWS's documented examples among them) and
        // Media CDN globs: `*` any run (also none, also `/`), `?` one byte,
        // literal bytes case-sensitive, the whole text covered, segments
        // never overlapping.
        let cases: &[(&str, &str, bool)] = &[
            ("https://d/a.jpg", "https://d/a.jpg", true),
            ("https://d/a.jpg", "https://d/a.jpgx", false),
            ("https://d/a.jpg", "https://d/A.jpg", false),
            ("", "", true),
            ("", "x", false),
            ("https://d/videos/*", "https://d/videos/", true),
            ("https://d/videos/*", "https://d/videos/a/b.mp4?x=1", true),
            ("https://d/videos/*", "https://d/video/a.mp4", false),
            ("*", "", true),
            ("*", "anything at all", true),
            ("https://*", "https://d/x", true),
            (
                "http://d111111abcdef8.cloudfront.net/*game_download.zip*",
                "http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes",
                true,
            ),
            (
                "http://d111111abcdef8.cloudfront.net/*game_download.zip*",
                "http://d111111abcdef8.cloudfront.net/game_download.zip",
                true,
            ),
            ("a*b*c", "abc", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("a**c", "ac", true),
            ("clip-?.mp4", "clip-7.mp4", true),
            ("clip-?.mp4", "clip-.mp4", false),
            ("clip-?.mp4", "clip-17.mp4", false),
            ("seg_?????.ts", "seg_00042.ts", true),
            ("*?", "x", true),
            ("*?", "", false),
            ("a?*?c", "abbc", true),
            ("ab*ba", "aba", false),
            ("ab*ba", "abba", true),
            ("a*aa", "aa", false),
            ("a*aa", "aaa", true),
            ("/*", "/", true),
            ("/*", "/a/b/c.ts", true),
            ("/videos/*", "/videos/hd/seg-1.ts", true),
            ("/videos/*", "/video/a", false),
            ("/thumbs/*.jpg", "/thumbs/a/b/c.jpg", true),
            ("/thumbs/*.jpg", "/thumbs/a.png", false),
            ("/e/?.ts", "/e/1.ts", true),
            ("/e/?.ts", "/e/12.ts", false),
            ("/a**b", "/a/x/yb", true),
            ("/exact.m3u8", "/exact.m3u8", true),
            ("/exact.m3u8", "/exact.m3u8x", false),
            ("/Exact", "/exact", false),
            ("*", "", true),
            ("/a", "", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(matches(pattern, text), *want, "{pattern:?} {text:?}");
        }
    }

    #[test]
    fn adversarial_input_stays_fast() {
        // CloudFront's caps (an 8 KiB URL) and Media CDN's (a 16 KiB path).
        for (pattern, text) in [
            (format!("{}b", "*a".repeat(2000)), "a".repeat(8192)),
            (
                format!("/{}b", "*a".repeat(100)),
                format!("/{}", "a".repeat(16 * 1024)),
            ),
        ] {
            let start = std::time::Instant::now();
            assert!(!matches(&pattern, &text));
            assert!(start.elapsed() < std::time::Duration::from_secs(2));
        }
    }
}
