"""people: each named person once, without title or rank, with the role the statement gives."""
import pytest

from pipeline.people import load_vocab, roles_agree, singular_role

VOCAB = load_vocab()


def people_of(nlp, text):
    return [(p.name.text, p.role) for p in nlp(text)._.people]


# ---------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    "plural, singular",
    [
        ("federal ministers", "federal minister"),
        ("Federal ministers", "Federal minister"),
        ("Senators", "Senator"),
        ("MNAs", "MNA"),
        ("Interior Minister", "Interior Minister"),
        ("Members of the Provincial Assembly", "Member of the Provincial Assembly"),
        ("Chairman Joint Chiefs of Staff Committee", "Chairman Joint Chiefs of Staff Committee"),
    ],
)
def test_a_plural_title_heading_a_list_is_made_singular(plural, singular):
    assert singular_role(plural, VOCAB) == singular


@pytest.mark.parametrize(
    "first, other, agree",
    [
        ("Interior Minister", "Minister", True),
        ("Interior Minister", None, True),
        ("Prime Minister", "Punjab Chief Minister", False),
    ],
)
def test_a_surname_mention_joins_a_person_only_when_their_roles_agree(first, other, agree):
    assert roles_agree(first, other) is agree


def test_the_word_lists_are_lowercase_data():
    words = VOCAB.heads | VOCAB.modifiers | VOCAB.portfolio | VOCAB.member_titles
    assert words and all(w == w.lower() for w in words)


# ---------------------------------------------------------------- names and roles


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Interior Minister Mohsin Naqvi chaired the meeting on Monday.",
         [("Mohsin Naqvi", "Interior Minister")]),
        ("Punjab Chief Minister Maryam Nawaz Sharif ordered the release of funds.",
         [("Maryam Nawaz Sharif", "Punjab Chief Minister")]),
        ("The session was attended by Chief of Army Staff General Raheel Sharif.",
         [("Raheel Sharif", "Chief of Army Staff")]),
        ("DG ISI Lt Gen Rizwan Akhtar briefed the participants on the threat.",
         [("Rizwan Akhtar", "DG ISI")]),
        ("IG Sindh Ghulam Nabi Memon briefed the participants on the operation.",
         [("Ghulam Nabi Memon", "IG Sindh")]),
        ("The committee met with MNA Syed Mustafa Mehmood in the chair.",
         [("Syed Mustafa Mehmood", "MNA")]),
        ("The briefing was given by Director General of Inter-Services Intelligence (ISI) Lt Gen Rizwan Akhtar.",
         [("Rizwan Akhtar", "Director General of Inter-Services Intelligence")]),
    ],
)
def test_the_title_before_a_name_is_the_role_and_ranks_belong_to_neither(nlp, text, expected):
    assert people_of(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "NACTA National Coordinator, Khalid Khattak, gave a briefing on the plan.",
        "Khalid Khattak, the NACTA National Coordinator, gave a briefing on the plan.",
    ],
)
def test_an_apposition_on_either_side_gives_the_role(nlp, text):
    assert people_of(nlp, text) == [("Khalid Khattak", "NACTA National Coordinator")]


@pytest.mark.model
def test_a_plural_title_gives_every_listed_name_the_singular_role(nlp):
    text = "The meeting was attended by federal ministers Khawaja Asif and Khawaja Saad Rafique."
    assert people_of(nlp, text) == [("Khawaja Asif", "federal minister"), ("Khawaja Saad Rafique", "federal minister")]


@pytest.mark.model
def test_later_surname_mentions_merge_into_the_full_name(nlp):
    text = (
        "Interior Minister Mohsin Naqvi on Monday reviewed the plan. "
        "Minister Naqvi directed the police to act, and Naqvi said the ministry would report within a week."
    )
    assert people_of(nlp, text) == [("Mohsin Naqvi", "Interior Minister")]


@pytest.mark.model
def test_justices_listed_with_initials_and_advocates_are_people_with_their_roles(nlp):
    text = ("The bench comprising Justices Amal Roy, B R Sethi and Kiran Das heard the case. "
            "Senior advocate Harish Mehta argued for the bank.")
    assert people_of(nlp, text) == [("Amal Roy", "Justice"), ("B R Sethi", "Justice"), ("Kiran Das", "Justice"),
                                    ("Harish Mehta", "Senior advocate")]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("It was attended by Sindh Governor Dr Ishratul Ibad and others.", [("Ishratul Ibad", "Sindh Governor")]),
        ("Finance Minister Senator Muhammad Aurangzeb chaired the meeting.", [("Muhammad Aurangzeb", "Finance Minister")]),
        ("Senator Rubina Khalid presided over the meeting.", [("Rubina Khalid", "Senator")]),
        ("The vote went ahead after Hungary's Prime Minister Viktor Orban left the room.",
         [("Viktor Orban", "Prime Minister")]),
        ("The council was chaired by Prime Minister Datuk Seri Rahman Hashim in Putrajaya.",
         [("Rahman Hashim", "Prime Minister")]),
    ],
)
def test_honorifics_and_a_country_owning_the_office_are_left_out(nlp, text, expected):
    assert people_of(nlp, text) == expected


@pytest.mark.model
def test_people_sharing_a_surname_but_not_a_role_stay_apart(nlp):
    text = (
        "Prime Minister Nawaz Sharif met Punjab Chief Minister Maryam Nawaz Sharif in Lahore on Sunday "
        "to discuss the flood relief plan."
    )
    assert people_of(nlp, text) == [
        ("Nawaz Sharif", "Prime Minister"),
        ("Maryam Nawaz Sharif", "Punjab Chief Minister"),
    ]


@pytest.mark.model
def test_a_person_without_a_title_who_speaks_is_kept_with_no_role(nlp):
    text = "The cabinet approved the plan. Sara Ahmed said the policy would help farmers."
    assert people_of(nlp, text) == [("Sara Ahmed", None)]


@pytest.mark.model
def test_titles_alone_are_not_people(nlp):
    text = "The prime minister and the chief secretary attended the meeting of the Prime Minister's Office."
    assert people_of(nlp, text) == []


@pytest.mark.model
def test_the_name_span_points_into_the_input(extractor):
    text = "ISLAMABAD: Adviser to the PM on Finance Dr Abdul Hafeez Shaikh chaired the meeting."
    record = extractor.extract(text)
    assert [(p.name, p.role) for p in record.people] == [("Abdul Hafeez Shaikh", "Adviser to the PM on Finance")]
    person = record.people[0]
    assert text[person.start:person.end] == person.name


def test_place_names_are_matched_whole_so_their_words_stay_usable_in_names(tmp_path):
    import spacy

    from pipeline.people import doc_places

    gazetteer = tmp_path / "gazetteer.jsonl"
    gazetteer.write_text('{"label": "GPE", "pattern": "Dera Ismail Khan"}\n', encoding="utf-8")
    vocab = load_vocab(gazetteer=gazetteer)
    doc = spacy.blank("en")("Imran Khan visited Dera Ismail Khan on Monday.")
    assert [doc[i].text for i in sorted(doc_places(doc, vocab))] == ["Dera", "Ismail", "Khan"]


@pytest.mark.model
def test_appointed_as_a_title_gives_the_role(nlp):
    text = "The cabinet approved the appointment of Dr Salman Ali as chairman of the Water Regulatory Authority."
    assert people_of(nlp, text) == [("Salman Ali", "chairman of the Water Regulatory Authority")]


@pytest.mark.model
def test_every_name_listed_under_a_plural_title_with_a_complement_is_a_person(nlp):
    found = people_of(nlp, "The meeting was attended by Members of the Provincial Assembly Rana Sajid Mehmood, "
                           "Chaudhry Naveed Ashraf and Malik Tahir Javed.")
    assert [name for name, _ in found] == ["Rana Sajid Mehmood", "Chaudhry Naveed Ashraf", "Malik Tahir Javed"]
    assert {role for _, role in found} == {"Member of the Provincial Assembly"}


@pytest.mark.model
def test_a_name_like_word_before_a_portfolio_word_is_part_of_the_portfolio(nlp):
    found = people_of(nlp, "The proposal was made by Hon. Dilan Perera, Minister of Social Empowerment and Kandyan "
                           "Heritage, and the development of the Sugathadasa Stadium was approved.")
    assert [name for name, _ in found] == ["Dilan Perera"]
