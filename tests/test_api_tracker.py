"""The tracker's HTTP API (tracker/server/tracker_api.py) on a real SQLite store, through FastAPI's TestClient.

No model is loaded: the client is used without its lifespan, and the tracker endpoints never need one.
"""
import datetime as dt
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from models.tracker import BodySummary, DecisionChain, StatementView, TrackedDecision
from tracker.server.app import create_app
from track_stores import APEX, add_followup, load_dicts, real_record, sqlite_store, sqlite_url, varied  # noqa: F401


@pytest.fixture
def client(sqlite_store, sqlite_url) -> TestClient:
    return TestClient(create_app(store_url=sqlite_url))


def test_decisions_take_the_filter_as_query_parameters(client):
    response = client.get("/api/decisions", params={"body": "apex committee", "kind": "directive", "limit": 5})
    assert response.status_code == 200
    decisions = [TrackedDecision.model_validate(item) for item in response.json()]
    assert 0 < len(decisions) <= 5 and {d.kind for d in decisions} == {"directive"}


def test_decisions_search_with_words(client):
    decisions = client.get("/api/decisions", params={"search": "wheat import"}).json()
    assert decisions and all("wheat" in d["text"].lower() for d in decisions)


def test_a_bad_filter_is_a_422_in_words(client):
    response = client.get("/api/decisions", params={"since": "2025-06-01", "until": "2025-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"] == ("Invalid request: query: since (2025-06-01) is after until (2025-01-01): "
                                         "no day can match.")


def test_an_unknown_filter_name_is_refused(client):
    response = client.get("/api/decisions", params={"bodyy": "cabinet"})
    assert response.status_code == 422 and "bodyy" in response.json()["detail"]


def test_overdue_as_of_a_day(client):
    response = client.get("/api/overdue", params={"as_of": "2026-01-01", "body": "khyber pakhtunkhwa apex"})
    overdue = {item["ref"]: item for item in response.json()}
    assert overdue[f"{APEX}#d3"]["days_overdue"] == 19


def test_overdue_without_a_day_is_a_422(client):
    response = client.get("/api/overdue")
    assert response.status_code == 422 and "as_of" in response.json()["detail"]


def test_followups_of_a_url_encoded_reference(sqlite_store, client):
    load_dicts(sqlite_store, [varied(APEX, "kp-apex-2026-01", "2026-01-10")])
    add_followup(sqlite_store, f"{APEX}#d3", "kp-apex-2026-01", "extended", new_deadline=dt.date(2026, 2, 28))
    response = client.get(f"/api/decisions/{quote(APEX + '#d3', safe='')}/followups")
    chain = DecisionChain.model_validate(response.json())
    assert chain.decision.status == "extended"
    assert [str(link.new_deadline) for link in chain.followups] == ["2026-02-28"]


def test_a_statement_id_with_a_slash_is_found(sqlite_store, client):
    load_dicts(sqlite_store, [varied(APEX, "kp/2026/apex.txt", "2026-01-10")])
    assert client.get(f"/api/decisions/{quote('kp/2026/apex.txt#d1', safe='')}/followups").status_code == 200
    assert client.get("/api/statements/kp/2026/apex.txt").json()["id"] == "kp/2026/apex.txt"


def test_an_unknown_reference_is_a_404_naming_it(client):
    response = client.get(f"/api/decisions/{quote('gone#d1', safe='')}/followups")
    assert response.status_code == 404 and "'gone#d1'" in response.json()["detail"]


def test_a_statement_is_its_current_version_and_record(client):
    shown = StatementView.model_validate(client.get(f"/api/statements/{APEX}").json())
    assert (shown.version, shown.record) == (1, real_record(APEX))


def test_an_unknown_statement_is_a_404(client):
    assert client.get("/api/statements/not-there").status_code == 404


def test_bodies_summarise_each_body(client):
    bodies = [BodySummary.model_validate(item) for item in client.get("/api/bodies").json()]
    assert bodies and all(sum(b.by_month.values()) <= b.decisions for b in bodies)


def test_without_a_store_the_tracker_answers_503_saying_why():
    response = TestClient(create_app()).get("/api/bodies")
    assert response.status_code == 503 and "serve --db" in response.json()["detail"]


def test_a_missing_store_file_is_a_503_naming_it(tmp_path):
    response = TestClient(create_app(store_url=f"sqlite:///{tmp_path / 'none.db'}")).get("/api/decisions")
    assert response.status_code == 503 and "none.db" in response.json()["detail"]
    assert not (tmp_path / "none.db").exists()


def test_the_openapi_docs_describe_the_tracker_models():
    spec = TestClient(create_app()).get("/openapi.json").json()
    assert {"/api/decisions", "/api/overdue", "/api/decisions/{ref}/followups", "/api/statements/{statement_id}",
            "/api/bodies"} <= set(spec["paths"])
    assert {"TrackedDecision", "DecisionChain", "FollowUpLink", "BodySummary", "StatementView"} <= \
        set(spec["components"]["schemas"])
    overdue = spec["paths"]["/api/overdue"]["get"]
    assert {"as_of", "body", "actor", "responsible"} <= {p["name"] for p in overdue["parameters"]}
