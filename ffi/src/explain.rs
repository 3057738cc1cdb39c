//! `cdnsign_<provider>_explain`: any credential decoded without a key, and
//! why the CDN would refuse it, as the core's `Explanation` JSON (the same
//! record for every provider).

use cdnsign::{api, cloudcdn, cloudfront, mediacdn, stream};

use crate::boundary::{c_json, invalid, FfiResult};
use crate::export::export;

/// The JSON of an explanation; `None` (input that is not `what`) is
/// `CDNSIGN_STATUS_INVALID_INPUT`.
fn explained(explanation: Option<api::Explanation>, what: &str) -> FfiResult<std::ffi::CString> {
    c_json(&explanation.ok_or_else(|| invalid("input", format!("not {what}")))?)
}

export! {
    /// Explains a CloudFront signed URL (or a `Cookie` header value with
    /// `CloudFront-*` cookies) at `now` without any key: what it grants and what
    /// would make CloudFront answer 403, as JSON (the explain shape of the
    /// conventions at the top). Input that is neither is
    /// `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_cloudfront_explain(input: str, now: i64) -> (string out_json) {
        explained(cloudfront::explain(input, now), "a CloudFront signed URL or cookies")
    }

    /// Explains a Stream token (or a playback URL carrying one) at `now` without
    /// any key: what it grants, what a verifier checks, and what would make
    /// Cloudflare answer 403, as JSON (the explain shape of the conventions at
    /// the top). Input that is not a Stream token is
    /// `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_stream_explain(input: str, now: i64) -> (string out_json) {
        explained(stream::explain(input, now), "a Stream token or a URL carrying one")
    }

    /// Explains a `Webhook-Signature` header value (or the whole header line)
    /// without the secret: what it says at `now` and what a verifier checks, as
    /// JSON (the explain shape of the conventions at the top).
    /// `body_len` is mentioned in the checks; pass -1 when unknown. Input that is
    /// not a webhook signature header is `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_webhook_explain(input: str, now: i64, body_len: i64) -> (string out_json) {
        let body_len = usize::try_from(body_len).ok();
        explained(
            api::explain_with_body_len(api::Provider::Webhook, input, now, body_len),
            "a Webhook-Signature header value (expected time=…,sig1=…)",
        )
    }

    /// Explains a Media CDN signed URL, cookie or token at `now` without any key,
    /// as JSON (the explain shape of the conventions at the top). Input that is
    /// none of these is `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_mediacdn_explain(input: str, now: i64) -> (string out_json) {
        explained(mediacdn::explain(input, now), "a Media CDN signed URL, cookie or token")
    }

    /// Explains a Cloud CDN signed URL or cookie at `now` without the key, as
    /// JSON (the explain shape of the conventions at the top). Input that is not
    /// one is `CDNSIGN_STATUS_INVALID_INPUT`.
    fn cdnsign_cloudcdn_explain(input: str, now: i64) -> (string out_json) {
        explained(cloudcdn::explain(input, now), "a Cloud CDN signed URL or cookie")
    }
}
