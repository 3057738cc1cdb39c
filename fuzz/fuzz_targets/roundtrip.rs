//! Structured round trips: sign arbitrary (valid) claims with our keys, the
//! result must verify; the same credential with any one byte changed must
//! not. Covers the webhook (body), Stream tokens, Media CDN tokens
//! (Ed25519, HMAC-SHA1, HMAC-SHA256) and signed URLs, Cloud CDN URLs and
//! CloudFront canned URLs.
#![no_main]

use arbitrary::Arbitrary;
use cdnsign::{cloudcdn, cloudfront, mediacdn, stream, webhook};
use cdnsign_fuzz::{
    cloudcdn_keys, cloudfront_signer, cloudfront_verifier, mediacdn_signing_key, mediacdn_verifier,
    stream_signing_key, stream_verifier, MEDIACDN_HMAC_SHA1, MEDIACDN_HMAC_SHA256, NOW,
};
use libfuzzer_sys::fuzz_target;

/// One byte to change: position (mod length) and a non-zero 7-bit XOR mask,
/// so ASCII stays ASCII.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Flip {
    at: u16,
    mask: u8,
}

impl Flip {
    fn apply(self, s: &str) -> Option<String> {
        if s.is_empty() {
            return None;
        }
        let mut bytes = s.as_bytes().to_vec();
        let i = usize::from(self.at) % bytes.len();
        let mask = (self.mask & 0x7f).max(1);
        if bytes[i] >= 0x80 {
            return None;
        }
        bytes[i] ^= mask;
        String::from_utf8(bytes).ok()
    }
}

/// The verifiers accept a few spellings of the same bytes, so a changed
/// byte that only swaps spellings is not a different credential:
/// CloudFront's base64 (`-`/`+`, `_`/`=`, `~`/`/`: the decoder takes both
/// alphabets) and upper-case hex digits in Media CDN `hmac=` values.
fn same_bytes_spelled_differently(
    original: &str,
    changed: &str,
    hex: bool,
    cloudfront: bool,
) -> bool {
    let diff: Vec<(u8, u8)> = original
        .bytes()
        .zip(changed.bytes())
        .filter(|(a, b)| a != b)
        .collect();
    let [(a, b)] = diff[..] else {
        return false;
    };
    let pair = |x: u8, y: u8| (a, b) == (x, y) || (a, b) == (y, x);
    (cloudfront && (pair(b'-', b'+') || pair(b'_', b'=') || pair(b'~', b'/')))
        || (hex && a.is_ascii_hexdigit() && b.is_ascii_hexdigit() && a.eq_ignore_ascii_case(&b))
}

/// Verifiers drop a URL's fragment (browsers never send it), and padding
/// is optional: a `#` that only cuts off `=` padding leaves the same
/// credential.
fn fragment_cuts_only_padding(original: &str, changed: &str) -> bool {
    match changed.find('#') {
        Some(i) => {
            original.get(..i).is_some_and(|head| !head.contains('#'))
                && original
                    .get(i..)
                    .is_some_and(|tail| tail.bytes().all(|b| b == b'='))
        }
        _ => false,
    }
}

#[derive(Arbitrary, Debug)]
enum Case {
    Webhook {
        body: Vec<u8>,
        time_offset: i16,
        secret: bool,
        flip: Flip,
    },
    Stream {
        sub: String,
        lifetime: u16,
        nbf_back: Option<u8>,
        downloadable: bool,
        flip: Flip,
    },
    MediaToken {
        algorithm: u8,
        globs: Vec<String>,
        starts_back: Option<u8>,
        lifetime: u16,
        session_id: Option<String>,
        data: Option<String>,
        padded: bool,
        flip: Flip,
    },
    /// A FullPath token bound to headers, then one of the moves an
    /// attacker makes so that the rebuilt signed value is byte-identical
    /// (RULES.md T22, T23): the forged request must be refused.
    MediaTokenMoved {
        hmac: bool,
        path: String,
        headers: Vec<(String, String)>,
        starts_back: Option<u8>,
        session_id: Option<String>,
        ip_range: Option<([u8; 4], u8)>,
        attack: Attack,
    },
    MediaUrl {
        path: String,
        lifetime: u16,
        padded: bool,
        flip: Flip,
    },
    CloudCdnUrl {
        path: String,
        key: u8,
        lifetime: u16,
        padded: bool,
        flip: Flip,
    },
    CloudFrontUrl {
        path: String,
        lifetime: u16,
        flip: Flip,
    },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Attack {
    /// The field right after `FullPath` moved into the request path.
    FieldIntoPath,
    /// The field right after `Headers` moved into the last header's value.
    FieldIntoHeader,
    /// The last `Name=value` pair folded into the previous header's value.
    FoldPair,
    /// The same, sent as a second copy of the previous header.
    RepeatPair,
}

fn lifetime(l: u16) -> i64 {
    i64::from(l) + 1
}

fuzz_target!(|case: Case| match case {
    Case::Webhook {
        body,
        time_offset,
        secret,
        flip,
    } => {
        let secrets = cdnsign_fuzz::WEBHOOK_SECRETS;
        let time = NOW + i64::from(time_offset);
        let header = webhook::sign(secrets[usize::from(secret)], &body, time).unwrap();
        let verifier = webhook::Verifier::new(secrets).unwrap().ignore_timestamp();
        let ok = verifier.verify(Some(&header), &body, NOW).unwrap();
        assert_eq!((ok.time, ok.secret_index), (time, usize::from(secret)));
        if !body.is_empty() {
            let mut changed = body.clone();
            let i = usize::from(flip.at) % changed.len();
            changed[i] ^= flip.mask.max(1);
            let e = verifier.verify(Some(&header), &changed, NOW).unwrap_err();
            assert_eq!(e.code(), cdnsign::ErrorCode::BadSignature);
        }
    }
    Case::Stream {
        sub,
        lifetime: l,
        nbf_back,
        downloadable,
        flip,
    } => {
        let mut claims = stream::Claims::new(sub, NOW + lifetime(l)).downloadable(downloadable);
        if let Some(back) = nbf_back {
            claims = claims.not_before(NOW - i64::from(back));
        }
        let Ok(token) = stream_signing_key().sign(&claims, NOW) else {
            return;
        };
        let request = stream::VerifyRequest::new(NOW).skip_access_rules();
        let ok = stream_verifier().verify(&token, &request).unwrap();
        assert_eq!(ok.kid, stream_signing_key().kid());
        if let Some(bad) = flip.apply(&token) {
            assert!(
                stream_verifier().verify(&bad, &request).is_err(),
                "a changed token verified: {bad}"
            );
        }
    }
    Case::MediaToken {
        algorithm,
        globs,
        starts_back,
        lifetime: l,
        session_id,
        data,
        padded,
        flip,
    } => {
        let signer = match algorithm % 3 {
            0 => mediacdn::TokenSigner::ed25519(mediacdn_signing_key().clone()),
            1 => mediacdn::TokenSigner::hmac(
                mediacdn::Algorithm::HmacSha1,
                mediacdn::HmacSecret::from_base64(MEDIACDN_HMAC_SHA1.trim()).unwrap(),
            )
            .unwrap(),
            _ => mediacdn::TokenSigner::hmac(
                mediacdn::Algorithm::HmacSha256,
                mediacdn::HmacSecret::from_base64(MEDIACDN_HMAC_SHA256.trim()).unwrap(),
            )
            .unwrap(),
        }
        .with_padding(padded);
        let mut claims = mediacdn::TokenClaims::new(NOW + lifetime(l)).path_globs(globs);
        if let Some(back) = starts_back {
            claims = claims.starts(NOW - i64::from(back));
        }
        if let Some(s) = session_id {
            claims = claims.session_id(s);
        }
        if let Some(d) = data {
            claims = claims.data(d);
        }
        let Ok(signed) = signer.sign(&claims) else {
            return;
        };
        // A path the globs cover is not always easy to name, so verify the
        // token against every glob-free path it could cover: try "/", then
        // each glob written out with `*` → "x".
        let verifier = mediacdn_verifier();
        let url = |path: &str| format!("https://media.example.com{path}");
        let mut covered = None;
        for glob in std::iter::once("/".to_string()).chain(
            signed
                .token
                .split('~')
                .find_map(|f| f.strip_prefix("PathGlobs="))
                .unwrap_or("")
                .split([',', '!'])
                .map(|g| g.replace('*', "x")),
        ) {
            let request = mediacdn::Request::new(url(&glob), NOW);
            if verifier.verify_token(&signed.token, &request).is_ok() {
                covered = Some(request);
                break;
            }
        }
        let Some(request) = covered else {
            return;
        };
        if let Some(bad) = flip.apply(&signed.token) {
            let hex = signed.algorithm != mediacdn::Algorithm::Ed25519;
            assert!(
                verifier.verify_token(&bad, &request).is_err()
                    || same_bytes_spelled_differently(&signed.token, &bad, hex, false),
                "a changed token verified: {bad} (signed {})",
                signed.token
            );
        }
    }
    Case::MediaTokenMoved {
        hmac,
        path,
        headers,
        starts_back,
        session_id,
        ip_range,
        attack,
    } => media_token_moved(
        hmac,
        &path,
        &headers,
        starts_back,
        session_id,
        ip_range,
        attack,
    ),
    Case::MediaUrl {
        path,
        lifetime: l,
        padded,
        flip,
    } => {
        let signer = mediacdn::Signer::new("key-1", mediacdn_signing_key().clone())
            .unwrap()
            .with_padding(padded);
        let url = format!("https://media.example.com/{}", path);
        let Ok(signed) = signer.sign_url(&url, NOW + lifetime(l)) else {
            return;
        };
        let verifier = mediacdn_verifier();
        verifier
            .verify(&mediacdn::Request::new(&signed.url, NOW))
            .unwrap_or_else(|e| panic!("{e}: {}", signed.url));
        if let Some(bad) = flip.apply(&signed.url) {
            assert!(
                verifier.verify(&mediacdn::Request::new(&bad, NOW)).is_err()
                    || fragment_cuts_only_padding(&signed.url, &bad),
                "a changed URL verified: {bad} (signed {})",
                signed.url
            );
        }
    }
    Case::CloudCdnUrl {
        path,
        key,
        lifetime: l,
        padded,
        flip,
    } => {
        let (name, k) = &cloudcdn_keys()[usize::from(key) % cloudcdn_keys().len()];
        let signer = cloudcdn::Signer::new(name, k.clone())
            .unwrap()
            .with_padding(padded);
        let url = format!("https://cdn.example.com/{}", path);
        let Ok(signed) = signer.sign_url(&url, NOW + lifetime(l)) else {
            return;
        };
        let verifier = cdnsign_fuzz::cloudcdn_verifier();
        verifier
            .verify(&cloudcdn::Request::new(&signed.url, NOW))
            .unwrap_or_else(|e| panic!("{e}: {}", signed.url));
        if let Some(bad) = flip.apply(&signed.url) {
            assert!(
                verifier.verify(&cloudcdn::Request::new(&bad, NOW)).is_err()
                    || fragment_cuts_only_padding(&signed.url, &bad),
                "a changed URL verified: {bad} (signed {})",
                signed.url
            );
        }
    }
    Case::CloudFrontUrl {
        path,
        lifetime: l,
        flip,
    } => {
        let url = format!("https://d111111abcdef8.cloudfront.net/{}", path);
        let now = cdnsign_fuzz::CLOUDFRONT_NOW;
        let options = cloudfront::SignOptions::expires(now + lifetime(l));
        let Ok(signed) = cloudfront_signer().sign_url(&url, &options) else {
            return;
        };
        let request = cloudfront::VerifyRequest::new(now);
        cloudfront_verifier()
            .verify_url(&signed, &request)
            .unwrap_or_else(|e| panic!("{e}: {signed}"));
        if let Some(bad) = flip.apply(&signed) {
            assert!(
                cloudfront_verifier().verify_url(&bad, &request).is_err()
                    || same_bytes_spelled_differently(&signed, &bad, false, true)
                    || fragment_cuts_only_padding(&signed, &bad),
                "a changed URL verified: {bad} (signed {signed})"
            );
        }
    }
});

fn media_token_moved(
    hmac: bool,
    path: &str,
    headers: &[(String, String)],
    starts_back: Option<u8>,
    session_id: Option<String>,
    ip_range: Option<([u8; 4], u8)>,
    attack: Attack,
) {
    let signer = if hmac {
        mediacdn::TokenSigner::hmac(
            mediacdn::Algorithm::HmacSha256,
            mediacdn::HmacSecret::from_base64(MEDIACDN_HMAC_SHA256.trim()).unwrap(),
        )
        .unwrap()
    } else {
        mediacdn::TokenSigner::ed25519(mediacdn_signing_key().clone())
    };
    let path = format!("/{path}");
    let mut claims = mediacdn::TokenClaims::new(NOW + 600).full_path(&path);
    if let Some(back) = starts_back {
        // Starts after now: moving it out would make the token usable early.
        claims = claims.starts(NOW + 1 + i64::from(back));
    }
    if let Some(s) = session_id {
        claims = claims.session_id(s);
    }
    for (name, value) in headers.iter().take(4) {
        claims = claims.header(name.clone(), value.clone());
    }
    let client: std::net::IpAddr = match ip_range {
        Some((octets, bits)) => {
            let ip = std::net::Ipv4Addr::from(octets);
            claims = claims.ip_ranges([format!("{ip}/{}", bits % 33)]);
            ip.into()
        }
        None => std::net::Ipv4Addr::new(192, 0, 2, 1).into(),
    };
    let Ok(signed) = signer.sign(&claims) else {
        return;
    };
    let bound: Vec<(String, String)> = claims.headers.clone();
    let url = |p: &str, token: &str| format!("https://media.example.com{p}?edge-cache-token={token}");
    let honest_start = claims.starts.unwrap_or(NOW);
    let mut honest = mediacdn::Request::new(url(&path, &signed.token), honest_start).client_ip(client);
    for (n, v) in &bound {
        honest = honest.header(n.clone(), v.clone());
    }
    let verifier = mediacdn_verifier();
    verifier
        .verify(&honest)
        .unwrap_or_else(|e| panic!("{e}: {} with {bound:?}", signed.token));

    let fields: Vec<&str> = signed.token.split('~').collect();
    let (sig, body) = fields.split_last().unwrap();
    let after = |name: &str| {
        body.iter()
            .position(|f| f.split('=').next() == Some(name))
            .and_then(|i| body.get(i + 1).map(|f| (i + 1, *f)))
    };
    let without = |i: usize| {
        let mut kept: Vec<&str> = body.to_vec();
        kept.remove(i);
        kept.push(sig);
        kept.join("~")
    };
    let headers_field = |names: &[&(String, String)]| {
        format!(
            "Headers={}",
            names.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(",")
        )
    };
    let (forged_path, token, request_headers): (String, String, Vec<(String, String)>) =
        match attack {
            Attack::FieldIntoPath => {
                let Some((i, moved)) = after("FullPath") else {
                    return;
                };
                (format!("{path}~{moved}"), without(i), bound.clone())
            }
            Attack::FieldIntoHeader => {
                let Some((i, moved)) = after("Headers") else {
                    return;
                };
                let mut hs = bound.clone();
                let last = hs.last_mut().unwrap();
                last.1 = format!("{}~{moved}", last.1);
                (path.clone(), without(i), hs)
            }
            Attack::FoldPair | Attack::RepeatPair => {
                if bound.len() < 2 {
                    return;
                }
                let (last, rest) = bound.split_last().unwrap();
                let kept: Vec<&(String, String)> = rest.iter().collect();
                let token = body
                    .iter()
                    .map(|f| {
                        if f.starts_with("Headers=") {
                            headers_field(&kept)
                        } else {
                            f.to_string()
                        }
                    })
                    .chain(std::iter::once(sig.to_string()))
                    .collect::<Vec<_>>()
                    .join("~");
                let mut hs: Vec<(String, String)> = rest.to_vec();
                let pair = format!("{}={}", last.0, last.1);
                if matches!(attack, Attack::FoldPair) {
                    let prev = hs.last_mut().unwrap();
                    prev.1 = format!("{},{pair}", prev.1);
                } else {
                    let prev_name = hs.last().unwrap().0.clone();
                    hs.push((prev_name, pair));
                }
                (path.clone(), token, hs)
            }
        };
    // Before Starts and from outside the IP range: only the forgery's
    // success could make this verify, and only a refusal before the
    // signature check (or a failed signature) is right.
    let mut forged = mediacdn::Request::new(url(&forged_path, &token), NOW)
        .client_ip(std::net::Ipv4Addr::new(198, 51, 100, 9).into());
    for (n, v) in &request_headers {
        forged = forged.header(n.clone(), v.clone());
    }
    match verifier.verify(&forged) {
        Ok(v) => panic!(
            "a forged request verified ({attack:?}): token {token} path {forged_path} headers {request_headers:?} -> {v:?}"
        ),
        Err(e) => {
            cdnsign_fuzz::check_error(&e);
            // Any later check (Starts, IPRanges) failing would hide a
            // signature that matched: the refusal must come first.
            assert!(
                matches!(
                    e.code(),
                    cdnsign::ErrorCode::Malformed | cdnsign::ErrorCode::BadSignature
                ),
                "a forged request got past the signature ({attack:?}): {e}; token {token} path {forged_path} headers {request_headers:?}"
            );
        }
    }
}
