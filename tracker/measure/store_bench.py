"""The store's part of `bench`: records per second loaded into SQLite and, given a server, PostgreSQL.

The records are copies of the bench's own extracted records, each with its
own id, so every one is a new statement (the load's slow path: all rows
written). Copies made alike would make the follow-up pass unlike a real
store's (every copy of a statement a perfect follow-up of the others, or, the
records being mostly undated, nothing to link at all), so they are made in
*series* (series_copies): the n-th copy of every record belongs to series n, a
replica of the corpus as the statements of another jurisdiction. Each name the
linker matches on (the meeting's body, decisions' actors and responsible
parties, organisations named) carries the series' tag ('federal cabinet
series7'), so a statement's candidate decisions are those of its own series;
a record with no meeting date gets a publication date, the k-th record of the
corpus week k from SERIES_START, so every statement has its place in time. A
series then links as the corpus does when all of it is dated. Each server gets
a fresh database: a new SQLite file, a scratch
database created on the PostgreSQL server and dropped afterwards, so a bench
never writes into a store someone uses.
"""
import datetime as dt
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
LINKED_RECORDS = 5000  # the load with its follow-up pass (what `store` does), timed on fewer records
SERIES_START = dt.date(2022, 1, 3)  # the publication date of a series' first undated record; the next ones weekly


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


def series_name(name: str | None, series: int) -> str | None:
    return None if name is None else f"{name} series{series}"


def series_copy(record: dict, position: int, series: int) -> dict:
    """Copy `series` of the `position`-th record: its own id, every name the linker matches on tagged with the
    series, a publication date when the meeting has no date (see the module docstring)."""
    made = json.loads(json.dumps(record))
    made["id"] = f"{record['id']}~series{series}"
    made["meeting"]["body"] = series_name(record["meeting"].get("body"), series)
    if not record["meeting"].get("date") and not record.get("published"):
        made["published"] = (SERIES_START + dt.timedelta(weeks=position)).isoformat()
    for decision in made["decisions"]:
        decision["actor"] = series_name(decision.get("actor"), series)
        decision["responsible"] = [series_name(party, series) for party in decision.get("responsible", [])]
    for entity in made["entities"]:
        if entity["label"] == "ORG":
            for field in ("text", "canonical", "acronym"):
                entity[field] = series_name(entity.get(field), series)
    return made


def series_copies(lines: list[str], count: int) -> list[str]:
    """`count` record lines: copy 0 of every record of `lines`, then copy 1 of each, ... (series_copy)."""
    records = [json.loads(line) for line in lines]
    if not records:
        raise ValueError("no records to copy")
    return [json.dumps(series_copy(records[number % len(records)], number % len(records), number // len(records)),
                       ensure_ascii=False, separators=(",", ":"))
            for number in range(count)]


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
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = load_files(store, [records_file], link=link)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        with store.reader.connect() as connection:
            links = connection.execute(select(func.count()).select_from(schema.FollowUp)).scalar()
    finally:
        store.dispose()
    if summary.added != count:
        raise RuntimeError(f"store bench: {summary.added} of {count} records were added")
    return {"records": count, "seconds": round(seconds, 2), "records_per_s": round(count / seconds, 1),
            "cpu_seconds": round(cpu_seconds, 2), "records_per_cpu_s": round(count / cpu_seconds, 1), "links": links}


def store_figures(record_lines: list[str], count: int, postgres_url: str | None = None) -> dict:
    """Load rates of `count` distinct records into a new SQLite file and, when given, PostgreSQL, without the
    follow-up linker; and into each with it (the load `store` does), on at most LINKED_RECORDS records."""
    postgres_url = postgres_url or os.environ.get(POSTGRES_ENV)
    with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
        records_file = Path(folder) / "records.jsonl"
        lines = series_copies(record_lines, count)
        records_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        figures = {"target_records_per_s": LOAD_TARGET_PER_S,
                   "sqlite": timed_load(f"sqlite:///{Path(folder) / 'tracker.db'}", records_file, count)}
        linked = min(count, LINKED_RECORDS)
        linked_file = Path(folder) / "linked.jsonl"
        linked_file.write_text("".join(line + "\n" for line in lines[:linked]), encoding="utf-8")
        figures["sqlite_linked"] = timed_load(f"sqlite:///{Path(folder) / 'linked.db'}", linked_file, linked, link=True)
        if postgres_url:
            with scratch_database(postgres_url, prefix="bench") as url:
                figures["postgresql"] = timed_load(url, records_file, count)
            with scratch_database(postgres_url, prefix="bench") as url:
                figures["postgresql_linked"] = timed_load(url, linked_file, linked, link=True)
    return figures


def rate(figure: dict) -> str:
    """Wall-clock rate, and the rate in the process's CPU time (what a shared machine's load does not move)."""
    return f"{figure['records_per_s']:.0f} records/s ({figure['records_per_cpu_s']:.0f}/s CPU)"


def store_rows(figures: dict) -> list[tuple[str, str, str]]:
    """The bench table's rows: (figure, measured, target)."""
    sqlite = figures["sqlite"]
    target = f">= {figures['target_records_per_s']}/s"
    rows = [(f"store load into SQLite, {sqlite['records']} records, no follow-up linking", rate(sqlite), target)]
    if "sqlite_linked" in figures:
        linked = figures["sqlite_linked"]
        rows.append((f"store load into SQLite with follow-up linking, {linked['records']} records "
                     f"({linked['links']} links)", rate(linked), target))
    if "postgresql" in figures:
        server = figures["postgresql"]
        rows.append((f"store load into PostgreSQL, {server['records']} records, no follow-up linking", rate(server), ""))
    if "postgresql_linked" in figures:
        linked = figures["postgresql_linked"]
        rows.append((f"store load into PostgreSQL with follow-up linking, {linked['records']} records "
                     f"({linked['links']} links)", rate(linked), ""))
    else:
        rows.append(("store load into PostgreSQL", f"not measured (--store-url or {POSTGRES_ENV})", ""))
    return rows
