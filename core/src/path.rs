//! Dot segments (`.` and `..`), one rule for every provider that checks a
//! request path against what was signed: CloudFront (a resource matched
//! through a wildcard), Media CDN and Cloud CDN (URL prefixes, path globs,
//! path-component signatures). SECURITY.md, "Decisions where the vendors are
//! silent", gives the reasons; no vendor documents this, so the one stricter
//! rule applies to all three, with no parameter.

/// The first `.` or `..` segment of `path`, raw or percent-encoded, or
/// `None`.
/// Separators beyond `/`: `%2F`, `%5C` and `\`
/// also split segments, because an origin that decodes or translates them
/// before normalising (IIS, some static-file servers) would otherwise climb
/// out of the directory anyway (`/videos/..%2Fsecret/a.mp4`).
pub(crate) fn dot_segment(path: &str) -> Option<&str> {
    let bytes = path.as_bytes();
    let is_separator = |i: usize| -> usize {
        match bytes[i] {
            b'/' | b'\\' => 1,
            b'%' if bytes.len() >= i + 3
                && matches!(
                    (bytes[i + 1], bytes[i + 2].to_ascii_lowercase()),
                    (b'2', b'f') | (b'5', b'c')
                ) =>
            {
                3
            }
            _ => 0,
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        let step = if i == bytes.len() { 1 } else { is_separator(i) };
        if step > 0 {
            // Separators are ASCII, so these are char boundaries.
            let segment = &path[start..i];
            if is_dot_segment(segment) {
                return Some(segment);
            }
            i += step;
            start = i;
        } else {
            i += 1;
        }
    }
    None
}

/// True when one segment (no separators) is `.` or `..`, raw or `%2e`.
fn is_dot_segment(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    let decoded = lower.replace("%2e", ".");
    decoded == "." || decoded == ".."
}
