"""The seeds the product was first described with, end to end, as the guideline reads them."""
from datetime import date

import pytest

from conftest import SEEDS
from models.statement import Statement

pytestmark = pytest.mark.model

NAP_COORDINATION_SEED = SEEDS / "003_e673693d8f3cce5a.txt"
APEX_COMMITTEE_SEED = SEEDS / "000_aa2dfc4a54fb6357.txt"


def extract_seed(extractor, path, published):
    return extractor.extract(Statement(text=path.read_text(encoding="utf-8"), id=path.name, published=published))


def find_decision(record, words):
    matches = [d for d in record.decisions if words in d.text]
    assert matches, f"no decision contains {words!r}; decisions: {[d.text for d in record.decisions]}"
    return matches[0]


@pytest.fixture(scope="module")
def nap_coordination(extractor):
    return extract_seed(extractor, NAP_COORDINATION_SEED, date(2024, 11, 26))


@pytest.fixture(scope="module")
def apex_committee(extractor):
    return extract_seed(extractor, APEX_COMMITTEE_SEED, date(2021, 9, 9))


def test_directive_to_report_within_seven_days_gets_its_calendar_deadline(nap_coordination):
    directive = find_decision(nap_coordination, "report their resource needs")
    assert directive.kind == "directive"
    assert directive.deadline is not None
    assert directive.deadline.text == "within seven days"
    assert directive.deadline.date == date(2024, 12, 3)


def test_directive_names_its_addressee(nap_coordination):
    directive = find_decision(nap_coordination, "report their resource needs")
    assert any("institutions" in party for party in directive.responsible)


def test_commitment_to_provide_tools_is_a_commitment(nap_coordination):
    assert find_decision(nap_coordination, "modern technological tools").kind == "commitment"


def test_emphasised_future_support_is_a_commitment(nap_coordination):
    assert find_decision(nap_coordination, "additional support").kind == "commitment"


def test_stressing_a_need_and_past_achievements_are_not_decisions(nap_coordination):
    texts = " | ".join(d.text for d in nap_coordination.decisions)
    assert "strengthen cooperation between" not in texts
    assert "has been established" not in texts
    assert "206 terrorists" not in texts


def test_deadline_is_listed_and_bound_to_its_decision(nap_coordination):
    deadline = next(d for d in nap_coordination.deadlines if d.text == "within seven days")
    directive = find_decision(nap_coordination, "report their resource needs")
    assert deadline.decision_id == directive.id


def test_next_session_is_not_a_calendar_date(nap_coordination):
    assert all(d.date is None for d in nap_coordination.deadlines if "next session" in d.text)


def test_operation_counts_are_figures_with_values(nap_coordination):
    values = {f.value for f in nap_coordination.figures}
    assert {206, 7984} <= values


def test_provinces_are_places_not_people(nap_coordination):
    labels = {e.text: e.label for e in nap_coordination.entities}
    assert labels.get("Khyber Pakhtunkhwa") == "GPE"
    assert labels.get("Balochistan") == "GPE"


def test_minister_is_a_person_with_his_role(nap_coordination):
    people = {p.name: p.role for p in nap_coordination.people}
    assert people.get("Mohsin Naqvi") == "Interior Minister"


def test_acronym_is_linked_to_its_expansion(nap_coordination):
    pta = next(e for e in nap_coordination.entities if e.text == "PTA")
    assert pta.canonical is not None and pta.canonical.endswith("Pakistan Telecommunication Authority")


def test_apex_committee_decides_to_establish_performance_indicators(apex_committee):
    decision = find_decision(apex_committee, "key performance indicators")
    assert decision.kind == "decision"
    assert decision.text.startswith("establish")


def test_passive_decision_after_the_clause_is_found(apex_committee):
    find_decision(apex_committee, "National Crisis Information Management Cell")


def test_reviews_are_not_decisions(apex_committee):
    assert not any(d.text.startswith("reviewed") for d in apex_committee.decisions)


def test_every_item_points_at_its_words(apex_committee, nap_coordination):
    for record, path in ((apex_committee, APEX_COMMITTEE_SEED), (nap_coordination, NAP_COORDINATION_SEED)):
        text = path.read_text(encoding="utf-8")
        for group in (record.entities, record.decisions, record.deadlines, record.targets, record.figures):
            for item in group:
                assert text[item.start:item.end] == item.text
