"""The assembled pipeline: components declare what they read and write, so a wrong order is caught."""
import pytest
import spacy

import pipeline  # noqa: F401  (registers the factories)
from pipeline import RULE_COMPONENTS


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
