"""The follow-up linker (tracker/store/followups.py) on a real store, and the scorer's arithmetic.

Statements are extracted once per module by the real pipeline; each test loads
them into a fresh SQLite store (and a PostgreSQL one when
STATEMENT_TRACKER_TEST_PG holds a server URL, each test in its own database).
"""
import datetime as dt
import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text

from models.statement import Statement
from tracker.measure.followups import score_links
from tracker.store import followups, schema
from tracker.store.database import open_store
from tracker.store.load import Incoming, load_records

TEXTS = {
    "cabinet-1": ("2025-02-05", "ISLAMABAD: The federal cabinet on Tuesday directed the Ministry of Information "
                  "Technology to set up a National Cyber Emergency Response Team within 60 days, and approved "
                  "the rollout of the e-office system in all federal ministries by June 30."),
    "cabinet-2": ("2025-04-09", "ISLAMABAD: The National Cyber Emergency Response Team has been set up by the "
                  "Ministry of Information Technology, the federal cabinet was told on Tuesday.\n\nThe deadline "
                  "for the rollout of the e-office system in the federal ministries was extended to September 30."),
    "cabinet-2-revised": ("2025-04-09", "ISLAMABAD: The federal cabinet on Tuesday approved a new pay scale for "
                          "teachers of federal schools."),
    "punjab-1": ("2025-05-14", "LAHORE: The Punjab cabinet on Tuesday was told that the National Cyber Emergency "
                 "Response Team had been set up in the province's IT department, and that the e-office system "
                 "was now in use in all provincial departments."),
}


@pytest.fixture(scope="module")
def records(extractor):
    made = {}
    for name, (published, body) in TEXTS.items():
        statement_id = "cabinet-2" if name == "cabinet-2-revised" else name
        record = extractor.extract(Statement(text=body, id=statement_id, published=dt.date.fromisoformat(published)))
        made[name] = Incoming(record, record.model_dump_json(), body)
    return made


def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path}/tracker.db"


def postgresql_url(server_url):
    name = "followups_" + uuid.uuid4().hex[:10]
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


SERVERS = ["sqlite"] + (["postgresql"] if os.environ.get("STATEMENT_TRACKER_TEST_PG") else [])


@pytest.fixture(params=SERVERS)
def store_factory(request, tmp_path):
    opened = []

    def make():
        folder = tmp_path / str(len(opened))
        folder.mkdir()
        url = sqlite_url(folder) if request.param == "sqlite" else postgresql_url(os.environ["STATEMENT_TRACKER_TEST_PG"])
        opened.append(open_store(url))
        return opened[-1]

    yield make
    for store in opened:
        store.dispose()


def load(store, records, *names):
    load_records(store, [records[name] for name in names])


def links(store):
    """(earlier statement id, decision text, later statement id, status, new deadline), sorted."""
    earlier, later = schema.Statement.__table__.alias(), schema.Statement.__table__.alias()
    query = (select(earlier.c.id, schema.Decision.text, later.c.id, schema.FollowUp.status,
                    schema.FollowUp.new_deadline)
             .join(schema.Decision, schema.Decision.key == schema.FollowUp.decision_key)
             .join(earlier, earlier.c.key == schema.Decision.statement_key)
             .join(later, later.c.key == schema.FollowUp.later_statement_key))
    with store.reader.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(query))


def link_of(found, words):
    return next(link for link in found if words in link[1])


def test_a_done_report_links_with_status_done(store_factory, records):
    store = store_factory()
    load(store, records, "cabinet-1", "cabinet-2")
    assert link_of(links(store), "National Cyber Emergency Response Team")[2:4] == ("cabinet-2", "done")


def test_an_extension_gives_the_new_deadline(store_factory, records):
    store = store_factory()
    load(store, records, "cabinet-1", "cabinet-2")
    assert link_of(links(store), "e-office")[2:] == ("cabinet-2", "extended", dt.date(2025, 9, 30))


def test_another_bodys_similar_text_does_not_link(store_factory, records):
    store = store_factory()
    load(store, records, "cabinet-1", "punjab-1")
    assert [link for link in links(store) if link[2] == "punjab-1"] == []


def test_load_order_does_not_change_the_links(store_factory, records):
    forward, backward = store_factory(), store_factory()
    load(forward, records, "cabinet-1", "cabinet-2", "punjab-1")
    for name in ("punjab-1", "cabinet-2", "cabinet-1"):
        load(backward, records, name)
    assert links(forward) == links(backward) and len(links(forward)) == 2


def test_loading_again_adds_no_duplicate_links(store_factory, records):
    store = store_factory()
    load(store, records, "cabinet-1", "cabinet-2")
    before = links(store)
    load(store, records, "cabinet-2", "cabinet-1")
    assert links(store) == before and len(before) == 2


def test_a_new_version_of_the_later_statement_replaces_its_links(store_factory, records):
    store = store_factory()
    load(store, records, "cabinet-1", "cabinet-2")
    load(store, records, "cabinet-2-revised")
    assert links(store) == []


def gold_link(statement, words, later, status, new_deadline=None, start=0):
    return {"decision": {"statement": statement, "text": words}, "later_statement": later, "status": status,
            "new_deadline": new_deadline, "span": (start, start + len(words))}


def predicted_link(statement, start, end, later, status, new_deadline=None):
    return {"statement": statement, "span": (start, end), "later_statement": later, "status": status,
            "new_deadline": new_deadline, "score": 1.0, "evidence": "..."}


def test_the_scorer_counts_links_by_decision_overlap_and_later_statement():
    gold = [gold_link("a", "set up a cell", "b", "done", start=10),
            gold_link("a", "stockpile tents", "b", "extended", "2025-07-31", start=40),
            gold_link("a", "install sirens", "c", "repeated", start=70)]
    predicted = [predicted_link("a", 12, 20, "b", "done"),                     # overlaps the cell: right status
                 predicted_link("a", 40, 55, "b", "mentioned"),                 # the tents: wrong status
                 predicted_link("a", 70, 84, "b", "repeated"),                  # sirens, but the wrong later statement
                 predicted_link("a", 90, 99, "c", "done")]                      # overlaps no gold decision
    result = score_links(gold, predicted)
    assert (result["matched"], result["precision"], result["recall"]) == (2, 0.5, 2 / 3)
    assert result["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert result["status_accuracy"] == 0.5
    assert result["new_deadline_accuracy"] == 0.0


NAME_WORDS = st.sampled_from(["punjab", "apex", "committee", "cabinet", "federal", "ndma", "national", "disaster",
                              "management", "authority", "pac", "of", "the", "ecc", "nd", "series3"])
NAMES = st.lists(NAME_WORDS, min_size=1, max_size=5).map(" ".join)


@given(st.lists(NAMES, max_size=30), NAMES)
def test_the_name_shortlist_holds_every_stored_name_related_to_a_name(stored, name):
    minimum = followups.settings().min_name_length
    shortlist = followups.related_shortlist(stored)(name)
    assert {other for other in stored if followups.related(name, other, minimum)} <= shortlist


@pytest.mark.parametrize("sentence, status", [
    ("The cell was SET UP last week.", "done"),
    ("The Authority has Extended the drive.", "extended"),
    ("Le comité a créé la cellule; the cell was established.", "done"),  # not ASCII: searched case-insensitively
    ("The cell will be established.", "mentioned"),
    ("Nothing about it.", "mentioned"),
])
def test_a_status_cue_is_found_whatever_the_case_of_the_sentence(sentence, status):
    assert followups.status_of(sentence) == status
