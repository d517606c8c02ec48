"""Limits for real people, under the default settings: a classroom behind one NAT address is
served in full, while credential stuffing from one address is still blocked."""

from __future__ import annotations

import io

from api import create_app
from config import Settings
from tests.test_api_inputs import assert_problem

NAT = {"REMOTE_ADDR": "203.0.113.77"}
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.23"}
PEOPLE = 200
NOTES = b"# Osmosis\n\nWater moves through a membrane from the dilute side to the concentrated side.\n"


def test_200_people_behind_one_address_sign_up_upload_and_poll_without_a_429(base_settings: Settings) -> None:
    app = create_app(base_settings)  # the default limits, nothing raised for the test
    statuses: dict[str, list[int]] = {"register": [], "upload": [], "read": []}
    with app.test_client() as client:
        for n in range(PEOPLE):
            signed_up = client.post(
                "/api/v1/auth/register",
                json={"email": f"pupil{n}@school.example", "password": "correct horse battery"},
                environ_base=NAT,
            )
            statuses["register"].append(signed_up.status_code)
            headers = {"Authorization": f"Bearer {signed_up.get_json()['token']}"}
            uploaded = client.post(
                "/api/v1/documents",
                headers=headers,
                data={"file": (io.BytesIO(NOTES), "osmosis.md")},
                content_type="multipart/form-data",
                environ_base=NAT,
            )
            statuses["upload"].append(uploaded.status_code)
            job = client.get(f"/api/v1/jobs/{uploaded.get_json()['id']}", headers=headers, environ_base=NAT)
            statuses["read"].append(job.status_code)
    assert statuses == {"register": [201] * PEOPLE, "upload": [202] * PEOPLE, "read": [200] * PEOPLE}
    assert app.extensions["deckhand_security"].active_blocks() == []


def test_credential_stuffing_from_one_address_is_blocked(base_settings: Settings) -> None:
    app = create_app(base_settings)
    threshold = base_settings.abuse_ip_threshold
    with app.test_client() as client:
        bystander = client.post(
            "/api/v1/auth/register",
            json={"email": "teacher@school.example", "password": "correct horse battery"},
            environ_base=ELSEWHERE,
        )
        headers = {"Authorization": f"Bearer {bystander.get_json()['token']}"}
        answers = []
        for n in range(threshold + 5):  # a leaked list: another email and password every time
            answer = client.post(
                "/api/v1/auth/token",
                json={"email": f"victim{n}@example.com", "password": f"guess-{n}"},
                environ_base=NAT,
            )
            answers.append(answer.status_code)
        assert answers[: threshold - 1] == [401] * (threshold - 1)
        assert answers[-1] == 403
        assert_problem(client.get("/api/v1/decks", headers=headers, environ_base=NAT), 403, "blocked")
        assert client.get("/api/v1/decks", headers=headers, environ_base=ELSEWHERE).status_code == 200
    blocks = app.extensions["deckhand_security"].active_blocks()
    assert [(b.subject_kind, b.subject) for b in blocks] == [("ip", "203.0.113.77")]
