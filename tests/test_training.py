"""Trained layers: the model file format, training from gold, and leave-one-group-out evaluation.

The first tests need no spaCy model; the rest retrain on a small gold file (six
statements of three sub-genres from the dev gold) and are marked `model`.
"""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from pipeline.linear_model import LinearModel, encode, fit_logistic, model_from_json
from tests.conftest import DEV_GOLD

SMALL_IDS = ("A-01", "C-10", "C-12", "F-01", "F-04", "F-08")


def toy_rows() -> tuple[list[dict], list[str]]:
    features = [{"lemma": "approve", "passive": True}, {"lemma": "say", "passive": False},
                {"lemma": "approve", "passive": False}, {"lemma": "say", "passive": True}] * 3
    labels = ["decision", "none", "decision", "none"] * 3
    return features, labels


def test_encode_makes_strings_one_hot_and_drops_false_and_none():
    assert encode({"lemma": "approve", "passive": True, "negated": False, "mark": None, "length": 0.5}) == {
        "lemma=approve": 1.0, "passive": 1.0, "length": 0.5}


def test_a_fitted_model_survives_its_json_file():
    model = fit_logistic(*toy_rows(), min_count=1)
    again = model_from_json(model.to_json())
    features = {"lemma": "approve", "passive": True}
    assert again.probabilities(features) == pytest.approx(model.probabilities(features), abs=1e-5)
    assert again.version == model.version


def test_the_same_rows_give_the_same_model_file():
    assert fit_logistic(*toy_rows(), min_count=1).to_json() == fit_logistic(*toy_rows(), min_count=1).to_json()


def test_a_model_learns_the_contrast_in_its_rows():
    model = fit_logistic(*toy_rows(), c=10.0, min_count=1)
    assert model.probabilities({"lemma": "approve"})["decision"] > 0.5 > model.probabilities({"lemma": "say"})["decision"]


def test_a_file_of_another_format_is_refused_with_the_way_out():
    with pytest.raises(ValueError, match="python cli.py train"):
        model_from_json(json.dumps({"format": "something else"}), "decisions.json")


def test_a_multiclass_model_gives_probabilities_that_sum_to_one():
    model = LinearModel(classes=("a", "b", "c"), weights={"x": (1.0, 0.0, -1.0)}, bias=(0.0, 0.0, 0.0), meta={})
    probabilities = model.probabilities({"x": True})
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert probabilities["a"] > probabilities["b"] > probabilities["c"]


# ---------------------------------------------------------------- with the trained English model


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory) -> Path:
    lines = [line for line in DEV_GOLD.read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["id"] in SMALL_IDS]
    path = tmp_path_factory.mktemp("gold") / "small.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained_dir(small_gold, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("trained")
    result = CliRunner().invoke(cli, ["train", str(small_gold), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def run(*args) -> "object":
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.mark.model
def test_train_writes_one_model_file_per_layer_and_says_so(trained_dir):
    from pipeline.trained_layers import LAYERS

    assert sorted(p.stem for p in trained_dir.glob("*.json")) == sorted(LAYERS)


@pytest.mark.model
def test_training_twice_on_the_same_gold_gives_the_same_files(small_gold, trained_dir, tmp_path):
    assert run("train", small_gold, "-o", tmp_path).exit_code == 0
    for path in trained_dir.glob("*.json"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


@pytest.mark.model
def test_a_retrained_layer_loads_into_the_pipeline_and_predicts(trained_dir, small_gold):
    from models.statement import Statement
    from pipeline import build_nlp
    from pipeline.extract import Extractor
    from pipeline.trained_layers import ENABLED, component_name

    nlp = build_nlp(trained=())
    for name in ENABLED:
        nlp.add_pipe("trained_layer", name=component_name(name), config={"layer": name, "model_dir": str(trained_dir)})
    assert all(nlp.get_pipe(component_name(name)).model is not None for name in ENABLED)
    gold = json.loads(small_gold.read_text(encoding="utf-8").splitlines()[0])
    record = Extractor(nlp=nlp).extract(Statement(text=gold["text"], id=gold["id"]))
    assert record.decisions and all(d.actor for d in record.decisions)
    assert all(gold["text"][d.start:d.end] == d.text for d in record.decisions)


@pytest.mark.model
def test_cv_without_layers_equals_plain_evaluation_of_the_rules_on_each_group(small_gold):
    from models.statement import Statement
    from pipeline import build_nlp
    from pipeline.extract import Extractor
    from tracker.measure.crossval import cross_validate, groups_of
    from tracker.measure.evaluate import evaluate
    from tracker.measure.gold import read_gold

    statements = read_gold(small_gold)
    rules = Extractor(nlp=build_nlp(trained=()))
    records = {r.id: r for r in rules.extract_many(Statement(text=g.text, id=g.id, published=g.published)
                                                   for g in statements)}
    cv, _ = cross_validate(statements, ())
    for group, indices in groups_of(statements).items():
        assert cv["groups"][group] == evaluate([statements[i] for i in indices], records)[0]


@pytest.mark.model
def test_cv_json_has_the_shape_of_evaluate_json_plus_groups(small_gold):
    cv = json.loads(run("evaluate", small_gold, "--cv", "group", "--json").output)
    plain = json.loads(run("evaluate", small_gold, "--json").output)
    assert set(cv) == set(plain) | {"groups", "cv"}
    assert set(cv["fields"]) == set(plain["fields"])
    assert cv["statements"] == len(SMALL_IDS)


@pytest.mark.model
def test_cv_table_prints_a_line_per_held_out_group(small_gold):
    result = run("evaluate", small_gold, "--cv", "group")
    assert result.exit_code == 0, result.output
    assert "held out by group" in result.output
    assert [line.split()[0] for line in result.output.splitlines() if line[:2] in ("A ", "C ", "F ")] == ["A", "C", "F"]


@pytest.mark.model
def test_cv_floor_fails_naming_the_score_below_it(small_gold, tmp_path):
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"macro_f1": 1.0}), encoding="utf-8")
    result = run("evaluate", small_gold, "--cv", "group", "--floor", floor)
    assert result.exit_code == 1
    assert "macro_f1" in result.output


def test_layers_without_cv_is_a_usage_error():
    result = run("evaluate", DEV_GOLD, "--layers", "decisions")
    assert result.exit_code == 2
    assert "--cv group" in result.output


@pytest.mark.model
def test_an_unknown_layer_is_refused_naming_the_known_ones(small_gold):
    result = run("evaluate", small_gold, "--cv", "group", "--layers", "verbs")
    assert result.exit_code == 2
    assert "no trained layer verbs" in result.output and "decisions" in result.output


# ---------------------------------------------------------------- candidates and the actor ranker


@pytest.mark.model
def test_decision_candidates_never_share_a_token(nlp):
    from pipeline.decision_candidates import decision_candidates

    text = json.loads(DEV_GOLD.read_text(encoding="utf-8").splitlines()[0])["text"]
    doc = nlp(text)
    seen: set[int] = set()
    for candidate in decision_candidates(doc):
        tokens = set(range(candidate.start, candidate.end))
        assert not tokens & seen, doc[candidate.start:candidate.end].text
        seen |= tokens


@pytest.mark.model
def test_a_list_line_that_opens_with_a_sum_is_one_candidate_whatever_verbs_it_holds(nlp):
    from pipeline.decision_candidates import decision_candidates

    text = "Under the package:\n- Rs500,000 for each person left permanently disabled;\n- Rs50,000 for an animal lost.\n"
    doc = nlp(text)
    spans = [doc[c.start:c.end].text for c in decision_candidates(doc) if c.source == "item"]
    assert spans == ["Rs500,000 for each person left permanently disabled", "Rs50,000 for an animal lost"]


@pytest.mark.parametrize("actor, expected", [
    ("the meeting", True), ("both sides", True), ("Delegations", True), (None, True),
    ("Sindh apex committee", False), ("IATF", False), ("Mohsin Naqvi", False)])
def test_only_actors_that_name_nobody_are_replaced(actor, expected):
    from pipeline.actor_ranker import is_placeholder

    assert is_placeholder(actor) is expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("ISLAMABAD: Pakistan and Iran held talks on trade. Both sides agreed to open two border markets.",
     "Pakistan and Iran"),
    ("BEIJING: The trilateral meeting of Pakistan, China and Afghanistan ended. All sides agreed to "
     "enhance security cooperation.", "Pakistan, China and Afghanistan"),
])
def test_the_parties_together_are_named_without_the_dateline_city(nlp, text, expected):
    doc = nlp(text)
    assert [d._.actor for d in doc.spans["decisions"]] == [expected]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Pakistan held talks with US officials in Islamabad. The talks with the United States covered trade.",
     "Pakistan and the United States"),  # the longest name the statement writes for the country
    ("London hosted the strategic dialogue with Pakistan on Monday. The talks covered trade.",
     "United Kingdom and Pakistan"),  # only the capital is written: the country it stands for
    ("Ministers met in Doha. Pakistan and the UK discussed trade with Qatar.", "Pakistan and the UK"),  # as written
])
def test_countries_are_named_once_each_as_the_statement_names_them(nlp, text, expected):
    from pipeline.actor_ranker import parties

    assert parties(nlp(text)) == expected
