//! The provider a credential, an operation or an explanation belongs to.

use serde::Serialize;

/// The five credential families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// AWS CloudFront signed URLs and cookies.
    #[serde(rename = "cloudfront")]
    CloudFront,
    /// Cloudflare Stream signed tokens.
    Stream,
    /// Cloudflare Stream webhook signatures.
    Webhook,
    /// Google Media CDN signed requests and tokens.
    #[serde(rename = "mediacdn")]
    MediaCdn,
    /// Google Cloud CDN signed URLs, prefixes and cookies.
    #[serde(rename = "cloudcdn")]
    CloudCdn,
}

impl Provider {
    /// Every provider, in the order the CLI and the docs list them.
    pub const ALL: [Provider; 5] = [
        Provider::CloudFront,
        Provider::Stream,
        Provider::Webhook,
        Provider::MediaCdn,
        Provider::CloudCdn,
    ];

    /// The module name on every surface (`cloudfront`, `mediacdn`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::CloudFront => "cloudfront",
            Provider::Stream => "stream",
            Provider::Webhook => "webhook",
            Provider::MediaCdn => "mediacdn",
            Provider::CloudCdn => "cloudcdn",
        }
    }

    /// The provider named `name` (as [`as_str`](Self::as_str) spells it).
    pub fn from_name(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == name)
    }
}
