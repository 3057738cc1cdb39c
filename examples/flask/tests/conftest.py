import json

import pytest

from flask_example_support import API_KEY, NOW, WEBHOOK_SECRET, create_app, key, VideoStore  # noqa: F401


@pytest.fixture
def store():
    return VideoStore(":memory:")


@pytest.fixture
def config(store):
    return {
        "store": store,
        "api_keys": ["other-key", API_KEY],
        "cloudfront": {"key_pair_id": "K2JCJMDEHXQW5F", "private_key": key("cloudfront-rsa2048.pem"),
                       "cookie_domain": "example.com"},
        "stream": {"signing_key": json.loads(key("stream-key.json")), "customer_code": "f33zs165nr7gyfy4",
                   "webhook_secrets": ["new-secret-0000000000", WEBHOOK_SECRET]},
        "mediacdn": {"key_name": "key-1", "private_key": key("mediacdn-ed25519.seed.b64url-nopad"),
                     "url_prefix": "https://media.example.com/videos/"},
    }


@pytest.fixture
def client(config):
    app = create_app(config, now=lambda: NOW)
    app.testing = True
    return app.test_client()
