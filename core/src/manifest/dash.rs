//! DASH MPDs (ISO/IEC 23009-1): quick-xml tokenizes, and the byte span of
//! every reference is taken from the borrowed slices it returns, so the
//! rewrite touches nothing else (no re-serialisation, attribute order,
//! quoting, whitespace and comments stay as written).
//!
//! References: `BaseURL` (text), `SegmentTemplate@media|initialization|index`,
//! `SegmentURL@media|index`, `Initialization@sourceURL` and
//! `RepresentationIndex@sourceURL`. `BaseURL`s nest (MPD → Period →
//! AdaptationSet → Representation); each reference resolves against the
//! first `BaseURL` of its nearest ancestors, as players do. A `BaseURL` that
//! names a folder (ends with `/`) is a base only: it is resolved but causes
//! no request of its own and is left as written. One that names a file (a
//! single-segment `SegmentBase` representation) is a request and is signed;
//! a query on it does not change what relative references under it resolve
//! to. `Location`/`PatchLocation` (the MPD's own refresh URL) are not
//! rewritten: the MPD URL carries whatever credential the caller gave it.

use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, ErrorCode, Result};

use super::resolve::resolve;
use super::{sample_expansion, LineIndex, RawRef, Role};

/// True when `body` (after any BOM) starts like an XML document.
pub(crate) fn looks_like_xml(body: &[u8]) -> bool {
    let t = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&body[..0], |i| &body[i..]);
    t.starts_with(b"<")
}

struct Frame {
    /// What children resolve against: the first BaseURL child, else `inherited`.
    base: Rc<str>,
    inherited: Rc<str>,
    base_set: bool,
    representation_id: Option<String>,
}

const ATTRIBUTE_REFS: [(&[u8], &[u8], &str); 7] = [
    (b"SegmentTemplate", b"media", "SegmentTemplate@media"),
    (
        b"SegmentTemplate",
        b"initialization",
        "SegmentTemplate@initialization",
    ),
    (b"SegmentTemplate", b"index", "SegmentTemplate@index"),
    (b"SegmentURL", b"media", "SegmentURL@media"),
    (b"SegmentURL", b"index", "SegmentURL@index"),
    (b"Initialization", b"sourceURL", "Initialization@sourceURL"),
    (
        b"RepresentationIndex",
        b"sourceURL",
        "RepresentationIndex@sourceURL",
    ),
];

/// The `kind` of a `BaseURL` reference.
pub const BASE_URL: &str = "BaseURL";

fn bad(lines: &LineIndex, offset: usize, what: impl std::fmt::Display) -> Error {
    Error::invalid_input(
        "manifest",
        format!("line {}: {what}", lines.line_of(offset)),
    )
}

/// Every reference of the MPD `input` (from `start`, after any BOM), whose
/// URL is `manifest_url`.
pub(crate) fn references(input: &[u8], start: usize, manifest_url: &str) -> Result<Vec<RawRef>> {
    let lines = LineIndex::new(input);
    super::check_line_count(lines.count())?;
    let body = &input[start..];
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Frame> = vec![Frame {
        base: Rc::from(manifest_url),
        inherited: Rc::from(manifest_url),
        base_set: false,
        representation_id: None,
    }];
    let mut refs = Vec::new();
    let offset_of = |slice: &[u8]| -> Result<usize> {
        let p = slice.as_ptr() as usize;
        let b = body.as_ptr() as usize;
        if p < b || p + slice.len() > b + body.len() {
            return Err(Error::new(
                ErrorCode::Internal,
                "the XML tokenizer returned a value outside the input",
            ));
        }
        Ok(start + (p - b))
    };
    loop {
        let here = start + reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            bad(
                &lines,
                start + reader.error_position() as usize,
                format_args!("not a well-formed MPD: {e}"),
            )
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == b"BaseURL" => {
                let text_start = start + reader.buffer_position() as usize;
                let text_end;
                loop {
                    let p = start + reader.buffer_position() as usize;
                    match reader
                        .read_event()
                        .map_err(|e| bad(&lines, p, format_args!("not a well-formed MPD: {e}")))?
                    {
                        Event::End(_) => {
                            text_end = p;
                            break;
                        }
                        Event::Text(_) | Event::GeneralRef(_) => {}
                        Event::Eof => return Err(bad(&lines, p, "unclosed BaseURL")),
                        _ => return Err(bad(
                            &lines,
                            p,
                            "a BaseURL holding markup (comment, CDATA, element) is not supported",
                        )),
                    }
                }
                let raw = &input[text_start..text_end];
                let lead = raw.iter().take_while(|b| b.is_ascii_whitespace()).count();
                let trail = raw[lead..]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                let (s, e) = (text_start + lead, text_end - trail);
                let value = unescape(&input[s..e], &lines, s)?;
                let top = stack.last_mut().expect("root frame");
                let role = if is_folder(&value) {
                    Role::Base
                } else {
                    Role::Request
                };
                refs.push(RawRef {
                    start: s,
                    end: e,
                    line: lines.line_of(s),
                    kind: BASE_URL,
                    base: top.inherited.clone(),
                    value: value.clone(),
                    role,
                    xml: true,
                    sample: None,
                });
                if !top.base_set {
                    top.base = Rc::from(resolve(&top.inherited, &value));
                    top.base_set = true;
                }
            }
            Event::Start(e) => {
                let parent = stack.last().expect("root frame");
                let mut frame = Frame {
                    base: parent.base.clone(),
                    inherited: parent.base.clone(),
                    base_set: false,
                    representation_id: parent.representation_id.clone(),
                };
                scan_attributes(&e, &mut frame, &stack, &lines, here, &offset_of, &mut refs)?;
                stack.push(frame);
            }
            Event::Empty(e) => {
                let parent = stack.last().expect("root frame");
                let mut frame = Frame {
                    base: parent.base.clone(),
                    inherited: parent.base.clone(),
                    base_set: false,
                    representation_id: parent.representation_id.clone(),
                };
                scan_attributes(&e, &mut frame, &stack, &lines, here, &offset_of, &mut refs)?;
            }
            Event::End(_) if stack.len() > 1 => {
                stack.pop();
            }
            _ => {}
        }
        super::check_reference_count(refs.len())?;
    }
    Ok(refs)
}

fn is_folder(value: &str) -> bool {
    let path = value.split(['?', '#']).next().unwrap_or("");
    path.is_empty()
        || path.ends_with('/')
        || path == "."
        || path == ".."
        || path.ends_with("/.")
        || path.ends_with("/..")
}

fn unescape(raw: &[u8], lines: &LineIndex, offset: usize) -> Result<String> {
    let text = std::str::from_utf8(raw)
        .map_err(|_| bad(lines, offset, "a reference that is not UTF-8"))?;
    quick_xml::escape::unescape(text)
        .map(|c| c.into_owned())
        .map_err(|e| bad(lines, offset, format_args!("cannot unescape {text:?}: {e}")))
}

fn scan_attributes(
    e: &BytesStart<'_>,
    frame: &mut Frame,
    stack: &[Frame],
    lines: &LineIndex,
    here: usize,
    offset_of: &dyn Fn(&[u8]) -> Result<usize>,
    refs: &mut Vec<RawRef>,
) -> Result<()> {
    let name = e.local_name();
    let name = name.as_ref();
    let is_representation = name == b"Representation";
    let wanted = ATTRIBUTE_REFS.iter().any(|(el, _, _)| *el == name);
    if !wanted && !is_representation {
        return Ok(());
    }
    let base: Rc<str> = stack
        .last()
        .map_or_else(|| Rc::from(""), |f| f.base.clone());
    for attr in e.attributes() {
        let attr = attr.map_err(|err| bad(lines, here, format_args!("bad attribute: {err}")))?;
        let key = attr.key.local_name();
        let key = key.as_ref();
        if is_representation && key == b"id" {
            frame.representation_id = Some(unescape(&attr.value, lines, here)?);
            continue;
        }
        let Some((_, _, kind)) = ATTRIBUTE_REFS
            .iter()
            .find(|(el, at, _)| *el == name && *at == key)
        else {
            continue;
        };
        let start = offset_of(&attr.value)?;
        let value = unescape(&attr.value, lines, start)?;
        let templated = kind.starts_with("SegmentTemplate") && value.contains('$');
        if templated {
            super::check_template(&value)
                .map_err(|why| bad(lines, start, format_args!("{kind} {value:?} {why}")))?;
        }
        refs.push(RawRef {
            start,
            end: start + attr.value.len(),
            line: lines.line_of(start),
            kind,
            base: base.clone(),
            sample: templated.then(|| sample_expansion(&value, frame.representation_id.as_deref())),
            value,
            role: if templated {
                Role::Template
            } else {
                Role::Request
            },
            xml: true,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_bases_and_templates() {
        let mpd = "<?xml version=\"1.0\"?>\n<MPD><!-- <BaseURL>no/</BaseURL> -->\n<BaseURL> https://h/v/ </BaseURL>\n<Period><AdaptationSet>\n<Representation id=\"720p\"><BaseURL>r/</BaseURL>\n<SegmentTemplate initialization='init-$RepresentationID$.mp4' media=\"s-$Number%05d$.m4s?a=1&amp;b=2\"/>\n<SegmentList><SegmentURL media=\"x.m4s\"/></SegmentList>\n</Representation><Representation id=\"b\"><BaseURL>one.mp4</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
        let refs = references(mpd.as_bytes(), 0, "https://h/m/main.mpd").unwrap();
        let got: Vec<_> = refs
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.kind,
                    &mpd[r.start..r.end],
                    r.value.as_str(),
                    &*r.base,
                    r.role,
                    r.sample.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    3,
                    BASE_URL,
                    "https://h/v/",
                    "https://h/v/",
                    "https://h/m/main.mpd",
                    Role::Base,
                    None
                ),
                (5, BASE_URL, "r/", "r/", "https://h/v/", Role::Base, None),
                (
                    6,
                    "SegmentTemplate@initialization",
                    "init-$RepresentationID$.mp4",
                    "init-$RepresentationID$.mp4",
                    "https://h/v/r/",
                    Role::Template,
                    Some("init-720p.mp4")
                ),
                (
                    6,
                    "SegmentTemplate@media",
                    "s-$Number%05d$.m4s?a=1&amp;b=2",
                    "s-$Number%05d$.m4s?a=1&b=2",
                    "https://h/v/r/",
                    Role::Template,
                    Some("s-00001.m4s?a=1&b=2")
                ),
                (
                    7,
                    "SegmentURL@media",
                    "x.m4s",
                    "x.m4s",
                    "https://h/v/r/",
                    Role::Request,
                    None
                ),
                (
                    8,
                    BASE_URL,
                    "one.mp4",
                    "one.mp4",
                    "https://h/v/",
                    Role::Request,
                    None
                ),
            ]
        );
    }

    #[test]
    fn refusals() {
        for bad in [
            "<MPD><BaseURL>a</MPD>",
            "<MPD><BaseURL><![CDATA[x/]]></BaseURL></MPD>",
            "<MPD><SegmentURL media=\"&bogus;\"/></MPD>",
            "<MPD><SegmentURL media=\"a\" media=\"b\"/></MPD>",
        ] {
            assert!(
                references(bad.as_bytes(), 0, "https://h/").is_err(),
                "{bad}"
            );
        }
    }
}
