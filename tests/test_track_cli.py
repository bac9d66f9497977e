"""`python cli.py track ...` on a real SQLite store, through click's CliRunner."""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from cli import cli, track
from models.tracker import DecisionChain, PersonHistory, TrackedDecision
from track_stores import APEX, add_followup, load_dicts, sqlite_store, sqlite_url, varied  # noqa: F401 (fixtures)


def run(*args: str):
    return CliRunner().invoke(cli, ["track", *args])


@pytest.fixture
def db(sqlite_store, sqlite_url) -> list[str]:
    return ["--db", sqlite_url]


def test_overdue_prints_an_aligned_table_with_days_over(db):
    result = run("overdue", "--as-of", "2026-01-01", "--body", "khyber pakhtunkhwa apex", *db)
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.output.splitlines()
    assert header.split()[:3] == ["ref", "date", "kind"] and "days over" in header
    assert set(rule) == {"-", " "}
    assert any(row.startswith(f"{APEX}#d3 ") for row in rows)
    assert all(len(row) <= len(rule) for row in rows)


def test_overdue_needs_the_day(db):
    result = run("overdue", *db)
    assert result.exit_code == 2 and "--as-of" in result.output


def test_a_day_that_is_not_a_date_is_a_usage_error(db):
    result = run("overdue", "--as-of", "31/12/2025", *db)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_decisions_as_json_are_the_api_models(db):
    result = run("decisions", "--search", "wheat import", "--format", "json", *db)
    assert result.exit_code == 0, result.output
    decisions = [TrackedDecision.model_validate(item) for item in json.loads(result.output)]
    assert decisions and all("wheat" in d.text.lower() for d in decisions)


def test_decisions_as_csv_are_one_row_each(db):
    result = CliRunner().invoke(cli, ["track", "decisions", "--kind", "directive", "--format", "csv", *db])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    as_json = json.loads(run("decisions", "--kind", "directive", "--format", "json", *db).stdout)
    assert [row["ref"] for row in rows] == [item["ref"] for item in as_json]
    assert {row["kind"] for row in rows} == {"directive"}


def test_a_full_page_says_how_to_see_more(db):
    result = CliRunner().invoke(cli, ["track", "decisions", "--limit", "3", *db])
    assert len(result.stdout.splitlines()) == 2 + 3
    assert "--limit" in result.stderr


def test_since_after_until_is_a_usage_error(db):
    result = run("decisions", "--since", "2025-06-01", "--until", "2025-01-01", *db)
    assert result.exit_code == 2 and "after until" in result.output


def test_a_search_of_no_words_is_a_usage_error(db):
    result = run("decisions", "--search", "!!", *db)
    assert result.exit_code == 2 and "no words" in result.output


def test_person_shows_roles_and_decisions(db):
    result = run("person", "Maryam Nawaz", "--format", "json", *db)
    history = PersonHistory.model_validate_json(result.output)
    assert history.name == "Maryam Nawaz Sharif" and history.roles and history.made


def test_followups_prints_the_chain(sqlite_store, db):
    load_dicts(sqlite_store, [varied(APEX, "kp-apex-2026-01", "2026-01-10")])
    add_followup(sqlite_store, f"{APEX}#d3", "kp-apex-2026-01", "done", evidence="unverified SIMs were blocked")
    table = run("followups", f"{APEX}#d3", *db)
    assert table.exit_code == 0 and "unverified SIMs were blocked" in table.output and " done " in table.output
    chain = DecisionChain.model_validate_json(run("followups", f"{APEX}#d3", "--format", "json", *db).output)
    assert [link.statement_id for link in chain.followups] == ["kp-apex-2026-01"]


def test_an_unknown_decision_is_an_error_naming_it(db):
    result = run("followups", "nowhere#d9", *db)
    assert result.exit_code == 1 and "'nowhere#d9'" in result.output


def test_a_reference_without_a_decision_id_is_a_usage_error(db):
    result = run("followups", APEX, *db)
    assert result.exit_code == 2 and "<statement id>#<decision id>" in result.output


def test_export_writes_one_file_per_table(db, tmp_path):
    result = run("export", str(tmp_path / "tables"), "--format", "csv", *db)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(
        f"{name}.csv" for name in ("statements", "meetings", "decisions", "responsibilities", "deadlines", "targets",
                                   "figures", "entities", "people", "followups"))


def test_a_missing_default_store_says_to_run_store_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outputs").mkdir()
    result = run("decisions")
    assert result.exit_code == 1
    assert "no store at outputs/tracker.db" in result.output and "python cli.py store" in result.output
    assert list((tmp_path / "outputs").iterdir()) == []


def test_a_database_that_does_not_answer_is_named(tmp_path):
    result = run("decisions", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert result.exit_code == 1 and "does not answer" in result.output


@pytest.mark.parametrize("name", sorted(track.commands))
def test_every_track_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0 and "Example: python cli.py track" in result.output
