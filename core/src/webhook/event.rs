//! A typed view of the webhook body (the video object Stream posts).

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Largest body parsed into an [`Event`] (Stream's bodies are about 2 KiB).
pub const MAX_EVENT_BODY: usize = 1024 * 1024;

/// `status.state` of a video.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VideoState {
    /// `pendingupload`: waiting for the upload.
    PendingUpload,
    /// `downloading`: Stream is fetching the source (upload via link).
    Downloading,
    /// `queued`: waiting to be encoded.
    Queued,
    /// `inprogress`: encoding.
    InProgress,
    /// `ready`: every quality level is encoded.
    Ready,
    /// `error`: processing failed (see the error reason).
    Error,
    /// `live-inprogress`: a live recording in progress.
    LiveInProgress,
    /// Any other value, kept as sent.
    Other(String),
}

impl VideoState {
    /// From the wire text; unknown values are kept in [`VideoState::Other`].
    pub fn from_wire(s: &str) -> VideoState {
        match s {
            "pendingupload" => VideoState::PendingUpload,
            "downloading" => VideoState::Downloading,
            "queued" => VideoState::Queued,
            "inprogress" => VideoState::InProgress,
            "ready" => VideoState::Ready,
            "error" => VideoState::Error,
            "live-inprogress" => VideoState::LiveInProgress,
            other => VideoState::Other(other.to_string()),
        }
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        match self {
            VideoState::PendingUpload => "pendingupload",
            VideoState::Downloading => "downloading",
            VideoState::Queued => "queued",
            VideoState::InProgress => "inprogress",
            VideoState::Ready => "ready",
            VideoState::Error => "error",
            VideoState::LiveInProgress => "live-inprogress",
            VideoState::Other(s) => s,
        }
    }

    /// False for [`VideoState::Other`].
    pub fn is_known(&self) -> bool {
        !matches!(self, VideoState::Other(_))
    }
}

impl fmt::Display for VideoState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a video is, for a backend's state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lifecycle {
    /// Not playable yet (every state but `ready` and `error`, unknown ones included).
    Processing,
    /// `ready`: mark the video playable.
    Ready,
    /// `error`: keep the error reason for the admin page.
    Failed,
}

impl Lifecycle {
    /// `processing` / `ready` / `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Processing => "processing",
            Lifecycle::Ready => "ready",
            Lifecycle::Failed => "failed",
        }
    }
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The documented fields of a Stream webhook body, plus the whole JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// `uid`: the video.
    pub uid: String,
    /// `readyToStream`.
    pub ready_to_stream: Option<bool>,
    /// `status.state`.
    pub state: Option<VideoState>,
    /// `status.pctComplete` as a number (Stream sends a string such as
    /// `"39.000000"`; a number is accepted too). `None` if absent or not a
    /// finite number.
    pub pct_complete: Option<f64>,
    /// `status.pctComplete` as sent, when it is a string.
    pub pct_complete_raw: Option<String>,
    /// `status.errorReasonCode` (or `errReasonCode`), when not empty.
    pub error_reason_code: Option<String>,
    /// `status.errorReasonText` (or `errReasonText`), when not empty.
    pub error_reason_text: Option<String>,
    /// `meta`: the video's user-defined names and values, an object (a
    /// `null` one is absent).
    pub meta: Option<Value>,
    /// `created` (RFC 3339 text).
    pub created: Option<String>,
    /// `modified` (RFC 3339 text).
    pub modified: Option<String>,
    /// `duration`, seconds (`-1` = unknown).
    pub duration: Option<f64>,
    /// The whole body.
    pub raw: Value,
}

fn opt_str(obj: &Map<String, Value>, key: &str, field: &'static str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::malformed(field, format!("{field} is not a string"))),
    }
}

fn reason(
    status: &Map<String, Value>,
    new: &str,
    old: &str,
    field: &'static str,
) -> Result<Option<String>> {
    let a = opt_str(status, new, field)?.filter(|s| !s.is_empty());
    if a.is_some() {
        return Ok(a);
    }
    Ok(opt_str(status, old, field)?.filter(|s| !s.is_empty()))
}

impl Event {
    /// Parses a webhook body. Invalid JSON, a non-object, a missing or
    /// non-string `uid`, or a documented field of the wrong type is
    /// `malformed`, naming the field.
    pub fn parse(body: &[u8]) -> Result<Event> {
        if body.len() > MAX_EVENT_BODY {
            return Err(Error::malformed(
                "body",
                format!(
                    "the webhook body is {} bytes; at most {MAX_EVENT_BODY}",
                    body.len()
                ),
            ));
        }
        let raw: Value = serde_json::from_slice(body)
            .map_err(|e| Error::malformed("body", format!("the webhook body is not JSON: {e}")))?;
        let obj = raw
            .as_object()
            .ok_or_else(|| Error::malformed("body", "the webhook body is not a JSON object"))?;
        let uid = match obj.get("uid") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(Error::malformed("uid", "uid is not a string")),
            None => return Err(Error::malformed("uid", "the webhook body has no uid")),
        };
        let ready_to_stream = match obj.get("readyToStream") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                return Err(Error::malformed(
                    "readyToStream",
                    "readyToStream is not a boolean",
                ))
            }
        };
        let empty = Map::new();
        let status = match obj.get("status") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(m)) => m,
            Some(_) => return Err(Error::malformed("status", "status is not an object")),
        };
        let state = opt_str(status, "state", "status.state")?.map(|s| VideoState::from_wire(&s));
        let (pct_complete, pct_complete_raw) = match status.get("pctComplete") {
            None | Some(Value::Null) => (None, None),
            Some(Value::String(s)) => (
                s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
                Some(s.clone()),
            ),
            Some(Value::Number(n)) => (n.as_f64().filter(|f| f.is_finite()), None),
            Some(_) => {
                return Err(Error::malformed(
                    "status.pctComplete",
                    "status.pctComplete is neither a string nor a number",
                ))
            }
        };
        let error_reason_code = reason(
            status,
            "errorReasonCode",
            "errReasonCode",
            "status.errorReasonCode",
        )?;
        let error_reason_text = reason(
            status,
            "errorReasonText",
            "errReasonText",
            "status.errorReasonText",
        )?;
        let meta = match obj.get("meta") {
            None | Some(Value::Null) => None,
            Some(m @ Value::Object(_)) => Some(m.clone()),
            Some(_) => return Err(Error::malformed("meta", "meta is not an object")),
        };
        let duration = match obj.get("duration") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(_) => return Err(Error::malformed("duration", "duration is not a number")),
        };
        Ok(Event {
            uid,
            ready_to_stream,
            state,
            pct_complete,
            pct_complete_raw,
            error_reason_code,
            error_reason_text,
            meta,
            created: opt_str(obj, "created", "created")?,
            modified: opt_str(obj, "modified", "modified")?,
            duration,
            raw,
        })
    }

    /// `ready` → [`Lifecycle::Ready`], `error` → [`Lifecycle::Failed`],
    /// anything else (including no state and unknown states) →
    /// [`Lifecycle::Processing`].
    pub fn lifecycle(&self) -> Lifecycle {
        match self.state {
            Some(VideoState::Ready) => Lifecycle::Ready,
            Some(VideoState::Error) => Lifecycle::Failed,
            _ => Lifecycle::Processing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_bodies() {
        let e = Event::parse(
            br#"{"uid":"u1","readyToStream":true,"status":{"state":"ready","pctComplete":"39.000000","errorReasonCode":"","errorReasonText":""},"meta":{"name":"a.mp4"},"duration":5.5}"#,
        )
        .unwrap();
        assert_eq!(e.lifecycle(), Lifecycle::Ready);
        assert_eq!(e.pct_complete, Some(39.0));
        assert_eq!(e.pct_complete_raw.as_deref(), Some("39.000000"));
        assert_eq!(e.error_reason_code, None);
        assert_eq!(e.duration, Some(5.5));
        let e = Event::parse(
            br#"{"uid":"u2","status":{"state":"error","errReasonCode":"ERR_NON_VIDEO","errReasonText":"not a video"}}"#,
        )
        .unwrap();
        assert_eq!(e.lifecycle(), Lifecycle::Failed);
        assert_eq!(e.error_reason_code.as_deref(), Some("ERR_NON_VIDEO"));
        let e = Event::parse(br#"{"uid":"u3","status":{"state":"archived"}}"#).unwrap();
        assert_eq!(e.state, Some(VideoState::Other("archived".into())));
        assert_eq!(e.lifecycle(), Lifecycle::Processing);
    }

    #[test]
    fn malformed_bodies_are_typed_errors() {
        for (body, field) in [
            (&b"nope"[..], "body"),
            (b"[]", "body"),
            (b"", "body"),
            (br#"{"status":{}}"#, "uid"),
            (br#"{"uid":1}"#, "uid"),
            (br#"{"uid":"a","status":"ready"}"#, "status"),
            (br#"{"uid":"a","status":{"state":1}}"#, "status.state"),
            (br#"{"uid":"a","readyToStream":"yes"}"#, "readyToStream"),
            (br#"{"uid":"a","duration":"5"}"#, "duration"),
            (br#"{"uid":"a","meta":"a.mp4"}"#, "meta"),
            (br#"{"uid":"a","meta":["a.mp4"]}"#, "meta"),
        ] {
            assert_eq!(
                Event::parse(body).unwrap_err().field(),
                Some(field),
                "{body:?}"
            );
        }
    }
}
