//! HLS playlists (RFC 8216 and its draft successor): a line tokenizer that
//! records where each reference sits in the original bytes.
//!
//! No crate is used here: `m3u8-rs` parses into structures and writes them
//! back, which loses comments, unknown tags, attribute order and quoting,
//! so it cannot be the basis of a byte-preserving rewrite. The grammar we
//! need is small: lines (LF or CRLF), tags beginning `#EXT`, attribute lists
//! `NAME=VALUE` separated by commas with `"quoted"` values, and URI lines.

use crate::error::{Error, Result};

use super::{RawRef, Role};

/// Tags whose `URI` attribute names a resource the player requests, with
/// the `kind` reported for it.
const URI_TAGS: [(&str, &str); 9] = [
    ("EXT-X-KEY", "EXT-X-KEY@URI"),
    ("EXT-X-SESSION-KEY", "EXT-X-SESSION-KEY@URI"),
    ("EXT-X-MAP", "EXT-X-MAP@URI"),
    ("EXT-X-MEDIA", "EXT-X-MEDIA@URI"),
    ("EXT-X-I-FRAME-STREAM-INF", "EXT-X-I-FRAME-STREAM-INF@URI"),
    ("EXT-X-PART", "EXT-X-PART@URI"),
    ("EXT-X-PRELOAD-HINT", "EXT-X-PRELOAD-HINT@URI"),
    ("EXT-X-RENDITION-REPORT", "EXT-X-RENDITION-REPORT@URI"),
    ("EXT-X-SESSION-DATA", "EXT-X-SESSION-DATA@URI"),
];

/// The `kind` of a URI line (a segment, a variant stream, a child playlist).
pub const URI_LINE: &str = "uri-line";

/// True when `body` (after any BOM) starts like an HLS playlist.
pub(crate) fn looks_like_hls(body: &[u8]) -> bool {
    body.starts_with(b"#EXTM3U")
}

/// Every reference of the playlist `input`; `start` skips a BOM. `base` is
/// the playlist URL every reference resolves against.
pub(crate) fn references(input: &[u8], start: usize, base: &str) -> Result<Vec<RawRef>> {
    let mut refs = Vec::new();
    let base: std::rc::Rc<str> = std::rc::Rc::from(base);
    let mut pos = start;
    let mut line_no = 0usize;
    while pos < input.len() {
        line_no += 1;
        super::check_line_count(line_no)?;
        let end = memchr_nl(&input[pos..]).map_or(input.len(), |i| pos + i);
        let mut content_end = end;
        if content_end > pos && input[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let line = &input[pos..content_end];
        if line_no == 1 && !line.starts_with(b"#EXTM3U") {
            return Err(Error::invalid_input(
                "manifest",
                "line 1: an HLS playlist begins with #EXTM3U",
            ));
        }
        scan_line(line, pos, line_no, &base, &mut refs)?;
        super::check_reference_count(refs.len())?;
        pos = end + 1;
    }
    Ok(refs)
}

fn memchr_nl(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| b == b'\n')
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn scan_line(
    line: &[u8],
    offset: usize,
    line_no: usize,
    base: &std::rc::Rc<str>,
    refs: &mut Vec<RawRef>,
) -> Result<()> {
    let lead = line.iter().take_while(|b| is_blank(**b)).count();
    let trail = line[lead..]
        .iter()
        .rev()
        .take_while(|b| is_blank(**b))
        .count();
    let text = &line[lead..line.len() - trail];
    if text.is_empty() {
        return Ok(());
    }
    if text[0] != b'#' {
        let start = offset + lead;
        refs.push(RawRef {
            start,
            end: start + text.len(),
            line: line_no,
            kind: URI_LINE,
            value: utf8(text, line_no)?.to_string(),
            base: base.clone(),
            role: Role::Request,
            xml: false,
            sample: None,
        });
        return Ok(());
    }
    let Some(colon) = text.iter().position(|&b| b == b':') else {
        return Ok(());
    };
    let directive = &text[1..colon];
    let Some((_, kind)) = URI_TAGS.iter().find(|(t, _)| t.as_bytes() == directive) else {
        return Ok(());
    };
    let attrs_start = colon + 1;
    if let Some((s, e)) = find_uri_attribute(&text[attrs_start..]).map_err(|why| {
        Error::invalid_input(
            "manifest",
            format!(
                "line {line_no}: cannot read the attribute list of #{}: {why}",
                String::from_utf8_lossy(directive)
            ),
        )
    })? {
        let s = attrs_start + s;
        let e = attrs_start + e;
        let start = offset + lead + s;
        refs.push(RawRef {
            start,
            end: start + (e - s),
            line: line_no,
            kind,
            value: utf8(&text[s..e], line_no)?.to_string(),
            base: base.clone(),
            role: Role::Request,
            xml: false,
            sample: None,
        });
    }
    Ok(())
}

fn utf8(bytes: &[u8], line_no: usize) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|_| {
        Error::invalid_input(
            "manifest",
            format!("line {line_no}: the reference is not UTF-8 (RFC 8216 playlists are UTF-8)"),
        )
    })
}

/// The span of the `URI` attribute's value (inside the quotes) in an
/// attribute list, if there is one.
fn find_uri_attribute(list: &[u8]) -> std::result::Result<Option<(usize, usize)>, &'static str> {
    let mut i = 0;
    let n = list.len();
    let mut found = None;
    while i < n {
        while i < n && is_blank(list[i]) {
            i += 1;
        }
        if i >= n {
            break;
        }
        let name_start = i;
        while i < n && list[i] != b'=' && list[i] != b',' {
            i += 1;
        }
        if i >= n || list[i] != b'=' {
            return Err("an attribute without '='");
        }
        let name = trim_blanks(&list[name_start..i]);
        i += 1;
        let (vs, ve);
        if i < n && list[i] == b'"' {
            vs = i + 1;
            let close = list[vs..]
                .iter()
                .position(|&b| b == b'"')
                .ok_or("a quoted value without its closing quote")?;
            ve = vs + close;
            i = ve + 1;
            while i < n && is_blank(list[i]) {
                i += 1;
            }
            if i < n && list[i] != b',' {
                return Err("text after a quoted value");
            }
        } else {
            vs = i;
            while i < n && list[i] != b',' {
                i += 1;
            }
            let v = trim_blanks(&list[vs..i]);
            let lead = list[vs..i].iter().take_while(|b| is_blank(**b)).count();
            let (s, e) = (vs + lead, vs + lead + v.len());
            if name == b"URI" {
                if found.is_some() {
                    return Err("two URI attributes");
                }
                found = Some((s, e));
            }
            i += 1;
            continue;
        }
        if name == b"URI" {
            if found.is_some() {
                return Err("two URI attributes");
            }
            found = Some((vs, ve));
        }
        i += 1;
    }
    Ok(found)
}

fn trim_blanks(s: &[u8]) -> &[u8] {
    let a = s.iter().take_while(|b| is_blank(**b)).count();
    let b = s[a..].iter().rev().take_while(|b| is_blank(**b)).count();
    &s[a..s.len() - b]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(text: &str) -> Vec<(usize, &'static str, String)> {
        references(text.as_bytes(), 0, "https://h/v/x.m3u8")
            .unwrap()
            .into_iter()
            .map(|r| {
                assert_eq!(&text[r.start..r.end], r.value);
                (r.line, r.kind, r.value)
            })
            .collect()
    }

    #[test]
    fn attributes_and_lines() {
        let got = uris(
            "#EXTM3U\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"k,1.bin\",IV=0x1\r\n# c URI=\"no\"\r\n#EXTINF:4,\r\n  seg1.ts \r\n\r\n#EXT-X-MEDIA:TYPE=AUDIO,X-URI=\"x\", URI=\"a.m3u8\"\n#EXT-X-UNKNOWN:URI=\"u\"\n#EXT-X-MAP:URI=init.mp4",
        );
        assert_eq!(
            got,
            vec![
                (2, "EXT-X-KEY@URI", "k,1.bin".to_string()),
                (5, URI_LINE, "seg1.ts".to_string()),
                (7, "EXT-X-MEDIA@URI", "a.m3u8".to_string()),
                (9, "EXT-X-MAP@URI", "init.mp4".to_string()),
            ]
        );
    }

    #[test]
    fn refusals() {
        for bad in [
            "seg.ts\n",
            "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\n",
            "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"a\",URI=\"b\"\n",
            "#EXTM3U\n#EXT-X-MAP:URI\n",
        ] {
            assert!(
                references(bad.as_bytes(), 0, "https://h/").is_err(),
                "{bad}"
            );
        }
    }
}
