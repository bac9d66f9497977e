"""Loading records: idempotent by (id, text hash), versioned, and all-or-nothing per file set on bad input.
Every test runs on an SQLite file and on a real PostgreSQL database."""
import datetime as dt
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from cli import cli
from store_support import expected_by_key, expected_rows, stored_rows, table_counts, with_changed_text, write_records
from tracker.store import schema
from models import Record
from tracker.store.load import (CHILD_TABLES, Incoming, check_file, decision_values, meeting_values, offset_pairs_json,
                                read_records, statement_values)
from tracker.store.problems import RecordProblem


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
    pairs = [list(pair) for pair in pairs]
    assert offset_pairs_json(pairs) == json.dumps(pairs)


def record_rows(incoming: Incoming) -> list[tuple]:
    """Every row the load makes of a record, keys and load time fixed."""
    fields, now = incoming.fields, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    decisions = fields.get("decisions", ())
    return ([statement_values(1, incoming, 1, True, now), meeting_values(1, fields)]
            + [decision_values(key, 1, decision) for key, decision in enumerate(decisions)]
            + [(key, party) for key, decision in enumerate(decisions) for party in decision.get("responsible", ())]
            + [child.values(1, item) for child in CHILD_TABLES for item in fields.get(child.items, ())])
    return rows


def left_at_defaults(line: str) -> str:
    record = json.loads(line)
    for name in ("source", "meeting", "schema_version", "published", "targets", "warnings"):
        record.pop(name, None)
    for item in record["entities"] + record["decisions"] + record["deadlines"] + record["people"] + record["figures"]:
        for name in ("canonical", "acronym", "mentions", "actor", "responsible", "deadline", "date", "decision_id",
                     "role", "unit"):
            item.pop(name, None)
    return json.dumps(record)


def converted_by_pydantic(line: str) -> str:
    """A record pydantic reads only by converting values: a number as text, a date as a date and time."""
    record = json.loads(line)
    record["published"] = "2024-02-03T00:00:00"
    for decision in record["decisions"]:
        decision["start"] = str(decision["start"])
    return json.dumps(record)


@pytest.mark.parametrize("shape", [lambda line: line, left_at_defaults, converted_by_pydantic],
                         ids=["as-extracted", "fields-left-at-defaults", "values-pydantic-converts"])
def test_a_checked_line_loads_the_rows_its_parsed_record_gives(record_lines, tmp_path, shape):
    lines = [shape(line) for line in record_lines]
    records = write_records(tmp_path / "records.jsonl", lines)
    loaded = list(read_records(records, check_file(records)))
    assert [record_rows(incoming) for incoming in loaded] == \
        [record_rows(Incoming(Record.model_validate_json(line), line)) for line in lines]
    assert [incoming.record_json for incoming in loaded] == lines


def test_a_line_changed_after_the_check_is_validated_again_when_loaded(record_lines, tmp_path):
    records = write_records(tmp_path / "records.jsonl", record_lines[:3])
    checked = check_file(records)
    changed = json.loads(record_lines[1]) | {"decisions": "none"}
    write_records(records, [record_lines[0], json.dumps(changed), record_lines[2]])
    with pytest.raises(RecordProblem, match=f"{records}:2: "):
        list(read_records(records, checked))
