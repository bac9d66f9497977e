"""The trained decider: labels each decision candidate decision / directive / commitment / none.

Candidates and their features come from pipeline/decision_candidates.py (the
rules' decisions among them, their reading as features). The decider rewrites
doc.spans["decisions"]: a rule decision it keeps keeps its span, trigger, actor,
responsible and deadline and takes the decider's kind; a new candidate gets its
clause as the span, its head word as the trigger, a first actor (its subject, or
the meeting's body: pipeline/actor_ranker.py revises it) and the deadline that
falls inside it or right after it in the sentence.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from pipeline.decision_candidates import (
    Candidate,
    candidate_features,
    decision_candidates,
    subject_token,
)
from pipeline.linear_model import LinearLayer, LinearModel, gold_matches

NONE = "none"
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
    start = min(t.i for t in token.subtree if t.i <= token.i)
    while start < token.i and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return doc[start:token.i + 1].text


def first_actor(doc: Doc, candidate: Candidate) -> str:
    """The rules' actor, else the candidate's named subject, else the meeting's body."""
    if candidate.rule is not None and candidate.rule.actor:
        return candidate.rule.actor
    subject = subject_token(doc[candidate.head])
    if subject is not None and subject.lower_ not in PRONOUNS and subject.pos_ in ("PROPN", "NOUN"):
        return phrase_text(doc, subject)
    meeting = doc._.meeting or {}
    return meeting.get("body") or "the meeting"


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


def decide(model: LinearModel, features: dict) -> tuple[str, float]:
    """The most likely label and the probability that the candidate is a decision of some kind."""
    probabilities = model.probabilities(features)
    label = max(sorted(probabilities), key=lambda c: probabilities[c])
    return label, 1.0 - probabilities.get(NONE, 0.0)


class DecisionLayer(LinearLayer):
    name = "decisions"
    c = 0.5

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]:
        candidates = decision_candidates(doc)
        return [candidate_features(doc, c) for c in candidates], gold_labels(doc, candidates, gold)

    def apply(self, doc: Doc, model: LinearModel) -> None:
        kept: list[tuple[Candidate, str]] = []
        for candidate in decision_candidates(doc):
            label, _ = decide(model, candidate_features(doc, candidate))
            if label != NONE:
                kept.append((candidate, label))
        doc.spans[SPAN_KEY] = [to_span(doc, c, kind) for c, kind in kept]
