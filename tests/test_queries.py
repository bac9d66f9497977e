"""tracker.store.queries on real stores: SQLite always, PostgreSQL too when STATEMENT_TRACKER_TEST_PG is set."""
import csv
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from models.tracker import MAX_LIMIT, DecisionFilter
from tracker.store import queries, schema
from tracker.store.database import StoreProblem
from tracker.store.names import name_key
from track_stores import (  # noqa: F401 (fixtures)
    APEX,
    add_followup,
    fresh_pg_url,
    load_dicts,
    real_record,
    sqlite_store,
    sqlite_url,
    store,
    store_url,
    varied,
)

KP_APEX = "khyber pakhtunkhwa apex"
LATER = "kp-apex-2026-01"  # the same committee meeting again on 2026-01-10
DUE = dt.date(2025, 12, 13)  # APEX d2 and d3


def everything(**criteria) -> DecisionFilter:
    return DecisionFilter(limit=MAX_LIMIT, **criteria)


def refs(decisions) -> list[str]:
    return [decision.ref for decision in decisions]


def meet_again(store, day: str = "2026-01-10") -> None:
    load_dicts(store, [varied(APEX, LATER, day, {"d2": "2026-06-30", "d3": "2026-06-30", "d4": "2026-06-30"})])


def apex_overdue(store, as_of: dt.date, **criteria) -> dict:
    return {d.ref: d for d in queries.overdue(store, as_of, everything(body=KP_APEX, **criteria))}


# ---------------------------------------------------------------- find_decisions

def test_every_current_decision_is_found_once(store):
    found = queries.find_decisions(store, everything())
    with store.reader.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(schema.Decision)).scalar_one()
    assert len(found) == stored
    assert len(set(refs(found))) == stored


def test_a_changed_text_shows_only_its_current_version(store):
    changed = real_record(APEX)
    changed["text_sha256"] = "0" * 64
    changed["decisions"][0]["text"] = "orders a crackdown on unregistered SIM cards"
    load_dicts(store, [changed])
    found = [d for d in queries.find_decisions(store, everything()) if d.statement_id == APEX]
    assert len(found) == len(changed["decisions"])
    first = next(d for d in found if d.ref == f"{APEX}#d1")
    assert (first.version, first.text) == (2, "orders a crackdown on unregistered SIM cards")


def test_decisions_come_newest_first_and_undated_last(store):
    dates = [d.meeting_date for d in queries.find_decisions(store, everything())]
    dated = [day for day in dates if day]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [None] * (len(dates) - len(dated))


def test_body_matches_a_part_of_the_name_in_any_spelling(store):
    found = queries.find_decisions(store, everything(body="The APEX  committee"))
    bodies = {d.body for d in found}
    assert {"Khyber Pakhtunkhwa apex committee", "Punjab apex committee"} <= bodies
    assert all("apex committee" in name_key(body) for body in bodies)


def test_actor_matches_inside_a_longer_actor(store):
    found = queries.find_decisions(store, everything(actor="shehbaz SHARIF."))
    assert "Prime Minister Shehbaz Sharif" in {d.actor for d in found}
    assert all("shehbaz sharif" in name_key(d.actor) for d in found)


def test_responsible_matches_any_party_given_the_action(store):
    found = queries.find_decisions(store, everything(responsible="NDMA"))
    assert found
    assert all(any("ndma" in name_key(party) for party in d.responsible) for d in found)


def test_kind_keeps_only_that_kind(store):
    found = queries.find_decisions(store, everything(kind="commitment"))
    assert found and {d.kind for d in found} == {"commitment"}


def test_since_and_until_bound_the_meeting_date(store):
    found = queries.find_decisions(store, everything(since=dt.date(2025, 6, 1), until=dt.date(2025, 6, 30)))
    assert found
    assert all(dt.date(2025, 6, 1) <= d.meeting_date <= dt.date(2025, 6, 30) for d in found)


def test_a_statement_without_a_meeting_date_is_dated_by_its_publication(store):
    load_dicts(store, [varied(APEX, "apex-undated-meeting", None, published="2019-03-04")])
    found = queries.find_decisions(store, everything(until=dt.date(2019, 12, 31)))
    assert {d.statement_id for d in found} == {"apex-undated-meeting"}
    assert {d.meeting_date for d in found} == {dt.date(2019, 3, 4)}


def test_search_needs_every_word(store):
    both = queries.find_decisions(store, everything(search="wheat import"))
    wheat = queries.find_decisions(store, everything(search="wheat"))
    assert both and set(refs(both)) <= set(refs(wheat))
    assert all("wheat" in d.text.lower() and "import" in d.text.lower() for d in both)


def test_search_reads_operators_and_quotes_as_plain_words(store):
    found = queries.find_decisions(store, everything(search='wheat" OR NEAR(* -import'))
    assert all("wheat" in d.text.lower() for d in found)


def test_search_without_words_is_refused(store):
    with pytest.raises(queries.QueryProblem, match="no words"):
        queries.find_decisions(store, everything(search="?!"))


def test_limit_and_offset_page_through_the_same_order(sqlite_store):
    whole = refs(queries.find_decisions(sqlite_store, everything()))
    pages = [refs(queries.find_decisions(sqlite_store, DecisionFilter(limit=10, offset=start)))
             for start in (0, 10, 20)]
    assert sum(pages, []) == whole[:30]


def test_since_after_until_is_refused():
    with pytest.raises(ValueError, match="after until"):
        DecisionFilter(since=dt.date(2025, 2, 1), until=dt.date(2025, 1, 1))


# ---------------------------------------------------------------- overdue

def test_a_decision_past_its_deadline_without_followup_is_overdue(store):
    as_of = dt.date(2026, 1, 1)
    found = apex_overdue(store, as_of)
    assert found[f"{APEX}#d3"].days_overdue == (as_of - DUE).days
    assert found[f"{APEX}#d3"].status == "open"


def test_a_deadline_on_the_day_itself_is_not_yet_overdue(store):
    assert f"{APEX}#d3" not in apex_overdue(store, DUE)
    assert f"{APEX}#d3" in apex_overdue(store, DUE + dt.timedelta(days=1))


def test_the_longest_overdue_come_first(store):
    days = [d.days_overdue for d in queries.overdue(store, dt.date(2026, 1, 1), everything())]
    assert days and days == sorted(days, reverse=True)


def test_a_decision_reported_done_is_not_overdue(store):
    meet_again(store)
    add_followup(store, f"{APEX}#d3", LATER, "done")
    found = apex_overdue(store, dt.date(2026, 2, 1))
    assert f"{APEX}#d3" not in found and f"{APEX}#d2" in found


def test_a_decision_reported_dropped_is_not_overdue(store):
    meet_again(store)
    add_followup(store, f"{APEX}#d3", LATER, "dropped")
    assert f"{APEX}#d3" not in apex_overdue(store, dt.date(2026, 2, 1))


def test_done_reported_after_the_day_asked_about_is_not_known_yet(store):
    meet_again(store, "2026-01-10")
    add_followup(store, f"{APEX}#d3", LATER, "done")
    assert apex_overdue(store, dt.date(2026, 1, 5))[f"{APEX}#d3"].status == "open"


def test_an_extension_past_the_day_is_not_overdue(store):
    meet_again(store)
    add_followup(store, f"{APEX}#d3", LATER, "extended", new_deadline=dt.date(2026, 3, 31))
    assert f"{APEX}#d3" not in apex_overdue(store, dt.date(2026, 2, 1))


def test_a_passed_extension_counts_the_days_from_the_new_deadline(store):
    meet_again(store)
    add_followup(store, f"{APEX}#d3", LATER, "extended", new_deadline=dt.date(2026, 1, 20))
    late = apex_overdue(store, dt.date(2026, 2, 1))[f"{APEX}#d3"]
    assert (late.status, late.days_overdue) == ("extended", 12)


def test_a_repeated_decision_stays_overdue_with_its_status(store):
    meet_again(store)
    add_followup(store, f"{APEX}#d3", LATER, "repeated", later_decision="d3")
    assert apex_overdue(store, dt.date(2026, 2, 1))[f"{APEX}#d3"].status == "repeated"


def test_overdue_takes_the_decision_filters(store):
    found = apex_overdue(store, dt.date(2026, 1, 1), responsible="telecommunication authority")
    assert list(found) == [f"{APEX}#d3"]


def test_find_decisions_as_of_a_day_counts_days_overdue(store):
    found = {d.ref: d for d in queries.find_decisions(store, everything(body=KP_APEX, as_of=dt.date(2026, 1, 1)))}
    assert found[f"{APEX}#d3"].days_overdue == 19
    assert found[f"{APEX}#d1"].days_overdue is None


# ---------------------------------------------------------------- followups

def test_a_chain_lists_the_later_statements_oldest_first(store):
    meet_again(store, "2026-01-10")
    load_dicts(store, [varied(APEX, "kp-apex-2026-03", "2026-03-02")])
    add_followup(store, f"{APEX}#d3", "kp-apex-2026-03", "done", evidence="all unverified SIMs were blocked")
    add_followup(store, f"{APEX}#d3", LATER, "repeated", later_decision="d3", score=0.9)
    chain = queries.followups(store, f"{APEX}#d3")
    assert chain.decision.ref == f"{APEX}#d3" and chain.decision.status == "done"
    assert [(link.statement_id, link.status) for link in chain.followups] == [(LATER, "repeated"),
                                                                              ("kp-apex-2026-03", "done")]
    assert chain.followups[0].later_decision_ref == f"{LATER}#d3"
    assert chain.followups[1].evidence_text == "all unverified SIMs were blocked"
    assert chain.followups[0].reasons == {"shared_body": True, "similar_action": 0.9}


def test_a_decision_nothing_followed_has_an_empty_chain(sqlite_store):
    chain = queries.followups(sqlite_store, f"{APEX}#d1")
    assert chain.followups == [] and chain.decision.status == "open"


def test_an_unknown_reference_is_named(sqlite_store):
    with pytest.raises(queries.UnknownReference, match="no-such-statement#d1"):
        queries.followups(sqlite_store, "no-such-statement#d1")


def test_a_reference_without_a_decision_id_is_refused(sqlite_store):
    with pytest.raises(queries.QueryProblem, match="not a decision reference"):
        queries.followups(sqlite_store, APEX)


# ---------------------------------------------------------------- people, bodies, statements

def test_a_person_has_roles_in_date_order_and_the_decisions_made(store):
    history = queries.person_history(store, "shehbaz sharif")
    assert history.name == "Shehbaz Sharif"
    dated = [seen.date for seen in history.roles if seen.date]
    assert dated and dated == sorted(dated)
    assert {"Prime Minister"} == {seen.role for seen in history.roles}
    assert history.made and all("shehbaz sharif" in name_key(d.actor) for d in history.made)


def test_an_office_given_actions_has_them_as_given(sqlite_store):
    history = queries.person_history(sqlite_store, "Petroleum Division")
    assert history.given and all(any("petroleum division" in name_key(p) for p in d.responsible)
                                 for d in history.given)


def test_an_unknown_person_is_named(sqlite_store):
    with pytest.raises(queries.UnknownReference, match="Nobody Atall"):
        queries.person_history(sqlite_store, "Nobody Atall")


def test_bodies_join_spellings_and_count_decisions_per_month(store):
    summaries = {name_key(summary.body): summary for summary in queries.bodies(store)}
    apex = summaries["khyber pakhtunkhwa apex committee"]  # "... Apex Committee" (undated) and "... apex committee"
    undated = real_record("nap_apex_kp.txt")
    assert (apex.statements, apex.first, apex.last) == (2, dt.date(2025, 11, 13), dt.date(2025, 11, 13))
    assert apex.decisions == len(real_record(APEX)["decisions"]) + len(undated["decisions"])
    assert apex.by_month == {"2025-11": len(real_record(APEX)["decisions"])}


def test_a_statement_is_its_current_text_and_record(sqlite_store):
    shown = queries.statement(sqlite_store, APEX)
    assert (shown.id, shown.version) == (APEX, 1)
    assert shown.record == real_record(APEX)


# ---------------------------------------------------------------- export

def table_counts(store) -> dict[str, int]:
    with store.reader.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in queries.EXPORT_TABLES.items()}


def test_csv_export_writes_every_row_of_every_table(sqlite_store, tmp_path):
    meet_again(sqlite_store)
    add_followup(sqlite_store, f"{APEX}#d3", LATER, "done")
    counts = queries.export(sqlite_store, tmp_path / "tables", "csv")
    assert counts == table_counts(sqlite_store)
    for name, count in counts.items():
        with (tmp_path / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == count


def test_csv_export_writes_json_columns_as_json(sqlite_store, tmp_path):
    queries.export(sqlite_store, tmp_path, "csv")
    with (tmp_path / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        participants = [json.loads(row["participants"]) for row in csv.DictReader(handle)]
    assert real_record(APEX)["meeting"]["participants"] in participants


def test_parquet_export_keeps_rows_and_dates(sqlite_store, tmp_path):
    import pyarrow.parquet as pq

    counts = queries.export(sqlite_store, tmp_path, "parquet")
    decisions = pq.read_table(tmp_path / "decisions.parquet")
    assert decisions.num_rows == counts["decisions"]
    assert dt.date(2025, 12, 13) in decisions.column("deadline_date").to_pylist()
    assert {name: pq.read_table(tmp_path / f"{name}.parquet").num_rows for name in counts} == counts


# ---------------------------------------------------------------- opening

def test_a_missing_store_file_is_not_created_and_says_to_run_store(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(StoreProblem, match="cli.py store"):
        queries.open_existing(f"sqlite:///{path}")
    assert not path.exists()


def test_a_database_without_the_tracker_schema_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).close()
    with pytest.raises(StoreProblem, match="no statement-tracker store"):
        queries.open_existing(f"sqlite:///{path}")


def test_asking_a_store_leaves_its_file_as_it_was(sqlite_store, sqlite_url):
    import hashlib
    from pathlib import Path

    path = Path(sqlite_url.removeprefix("sqlite:///"))
    sqlite_store.dispose()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    reader = queries.open_existing(sqlite_url)
    queries.find_decisions(reader, DecisionFilter(search="wheat"))
    queries.overdue(reader, dt.date(2026, 1, 1))
    reader.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
