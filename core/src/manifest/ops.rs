//! The manifest operations as methods of the providers' signers and
//! verifiers, under the names the operation registry gives them
//! (`cloudfront.Signer.sign_manifest`, `mediacdn.Verifier.check_manifest`, …).

use crate::error::Result;
use crate::{cloudcdn, cloudfront, mediacdn};

use super::{check, sign, CheckReport, SignOptions, SignedManifest, Signer, Verifier};

impl cloudfront::Signer {
    /// Signs every reference of `manifest` with one custom policy over the
    /// coverage ([`crate::manifest::sign`] with [`Signer::CloudFront`]).
    pub fn sign_manifest(&self, manifest: &[u8], options: &SignOptions) -> Result<SignedManifest> {
        sign(manifest, &Signer::CloudFront(self), options)
    }
}

impl cloudcdn::Signer {
    /// Signs every reference of `manifest` with one `URLPrefix` signature
    /// ([`crate::manifest::sign`] with [`Signer::CloudCdn`]).
    pub fn sign_manifest(&self, manifest: &[u8], options: &SignOptions) -> Result<SignedManifest> {
        sign(manifest, &Signer::CloudCdn(self), options)
    }
}

impl mediacdn::TokenSigner {
    /// Signs every reference of `manifest` with one token: `URLPrefix`, or
    /// `PathGlobs=<coverage path>*` when `path_globs` is set
    /// ([`crate::manifest::sign`] with [`Signer::MediaCdn`] or
    /// [`Signer::MediaCdnPathGlobs`]).
    pub fn sign_manifest(
        &self,
        manifest: &[u8],
        options: &SignOptions,
        path_globs: bool,
    ) -> Result<SignedManifest> {
        let signer = if path_globs {
            Signer::MediaCdnPathGlobs(self)
        } else {
            Signer::MediaCdn(self)
        };
        sign(manifest, &signer, options)
    }
}

impl cloudfront::Verifier {
    /// Checks the credential every reference of the signed `manifest`
    /// (fetched from `url`) would send at `now` ([`crate::manifest::check`]).
    pub fn check_manifest(&self, manifest: &[u8], url: &str, now: i64) -> Result<CheckReport> {
        check(manifest, url, &Verifier::CloudFront(self), now)
    }
}

impl mediacdn::Verifier {
    /// Checks the credential every reference of the signed `manifest`
    /// (fetched from `url`) would send at `now` ([`crate::manifest::check`]).
    pub fn check_manifest(&self, manifest: &[u8], url: &str, now: i64) -> Result<CheckReport> {
        check(manifest, url, &Verifier::MediaCdn(self), now)
    }
}

impl cloudcdn::Verifier {
    /// Checks the credential every reference of the signed `manifest`
    /// (fetched from `url`) would send at `now` ([`crate::manifest::check`]).
    pub fn check_manifest(&self, manifest: &[u8], url: &str, now: i64) -> Result<CheckReport> {
        check(manifest, url, &Verifier::CloudCdn(self), now)
    }
}

#[cfg(test)]
mod tests {
    use crate::api::records::{to_json, ManifestCheck, SignedManifestRecord};
    use crate::cloudcdn;
    use crate::manifest::SignOptions;

    #[test]
    fn methods_and_records_match_the_json_the_cli_emits() {
        let key = cloudcdn::SigningKey::from_key_file("nZtRohdNF9m3cKM24IcK4w==").unwrap();
        let signer = cloudcdn::Signer::new("k", key.clone()).unwrap();
        let verifier = cloudcdn::Verifier::new().with_key("k", key).unwrap();
        let url = "https://media.example.com/v/7/index.m3u8";
        let playlist = b"#EXTM3U\n#EXTINF:4,\nseg-1.ts\n#EXTINF:4,\nseg-2.ts\n#EXT-X-ENDLIST\n";
        let signed = signer
            .sign_manifest(playlist, &SignOptions::new(url, 2_000_000_000))
            .unwrap();
        let record = SignedManifestRecord::from(&signed);
        assert_eq!(record.references.len(), 2);
        assert!(record.references[0]
            .rewritten
            .starts_with("seg-1.ts?URLPrefix="));
        assert_eq!(record.manifest.as_bytes(), &signed.manifest[..]);

        let report = verifier
            .check_manifest(&signed.manifest, url, 1_900_000_000)
            .unwrap();
        assert!(report.ok());
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&ManifestCheck::from(&report))).unwrap();
        assert_eq!(json, report.to_json());

        // the second reference's expiry moved: its signature no longer matches
        let at = record.manifest.rfind("Expires=2000000000").unwrap();
        let tampered = format!(
            "{}Expires=2000000001{}",
            &record.manifest[..at],
            &record.manifest[at + "Expires=2000000000".len()..]
        );
        let report = verifier
            .check_manifest(tampered.as_bytes(), url, 1_900_000_000)
            .unwrap();
        assert!(!report.ok());
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&ManifestCheck::from(&report))).unwrap();
        assert_eq!(json, report.to_json());
        assert_eq!(json["failed"], 1);
    }
}
