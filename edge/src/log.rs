//! The access log: one line per request, text or JSON.

use std::fs::OpenOptions;
use std::io::{LineWriter, Write};
use std::net::IpAddr;
use std::path::Path;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// One request's record.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Unix time, milliseconds.
    pub ts_ms: u128,
    /// The viewer's address.
    pub client: String,
    /// Method.
    pub method: String,
    /// Path (no query: it carries signatures).
    pub path: String,
    /// Route prefix.
    pub route: String,
    /// Provider of the route.
    pub provider: &'static str,
    /// HTTP status.
    pub status: u16,
    /// `allow` or `deny`.
    pub decision: &'static str,
    /// Rejection code, or the file error after an allow.
    pub code: Option<String>,
    /// Credential form that allowed the request.
    pub form: Option<String>,
    /// Key that verified it.
    pub key: Option<String>,
    /// Why, in words.
    pub message: Option<String>,
    /// Handling time, microseconds.
    pub micros: u64,
}

/// Paths over 512 characters keep their first and last 200 (a Stream
/// token in the path is long; the file name at the end matters).
fn shorten(path: &str) -> String {
    let n = path.chars().count();
    if n <= 512 {
        return path.to_string();
    }
    let head: String = path.chars().take(200).collect();
    let tail: String = path.chars().skip(n - 200).collect();
    format!("{head}...{tail}")
}

impl Entry {
    pub fn new(client: IpAddr, method: &str, path: &str) -> Entry {
        Entry {
            ts_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0),
            client: client.to_string(),
            method: method.to_string(),
            path: shorten(path),
            route: String::new(),
            provider: "none",
            status: 0,
            decision: "deny",
            code: None,
            form: None,
            key: None,
            message: None,
            micros: 0,
        }
    }

    pub fn deny(&mut self, code: &str, message: &str) {
        self.decision = "deny";
        self.code = Some(code.to_string());
        self.message = Some(message.to_string());
    }

    pub fn allow(&mut self, form: &str, key: &str, note: Option<String>) {
        self.decision = "allow";
        self.form = Some(form.to_string());
        self.key = (!key.is_empty()).then(|| key.to_string());
        self.message = note;
    }

    fn text(&self) -> String {
        let mut s = format!(
            "{} {} {} {} {} {} {}",
            self.ts_ms,
            self.client,
            self.method,
            self.path,
            self.status,
            self.decision,
            self.code.as_deref().unwrap_or("-"),
        );
        s.push_str(&format!(" provider={}", self.provider));
        if let Some(f) = &self.form {
            s.push_str(&format!(" form={f}"));
        }
        if let Some(k) = &self.key {
            s.push_str(&format!(" key={k}"));
        }
        s.push_str(&format!(" us={}", self.micros));
        if let Some(m) = &self.message {
            s.push_str(&format!(" msg={:?}", m));
        }
        s
    }
}

/// Where lines go.
pub struct AccessLog {
    out: Option<Mutex<Box<dyn Write + Send>>>,
    json: bool,
}

impl AccessLog {
    pub fn off() -> AccessLog {
        AccessLog {
            out: None,
            json: false,
        }
    }

    pub fn open(path: Option<&Path>, json: bool) -> Result<AccessLog, String> {
        let w: Box<dyn Write + Send> = match path {
            Some(p) => Box::new(LineWriter::new(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .map_err(|e| format!("access log {}: {e}", p.display()))?,
            )),
            None => Box::new(LineWriter::new(std::io::stdout())),
        };
        Ok(AccessLog {
            out: Some(Mutex::new(w)),
            json,
        })
    }

    pub fn write(&self, e: &Entry) {
        let Some(out) = &self.out else { return };
        let line = if self.json {
            serde_json::to_string(e).unwrap_or_default()
        } else {
            e.text()
        };
        if let Ok(mut w) = out.lock() {
            let _ = writeln!(w, "{line}");
        }
    }
}
