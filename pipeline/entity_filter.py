"""The trained entity filter: keep, relabel or drop each organisation and place the rules found.

The rules over-generate on statements they were not written for: portfolios
('Minister for National Food Security'), programmes, funds and facilities,
projects, roads and buildings, the press office's header words. What the
guideline excludes is learned from the gold instead of listed: each ORG or GPE
entity is described by `entity_features` (its words, its neighbours, where it
sits, what its acronym expands to) and a linear model (pipeline/trained/
entities.json, built by `python cli.py train`) says ORG, GPE or DROP. A drop
needs `DROP_THRESHOLD` confidence: a missed entity costs as much as a wrong one.
People are never touched: PERSON entities are exactly the people of the record.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from pipeline.linear_model import LinearLayer, LinearModel

DECIDED_LABELS = ("ORG", "GPE")
DROP = "DROP"
DROP_THRESHOLD = 0.6
UNLABELLED = "NONE"  # a proper name the model left without an entity ('in Entebbe', 'Mayuge, Masaka and Rakai')
ADD_THRESHOLD = 0.5  # an unlabelled name becomes an entity only when the model is this sure of its label
PROPOSAL_CONTEXT = frozenset({"in", "at", "for", "from", "to", "of", ",", "and"})
RULES_KEY = ("statement_tracker", "rule_entities")


def rule_entities(doc: Doc) -> tuple[tuple[int, int, str], ...]:
    """The entities as the rules left them, kept on first use so that applying a model is repeatable."""
    kept = doc.user_data.get(RULES_KEY)
    if kept is None:
        kept = doc.user_data[RULES_KEY] = tuple((e.start, e.end, e.label_) for e in doc.ents)
    return kept


def candidates(doc: Doc) -> list[Span]:
    return [Span(doc, start, end, label=label) for start, end, label in rule_entities(doc)
            if label in DECIDED_LABELS]


def proposals(doc: Doc) -> list[Span]:
    """Runs of capitalised proper nouns in no entity and no person's name, after a preposition or in a
    list ('at State House in Entebbe', 'Kalangala, Buvuma, Mayuge'): names the model may have missed."""
    taken = {i for start, end, _ in rule_entities(doc) for i in range(start, end)}
    name_words = person_name_words(doc)
    found, i = [], 1
    while i < len(doc):
        j = i
        while j < len(doc) and is_loose_name_word(doc[j], taken, name_words) and (j == i or "\n" not in doc[j - 1].whitespace_):
            j += 1
        if j > i and doc[i - 1].lower_ in PROPOSAL_CONTEXT:
            found.append(Span(doc, i, j, label=UNLABELLED))
        i = max(j, i + 1)
    return found


def is_loose_name_word(token, taken: set[int], name_words: set[str]) -> bool:
    return (token.pos_ == "PROPN" and token.is_title and token.is_alpha and token.i not in taken
            and token.lower_ not in name_words)


def added_label(probabilities: dict[str, float]) -> str | None:
    """ORG or GPE for an unlabelled name the model is ADD_THRESHOLD sure of, else None."""
    label = max(DECIDED_LABELS, key=lambda name: probabilities.get(name, 0.0))
    return label if probabilities.get(label, 0.0) >= ADD_THRESHOLD else None


def neighbour(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else "<edge>"


def line_of(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start: len(text) if line_end < 0 else line_end]


def person_name_words(doc: Doc) -> set[str]:
    return {word.lower() for person in doc._.people or [] for word in person.name.text.split()}


def entity_features(ent: Span, name_words: set[str], mentions: int) -> dict[str, Any]:
    """What the decision sees of one entity: a pure function of the span, its Doc and the people's names."""
    doc = ent.doc
    words = [t.lower_ for t in ent]
    expansion = ent._.canonical or (doc._.acronyms or {}).get(ent.text)
    line = line_of(doc._.text, ent.start_char, ent.end_char)
    features: dict[str, Any] = {
        "label": ent.label_,
        "length": str(min(len(ent), 5)),
        "first": words[0],
        "last": words[-1],
        "label+last": f"{ent.label_}+{words[-1]}",
        "last_suffix": words[-1][-3:],
        "last_shape": ent[-1].shape_,
        "before": neighbour(doc, ent.start - 1),
        "before2": f"{neighbour(doc, ent.start - 2)}+{neighbour(doc, ent.start - 1)}",
        "after": neighbour(doc, ent.end),
        "dep": ent.root.dep_,
        "label+dep": f"{ent.label_}+{ent.root.dep_}",
        "head": ent.root.head.lemma_.lower(),
        "mentions": str(min(mentions, 3)),
        "all_capitals": ent.text.isupper() and len(ent.text) > 1,
        "has_acronym": ent._.acronym is not None,
        "is_short_form": ent._.canonical is not None,
        "from_gazetteer": bool(ent.ent_id_),
        "sentence_start": ent.start == ent.sent.start,
        "first_line": "\n" not in doc._.text[: ent.start_char],
        "inside_a_person_name": all(word in name_words for word in words),
        "line_in_capitals": line.isupper(),
        "short_line": len(line) < 80,
    }
    for word in words:
        features[f"word={word}"] = True
    if expansion:
        expansion_words = expansion.lower().split()
        features["expansion_last"] = expansion_words[-1]
        for word in expansion_words:
            features[f"expansion_word={word}"] = True
    return features


def features_of(doc: Doc, ents: list[Span]) -> list[dict[str, Any]]:
    name_words = person_name_words(doc)
    counts: dict[str, int] = {}
    for start, end, _ in rule_entities(doc):
        text = doc[start:end].text
        counts[text] = counts.get(text, 0) + 1
    return [entity_features(ent, name_words, counts.get(ent.text, 1)) for ent in ents]


def decided_label(probabilities: dict[str, float], drop_threshold: float = DROP_THRESHOLD) -> str:
    """The likeliest label, but DROP only when the model is at least `drop_threshold` sure of it."""
    if probabilities.get(DROP, 0.0) >= drop_threshold:
        return DROP
    kept = {label: p for label, p in probabilities.items() if label != DROP}
    return max(sorted(kept), key=kept.get)


def gold_label(name: str, label: str, gold_keys: set[tuple[str, str]]) -> str:
    """ORG or GPE as the gold lists the name (a relabel when the rules said the other), else DROP."""
    from tracker.measure.evaluate import entity_name  # noqa: PLC0415  (training only)

    key = entity_name(name)
    if (key, label) in gold_keys:
        return label
    return next((other for other in DECIDED_LABELS if (key, other) in gold_keys), DROP)


class EntityLayer(LinearLayer):
    name = "entities"
    c = 1.0

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]:
        from tracker.measure.evaluate import entity_name  # noqa: PLC0415

        gold_keys = {(entity_name(text), label) for text, label in gold.entities}
        ents = candidates(doc) + proposals(doc)
        return features_of(doc, ents), [gold_label(e.text, e.label_, gold_keys) for e in ents]

    def apply(self, doc: Doc, model: LinearModel) -> None:
        ents = candidates(doc)
        decided = {(e.start, e.end): decided_label(model.probabilities(f)) for e, f in zip(ents, features_of(doc, ents))}
        kept = []
        for start, end, label in rule_entities(doc):
            new_label = decided.get((start, end), label)
            if new_label != DROP:
                kept.append(Span(doc, start, end, label=new_label))  # same offsets: canonical/acronym stay
        names = proposals(doc)
        for name, features in zip(names, features_of(doc, names)):
            label = added_label(model.probabilities(features))
            if label is not None:
                kept.append(Span(doc, name.start, name.end, label=label))
        doc.ents = sorted(kept, key=lambda e: e.start)
