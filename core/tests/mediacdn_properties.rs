//! Property tests for cdnsign::mediacdn: the four Ed25519 signature forms and
//! Ed25519 / HMAC tokens round-trip through the verifier for arbitrary keys,
//! URLs and claims; any single-byte change to a signed URL, cookie or token
//! is rejected with the code the change calls for; the parsers never panic.

mod support;

use std::net::{IpAddr, Ipv4Addr};

use cdnsign::mediacdn::{
    explain, glob_matches, Algorithm, Form, HmacSecret, IpRange, Keyset, PublicKey, Request,
    Signer, SigningKey, TokenClaims, TokenSigner, Verifier,
};
use cdnsign::ErrorCode;
use proptest::prelude::*;
use support::{
    b64url_decodes_to, bump, bump_hex, is_word, replace_at, signed_field_code, value_after,
};

const HOST: &str = "https://media.example.com";

fn key_name() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9_-]{0,15}"
}

/// A path segment that can never be `.` or `..`.
fn segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-][A-Za-z0-9._-]{0,9}"
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 1..4).prop_map(|s| format!("/{}", s.join("/")))
}

fn query() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        prop::collection::vec(("[a-z]{1,6}", "[A-Za-z0-9._-]{0,8}"), 1..3).prop_map(|q| {
            q.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        }),
    )
}

fn url() -> impl Strategy<Value = String> {
    (path(), query()).prop_map(|(p, q)| match q {
        Some(q) => format!("{HOST}{p}?{q}"),
        None => format!("{HOST}{p}"),
    })
}

/// Expiry and a time before it.
fn times() -> impl Strategy<Value = (i64, i64)> {
    (2_000_000i64..5_000_000_000, 1i64..1_000_000).prop_map(|(e, back)| (e, e - back))
}

/// A route that lists every algorithm (the default is Ed25519 alone).
const ALL_ALGORITHMS: [Algorithm; 3] = [
    Algorithm::Ed25519,
    Algorithm::HmacSha1,
    Algorithm::HmacSha256,
];

fn code<T: std::fmt::Debug>(r: cdnsign::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

fn verifier_for(name: &str, key: &SigningKey) -> Verifier {
    Verifier::new(
        Keyset::new()
            .with_public_key(name, key.public_key())
            .unwrap(),
    )
}

/// Media CDN: Ed25519 signatures (64 bytes), fields also end at `/` (the
/// path-component form).
fn signature_field_code(
    original: &str,
    changed: &str,
    i: usize,
    sig: &std::ops::Range<usize>,
) -> Option<ErrorCode> {
    signed_field_code(original, changed, i, sig, 64, &['&', ':', '/'])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128, 8)))]

    #[test]
    fn the_four_signature_forms_round_trip(
        seed in any::<[u8; 32]>(),
        name in key_name(),
        url in url(),
        cut in any::<prop::sample::Index>(),
        (expires, now) in times(),
        padded in any::<bool>(),
    ) {
        let key = SigningKey::from_seed(&seed).unwrap();
        let signer = Signer::new(&name, key.clone()).unwrap().with_padding(padded);
        let v = verifier_for(&name, &key);

        let exact = signer.sign_url(&url, expires).unwrap();
        prop_assert!(exact.url.starts_with(&url));
        let ok = v.verify(&Request::new(&exact.url, now)).unwrap();
        prop_assert_eq!((ok.form, ok.key_id.as_str(), ok.expires), (Form::SignedUrl, name.as_str(), expires));
        prop_assert_eq!(&ok.signed_value, &exact.signed_value);
        prop_assert_eq!(code(v.verify(&Request::new(&exact.url, expires))), ErrorCode::Expired);
        prop_assert_eq!(code(v.verify(&Request::new(&exact.url, i64::MAX))), ErrorCode::Expired);
        prop_assert!(v.verify(&Request::new(&exact.url, i64::MIN)).is_ok());

        // A prefix of the URL's path (at least the host and the first '/').
        let path_end = url.find('?').unwrap_or(url.len());
        let prefix = &url[..(HOST.len() + 1 + cut.index(path_end - HOST.len()))];
        let pre = signer.sign_prefix(&url, prefix, expires).unwrap();
        let ok = v.verify(&Request::new(&pre.url, now)).unwrap();
        prop_assert_eq!(ok.form, Form::SignedPrefix);
        let cookie = signer.sign_cookie(prefix, expires).unwrap();
        let ok = v.verify(&Request::new(&url, now).cookie_header(format!("a=1; {}", cookie.cookie_pair()))).unwrap();
        prop_assert_eq!(ok.form, Form::Cookie);
        let elsewhere = format!("https://other.example.com/{}", &url[HOST.len() + 1..]);
        prop_assert_eq!(
            code(v.verify(&Request::new(&elsewhere, now).cookie_header(cookie.cookie_pair()))),
            ErrorCode::UrlMismatch
        );

        let base_path = &url[HOST.len()..path_end];
        let comp = signer.sign_path(&format!("{HOST}{base_path}"), "seg/a.ts", expires).unwrap();
        let ok = v.verify(&Request::new(&comp.url, now)).unwrap();
        prop_assert_eq!(ok.form, Form::PathComponent);
        // Relative URLs below the component inherit the signature.
        let sibling = format!("{}/seg/b.ts", comp.url.strip_suffix("/seg/a.ts").unwrap());
        prop_assert!(v.verify(&Request::new(&sibling, now)).is_ok());
        let escape = format!("{}/../a.ts", comp.url.strip_suffix("/seg/a.ts").unwrap());
        prop_assert_eq!(code(v.verify(&Request::new(&escape, now))), ErrorCode::UrlMismatch);

        // Another key under the same name: bad signature, whatever the form.
        let mut other_seed = seed;
        other_seed[0] ^= 1;
        let impostor = verifier_for(&name, &SigningKey::from_seed(&other_seed).unwrap());
        for u in [&exact.url, &pre.url, &comp.url] {
            prop_assert_eq!(code(impostor.verify(&Request::new(u.as_str(), now))), ErrorCode::BadSignature);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128, 40)))]

    #[test]
    fn a_changed_character_in_a_signed_url_is_rejected(
        seed in any::<[u8; 32]>(),
        url in url(),
        (expires, now) in times(),
        pos in any::<prop::sample::Index>(),
        padded in any::<bool>(),
    ) {
        let key = SigningKey::from_seed(&seed).unwrap();
        let signer = Signer::new("key-1", key.clone()).unwrap().with_padding(padded);
        let v = verifier_for("key-1", &key);
        let signed = signer.sign_url(&url, expires).unwrap().url;
        let i = pos.index(signed.len());
        let c = signed.as_bytes()[i];
        let changed = replace_at(&signed, i, bump(c));
        let got = v.verify(&Request::new(&changed, now));
        prop_assert!(got.is_err(), "{} still verifies", changed);
        let got = got.unwrap_err().code();
        let sig = value_after(&signed, "&Signature=", &['&']);
        if let Some(want) = signature_field_code(&signed, &changed, i, &sig) {
            prop_assert_eq!(got, want, "{}", changed);
        } else if i >= HOST.len() && i < url.len() && is_word(c) {
            // Host and path are signed as they are.
            prop_assert_eq!(got, ErrorCode::BadSignature, "{}", changed);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128, 40)))]

    #[test]
    fn a_changed_character_in_a_prefix_signature_is_rejected_inside_the_prefix(
        seed in any::<[u8; 32]>(),
        url in url(),
        cut in any::<prop::sample::Index>(),
        (expires, now) in times(),
        pos in any::<prop::sample::Index>(),
    ) {
        let key = SigningKey::from_seed(&seed).unwrap();
        let signer = Signer::new("key-1", key.clone()).unwrap();
        let v = verifier_for("key-1", &key);
        let path_end = url.find('?').unwrap_or(url.len());
        let prefix = &url[..(HOST.len() + 1 + cut.index(path_end - HOST.len()))];
        let signed = signer.sign_prefix(&url, prefix, expires).unwrap().url;
        let i = pos.index(signed.len());
        let c = signed.as_bytes()[i];
        let changed = replace_at(&signed, i, bump(c));
        let got = v.verify(&Request::new(&changed, now));
        let sig = value_after(&signed, "&Signature=", &['&']);
        let url_prefix = value_after(&signed, "URLPrefix=", &['&']);
        if i >= HOST.len() && i < path_end && is_word(c) {
            if i < prefix.len() {
                prop_assert_eq!(code(got), ErrorCode::UrlMismatch, "{}", changed);
            } else {
                // Past the prefix: covered by design.
                prop_assert!(got.is_ok(), "{}: {:?}", changed, got);
            }
        } else if url_prefix.contains(&i) && c.is_ascii_alphanumeric() {
            prop_assert_eq!(code(got), ErrorCode::BadSignature, "{}", changed);
        } else if let Some(want) = signature_field_code(&signed, &changed, i, &sig) {
            prop_assert_eq!(code(got), want, "{}", changed);
        } else if i >= path_end {
            // The caller's own query parameters are not covered by a prefix
            // signature; every other change is refused.
            let in_own_query = i < url.len();
            prop_assert!(in_own_query || got.is_err(), "{} still verifies", changed);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128, 24)))]

    #[test]
    fn a_changed_character_in_a_path_component_or_cookie_is_rejected(
        seed in any::<[u8; 32]>(),
        base in path(),
        (expires, now) in times(),
        pos in any::<prop::sample::Index>(),
        in_cookie in any::<bool>(),
    ) {
        let key = SigningKey::from_seed(&seed).unwrap();
        let signer = Signer::new("key-1", key.clone()).unwrap();
        let v = verifier_for("key-1", &key);
        let prefix = format!("{HOST}{base}/");
        if in_cookie {
            let value = signer.sign_cookie(&prefix, expires).unwrap().value;
            let i = pos.index(value.len());
            let changed = replace_at(&value, i, bump(value.as_bytes()[i]));
            let req = Request::new(format!("{prefix}a.ts"), now).cookie_header(format!("Edge-Cache-Cookie={changed}"));
            let got = code(v.verify(&req));
            let sig = value_after(&value, ":Signature=", &[':']);
            let url_prefix = value_after(&value, "URLPrefix=", &[':']);
            let want = signature_field_code(&value, &changed, i, &sig).unwrap_or(if url_prefix.contains(&i) {
                ErrorCode::BadSignature
            } else {
                // A field name or separator: the cookie no longer parses.
                ErrorCode::Malformed
            });
            prop_assert_eq!(got, want, "{}", changed);
        } else {
            let signed = signer.sign_path(&prefix, "hd/a.ts", expires).unwrap().url;
            let i = pos.index(signed.len());
            let c = signed.as_bytes()[i];
            let changed = replace_at(&signed, i, bump(c));
            let got = v.verify(&Request::new(&changed, now));
            let sig = value_after(&signed, "&Signature=", &['/']);
            let marker = signed.find("/edge-cache-token=").unwrap();
            if i > sig.end {
                // Below the component: covered by design (bump keeps segments
                // clear of '.' and '..').
                prop_assert!(got.is_ok(), "{}: {:?}", changed, got);
            } else if let Some(want) = signature_field_code(&signed, &changed, i, &sig) {
                prop_assert_eq!(code(got), want, "{}", changed);
            } else if i >= HOST.len() && i < marker && is_word(c) {
                prop_assert_eq!(code(got), ErrorCode::BadSignature, "{}", changed);
            } else {
                prop_assert!(got.is_err(), "{} still verifies", changed);
            }
        }
    }
}

/// Claims for a token and a request that satisfies them.
#[derive(Debug, Clone)]
struct TokenCase {
    claims: TokenClaims,
    url: String,
    headers: Vec<(String, String)>,
    client: IpAddr,
}

fn token_case() -> impl Strategy<Value = TokenCase> {
    let value = "[A-Za-z0-9._:/=,!@$'()*+-]{1,24}";
    // Printable ASCII without '~' (0x7e), no blank at either end.
    let header_value = "[!-}]([ -}]{0,20}[!-}])?";
    (
        (
            0u8..3,
            path(),
            prop::collection::vec(path(), 1..5),
            any::<bool>(),
        ),
        times(),
        prop::option::of(1i64..100_000),
        prop::option::of(value),
        prop::option::of(value),
        prop::collection::btree_map("[A-Za-z][A-Za-z0-9-]{0,10}", header_value, 0..3),
        prop::option::of(prop::collection::vec((any::<[u8; 4]>(), 0u8..=32), 1..=5)),
    )
        .prop_map(
            |((scope, p, globs, bang), (expires, now), starts_back, sid, data, headers, ranges)| {
                let mut claims = TokenClaims::new(expires);
                let path = match scope {
                    0 => {
                        // Globs ending in '*' over the request's directories.
                        let gl: Vec<String> = globs.iter().map(|g| format!("{g}/*")).collect();
                        claims = claims
                            .path_globs(gl)
                            .glob_separator(if bang { '!' } else { ',' });
                        format!("{}/seg.ts", globs[0])
                    }
                    1 => {
                        claims = claims.url_prefix(format!("{HOST}{p}/"));
                        format!("{p}/seg.ts")
                    }
                    _ => {
                        claims = claims.full_path(p.clone());
                        p
                    }
                };
                if let Some(b) = starts_back {
                    claims = claims.starts(now - b);
                }
                if let Some(s) = sid {
                    claims = claims.session_id(s);
                }
                if let Some(d) = data {
                    claims = claims.data(d);
                }
                // Header names are case-insensitive: keep one spelling of each.
                // A ',' that starts a `Name=` pair is refused (T22) and drawn
                // by the separator tests below, not here.
                let mut seen: Vec<String> = Vec::new();
                let mut hs = Vec::new();
                for (n, v) in headers {
                    if !seen.contains(&n.to_ascii_lowercase()) && !starts_pair(&v) {
                        seen.push(n.to_ascii_lowercase());
                        claims = claims.header(n.clone(), v.clone());
                        hs.push((n, v));
                    }
                }
                let mut client = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
                if let Some(rs) = ranges {
                    client = IpAddr::V4(Ipv4Addr::from(rs[0].0));
                    claims = claims.ip_ranges(
                        rs.iter()
                            .map(|(o, p)| format!("{}/{p}", Ipv4Addr::from(*o))),
                    );
                }
                TokenCase {
                    claims,
                    url: format!("{HOST}{path}"),
                    headers: hs,
                    client,
                }
            },
        )
}

fn token_signer(alg: u8, seed: [u8; 32], secret: &[u8]) -> (TokenSigner, Keyset) {
    match alg {
        0 => {
            let key = SigningKey::from_seed(&seed).unwrap();
            let ks = Keyset::new()
                .with_public_key("k1", key.public_key())
                .unwrap();
            (TokenSigner::ed25519(key), ks)
        }
        _ => {
            let a = if alg == 1 {
                Algorithm::HmacSha1
            } else {
                Algorithm::HmacSha256
            };
            let s = HmacSecret::from_bytes(secret).unwrap();
            let ks = Keyset::new().with_shared_key("s1", s.clone()).unwrap();
            (TokenSigner::hmac(a, s).unwrap(), ks)
        }
    }
}

fn request(case: &TokenCase, url: &str, now: i64) -> Request {
    let mut r = Request::new(url, now).client_ip(case.client);
    for (n, v) in &case.headers {
        r = r.header(n.as_str(), v.as_str());
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(192, 12)))]

    #[test]
    fn tokens_round_trip(
        case in token_case(),
        alg in 0u8..3,
        seed in any::<[u8; 32]>(),
        secret in prop::collection::vec(any::<u8>(), 16..64),
        in_cookie in any::<bool>(),
        padded in any::<bool>(),
    ) {
        let (signer, keyset) = token_signer(alg, seed, &secret);
        let signer = signer.with_padding(padded);
        let v = Verifier::new(keyset).with_allowed_algorithms(&ALL_ALGORITHMS);
        let t = signer.sign(&case.claims).unwrap();
        let now = case.claims.starts.unwrap_or(case.claims.expires - 1);
        let req = if in_cookie {
            request(&case, &case.url, now).cookie_header(t.cookie().cookie_pair())
        } else {
            request(&case, &t.apply_to_url(&case.url), now)
        };
        let ok = v.verify(&req).unwrap();
        prop_assert_eq!(ok.form, if in_cookie { Form::TokenCookie } else { Form::Token });
        prop_assert_eq!(ok.algorithm, t.algorithm);
        prop_assert_eq!(ok.expires, case.claims.expires);
        prop_assert_eq!(ok.starts, case.claims.starts);
        prop_assert_eq!(&ok.session_id, &case.claims.session_id);
        prop_assert_eq!(&ok.data, &case.claims.data);
        prop_assert_eq!(&ok.signed_value, &t.signed_value);

        let at = |now: i64| request(&case, &t.apply_to_url(&case.url), now);
        prop_assert_eq!(code(v.verify(&at(case.claims.expires))), ErrorCode::Expired);
        if let Some(s) = case.claims.starts {
            prop_assert_eq!(code(v.verify(&at(s - 1))), ErrorCode::NotYetValid);
        }
        // Extreme clocks are typed rejections, not overflows.
        prop_assert_eq!(code(v.verify(&at(i64::MAX))), ErrorCode::Expired);
        let early = v.verify(&at(i64::MIN));
        match case.claims.starts {
            Some(_) => prop_assert_eq!(code(early), ErrorCode::NotYetValid),
            None => prop_assert!(early.is_ok(), "{:?}", early),
        }
        if !case.headers.is_empty() {
            let bare = Request::new(t.apply_to_url(&case.url), now).client_ip(case.client);
            prop_assert_eq!(code(v.verify(&bare)), ErrorCode::HeaderMismatch);
            let mut wrong = Request::new(t.apply_to_url(&case.url), now).client_ip(case.client);
            for (n, val) in &case.headers {
                wrong = wrong.header(n.as_str(), format!("{val}x"));
            }
            prop_assert_eq!(code(v.verify(&wrong)), ErrorCode::BadSignature);
        }
        if case.claims.ip_ranges.is_some() {
            let outside = request(&case, &t.apply_to_url(&case.url), now).client_ip("2001:db8::1".parse().unwrap());
            prop_assert_eq!(code(v.verify(&outside)), ErrorCode::IpNotAllowed);
        }
        let elsewhere = t.apply_to_url(&format!("{HOST}/nowhere/x.ts"));
        let want = if case.claims.full_path.is_some() { ErrorCode::BadSignature } else { ErrorCode::UrlMismatch };
        prop_assert_eq!(code(v.verify(&request(&case, &elsewhere, now))), want);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(192, 64)))]

    #[test]
    fn a_changed_character_in_a_token_is_rejected(
        case in token_case(),
        alg in 0u8..3,
        seed in any::<[u8; 32]>(),
        secret in prop::collection::vec(any::<u8>(), 16..64),
        pos in any::<prop::sample::Index>(),
    ) {
        let (signer, keyset) = token_signer(alg, seed, &secret);
        let v = Verifier::new(keyset).with_allowed_algorithms(&[
            Algorithm::Ed25519, Algorithm::HmacSha1, Algorithm::HmacSha256,
        ]);
        let t = signer.sign(&case.claims).unwrap();
        let now = case.claims.starts.unwrap_or(case.claims.expires - 1);
        let i = pos.index(t.token.len());
        let c = t.token.as_bytes()[i];
        let sig = value_after(&t.token, if alg == 0 { "~Signature=" } else { "~hmac=" }, &['~']);
        let new = if alg != 0 && sig.contains(&i) { bump_hex(c) } else { bump(c) };
        let changed = replace_at(&t.token, i, new);
        let url = format!("{}?edge-cache-token={changed}", case.url);
        let got = v.verify(&request(&case, &url, now));
        prop_assert!(got.is_err(), "{} still verifies", changed);
        let got = got.unwrap_err().code();
        let expires = value_after(&t.token, "Expires=", &['~']);
        let free = ["SessionID=", "Data="]
            .iter()
            .filter(|m| t.token.contains(*m))
            .map(|m| value_after(&t.token, m, &['~']))
            .any(|r| r.contains(&i));
        if sig.contains(&i) {
            let want = if alg != 0 || b64url_decodes_to(&changed[sig.clone()], 64) {
                ErrorCode::BadSignature
            } else {
                ErrorCode::Malformed
            };
            prop_assert_eq!(got, want, "{}", changed);
        } else if (expires.contains(&i) || free) && c.is_ascii_alphanumeric() {
            prop_assert_eq!(got, ErrorCode::BadSignature, "{}", changed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(
        text in ".{0,200}",
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        now in any::<i64>(),
    ) {
        let key = SigningKey::from_seed(&[7u8; 32]).unwrap();
        let v = Verifier::new(
            Keyset::new()
                .with_name("ks").unwrap()
                .with_public_key("k1", key.public_key()).unwrap()
                .with_shared_key("s1", HmacSecret::from_bytes(&[1u8; 20]).unwrap()).unwrap(),
        )
        .with_allowed_algorithms(&ALL_ALGORITHMS);
        for u in [
            text.clone(),
            format!("{HOST}/a?{text}"),
            format!("{HOST}/a?edge-cache-token={text}"),
            format!("{HOST}/edge-cache-token={text}/x"),
            format!("{HOST}/a?Expires={text}&KeyName=k1&Signature={text}"),
            format!("{HOST}/a?URLPrefix={text}&Expires=1&KeyName=k1&Signature=x"),
        ] {
            let req = Request::new(u.as_str(), now)
                .header("Cookie", format!("Edge-Cache-Cookie={text}"))
                .header(text.as_str(), text.as_str())
                .cookie_header(text.as_str());
            let _ = v.verify(&req);
            let _ = v.verify_token(&text, &req);
            let _ = explain(&u, now);
        }
        let _ = explain(&text, now);
        let _ = SigningKey::parse(&bytes);
        let _ = SigningKey::from_text(&text);
        let _ = PublicKey::parse(&bytes);
        let _ = PublicKey::from_text(&text);
        let _ = HmacSecret::from_base64(&text);
        let _ = IpRange::parse(&text);
        let _ = Algorithm::from_name(&text);
        let _ = glob_matches(&text, &text);
    }

    #[test]
    fn glob_matching_agrees_with_a_reference(glob in "[ab/*?]{0,12}", path in "[ab/]{0,12}") {
        prop_assert_eq!(glob_matches(&glob, &path), reference_match(glob.as_bytes(), path.as_bytes()));
    }
}

/// The textbook dynamic-programming matcher, for comparison only.
fn reference_match(p: &[u8], t: &[u8]) -> bool {
    let mut dp = vec![vec![false; t.len() + 1]; p.len() + 1];
    dp[0][0] = true;
    for i in 1..=p.len() {
        dp[i][0] = dp[i - 1][0] && p[i - 1] == b'*';
        for j in 1..=t.len() {
            dp[i][j] = match p[i - 1] {
                b'*' => dp[i - 1][j] || dp[i][j - 1],
                b'?' => dp[i - 1][j - 1],
                c => dp[i - 1][j - 1] && c == t[j - 1],
            };
        }
    }
    dp[p.len()][t.len()]
}

// ---- request data pasted into the signed value (RULES.md T22, T23) ---------

/// Header values and path pieces built from the token grammar's separators
/// and field names, so that every way of standing in for a field is drawn.
fn separator_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("~".to_string()),
            Just(",".to_string()),
            Just("=".to_string()),
            Just(" ".to_string()),
            Just("X-B".to_string()),
            Just("x-a".to_string()),
            Just("IPRanges".to_string()),
            Just("Starts".to_string()),
            Just("SessionID".to_string()),
            Just("id".to_string()),
            Just("Headers".to_string()),
            "[a-z0-9]{1,3}",
        ],
        1..8,
    )
    .prop_map(|p| p.concat())
}

/// The forged request: a field of an honestly signed token removed from the
/// token and its text moved into request data, so that the verifier's
/// rebuilt signed value is byte-identical to what was signed.
#[derive(Clone, Debug)]
enum Move {
    /// `~Field=value` appended to the last bound header's value.
    FieldIntoValue,
    /// `,Name=value` of the last header pair appended to the previous one.
    FoldPair,
    /// The same, sent as a second copy of the previous header.
    RepeatPair,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256, 32)))]

    /// Any header value or FullPath the signer accepts verifies; anything
    /// it refuses as ambiguous, the verifier refuses too (so nothing we sign
    /// is unverifiable, and nothing ambiguous is accepted).
    #[test]
    fn signer_and_verifier_agree_on_separators(
        a in separator_text(),
        b in separator_text(),
        tail in separator_text(),
        hmac in any::<bool>(),
    ) {
        let key = SigningKey::from_seed(&[5u8; 32]).unwrap();
        let secret = HmacSecret::from_bytes(&[6u8; 32]).unwrap();
        let signer = if hmac {
            TokenSigner::hmac(Algorithm::HmacSha256, secret.clone()).unwrap()
        } else {
            TokenSigner::ed25519(key.clone())
        };
        let keyset = Keyset::new()
            .with_public_key("k1", key.public_key()).unwrap()
            .with_shared_key("s1", secret).unwrap();
        let v = Verifier::new(keyset).with_allowed_algorithms(&ALL_ALGORITHMS);
        let now = 1_767_290_400;
        let path = format!("/v/{tail}.ts");
        let claims = TokenClaims::new(now + 60)
            .full_path(&path)
            .header("X-A", &a)
            .header("X-B", &b);
        let url = format!("{HOST}{path}");
        match signer.sign(&claims) {
            Ok(t) => {
                let req = Request::new(t.apply_to_url(&url), now)
                    .header("X-A", &a)
                    .header("X-B", &b);
                let ok = v.verify(&req);
                prop_assert!(ok.is_ok(), "signed but refused: {:?}", ok);
                prop_assert_eq!(ok.unwrap().signed_value, t.signed_value);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::InvalidInput);
                let ambiguous = [&a, &b].iter().any(|v| v.contains('~') || starts_pair(v))
                    || tilde_field(&path);
                // Values the signer refuses for other reasons (empty,
                // surrounding spaces, a '~' that cannot start a field in
                // the path) are not the subject here.
                if ambiguous {
                    let t = careless_token(claims.expires, &path, &a, &b);
                    let req = Request::new(format!("{url}?edge-cache-token={t}"), now)
                        .header("X-A", &a)
                        .header("X-B", &b);
                    let e = v.verify(&req).unwrap_err();
                    prop_assert_eq!(e.code(), ErrorCode::Malformed, "{}", e);
                }
            }
        }
    }

    /// Moving any field of an honest token into request data is refused.
    #[test]
    fn a_field_moved_into_request_data_is_refused(
        a in "[a-zA-Z0-9._-]([a-zA-Z0-9 ._-]{0,6}[a-zA-Z0-9._-])?",
        b in "[a-zA-Z0-9._-]([a-zA-Z0-9 ._-]{0,6}[a-zA-Z0-9._-])?",
        mv in prop_oneof![
            Just(Move::FieldIntoValue),
            Just(Move::FoldPair),
            Just(Move::RepeatPair),
        ],
        hmac in any::<bool>(),
    ) {
        let key = SigningKey::from_seed(&[5u8; 32]).unwrap();
        let secret = HmacSecret::from_bytes(&[6u8; 32]).unwrap();
        let signer = if hmac {
            TokenSigner::hmac(Algorithm::HmacSha256, secret.clone()).unwrap()
        } else {
            TokenSigner::ed25519(key.clone())
        };
        let keyset = Keyset::new()
            .with_public_key("k1", key.public_key()).unwrap()
            .with_shared_key("s1", secret).unwrap();
        let v = Verifier::new(keyset).with_allowed_algorithms(&ALL_ALGORITHMS);
        let now = 1_767_290_400;
        let claims = TokenClaims::new(now + 60)
            .path_globs(["/v/*"])
            .starts(now - 10)
            .session_id("s-1")
            .header("X-A", &a)
            .header("X-B", &b)
            .ip_ranges(["203.0.113.0/24"]);
        let t = signer.sign(&claims).unwrap();
        let url = format!("{HOST}/v/a.ts");
        let honest = Request::new(t.apply_to_url(&url), now)
            .header("X-A", &a)
            .header("X-B", &b)
            .client_ip("203.0.113.7".parse().unwrap());
        prop_assert!(v.verify(&honest).is_ok());

        let fields: Vec<&str> = t.token.split('~').collect();
        let sig = fields[fields.len() - 1];
        let (token, headers): (String, Vec<(&str, String)>) = match mv {
            Move::FieldIntoValue => {
                // Starts (before Headers) or SessionID cannot follow the
                // header values; IPRanges (after Headers) can.
                let moved = fields.iter().find(|f| f.starts_with("IPRanges=")).unwrap();
                let kept: Vec<&str> = fields.iter().copied().filter(|f| f != moved).collect();
                (kept.join("~"), vec![("X-A", a.clone()), ("X-B", format!("{b}~{moved}"))])
            }
            Move::FoldPair | Move::RepeatPair => {
                // X-B dropped from the token's Headers; its pair travels in X-A.
                let kept: Vec<String> = fields[..fields.len() - 1]
                    .iter()
                    .map(|f| if f.starts_with("Headers=") { "Headers=X-A".to_string() } else { f.to_string() })
                    .collect();
                let headers = if matches!(mv, Move::FoldPair) {
                    vec![("X-A", format!("{a},X-B={b}"))]
                } else {
                    vec![("X-A", a.clone()), ("X-A", format!("X-B={b}"))]
                };
                (format!("{}~{sig}", kept.join("~")), headers)
            }
        };
        let mut forged = Request::new(format!("{url}?edge-cache-token={token}"), now)
            .client_ip("198.51.100.9".parse().unwrap());
        for (n, val) in &headers {
            forged = forged.header(*n, val.as_str());
        }
        let e = v.verify(&forged).unwrap_err();
        prop_assert!(
            matches!(e.code(), ErrorCode::Malformed | ErrorCode::BadSignature),
            "forged request accepted or wrongly coded: {} ({:?})", e, mv
        );
    }

    /// A FullPath token's field moved into the request path is refused.
    #[test]
    fn a_field_moved_into_the_full_path_is_refused(
        seg in "[a-zA-Z0-9~_-]{1,10}".prop_filter("an ambiguous path is refused at signing", |s| !tilde_field(&format!("/v/{s}.ts"))),
        field in prop_oneof![Just("Starts"), Just("SessionID"), Just("Data"), Just("IPRanges")],
    ) {
        let key = SigningKey::from_seed(&[5u8; 32]).unwrap();
        let signer = TokenSigner::ed25519(key.clone());
        let v = Verifier::new(Keyset::new().with_public_key("k1", key.public_key()).unwrap());
        let now = 1_767_290_400;
        let path = format!("/v/{seg}.ts");
        let mut claims = TokenClaims::new(now + 3600).full_path(&path);
        claims = match field {
            "Starts" => claims.starts(now + 1000),
            "SessionID" => claims.session_id("admin"),
            "Data" => claims.data("premium"),
            _ => claims.ip_ranges(["203.0.113.0/24"]),
        };
        let t = match signer.sign(&claims) {
            Ok(t) => t,
            Err(e) => panic!("{path}: {e}"),
        };
        let moved = t.token.split('~').find(|f| f.starts_with(field)).unwrap().to_string();
        let token = t.token.replace(&format!("~{moved}"), "");
        let forged = Request::new(format!("{HOST}{path}~{moved}?edge-cache-token={token}"), now - 500)
            .client_ip("198.51.100.9".parse().unwrap());
        let e = v.verify(&forged).unwrap_err();
        prop_assert_eq!(e.code(), ErrorCode::Malformed, "{}", e);
        prop_assert_eq!(e.field(), Some("FullPath"));
    }
}

fn starts_pair(v: &str) -> bool {
    let b = v.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b',' && {
            let n = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|".contains(c))
                .count();
            n > 0 && b.get(i + 1 + n) == Some(&b'=')
        }
    })
}

fn tilde_field(path: &str) -> bool {
    const FIELDS: [&str; 16] = [
        "PathGlobs",
        "paths",
        "acl",
        "URLPrefix",
        "FullPath",
        "Starts",
        "Expires",
        "SessionID",
        "id",
        "Data",
        "data",
        "payload",
        "Headers",
        "IPRanges",
        "Signature",
        "hmac",
    ];
    path.split('~')
        .skip(1)
        .any(|rest| FIELDS.contains(&rest.split(['=', '~']).next().unwrap_or("")))
}

/// What a careless signer (one without the T21/T22 refusals) would emit:
/// built by hand from the documented grammar with the shared key.
fn careless_token(exp: i64, path: &str, a: &str, b: &str) -> String {
    let signed = format!("FullPath={path}~Expires={exp}~Headers=X-A={a},X-B={b}");
    let mac = cdnsign::crypto::HmacKey::new(cdnsign::crypto::HmacAlgorithm::Sha256, &[6u8; 32])
        .unwrap()
        .sign(signed.as_bytes());
    format!(
        "FullPath~Expires={exp}~Headers=X-A,X-B~hmac={}",
        cdnsign::encoding::hex_encode(&mac)
    )
}
