"""Deadlines: completion limits on decided actions, as the last calendar day allowed."""
from datetime import date

import pytest

from pipeline.deadlines import add_months, parse_calendar_date
from pipeline.extract import Statement

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
    ],
)
@pytest.mark.model
def test_deadline_is_found_and_normalised(extractor, sentence, deadline, expected):
    record = extractor.extract(Statement(text=sentence, published=MEETING))
    assert [(d.text, d.date) for d in record.deadlines] == [(deadline, expected)]


@pytest.mark.model
def test_relative_deadline_without_reference_date_keeps_its_text_and_no_date(extractor):
    record = extractor.extract("The committee directed the ministry to report within seven days.")
    assert [(d.text, d.date) for d in record.deadlines] == [("within seven days", None)]


@pytest.mark.model
def test_past_fact_until_a_month_is_not_a_deadline(extractor):
    record = extractor.extract(Statement(text="Operations conducted until October resulted in 20 arrests.",
                                         published=MEETING))
    assert record.deadlines == []


def test_month_arithmetic_keeps_the_last_day_of_short_months():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_absolute_date_needs_no_reference_date():
    assert parse_calendar_date("1 May 2025", None) == date(2025, 5, 1)


def test_month_day_without_year_or_reference_has_no_date():
    assert parse_calendar_date("June 30", None) is None
