"""Type-checked with `mypy --strict` by `make test-python`: the stubs must let
ordinary, correct use of the package type-check (stubtest checks they match
the runtime; this checks they are usable). Also run by pytest as a smoke test."""

from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

import cdnsign
from cdnsign import cloudfront


def cloudfront_usage(pem: str, pub: bytes) -> List[str]:
    signer = cloudfront.Signer("K2JCJMDEHXQW5F", pem, hash_algorithm="SHA256")
    expires = datetime.now(timezone.utc) + timedelta(hours=1)
    url: str = signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=expires)
    cookies: cloudfront.Cookies = signer.sign_cookies(
        "https://d111111abcdef8.cloudfront.net/v/*", expires=1767290400, domain=".example.com"
    )
    as_dict: Dict[str, str] = dict(cookies)
    verifier = cloudfront.Verifier({"K2JCJMDEHXQW5F": pub, "OTHER": signer})
    try:
        v: cloudfront.Verified = verifier.verify_url(url, client_ip="192.0.2.1")
        start: Optional[int] = v.starts
        print(v.expires + (start or 0), v.policy_json)
        verifier.verify_cookies("https://d111111abcdef8.cloudfront.net/v/a.ts", as_dict)
    except cdnsign.ExpiredError as e:
        code: str = e.code
        field: Optional[str] = e.field
        print(code, field, e.message)
    except cdnsign.VerificationError:
        pass
    return cookies.set_cookie_headers() + [cookies.cookie_header(), cdnsign.__version__]
