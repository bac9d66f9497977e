"""Real stores for the tracker's tests: outputs/records.jsonl (24 real records) loaded into SQLite, and into
PostgreSQL when STATEMENT_TRACKER_TEST_PG gives a server URL (a fresh database per test, dropped after;
nothing is started here). Varied copies of real records (other ids, dates, deadlines) make the overdue
cases; follow-up rows go in through SQLAlchemy, as the follow-up linker writes them.
"""
import json
import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from tracker.store import schema
from tracker.store.database import Store, open_store
from tracker.store.load import Incoming, load_files, load_records, parse_record

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "outputs" / "records.jsonl"
PG_ENV = "STATEMENT_TRACKER_TEST_PG"
APEX = "kp-apex-committee-sims"  # d2, d3 due 2025-12-13, d4 due 2025-12-15; met 2025-11-13


def real_record(record_id: str) -> dict:
    for line in RECORDS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return record
    raise LookupError(record_id)


def varied(record_id: str, new_id: str, meeting_date: str | None, deadlines: dict[str, str | None] | None = None,
           published: str | None = None) -> dict:
    """A real record under another id, met on another day, with some decisions' deadline dates changed."""
    record = real_record(record_id)
    record["id"] = new_id
    record["meeting"]["date"] = meeting_date
    record["published"] = published or meeting_date
    for decision in record["decisions"]:
        if decision["id"] in (deadlines or {}) and decision["deadline"]:
            decision["deadline"]["date"] = deadlines[decision["id"]]
    for deadline in record["deadlines"]:
        if deadline["decision_id"] in (deadlines or {}):
            deadline["date"] = deadlines[deadline["decision_id"]]
    return record


def load_dicts(store: Store, records: list[dict]) -> None:
    lines = [json.dumps(record) for record in records]
    load_records(store, [Incoming(parse_record(line, "test"), line) for line in lines], link=False)


def decision_key(connection, ref: str) -> int:
    statement_id, _, decision_id = ref.rpartition("#")
    return connection.execute(
        select(schema.Decision.key).join(schema.Statement, schema.Statement.key == schema.Decision.statement_key)
        .where(schema.Statement.id == statement_id, schema.Statement.is_current,
               schema.Decision.decision_id == decision_id)).scalar_one()


def add_followup(store: Store, ref: str, later_id: str, status: str, new_deadline=None, later_decision: str | None = None,
                 score: float = 0.8, evidence: str = "the registration was completed") -> None:
    """A row of `followups`, as the linker writes it: `ref` is mentioned by the current statement `later_id`."""
    with store.writer.begin() as connection:
        later_key = connection.execute(select(schema.Statement.key).where(
            schema.Statement.id == later_id, schema.Statement.is_current)).scalar_one()
        connection.execute(insert(schema.FollowUp).values(
            decision_key=decision_key(connection, ref), later_statement_key=later_key,
            later_decision_key=decision_key(connection, f"{later_id}#{later_decision}") if later_decision else None,
            status=status, score=score, evidence_text=evidence, evidence_start=0, evidence_end=len(evidence),
            new_deadline=new_deadline, reasons={"shared_body": True, "similar_action": score}))


def server_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """An empty database on the server STATEMENT_TRACKER_TEST_PG names, dropped after the test."""
    url = server_url()
    if url is None:
        pytest.skip(f"set {PG_ENV} to a PostgreSQL URL to run the PostgreSQL cases")
    name = f"track_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty store's URL, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def filled(url: str) -> Store:
    store = open_store(url)
    load_files(store, [RECORDS], link=False)  # the tests write the follow-ups they ask about
    return store


@pytest.fixture
def store(store_url) -> Iterator[Store]:
    """The 24 real records in a store, on each server."""
    opened = filled(store_url)
    yield opened
    opened.dispose()


@pytest.fixture
def sqlite_store(sqlite_url) -> Iterator[Store]:
    """The 24 real records in an SQLite store (for behaviour whose SQL is the same everywhere)."""
    opened = filled(sqlite_url)
    yield opened
    opened.dispose()
