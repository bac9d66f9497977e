"""Loads are transactions: a killed load leaves each statement whole or absent; two loads at once neither fail
nor duplicate. Real `python cli.py store` processes, on an SQLite file and on a real PostgreSQL database."""
import signal
import subprocess
import time

from sqlalchemy import create_engine, func, select

from store_support import ROOT, expected_by_key, run_store, store_command, stored_rows, write_records
from tracker.measure.store_bench import distinct_copies
from tracker.store import schema
from tracker.store.database import open_store

KILLED_LOAD_RECORDS = 400
KILLED_LOAD_BATCH = 20


def statement_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(schema.Statement)).scalar()


def kill_once_something_is_committed(process: subprocess.Popen, url: str) -> None:
    engine = create_engine(url)
    try:
        while process.poll() is None and statement_count(engine) == 0:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        engine.dispose()


def test_a_killed_load_leaves_every_statement_whole_and_loading_again_finishes_it(store_url, record_lines, tmp_path):
    lines = distinct_copies(record_lines, KILLED_LOAD_RECORDS, tag="killed")
    records = write_records(tmp_path / "records.jsonl", lines)
    open_store(store_url).dispose()  # the schema first, so the watcher can count from the start
    process = subprocess.Popen(store_command(store_url, records, batch=KILLED_LOAD_BATCH), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_once_something_is_committed(process, store_url)
    assert process.returncode == -signal.SIGKILL
    expected = expected_by_key(lines)
    after_kill = stored_rows(store_url)
    assert 0 < len(after_kill) < len(lines)
    assert after_kill == {key: expected[key] for key in after_kill}
    finished = run_store(store_url, records)
    assert finished.returncode == 0, finished.stderr
    assert stored_rows(store_url) == expected


def test_two_loads_of_overlapping_files_at_once_neither_fail_nor_duplicate(store_url, record_lines, tmp_path):
    lines = distinct_copies(record_lines, 300, tag="both")
    first = write_records(tmp_path / "first.jsonl", lines[:200])
    second = write_records(tmp_path / "second.jsonl", lines[100:])
    loads = [subprocess.Popen(store_command(store_url, path, batch=50), cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for path in (first, second)]
    outcomes = [load.communicate() + (load.returncode,) for load in loads]
    assert [code for _, _, code in outcomes] == [0, 0], [error for _, error, _ in outcomes]
    assert stored_rows(store_url) == expected_by_key(lines)
    engine = create_engine(store_url)
    with engine.connect() as connection:
        versions = set(connection.execute(select(schema.Statement.version, schema.Statement.is_current)).all())
    engine.dispose()
    assert versions == {(1, True)}
