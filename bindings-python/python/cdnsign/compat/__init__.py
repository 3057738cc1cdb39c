"""Migration shims with the call signatures of the libraries users switch from.

- :mod:`cdnsign.compat.botocore`: ``CloudFrontSigner`` as in ``botocore.signers``.
"""
