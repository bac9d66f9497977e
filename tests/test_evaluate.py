"""The scorer: what matches what, and how the numbers come out (GUIDELINE.md "How a result is scored").

Only the last test loads the trained model; the rest score hand-made gold
against hand-made records (the CLI through --pred).
"""
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from models import Deadline, Decision, DeadlineRef, Entity, Figure, Meeting, Person, Record, Target
from tracker.measure.evaluate import (
    aggregate,
    below_floor,
    contains_either,
    floor_from_scores,
    match_spans,
    prf,
    read_floor,
    round_down,
    score_statement,
)
from tracker.measure.gold import GoldError, Item, parse_gold_line, read_gold_lines

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    "The committee decided to set up a crisis cell within seven days. "
    "It directed the ministry to report by June 30. "
    "The minister announced Rs 9.4 trillion for the cell."
)


def gold_line(**fields) -> dict:
    line = {
        "id": "s1", "text": TEXT, "published": "2024-11-26",
        "meeting": {"body": None, "chair": None, "date": None, "location": None},
        "decisions": [], "deadlines": [], "targets": [], "figures": [], "entities": [], "people": [],
    }
    return {**line, **fields}


def gold_statement(**fields):
    return parse_gold_line(json.dumps(gold_line(**fields)), line=1)


def gold_decision(span: str, kind: str = "decision", actor: str | None = "committee",
                  deadline: str | None = None, deadline_date: str | None = None) -> dict:
    return {"span": span, "occurrence": 1, "kind": kind, "actor": actor, "responsible": [],
            "deadline": deadline, "deadline_date": deadline_date}


def located(text: str, occurrence: int = 1) -> dict:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(text, start + 1)
    return {"text": text, "start": start, "end": start + len(text)}


def predicted_decision(text: str, n: int = 1, kind: str = "decision", actor: str | None = "the committee",
                       deadline: tuple[str, str | None] | None = None) -> Decision:
    ref = None
    if deadline is not None:
        ref = DeadlineRef(**located(deadline[0]), date=deadline[1])
    return Decision(id=f"d{n}", kind=kind, trigger="decided", actor=actor, deadline=ref,
                    sentence_start=0, sentence_end=len(TEXT), **located(text))


def record(**fields) -> Record:
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    return Record(id="s1", text_sha256=sha, **fields)


def scores(gold, predicted):
    return aggregate([score_statement(gold, predicted)])


def item(start: int, end: int) -> Item:
    return Item(start, end, "x" * (end - start))


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "tp, predicted, gold, expected",
    [
        (2, 3, 2, {"precision": 2 / 3, "recall": 1.0, "f1": 0.8}),
        (0, 4, 5, {"precision": 0.0, "recall": 0.0, "f1": 0.0}),
        (0, 0, 5, {"precision": None, "recall": 0.0, "f1": 0.0}),
        (0, 0, 0, {"precision": None, "recall": None, "f1": None}),
    ],
)
def test_prf_is_micro_precision_recall_f1_and_absent_when_undefined(tp, predicted, gold, expected):
    assert prf(tp, predicted, gold) == pytest.approx(expected)


@pytest.mark.parametrize("value, expected", [(0.29, 0.29), (0.8666, 0.86), (0.999, 0.99), (1.0, 1.0), (0.0, 0.0)])
def test_round_down_never_rounds_up(value, expected):
    assert round_down(value) == expected


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        # one prediction over two gold items goes to the larger overlap
        ([item(0, 10), item(12, 20)], [item(5, 15)], [(0, 0)]),
        ([item(0, 10), item(12, 20)], [item(8, 20)], [(1, 0)]),
        # two predictions over one gold item: the larger overlap wins, the other is a false positive
        ([item(10, 20)], [item(0, 12), item(14, 30)], [(0, 1)]),
        # largest overlap first even when it leaves an earlier gold item without its best partner
        ([item(0, 10), item(5, 30)], [item(4, 30), item(0, 3)], [(0, 1), (1, 0)]),
        # touching ranges share no character
        ([item(0, 10)], [item(10, 20)], []),
    ],
)
def test_match_spans_is_one_to_one_greedy_largest_overlap_first(gold, predicted, expected):
    assert match_spans(gold, predicted) == expected


def test_two_gold_three_predicted_two_overlapping_gives_p_two_thirds_r_one_f1_point_eight():
    gold = gold_statement(decisions=[gold_decision("set up a crisis cell"), gold_decision("report by June 30")])
    predicted = record(decisions=[
        predicted_decision("set up a crisis cell within seven days", 1),
        predicted_decision("report", 2),
        predicted_decision("announced Rs 9.4 trillion", 3),
    ])
    result, _ = scores(gold, predicted)
    decisions = result["fields"]["decisions"]
    assert (decisions["tp"], decisions["predicted"], decisions["gold"]) == (2, 3, 2)
    assert decisions["precision"] == pytest.approx(2 / 3)
    assert decisions["recall"] == 1.0
    assert decisions["f1"] == pytest.approx(0.8)


def test_micro_scores_sum_counts_over_statements_before_dividing():
    gold = gold_statement(figures=[{"span": "9.4 trillion", "value": 9.4e12, "unit": "PKR"}])
    hit = score_statement(gold, record(figures=[Figure(**located("Rs 9.4 trillion"), value=9.4e12, unit="PKR")]))
    miss = score_statement(gold, record())
    result, _ = aggregate([hit, miss])
    assert result["fields"]["figures"]["recall"] == 0.5
    assert result["fields"]["figures"]["precision"] == 1.0


# ---------------------------------------------------------------- gold spans


@pytest.mark.parametrize("occurrence, expected_start", [(1, TEXT.index("cell")), (2, TEXT.rindex("cell"))])
def test_occurrence_picks_which_place_of_a_repeated_span(occurrence, expected_start):
    statement = gold_statement(targets=[{"span": "cell", "occurrence": occurrence}])
    [target] = statement.spans["targets"]
    assert (target.start, target.end) == (expected_start, expected_start + len("cell"))


def test_occurrence_defaults_to_the_first():
    statement = gold_statement(targets=[{"span": "cell"}])
    assert statement.spans["targets"][0].start == TEXT.index("cell")


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "invalid JSON"),
        (json.dumps({k: v for k, v in gold_line().items() if k != "figures"}), "missing field 'figures'"),
        (json.dumps(gold_line(targets=[{"span": "a moon base"}])), "not found in text"),
        (json.dumps(gold_line(targets=[{"span": "cell", "occurrence": 3}])), "not found in text"),
        (json.dumps(gold_line(decisions=[gold_decision("set up", kind="wish")])), "unknown kind 'wish'"),
        (json.dumps(gold_line(targets=[{"span": "cell", "occurrence": 0}])), "'occurrence' must be a whole number"),
        (json.dumps(gold_line(figures=[{"span": "9.4", "value": "many"}])), "expected a number"),
        (json.dumps(gold_line(deadlines=[{"span": "by June 30", "date": "June 30"}])), "not a date"),
        (json.dumps(gold_line(entities=[{"text": "ISI", "label": "AGENCY"}])), "label"),
        (json.dumps([1, 2]), "expected a JSON object"),
    ],
)
def test_a_bad_gold_line_is_an_error_naming_its_line(line, message):
    good = json.dumps(gold_line())
    with pytest.raises(GoldError) as raised:
        read_gold_lines([good, "", line])
    assert "gold line 3" in str(raised.value)
    assert message in str(raised.value)


def test_a_repeated_gold_id_names_both_lines():
    good = json.dumps(gold_line())
    with pytest.raises(GoldError, match="gold line 2: id 's1' already used on line 1"):
        read_gold_lines([good, good])


# ---------------------------------------------------------------- attributes of matched pairs


def test_kind_actor_and_deadline_date_are_scored_on_matched_decisions():
    gold = gold_statement(decisions=[
        gold_decision("set up a crisis cell within seven days", "decision", "committee",
                      "within seven days", "2024-12-03"),
        gold_decision("report by June 30", "directive", "committee", "by June 30", "2025-06-30"),
    ])
    predicted = record(decisions=[
        predicted_decision("set up a crisis cell", 1, "decision", "The Committee",
                           deadline=("within seven days", "2024-12-03")),
        predicted_decision("report by June 30", 2, "commitment", "minister", deadline=("by June 30", "2024-06-30")),
    ])
    result, errors = scores(gold, predicted)
    attributes = result["fields"]["decisions"]["attributes"]
    assert {name: (a["right"], a["pairs"]) for name, a in attributes.items()} == {
        "kind": (1, 2), "actor": (1, 2), "deadline_date": (1, 2),
    }
    assert {e["error"] for e in errors} == {"wrong kind", "wrong actor", "wrong deadline_date"}


@pytest.mark.parametrize(
    "gold_deadline, predicted_deadline, expected",
    [
        ((None, None), None, (0, 0)),  # neither has a deadline: not counted
        (("within seven days", "2024-12-03"), None, (0, 1)),  # deadline missed
        ((None, None), ("within seven days", "2024-12-03"), (0, 1)),  # deadline invented
        (("within seven days", None), ("within seven days", None), (1, 1)),  # both undated
    ],
)
def test_decision_deadline_date_counts_pairs_where_either_side_has_a_deadline(
        gold_deadline, predicted_deadline, expected):
    gold = gold_statement(decisions=[gold_decision("set up a crisis cell", "decision", "committee", *gold_deadline)])
    predicted = record(decisions=[predicted_decision("set up a crisis cell", deadline=predicted_deadline)])
    counts = scores(gold, predicted)[0]["fields"]["decisions"]["attributes"]["deadline_date"]
    assert (counts["right"], counts["pairs"]) == expected


def test_a_missed_decision_deadline_is_shown_as_no_deadline_in_errors():
    gold = gold_statement(decisions=[gold_decision("set up a crisis cell", "decision", "committee",
                                                   "within seven days", "2024-12-03")])
    _, errors = scores(gold, record(decisions=[predicted_decision("set up a crisis cell")]))
    [wrong] = errors
    assert (wrong["error"], wrong["gold_value"], wrong["predicted_value"]) == (
        "wrong deadline_date", "2024-12-03", "(no deadline)")


def test_a_null_actor_never_matches_not_even_a_null_one():
    gold = gold_statement(decisions=[gold_decision("set up a crisis cell", actor=None)])
    predicted = record(decisions=[predicted_decision("set up a crisis cell", actor=None)])
    assert scores(gold, predicted)[0]["fields"]["decisions"]["attributes"]["actor"]["right"] == 0


@pytest.mark.parametrize("predicted_value, right", [(9.4e12, 1), (9_400_000_000_000.001, 1), (9.4e9, 0), (9, 0)])
def test_figure_value_is_numeric_equality_with_a_tiny_tolerance(predicted_value, right):
    gold = gold_statement(figures=[{"span": "Rs 9.4 trillion", "value": 9400000000000, "unit": "PKR"}])
    predicted = record(figures=[Figure(**located("Rs 9.4 trillion"), value=predicted_value, unit="PKR")])
    assert scores(gold, predicted)[0]["fields"]["figures"]["attributes"]["value"]["right"] == right


def test_deadline_date_is_compared_on_matched_deadlines():
    gold = gold_statement(deadlines=[{"span": "by June 30", "date": "2025-06-30"},
                                     {"span": "within seven days", "date": "2024-12-03"}])
    predicted = record(deadlines=[Deadline(**located("by June 30"), date="2025-06-30"),
                                  Deadline(**located("within seven days"), date="2024-11-19")])
    counts = scores(gold, predicted)[0]["fields"]["deadlines"]["attributes"]["date"]
    assert (counts["right"], counts["pairs"]) == (1, 2)


# ---------------------------------------------------------------- entities, people, meeting


@pytest.mark.parametrize(
    "gold_text, predicted_text, label, tp",
    [
        ("ISI", "The ISI", "ORG", 1),
        ("isi", "ISI", "ORG", 1),
        ("Ministry  of Interior", "ministry of interior", "ORG", 1),
        ("ISI", "ISI", "GPE", 0),  # the label counts
        ("ISI", "DG ISI", "ORG", 0),  # set level: no containment
    ],
)
def test_entities_match_on_text_and_label_ignoring_case_and_a_leading_the(gold_text, predicted_text, label, tp):
    gold = gold_statement(entities=[{"text": gold_text, "label": "ORG"}])
    predicted = record(entities=[Entity(text=predicted_text, start=0, end=3, label=label)])
    assert scores(gold, predicted)[0]["fields"]["entities"]["tp"] == tp


def test_entities_are_a_set_per_statement_so_repeats_count_once():
    gold = gold_statement(entities=[{"text": "ISI", "label": "ORG"}])
    predicted = record(entities=[Entity(text="ISI", start=0, end=3, label="ORG"),
                                 Entity(text="the ISI", start=5, end=12, label="ORG")])
    entities = scores(gold, predicted)[0]["fields"]["entities"]
    assert (entities["tp"], entities["predicted"], entities["gold"]) == (1, 1, 1)


@pytest.mark.parametrize(
    "gold_role, predicted_role, right",
    [
        ("Interior Minister", "interior minister", 1),
        ("Minister", "Federal Interior Minister", 1),
        ("Federal Interior Minister", "Minister", 1),
        (None, None, 1),
        ("Interior Minister", None, 0),
        (None, "Interior Minister", 0),
        ("Interior Minister", "Finance Minister", 0),
    ],
)
def test_people_roles_match_by_containment_either_way(gold_role, predicted_role, right):
    gold = gold_statement(people=[{"name": "Mohsin Naqvi", "role": gold_role}])
    predicted = record(people=[Person(name="mohsin naqvi", role=predicted_role, start=0, end=12)])
    people = scores(gold, predicted)[0]["fields"]["people"]
    assert people["tp"] == 1
    assert people["attributes"]["role"]["right"] == right


@pytest.mark.parametrize(
    "gold, predicted, right",
    [
        ("Apex Committee", "apex committee of the National Action Plan", True),
        ("Apex Committee of the National Action Plan", "Apex Committee", True),
        (None, None, True),
        (None, "Cabinet", False),
        ("Cabinet", None, False),
        ("Cabinet", "ECC", False),
    ],
)
def test_meeting_fields_match_by_containment_either_way(gold, predicted, right):
    assert contains_either(gold, predicted) is right


def test_meeting_accuracy_is_per_field():
    gold = gold_statement(meeting={"body": "federal cabinet", "chair": "Shehbaz Sharif",
                                   "date": "2024-11-26", "location": "Islamabad"})
    predicted = record(meeting=Meeting(body="Federal Cabinet", chair=None, date="2024-11-26", location="Lahore"))
    meeting = scores(gold, predicted)[0]["meeting"]
    assert {name: counts["right"] for name, counts in meeting.items()} == {
        "body": 1, "chair": 0, "date": 1, "location": 0,
    }


def test_macro_f1_is_the_mean_of_the_five_span_and_entity_f1s():
    gold = gold_statement(targets=[{"span": "crisis cell"}], entities=[{"text": "ISI", "label": "ORG"}])
    predicted = record(entities=[Entity(text="ISI", start=0, end=3, label="ORG")])
    result, _ = scores(gold, predicted)
    # decisions, deadlines, figures have neither gold nor predictions (absent); targets 0.0; entities 1.0
    assert result["macro_f1"] == pytest.approx(0.5)


# ---------------------------------------------------------------- quality floor


def test_the_floor_leaves_out_absent_scores_and_rounds_down():
    gold = gold_statement(targets=[{"span": "crisis cell"}, {"span": "seven days"}])
    result, _ = scores(gold, record(targets=[Target(**located("crisis cell"))]))
    floor = floor_from_scores(result)
    assert floor["targets.precision"] == 1.0
    assert floor["targets.f1"] == 0.66
    assert "decisions.f1" not in floor  # no gold, no predictions: nothing to hold up


def test_below_floor_names_each_score_under_its_minimum():
    gold = gold_statement(targets=[{"span": "crisis cell"}, {"span": "seven days"}])
    result, _ = scores(gold, record(targets=[Target(**located("crisis cell"))]))
    assert below_floor(result, {"targets.recall": 0.4, "targets.f1": 0.7, "decisions.f1": 0.1}) == [
        "targets.f1 0.6667 < floor 0.7",
        "decisions.f1 absent < floor 0.1",
    ]


def test_the_committed_quality_floor_names_only_real_scores():
    floor = read_floor(ROOT / "tests" / "quality_floor.json")
    assert floor and all(0 <= minimum <= 1 for minimum in floor.values())


# ---------------------------------------------------------------- the command


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_line(
        decisions=[gold_decision("set up a crisis cell", "decision"), gold_decision("report by June 30", "directive")],
    )])
    predicted = record(decisions=[
        predicted_decision("set up a crisis cell within seven days", 1, "decision"),
        predicted_decision("report", 2, "decision"),
        predicted_decision("announced Rs 9.4 trillion", 3, "commitment"),
    ])
    pred = write_jsonl(tmp_path / "pred.jsonl", [predicted.model_dump_json()])
    return tmp_path, gold, pred


def evaluate(*args):
    return CliRunner().invoke(cli, ["evaluate", *map(str, args)])


def test_cli_scores_a_predictions_file_as_a_table(files):
    _, gold, pred = files
    result = evaluate(gold, "--pred", pred)
    assert result.exit_code == 0, result.output
    decisions = next(line for line in result.stdout.splitlines() if line.startswith("decisions"))
    assert decisions.split()[1:7] == ["0.667", "1.000", "0.800", "2", "3", "2"]
    assert "kind 0.500 (1/2)" in decisions


def test_cli_json_output_parses_and_holds_the_scores(files):
    _, gold, pred = files
    result = evaluate(gold, "--pred", pred, "--json")
    assert result.exit_code == 0, result.output
    scored = json.loads(result.stdout)
    assert scored["fields"]["decisions"]["f1"] == pytest.approx(0.8)
    assert scored["fields"]["decisions"]["attributes"]["kind"] == {"accuracy": 0.5, "right": 1, "pairs": 2}
    assert set(scored["meeting"]) == {"body", "chair", "date", "location"}
    assert "errors" not in scored


def test_cli_errors_list_misses_false_positives_and_mismatches_by_field(files):
    _, gold, pred = files
    result = evaluate(gold, "--pred", pred, "--errors")
    assert result.exit_code == 0, result.output
    assert "== decisions (2)" in result.stdout
    assert "s1: false positive  'announced Rs 9.4 trillion'" in result.stdout
    assert "s1: wrong kind      'report by June 30' ~ predicted 'report': gold 'directive', predicted 'decision'" \
        in result.stdout


def test_cli_json_errors_are_records_with_the_statement_id(files):
    _, gold, pred = files
    errors = json.loads(evaluate(gold, "--pred", pred, "--json", "--errors").stdout)["errors"]
    assert {"field": "decisions", "id": "s1", "error": "false positive",
            "predicted": "announced Rs 9.4 trillion"} in errors


def test_cli_a_missing_prediction_counts_as_all_misses_with_a_warning(files):
    tmp_path, gold, _ = files
    empty = write_jsonl(tmp_path / "none.jsonl", [])
    result = evaluate(gold, "--pred", empty, "--json")
    assert result.exit_code == 0, result.output
    assert "warning: no prediction for gold id 's1': counted as all misses" in result.stderr
    decisions = json.loads(result.stdout)["fields"]["decisions"]
    assert (decisions["tp"], decisions["gold"], decisions["recall"]) == (0, 2, 0.0)


def test_cli_bad_gold_line_exits_2_naming_the_line(files):
    tmp_path, _, pred = files
    gold = write_jsonl(tmp_path / "bad.jsonl", [gold_line(), gold_line(id="s2", targets=[{"span": "a moon base"}])])
    result = evaluate(gold, "--pred", pred)
    assert result.exit_code == 2
    assert "gold line 2" in result.stderr and "'a moon base'" in result.stderr
    assert "Traceback" not in result.output


def test_cli_bad_predictions_line_exits_2_naming_the_line(files):
    tmp_path, gold, _ = files
    pred = write_jsonl(tmp_path / "bad_pred.jsonl", ['{"id": "s1"}'])
    result = evaluate(gold, "--pred", pred)
    assert result.exit_code == 2
    assert "predictions line 1: not a record" in result.stderr


@pytest.mark.parametrize(
    "floor, exit_code, message",
    [
        ({"decisions.recall": 1.0, "decisions.f1": 0.8}, 0, None),
        ({"decisions.f1": 0.9, "decisions.kind": 0.5}, 1, "below the quality floor: decisions.f1 0.8000 < floor 0.9"),
        ({"decisions.fl": 0.5}, 2, "no such score: decisions.fl"),
    ],
)
def test_cli_floor_fails_naming_the_scores_below_it(files, floor, exit_code, message):
    tmp_path, gold, pred = files
    floor_path = tmp_path / "floor.json"
    floor_path.write_text(json.dumps(floor), encoding="utf-8")
    result = evaluate(gold, "--pred", pred, "--floor", floor_path)
    assert result.exit_code == exit_code, result.output
    if message:
        assert message in result.stderr


def test_cli_write_floor_records_todays_scores_rounded_down(files):
    tmp_path, gold, pred = files
    result = evaluate(gold, "--pred", pred, "--write-floor", tmp_path / "floor.json")
    assert result.exit_code == 0, result.output
    floor = json.loads((tmp_path / "floor.json").read_text(encoding="utf-8"))
    assert floor["decisions.precision"] == 0.66
    assert floor["decisions.f1"] == 0.8
    assert "targets.f1" not in floor


@pytest.mark.model
def test_cli_runs_the_pipeline_on_a_gold_file(tmp_path, monkeypatch, extractor):
    import pipeline.extract

    monkeypatch.setattr(pipeline.extract, "Extractor", lambda model=None: extractor)
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_line(
        text="ISLAMABAD: The federal cabinet met in Islamabad.",
        entities=[{"text": "Islamabad", "label": "GPE"}],
    )])
    result = evaluate(gold, "--json")
    assert result.exit_code == 0, result.output
    scored = json.loads(result.stdout)
    assert scored["statements"] == 1
    assert scored["missing_predictions"] == []
    assert scored["fields"]["entities"]["gold"] == 1


def test_cli_warns_about_predictions_on_another_text_or_with_no_gold(files):
    tmp_path, gold, _ = files
    stale = Record(id="s1", text_sha256="0" * 64)
    stray = record().model_copy(update={"id": "s9"})
    pred = write_jsonl(tmp_path / "stale.jsonl", [stale.model_dump_json(), stray.model_dump_json()])
    result = evaluate(gold, "--pred", pred)
    assert result.exit_code == 0, result.output
    assert "warning: prediction 's1' was made on a different text than the gold" in result.stderr
    assert "warning: prediction 's9' has no gold statement: ignored" in result.stderr
