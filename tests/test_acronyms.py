"""Acronym linking, scispacy-style: the pure functions and the component."""
import pytest
import spacy

from pipeline.abbreviations import find_abbreviations, initials_match, is_short_form, is_short_name_of
from pipeline.acronyms import in_both_forms, with_headline_short_name


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "short, words, expected",
    [
        ("PTA", ["Pakistan", "Telecommunication", "Authority"], True),
        ("MoMA", ["Ministry", "of", "Maritime", "Affairs"], True),
        ("PTA", ["Pakistan", "Television"], False),
        ("GEPCO", ["Gujranwala", "Electric", "Power", "Company"], True),  # 'CO'mpany
        ("DOH", ["Department", "of", "Health"], True),  # a stop word may give its initial
        ("DOTr", ["Department", "of", "Transportation"], True),
        ("IESCO", ["Islamabad", "Electric", "Supply", "Company"], True),
        ("GEPCO", ["Gujranwala", "Electric", "Company"], False),
    ],
)
def test_initials_spell_the_short_form(short, words, expected):
    assert initials_match(short, words) is expected


@pytest.mark.parametrize("text, expected", [("NDMA", True), ("MoMA", True), ("Pakistan", False), ("a", False)])
def test_short_form_shape(text, expected):
    assert is_short_form(text) is expected


def test_long_form_before_parenthesis_is_found(blank):
    doc = blank("Officials of the National Disaster Management Authority (NDMA) spoke.")
    assert [(lf.text, sf.text) for lf, sf in find_abbreviations(doc)] == [
        ("National Disaster Management Authority", "NDMA")
    ]


def test_a_hyphenated_short_form_may_leave_words_between_its_parts_out(blank):
    doc = blank("It was adopted by the Inter-Agency Task Force for the Management of Emerging Infectious "
                "Diseases (IATF-EID) on Monday.")
    assert [(lf.text, sf.text) for lf, sf in find_abbreviations(doc)] == [
        ("Inter-Agency Task Force for the Management of Emerging Infectious Diseases", "IATF-EID")
    ]


@pytest.mark.model
def test_the_first_part_of_a_hyphenated_short_form_names_the_same_body(nlp):
    doc = nlp("The Inter-Agency Task Force for the Management of Emerging Infectious Diseases (IATF-EID) met. "
              "The IATF later raised the alert.")
    assert doc._.acronyms["IATF"] == doc._.acronyms["IATF-EID"]


@pytest.mark.model
def test_acronym_linking_both_ways(nlp):
    doc = nlp("The Federal Water Board (FWB) met. Later the FWB issued a notice.")
    long_form = [e for e in doc.ents if e.text == "Federal Water Board"][0]
    shorts = [e for e in doc.ents if e.text == "FWB"]
    assert long_form._.acronym == "FWB"
    assert len(shorts) == 2 and all(s._.canonical == "Federal Water Board" for s in shorts)
    assert doc._.acronyms == {"FWB": "Federal Water Board"}
    assert all(e.label_ == "ORG" for e in [long_form, *shorts])


@pytest.mark.model
def test_plan_acronym_is_mapped_but_not_an_entity(nlp):
    doc = nlp("They reviewed the Digital Growth Plan (DGP) today.")
    assert doc._.acronyms == {"DGP": "Digital Growth Plan"}
    assert not any(e.text in ("DGP", "Digital Growth Plan") for e in doc.ents)


@pytest.mark.model
def test_later_mention_takes_the_long_forms_label(nlp):
    doc = nlp("The Gujranwala Electric Power Company (GEPCO) was listed. Losses in GEPCO fell to 9.4pc.")
    assert {(e.text, e.label_) for e in doc.ents if e.text == "GEPCO"} == {("GEPCO", "ORG")}


MAPPING = {"OGRA": "Oil and Gas Regulatory Authority"}


@pytest.mark.parametrize("name", ["OGRA", "Oil and Gas Regulatory Authority", "the Oil and Gas Regulatory Authority"])
def test_a_name_with_a_defined_acronym_is_given_in_both_forms(name):
    assert in_both_forms(name, MAPPING) == "Oil and Gas Regulatory Authority (OGRA)"


@pytest.mark.parametrize("name", ["the meeting", "Oil and Gas Regulatory Authority (OGRA)", None, "NEPRA"])
def test_a_name_without_a_defined_acronym_or_with_both_forms_stays_as_it_is(name):
    assert in_both_forms(name, MAPPING) == name


@pytest.mark.parametrize(
    "words, name, expected",
    [
        ("SC", "Supreme Court", True),
        ("SEBI board", "Securities and Exchange Board of India", True),  # a short form and a word of the name
        ("UP Cabinet", "Uttar Pradesh Cabinet", True),  # the capitals spell a run of the name's words
        ("KMC council", "council of the KMC", True),
        ("SBP", "Monetary Policy Committee", False),
        ("Senate panel", "Senate Standing Committee", False),  # no short form in it
        ("Govt", "Ministry of Interior", False),
    ],
)
def test_a_short_name_is_short_forms_and_words_of_the_long_one(words, name, expected):
    assert is_short_name_of(words, name) is expected


def test_a_headline_short_name_of_the_body_is_written_beside_the_bodys_name():
    assert with_headline_short_name("Supreme Court", "Supreme Court", "SC") == "Supreme Court (SC)"


def test_a_headline_subject_that_is_not_the_actor_adds_nothing():
    assert with_headline_short_name("Nawaz Sharif", "Supreme Court", "SC") is None


@pytest.mark.model
def test_a_headline_decision_carries_the_headlines_short_name_and_the_bodys(extractor):
    from models.statement import Statement

    text = ("SC rejects SBI plea for more time\n\nNEW DELHI, March 11: The Supreme Court on Monday dismissed the "
            "State Bank of India's application seeking more time to disclose the details of electoral bonds.\n")
    record = extractor.extract(Statement(id="sc", text=text))
    assert record.meeting.body == "Supreme Court"
    assert record.decisions[0].actor == "Supreme Court (SC)"


@pytest.mark.model
def test_an_entity_the_model_ran_into_the_bracket_leaves_the_short_form_its_own(nlp):
    doc = nlp("The Department of Health (DOH) reported 52 cases, and the Philippine National Police (PNP) will "
              "enforce the measures.")
    names = {e.text for e in doc.ents}
    assert {"Department of Health", "DOH", "Philippine National Police", "PNP"} <= names


@pytest.mark.model
def test_an_office_whose_holder_follows_is_no_entity_and_an_institution_is(nlp):
    office = nlp("Chief of Army Staff (COAS) General Syed Asim Munir attended the meeting.")
    institution = nlp("The committee asked the Auditor General of Pakistan (AGP) to audit the accounts.")
    assert not {"Chief of Army Staff", "COAS"} & {e.text for e in office.ents}
    assert "AGP" in {e.text for e in institution.ents}
