"""Loading records: idempotent by (id, text hash), versioned, and all-or-nothing per file set on bad input.
Every test runs on an SQLite file and on a real PostgreSQL database."""
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from cli import cli
from store_support import expected_by_key, expected_rows, stored_rows, table_counts, with_changed_text, write_records
from tracker.store import schema
from tracker.store.load import offset_pairs_json


def store(url: str, *paths) -> "CliRunner.invoke":
    return CliRunner().invoke(cli, ["store", "--db", url, *map(str, paths)])


def test_each_record_becomes_a_statement_with_every_row_it_holds(store_url, record_lines, tmp_path):
    result = store(store_url, write_records(tmp_path / "records.jsonl", record_lines))
    assert result.exit_code == 0, result.output
    assert stored_rows(store_url) == expected_by_key(record_lines)


def test_loading_the_same_file_twice_changes_nothing(store_url, record_lines, tmp_path):
    records = write_records(tmp_path / "records.jsonl", record_lines)
    store(store_url, records)
    before = table_counts(store_url)
    again = store(store_url, records)
    assert again.exit_code == 0, again.output
    assert again.output.startswith(f"store: 0 added, 0 new versions, {len(record_lines)} unchanged in ")
    assert table_counts(store_url) == before


def test_a_changed_text_for_the_same_id_is_version_2_and_version_1_stays_queryable(store_url, record_lines, tmp_path):
    store(store_url, write_records(tmp_path / "first.jsonl", record_lines[:3]))
    changed = with_changed_text(record_lines[0])
    result = store(store_url, write_records(tmp_path / "second.jsonl", [changed, record_lines[1]]))
    assert result.output.startswith("store: 0 added, 1 new versions, 1 unchanged in ")
    engine = create_engine(store_url)
    with engine.connect() as connection:
        versions = connection.execute(
            select(schema.Statement.version, schema.Statement.is_current, schema.Statement.text_sha256)
            .where(schema.Statement.id == json.loads(changed)["id"]).order_by(schema.Statement.version)).all()
    engine.dispose()
    assert versions == [(1, False, json.loads(record_lines[0])["text_sha256"]),
                        (2, True, json.loads(changed)["text_sha256"])]
    assert stored_rows(store_url)[(json.loads(changed)["id"], json.loads(changed)["text_sha256"])] == \
        expected_rows(json.loads(changed))


def truncated(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines[:5]) + lines[5][: len(lines[5]) // 2]


def unknown_schema_version(lines: list[str]) -> str:
    record = json.loads(lines[3]) | {"schema_version": "9.0"}
    return "".join(line + "\n" for line in lines[:3]) + json.dumps(record) + "\n"


def error_record(lines: list[str]) -> str:
    error = json.dumps({"id": "broken.txt", "source": {"path": "corpus/broken.txt"}, "error": "not UTF-8"})
    return "".join(line + "\n" for line in lines[:2]) + error + "\n"


@pytest.mark.parametrize("make_bad, line, cause", [
    (truncated, 6, "the last line is cut short (a truncated file)"),
    (unknown_schema_version, 4, "record schema_version '9.0' is not one this version reads"),
    (error_record, 3, "an error record (an input that failed extraction), not a record"),
], ids=["truncated", "unknown-schema-version", "error-record"])
def test_a_bad_file_is_a_clear_error_naming_its_line_and_nothing_is_written(store_url, record_lines, tmp_path,
                                                                            make_bad, line, cause):
    good = write_records(tmp_path / "good.jsonl", record_lines[10:])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(make_bad(record_lines), encoding="utf-8")
    result = store(store_url, good, bad)
    assert result.exit_code == 1
    assert f"{bad}:{line}: {cause}" in result.output
    assert set(table_counts(store_url).values()) == {0}


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))))
def test_mentions_are_written_as_the_json_text_json_dumps_writes(pairs):
    assert offset_pairs_json(pairs) == json.dumps([list(pair) for pair in pairs])
