//! Every operation a user calls, once. The surfaces are checked against this
//! list (`tests/parity/`): each operation exists in Rust, C, Python, Node and
//! the CLI under the name [`Operation`] derives for that language.

use serde::Serialize;

use super::cost::Cost;
use super::inputs::camel_case as camel;
use super::provider::Provider;

/// One operation: who offers it, what it costs, what it takes and gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The provider module it belongs to.
    pub provider: Provider,
    /// The object it is a method of (`Signer`, `Verifier`, ...), or `None`
    /// for a module-level function.
    pub object: Option<&'static str>,
    /// The method or function, snake_case.
    pub method: &'static str,
    /// Where bindings run it.
    pub cost: Cost,
    /// What it takes: the positional arguments, then the options record.
    pub input: &'static str,
    /// What it gives: a string, or the record whose JSON every surface emits.
    pub output: &'static str,
}

/// [`Operation::names`]: the operation's fields and its four derived names.
#[derive(Serialize)]
pub struct Names<'a> {
    /// The operation, its fields flattened beside the names.
    #[serde(flatten)]
    pub operation: &'a Operation,
    /// [`Operation::name`].
    pub name: String,
    /// [`Operation::c_name`].
    pub c_name: String,
    /// [`Operation::node_name`].
    pub node_name: String,
    /// [`Operation::cli_name`].
    pub cli_name: String,
}

const fn op(
    provider: Provider,
    object: Option<&'static str>,
    method: &'static str,
    cost: Cost,
    input: &'static str,
    output: &'static str,
) -> Operation {
    Operation {
        provider,
        object,
        method,
        cost,
        input,
        output,
    }
}

use Cost::{Cheap, HashesBody, PrivateKey, PublicKey};
use Provider::{CloudCdn, CloudFront, MediaCdn, Stream, Webhook};

const SIGNER: Option<&str> = Some("Signer");
const VERIFIER: Option<&str> = Some("Verifier");
const TOKEN_SIGNER: Option<&str> = Some("TokenSigner");
const SIGNING_KEY: Option<&str> = Some("SigningKey");
const MODULE: Option<&str> = None;

/// Every operation, grouped by provider.
pub const OPERATIONS: &[Operation] = &[
    // ---- CloudFront ----
    op(
        CloudFront,
        SIGNER,
        "sign_url",
        PrivateKey,
        "url, SignOptions",
        "string",
    ),
    op(
        CloudFront,
        SIGNER,
        "sign_url_with_policy",
        PrivateKey,
        "url, policy",
        "string",
    ),
    op(
        CloudFront,
        SIGNER,
        "sign_cookies",
        PrivateKey,
        "url, SignOptions, CookieAttributes",
        "CloudFrontCookies",
    ),
    op(
        CloudFront,
        SIGNER,
        "sign_cookies_with_policy",
        PrivateKey,
        "policy, CookieAttributes",
        "CloudFrontCookies",
    ),
    op(
        CloudFront,
        VERIFIER,
        "verify_url",
        PublicKey,
        "url, now, client_ip",
        "CloudFrontVerified",
    ),
    op(
        CloudFront,
        VERIFIER,
        "verify_cookies",
        PublicKey,
        "url, cookie_header, now, client_ip",
        "CloudFrontVerified",
    ),
    op(
        CloudFront,
        SIGNER,
        "sign_manifest",
        PrivateKey,
        "manifest, manifest::SignOptions",
        "SignedManifestRecord",
    ),
    op(
        CloudFront,
        VERIFIER,
        "check_manifest",
        PublicKey,
        "manifest, url, now",
        "ManifestCheck",
    ),
    op(
        CloudFront,
        MODULE,
        "build_policy",
        Cheap,
        "PolicyOptions",
        "string",
    ),
    op(
        CloudFront,
        MODULE,
        "explain",
        Cheap,
        "input, now",
        "Explanation",
    ),
    // ---- Cloudflare Stream ----
    op(
        Stream,
        SIGNING_KEY,
        "sign",
        PrivateKey,
        "sub, TokenOptions",
        "string",
    ),
    op(
        Stream,
        VERIFIER,
        "verify",
        PublicKey,
        "token, VerifyOptions",
        "StreamVerified",
    ),
    op(Stream, MODULE, "decode", Cheap, "token", "DecodedToken"),
    op(
        Stream,
        MODULE,
        "explain",
        Cheap,
        "input, now",
        "Explanation",
    ),
    // ---- Stream webhooks ----
    op(
        Webhook,
        MODULE,
        "sign",
        HashesBody,
        "secret, body, time",
        "string",
    ),
    op(
        Webhook,
        VERIFIER,
        "verify",
        HashesBody,
        "header, body, now",
        "WebhookVerified",
    ),
    op(
        Webhook,
        VERIFIER,
        "verify_event",
        HashesBody,
        "header, body, now",
        "WebhookVerifiedEvent",
    ),
    op(
        Webhook,
        MODULE,
        "parse_event",
        Cheap,
        "body",
        "WebhookEvent",
    ),
    op(
        Webhook,
        MODULE,
        "explain",
        Cheap,
        "input, now",
        "Explanation",
    ),
    // ---- Google Media CDN ----
    op(
        MediaCdn,
        SIGNER,
        "sign_url",
        PrivateKey,
        "url, expires",
        "SignedUrl",
    ),
    op(
        MediaCdn,
        SIGNER,
        "sign_prefix",
        PrivateKey,
        "url, prefix, expires",
        "SignedUrl",
    ),
    op(
        MediaCdn,
        SIGNER,
        "sign_path",
        PrivateKey,
        "url, prefix, expires",
        "SignedUrl",
    ),
    op(
        MediaCdn,
        SIGNER,
        "sign_cookie",
        PrivateKey,
        "prefix, expires, CookieAttributes",
        "SignedCookie",
    ),
    op(
        MediaCdn,
        TOKEN_SIGNER,
        "sign",
        PrivateKey,
        "TokenOptions",
        "MediaCdnToken",
    ),
    op(
        MediaCdn,
        TOKEN_SIGNER,
        "sign_short_lived",
        PrivateKey,
        "url, ShortLivedOptions",
        "MediaCdnToken",
    ),
    op(
        MediaCdn,
        VERIFIER,
        "verify",
        PublicKey,
        "Request",
        "MediaCdnVerified",
    ),
    op(
        MediaCdn,
        TOKEN_SIGNER,
        "sign_manifest",
        PrivateKey,
        "manifest, manifest::SignOptions, path_globs",
        "SignedManifestRecord",
    ),
    op(
        MediaCdn,
        VERIFIER,
        "check_manifest",
        PublicKey,
        "manifest, url, now",
        "ManifestCheck",
    ),
    op(
        MediaCdn,
        MODULE,
        "generate_key",
        PrivateKey,
        "",
        "GeneratedKey",
    ),
    op(
        MediaCdn,
        MODULE,
        "explain",
        Cheap,
        "input, now",
        "Explanation",
    ),
    // ---- Google Cloud CDN ----
    op(
        CloudCdn,
        SIGNER,
        "sign_url",
        Cheap,
        "url, expires",
        "SignedUrl",
    ),
    op(
        CloudCdn,
        SIGNER,
        "sign_prefix",
        Cheap,
        "url, prefix, expires",
        "SignedUrl",
    ),
    op(
        CloudCdn,
        SIGNER,
        "sign_cookie",
        Cheap,
        "prefix, expires, CookieAttributes",
        "SignedCookie",
    ),
    op(
        CloudCdn,
        VERIFIER,
        "verify",
        Cheap,
        "Request",
        "CloudCdnVerified",
    ),
    // One HMAC, but parsing and rewriting a caller-sized manifest: in place
    // under BODY_IN_PLACE_LIMIT bytes, off the interpreter's thread above.
    op(
        CloudCdn,
        SIGNER,
        "sign_manifest",
        HashesBody,
        "manifest, manifest::SignOptions",
        "SignedManifestRecord",
    ),
    op(
        CloudCdn,
        VERIFIER,
        "check_manifest",
        HashesBody,
        "manifest, url, now",
        "ManifestCheck",
    ),
    op(CloudCdn, MODULE, "generate_key", Cheap, "", "string"),
    op(
        CloudCdn,
        MODULE,
        "explain",
        Cheap,
        "input, now",
        "Explanation",
    ),
];

/// The operation named `name` (`"cloudcdn.Signer.sign_url"`). A `const fn`,
/// so a binding can look its cost up at compile time and fail to build when
/// it names an operation the registry does not hold.
pub const fn find(name: &str) -> Option<&'static Operation> {
    let mut i = 0;
    while i < OPERATIONS.len() {
        if OPERATIONS[i].is_named(name.as_bytes()) {
            return Some(&OPERATIONS[i]);
        }
        i += 1;
    }
    None
}

/// `cost` of the registered operation `name`; a compile error in const
/// context when there is none.
pub const fn cost_of(name: &str) -> Cost {
    match find(name) {
        Some(op) => op.cost,
        None => panic!("not a registered operation (core/src/api/registry.rs)"),
    }
}

/// Whether `name[at..]` starts with `part`; the index after it, if so.
const fn eat(name: &[u8], at: usize, part: &[u8]) -> Option<usize> {
    if name.len() < at + part.len() {
        return None;
    }
    let mut i = 0;
    while i < part.len() {
        if name[at + i] != part[i] {
            return None;
        }
        i += 1;
    }
    Some(at + part.len())
}

impl Operation {
    const fn is_named(&self, name: &[u8]) -> bool {
        let Some(mut at) = eat(name, 0, self.provider.as_str().as_bytes()) else {
            return false;
        };
        let Some(dot) = eat(name, at, b".") else {
            return false;
        };
        at = dot;
        if let Some(object) = self.object {
            let Some(next) = eat(name, at, object.as_bytes()) else {
                return false;
            };
            let Some(dot) = eat(name, next, b".") else {
                return false;
            };
            at = dot;
        }
        match eat(name, at, self.method.as_bytes()) {
            Some(end) => end == name.len(),
            None => false,
        }
    }

    /// `provider.Object.method` or `provider.function`: the registry name.
    pub fn name(&self) -> String {
        match self.object {
            Some(o) => format!("{}.{o}.{}", self.provider.as_str(), self.method),
            None => format!("{}.{}", self.provider.as_str(), self.method),
        }
    }

    /// The C function: `cdnsign_<provider>[_<object>]_<method>`, the object
    /// in snake_case (`TokenSigner` → `token_signer`).
    pub fn c_name(&self) -> String {
        match self.object {
            Some(o) => format!(
                "cdnsign_{}_{}_{}",
                self.provider.as_str(),
                snake(o),
                self.method
            ),
            None => format!("cdnsign_{}_{}", self.provider.as_str(), self.method),
        }
    }

    /// The Node path: `provider.Object.prototype.camelMethod` or
    /// `provider.camelFunction`.
    pub fn node_name(&self) -> String {
        match self.object {
            Some(o) => format!(
                "{}.{o}.prototype.{}",
                self.provider.as_str(),
                camel(self.method)
            ),
            None => format!("{}.{}", self.provider.as_str(), camel(self.method)),
        }
    }

    /// The operation with its name on every surface: what the parity test
    /// looks for in the header, the Python package, Node's exports and the
    /// CLI, so no test derives the names again.
    pub fn names(&self) -> Names<'_> {
        Names {
            operation: self,
            name: self.name(),
            c_name: self.c_name(),
            node_name: self.node_name(),
            cli_name: self.cli_name(),
        }
    }

    /// The CLI command: `cdnsign <provider> <kebab-method>` (the CLI has no
    /// objects; `names_are_unique` proves no two methods of a provider meet).
    pub fn cli_name(&self) -> String {
        format!(
            "cdnsign {} {}",
            self.provider.as_str(),
            self.method.replace('_', "-")
        )
    }
}

fn snake(camel_case: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel_case.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_each_language() {
        let o = op(
            MediaCdn,
            TOKEN_SIGNER,
            "sign_short_lived",
            PrivateKey,
            "",
            "",
        );
        assert_eq!(o.name(), "mediacdn.TokenSigner.sign_short_lived");
        assert_eq!(o.c_name(), "cdnsign_mediacdn_token_signer_sign_short_lived");
        assert_eq!(
            o.node_name(),
            "mediacdn.TokenSigner.prototype.signShortLived"
        );
        assert_eq!(o.cli_name(), "cdnsign mediacdn sign-short-lived");
        let f = op(Webhook, MODULE, "parse_event", Cheap, "", "");
        assert_eq!(f.c_name(), "cdnsign_webhook_parse_event");
        assert_eq!(f.node_name(), "webhook.parseEvent");
        assert_eq!(f.cli_name(), "cdnsign webhook parse-event");
    }

    #[test]
    fn find_by_name() {
        assert_eq!(cost_of("cloudcdn.Signer.sign_url"), Cheap);
        assert_eq!(cost_of("webhook.Verifier.verify"), HashesBody);
        assert!(find("cloudcdn.Signer.sign_ur").is_none());
        assert!(find("cloudcdn.Signer.sign_url2").is_none());
        assert!(find("cloudcdn.sign_url").is_none());
        for o in OPERATIONS {
            assert_eq!(find(&o.name()), Some(o));
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<String> = OPERATIONS.iter().map(Operation::name).collect();
        let mut cli: Vec<String> = OPERATIONS.iter().map(Operation::cli_name).collect();
        names.sort();
        cli.sort();
        let (n, c) = (names.len(), cli.len());
        names.dedup();
        cli.dedup();
        assert_eq!((names.len(), cli.len()), (n, c));
    }
}
