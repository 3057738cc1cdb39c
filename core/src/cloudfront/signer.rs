//! The signer: a key-pair id and a parsed private key, minting signed URLs
//! and signed cookies.

use std::fmt;

use super::cookies::{CookieAttributes, SignedCookies};
use super::credential::HashAlgorithm;
use super::credential::Parameters;
use super::policy::{check_policy_limits, parse_policy, Policy, SignOptions};
use super::url::{append_params, check_url, shown, MAX_URL_LEN};
use crate::crypto::{EcPrivateKey, RsaPrivateKey};
use crate::encoding::cloudfront_b64_encode;
use crate::error::{Error, Result};
use crate::keys::{parse_private_key, KeyKind, PrivateKey, PublicKey};
use crate::wildcard;

/// The RSA size CloudFront accepts ("CloudFront supports signed URLs and
/// signed cookies with RSA 2048 or ECDSA 256 key signatures").
pub const RSA_BITS: usize = 2048;

/// Longest key-pair id accepted (CloudFront's are about 14-20 characters).
pub const MAX_KEY_PAIR_ID_LEN: usize = 128;

/// Signer settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignerOptions {
    /// SHA-1 (default) or SHA-256.
    pub hash_algorithm: HashAlgorithm,
    /// Accept RSA keys smaller than 2048 bits. Only for test vectors (the
    /// cross-SDK conformance set uses a 1024-bit key); CloudFront itself
    /// rejects such keys and they are breakable.
    pub allow_weak_rsa_for_tests: bool,
}

impl SignerOptions {
    /// The settings as every surface takes them: the hash algorithm by name
    /// (any case; `SHA1` when `None`), checked by [`HashAlgorithm::from_name`].
    pub fn named(hash_algorithm: Option<&str>, allow_weak_rsa_for_tests: bool) -> Result<Self> {
        Ok(SignerOptions {
            hash_algorithm: hash_algorithm
                .map(HashAlgorithm::from_name)
                .transpose()?
                .unwrap_or_default(),
            allow_weak_rsa_for_tests,
        })
    }
}

pub(crate) enum SigningKey {
    // Boxed: the pure-Rust RSA key is much larger than the EC one.
    Rsa(Box<RsaPrivateKey>),
    Ec(EcPrivateKey),
}

/// Checks a key-pair id: non-empty, at most 128 characters of `A-Z a-z 0-9 _ -`
/// (it goes into URLs and cookies unescaped).
pub(crate) fn check_key_pair_id(id: &str, field: &'static str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(
            field,
            format!("{field} is empty; it is the id CloudFront shows for your public key (like K2JCJMDEHXQW5F)"),
        ));
    }
    if id.len() > MAX_KEY_PAIR_ID_LEN {
        return Err(Error::invalid_input(
            field,
            format!(
                "{field} is {} characters; at most {MAX_KEY_PAIR_ID_LEN}",
                id.len()
            ),
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(Error::invalid_input(
            field,
            format!("{field} contains {c:?}; CloudFront key ids are letters and digits"),
        ));
    }
    Ok(())
}

/// Checks that a key is one CloudFront can use.
pub(crate) fn check_rsa_bits(bits: usize, allow_weak: bool) -> Result<()> {
    if bits == RSA_BITS || (allow_weak && bits < RSA_BITS) {
        return Ok(());
    }
    if bits < RSA_BITS {
        Err(Error::invalid_key(format!(
            "this RSA key has {bits} bits; CloudFront needs 2048-bit RSA (or ECDSA P-256), and smaller keys are breakable. Test vectors can opt in with allow_weak_rsa_for_tests"
        )))
    } else {
        Err(Error::invalid_key(format!(
            "this RSA key has {bits} bits; CloudFront accepts only 2048-bit RSA (or ECDSA P-256) public keys, so nothing signed with it would verify"
        )))
    }
}

/// Mints CloudFront signed URLs and cookies. Immutable, `Send + Sync`;
/// parse the key once and share the signer.
pub struct Signer {
    key_pair_id: String,
    key: SigningKey,
    hash: HashAlgorithm,
}

impl Signer {
    /// A signer from an already parsed key.
    pub fn new(key_pair_id: &str, key: PrivateKey, options: SignerOptions) -> Result<Self> {
        check_key_pair_id(key_pair_id, "key_pair_id")?;
        let key =
            match key {
                PrivateKey::Rsa(k) => {
                    check_rsa_bits(k.bits(), options.allow_weak_rsa_for_tests)?;
                    SigningKey::Rsa(Box::new(k))
                }
                PrivateKey::Ec(k) => SigningKey::Ec(k),
                PrivateKey::Ed25519(_) => return Err(Error::invalid_key(
                    "this is an Ed25519 key; CloudFront signs with RSA 2048 or ECDSA P-256 keys",
                )),
            };
        Ok(Signer {
            key_pair_id: key_pair_id.to_string(),
            key,
            hash: options.hash_algorithm,
        })
    }

    /// A signer from a PEM or DER private key (PKCS#1, PKCS#8, SEC1),
    /// with default options (SHA-1).
    pub fn from_pem(key_pair_id: &str, key: impl AsRef<[u8]>) -> Result<Self> {
        Self::from_pem_with(key_pair_id, key, None, SignerOptions::default())
    }

    /// A signer from a PEM or DER private key, possibly encrypted PKCS#8
    /// (`passphrase`), with options.
    pub fn from_pem_with(
        key_pair_id: &str,
        key: impl AsRef<[u8]>,
        passphrase: Option<&[u8]>,
        options: SignerOptions,
    ) -> Result<Self> {
        check_key_pair_id(key_pair_id, "key_pair_id")?;
        Self::new(
            key_pair_id,
            parse_private_key(key.as_ref(), passphrase)?,
            options,
        )
    }

    /// The key-pair (public key) id written into every credential.
    pub fn key_pair_id(&self) -> &str {
        &self.key_pair_id
    }

    /// SHA-1 or SHA-256.
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.hash
    }

    /// RSA or EC P-256.
    pub fn key_kind(&self) -> KeyKind {
        match self.key {
            SigningKey::Rsa(_) => KeyKind::Rsa,
            SigningKey::Ec(_) => KeyKind::EcP256,
        }
    }

    /// The public key to upload to CloudFront (and to give a [`super::Verifier`]).
    pub fn public_key(&self) -> PublicKey {
        match &self.key {
            SigningKey::Rsa(k) => PublicKey::Rsa(k.public_key().clone()),
            SigningKey::Ec(k) => PublicKey::Ec(k.public_key().clone()),
        }
    }

    /// Signs arbitrary policy bytes and returns the signature in CloudFront's
    /// base64 alphabet (`+`→`-`, `=`→`_`, `/`→`~`). RSA PKCS#1 v1.5 is
    /// deterministic; ECDSA is randomised.
    pub fn sign_policy(&self, policy: &[u8]) -> Result<String> {
        let digest = self.hash.digest();
        let raw = match &self.key {
            SigningKey::Rsa(k) => k.sign_pkcs1v15(digest, policy)?,
            SigningKey::Ec(k) => k.sign_der(digest, policy)?,
        };
        Ok(cloudfront_b64_encode(&raw))
    }

    /// A signed URL: `url` + `?`/`&` + `Expires=N&Signature=S&Key-Pair-Id=K`
    /// (canned) or `Policy=P&Signature=S&Key-Pair-Id=K` (custom), then
    /// `&Hash-Algorithm=SHA256` when signing with SHA-256. Canned URLs are
    /// byte-identical to botocore's.
    pub fn sign_url(&self, url: &str, options: &SignOptions) -> Result<String> {
        let policy = Policy::for_url(url, options)?;
        let params = self.parameters(
            &policy.to_json(),
            policy.is_canned().then(|| policy.expires()),
        )?;
        self.finish_url(url, &params)
    }

    /// A signed URL under a policy you wrote yourself (botocore's
    /// `generate_presigned_url(url, policy=...)`, the JS SDK's `policy`
    /// option). The policy must parse as a CloudFront policy, with times up
    /// to 2147483647 and a `Resource` beginning with `http://`, `https://` or
    /// `*` that covers `url`; its bytes are signed exactly as given.
    pub fn sign_url_with_policy(&self, url: &str, policy_json: &str) -> Result<String> {
        check_url(url, "url")?;
        check_own_policy(policy_json, Some(url))?;
        let params = self.parameters(policy_json, None)?;
        self.finish_url(url, &params)
    }

    /// Signed cookies for `resource`: the exact URL (canned policy) or a
    /// wildcard pattern such as `https://d111111abcdef8.cloudfront.net/videos/*`
    /// (custom policy). Comes back as name/value pairs and as `Set-Cookie`
    /// header values with the attributes in `cookie`. In auto mode only `*`
    /// makes the policy custom (the AWS CLI's rule): a lone `?` reads as a
    /// query string, so pass [`super::PolicyKind::Custom`] for `?` wildcards.
    pub fn sign_cookies(
        &self,
        resource: &str,
        options: &SignOptions,
        cookie: &CookieAttributes,
    ) -> Result<SignedCookies> {
        super::cookies::written(cookie).check()?;
        let policy = Policy::for_cookies(resource, options)?;
        let params = self.parameters(
            &policy.to_json(),
            policy.is_canned().then(|| policy.expires()),
        )?;
        SignedCookies::new(&params, cookie)
    }

    /// Signed cookies under a policy you wrote yourself (checked like
    /// [`Signer::sign_url_with_policy`], signed verbatim).
    pub fn sign_cookies_with_policy(
        &self,
        policy_json: &str,
        cookie: &CookieAttributes,
    ) -> Result<SignedCookies> {
        super::cookies::written(cookie).check()?;
        check_own_policy(policy_json, None)?;
        let params = self.parameters(policy_json, None)?;
        SignedCookies::new(&params, cookie)
    }

    fn parameters(&self, policy_json: &str, canned_expires: Option<i64>) -> Result<Parameters> {
        let signature = self.sign_policy(policy_json.as_bytes())?;
        Ok(Parameters {
            expires: canned_expires,
            policy: match canned_expires {
                Some(_) => None,
                None => Some(cloudfront_b64_encode(policy_json.as_bytes())),
            },
            signature,
            key_pair_id: self.key_pair_id.clone(),
            hash: self.hash,
        })
    }

    fn finish_url(&self, url: &str, params: &Parameters) -> Result<String> {
        let signed = append_params(url, &params.query());
        if signed.len() > MAX_URL_LEN {
            return Err(Error::invalid_input(
                "url",
                format!(
                    "the signed URL would be {} bytes; CloudFront refuses URLs over {MAX_URL_LEN} bytes (use signed cookies or a shorter URL)",
                    signed.len()
                ),
            ));
        }
        Ok(signed)
    }
}

fn check_own_policy(policy_json: &str, url: Option<&str>) -> Result<()> {
    let parsed = parse_policy(policy_json.as_bytes())
        .map_err(|e| Error::invalid_input("policy", e.message().to_string()))?;
    // The verifier's rules, so that nothing signed here is refused there.
    check_policy_limits(&parsed, None)
        .map_err(|e| Error::invalid_input("policy", e.message().to_string()))?;
    if let (Some(url), Some(resource)) = (url, parsed.resource.as_deref()) {
        if !wildcard::matches(resource, url) {
            return Err(Error::invalid_input(
                "policy",
                format!(
                    "the URL {} does not match the policy's resource {}, so CloudFront would answer 403",
                    shown(url),
                    shown(resource)
                ),
            ));
        }
    }
    Ok(())
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match &self.key {
            SigningKey::Rsa(k) => format!("RSA {} bits, <redacted>", k.bits()),
            SigningKey::Ec(_) => "EC P-256, <redacted>".to_string(),
        };
        f.debug_struct("Signer")
            .field("key_pair_id", &self.key_pair_id)
            .field("key", &key)
            .field("hash_algorithm", &self.hash)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_names() {
        assert_eq!(
            HashAlgorithm::from_name("sha-256").unwrap(),
            HashAlgorithm::Sha256
        );
        assert_eq!(
            HashAlgorithm::from_name("SHA1").unwrap(),
            HashAlgorithm::Sha1
        );
        let e = HashAlgorithm::from_name("MD5").unwrap_err();
        assert_eq!(e.field(), Some("hash_algorithm"));
        assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        assert!(HashAlgorithm::from_wire("sha256", "Hash-Algorithm").is_err());
        assert_eq!(HashAlgorithm::default().to_string(), "SHA1");
        assert_eq!(
            SignerOptions::named(None, false).unwrap(),
            SignerOptions::default()
        );
        let sha256 = SignerOptions::named(Some("sha256"), true).unwrap();
        assert_eq!(sha256.hash_algorithm, HashAlgorithm::Sha256);
        assert!(sha256.allow_weak_rsa_for_tests);
        let e = SignerOptions::named(Some("MD5"), false).unwrap_err();
        assert_eq!(e.field(), Some("hash_algorithm"));
    }

    #[test]
    fn key_pair_ids() {
        check_key_pair_id("K2JCJMDEHXQW5F", "key_pair_id").unwrap();
        check_key_pair_id("APKA9ONS7QCOWEXAMPLE", "key_pair_id").unwrap();
        for bad in ["", "K2&Signature=x", "K 2", "K\u{e9}", &"K".repeat(129)] {
            let e = check_key_pair_id(bad, "key_pair_id").unwrap_err();
            assert_eq!(e.field(), Some("key_pair_id"), "{bad}");
            assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        }
    }

    #[test]
    fn rsa_sizes() {
        check_rsa_bits(2048, false).unwrap();
        check_rsa_bits(1024, true).unwrap();
        assert_eq!(
            check_rsa_bits(1024, false).unwrap_err().code(),
            crate::ErrorCode::InvalidKey
        );
        assert!(check_rsa_bits(4096, true)
            .unwrap_err()
            .message()
            .contains("only 2048"));
    }
}
