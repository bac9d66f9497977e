"""The store's schema: created on an empty database, migrated only when asked, refused when unknown.
Every test runs on an SQLite file and on a real PostgreSQL database."""
import os
import subprocess

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from cli import cli
from store_support import table_counts, write_records
from tracker.store import schema
from tracker.store.database import StoreProblem, alembic_config, current_revision, head_revision, open_store

RECORD_TABLES = {"statements", "meetings", "decisions", "responsibilities", "deadlines", "targets", "figures",
                 "entities", "people", "followups"}


def migrate_to(url: str, revision: str) -> None:
    """A store as an older version of statement-tracker left it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as connection:
        revision = current_revision(connection)
    engine.dispose()
    return revision


def test_an_empty_database_gets_every_table_at_the_newest_revision(store_url):
    open_store(store_url).dispose()
    engine = create_engine(store_url)
    assert RECORD_TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()
    assert revision_of(store_url) == head_revision()


def search_index_objects(difference) -> bool:
    """Each server's full-text index (migration 0002) is made in SQL of its own, not declared by the models."""
    text = repr(difference)
    return "decisions_fts" in text or "search" in text


def test_the_migrations_make_the_tables_and_indexes_the_models_declare(store_url):
    open_store(store_url).dispose()
    engine = create_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), schema.Base.metadata)
    engine.dispose()
    assert [difference for difference in differences if not search_index_objects(difference)] == []


def test_an_older_revision_is_refused_with_the_upgrade_hint_and_nothing_loaded(store_url, record_lines, tmp_path):
    migrate_to(store_url, "0001")
    records = write_records(tmp_path / "records.jsonl", record_lines)
    result = CliRunner().invoke(cli, ["store", "--db", store_url, str(records)])
    assert result.exit_code == 1
    assert "older than this version" in result.output and "store --upgrade" in result.output
    assert revision_of(store_url) == "0001"
    assert table_counts(store_url)["statements"] == 0


def test_store_upgrade_migrates_an_older_revision_and_loading_then_works(store_url, record_lines, tmp_path):
    migrate_to(store_url, "0001")
    upgraded = CliRunner().invoke(cli, ["store", "--upgrade", "--db", store_url])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"schema revision {head_revision()}" in upgraded.output
    assert revision_of(store_url) == head_revision()
    records = write_records(tmp_path / "records.jsonl", record_lines)
    loaded = CliRunner().invoke(cli, ["store", "--db", store_url, str(records)])
    assert loaded.exit_code == 0, loaded.output
    assert table_counts(store_url)["statements"] == len(record_lines)


def test_a_newer_unknown_revision_is_refused_naming_both_revisions(store_url):
    open_store(store_url).dispose()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreProblem, match=fr"revision 9999, newer .* \(up to {head_revision()}\)"):
        open_store(store_url)


def test_a_database_server_that_does_not_answer_is_a_clear_error(record_lines, tmp_path):
    records = write_records(tmp_path / "records.jsonl", record_lines)
    result = CliRunner().invoke(cli, ["store", "--db", "postgresql+psycopg://u@127.0.0.1:1/x", str(records)])
    assert result.exit_code == 1
    assert "127.0.0.1:1/x: the database server does not answer" in result.output
    assert "Traceback" not in result.output


def test_a_read_only_sqlite_file_is_a_clear_error_and_keeps_its_statements(record_lines, tmp_path):
    database = tmp_path / "tracker.db"
    url = f"sqlite:///{database}"
    first = write_records(tmp_path / "first.jsonl", record_lines[:10])
    assert CliRunner().invoke(cli, ["store", "--db", url, str(first)]).exit_code == 0
    database.chmod(0o444)
    if os.geteuid() == 0:  # permissions do not bind root; an immutable file does
        subprocess.run(["chattr", "+i", str(database)], check=True)
    try:
        rest = write_records(tmp_path / "rest.jsonl", record_lines[10:])
        result = CliRunner().invoke(cli, ["store", "--db", url, str(rest)])
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(database)], check=True)
    assert result.exit_code == 1
    assert "the database is read-only" in result.output and "fix its permissions" in result.output
    assert table_counts(url)["statements"] == 10


def test_the_default_store_is_outputs_tracker_db_and_its_folder_is_made(record_lines, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    records = write_records(tmp_path / "records.jsonl", record_lines)
    result = CliRunner().invoke(cli, ["store", str(records)])
    assert result.exit_code == 0, result.output
    assert result.output == f"store: {len(record_lines)} added, 0 new versions, 0 unchanged in " \
                            "sqlite:///outputs/tracker.db\n"
    assert (tmp_path / "outputs" / "tracker.db").is_file()


def test_store_without_files_or_upgrade_is_a_usage_error():
    result = CliRunner().invoke(cli, ["store"])
    assert result.exit_code == 2
    assert "give the record files to load, or --upgrade" in result.output


def test_store_has_help_with_an_example():
    result = CliRunner().invoke(cli, ["store", "--help"])
    assert result.exit_code == 0
    assert "Example: python cli.py store outputs/records.jsonl" in result.output
