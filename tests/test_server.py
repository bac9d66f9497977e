"""The HTTP API: records for statements, limits and bad input answered in words, never a 500."""
import hashlib
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Record, Source
from models.schema import record_json_schema
from models.statement import Statement
from tracker.io.inputs import statement_from_bytes
from tracker.server.app import Limits, create_app, readable_errors, running_server

pytestmark = pytest.mark.model

STATEMENT = (
    "ISLAMABAD: The federal cabinet on Tuesday directed the Ministry of Finance to submit a plan "
    "within 15 days. Prime Minister Shehbaz Sharif chaired the meeting, which approved Rs 9.4 trillion."
)
SMALL = Limits(max_body_bytes=4_000, max_chars=1_000, max_batch=3)


@pytest.fixture(scope="module")
def client(extractor):
    return TestClient(create_app(extractor))


@pytest.fixture(scope="module")
def small_client(extractor):
    return TestClient(create_app(extractor, limits=SMALL))


def located_items(record: dict) -> list[dict]:
    kinds = ("entities", "decisions", "deadlines", "targets", "figures")
    return [item for kind in kinds for item in record[kind]]


# ---------------------------------------------------------------- answers

def test_extract_answers_a_record_whose_items_point_at_the_text(client):
    response = client.post("/api/extract", json={"text": STATEMENT, "published": "2024-11-26"})

    assert response.status_code == 200
    record = Record.model_validate(response.json())
    assert record.published.isoformat() == "2024-11-26"
    assert record.entities
    for item in located_items(response.json()):
        assert STATEMENT[item["start"]:item["end"]] == item["text"]


def test_extract_answers_the_same_record_as_the_library(client, extractor):
    response = client.post("/api/extract", json={"text": STATEMENT, "published": "2024-11-26", "id": "cab-1"})

    expected = extractor.extract(Statement(text=STATEMENT, id="cab-1", published=date(2024, 11, 26)))
    assert response.json() == expected.model_dump(mode="json")


@pytest.mark.parametrize("body, expected_id", [
    ({"text": STATEMENT}, "api"),
    ({"text": STATEMENT, "id": "release-7"}, "release-7"),
])
def test_extract_names_the_record_by_the_given_id_or_api(client, body, expected_id):
    assert client.post("/api/extract", json=body).json()["id"] == expected_id


def test_offsets_index_the_text_as_sent_even_with_crlf_and_non_ascii(client):
    text = "PESHAWAR – The provincial cabinet\r\n\r\ndirected the “health department” to hire 300 doctors by June 30."
    record = client.post("/api/extract", json={"text": text, "published": "2024-11-26"}).json()

    assert record["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    for item in located_items(record):
        assert text[item["start"]:item["end"]] == item["text"]


def test_html_is_extracted_from_its_visible_text_as_on_the_command_line(client, extractor):
    html = "<html><body><p>The cabinet directed the Ministry of Finance to report within 15 days.</p></body></html>"
    answer = client.post("/api/extract", json={"text": html, "published": "2024-11-26", "id": "page"}).json()
    statement = statement_from_bytes(html.encode(), "page", date(2024, 11, 26), Source(), False, 1_000_000)

    expected = json.loads(extractor.extract(statement).model_dump_json())

    assert {**answer, "source": None} == {**expected, "source": None}  # the API has no bytes, so no encoding
    assert answer["source"]["format"] == "html"


def test_text_of_control_characters_is_422_as_on_the_command_line(client):
    response = client.post("/api/extract", json={"text": "\x01\x02\x03 cabinet \x04\x05\x06"})

    assert response.status_code == 422
    assert "looks binary" in response.json()["detail"]


def test_batch_answers_one_record_per_statement_in_order(client):
    body = [{"text": "The ECC approved Rs 5 billion."}, {"text": STATEMENT, "id": "second"},
            {"text": "The committee met in Lahore."}]

    records = client.post("/api/extract/batch", json=body).json()

    assert [r["id"] for r in records] == ["1", "second", "3"]
    assert [r["text_sha256"] for r in records] == [
        hashlib.sha256(item["text"].encode()).hexdigest() for item in body
    ]


def test_schema_is_the_record_json_schema(client):
    assert client.get("/api/schema").json() == record_json_schema()


def test_healthz_says_ok_with_model_and_limits(small_client):
    health = small_client.get("/healthz").json()

    assert health["status"] == "ok"
    assert health["model"]
    assert health["limits"] == {"max_body_bytes": 4_000, "max_chars": 1_000, "max_batch": 3}


def test_openapi_documents_the_api_with_the_record_model(client):
    spec = client.get("/openapi.json").json()

    assert {"/api/extract", "/api/extract/batch", "/api/schema", "/healthz"} <= set(spec["paths"])
    assert "Record" in spec["components"]["schemas"]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_every_asset_from_the_app_itself(client, path):
    html = client.get(path).text

    assert "cdn" not in html.lower() and "https://" not in html
    assets = [part.split('"')[0] for part in html.split('src="')[1:]] + \
             [part.split('"')[0] for part in html.split('href="')[1:]]
    assert assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_page_and_its_assets_are_served(client):
    page = client.get("/")

    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for asset in ("/static/app.js", "/static/app.css", "/static/favicon.svg"):
        assert asset in page.text
        assert client.get(asset).status_code == 200


# ---------------------------------------------------------------- bad input, in words

@pytest.mark.parametrize("body, content_type, words", [
    (b"", "application/json", "request body: Field required"),
    (b"{", "application/json", "not valid JSON"),
    (b'{"text": "a",}', "application/json", "not valid JSON"),
    (b"\xff\xfe\x00", "application/json", "not valid JSON"),
    (b"[]", "application/json", "valid dictionary"),
    (b"null", "application/json", "valid dictionary"),
    (b'{"text": ""}', "application/json", "the text is empty"),
    (b'{"text": "   \\n  "}', "application/json", "the text is empty"),
    (b'{"text": 12}', "application/json", "text: Input should be a valid string"),
    (b'{"text": "a\\ud800b"}', "application/json", "unpaired surrogate"),
    (b'{"text": "x", "published": "2024-13-01"}', "application/json", "published:"),
    (b'{"text": "x", "published": "last week"}', "application/json", "published:"),
    (b'{"text": "x", "colour": "red"}', "application/json", "colour: Extra inputs are not permitted"),
    (b'{"text": "x"}', "text/plain", "Content-Type: application/json"),
])
def test_bad_body_is_422_with_a_readable_sentence(client, body, content_type, words):
    response = client.post("/api/extract", content=body, headers={"content-type": content_type})

    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert response.json()["detail"].startswith("Invalid request: ")


@pytest.mark.parametrize("body, words", [
    ([], "at least 1 item"),
    ([{"text": "a"}] * 4, "at most 3 items"),
    ([{"text": "fine"}, {"text": ""}], "item 2, text: the text is empty"),
    ({"text": "not a list"}, "valid list"),
])
def test_bad_batch_is_422_naming_the_item(small_client, body, words):
    response = small_client.post("/api/extract/batch", json=body)

    assert response.status_code == 422
    assert words in response.json()["detail"]


def test_body_over_the_byte_limit_is_413(small_client):
    response = small_client.post("/api/extract", json={"text": "word " * 2_000})

    assert response.status_code == 413
    assert "larger than the limit of 4,000 bytes" in response.json()["detail"]


def test_body_over_the_limit_without_a_length_header_is_413(small_client):
    def chunks():
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    response = small_client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})

    assert response.status_code == 413


def test_text_over_the_character_limit_is_413_in_words(small_client):
    response = small_client.post("/api/extract", json={"text": "é" * 1_500})

    assert response.status_code == 413
    assert "1,500 characters long; the limit is 1,000" in response.json()["detail"]


def test_readable_errors_count_items_from_one():
    detail, errors = readable_errors([{"loc": ("body", 0, "text"), "msg": "Value error, too short", "type": "value_error"}])

    assert detail == "Invalid request: item 1, text: too short."
    assert errors == [{"loc": ["body", "0", "text"], "msg": "too short", "type": "value_error"}]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values | st.fixed_dictionaries({"text": st.text(max_size=200)}, optional={"published": json_values}))
def test_no_json_body_gets_a_500(client, body):
    response = client.post("/api/extract", content=json.dumps(body), headers={"content-type": "application/json"})

    assert response.status_code in (200, 413, 422)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300))
def test_no_byte_string_body_gets_a_500(client, body):
    response = client.post("/api/extract", content=body, headers={"content-type": "application/json"})

    assert response.status_code in (200, 413, 422)


# ---------------------------------------------------------------- concurrency, on a real server

def numbered_statement(n: int) -> str:
    return (f"LAHORE: The provincial cabinet directed the Health Department to hire {n + 100} doctors "
            f"within {n % 20 + 2} days and approved Rs {n + 1} billion for {n + 3} hospitals.")


def test_fifty_concurrent_requests_are_all_answered_correctly(extractor):
    texts = [numbered_statement(n) for n in range(50)]
    expected = [extractor.extract(Statement(text=t, id=f"c{n}", published=date(2024, 11, 26))).model_dump(mode="json")
                for n, t in enumerate(texts)]
    start_together = threading.Barrier(50)

    with running_server(create_app(extractor)) as base_url:
        def ask(n: int) -> tuple[int, dict]:
            with httpx.Client(base_url=base_url, timeout=120) as http:
                start_together.wait()
                response = http.post("/api/extract", json={"text": texts[n], "id": f"c{n}", "published": "2024-11-26"})
                return response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(ask, range(50)))

    assert [status for status, _ in answers] == [200] * 50
    assert [record for _, record in answers] == expected


# ---------------------------------------------------------------- the serve command

def test_serve_refuses_a_taken_port_in_words():
    from cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])

    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_serve_listens_only_on_this_machine_by_default():
    from cli import cli

    host_option = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host_option.default == "127.0.0.1"
