"""The assembled pipeline: components declare what they read and write, so a wrong order is caught."""
import json
from datetime import date

import pytest
import spacy

import pipeline  # noqa: F401  (registers the factories)
from pipeline import PATTERNS_DIR, RULE_COMPONENTS


@pytest.mark.model
def test_analyze_pipes_reports_no_problems(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(problems == [] for problems in analysis["problems"].values()), analysis["problems"]


def test_every_rule_component_declares_what_it_assigns_and_requires():
    for name in RULE_COMPONENTS:
        meta = spacy.Language.get_factory_meta(name)
        assert meta.assigns, name
        assert meta.requires or name == "dateline", name  # the dateline reads the text only


def test_a_component_placed_before_what_it_reads_is_a_problem():
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline")
    nlp.add_pipe("meeting")  # reads doc._.people, which nothing before it writes
    problems = nlp.analyze_pipes(pretty=False)["problems"]["meeting"]
    assert "doc._.people" in problems


def word_list_copy(tmp_path, name: str, key: str, added) -> str:
    """The packaged patterns/<name> with `added` put into its list (or mapping) `key`, written to tmp_path."""
    words = json.loads((PATTERNS_DIR / name).read_text(encoding="utf-8"))
    if isinstance(words[key], dict):
        words[key].update(added)
    else:
        words[key].append(added)
    path = tmp_path / name
    path.write_text(json.dumps(words), encoding="utf-8")
    return str(path)


def test_a_custom_deadlines_words_path_reaches_the_rules(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("deadlines", config={"words_path": word_list_copy(tmp_path, "deadlines.json", "limit_words", "ere")})
    doc = nlp("Finish the survey ere 30 June 2025.")
    assert [(span.text, span._.date) for span in doc.spans["deadlines"]] == [("ere 30 June 2025", date(2025, 6, 30))]


def test_a_custom_figures_words_path_reaches_the_rules(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("figures", config={"words_path": word_list_copy(tmp_path, "figures.json", "currencies", {"zm": "ZMK"})})
    doc = nlp("The plan costs Zm35bn.")
    assert [(span.text, span._.value, span._.unit) for span in doc.spans["figures"]] == [("Zm35bn", 35_000_000_000, "ZMK")]


def test_a_custom_targets_words_path_reaches_the_cues(tmp_path):
    nlp = spacy.blank("en")
    targets = nlp.add_pipe("targets", config={"words_path": word_list_copy(tmp_path, "targets.json", "goal_nouns",
                                                                           "benchmark")})
    assert "benchmark" in targets.cues.goal_nouns
