"""meeting: the body that met, its chair, the meeting's date and city."""
from datetime import date

import pytest

from pipeline.dateline import find_dateline, parse_date_text
from pipeline.meeting import latest_weekday, load_cues

CUES = load_cues()
TUESDAY_26_NOV_2024 = date(2024, 11, 26)


def meeting_of(nlp, text, reference=None):
    doc = nlp.make_doc(text)
    doc._.reference_date = reference
    return vars(nlp(doc)._.meeting)  # MeetingInfo as a mapping of its fields


# ---------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    "weekday, expected",
    [
        (1, date(2024, 11, 26)),  # Tuesday: the reference day itself
        (0, date(2024, 11, 25)),
        (3, date(2024, 11, 21)),  # Thursday: never in the future
    ],
)
def test_a_weekday_is_the_latest_such_day_on_or_before_the_anchor(weekday, expected):
    assert latest_weekday(TUESDAY_26_NOV_2024, weekday) == expected


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("Oct 3 (APP)", 2023, date(2023, 10, 3)),
        ("November 16, 2022", None, date(2022, 11, 16)),
        ("16 October 2024", None, date(2024, 10, 16)),
        ("28th July 2016", None, date(2016, 7, 28)),
        ("June 17", None, None),
        ("14.02.2018", None, date(2018, 2, 14)),
        ("31.02.2018", None, None),
    ],
)
def test_dates_are_read_with_or_without_a_year(text, year, expected):
    assert parse_date_text(text, CUES.months, year) == expected


@pytest.mark.parametrize(
    "text, city, day",
    [
        ("ISLAMABAD, Aug 24 (APP): The cabinet met.", "Islamabad", date(2024, 8, 24)),
        ("KARACHI: The committee met.", "Karachi", None),
        ("NEW DELHI, December 6: The Union Cabinet met.", "New Delhi", date(2024, 12, 6)),
        ("QUETTA \u2013 The provincial cabinet met.", "Quetta", None),
        ("MALACA\u00d1AN PALACE, Manila \u2014 The board met.", "Manila", None),
        ("Cabinet brief\nIslamabad, 16 October 2024\n\nThe council met.", "Islamabad", date(2024, 10, 16)),
        ("By Our Correspondent, Abuja\n\nThe council met.", "Abuja", None),
    ],
)
def test_the_dateline_gives_the_city_in_title_case_and_its_date(text, city, day):
    found = find_dateline(text, CUES.months, 2024)
    assert (found.city, found.date) == (city, day)


@pytest.mark.parametrize("text", ["FEC: N3.9bn for secretariats\n\nThe council met.", "The committee met on Monday."])
def test_headlines_and_prose_are_not_datelines(text):
    assert find_dateline(text, CUES.months, 2024) is None


# ---------------------------------------------------------------- body


@pytest.mark.model
@pytest.mark.parametrize(
    "text, body",
    [
        ("KARACHI: The Sindh apex committee on Thursday decided to step up the operation.", "Sindh apex committee"),
        ("Prime Minister Shehbaz Sharif chaired a meeting of the National Security Committee on Monday.",
         "National Security Committee"),
        ("He presided over a special session of the federal cabinet at Parliament House.", "federal cabinet"),
        ("The Economic Coordination Committee (ECC) on Friday approved the import of wheat.",
         "Economic Coordination Committee (ECC)"),
        ("The National Assembly Standing Committee on Water Resources on Thursday decided to write to the court.",
         "National Assembly Standing Committee on Water Resources"),
        ("Minister Ahmed Ali chaired the 12th meeting of NACTA's Board of Governors.", "NACTA's Board of Governors"),
        ("Cabinet approves new schools\n\nThe Union Cabinet on Wednesday approved the opening of 12 schools.",
         "Union Cabinet"),
        ("Smog committee shuts schools\n\nLAHORE: The Punjab cabinet committee on smog on Thursday decided to "
         "close all schools.", "Punjab cabinet committee on smog"),
        ("QUETTA: The Balochistan High Court on Tuesday ordered the provincial government to reopen the road.",
         "Balochistan High Court"),
        ("A two-member bench of the Sindh High Court directed the city to clear the drains.", "Sindh High Court"),
        ("MULTAN, May 2 (APP): The Provincial Emergency Response Centre on Sunday ordered the dams' gates opened.",
         "Provincial Emergency Response Centre"),
        ("GUJRAT, Jan 9 (APP): The District Price Control Committee (DPCC) Gujrat on Monday fixed the price of milk.",
         "District Price Control Committee (DPCC)"),
        ("ISLAMABAD: The Ministry of Interior has ordered all provinces to register foreign students.",
         "Ministry of Interior"),
        ("ISLAMABAD: The Ministry of Water Resources told the Executive Committee of the National Economic Council on "
         "Monday that the dam was complete.", "Executive Committee of the National Economic Council"),
    ],
)
def test_the_body_is_the_committee_that_met_or_decided(nlp, text, body):
    assert meeting_of(nlp, text)["body"] == body


@pytest.mark.model
def test_a_bare_meeting_names_no_body(nlp):
    text = "Chairing a high-level meeting on the power sector, the prime minister directed officials to act."
    assert meeting_of(nlp, text)["body"] is None


@pytest.mark.model
def test_a_body_in_what_the_meeting_was_told_is_not_the_body(nlp):
    text = ("Chairing a meeting on floods, the prime minister directed officials to act. "
            "The chairman briefed the meeting that the Met Office had forecast heavy rain.")
    assert meeting_of(nlp, text)["body"] is None


@pytest.mark.model
def test_a_named_summit_that_modifies_a_noun_is_a_thing_not_the_body(nlp):
    text = ("Cabinet okays groundbreaking for Kafue-Lusaka Summit highway\n\n"
            "President Hakainde Hichilema today chaired a sitting of Cabinet at State House.")
    assert "Summit" not in (meeting_of(nlp, text)["body"] or "")


@pytest.mark.model
def test_a_meeting_at_a_venue_named_in_lower_case_names_no_body(nlp):
    text = "President Ana Silva, who chaired the two-day meeting at the Riverside convention centre, spoke first."
    assert meeting_of(nlp, text)["body"] is None


@pytest.mark.model
def test_a_spaced_dash_ends_the_bodys_name(nlp):
    text = "Council of the AU - Press statement\nAddis Ababa, 3 May 2024\n\nThe Council today adopted a plan."
    assert meeting_of(nlp, text)["body"] == "Council of the AU"


# ---------------------------------------------------------------- chair


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The meeting, chaired by Interior Minister Mohsin Naqvi, approved the plan.",
        "The meeting was presided over by Interior Minister Mohsin Naqvi.",
        "Interior Minister Mohsin Naqvi on Tuesday chaired a meeting of the apex committee.",
        "The committee met with Interior Minister Mohsin Naqvi in the chair.",
        "The committee met under the chairmanship of Interior Minister Mohsin Naqvi.",
        "Interior Minister Mohsin Naqvi on Monday directed the police to act. He was chairing a meeting on security.",
        "Interior Minister Mohsin Naqvi reviewed the plan. Presiding over the meeting, the interior minister said more was needed.",
        "The meeting, headed by Interior Minister Mohsin Naqvi, reviewed the plan.",
        "Interior Minister Mohsin Naqvi visited Quetta. Chairing a meeting on security, the interior minister said "
        "more was needed.",
    ],
)
def test_the_chair_is_the_named_person_without_title(nlp, text):
    assert meeting_of(nlp, text)["chair"] == "Mohsin Naqvi"


@pytest.mark.model
def test_the_judge_heading_the_bench_chairs_it(nlp):
    text = ("The Supreme Court on Monday ordered the city to clear the drains. A three-member bench headed by "
            "Chief Justice Ayesha Malik heard the case.")
    assert meeting_of(nlp, text)["chair"] == "Ayesha Malik"


@pytest.mark.model
def test_a_side_headed_by_someone_is_not_chaired_by_them(nlp):
    text = ("The two countries held talks in Doha on Saturday. The Afghan side was headed by Defence Minister "
            "Mullah Yaqoob.")
    assert meeting_of(nlp, text)["chair"] is None


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The Sindh apex committee on Thursday decided to step up the operation.",
        "The cabinet formed a committee headed by Finance Minister Muhammad Aurangzeb to review the tariffs.",
    ],
)
def test_no_chair_cue_no_chair(nlp, text):
    assert meeting_of(nlp, text)["chair"] is None


# ---------------------------------------------------------------- date


@pytest.mark.model
@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("The federal cabinet on Thursday approved the budget.", TUESDAY_26_NOV_2024, date(2024, 11, 21)),
        ("The federal cabinet on Tuesday approved the budget.", TUESDAY_26_NOV_2024, date(2024, 11, 26)),
        ("Wednesday's meeting of the federal cabinet approved the budget.", TUESDAY_26_NOV_2024, date(2024, 11, 20)),
        ("The federal cabinet yesterday approved the budget.", TUESDAY_26_NOV_2024, date(2024, 11, 25)),
        ("The federal cabinet on 26 November 2024 approved the budget.", None, date(2024, 11, 26)),
        ("ISLAMABAD, Aug 24 (APP): The federal cabinet on Thursday approved the budget.", date(2024, 8, 25),
         date(2024, 8, 22)),
        ("The federal cabinet on Thursday approved the budget.", None, None),
        ("KARACHI, Dec 31: The Sindh cabinet approved the budget.", date(2025, 1, 2), date(2024, 12, 31)),
        ("The federal cabinet asked the ministry to report by Friday.", TUESDAY_26_NOV_2024, None),
        ("The commission decided that polling would be held on February 8.", date(2024, 1, 10), None),
    ],
)
def test_the_meeting_date_resolves_weekdays_against_the_reference(nlp, text, reference, expected):
    assert meeting_of(nlp, text, reference)["date"] == expected


# ---------------------------------------------------------------- location and participants


@pytest.mark.model
@pytest.mark.parametrize(
    "text, location",
    [
        ("KARACHI: The Sindh cabinet on Monday approved the plan.", "Karachi"),
        ("The apex committee met in Peshawar on Monday and approved the plan.", "Peshawar"),
        ("The apex committee met on Monday and approved the plan.", None),
    ],
)
def test_the_location_is_the_dateline_city_or_where_the_meeting_was_held(nlp, text, location):
    assert meeting_of(nlp, text)["location"] == location


@pytest.mark.model
def test_participants_are_the_people_listed_as_attending_except_the_chair(nlp):
    text = (
        "Prime Minister Shehbaz Sharif chaired the meeting, which was attended by Finance Minister "
        "Muhammad Aurangzeb and Interior Minister Mohsin Naqvi."
    )
    meeting = meeting_of(nlp, text)
    assert meeting["chair"] == "Shehbaz Sharif"
    assert meeting["participants"] == ["Muhammad Aurangzeb", "Mohsin Naqvi"]


@pytest.mark.model
def test_the_meeting_keeps_the_keys_other_components_read(nlp):
    meeting = meeting_of(nlp, "The cabinet met.")
    assert {"body", "chair", "date", "location", "participants"} <= set(meeting)


@pytest.mark.model
def test_a_day_first_dotted_date_is_the_meeting_date(nlp):
    doc = nlp("Decisions taken by the Cabinet of Ministers at its meeting held on 07.11.2017\n\n"
              "01. The Cabinet of Ministers granted approval to enter into the framework agreement.")
    assert doc._.meeting.date == date(2017, 11, 7)


@pytest.mark.model
def test_the_leads_full_name_wins_over_the_headlines_short_name_of_it(extractor):
    from models.statement import Statement

    text = ("UP Cabinet clears Rs 582.74-crore drinking water projects for Kanpur\n\nLUCKNOW, Dec 2 (PTI): The Uttar "
            "Pradesh Cabinet on Tuesday sanctioned two drinking water projects worth Rs 582.74 crore for Kanpur.\n")
    assert extractor.extract(Statement(id="up", text=text)).meeting.body == "Uttar Pradesh Cabinet"
