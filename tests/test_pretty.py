"""The terminal view: a record as a person reads it, and when `extract` prints it."""
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from models import Deadline, DeadlineRef, Decision, Figure, Meeting, Person, Record, Target
from tracker.io.pretty import PrettySink, deadline_words, number, render

TEXT = "The cabinet directed the Ministry of Finance to submit a plan within 15 days and approved Rs 9.4 trillion."


def make_decision(deadline: DeadlineRef | None = None, **fields) -> Decision:
    start = TEXT.index("submit")
    values = dict(id="d1", kind="directive", text=TEXT[start:TEXT.index(" and")], start=start, end=TEXT.index(" and"),
                  trigger="directed", actor="cabinet", responsible=["Ministry of Finance"], deadline=deadline,
                  sentence_start=0, sentence_end=len(TEXT))
    values.update(fields)
    return Decision(**values)


def within_15_days(day: date | None) -> DeadlineRef:
    start = TEXT.index("within")
    return DeadlineRef(text="within 15 days", start=start, end=start + 14, date=day)


def make_record(**fields) -> Record:
    values = dict(id="cabinet-1", text_sha256="0" * 64, published=date(2024, 11, 26))
    values.update(fields)
    return Record(**values)


def full_record() -> Record:
    figure_start = TEXT.index("Rs")
    return make_record(
        meeting=Meeting(body="federal cabinet", chair="Shehbaz Sharif", date=date(2024, 11, 26), location="Islamabad"),
        decisions=[make_decision(within_15_days(date(2024, 12, 11)))],
        deadlines=[Deadline(text="within 15 days", start=TEXT.index("within"), end=TEXT.index("within") + 14,
                            date=date(2024, 12, 11), decision_id="d1")],
        figures=[Figure(text="Rs 9.4 trillion", start=figure_start, end=figure_start + 15, value=9.4e12, unit="PKR")],
        targets=[Target(text="a plan", start=TEXT.index("a plan"), end=TEXT.index("a plan") + 6)],
        people=[Person(name="Shehbaz Sharif", role="Prime Minister", start=0, end=14)],
    )


@pytest.mark.parametrize("expected", [
    "Body:         federal cabinet",
    "Chair:        Shehbaz Sharif",
    "Date:         2024-11-26",
    "Place:        Islamabad",
])
def test_render_shows_the_meeting(expected):
    assert expected in render(full_record())


@pytest.mark.parametrize("expected", [
    "d1  directive  submit a plan within 15 days",
    "actor: cabinet",
    "responsible: Ministry of Finance",
    "deadline: within 15 days -> 2024-12-11 (in 15 days)",
])
def test_render_shows_each_decision_with_kind_actor_responsible_and_deadline_date(expected):
    assert expected in render(full_record())


def test_render_shows_figures_with_value_and_unit():
    assert "Rs 9.4 trillion  9,400,000,000,000  PKR" in render(full_record())


def test_render_shows_people_with_roles():
    assert "Shehbaz Sharif, Prime Minister" in render(full_record())


def test_render_shows_targets():
    assert "- a plan" in render(full_record())


@pytest.mark.parametrize("day, reference, expected", [
    (date(2024, 12, 11), date(2024, 11, 26), "within 15 days -> 2024-12-11 (in 15 days)"),
    (date(2024, 11, 20), date(2024, 11, 26), "within 15 days -> 2024-11-20 (overdue by 6 days)"),
    (date(2024, 11, 26), date(2024, 11, 26), "within 15 days -> 2024-11-26 (due on the reference date)"),
    (date(2024, 12, 11), None, "within 15 days -> 2024-12-11"),
    (None, date(2024, 11, 26), "within 15 days (no calendar date)"),
])
def test_deadline_words_count_days_from_the_reference_date(day, reference, expected):
    assert deadline_words(make_decision(within_15_days(day)), reference) == expected


def test_render_of_an_empty_record_says_none_found_for_each_list():
    text = render(make_record())

    assert text.count("none found") == 4
    assert "Decisions (0)" in text


def test_render_wraps_long_decisions_within_the_width():
    long_text = "submit " + "a very detailed and carefully costed plan " * 6
    record = make_record(decisions=[make_decision(text=long_text, end=len(long_text))])

    lines = render(record, width=70).splitlines()

    assert all(len(line) <= 70 for line in lines)
    assert sum("carefully costed" in line for line in lines) >= 3


def test_render_without_colour_has_no_escape_codes_and_with_colour_has_some():
    assert "\x1b[" not in render(full_record())
    assert "\x1b[" in render(full_record(), color=True)


def test_render_accepts_the_record_as_json_data():
    record = full_record()

    assert render(json.loads(record.model_dump_json())) == render(record)


@pytest.mark.parametrize("value, expected", [(9.4e12, "9,400,000,000,000"), (206, "206"), (2.5, "2.5"), (70.0, "70")])
def test_number_shows_whole_values_without_decimals(value, expected):
    assert number(value) == expected


def test_pretty_sink_renders_each_record_a_blank_line_apart():
    out = io.StringIO()
    sink = PrettySink(out)
    first, second = full_record(), make_record(id="second")

    sink.write(first.model_dump_json())
    assert out.getvalue() == render(first)

    sink.write(second.model_dump_json())
    assert out.getvalue() == render(first) + "\n" + render(second)


def test_every_output_is_a_record_sink(tmp_path):
    from tracker.io.sinks import JsonLinesSink, NullSink, RecordSink, StreamSink

    sinks = [PrettySink(io.StringIO()), StreamSink(io.StringIO()), NullSink(), JsonLinesSink(tmp_path / "r.jsonl")]
    assert all(isinstance(sink, RecordSink) for sink in sinks)


# ---------------------------------------------------------------- the extract command

@pytest.mark.model
def test_extract_format_pretty_prints_the_summary_not_json():
    from cli import cli

    result = CliRunner().invoke(cli, ["extract", "-", "--format", "pretty", "--date", "2024-11-26", "-q"],
                                input="The federal cabinet met in Islamabad on Tuesday.")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("stdin  (reference date 2024-11-26)")
    assert "Decisions (" in result.output and "Meeting" in result.output
    assert "{" not in result.output


@pytest.mark.model
def test_extract_prints_json_lines_when_piped():
    from cli import cli

    result = CliRunner().invoke(cli, ["extract", "-", "-q"], input="The federal cabinet met in Islamabad.")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "stdin"


def test_extract_refuses_pretty_with_an_output_file(tmp_path):
    from cli import cli

    result = CliRunner().invoke(cli, ["extract", "-", "--format", "pretty", "-o", str(tmp_path / "out.jsonl")],
                                input="text")

    assert result.exit_code == 2
    assert "--format pretty prints to the terminal" in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("output_format, output, on_terminal, pretty", [
    (None, None, True, True),
    (None, None, False, False),
    (None, "records.jsonl", True, False),
    ("jsonl", None, True, False),
    ("pretty", None, False, True),
])
def test_pretty_is_the_default_only_on_a_terminal_without_an_output_file(monkeypatch, output_format, output,
                                                                         on_terminal, pretty):
    from cli import pretty_stdout

    monkeypatch.setattr("sys.stdout", Terminal() if on_terminal else io.StringIO())

    assert isinstance(pretty_stdout(output_format, output), PrettySink) is pretty
