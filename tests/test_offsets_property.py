"""Properties that hold for every input: nothing raises, and every offset slices to its text."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.statement import Statement

pytestmark = pytest.mark.model

STATEMENT_WORDS = [
    "The", "committee", "decided", "to", "set", "up", "a", "cell", "within", "seven", "days", "by", "June",
    "30", "Rs", "9.4", "trillion", "crore", "lakh", "percent", "%", "directed", "the", "Ministry", "of",
    "Interior", "(MOI)", "Prime", "Minister", "Imran", "Khan", "chaired", "on", "Tuesday", "ISLAMABAD:",
    "It", "was", "approved", "that", "would", "be", "provided", "before", "end", "year", ",", ".", "\n",
    "“", "”", "-", "Khyber", "Pakhtunkhwa", "asked", "NDMA", "report", "next", "session", "$", "1,200",
]

statement_like = st.lists(st.sampled_from(STATEMENT_WORDS), max_size=60).map(" ".join)
any_text = st.text(max_size=300)


def assert_offsets_slice(record, text):
    for group in (record.entities, record.decisions, record.deadlines, record.targets, record.figures):
        for item in group:
            assert 0 <= item.start <= item.end <= len(text)
            assert text[item.start:item.end] == item.text
    for person in record.people:
        assert text[person.start:person.end] == person.name
    for decision in record.decisions:
        if decision.deadline is not None:
            assert text[decision.deadline.start:decision.deadline.end] == decision.deadline.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(statement_like, any_text), published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 12, 31))))
def test_every_span_slices_to_its_text_and_nothing_raises(extractor, text, published):
    record = extractor.extract(Statement(text=text, published=published))
    assert_offsets_slice(record, text)
