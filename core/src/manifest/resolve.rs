//! RFC 3986 §5.2 reference resolution, on the exact text: nothing is
//! percent-decoded or case-folded, because the request a player makes (and
//! the bytes a CDN signature covers) is that text. The core does not depend
//! on the `url` crate (WHATWG parsing, IDNA tables); players resolve playlist
//! references the RFC 3986 way, which is what this does.

/// The five components of a URI reference, as slices of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub scheme: Option<&'a str>,
    pub authority: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Splits a URI reference (RFC 3986 appendix B).
pub(crate) fn split(r: &str) -> Parts<'_> {
    let (rest, fragment) = match r.find('#') {
        Some(i) => (&r[..i], Some(&r[i + 1..])),
        None => (r, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (scheme, rest) = match scheme_len(rest) {
        Some(n) => (Some(&rest[..n]), &rest[n + 1..]),
        None => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(a) => {
            let end = a.find('/').unwrap_or(a.len());
            (Some(&a[..end]), &a[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

/// Length of the scheme when `s` starts with `scheme:` (a letter, then
/// letters, digits, `+`, `-`, `.`), before any `/`.
fn scheme_len(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    bytes
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .then_some(colon)
}

/// The scheme of `reference`, lowercased, when it has one.
pub(crate) fn scheme_of(reference: &str) -> Option<String> {
    split(reference).scheme.map(str::to_ascii_lowercase)
}

/// RFC 3986 §5.2.4.
pub(crate) fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out: Vec<&str> = Vec::new();
    // Each kept segment includes its leading '/', except a first relative one.
    while !input.is_empty() {
        if let Some(r) = input.strip_prefix("../") {
            input = r;
        } else if let Some(r) = input.strip_prefix("./") {
            input = r;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            out.pop();
        } else if input == "/.." {
            input = "/";
            out.pop();
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push(&input[..end]);
            input = &input[end..];
        }
    }
    out.concat()
}

/// True for the common case a playlist is made of: a relative path with no
/// scheme, no leading `/`, `.`, `?` or `#`, and no dot segments, which
/// resolves to the base's folder followed by the reference. One pass.
pub(crate) fn plain_relative(reference: &str) -> bool {
    let bytes = reference.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if matches!(first, b'/' | b'.' | b'?' | b'#') {
        return false;
    }
    let mut segment_start = 0;
    let mut in_first_segment = true;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            // A ':' in the first segment makes a scheme (or an invalid
            // relative reference): not plain.
            b':' if in_first_segment => return false,
            b'/' | b'?' | b'#' => {
                let seg = &bytes[segment_start..i];
                if seg == b"." || seg == b".." {
                    return false;
                }
                if b != b'/' {
                    return true;
                }
                in_first_segment = false;
                segment_start = i + 1;
            }
            _ => {}
        }
    }
    let seg = &bytes[segment_start..];
    seg != b"." && seg != b".."
}

/// `base` up to and including the last `/` of its path, when it has an
/// authority and a path.
fn base_folder(base: &str) -> Option<&str> {
    let authority = base.find("://")? + 3;
    let path_start = authority + base[authority..].find('/')?;
    let end = base.find(['?', '#']).unwrap_or(base.len());
    if end < path_start {
        return None;
    }
    let last = base[..end].rfind('/')?;
    Some(&base[..=last])
}

/// Resolves references against one base after another, remembering the
/// folder of the last base (the references of a playlist share one).
#[derive(Default)]
pub(crate) struct Resolver {
    base: Option<std::rc::Rc<str>>,
    folder: Option<String>,
}

impl Resolver {
    /// [`resolve`], with the base's folder computed once per base.
    pub fn resolve(&mut self, base: &std::rc::Rc<str>, reference: &str) -> String {
        if !plain_relative(reference) {
            return resolve(base, reference);
        }
        if !self
            .base
            .as_ref()
            .is_some_and(|b| std::rc::Rc::ptr_eq(b, base))
        {
            self.folder = base_folder(base).map(str::to_string);
            self.base = Some(base.clone());
        }
        match &self.folder {
            Some(folder) => {
                let mut out = String::with_capacity(folder.len() + reference.len());
                out.push_str(folder);
                out.push_str(reference);
                out
            }
            None => resolve(base, reference),
        }
    }
}

/// Resolves `reference` against the absolute `base` (RFC 3986 §5.2.2, strict).
/// The fragment of the result is the reference's.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    if plain_relative(reference) {
        if let Some(folder) = base_folder(base) {
            let mut out = String::with_capacity(folder.len() + reference.len());
            out.push_str(folder);
            out.push_str(reference);
            return out;
        }
    }
    let b = split(base);
    let r = split(reference);
    let (scheme, authority, path, query);
    if let Some(s) = r.scheme {
        scheme = s;
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        scheme = b.scheme.unwrap_or("");
        if r.authority.is_some() {
            authority = r.authority;
            path = remove_dot_segments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if r.path.is_empty() {
                path = b.path.to_string();
                query = r.query.or(b.query);
            } else {
                path = if r.path.starts_with('/') {
                    remove_dot_segments(r.path)
                } else {
                    remove_dot_segments(&merge(b.authority.is_some(), b.path, r.path))
                };
                query = r.query;
            }
        }
    }
    let mut out = String::with_capacity(base.len() + reference.len());
    out.push_str(scheme);
    out.push(':');
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = r.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// RFC 3986 §5.2.3.
fn merge(base_has_authority: bool, base_path: &str, reference_path: &str) -> String {
    if base_has_authority && base_path.is_empty() {
        return format!("/{reference_path}");
    }
    match base_path.rfind('/') {
        Some(i) => format!("{}{reference_path}", &base_path[..=i]),
        None => reference_path.to_string(),
    }
}

/// `url` without its query and fragment, cut after the last `/` of the path:
/// the folder a manifest's relative references live in.
pub(crate) fn folder_of(url: &str) -> String {
    let p = split(url);
    let mut out = String::with_capacity(url.len());
    if let Some(s) = p.scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = p.authority {
        out.push_str("//");
        out.push_str(a);
    }
    match p.path.rfind('/') {
        Some(i) => out.push_str(&p.path[..=i]),
        None => out.push('/'),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3986 §5.4.1 and §5.4.2 examples.
    #[test]
    fn rfc3986_examples() {
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g#s/./x"),
            ("g#s/../x", "http://a/b/c/g#s/../x"),
            ("http:g", "http:g"),
        ] {
            assert_eq!(resolve(base, r), want, "{r}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_rfc() {
        for base in [
            "http://a/b/c/d;p?q",
            "https://h/v/x.m3u8?a=/b/c#f/g",
            "https://h",
            "https://h?x=/y",
            "https://h/",
        ] {
            let shared: std::rc::Rc<str> = std::rc::Rc::from(base);
            let mut resolver = Resolver::default();
            for r in [
                "g",
                "g/h?x=/../y",
                "g;x",
                "b/a:c",
                "seg-1.ts#t=1",
                "g..",
                "x/.hidden",
                "a/./b",
                "a/..",
                "a/..?x",
                "a?b:c",
                "a#b:c",
                "..a",
            ] {
                let fast = resolve(base, r);
                let slow = resolve(base, &format!("./{r}"));
                assert_eq!(fast, slow, "{base} + {r}");
                assert_eq!(resolver.resolve(&shared, r), slow, "{base} + {r}");
            }
        }
    }

    #[test]
    fn folders_and_schemes() {
        assert_eq!(
            folder_of("https://h/v/a/master.m3u8?x=1#f"),
            "https://h/v/a/"
        );
        assert_eq!(folder_of("https://h/master.m3u8"), "https://h/");
        assert_eq!(folder_of("https://h"), "https://h/");
        assert_eq!(scheme_of("DATA:text/plain,x").as_deref(), Some("data"));
        assert_eq!(scheme_of("seg:1.ts"), Some("seg".into()));
        assert_eq!(scheme_of("a/b:c"), None);
        assert_eq!(scheme_of("1a:b"), None);
        assert!(plain_relative("seg-1.ts?x=a:b"));
        assert!(!plain_relative("seg:1.ts"));
        assert!(!plain_relative("a/../b"));
        assert!(!plain_relative(""));
    }
}
