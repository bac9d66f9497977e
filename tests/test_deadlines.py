"""Deadlines: completion limits on decided actions, as the last calendar day allowed."""
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.deadlines import (
    add_months,
    after_duration,
    dateparser_date,
    packaged_words,
    parse_calendar_date,
    written_date,
)
from models.statement import Statement

MEETING = date(2025, 1, 8)


@pytest.mark.parametrize(
    ("sentence", "deadline", "expected"),
    [
        ("The committee directed the ministry to report within seven days.", "within seven days", date(2025, 1, 15)),
        ("The cabinet decided to finish the survey by June 30.", "by June 30", date(2025, 6, 30)),
        ("The ministry was asked to submit the plan before 1 May 2025.", "before 1 May 2025", date(2025, 4, 30)),
        ("He directed them to complete it by the end of the year.", "by the end of the year", date(2025, 12, 31)),
        ("The division will finish the audit within two months.", "within two months", date(2025, 3, 8)),
        ("The authority will submit it by March.", "by March", date(2025, 3, 31)),
        ("It was decided to release funds within the current fiscal year.", "within the current fiscal year",
         date(2025, 6, 30)),
        ("The home department will present the plan in the next session.", "in the next session", None),
        ("The board must release the funds before the sowing campaign begins.", "before the sowing campaign begins", None),
        ("The utility will file the tariff before the first bill is issued.", "before the first bill is issued", None),
        ("Candidates can file their nomination papers until January 20.", "until January 20", date(2025, 1, 20)),
        ("The minister ordered that the survey be completed in three weeks.", "in three weeks", date(2025, 1, 29)),
        ("The authority will publish the revised list on Friday.", "on Friday", date(2025, 1, 10)),
        ("The board ordered the contractor to vacate the site within 48 hours.", "within 48 hours", date(2025, 1, 10)),
        ("The ministry must clear the dues before the end of February.", "before the end of February",
         date(2025, 2, 28)),
        ("The authority was told to finish the survey by the end of March.", "by the end of March",
         date(2025, 3, 31)),
        ("The commission decided to complete the exercise in three months.", "in three months", date(2025, 4, 8)),
        ("The forum decided to meet again on February 12 to review the plan.", "on February 12", date(2025, 2, 12)),
        ("The launch will be held on Thursday, February 13 at the college.", "on Thursday, February 13",
         date(2025, 2, 13)),
        ("The plan will be tabled at a special sitting on 3 March.", "at a special sitting on 3 March",
         date(2025, 3, 3)),
        ("The ministers agreed to report to leaders at the Lahore Summit on 20-21 March.",
         "at the Lahore Summit on 20-21 March", date(2025, 3, 21)),
        ("The hospital aims to add 40 beds by 2027.", "by 2027", date(2027, 12, 31)),
        ("The council decided that the next session will be held in Tashkent in 2026.", "in 2026",
         date(2026, 12, 31)),
        ("Residents without permits have until March 15 to leave the zone.", "until March 15", date(2025, 3, 15)),
        ("The committee set February 20 as the deadline for filing the returns.", "February 20", date(2025, 2, 20)),
        ("The project was approved with its completion period extended to June 2027.", "June 2027",
         date(2027, 6, 30)),
        ("The ministry will release the funds before the next financial year begins.",
         "before the next financial year begins", date(2025, 6, 30)),
        ("The district administration will remove the stalls before Eidul Fitr.", "before Eidul Fitr", None),
        ("The department will strengthen the embankments before the next monsoon.", "before the next monsoon", None),
        ("The division was asked to share the audit before the next board meeting.",
         "before the next board meeting", None),
        ("The ministers will meet again in Washington in October.", "in October", date(2025, 10, 31)),
        ("The task force will report at the G20 Leaders' Summit in November.",
         "at the G20 Leaders' Summit in November", date(2025, 11, 30)),
        ("Pakistan will host the conference in the first quarter of 2026.", "in the first quarter of 2026",
         date(2026, 3, 31)),
        ("The ministers decided that the next summit would be held in Baku next year.", "next year",
         date(2026, 12, 31)),
        ("The authority must finalise the plan by the third week of February.", "by the third week of February",
         date(2025, 2, 21)),
        ("The government will release the funds by mid-March.", "by mid-March", date(2025, 3, 15)),
        ("Provinces will file monthly reports, with the first due on February 15.", "due on February 15",
         date(2025, 2, 15)),
        ("The board extended the deadline for filing returns till February 28.", "till February 28",
         date(2025, 2, 28)),
        ("The census is to be completed before March 2025.", "before March 2025", date(2025, 2, 28)),
        ("The plant is to be commissioned before 2027.", "before 2027", date(2026, 12, 31)),
        ("The authority set a 30-day deadline for the removal of encroachments.", "30-day deadline",
         date(2025, 2, 7)),
        ("Contractors must be paid within 30 days of the bill being verified.",
         "within 30 days of the bill being verified", None),
        # the meeting is on a Wednesday: a weekday is the next such day after it
        ("The commissioner directed officials to drain the water by Friday.", "by Friday", date(2025, 1, 10)),
        ("Provinces were asked to notify the protocols by Wednesday.", "by Wednesday", date(2025, 1, 15)),
        ("The DCs must submit the lists before Monday.", "before Monday", date(2025, 1, 12)),
        ("The next meeting will be held in Kabul in the second half of the year.", "in the second half of the year",
         date(2025, 12, 31)),
        ("The authorities will clear the arrears by end-2026.", "by end-2026", date(2026, 12, 31)),
    ],
)
@pytest.mark.model
def test_deadline_is_found_and_normalised(extractor, sentence, deadline, expected):
    record = extractor.extract(Statement(text=sentence, published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [(deadline, expected)]


@pytest.mark.model
def test_a_right_granted_until_a_day_is_a_deadline(extractor):
    record = extractor.extract(Statement(text="Candidates may withdraw their papers by January 29.", published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [("by January 29", date(2025, 1, 29))]


@pytest.mark.model
def test_relative_deadline_without_reference_date_keeps_its_text_and_no_date(extractor):
    record = extractor.extract("The committee directed the ministry to report within seven days.")
    assert [(d.text, d.date) for d in record.deadlines] == [("within seven days", None)]


@pytest.mark.model
def test_past_fact_until_a_month_is_not_a_deadline(extractor):
    record = extractor.extract(Statement(text="Operations conducted until October resulted in 20 arrests.",
                                         published=MEETING))
    assert record.deadlines == []


@pytest.mark.model
def test_granted_period_is_the_deadline_even_after_a_past_tense_verb(extractor):
    record = extractor.extract(Statement(text="The panel gave the authority two weeks to submit its reply.",
                                         published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [("two weeks", date(2025, 1, 22))]
    assert record.decisions[0].deadline.text == "two weeks"


@pytest.mark.parametrize(
    "sentence",
    [
        "The cabinet endorsed the decisions taken by the committee on January 2.",
        "Since its launch on 6 January, the scheme has reached 9,000 homes.",
        "The board said the body had not met in 12 years.",
        "He said the bridge might have been finished by 2023 had the floods not intervened.",
        "Officials said the money had come in within 30 days.",
        "Only 40 percent of the budget had been used by the end of December.",
        "The province joined the programme in 2019.",
        "Trains will run till January 30 to clear the rush.",
        "Leaders would return to the issue early next year.",
        "The commission said a fair election could be held in October.",
        "Inflation slowed to 23.1pc year-on-year in February from 28.3pc in January.",
        "The fund was proposed at a video conference of leaders on 15 March 2020.",
        "Inflation is expected to fall to 15 per cent by December.",
        "The governor expected reserves to reach $9 billion by end-June.",
        "If the matching were dropped, he said, the bank could finish the job within three weeks.",
        "In its judgment of January 2, the bench had struck down the scheme and directed the bank to submit the "
        "details by January 6.",
        "The session followed the council's meeting of 28 July, at which it had given the junta 15 days to step down.",
        "India would offer business visas of three to five years to traders from the region.",
        "The instalment period had been cut from two years to one.",
    ],
)
@pytest.mark.model
def test_past_facts_and_durations_are_not_deadlines(extractor, sentence):
    record = extractor.extract(Statement(text=sentence, published=MEETING))
    assert record.deadlines == []


@pytest.mark.model
def test_a_later_day_on_a_past_tense_decision_schedules_what_was_decided(extractor):
    record = extractor.extract(Statement(
        text="The cabinet approved the finance bill for tabling in the National Assembly on Monday, January 13.",
        published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [("on Monday, January 13", date(2025, 1, 13))]


@pytest.mark.model
def test_a_later_day_on_a_present_tense_verb_is_a_start_not_a_limit(extractor):
    record = extractor.extract(Statement(text="The new tariff takes effect on January 20 across the country.",
                                         published=MEETING))
    assert record.deadlines == []


@pytest.mark.model
def test_reported_speech_keeps_a_backshifted_deadline(extractor):
    record = extractor.extract(Statement(
        text="The minister directed the divisions to ensure that the new rules were in force by March 1.",
        published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [("by March 1", date(2025, 3, 1))]


def test_hours_round_up_to_whole_days():
    assert after_duration(date(2025, 1, 8), 36, "hours") == date(2025, 1, 10)


def test_a_bare_year_ends_on_31_december():
    assert parse_calendar_date("2029", None) == date(2029, 12, 31)


def test_a_range_of_days_ends_on_its_last_day():
    assert parse_calendar_date("21-22 November", date(2025, 1, 8)) == date(2025, 11, 22)


def test_month_arithmetic_keeps_the_last_day_of_short_months():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_absolute_date_needs_no_reference_date():
    assert parse_calendar_date("1 May 2025", None) == date(2025, 5, 1)


def test_month_day_without_year_or_reference_has_no_date():
    assert parse_calendar_date("June 30", None) is None


@pytest.mark.model
def test_extending_restrictions_until_a_day_says_how_long_not_by_when(extractor):
    record = extractor.extract(Statement(text="The forum extended the restrictions till March 31.", published=MEETING))
    assert record.deadlines == []


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")


@settings(max_examples=300, deadline=None)
@given(
    month=st.sampled_from(MONTH_NAMES).flatmap(lambda m: st.sampled_from([m, m.lower(), m.upper(), m + "."])),
    day=st.one_of(st.integers(0, 40).map(str), st.integers(1, 9).map(lambda d: f"{d:02d}")),
    year=st.integers(1990, 2099).map(str),
    shape=st.sampled_from(["{m} {d}", "{m} {d}, {y}", "{d} {m}", "{d} of {m} {y}", "{m}", "{m}, {y}"]),
    base=st.dates(date(2019, 1, 1), date(2030, 12, 31)),
)
def test_plain_dates_are_read_as_dateparser_reads_them(month, day, year, shape, base):
    """written_date answers only where it gives dateparser's own answer (future dates, a month's last day)."""
    phrase = shape.format(m=month, d=day, y=year)
    ours = written_date(phrase, base, packaged_words()["month_numbers"])
    assume(ours is not None)
    assert ours == dateparser_date(phrase, base)
