//! Media CDN tokens (RULES.md §2): `~`-separated fields, signed with Ed25519
//! (`Signature=`) or HMAC-SHA1/SHA-256 (`hmac=`).

use std::fmt;

use crate::crypto::HmacAlgorithm;
use crate::encoding::{b64url_decode, b64url_encode, hex_decode, hex_encode};
use crate::error::{Error, Result};

use super::glob::{check_globs, check_separator, parse_globs};
use super::ipranges::{decode_received, encode_for_token, ReceivedRange};
use super::keys::{HmacSecret, SigningKey};
use super::names::{check_token_value, validate_param_name, DEFAULT_TOKEN_PARAM};
use super::signature::EDGE_CACHE_COOKIE;
use crate::google::output::SignedCookie;
use crate::google::signature::{check_time, decode_prefix, parse_seconds};
use crate::google::url::{self, append_query, check_http_url, check_wire};

/// Longest token a verifier reads.
pub const MAX_TOKEN_LEN: usize = 8 * 1024;

/// At most this many `Headers` names we sign (a design bound).
pub const MAX_HEADERS: usize = 16;

/// Longest header value a token binds, in bytes, when signing and when
/// verifying: it bounds the bytes hashed per key tried (RULES.md T24).
pub const MAX_HEADER_VALUE_LEN: usize = 1024;

/// Token signature algorithms (Media CDN `allowedSignatureAlgorithms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Ed25519 → `Signature=` (base64url).
    Ed25519,
    /// HMAC-SHA1 → `hmac=` (40 hex digits).
    HmacSha1,
    /// HMAC-SHA256 → `hmac=` (64 hex digits).
    HmacSha256,
}

impl Algorithm {
    /// `ed25519`, `hmac-sha1`, `hmac-sha256`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::HmacSha1 => "hmac-sha1",
            Algorithm::HmacSha256 => "hmac-sha256",
        }
    }

    /// The name in the EdgeCacheService API (`ED25519`, `HMAC_SHA1`, `HMAC_SHA_256`).
    pub fn api_name(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ED25519",
            Algorithm::HmacSha1 => "HMAC_SHA1",
            Algorithm::HmacSha256 => "HMAC_SHA_256",
        }
    }

    /// Parses [`Algorithm::as_str`] or [`Algorithm::api_name`] (any case).
    pub fn from_name(name: &str) -> Result<Algorithm> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "ed25519" => Ok(Algorithm::Ed25519),
            "hmac-sha1" | "sha1" => Ok(Algorithm::HmacSha1),
            "hmac-sha256" | "hmac-sha-256" | "sha256" => Ok(Algorithm::HmacSha256),
            _ => Err(Error::invalid_input(
                "algorithm",
                format!("unknown algorithm {name:?}; expected ed25519, hmac-sha1 or hmac-sha256"),
            )),
        }
    }

    pub(crate) fn hmac(self) -> Option<HmacAlgorithm> {
        match self {
            Algorithm::Ed25519 => None,
            Algorithm::HmacSha1 => Some(HmacAlgorithm::Sha1),
            Algorithm::HmacSha256 => Some(HmacAlgorithm::Sha256),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a token grants. Exactly one of `path_globs`, `url_prefix` and
/// `full_path` must be set; [`TokenSigner::sign`] checks everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    /// `PathGlobs`: up to 5 globs (`*` any run including `/`, `?` one character).
    pub path_globs: Option<Vec<String>>,
    /// Separator written between globs: `,` (default) or `!`.
    pub glob_separator: char,
    /// `URLPrefix`: scheme, host and the start of the path (a query is allowed).
    pub url_prefix: Option<String>,
    /// `FullPath`: the exact request path (from the first `/`, no query).
    pub full_path: Option<String>,
    /// `Starts` (Unix seconds).
    pub starts: Option<i64>,
    /// `Expires` (Unix seconds).
    pub expires: i64,
    /// `SessionID`.
    pub session_id: Option<String>,
    /// `Data`.
    pub data: Option<String>,
    /// `Headers`: names (in the token) and the values the request must carry.
    pub headers: Vec<(String, String)>,
    /// `IPRanges`: IPv4/IPv6 addresses or CIDRs, at most 5.
    pub ip_ranges: Option<Vec<String>>,
}

impl TokenClaims {
    /// Claims expiring at `expires`; add a path field before signing.
    pub fn new(expires: i64) -> TokenClaims {
        TokenClaims {
            path_globs: None,
            glob_separator: ',',
            url_prefix: None,
            full_path: None,
            starts: None,
            expires,
            session_id: None,
            data: None,
            headers: Vec::new(),
            ip_ranges: None,
        }
    }

    /// Sets `PathGlobs`.
    pub fn path_globs<I, S>(mut self, globs: I) -> TokenClaims
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.path_globs = Some(globs.into_iter().map(Into::into).collect());
        self
    }

    /// Writes globs separated by `!` instead of `,`.
    pub fn glob_separator(mut self, separator: char) -> TokenClaims {
        self.glob_separator = separator;
        self
    }

    /// Sets `URLPrefix`.
    pub fn url_prefix(mut self, prefix: impl Into<String>) -> TokenClaims {
        self.url_prefix = Some(prefix.into());
        self
    }

    /// Sets `FullPath`.
    pub fn full_path(mut self, path: impl Into<String>) -> TokenClaims {
        self.full_path = Some(path.into());
        self
    }

    /// Sets `Starts`.
    pub fn starts(mut self, starts: i64) -> TokenClaims {
        self.starts = Some(starts);
        self
    }

    /// Sets `SessionID`.
    pub fn session_id(mut self, id: impl Into<String>) -> TokenClaims {
        self.session_id = Some(id.into());
        self
    }

    /// Sets `Data`.
    pub fn data(mut self, data: impl Into<String>) -> TokenClaims {
        self.data = Some(data.into());
        self
    }

    /// Adds a header the request must carry with exactly this value.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> TokenClaims {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets `IPRanges`.
    pub fn ip_ranges<I, S>(mut self, ranges: I) -> TokenClaims
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.ip_ranges = Some(ranges.into_iter().map(Into::into).collect());
        self
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
        )
}

fn check_headers(headers: &[(String, String)]) -> Result<()> {
    if headers.len() > MAX_HEADERS {
        return Err(Error::invalid_input(
            "headers",
            format!("at most {MAX_HEADERS} headers, got {}", headers.len()),
        ));
    }
    for (i, (name, value)) in headers.iter().enumerate() {
        if name.is_empty() || name.len() > 128 || !name.bytes().all(is_tchar) {
            return Err(Error::invalid_input(
                "headers",
                format!("Headers[{i}] name {name:?} is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|, no ',' '=' '~' ':' or spaces)"),
            ));
        }
        // HTTP allows these in a name, but the token travels in a query
        // string or a cookie: `&` ends the parameter, `#` starts a
        // fragment, `%` is decoded by servers. Found by fuzzing: a token
        // binding the header `&` could never be verified.
        if let Some(c) = name.chars().find(|c| matches!(c, '&' | '#' | '%')) {
            return Err(Error::invalid_input(
                "headers",
                format!("Headers[{i}] name {name:?} has {c:?}, which would break the query string or cookie the token travels in"),
            ));
        }
        if headers[..i]
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            return Err(Error::invalid_input(
                "headers",
                format!("header {name:?} is listed twice (names are case-insensitive)"),
            ));
        }
        if let Some(why) = ambiguous_header_value(value) {
            return Err(Error::invalid_input(
                "headers",
                format!("header {name:?} has a value with {why}: the signed value would also read as that of another token (RULES.md T21, T22)"),
            ));
        }
        let v = value.as_bytes();
        if v.is_empty() {
            return Err(Error::invalid_input(
                "headers",
                format!("header {name:?} has an empty value; a request cannot prove it"),
            ));
        }
        if v.len() > MAX_HEADER_VALUE_LEN
            || v[0] == b' '
            || v[v.len() - 1] == b' '
            || v.iter().any(|b| !(0x20..0x7f).contains(b))
        {
            return Err(Error::invalid_input(
                "headers",
                format!("header {name:?} has a value with control or non-ASCII characters, surrounding spaces, or over 1024 bytes; servers would not see the same bytes"),
            ));
        }
    }
    Ok(())
}

/// Why a bound header value is ambiguous in the signed value, if it is.
///
/// The signed value spells the headers as `Headers=N1=v1,N2=v2` inside a
/// `~`-separated list, with the values pasted verbatim. A `~` in a value
/// would end the `Headers` field early (so a value could carry a field the
/// token leaves out), and a `,` followed by `Name=` would start another pair
/// (so a value could stand in for a header the token no longer names).
/// Refusing both makes the signed value split back into exactly one list of
/// fields and pairs (RULES.md T22). A `,` that cannot start a pair (`a, b`,
/// `gzip,br`) stays allowed: header values use it for lists.
pub(crate) fn ambiguous_header_value(value: &str) -> Option<&'static str> {
    if value.contains('~') {
        return Some("'~', which separates token fields");
    }
    let b = value.as_bytes();
    let starts_pair = b.iter().enumerate().any(|(i, &c)| {
        if c != b',' {
            return false;
        }
        let name_len = b[i + 1..].iter().take_while(|&&n| is_tchar(n)).count();
        name_len > 0 && b.get(i + 1 + name_len) == Some(&b'=')
    });
    starts_pair
        .then_some("',' followed by a header name and '=', which starts another Name=value pair")
}

/// The token field a `~` inside `value` would start (`~Name=…`, `~Name~…` or
/// a trailing `~Name`), if any. `FullPath` and header values are copied
/// verbatim into the signed value, where such text reads exactly like a
/// field of its own: another token that moves it into a real field has the
/// same signed bytes (RULES.md T21).
pub(crate) fn injected_field(value: &str) -> Option<&'static str> {
    value
        .split('~')
        .skip(1)
        .find_map(|rest| canonical(rest.split(['=', '~']).next().unwrap_or("")))
}

fn check_full_path(path: &str) -> Result<()> {
    if let Some(field) = injected_field(path) {
        return Err(Error::invalid_input(
            "full_path",
            format!("FullPath contains '~' followed by the token field name {field}: the signed value would be the same as that of a token for a shorter path with a {field} field; sign a PathGlobs or URLPrefix token instead"),
        ));
    }
    if !path.starts_with('/') {
        return Err(Error::invalid_input(
            "full_path",
            format!("FullPath {path:?} must start with '/' (the path of the request, without scheme and host)"),
        ));
    }
    check_wire("full_path", path)?;
    if path.contains('?') || path.contains('#') {
        return Err(Error::invalid_input(
            "full_path",
            "FullPath is the path only, without ?query or #fragment",
        ));
    }
    Ok(())
}

enum TokenKey {
    Ed25519(SigningKey),
    Hmac(HmacSecret, Algorithm),
}

/// Signs Media CDN tokens with an Ed25519 key or an HMAC shared key.
/// Immutable, `Send + Sync`.
pub struct TokenSigner {
    key: TokenKey,
    padded: bool,
    param: String,
}

impl TokenSigner {
    /// Ed25519 tokens (`Signature=`).
    pub fn ed25519(key: SigningKey) -> TokenSigner {
        TokenSigner {
            key: TokenKey::Ed25519(key),
            padded: false,
            param: DEFAULT_TOKEN_PARAM.to_string(),
        }
    }

    /// HMAC tokens (`hmac=`, lowercase hex) with HMAC-SHA1 or HMAC-SHA256.
    pub fn hmac(algorithm: Algorithm, secret: HmacSecret) -> Result<TokenSigner> {
        if algorithm.hmac().is_none() {
            return Err(Error::invalid_input(
                "algorithm",
                "an HMAC token signer needs hmac-sha1 or hmac-sha256",
            ));
        }
        Ok(TokenSigner {
            key: TokenKey::Hmac(secret, algorithm),
            padded: false,
            param: DEFAULT_TOKEN_PARAM.to_string(),
        })
    }

    /// Pads the Ed25519 `Signature` with `=` (an older Google sample did). Default: unpadded.
    pub fn with_padding(mut self, padded: bool) -> TokenSigner {
        self.padded = padded;
        self
    }

    /// The query parameter carrying the token (default `edge-cache-token`).
    pub fn with_param(mut self, name: &str) -> Result<TokenSigner> {
        validate_param_name(name)?;
        self.param = name.to_string();
        Ok(self)
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match &self.key {
            TokenKey::Ed25519(_) => Algorithm::Ed25519,
            TokenKey::Hmac(_, a) => *a,
        }
    }

    /// The query parameter name.
    pub fn param(&self) -> &str {
        &self.param
    }

    /// Builds and signs a token. Every refusal is `invalid_input` naming the
    /// claim (`scope`, `path_globs`, `glob_separator`, `url_prefix`,
    /// `full_path`, `starts`, `expires`, `session_id`, `data`, `headers`,
    /// `ip_ranges`).
    pub fn sign(&self, claims: &TokenClaims) -> Result<SignedToken> {
        check_separator(claims.glob_separator)?;
        let set = [
            claims.path_globs.is_some(),
            claims.url_prefix.is_some(),
            claims.full_path.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if set == 0 {
            return Err(Error::invalid_input(
                "scope",
                "a token needs one of path_globs (PathGlobs), url_prefix (URLPrefix) or full_path (FullPath)",
            ));
        }
        if set > 1 {
            return Err(Error::invalid_input(
                "scope",
                "a token carries exactly one of PathGlobs, URLPrefix or FullPath; several are set",
            ));
        }
        let mut token: Vec<String> = Vec::with_capacity(9);
        let mut signed: Vec<String> = Vec::with_capacity(8);
        if let Some(globs) = &claims.path_globs {
            check_globs(globs, claims.glob_separator)?;
            let f = format!(
                "PathGlobs={}",
                globs.join(&claims.glob_separator.to_string())
            );
            token.push(f.clone());
            signed.push(f);
        }
        if let Some(prefix) = &claims.url_prefix {
            check_http_url("url_prefix", prefix)?;
            let f = format!("URLPrefix={}", b64url_encode(prefix.as_bytes(), false));
            token.push(f.clone());
            signed.push(f);
        }
        if let Some(path) = &claims.full_path {
            check_full_path(path)?;
            token.push("FullPath".to_string());
            signed.push(format!("FullPath={path}"));
        }
        if let Some(s) = claims.starts {
            check_time("starts", s)?;
        }
        check_time("expires", claims.expires)?;
        if let Some(s) = claims.starts {
            if claims.expires <= s {
                return Err(Error::invalid_input(
                    "expires",
                    format!(
                        "Expires={} is not after Starts={s}; the token would never be valid",
                        claims.expires
                    ),
                ));
            }
            token.push(format!("Starts={s}"));
            signed.push(format!("Starts={s}"));
        }
        token.push(format!("Expires={}", claims.expires));
        signed.push(format!("Expires={}", claims.expires));
        if let Some(id) = &claims.session_id {
            check_token_value("session_id", "SessionID", id)?;
            token.push(format!("SessionID={id}"));
            signed.push(format!("SessionID={id}"));
        }
        if let Some(data) = &claims.data {
            check_token_value("data", "Data", data)?;
            token.push(format!("Data={data}"));
            signed.push(format!("Data={data}"));
        }
        if !claims.headers.is_empty() {
            check_headers(&claims.headers)?;
            let names: Vec<&str> = claims.headers.iter().map(|(n, _)| n.as_str()).collect();
            let pairs: Vec<String> = claims
                .headers
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            token.push(format!("Headers={}", names.join(",")));
            signed.push(format!("Headers={}", pairs.join(",")));
        }
        if let Some(ranges) = &claims.ip_ranges {
            let f = format!("IPRanges={}", encode_for_token(ranges)?);
            token.push(f.clone());
            signed.push(f);
        }
        let signed_value = signed.join("~");
        token.push(match &self.key {
            TokenKey::Ed25519(k) => format!(
                "Signature={}",
                b64url_encode(&k.sign(signed_value.as_bytes()), self.padded)
            ),
            TokenKey::Hmac(secret, alg) => {
                let hmac = alg.hmac().unwrap_or(HmacAlgorithm::Sha256);
                format!(
                    "hmac={}",
                    hex_encode(&secret.key(hmac).sign(signed_value.as_bytes()))
                )
            }
        });
        Ok(SignedToken {
            token: token.join("~"),
            signed_value,
            param: self.param.clone(),
            algorithm: self.algorithm(),
        })
    }
}

impl fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenSigner({}, param {:?}, <redacted>)",
            self.algorithm(),
            self.param
        )
    }
}

/// A signed token with the signed value behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedToken {
    /// The token.
    pub token: String,
    /// The exact bytes the signature covers (with `FullPath=` and header values).
    pub signed_value: String,
    /// The query parameter it travels in.
    pub param: String,
    /// How it was signed.
    pub algorithm: Algorithm,
}

impl SignedToken {
    /// `edge-cache-token=<token>`.
    pub fn query_pair(&self) -> String {
        format!("{}={}", self.param, self.token)
    }

    /// `url` with the token appended as a query parameter.
    pub fn apply_to_url(&self, url: &str) -> String {
        append_query(url, &self.query_pair())
    }

    /// The token as an `Edge-Cache-Cookie` value.
    pub fn cookie(&self) -> SignedCookie {
        SignedCookie {
            name: EDGE_CACHE_COOKIE,
            value: self.token.clone(),
            signed_value: self.signed_value.clone(),
        }
    }
}

// ---- reading a received token ----------------------------------------------------

/// The path field of a received token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope<'a> {
    Globs(Vec<&'a str>),
    Prefix(String),
    FullPath,
}

/// The signature of a received token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokenSignature {
    Ed25519(Vec<u8>),
    Hmac(Vec<u8>),
}

/// One field as received: its canonical name and exact text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawField<'a> {
    pub canonical: &'static str,
    pub name: &'a str,
    pub text: &'a str,
}

/// A parsed (not yet verified) token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParsedToken<'a> {
    pub fields: Vec<RawField<'a>>,
    pub scope: Scope<'a>,
    pub scope_field: &'a str,
    pub starts: Option<i64>,
    pub expires: i64,
    pub session_id: Option<&'a str>,
    pub data: Option<&'a str>,
    pub headers: Vec<&'a str>,
    pub ip_ranges: Option<Vec<ReceivedRange>>,
    pub signature: TokenSignature,
    pub signature_text: &'a str,
    /// The token up to the signature field: the signed value unless the
    /// token has `FullPath` or `Headers`.
    pub unsigned_part: &'a str,
}

fn canonical(name: &str) -> Option<&'static str> {
    Some(match name {
        "PathGlobs" | "paths" | "acl" => "PathGlobs",
        "URLPrefix" => "URLPrefix",
        "FullPath" => "FullPath",
        "Starts" => "Starts",
        "Expires" => "Expires",
        "SessionID" | "id" => "SessionID",
        "Data" | "data" | "payload" => "Data",
        "Headers" => "Headers",
        "IPRanges" => "IPRanges",
        "Signature" => "Signature",
        "hmac" => "hmac",
        _ => return None,
    })
}

/// True when `text` has the shape of a token (fields joined by `~` ending
/// with `Signature=` or `hmac=`), without validating it.
pub(crate) fn looks_like_token(text: &str) -> bool {
    let last = text.rsplit('~').next().unwrap_or("");
    text.contains('~') && (last.starts_with("Signature=") || last.starts_with("hmac="))
}

/// Parses a token. Unknown or duplicate fields, a missing or second path
/// field, more than 5 globs or ranges, or a signature that is not last are
/// `malformed` (RULES.md T20).
pub(crate) fn parse_token(text: &str) -> Result<ParsedToken<'_>> {
    if text.is_empty() {
        return Err(Error::malformed("token", "the token is empty"));
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(Error::malformed(
            "token",
            format!(
                "the token is {} bytes; at most {MAX_TOKEN_LEN} are read",
                text.len()
            ),
        ));
    }
    let pieces: Vec<&str> = text.split('~').collect();
    if pieces.len() > 16 {
        return Err(Error::malformed(
            "token",
            "the token has more than 16 fields",
        ));
    }
    let mut fields: Vec<RawField<'_>> = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        let name = piece.split_once('=').map_or(*piece, |(n, _)| n);
        let canon = canonical(name).ok_or_else(|| {
            Error::malformed(
                "token",
                format!(
                    "unknown token field {:?} (fields: PathGlobs, URLPrefix, FullPath, Starts, Expires, SessionID, Data, Headers, IPRanges, Signature/hmac)",
                    url::truncate(name, 40)
                ),
            )
        })?;
        if fields.iter().any(|f| f.canonical == canon) {
            return Err(Error::malformed(canon, format!("{canon} appears twice")));
        }
        fields.push(RawField {
            canonical: canon,
            name,
            text: piece,
        });
    }
    let last = fields.pop().unwrap_or(RawField {
        canonical: "",
        name: "",
        text: "",
    });
    if let Some(f) = fields
        .iter()
        .find(|f| f.canonical == "Signature" || f.canonical == "hmac")
    {
        return Err(Error::malformed(
            f.canonical,
            format!("{} must be the last field of the token", f.canonical),
        ));
    }
    let (signature, signature_text, sig_field) = match last.canonical {
        "Signature" | "hmac" => {
            let v = last.text.split_once('=').map_or("", |(_, v)| v);
            if last.canonical == "Signature" {
                let raw = b64url_decode(v, "Signature")?;
                if raw.len() != 64 {
                    return Err(Error::malformed(
                        "Signature",
                        format!(
                            "an Ed25519 signature is 64 bytes; this one is {}",
                            raw.len()
                        ),
                    ));
                }
                (TokenSignature::Ed25519(raw), v, "Signature")
            } else {
                let raw = hex_decode(v, "hmac")?;
                if raw.len() != 20 && raw.len() != 32 {
                    return Err(Error::malformed(
                        "hmac",
                        format!(
                            "hmac is {} hex digits; HMAC-SHA1 has 40 and HMAC-SHA256 64",
                            v.len()
                        ),
                    ));
                }
                (TokenSignature::Hmac(raw), v, "hmac")
            }
        }
        _ => {
            return Err(Error::malformed(
                "Signature",
                "the token does not end with a Signature= or hmac= field",
            ))
        }
    };
    let _ = sig_field;
    // A token that is only its signature field has nothing signed (and no
    // `~` before the signature to cut at).
    let Some(unsigned_len) = text.len().checked_sub(last.text.len() + 1) else {
        return Err(Error::malformed(
            "token",
            "the token has no field before its signature; Expires and one of PathGlobs, URLPrefix, FullPath are required",
        ));
    };
    let unsigned_part = &text[..unsigned_len];

    fn value<'b>(f: &RawField<'b>) -> Option<&'b str> {
        f.text.split_once('=').map(|(_, v)| v)
    }
    let mut scope: Option<(Scope<'_>, &str)> = None;
    let mut starts = None;
    let mut expires = None;
    let mut session_id = None;
    let mut data = None;
    let mut headers = Vec::new();
    let mut ip_ranges = None;
    for f in &fields {
        let v = value(f);
        if f.canonical == "FullPath" {
            if v.is_some() {
                return Err(Error::malformed(
                    "FullPath",
                    "in a token FullPath is the bare word, without '=' (the path is only in the signed value)",
                ));
            }
        } else if v.is_none() {
            return Err(Error::malformed(
                f.canonical,
                format!("{} has no value", f.canonical),
            ));
        }
        let v = v.unwrap_or("");
        let new_scope = match f.canonical {
            "PathGlobs" => Some(Scope::Globs(parse_globs(v)?)),
            "URLPrefix" => Some(Scope::Prefix(decode_prefix(v)?)),
            "FullPath" => Some(Scope::FullPath),
            "Starts" => {
                starts = Some(parse_seconds("Starts", v)?);
                None
            }
            "Expires" => {
                expires = Some(parse_seconds("Expires", v)?);
                None
            }
            "SessionID" => {
                session_id = Some(v);
                None
            }
            "Data" => {
                data = Some(v);
                None
            }
            "Headers" => {
                headers = parse_header_names(v)?;
                None
            }
            "IPRanges" => {
                ip_ranges = Some(decode_received(v)?);
                None
            }
            _ => None,
        };
        if let Some(s) = new_scope {
            if scope.is_some() {
                return Err(Error::malformed(
                    "scope",
                    "the token has more than one of PathGlobs, URLPrefix and FullPath",
                ));
            }
            scope = Some((s, f.name));
        }
    }
    let (scope, scope_field) = scope.ok_or_else(|| {
        Error::malformed(
            "scope",
            "the token has none of PathGlobs, URLPrefix or FullPath",
        )
    })?;
    let expires =
        expires.ok_or_else(|| Error::malformed("Expires", "the token has no Expires field"))?;
    Ok(ParsedToken {
        fields,
        scope,
        scope_field,
        starts,
        expires,
        session_id,
        data,
        headers,
        ip_ranges,
        signature,
        signature_text,
        unsigned_part,
    })
}

/// The `Headers` list of a received token: at most [`MAX_HEADERS`] HTTP
/// header names, none repeated (names compare case-insensitively). A name
/// outside the token grammar or a repeat would let one signed value read as
/// two header lists (RULES.md T22, T24).
fn parse_header_names(list: &str) -> Result<Vec<&str>> {
    let names: Vec<&str> = list.split(',').collect();
    if names.len() > MAX_HEADERS {
        return Err(Error::malformed(
            "Headers",
            format!(
                "Headers lists {} names; at most {MAX_HEADERS} are read",
                names.len()
            ),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || name.len() > 128 || !name.bytes().all(is_tchar) {
            return Err(Error::malformed(
                "Headers",
                format!(
                    "Headers[{i}] {:?} is not an HTTP header name",
                    url::truncate(name, 40)
                ),
            ));
        }
        if names[..i].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return Err(Error::malformed(
                "Headers",
                format!("Headers names {name:?} twice (header names are case-insensitive)"),
            ));
        }
    }
    Ok(names)
}

impl ParsedToken<'_> {
    /// True when the signed value differs from the token text (FullPath or Headers).
    pub fn has_substitutions(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.canonical == "FullPath" || f.canonical == "Headers")
    }

    /// The signed value for a request with `path` and header values from
    /// `header` (`None` = absent). Callers check header presence first.
    pub fn signed_value(&self, path: &str, header: impl Fn(&str) -> Option<String>) -> String {
        if !self.has_substitutions() {
            return self.unsigned_part.to_string();
        }
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|f| match f.canonical {
                "FullPath" => format!("FullPath={path}"),
                "Headers" => format!(
                    "{}={}",
                    f.name,
                    self.headers
                        .iter()
                        .map(|h| format!("{h}={}", header(h).unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                _ => f.text.to_string(),
            })
            .collect();
        parts.join("~")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ed() -> TokenSigner {
        TokenSigner::ed25519(SigningKey::from_seed(&[9u8; 32]).unwrap())
    }

    #[test]
    fn signs_and_parses_every_field() {
        let claims = TokenClaims::new(2_000_000_000)
            .path_globs(["/v/*", "/t/*.jpg"])
            .starts(1_900_000_000)
            .session_id("s-1")
            .data("d")
            .header("X-Id", "abc")
            .ip_ranges(["10.0.0.0/8", "2001:db8::1"]);
        let t = ed().sign(&claims).unwrap();
        assert!(t.token.starts_with("PathGlobs=/v/*,/t/*.jpg~Starts=1900000000~Expires=2000000000~SessionID=s-1~Data=d~Headers=X-Id~IPRanges="));
        assert!(t.signed_value.contains("~Headers=X-Id=abc~"));
        let p = parse_token(&t.token).unwrap();
        assert_eq!(p.expires, 2_000_000_000);
        assert_eq!(p.starts, Some(1_900_000_000));
        assert_eq!(p.scope, Scope::Globs(vec!["/v/*", "/t/*.jpg"]));
        assert_eq!(p.headers, vec!["X-Id"]);
        assert_eq!(
            p.signed_value("/ignored", |h| (h == "X-Id").then(|| "abc".to_string())),
            t.signed_value
        );
    }

    #[test]
    fn full_path_substitution() {
        let t = ed()
            .sign(&TokenClaims::new(2_000_000_000).full_path("/a/b.m3u8"))
            .unwrap();
        assert!(t.token.starts_with("FullPath~Expires="));
        assert!(t.signed_value.starts_with("FullPath=/a/b.m3u8~"));
        let p = parse_token(&t.token).unwrap();
        assert_eq!(p.signed_value("/a/b.m3u8", |_| None), t.signed_value);
    }

    #[test]
    fn hmac_tokens() {
        let s = TokenSigner::hmac(
            Algorithm::HmacSha1,
            HmacSecret::from_bytes(&[3u8; 20]).unwrap(),
        )
        .unwrap();
        let t = s
            .sign(&TokenClaims::new(2_000_000_000).url_prefix("https://h/"))
            .unwrap();
        let hmac = t.token.rsplit("hmac=").next().unwrap();
        assert_eq!(hmac.len(), 40);
        assert!(hmac.bytes().all(|b| !b.is_ascii_uppercase()));
        assert!(TokenSigner::hmac(
            Algorithm::Ed25519,
            HmacSecret::from_bytes(&[3u8; 20]).unwrap()
        )
        .is_err());
    }

    #[test]
    fn parse_refusals() {
        for (t, field) in [
            ("", "token"),
            ("PathGlobs=/*~Expires=1~Color=red~Signature=AA", "token"),
            ("PathGlobs=/*~Expires=1", "Signature"),
            ("Signature=AA~PathGlobs=/*~Expires=1~hmac=00", "Signature"),
            ("PathGlobs=/*~hmac=0011", "hmac"),
            (
                "FullPath=/a~Expires=1~hmac=0011223344556677889900112233445566778899",
                "FullPath",
            ),
            (
                "Expires=1~hmac=0011223344556677889900112233445566778899",
                "scope",
            ),
            (
                "PathGlobs=/*~URLPrefix=aA~Expires=1~hmac=0011223344556677889900112233445566778899",
                "scope",
            ),
            (
                "PathGlobs=/*~hmac=0011223344556677889900112233445566778899",
                "Expires",
            ),
            (
                "PathGlobs=/*~acl=/a~Expires=1~hmac=0011223344556677889900112233445566778899",
                "PathGlobs",
            ),
        ] {
            assert_eq!(parse_token(t).unwrap_err().field(), Some(field), "{t}");
        }
    }

    #[test]
    fn sign_refusals() {
        let e = |c: TokenClaims| ed().sign(&c).unwrap_err().field();
        let base = || TokenClaims::new(2_000_000_000);
        assert_eq!(e(base()), Some("scope"));
        assert_eq!(
            e(base().full_path("/a").url_prefix("https://h/")),
            Some("scope")
        );
        assert_eq!(e(base().full_path("a")), Some("full_path"));
        assert_eq!(e(base().url_prefix("h/")), Some("url_prefix"));
        assert_eq!(
            e(base().full_path("/a").starts(2_000_000_000)),
            Some("expires")
        );
        assert_eq!(e(base().full_path("/a").header("A:", "1")), Some("headers"));
        for name in ["&", "X&Y", "X#", "X%41"] {
            assert_eq!(e(base().full_path("/a").header(name, "b")), Some("headers"));
        }
        assert_eq!(e(base().full_path("/a").header("A", " 1")), Some("headers"));
        assert_eq!(e(base().full_path("/a~Data=x")), Some("full_path"));
        assert_eq!(e(base().full_path("/a~FullPath")), Some("full_path"));
        assert_eq!(
            e(base().full_path("/a").header("A", "1~id=x")),
            Some("headers")
        );
        assert!(ed().sign(&base().full_path("/~user/a~b.ts")).is_ok());
        // Any '~' in a header value, and a ',' that starts another
        // `Name=` pair, would let the signed value split two ways (T22);
        // a ',' inside a list value cannot.
        assert_eq!(
            e(base().full_path("/a").header("A", "x~y=z~")),
            Some("headers")
        );
        assert_eq!(
            e(base().full_path("/a").header("A", "a,X-B=b")),
            Some("headers")
        );
        assert!(ed()
            .sign(&base().full_path("/a").header("A", "gzip, br,x,y =z,=w"))
            .is_ok());
        assert_eq!(
            e(base().full_path("/a").ip_ranges(["x"])),
            Some("ip_ranges")
        );
        assert_eq!(e(base().full_path("/a").session_id("")), Some("session_id"));
        assert_eq!(
            e(TokenClaims::new(2_000_000_000_000).full_path("/a")),
            Some("expires")
        );
        assert_eq!(ed().with_param("9x").unwrap_err().field(), Some("param"));
    }
}
