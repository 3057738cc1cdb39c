"""Signed HLS and DASH manifests (``cdnsign::manifest``): the result classes
of ``Signer.sign_manifest`` (:mod:`cdnsign.cloudfront`,
:mod:`cdnsign.cloudcdn`), ``TokenSigner.sign_manifest``
(:mod:`cdnsign.mediacdn`) and ``Verifier.check_manifest`` (all three)."""

from cdnsign._native import manifest as _native

SignedManifest = _native.SignedManifest
ManifestCheck = _native.ManifestCheck
MAX_MANIFEST_LEN: int = _native.MAX_MANIFEST_LEN

__all__ = ["SignedManifest", "ManifestCheck", "MAX_MANIFEST_LEN"]
