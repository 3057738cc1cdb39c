//! Cost classes: where a binding runs a call.

use serde::Serialize;

/// What one call costs, which decides where a binding runs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    /// Parsing, HMAC over a short string, formatting: about a microsecond,
    /// less than handing the call to another thread costs. Runs in place.
    Cheap,
    /// Hashes a caller-sized body (webhooks): in place under
    /// [`BODY_IN_PLACE_LIMIT`] bytes, off the interpreter's thread above.
    HashesBody,
    /// An RSA or Ed25519 signature check (15 to 60 µs): off the
    /// interpreter's thread, where other threads can run meanwhile.
    PublicKey,
    /// An RSA or Ed25519 private-key operation (10 µs to 1 ms): off the
    /// interpreter's thread. Node's `*Async` forms exist only for operations
    /// of this cost (the parity test checks it), and only where the work
    /// outweighs the hop to the libuv pool and back: the RSA signatures
    /// (CloudFront `signUrl`, `signUrls`, `signCookies`; Stream `sign`), not
    /// an Ed25519 token of about 10 µs.
    PrivateKey,
}

/// Bodies shorter than this are hashed without releasing Python's GIL:
/// releasing and re-taking it costs about as much as hashing 16 KiB.
pub const BODY_IN_PLACE_LIMIT: usize = 16 * 1024;

impl Cost {
    /// Whether a call of this cost over `body_len` input bytes should leave
    /// the interpreter's thread.
    pub const fn leaves_thread(self, body_len: usize) -> bool {
        match self {
            Cost::Cheap => false,
            Cost::HashesBody => body_len >= BODY_IN_PLACE_LIMIT,
            Cost::PublicKey | Cost::PrivateKey => true,
        }
    }
}
