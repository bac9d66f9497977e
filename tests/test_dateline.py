"""dateline: the place and date a statement opens with, read once onto doc._.dateline."""
from datetime import date

import pytest
import spacy

from pipeline import extensions  # noqa: F401
from pipeline import dateline  # noqa: F401  (registers the factory)
from pipeline.dateline import read_datelines
from pipeline.lexicon import load_lexicon

MONTHS = load_lexicon().all_months


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline")
    return nlp


def test_the_dateline_component_puts_the_dateline_on_the_doc(blank):
    doc = blank.make_doc("ISLAMABAD, Oct 3 (APP): The cabinet met.")
    doc._.reference_date = date(2024, 10, 4)
    found = blank(doc)._.dateline.first()
    assert (found.city, found.date) == ("Islamabad", date(2024, 10, 3))


def test_a_dateline_date_never_follows_the_reference_date():
    found = read_datelines("KARACHI, Dec 31: The board met.", MONTHS, 2025, date(2025, 1, 2)).first()
    assert found.date == date(2024, 12, 31)


def test_a_title_case_city_before_a_colon_is_a_dateline_only_when_it_is_a_known_place():
    datelines = read_datelines("Islamabad: Interior Minister Mohsin Naqvi said ...", MONTHS, 2024)
    assert datelines.first() is None
    assert datelines.first(frozenset({"Islamabad"})).city == "Islamabad"


def test_capitals_datelines_give_their_words_as_places():
    datelines = read_datelines("RIO DE JANEIRO – G20 ministers agreed.", MONTHS, 2024)
    assert datelines.capital_places() == {("rio", "de", "janeiro")}


def test_only_the_opening_lines_hold_a_dateline():
    text = "\n".join(["The council met."] * 8 + ["KARACHI: later text"])
    assert read_datelines(text, MONTHS, 2024).first() is None
