"""`extract --db`: records go into the store with their statement text, and `--resume` asks the store what is
done. Runs the model on two small corpus files; on an SQLite file and on a real PostgreSQL database."""
import json
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from cli import cli
from store_support import ROOT, expected_by_key, stored_rows
from tracker.batch import workers as parallel
from tracker.store import schema

pytestmark = pytest.mark.model
STATEMENTS = ("sco_council.txt", "cabinet_committee_energy_saving.txt")


@pytest.fixture(autouse=True)
def loaded_pipeline(extractor, monkeypatch):
    """Let the CLI reuse the session's pipeline instead of loading the model per invocation."""
    monkeypatch.setitem(parallel.EXTRACTORS, None, extractor)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in STATEMENTS:
        shutil.copy(ROOT / "corpus" / name, folder / name)
    return folder


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def stored_statements(url: str) -> dict[str, tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(select(schema.Statement.id, schema.Statement.text, schema.Statement.record)).all()
    engine.dispose()
    return {statement_id: (text, record) for statement_id, text, record in rows}


def test_extract_db_stores_each_record_with_the_text_its_offsets_index(store_url, corpus):
    result = extract(corpus, "--db", store_url)
    assert result.exit_code == 0, result.output
    assert "2 records written into " in result.stderr
    stored = stored_statements(store_url)
    assert set(stored) == set(STATEMENTS)
    for name, (text, record_json) in stored.items():
        assert text == (corpus / name).read_text(encoding="utf-8")
        for decision in json.loads(record_json)["decisions"]:
            assert text[decision["start"]:decision["end"]] == decision["text"]


def test_extract_with_o_and_db_writes_the_same_records_to_both(store_url, corpus, tmp_path):
    output = tmp_path / "records.jsonl"
    result = extract(corpus, "-o", output, "--db", store_url)
    assert result.exit_code == 0, result.output
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert stored_rows(store_url) == expected_by_key(lines)


def test_extract_resume_with_db_skips_the_statements_the_store_holds(store_url, corpus):
    first = extract(corpus / STATEMENTS[0], "--db", store_url)
    assert first.exit_code == 0, first.output
    resumed = extract(corpus, "--db", store_url, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "1 record written into " in resumed.stderr and "1 already done (skipped)" in resumed.stderr
    assert set(stored_statements(store_url)) == set(STATEMENTS)


def test_extract_db_checks_the_store_before_loading_the_model(corpus):
    """A store that does not answer is the error, not the model named (which would take seconds to load)."""
    result = extract(corpus, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--model", "no_such_model")
    assert result.exit_code == 1
    assert "the database server does not answer" in result.output and "model" not in result.output
