//! Signing and verifying `Webhook-Signature` headers.
//!
//! `sig1` = lowercase hex HMAC-SHA256, keyed with the secret string's UTF-8
//! bytes exactly as Cloudflare returned it (not hex-decoded), over
//! `"<time>." + raw body`. Verification works on the raw body bytes: a body
//! that was parsed and re-serialised does not verify.

use std::fmt;

use subtle::ConstantTimeEq;

use super::event::Event;
use super::header::SignatureHeader;
use crate::crypto::{HmacAlgorithm, HmacKey};
use crate::encoding::hex_encode;
use crate::error::{Error, ErrorCode, Result};
use crate::time::human_duration;

/// Default tolerance, seconds, applied both to the past and to the future.
pub const DEFAULT_TOLERANCE: u64 = 300;

/// Most secrets one verifier holds (a rotation needs two).
pub const MAX_SECRETS: usize = 16;

fn key(secret: &[u8]) -> Result<HmacKey> {
    if secret.is_empty() {
        return Err(Error::invalid_key(
            "the webhook secret is empty (use the secret returned by PUT /stream/webhook)",
        )
        .with_field("secret"));
    }
    HmacKey::new(HmacAlgorithm::Sha256, secret).map_err(|e| e.with_field("secret"))
}

fn tag(key: &HmacKey, time_text: &str, body: &[u8]) -> Vec<u8> {
    key.sign_parts(&[time_text.as_bytes(), b".", body])
}

/// The header value Stream would send for `body` at `time`:
/// `time=<time>,sig1=<hex>`. For tests and for replaying to your own endpoint.
pub fn sign(secret: impl AsRef<[u8]>, body: &[u8], time: i64) -> Result<String> {
    let key = key(secret.as_ref())?;
    let time = crate::time::check_unix_seconds("time", time)?;
    let t = time.to_string();
    Ok(format!(
        "time={t},sig1={}",
        hex_encode(&tag(&key, &t, body))
    ))
}

/// How far `time` may be from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tolerance {
    /// At most this many seconds in the past or in the future.
    Seconds(u64),
    /// Do not look at the time (replaying stored events). The signature is
    /// still checked.
    Ignore,
}

/// Verifies webhook requests against one or more secrets (during a rotation
/// both the old and the new secret are valid). `Send + Sync`; secrets are
/// zeroized on drop and never printed.
#[derive(Clone)]
pub struct Verifier {
    secrets: Vec<HmacKey>,
    tolerance: Tolerance,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &self.secrets.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// A request whose signature verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The header's `time`.
    pub time: i64,
    /// `now - time`: positive when sent in the past.
    pub age: i64,
    /// Which secret matched (index in the order given).
    pub secret_index: usize,
}

impl Verifier {
    /// A verifier for these secrets, with the default tolerance (300 s both
    /// ways). No secret, or an empty one, is `invalid_key` naming `secret`.
    pub fn new<I, S>(secrets: I) -> Result<Verifier>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let mut keys = Vec::new();
        for s in secrets {
            if keys.len() == MAX_SECRETS {
                return Err(Error::invalid_input(
                    "secret",
                    format!("more than {MAX_SECRETS} webhook secrets"),
                ));
            }
            keys.push(key(s.as_ref())?);
        }
        if keys.is_empty() {
            return Err(Error::invalid_key("no webhook secret given").with_field("secret"));
        }
        Ok(Verifier {
            secrets: keys,
            tolerance: Tolerance::Seconds(DEFAULT_TOLERANCE),
        })
    }

    /// Sets the tolerance in seconds (past and future).
    pub fn with_tolerance(mut self, seconds: u64) -> Verifier {
        self.tolerance = Tolerance::Seconds(seconds);
        self
    }

    /// Stops checking the timestamp: for replaying stored events. Replays of
    /// live requests are then possible; use only on stored data.
    pub fn ignore_timestamp(mut self) -> Verifier {
        self.tolerance = Tolerance::Ignore;
        self
    }

    /// The tolerance.
    pub fn tolerance(&self) -> Tolerance {
        self.tolerance
    }

    /// Checks the `Webhook-Signature` header (`None` when the request had
    /// none) against the raw `body` at `now`. The signature is checked before
    /// the timestamp, so a forged request is `bad_signature` whatever its time.
    /// Errors: `missing_credential`, `malformed` (naming `time`/`sig1`),
    /// `bad_signature`, `timestamp_too_old`, `timestamp_in_future`.
    pub fn verify(&self, header: Option<&str>, body: &[u8], now: i64) -> Result<Verified> {
        let parsed = SignatureHeader::parse(header.unwrap_or(""))?;
        let mut matched = None;
        for (i, key) in self.secrets.iter().enumerate() {
            let expected = tag(key, parsed.time_text(), body);
            let mut any = subtle::Choice::from(0u8);
            for sig in parsed.signatures() {
                any |= expected.as_slice().ct_eq(&sig[..]);
            }
            if bool::from(any) {
                matched = Some(i);
                break;
            }
        }
        let Some(secret_index) = matched else {
            return Err(Error::rejected(
                ErrorCode::BadSignature,
                format!(
                    "no sig1 matches HMAC-SHA256(secret, \"{}.\" + body of {} bytes) under {} secret{}; was the body re-serialised, or the secret rotated?",
                    parsed.time_text(),
                    body.len(),
                    self.secrets.len(),
                    if self.secrets.len() == 1 { "" } else { "s" }
                ),
            )
            .with_field("sig1"));
        };
        let time = parsed.time();
        let age = now.saturating_sub(time);
        if let Tolerance::Seconds(tol) = self.tolerance {
            let tol = i64::try_from(tol).unwrap_or(i64::MAX);
            if age > tol {
                return Err(Error::rejected(
                    ErrorCode::TimestampTooOld,
                    format!(
                        "sent {} ago (time={time}, now={now}); the tolerance is {tol} s",
                        human_duration(age)
                    ),
                )
                .with_field("time"));
            }
            if age.saturating_neg() > tol {
                return Err(Error::rejected(
                    ErrorCode::TimestampInFuture,
                    format!(
                        "time={time} is {} in the future (now={now}); the tolerance is {tol} s — check the clock",
                        human_duration(age.saturating_neg())
                    ),
                )
                .with_field("time"));
            }
        }
        Ok(Verified {
            time,
            age,
            secret_index,
        })
    }

    /// [`Verifier::verify`], then parses the body into an [`Event`].
    pub fn verify_event(
        &self,
        header: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> Result<(Verified, Event)> {
        let v = self.verify(header, body, now)?;
        Ok((v, Event::parse(body)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_290_400;

    #[test]
    fn sign_verify_round_trip_and_every_rejection() {
        let body = br#"{"uid":"a","status":{"state":"ready"}}"#;
        let h = sign("s3cret", body, NOW).unwrap();
        assert!(h.starts_with(&format!("time={NOW},sig1=")));
        let v = Verifier::new(["old", "s3cret"]).unwrap();
        let ok = v.verify(Some(&h), body, NOW + 10).unwrap();
        assert_eq!((ok.time, ok.age, ok.secret_index), (NOW, 10, 1));
        let code = |r: Result<Verified>| r.unwrap_err().code();
        assert_eq!(
            code(v.verify(None, body, NOW)),
            ErrorCode::MissingCredential
        );
        assert_eq!(
            code(v.verify(Some("nope"), body, NOW)),
            ErrorCode::Malformed
        );
        assert_eq!(
            code(v.verify(Some(&h), b"{}", NOW)),
            ErrorCode::BadSignature
        );
        assert_eq!(
            code(v.verify(Some(&h), body, NOW + 301)),
            ErrorCode::TimestampTooOld
        );
        assert_eq!(
            code(v.verify(Some(&h), body, NOW - 301)),
            ErrorCode::TimestampInFuture
        );
        assert!(v
            .clone()
            .with_tolerance(1000)
            .verify(Some(&h), body, NOW + 999)
            .is_ok());
        assert!(v
            .clone()
            .ignore_timestamp()
            .verify(Some(&h), body, NOW * 2)
            .is_ok());
        let e = Verifier::new([""]).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidKey, Some("secret"))
        );
        let none: [&str; 0] = [];
        assert_eq!(
            Verifier::new(none).unwrap_err().code(),
            ErrorCode::InvalidKey
        );
        assert_eq!(sign("", body, NOW).unwrap_err().field(), Some("secret"));
        assert_eq!(sign("s", body, -1).unwrap_err().field(), Some("time"));
    }

    #[test]
    fn any_single_byte_change_fails() {
        let body = br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true}"#.to_vec();
        let h = sign("k", &body, NOW).unwrap();
        let v = Verifier::new(["k"]).unwrap();
        for i in 0..body.len() {
            let mut b = body.clone();
            b[i] ^= 0x01;
            assert_eq!(
                v.verify(Some(&h), &b, NOW).unwrap_err().code(),
                ErrorCode::BadSignature
            );
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let v = Verifier::new(["super-secret-value"]).unwrap();
        assert!(!format!("{v:?}").contains("super-secret"));
    }
}
