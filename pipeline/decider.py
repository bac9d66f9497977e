"""The trained decider: labels decision candidates decision / directive / commitment / none.

Candidates and their features come from pipeline/decision_candidates.py. The
rules' own decisions stay in doc.spans["decisions"] untouched (dropping or
relabelling them lost more than it won on `evaluate --cv group`); the decider
judges the predicates the rules left that may be acts of the body (its subject
is the body, the meeting or its pronoun; a headline verb; a list item) and adds
those it finds: the clause as the span, its head word as the trigger, a first
actor (its subject, else the meeting's body: pipeline/actor_ranker.py revises
placeholders) and the deadline inside it or right after it in the sentence.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from pipeline.annotations import MeetingInfo
from pipeline.clauses import own_words_start
from pipeline.decision_candidates import (
    Candidate,
    candidate_features,
    decision_candidates,
    placement_features,
    subject_token,
)
from pipeline.linear_model import LinearLayer, LinearModel, gold_matches

NONE = "none"
RULE_SPANS_KEY = ("statement_tracker", "rule_decision_spans")
BODY_SUBJECTS = frozenset({"body", "meeting", "body_pronoun"})
SPAN_KEY = "decisions"
DEADLINE_GAP = 4
PRONOUNS = frozenset({"he", "she", "i", "it", "they", "we", "who", "which", "that"})


def gold_labels(doc: Doc, candidates: list[Candidate], gold: Any) -> list[str]:
    """Each candidate's gold kind when it is matched to a gold decision (the scorer's own matching), else none."""
    gold_items = gold.spans["decisions"]
    labels = [NONE] * len(candidates)
    for gi, ci in gold_matches(doc, [(c.start, c.end) for c in candidates], gold_items):
        labels[ci] = gold_items[gi].attrs["kind"]
    return labels


def phrase_text(doc: Doc, token) -> str:
    start = own_words_start(token)
    while start < token.i and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return doc[start:token.i + 1].text


def first_actor(doc: Doc, candidate: Candidate) -> str:
    """The rules' actor, else the candidate's named subject, else the meeting's body."""
    if candidate.rule is not None and candidate.rule.actor:
        return candidate.rule.actor
    subject = subject_token(doc[candidate.head])
    if subject is not None and candidate.source == "item" and not candidate.start <= subject.i < candidate.end:
        subject = None  # a list item's words parsed onto the line before: the item has no subject of its own
    if subject is not None and subject.dep_ == "nsubjpass":
        subject = None  # 'Work in the executive branch is suspended': what the body acted on, not who acted
    if subject is not None and subject.lower_ not in PRONOUNS and subject.pos_ in ("PROPN", "NOUN"):
        return phrase_text(doc, subject)
    meeting = doc._.meeting or MeetingInfo()
    return meeting.body or "the meeting"


def deadline_of(doc: Doc, candidate: Candidate) -> Span | None:
    if candidate.rule is not None:
        if candidate.rule.deadline is None:
            return None
        start, end = candidate.rule.deadline
        return next((s for s in doc.spans.get("deadlines", []) if (s.start, s.end) == (start, end)), None)
    sent_end = doc[candidate.head].sent.end
    for span in sorted(doc.spans.get("deadlines", []), key=lambda s: s.start):
        if candidate.start <= span.start < min(candidate.end + DEADLINE_GAP, sent_end):
            return span
    return None


def to_span(doc: Doc, candidate: Candidate, kind: str) -> Span:
    span = Span(doc, candidate.start, candidate.end, label=kind)
    span._.kind = kind
    span._.trigger = candidate.rule.trigger if candidate.rule is not None else doc[candidate.head].text
    span._.actor = first_actor(doc, candidate)
    span._.responsible = list(candidate.rule.responsible) if candidate.rule is not None else []
    span._.deadline = deadline_of(doc, candidate)
    return span


def kind_and_confidence(model: LinearModel, features: dict) -> tuple[str, float]:
    """The most likely kind and the probability that the candidate is a decision of any kind."""
    probabilities = model.probabilities(features)
    kinds = {k: p for k, p in probabilities.items() if k != NONE}
    return max(sorted(kinds), key=lambda k: kinds[k]), 1.0 - probabilities.get(NONE, 0.0)


def may_be_body_act(features: dict) -> bool:
    """The candidates the decider judges: predicates the rules left whose subject is the body (or the
    meeting, or its pronoun), headline verbs and list items. Judging every predicate added as many
    false decisions as it found (README.md has the --cv figures)."""
    return features["bias_source"] != "rule" and (
        features["subject_kind"] in BODY_SUBJECTS or features["headline"] or features["list_item"])


class DecisionLayer(LinearLayer):
    """The rules' decisions stay as they are; the decider adds the body's acts they missed."""

    name = "decisions"
    c = 0.5
    threshold = 0.4  # probability of being a decision from which a candidate is added (best on --cv)

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]:
        candidates = decision_candidates(doc)
        features = [candidate_features(doc, c) for c in candidates]
        labelled = zip(features, gold_labels(doc, candidates, gold))  # matched over all, rules first
        rows = [(f, label) for f, label in labelled if may_be_body_act(f)]
        return [f for f, _ in rows], [label for _, label in rows]

    def apply(self, doc: Doc, model: LinearModel) -> None:
        rule_spans = doc.user_data.setdefault(RULE_SPANS_KEY, list(doc.spans.get(SPAN_KEY, [])))
        added = []
        for candidate in decision_candidates(doc):
            if candidate.rule is not None:
                continue
            if not may_be_body_act(placement_features(doc, candidate)):
                continue  # judged on a few features: building all of them for every predicate was most of the layer
            features = candidate_features(doc, candidate)
            kind, confidence = kind_and_confidence(model, features)
            if confidence >= self.threshold:
                added.append(to_span(doc, candidate, kind))
        doc.spans[SPAN_KEY] = [*rule_spans, *added]
