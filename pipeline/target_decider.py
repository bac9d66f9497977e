"""The trained target decider: which clauses with a measure or a horizon state a goal.

Candidates: the targets the rules found (doc.spans["targets"]), and every clause
the rules left (a verb and its clause, as pipeline/decision_candidates.py cuts
them) that carries a measure (a figure) or a horizon (a deadline, a year).
Features: the verb, its governors (aim, target, plan ...), its shape (modal,
infinitive, tense, passive), what the measure is (money, percent, count), whether
it has a horizon, whether it is also a decision, and the rules' reading. The
model keeps a candidate or drops it; doc.spans["targets"] becomes the kept ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.decision_candidates import (
    clause_range,
    context_of,
    conjunction_pairs,
    governors,
    is_clause_verb,
    subject_kind,
    subject_token,
    verb_shape,
)
from pipeline.linear_model import LinearLayer, LinearModel, gold_matches

RULES_KEY = ("statement_tracker", "rule_targets")
SPAN_KEY = "targets"
YES, NO = "target", "none"


@dataclass(frozen=True)
class TargetCandidate:
    start: int
    end: int
    head: int
    source: str  # "rule" | "clause"


def rule_targets(doc: Doc) -> tuple[tuple[int, int], ...]:
    kept = doc.user_data.get(RULES_KEY)
    if kept is None:
        kept = doc.user_data[RULES_KEY] = tuple(sorted((s.start, s.end) for s in doc.spans.get(SPAN_KEY, [])))
    return kept


def measured(doc: Doc, start: int, end: int, figures: set[int], deadlines: set[int]) -> bool:
    return any(i in figures or i in deadlines for i in range(start, end))


def target_candidates(doc: Doc) -> list[TargetCandidate]:
    rules = rule_targets(doc)
    found = [TargetCandidate(s, e, doc[s:e].root.i, "rule") for s, e in rules]
    if not doc.has_annotation("DEP"):
        return found
    blocked = {i for s, e in rules for i in range(s, e)}
    figures = {i for s in doc.spans.get("figures", []) for i in range(s.start, s.end)}
    deadlines = {i for s in doc.spans.get("deadlines", []) for i in range(s.start, s.end)}
    heads = {t.i for t in doc if is_clause_verb(t) and t.i not in blocked}
    for i in sorted(heads):
        start, end = clause_range(doc[i], heads - {i}, blocked)
        if measured(doc, start, end, figures, deadlines):
            found.append(TargetCandidate(start, end, i, "clause"))
    return sorted(found, key=lambda c: (c.start, c.end))


def target_features(doc: Doc, candidate: TargetCandidate) -> dict[str, Any]:
    context = context_of(doc)
    head = doc[candidate.head]
    tokens = doc[candidate.start:candidate.end]
    figures = [s for s in doc.spans.get("figures", []) if candidate.start <= s.start < candidate.end]
    decisions = doc.spans.get("decisions", [])
    features: dict[str, Any] = {
        "bias_source": candidate.source,
        "lemma": head.lemma_.lower(),
        "tag": head.tag_,
        "dep": head.dep_,
        "figures": min(len(figures), 3),
        "has_deadline": any(i in context.deadline_tokens for i in range(candidate.start, candidate.end)),
        "has_year": any(t.like_num and len(t.text) == 4 and t.text.startswith("20") for t in tokens),
        "in_decision": any(d.start <= candidate.head < d.end for d in decisions),
        "in_quote": head.i in context.quoted,
        "headline": head.i < context.headline_end,
        "list_item": head.i in context.list_tokens,
        "length": min(len(tokens), 40) / 40.0,
        "subject_kind": subject_kind(subject_token(head), context),
        "has_to": any(t.lower_ == "to" and t.head.i == head.i and t.dep_ == "prep" for t in tokens),
    }
    for figure in figures:
        features[f"unit={figure._.unit or 'none'}"] = True
    for word in ("target", "goal", "aim", "objective", "plan", "by", "within", "per", "percent"):
        if any(t.lower_ == word for t in head.sent):
            features[f"sentence_has={word}"] = True
    for depth, governor in enumerate(governors(head), start=1):
        features[f"gov{depth}"] = governor.lemma_.lower()
        features[f"gov_any={governor.lemma_.lower()}"] = True
    features.update(verb_shape(head))
    features.update(conjunction_pairs(features))
    return features


def gold_labels(doc: Doc, candidates: list[TargetCandidate], gold: Any) -> list[str]:
    labels = [NO] * len(candidates)
    for _, ci in gold_matches(doc, [(c.start, c.end) for c in candidates], gold.spans["targets"]):
        labels[ci] = YES
    return labels


class TargetLayer(LinearLayer):
    name = "targets"
    c = 0.5

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]:
        candidates = target_candidates(doc)
        return [target_features(doc, c) for c in candidates], gold_labels(doc, candidates, gold)

    def apply(self, doc: Doc, model: LinearModel) -> None:
        kept = [c for c in target_candidates(doc)
                if model.probabilities(target_features(doc, c)).get(YES, 0.0) >= 0.5]
        doc.spans[SPAN_KEY] = [Span(doc, c.start, c.end) for c in kept]
