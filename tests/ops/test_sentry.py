"""Sentry: off (never initialised) without SENTRY_DSN, on with both integrations when set; secrets scrubbed.

Each case runs in a child process: sentry_sdk.init patches Flask and Dramatiq process-wide.
"""

from __future__ import annotations

import json
import subprocess
import sys

from ops.sentry import REDACTED, before_send, scrub
from tests.stack import ROOT

PROBE = """
import json, sys
import sentry_sdk
from api import create_app
from config import load_settings
settings = load_settings(env="test", data_dir=sys.argv[1], redis_url=sys.argv[2], _env_file=None,
                         **json.loads(sys.argv[3]))
create_app(settings)
client = sentry_sdk.get_client()
on = sentry_sdk.is_initialized()
names = sorted(client.integrations) if on else []
pii = bool(client.options.get("send_default_pii")) if on else None
print(json.dumps({"initialised": on, "integrations": names, "pii": pii}))
"""


def probe(tmp_path, redis_url, **overrides):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data"), redis_url, json.dumps(overrides)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_off_when_sentry_dsn_is_unset(tmp_path, redis_url):
    assert probe(tmp_path, redis_url) == {"initialised": False, "integrations": [], "pii": None}


def test_on_with_flask_and_dramatiq_integrations_when_set(tmp_path, redis_url):
    found = probe(tmp_path, redis_url, sentry_dsn="http://public@127.0.0.1:9/1")
    assert found["initialised"] is True
    assert {"flask", "dramatiq"} <= set(found["integrations"])
    assert found["pii"] is False


def test_before_send_scrubs_secrets():
    event = {
        "request": {"headers": {"Authorization": "Bearer dh_abcdefghijklmnopqrstuvwxyz", "Accept": "x"}},
        "extra": {"password": "hunter2", "note": "key sk-proj-ABCDEFGHIJKLMNOPQRSTU in text"},
        "breadcrumbs": [{"message": "redis://user:s3cret@redis:6379/0 down"}],
    }
    scrubbed = before_send(event, {})
    assert scrubbed["request"]["headers"] == {"Authorization": REDACTED, "Accept": "x"}
    assert scrubbed["extra"]["password"] == REDACTED
    assert "sk-proj" not in scrubbed["extra"]["note"]
    assert "s3cret" not in scrubbed["breadcrumbs"][0]["message"]
    assert scrub({"count": 3, "items": ("a", 1)}) == {"count": 3, "items": ("a", 1)}
