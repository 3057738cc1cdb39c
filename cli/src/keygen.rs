//! `cdnsign keygen`: key pairs in the exact shape each CDN wants registered.

use cdnsign::crypto::{EcPrivateKey, RsaPrivateKey};
use cdnsign::keys;

use crate::{CliResult, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which key: `rsa`/`ec` (CloudFront), `stream`, `ed25519` (Media CDN),
    /// `hmac` (Media CDN shared key), `cloudcdn` (Cloud CDN key file).
    #[arg(value_enum)]
    kind: Kind,
    /// RSA modulus size.
    #[arg(long, default_value_t = 2048)]
    bits: usize,
    /// Length of an `hmac` secret in bytes (Media CDN requires at least 16).
    #[arg(long, default_value_t = 32)]
    bytes: usize,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Kind {
    /// RSA key pair (PKCS#8 private PEM, SPKI public PEM) for CloudFront.
    Rsa,
    /// ECDSA P-256 key pair for CloudFront.
    Ec,
    /// Cloudflare Stream RSA-2048 signing key, printed like the POST /stream/keys response.
    Stream,
    /// Media CDN Ed25519 key; the public key is printed as a keyset takes it.
    Ed25519,
    /// Media CDN HMAC shared secret.
    Hmac,
    /// Cloud CDN signing key file (16 random bytes, base64url).
    Cloudcdn,
}

pub fn run(args: Args, global: &Global) -> CliResult {
    let pkcs8 = match args.kind {
        Kind::Rsa => RsaPrivateKey::generate_pkcs8(args.bits)?,
        Kind::Ec => EcPrivateKey::generate_pkcs8()?,
        Kind::Stream => return crate::stream::keygen(global),
        Kind::Ed25519 => return crate::mediacdn::keygen_ed25519(global),
        Kind::Hmac => return crate::mediacdn::keygen_hmac(args.bytes, global),
        Kind::Cloudcdn => return crate::cloudcdn::keygen(global),
    };
    let private_pem = zeroize::Zeroizing::new(keys::pem_encode("PRIVATE KEY", &pkcs8));
    let public_pem = keys::parse_private_key(&pkcs8, None)?.public_key().to_pem();
    crate::args::emit(
        global,
        || serde_json::json!({ "private_key_pem": &*private_pem, "public_key_pem": public_pem }),
        || print!("{}{public_pem}", &*private_pem),
    )
}
