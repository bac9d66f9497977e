"""The store's part of `bench`: records per second loaded into SQLite and, given a server, PostgreSQL.

The records are copies of the bench's own extracted records, each with its
own id, so every one is a new statement (the load's slow path: all rows
written). Each server gets a fresh database: a new SQLite file, a scratch
database created on the PostgreSQL server and dropped afterwards, so a bench
never writes into a store someone uses.
"""
import json
import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tracker.store import schema
from tracker.store.database import database_message, open_store, shown_url
from tracker.store.load import load_files
from tracker.store.problems import StoreProblem

POSTGRES_ENV = "STATEMENT_TRACKER_TEST_PG"
LOAD_TARGET_PER_S = 2000
LINKED_RECORDS = 5000  # the load with its follow-up pass (what `store` does), timed on fewer records: copies of
# one statement link to each other (some 45 links a statement here, where a real store has a few), and writing
# those links is most of that load's time


def distinct_copies(lines: list[str], count: int, tag: str = "copy") -> list[str]:
    """`count` record lines made from `lines` in turn, the n-th with the id `<id>~<tag><n>`: all distinct."""
    records = [json.loads(line) for line in lines]
    if not records:
        raise ValueError("no records to copy")
    copies = []
    for number in range(count):
        record = records[number % len(records)] | {}
        record["id"] = f"{record['id']}~{tag}{number}"
        copies.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return copies


@contextmanager
def scratch_database(server_url: str, prefix: str = "scratch") -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of `server_url`, dropped on exit; yields its URL."""
    server = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except DBAPIError as error:
        admin.dispose()
        raise StoreProblem(f"{shown_url(server_url)}: cannot create a scratch database ({database_message(error)})") \
            from None
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def timed_load(url: str, records_file: Path, count: int, link: bool = False) -> dict:
    store = open_store(url)
    try:
        started = time.perf_counter()
        summary = load_files(store, [records_file], link=link)
        seconds = time.perf_counter() - started
        with store.reader.connect() as connection:
            links = connection.execute(select(func.count()).select_from(schema.FollowUp)).scalar()
    finally:
        store.dispose()
    if summary.added != count:
        raise RuntimeError(f"store bench: {summary.added} of {count} records were added")
    return {"records": count, "seconds": round(seconds, 2), "records_per_s": round(count / seconds, 1),
            "links": links}


def store_figures(record_lines: list[str], count: int, postgres_url: str | None = None) -> dict:
    """Load rates of `count` distinct records into a new SQLite file and, when given, PostgreSQL, without the
    follow-up linker; and into each with it (the load `store` does), on at most LINKED_RECORDS records."""
    postgres_url = postgres_url or os.environ.get(POSTGRES_ENV)
    with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
        records_file = Path(folder) / "records.jsonl"
        records_file.write_text("".join(line + "\n" for line in distinct_copies(record_lines, count)),
                                encoding="utf-8")
        figures = {"target_records_per_s": LOAD_TARGET_PER_S,
                   "sqlite": timed_load(f"sqlite:///{Path(folder) / 'tracker.db'}", records_file, count)}
        linked = min(count, LINKED_RECORDS)
        linked_file = Path(folder) / "linked.jsonl"
        linked_file.write_text("".join(line + "\n" for line in distinct_copies(record_lines, linked, "linked")),
                               encoding="utf-8")
        figures["sqlite_linked"] = timed_load(f"sqlite:///{Path(folder) / 'linked.db'}", linked_file, linked, link=True)
        if postgres_url:
            with scratch_database(postgres_url, prefix="bench") as url:
                figures["postgresql"] = timed_load(url, records_file, count)
            with scratch_database(postgres_url, prefix="bench") as url:
                figures["postgresql_linked"] = timed_load(url, linked_file, linked, link=True)
    return figures


def store_rows(figures: dict) -> list[tuple[str, str, str]]:
    """The bench table's rows: (figure, measured, target)."""
    sqlite = figures["sqlite"]
    rows = [(f"store load into SQLite, {sqlite['records']} records, no follow-up linking",
             f"{sqlite['records_per_s']:.0f} records/s", f">= {figures['target_records_per_s']}/s")]
    if "sqlite_linked" in figures:
        linked = figures["sqlite_linked"]
        rows.append((f"store load into SQLite with follow-up linking, {linked['records']} records "
                     f"({linked['links']} links)",
                     f"{linked['records_per_s']:.0f} records/s", f">= {figures['target_records_per_s']}/s"))
    if "postgresql" in figures:
        server = figures["postgresql"]
        rows.append((f"store load into PostgreSQL, {server['records']} records, no follow-up linking",
                     f"{server['records_per_s']:.0f} records/s", ""))
    if "postgresql_linked" in figures:
        linked = figures["postgresql_linked"]
        rows.append((f"store load into PostgreSQL with follow-up linking, {linked['records']} records "
                     f"({linked['links']} links)", f"{linked['records_per_s']:.0f} records/s", ""))
    else:
        rows.append(("store load into PostgreSQL", f"not measured (--store-url or {POSTGRES_ENV})", ""))
    return rows
