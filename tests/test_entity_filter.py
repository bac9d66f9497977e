"""The trained entity filter: keep, relabel or drop each ORG/GPE entity the rules found."""
from pathlib import Path

import pytest

from pipeline.entity_filter import DROP, EntityLayer, added_label, decided_label, gold_label, proposals

HELDOUT = Path(__file__).parent / "heldout_gold.jsonl"


@pytest.mark.parametrize("probabilities, label", [
    ({"ORG": 0.3, "GPE": 0.1, DROP: 0.6}, DROP),
    ({"ORG": 0.35, "GPE": 0.1, DROP: 0.55}, "ORG"),
    ({"ORG": 0.1, "GPE": 0.35, DROP: 0.55}, "GPE"),
])
def test_an_entity_is_dropped_only_when_the_model_is_sure_enough(probabilities, label):
    assert decided_label(probabilities, drop_threshold=0.6) == label


@pytest.mark.parametrize("probabilities, label", [
    ({"ORG": 0.1, "GPE": 0.6, DROP: 0.3}, "GPE"),
    ({"ORG": 0.3, "GPE": 0.3, DROP: 0.4}, None),
])
def test_an_unlabelled_name_becomes_an_entity_only_when_the_model_is_sure_of_its_label(probabilities, label):
    assert added_label(probabilities) == label


@pytest.mark.model
def test_the_names_proposed_are_proper_nouns_outside_every_entity_after_a_preposition_or_in_a_list(nlp):
    from tracker.measure.training import rules_pipeline

    doc = rules_pipeline()("The minister spoke at State House in Entebbe on the plan for Mayuge, Masaka and Rakai.")
    entity_tokens = {i for e in doc.ents for i in range(e.start, e.end)}
    found = proposals(doc)
    assert found and all(i not in entity_tokens and doc[i].pos_ == "PROPN" for p in found for i in range(p.start, p.end))


@pytest.mark.parametrize("name, label, expected", [
    ("the Planning Commission", "ORG", "ORG"),
    ("Bolan", "ORG", "GPE"),
    ("Kissan Package Fund", "ORG", DROP),
])
def test_the_gold_label_of_an_entity_is_its_label_there_or_drop(name, label, expected):
    gold_keys = {("planning commission", "ORG"), ("bolan", "GPE")}

    assert gold_label(name, label, gold_keys) == expected


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """The entity layer retrained on six held-out gold statements."""
    from tracker.measure.gold import read_gold
    from tracker.measure.training import rules_pipeline

    rules = rules_pipeline()
    gold = read_gold(HELDOUT)[:6]
    layer = EntityLayer()
    features, labels = [], []
    for statement in gold:
        x, y = layer.examples(rules(statement.text), statement)
        features += x
        labels += y
    path = tmp_path_factory.mktemp("trained") / "entities.json"
    layer.save(layer.fit(features, labels), path)
    return rules, gold, layer.load(path)


@pytest.mark.model
def test_retraining_on_a_small_gold_file_gives_a_model_that_loads_and_predicts(small_model):
    rules, gold, model = small_model
    doc = rules(gold[0].text)
    before = {(e.start, e.end) for e in doc.ents} | {(p.start, p.end) for p in proposals(doc)}

    EntityLayer().apply(doc, model)

    assert set(model.classes) == {"DROP", "GPE", "ORG"}
    assert {(e.start, e.end) for e in doc.ents} <= before  # the rules' entities, or names it was shown


@pytest.mark.model
def test_the_filter_never_touches_people(small_model):
    rules, gold, model = small_model
    doc = rules(gold[1].text)
    people = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]

    EntityLayer().apply(doc, model)

    assert [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"] == people


@pytest.mark.model
def test_applying_the_filter_twice_decides_on_the_rules_entities_again(small_model):
    rules, gold, model = small_model
    doc = rules(gold[2].text)

    EntityLayer().apply(doc, model)
    once = [(e.start, e.end, e.label_) for e in doc.ents]
    EntityLayer().apply(doc, model)

    assert [(e.start, e.end, e.label_) for e in doc.ents] == once
