//! `cdnsign::webhook`: Cloudflare Stream webhook signatures.

use std::ffi::CString;

use cdnsign::api::records;
use cdnsign::webhook::{self, Event, Verified, Verifier};

use crate::boundary::{c_json, c_string, invalid, FfiResult, IntoC, SplitOut};
use crate::export::export;

/// The default tolerance of a webhook verifier, seconds, applied both to the
/// past and to the future (equal to `cdnsign::webhook::DEFAULT_TOLERANCE`).
pub const CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE: i64 = 300;

/// Pass as `tolerance_seconds` to stop checking the timestamp (for replaying
/// stored events only: live requests could then be replayed too).
pub const CDNSIGN_WEBHOOK_IGNORE_TIMESTAMP: i64 = -1;

/// A webhook verifier: one or more secrets (several during a rotation) and a
/// tolerance. Immutable after creation; safe to share between threads.
pub struct cdnsign_webhook_verifier {
    inner: Verifier,
}

/// A request whose `Webhook-Signature` verified.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct cdnsign_webhook_verified {
    /// The header's `time`, Unix seconds.
    pub time: i64,
    /// `now - time`: positive when the request was sent in the past.
    pub age: i64,
    /// Which secret matched: its index in the array given to
    /// `cdnsign_webhook_verifier_new`.
    pub secret_index: usize,
}

impl From<Verified> for cdnsign_webhook_verified {
    fn from(v: Verified) -> Self {
        cdnsign_webhook_verified {
            time: v.time,
            age: v.age,
            secret_index: v.secret_index,
        }
    }
}

impl IntoC for cdnsign_webhook_verified {
    type C = cdnsign_webhook_verified;
    fn into_c(self) -> Self {
        self
    }
}

export! {
    /// Signs `body` as Cloudflare Stream would at `time`: writes the
    /// `Webhook-Signature` header value `time=<time>,sig1=<hex>`. For tests and for
    /// replaying events to your own endpoint.
    ///
    /// `secret` is the webhook secret string exactly as Cloudflare returned it
    /// (its UTF-8 bytes are the HMAC key; it is not hex-decoded). `body` is the
    /// raw request body, `(NULL, 0)` for an empty one.
    /// Errors: `CDNSIGN_STATUS_INVALID_KEY` (empty secret),
    /// `CDNSIGN_STATUS_INVALID_INPUT` (negative or millisecond `time`).
    fn cdnsign_webhook_sign(
        secret: str,
        body: bytes[body_len],
        body_len: usize,
        time: i64,
    ) -> (string out_header) {
        c_string(webhook::sign(secret, body, time)?, "header")
    }

    /// Creates a verifier for `secrets_len` webhook secrets (two during a
    /// rotation; the one that matched is reported as `secret_index`).
    ///
    /// `tolerance_seconds`: how far the header's time may be from `now`, both in
    /// the past and in the future; `CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE` (300) is
    /// what Cloudflare recommends; `CDNSIGN_WEBHOOK_IGNORE_TIMESTAMP` skips the
    /// check (stored events only). Any other negative value is
    /// `CDNSIGN_STATUS_INVALID_INPUT`. No secret, or an empty one, is
    /// `CDNSIGN_STATUS_INVALID_KEY`.
    fn cdnsign_webhook_verifier_new(
        secrets: strs[secrets_len],
        secrets_len: usize,
        tolerance_seconds: i64,
    ) -> (handle out_verifier: cdnsign_webhook_verifier) {
        let verifier = Verifier::new(secrets)?;
        let verifier = match tolerance_seconds {
            CDNSIGN_WEBHOOK_IGNORE_TIMESTAMP => verifier.ignore_timestamp(),
            t if t >= 0 => verifier.with_tolerance(t.unsigned_abs()),
            t => {
                return Err(invalid(
                    "tolerance_seconds",
                    format!("tolerance_seconds={t} is negative; use CDNSIGN_WEBHOOK_IGNORE_TIMESTAMP (-1) to skip the time check"),
                ))
            }
        };
        Ok(Box::new(cdnsign_webhook_verifier { inner: verifier }))
    }

    /// Releases a webhook verifier. NULL is a no-op.
    fn cdnsign_webhook_verifier_free(verifier: Box<cdnsign_webhook_verifier>);

    /// Verifies a request: its `Webhook-Signature` header value (`header`, NULL
    /// when the request had none) against the raw `body` at `now`.
    ///
    /// The signature is checked first, so a forged request is
    /// `CDNSIGN_STATUS_BAD_SIGNATURE` whatever its time. Rejections:
    /// `MISSING_CREDENTIAL` (NULL or empty header), `MALFORMED`, `BAD_SIGNATURE`,
    /// `TIMESTAMP_TOO_OLD`, `TIMESTAMP_IN_FUTURE`. Verify the bytes exactly as
    /// received: a re-serialised JSON body does not verify.
    fn cdnsign_webhook_verifier_verify(
        verifier: &cdnsign_webhook_verifier,
        header: Option<str>,
        body: bytes[body_len],
        body_len: usize,
        now: i64,
    ) -> (opt value out_verified: cdnsign_webhook_verified) {
        Ok(verifier.inner.verify(header, body, now)?)
    }
}

/// What `cdnsign_webhook_verifier_verify_event` writes: the event's JSON,
/// and the verified details when wanted.
struct VerifiedEvent(Verified, Event);

impl SplitOut for VerifiedEvent {
    type First = CString;
    type Second = cdnsign_webhook_verified;
    fn split(self, _wanted: bool) -> FfiResult<(CString, Option<cdnsign_webhook_verified>)> {
        let json = c_json(&records::WebhookEvent::from(&self.1))?;
        Ok((json, Some(self.0.into())))
    }
}

export! {
    /// `cdnsign_webhook_verifier_verify`, then parses the body into the typed
    /// event, written as JSON to `*out_event_json`:
    /// `{"uid","ready_to_stream","state","state_known","pct_complete",
    /// "pct_complete_raw","error_reason_code","error_reason_text","meta",
    /// "created","modified","duration","lifecycle","raw"}` where `lifecycle` is
    /// `"processing"`, `"ready"` or `"failed"` and `raw` the whole body as
    /// parsed. A body that verifies but is not a
    /// video object is `CDNSIGN_STATUS_MALFORMED`.
    fn cdnsign_webhook_verifier_verify_event(
        verifier: &cdnsign_webhook_verifier,
        header: Option<str>,
        body: bytes[body_len],
        body_len: usize,
        now: i64,
    ) -> (opt value out_verified: cdnsign_webhook_verified, string out_event_json) {
        let (verified, event) = verifier.inner.verify_event(header, body, now)?;
        Ok(VerifiedEvent(verified, event))
    }

    /// Parses a webhook body into the typed event JSON (as in
    /// `cdnsign_webhook_verifier_verify_event`) **without verifying it**: for
    /// bodies whose signature was already checked, or stored ones.
    /// Errors: `CDNSIGN_STATUS_MALFORMED` naming the field.
    fn cdnsign_webhook_parse_event(
        body: bytes[body_len],
        body_len: usize,
    ) -> (string out_event_json) {
        c_json(&records::WebhookEvent::from(&Event::parse(body)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::cdnsign_status;
    use crate::tests::{cstr, out, take};
    use std::ptr;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(
            CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE,
            webhook::DEFAULT_TOLERANCE as i64
        );
    }

    #[test]
    fn sign_then_verify_event_through_the_c_api() {
        let secret = cstr("85011ed3a913c6ad5f9cf6c5573cc0a7");
        let body = br#"{"uid":"u1","readyToStream":true,"status":{"state":"ready"}}"#;
        let (sent, received) = (1_767_290_400, 1_767_290_410);
        let header = take(out(|o| unsafe {
            cdnsign_webhook_sign(secret.as_ptr(), body.as_ptr(), body.len(), sent, o)
        }));
        let header = cstr(&header);
        let other = cstr("old-secret");
        let secrets = [other.as_ptr(), secret.as_ptr()];
        let tolerance = CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE;
        let v = out(|o| unsafe { cdnsign_webhook_verifier_new(secrets.as_ptr(), 2, tolerance, o) });
        let mut verified = cdnsign_webhook_verified::default();
        let (h, b) = (header.as_ptr(), body.as_ptr());
        let event = out(|o| unsafe {
            cdnsign_webhook_verifier_verify_event(v, h, b, body.len(), received, &mut verified, o)
        });
        let expected = cdnsign_webhook_verified {
            time: sent,
            age: 10,
            secret_index: 1,
        };
        assert_eq!(verified, expected);
        let event: serde_json::Value = serde_json::from_str(&take(event)).unwrap();
        assert_eq!(event["lifecycle"], "ready");
        // tampered body
        let tampered = b"{}";
        let none = ptr::null_mut();
        let st =
            unsafe { cdnsign_webhook_verifier_verify(v, h, tampered.as_ptr(), 2, received, none) };
        assert_eq!(st, cdnsign_status::BadSignature);
        unsafe { cdnsign_webhook_verifier_free(v) };
    }
}
