//! Prints every deterministic output of the compiled-in crypto backend, one
//! per line, for inputs drawn from a fixed-seed generator: RSA-2048 PKCS#1
//! v1.5 signatures (SHA-1 and SHA-256), Ed25519 public keys and signatures,
//! HMAC-SHA1/SHA-256 tags, and the provider outputs that are deterministic
//! (CloudFront canned URL and custom-policy cookies, a Stream token, Media
//! CDN signatures and tokens, a Cloud CDN signed URL, a webhook header).
//!
//! `make test-backends-agree` runs it once per backend and compares the two
//! files byte for byte:
//!
//! ```text
//! cargo run -q -p cdnsign --example backend_outputs > a.txt
//! cargo run -q -p cdnsign --example backend_outputs --no-default-features --features rust-crypto > b.txt
//! cmp a.txt b.txt
//! ```
//!
//! The counts are sized so that a debug build of the pure-Rust backend (whose
//! RSA is slow unoptimised) finishes in well under a minute.

use std::io::{self, BufWriter, Write};

use cdnsign::crypto::{Digest, Ed25519PrivateKey, HmacAlgorithm, HmacKey};
use cdnsign::encoding::hex_encode;
use cdnsign::keys::{parse_private_key, PrivateKey};

const RSA_KEYS: [(&str, &[u8]); 2] = [
    (
        "test-rsa2048",
        include_bytes!("../../tests/vectors/keys/test-rsa2048.pkcs8.pem"),
    ),
    (
        "cloudfront-rsa2048",
        include_bytes!("../../tests/vectors/keys/cloudfront-rsa2048.pem"),
    ),
];
const STREAM_KEY: &str = include_str!("../../tests/vectors/keys/stream-key.json");

/// RSA messages per key and digest (signing dominates the debug run time).
const RSA_MESSAGES: usize = 24;
const ED25519_CASES: usize = 500;
const HMAC_CASES: usize = 500;

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fixed-seed generator, so
/// both backends see exactly the same inputs without any dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut rng = SplitMix64(0x6364_6e73_6967_6e00); // "cdnsign\0"

    // RSA-2048 PKCS#1 v1.5: deterministic, so both backends must agree.
    for (name, pem) in RSA_KEYS {
        let PrivateKey::Rsa(key) = parse_private_key(pem, None)? else {
            return Err(format!("{name} is not an RSA key").into());
        };
        writeln!(
            out,
            "rsa {name} spki {}",
            hex_encode(key.public_key().spki_der())
        )?;
        for digest in [Digest::Sha1, Digest::Sha256] {
            for i in 0..RSA_MESSAGES {
                let len = rng.below(4097);
                let msg = rng.bytes(len);
                let sig = key.sign_pkcs1v15(digest, &msg)?;
                if !key.public_key().verify_pkcs1v15(digest, &msg, &sig) {
                    return Err(
                        format!("{name} {} #{i}: own signature fails", digest.name()).into(),
                    );
                }
                writeln!(
                    out,
                    "rsa {name} {} {i} len={len} {}",
                    digest.name(),
                    hex_encode(&sig)
                )?;
            }
        }
    }

    // Ed25519 with random seeds: public key and signature.
    for i in 0..ED25519_CASES {
        let seed = rng.bytes(32);
        let msg_len = rng.below(600);
        let msg = rng.bytes(msg_len);
        let key = Ed25519PrivateKey::from_seed(&seed)?;
        let sig = key.sign(&msg);
        if !key.public_key().verify(&msg, &sig) {
            return Err(format!("ed25519 #{i}: own signature fails").into());
        }
        writeln!(
            out,
            "ed25519 {i} pub={} sig={}",
            hex_encode(key.public_key().as_bytes()),
            hex_encode(&sig)
        )?;
    }

    // HMAC with random keys (RustCrypto on both backends, checked anyway).
    for (name, alg) in [
        ("hmac-sha1", HmacAlgorithm::Sha1),
        ("hmac-sha256", HmacAlgorithm::Sha256),
    ] {
        for i in 0..HMAC_CASES {
            let key_len = 1 + rng.below(200);
            let secret = rng.bytes(key_len);
            let msg_len = rng.below(2000);
            let msg = rng.bytes(msg_len);
            let tag = HmacKey::new(alg, &secret)?.sign(&msg);
            writeln!(out, "{name} {i} {}", hex_encode(&tag))?;
        }
    }

    providers(&mut out)?;
    out.flush()?;
    Ok(())
}

/// The provider outputs that do not depend on randomness (ECDSA does, and
/// is left out).
fn providers(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    use cdnsign::cloudfront::{CookieAttributes, SignOptions, Signer};
    const NOW: i64 = 1_767_290_400;

    let cf = Signer::from_pem("K2JCJMDEHXQW5F", RSA_KEYS[1].1)?;
    let d = "https://d111111abcdef8.cloudfront.net";
    let url = cf.sign_url(
        &format!("{d}/videos/intro.mp4?lang=en"),
        &SignOptions::expires(NOW + 3600),
    )?;
    writeln!(out, "cloudfront canned-url {url}")?;
    let cookies = cf.sign_cookies(
        &format!("{d}/videos/*"),
        &SignOptions::expires(NOW + 3600)
            .starts(NOW - 60)
            .ip_range("192.0.2.0/24"),
        &CookieAttributes::new().domain("d111111abcdef8.cloudfront.net"),
    )?;
    for header in cookies.set_cookie_headers() {
        writeln!(out, "cloudfront custom-cookie {header}")?;
    }

    use cdnsign::stream::{AccessRule, Action, Claims, SigningKey};
    let sk = SigningKey::from_stream_keys_response(STREAM_KEY)?;
    let claims = Claims::new("6b9e68b07dfee8cc2d116e4c51d6a957", NOW + 3600)
        .not_before(NOW)
        .downloadable(true)
        .rule(AccessRule::country(Action::Allow, ["KR", "GB"])?)
        .rule(AccessRule::ip(Action::Block, ["192.0.2.0/24"])?)
        .rule(AccessRule::any(Action::Block));
    writeln!(out, "stream token {}", sk.sign(&claims, NOW)?)?;

    use cdnsign::mediacdn::{Algorithm, HmacSecret, TokenClaims, TokenSigner};
    let mk = cdnsign::mediacdn::SigningKey::from_seed(&[42u8; 32])?;
    let ms = cdnsign::mediacdn::Signer::new("key-1", mk.clone())?;
    let m = "https://media.example.com";
    writeln!(
        out,
        "mediacdn signed-url {}",
        ms.sign_url(&format!("{m}/v/main.m3u8"), NOW + 3600)?.url
    )?;
    writeln!(
        out,
        "mediacdn signed-prefix {}",
        ms.sign_prefix(&format!("{m}/v/a.ts"), &format!("{m}/v/"), NOW + 3600)?
            .url
    )?;
    writeln!(
        out,
        "mediacdn path-component {}",
        ms.sign_path(&format!("{m}/v/"), "hd/a.ts", NOW + 3600)?.url
    )?;
    writeln!(
        out,
        "mediacdn cookie {}",
        ms.sign_cookie(&format!("{m}/v/"), NOW + 3600)?
            .cookie_pair()
    )?;
    let claims = TokenClaims::new(NOW + 60)
        .path_globs(["/v/*", "/t/*.jpg"])
        .starts(NOW)
        .session_id("s-1")
        .data("plan:gold")
        .header("X-Client-Id", "abc123")
        .ip_ranges(["203.0.113.0/24", "2001:db8::/32"]);
    writeln!(
        out,
        "mediacdn token-ed25519 {}",
        TokenSigner::ed25519(mk).sign(&claims)?.token
    )?;
    let secret = HmacSecret::from_bytes(b"0123456789abcdef0123")?;
    for alg in [Algorithm::HmacSha1, Algorithm::HmacSha256] {
        let t = TokenSigner::hmac(alg, secret.clone())?.sign(&claims)?;
        writeln!(out, "mediacdn token-{alg} {}", t.token)?;
    }

    let ck = cdnsign::cloudcdn::SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==")?;
    let cs = cdnsign::cloudcdn::Signer::new("my-key", ck)?;
    writeln!(
        out,
        "cloudcdn signed-url {}",
        cs.sign_url("https://cdn.example.com/index.html", NOW + 3600)?
            .url
    )?;
    writeln!(
        out,
        "webhook header {}",
        cdnsign::webhook::sign(
            "85011ed3a913c6ad5f9cf6c5573cc0a7",
            br#"{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957"}"#,
            NOW
        )?
    )?;
    Ok(())
}
